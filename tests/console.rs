//! What the facilitator's console asks of the core: finding people to check in,
//! the attendee list, the tables and questions, and drafts of the note being typed.

use tavolo::meetings::{self, MeetingTable};
use tavolo::notes::{self, NewNote};
use tavolo::vocabulary::AttendanceRole;
use tavolo::{demo, register::people, store::integrity};

use crate::util::TestDb;

#[test]
fn people_are_found_by_any_words_of_name_or_organisation_without_accents() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let found = store.read(|c| people::search(c, "lo cascio", 10)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].family_name, "Lo Cascio");
    // By organisation, accent-free: "cpia bari citta" finds the people of "CPIA Bari Città".
    let by_org = store
        .read(|c| people::search(c, "cpia bari citta", 10))
        .unwrap();
    assert!(!by_org.is_empty());
    assert!(by_org
        .iter()
        .all(|p| p.organisation_name.as_deref() == Some("CPIA Bari Città")));
    assert!(store
        .read(|c| people::search(c, "nessuno zzz", 10))
        .unwrap()
        .is_empty());
    // Wildcards are taken literally.
    assert!(store
        .read(|c| people::search(c, "%", 10))
        .unwrap()
        .is_empty());
}

#[test]
fn attendees_and_tables_of_a_meeting() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let planned = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.attendees == 0)
        .unwrap();
    let tables: Vec<MeetingTable> = store.read(|c| meetings::tables(c, &planned.id)).unwrap();
    assert_eq!(tables.len(), demo::TABLES.len());
    for (table, (title, questions)) in tables.iter().zip(demo::TABLES) {
        assert_eq!(table.title, *title);
        let texts: Vec<&str> = table.questions.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, *questions);
    }
    let person = store
        .read(|c| people::search(c, "colucci", 1))
        .unwrap()
        .remove(0);
    store
        .write(|tx| meetings::check_in(tx, &planned.id, &person.id, AttendanceRole::Speaker))
        .unwrap();
    let attendees = store.read(|c| meetings::attendees(c, &planned.id)).unwrap();
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0].person_id, person.id);
    assert_eq!(attendees[0].role, AttendanceRole::Speaker);
    assert_eq!(attendees[0].organisation_name, person.organisation_name);
}

#[test]
fn a_draft_is_kept_as_typed_until_the_note_is_saved() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let meeting = store.read(meetings::list).unwrap().remove(0).id;
    assert_eq!(store.read(|c| notes::draft(c, &meeting)).unwrap(), None);
    store
        .write(|tx| notes::save_draft(tx, &meeting, "servono mediatori "))
        .unwrap();
    store
        .write(|tx| notes::save_draft(tx, &meeting, "servono mediatori #casa "))
        .unwrap();
    assert_eq!(
        store
            .read(|c| notes::draft(c, &meeting))
            .unwrap()
            .as_deref(),
        Some("servono mediatori #casa "),
        "the latest text, trailing space included"
    );
    let changes = store.changes().unwrap().len();
    let new = NewNote {
        meeting_id: meeting.clone(),
        text: "servono mediatori #casa".into(),
        ..NewNote::default()
    };
    store.write(|tx| notes::add(tx, &new)).unwrap();
    assert_eq!(
        store.read(|c| notes::draft(c, &meeting)).unwrap(),
        None,
        "saving clears the draft"
    );
    assert!(store.changes().unwrap().len() > changes);
    // Clearing the box removes the draft; drafts of unknown meetings are refused.
    store
        .write(|tx| notes::save_draft(tx, &meeting, "x"))
        .unwrap();
    store
        .write(|tx| notes::save_draft(tx, &meeting, "  "))
        .unwrap();
    assert_eq!(store.read(|c| notes::draft(c, &meeting)).unwrap(), None);
    assert!(store
        .write(|tx| notes::save_draft(tx, "nope", "x"))
        .is_err());
    assert!(store.read(integrity::check).unwrap().is_ok());
}

#[test]
fn an_edited_note_keeps_its_earlier_texts_and_can_move_table() {
    use tavolo::notes::NoteEdit;
    use tavolo::vocabulary::{MeetingStatus, NoteKind};
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let planned = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.attendees == 0)
        .unwrap();
    let tables = store.read(|c| meetings::tables(c, &planned.id)).unwrap();
    let new = NewNote {
        meeting_id: planned.id.clone(),
        table_id: Some(tables[0].id.clone()),
        question_id: Some(tables[0].questions[0].0.clone()),
        text: "servno mediatori #casa".into(),
        ..NewNote::default()
    };
    let note = store.write(|tx| notes::add(tx, &new)).unwrap();
    let edited = store
        .write(|tx| {
            notes::edit(
                tx,
                &note.id,
                &NoteEdit {
                    text: Some("servono mediatori linguistici #mediazione".into()),
                    kind: Some(Some(NoteKind::Need)),
                    table_id: Some(Some(tables[2].id.clone())),
                    ..NoteEdit::default()
                },
            )
        })
        .unwrap();
    assert_eq!(edited.text, "servono mediatori linguistici #mediazione");
    assert_eq!(
        edited.tags,
        vec!["mediazione".to_owned()],
        "tags follow the text"
    );
    assert_eq!(edited.kind, Some(NoteKind::Need));
    assert_eq!(edited.table_id.as_deref(), Some(tables[2].id.as_str()));
    assert_eq!(
        edited.question_id, None,
        "the old table's question no longer applies"
    );
    let history = store.read(|c| notes::history(c, &note.id)).unwrap();
    let texts: Vec<&str> = history.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "servno mediatori #casa",
            "servono mediatori linguistici #mediazione"
        ]
    );
    assert!(history[0].0 <= history[1].0 && history[0].0 > 0);
    // Search follows the edit.
    let hits = store
        .read(|c| {
            let only_this = notes::SearchFilter {
                meeting_id: Some(planned.id.clone()),
                ..Default::default()
            };
            notes::search(c, "linguistici", &only_this, 10, ("[", "]"))
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    // A table of another meeting, or an empty text, is refused and changes nothing.
    let other = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.id != planned.id)
        .unwrap();
    let foreign = store.read(|c| meetings::tables(c, &other.id)).unwrap()[0]
        .id
        .clone();
    for bad in [
        NoteEdit {
            table_id: Some(Some(foreign)),
            ..NoteEdit::default()
        },
        NoteEdit {
            text: Some("   ".into()),
            ..NoteEdit::default()
        },
    ] {
        assert!(store.write(|tx| notes::edit(tx, &note.id, &bad)).is_err());
    }
    assert_eq!(store.read(|c| notes::get(c, &note.id)).unwrap(), edited);

    // The meeting, once held, counts.
    let held = store
        .write(|tx| meetings::set_status(tx, &planned.id, MeetingStatus::Held))
        .unwrap();
    assert_eq!(held.status, MeetingStatus::Held);
    assert!(store.read(integrity::check).unwrap().is_ok());
}

#[test]
fn four_thematic_meetings_in_one_step_with_the_template_tables() {
    use tavolo::meetings::NewThematicSeries;
    use tavolo::vocabulary::{MeetingStatus, Theme};
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let matera = store
        .read(tavolo::register::territories::list)
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Matera")
        .unwrap();
    let series = store
        .write(|tx| {
            meetings::plan_thematic_series(
                tx,
                &NewThematicSeries {
                    territory_id: matera.id.clone(),
                    first_date: "2025-02-24".into(),
                    start_time: Some("15:00".into()),
                    end_time: Some("18:00".into()),
                    place: Some("Casa di Quartiere, Matera".into()),
                    with_template_tables: true,
                },
            )
        })
        .unwrap();
    let themes: Vec<Theme> = series.iter().map(|m| m.theme).collect();
    assert_eq!(
        themes,
        [Theme::Health, Theme::Education, Theme::Work, Theme::Housing]
    );
    let dates: Vec<&str> = series.iter().map(|m| m.date.as_str()).collect();
    assert_eq!(
        dates,
        ["2025-02-24", "2025-03-03", "2025-03-10", "2025-03-17"]
    );
    assert!(series.iter().all(|m| m.status == MeetingStatus::Planned
        && m.territory_name.as_deref() == Some("Matera")
        && m.title.ends_with("– Matera")));
    for m in &series {
        let tables = store.read(|c| meetings::tables(c, &m.id)).unwrap();
        assert_eq!(tables.len(), 4);
        assert_eq!(tables[0].questions.len(), 2);
    }
    // A bad date creates none of the four.
    let before = store.read(meetings::list).unwrap().len();
    let err = store.write(|tx| {
        meetings::plan_thematic_series(
            tx,
            &NewThematicSeries {
                territory_id: matera.id.clone(),
                first_date: "31/02/2025".into(),
                start_time: None,
                end_time: None,
                place: None,
                with_template_tables: false,
            },
        )
    });
    assert!(err.is_err());
    assert_eq!(store.read(meetings::list).unwrap().len(), before);
}

#[test]
fn notes_can_be_reordered_split_and_merged_after_the_meeting() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let planned = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.attendees == 0)
        .unwrap();
    let add = |store: &mut tavolo::Store, text: &str| {
        let new = NewNote {
            meeting_id: planned.id.clone(),
            text: text.into(),
            ..NewNote::default()
        };
        store.write(|tx| notes::add(tx, &new)).unwrap()
    };
    let a = add(&mut store, "uno #a");
    let b = add(&mut store, "due. tre #b");
    let c = add(&mut store, "quattro");
    let texts = |store: &tavolo::Store| -> Vec<String> {
        store
            .read(|conn| notes::of_meeting(conn, &planned.id))
            .unwrap()
            .into_iter()
            .map(|n| n.text)
            .collect()
    };
    store.write(|tx| notes::move_note(tx, &c.id, true)).unwrap();
    assert_eq!(texts(&store), ["uno #a", "quattro", "due. tre #b"]);
    store.write(|tx| notes::move_note(tx, &a.id, true)).unwrap();
    assert_eq!(
        texts(&store),
        ["uno #a", "quattro", "due. tre #b"],
        "the first stays first"
    );

    let (first, second) = store.write(|tx| notes::split(tx, &b.id, 4)).unwrap();
    assert_eq!(first.text, "due.");
    assert_eq!(second.text, "tre #b");
    assert_eq!(second.tags, ["b"]);
    assert!(first.tags.is_empty());
    assert_eq!(texts(&store), ["uno #a", "quattro", "due.", "tre #b"]);
    assert!(
        store.write(|tx| notes::split(tx, &c.id, 0)).is_err(),
        "nothing before the cut"
    );

    let merged = store.write(|tx| notes::merge(tx, &a.id, &c.id)).unwrap();
    assert_eq!(merged.text, "uno #a\nquattro");
    assert_eq!(texts(&store), ["uno #a\nquattro", "due.", "tre #b"]);
    assert!(
        store.read(|conn| notes::get(conn, &c.id)).is_err(),
        "the second is gone"
    );
    let other = store
        .read(meetings::list)
        .unwrap()
        .into_iter()
        .find(|m| m.id != planned.id)
        .unwrap();
    let elsewhere = NewNote {
        meeting_id: other.id,
        text: "altrove".into(),
        ..NewNote::default()
    };
    let far = store.write(|tx| notes::add(tx, &elsewhere)).unwrap();
    assert!(store.write(|tx| notes::merge(tx, &a.id, &far.id)).is_err());
    assert!(store.read(integrity::check).unwrap().is_ok());
}
