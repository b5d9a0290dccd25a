//! CON-4 (AUTO-5): the daily `deliveries` scan. Open orders not yet READY
//! (CONFIRMED or IN_PRODUCTION) whose promised delivery date is within
//! three days or has passed warn their owner ahead of time, once per
//! promised date (`order:{id}:due-soon:{promised}`), due at the reminder
//! hour. The send-time re-check cancels a warning whose order became
//! READY, shipped, delivered or cancelled meanwhile.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;

use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour};

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let due = at_hour(today, opts.reminder_hour).max(now);
    let (found, created) = crate::orders::notices::due_soon_scan(pool, now, today, due).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}
