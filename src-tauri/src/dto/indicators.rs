//! The figures, their filter and the rows behind a figure.

use serde::{Deserialize, Serialize};
use tavolo::vocabulary as v;
use ts_rs::TS;

use super::blank;

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
            meeting_id: None,
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
    pub groups_active: u32,
    pub group_members: u32,
    pub actions_by_status: Vec<CountDto>,
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
            groups_active: n(i.groups_active),
            group_members: n(i.group_members),
            actions_by_status: g(i.actions_by_status),
        }
    }
}

/// A row behind a figure: the record's id and name.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DrillRowDto {
    pub id: String,
    pub name: String,
}
