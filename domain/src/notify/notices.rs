//! What a context implements for the notices it records (AUTO-6): a typed
//! payload per kind ([`Notice`]), and for the context as a whole
//! ([`Notices`]) which kinds are its, the send-time re-check that cancels a
//! notice whose cause went away, and the payload re-read at send time where
//! an email states figures that may have changed. `crate::registry` lists
//! the contexts; the outbox itself never reads another context's tables.

use std::future::Future;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use super::kind::NoticeKind;
use super::outbox::Notification;
use crate::error::DomainResult;

/// The payload of one kind of notice: the fields its template reads, as
/// the context that records it knows them. Serialized, it is the stored
/// payload; the template test renders every kind from a sample of it.
pub trait Notice: Serialize {
    /// The kind, which also names the template.
    const KIND: NoticeKind;

    /// The payload as stored and rendered (a JSON object).
    fn payload(&self) -> Value {
        serde_json::to_value(self).expect("a notice payload serializes to a JSON object")
    }
}

/// The notices of one context.
pub trait Notices {
    /// Whether notifications of `kind` are this context's.
    fn owns(kind: NoticeKind) -> bool;

    /// AUTO-6 re-check at send time: `Some(reason)` when the cause of `n`
    /// went away and it must be cancelled instead of sent; `None` to send.
    fn cancel_reason(
        pool: &PgPool,
        n: &Notification,
        today: NaiveDate,
    ) -> impl Future<Output = DomainResult<Option<String>>> + Send;

    /// The payload to render, re-read at send time; `None`: render the
    /// recorded payload (the default).
    fn refresh_payload(
        _pool: &PgPool,
        _n: &Notification,
        _today: NaiveDate,
    ) -> impl Future<Output = DomainResult<Option<Value>>> + Send {
        async { Ok(None) }
    }
}

/// A payload field holding an id.
pub fn payload_uuid(payload: &Value, field: &str) -> Option<Uuid> {
    payload.get(field)?.as_str()?.parse().ok()
}

/// A payload field holding a date.
pub fn payload_date(payload: &Value, field: &str) -> Option<NaiveDate> {
    payload.get(field)?.as_str()?.parse().ok()
}
