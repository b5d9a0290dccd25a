//! TGT-5: working days. Monday to Friday work, Saturday and Sunday rest,
//! unless the company calendar (`business_calendar`) says otherwise for a
//! day: a holiday on a weekday, or a make-up working day (调休) on a weekend.
//!
//! The rules are plain functions over a [`Calendar`] (the exceptions of a
//! date range, loaded once); [`load`] reads them from PostgreSQL.

pub mod admin;

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use sqlx::PgPool;

use crate::error::DomainResult;

/// The calendar's exceptions to "Monday to Friday" for the days it covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    exceptions: HashMap<NaiveDate, bool>,
}

impl Calendar {
    /// A calendar with the given exceptions (`day → working`).
    pub fn new(exceptions: impl IntoIterator<Item = (NaiveDate, bool)>) -> Self {
        Self {
            exceptions: exceptions.into_iter().collect(),
        }
    }

    /// Whether `day` is a working day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.exceptions
            .get(&day)
            .copied()
            .unwrap_or(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// Working days `d` with `from < d <= to` (0 when `to <= from`): how many
    /// working days something due on `from` is overdue on `to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as i64
    }

    /// The latest day `d` such that `working_days_between(d, today) >= n`:
    /// whatever was due on or before it is at least `n` working days overdue
    /// today. Looks back at most a year (then returns that day).
    pub fn overdue_cutoff(&self, today: NaiveDate, n: i64) -> NaiveDate {
        let mut count = 0;
        let mut day = today;
        for _ in 0..366 {
            if count >= n {
                return day;
            }
            if self.is_working_day(day) {
                count += 1;
            }
            day = day - Days::new(1);
        }
        day
    }

    /// The first working day after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        self.add_working_days(day, 1)
    }

    /// The `n`th working day after `day` (`n >= 1`; `day` itself for 0).
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        let mut d = day;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// Loads the calendar's exceptions for `[from, to]`.
pub async fn load(pool: &PgPool, from: NaiveDate, to: NaiveDate) -> DomainResult<Calendar> {
    let rows: Vec<(NaiveDate, bool)> =
        sqlx::query_as("SELECT day, working FROM business_calendar WHERE day BETWEEN $1 AND $2")
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
    Ok(Calendar::new(rows))
}

/// How far ahead the async helpers load the calendar: `n` working days
/// never need more than this many calendar days (weekends plus the longest
/// holiday runs of a year), and a year more is cheap.
fn horizon(n: u32) -> Days {
    Days::new(u64::from(n) * 2 + 400)
}

/// The `n`th working day after `day` by the company calendar (TGT-5).
pub async fn add_working_days(pool: &PgPool, day: NaiveDate, n: u32) -> DomainResult<NaiveDate> {
    let cal = load(pool, day, day + horizon(n)).await?;
    Ok(cal.add_working_days(day, n))
}

/// The first working day after `day` (TGT-4 "by the end of the next
/// working day").
pub async fn next_working_day(pool: &PgPool, day: NaiveDate) -> DomainResult<NaiveDate> {
    add_working_days(pool, day, 1).await
}

/// Working days `d` with `from < d <= to` by the company calendar.
pub async fn working_days_between(
    pool: &PgPool,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<i64> {
    if to <= from {
        return Ok(0);
    }
    let cal = load(pool, from, to).await?;
    Ok(cal.working_days_between(from, to))
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest { actor, entity, .. } = q;
    Ok(match entity {
        "CALENDAR_DAY" => Some(admin::audit_visible(actor)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn tgt5_weekends_rest_unless_made_up_and_holidays_rest() {
        // 2026-10-01 is a Thursday (National Day), 2026-10-10 a Saturday.
        let cal = Calendar::new([(d("2026-10-01"), false), (d("2026-10-10"), true)]);
        assert!(!cal.is_working_day(d("2026-10-01")));
        assert!(cal.is_working_day(d("2026-10-02")));
        assert!(!cal.is_working_day(d("2026-10-03")));
        assert!(cal.is_working_day(d("2026-10-10")));
        assert!(!cal.is_working_day(d("2026-10-11")));
    }

    #[test]
    fn tgt5_working_days_between_skips_weekends_and_holidays() {
        let cal = Calendar::new([(d("2026-11-25"), false)]);
        // Due Friday 2026-11-20: Mon 23 = 1, Tue 24 = 2, Wed 25 holiday, Thu 26 = 3.
        assert_eq!(
            cal.working_days_between(d("2026-11-20"), d("2026-11-22")),
            0
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-20"), d("2026-11-24")),
            2
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-20"), d("2026-11-25")),
            2
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-20"), d("2026-11-26")),
            3
        );
        assert_eq!(
            cal.working_days_between(d("2026-11-26"), d("2026-11-20")),
            0
        );
    }

    #[test]
    fn auto1_overdue_cutoff_agrees_with_working_days_between() {
        let cal = Calendar::new([(d("2026-11-25"), false), (d("2026-11-28"), true)]);
        let start = d("2026-11-01");
        for today in start.iter_days().take(40) {
            for n in 1..=5 {
                let cut = cal.overdue_cutoff(today, n);
                assert!(cal.working_days_between(cut, today) >= n, "{today} {n}");
                let next = cut + Days::new(1);
                assert!(cal.working_days_between(next, today) < n, "{today} {n}");
            }
        }
        assert_eq!(cal.add_working_days(d("2026-11-20"), 3), d("2026-11-26"));
        assert_eq!(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-28"));
    }

    #[test]
    fn tgt5_next_working_day_skips_holiday_runs_and_takes_make_up_days() {
        // National Day 2026: Thu 1 – Wed 7 off (Sat 3 / Sun 4 rest anyway),
        // Sat 10 is a make-up working day.
        let holidays = [
            "2026-10-01",
            "2026-10-02",
            "2026-10-05",
            "2026-10-06",
            "2026-10-07",
        ];
        let cal = Calendar::new(
            holidays
                .iter()
                .map(|h| (d(h), false))
                .chain([(d("2026-10-10"), true)]),
        );
        assert_eq!(cal.next_working_day(d("2026-09-30")), d("2026-10-08"));
        assert_eq!(cal.next_working_day(d("2026-10-09")), d("2026-10-10"));
        assert_eq!(cal.next_working_day(d("2026-10-10")), d("2026-10-12"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 3), d("2026-10-10"));
        assert_eq!(cal.add_working_days(d("2026-09-30"), 0), d("2026-09-30"));
        // 8, 9, 10, 12: four working days after the 30th up to the 12th.
        assert_eq!(
            cal.working_days_between(d("2026-09-30"), d("2026-10-12")),
            4
        );
        // Without the calendar Friday is followed by Monday.
        let plain = Calendar::default();
        assert_eq!(plain.next_working_day(d("2026-11-27")), d("2026-11-30"));
    }
}
