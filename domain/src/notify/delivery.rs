//! What the sender needs from PostgreSQL besides the notification row: the
//! recipient's address, the suppression list, and the send-time re-check of
//! the business state (AUTO-6: a reminder whose cause went away is
//! cancelled, not sent).

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::outbox::Notification;
use crate::customers::revisit_store;
use crate::error::DomainResult;

/// Where an email goes.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Address {
    pub name: String,
    pub email: String,
}

/// The recipient's name and email address, or `None` when there is none to
/// write to (a contact without email, an inactive contact or user).
pub async fn address_of(pool: &PgPool, n: &Notification) -> DomainResult<Option<Address>> {
    let row: Option<(String, Option<String>)> = match (n.recipient_user_id, n.recipient_contact_id)
    {
        (Some(user), _) => {
            sqlx::query_as("SELECT display_name, email FROM users WHERE id = $1 AND active")
                .bind(user)
                .fetch_optional(pool)
                .await?
        }
        (None, Some(contact)) => {
            sqlx::query_as("SELECT name, email FROM contacts WHERE id = $1 AND active")
                .bind(contact)
                .fetch_optional(pool)
                .await?
        }
        (None, None) => None,
    };
    Ok(row.and_then(|(name, email)| {
        let email = email?.trim().to_lowercase();
        (!email.is_empty()).then_some(Address { name, email })
    }))
}

/// When `address` was suppressed, if it was.
pub async fn suppressed_since(pool: &PgPool, address: &str) -> DomainResult<Option<DateTime<Utc>>> {
    Ok(
        sqlx::query_scalar("SELECT created_at FROM email_suppressions WHERE address = $1")
            .bind(address.to_lowercase())
            .fetch_optional(pool)
            .await?,
    )
}

/// Suppresses `address` after a permanent refusal (kept on repeat).
pub async fn suppress(
    pool: &PgPool,
    address: &str,
    reason: &str,
    notification: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let reason: String = reason.chars().take(2000).collect();
    sqlx::query(
        "INSERT INTO email_suppressions (address, reason, notification_id, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (address) DO NOTHING",
    )
    .bind(address.to_lowercase())
    .bind(reason)
    .bind(notification)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether a permanent SMTP refusal says the mailbox itself is refused, so
/// the address is suppressed: reply code 550 (mailbox unavailable), 551
/// (user not local) or 553 (mailbox name not allowed) — unless the
/// enhanced status code (RFC 3463) in the reply text blames something else
/// than the address: 5.3.x mail system, 5.4.x routing, 5.5.x protocol,
/// 5.6.x content, 5.7.x policy (e.g. `550 5.7.1 Relaying denied`, a
/// configuration fault on our side that would otherwise suppress everyone).
/// Other 5xx replies fail the notification without suppressing.
pub fn refuses_mailbox(code: u16, reply: &str) -> bool {
    if !matches!(code, 550 | 551 | 553) {
        return false;
    }
    let enhanced = reply.split_whitespace().find_map(|w| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.');
        let mut parts = w.split('.');
        let (class, subject, detail) = (parts.next()?, parts.next()?, parts.next()?);
        let ok = parts.next().is_none()
            && class == "5"
            && !subject.is_empty()
            && subject.chars().all(|c| c.is_ascii_digit())
            && !detail.is_empty()
            && detail.chars().all(|c| c.is_ascii_digit());
        ok.then(|| subject.to_owned())
    });
    !matches!(enhanced.as_deref(), Some("3" | "4" | "5" | "6" | "7"))
}

fn payload_uuid(payload: &Value, field: &str) -> Option<Uuid> {
    payload.get(field)?.as_str()?.parse().ok()
}

fn payload_date(payload: &Value, field: &str) -> Option<NaiveDate> {
    payload.get(field)?.as_str()?.parse().ok()
}

/// AUTO-6 re-check at send time: `Some(reason)` when the cause of `n` went
/// away and it must be cancelled instead of sent; `None` to send it.
///
/// - follow-up reminders: the task is no longer open;
/// - revisit reminders: the customer changed owner, or a qualifying
///   interaction since moved the due date past the one reminded of;
/// - pool warnings: the customer changed owner or had an interaction since;
/// - complaint escalations: the complaint was resolved or closed;
/// - care greetings: the contact opted out or left, or the customer is no
///   longer a key account;
/// - milestone and after-sales notices: see `execution::notice_cancel_reason`.
/// - order notices: see `orders::notices::cancel_reason`.
/// - statements (REC-5): see `receivables::statements::cancel_reason`.
/// - dunning notices (REC-6/7): the item was paid or is paused, see
///   `receivables::dunning::cancel_reason`.
/// - cash handover notices (REC-9): the money was handed over or the
///   receipt reversed, see `receivables::handover::cancel_reason`.
/// - work-log reminders (AUTO-5): the log was submitted since, see
///   `worklog::scan::cancel_reason`.
///
/// Kinds without a cause to re-check (pool reclaimed notes) are sent.
pub async fn cancel_reason(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let p = &n.payload;
    let kind = n.kind.as_str();
    if kind.starts_with("followup_") {
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
    if kind.starts_with("revisit_") {
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
    if kind == "pool_warning" {
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
    if kind == "complaint_escalation" {
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
    if kind == "milestone_overdue" || kind == "after_sales_overdue" {
        return crate::execution::notice_cancel_reason(pool, kind, p).await;
    }
    if crate::orders::notices::KINDS.contains(&kind) {
        return crate::orders::notices::cancel_reason(pool, n).await;
    }
    if crate::receivables::dunning::KINDS.contains(&kind) {
        return crate::receivables::dunning::cancel_reason(pool, n, today).await;
    }
    if kind == crate::receivables::handover::KIND {
        return crate::receivables::handover::cancel_reason(pool, n).await;
    }
    if kind == crate::receivables::statements::KIND {
        return crate::receivables::statements::cancel_reason(pool, n).await;
    }
    if kind == crate::worklog::scan::KIND || kind == crate::worklog::scan::ESCALATION_KIND {
        return crate::worklog::scan::cancel_reason(pool, n).await;
    }
    if kind == "care_greeting" {
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

/// The payload to render, re-read at send time for kinds whose email
/// states amounts that may have changed since it was recorded (dunning:
/// the current open amount of a partly paid item, REC-6); `None`: render
/// the recorded payload.
pub async fn refresh_payload(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<Value>> {
    crate::receivables::dunning::refresh_payload(pool, n, today).await
}

#[cfg(test)]
mod tests {
    use super::refuses_mailbox;

    #[test]
    fn auto6_only_mailbox_refusals_suppress_the_address() {
        assert!(refuses_mailbox(
            550,
            "permanent error (550): 5.1.1 no such user"
        ));
        assert!(refuses_mailbox(550, "mailbox unavailable"));
        assert!(refuses_mailbox(553, "5.0.0 refused"));
        assert!(refuses_mailbox(550, "5.2.1 mailbox disabled"));
        assert!(!refuses_mailbox(550, "5.7.1 Relaying denied"));
        assert!(!refuses_mailbox(550, "(5.7.1) policy"));
        assert!(!refuses_mailbox(554, "5.1.1 transaction failed"));
        assert!(!refuses_mailbox(530, "5.7.0 authentication required"));
    }
}
