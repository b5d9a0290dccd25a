//! A rendered notification as a MIME message ready for [`crate::Mailer`].
//!
//! Header safety: the recipient's display name is cut to one short line, the
//! address must parse as one address (no list, no header text), and the
//! subject is already one line ([`salesd_domain::notify::render::one_line`]); lettre encodes
//! non-ASCII words (RFC 2047) and folds long headers itself. Nothing from a
//! payload can therefore add a header or a recipient.

use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};

use crate::mail::message_builder;
use salesd_domain::notify::render::{Rendered, one_line};

/// Longest display name kept, in characters; longer names are cut.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// File name of the calendar attachment.
pub const ICS_FILENAME: &str = "reminder.ics";

/// Content type of the calendar attachment (RFC 6047 style `method`).
pub const ICS_CONTENT_TYPE: &str = "text/calendar; charset=utf-8; method=PUBLISH";

/// Content type of an attached HTML document (REC-5 statements).
pub const HTML_ATTACHMENT_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The recipient address is not one valid address: sending can never
    /// work, so the caller records a permanent failure.
    #[error("bad recipient address {address:?}: {reason}")]
    BadAddress { address: String, reason: String },
    /// lettre refused to build the message (a programming error).
    #[error("building the message failed: {0}")]
    Build(String),
}

impl ComposeError {
    /// True for errors that a retry cannot fix (all of them, today).
    pub fn is_permanent(&self) -> bool {
        true
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): tells auto-responders
/// (vacation replies, ticket systems) not to answer a machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim().eq_ignore_ascii_case("auto-generated") {
            Ok(AutoSubmitted)
        } else {
            Err(format!("unsupported Auto-Submitted value {s:?}").into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// Builds the message for one recipient: Message-ID from `key` (stable
/// across retries, see [`crate::mail::message_id_for`]) on the From
/// address's domain; To `to_name <to_address>`; the UTF-8 subject;
/// multipart/alternative plain text + HTML; when `rendered.ics` is set, all
/// of that inside multipart/mixed with a `reminder.ics` attachment; when
/// `rendered.attachment` is set, likewise with that HTML file attached
/// (a statement: transactional, so no `List-Unsubscribe`).
pub fn compose(
    key: &str,
    from: &Mailbox,
    to_name: &str,
    to_address: &str,
    rendered: &Rendered,
) -> Result<Message, ComposeError> {
    let to = recipient(to_name, to_address)?;
    let body = MultiPart::alternative_plain_html(rendered.text.clone(), rendered.html.clone());
    let mut files = Vec::new();
    if let Some(ics) = &rendered.ics {
        files.push((ICS_FILENAME.to_owned(), ICS_CONTENT_TYPE, ics.clone()));
    }
    if let Some((name, html)) = &rendered.attachment {
        files.push((name.clone(), HTML_ATTACHMENT_CONTENT_TYPE, html.clone()));
    }
    let body = if files.is_empty() {
        body
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for (name, content_type, content) in files {
            let content_type = ContentType::parse(content_type)
                .map_err(|e| ComposeError::Build(format!("{name} content type: {e}")))?;
            mixed = mixed.singlepart(Attachment::new(name).body(content, content_type));
        }
        mixed
    };
    message_builder(key, from.email.domain())
        .from(from.clone())
        .to(to)
        .subject(one_line(&rendered.subject))
        .header(AutoSubmitted)
        .multipart(body)
        .map_err(|e| ComposeError::Build(e.to_string()))
}

/// The To mailbox: `address` must be exactly one address; `name` becomes a
/// display name of at most [`MAX_DISPLAY_NAME_CHARS`] characters on one line
/// (none when blank).
pub fn recipient(name: &str, address: &str) -> Result<Mailbox, ComposeError> {
    let bad = |reason: String| ComposeError::BadAddress {
        address: address.to_owned(),
        reason,
    };
    if address.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(bad("contains whitespace or control characters".to_owned()));
    }
    let email = address
        .parse::<lettre::Address>()
        .map_err(|e| bad(e.to_string()))?;
    Ok(Mailbox::new(display_name(name), email))
}

/// `name` on one line, cut to [`MAX_DISPLAY_NAME_CHARS`]; `None` when blank.
pub fn display_name(name: &str) -> Option<String> {
    let line = one_line(name);
    let cut: String = line.chars().take(MAX_DISPLAY_NAME_CHARS).collect();
    let cut = cut.trim_end();
    (!cut.is_empty()).then(|| cut.to_owned())
}
