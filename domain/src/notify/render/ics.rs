//! A minimal RFC 5545 calendar: one all-day VEVENT for a reminder's due day.
//!
//! Hand-written rather than a crate: it is a dozen lines of output, and it
//! must be byte-for-byte deterministic (no clock, no random UID) so a retried
//! notification carries the same invitation.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Longest content line in octets, CRLF excluded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// The event UID for a notification key: `sha256-hex(key)@salesd`. Stable, so
/// a calendar that imports a retried or re-sent reminder updates one event
/// instead of adding a second.
pub fn calendar_uid(key: &str) -> String {
    format!("{}@salesd", hex::encode(Sha256::digest(key.as_bytes())))
}

/// The VCALENDAR for an all-day event on `day`: DTSTART `day`, DTEND the next
/// day, DTSTAMP `day` at 00:00:00Z (derived from the inputs so rendering is
/// deterministic). CRLF line ends, long lines folded.
pub(super) fn calendar(key: &str, day: NaiveDate, summary: &str, description: &str) -> String {
    let next = day.succ_opt().unwrap_or(day);
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//salesd//reminders//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", calendar_uid(key)),
        format!("DTSTAMP:{}T000000Z", day.format("%Y%m%d")),
        format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
        format!("SUMMARY:{}", ics_escape_text(summary)),
        format!("DESCRIPTION:{}", ics_escape_text(description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold_line(l)).collect()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` get a backslash, a
/// line break (CRLF, LF or CR) becomes `\n`, other control characters
/// (which TEXT may not contain) become a space.
pub fn ics_escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (continuations start with a space,
/// which counts) without splitting a UTF-8 character, and ended with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += width;
    }
    out.push_str("\r\n");
    out
}
