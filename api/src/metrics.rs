//! The API's own Prometheus metrics, kept in `AppState` and written by the
//! request handlers; `ops` serves them with the scrape-time series.

use prometheus::{
    HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
};

/// The API's Prometheus metrics.
pub struct Metrics {
    pub registry: Registry,
    /// GraphQL requests by operation name and outcome (ok, error, rejected).
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub db_pool: IntGaugeVec,
    pub login_rate_limited: IntCounter,
    /// Operation names seen so far: clients choose them, so beyond
    /// [`MAX_OPERATION_LABELS`] new ones are counted as "other".
    operations: std::sync::Mutex<std::collections::HashSet<String>>,
}

/// The most distinct operation names that get a series of their own.
pub const MAX_OPERATION_LABELS: usize = 200;

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("salesd".into()), None).unwrap_or_default();
        let requests = IntCounterVec::new(
            Opts::new(
                "graphql_requests_total",
                "GraphQL requests by operation and outcome",
            ),
            &["operation", "outcome"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "graphql_request_duration_seconds",
                "GraphQL request latency",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["operation"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let db_pool = IntGaugeVec::new(
            Opts::new("db_pool_connections", "PostgreSQL pool connections"),
            &["state"],
        )
        .unwrap_or_else(|_| unreachable_metric());
        let login_rate_limited = IntCounter::new(
            "login_rate_limited_total",
            "logins refused by the failure limit",
        )
        .unwrap_or_else(|_| unreachable_metric());
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(db_pool.clone()),
            Box::new(login_rate_limited.clone()),
        ] {
            let _ = registry.register(c);
        }
        Self {
            registry,
            requests,
            latency,
            db_pool,
            login_rate_limited,
            operations: Default::default(),
        }
    }

    pub fn observe(&self, operation: &str, outcome: &str, seconds: f64) {
        let operation = {
            let mut seen = self.operations.lock().unwrap_or_else(|p| p.into_inner());
            let known = seen.contains(operation)
                || (seen.len() < MAX_OPERATION_LABELS && seen.insert(operation.to_owned()));
            if known { operation } else { "other" }
        };
        self.requests.with_label_values(&[operation, outcome]).inc();
        self.latency
            .with_label_values(&[operation])
            .observe(seconds);
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The metric definitions above are constants, valid by construction.
pub(crate) fn unreachable_metric<T>() -> T {
    unreachable!("invalid metric definition")
}
