//! The minutes as .odt: a valid OpenDocument package (mimetype first and stored),
//! its XML parsed by a real parser (Debian's python3), every note present, markup
//! kept as text.

use tavolo::demo;
use tavolo::meetings;
use tavolo::notes::{self, NewNote};
use tavolo::reports::minutes::{self as odt, Header};
use tavolo::vocabulary::NoteKind;

use crate::util::TestDb;

#[test]
fn the_minutes_are_an_odt_with_every_note_grouped_by_table_and_kind() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let meeting = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.attendees > 0)
        .unwrap();
    let markup = "<script>alert('x')</script> & \"virgolette\" \u{7}";
    let new = NewNote {
        meeting_id: meeting.id.clone(),
        kind: Some(NoteKind::Quote),
        text: markup.into(),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap();
    let out = db.dir.path().join("verbale.odt");
    let header = Header {
        project: "Com.In. 4.0".into(),
        funder: "FAMI".into(),
    };
    store
        .read(|c| odt::export(c, &meeting.id, &out, &header))
        .unwrap();

    let bytes = std::fs::read(&out).unwrap();
    // A zip whose first entry is the stored mimetype (bytes 30.. of the file).
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(
        &bytes[38..38 + 39],
        b"application/vnd.oasis.opendocument.text"
    );

    let all = store.read(|c| notes::of_meeting(c, &meeting.id)).unwrap();
    let script = r#"
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.namelist()[0] == "mimetype", z.namelist()
assert z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
ET.fromstring(z.read("META-INF/manifest.xml"))
root = ET.fromstring(z.read("content.xml"))
T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
# The styles every Tavolo document shares: the headings are LibreOffice's own,
# with their outline levels, and no paragraph of the body is left unstyled.
styles = {e.get(S + "name") for e in ET.fromstring(z.read("styles.xml")).iter(S + "style")}
assert {"Heading_20_1", "Heading_20_2", "Heading_20_3", "Text_20_body"} <= styles, styles
office_text = root.find(".//{urn:oasis:names:tc:opendocument:xmlns:office:1.0}text")
for p in office_text.findall(T + "p"):
    assert p.get(T + "style-name") in styles, ET.tostring(p)
for h in root.iter(T + "h"):
    assert h.get(T + "style-name") == "Heading_20_" + h.get(T + "outline-level"), ET.tostring(h)
for h in root.iter(T + "h"):
    print("H" + h.get(T + "outline-level") + " " + "".join(h.itertext()))
for item in root.iter(T + "list-item"):
    print("I " + "".join(item.itertext()))
"#;
    let output = std::process::Command::new("/usr/bin/python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .expect("/usr/bin/python3");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("H1 Verbale e sintesi dell'incontro"));
    assert!(text.contains(&format!("H2 Presenti ({})", meeting.attendees)));
    for table in demo::TABLES {
        assert!(text.contains(&format!("H2 {}", table.0)), "{}", table.0);
    }
    assert!(text.contains("H2 Note fuori dai tavoli"));
    assert!(text.contains("H3 Citazioni (1)"));
    let items = text
        .lines()
        .filter(|l| l.starts_with("I "))
        .collect::<Vec<_>>();
    for note in &all {
        // The words said, with the tags apart after them.
        let shown = tavolo::notes::without_tags(&note.text.replace('\u{7}', ""));
        let item = items
            .iter()
            .find(|i| i.starts_with(&format!("I {shown}")))
            .unwrap_or_else(|| panic!("note missing: {shown}"));
        assert!(!item.contains('—'), "one dash style: {item}");
        if !note.tags.is_empty() {
            let tags: Vec<String> = note.tags.iter().map(|t| format!("#{t}")).collect();
            assert!(item.ends_with(&format!(" · {}", tags.join(" "))), "{item}");
            assert_eq!(item.matches('#').count(), note.tags.len(), "{item}");
        }
    }
    assert!(
        all.iter().any(|n| !n.tags.is_empty()),
        "the demo's notes have tags"
    );
}

#[test]
fn cli_writes_the_minutes() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let list = db.cli(&["meeting", "list", "--json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let id = v[0]["id"].as_str().unwrap().to_owned();
    let out = db.dir.path().join("v.odt");
    let line = db
        .cli(&[
            "meeting",
            "minutes",
            "--meeting",
            &id,
            out.to_str().unwrap(),
            "--project",
            "Com.In.",
        ])
        .ok();
    assert!(line.starts_with("written "), "{line}");
    assert!(std::fs::metadata(&out).unwrap().len() > 500);
    let err = db
        .cli(&[
            "meeting",
            "minutes",
            "--meeting",
            "nope",
            out.to_str().unwrap(),
        ])
        .fails_with_one_line();
    assert!(err.contains("nope"), "{err}");
}
