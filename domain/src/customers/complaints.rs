//! CUS-9 complaints: the state machine, the per-severity deadline and the
//! escalation rule as plain functions; the store is in `complaints/store.rs`.
//!
//! Decisions (docs/customers.md, "Complaints"):
//! - `RECEIVED → INVESTIGATING → RESOLVED → CLOSED`, one step at a time,
//!   never back. Any other move is a clash with the record's current state,
//!   answered `CONFLICT` (like a stale version), and changes nothing.
//! - A legal move missing what it needs (cause and solution to resolve; the
//!   reply and the outcome satisfaction to close) is `VALIDATION` on that field.

pub mod store;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::versioned::versioned;

pub use store::*;

text_enum! {
    /// How the complaint reached us.
    Channel { Hotline => "HOTLINE", Email => "EMAIL", Visit => "VISIT", Other => "OTHER" }
}

text_enum! {
    /// Severity; each has its own deadline (`complaint_deadline_hours`).
    Severity { High => "HIGH", Medium => "MEDIUM", Low => "LOW" }
}

text_enum! {
    /// CUS-9 states.
    ComplaintStatus {
        Received => "RECEIVED",
        Investigating => "INVESTIGATING",
        Resolved => "RESOLVED",
        Closed => "CLOSED",
    }
}

impl ComplaintStatus {
    /// Open complaints can be overdue and escalate.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ComplaintStatus::Received | ComplaintStatus::Investigating
        )
    }
}

/// A complaint row.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Complaint {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub category: String,
    pub severity: Severity,
    pub description: String,
    pub deadline_at: DateTime<Utc>,
    pub responsible_unit_id: Option<Uuid>,
    pub status: ComplaintStatus,
    pub cause: Option<String>,
    pub solution: Option<String>,
    pub reply: Option<String>,
    pub outcome_satisfaction: Option<i16>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(Complaint);

impl Complaint {
    /// Open and past its deadline at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        is_overdue(self.status, self.deadline_at, now)
    }
}

/// Setting `complaint_deadline_hours`: hours to resolve, per severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineHours {
    #[serde(rename = "HIGH")]
    pub high: i64,
    #[serde(rename = "MEDIUM")]
    pub medium: i64,
    #[serde(rename = "LOW")]
    pub low: i64,
}

pub const DEADLINE_SETTING: &str = "complaint_deadline_hours";

/// The validator of `complaint_deadline_hours` for `settings::update`: all
/// three severities present (serde refuses a missing or unknown key), each
/// 1..=720 hours (30 days).
pub fn validate_complaint_deadline_hours(h: &DeadlineHours) -> DomainResult<()> {
    for (name, v) in [("HIGH", h.high), ("MEDIUM", h.medium), ("LOW", h.low)] {
        if !(1..=720).contains(&v) {
            return Err(DomainError::validation(
                "value",
                format!("{name} must be 1 to 720 hours"),
            ));
        }
    }
    Ok(())
}

/// CUS-9: the deadline of a complaint received at `received_at`.
pub fn deadline(
    received_at: DateTime<Utc>,
    severity: Severity,
    h: &DeadlineHours,
) -> DateTime<Utc> {
    let hours = match severity {
        Severity::High => h.high,
        Severity::Medium => h.medium,
        Severity::Low => h.low,
    };
    received_at + Duration::hours(hours)
}

/// CUS-9: open (received or investigating) and strictly past its deadline.
pub fn is_overdue(status: ComplaintStatus, deadline_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    status.is_open() && deadline_at < now
}

/// What a transition brings along (only the fields of its step are read).
#[derive(Clone, Debug, Default)]
pub struct TransitionFields {
    pub cause: Option<String>,
    pub solution: Option<String>,
    pub reply: Option<String>,
    pub outcome_satisfaction: Option<i32>,
}

fn required(field: &str, v: Option<&str>) -> DomainResult<()> {
    let v = v.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return Err(DomainError::validation(field, "is required for this step"));
    }
    if v.chars().count() > 5000 {
        return Err(DomainError::validation(
            field,
            "must be at most 5000 characters",
        ));
    }
    Ok(())
}

/// CUS-9: may a complaint move from `from` to `to` with `f`? Illegal moves
/// (skipping, going back, staying) are CONFLICT; a legal move without what it
/// needs is VALIDATION on the missing field.
pub fn complaint_transition(
    from: ComplaintStatus,
    to: ComplaintStatus,
    f: &TransitionFields,
) -> DomainResult<()> {
    use ComplaintStatus::*;
    match (from, to) {
        (Received, Investigating) => Ok(()),
        (Investigating, Resolved) => {
            required("cause", f.cause.as_deref())?;
            required("solution", f.solution.as_deref())
        }
        (Resolved, Closed) => {
            required("reply", f.reply.as_deref())?;
            match f.outcome_satisfaction {
                Some(1..=5) => Ok(()),
                Some(_) => Err(DomainError::validation(
                    "outcomeSatisfaction",
                    "must be 1 to 5",
                )),
                None => Err(DomainError::validation(
                    "outcomeSatisfaction",
                    "the satisfaction follow-up is required to close",
                )),
            }
        }
        _ => Err(DomainError::conflict(format!(
            "a {from} complaint cannot become {to}; the order is RECEIVED, INVESTIGATING, RESOLVED, CLOSED"
        ))),
    }
}

#[cfg(test)]
mod tests;
