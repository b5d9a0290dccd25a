//! GraphQL types of dunning (REC-6/7): promises to pay, payment disputes,
//! and `dunningStatus`.

use async_graphql::{ID, InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::receivables::dunning::pauses::{Dispute, Promise};
use salesd_domain::receivables::dunning::status::{
    ItemStatus, RiskSignal as DRisk, Status, Step, StepNotification,
};

use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::receivables::types::ReceivableItem;

/// `recordPromiseToPay` input.
#[derive(InputObject)]
pub struct RecordPromiseToPayInput {
    pub customer_id: ID,
    /// One item (installment or delivery note); none: all the customer's items.
    pub item_id: Option<ID>,
    /// Dunning waits through this date (today or later, at most a year ahead).
    pub promised_date: Date,
    /// > 0, 2 places.
    pub amount: Decimal,
    pub note: Option<String>,
}

/// A promise to pay (REC-6): pauses dunning through its date.
#[derive(SimpleObject)]
pub struct PromiseToPay {
    pub id: ID,
    pub customer_id: ID,
    /// None: customer-wide.
    pub item_id: Option<ID>,
    pub promised_date: Date,
    pub amount: Decimal,
    pub note: Option<String>,
    pub created_by: ID,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<ID>,
    pub cancel_reason: Option<String>,
}

impl From<Promise> for PromiseToPay {
    fn from(p: Promise) -> Self {
        PromiseToPay {
            id: id(p.id),
            customer_id: id(p.customer_id),
            item_id: p.item_id.map(id),
            promised_date: Date(p.promised_date),
            amount: Decimal(p.amount),
            note: p.note,
            created_by: id(p.created_by),
            created_at: p.created_at,
            cancelled_at: p.cancelled_at,
            cancelled_by: p.cancelled_by.map(id),
            cancel_reason: p.cancel_reason,
        }
    }
}

/// A payment dispute (REC-6): pauses dunning of its item while open.
#[derive(SimpleObject)]
pub struct PaymentDispute {
    pub id: ID,
    pub customer_id: ID,
    pub item_id: Option<ID>,
    pub reason: String,
    pub opened_by: ID,
    pub opened_at: DateTime<Utc>,
    pub closed_by: Option<ID>,
    pub closed_at: Option<DateTime<Utc>>,
    pub resolution: Option<String>,
}

impl From<Dispute> for PaymentDispute {
    fn from(d: Dispute) -> Self {
        PaymentDispute {
            id: id(d.id),
            customer_id: id(d.customer_id),
            item_id: d.item_id.map(id),
            reason: d.reason,
            opened_by: id(d.opened_by),
            opened_at: d.opened_at,
            closed_by: d.closed_by.map(id),
            closed_at: d.closed_at,
            resolution: d.resolution,
        }
    }
}

/// One notification of a dunning step and its delivery state (AUTO-6).
#[derive(SimpleObject)]
pub struct DunningNotification {
    pub dedup_key: String,
    /// dunning_notice (customer) or dunning_digest (people; dunning_alert
    /// before the digests).
    pub kind: String,
    pub recipient_user_id: Option<ID>,
    pub recipient_contact_id: Option<ID>,
    /// PENDING, SENDING, SENT, FAILED or CANCELLED.
    pub status: String,
    pub attempts: i32,
    pub sent_at: Option<DateTime<Utc>>,
    /// The error, or why it was cancelled ("paid", a pause).
    pub last_error: Option<String>,
}

impl From<StepNotification> for DunningNotification {
    fn from(n: StepNotification) -> Self {
        DunningNotification {
            dedup_key: n.dedup_key,
            kind: n.kind,
            recipient_user_id: n.recipient_user_id.map(id),
            recipient_contact_id: n.recipient_contact_id.map(id),
            status: n.status,
            attempts: n.attempts,
            sent_at: n.sent_at,
            last_error: n.last_error,
        }
    }
}

/// A level an item reached (each level at most once).
#[derive(SimpleObject)]
pub struct DunningStep {
    pub level: i32,
    /// NOTIFIED, or SKIPPED (a higher level was already due).
    pub status: String,
    pub reached_on: Date,
    pub days_overdue: i32,
    /// The open amount when it was reached.
    pub open_amount: Decimal,
    pub created_at: DateTime<Utc>,
    pub notifications: Vec<DunningNotification>,
}

impl From<Step> for DunningStep {
    fn from(s: Step) -> Self {
        DunningStep {
            level: s.level.into(),
            status: s.status,
            reached_on: Date(s.reached_on),
            days_overdue: s.days_overdue,
            open_amount: Decimal(s.open_amount),
            created_at: s.created_at,
            notifications: s.notifications.into_iter().map(Into::into).collect(),
        }
    }
}

/// Where dunning stands for one item.
#[derive(SimpleObject)]
pub struct DunningItemStatus {
    pub item: ReceivableItem,
    pub open: Decimal,
    /// Calendar days after the due date (≤ 0: not overdue).
    pub days_overdue: i64,
    /// The level the days overdue call for (0: none, or nothing open).
    pub level_due: i32,
    /// The highest level recorded (0: none).
    pub level_reached: i32,
    /// Why dunning waits (a promise to pay, an open dispute), if it does.
    pub paused: Option<String>,
    pub steps: Vec<DunningStep>,
}

impl From<ItemStatus> for DunningItemStatus {
    fn from(s: ItemStatus) -> Self {
        DunningItemStatus {
            item: s.item.into(),
            open: Decimal(s.open),
            days_overdue: s.days_overdue,
            level_due: s.level_due.into(),
            level_reached: s.level_reached.into(),
            paused: s.paused,
            steps: s.steps.into_iter().map(Into::into).collect(),
        }
    }
}

/// A HIGH bad-debt risk signalled at L4 (the RISK-1 interface).
#[derive(SimpleObject)]
pub struct DunningRiskSignal {
    pub id: ID,
    pub item_id: ID,
    /// BAD_DEBT.
    pub category: String,
    /// HIGH.
    pub level: String,
    /// DUNNING_L4.
    pub source: String,
    pub created_at: DateTime<Utc>,
}

impl From<DRisk> for DunningRiskSignal {
    fn from(r: DRisk) -> Self {
        DunningRiskSignal {
            id: id(r.id),
            item_id: id(r.item_id),
            category: r.category,
            level: r.level,
            source: r.source,
            created_at: r.created_at,
        }
    }
}

/// `dunningStatus`: a customer's (or one item's) dunning.
#[derive(SimpleObject)]
pub struct DunningStatus {
    pub customer_id: ID,
    pub customer_name: String,
    /// Set at L3, lifted when nothing is overdue (REC-7).
    pub credit_hold_since: Option<DateTime<Utc>>,
    pub items: Vec<DunningItemStatus>,
    /// Newest first, cancelled and past ones included.
    pub promises: Vec<PromiseToPay>,
    /// Newest first, closed ones included.
    pub disputes: Vec<PaymentDispute>,
    pub risks: Vec<DunningRiskSignal>,
}

impl From<Status> for DunningStatus {
    fn from(s: Status) -> Self {
        DunningStatus {
            customer_id: id(s.customer_id),
            customer_name: s.customer_name,
            credit_hold_since: s.credit_hold_since,
            items: s.items.into_iter().map(Into::into).collect(),
            promises: s.promises.into_iter().map(Into::into).collect(),
            disputes: s.disputes.into_iter().map(Into::into).collect(),
            risks: s.risks.into_iter().map(Into::into).collect(),
        }
    }
}
