//! CUS-7 customer care: birthdays of contacts, the festivals of
//! `festivals.rs` (`care_festivals`) and the holidays configured per year
//! (`care_holidays`, for the company's own days),
//! for the opted-in active contacts of key accounts (the worker sends them).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::festivals;
use super::push_customer_scope;
use super::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor};

/// The settings key of the holiday calendar.
pub const SETTING: &str = "care_holidays";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub name: String,
    pub date: NaiveDate,
}

/// `care_holidays`: year ("2026") → holidays of that year.
pub type CareHolidays = BTreeMap<String, Vec<Holiday>>;

/// Validates a `care_holidays` value: each year key is a year, each date
/// lies in its key's year, names are 1..50 characters, no date twice.
pub fn validate_care_holidays(v: &CareHolidays) -> DomainResult<()> {
    for (year, days) in v {
        let y: i32 = year
            .parse()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| DomainError::validation("value", format!("`{year}` is not a year")))?;
        for (i, h) in days.iter().enumerate() {
            let n = h.name.trim().chars().count();
            if n == 0 || n > 50 {
                return Err(DomainError::validation(
                    "value",
                    format!("{year}: holiday names are 1 to 50 characters"),
                ));
            }
            if h.date.year() != y {
                return Err(DomainError::validation(
                    "value",
                    format!("{year}: {} is not in {year}", h.date),
                ));
            }
            if days[..i].iter().any(|o| o.date == h.date) {
                return Err(DomainError::validation(
                    "value",
                    format!("{year}: {} is listed twice", h.date),
                ));
            }
        }
    }
    Ok(())
}

/// The days in `[from, to]` on which a birthday of `birthday` falls;
/// 29 February is kept on 28 February in other years.
pub fn birthday_occurrences(birthday: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    (from.year()..=to.year())
        .filter_map(|y| {
            NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day())
                .or_else(|| NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day() - 1))
        })
        .filter(|d| *d >= from && *d <= to)
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CareKind {
    Birthday,
    Holiday,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CareContact {
    pub contact_id: Uuid,
    pub contact_name: String,
    pub email: Option<String>,
    pub locale: String,
    pub birthday: Option<NaiveDate>,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub owner_id: Option<Uuid>,
}

#[derive(Clone, Debug)]
pub struct CareEvent {
    pub kind: CareKind,
    pub date: NaiveDate,
    /// The holiday's name; `None` for a birthday.
    pub name: Option<String>,
    pub contact: CareContact,
}

/// CUS-7: care events in `[from, to]` (at most 366 days) for the opted-in
/// active contacts of key accounts within the caller's read scope, by date.
pub async fn upcoming_care_events(
    pool: &PgPool,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<Vec<CareEvent>> {
    if to < from {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    if (to - from).num_days() > 366 {
        return Err(DomainError::validation(
            "to",
            "the range is at most 366 days",
        ));
    }
    let festivals: festivals::CareFestivals = settings::get(pool, festivals::SETTING).await?;
    let mut holidays = festivals::festivals_between(&festivals, from, to);
    let configured: CareHolidays = settings::get(pool, SETTING).await?;
    for h in configured.into_values().flatten() {
        // A configured day that repeats a festival (the old per-year
        // tables) is greeted once.
        if h.date >= from && h.date <= to && !holidays.contains(&h) {
            holidays.push(h);
        }
    }
    let mut qb = QueryBuilder::new(
        "SELECT ct.id AS contact_id, ct.name AS contact_name, ct.email, ct.locale, ct.birthday,
                c.id AS customer_id, c.name AS customer_name, c.owner_id
         FROM contacts ct JOIN customers c ON c.id = ct.customer_id
         WHERE c.key_account AND ct.active AND ct.greeting_opt_in",
    );
    if holidays.is_empty() {
        qb.push(" AND ct.birthday IS NOT NULL");
    }
    push_customer_scope(&mut qb, actor, Access::Read);
    let contacts: Vec<CareContact> = qb.build_query_as().fetch_all(pool).await?;
    let mut events = Vec::new();
    for c in contacts {
        if let Some(b) = c.birthday {
            for date in birthday_occurrences(b, from, to) {
                events.push(CareEvent {
                    kind: CareKind::Birthday,
                    date,
                    name: None,
                    contact: c.clone(),
                });
            }
        }
        for h in &holidays {
            events.push(CareEvent {
                kind: CareKind::Holiday,
                date: h.date,
                name: Some(h.name.clone()),
                contact: c.clone(),
            });
        }
    }
    events.sort_by(|a, b| {
        (
            a.date,
            &a.contact.customer_name,
            &a.contact.contact_name,
            a.contact.contact_id,
        )
            .cmp(&(
                b.date,
                &b.contact.customer_name,
                &b.contact.contact_name,
                b.contact.contact_id,
            ))
    });
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cus7_birthdays_wrap_the_year_and_keep_feb_29() {
        assert_eq!(
            birthday_occurrences(d("1980-01-03"), d("2026-12-20"), d("2027-01-10")),
            vec![d("2027-01-03")]
        );
        assert_eq!(
            birthday_occurrences(d("1980-12-25"), d("2026-12-20"), d("2027-01-10")),
            vec![d("2026-12-25")]
        );
        assert_eq!(
            birthday_occurrences(d("1984-02-29"), d("2027-02-01"), d("2027-03-01")),
            vec![d("2027-02-28")]
        );
        assert_eq!(
            birthday_occurrences(d("1984-02-29"), d("2028-02-01"), d("2028-03-01")),
            vec![d("2028-02-29")]
        );
        assert!(birthday_occurrences(d("1980-06-01"), d("2026-07-01"), d("2026-08-01")).is_empty());
    }

    #[test]
    fn cus7_holiday_settings_are_validated() {
        let ok: CareHolidays = serde_json::from_value(
            serde_json::json!({"2026": [{"name": "春节", "date": "2026-02-17"}]}),
        )
        .unwrap();
        assert!(validate_care_holidays(&ok).is_ok());
        for bad in [
            serde_json::json!({"2027": [{"name": "春节", "date": "2026-02-17"}]}),
            serde_json::json!({"20x6": [{"name": "春节", "date": "2026-02-17"}]}),
            serde_json::json!({"2026": [{"name": "", "date": "2026-02-17"}]}),
            serde_json::json!({"2026": [{"name": "x".repeat(51), "date": "2026-02-17"}]}),
            serde_json::json!({"2026": [{"name": "a", "date": "2026-02-17"}, {"name": "b", "date": "2026-02-17"}]}),
        ] {
            let v: CareHolidays = serde_json::from_value(bad.clone()).unwrap();
            assert!(validate_care_holidays(&v).is_err(), "{bad}");
        }
    }
}
