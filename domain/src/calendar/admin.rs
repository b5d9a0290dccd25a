//! TGT-5: the ADMIN keeps the company calendar: per year the holidays on
//! weekdays and the make-up working days (调休) on weekends. A row that would
//! say what the weekday rule already says is refused, so every row is an
//! exception and the calendar reads as the official holiday notice.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::{Actor, Role};

/// Audit entity of calendar days (CREATE, UPDATE, DELETE); the entity id is
/// [`day_id`] of the date.
pub const CALENDAR_DAY: &str = "CALENDAR_DAY";

/// The years the calendar may hold.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// One exception of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct CalendarDay {
    pub day: NaiveDate,
    /// true: a make-up working day on a weekend; false: a holiday on a weekday.
    pub working: bool,
    pub name: Option<String>,
    #[serde(skip)]
    pub created_at: DateTime<Utc>,
}

impl CalendarDay {
    /// The stable audit id of the date (the table is keyed by the date).
    pub fn id(&self) -> Uuid {
        day_id(self.day)
    }
}

/// The audit-log id of a calendar date: the same id every time the date is
/// set, changed or removed, so its trail is one.
pub fn day_id(day: NaiveDate) -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_OID,
        format!("business_calendar:{day}").as_bytes(),
    )
}

/// A year the calendar may hold (VALIDATION `field` otherwise).
pub fn check_year(field: &str, year: i32) -> DomainResult<()> {
    if !YEARS.contains(&year) {
        return Err(DomainError::validation(
            field,
            format!(
                "the year must be between {} and {}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
    Ok(())
}

/// TGT-5: an exception must differ from the weekday rule: a holiday on a
/// Saturday or Sunday, or a working day on Monday to Friday, is redundant.
pub fn check_exception(day: NaiveDate, working: bool) -> DomainResult<()> {
    check_year("date", day.year())?;
    let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
    if weekend && !working {
        return Err(DomainError::validation(
            "working",
            format!(
                "{day} is a {} and rests anyway: a holiday there is redundant",
                day.weekday()
            ),
        ));
    }
    if !weekend && working {
        return Err(DomainError::validation(
            "working",
            format!(
                "{day} is a {} and works anyway: a make-up working day there is redundant",
                day.weekday()
            ),
        ));
    }
    Ok(())
}

/// An optional name of at most 100 characters, trimmed, without control
/// characters; empty means none.
fn check_name(name: Option<&str>) -> DomainResult<Option<String>> {
    let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if n.chars().count() > 100 || n.chars().any(char::is_control) {
        return Err(DomainError::validation(
            "name",
            "at most 100 characters, no control characters",
        ));
    }
    Ok(Some(n.to_owned()))
}

fn require_admin(actor: &Actor) -> DomainResult<()> {
    if actor.read_only || !actor.has_role(Role::Admin) {
        return Err(DomainError::Forbidden(
            "only an ADMIN edits the company calendar".into(),
        ));
    }
    Ok(())
}

/// The calendar is public: everyone signed in may read it and its trail.
pub fn audit_visible(_actor: &Actor) -> bool {
    true
}

/// The exceptions of a year, by date (`businessCalendar(year)`).
pub async fn list(pool: &PgPool, year: i32) -> DomainResult<Vec<CalendarDay>> {
    check_year("year", year)?;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(DomainError::NotFound)?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or(DomainError::NotFound)?;
    Ok(sqlx::query_as(
        "SELECT day, working, name, created_at FROM business_calendar WHERE day BETWEEN $1 AND $2 ORDER BY day",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// Sets (creates or replaces) the exception of a date; ADMIN only.
/// Audited CREATE or UPDATE (nothing is written when nothing changes).
pub async fn set_day(
    pool: &PgPool,
    ctx: &Ctx,
    day: NaiveDate,
    working: bool,
    name: Option<&str>,
) -> DomainResult<CalendarDay> {
    require_admin(&ctx.actor)?;
    check_exception(day, working)?;
    let name = check_name(name)?;
    let mut tx = pool.begin().await?;
    let old: Option<CalendarDay> = sqlx::query_as(
        "SELECT day, working, name, created_at FROM business_calendar WHERE day = $1 FOR UPDATE",
    )
    .bind(day)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(o) = &old
        && o.working == working
        && o.name == name
    {
        return Ok(o.clone());
    }
    let new: CalendarDay = sqlx::query_as(
        "INSERT INTO business_calendar (day, working, name, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name
         RETURNING day, working, name, created_at",
    )
    .bind(day)
    .bind(working)
    .bind(&name)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let (action, changes) = match &old {
        None => ("CREATE", audit::created(&new)),
        Some(o) => ("UPDATE", audit::diff(o, &new)),
    };
    audit::record(&mut tx, ctx, CALENDAR_DAY, day_id(day), action, &changes).await?;
    tx.commit().await?;
    Ok(new)
}

/// Removes the exception of a date (it follows the weekday rule again);
/// ADMIN only; NOT_FOUND when the date has none. Audited DELETE.
pub async fn remove_day(pool: &PgPool, ctx: &Ctx, day: NaiveDate) -> DomainResult<CalendarDay> {
    require_admin(&ctx.actor)?;
    check_year("date", day.year())?;
    let mut tx = pool.begin().await?;
    let old: CalendarDay = sqlx::query_as(
        "DELETE FROM business_calendar WHERE day = $1 RETURNING day, working, name, created_at",
    )
    .bind(day)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DomainError::NotFound)?;
    let changes = audit::diff(
        &old,
        &serde_json::json!({"day": null, "working": null, "name": null}),
    );
    audit::record(&mut tx, ctx, CALENDAR_DAY, day_id(day), "DELETE", &changes).await?;
    tx.commit().await?;
    Ok(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn tgt5_exceptions_must_differ_from_the_weekday_rule() {
        // 2026-10-01 Thursday, 2026-10-10 Saturday.
        assert!(check_exception(d("2026-10-01"), false).is_ok());
        assert!(check_exception(d("2026-10-10"), true).is_ok());
        assert!(check_exception(d("2026-10-10"), false).is_err());
        assert!(check_exception(d("2026-10-01"), true).is_err());
        assert!(check_exception(d("1999-10-01"), false).is_err());
        assert!(check_exception(d("2101-10-04"), false).is_err());
    }

    #[test]
    fn tgt5_day_ids_are_stable_per_date() {
        assert_eq!(day_id(d("2026-10-01")), day_id(d("2026-10-01")));
        assert_ne!(day_id(d("2026-10-01")), day_id(d("2026-10-02")));
    }

    #[test]
    fn tgt5_names_are_trimmed_and_bounded() {
        assert_eq!(
            check_name(Some("  国庆节 ")).unwrap().as_deref(),
            Some("国庆节")
        );
        assert_eq!(check_name(Some("  ")).unwrap(), None);
        assert!(check_name(Some(&"节".repeat(101))).is_err());
    }
}
