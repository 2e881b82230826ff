//! Stories through the real store: what a user does, what the file then holds.

use rusqlite::types::Value;
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::store::schema::ORGANISATIONS;
use tavolo::vocabulary::{Level, OrgKind, Sector};
use tavolo::{store::integrity, Error, OpenMode, Problem, Store};

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
    // A field the domain modules name wrongly is a fault of Tavolo, not a clash.
    assert_eq!(err.kind(), "internal");
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
    let conf = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src-tauri/tauri.conf.json"
    ))
    .unwrap();
    let needle = format!(
        "\"identifier\": \"{}\"",
        tavolo::store::paths::APP_IDENTIFIER
    );
    assert!(
        conf.contains(&needle),
        "tauri.conf.json must contain {needle}"
    );
}

/// The folded name keys (schema 6) the lists search and sort by: made on insert,
/// remade on a rename, and made by a replica from the names it receives.
#[test]
fn renamed_records_are_found_by_their_new_name_here_and_on_a_replica() {
    use tavolo::register::people::{self, NewPerson};
    use tavolo::register::territories::{self, NewTerritory};
    use tavolo::vocabulary::TerritoryKind;

    let db = TestDb::new();
    let mut store = db.open();
    let (org, other) = store
        .write(|tx| {
            let region = territories::create(
                tx,
                &NewTerritory {
                    kind: TerritoryKind::Region,
                    name: "Basilicata".into(),
                    parent_id: None,
                },
            )?;
            let mut new = NewOrganisation::named(
                "Comune di Città Sant'Angelo",
                OrgKind::Municipality,
                Level::Local,
            );
            new.territory_id = Some(region.id);
            let org = organisations::create(tx, &new)?;
            let other = organisations::create(
                tx,
                &NewOrganisation::named("Ámbito sociale Bari", OrgKind::Other, Level::Local),
            )?;
            people::create(
                tx,
                &NewPerson {
                    given_name: "Nicolò".into(),
                    family_name: "Àlvarez".into(),
                    organisation_id: Some(org.id.clone()),
                    ..NewPerson::default()
                },
            )?;
            Ok((org, other))
        })
        .unwrap();
    let names = |store: &Store, search: &str| -> Vec<String> {
        store
            .read(|c| organisations::list(c, search, 50))
            .unwrap()
            .into_iter()
            .map(|o| o.name)
            .collect()
    };
    let people_found = |store: &Store, search: &str| -> usize {
        store
            .read(|c| {
                people::list_filtered(
                    c,
                    &people::ListFilter {
                        search: search.into(),
                        ..Default::default()
                    },
                    50,
                )
            })
            .unwrap()
            .len()
    };
    assert_eq!(names(&store, "citta sant"), ["Comune di Città Sant'Angelo"]);
    assert_eq!(names(&store, "basilicata"), ["Comune di Città Sant'Angelo"]);
    assert_eq!(people_found(&store, "alvarez nicolo"), 1);
    assert_eq!(people_found(&store, "citta sant"), 1, "by organisation");
    // "Ámbito" sorts as "ambito": before "Comune", not after every plain letter.
    assert_eq!(
        names(&store, ""),
        ["Ámbito sociale Bari", "Comune di Città Sant'Angelo"]
    );

    let mut renamed = NewOrganisation::named(
        "Unione dei Comuni Società",
        OrgKind::Municipality,
        Level::Local,
    );
    renamed.short_name = Some("UCS".into());
    store
        .write(|tx| organisations::update(tx, &org.id, &renamed))
        .unwrap();
    assert_eq!(
        names(&store, "comuni societa"),
        ["Unione dei Comuni Società"]
    );
    assert_eq!(names(&store, "ucs"), ["Unione dei Comuni Società"]);
    assert!(
        names(&store, "citta sant").is_empty(),
        "the old name is gone"
    );
    assert_eq!(
        people_found(&store, "societa"),
        1,
        "by the renamed organisation"
    );
    assert_eq!(
        names(&store, ""),
        ["Ámbito sociale Bari", "Unione dei Comuni Società"]
    );
    assert_eq!(other.name, "Ámbito sociale Bari");

    // A replica built from the change log makes the same keys.
    let copy_db = TestDb::new();
    let mut copy = copy_db.open();
    copy.apply_changes(&store.changes().unwrap()).unwrap();
    for s in [&store, &copy] {
        assert_eq!(names(s, "comuni societa"), ["Unione dei Comuni Società"]);
        assert_eq!(people_found(s, "alvarez"), 1);
        let stale: i64 = s
            .read(|c| {
                Ok(c.query_row(
                    "SELECT (SELECT count(*) FROM organisations
                              WHERE name_key <> fold(name) OR short_key <> fold(coalesce(short_name, '')))
                          + (SELECT count(*) FROM people
                              WHERE family_key <> fold(family_name) OR given_key <> fold(given_name))
                          + (SELECT count(*) FROM territories WHERE name_key <> fold(name))",
                    [],
                    |r| r.get(0),
                )?)
            })
            .unwrap();
        assert_eq!(stale, 0);
    }
}

#[test]
fn local_values_are_kept_on_this_laptop_only() {
    let db = TestDb::new();
    let mut store = db.open();
    let get = |s: &Store| s.read(|c| tavolo::store::local::local_value(c, "started_empty"));
    assert_eq!(get(&store).unwrap(), None);
    store.set_local_value("started_empty", "1").unwrap();
    store.set_local_value("started_empty", "1").unwrap();
    assert_eq!(get(&store).unwrap().as_deref(), Some("1"));
    assert!(store.changes().unwrap().is_empty(), "not in the change log");
    drop(store);
    let store = db.open();
    assert_eq!(get(&store).unwrap().as_deref(), Some("1"));
}
