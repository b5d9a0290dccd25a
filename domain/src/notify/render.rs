//! Email texts from template files: subject, plain text, HTML and, for
//! reminders with a due day, an iCalendar invitation.
//!
//! Templates live in `domain/templates/{zh-CN,en}/{name}.{subject,txt,html}`
//! (plus `{name}.event`, the calendar description, for [`ICS_TEMPLATES`];
//! `{locale}/_layout.html` and `_macros.html` are shared by the HTML) and are
//! embedded with `include_str!`, so a deployment needs no template folder.
//! Filters `zh_date` / `en_date` show an ISO date as `2026年11月25日（周三）` /
//! `Wed 25 Nov 2026`. They are compiled once into one minijinja [`Environment`] with
//! strict undefined handling: a variable the payload lacks is an error, not a
//! blank (optional fields use `default`). `.html` templates are HTML-escaped
//! automatically. Rendering is deterministic: the same inputs give the same
//! bytes, so a retried notification is identical to the first attempt.

use std::sync::LazyLock;

use chrono::{Datelike as _, NaiveDate};
use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{Environment, UndefinedBehavior};
use serde_json::Value;

mod ics;
#[cfg(any(test, feature = "test-support"))]
mod samples;

pub use ics::{calendar_uid, fold_line, ics_escape_text};
#[cfg(any(test, feature = "test-support"))]
pub use samples::sample_payload;

/// The default locale, and the one any unknown locale falls back to.
pub const DEFAULT_LOCALE: &str = "zh-CN";

/// The locales that have templates.
pub const LOCALES: &[&str] = &["zh-CN", "en"];

/// Templates that carry an `.ics` invitation for their `due_date` (they also
/// have a `{name}.event` template for the event's description).
pub const ICS_TEMPLATES: &[&str] = &["followup_due", "revisit_upcoming", "revisit_due"];

/// Payload field of the `statement` template holding the stored statement
/// document, attached as `statement-{month}.html` (REC-5); the in-app twin
/// has none.
pub const STATEMENT_HTML_FIELD: &str = "statement_html";

/// Payload fields that may hold several lines (free text a person typed);
/// every other string field is reduced to one line before rendering.
pub const MULTILINE_FIELDS: &[&str] = &["note"];

/// Declares [`TEMPLATES`] and embeds every file of each template in each
/// locale, so a template listed here without its files does not compile.
macro_rules! embedded_templates {
    ($($name:literal),* $(,)?) => {
        /// Every template name `render` accepts.
        pub const TEMPLATES: &[&str] = &[$($name),*];

        const SOURCES: &[(&str, &str)] = &[
            ("zh-CN/_layout.html", include_str!("../../templates/zh-CN/_layout.html")),
            ("en/_layout.html", include_str!("../../templates/en/_layout.html")),
            ("_macros.html", include_str!("../../templates/_macros.html")),
            ("zh-CN/followup_due.event", include_str!("../../templates/zh-CN/followup_due.event")),
            ("en/followup_due.event", include_str!("../../templates/en/followup_due.event")),
            ("zh-CN/revisit_upcoming.event", include_str!("../../templates/zh-CN/revisit_upcoming.event")),
            ("en/revisit_upcoming.event", include_str!("../../templates/en/revisit_upcoming.event")),
            ("zh-CN/revisit_due.event", include_str!("../../templates/zh-CN/revisit_due.event")),
            ("en/revisit_due.event", include_str!("../../templates/en/revisit_due.event")),
            $(
                (concat!("zh-CN/", $name, ".subject"), include_str!(concat!("../../templates/zh-CN/", $name, ".subject"))),
                (concat!("zh-CN/", $name, ".txt"), include_str!(concat!("../../templates/zh-CN/", $name, ".txt"))),
                (concat!("zh-CN/", $name, ".html"), include_str!(concat!("../../templates/zh-CN/", $name, ".html"))),
                (concat!("en/", $name, ".subject"), include_str!(concat!("../../templates/en/", $name, ".subject"))),
                (concat!("en/", $name, ".txt"), include_str!(concat!("../../templates/en/", $name, ".txt"))),
                (concat!("en/", $name, ".html"), include_str!(concat!("../../templates/en/", $name, ".html"))),
            )*
        ];
    };
}

embedded_templates!(
    "followup_due",
    "followup_escalation",
    "revisit_upcoming",
    "revisit_due",
    "revisit_escalation",
    "pool_warning",
    "pool_reclaimed",
    "complaint_escalation",
    "care_greeting",
    "care_owner_note",
    "milestone_overdue",
    "after_sales_overdue",
    "order_confirmed",
    "delivery_slip",
    "order_due_soon",
    "statement",
    "dunning_notice",
    "dunning_alert",
    "dunning_digest",
    "cash_handover_overdue",
    "work_log_missing",
    "work_log_missing_escalation",
    "assessment_result",
    "assessment_unit_summary",
);

/// A notification rendered for one recipient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// One line, no control characters.
    pub subject: String,
    /// The text/plain body (LF line ends; lettre sends CRLF).
    pub text: String,
    /// The text/html body, a complete document with inline styles.
    pub html: String,
    /// An iCalendar (VCALENDAR with one VEVENT) for reminders with a due day.
    pub ics: Option<String>,
    /// An HTML document attached as a file: (file name, HTML). REC-5: the
    /// stored statement (`payload.statement_html`) as `statement-YYYY-MM.html`.
    pub attachment: Option<(String, String)>,
}

/// Why a notification could not be rendered (a programming or data error:
/// retrying does not help).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The name is not in [`TEMPLATES`].
    #[error("unknown template `{0}`")]
    UnknownTemplate(String),
    /// The payload lacks a field or has a bad value, or a template is broken.
    #[error("rendering `{template}` failed: {reason}")]
    Failed { template: String, reason: String },
}

/// The compiled templates; a template syntax error is kept as the error
/// every render reports (the unit tests catch it before a release).
static ENV: LazyLock<Result<Environment<'static>, String>> = LazyLock::new(build_env);

fn build_env() -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| e.to_string())?;
    env.set_syntax(syntax);
    env.add_filter("zh_date", zh_date);
    env.add_filter("en_date", en_date);
    env.add_filter("money", money);
    for (name, source) in SOURCES {
        env.add_template(name, source)
            .map_err(|e| format!("{name}: {e:#}"))?;
    }
    Ok(env)
}

/// `zh-CN` or `en` for `locale`: `en` and `en-*` (any case) give `en`,
/// anything else the default `zh-CN`.
pub fn resolve_locale(locale: &str) -> &'static str {
    let primary = locale.split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        "en"
    } else {
        DEFAULT_LOCALE
    }
}

/// Renders `template` in `locale` (`zh-CN` or `en`; anything else falls back
/// to `zh-CN`) with `payload`. `key` is the notification's deduplication
/// key: the calendar event's UID derives from it.
///
/// `payload` must be a JSON object with the template's fields; besides them
/// the text and HTML templates see `subject` (the finished subject line).
/// String fields are cleaned first: names and other one-line fields become
/// one line ([`one_line`]), [`MULTILINE_FIELDS`] keep their line breaks
/// (as `\n`) but lose other control characters — so a name cannot start a
/// line that looks like a header anywhere in the message.
/// For [`ICS_TEMPLATES`] the invitation's date is `payload.due_date`
/// (`YYYY-MM-DD`) and its DTSTAMP is that day at 00:00:00Z — derived, not
/// read from a clock, so a retry renders the same bytes.
pub fn render(
    template: &str,
    locale: &str,
    payload: &Value,
    key: &str,
) -> Result<Rendered, RenderError> {
    if !TEMPLATES.contains(&template) {
        return Err(RenderError::UnknownTemplate(template.to_owned()));
    }
    let failed = |reason: String| RenderError::Failed {
        template: template.to_owned(),
        reason,
    };
    let env = ENV.as_ref().map_err(|e| failed(e.clone()))?;
    let Value::Object(fields) = payload else {
        return Err(failed("the payload is not a JSON object".to_owned()));
    };
    let mut fields = fields.clone();
    // The attached document is sent as stored, not cleaned or templated.
    let attachment = match fields.remove(STATEMENT_HTML_FIELD) {
        Some(Value::String(html)) if template == "statement" => {
            let month = fields
                .get("month")
                .and_then(Value::as_str)
                .filter(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok())
                .ok_or_else(|| failed("`month` is not a YYYY-MM month".to_owned()))?;
            Some((format!("statement-{month}.html"), html))
        }
        _ => None,
    };
    for (name, value) in fields.iter_mut() {
        clean_strings(value, MULTILINE_FIELDS.contains(&name.as_str()));
    }
    let locale = resolve_locale(locale);
    let one = |ext: &str, ctx: &Value| -> Result<String, RenderError> {
        let name = format!("{locale}/{template}.{ext}");
        env.get_template(&name)
            .and_then(|t| t.render(minijinja::Value::from(Serde(ctx))))
            .map_err(|e| failed(format!("{name}: {e:#}")))
    };

    let subject = one_line(&one("subject", &Value::Object(fields.clone()))?);
    fields.insert("subject".to_owned(), Value::String(subject.clone()));
    let ctx = Value::Object(fields);
    let text = one("txt", &ctx)?;
    let html = one("html", &ctx)?;
    let ics = if ICS_TEMPLATES.contains(&template) {
        let due = ctx
            .get("due_date")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| failed("`due_date` is not a YYYY-MM-DD date".to_owned()))?;
        let description = one("event", &ctx)?;
        Some(ics::calendar(key, due, &subject, description.trim()))
    } else {
        None
    };
    Ok(Rendered {
        subject,
        text,
        html,
        ics,
        attachment,
    })
}

/// `s` as one header-safe line: every control or whitespace character (CR,
/// LF, TAB, U+2028…) becomes a space, runs of spaces collapse, ends trimmed.
/// Part of header-injection safety: nothing from a payload can start a new
/// header line.
pub fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cleans every string inside `value`: [`one_line`], or for multi-line
/// fields CRLF/CR → LF and other control characters (TAB aside) → space.
fn clean_strings(value: &mut Value, multiline: bool) {
    match value {
        Value::String(s) if multiline => {
            *s = s
                .replace("\r\n", "\n")
                .chars()
                .map(|c| match c {
                    '\r' => '\n',
                    '\n' | '\t' => c,
                    c if c.is_control() => ' ',
                    c => c,
                })
                .collect();
        }
        Value::String(s) => *s = one_line(s),
        Value::Array(items) => items.iter_mut().for_each(|v| clean_strings(v, multiline)),
        Value::Object(map) => map.values_mut().for_each(|v| clean_strings(v, multiline)),
        _ => {}
    }
}

/// Template filter: `2026-11-25` → `2026年11月25日（周三）`; anything that is
/// not a plain date is shown as it is.
fn zh_date(value: String) -> String {
    const DAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        Ok(d) => format!(
            "{}年{}月{}日（周{}）",
            d.year(),
            d.month(),
            d.day(),
            DAYS[d.weekday().num_days_from_monday() as usize]
        ),
        Err(_) => value,
    }
}

/// Template filter: an amount with 2 places and thousands grouped
/// (`24300.00` → `24,300.00`); anything that is not a number is shown as
/// it is.
fn money(value: minijinja::Value) -> Result<String, minijinja::Error> {
    // A missing field stays an error, as without the filter (strict).
    if value.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::UndefinedError,
            "an amount is missing",
        ));
    }
    let text = value.to_string();
    Ok(match text.trim().parse::<rust_decimal::Decimal>() {
        Ok(d) => crate::money::grouped(d),
        Err(_) => text,
    })
}

/// Template filter: `2026-11-25` → `Wed 25 Nov 2026`; anything that is not a
/// plain date is shown as it is.
fn en_date(value: String) -> String {
    match NaiveDate::parse_from_str(&value, "%Y-%m-%d") {
        Ok(d) => d.format("%a %-d %b %Y").to_string(),
        Err(_) => value,
    }
}

#[cfg(test)]
mod tests;
