//! What the first screen needs, the demo's summary, the closed lists.

use serde::Serialize;
use tavolo::vocabulary as v;
use ts_rs::TS;

use tavolo::demo::DemoSummary;
use tavolo::store::integrity::Overview;

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

impl WorkspaceStatus {
    pub fn new(o: Overview, db_path: String) -> Self {
        let n = |x: i64| u32::try_from(x).unwrap_or(u32::MAX);
        WorkspaceStatus {
            empty: o.empty,
            db_path,
            organisations: n(o.organisations),
            people: n(o.people),
            meetings: n(o.meetings),
            started_empty: o.started_empty,
        }
    }
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
    pub agenda_kinds: Vec<String>,
    pub group_statuses: Vec<String>,
    pub member_roles: Vec<String>,
    pub action_statuses: Vec<String>,
    pub guidelines_statuses: Vec<String>,
    pub clause_statuses: Vec<String>,
    pub practice_statuses: Vec<String>,
    pub targets: Vec<String>,
    pub criteria: Vec<String>,
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
            agenda_kinds: s(v::AgendaKind::codes()),
            group_statuses: s(v::GroupStatus::codes()),
            member_roles: s(v::MemberRole::codes()),
            action_statuses: s(v::ActionStatus::codes()),
            guidelines_statuses: s(v::GuidelinesStatus::codes()),
            clause_statuses: s(v::ClauseStatus::codes()),
            practice_statuses: s(v::PracticeStatus::codes()),
            targets: s(v::TargetGroup::codes()),
            criteria: s(v::Criterion::codes()),
        }
    }
}

/// The lines printed on top of the sign-in sheet and the minutes.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrintHeaderDto {
    pub project: String,
    pub funder: String,
}
