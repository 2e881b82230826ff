//! The change log is complete: replaying it into an empty database reproduces the
//! same rows, whatever order the changes arrive in, and applying twice is harmless.
//! This is what sync between laptops will rely on.

use proptest::prelude::*;
use rusqlite::types::Value;
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::store::schema::ORGANISATIONS;
use tavolo::vocabulary::{Level, OrgKind};
use tavolo::{demo, store::integrity};

use crate::util::{dump_rows, TestDb};

#[test]
fn replaying_the_demo_log_reproduces_the_demo() {
    let source = TestDb::new();
    let mut a = source.open();
    demo::load(&mut a, 1).unwrap();
    // Some edits and a deletion on top, so the log holds more than inserts.
    let orgs = a.read(|c| organisations::list(c, "comune", 3)).unwrap();
    a.write(|tx| {
        tx.update(
            &ORGANISATIONS,
            &orgs[0].id,
            &[("notes", Value::Text("Referente cambiato".into()))],
        )?;
        tx.update(
            &ORGANISATIONS,
            &orgs[0].id,
            &[("notes", Value::Text("Referente cambiato due volte".into()))],
        )?;
        organisations::delete(tx, &orgs[1].id)
    })
    .unwrap();
    let meeting = a.read(tavolo::meetings::list).unwrap().remove(0).id;
    let note = tavolo::notes::NewNote {
        meeting_id: meeting,
        text: "Serve un mediatore in ambulatorio #salute".into(),
        ..Default::default()
    };
    a.write(|tx| tavolo::notes::add(tx, &note)).unwrap();

    let changes = a.changes().unwrap();
    let target = TestDb::new();
    let mut b = target.open();
    assert_eq!(b.apply_changes(&changes).unwrap(), changes.len());
    assert_eq!(dump_rows(&b), dump_rows(&a));
    assert_eq!(
        b.changes().unwrap(),
        changes,
        "the replica holds the same log"
    );
    assert!(b.read(integrity::check).unwrap().is_ok());

    // Applying again changes nothing.
    assert_eq!(b.apply_changes(&changes).unwrap(), 0);
    assert_eq!(dump_rows(&b), dump_rows(&a));
}

#[test]
fn a_received_change_moves_the_local_clock_forward() {
    let far_future = 4_000_000_000_000;
    let a_db = TestDb::new();
    let mut a = a_db.open_at(far_future);
    a.write(|tx| {
        organisations::create(
            tx,
            &NewOrganisation::named("Futuro", OrgKind::Other, Level::Local),
        )
    })
    .unwrap();
    let b_db = TestDb::new();
    let mut b = b_db.open_at(1_000);
    // Another process on b's file, open before the change arrives: its next
    // write must find the newest stamp in the file, not in its memory.
    let mut cli = b_db.open_at(1_000);
    b.apply_changes(&a.changes().unwrap()).unwrap();
    let org = b
        .read(|c| organisations::list(c, "futuro", 1))
        .unwrap()
        .remove(0);
    cli.write(|tx| {
        tx.update(
            &ORGANISATIONS,
            &org.id,
            &[("name", Value::Text("Rinominato".into()))],
        )
    })
    .unwrap();
    let newest = b.changes().unwrap().pop().unwrap();
    assert_eq!(newest.field, "name");
    assert!(
        newest.hlc.starts_with(&format!("{far_future:015}")),
        "{}",
        newest.hlc
    );
    assert_eq!(
        b.read(|c| organisations::get(c, &org.id)).unwrap().name,
        "Rinominato"
    );
}

#[test]
fn changes_naming_unknown_tables_or_fields_are_refused_whole() {
    let src = TestDb::new();
    let mut a = src.open();
    a.write(|tx| {
        organisations::create(
            tx,
            &NewOrganisation::named("Uno", OrgKind::Other, Level::Local),
        )
    })
    .unwrap();
    let mut changes = a.changes().unwrap();
    changes[0].field = "name = 'x'; --".into();
    let dst = TestDb::new();
    let mut b = dst.open();
    // Another laptop's log is input: a name this version does not know is invalid.
    assert_eq!(b.apply_changes(&changes).unwrap_err().kind(), "invalid");
    assert!(dump_rows(&b).is_empty());
    assert!(b.changes().unwrap().is_empty());
}

/// One user action in the property test below.
#[derive(Debug, Clone)]
enum Op {
    Create(String),
    Rename(usize, String),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        "[A-Za-zÀ-ü ]{1,12}".prop_map(Op::Create),
        (0usize..8, "[a-z]{1,8}").prop_map(|(i, s)| Op::Rename(i, s)),
        (0usize..8).prop_map(Op::Delete),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn replay_in_any_order_reproduces_the_rows(ops in prop::collection::vec(op(), 1..20), seed in any::<u64>()) {
        let src = TestDb::new();
        let mut a = src.open();
        let mut ids: Vec<String> = Vec::new();
        for op in ops {
            let _ = a.write(|tx| match &op {
                Op::Create(name) => {
                    let o = organisations::create(tx, &NewOrganisation::named(name, OrgKind::Other, Level::Local))?;
                    ids.push(o.id);
                    Ok(())
                }
                Op::Rename(i, name) => match ids.get(*i) {
                    Some(id) => tx.update(&ORGANISATIONS, id, &[("name", Value::Text(name.clone()))]).map(|_| ()),
                    None => Ok(()),
                },
                Op::Delete(i) => match ids.get(*i) {
                    Some(id) => tx.delete(&ORGANISATIONS, id),
                    None => Ok(()),
                },
            });
        }
        let mut changes = a.changes().unwrap();
        // A deterministic shuffle: changes may arrive in any order.
        let mut state = seed | 1;
        for i in (1..changes.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            changes.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let dst = TestDb::new();
        let mut b = dst.open();
        b.apply_changes(&changes).unwrap();
        prop_assert_eq!(dump_rows(&b), dump_rows(&a));
    }
}
