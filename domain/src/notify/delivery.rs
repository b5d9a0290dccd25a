//! What the sender needs from PostgreSQL besides the notification row: the
//! recipient's address and the suppression list. The send-time re-check of
//! the business state is each context's (`notify::notices`,
//! `crate::registry`).

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::outbox::Notification;
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
