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

mod outbox;
mod rules;

pub use outbox::{
    Channel, NewNotification, Notification, Recipient, cancel, claim_due, enqueue, mark_failed,
    mark_sent, release_expired_leases,
};
pub use rules::{MAX_ATTEMPTS, Outcome, after_failure, backoff};
