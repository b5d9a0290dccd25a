//! The one place that knows every context's scans, notices and audited
//! records: which scan runs for a [`ScanKind`], which context re-checks a
//! notification before it is sent (AUTO-6), which context decides who may
//! read a record's audit trail (ORG-4), and which validates a company
//! setting. The scan kit and the outbox (`notify`) know
//! no context; each context implements its scans with the kit and its
//! notices with [`Notices`]; this file lists them.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::customers::scans::{self as customer_scans, CustomerNotices};
use crate::error::DomainResult;
use crate::execution::scans::{self as execution_scans, ExecutionNotices};
use crate::kpi::notices::KpiNotices;
use crate::notify::Notification;
use crate::notify::notices::Notices;
use crate::notify::scan::{self, ScanKind, ScanOptions, ScanReport};
use crate::orders::notices::OrderNotices;
use crate::org::Actor;
use crate::receivables::{self, ReceivableNotices};
use crate::worklog::scan::{self as worklog_scan, WorkLogNotices};

/// Runs the scan `kind` as of `now` under the kit's rules (once a day for a
/// daily scan, one run at a time across processes): see
/// [`scan::run_scan`].
pub async fn run_scan(
    pool: &PgPool,
    kind: ScanKind,
    now: DateTime<Utc>,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    scan::run_scan(pool, kind, now, opts, |now, today| {
        scan_of(pool, kind, now, today, opts)
    })
    .await
}

/// The context's scan for `kind`.
async fn scan_of(
    pool: &PgPool,
    kind: ScanKind,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    match kind {
        ScanKind::FollowUps => customer_scans::followups::scan(pool, now, today, opts).await,
        ScanKind::Revisits => customer_scans::revisits::scan(pool, now, today, opts).await,
        ScanKind::Pool => customer_scans::pool::scan(pool, now, today, opts).await,
        ScanKind::Complaints => customer_scans::complaints::scan(pool, now).await,
        ScanKind::Care => customer_scans::care::scan(pool, now, today, opts).await,
        ScanKind::Milestones => execution_scans::milestones::scan(pool, now, today, opts).await,
        ScanKind::AfterSales => execution_scans::after_sales::scan(pool, now).await,
        ScanKind::Deliveries => crate::orders::scan::scan(pool, now, today, opts).await,
        ScanKind::Statements => receivables::statements::scan(pool, now, today, opts).await,
        ScanKind::Dunning => receivables::dunning::scan(pool, now, today, opts).await,
        ScanKind::CashHandover => receivables::handover::scan(pool, now, today, opts).await,
        ScanKind::WorkLogs => worklog_scan::scan(pool, now, today, opts).await,
    }
}

/// Asks each context with notices, in turn, whether `$n`'s kind is its,
/// and calls `$method` of the first that says yes; `Ok(None)` when none
/// does. The list of contexts with notices is this macro's.
macro_rules! ask_notices {
    ($n:expr, $method:ident $args:tt) => {{
        let kind = $n.kind;
        ask_notices!(@each kind, $method $args, [
            CustomerNotices,
            ExecutionNotices,
            KpiNotices,
            OrderNotices,
            ReceivableNotices,
            WorkLogNotices
        ]);
        Ok(None)
    }};
    (@each $kind:ident, $method:ident $args:tt, [$($ctx:ty),+]) => {
        $(
            if <$ctx>::owns($kind) {
                return <$ctx>::$method $args.await;
            }
        )+
    };
}

/// AUTO-6 re-check at send time: `Some(reason)` when the cause of `n` went
/// away and it must be cancelled instead of sent; `None` to send it. Kinds
/// without a cause to re-check (pool reclaimed notes, digests' own rules
/// aside) are sent.
pub async fn cancel_reason(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    ask_notices!(n, cancel_reason(pool, n, today))
}

/// The payload to render, re-read at send time for kinds whose email
/// states amounts that may have changed since it was recorded (dunning:
/// the current open amount of a partly paid item, REC-6); `None`: render
/// the recorded payload.
pub async fn refresh_payload(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<Value>> {
    ask_notices!(n, refresh_payload(pool, n, today))
}

/// ORG-4: whether `actor` may read the audit trail of `entity` `id`: the
/// owning context answers with the record's own read scope (ORG-3), so a
/// record the caller cannot see has no visible trail. An entity no context
/// owns is not visible.
pub async fn audit_visible(
    pool: &PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let q = crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    };
    macro_rules! first_answer {
        ($($ctx:path),+) => {
            $(
                if let Some(visible) = $ctx(q).await? {
                    return Ok(visible);
                }
            )+
        };
    }
    first_answer!(
        crate::org::audit_visibility,
        crate::notify::audit_visibility,
        crate::calendar::audit_visibility,
        crate::customers::audit_visibility,
        crate::pipeline::audit_visibility,
        crate::contracts::audit_visibility,
        crate::orders::audit_visibility,
        crate::execution::audit_visibility,
        crate::receivables::audit_visibility,
        crate::targets::audit_visibility,
        crate::worklog::audit_visibility,
        crate::kpi::audit_visibility
    );
    Ok(false)
}

/// Replaces a company setting after the owning context's validation
/// (`version` as read): ADMIN, the general manager or the sales director
/// only; an unknown key is a VALIDATION error on `key`.
pub async fn update_company_setting(
    pool: &PgPool,
    ctx: &crate::Ctx,
    key: &str,
    value: Value,
    version: i32,
) -> DomainResult<crate::customers::settings::Setting> {
    crate::customers::settings::require_settings_editor(ctx)?;
    let change = crate::customers::settings::SettingChange {
        pool,
        ctx,
        key,
        value,
        version,
    };
    macro_rules! first_owner {
        ($($ctx:path),+) => {
            $(
                if let Some(s) = $ctx(&change).await? {
                    return Ok(s);
                }
            )+
        };
    }
    first_owner!(
        crate::customers::update_setting,
        crate::pipeline::update_setting,
        crate::contracts::update_setting,
        crate::orders::update_setting,
        crate::execution::update_setting,
        crate::receivables::update_setting
    );
    Err(crate::error::DomainError::validation(
        "key",
        "unknown setting",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::NoticeKind;

    /// AUTO-6: every kind of notice has exactly one context that re-checks
    /// it at send time, so a new kind cannot be forgotten here.
    #[test]
    fn every_notice_kind_has_exactly_one_owner() {
        for &kind in NoticeKind::ALL {
            let owners = [
                CustomerNotices::owns(kind),
                ExecutionNotices::owns(kind),
                KpiNotices::owns(kind),
                OrderNotices::owns(kind),
                ReceivableNotices::owns(kind),
                WorkLogNotices::owns(kind),
            ];
            let n = owners.iter().filter(|o| **o).count();
            assert_eq!(n, 1, "{kind} has {n} owners");
        }
    }
}
