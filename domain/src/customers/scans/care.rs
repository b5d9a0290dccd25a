//! CUS-7: on a contact's birthday and on the configured holidays, a greeting
//! to each opted-in, active contact of a key account (in the contact's
//! language), and a note to the customer's owner.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use crate::customers::care::{CareKind, upcoming_care_events};
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};
use crate::org::Actor;

/// `care_greeting`: CUS-7, a birthday or holiday greeting to a key
/// account's contact.
#[derive(Clone, Debug, Serialize)]
pub struct CareGreeting {
    pub recipient_name: String,
    pub contact_name: String,
    pub customer_id: Uuid,
    /// BIRTHDAY or HOLIDAY.
    pub occasion_kind: &'static str,
    /// The holiday's name; empty for a birthday.
    pub occasion: String,
    pub date: NaiveDate,
    /// The customer's owner, who signs it; empty when there is none.
    pub sender_name: String,
}

impl Notice for CareGreeting {
    const KIND: NoticeKind = NoticeKind::CareGreeting;
}

/// `care_owner_note`: CUS-7, tells a customer's owner of a contact's
/// birthday or holiday greeting.
#[derive(Clone, Debug, Serialize)]
pub struct CareOwnerNote {
    pub recipient_name: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub contact_name: String,
    /// BIRTHDAY or HOLIDAY.
    pub occasion_kind: &'static str,
    /// The holiday's name; empty for a birthday.
    pub occasion: String,
    pub date: NaiveDate,
}

impl Notice for CareOwnerNote {
    const KIND: NoticeKind = NoticeKind::CareOwnerNote;
}

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let system = Actor::system("system:care");
    let events = upcoming_care_events(pool, &system, today, today).await?;
    let owners: Vec<Uuid> = events.iter().filter_map(|e| e.contact.owner_id).collect();
    let persons = people(pool, &owners).await?;
    let at = at_hour(today, opts.reminder_hour);
    let mut out = Vec::new();
    let mut found = 0;
    for e in &events {
        let c = &e.contact;
        let (kind, occasion) = match e.kind {
            CareKind::Birthday => ("BIRTHDAY", String::new()),
            CareKind::Holiday => ("HOLIDAY", e.name.clone().unwrap_or_default()),
        };
        let owner = c.owner_id.and_then(|o| persons.get(&o));
        let key = format!("care:{}:{}:{}", c.contact_id, e.date, kind.to_lowercase());
        found += 1;
        if c.email.as_deref().is_some_and(|m| !m.trim().is_empty()) {
            let greeting = CareGreeting {
                recipient_name: c.contact_name.clone(),
                contact_name: c.contact_name.clone(),
                customer_id: c.customer_id,
                occasion_kind: kind,
                occasion: occasion.clone(),
                date: e.date,
                sender_name: owner.map(|o| o.display_name.clone()).unwrap_or_default(),
            };
            out.push(NewNotification::to_contact(
                key.clone(),
                &greeting,
                c.contact_id,
                &c.locale,
                at,
            ));
        }
        if let Some(o) = owner {
            let note = CareOwnerNote {
                recipient_name: o.display_name.clone(),
                customer_id: c.customer_id,
                customer_name: c.customer_name.clone(),
                contact_name: c.contact_name.clone(),
                occasion_kind: kind,
                occasion: occasion.clone(),
                date: e.date,
            };
            out.extend(NewNotification::to_user(
                format!("{key}:owner"),
                &note,
                o.id,
                &o.locale,
                at,
            ));
        }
    }
    let mut conn = pool.acquire().await?;
    let created = enqueue_many(&mut conn, &out, now).await?;
    Ok(ScanReport {
        found,
        created,
        ..ScanReport::default()
    })
}
