//! The scan kit (AUTO-1, AUTO-2, AUTO-5): what every context's scheduled
//! scans share. A scan finds in PostgreSQL what has become due and records
//! keyed notifications in the outbox (AUTO-6), so running it twice, or in
//! two processes at once, records each notification once. The scans
//! themselves live in their contexts; `crate::registry` lists them.
//!
//! | scan | rule | context | runs | what it records |
//! |---|---|---|---|---|
//! | follow-ups | AUTO-1 | customers | every tick | due-day reminder to the assignee; escalation to the supervisor at 3 working days overdue |
//! | revisits | AUTO-2, CUS-6 | customers | once a day | 3 days before due, on the due day, escalation at 7 days overdue |
//! | pool | CUS-4 | customers | once a day | 7-day warnings; the reclaim itself with owner history, audit and a note |
//! | complaints | CUS-9 | customers | every tick | escalation of an overdue complaint |
//! | care | CUS-7 | customers | once a day | greetings to opted-in key-account contacts, a note to the owner |
//! | milestones | CON-6 | execution | once a day | overdue milestone alert to the project leader |
//! | after_sales | CON-9 | execution | every tick | escalation of a request not responded to in time |
//! | deliveries | CON-4 | orders | once a day | owner warned of an order not READY within 3 days of (or past) its promised date |
//! | statements | REC-5 | receivables | once a day | on `statement_day`: the previous month's statements, emailed to the sales manager (and billing contacts where enabled) |
//! | dunning | REC-6/7, AUTO-3 | receivables | once a day | posts what fell due, then each overdue item's due level once: one notice per customer, level and billing contact listing every item, one digest per person (owner line, finance); credit hold at L3, HIGH risk at L4; lifts holds with nothing overdue |
//! | cash_handover | REC-9 | receivables | once a day | money collected in person not handed over 90 days after collection: finance and the sales director |
//! | work_logs | AUTO-5, TGT-4 | worklog | once a day | on a working day: the person without a log for the previous working day; their direct head after two missed working days |
//!
//! What a scan records for a day is due at the reminder hour (09:00 company
//! time by default), so a daily scan at midnight does not mail anyone at
//! midnight; complaint escalations (deadlines in hours) are due at once. A
//! follow-up or revisit scan that missed days (the workers were down)
//! catches up on what fell due in the last [`CATCH_UP_DAYS`] days;
//! escalations look back [`ESCALATION_LOOKBACK_DAYS`]. Care greetings and
//! pool warnings are for the day itself: a day the workers missed entirely
//! is not greeted late (docs/operations.md).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::clock::{company_date, start_of_day};
use crate::error::DomainResult;

pub mod exclusive;

/// Days a scan looks back for reminders it could not record on their day.
pub const CATCH_UP_DAYS: i64 = 3;
/// Days an escalation scan looks back.
pub const ESCALATION_LOOKBACK_DAYS: i64 = 30;

/// The scans, one per kind of reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanKind {
    FollowUps,
    Revisits,
    Pool,
    Complaints,
    Care,
    Milestones,
    AfterSales,
    Deliveries,
    /// REC-5: monthly statements on the statement day.
    Statements,
    /// REC-6, AUTO-3: dunning levels of overdue items (posts what fell due first).
    Dunning,
    /// REC-9: money collected in person not handed over within 90 days.
    CashHandover,
    /// AUTO-5, TGT-4: missing daily work logs (the person, then their head).
    WorkLogs,
}

impl std::str::FromStr for ScanKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ScanKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.replace('-', "_"))
            .ok_or_else(|| {
                let names: Vec<&str> = ScanKind::ALL.iter().map(|k| k.as_str()).collect();
                format!("unknown scan `{s}`: one of {}", names.join(", "))
            })
    }
}

impl ScanKind {
    pub const ALL: [ScanKind; 12] = [
        ScanKind::FollowUps,
        ScanKind::Revisits,
        ScanKind::Pool,
        ScanKind::Complaints,
        ScanKind::Care,
        ScanKind::Milestones,
        ScanKind::AfterSales,
        ScanKind::Deliveries,
        ScanKind::Statements,
        ScanKind::Dunning,
        ScanKind::CashHandover,
        ScanKind::WorkLogs,
    ];

    /// The scan's place in [`ScanKind::ALL`]: its advisory-lock key.
    pub fn index(self) -> i32 {
        ScanKind::ALL
            .iter()
            .position(|k| *k == self)
            .map_or(-1, |i| i as i32)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ScanKind::FollowUps => "follow_ups",
            ScanKind::Revisits => "revisits",
            ScanKind::Pool => "pool",
            ScanKind::Complaints => "complaints",
            ScanKind::Care => "care",
            ScanKind::Milestones => "milestones",
            ScanKind::AfterSales => "after_sales",
            ScanKind::Deliveries => "deliveries",
            ScanKind::Statements => "statements",
            ScanKind::Dunning => "dunning",
            ScanKind::CashHandover => "cash_handover",
            ScanKind::WorkLogs => "work_logs",
        }
    }

    /// Scans whose results change only from one company day to the next run
    /// once a day; the others on every tick.
    pub fn daily(self) -> bool {
        matches!(
            self,
            ScanKind::Revisits
                | ScanKind::Pool
                | ScanKind::Care
                | ScanKind::Milestones
                | ScanKind::Deliveries
                | ScanKind::Statements
                | ScanKind::Dunning
                | ScanKind::CashHandover
                | ScanKind::WorkLogs
        )
    }
}

/// Settings of the scans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanOptions {
    /// Hour of the company day (0–23) at which the day's reminders are due.
    pub reminder_hour: u32,
    /// Run a daily scan even if it already ran today (`salesd scan --force`).
    pub force: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            reminder_hour: 9,
            force: false,
        }
    }
}

/// What one scan did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScanReport {
    pub kind: &'static str,
    pub day: Option<NaiveDate>,
    /// Due items found (a reminder, warning or escalation each).
    pub found: u64,
    /// Notifications newly recorded (in-app twins included).
    pub created: u64,
    /// Customers returned to the public pool (pool scan only).
    pub reclaimed: u64,
    /// Nothing was done: a daily scan that had already run today, or
    /// (`busy`) another run of the same scan still going.
    pub skipped: bool,
    /// Skipped because another run of this scan was still going.
    pub busy: bool,
}

/// Runs the scan `kind` as of `now` by calling `body(now, today)`, the
/// context's scan (`crate::registry::run_scan` chooses it). A daily scan
/// that finished earlier on
/// the same company day does nothing (`skipped`). Only one run of a scan
/// kind goes on at a time across every worker process (a PostgreSQL
/// advisory lock held for the run): a run that finds another still going
/// records the skip in `scan_state` and returns `busy`.
pub async fn run_scan<F, Fut>(
    pool: &PgPool,
    kind: ScanKind,
    now: DateTime<Utc>,
    opts: ScanOptions,
    body: F,
) -> DomainResult<ScanReport>
where
    F: FnOnce(DateTime<Utc>, NaiveDate) -> Fut,
    Fut: Future<Output = DomainResult<ScanReport>>,
{
    let today = company_date(now);
    let skipped = |busy: bool| ScanReport {
        kind: kind.as_str(),
        day: Some(today),
        skipped: true,
        busy,
        ..ScanReport::default()
    };
    if kind.daily() && !opts.force && ran_on(pool, kind, today).await? {
        return Ok(skipped(false));
    }
    let Some(lock) = exclusive::ScanLock::try_acquire(pool, kind).await? else {
        exclusive::record_busy(pool, kind, now).await?;
        return Ok(skipped(true));
    };
    // Another run may have finished the day between the check and the lock.
    if kind.daily() && !opts.force && ran_on(pool, kind, today).await? {
        lock.release().await;
        return Ok(skipped(false));
    }
    exclusive::record_start(pool, kind, now).await?;
    let started = std::time::Instant::now();
    let outcome = body(now, today).await;
    let finished = now + Duration::from_std(started.elapsed()).unwrap_or_default();
    let recorded = match &outcome {
        Ok(report) => finish(pool, kind, today, now, finished, report).await,
        Err(e) => exclusive::record_end(pool, kind, finished, Some(&e.to_string())).await,
    };
    lock.release().await;
    let mut report = outcome?;
    recorded?;
    report.kind = kind.as_str();
    report.day = Some(today);
    Ok(report)
}

/// Whether the daily scan `kind` finished for the company day `day`.
async fn ran_on(pool: &PgPool, kind: ScanKind, day: NaiveDate) -> DomainResult<bool> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM scan_runs WHERE kind = $1 AND day = $2)")
            .bind(kind.as_str())
            .bind(day)
            .fetch_one(pool)
            .await?,
    )
}

/// Records a finished run: the day's `scan_runs` row of a daily scan (with
/// its start and end), and the scan's state.
async fn finish(
    pool: &PgPool,
    kind: ScanKind,
    day: NaiveDate,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
    report: &ScanReport,
) -> DomainResult<()> {
    if kind.daily() {
        sqlx::query(
            "INSERT INTO scan_runs (kind, day, started_at, finished_at, found, created)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (kind, day) DO NOTHING",
        )
        .bind(kind.as_str())
        .bind(day)
        .bind(started)
        .bind(finished)
        .bind(report.found as i32)
        .bind(report.created as i32)
        .execute(pool)
        .await?;
    }
    exclusive::record_end(pool, kind, finished, None).await
}

/// The instant a scan run "as of" the company day `day` (`salesd scan
/// --as-of`) takes for now: the present for today, the last second of the
/// day for a past day (everything recorded that day is seen, and its
/// reminders are due at once); a future day is refused.
pub fn scan_instant(day: NaiveDate, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let today = company_date(now);
    if day > today {
        return Err(format!("is after today ({today}) in the company time zone"));
    }
    if day == today {
        return Ok(now);
    }
    Ok(start_of_day(day + Duration::days(1)) - Duration::seconds(1))
}

/// The instant `hour` o'clock of the company day `day`.
pub fn at_hour(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    start_of_day(day) + Duration::hours(i64::from(hour.min(23)))
}

/// Someone a notification goes to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Person {
    pub id: Uuid,
    pub display_name: String,
    pub locale: String,
}

/// Active users by id.
pub async fn people(pool: &PgPool, ids: &[Uuid]) -> DomainResult<HashMap<Uuid, Person>> {
    let rows: Vec<Person> =
        sqlx::query_as("SELECT id, display_name, locale FROM users WHERE id = ANY($1) AND active")
            .bind(ids)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|p| (p.id, p)).collect())
}

/// Each user's direct head (ORG-5) as a [`Person`].
pub async fn heads(pool: &PgPool, users: &[Uuid]) -> DomainResult<HashMap<Uuid, Person>> {
    let heads = crate::org::store::direct_heads(pool, users).await?;
    let ids: Vec<Uuid> = heads.values().copied().collect();
    let persons = people(pool, &ids).await?;
    Ok(heads
        .into_iter()
        .filter_map(|(user, head)| persons.get(&head).map(|p| (user, p.clone())))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto5_a_missed_day_is_scanned_as_of_its_last_second_and_the_future_refused() {
        let now: DateTime<Utc> = "2026-12-07T04:00:00Z".parse().unwrap(); // 12:00 Shanghai
        let today = company_date(now);
        assert_eq!(scan_instant(today, now), Ok(now));
        let missed = scan_instant(today - Duration::days(2), now).unwrap();
        assert_eq!(
            missed,
            "2026-12-05T15:59:59Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(company_date(missed), today - Duration::days(2));
        assert!(scan_instant(today + Duration::days(1), now).is_err());
    }
}
