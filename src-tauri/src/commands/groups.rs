//! Territorial work groups: the list, a group's page, and the changes made on it
//! (members, meetings, the board of co-design actions), each one transaction.

use tauri::State;

use tavolo::groups::{self, actions};
use tavolo::vocabulary::{ActionStatus, GroupStatus, MemberRole, Theme};

use super::{with_store, AppState, CommandResult};
use crate::dto::groups::{
    BoardColumnDto, GroupDetailDto, GroupDto, GroupMeetingDto, GroupOpDto, MemberDto, NewGroupDto,
};

fn themes(codes: &[String]) -> tavolo::Result<Vec<Theme>> {
    codes.iter().map(|c| Theme::parse("themes", c)).collect()
}

fn detail(c: &tavolo::store::Connection, group_id: &str) -> tavolo::Result<GroupDetailDto> {
    let today = tavolo::dates::today();
    Ok(GroupDetailDto {
        group: groups::get(c, group_id)?.into(),
        members: groups::members(c, group_id)?
            .into_iter()
            .map(|m| MemberDto {
                id: m.id,
                person_id: m.person_id,
                name: m.name,
                organisation_name: m.organisation_name,
                role: m.role.code().to_owned(),
            })
            .collect(),
        meetings: groups::meetings(c, group_id)?
            .into_iter()
            .map(|m| GroupMeetingDto {
                meeting_id: m.meeting_id,
                title: m.title,
                date: m.date,
                status: m.status,
            })
            .collect(),
        board: actions::board(c, group_id, &today)?
            .into_iter()
            .map(|(status, list)| BoardColumnDto {
                status: status.code().to_owned(),
                actions: list.into_iter().map(Into::into).collect(),
            })
            .collect(),
        funding_suggestions: actions::FUNDING_SUGGESTIONS
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
    })
}

#[tauri::command]
pub async fn list_groups(state: State<'_, AppState>) -> CommandResult<Vec<GroupDto>> {
    with_store(state, |s| {
        s.read(groups::list)
            .map(|list| list.into_iter().map(GroupDto::from).collect())
    })
    .await
}

#[tauri::command]
pub async fn create_group(
    state: State<'_, AppState>,
    input: NewGroupDto,
) -> CommandResult<GroupDetailDto> {
    with_store(state, move |s| {
        let new = groups::NewGroup {
            territory_id: input.territory_id,
            name: input.name,
            themes: themes(&input.themes)?,
        };
        s.write(|tx| {
            let g = groups::create(tx, &new)?;
            detail(tx.conn(), &g.id)
        })
    })
    .await
}

#[tauri::command]
pub async fn group_detail(
    state: State<'_, AppState>,
    group_id: String,
) -> CommandResult<GroupDetailDto> {
    with_store(state, move |s| s.read(|c| detail(c, &group_id))).await
}

/// One change to a group, then its page as it now is.
#[tauri::command]
pub async fn edit_group(
    state: State<'_, AppState>,
    group_id: String,
    op: GroupOpDto,
) -> CommandResult<GroupDetailDto> {
    with_store(state, move |s| {
        let today = tavolo::dates::today();
        s.write(|tx| {
            match op {
                GroupOpDto::Rename { name } => {
                    groups::edit(
                        tx,
                        &group_id,
                        &groups::GroupEdit {
                            name: Some(name),
                            ..Default::default()
                        },
                    )?;
                }
                GroupOpDto::SetStatus { status } => {
                    groups::edit(
                        tx,
                        &group_id,
                        &groups::GroupEdit {
                            status: Some(GroupStatus::parse("status", &status)?),
                            ..Default::default()
                        },
                    )?;
                }
                GroupOpDto::SetThemes { themes: codes } => {
                    groups::edit(
                        tx,
                        &group_id,
                        &groups::GroupEdit {
                            themes: Some(themes(&codes)?),
                            ..Default::default()
                        },
                    )?;
                }
                GroupOpDto::AddMember { person_id, role } => {
                    let role = MemberRole::parse("role", &role)?;
                    groups::add_member(tx, &group_id, &person_id, Some(role))?;
                }
                GroupOpDto::RemoveMember { member_id } => groups::remove_member(tx, &member_id)?,
                GroupOpDto::LinkMeeting { meeting_id } => {
                    groups::link_meeting(tx, &group_id, &meeting_id)?
                }
                GroupOpDto::UnlinkMeeting { meeting_id } => {
                    groups::unlink_meeting(tx, &group_id, &meeting_id)?
                }
                GroupOpDto::AddAction { action } => {
                    let new = action.into_core(group_id.clone())?;
                    actions::add(tx, &new, &today)?;
                }
                GroupOpDto::SetActionStatus { action_id, status } => {
                    let edit = actions::ActionEdit {
                        status: Some(ActionStatus::parse("status", &status)?),
                        ..Default::default()
                    };
                    actions::edit(tx, &action_id, &edit, &today)?;
                }
                GroupOpDto::EditAction { action_id, action } => {
                    let new = action.into_core(group_id.clone())?;
                    let edit = actions::ActionEdit {
                        title: Some(new.title),
                        description: Some(new.description),
                        owner_org_id: Some(new.owner_org_id),
                        status: new.status,
                        start_date: Some(new.start_date),
                        due_date: Some(new.due_date),
                        funding: Some(new.funding),
                    };
                    actions::edit(tx, &action_id, &edit, &today)?;
                    actions::set_partners(tx, &action_id, &new.partner_org_ids)?;
                }
                GroupOpDto::RemoveAction { action_id } => actions::remove(tx, &action_id)?,
                GroupOpDto::AddActionNote { action_id, note_id } => {
                    actions::add_note(tx, &action_id, &note_id)?
                }
                GroupOpDto::RemoveActionNote { action_id, note_id } => {
                    actions::remove_note(tx, &action_id, &note_id)?
                }
            }
            detail(tx.conn(), &group_id)
        })
    })
    .await
}
