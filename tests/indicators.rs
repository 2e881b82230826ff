//! Indicators: each figure is recomputed here from the raw rows, independently of
//! the SQL in `src/indicators.rs`, and each drill-down has as many rows as its figure.

use std::collections::{BTreeMap, HashMap, HashSet};

use tavolo::indicators::{self, drill_down, Figure, Filter, Indicators};
use tavolo::notes::{self, NewNote};
use tavolo::vocabulary::{NoteKind, Theme};
use tavolo::{demo, register::territories, Store};

use crate::util::TestDb;

/// The figures, computed in plain Rust from every row of the tables involved.
fn recompute(store: &Store, filter: &Filter) -> Indicators {
    store
        .read(|c| {
            let parent: HashMap<String, Option<String>> = c
                .prepare("SELECT id, parent_id FROM territories")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let within = |t: &Option<String>| -> bool {
                let Some(area) = &filter.territory_id else {
                    return true;
                };
                let mut cur = t.clone();
                while let Some(id) = cur {
                    if &id == area {
                        return true;
                    }
                    cur = parent.get(&id).cloned().flatten();
                }
                false
            };
            let mut meetings: HashMap<String, (String, String, Option<String>)> = HashMap::new();
            let mut stmt = c.prepare(
                "SELECT id, date, theme, kind, status, deleted, territory_id FROM meetings",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?;
            for row in rows {
                let (id, date, theme, kind, status, deleted, territory) = row?;
                let ok = deleted == 0
                    && status == "held"
                    && within(&territory)
                    && filter.from.as_ref().is_none_or(|f| &date >= f)
                    && filter.to.as_ref().is_none_or(|t| &date <= t)
                    && filter.theme.is_none_or(|t| t.code() == theme)
                    && filter.kind.is_none_or(|k| k.code() == kind);
                if ok {
                    meetings.insert(id, (theme, date, territory));
                }
            }
            let public: HashMap<String, bool> = c
                .prepare("SELECT id, is_public_operator FROM people WHERE deleted = 0")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut participations = 0;
            let mut people = HashSet::new();
            let mut orgs = HashSet::new();
            let mut people_by_theme: BTreeMap<String, HashSet<String>> = BTreeMap::new();
            let mut stmt = c.prepare(
                "SELECT meeting_id, person_id, organisation_id, deleted FROM attendance",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            for row in rows {
                let (meeting, person, org, deleted) = row?;
                if deleted != 0 || !public.contains_key(&person) {
                    continue;
                }
                let Some((theme, _, _)) = meetings.get(&meeting) else {
                    continue;
                };
                participations += 1;
                people.insert(person.clone());
                people_by_theme
                    .entry(theme.clone())
                    .or_default()
                    .insert(person);
                if let Some(o) = org {
                    orgs.insert(o);
                }
            }
            let public_operators = people.iter().filter(|p| public[*p]).count() as i64;
            let notes: i64 = {
                let mut stmt = c.prepare("SELECT meeting_id FROM notes WHERE deleted = 0")?;
                let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
                let mut n = 0;
                for id in ids {
                    if meetings.contains_key(&id?) {
                        n += 1;
                    }
                }
                n
            };
            Ok(Indicators {
                meetings_held: meetings.len() as i64,
                participations,
                people: people.len() as i64,
                public_operators,
                private_operators: people.len() as i64 - public_operators,
                organisations: orgs.len() as i64,
                territories: meetings
                    .values()
                    .map(|m| m.2.clone())
                    .collect::<HashSet<_>>()
                    .len() as i64,
                notes,
                people_by_theme: people_by_theme
                    .into_iter()
                    .map(|(k, v)| (k, v.len() as i64))
                    .collect(),
                ..Indicators::default()
            })
        })
        .unwrap()
}

fn check(store: &Store, filter: &Filter) -> Indicators {
    let got = store.read(|c| indicators::compute(c, filter)).unwrap();
    let want = recompute(store, filter);
    let headline = |i: &Indicators| {
        (
            i.meetings_held,
            i.participations,
            i.people,
            i.public_operators,
            i.private_operators,
            i.organisations,
            i.territories,
            i.notes,
            i.people_by_theme.clone(),
        )
    };
    assert_eq!(headline(&got), headline(&want), "filter {filter:?}");
    assert_eq!(
        got.meetings_by_theme.iter().map(|x| x.1).sum::<i64>(),
        got.meetings_held
    );
    assert_eq!(
        got.meetings_by_month.iter().map(|x| x.1).sum::<i64>(),
        got.meetings_held
    );
    for (figure, n) in [
        (Figure::Meetings, got.meetings_held),
        (Figure::People, got.people),
        (Figure::PublicOperators, got.public_operators),
        (Figure::Organisations, got.organisations),
    ] {
        let rows = store.read(|c| drill_down(c, filter, figure)).unwrap();
        assert_eq!(rows.len() as i64, n, "{figure:?} drill-down for {filter:?}");
    }
    got
}

#[test]
fn every_figure_matches_an_independent_count() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 2).unwrap();
    let held = store.read(tavolo::meetings::list).unwrap();
    let first = held
        .iter()
        .find(|m| m.status == tavolo::vocabulary::MeetingStatus::Held)
        .unwrap()
        .id
        .clone();
    let demo_notes = check(&store, &Filter::default()).notes;
    assert!(demo_notes > 0, "the demo has notes at held meetings");
    for (i, kind) in NoteKind::ALL.iter().enumerate() {
        let new = NewNote {
            meeting_id: first.clone(),
            kind: Some(*kind),
            text: format!("nota {i}"),
            ..NewNote::default()
        };
        store.write(|tx| notes::add(tx, &new)).unwrap();
    }
    let all = check(&store, &Filter::default());
    assert!(
        all.meetings_held > 12
            && all.people > 20
            && all.public_operators > 0
            && all.private_operators > 0
    );
    assert_eq!(all.notes, demo_notes + NoteKind::ALL.len() as i64);

    let regions = store.read(territories::list).unwrap();
    let basilicata = regions
        .iter()
        .find(|t| t.name == "Basilicata")
        .unwrap()
        .id
        .clone();
    let in_region = check(
        &store,
        &Filter {
            territory_id: Some(basilicata),
            ..Filter::default()
        },
    );
    assert!(in_region.meetings_held > 0 && in_region.meetings_held < all.meetings_held);
    check(
        &store,
        &Filter {
            theme: Some(Theme::Health),
            ..Filter::default()
        },
    );
    let march = check(
        &store,
        &Filter {
            from: Some("2024-03-01".into()),
            to: Some("2024-03-31".into()),
            ..Filter::default()
        },
    );
    assert!(march.meetings_by_month.iter().all(|(m, _)| m == "2024-03"));
}

#[test]
fn a_bad_period_names_the_field() {
    let db = TestDb::new();
    let store = db.open();
    let err = store
        .read(|c| {
            indicators::compute(
                c,
                &Filter {
                    from: Some("31/02/2024".into()),
                    ..Filter::default()
                },
            )
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "from: '31/02/2024' is not a date (YYYY-MM-DD)"
    );
}
