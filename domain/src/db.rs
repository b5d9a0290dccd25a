//! Connecting to PostgreSQL and applying the migrations.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// How to reach PostgreSQL.
#[derive(Clone, Debug)]
pub struct DbConfig {
    pub url: String,
    pub max_connections: u32,
    /// `statement_timeout` set on every connection; a runaway query is
    /// cancelled by PostgreSQL rather than holding a connection forever.
    pub statement_timeout: Duration,
    pub acquire_timeout: Duration,
}

impl DbConfig {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            max_connections: 16,
            statement_timeout: Duration::from_secs(10),
            acquire_timeout: Duration::from_secs(1),
        }
    }
}

/// Why start-up could not use the database; each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum DbStartupError {
    #[error("DATABASE_URL is not a valid PostgreSQL URL: {0}")]
    BadUrl(sqlx::Error),
    #[error(
        "cannot reach PostgreSQL at {target}: {source} — start it (scripts/services.sh) or set DATABASE_URL"
    )]
    Unreachable { target: String, source: sqlx::Error },
    #[error("the database is not migrated ({pending} migration(s) pending) — run `salesd migrate`")]
    NotMigrated { pending: usize },
    #[error(
        "the database has migration {version} that this build does not know — deploy a newer salesd"
    )]
    UnknownMigration { version: i64 },
    #[error("applying migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("reading the migration state failed: {0}")]
    Query(sqlx::Error),
}

/// Connects a pool and checks the server answers.
pub async fn connect(cfg: &DbConfig) -> Result<PgPool, DbStartupError> {
    let opts: PgConnectOptions = cfg.url.parse().map_err(DbStartupError::BadUrl)?;
    let target = format!(
        "{}:{}/{}",
        opts.get_host(),
        opts.get_port(),
        opts.get_database().unwrap_or("?")
    );
    let opts = opts
        .options([(
            "statement_timeout",
            format!("{}", cfg.statement_timeout.as_millis()),
        )])
        .log_slow_statements(log::LevelFilter::Warn, Duration::from_millis(500));
    let pool = PgPoolOptions::new()
        .max_connections(cfg.max_connections)
        .acquire_timeout(cfg.acquire_timeout)
        .connect_with(opts)
        .await
        .map_err(|source| DbStartupError::Unreachable { target, source })?;
    Ok(pool)
}

/// Applies every pending migration.
///
/// A migration may rewrite a large table (a backfill over a million
/// opportunities takes longer than the pool's `statement_timeout`), so the
/// migrations run without that limit, on a connection taken out of the pool
/// and closed afterwards rather than handed back with the setting changed.
pub async fn migrate(pool: &PgPool) -> Result<(), DbStartupError> {
    use sqlx::Connection;
    let mut conn = pool
        .acquire()
        .await
        .map_err(DbStartupError::Query)?
        .detach();
    sqlx::query("SET statement_timeout = 0")
        .execute(&mut conn)
        .await
        .map_err(DbStartupError::Query)?;
    MIGRATOR.run(&mut conn).await?;
    let _ = conn.close().await;
    Ok(())
}

/// Fails unless every embedded migration has been applied (and no unknown one has).
pub async fn ensure_migrated(pool: &PgPool) -> Result<(), DbStartupError> {
    let table_exists: bool =
        sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
            .fetch_one(pool)
            .await
            .map_err(DbStartupError::Query)?;
    let applied: Vec<i64> = if table_exists {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            .map_err(DbStartupError::Query)?
    } else {
        Vec::new()
    };
    if let Some(v) = applied
        .iter()
        .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
    {
        return Err(DbStartupError::UnknownMigration { version: *v });
    }
    let pending = MIGRATOR
        .iter()
        .filter(|m| m.migration_type.is_up_migration() && !applied.contains(&m.version))
        .count();
    if pending > 0 {
        return Err(DbStartupError::NotMigrated { pending });
    }
    Ok(())
}
