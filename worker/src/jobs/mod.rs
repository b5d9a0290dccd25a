//! Job handlers: plain async functions over a payload and a [`JobContext`].
//!
//! The pattern every later queue (notify, reminders…) follows:
//! - the payload is a serde type from [`crate::client`], carrying ids;
//! - the Redis worker receives `serde_json::Value` and decodes it in the
//!   handler ([`decode`]): a payload apalis cannot decode would otherwise
//!   stop the whole worker (apalis-redis treats it as a backend error), and
//!   the job would come back to the next worker after the orphan timeout;
//! - a failure that will not heal returns [`apalis::prelude::AbortError`]
//!   (the job goes straight to `dead`); any other error is retried by
//!   apalis-redis, up to 25 attempts spaced `attempt` seconds apart, which is
//!   no backoff for real outages: handlers of effects (mail) record attempts
//!   and the next due time in PostgreSQL and finish the job instead.

use apalis::prelude::{AbortError, BoxDynError};
use redis::aio::ConnectionManager;
use serde::de::DeserializeOwned;
use sqlx::PgPool;

use crate::mail::Mailer;
use crate::status::WorkerStatus;

pub mod assess;
pub mod heartbeat;
pub mod maintenance;
pub mod notify;
pub mod scan;

/// What every handler may use. Cloned into each worker as apalis `Data`.
#[derive(Clone, Debug)]
pub struct JobContext {
    pub pool: PgPool,
    /// A small pool of delivery's own (issue 20): claims, the send's
    /// records and SENT right after the SMTP acceptance never wait behind
    /// scans holding every connection of `pool`.
    pub delivery_pool: PgPool,
    pub redis: ConnectionManager,
    pub namespace: String,
    pub worker_name: String,
    pub status: WorkerStatus,
    pub mailer: Mailer,
    /// The `From:` of every email.
    pub mail_from: lettre::message::Mailbox,
    /// See [`crate::WorkerConfig::notify_lease`].
    pub notify_lease: std::time::Duration,
    /// See [`crate::WorkerConfig::notify_batch`].
    pub notify_batch: i64,
    pub scan_options: salesd_domain::notify::scan::ScanOptions,
    /// Set when the run that made this context stops (shutdown or a Redis
    /// fault): long jobs of *this* run stop at their next safe point, even
    /// after a later run of the process started (its status is shared).
    pub run_stopped: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl JobContext {
    /// Whether long jobs should stop at their next safe point: shutdown
    /// began, or the run this context belongs to ended.
    pub fn stopping(&self) -> bool {
        self.status.is_stopping() || self.run_stopped.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// Decodes a job payload; a payload that does not fit is a permanent failure.
pub fn decode<T: DeserializeOwned>(payload: serde_json::Value) -> Result<T, BoxDynError> {
    serde_json::from_value(payload).map_err(|e| {
        Box::new(AbortError::new(format!("undecodable job payload: {e}"))) as BoxDynError
    })
}
