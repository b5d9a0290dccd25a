//! What each command of the binary does, as library functions the tests
//! can call too.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use salesd_api::{AppState, Env};
use salesd_domain::clock::SystemClock;
use salesd_domain::db;
use salesd_worker::WorkerStatus;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;

/// Sets up logging: JSON lines in production, readable text in dev.
pub fn init_tracing(env: Env) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match env {
        Env::Production => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .try_init(),
        Env::Dev => builder.try_init(),
    };
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight work");
}

/// Connects PostgreSQL; in dev migrates, in production insists on a migrated
/// database. Fails with a one-line, actionable error.
pub async fn database(cfg: &Config, migrate: bool) -> anyhow::Result<PgPool> {
    let pool = db::connect(&cfg.db).await?;
    if migrate {
        db::migrate(&pool).await?;
    } else {
        db::ensure_migrated(&pool).await?;
    }
    if let Some((email, password)) = &cfg.admin
        && salesd_domain::org::bootstrap::bootstrap_admin(&pool, email, password)
            .await
            .map_err(|e| anyhow::anyhow!("SALESD_ADMIN_EMAIL / SALESD_ADMIN_PASSWORD: {e}"))?
    {
        tracing::info!(email = %email, "created the first ADMIN");
    }
    Ok(pool)
}

/// Connects Redis and checks it answers.
pub async fn redis(url: &str) -> anyhow::Result<redis::aio::ConnectionManager> {
    let shown = salesd_worker::config::redact_url(url);
    let hint = "start it (scripts/services.sh) or set REDIS_URL";
    let client = redis::Client::open(url)
        .map_err(|e| anyhow::anyhow!("REDIS_URL {shown} is not valid: {e}"))?;
    let conn = tokio::time::timeout(
        Duration::from_secs(5),
        redis::aio::ConnectionManager::new(client),
    )
    .await
    .map_err(|_| anyhow::anyhow!("cannot reach Redis at {shown}: timed out — {hint}"))?
    .map_err(|e| anyhow::anyhow!("cannot reach Redis at {shown}: {e} — {hint}"))?;
    Ok(conn)
}

async fn state(
    cfg: &Config,
    pool: PgPool,
    worker: Option<WorkerStatus>,
) -> anyhow::Result<Arc<AppState>> {
    let redis = redis(&cfg.redis_url).await?;
    Ok(Arc::new(AppState::new(
        pool,
        redis,
        cfg.api.clone(),
        Arc::new(SystemClock),
        worker,
    )))
}

async fn bind(addr: SocketAddr, what: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} ({what}); set {what} to a free address"))
}

/// Serves `router` until `shutdown` resolves; in-flight requests finish.
async fn serve_until(
    listener: TcpListener,
    router: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    salesd_api::serve::serve(
        listener,
        router,
        salesd_api::serve::HEADER_READ_TIMEOUT,
        shutdown,
    )
    .await
    .context("HTTP server")
}

/// A shutdown signal that several tasks can wait on.
fn broadcast_shutdown() -> (watch::Receiver<bool>, tokio::task::JoinHandle<()>) {
    let (tx, rx) = watch::channel(false);
    let task = tokio::spawn(async move {
        shutdown_signal().await;
        let _ = tx.send(true);
    });
    (rx, task)
}

async fn wait(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|v| *v).await;
}

/// `salesd serve`: the GraphQL API.
pub async fn serve(cfg: Config) -> anyhow::Result<()> {
    let pool = database(&cfg, cfg.env == Env::Dev).await?;
    let st = state(&cfg, pool, None).await?;
    let listener = bind(cfg.bind_addr, "BIND_ADDR").await?;
    tracing::info!(addr = %cfg.bind_addr, "API listening; GraphQL at /graphql");
    serve_until(listener, salesd_api::router(st), shutdown_signal()).await
}

/// `salesd work`: the job workers and cron schedules, plus the operations
/// endpoints on WORKER_BIND_ADDR.
pub async fn work(cfg: Config) -> anyhow::Result<()> {
    let pool = database(&cfg, cfg.env == Env::Dev).await?;
    let status = WorkerStatus::new();
    let st = state(&cfg, pool.clone(), Some(status.clone())).await?;
    let listener = bind(cfg.worker_bind_addr, "WORKER_BIND_ADDR").await?;
    let (rx, _signal) = broadcast_shutdown();
    let ops = tokio::spawn(serve_until(
        listener,
        salesd_api::ops_router(st),
        wait(rx.clone()),
    ));
    tracing::info!(addr = %cfg.worker_bind_addr, name = %cfg.worker.worker_name, "worker starting; /readyz here");
    let result = salesd_worker::run_until_stopped(pool, cfg.worker.clone(), status, rx).await;
    ops.abort();
    result
}

/// `salesd all`: API and workers in one process. The workers survive a
/// Redis fault (they start again when it answers, `/readyz` 503
/// meanwhile); if they stop for good (a failure before their first start),
/// the API shuts down too and the process exits non-zero.
pub async fn all(cfg: Config) -> anyhow::Result<()> {
    let pool = database(&cfg, cfg.env == Env::Dev).await?;
    let status = WorkerStatus::new();
    let st = state(&cfg, pool.clone(), Some(status.clone())).await?;
    let listener = bind(cfg.bind_addr, "BIND_ADDR").await?;
    let (stop_tx, stop_rx) = watch::channel(false);
    let signal = {
        let stop_tx = stop_tx.clone();
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = stop_tx.send(true);
        })
    };
    let worker = {
        let stop_tx = stop_tx.clone();
        let run =
            salesd_worker::run_until_stopped(pool, cfg.worker.clone(), status, stop_rx.clone());
        tokio::spawn(async move {
            let result = run.await;
            if let Err(e) = &result {
                tracing::error!(error = %format!("{e:#}"), "workers stopped; shutting the API down");
            }
            let _ = stop_tx.send(true);
            result
        })
    };
    tracing::info!(addr = %cfg.bind_addr, "API and workers running; GraphQL at /graphql");
    let served = serve_until(listener, salesd_api::router(st), wait(stop_rx)).await;
    signal.abort();
    let worked = worker.await.context("worker task")?;
    served.and(worked)
}

/// `salesd migrate`.
pub async fn migrate(cfg: &Config) -> anyhow::Result<()> {
    let pool = db::connect(&cfg.db).await?;
    db::migrate(&pool).await?;
    Ok(())
}
