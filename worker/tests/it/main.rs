//! Integration tests of the worker crate against the real PostgreSQL, Redis
//! and an in-process SMTP sink. One binary, so it links once.

mod assess;
mod compose;
mod mail;
mod queue;
mod render;
mod run;
mod shutdown;

use std::path::PathBuf;

use salesd_worker::{MailConfig, WorkerConfig, testing};

/// A fresh folder under the system temp dir, removed by the test at the end.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "salesd-worker-{tag}-{}-{}",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A config on the test Redis with its own namespace and worker name, a cron
/// that ticks every second and a file outbox in `outbox`.
pub fn test_config(outbox: PathBuf) -> WorkerConfig {
    let mut cfg = WorkerConfig::new(testing::redis_url(), MailConfig::File { dir: outbox });
    cfg.namespace = testing::unique_namespace();
    cfg.worker_name = format!("w-{}", cfg.namespace);
    cfg.heartbeat_cron = "* * * * * *".to_owned();
    cfg.heartbeat_interval = std::time::Duration::from_secs(1);
    cfg.poll_interval = std::time::Duration::from_millis(100);
    cfg.shutdown_timeout = std::time::Duration::from_secs(5);
    cfg
}
