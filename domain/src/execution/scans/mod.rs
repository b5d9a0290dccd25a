//! The execution context's scheduled scans (CON-6 milestones, CON-9
//! after-sales) and the send-time re-check of their notices (AUTO-6).

pub mod after_sales;
pub mod milestones;

use chrono::NaiveDate;
use sqlx::PgPool;

use crate::error::DomainResult;
use crate::notify::notices::Notices;
use crate::notify::{NoticeKind, Notification};

/// Overdue milestones and after-sales requests.
pub struct ExecutionNotices;

impl Notices for ExecutionNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::MilestoneOverdue | NoticeKind::AfterSalesOverdue
        )
    }

    async fn cancel_reason(
        pool: &PgPool,
        n: &Notification,
        _today: NaiveDate,
    ) -> DomainResult<Option<String>> {
        super::notice_cancel_reason(pool, n.kind, &n.payload).await
    }
}
