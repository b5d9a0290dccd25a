//! TGT-5: working days. Monday to Friday work, Saturday and Sunday rest,
//! unless the company calendar (`business_calendar`) says otherwise for a
//! day: a holiday on a weekday, or a make-up working day (调休) on a weekend.
//!
//! The rules are plain functions over a [`Calendar`] (the exceptions of a
//! date range, loaded once); [`load`] reads them from PostgreSQL.

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

    /// The `n`th working day after `day` (`n >= 1`).
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
}
