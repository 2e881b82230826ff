//! Meetings, their tables and attendance, and the console's view of one.

use serde::{Deserialize, Serialize};
use tavolo::vocabulary as v;
use ts_rs::TS;

use super::blank;
use super::notes::NoteDto;

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

impl CheckInNewDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::meetings::NewArrival> {
        Ok(tavolo::meetings::NewArrival {
            role: v::AttendanceRole::parse("role", &self.role)?,
            meeting_id: self.meeting_id,
            given_name: self.given_name,
            family_name: self.family_name,
            organisation_id: self.organisation_id,
            new_organisation_name: self.new_organisation_name,
        })
    }
}
