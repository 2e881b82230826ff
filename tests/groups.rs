//! Territorial work groups and their co-design actions (issue 12), through the
//! CLI as scripts use it, and the rules a form relies on.

use serde_json::Value as Json;
use tavolo::groups::{self, actions};
use tavolo::vocabulary::{ActionStatus, GroupStatus};

use crate::util::TestDb;

fn json(out: &str) -> Json {
    serde_json::from_str(out).unwrap()
}

/// (territory id, a person id, an organisation id, two recommendation note ids)
/// of the demo's Potenza.
fn demo_ids(db: &TestDb) -> (String, String, String, Vec<String>) {
    let store = db.open();
    store
        .read(|c| {
            let territory: String = c.query_row(
                "SELECT id FROM territories WHERE name = 'Provincia di Potenza'",
                [],
                |r| r.get(0),
            )?;
            let person: String = c.query_row(
                "SELECT id FROM people WHERE deleted = 0 ORDER BY family_name LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            let org: String = c.query_row(
                "SELECT id FROM organisations WHERE deleted = 0 ORDER BY name LIMIT 1",
                [],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT id FROM notes WHERE kind = 'recommendation' AND deleted = 0 ORDER BY id LIMIT 2",
            )?;
            let notes = stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok((territory, person, org, notes))
        })
        .unwrap()
}

#[test]
fn a_group_with_members_and_actions_from_the_cli_as_scripts_use_it() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let (territory, person, org, notes) = demo_ids(&db);
    let group = db
        .cli(&[
            "group",
            "create",
            "--territory",
            &territory,
            "--name",
            "Gruppo di lavoro Potenza – Salute",
        ])
        .ok()
        .trim()
        .to_owned();
    let member = db
        .cli(&[
            "group",
            "member",
            "add",
            "--group",
            &group,
            "--person",
            &person,
            "--role",
            "coordinator",
        ])
        .ok();
    assert!(!member.trim().is_empty());
    // The same person again: the same member, with the new role.
    let again = db
        .cli(&[
            "group", "member", "add", "--group", &group, "--person", &person,
        ])
        .ok();
    assert_eq!(again, member);
    let action = db
        .cli(&[
            "group",
            "action",
            "add",
            "--group",
            &group,
            "--title",
            "Sportello unico di orientamento",
            "--owner",
            &org,
            "--due",
            "2024-06-30",
            "--note",
            &notes[0],
            "--note",
            &notes[1],
        ])
        .ok()
        .trim()
        .to_owned();
    let list = json(&db.cli(&["group", "list", "--json"]).ok());
    let g = &list.as_array().unwrap()[0];
    assert_eq!(g["id"], group.as_str());
    assert_eq!(g["territory"], territory.as_str());
    assert_eq!(g["status"], "active");
    assert_eq!(g["members"], 1);
    assert_eq!(g["actions"]["proposed"], 1);
    let actions = json(
        &db.cli(&["group", "action", "list", "--group", &group, "--json"])
            .ok(),
    );
    let a = &actions.as_array().unwrap()[0];
    assert_eq!(a["id"], action.as_str());
    assert_eq!(a["owner"], org.as_str());
    assert_eq!(a["status"], "proposed");
    assert_eq!(a["due"], "2024-06-30");
    assert_eq!(a["overdue"], true, "due in 2024 and not done");
    let mut linked: Vec<&str> = a["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    linked.sort_unstable();
    assert_eq!(linked, notes.iter().map(String::as_str).collect::<Vec<_>>());

    // Where the action came from: note, table, meeting.
    let store = db.open();
    let shown = store
        .read(|c| actions::get(c, &action, "2024-01-01"))
        .unwrap();
    assert!(!shown.overdue, "not yet due on 1 January 2024");
    for s in &shown.sources {
        assert!(!s.text.is_empty());
        assert!(s.meeting_title.starts_with("Incontro"));
        // "tavolo N": the table's place among its meeting's tables.
        let (title, number) = s.table.clone().unwrap();
        let tables = store
            .read(|c| tavolo::meetings::tables(c, &s.meeting_id))
            .unwrap();
        assert_eq!(tables[number as usize - 1].title, title);
        assert!(s.citation().contains(&format!(", tavolo {number}")));
    }
    let member_row = store.read(|c| groups::members(c, &group)).unwrap();
    assert_eq!(member_row[0].role.code(), "coordinator");
}

#[test]
fn bad_group_input_names_the_field_and_writes_nothing() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let (territory, _person, org, _) = demo_ids(&db);
    let group = db
        .cli(&["group", "create", "--territory", &territory, "--name", "G"])
        .ok()
        .trim()
        .to_owned();
    // A member who is not a person: an organisation's id.
    let line = db
        .cli(&[
            "group", "member", "add", "--group", &group, "--person", &org,
        ])
        .fails_with_one_line();
    assert!(
        line.contains("person_id")
            && line.contains("is not the id of a person: it is an organisation's"),
        "{line}"
    );
    let line = db
        .cli(&[
            "group", "member", "add", "--group", &group, "--person", "nobody",
        ])
        .fails_with_one_line();
    assert!(line.contains("person_id"), "{line}");
    let line = db
        .cli(&["group", "create", "--territory", "nowhere", "--name", "G"])
        .fails_with_one_line();
    assert!(line.contains("territory_id"), "{line}");
    let line = db
        .cli(&[
            "group",
            "action",
            "add",
            "--group",
            &group,
            "--title",
            "X",
            "--due",
            "2024-02-30",
        ])
        .fails_with_one_line();
    assert!(line.contains("due_date"), "{line}");
    let line = db
        .cli(&[
            "group",
            "action",
            "add",
            "--group",
            &group,
            "--title",
            "X",
            "--note",
            "no-such-note",
        ])
        .fails_with_one_line();
    assert!(line.contains("note_id"), "{line}");
    // Nothing was half-written: no action, one member-less group.
    let actions = json(
        &db.cli(&["group", "action", "list", "--group", &group, "--json"])
            .ok(),
    );
    assert_eq!(actions.as_array().unwrap().len(), 0);
    let list = json(&db.cli(&["group", "list", "--json"]).ok());
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["members"], 0);

    // An action due before it starts.
    let mut store = db.open();
    let err = store
        .write(|tx| {
            actions::add(
                tx,
                &actions::NewAction {
                    group_id: group.clone(),
                    title: "Corso di italiano per le famiglie".into(),
                    start_date: Some("2024-09-01".into()),
                    due_date: Some("2024-06-30".into()),
                    ..Default::default()
                },
                "2024-01-01",
            )
        })
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("due_date:") && err.contains("start date"),
        "{err}"
    );
}

#[test]
fn the_board_has_a_column_per_status_and_done_actions_are_never_overdue() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let (territory, _, _, _) = demo_ids(&db);
    let mut store = db.open();
    let group = store
        .write(|tx| {
            groups::create(
                tx,
                &groups::NewGroup {
                    territory_id: territory.clone(),
                    name: "Gruppo Casa".into(),
                    themes: vec![tavolo::vocabulary::Theme::Housing],
                },
            )
        })
        .unwrap();
    let today = "2024-07-01";
    let mut ids = Vec::new();
    for (title, due) in [
        ("A", "2024-06-01"),
        ("B", "2024-08-01"),
        ("C", "2024-05-01"),
    ] {
        let a = store
            .write(|tx| {
                actions::add(
                    tx,
                    &actions::NewAction {
                        group_id: group.id.clone(),
                        title: title.into(),
                        due_date: Some(due.into()),
                        ..Default::default()
                    },
                    today,
                )
            })
            .unwrap();
        ids.push(a.id);
    }
    store
        .write(|tx| {
            actions::edit(
                tx,
                &ids[2],
                &actions::ActionEdit {
                    status: Some(ActionStatus::Done),
                    ..Default::default()
                },
                today,
            )
        })
        .unwrap();
    let board = store.read(|c| actions::board(c, &group.id, today)).unwrap();
    assert_eq!(board.len(), ActionStatus::ALL.len());
    let proposed = &board[0].1;
    assert_eq!(
        proposed
            .iter()
            .map(|a| (a.title.as_str(), a.overdue))
            .collect::<Vec<_>>(),
        [("A", true), ("B", false)]
    );
    let done = &board
        .iter()
        .find(|(s, _)| *s == ActionStatus::Done)
        .unwrap()
        .1;
    assert_eq!(done.len(), 1);
    assert!(!done[0].overdue);
    // Pausing the group.
    let paused = store
        .write(|tx| {
            groups::edit(
                tx,
                &group.id,
                &groups::GroupEdit {
                    status: Some(GroupStatus::Paused),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    assert_eq!(paused.status, GroupStatus::Paused);
    assert_eq!(paused.themes, ["housing"]);
}
