//! Configuration from environment variables, with defaults for a local
//! machine. `.env.example` documents every variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use salesd_api::{ApiConfig, Env};
use salesd_domain::db::DbConfig;
use salesd_worker::{MailConfig, WorkerConfig};

#[derive(Clone, Debug)]
pub struct Config {
    pub env: Env,
    pub db: DbConfig,
    pub redis_url: String,
    pub bind_addr: SocketAddr,
    pub worker_bind_addr: SocketAddr,
    pub timezone: chrono_tz::Tz,
    pub api: ApiConfig,
    pub worker: WorkerConfig,
    pub admin: Option<(String, String)>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn parse<T: FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={v:?} is not valid: {e}")),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let env = match var("SALESD_ENV").as_deref() {
            None | Some("dev" | "development") => Env::Dev,
            Some("production" | "prod") => Env::Production,
            Some(other) => bail!("SALESD_ENV={other:?} is not valid: use dev or production"),
        };
        let timezone: chrono_tz::Tz = parse("COMPANY_TIMEZONE", chrono_tz::Asia::Shanghai)?;
        let mut db = DbConfig::new(
            var("DATABASE_URL")
                .unwrap_or_else(|| "postgres://salesd:salesd@127.0.0.1:5432/salesd".into()),
        );
        db.max_connections = parse("DATABASE_MAX_CONNECTIONS", 16)?;
        db.statement_timeout =
            Duration::from_millis(parse("DATABASE_STATEMENT_TIMEOUT_MS", 10_000)?);
        db.acquire_timeout = Duration::from_millis(parse("DATABASE_ACQUIRE_TIMEOUT_MS", 1_000)?);
        let redis_url = var("REDIS_URL").unwrap_or_else(|| "redis://127.0.0.1:6379".into());
        let prefix = var("REDIS_PREFIX").unwrap_or_else(|| "salesd".into());
        let defaults = ApiConfig::default();
        let api = ApiConfig {
            env,
            max_body_bytes: parse("MAX_BODY_BYTES", defaults.max_body_bytes)?,
            request_timeout: Duration::from_secs(parse("REQUEST_TIMEOUT_SECS", 30)?),
            max_depth: parse("GRAPHQL_MAX_DEPTH", defaults.max_depth)?,
            max_complexity: parse("GRAPHQL_MAX_COMPLEXITY", defaults.max_complexity)?,
            max_aliases: parse("GRAPHQL_MAX_ALIASES", defaults.max_aliases)?,
            session_ttl: chrono::Duration::hours(parse("SESSION_TTL_HOURS", 12)?),
            cors_origins: var("CORS_ALLOWED_ORIGINS")
                .map(|v| {
                    v.split(',')
                        .map(|o| o.trim().to_owned())
                        .filter(|o| !o.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            login_failures_per_account: parse(
                "LOGIN_FAILURES_PER_ACCOUNT",
                defaults.login_failures_per_account,
            )?,
            login_failures_per_address: parse(
                "LOGIN_FAILURES_PER_ADDRESS",
                defaults.login_failures_per_address,
            )?,
            login_window: Duration::from_secs(parse("LOGIN_WINDOW_SECS", 900)?),
            redis_prefix: prefix.clone(),
            trust_forwarded_for: parse("TRUST_FORWARDED_FOR", false)?,
            loader_window: Duration::from_micros(parse("GRAPHQL_LOADER_WINDOW_US", 2_000)?),
            web_dir: salesd_api::console::default_dir(var("SALESD_WEB_DIR").map(PathBuf::from)),
        };
        let outbox = PathBuf::from(var("MAIL_OUTBOX_DIR").unwrap_or_else(|| "var/outbox".into()));
        let mail = MailConfig::from_env_values(
            var("MAIL_TRANSPORT").as_deref(),
            var("SMTP_URL").as_deref(),
            &outbox,
        )
        .context("mail configuration (MAIL_TRANSPORT / SMTP_URL)")?;
        let mut worker = WorkerConfig::new(redis_url.clone(), mail);
        worker.namespace = prefix;
        worker.timezone = timezone;
        if let Some(from) = var("MAIL_FROM") {
            worker.mail_from = from;
        }
        if let Some(cron) = var("SCAN_CRON") {
            worker.scan_cron = cron;
        }
        if let Some(cron) = var("ASSESSMENT_CRON") {
            worker.assessment_cron = cron;
        }
        worker.notify_lease = Duration::from_secs(parse("NOTIFY_LEASE_SECS", 300u64)?);
        worker.notify_batch = parse("NOTIFY_BATCH", 20i64)?;
        worker.reminder_hour = parse("REMINDER_HOUR", 9u32)?;
        if let Some(name) = var("WORKER_NAME") {
            worker.worker_name = name;
        }
        let admin = match (var("SALESD_ADMIN_EMAIL"), var("SALESD_ADMIN_PASSWORD")) {
            (Some(e), Some(p)) => Some((e, p)),
            (None, None) => None,
            _ => bail!("set both SALESD_ADMIN_EMAIL and SALESD_ADMIN_PASSWORD, or neither"),
        };
        Ok(Self {
            env,
            db,
            redis_url,
            bind_addr: parse("BIND_ADDR", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            worker_bind_addr: parse("WORKER_BIND_ADDR", SocketAddr::from(([127, 0, 0, 1], 8081)))?,
            timezone,
            api,
            worker,
            admin,
        })
    }
}
