//! salesd domain: business types, rules as plain functions, and the
//! PostgreSQL stores, one module per bounded context.
//!
//! This crate knows nothing of GraphQL, HTTP, Redis or email.

pub mod audit;
pub mod calendar;
pub mod clock;
pub mod contact_info;
pub mod contracts;
pub mod customers;
pub mod db;
pub mod enums;
pub mod error;
pub mod execution;
pub mod kpi;
pub mod money;
pub mod notify;
pub mod orders;
pub mod org;
pub mod page;
pub mod pipeline;
pub mod receivables;
pub mod registry;
pub mod targets;
#[cfg(feature = "test-support")]
pub mod testing;
pub mod text;
pub mod versioned;
pub mod worklog;

pub use error::{DomainError, DomainResult};

/// Who does what, when, as part of which request: handed to every store
/// call that changes something, so the audit log (ORG-4) can say so.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub actor: org::Actor,
    pub request_id: String,
    pub now: chrono::DateTime<chrono::Utc>,
}
