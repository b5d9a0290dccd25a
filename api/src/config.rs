//! The API's configuration (`salesd` reads it from the environment).

use std::time::Duration;

/// Which set of defaults applies: development shows GraphiQL, introspection
/// and suggestions; production hides them and logs JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env {
    Dev,
    Production,
}

#[derive(Clone, Debug)]
pub struct ApiConfig {
    pub env: Env,
    /// Largest request body in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub session_ttl: chrono::Duration,
    /// Browser origins allowed by CORS (none: no CORS headers at all).
    pub cors_origins: Vec<String>,
    /// Failed logins allowed per account, and per client address, per window.
    pub login_failures_per_account: u32,
    pub login_failures_per_address: u32,
    pub login_window: Duration,
    /// Prefix of every Redis key this process writes.
    pub redis_prefix: String,
    /// Take the client address from `X-Forwarded-For` (set it only behind
    /// a reverse proxy that sets that header), for the login limit and the
    /// session record.
    pub trust_forwarded_for: bool,
    /// How long a DataLoader collects keys before it queries. Too short and
    /// one hop of a page splits into several statements (the keys of one
    /// page arrive over time); each hop waits this long. See BENCHMARKS.md.
    pub loader_window: Duration,
    /// The built console (`web/dist`) to serve at `/`; `None`: a page that
    /// says how to build it (docs/console.md).
    pub web_dir: Option<std::path::PathBuf>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            env: Env::Dev,
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            max_depth: 12,
            max_complexity: 5_000,
            max_aliases: 30,
            session_ttl: chrono::Duration::hours(12),
            cors_origins: Vec::new(),
            login_failures_per_account: 5,
            login_failures_per_address: 20,
            login_window: Duration::from_secs(15 * 60),
            redis_prefix: "salesd".to_owned(),
            trust_forwarded_for: false,
            loader_window: Duration::from_millis(2),
            web_dir: None,
        }
    }
}
