//! Shared state of the API process.

use salesd_domain::clock::SharedClock;
use salesd_worker::status::WorkerStatus;
use sqlx::PgPool;

pub use crate::config::{ApiConfig, Env};
use crate::metrics::Metrics;

/// Everything a request handler needs.
pub struct AppState {
    pub pool: PgPool,
    pub redis: redis::aio::ConnectionManager,
    pub config: ApiConfig,
    pub clock: SharedClock,
    pub metrics: Metrics,
    /// Set when the worker runs in this process (`salesd all`).
    pub worker: Option<WorkerStatus>,
}

impl AppState {
    pub fn new(
        pool: PgPool,
        redis: redis::aio::ConnectionManager,
        config: ApiConfig,
        clock: SharedClock,
        worker: Option<WorkerStatus>,
    ) -> Self {
        Self {
            pool,
            redis,
            config,
            clock,
            metrics: Metrics::new(),
            worker,
        }
    }
}
