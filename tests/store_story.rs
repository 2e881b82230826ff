//! Stories through the real store: what a user does, what the file then holds.

use rusqlite::types::Value;
use tavolo::organisations::{self, NewOrganisation};
use tavolo::schema::ORGANISATIONS;
use tavolo::vocabulary::{Level, OrgKind, Sector};
use tavolo::{integrity, Error, OpenMode, Problem, Store};

use crate::util::TestDb;

#[test]
fn connection_settings_are_durable_ones() {
    let db = TestDb::new();
    let store = db.open();
    let (mode, sync, fk): (String, i64, i64) = store
        .read(|c| {
            Ok((
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
                c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    assert_eq!(fk, 1);
}

#[test]
fn create_an_organisation_then_find_it_without_accents() {
    let db = TestDb::new();
    let mut store = db.open();
    let mut new = NewOrganisation::named(
        "Comune di Città Sant'Angelo",
        OrgKind::Municipality,
        Level::Local,
    );
    new.sectors = vec![Sector::Housing, Sector::Health, Sector::Housing];
    let created = store.write(|tx| organisations::create(tx, &new)).unwrap();
    assert!(created.is_public, "municipalities default to public");
    assert_eq!(created.sectors, vec![Sector::Health, Sector::Housing]);

    let found = store
        .read(|c| organisations::list(c, "citta sant", 50))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, created.id);
    assert!(store
        .read(|c| organisations::list(c, "potenza", 50))
        .unwrap()
        .is_empty());

    // Reopening the file shows the same record.
    drop(store);
    let store = Store::open(&db.path, OpenMode::MustExist).unwrap();
    assert_eq!(
        store.read(|c| organisations::get(c, &created.id)).unwrap(),
        created
    );
}

#[test]
fn invalid_input_names_the_field_and_writes_nothing() {
    let db = TestDb::new();
    let mut store = db.open();
    let cases: Vec<(NewOrganisation, &str, &str)> = vec![
        (
            NewOrganisation::named("   ", OrgKind::Other, Level::Local),
            "name",
            "required",
        ),
        (
            NewOrganisation {
                email: Some("not an address".into()),
                ..NewOrganisation::named("Coop", OrgKind::ThirdSector, Level::Local)
            },
            "email",
            "bad_format",
        ),
        (
            NewOrganisation {
                territory_id: Some("no-such-territory".into()),
                ..NewOrganisation::named("Coop", OrgKind::ThirdSector, Level::Local)
            },
            "territory_id",
            "missing_reference",
        ),
        (
            NewOrganisation {
                country: Some("Spain".into()),
                ..NewOrganisation::named("Ayuntamiento", OrgKind::ForeignPartner, Level::Local)
            },
            "country",
            "too_long",
        ),
    ];
    for (input, field, code) in cases {
        match store.write(|tx| organisations::create(tx, &input)) {
            Err(Error::Invalid { field: f, problem }) => {
                assert_eq!((f.as_str(), problem.code()), (field, code));
            }
            other => panic!("expected invalid {field}, got {other:?}"),
        }
    }
    let stats = store.read(integrity::stats).unwrap();
    assert!(
        stats.iter().all(|(_, n)| *n == 0),
        "nothing written: {stats:?}"
    );
}

#[test]
fn a_failed_action_rolls_back_every_write_it_made() {
    let db = TestDb::new();
    let mut store = db.open();
    let result: tavolo::Result<()> = store.write(|tx| {
        organisations::create(
            tx,
            &NewOrganisation::named("Prima", OrgKind::Other, Level::Local),
        )?;
        Err(Error::invalid("name", Problem::Required))
    });
    assert!(result.is_err());
    assert!(store
        .read(|c| organisations::list(c, "", 10))
        .unwrap()
        .is_empty());
    assert_eq!(store.changes().unwrap().len(), 0);
}

#[test]
fn every_write_is_logged_with_a_clock_and_deletes_are_tombstones() {
    let db = TestDb::new();
    let mut store = db.open_at(1_700_000_000_000);
    let org = store
        .write(|tx| {
            organisations::create(
                tx,
                &NewOrganisation::named("Caritas", OrgKind::Religious, Level::Local),
            )
        })
        .unwrap();
    let after_create = store.changes().unwrap();
    assert_eq!(
        after_create.len(),
        ORGANISATIONS.fields.len(),
        "one change per field"
    );
    assert!(after_create
        .iter()
        .all(|c| c.seq == 1 && c.device == store.device()));

    // An update logs only the field that changed, with a later clock.
    let changed = store
        .write(|tx| {
            tx.update(
                &ORGANISATIONS,
                &org.id,
                &[
                    ("name", Value::Text("Caritas diocesana".into())),
                    ("kind", Value::Text("religious".into())),
                ],
            )
        })
        .unwrap();
    assert_eq!(changed, 1);
    let all = store.changes().unwrap();
    let last = all.last().unwrap();
    assert_eq!((last.field.as_str(), last.seq), ("name", 2));
    assert!(
        last.hlc > after_create[0].hlc,
        "the fixed clock did not move, the counter did"
    );

    store
        .write(|tx| organisations::delete(tx, &org.id))
        .unwrap();
    assert!(matches!(
        store.read(|c| organisations::get(c, &org.id)),
        Err(Error::NotFound { .. })
    ));
    let raw: i64 = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT deleted FROM organisations WHERE id = ?1",
                [&org.id],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(raw, 1, "the row stays, marked deleted");
    assert!(store.read(integrity::check).unwrap().is_ok());
}

#[test]
fn the_write_path_refuses_fields_outside_the_schema() {
    let db = TestDb::new();
    let mut store = db.open();
    let err = store
        .write(|tx| {
            tx.insert(
                &ORGANISATIONS,
                "x",
                &[("name; DROP TABLE people", Value::Null)],
            )
        })
        .unwrap_err();
    assert_eq!(err.kind(), "conflict");
}

#[test]
fn demo_is_deterministic_and_healthy() {
    let a = TestDb::new();
    let b = TestDb::new();
    let (mut sa, mut sb) = (a.open(), b.open());
    let summary = tavolo::demo::load(&mut sa, 1).unwrap();
    tavolo::demo::load(&mut sb, 1).unwrap();
    assert_eq!(crate::util::dump_rows(&sa), crate::util::dump_rows(&sb));
    assert!(summary.organisations >= 50 && summary.people >= 30 && summary.meetings == 12);
    assert!(sa.read(integrity::check).unwrap().is_ok());
    // Every organisation type and level of the register appears at least once.
    let orgs = sa.read(|c| organisations::list(c, "", 1000)).unwrap();
    for kind in OrgKind::ALL.iter().filter(|k| **k != OrgKind::Other) {
        assert!(
            orgs.iter().any(|o| o.kind == *kind),
            "no {kind:?} in the demo"
        );
    }
    for level in Level::ALL {
        assert!(
            orgs.iter().any(|o| o.level == *level),
            "no {level:?} in the demo"
        );
    }
    // Loading it a second time is refused and changes nothing.
    let before = crate::util::dump_rows(&sa);
    assert_eq!(
        tavolo::demo::load(&mut sa, 1).unwrap_err().kind(),
        "conflict"
    );
    assert_eq!(crate::util::dump_rows(&sa), before);
}

#[test]
fn tauri_config_names_the_same_app_folder_as_the_core() {
    let conf =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap();
    let needle = format!("\"identifier\": \"{}\"", tavolo::paths::APP_IDENTIFIER);
    assert!(
        conf.contains(&needle),
        "tauri.conf.json must contain {needle}"
    );
}
