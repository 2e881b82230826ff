//! The calendar export (.ics), checked line by line against RFC 5545's rules.

use tavolo::dates::ics_stamp;
use tavolo::demo;
use tavolo::formats::ics;
use tavolo::meetings::{self, NewMeeting};
use tavolo::vocabulary::{MeetingKind, MeetingStatus, Theme};

use crate::util::TestDb;

/// The content lines, unfolded.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split("\r\n") {
        if let Some(rest) = raw.strip_prefix(' ') {
            lines.last_mut().unwrap().push_str(rest);
        } else if !raw.is_empty() {
            lines.push(raw.to_owned());
        }
    }
    lines
}

#[test]
fn every_meeting_is_an_event_with_escaped_folded_lines() {
    let db = TestDb::new();
    let mut store = db.open();
    demo::load(&mut store, 1).unwrap();
    let long_title = format!(
        "Tavolo tematico, casa; {}",
        "abitare è un diritto ".repeat(6)
    );
    store
        .write(|tx| {
            meetings::create(
                tx,
                &NewMeeting {
                    title: long_title.clone(),
                    kind: MeetingKind::ThematicTable,
                    theme: Theme::Housing,
                    territory_id: None,
                    date: "2024-12-02".into(),
                    start_time: None,
                    end_time: None,
                    place: Some("Sala A, piano 1\\nord".into()),
                    status: MeetingStatus::Cancelled,
                },
            )
        })
        .unwrap();
    let stamp = ics_stamp(1_732_550_400_000);
    assert_eq!(stamp, "20241125T160000Z");
    let text = store.read(|c| ics::calendar(c, &stamp)).unwrap();

    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for raw in text.split("\r\n") {
        assert!(raw.len() <= 75, "line longer than 75 octets: {raw:?}");
        assert!(!raw.contains('\n') && !raw.contains('\r'));
    }
    let lines = unfold(&text);
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    let events = lines.iter().filter(|l| *l == "BEGIN:VEVENT").count();
    assert_eq!(events, store.read(meetings::list).unwrap().len());
    assert_eq!(events, 13);
    // The demo's first meeting: 05/03/2024 09:30–13:00 in Potenza, local time.
    assert!(lines.contains(&"DTSTART:20240305T093000".to_owned()));
    assert!(lines.contains(&"DTEND:20240305T130000".to_owned()));
    // The added one: all-day, cancelled, its commas, semicolons and backslash escaped.
    assert!(lines.contains(&"DTSTART;VALUE=DATE:20241202".to_owned()));
    assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
    let summary = format!(
        "SUMMARY:{}",
        long_title
            .trim_end()
            .replace(',', "\\,")
            .replace(';', "\\;")
    );
    assert!(lines.contains(&summary), "{summary}");
    assert!(lines.contains(&"LOCATION:Sala A\\, piano 1\\\\nord".to_owned()));
    assert_eq!(lines.iter().filter(|l| l.starts_with("UID:")).count(), 13);
}

#[test]
fn cli_writes_the_calendar() {
    let db = TestDb::new();
    db.cli(&["demo"]).ok();
    let out = db.dir.path().join("incontri.ics");
    let line = db.cli(&["export", "ics", out.to_str().unwrap()]).ok();
    assert!(line.contains("12 meetings"), "{line}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 12);
    let err = db
        .cli(&["export", "ics", "/nonexistent/dir/x.ics"])
        .fails_with_one_line();
    assert!(
        err.contains("/nonexistent/dir/x.ics: the folder /nonexistent/dir does not exist"),
        "{err}"
    );
}
