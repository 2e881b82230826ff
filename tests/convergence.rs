//! Convergence, proved by a property test: three to five laptops, random actions
//! of the real domain (organisations created, renamed, annotated, archived and
//! merged; people, check-ins, notes added, edited, split, merged and moved;
//! relationships), random exchanges in which bundles are dropped, duplicated and
//! reordered, and clocks hours apart. After a full exchange every replicated table
//! is identical on every laptop, the Excel workbooks are cell for cell the same,
//! no bundle is left waiting, and every text ever accepted is still in the log.

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use tavolo::formats::workbook::write::{self as xlsx, Options};
use tavolo::meetings::{self, NewMeeting};
use tavolo::notes::{self, NewNote, NoteEdit};
use tavolo::register::duplicates;
use tavolo::register::organisations::{self, NewOrganisation};
use tavolo::register::people::{self, NewPerson};
use tavolo::register::relationships::{self, NewRelationship, Source};
use tavolo::register::territories::{self, NewTerritory};
use tavolo::store::clock::{Clock, SystemClock};
use tavolo::vocabulary::{
    AttendanceRole, Level, MeetingKind, MeetingStatus, OrgKind, RelationKind, TerritoryKind, Theme,
};
use tavolo::{sync, OpenMode, Store};

use crate::util::dump_rows;

/// The system clock moved by a fixed offset: a laptop whose clock is wrong.
struct Skewed(i64);

impl Clock for Skewed {
    fn now_millis(&self) -> u64 {
        (SystemClock.now_millis() as i64 + self.0) as u64
    }
}

#[derive(Debug, Clone)]
enum Op {
    NewOrg(usize, u8),
    Rename(usize, usize, u8),
    OrgNotes(usize, usize, u8),
    Archive(usize, usize, bool),
    MergeOrgs(usize, usize, usize),
    NewPerson(usize, usize),
    CheckIn(usize, usize),
    AddNote(usize, u8),
    EditNote(usize, usize, u8),
    SplitNote(usize, usize),
    MergeNotes(usize, usize),
    MoveNote(usize, usize, bool),
    Relate(usize, usize, usize),
    /// Bundles of one laptop to another: drop the newest, duplicate, reverse.
    Sync {
        from: usize,
        to: usize,
        drop: bool,
        dup: bool,
        reverse: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let r = 0..5usize;
    let i = 0..8usize;
    prop_oneof![
        (r.clone(), any::<u8>()).prop_map(|(r, n)| Op::NewOrg(r, n)),
        (r.clone(), i.clone(), any::<u8>()).prop_map(|(r, o, n)| Op::Rename(r, o, n)),
        (r.clone(), i.clone(), any::<u8>()).prop_map(|(r, o, n)| Op::OrgNotes(r, o, n)),
        (r.clone(), i.clone(), any::<bool>()).prop_map(|(r, o, a)| Op::Archive(r, o, a)),
        (r.clone(), i.clone(), i.clone()).prop_map(|(r, a, b)| Op::MergeOrgs(r, a, b)),
        (r.clone(), i.clone()).prop_map(|(r, o)| Op::NewPerson(r, o)),
        (r.clone(), i.clone()).prop_map(|(r, p)| Op::CheckIn(r, p)),
        (r.clone(), any::<u8>()).prop_map(|(r, n)| Op::AddNote(r, n)),
        (r.clone(), i.clone(), any::<u8>()).prop_map(|(r, o, n)| Op::EditNote(r, o, n)),
        (r.clone(), i.clone()).prop_map(|(r, n)| Op::SplitNote(r, n)),
        (r.clone(), i.clone()).prop_map(|(r, n)| Op::MergeNotes(r, n)),
        (r.clone(), i.clone(), any::<bool>()).prop_map(|(r, n, u)| Op::MoveNote(r, n, u)),
        (r.clone(), i.clone(), i.clone()).prop_map(|(r, a, b)| Op::Relate(r, a, b)),
        (r.clone(), r, any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(from, to, drop, dup, reverse)| Op::Sync {
                from,
                to,
                drop,
                dup,
                reverse
            }
        ),
    ]
}

/// One laptop: its database and its outbox (the folder its bundles go to).
struct Laptop {
    store: Store,
    outbox: PathBuf,
}

/// Every bundle in a folder, by name.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    all
}

/// Ids known anywhere, by kind (a laptop that lacks a row just fails the action).
#[derive(Default)]
struct Known {
    orgs: Vec<String>,
    people: Vec<String>,
    notes: Vec<String>,
    texts: Vec<String>,
    meeting: String,
}

fn pick(list: &[String], i: usize) -> Option<String> {
    (!list.is_empty()).then(|| list[i % list.len()].clone())
}

fn act(laptops: &mut [Laptop], known: &mut Known, op: &Op) {
    let n = laptops.len();
    let text = |k: u8, what: &str| format!("{what} {k} — città, “virgolette” #t{}", k % 5);
    match op {
        Op::Sync {
            from,
            to,
            drop,
            dup,
            reverse,
        } => {
            let (from, to) = (from % n, to % n);
            if from == to {
                return;
            }
            sync::export_to(&mut laptops[from].store, &laptops[from].outbox.clone()).unwrap();
            let mut bundles = files(&laptops[from].outbox);
            if *drop {
                bundles.pop();
            }
            if *dup {
                bundles.extend(bundles.clone());
            }
            if *reverse {
                bundles.reverse();
            }
            sync::import(&mut laptops[to].store, &bundles).unwrap();
        }
        other => {
            let r = match other {
                Op::NewOrg(r, _)
                | Op::Rename(r, ..)
                | Op::OrgNotes(r, ..)
                | Op::Archive(r, ..)
                | Op::MergeOrgs(r, ..)
                | Op::NewPerson(r, _)
                | Op::CheckIn(r, _)
                | Op::AddNote(r, _)
                | Op::EditNote(r, ..)
                | Op::SplitNote(r, _)
                | Op::MergeNotes(r, _)
                | Op::MoveNote(r, ..)
                | Op::Relate(r, ..) => r % n,
                Op::Sync { .. } => unreachable!(),
            };
            let store = &mut laptops[r].store;
            let meeting = known.meeting.clone();
            // A refused action (a row this laptop lacks, an invalid merge) changes
            // nothing; what was accepted is remembered.
            match other {
                Op::NewOrg(_, k) => {
                    if let Ok(o) = store.write(|tx| {
                        organisations::create(
                            tx,
                            &NewOrganisation::named(
                                &text(*k, "Ente"),
                                OrgKind::Other,
                                Level::Local,
                            ),
                        )
                    }) {
                        known.orgs.push(o.id);
                    }
                }
                Op::Rename(_, o, k) | Op::OrgNotes(_, o, k) => {
                    let Some(id) = pick(&known.orgs, *o) else {
                        return;
                    };
                    let notes_only = matches!(other, Op::OrgNotes(..));
                    let t = text(*k, if notes_only { "Appunto" } else { "Nome" });
                    let done = store.write(|tx| {
                        let cur = organisations::get(tx.conn(), &id)?;
                        let mut new = NewOrganisation::named(&cur.name, cur.kind, cur.level);
                        new.notes = cur.notes.clone();
                        if notes_only {
                            new.notes = t.clone();
                        } else {
                            new.name = t.clone();
                        }
                        organisations::update(tx, &id, &new)
                    });
                    if done.is_ok() && notes_only {
                        known.texts.push(t);
                    }
                }
                Op::Archive(_, o, a) => {
                    let Some(id) = pick(&known.orgs, *o) else {
                        return;
                    };
                    let _ = store.write(|tx| organisations::set_archived(tx, &id, *a));
                }
                Op::MergeOrgs(_, a, b) => {
                    let (Some(keep), Some(gone)) = (pick(&known.orgs, *a), pick(&known.orgs, *b))
                    else {
                        return;
                    };
                    let _ = store.write(|tx| duplicates::merge_organisations(tx, &keep, &gone));
                }
                Op::NewPerson(_, o) => {
                    let org = pick(&known.orgs, *o);
                    let p = store.write(|tx| {
                        people::create(
                            tx,
                            &NewPerson {
                                given_name: "Maria".into(),
                                family_name: format!("Rossi {}", known.people.len()),
                                organisation_id: org.clone(),
                                ..Default::default()
                            },
                        )
                    });
                    if let Ok(p) = p {
                        known.people.push(p.id);
                    }
                }
                Op::CheckIn(_, p) => {
                    let Some(id) = pick(&known.people, *p) else {
                        return;
                    };
                    let _ = store.write(|tx| {
                        meetings::check_in(tx, &meeting, &id, AttendanceRole::Participant)
                    });
                }
                Op::AddNote(_, k) => {
                    let t = text(*k, "Nota");
                    let note = store.write(|tx| {
                        notes::add(
                            tx,
                            &NewNote {
                                meeting_id: meeting.clone(),
                                table_id: None,
                                question_id: None,
                                speaker_id: None,
                                kind: None,
                                text: t.clone(),
                            },
                        )
                    });
                    if let Ok(note) = note {
                        known.notes.push(note.id);
                        known.texts.push(t);
                    }
                }
                Op::EditNote(_, i, k) => {
                    let Some(id) = pick(&known.notes, *i) else {
                        return;
                    };
                    let t = text(*k, "Corretta");
                    let edit = NoteEdit {
                        text: Some(t.clone()),
                        kind: None,
                        speaker_id: None,
                        table_id: None,
                    };
                    if store.write(|tx| notes::edit(tx, &id, &edit)).is_ok() {
                        known.texts.push(t);
                    }
                }
                Op::SplitNote(_, i) => {
                    let Some(id) = pick(&known.notes, *i) else {
                        return;
                    };
                    if let Ok((_, second)) = store.write(|tx| notes::split(tx, &id, 5)) {
                        known.notes.push(second.id);
                    }
                }
                Op::MergeNotes(_, i) => {
                    let (Some(a), Some(b)) = (pick(&known.notes, *i), pick(&known.notes, i + 1))
                    else {
                        return;
                    };
                    let _ = store.write(|tx| notes::merge(tx, &a, &b));
                }
                Op::MoveNote(_, i, up) => {
                    let Some(id) = pick(&known.notes, *i) else {
                        return;
                    };
                    let _ = store.write(|tx| notes::move_note(tx, &id, *up));
                }
                Op::Relate(_, a, b) => {
                    let (Some(from), Some(to)) = (pick(&known.orgs, *a), pick(&known.orgs, *b))
                    else {
                        return;
                    };
                    let _ = store.write(|tx| {
                        relationships::create(
                            tx,
                            &NewRelationship {
                                kind: RelationKind::Collaborates,
                                from: Source::Organisation(from.clone()),
                                to_org_id: to.clone(),
                                strength: 2,
                                since: None,
                                until: None,
                                notes: String::new(),
                            },
                        )
                    });
                }
                Op::Sync { .. } => unreachable!(),
            }
        }
    }
}

/// Every cell of the workbook a laptop exports.
fn cells(store: &Store, path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let options = Options {
        export_date: "2026-12-01".into(),
        ..Options::default()
    };
    store.read(|c| xlsx::export(c, path, &options)).unwrap();
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|s| {
            (
                s.clone(),
                book.worksheet_range(&s)
                    .unwrap()
                    .rows()
                    .map(|r| r.to_vec())
                    .collect(),
            )
        })
        .collect()
}

/// A temporary folder in memory when the system has one: the stores write with
/// fsync, and the property test makes thousands of writes.
fn scratch() -> tempfile::TempDir {
    match std::path::Path::new("/dev/shm") {
        p if p.is_dir() => tempfile::tempdir_in(p).unwrap(),
        _ => tempfile::tempdir().unwrap(),
    }
}

fn run_case(count: usize, skews: &[i64], ops: &[Op], order_seed: u64) -> Result<(), TestCaseError> {
    let root = scratch();
    let mut laptops: Vec<Laptop> = (0..count)
        .map(|i| {
            let outbox = root.path().join(format!("out{i}"));
            std::fs::create_dir_all(&outbox).unwrap();
            let store = Store::open_with_clock(
                &root.path().join(format!("l{i}.db")),
                OpenMode::CreateIfMissing,
                Box::new(Skewed(skews[i])),
            )
            .unwrap();
            Laptop { store, outbox }
        })
        .collect();
    // The first laptop sets the workspace up; the others join from its bundle.
    let mut known = Known::default();
    let outbox0 = laptops[0].outbox.clone();
    let base = &mut laptops[0].store;
    let region = base
        .write(|tx| {
            territories::create(
                tx,
                &NewTerritory {
                    kind: TerritoryKind::Region,
                    name: "Basilicata".into(),
                    parent_id: None,
                },
            )
        })
        .unwrap()
        .id;
    known.meeting = base
        .write(|tx| {
            meetings::plan(
                tx,
                &NewMeeting {
                    title: "Tavolo casa".into(),
                    kind: MeetingKind::FocusGroup,
                    theme: Theme::Housing,
                    territory_id: Some(region.clone()),
                    date: "2026-03-02".into(),
                    start_time: None,
                    end_time: None,
                    place: None,
                    status: MeetingStatus::Planned,
                },
                true,
            )
        })
        .unwrap()
        .id;
    // A few organisations, people and notes every laptop has from the start, so
    // that laptops often change the same rows before they exchange.
    for k in 0..3u8 {
        let org = base
            .write(|tx| {
                organisations::create(
                    tx,
                    &NewOrganisation::named(
                        &format!("Ente di partenza {k}"),
                        OrgKind::Other,
                        Level::Local,
                    ),
                )
            })
            .unwrap()
            .id;
        let person = base
            .write(|tx| {
                people::create(
                    tx,
                    &NewPerson {
                        given_name: "Luca".into(),
                        family_name: format!("Bianchi {k}"),
                        organisation_id: Some(org.clone()),
                        ..Default::default()
                    },
                )
            })
            .unwrap()
            .id;
        let note = base
            .write(|tx| {
                notes::add(
                    tx,
                    &NewNote {
                        meeting_id: known.meeting.clone(),
                        table_id: None,
                        question_id: None,
                        speaker_id: None,
                        kind: None,
                        text: format!("Nota di partenza {k}"),
                    },
                )
            })
            .unwrap()
            .id;
        known.orgs.push(org);
        known.people.push(person);
        known.notes.push(note);
    }
    let first = sync::export_to(base, &outbox0).unwrap().unwrap().file;
    for l in laptops.iter_mut().skip(1) {
        sync::import(&mut l.store, std::slice::from_ref(&first)).unwrap();
    }
    for op in ops {
        act(&mut laptops, &mut known, op);
    }
    // A full exchange, three times over so anything that waited for another's
    // bundle has arrived; each laptop takes the others' bundles one laptop at a
    // time, in an order of its own, so the same changes meet in different orders.
    for round in 0..3 {
        for l in laptops.iter_mut() {
            let out = l.outbox.clone();
            sync::export_to(&mut l.store, &out).unwrap();
        }
        let outboxes: Vec<Vec<PathBuf>> = laptops.iter().map(|l| files(&l.outbox)).collect();
        for (i, l) in laptops.iter_mut().enumerate() {
            let mut order: Vec<usize> = (0..count).collect();
            let turn = (order_seed as usize).wrapping_add(i * 7 + round) % count;
            order.rotate_left(turn);
            if (order_seed >> i) & 1 == 1 {
                order.reverse();
            }
            for j in order {
                sync::import(&mut l.store, &outboxes[j]).unwrap();
            }
        }
    }
    let reference = dump_rows(&laptops[0].store);
    for (i, l) in laptops.iter().enumerate() {
        prop_assert_eq!(&dump_rows(&l.store), &reference, "laptop {} differs", i);
        prop_assert!(
            sync::status(&l.store).unwrap().held.is_empty(),
            "laptop {} holds bundles back",
            i
        );
    }
    let last = count - 1;
    prop_assert_eq!(
        cells(&laptops[0].store, &root.path().join("a.xlsx")),
        cells(&laptops[last].store, &root.path().join("b.xlsx"))
    );
    // No accepted text is lost: each is in every laptop's log (current, in a
    // conflict, or in the history).
    for l in &laptops {
        for t in &known.texts {
            let n: i64 = l
                .store
                .read(|c| {
                    Ok(c.query_row(
                        "SELECT count(*) FROM change_log WHERE value = ?1",
                        [t],
                        |r| r.get(0),
                    )?)
                })
                .unwrap();
            prop_assert!(n > 0, "'{}' was lost", t);
        }
    }
    Ok(())
}

proptest! {
    // 500 cases in `make test` (PROPTEST_CASES overrides); failures are kept in
    // proptest-regressions/ and replayed first.
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/convergence.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge_whatever_the_exchange(
        count in 3..=5usize,
        skews in prop::collection::vec(-6 * 3_600_000i64..6 * 3_600_000i64, 5),
        ops in prop::collection::vec(op(), 4..24),
        order_seed in any::<u64>(),
    ) {
        run_case(count, &skews, &ops, order_seed)?;
    }
}
