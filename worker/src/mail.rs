//! Sending mail through lettre: a file outbox (the default) or SMTP.
//!
//! [`MailError`] sorts failures the way a retry policy needs them: a 5xx
//! reply will fail again (record it, stop), a 4xx reply or a lost connection
//! may pass later (retry with backoff), anything else needs a person.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use lettre::message::MessageBuilder;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::{Digest, Sha256};

use crate::config::{MailConfig, redact_url};

/// How long one SMTP command may take before the attempt counts as transient.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Sends messages through the configured transport. Cheap to clone: the SMTP
/// connection pool is shared.
#[derive(Clone, Debug)]
pub struct Mailer {
    transport: Transport,
}

#[derive(Clone, Debug)]
enum Transport {
    File {
        dir: PathBuf,
        inner: AsyncFileTransport<Tokio1Executor>,
    },
    Smtp {
        shown: String,
        inner: AsyncSmtpTransport<Tokio1Executor>,
    },
}

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The server refused for good (5xx): retrying sends the same refusal.
    #[error("mail permanently refused ({code}): {message}")]
    Permanent { code: u16, message: String },
    /// A 4xx reply (`code`), or the connection failed or timed out (`None`):
    /// worth retrying later.
    #[error("mail temporarily failed{}: {message}", code.map(|c| format!(" ({c})")).unwrap_or_default())]
    Transient { code: Option<u16>, message: String },
    /// Neither: TLS set-up, a malformed reply, a file system error…
    #[error("mail failed: {0}")]
    Other(String),
}

impl MailError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Permanent { .. })
    }

    pub fn is_transient(&self) -> bool {
        matches!(self, MailError::Transient { .. })
    }
}

impl From<lettre::transport::smtp::Error> for MailError {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        let message = e.to_string();
        let code = e.status().map(u16::from);
        if e.is_permanent() {
            MailError::Permanent {
                code: code.unwrap_or(500),
                message,
            }
        } else if e.is_transient() {
            MailError::Transient { code, message }
        } else if e.is_tls() || e.is_client() || e.is_response() {
            MailError::Other(message)
        } else {
            // Connection refused or reset, network error, timeout, pool shut down.
            MailError::Transient {
                code: None,
                message,
            }
        }
    }
}

impl Mailer {
    /// Builds the transport. The outbox folder is created here so a
    /// permission problem shows at start-up; SMTP is not contacted until the
    /// first send, so a mail server outage does not stop the worker.
    pub fn new(cfg: &MailConfig) -> anyhow::Result<Self> {
        let transport = match cfg {
            MailConfig::File { dir } => {
                std::fs::create_dir_all(dir).with_context(|| {
                    format!(
                        "cannot create the mail outbox folder {} — make it writable or set MAIL_OUTBOX_DIR",
                        dir.display()
                    )
                })?;
                Transport::File {
                    dir: dir.clone(),
                    inner: AsyncFileTransport::new(dir),
                }
            }
            MailConfig::Smtp { url } => {
                let inner = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| {
                        anyhow::anyhow!("SMTP_URL {} is not usable: {e}", redact_url(url))
                    })?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build();
                Transport::Smtp {
                    shown: redact_url(url),
                    inner,
                }
            }
        };
        Ok(Self { transport })
    }

    /// Where mail goes, without secrets: for the start-up log line.
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::File { dir, .. } => format!("file outbox {}", dir.display()),
            Transport::Smtp { shown, .. } => format!("SMTP {shown}"),
        }
    }

    /// Hands `msg` to the transport: one `.eml` file, or one SMTP transaction.
    pub async fn send(&self, msg: Message) -> Result<(), MailError> {
        match &self.transport {
            Transport::File { inner, .. } => inner
                .send(msg)
                .await
                .map(drop)
                .map_err(|e| MailError::Other(format!("writing the .eml file: {e}"))),
            Transport::Smtp { inner, .. } => inner.send(msg).await.map(drop).map_err(Into::into),
        }
    }
}

/// A Message-ID derived from `key` (e.g. a notification's deduplication key):
/// `<sha256-hex(key)@domain>`.
///
/// A retry of the same notification then carries the same Message-ID, so a
/// receiver that de-duplicates by it shows the mail once. lettre would
/// otherwise set none, or a random one per attempt.
pub fn message_id_for(key: &str, domain: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("<{}@{}>", hex::encode(digest), domain)
}

/// `Message::builder()` with the Message-ID of [`message_id_for`] already set.
pub fn message_builder(key: &str, domain: &str) -> MessageBuilder {
    Message::builder().message_id(Some(message_id_for(key, domain)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_id_is_stable_and_well_formed() {
        let a = message_id_for("notification:42", "salesd.example");
        assert_eq!(a, message_id_for("notification:42", "salesd.example"));
        assert_ne!(a, message_id_for("notification:43", "salesd.example"));
        assert!(a.starts_with('<') && a.ends_with("@salesd.example>"), "{a}");
        assert_eq!(a.len(), 1 + 64 + 1 + "salesd.example".len() + 1);
    }

    #[test]
    fn smtp_url_errors_do_not_leak_the_password() {
        let cfg = MailConfig::Smtp {
            url: "smtp://u:hunter2@h?tls=bogus".into(),
        };
        let err = Mailer::new(&cfg).expect_err("bad tls value").to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
