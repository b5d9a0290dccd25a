//! AUTO-6: every kind of notice the system sends. A kind names its
//! template (`domain/templates/{locale}/{kind}.*`) and the context that
//! owns it re-checks it at send time ([`super::notices::Notices`]); the
//! payload each kind carries is a `Serialize` type of that context
//! implementing [`super::notices::Notice`].

use crate::enums::text_enum;

text_enum! {
    /// A kind of notice, stored in `notifications.kind` and naming the
    /// template it is rendered with.
    NoticeKind {
        FollowupDue => "followup_due",
        FollowupEscalation => "followup_escalation",
        RevisitUpcoming => "revisit_upcoming",
        RevisitDue => "revisit_due",
        RevisitEscalation => "revisit_escalation",
        PoolWarning => "pool_warning",
        PoolReclaimed => "pool_reclaimed",
        ComplaintEscalation => "complaint_escalation",
        CareGreeting => "care_greeting",
        CareOwnerNote => "care_owner_note",
        MilestoneOverdue => "milestone_overdue",
        AfterSalesOverdue => "after_sales_overdue",
        OrderConfirmed => "order_confirmed",
        DeliverySlip => "delivery_slip",
        OrderDueSoon => "order_due_soon",
        Statement => "statement",
        DunningNotice => "dunning_notice",
        DunningAlert => "dunning_alert",
        DunningDigest => "dunning_digest",
        CashHandoverOverdue => "cash_handover_overdue",
        WorkLogMissing => "work_log_missing",
        WorkLogMissingEscalation => "work_log_missing_escalation",
        AssessmentResult => "assessment_result",
        AssessmentUnitSummary => "assessment_unit_summary",
    }
}

impl NoticeKind {
    /// The template the kind is rendered with: its own name.
    pub fn template(self) -> &'static str {
        self.as_str()
    }
}
