//! "Now", given to code rather than read from the system, so tests can move time.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests and simulations.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// The company time zone: business dates (due dates, "today", birthdays,
/// idle days) are calendar days here. A constant until the company settings
/// carry a zone; every rule reads it from here.
pub const COMPANY_TZ: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The calendar day of an instant in the company time zone.
pub fn company_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&COMPANY_TZ).date_naive()
}

/// The first instant of a company calendar day.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN);
    COMPANY_TZ
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}
