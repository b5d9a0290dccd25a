//! salesd's background side: apalis workers on Redis, cron schedules, job
//! handlers and mail.
//!
//! The API uses only [`client`] (queue names, job contracts, enqueueing,
//! queue statistics) and [`status`]; `salesd work` / `salesd all` call [`run`].
//! `docs/worker.md` describes the design and the apalis-redis 1.0 traps it
//! works around.

pub mod client;
pub mod compose;
pub mod config;
pub mod jobs;
pub mod mail;
mod queue_gc;
mod runner;
#[cfg(any(test, feature = "test-support"))]
pub mod smtp_sink;
pub mod status;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use config::{MailConfig, WorkerConfig};
pub use mail::{MailError, Mailer};
pub use runner::{delivery_pool, run, run_until_stopped};
pub use status::WorkerStatus;
