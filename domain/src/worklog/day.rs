//! A person's morning (the console's "my day"): the company day, the last
//! working day and whether its work log is in (TGT-4), and this week's
//! sales plan (TGT-3). Follow-ups and revisits have queries of their own.

use chrono::{Datelike, Days, NaiveDate};
use sqlx::PgPool;

use super::logs::{self, LogFilter, WorkLog};
use super::plans::{self, PlanFilter, PlanWithItems};
use crate::calendar;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

/// What "my day" shows of the work log and the plan.
#[derive(Clone, Debug)]
pub struct MyDay {
    /// The company day.
    pub today: NaiveDate,
    /// The latest working day before today (TGT-5), whose log is due today.
    pub last_working_day: NaiveDate,
    /// The log of `last_working_day`; `None` while it is missing.
    pub last_working_day_log: Option<WorkLog>,
    /// Monday of this ISO week.
    pub week_start: NaiveDate,
    /// This week's plan; `None` while there is none.
    pub week_plan: Option<PlanWithItems>,
}

/// Monday of `day`'s ISO week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The caller's own day as of company day `today`; VALIDATION for a
/// caller who is not a person (a system token).
pub async fn my_day(pool: &PgPool, actor: &Actor, today: NaiveDate) -> DomainResult<MyDay> {
    let me = actor
        .user_id
        .ok_or_else(|| DomainError::validation("me", "only a person has a day"))?;
    let cal = calendar::load(pool, today - Days::new(40), today).await?;
    let last_working_day = super::previous_working_day(&cal, today);
    let log = logs::list_logs(
        pool,
        actor,
        &LogFilter {
            user_id: Some(me),
            from: Some(last_working_day),
            to: Some(last_working_day),
            late: None,
        },
    )
    .await?
    .into_iter()
    .next();
    let monday = week_start(today);
    let plan = plans::list_plans(
        pool,
        actor,
        &PlanFilter {
            user_id: Some(me),
            from: Some(monday),
            to: Some(monday),
            status: None,
        },
    )
    .await?
    .into_iter()
    .next();
    Ok(MyDay {
        today,
        last_working_day,
        last_working_day_log: log,
        week_start: monday,
        week_plan: plan,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(week_start(d("2026-12-07")), d("2026-12-07"));
        assert_eq!(week_start(d("2026-12-13")), d("2026-12-07"));
        assert_eq!(week_start(d("2026-12-01")), d("2026-11-30"));
    }
}
