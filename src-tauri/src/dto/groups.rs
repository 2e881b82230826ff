//! Territorial work groups, their members and meetings, and the board of their
//! co-design actions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::blank;
use super::guidelines::SourceDto;

/// A group in the list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupDto {
    pub id: String,
    pub territory_id: String,
    pub territory_name: String,
    pub name: String,
    pub themes: Vec<String>,
    pub status: String,
    pub members: u32,
    pub meetings: u32,
    /// Actions per status code, in board order.
    pub actions: Vec<super::CountDto>,
}

fn n(x: i64) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

impl From<tavolo::groups::Group> for GroupDto {
    fn from(g: tavolo::groups::Group) -> Self {
        GroupDto {
            id: g.id,
            territory_id: g.territory_id,
            territory_name: g.territory_name,
            name: g.name,
            themes: g.themes,
            status: g.status.code().to_owned(),
            members: n(g.members),
            meetings: n(g.meetings),
            actions: g
                .actions
                .into_iter()
                .map(|(s, c)| super::CountDto {
                    key: s.code().to_owned(),
                    count: n(c),
                })
                .collect(),
        }
    }
}

/// A member of a group.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MemberDto {
    pub id: String,
    pub person_id: String,
    pub name: String,
    pub organisation_name: Option<String>,
    pub role: String,
}

/// A meeting of a group.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupMeetingDto {
    pub meeting_id: String,
    pub title: String,
    pub date: String,
    pub status: String,
}

/// An action as the board and its page show it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ActionDto {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub owner_org_id: Option<String>,
    pub owner_name: Option<String>,
    pub partners: Vec<PartnerDto>,
    pub status: String,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub funding: Option<String>,
    pub overdue: bool,
    pub sources: Vec<SourceDto>,
}

/// A partner organisation of an action.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PartnerDto {
    pub id: String,
    pub name: String,
}

impl From<tavolo::groups::actions::Action> for ActionDto {
    fn from(a: tavolo::groups::actions::Action) -> Self {
        ActionDto {
            id: a.id,
            title: a.title,
            description: a.description,
            owner_org_id: a.owner_org_id,
            owner_name: a.owner_name,
            partners: a
                .partners
                .into_iter()
                .map(|(id, name)| PartnerDto { id, name })
                .collect(),
            status: a.status.code().to_owned(),
            start_date: a.start_date,
            due_date: a.due_date,
            funding: a.funding,
            overdue: a.overdue,
            sources: a.sources.into_iter().map(SourceDto::from).collect(),
        }
    }
}

/// One column of the board.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BoardColumnDto {
    pub status: String,
    pub actions: Vec<ActionDto>,
}

/// A group's page: the group, its members, meetings and board.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GroupDetailDto {
    pub group: GroupDto,
    pub members: Vec<MemberDto>,
    pub meetings: Vec<GroupMeetingDto>,
    pub board: Vec<BoardColumnDto>,
    /// Suggestions for the funding field.
    pub funding_suggestions: Vec<String>,
}

/// The new-group form.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewGroupDto {
    pub territory_id: String,
    pub name: String,
    pub themes: Vec<String>,
}

/// The new-action form.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewActionDto {
    pub title: String,
    pub description: Option<String>,
    pub owner_org_id: Option<String>,
    pub partner_org_ids: Vec<String>,
    pub status: Option<String>,
    pub start_date: Option<String>,
    pub due_date: Option<String>,
    pub funding: Option<String>,
    pub note_ids: Vec<String>,
}

impl NewActionDto {
    pub fn into_core(self, group_id: String) -> tavolo::Result<tavolo::groups::actions::NewAction> {
        Ok(tavolo::groups::actions::NewAction {
            group_id,
            title: self.title,
            description: blank(self.description),
            owner_org_id: blank(self.owner_org_id),
            partner_org_ids: self.partner_org_ids,
            status: blank(self.status)
                .map(|s| tavolo::vocabulary::ActionStatus::parse("status", &s))
                .transpose()?,
            start_date: blank(self.start_date),
            due_date: blank(self.due_date),
            funding: blank(self.funding),
            note_ids: self.note_ids,
        })
    }
}

/// One change to a group made from its page.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum GroupOpDto {
    Rename {
        name: String,
    },
    SetStatus {
        status: String,
    },
    SetThemes {
        themes: Vec<String>,
    },
    AddMember {
        person_id: String,
        role: String,
    },
    RemoveMember {
        member_id: String,
    },
    LinkMeeting {
        meeting_id: String,
    },
    UnlinkMeeting {
        meeting_id: String,
    },
    AddAction {
        action: NewActionDto,
    },
    SetActionStatus {
        action_id: String,
        status: String,
    },
    EditAction {
        action_id: String,
        action: NewActionDto,
    },
    RemoveAction {
        action_id: String,
    },
    AddActionNote {
        action_id: String,
        note_id: String,
    },
    RemoveActionNote {
        action_id: String,
        note_id: String,
    },
}
