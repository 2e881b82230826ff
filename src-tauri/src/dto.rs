//! The types that cross the IPC boundary, serialised as JSON for the web UI.
//!
//! They mirror core types field by field; the TypeScript declarations in
//! `ui/src/lib/ipc-types.ts` are generated from them (`make types`), and the test
//! `ipc_types_are_fresh` fails when the committed file is stale. Codes of closed
//! lists (kind, level, sectors ...) travel as strings; the UI shows them through its
//! message catalogues.

use serde::{Deserialize, Serialize};
use tavolo::demo::DemoSummary;
use tavolo::register::organisations::Organisation;
use tavolo::register::territories::Territory;
use tavolo::vocabulary as v;
use ts_rs::TS;

/// What the first screen needs to know about the workspace.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkspaceStatus {
    /// True when the workspace holds no records yet (show the first-launch screen).
    pub empty: bool,
    /// The database file, shown in the settings so people know where their data is.
    pub db_path: String,
    pub organisations: u32,
    pub people: u32,
    pub meetings: u32,
    /// True once someone chose "start empty" on this laptop: an empty workspace
    /// then opens on the register, not on the first-launch screen again.
    pub started_empty: bool,
}

/// What loading the demo created.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DemoLoaded {
    pub territories: u32,
    pub organisations: u32,
    pub people: u32,
    pub meetings: u32,
    pub attendance: u32,
}

impl From<DemoSummary> for DemoLoaded {
    fn from(s: DemoSummary) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        DemoLoaded {
            territories: n(s.territories),
            organisations: n(s.organisations),
            people: n(s.people),
            meetings: n(s.meetings),
            attendance: n(s.attendance),
        }
    }
}

/// The codes of every closed list, in display order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Vocabulary {
    pub territory_kinds: Vec<String>,
    pub org_kinds: Vec<String>,
    pub levels: Vec<String>,
    pub sectors: Vec<String>,
    pub operator_categories: Vec<String>,
    pub relation_kinds: Vec<String>,
    pub meeting_kinds: Vec<String>,
    pub themes: Vec<String>,
    pub meeting_statuses: Vec<String>,
    pub attendance_roles: Vec<String>,
    pub note_kinds: Vec<String>,
}

impl Vocabulary {
    pub fn current() -> Self {
        let s = |codes: Vec<&str>| codes.into_iter().map(str::to_owned).collect();
        Vocabulary {
            territory_kinds: s(v::TerritoryKind::codes()),
            org_kinds: s(v::OrgKind::codes()),
            levels: s(v::Level::codes()),
            sectors: s(v::Sector::codes()),
            operator_categories: s(v::OperatorCategory::codes()),
            relation_kinds: s(v::RelationKind::codes()),
            meeting_kinds: s(v::MeetingKind::codes()),
            themes: s(v::Theme::codes()),
            meeting_statuses: s(v::MeetingStatus::codes()),
            attendance_roles: s(v::AttendanceRole::codes()),
            note_kinds: s(v::NoteKind::codes()),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TerritoryDto {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub parent_id: Option<String>,
}

impl From<Territory> for TerritoryDto {
    fn from(t: Territory) -> Self {
        TerritoryDto {
            id: t.id,
            kind: t.kind.code().to_owned(),
            name: t.name,
            parent_id: t.parent_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrganisationDto {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub is_public: bool,
    pub level: String,
    pub sectors: Vec<String>,
    pub territory_id: Option<String>,
    pub territory_name: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    pub tags: Vec<String>,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub archived: bool,
}

impl From<Organisation> for OrganisationDto {
    fn from(o: Organisation) -> Self {
        OrganisationDto {
            id: o.id,
            name: o.name,
            short_name: o.short_name,
            kind: o.kind.code().to_owned(),
            is_public: o.is_public,
            level: o.level.code().to_owned(),
            sectors: o.sectors.iter().map(|s| s.code().to_owned()).collect(),
            territory_id: o.territory_id,
            territory_name: o.territory_name,
            country: o.country,
            email: o.email,
            phone: o.phone,
            notes: o.notes,
            address: o.address,
            tags: o.tags,
            influence: o.influence,
            interest: o.interest,
            archived: o.archived,
        }
    }
}

/// The create form's fields, as typed.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewOrganisationDto {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub is_public: Option<bool>,
    pub level: String,
    pub sectors: Vec<String>,
    pub territory_id: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    /// Free tags, separated by commas or spaces.
    pub tags: String,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
}

impl NewOrganisationDto {
    /// Converts to the core's input; unknown codes become errors naming the field.
    pub fn into_core(self) -> tavolo::Result<tavolo::register::organisations::NewOrganisation> {
        Ok(tavolo::register::organisations::NewOrganisation {
            name: self.name,
            short_name: self.short_name,
            kind: v::OrgKind::parse("kind", &self.kind)?,
            is_public: self.is_public,
            level: v::Level::parse("level", &self.level)?,
            sectors: self
                .sectors
                .iter()
                .map(|s| v::Sector::parse("sectors", s))
                .collect::<tavolo::Result<_>>()?,
            territory_id: self.territory_id.filter(|t| !t.is_empty()),
            country: self.country,
            email: self.email,
            phone: self.phone,
            notes: self.notes,
            address: blank(self.address),
            tags: self
                .tags
                .split([',', ' ', ';'])
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            influence: self.influence,
            interest: self.interest,
        })
    }
}

/// The filters of the Indicators screen and of the export (empty = all).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct FilterDto {
    pub from: Option<String>,
    pub to: Option<String>,
    pub territory_id: Option<String>,
    pub theme: Option<String>,
    pub kind: Option<String>,
}

impl FilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::indicators::Filter> {
        Ok(tavolo::indicators::Filter {
            from: blank(self.from),
            to: blank(self.to),
            territory_id: blank(self.territory_id),
            theme: blank(self.theme)
                .map(|t| v::Theme::parse("theme", &t))
                .transpose()?,
            kind: blank(self.kind)
                .map(|k| v::MeetingKind::parse("kind", &k))
                .transpose()?,
        })
    }
}

/// One bar of a breakdown: a code (or month, or territory name) and its count.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CountDto {
    pub key: String,
    pub count: u32,
}

/// The figures of the Indicators screen (the same as the Indicatori sheet).
#[derive(Debug, Clone, Serialize, TS)]
pub struct IndicatorsDto {
    pub meetings_held: u32,
    pub participations: u32,
    pub people: u32,
    pub public_operators: u32,
    pub private_operators: u32,
    pub organisations: u32,
    pub territories: u32,
    pub notes: u32,
    pub meetings_by_month: Vec<CountDto>,
    pub meetings_by_theme: Vec<CountDto>,
    pub people_by_theme: Vec<CountDto>,
    pub organisations_by_kind: Vec<CountDto>,
    pub notes_by_kind: Vec<CountDto>,
}

impl From<tavolo::indicators::Indicators> for IndicatorsDto {
    fn from(i: tavolo::indicators::Indicators) -> Self {
        let n = |x: i64| u32::try_from(x).unwrap_or(u32::MAX);
        let g = |v: Vec<(String, i64)>| {
            v.into_iter()
                .map(|(key, count)| CountDto {
                    key,
                    count: n(count),
                })
                .collect()
        };
        IndicatorsDto {
            meetings_held: n(i.meetings_held),
            participations: n(i.participations),
            people: n(i.people),
            public_operators: n(i.public_operators),
            private_operators: n(i.private_operators),
            organisations: n(i.organisations),
            territories: n(i.territories),
            notes: n(i.notes),
            meetings_by_month: g(i.meetings_by_month),
            meetings_by_theme: g(i.meetings_by_theme),
            people_by_theme: g(i.people_by_theme),
            organisations_by_kind: g(i.organisations_by_kind),
            notes_by_kind: g(i.notes_by_kind),
        }
    }
}

/// A row behind a figure: the record's id and name.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DrillRowDto {
    pub id: String,
    pub name: String,
}

/// A finished export: where, and how many rows each sheet holds.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportDoneDto {
    pub path: String,
    pub sheets: Vec<CountDto>,
}

/// Sent as the `export-progress` event while a workbook is written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportProgressDto {
    pub done: u32,
    pub total: u32,
}

/// A meeting in the calendar list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MeetingDto {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub theme: String,
    pub territory_name: Option<String>,
    pub date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub status: String,
    pub attendees: u32,
}

impl From<tavolo::meetings::Meeting> for MeetingDto {
    fn from(m: tavolo::meetings::Meeting) -> Self {
        MeetingDto {
            id: m.id,
            title: m.title,
            kind: m.kind.code().to_owned(),
            theme: m.theme.code().to_owned(),
            territory_name: m.territory_name,
            date: m.date,
            start_time: m.start_time,
            end_time: m.end_time,
            place: m.place,
            status: m.status.code().to_owned(),
            attendees: u32::try_from(m.attendees).unwrap_or(u32::MAX),
        }
    }
}

/// A person found by the check-in search.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PersonDto {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_name: Option<String>,
    pub role: Option<String>,
    pub organisation_id: Option<String>,
    pub category: Option<String>,
    pub is_public_operator: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    pub needs_interpreter: bool,
}

impl From<tavolo::register::people::Person> for PersonDto {
    fn from(p: tavolo::register::people::Person) -> Self {
        PersonDto {
            id: p.id,
            given_name: p.given_name,
            family_name: p.family_name,
            organisation_name: p.organisation_name,
            role: p.role,
            organisation_id: p.organisation_id,
            category: p.category.map(|c| c.code().to_owned()),
            is_public_operator: p.is_public_operator,
            email: p.email,
            phone: p.phone,
            languages: p.languages,
            needs_interpreter: p.needs_interpreter,
        }
    }
}

/// The people list's search, filters and order ("" for "any").
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PeopleFilterDto {
    pub search: String,
    pub category: String,
    /// "public", "private" or "".
    pub operator: String,
    pub needs_interpreter: bool,
    pub language: String,
    /// "name", "organisation" or "category".
    pub sort: String,
    pub descending: bool,
}

impl PeopleFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::people::ListFilter> {
        use tavolo::register::people::SortBy;
        Ok(tavolo::register::people::ListFilter {
            search: self.search,
            category: blank(Some(self.category))
                .map(|c| v::OperatorCategory::parse("category", &c))
                .transpose()?,
            public_operator: match self.operator.as_str() {
                "public" => Some(true),
                "private" => Some(false),
                _ => None,
            },
            needs_interpreter: self.needs_interpreter,
            language: blank(Some(self.language)),
            sort: match self.sort.as_str() {
                "organisation" => SortBy::Organisation,
                "category" => SortBy::Category,
                _ => SortBy::Name,
            },
            descending: self.descending,
        })
    }
}

/// Someone checked in, with the role they have at this meeting.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AttendeeDto {
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub organisation_name: Option<String>,
    pub role: String,
    pub is_public_operator: bool,
}

impl From<tavolo::meetings::Attendee> for AttendeeDto {
    fn from(a: tavolo::meetings::Attendee) -> Self {
        AttendeeDto {
            person_id: a.person_id,
            given_name: a.given_name,
            family_name: a.family_name,
            organisation_id: a.organisation_id,
            organisation_name: a.organisation_name,
            role: a.role.code().to_owned(),
            is_public_operator: a.is_public_operator,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionDto {
    pub id: String,
    pub text: String,
}

/// A table (tavolo) of a meeting with its guiding questions.
#[derive(Debug, Clone, Serialize, TS)]
pub struct TableDto {
    pub id: String,
    pub title: String,
    pub questions: Vec<QuestionDto>,
}

impl From<tavolo::meetings::MeetingTable> for TableDto {
    fn from(t: tavolo::meetings::MeetingTable) -> Self {
        TableDto {
            id: t.id,
            title: t.title,
            questions: t
                .questions
                .into_iter()
                .map(|(id, text)| QuestionDto { id, text })
                .collect(),
        }
    }
}

/// A saved note. `taken_at_ms` is milliseconds since the Unix epoch.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteDto {
    pub id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: Option<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub taken_at_ms: f64,
}

impl From<tavolo::notes::Note> for NoteDto {
    fn from(n: tavolo::notes::Note) -> Self {
        NoteDto {
            id: n.id,
            table_id: n.table_id,
            question_id: n.question_id,
            speaker_id: n.speaker_id,
            kind: n.kind.map(|k| k.code().to_owned()),
            text: n.text,
            tags: n.tags,
            taken_at_ms: n.taken_at as f64,
        }
    }
}

/// Everything the console shows for one meeting.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConsoleDto {
    pub meeting: MeetingDto,
    pub tables: Vec<TableDto>,
    pub attendees: Vec<AttendeeDto>,
    pub notes: Vec<NoteDto>,
    /// What was left typed in the note box, if anything.
    pub draft: Option<String>,
}

/// A note as the console sends it.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewNoteDto {
    pub meeting_id: String,
    pub table_id: Option<String>,
    pub question_id: Option<String>,
    pub speaker_id: Option<String>,
    pub kind: Option<String>,
    pub text: String,
}

impl NewNoteDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::notes::NewNote> {
        Ok(tavolo::notes::NewNote {
            meeting_id: self.meeting_id,
            table_id: self.table_id,
            question_id: self.question_id,
            speaker_id: self.speaker_id,
            kind: self
                .kind
                .filter(|k| !k.is_empty())
                .map(|k| v::NoteKind::parse("kind", &k))
                .transpose()?,
            text: self.text,
        })
    }
}

/// A note found by the search: the note, and its text cut into pieces, every odd
/// piece being a match (so the page can mark matches without parsing any HTML).
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteHitDto {
    pub note: NoteDto,
    pub pieces: Vec<String>,
}

/// A relationship as the organisation page lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RelationshipDto {
    pub id: String,
    pub kind: String,
    pub from_org_id: Option<String>,
    pub from_person_id: Option<String>,
    pub from_name: String,
    pub to_org_id: String,
    pub to_name: String,
    pub strength: u8,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl From<tavolo::register::relationships::Relationship> for RelationshipDto {
    fn from(r: tavolo::register::relationships::Relationship) -> Self {
        let (from_org_id, from_person_id) = match r.from {
            tavolo::register::relationships::From::Organisation(o) => (Some(o), None),
            tavolo::register::relationships::From::Person(p) => (None, Some(p)),
        };
        RelationshipDto {
            id: r.id,
            kind: r.kind.code().to_owned(),
            from_org_id,
            from_person_id,
            from_name: r.from_name,
            to_org_id: r.to_org_id,
            to_name: r.to_name,
            strength: r.strength,
            since: r.since,
            until: r.until,
        }
    }
}

/// A new link from an organisation or a person to an organisation.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewRelationshipDto {
    pub kind: String,
    pub from_org_id: Option<String>,
    pub from_person_id: Option<String>,
    pub to_org_id: String,
    pub strength: u8,
    pub since: Option<String>,
    pub notes: String,
}

impl NewRelationshipDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::relationships::NewRelationship> {
        let from = match (
            self.from_person_id.filter(|p| !p.is_empty()),
            self.from_org_id.filter(|o| !o.is_empty()),
        ) {
            (Some(p), _) => tavolo::register::relationships::From::Person(p),
            (None, Some(o)) => tavolo::register::relationships::From::Organisation(o),
            (None, None) => {
                return Err(tavolo::Error::invalid(
                    "from_org_id",
                    tavolo::Problem::Required,
                ))
            }
        };
        Ok(tavolo::register::relationships::NewRelationship {
            kind: v::RelationKind::parse("kind", &self.kind)?,
            from,
            to_org_id: self.to_org_id,
            strength: self.strength,
            since: self.since.filter(|s| !s.trim().is_empty()),
            until: None,
            notes: self.notes,
        })
    }
}

/// A person added to an organisation from its page.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewPersonDto {
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub role: Option<String>,
    pub category: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Languages spoken, separated by commas.
    pub languages: String,
    pub needs_interpreter: bool,
}

impl NewPersonDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::people::NewPerson> {
        Ok(tavolo::register::people::NewPerson {
            given_name: self.given_name,
            family_name: self.family_name,
            organisation_id: blank(self.organisation_id),
            role: blank(self.role),
            category: blank(self.category)
                .map(|c| v::OperatorCategory::parse("category", &c))
                .transpose()?,
            is_public_operator: None,
            email: blank(self.email),
            phone: blank(self.phone),
            languages: self
                .languages
                .split([',', ';'])
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            needs_interpreter: self.needs_interpreter,
        })
    }
}

/// Everything the organisation page shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrganisationDetailDto {
    pub organisation: OrganisationDto,
    pub people: Vec<PersonDto>,
    pub relationships: Vec<RelationshipDto>,
    pub meetings: Vec<MeetingDto>,
}

/// Which organisations the map shows (empty = all).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct MapFilterDto {
    pub territory_id: Option<String>,
    pub sector: Option<String>,
    pub level: Option<String>,
    pub kind: Option<String>,
}

impl MapFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::network::MapFilter> {
        Ok(tavolo::network::MapFilter {
            territory_id: blank(self.territory_id),
            sector: blank(self.sector)
                .map(|s| v::Sector::parse("sector", &s))
                .transpose()?,
            level: blank(self.level)
                .map(|s| v::Level::parse("level", &s))
                .transpose()?,
            kind: blank(self.kind)
                .map(|s| v::OrgKind::parse("kind", &s))
                .transpose()?,
        })
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapNodeDto {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub level: String,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub degree: u32,
    /// 0–1; null when the map is too large to compute it.
    pub betweenness: Option<f64>,
    /// Position laid out by the core for large maps (more than
    /// `network::PRESET_LAYOUT_ABOVE` organisations); null: the page lays it out.
    pub x: Option<f64>,
    pub y: Option<f64>,
    /// Large maps: the index of the organisation's territory in `MapDto::clusters`.
    pub cluster: Option<u32>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapEdgeDto {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: String,
    pub strength: u8,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct TerritoryMeasuresDto {
    pub territory: String,
    pub actors: u32,
    pub links: u32,
    pub isolated: u32,
}

/// The map: organisations, links, and measures per territory.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MapDto {
    pub nodes: Vec<MapNodeDto>,
    pub edges: Vec<MapEdgeDto>,
    pub territories: Vec<TerritoryMeasuresDto>,
    /// Large maps only (laid out by the core): one cluster per territory, and
    /// the links between clusters, drawn instead of every single link.
    pub clusters: Vec<MapClusterDto>,
    pub cluster_links: Vec<MapClusterLinkDto>,
    /// Large maps only, instead of `edges` (then empty): each link as
    /// [from, to, strength], the first two indexes into `nodes`. Thirty thousand
    /// links as ids were two thirds of the map's JSON, and the page needs a link
    /// only when one of its ends is focused.
    pub links: Vec<[u32; 3]>,
    /// Milliseconds the core took (query, measures, layout), for the benchmark.
    pub core_ms: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapClusterDto {
    /// "cluster:" and the territory's id ("cluster:" alone: no territory).
    pub id: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub radius: f64,
    pub actors: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MapClusterLinkDto {
    pub from: String,
    pub to: String,
    pub links: u32,
}

/// A row of the coverage matrix: counts per sector, in the vocabulary's order.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CoverageRowDto {
    pub territory_id: String,
    pub territory: String,
    pub counts: Vec<u32>,
}

/// One meeting, planned from the form.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewMeetingDto {
    pub title: String,
    pub kind: String,
    pub theme: String,
    pub territory_id: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub with_template_tables: bool,
}

impl NewMeetingDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::meetings::NewMeeting> {
        Ok(tavolo::meetings::NewMeeting {
            title: self.title,
            kind: v::MeetingKind::parse("kind", &self.kind)?,
            theme: v::Theme::parse("theme", &self.theme)?,
            territory_id: blank(self.territory_id),
            date: self.date,
            start_time: blank(self.start_time),
            end_time: blank(self.end_time),
            place: blank(self.place),
            status: v::MeetingStatus::Planned,
        })
    }
}

/// The four thematic meetings of a territory, planned in one step.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ThematicSeriesDto {
    pub territory_id: String,
    /// YYYY-MM-DD; the others follow weekly.
    pub first_date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    pub with_template_tables: bool,
}

impl From<ThematicSeriesDto> for tavolo::meetings::NewThematicSeries {
    fn from(d: ThematicSeriesDto) -> Self {
        tavolo::meetings::NewThematicSeries {
            territory_id: d.territory_id,
            first_date: d.first_date,
            start_time: blank(d.start_time),
            end_time: blank(d.end_time),
            place: blank(d.place),
            with_template_tables: d.with_template_tables,
        }
    }
}

/// A saved note as edited after the meeting: the four fields the editor shows.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct EditNoteDto {
    pub text: String,
    pub kind: Option<String>,
    pub speaker_id: Option<String>,
    pub table_id: Option<String>,
}

impl EditNoteDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::notes::NoteEdit> {
        Ok(tavolo::notes::NoteEdit {
            text: Some(self.text),
            kind: Some(
                self.kind
                    .filter(|k| !k.is_empty())
                    .map(|k| v::NoteKind::parse("kind", &k))
                    .transpose()?,
            ),
            speaker_id: Some(self.speaker_id.filter(|s| !s.is_empty())),
            table_id: Some(self.table_id.filter(|t| !t.is_empty())),
        })
    }
}

/// One earlier (or the current) text of a note, with when it was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct NoteVersionDto {
    pub at_ms: f64,
    pub text: String,
}

/// A person added at the door: name, and an existing organisation or the name of a
/// new one (created as a local organisation of type "other", to complete later).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct CheckInNewDto {
    pub meeting_id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub new_organisation_name: Option<String>,
    pub role: String,
}

/// An optional text as a form sends it: `None` when empty or only spaces.
fn blank(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.trim().is_empty())
}

/// The one error type of every command. `kind` is what the UI acts on
/// (not_found, invalid, conflict, file, storage, internal); `field` and `code` say
/// which input and why, so the UI can show the message in the user's language;
/// `message` is an English fallback.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    pub kind: String,
    pub field: Option<String>,
    pub code: Option<String>,
    pub message: String,
}

impl From<tavolo::Error> for CommandError {
    fn from(e: tavolo::Error) -> Self {
        let (field, code) = match &e {
            tavolo::Error::Invalid { field, problem } => {
                (Some(field.clone()), Some(problem.code().to_owned()))
            }
            _ => (None, None),
        };
        let message = match &e {
            // Storage details may contain data; they are not shown in the page.
            tavolo::Error::Storage(_) => "the database reported an error".to_owned(),
            other => other.to_string(),
        };
        CommandError {
            kind: e.kind().to_owned(),
            field,
            code,
            message,
        }
    }
}

/// The register list's search, filters and order, as the page holds them ("" for
/// "any").
#[derive(Debug, Clone, Deserialize, TS)]
pub struct OrgListFilterDto {
    pub search: String,
    pub kind: String,
    pub level: String,
    pub sector: String,
    pub territory_id: String,
    pub tag: String,
    /// "active", "archived" or "" (both).
    pub archived: String,
    /// "name", "kind", "level" or "territory".
    pub sort: String,
    pub descending: bool,
}

impl OrgListFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::organisations::ListFilter> {
        use tavolo::register::organisations::SortBy;
        let some = |s: String| (!s.trim().is_empty()).then_some(s);
        Ok(tavolo::register::organisations::ListFilter {
            search: self.search,
            kind: some(self.kind)
                .map(|k| v::OrgKind::parse("kind", &k))
                .transpose()?,
            level: some(self.level)
                .map(|l| v::Level::parse("level", &l))
                .transpose()?,
            sector: some(self.sector)
                .map(|x| v::Sector::parse("sector", &x))
                .transpose()?,
            territory_id: some(self.territory_id),
            tag: some(self.tag),
            archived: match self.archived.as_str() {
                "active" => Some(false),
                "archived" => Some(true),
                _ => None,
            },
            sort: match self.sort.as_str() {
                "kind" => SortBy::Kind,
                "level" => SortBy::Level,
                "territory" => SortBy::Territory,
                _ => SortBy::Name,
            },
            descending: self.descending,
        })
    }
}

/// An organisation that looks like the one being typed: "same" (the same name once
/// case, accents, punctuation and "di/del/della" are set aside) or "similar".
#[derive(Debug, Clone, Serialize, TS)]
pub struct SimilarDto {
    pub likeness: String,
    pub organisation: OrganisationDto,
}

/// What a merge changed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergedDto {
    pub references_moved: u32,
    pub duplicates_removed: u32,
    pub fields_filled: u32,
}

impl From<tavolo::register::duplicates::Merged> for MergedDto {
    fn from(m: tavolo::register::duplicates::Merged) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        MergedDto {
            references_moved: n(m.references_moved),
            duplicates_removed: n(m.duplicates_removed),
            fields_filled: n(m.fields_filled),
        }
    }
}

/// The import's mapping step: the sheet read, its header and first rows, and the
/// field proposed for each column (a field code, or null: not imported).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegisterPreviewDto {
    pub file_name: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub header_row: u32,
    pub headers: Vec<String>,
    /// The first rows, each with its spreadsheet row number first.
    pub sample: Vec<Vec<String>>,
    pub rows: u32,
    pub empty_rows: u32,
    pub merged_cells: u32,
    pub mapping: Vec<Option<String>>,
    /// The fields a column can hold, in the order the form lists them.
    pub fields: Vec<String>,
}

/// A remark on an imported row (codes translated by the page).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RemarkDto {
    pub code: String,
    pub value: String,
    pub field: Option<String>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RowReportDto {
    pub row: u32,
    /// "imported", "merged" or "rejected".
    pub outcome: String,
    pub name: String,
    pub id: Option<String>,
    pub remarks: Vec<RemarkDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReportDto {
    pub rows: Vec<RowReportDto>,
    pub imported: u32,
    pub merged: u32,
    pub rejected: u32,
    pub empty_rows: u32,
    pub merged_cells: u32,
    /// True when nothing was written (the preview of the result).
    pub dry_run: bool,
}

impl ImportReportDto {
    pub fn new(r: tavolo::formats::register_import::Report, dry_run: bool) -> Self {
        use tavolo::formats::register_import::Outcome;
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        ImportReportDto {
            rows: r
                .rows
                .into_iter()
                .map(|row| RowReportDto {
                    row: n(row.row),
                    outcome: match row.outcome {
                        Outcome::Imported => "imported",
                        Outcome::Merged => "merged",
                        Outcome::Rejected => "rejected",
                    }
                    .to_owned(),
                    name: row.name,
                    id: row.id,
                    remarks: row
                        .remarks
                        .into_iter()
                        .map(|m| RemarkDto {
                            code: m.code.to_owned(),
                            value: m.value,
                            field: m.field,
                            problem: m.problem,
                        })
                        .collect(),
                })
                .collect(),
            imported: n(r.imported),
            merged: n(r.merged),
            rejected: n(r.rejected),
            empty_rows: n(r.empty_rows),
            merged_cells: n(r.merged_cells),
            dry_run,
        }
    }
}

/// Every IPC type, in the order they are written to the generated TypeScript file.
pub fn typescript_declarations() -> String {
    let decls = [
        WorkspaceStatus::decl(),
        DemoLoaded::decl(),
        Vocabulary::decl(),
        TerritoryDto::decl(),
        OrganisationDto::decl(),
        NewOrganisationDto::decl(),
        FilterDto::decl(),
        CountDto::decl(),
        IndicatorsDto::decl(),
        DrillRowDto::decl(),
        ExportDoneDto::decl(),
        ExportProgressDto::decl(),
        MeetingDto::decl(),
        PersonDto::decl(),
        AttendeeDto::decl(),
        QuestionDto::decl(),
        TableDto::decl(),
        NoteDto::decl(),
        ConsoleDto::decl(),
        NewNoteDto::decl(),
        CheckInNewDto::decl(),
        EditNoteDto::decl(),
        ThematicSeriesDto::decl(),
        NoteHitDto::decl(),
        NewMeetingDto::decl(),
        RelationshipDto::decl(),
        NewRelationshipDto::decl(),
        NewPersonDto::decl(),
        OrganisationDetailDto::decl(),
        MapFilterDto::decl(),
        MapNodeDto::decl(),
        MapEdgeDto::decl(),
        TerritoryMeasuresDto::decl(),
        MapClusterDto::decl(),
        MapClusterLinkDto::decl(),
        MapDto::decl(),
        CoverageRowDto::decl(),
        NoteVersionDto::decl(),
        OrgListFilterDto::decl(),
        PeopleFilterDto::decl(),
        SimilarDto::decl(),
        MergedDto::decl(),
        RegisterPreviewDto::decl(),
        RemarkDto::decl(),
        RowReportDto::decl(),
        ImportReportDto::decl(),
        CommandError::decl(),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs by `make types`. Do not edit by hand.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}
