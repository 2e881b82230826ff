//! A meeting's agenda (seed 004's programme): `tavolo meeting agenda add|list`
//! through the real binary, bad input refused with nothing written, the programme
//! at the top of the .odt minutes, and items that travel to another laptop.

use tavolo::formats::document::Block;
use tavolo::meetings::{self, agenda};
use tavolo::reports::minutes::{self as odt, Header};
use tavolo::{demo, sync};

use crate::util::{dump_rows, TestDb};

fn first_meeting(db: &TestDb) -> String {
    let list: serde_json::Value =
        serde_json::from_str(&db.cli(&["meeting", "list", "--json"]).ok()).unwrap();
    list[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn the_final_workshop_programme_from_the_command_line() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let meeting = first_meeting(&db);
    let person = db
        .open()
        .read(|c| Ok(meetings::attendees(c, &meeting)?.remove(0)))
        .unwrap();
    // Seed 004's final workshop: registration, greetings by the Head of Cabinet and
    // the project coordinator, the morning's tables, the afternoon plenary.
    let added: Vec<String> = [
        vec![
            "--at",
            "09:00",
            "--title",
            "Registrazione dei partecipanti",
            "--kind",
            "registration",
        ],
        vec![
            "--at",
            "09:30",
            "--title",
            "Saluti istituzionali",
            "--kind",
            "greetings",
            "--guest",
            "Maria Bianchi, Capo di Gabinetto della Prefettura",
            "--speaker",
            &person.person_id,
        ],
        vec![
            "--at",
            "14:30",
            "--title",
            "Plenaria: restituzione dei tavoli",
            "--kind",
            "plenary",
        ],
        vec![
            "--at",
            "10:00",
            "--title",
            "I quattro tavoli tematici",
            "--kind",
            "tables",
        ],
    ]
    .into_iter()
    .map(|args| {
        let line = db
            .cli(
                &[
                    &["meeting", "agenda", "add", "--meeting", &meeting][..],
                    &args,
                ]
                .concat(),
            )
            .ok();
        line.trim().to_owned()
    })
    .collect();
    assert_eq!(added.len(), 4);
    assert!(added.iter().all(|id| id.len() == 36), "{added:?}");

    let listed: serde_json::Value = serde_json::from_str(
        &db.cli(&["meeting", "agenda", "list", "--meeting", &meeting, "--json"])
            .ok(),
    )
    .unwrap();
    let times: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["at"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["09:00", "09:30", "10:00", "14:30"], "by start time");
    let greetings = &listed[1];
    assert_eq!(greetings["id"], added[1].as_str());
    assert_eq!(greetings["title"], "Saluti istituzionali");
    assert_eq!(greetings["kind"], "greetings");
    let speakers = greetings["speakers"].as_array().unwrap();
    assert_eq!(speakers.len(), 2);
    assert_eq!(speakers[0]["person_id"], person.person_id.as_str());
    assert_eq!(
        speakers[0]["name"],
        format!("{} {}", person.given_name, person.family_name).as_str()
    );
    assert_eq!(speakers[1]["person_id"], serde_json::Value::Null);
    assert_eq!(speakers[1]["name"], "Maria Bianchi");
    assert_eq!(speakers[1]["role"], "Capo di Gabinetto della Prefettura");

    let text = db
        .cli(&["meeting", "agenda", "list", "--meeting", &meeting])
        .ok();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[1].starts_with("09:30  Saluti istituzionali"),
        "{text}"
    );
    assert!(
        lines[1].contains("Maria Bianchi (Capo di Gabinetto della Prefettura)"),
        "{text}"
    );

    // The minutes carry the programme before the list of those present.
    let out = db.dir.path().join("verbale.odt");
    let store = db.open();
    let header = Header::default();
    store
        .read(|c| odt::export(c, &meeting, &out, &header))
        .unwrap();
    let doc = store.read(|c| odt::document(c, &meeting, &header)).unwrap();
    let at = |wanted: &dyn Fn(&Block) -> bool| doc.blocks.iter().position(wanted);
    let programme =
        at(&|b| *b == Block::Heading(2, "Programma".into())).expect("a Programma heading");
    let present = at(&|b| matches!(b, Block::Heading(2, t) if t.starts_with("Presenti (")))
        .expect("the Presenti heading");
    assert!(programme < present);
    let items: Vec<&str> = doc.blocks[programme..present]
        .iter()
        .filter_map(|b| match b {
            Block::Item(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("10:00 I quattro tavoli tematici")),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("09:30 Saluti istituzionali – ")),
        "{items:?}"
    );
}

#[test]
fn a_wrong_item_is_refused_with_one_line_and_nothing_written() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let meeting = first_meeting(&db);
    let before = dump_rows(&db.open());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["--meeting", &meeting, "--at", "9.30", "--title", "Saluti"],
            "'9.30' is not a time (HH:MM)",
        ),
        (
            vec!["--meeting", &meeting, "--at", "09:30", "--title", "  "],
            "title",
        ),
        (
            vec![
                "--meeting",
                &meeting,
                "--at",
                "09:30",
                "--title",
                "Pranzo",
                "--kind",
                "lunch",
            ],
            "'lunch' is not one of: registration",
        ),
        (
            vec![
                "--meeting",
                "no-such-meeting",
                "--at",
                "09:30",
                "--title",
                "Saluti",
            ],
            "no-such-meeting",
        ),
        (
            vec![
                "--meeting",
                &meeting,
                "--at",
                "09:30",
                "--title",
                "Saluti",
                "--speaker",
                "nobody",
            ],
            "nobody",
        ),
    ];
    for (args, expected) in cases {
        let line = db
            .cli(&[&["meeting", "agenda", "add"][..], &args].concat())
            .fails_with_one_line();
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(dump_rows(&db.open()), before, "nothing was written");
}

#[test]
fn an_agenda_made_on_one_laptop_arrives_on_the_other() {
    let (da, db) = (TestDb::new(), TestDb::new());
    let mut a = da.open();
    demo::load(&mut a, 1).unwrap();
    let folder = tempfile::tempdir().unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    let mut b = db.open();
    sync::folder(&mut b, folder.path()).unwrap();
    let meeting = a.read(meetings::list).unwrap().remove(0).id;
    let item = a
        .write(|tx| {
            agenda::add(
                tx,
                &agenda::NewAgendaItem {
                    meeting_id: meeting.clone(),
                    at: "09:00".into(),
                    title: "Registrazione".into(),
                    kind: Some(tavolo::vocabulary::AgendaKind::Registration),
                    speakers: vec![agenda::NewSpeaker::Guest {
                        name: "Segreteria".into(),
                        role: None,
                    }],
                },
            )
        })
        .unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    let there = b.read(|c| agenda::of_meeting(c, &meeting)).unwrap();
    assert_eq!(there, vec![item.clone()]);
    // Removed on B, gone on A after the next exchange.
    b.write(|tx| agenda::remove(tx, &item.id)).unwrap();
    sync::folder(&mut b, folder.path()).unwrap();
    sync::folder(&mut a, folder.path()).unwrap();
    assert!(a
        .read(|c| agenda::of_meeting(c, &meeting))
        .unwrap()
        .is_empty());
    assert_eq!(dump_rows(&a), dump_rows(&b));
}
