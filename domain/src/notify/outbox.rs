//! The outbox store: keyed inserts, atomic claims, outcomes.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::kind::NoticeKind;
use super::notices::Notice;
use super::rules::{Outcome, after_failure};
use crate::error::{DomainError, DomainResult};

/// How a notification reaches its recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Channel {
    Email,
    /// The in-app inbox of a user.
    Inbox,
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "EMAIL",
            Channel::Inbox => "INBOX",
        }
    }
}

/// A person of the company, or a customer's contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    User(Uuid),
    Contact(Uuid),
}

/// What to record. `dedup_key` names the cause, e.g.
/// `revisit:{customer}:{due date}:due` or `dunning:{installment}:L2`.
#[derive(Clone, Debug)]
pub struct NewNotification {
    pub dedup_key: String,
    /// The kind, which also names the template.
    pub kind: NoticeKind,
    pub channel: Channel,
    pub recipient: Recipient,
    pub locale: String,
    pub payload: serde_json::Value,
    /// When it may be sent first (usually now).
    pub not_before: DateTime<Utc>,
}

/// A recorded notification.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Notification {
    pub id: Uuid,
    pub dedup_key: String,
    pub kind: NoticeKind,
    pub channel: String,
    pub recipient_user_id: Option<Uuid>,
    pub recipient_contact_id: Option<Uuid>,
    pub locale: String,
    pub template: String,
    pub payload: serde_json::Value,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub claimed_by: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub message_id: Option<String>,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Records a notification on the caller's transaction (so it commits with
/// the business change that caused it). Returns `false` when the key was
/// already recorded: the same cause never makes a second notification. An
/// in-app row is delivered on insert (`SENT`, visible from `not_before`).
pub async fn enqueue(
    conn: &mut PgConnection,
    n: &NewNotification,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let key = n.dedup_key.trim();
    if key.is_empty() || key.chars().count() > 300 {
        return Err(DomainError::validation(
            "dedupKey",
            "must be 1 to 300 characters",
        ));
    }
    let (user, contact) = match n.recipient {
        Recipient::User(u) => (Some(u), None),
        Recipient::Contact(c) => (None, Some(c)),
    };
    if n.channel == Channel::Inbox && user.is_none() {
        return Err(DomainError::validation(
            "recipient",
            "only people have an inbox",
        ));
    }
    let inserted = sqlx::query(
        "INSERT INTO notifications (id, dedup_key, kind, channel, recipient_user_id, recipient_contact_id,
                                    locale, template, payload, next_attempt_at, created_at, status, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                 CASE WHEN $4 = 'INBOX' THEN 'SENT' ELSE 'PENDING' END,
                 CASE WHEN $4 = 'INBOX' THEN $10::timestamptz END)
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(key)
    .bind(n.kind)
    .bind(n.channel.as_str())
    .bind(user)
    .bind(contact)
    .bind(&n.locale)
    .bind(n.kind.template())
    .bind(&n.payload)
    .bind(n.not_before)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// Claims up to `batch` due notifications for `worker`: they become
/// `SENDING`. Concurrent claimers skip each other's rows, so no
/// notification is handed out twice. The attempt is counted when the send
/// of each row starts ([`start_send`]), not here.
pub async fn claim_due(
    pool: &PgPool,
    worker: &str,
    now: DateTime<Utc>,
    batch: i64,
) -> DomainResult<Vec<Notification>> {
    Ok(sqlx::query_as(
        "UPDATE notifications n SET status = 'SENDING', claimed_at = $2, claimed_by = $3
         WHERE n.id IN (SELECT id FROM notifications
                        WHERE status = 'PENDING' AND next_attempt_at <= $2
                        ORDER BY next_attempt_at, id LIMIT $1
                        FOR UPDATE SKIP LOCKED)
         RETURNING n.*",
    )
    .bind(batch)
    .bind(now)
    .bind(worker)
    .fetch_all(pool)
    .await?)
}

/// Records a successful send. Only a row still `SENDING` changes: a row an
/// operator cancelled meanwhile stays cancelled. Returns whether it changed.
pub async fn mark_sent(
    pool: &PgPool,
    id: Uuid,
    now: DateTime<Utc>,
    message_id: Option<&str>,
) -> DomainResult<bool> {
    let r = sqlx::query(
        "UPDATE notifications SET status = 'SENT', sent_at = $2, message_id = $3, last_error = NULL
         WHERE id = $1 AND status = 'SENDING'",
    )
    .bind(id)
    .bind(now)
    .bind(message_id)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Records a failed send: back to `PENDING` after the backoff, or `FAILED`
/// for good (see [`after_failure`]). Returns the outcome applied.
pub async fn mark_failed(
    pool: &PgPool,
    id: Uuid,
    now: DateTime<Utc>,
    error: &str,
    permanent: bool,
) -> DomainResult<Option<Outcome>> {
    let mut tx = pool.begin().await?;
    let attempts: Option<i32> = sqlx::query_scalar(
        "SELECT attempts FROM notifications WHERE id = $1 AND status = 'SENDING' FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(attempts) = attempts else {
        return Ok(None);
    };
    let outcome = after_failure(attempts, permanent);
    let error: String = error.chars().take(2000).collect();
    match outcome {
        Outcome::RetryIn(delay) => {
            sqlx::query(
                "UPDATE notifications SET status = 'PENDING', last_error = $2, next_attempt_at = $3,
                        claimed_at = NULL, claimed_by = NULL
                 WHERE id = $1",
            )
            .bind(id)
            .bind(&error)
            .bind(now + delay)
            .execute(&mut *tx)
            .await?;
        }
        Outcome::GiveUp => {
            sqlx::query(
                "UPDATE notifications SET status = 'FAILED', last_error = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(&error)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Some(outcome))
}

/// Cancels a notification that has not been sent (its cause went away, or
/// an operator said so). Returns whether it changed.
pub async fn cancel(pool: &PgPool, id: Uuid, reason: &str) -> DomainResult<bool> {
    let r = sqlx::query(
        "UPDATE notifications SET status = 'CANCELLED', last_error = $2
         WHERE id = $1 AND status IN ('PENDING', 'SENDING', 'FAILED')",
    )
    .bind(id)
    .bind(reason)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Returns rows whose sender vanished mid-send (claimed, or last started,
/// longer than `lease` ago) to `PENDING`, due at once. A started attempt
/// stays counted. Returns how many came back.
pub async fn release_expired_leases(
    pool: &PgPool,
    now: DateTime<Utc>,
    lease: Duration,
) -> DomainResult<u64> {
    let r = sqlx::query(
        "UPDATE notifications SET status = 'PENDING', next_attempt_at = $1, claimed_at = NULL, claimed_by = NULL,
                last_error = 'the sender stopped before recording an outcome'
         WHERE status = 'SENDING' AND claimed_at < $2",
    )
    .bind(now)
    .bind(now - lease)
    .execute(pool)
    .await?;
    Ok(r.rows_affected())
}

/// The suffix of the in-app twin of a user's email notification.
pub const INBOX_SUFFIX: &str = ":inbox";

impl NewNotification {
    /// A notification to a person: an email, and its twin in the person's
    /// in-app inbox (AUTO-6: every email to a user also lands in the inbox),
    /// keyed `{key}` and `{key}:inbox`. The twin is delivered on insert and
    /// shows from `not_before`.
    pub fn to_user<N: Notice>(
        key: String,
        notice: &N,
        user: Uuid,
        locale: &str,
        not_before: DateTime<Utc>,
    ) -> [NewNotification; 2] {
        let email = NewNotification {
            dedup_key: key.clone(),
            kind: N::KIND,
            channel: Channel::Email,
            recipient: Recipient::User(user),
            locale: locale.to_owned(),
            payload: notice.payload(),
            not_before,
        };
        let inbox = NewNotification {
            dedup_key: format!("{key}{INBOX_SUFFIX}"),
            channel: Channel::Inbox,
            ..email.clone()
        };
        [email, inbox]
    }

    /// An email to a customer's contact (contacts have no inbox), keyed
    /// `key`.
    pub fn to_contact<N: Notice>(
        key: String,
        notice: &N,
        contact: Uuid,
        locale: &str,
        not_before: DateTime<Utc>,
    ) -> NewNotification {
        NewNotification {
            dedup_key: key,
            kind: N::KIND,
            channel: Channel::Email,
            recipient: Recipient::Contact(contact),
            locale: locale.to_owned(),
            payload: notice.payload(),
            not_before,
        }
    }
}

/// Records many notifications in one statement (the scans' bulk path);
/// keys already recorded are skipped. In-app rows are delivered on insert
/// (`SENT`, visible from `not_before`). Returns how many were new.
pub async fn enqueue_many(
    conn: &mut PgConnection,
    items: &[NewNotification],
    now: DateTime<Utc>,
) -> DomainResult<u64> {
    if items.is_empty() {
        return Ok(0);
    }
    let mut ids = Vec::with_capacity(items.len());
    let mut keys = Vec::with_capacity(items.len());
    let mut kinds = Vec::with_capacity(items.len());
    let mut channels = Vec::with_capacity(items.len());
    let mut users = Vec::with_capacity(items.len());
    let mut contacts = Vec::with_capacity(items.len());
    let mut locales = Vec::with_capacity(items.len());
    let mut templates = Vec::with_capacity(items.len());
    let mut payloads = Vec::with_capacity(items.len());
    let mut times = Vec::with_capacity(items.len());
    for n in items {
        let key = n.dedup_key.trim();
        if key.is_empty() || key.chars().count() > 300 {
            return Err(DomainError::validation(
                "dedupKey",
                "must be 1 to 300 characters",
            ));
        }
        let (user, contact) = match n.recipient {
            Recipient::User(u) => (Some(u), None),
            Recipient::Contact(c) => (None, Some(c)),
        };
        if n.channel == Channel::Inbox && user.is_none() {
            return Err(DomainError::validation(
                "recipient",
                "only people have an inbox",
            ));
        }
        ids.push(Uuid::now_v7());
        keys.push(key.to_owned());
        kinds.push(n.kind);
        channels.push(n.channel.as_str().to_owned());
        users.push(user);
        contacts.push(contact);
        locales.push(n.locale.clone());
        templates.push(n.kind.template());
        payloads.push(n.payload.clone());
        times.push(n.not_before);
    }
    let r = sqlx::query(
        "INSERT INTO notifications (id, dedup_key, kind, channel, recipient_user_id, recipient_contact_id,
                                    locale, template, payload, next_attempt_at, created_at, status, sent_at)
         SELECT t.id, t.key, t.kind, t.channel, t.usr, t.contact, t.locale, t.template, t.payload, t.at, $11,
                CASE WHEN t.channel = 'INBOX' THEN 'SENT' ELSE 'PENDING' END,
                CASE WHEN t.channel = 'INBOX' THEN t.at END
         FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
                     $7::text[], $8::text[], $9::jsonb[], $10::timestamptz[])
              AS t(id, key, kind, channel, usr, contact, locale, template, payload, at)
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(ids)
    .bind(keys)
    .bind(kinds)
    .bind(channels)
    .bind(users)
    .bind(contacts)
    .bind(locales)
    .bind(templates)
    .bind(payloads)
    .bind(times)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Cancels a notification whose cause went away, and its in-app twin.
pub async fn cancel_with_twin(pool: &PgPool, n: &Notification, reason: &str) -> DomainResult<bool> {
    let twin = format!("{}{INBOX_SUFFIX}", n.dedup_key);
    sqlx::query(
        "UPDATE notifications SET status = 'CANCELLED', last_error = $2
         WHERE dedup_key = $1 AND status IN ('PENDING', 'SENT')",
    )
    .bind(&twin)
    .bind(reason)
    .execute(pool)
    .await?;
    cancel(pool, n.id, reason).await
}

/// Starts the send of a claimed row: counts the attempt and renews
/// `worker`'s claim, so the lease runs from the send, not from the batch's
/// claim. Returns `false` when the claim was lost (its lease ran out and the
/// row was given back, or an operator cancelled it): the sender must then
/// leave the row alone.
pub async fn start_send(
    pool: &PgPool,
    id: Uuid,
    worker: &str,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let r = sqlx::query(
        "UPDATE notifications SET claimed_at = $3, attempts = attempts + 1
         WHERE id = $1 AND status = 'SENDING' AND claimed_by = $2",
    )
    .bind(id)
    .bind(worker)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// Gives back the rows `claimer` claimed but never started (a drain that
/// stops early: shutdown, its time budget): `PENDING` again at once, no
/// attempt counted, instead of waiting for the lease. Returns how many.
pub async fn release_claims(pool: &PgPool, claimer: &str) -> DomainResult<u64> {
    let r = sqlx::query(
        "UPDATE notifications SET status = 'PENDING', claimed_at = NULL, claimed_by = NULL
         WHERE status = 'SENDING' AND claimed_by = $1",
    )
    .bind(claimer)
    .execute(pool)
    .await?;
    Ok(r.rows_affected())
}
