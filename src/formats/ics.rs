//! The meetings as an iCalendar file (RFC 5545) for e-mail and phone calendars.
//!
//! Times are written as local ("floating") times, as the meetings are planned: a
//! meeting at 09:30 in Potenza shows at 09:30 on every Italian phone. Texts are
//! escaped, lines end with CRLF and are folded at 75 octets.

use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;
use crate::meetings::{self, Meeting};
use crate::vocabulary::MeetingStatus;

/// The calendar of every live meeting. `stamp` is the time of the export,
/// `YYYYMMDDTHHMMSSZ` (UTC).
pub fn calendar(conn: &Connection, stamp: &str) -> Result<String> {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tavolo//Tavolo//IT",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    for m in meetings::list(conn)? {
        event(&mut out, &m, stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    Ok(out)
}

/// Writes the calendar to `path` atomically.
pub fn export(conn: &Connection, path: &Path, stamp: &str) -> Result<usize> {
    let text = calendar(conn, stamp)?;
    crate::formats::files::write_atomically(path, text.as_bytes())?;
    Ok(text.matches("BEGIN:VEVENT").count())
}

fn event(out: &mut String, m: &Meeting, stamp: &str) {
    let day = m.date.replace('-', "");
    let time = |t: &Option<String>| {
        t.as_ref()
            .map(|t| format!("{day}T{}00", t.replace(':', "")))
    };
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}@tavolo", m.id));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    match (time(&m.start_time), time(&m.end_time)) {
        (Some(start), end) => {
            push_line(out, &format!("DTSTART:{start}"));
            if let Some(end) = end {
                push_line(out, &format!("DTEND:{end}"));
            }
        }
        (None, _) => push_line(out, &format!("DTSTART;VALUE=DATE:{day}")),
    }
    push_line(out, &format!("SUMMARY:{}", escape(&m.title)));
    if let Some(place) = &m.place {
        push_line(out, &format!("LOCATION:{}", escape(place)));
    }
    let mut description = format!("{} · {}", m.kind.label(), m.theme.label());
    if let Some(t) = &m.territory_name {
        description.push_str(&format!(" · {t}"));
    }
    push_line(out, &format!("DESCRIPTION:{}", escape(&description)));
    let status = match m.status {
        MeetingStatus::Cancelled => "CANCELLED",
        MeetingStatus::Planned | MeetingStatus::Held => "CONFIRMED",
    };
    push_line(out, &format!("STATUS:{status}"));
    push_line(out, "END:VEVENT");
}

/// Escapes a text value: backslash, semicolon, comma and newlines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Appends a content line, folded so that no line is longer than 75 octets
/// (continuations start with a space), never splitting a character.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}
