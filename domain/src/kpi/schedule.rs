//! AUTO-4: which assessment periods are due on a company day, and running
//! those that have not been run since they ended (docs/operations.md,
//! "Periodic assessments").
//!
//! - On the first days of a month the previous month is due; in January,
//!   April, July and October also the quarter that ended; in January also
//!   the year ([`due_periods`]). The worker asks every day (its default
//!   cron is 00:05 company time), so a 1st of the month the workers missed
//!   is caught up by the next day's tick.
//! - A due period is run ([`run_due`]) unless it is FINALIZED or it has
//!   been run since it ended: its `assessment_periods.last_run_at` is at or
//!   after the first instant of the day after its last day. A preview run
//!   during the period (`runAssessment` on the 20th) does not count.
//! - A period finalised between the check and the run (CONFLICT from
//!   [`runs::run_period`]) is skipped, not an error.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;

use super::runs::{self, RunReport};
use crate::Ctx;
use crate::clock::{company_date, start_of_day};
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::targets::{Period, PeriodKind};

/// The audit label of the scheduled runs.
pub const ACTOR_LABEL: &str = "assessments";

/// The periods due on company day `day`: the month before `day`'s month;
/// the quarter that ended, when `day` is in January, April, July or
/// October; the year that ended, when `day` is in January. Periods outside
/// the years [`Period::new`] accepts are left out.
pub fn due_periods(day: NaiveDate) -> Vec<Period> {
    let (year, month) = (day.year(), day.month() as i32);
    let mut due = Vec::with_capacity(3);
    let (m_year, m_no) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    due.extend(Period::new(PeriodKind::Month, m_year, m_no).ok());
    if matches!(month, 1 | 4 | 7 | 10) {
        let (q_year, q_no) = if month == 1 {
            (year - 1, 4)
        } else {
            (year, (month - 1) / 3)
        };
        due.extend(Period::new(PeriodKind::Quarter, q_year, q_no).ok());
    }
    if month == 1 {
        due.extend(Period::new(PeriodKind::Year, year - 1, 1).ok());
    }
    due
}

/// The first instant after `period` (company time): a run at or after it
/// saw the whole period.
pub fn period_end(period: Period) -> DateTime<Utc> {
    let last = period.range().1;
    start_of_day(last.succ_opt().unwrap_or(last))
}

/// What [`run_due`] did with one due period.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DueOutcome {
    /// Run now.
    Ran { report: RunReport },
    /// Already run since the period ended: nothing to do.
    AlreadyRun { last_run_at: DateTime<Utc> },
    /// Locked by `finalizeAssessment` (before the check or during the run).
    Finalized,
}

/// One due period and its outcome.
#[derive(Clone, Debug, Serialize)]
pub struct DueRun {
    pub period: Period,
    #[serde(flatten)]
    pub outcome: DueOutcome,
}

impl DueRun {
    pub fn ran(&self) -> bool {
        matches!(self.outcome, DueOutcome::Ran { .. })
    }
}

/// AUTO-4: runs the periods due on the company day of `now` that need it,
/// as the system actor `assessments`, with `now` as the run's time (the
/// worker passes its cron tick's scheduled instant, so a late job still
/// runs "at" 00:05). Returns every due period with its outcome, in the
/// order of [`due_periods`] (month, quarter, year). The audit log's
/// request id is `assessments:{unix seconds of now}`. An error of a run other
/// than CONFLICT ends the call; the periods run before it stay run, and a
/// retry skips them.
pub async fn run_due(pool: &PgPool, now: DateTime<Utc>) -> DomainResult<Vec<DueRun>> {
    let ctx = Ctx {
        actor: Actor::system(ACTOR_LABEL),
        request_id: format!("{ACTOR_LABEL}:{}", now.timestamp()),
        now,
    };
    let mut out = Vec::new();
    for period in due_periods(company_date(now)) {
        let outcome = match state(pool, period).await? {
            Some((status, _)) if status == "FINALIZED" => DueOutcome::Finalized,
            Some((_, Some(last))) if last >= period_end(period) => {
                DueOutcome::AlreadyRun { last_run_at: last }
            }
            _ => match runs::run_period(pool, &ctx, period).await {
                Ok(report) => DueOutcome::Ran { report },
                Err(DomainError::Conflict { .. }) => DueOutcome::Finalized,
                Err(e) => return Err(e),
            },
        };
        out.push(DueRun { period, outcome });
    }
    Ok(out)
}

/// The period's status and last run, if it was ever run.
async fn state(
    pool: &PgPool,
    period: Period,
) -> DomainResult<Option<(String, Option<DateTime<Utc>>)>> {
    Ok(sqlx::query_as(
        "SELECT status, last_run_at FROM assessment_periods
          WHERE period_kind = $1 AND year = $2 AND period_no = $3",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_optional(pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(kind: PeriodKind, year: i32, no: i32) -> Period {
        Period::new(kind, year, no).unwrap()
    }

    #[test]
    fn auto4_january_first_is_december_q4_and_the_year() {
        assert_eq!(
            due_periods(day("2027-01-01")),
            vec![
                p(PeriodKind::Month, 2026, 12),
                p(PeriodKind::Quarter, 2026, 4),
                p(PeriodKind::Year, 2026, 1),
            ]
        );
    }

    #[test]
    fn auto4_quarter_starts_add_the_quarter_that_ended() {
        assert_eq!(
            due_periods(day("2027-04-15")),
            vec![
                p(PeriodKind::Month, 2027, 3),
                p(PeriodKind::Quarter, 2027, 1)
            ]
        );
        assert_eq!(
            due_periods(day("2027-07-01")),
            vec![
                p(PeriodKind::Month, 2027, 6),
                p(PeriodKind::Quarter, 2027, 2)
            ]
        );
        assert_eq!(
            due_periods(day("2026-10-31")),
            vec![
                p(PeriodKind::Month, 2026, 9),
                p(PeriodKind::Quarter, 2026, 3)
            ]
        );
    }

    #[test]
    fn auto4_other_months_only_the_previous_month() {
        assert_eq!(
            due_periods(day("2027-02-01")),
            vec![p(PeriodKind::Month, 2027, 1)]
        );
        assert_eq!(
            due_periods(day("2026-11-01")),
            vec![p(PeriodKind::Month, 2026, 10)]
        );
        assert_eq!(
            due_periods(day("2028-03-31")),
            vec![p(PeriodKind::Month, 2028, 2)]
        );
        // 2000-01: the periods of 1999 do not exist (TGT-1 years 2000–2100).
        assert!(due_periods(day("2000-01-01")).is_empty());
    }

    #[test]
    fn auto4_a_period_ends_at_midnight_company_time_after_its_last_day() {
        // 2026-11-01 00:00 Shanghai = 2026-10-31 16:00 UTC.
        assert_eq!(
            period_end(p(PeriodKind::Month, 2026, 10)),
            "2026-10-31T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            period_end(p(PeriodKind::Year, 2026, 1)),
            "2026-12-31T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
    }
}
