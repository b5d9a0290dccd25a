//! CUS-7: on a contact's birthday and on the configured holidays, a greeting
//! to each opted-in, active contact of a key account (in the contact's
//! language), and a note to the customer's owner.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::customers::care::{CareKind, upcoming_care_events};
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour, people};
use crate::notify::{Channel, NewNotification, Recipient, enqueue_many};
use crate::org::Actor;

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
            out.push(NewNotification {
                dedup_key: key.clone(),
                kind: "care_greeting".to_owned(),
                channel: Channel::Email,
                recipient: Recipient::Contact(c.contact_id),
                locale: c.locale.clone(),
                template: "care_greeting".to_owned(),
                payload: json!({
                    "recipient_name": c.contact_name,
                    "contact_name": c.contact_name,
                    "customer_id": c.customer_id,
                    "occasion_kind": kind,
                    "occasion": occasion,
                    "date": e.date.to_string(),
                    "sender_name": owner.map(|o| o.display_name.clone()).unwrap_or_default(),
                }),
                not_before: at,
            });
        }
        if let Some(o) = owner {
            out.extend(NewNotification::to_user(
                format!("{key}:owner"),
                "care_owner_note",
                o.id,
                &o.locale,
                json!({
                    "recipient_name": o.display_name,
                    "customer_id": c.customer_id,
                    "customer_name": c.customer_name,
                    "contact_name": c.contact_name,
                    "occasion_kind": kind,
                    "occasion": occasion,
                    "date": e.date.to_string(),
                }),
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
