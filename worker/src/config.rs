//! Worker configuration: where Redis is, how the queues behave, the cron
//! schedules and the mail transport.
//!
//! The root binary reads the environment; this module only holds the values
//! and checks them, so a bad setting fails at start-up with a message that
//! names the variable to fix instead of failing at the first job.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Everything [`crate::run`] needs besides the database pool. `Debug` hides
/// passwords in the URLs.
#[derive(Clone)]
pub struct WorkerConfig {
    pub redis_url: String,
    /// Prefix of every Redis key this deployment uses (`{namespace}:{queue}:…`).
    /// Tests use a unique one so they never touch each other's keys.
    pub namespace: String,
    /// Unique per process: apalis-redis refuses a worker whose name is still
    /// registered, and tracks in-flight jobs per name.
    pub worker_name: String,
    /// How often an idle Redis worker looks for new jobs. apalis-redis 1.0
    /// otherwise polls only on its heartbeat.
    pub poll_interval: Duration,
    /// Redis worker heartbeat. A worker that misses [`MISSED_HEARTBEATS`] of
    /// them is dead and its in-flight jobs are re-enqueued by the others, so
    /// this bounds how long a crashed worker's jobs wait. Whole seconds (the
    /// backend stores seconds); at least 1 s.
    pub heartbeat_interval: Duration,
    /// Six-field cron expression (with seconds) of the heartbeat tick.
    pub heartbeat_cron: String,
    /// The company time zone: cron expressions are read in it.
    pub timezone: chrono_tz::Tz,
    pub mail: MailConfig,
    /// How long shutdown waits for in-flight jobs before giving up on them
    /// (they are then put back on their queue for another worker).
    pub shutdown_timeout: Duration,
    /// The `From:` of every email, e.g. `销售部 <sales@example.com>`.
    pub mail_from: String,
    /// Six-field cron expression of the reminder scans (follow-ups,
    /// revisits, pool, complaints, care) and the outbox sweep.
    pub scan_cron: String,
    /// A notification claimed for sending longer ago than this, with no
    /// outcome recorded, is given back (its sender died mid-send).
    pub notify_lease: Duration,
    /// Notifications claimed per round by one sender.
    pub notify_batch: i64,
    /// Hour of the company day (0–23) at which the day's reminders are due.
    pub reminder_hour: u32,
    /// Six-field cron expression (company time) of the AUTO-4 assessment
    /// tick. Each tick runs the periods due that day that have not been run
    /// since they ended (`salesd_domain::kpi::schedule::run_due`), so a
    /// daily tick also catches up a 1st of the month the workers missed.
    pub assessment_cron: String,
}

impl fmt::Debug for WorkerConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerConfig")
            .field("redis_url", &redact_url(&self.redis_url))
            .field("namespace", &self.namespace)
            .field("worker_name", &self.worker_name)
            .field("poll_interval", &self.poll_interval)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("heartbeat_cron", &self.heartbeat_cron)
            .field("timezone", &self.timezone)
            .field("mail", &self.mail)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("mail_from", &self.mail_from)
            .field("scan_cron", &self.scan_cron)
            .field("notify_lease", &self.notify_lease)
            .field("notify_batch", &self.notify_batch)
            .field("reminder_hour", &self.reminder_hour)
            .field("assessment_cron", &self.assessment_cron)
            .finish()
    }
}

/// 00:05:00 every day, company time: see [`WorkerConfig::assessment_cron`].
pub const DEFAULT_ASSESSMENT_CRON: &str = "0 5 0 * * *";

/// Missed Redis heartbeats after which a worker counts as dead.
pub const MISSED_HEARTBEATS: usize = 3;

impl WorkerConfig {
    /// The defaults for a local machine, with the given Redis and mail transport.
    pub fn new(redis_url: impl Into<String>, mail: MailConfig) -> Self {
        Self {
            redis_url: redis_url.into(),
            namespace: "salesd".to_owned(),
            worker_name: Self::default_worker_name(),
            poll_interval: Duration::from_millis(500),
            heartbeat_interval: Duration::from_secs(5),
            heartbeat_cron: "0 * * * * *".to_owned(),
            timezone: chrono_tz::Asia::Shanghai,
            mail,
            shutdown_timeout: Duration::from_secs(30),
            mail_from: "salesd <noreply@salesd.localhost>".to_owned(),
            scan_cron: "0 * * * * *".to_owned(),
            notify_lease: Duration::from_secs(300),
            notify_batch: 20,
            reminder_hour: 9,
            assessment_cron: DEFAULT_ASSESSMENT_CRON.to_owned(),
        }
    }

    /// `host-pid`: unique per process on a host, readable in queue statistics
    /// and in `worker_heartbeats`.
    pub fn default_worker_name() -> String {
        let host = std::env::var("HOSTNAME")
            .ok()
            .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_owned());
        format!("{host}-{}", std::process::id())
    }

    /// Parses the heartbeat cron expression.
    pub fn heartbeat_schedule(&self) -> Result<cron::Schedule, ConfigError> {
        cron::Schedule::from_str(&self.heartbeat_cron).map_err(|e| ConfigError::BadCron {
            which: "heartbeat",
            expr: self.heartbeat_cron.clone(),
            reason: e.to_string(),
        })
    }

    /// Parses the scan cron expression.
    pub fn scan_schedule(&self) -> Result<cron::Schedule, ConfigError> {
        cron::Schedule::from_str(&self.scan_cron).map_err(|e| ConfigError::BadCron {
            which: "scan (SCAN_CRON)",
            expr: self.scan_cron.clone(),
            reason: e.to_string(),
        })
    }

    /// Parses the assessment cron expression.
    pub fn assessment_schedule(&self) -> Result<cron::Schedule, ConfigError> {
        cron::Schedule::from_str(&self.assessment_cron).map_err(|e| ConfigError::BadCron {
            which: "assessment (ASSESSMENT_CRON)",
            expr: self.assessment_cron.clone(),
            reason: e.to_string(),
        })
    }

    /// Checks the values that would otherwise fail later or silently misbehave.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !valid_key_part(&self.namespace) {
            return Err(ConfigError::BadNamespace(self.namespace.clone()));
        }
        if self.worker_name.trim().is_empty() || self.worker_name.contains(char::is_whitespace) {
            return Err(ConfigError::BadWorkerName(self.worker_name.clone()));
        }
        if self.heartbeat_interval < Duration::from_secs(1) {
            return Err(ConfigError::HeartbeatTooShort(self.heartbeat_interval));
        }
        if self.poll_interval.is_zero() {
            return Err(ConfigError::PollIntervalZero);
        }
        self.heartbeat_schedule()?;
        self.scan_schedule()?;
        self.assessment_schedule()?;
        if !(1..=500).contains(&self.notify_batch) {
            return Err(ConfigError::BadSetting {
                name: "NOTIFY_BATCH",
                reason: format!("{} is not between 1 and 500", self.notify_batch),
            });
        }
        if self.reminder_hour > 23 {
            return Err(ConfigError::BadSetting {
                name: "REMINDER_HOUR",
                reason: format!("{} is not an hour between 0 and 23", self.reminder_hour),
            });
        }
        if self.notify_lease < Duration::from_secs(1) {
            return Err(ConfigError::BadSetting {
                name: "NOTIFY_LEASE_SECS",
                reason: "must be at least 1 second".to_owned(),
            });
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::BadSetting {
                name: "MAIL_FROM",
                reason: format!(
                    "`{}` is not a mailbox like `Sales <sales@example.com>`",
                    self.mail_from
                ),
            });
        }
        Ok(())
    }
}

/// Letters, digits and `-_.:` only: the namespace becomes part of Redis key
/// names and of `SCAN` patterns, where `*?[]{}` and spaces have meanings.
fn valid_key_part(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Where outgoing mail goes.
#[derive(Clone, PartialEq, Eq)]
pub enum MailConfig {
    /// Each message becomes one `.eml` file in `dir`: a new user sees the
    /// mails without an SMTP server.
    File { dir: PathBuf },
    /// `smtp://[user:pass@]host[:port][?tls=required|opportunistic]` or
    /// `smtps://[user:pass@]host[:port]` (see `docs/worker.md`).
    Smtp { url: String },
}

impl MailConfig {
    /// Builds the mail configuration from the environment's values
    /// (`MAIL_TRANSPORT`, `SMTP_URL`) and the default outbox folder.
    ///
    /// No transport given: SMTP when `SMTP_URL` is set, else the file outbox.
    pub fn from_env_values(
        transport: Option<&str>,
        smtp_url: Option<&str>,
        outbox_dir: &Path,
    ) -> Result<Self, ConfigError> {
        let transport = transport.map(str::trim).filter(|t| !t.is_empty());
        let smtp_url = smtp_url.map(str::trim).filter(|u| !u.is_empty());
        let file = || MailConfig::File {
            dir: outbox_dir.to_path_buf(),
        };
        match transport.map(str::to_ascii_lowercase).as_deref() {
            None => match smtp_url {
                Some(url) => Self::smtp(url),
                None => Ok(file()),
            },
            Some("file") => Ok(file()),
            Some("smtp") => match smtp_url {
                Some(url) => Self::smtp(url),
                None => Err(ConfigError::SmtpUrlMissing),
            },
            Some(other) => Err(ConfigError::UnknownTransport(other.to_owned())),
        }
    }

    /// Checks the SMTP URL's shape now rather than at the first send.
    pub fn smtp(url: &str) -> Result<Self, ConfigError> {
        let parsed = url::Url::parse(url).map_err(|e| ConfigError::BadSmtpUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(ConfigError::BadSmtpUrl(format!(
                "scheme `{}` is not smtp or smtps",
                parsed.scheme()
            )));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(ConfigError::BadSmtpUrl("no host".to_owned()));
        }
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None | Some("required" | "opportunistic")) | ("smtps", None) => {}
            (_, t) => {
                return Err(ConfigError::BadSmtpUrl(format!(
                    "tls={} is not supported here (smtp:// takes tls=required or tls=opportunistic; smtps:// takes none)",
                    t.unwrap_or_default()
                )));
            }
        }
        let loopback = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        if parsed.scheme() == "smtp" && tls.is_none() && parsed.password().is_some() && !loopback {
            return Err(ConfigError::BadSmtpUrl(
                "it would send the password unencrypted: add ?tls=required (STARTTLS) or use smtps://"
                    .to_owned(),
            ));
        }
        Ok(MailConfig::Smtp {
            url: url.to_owned(),
        })
    }
}

/// The URL without its password, for logs and `Debug`.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => "<unparsable url>".to_owned(),
    }
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailConfig::File { dir } => f.debug_struct("File").field("dir", dir).finish(),
            MailConfig::Smtp { url } => f
                .debug_struct("Smtp")
                .field("url", &redact_url(url))
                .finish(),
        }
    }
}

/// A setting that cannot work; each message says what to change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error(
        "MAIL_TRANSPORT=smtp needs SMTP_URL (e.g. smtp://user:pass@mail.example.com:587?tls=required)"
    )]
    SmtpUrlMissing,
    #[error(
        "MAIL_TRANSPORT `{0}` is unknown: use `file` (write .eml files) or `smtp` (send via SMTP_URL)"
    )]
    UnknownTransport(String),
    #[error(
        "SMTP_URL is not usable: {0} — expected smtp://[user:pass@]host[:port][?tls=required|opportunistic] or smtps://[user:pass@]host[:port]"
    )]
    BadSmtpUrl(String),
    #[error(
        "{which} cron `{expr}` is invalid: {reason} — use six fields with seconds, e.g. `0 * * * * *`"
    )]
    BadCron {
        which: &'static str,
        expr: String,
        reason: String,
    },
    #[error("Redis namespace `{0}` is invalid: use letters, digits and - _ . : only")]
    BadNamespace(String),
    #[error("worker name `{0}` is invalid: it must be non-empty and contain no spaces")]
    BadWorkerName(String),
    #[error(
        "heartbeat interval {0:?} is too short: apalis-redis counts whole seconds, use at least 1 s"
    )]
    HeartbeatTooShort(Duration),
    #[error("poll interval must be greater than zero")]
    PollIntervalZero,
    #[error("{name} is invalid: {reason}")]
    BadSetting { name: &'static str, reason: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_config_from_env_values() {
        let dir = Path::new("/tmp/outbox");
        let file = MailConfig::File {
            dir: dir.to_path_buf(),
        };
        assert_eq!(
            MailConfig::from_env_values(None, None, dir),
            Ok(file.clone())
        );
        assert_eq!(
            MailConfig::from_env_values(Some(" FILE "), Some("smtp://h"), dir),
            Ok(file)
        );
        assert_eq!(
            MailConfig::from_env_values(None, Some("smtp://h:25"), dir),
            Ok(MailConfig::Smtp {
                url: "smtp://h:25".into()
            })
        );
        assert_eq!(
            MailConfig::from_env_values(Some("smtp"), None, dir),
            Err(ConfigError::SmtpUrlMissing)
        );
        assert!(matches!(
            MailConfig::from_env_values(Some("pigeon"), None, dir),
            Err(ConfigError::UnknownTransport(_))
        ));
        for bad in [
            "http://h",
            "smtp://h?tls=wrapper",
            "smtps://h?tls=required",
            "nonsense",
        ] {
            assert!(
                matches!(MailConfig::smtp(bad), Err(ConfigError::BadSmtpUrl(_))),
                "{bad}"
            );
        }
        assert!(MailConfig::smtp("smtps://u:p@h:465").is_ok());
        assert!(matches!(
            MailConfig::smtp("smtp://u:p@mail.example.com"),
            Err(ConfigError::BadSmtpUrl(_))
        ));
        assert!(MailConfig::smtp("smtp://u:p@mail.example.com?tls=required").is_ok());
        assert!(MailConfig::smtp("smtp://u:p@127.0.0.1:2525").is_ok());
        assert!(MailConfig::smtp("smtp://h:587?tls=opportunistic").is_ok());
    }

    #[test]
    fn debug_hides_the_smtp_password() {
        let cfg = MailConfig::Smtp {
            url: "smtp://user:secret@h:587".into(),
        };
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("user"), "{shown}");
        let worker = WorkerConfig::new("redis://:hunter2@r:6379", cfg);
        let shown = format!("{worker:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("secret"),
            "{shown}"
        );
    }

    #[test]
    fn validate_catches_bad_values() {
        let mut cfg = WorkerConfig::new("redis://127.0.0.1", MailConfig::File { dir: "o".into() });
        assert_eq!(cfg.validate(), Ok(()));
        cfg.heartbeat_cron = "* * * * *".into();
        assert!(matches!(cfg.validate(), Err(ConfigError::BadCron { .. })));
        cfg.heartbeat_cron = "0 * * * * *".into();
        cfg.namespace = "a b".into();
        assert!(matches!(cfg.validate(), Err(ConfigError::BadNamespace(_))));
        cfg.namespace = "salesd".into();
        cfg.heartbeat_interval = Duration::from_millis(500);
        assert!(matches!(
            cfg.validate(),
            Err(ConfigError::HeartbeatTooShort(_))
        ));
        cfg.heartbeat_interval = Duration::from_secs(5);
        cfg.assessment_cron = "on the first".into();
        assert!(
            matches!(cfg.validate(), Err(ConfigError::BadCron { which, .. }) if which.contains("ASSESSMENT_CRON"))
        );
    }

    /// AUTO-4: the default assessment tick is 00:05:00 every day.
    #[test]
    fn auto4_default_assessment_cron_is_daily_at_five_past_midnight() {
        use chrono::TimeZone;
        let cfg = WorkerConfig::new("redis://127.0.0.1", MailConfig::File { dir: "o".into() });
        let tz = cfg.timezone;
        let schedule = cfg.assessment_schedule().expect("default parses");
        let from = tz.with_ymd_and_hms(2026, 10, 31, 23, 59, 0).unwrap();
        let next: Vec<_> = schedule.after(&from).take(2).collect();
        assert_eq!(next[0], tz.with_ymd_and_hms(2026, 11, 1, 0, 5, 0).unwrap());
        assert_eq!(next[1], tz.with_ymd_and_hms(2026, 11, 2, 0, 5, 0).unwrap());
    }
}
