//! CON-6, CON-7, CON-9: project execution after signing — milestones and
//! their overdue alerts, acceptance (验收) and after-sales requests.
//!
//! Contract-side records (milestones, acceptances) are scoped by ORG-3 on
//! `Resource::Contract` over the contract's owner and unit plus the project
//! team of the contract's opportunity; after-sales requests on
//! `Resource::Complaint` over their own owner and unit (docs/execution.md).

pub mod acceptance;
pub mod after_sales;
pub mod milestones;
pub mod scans;

use chrono::NaiveDate;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::notify::NoticeKind;
use crate::org::{Access, Actor, Resource, Scope};

pub use acceptance::*;
pub use after_sales::*;
pub use milestones::*;

/// ORG-3 on a contract aliased `c` for execution records. Unlike the
/// contract's own terms (`contracts::push_contract_scope`, team reads
/// only), the project team may also write here: the team executes the
/// project (docs/execution.md).
pub fn push_contract_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    Scope::of(actor, Resource::Contract, access).push_filter(
        qb,
        "c.owner_id",
        "c.owner_unit_id",
        Some(crate::contracts::TEAM_EXISTS),
    );
}

/// The contract facts execution needs, read under the row lock.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContractHead {
    pub id: Uuid,
    pub number: String,
    pub status: String,
    pub signed_date: Option<NaiveDate>,
    pub warranty_months: i32,
    pub version: i32,
}

/// Locks the contract `id` if the actor may change it (NOT_FOUND otherwise,
/// the same answer as for a missing contract: ORG-3).
pub(crate) async fn lock_contract(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<ContractHead> {
    let mut qb = QueryBuilder::new(
        "SELECT c.id, c.number, c.status, c.signed_date, c.warranty_months, c.version
         FROM contracts c WHERE c.id = ",
    );
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor, Access::Write);
    qb.push(" FOR UPDATE OF c");
    match qb.build_query_as().fetch_optional(&mut *conn).await? {
        Some(c) => Ok(c),
        None => Err(refusal(conn, actor, id).await?),
    }
}

/// Why a contract outside the actor's write scope is refused: FORBIDDEN when
/// they may read it (finance), NOT_FOUND otherwise — the same answer as for
/// a contract that does not exist (ORG-3).
pub(crate) async fn refusal(
    conn: &mut PgConnection,
    actor: &Actor,
    contract: Uuid,
) -> DomainResult<DomainError> {
    Ok(if contract_visible(conn, actor, contract).await? {
        DomainError::Forbidden("your role may read this contract but not change it".into())
    } else {
        DomainError::NotFound
    })
}

/// Whether the actor may read the contract `id`.
pub(crate) async fn contract_visible(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<bool> {
    let mut qb = QueryBuilder::new("SELECT EXISTS (SELECT 1 FROM contracts c WHERE c.id = ");
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor, Access::Read);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(&mut *conn).await?)
}

/// Whether the actor may read the audit trail (ORG-4) of an execution
/// record: a milestone or acceptance through its contract, an after-sales
/// request through its own scope.
pub async fn audit_visible(
    pool: &sqlx::PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let table = match entity {
        "MILESTONE" => "contract_milestones",
        "ACCEPTANCE" => "contract_acceptances",
        "AFTER_SALES" => return Ok(get_after_sales(pool, actor, id).await?.is_some()),
        _ => return Ok(false),
    };
    let mut qb = QueryBuilder::new(format!(
        "SELECT EXISTS (SELECT 1 FROM {table} r JOIN contracts c ON c.id = r.contract_id WHERE r.id = "
    ));
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor, Access::Read);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// Trimmed text of 1..=`max` characters, or VALIDATION on `field`.
pub(crate) use crate::text::required as required_text;

/// Optional text: blank is `None`; longer than `max` is VALIDATION.
pub(crate) fn optional_text(
    field: &str,
    v: Option<&str>,
    max: usize,
) -> DomainResult<Option<String>> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => Err(DomainError::validation(
            field,
            format!("must be at most {max} characters"),
        )),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

/// A business date given by a user: not in the future (company day `today`).
pub fn not_in_future(field: &str, d: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if d > today {
        return Err(DomainError::validation(field, "cannot be in the future"));
    }
    Ok(())
}

/// AUTO-6 send-time re-check of the execution notices (`scans::ExecutionNotices`):
/// `Some(reason)` cancels.
/// - `milestone_overdue`: the milestone is done, was re-planned to another
///   date than the one alerted, or its contract left APPROVED, SIGNED,
///   EXECUTING (accepted, closed, terminated);
/// - `after_sales_overdue`: the request was responded to since.
pub async fn notice_cancel_reason(
    pool: &sqlx::PgPool,
    kind: NoticeKind,
    payload: &serde_json::Value,
) -> DomainResult<Option<String>> {
    let id = |f: &str| -> Option<Uuid> { payload.get(f)?.as_str()?.parse().ok() };
    if kind == NoticeKind::MilestoneOverdue {
        let (Some(m), Some(planned)) = (
            id("milestone_id"),
            payload
                .get("planned_date")
                .and_then(|d| d.as_str())
                .and_then(|d| d.parse::<NaiveDate>().ok()),
        ) else {
            return Ok(None);
        };
        let row: Option<(NaiveDate, Option<NaiveDate>, String)> = sqlx::query_as(
            "SELECT m.planned_date, m.actual_date, c.status FROM contract_milestones m
             JOIN contracts c ON c.id = m.contract_id WHERE m.id = $1",
        )
        .bind(m)
        .fetch_optional(pool)
        .await?;
        return Ok(match row {
            None => Some("the milestone no longer exists".to_owned()),
            Some((_, Some(_), _)) => Some("the milestone was completed".to_owned()),
            Some((p, None, _)) if p != planned => Some("the milestone was re-planned".to_owned()),
            Some((_, None, s)) if milestones::check_plannable(&s).is_err() => {
                Some(format!("the contract is {s}"))
            }
            Some(_) => None,
        });
    }
    if kind == NoticeKind::AfterSalesOverdue {
        let Some(r) = id("after_sales_id") else {
            return Ok(None);
        };
        let responded: Option<bool> = sqlx::query_scalar(
            "SELECT responded_at IS NOT NULL OR status <> 'OPEN' FROM after_sales_requests WHERE id = $1",
        )
        .bind(r)
        .fetch_optional(pool)
        .await?;
        return Ok(match responded {
            Some(false) => None,
            Some(true) => Some("the request was responded to".to_owned()),
            None => Some("the request no longer exists".to_owned()),
        });
    }
    Ok(None)
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(match entity {
        "MILESTONE" | "ACCEPTANCE" | "AFTER_SALES" => {
            Some(audit_visible(pool, actor, entity, id).await?)
        }
        _ => None,
    })
}

/// Company settings this context owns: validates and stores the change;
/// `None` when the key is another context's.
/// `crate::registry::update_company_setting` asks every context.
pub async fn update_setting(
    c: &crate::customers::settings::SettingChange<'_>,
) -> crate::error::DomainResult<Option<crate::customers::settings::Setting>> {
    Ok(match c.key {
        // CON-9 fast response
        "after_sales_response_hours" => Some(c.validated(validate_response_hours).await?),
        _ => None,
    })
}
