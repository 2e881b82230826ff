//! The four thematic meetings of a territory (health, education, work, housing),
//! planned in one step a week apart.

use crate::error::Result;
use crate::meetings::{create, get, tables::add_template_tables, Meeting, NewMeeting};
use crate::store::WriteTx;
use crate::validate;
use crate::vocabulary::{MeetingKind, MeetingStatus, Theme};

/// What is needed to plan the four thematic meetings of a territory.
#[derive(Debug, Clone)]
pub struct NewThematicSeries {
    pub territory_id: String,
    /// The first meeting's date; the others follow weekly.
    pub first_date: String,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub place: Option<String>,
    /// Give each meeting the built-in tables and questions ([`crate::meetings::TEMPLATE_TABLES`]).
    pub with_template_tables: bool,
}

/// Plans the four thematic focus groups (health, education, work, housing) of a
/// territory in one step, a week apart, as the projects do.
pub fn plan_thematic_series(tx: &mut WriteTx<'_>, new: &NewThematicSeries) -> Result<Vec<Meeting>> {
    let territory: String = tx
        .conn()
        .query_row(
            "SELECT name FROM territories WHERE id = ?1 AND deleted = 0",
            [&new.territory_id],
            |r| r.get(0),
        )
        .map_err(|_| {
            crate::Error::invalid(
                "territory_id",
                crate::Problem::MissingReference {
                    id: new.territory_id.clone(),
                },
            )
        })?;
    let first = validate::date("first_date", &new.first_date)?;
    let themes = [
        (Theme::Health, "Salute"),
        (Theme::Education, "Istruzione"),
        (Theme::Work, "Lavoro"),
        (Theme::Housing, "Casa"),
    ];
    let mut out = Vec::new();
    for (i, (theme, label)) in themes.iter().enumerate() {
        let meeting = create(
            tx,
            &NewMeeting {
                title: format!("Incontro di rete – {label} – {territory}"),
                kind: MeetingKind::FocusGroup,
                theme: *theme,
                territory_id: Some(new.territory_id.clone()),
                date: crate::dates::add_days(&first, 7 * i as u32),
                start_time: new.start_time.clone(),
                end_time: new.end_time.clone(),
                place: new.place.clone(),
                status: MeetingStatus::Planned,
            },
        )?;
        if new.with_template_tables {
            add_template_tables(tx, &meeting.id)?;
        }
        out.push(get(tx.conn(), &meeting.id)?);
    }
    Ok(out)
}
