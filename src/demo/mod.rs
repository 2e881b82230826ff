//! The demonstration workspace: a realistic network of the Com.In. projects in the
//! five southern regions, drawn from the source pages in `shared/seeds`. People and
//! most organisations are invented; the meeting structure (four thematic meetings per
//! territory, the four tables and their guiding questions) follows the seeds.
//!
//! It is deterministic: the same rows with the same ids every time, so tests and
//! benchmarks can rely on it. `scale` multiplies organisations, people, meetings and
//! attendance for benchmarks.

mod actors;
mod note_bank;
mod operators;
mod places;
mod practices;

use actors::{DemoOrg, ORGANISATIONS};
use note_bank::{NOTES_COPY, NOTES_FIRST, NOTE_BANK, THEMES};
use operators::PEOPLE;
use places::{MEETING_TERRITORIES, TERRITORIES};

use crate::dates::add_days;
use crate::error::{Error, Result};
use crate::meetings::{self, NewMeeting};
use crate::notes::tags_of;
use crate::privacy::consent;
use crate::register::organisations::{self, NewOrganisation};
use crate::register::people::{self, NewPerson};
use crate::register::relationships::{self, NewRelationship};
use crate::register::territories::{self, NewTerritory};
use crate::store::ids::fixed_v7;
use crate::store::integrity;
use crate::store::schema::{GUIDING_QUESTIONS, MEETING_TABLES, NOTES};
use crate::store::{Store, WriteTx};
use crate::vocabulary::{
    AttendanceRole, ConsentHow, ConsentPurpose, Level, MeetingKind, MeetingStatus, OrgKind,
    RelationKind, TerritoryKind,
};
use rusqlite::types::Value;

/// 2024-01-01T00:00:00Z: the timestamp part of every demo id.
const DEMO_EPOCH_MS: u64 = 1_704_067_200_000;

/// The built-in templates: the four tables of the TEAMS seminar (seed 003).
pub use crate::meetings::TEMPLATE_TABLES as TABLES;

/// Influence on migrant services (1–5), for the power/interest grid.
fn influence(o: &DemoOrg) -> u8 {
    match (o.kind, o.level) {
        (_, Level::Eu | Level::National) => 5,
        (OrgKind::Region | OrgKind::Prefecture, _) => 5,
        (OrgKind::Municipality | OrgKind::HealthAgency, _) => 4,
        (OrgKind::JobCentre | OrgKind::School | OrgKind::University | OrgKind::TradeUnion, _) => 3,
        (OrgKind::Employer, _) => 3,
        (OrgKind::MigrantAssociation, _) => 1,
        _ => 2,
    }
}

/// Interest in migrant services (1–5), for the power/interest grid.
fn interest(o: &DemoOrg) -> u8 {
    match (o.kind, o.level) {
        (_, Level::Eu | Level::National) => 2,
        (OrgKind::ThirdSector | OrgKind::MigrantAssociation, _) => 5,
        (OrgKind::Region | OrgKind::Municipality | OrgKind::Religious, _) => 4,
        (OrgKind::Prefecture | OrgKind::Employer | OrgKind::Other, _) => 2,
        _ => 3,
    }
}

/// The links of one copy of the demo network, as (from, to, kind, strength) over
/// indices of [`ORGANISATIONS`]: each territory's municipality coordinates the
/// organisations of its meetings, neighbours in that list collaborate, the region
/// funds, the prefecture signs a protocollo d'intesa with the municipality, and
/// DG HOME funds every region. Organisations outside the meeting territories keep
/// few or no links: the gaps the map should show.
fn demo_links() -> Vec<(usize, usize, RelationKind, u8)> {
    let mut links = Vec::new();
    let find = |pred: &dyn Fn(&DemoOrg) -> bool| ORGANISATIONS.iter().position(pred);
    let eu = find(&|o| o.level == Level::Eu);
    for (_, _, _, orgs) in MEETING_TERRITORIES {
        let Some((&hub, rest)) = orgs.split_first() else {
            continue;
        };
        for &o in rest {
            let strength = if ORGANISATIONS[o].level == Level::Local {
                3
            } else {
                2
            };
            links.push((hub, o, RelationKind::Coordinates, strength));
        }
        for pair in rest.windows(2) {
            links.push((pair[0], pair[1], RelationKind::Collaborates, 2));
        }
        for &o in rest {
            match ORGANISATIONS[o].kind {
                OrgKind::Prefecture => links.push((o, hub, RelationKind::Agreement, 3)),
                OrgKind::HealthAgency => {
                    for &to in rest {
                        if ORGANISATIONS[to].kind == OrgKind::ThirdSector {
                            links.push((o, to, RelationKind::Refers, 2));
                        }
                    }
                }
                OrgKind::Region => links.push((o, hub, RelationKind::Funds, 2)),
                _ => {}
            }
        }
    }
    if let Some(eu) = eu {
        for (i, o) in ORGANISATIONS.iter().enumerate() {
            if o.kind == OrgKind::Region {
                links.push((eu, i, RelationKind::Funds, 1));
            }
        }
    }
    links
}

/// Links added to each benchmark copy beyond [`demo_links`], so that the network at
/// scale has about three links per organisation, some to the previous copy.
const EXTRA_LINKS_PER_COPY: usize = 108;

/// Ids are deterministic UUIDv7s; `n` orders them by creation.
struct Ids {
    n: u64,
}

impl Ids {
    fn next(&mut self, key: &str) -> String {
        self.n += 1;
        fixed_v7(DEMO_EPOCH_MS + self.n, key)
    }
}

/// Loads the demo workspace (multiplied `scale` times) in one transaction. Refuses a
/// workspace that already holds data, so it can never mix with real records.
/// When the demo's people signed their consents (the first meetings' month).
const CONSENT_DATE: &str = "2024-02-05";

pub fn load(store: &mut Store, scale: u32) -> Result<DemoSummary> {
    if scale == 0 {
        return Err(Error::invalid(
            "scale",
            crate::Problem::BadFormat {
                value: "0".into(),
                expected: "a number of copies, 1 or more",
            },
        ));
    }
    if !store.read(integrity::is_empty)? {
        return Err(Error::Conflict(
            "the workspace already holds data; the demo loads only into an empty workspace".into(),
        ));
    }
    store.write(|tx| fill(tx, scale))
}

/// How many records the demo created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DemoSummary {
    pub territories: usize,
    pub organisations: usize,
    pub people: usize,
    pub meetings: usize,
    pub attendance: usize,
    pub notes: usize,
    pub relationships: usize,
}

fn fill(tx: &mut WriteTx<'_>, scale: u32) -> Result<DemoSummary> {
    let mut ids = Ids { n: 0 };
    let mut sum = DemoSummary::default();
    let mut territory_ids: Vec<(&str, String)> = Vec::new();
    for (region, provinces) in TERRITORIES {
        let region_id = ids.next(&format!("territory:{region}"));
        let new = NewTerritory {
            kind: TerritoryKind::Region,
            name: (*region).into(),
            parent_id: None,
        };
        territories::create_with_id(tx, &region_id, &new)?;
        territory_ids.push((region, region_id.clone()));
        for (province, municipalities, districts) in *provinces {
            let province_id = ids.next(&format!("territory:{region}:{province}"));
            let label = format!("Provincia di {province}");
            let new = NewTerritory {
                kind: TerritoryKind::Province,
                name: label,
                parent_id: Some(region_id.clone()),
            };
            territories::create_with_id(tx, &province_id, &new)?;
            for (kind, names) in [
                (TerritoryKind::Municipality, *municipalities),
                (TerritoryKind::District, *districts),
            ] {
                for name in names {
                    let id = ids.next(&format!("territory:{province}:{name}"));
                    let new = NewTerritory {
                        kind,
                        name: (*name).into(),
                        parent_id: Some(province_id.clone()),
                    };
                    territories::create_with_id(tx, &id, &new)?;
                    if kind == TerritoryKind::Municipality {
                        territory_ids.push((name, id));
                    }
                }
            }
        }
    }
    sum.territories = tx
        .conn()
        .query_row("SELECT count(*) FROM territories", [], |r| {
            r.get::<_, i64>(0)
        })? as usize;
    let territory = |name: &str| {
        territory_ids
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.clone())
    };

    let links = demo_links();
    let mut previous_orgs: Vec<String> = Vec::new();
    for copy in 1..=scale {
        let suffix = if copy == 1 {
            String::new()
        } else {
            format!(" (sede {copy})")
        };
        let mut org_ids = Vec::with_capacity(ORGANISATIONS.len());
        for (i, o) in ORGANISATIONS.iter().enumerate() {
            let id = ids.next(&format!("org:{copy}:{i}"));
            let new = NewOrganisation {
                name: format!("{}{suffix}", o.name),
                short_name: o.short.map(str::to_owned),
                kind: o.kind,
                is_public: None,
                level: o.level,
                sectors: o.sectors.to_vec(),
                territory_id: o.territory.and_then(territory),
                country: o.country.map(str::to_owned),
                email: o.email.map(str::to_owned),
                phone: None,
                notes: String::new(),
                address: None,
                tags: Vec::new(),
                influence: Some(influence(o)),
                interest: Some(interest(o)),
            };
            organisations::create_with_id(tx, &id, &new)?;
            org_ids.push(id);
            sum.organisations += 1;
        }
        let mut person_ids = Vec::with_capacity(PEOPLE.len());
        for (i, (given, family, org, role, category)) in PEOPLE.iter().enumerate() {
            let id = ids.next(&format!("person:{copy}:{i}"));
            let new = NewPerson {
                given_name: (*given).into(),
                family_name: format!(
                    "{family}{}",
                    if copy == 1 {
                        String::new()
                    } else {
                        format!(" {copy}")
                    }
                ),
                organisation_id: org_ids.get(*org).cloned(),
                role: Some((*role).into()),
                category: Some(*category),
                ..NewPerson::default()
            };
            people::create_with_id(tx, &id, &new)?;
            // Everyone agreed to be in the register on the sign-in sheet; one in
            // six did not agree to be named in minutes and reports.
            let signed = Some(ConsentHow::SignedSheet);
            consent::set(
                tx,
                &id,
                ConsentPurpose::Register,
                true,
                signed,
                CONSENT_DATE,
            )?;
            if i % 6 != 5 {
                consent::set(tx, &id, ConsentPurpose::Names, true, signed, CONSENT_DATE)?;
            }
            person_ids.push((id, *org));
            sum.people += 1;
        }
        let mut new_links: Vec<(String, String, RelationKind, u8)> = links
            .iter()
            .map(|(a, b, k, s)| (org_ids[*a].clone(), org_ids[*b].clone(), *k, *s))
            .collect();
        if copy > 1 {
            let n = org_ids.len();
            for i in 0..EXTRA_LINKS_PER_COPY / 2 {
                let other = (i * 11 + 5) % n;
                if other != i {
                    new_links.push((
                        org_ids[i].clone(),
                        org_ids[other].clone(),
                        RelationKind::Refers,
                        1,
                    ));
                }
                let earlier = previous_orgs[(i * 7 + 3) % previous_orgs.len()].clone();
                new_links.push((org_ids[i].clone(), earlier, RelationKind::Collaborates, 2));
            }
        }
        for (k, (from, to, kind, strength)) in new_links.into_iter().enumerate() {
            let id = ids.next(&format!("link:{copy}:{k}"));
            let new = NewRelationship {
                kind,
                from: relationships::Source::Organisation(from),
                to_org_id: to,
                strength,
                since: Some(add_days("2023-01-01", 30 * (k as u32 % 12))),
                until: None,
                notes: String::new(),
            };
            relationships::create_with_id(tx, &id, &new)?;
            sum.relationships += 1;
        }
        // The facilitators of Consorzio Nova collaborate with each territory's hub.
        for (i, (person, org)) in person_ids.iter().enumerate() {
            if *org != 31 {
                continue;
            }
            let (_, _, _, orgs) = MEETING_TERRITORIES[i % MEETING_TERRITORIES.len()];
            let id = ids.next(&format!("person-link:{copy}:{i}"));
            let new = NewRelationship {
                kind: RelationKind::Collaborates,
                from: relationships::Source::Person(person.clone()),
                to_org_id: org_ids[orgs[0]].clone(),
                strength: 3,
                since: None,
                until: None,
                notes: String::new(),
            };
            relationships::create_with_id(tx, &id, &new)?;
            sum.relationships += 1;
        }
        for (t, (place_town, place, first_date)) in MEETING_TERRITORIES
            .iter()
            .map(|(town, place, date, _)| (town, place, date))
            .enumerate()
        {
            let orgs = MEETING_TERRITORIES[t].3;
            for (w, (theme, theme_label)) in THEMES.iter().enumerate() {
                let id = ids.next(&format!("meeting:{copy}:{t}:{w}"));
                let date = add_days(first_date, 7 * w as u32 + 28 * (copy - 1));
                let held = copy > 1 || w < 3;
                let new = NewMeeting {
                    title: format!("Incontro di rete – {theme_label} – {place_town}"),
                    kind: MeetingKind::FocusGroup,
                    theme: *theme,
                    territory_id: territory(place_town),
                    date,
                    start_time: Some("09:30".into()),
                    end_time: Some("13:00".into()),
                    place: Some((*place).into()),
                    status: if held {
                        MeetingStatus::Held
                    } else {
                        MeetingStatus::Planned
                    },
                };
                meetings::create_with_id(tx, &id, &new)?;
                sum.meetings += 1;
                let mut table_ids: Vec<(String, String)> = Vec::new();
                for (k, (title, questions)) in TABLES.iter().enumerate() {
                    let table_id = ids.next(&format!("table:{id}:{k}"));
                    tx.insert(
                        &MEETING_TABLES,
                        &table_id,
                        &[
                            ("meeting_id", Value::Text(id.clone())),
                            ("position", Value::Integer(k as i64 + 1)),
                            ("title", Value::Text((*title).into())),
                        ],
                    )?;
                    for (q, text) in questions.iter().enumerate() {
                        let qid = ids.next(&format!("question:{table_id}:{q}"));
                        if q == 0 {
                            table_ids.push((table_id.clone(), qid.clone()));
                        }
                        tx.insert(
                            &GUIDING_QUESTIONS,
                            &qid,
                            &[
                                ("table_id", Value::Text(table_id.clone())),
                                ("position", Value::Integer(q as i64 + 1)),
                                ("text", Value::Text((*text).into())),
                            ],
                        )?;
                    }
                }
                if held {
                    // The facilitator of Consorzio Nova, then the people of the
                    // territory's organisations, one in two at each meeting (in the
                    // benchmark copies, about five in twelve of everyone).
                    let mut attendees = Vec::new();
                    for (n, (person, org)) in person_ids.iter().enumerate() {
                        let facilitator = *org == 31 && n % 2 == 1;
                        let local = if copy == 1 {
                            orgs.contains(org) && (n + w) % 2 == 0
                        } else {
                            (n * 7 + w * 3 + t * 5) % 12 < 5
                        };
                        if facilitator || local {
                            attendees.push(person.clone());
                            let role = if facilitator {
                                AttendanceRole::Facilitator
                            } else {
                                AttendanceRole::Participant
                            };
                            meetings::check_in(tx, &id, person, role)?;
                            sum.attendance += 1;
                        }
                    }
                    let count = if copy == 1 { NOTES_FIRST } else { NOTES_COPY };
                    // The meeting starts at 09:30 in Italy (08:30 UTC in winter).
                    let start_ms = crate::dates::rome_instant(&new.date, "09:30").unwrap_or(0);
                    for j in 0..count {
                        let (kind, text) =
                            NOTE_BANK[(t * 5 + w * 3 + j * 7 + copy as usize) % NOTE_BANK.len()];
                        let (table_id, question_id) = &table_ids[j % table_ids.len()];
                        let speaker = attendees.get((j * 3 + 1) % attendees.len().max(1));
                        let speaker_org = crate::notes::speaker_organisation(
                            tx.conn(),
                            speaker.map(String::as_str),
                        )?;
                        let note_id = ids.next(&format!("note:{id}:{j}"));
                        tx.insert(
                            &NOTES,
                            &note_id,
                            &[
                                ("meeting_id", Value::Text(id.clone())),
                                ("table_id", Value::Text(table_id.clone())),
                                ("question_id", Value::Text(question_id.clone())),
                                (
                                    "speaker_id",
                                    speaker.cloned().map_or(Value::Null, Value::Text),
                                ),
                                (
                                    "speaker_org_id",
                                    speaker_org.map_or(Value::Null, Value::Text),
                                ),
                                ("kind", Value::Text(kind.code().into())),
                                ("tags", Value::Text(tags_of(text).join(" "))),
                                ("text", Value::Text(text.into())),
                                ("taken_at", Value::Integer(start_ms + j as i64 * 6 * 60_000)),
                                ("position", Value::Real(j as f64 + 1.0)),
                            ],
                        )?;
                        sum.notes += 1;
                    }
                }
            }
        }
        previous_orgs = org_ids;
    }
    practices::fill(tx, &mut ids)?;
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_and_meetings_point_at_existing_organisations() {
        for (_, _, org, _, _) in PEOPLE {
            assert!(*org < ORGANISATIONS.len());
        }
        for (_, _, _, orgs) in MEETING_TERRITORIES {
            assert!(orgs.iter().all(|o| *o < ORGANISATIONS.len()));
        }
        assert_eq!(ORGANISATIONS[31].name, "Consorzio Nova");
    }
}
