//! Calendar dates and wall-clock times as people read them, through `chrono`: ISO
//! dates and days added to them, iCalendar stamps, and the time of the laptop's
//! zone in which files show the instants the store keeps in UTC. `chrono::Local`
//! follows the system's zone (or `TZ`): Europe/Rome on this network's laptops. The
//! demo's meetings are in Italy whatever the laptop, so they use [`ROME`].

use chrono::{
    DateTime, Datelike, Days, Local, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};

/// The network's own zone, for what happens in Italy whatever the laptop says.
pub const ROME: chrono_tz::Tz = chrono_tz::Europe::Rome;

/// A calendar date written YYYY-MM-DD that exists (no 31 February), from 1900 on.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    // chrono also reads "2026-1-5"; the store keeps one form only.
    if t.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|d| d.year() >= 1900)
}

/// A time of day written HH:MM.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    if t.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(t, "%H:%M").ok()
}

fn utc(millis: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// The UTC calendar date (YYYY-MM-DD) of an instant in milliseconds since the epoch
/// (for values that are dates already, e.g. a spreadsheet's date cell).
pub fn iso_date(millis: u64) -> String {
    utc(i64::try_from(millis).unwrap_or(i64::MAX))
        .format("%Y-%m-%d")
        .to_string()
}

/// `date` (YYYY-MM-DD) plus `days` (weekly series of meetings, the demo's
/// schedule); a text that is not a date comes back as it was.
pub fn add_days(date: &str, days: u32) -> String {
    parse_date(date)
        .and_then(|d| d.checked_add_days(Days::new(u64::from(days))))
        .map_or_else(|| date.to_owned(), |d| d.format("%Y-%m-%d").to_string())
}

/// A UTC instant as iCalendar writes it, e.g. `20261123T101500Z`.
pub fn ics_stamp(millis: u64) -> String {
    utc(i64::try_from(millis).unwrap_or(i64::MAX))
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// A UTC instant as XML Schema's `dateTime` writes it, e.g. `2026-11-23T10:15:00Z`
/// (REFI-QDA files).
pub fn xsd_date_time(millis: i64) -> String {
    utc(millis).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// An XML Schema `dateTime` (with a zone, or taken as UTC without one) as
/// milliseconds since the epoch; `None` if it is not one.
pub fn parse_xsd_date_time(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.timestamp_millis());
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|d| d.and_utc().timestamp_millis())
}

/// The wall-clock time of the laptop's zone at an instant, as the milliseconds of
/// a clock on UTC that shows the same time: what a spreadsheet's date-and-time
/// cell holds (it has no zone).
pub fn local_wall_millis(utc_millis: i64) -> i64 {
    let offset = Local
        .offset_from_utc_datetime(&utc(utc_millis).naive_utc())
        .fix()
        .local_minus_utc();
    utc_millis + i64::from(offset) * 1000
}

/// The instant of a wall-clock time of the laptop's zone, given as by
/// [`local_wall_millis`]. In the hour that repeats when the clocks go back, the
/// first; in the hour skipped in spring, as if the clocks had not moved yet.
pub fn instant_of_local_wall(wall_millis: i64) -> i64 {
    let naive = utc(wall_millis).naive_utc();
    match Local.from_local_datetime(&naive).earliest() {
        Some(t) => t.timestamp_millis(),
        None => {
            let before = naive - chrono::Duration::hours(1);
            let offset = Local
                .from_local_datetime(&before)
                .earliest()
                .map_or(0, |t| t.offset().fix().local_minus_utc());
            wall_millis - i64::from(offset) * 1000
        }
    }
}

/// "2024-03-05" → "05/03/2024", as Italian documents write dates; anything
/// else as it is.
pub fn italian(iso: &str) -> String {
    match parse_date(iso) {
        Some(d) => d.format("%d/%m/%Y").to_string(),
        None => iso.to_owned(),
    }
}

/// Today (YYYY-MM-DD) in the laptop's zone, by the system clock: the day an
/// action is overdue against, the date a document is drawn up.
pub fn today() -> String {
    use crate::store::clock::{Clock, SystemClock};
    local_date(SystemClock.now_millis())
}

/// The date and time of an instant in the laptop's zone.
pub fn local_date_time(utc_millis: u64) -> NaiveDateTime {
    utc(i64::try_from(utc_millis).unwrap_or(i64::MAX))
        .with_timezone(&Local)
        .naive_local()
}

/// The date (YYYY-MM-DD) of an instant in the laptop's zone.
pub fn local_date(utc_millis: u64) -> String {
    utc(i64::try_from(utc_millis).unwrap_or(i64::MAX))
        .with_timezone(&Local)
        .format("%Y-%m-%d")
        .to_string()
}

/// The instant of `date` at `time` (HH:MM) in Rome, in milliseconds since the
/// epoch; `None` when either does not parse.
pub fn rome_instant(date: &str, time: &str) -> Option<i64> {
    let at = NaiveDateTime::new(parse_date(date)?, parse_time(time)?);
    ROME.from_local_datetime(&at)
        .earliest()
        .map(|t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_days_crosses_months_and_years() {
        assert_eq!(add_days("2024-02-28", 1), "2024-02-29");
        assert_eq!(add_days("2024-02-28", 2), "2024-03-01");
        assert_eq!(add_days("2024-12-30", 3), "2025-01-02");
        assert_eq!(add_days("2100-02-28", 1), "2100-03-01");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_704_067_200_000), "2024-01-01");
        assert_eq!(iso_date(1_709_164_800_000), "2024-02-29");
        assert_eq!(iso_date(1_795_478_399_999), "2026-11-23");
        assert_eq!(iso_date(1_795_478_400_000), "2026-11-24");
        assert_eq!(ics_stamp(1_795_479_300_000), "20261124T001500Z");
    }

    #[test]
    fn dates_and_times_in_one_form_only() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2026-1-5").is_none());
        assert!(parse_date("1899-12-31").is_none());
        assert!(parse_time("09:30").is_some());
        assert!(parse_time("9:30").is_none());
        assert!(parse_time("24:00").is_none());
    }

    #[test]
    fn a_meeting_in_rome_at_half_past_nine() {
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(rome_instant("2026-11-23", "09:30"), Some(1_795_422_600_000));
        let june = rome_instant("2026-06-15", "09:30").map(|t| ics_stamp(t as u64));
        assert_eq!(june.as_deref(), Some("20260615T073000Z"));
    }

    #[test]
    fn local_wall_time_round_trips() {
        // Whatever the zone the tests run in, wall time and instant invert.
        for ms in [0_i64, 1_795_422_600_000, 1_782_000_000_000] {
            assert_eq!(instant_of_local_wall(local_wall_millis(ms)), ms);
        }
    }
}
