//! The customers context's scheduled scans (AUTO-1, AUTO-2, CUS-4, CUS-7,
//! CUS-9) and the send-time re-check of their notices (AUTO-6). The scan
//! kit is `notify::scan`; `crate::registry` runs them.

pub mod care;
pub mod complaints;
pub mod followup_sources;
pub mod followups;
pub mod pool;
pub mod revisits;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::revisit_store;
use crate::error::DomainResult;
use crate::notify::notices::{Notices, payload_date, payload_uuid};
use crate::notify::{NoticeKind, Notification};

pub use pool::reclaim_one;
pub use revisits::explain_revisit_scan;

/// Follow-up and revisit reminders, pool warnings, complaint escalations and
/// care greetings.
pub struct CustomerNotices;

impl Notices for CustomerNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::FollowupDue
                | NoticeKind::FollowupEscalation
                | NoticeKind::RevisitUpcoming
                | NoticeKind::RevisitDue
                | NoticeKind::RevisitEscalation
                | NoticeKind::PoolWarning
                | NoticeKind::PoolReclaimed
                | NoticeKind::ComplaintEscalation
                | NoticeKind::CareGreeting
                | NoticeKind::CareOwnerNote
        )
    }

    /// - follow-up reminders: the task is no longer open;
    /// - revisit reminders: the customer changed owner, or a qualifying
    ///   interaction since moved the due date past the one reminded of;
    /// - pool warnings: the customer changed owner or had an interaction since;
    /// - complaint escalations: the complaint was resolved or closed;
    /// - care greetings: the contact opted out or left, or the customer is no
    ///   longer a key account.
    async fn cancel_reason(
        pool: &PgPool,
        n: &Notification,
        today: NaiveDate,
    ) -> DomainResult<Option<String>> {
        let p = &n.payload;
        let kind = n.kind;
        if matches!(
            kind,
            NoticeKind::FollowupDue | NoticeKind::FollowupEscalation
        ) {
            let Some(task) = payload_uuid(p, "follow_up_id") else {
                return Ok(None);
            };
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM follow_up_tasks WHERE id = $1")
                    .bind(task)
                    .fetch_optional(pool)
                    .await?;
            return Ok(match status.as_deref() {
                Some("OPEN") => None,
                Some("DONE") => Some("the follow-up was completed".to_owned()),
                _ => Some("the follow-up was cancelled".to_owned()),
            });
        }
        if matches!(
            kind,
            NoticeKind::RevisitUpcoming | NoticeKind::RevisitDue | NoticeKind::RevisitEscalation
        ) {
            let (Some(customer), Some(due)) =
                (payload_uuid(p, "customer_id"), payload_date(p, "due_date"))
            else {
                return Ok(None);
            };
            let status = revisit_store::statuses_of(pool, &[customer], today).await?;
            let Some(s) = status.first() else {
                return Ok(Some("the customer no longer exists".to_owned()));
            };
            if s.owner_id != payload_uuid(p, "owner_id") {
                return Ok(Some("the customer changed owner".to_owned()));
            }
            if s.next_due > due {
                return Ok(Some("the customer was visited since".to_owned()));
            }
            return Ok(None);
        }
        if kind == NoticeKind::PoolWarning {
            let Some(customer) = payload_uuid(p, "customer_id") else {
                return Ok(None);
            };
            let row: Option<(Option<Uuid>, DateTime<Utc>)> = sqlx::query_as(
                "SELECT owner_id, GREATEST(last_interaction_at, owned_since, created_at)
                 FROM customers WHERE id = $1",
            )
            .bind(customer)
            .fetch_optional(pool)
            .await?;
            let idle_since: Option<DateTime<Utc>> = p
                .get("idle_since")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok());
            return Ok(match row {
                None => Some("the customer no longer exists".to_owned()),
                Some((owner, _)) if owner != payload_uuid(p, "owner_id") => {
                    Some("the customer changed owner".to_owned())
                }
                Some((_, since)) if idle_since.is_some_and(|s| since > s) => {
                    Some("the customer had an interaction since".to_owned())
                }
                Some(_) => None,
            });
        }
        if kind == NoticeKind::ComplaintEscalation {
            let Some(complaint) = payload_uuid(p, "complaint_id") else {
                return Ok(None);
            };
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM complaints WHERE id = $1")
                    .bind(complaint)
                    .fetch_optional(pool)
                    .await?;
            return Ok(match status.as_deref() {
                Some("RECEIVED" | "INVESTIGATING") => None,
                _ => Some("the complaint was resolved".to_owned()),
            });
        }
        if kind == NoticeKind::CareGreeting {
            let Some(contact) = n.recipient_contact_id else {
                return Ok(None);
            };
            let ok: Option<bool> = sqlx::query_scalar(
                "SELECT ct.active AND ct.greeting_opt_in AND c.key_account
                 FROM contacts ct JOIN customers c ON c.id = ct.customer_id WHERE ct.id = $1",
            )
            .bind(contact)
            .fetch_optional(pool)
            .await?;
            return Ok(
                (ok != Some(true)).then(|| "the contact no longer receives greetings".to_owned())
            );
        }
        Ok(None)
    }
}
