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
    /// The person's role in their organisation, from the register.
    pub job: Option<String>,
    /// Consented to be named in minutes and reports, and not a minor.
    pub may_name: bool,
    /// Never named on what is printed for others.
    pub minor: bool,
    /// The name, or "partecipante" and the kind of their organisation: what
    /// minutes and reports show.
    pub shown_name: String,
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
            job: a.job,
            may_name: a.may_name,
            minor: a.minor,
            shown_name: a.shown_name,
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
    /// The agenda (programma), by start time.
    pub agenda: Vec<AgendaItemDto>,
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

/// A speaker of an agenda item: a person of the register or a guest.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SpeakerDto {
    pub id: String,
    pub person_id: Option<String>,
    pub name: String,
    pub role: Option<String>,
}

/// An item of a meeting's agenda.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AgendaItemDto {
    pub id: String,
    /// HH:MM.
    pub at: String,
    pub title: String,
    /// A kind code, or null.
    pub kind: Option<String>,
    pub speakers: Vec<SpeakerDto>,
}

impl From<tavolo::meetings::agenda::AgendaItem> for AgendaItemDto {
    fn from(i: tavolo::meetings::agenda::AgendaItem) -> Self {
        AgendaItemDto {
            id: i.id,
            at: i.at,
            title: i.title,
            kind: i.kind.map(|k| k.code().to_owned()),
            speakers: i
                .speakers
                .into_iter()
                .map(|s| SpeakerDto {
                    id: s.id,
                    person_id: s.person_id,
                    name: s.name,
                    role: s.role,
                })
                .collect(),
        }
    }
}

/// A speaker as the agenda form gives it: a person's id, or a guest's name and role.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewSpeakerDto {
    pub person_id: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
}

/// An agenda item from the form.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewAgendaItemDto {
    pub meeting_id: String,
    /// HH:MM.
    pub at: String,
    pub title: String,
    pub kind: Option<String>,
    pub speakers: Vec<NewSpeakerDto>,
}

impl NewAgendaItemDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::meetings::agenda::NewAgendaItem> {
        use tavolo::meetings::agenda::NewSpeaker;
        let kind = blank(self.kind)
            .map(|k| v::AgendaKind::parse("kind", &k))
            .transpose()?;
        let speakers = self
            .speakers
            .into_iter()
            .filter_map(|s| match (blank(s.person_id), blank(s.name)) {
                (Some(id), _) => Some(NewSpeaker::Person(id)),
                (None, Some(name)) => Some(NewSpeaker::Guest {
                    name,
                    role: blank(s.role),
                }),
                (None, None) => None,
            })
            .collect();
        Ok(tavolo::meetings::agenda::NewAgendaItem {
            meeting_id: self.meeting_id,
            at: self.at,
            title: self.title,
            kind,
            speakers,
        })
    }
}

/// A consent given or withdrawn at the door; the meeting's attendees come back.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ConsentInputDto {
    pub meeting_id: String,
    pub person_id: String,
    /// register, names, quotes, photos.
    pub purpose: String,
    pub given: bool,
    /// signed_sheet, verbal, form.
    pub how: Option<String>,
}
