//! REFI-QDA exchange (issue 13): the demo's `.qdpx` validated by xmllint against
//! REFI's Project.xsd and read back by Debian's Python (zipfile, ElementTree,
//! string slices by code point) to compare its coded selections with the
//! passages coded in Tavolo; export → import changes nothing; a code and a
//! passage added in the file come back, and only they; a codebook from another
//! tool merges in; broken files change nothing and say where.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use rusqlite::Connection;
use tavolo::coding::{codebook, passages};
use tavolo::notes::{self, NewNote};
use tavolo::{demo, meetings, Store};

use crate::util::{dump_rows, TestDb};

const SCHEMAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/refi-qda");

fn python(script: &str, args: &[&Path]) -> String {
    let out = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("/usr/bin/python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn xmllint(schema: &str, file: &Path) {
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(Path::new(SCHEMAS).join(schema))
        .arg(file)
        .output()
        .expect("xmllint (Debian's libxml2-utils; `make test-deps` installs it)");
    assert!(
        out.status.success(),
        "{} does not validate against {schema}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo, with a note whose text has accents and a character outside the
/// Basic Multilingual Plane (one code point, two UTF-16 units), two coders on
/// one passage of it and a second passage with another code.
fn coded_demo() -> (TestDb, String) {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    store.write(codebook::from_tags).unwrap();
    let meeting = store.read(meetings::list).unwrap()[0].id.clone();
    let note = store
        .write(|tx| {
            notes::add(
                tx,
                &NewNote {
                    meeting_id: meeting,
                    text: "Più mediatori 🙂 in questura, e orari più lunghi #casa".into(),
                    ..NewNote::default()
                },
            )
        })
        .unwrap();
    let mediation = store
        .write(|tx| codebook::add(tx, "Mediazione linguistica", None, "Chi traduce", "#aa3300"))
        .unwrap();
    let hours = store
        .write(|tx| codebook::add(tx, "Orari", Some(&mediation.id), "", ""))
        .unwrap();
    store
        .write(|tx| {
            codebook::describe(
                tx,
                &mediation.id,
                "Chi traduce",
                "#aa3300",
                "Nota: anche i mediatori culturali",
            )
        })
        .unwrap();
    for coder in ["anna", "bruno"] {
        // "mediatori 🙂 in questura" = characters 4..27.
        let p = store
            .write(|tx| passages::apply(tx, &note.id, &mediation.id, Some((4, 27)), coder))
            .unwrap();
        assert_eq!(p.quote, "mediatori 🙂 in questura");
    }
    store
        .write(|tx| passages::apply(tx, &note.id, &hours.id, Some((31, 48)), "anna"))
        .unwrap();
    (db, note.id)
}

fn export(db: &TestDb, name: &str) -> PathBuf {
    let out = db.dir.path().join(name);
    let line = db.cli(&["export", "qdpx", out.to_str().unwrap()]).ok();
    assert!(
        line.starts_with(&format!("written {}", out.display())),
        "{line}"
    );
    out
}

/// Every coding in the file as `coding GUID | source GUID | code GUID | the
/// words of the source between its positions`, the words cut by Python, which
/// counts code points as the standard does.
const READ_BACK: &str = r#"
import sys, zipfile, xml.etree.ElementTree as ET
N = "{urn:QDA-XML:project:1.0}"
z = zipfile.ZipFile(sys.argv[1])
open(sys.argv[2], "wb").write(z.read("project.qde"))
root = ET.fromstring(z.read("project.qde"))
assert root.tag == N + "Project", root.tag
for src in root.iter(N + "TextSource"):
    path = src.get("plainTextPath")
    assert path.startswith("internal://"), path
    text = z.read("Sources/" + path[len("internal://"):]).decode("utf-8")
    for sel in src.findall(N + "PlainTextSelection"):
        a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
        words = text[a:b].replace("\n", "\\n")
        for c in sel.findall(N + "Coding"):
            print("|".join([c.get("guid"), src.get("guid"), c.find(N + "CodeRef").get("targetGUID"), words]))
"#;

/// The same, worked out from the raw rows: each coded passage of the database
/// with its words, and each note coded as a whole (by hand or by its `#tag`)
/// with the note's text.
fn expected_codings(path: &Path) -> BTreeSet<String> {
    let raw = Connection::open(path).unwrap();
    let mut out = BTreeSet::new();
    let mut stmt = raw
        .prepare(
            "SELECT c.id, n.meeting_id, c.code_id, c.quote, c.start_char IS NULL, n.text
             FROM codings c JOIN notes n ON n.id = c.note_id
             WHERE c.deleted = 0 AND n.deleted = 0 AND c.review = 0",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let whole: bool = r.get(4)?;
            let words: String = if whole { r.get(5)? } else { r.get(3)? };
            Ok(format!(
                "{}|{}|{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                words.replace('\n', "\\n")
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    let mut stmt = raw
        .prepare(
            "SELECT n.id, n.meeting_id, n.text, c.id FROM notes n
             JOIN codes c ON c.deleted = 0 AND c.merged_into IS NULL
               AND (' ' || n.tags || ' ') LIKE ('% ' || c.tag || ' %')
             WHERE n.deleted = 0",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let note: String = r.get(0)?;
            let code: String = r.get(3)?;
            Ok(format!(
                "{}|{}|{}|{}",
                tavolo::formats::refi::tag_coding_guid(&note, &code),
                r.get::<_, String>(1)?,
                code,
                r.get::<_, String>(2)?.replace('\n', "\\n")
            ))
        })
        .unwrap();
    out.extend(rows.map(Result::unwrap));
    out
}

#[test]
fn the_demos_qdpx_validates_and_its_selections_are_the_passages_coded() {
    let (db, _) = coded_demo();
    let file = export(&db, "demo.qdpx");
    let qde = db.dir.path().join("project.qde");
    let read = python(READ_BACK, &[&file, &qde]);
    xmllint("Project.xsd", &qde);
    let found: BTreeSet<String> = read.lines().map(str::to_owned).collect();
    assert_eq!(read.lines().count(), found.len(), "a coding written twice");
    let expected = expected_codings(&db.path);
    // The demo's #tags alone give dozens of codings; the three passages coded
    // by hand are among them.
    assert!(expected.len() > 50, "{}", expected.len());
    assert_eq!(
        found
            .iter()
            .filter(|l| l.ends_with("|mediatori 🙂 in questura"))
            .count(),
        2
    );
    assert_eq!(found, expected);

    // The codebook file too, against Codebook.xsd.
    let qdc = db.dir.path().join("codebook.qdc");
    let line = db.cli(&["export", "qdc", qdc.to_str().unwrap()]).ok();
    assert!(line.contains("codes"), "{line}");
    xmllint("Codebook.xsd", &qdc);
}

/// The change log's length: an import that changes nothing writes nothing.
fn changes(db: &TestDb) -> i64 {
    Connection::open(&db.path)
        .unwrap()
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .unwrap()
}

/// Another tool's work on the exported file: a new code "Sfruttamento" under
/// "Mediazione linguistica", and the words "orari più lunghi" of the note coded
/// with it by a new user, carla.
const CODE_ELSEWHERE: &str = r##"
import sys, uuid, zipfile, xml.etree.ElementTree as ET
NS = "urn:QDA-XML:project:1.0"; N = "{" + NS + "}"
ET.register_namespace("", NS)
src, dst, note, parent = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
zin = zipfile.ZipFile(src)
root = ET.fromstring(zin.read("project.qde"))
code = str(uuid.uuid4()); user = str(uuid.uuid4()); coding = str(uuid.uuid4())
for c in root.iter(N + "Code"):
    if c.get("guid") == parent:
        ET.SubElement(c, N + "Code", guid=code, name="Sfruttamento", isCodable="true", color="#3a6")
users = root.find(N + "Users")
ET.SubElement(users, N + "User", guid=user, name="carla")
for src_el in root.iter(N + "TextSource"):
    sels = src_el.findall(N + "PlainTextSelection")
    for i, sel in enumerate(sels):
        if sel.get("guid") == note:
            a = int(sel.get("startPosition"))
            new = ET.Element(N + "PlainTextSelection", guid=str(uuid.uuid4()), name="orari",
                             startPosition=str(a + 31), endPosition=str(a + 48))
            cod = ET.SubElement(new, N + "Coding", guid=coding, creatingUser=user,
                                creationDateTime="2026-11-30T10:00:00Z")
            ET.SubElement(cod, N + "CodeRef", targetGUID=code)
            src_el.insert(list(src_el).index(sel) + 1, new)
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = ET.tostring(root, encoding="utf-8", xml_declaration=True) if item.filename == "project.qde" else zin.read(item.filename)
        zout.writestr(item.filename, data)
print(code + " " + coding)
"##;

#[test]
fn export_then_import_changes_nothing_and_brings_back_only_what_was_coded_elsewhere() {
    let (db, note) = coded_demo();
    let file = export(&db, "round.qdpx");
    let before = dump_rows(&db.open());
    let log = changes(&db);
    let dry = db
        .cli(&["import", "qdpx", file.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(dry.contains("0 would add"), "{dry}");
    assert!(dry.contains("0 would be added, 0 not placed"), "{dry}");
    let line = db.cli(&["import", "qdpx", file.to_str().unwrap()]).ok();
    assert!(
        line.contains("codings: ") && line.contains(" 0 added, 0 not placed"),
        "{line}"
    );
    assert_eq!(
        dump_rows(&db.open()),
        before,
        "the round trip changed the data"
    );
    assert_eq!(changes(&db), log, "the round trip wrote changes");

    let mediation = db
        .open()
        .read(|c| codebook::by_name(c, "Mediazione linguistica"))
        .unwrap()
        .unwrap();
    let edited = db.dir.path().join("coded-elsewhere.qdpx");
    let ids = python(
        CODE_ELSEWHERE,
        &[&file, &edited, Path::new(&note), Path::new(&mediation.id)],
    );
    let (code_guid, coding_guid) = ids.trim().split_once(' ').unwrap();
    let qde = db.dir.path().join("edited.qde");
    python(
        "import sys, zipfile; open(sys.argv[2], 'wb').write(zipfile.ZipFile(sys.argv[1]).read('project.qde'))",
        &[&edited, &qde],
    );
    xmllint("Project.xsd", &qde);

    let dry = db
        .cli(&["import", "qdpx", edited.to_str().unwrap(), "--dry-run"])
        .ok();
    assert!(
        dry.contains("1 would add") && dry.contains("would add: Sfruttamento"),
        "{dry}"
    );
    assert!(dry.contains("1 would be added, 0 not placed"), "{dry}");
    assert_eq!(dump_rows(&db.open()), before, "a dry run changed the data");

    let line = db.cli(&["import", "qdpx", edited.to_str().unwrap()]).ok();
    assert!(line.contains("1 added, 0 not placed"), "{line}");
    let after = dump_rows(&db.open());
    let new: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
    assert_eq!(new.len(), 2, "exactly one code and one coding: {new:?}");
    let store: Store = db.open();
    let code = store.read(|c| codebook::get(c, code_guid)).unwrap();
    assert_eq!(code.name, "Sfruttamento");
    assert_eq!(code.colour, "#33aa66");
    assert_eq!(code.parent_id.as_deref(), Some(mediation.id.as_str()));
    let passage = store.read(|c| passages::get(c, coding_guid)).unwrap();
    assert_eq!(passage.note_id, note);
    assert_eq!(passage.quote, "orari più lunghi ");
    assert_eq!(passage.span, Some((31, 48)));
    assert_eq!(passage.coder, "carla");
    assert_eq!(
        tavolo::dates::xsd_date_time(passage.coded_at),
        "2026-11-30T10:00:00Z"
    );
    drop(store);
    // Once in: importing the file again brings nothing more.
    let again = db.cli(&["import", "qdpx", edited.to_str().unwrap()]).ok();
    assert!(again.contains(" 0 added, 0 not placed"), "{again}");
    assert_eq!(dump_rows(&db.open()).len(), after.len());
}

#[test]
fn a_codebook_from_another_tool_merges_into_the_codebook() {
    let (db, _) = coded_demo();
    let before = db.open().read(codebook::list).unwrap();
    let lavoro = before.iter().find(|c| c.name == "lavoro").unwrap().clone();
    assert!(lavoro.description.is_empty());
    let qdc = db.dir.path().join("other.qdc");
    std::fs::write(
        &qdc,
        r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
  <Codes>
    <Code guid="{0A1B2C3D-0000-4000-8000-000000000001}" name="Lavoro" isCodable="true" color="#ABC">
      <Description>Occupazione e sfruttamento</Description>
      <Code guid="0a1b2c3d-0000-4000-8000-000000000002" name="Caporalato nei campi" isCodable="true"/>
    </Code>
    <Code guid="0a1b2c3d-0000-4000-8000-000000000003" name="Servizi" isCodable="false">
      <Code guid="0a1b2c3d-0000-4000-8000-000000000004" name="Sportello unico" isCodable="true" color="#112233"/>
    </Code>
  </Codes>
</CodeBook>"##,
    )
    .unwrap();
    xmllint("Codebook.xsd", &qdc);
    let line = db.cli(&["import", "qdc", qdc.to_str().unwrap()]).ok();
    assert!(
        line.contains("0 matched, 1 matched by name, 3 added, 1 given"),
        "{line}"
    );
    let store = db.open();
    let after = store.read(codebook::list).unwrap();
    assert_eq!(after.len(), before.len() + 3);
    let lavoro_now = after.iter().find(|c| c.id == lavoro.id).unwrap();
    // Tavolo's name stays; its blanks are filled.
    assert_eq!(lavoro_now.name, "lavoro");
    assert_eq!(lavoro_now.description, "Occupazione e sfruttamento");
    assert_eq!(lavoro_now.colour, "#aabbcc");
    let get = |id: &str| after.iter().find(|c| c.id == id).unwrap().clone();
    let caporalato = get("0a1b2c3d-0000-4000-8000-000000000002");
    assert_eq!(caporalato.name, "Caporalato nei campi");
    assert_eq!(caporalato.parent_id.as_deref(), Some(lavoro.id.as_str()));
    let sportello = get("0a1b2c3d-0000-4000-8000-000000000004");
    assert_eq!(
        sportello.parent_id.as_deref(),
        Some("0a1b2c3d-0000-4000-8000-000000000003")
    );
    assert_eq!(sportello.colour, "#112233");
    drop(store);
    // The same file again: everything matched, nothing added.
    let again = db.cli(&["import", "qdc", qdc.to_str().unwrap()]).ok();
    assert!(
        again.contains("3 matched, 1 matched by name, 0 added"),
        "{again}"
    );
}

#[test]
fn broken_truncated_or_foreign_files_change_nothing_and_say_what_and_where() {
    let (db, _) = coded_demo();
    let file = export(&db, "good.qdpx");
    let before = dump_rows(&db.open());
    let dir = db.dir.path();
    let bytes = std::fs::read(&file).unwrap();
    let truncated = dir.join("truncated.qdpx");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let rezip = |name: &str, qde: &str| -> PathBuf {
        let out = dir.join(name);
        let qde_file = dir.join(format!("{name}.qde"));
        std::fs::write(&qde_file, qde).unwrap();
        python(
            "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.write(sys.argv[2], 'project.qde')",
            &[&out, &qde_file],
        );
        out
    };
    let broken = rezip(
        "broken.qdpx",
        "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<CodeBook><Codes>\n</Project>",
    );
    let foreign = rezip(
        "foreign.qdpx",
        "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:example:other\" name=\"x\"/>",
    );
    let bad_guid = rezip(
        "guid.qdpx",
        "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">\n<CodeBook><Codes>\n<Code guid=\"code-1\" name=\"a\" isCodable=\"true\"/>\n</Codes></CodeBook></Project>",
    );
    let no_qde = dir.join("empty.qdpx");
    python(
        "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('readme.txt', 'x')",
        &[&no_qde],
    );
    for (path, says) in [
        (&truncated, "cannot be opened"),
        (&broken, "project.qde is not well-formed XML"),
        (
            &foreign,
            "line 2: the root element is <Project> in \"urn:example:other\"",
        ),
        (
            &bad_guid,
            "project.qde line 4: guid \"code-1\" is not a GUID",
        ),
        (&no_qde, "holds no project.qde"),
    ] {
        let line = db
            .cli(&["import", "qdpx", path.to_str().unwrap()])
            .fails_with_one_line();
        assert!(line.contains(path.to_str().unwrap()), "{line}");
        assert!(line.contains(says), "{line}");
    }
    let qdc = dir.join("foreign.qdc");
    std::fs::write(&qdc, "<?xml version=\"1.0\"?>\n<Codes/>").unwrap();
    let line = db
        .cli(&["import", "qdc", qdc.to_str().unwrap()])
        .fails_with_one_line();
    assert!(
        line.contains("line 2: the root element is <Codes>"),
        "{line}"
    );
    assert_eq!(dump_rows(&db.open()), before);
}
