//! AUTO-6: the notification outbox.
//!
//! A notification is inserted under a unique deduplication key (the same
//! key twice is a no-op), then claimed by a sender with `FOR UPDATE SKIP
//! LOCKED` (two workers never get the same row), sent, and marked sent — or
//! failed and rescheduled with exponential backoff, up to a bound after
//! which it stays `FAILED` and visible. A sender that dies mid-send leaves
//! its rows `SENDING`; once their lease has run out they return to
//! `PENDING`. The sending itself (email, templates, the jobs that find what
//! is due) is the worker's; this module only keeps the record.

pub mod admin;
pub mod inbox;
mod kind;
mod outbox;
mod rules;

pub mod delivery;
pub mod notices;
pub mod render;
pub mod scan;

pub use kind::NoticeKind;
pub use notices::Notice;
pub use outbox::{
    Channel, INBOX_SUFFIX, NewNotification, Notification, Recipient, cancel, cancel_with_twin,
    claim_due, enqueue, enqueue_many, mark_failed, mark_sent, release_claims,
    release_expired_leases, start_send,
};
pub use rules::{MAX_ATTEMPTS, Outcome, after_failure, backoff};

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest { actor, entity, .. } = q;
    Ok(match entity {
        "NOTIFICATION" => Some(actor.has_role(crate::org::Role::Admin) && !actor.read_only),
        _ => None,
    })
}
