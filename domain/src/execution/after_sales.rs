//! CON-9 after-sales requests: a response deadline from the priority (fast
//! response, 快速响应), handled remotely or on site, closed only with the
//! customer's confirmation. `OPEN → IN_PROGRESS → RESOLVED → CLOSED`, and
//! `RESOLVED → IN_PROGRESS` when the customer does not confirm.
//!
//! Scope: ORG-3 on `Resource::Complaint` over the request's own owner and
//! unit (the customer's owner at creation): customer service handles all.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::required_text;
use crate::Ctx;
use crate::audit;
use crate::customers::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};
use crate::versioned::{lock_current, versioned};

text_enum! {
    /// CON-9 priority; each has its response time (`after_sales_response_hours`).
    Priority { Urgent => "URGENT", High => "HIGH", Normal => "NORMAL", Low => "LOW" }
}

text_enum! {
    /// CON-9 states.
    AfterSalesStatus {
        Open => "OPEN",
        InProgress => "IN_PROGRESS",
        Resolved => "RESOLVED",
        Closed => "CLOSED",
    }
}

text_enum! {
    /// CON-9: how a request is handled.
    Handling { Remote => "REMOTE", OnSite => "ON_SITE" }
}

pub const RESPONSE_SETTING: &str = "after_sales_response_hours";

/// Setting `after_sales_response_hours`: hours to the first response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseHours {
    #[serde(rename = "URGENT")]
    pub urgent: i64,
    #[serde(rename = "HIGH")]
    pub high: i64,
    #[serde(rename = "NORMAL")]
    pub normal: i64,
    #[serde(rename = "LOW")]
    pub low: i64,
}

/// The validator of `after_sales_response_hours`: every priority 1..=720
/// hours, and a more urgent priority never slower than a less urgent one.
pub fn validate_response_hours(h: &ResponseHours) -> DomainResult<()> {
    let all = [
        ("URGENT", h.urgent),
        ("HIGH", h.high),
        ("NORMAL", h.normal),
        ("LOW", h.low),
    ];
    for (name, v) in all {
        if !(1..=720).contains(&v) {
            return Err(DomainError::validation(
                "value",
                format!("{name} must be 1 to 720 hours"),
            ));
        }
    }
    if all.windows(2).any(|w| w[0].1 > w[1].1) {
        return Err(DomainError::validation(
            "value",
            "a more urgent priority cannot have more hours than a less urgent one",
        ));
    }
    Ok(())
}

/// CON-9: when a request created at `at` must have had its first response.
pub fn respond_by(at: DateTime<Utc>, p: Priority, h: &ResponseHours) -> DateTime<Utc> {
    let hours = match p {
        Priority::Urgent => h.urgent,
        Priority::High => h.high,
        Priority::Normal => h.normal,
        Priority::Low => h.low,
    };
    at + Duration::hours(hours)
}

/// CON-9: not responded to and past `respond_by` at `now`.
pub fn response_overdue(
    responded_at: Option<DateTime<Utc>>,
    respond_by: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    responded_at.is_none() && respond_by < now
}

text_enum! {
    /// CON-9: the moves of a request.
    AfterSalesAction {
        Respond => "RESPOND",
        Resolve => "RESOLVE",
        Close => "CLOSE",
        Reopen => "REOPEN",
    }
}

/// CON-9 moves: OPEN —respond→ IN_PROGRESS —resolve→ RESOLVED —close→
/// CLOSED, and RESOLVED —reopen→ IN_PROGRESS. Returns the new state; any
/// other move is CONFLICT and changes nothing.
pub fn after_sales_transition(
    from: AfterSalesStatus,
    action: AfterSalesAction,
) -> DomainResult<AfterSalesStatus> {
    use AfterSalesAction as A;
    use AfterSalesStatus::*;
    match (from, action) {
        (Open, A::Respond) => Ok(InProgress),
        (InProgress, A::Resolve) => Ok(Resolved),
        (Resolved, A::Close) => Ok(Closed),
        (Resolved, A::Reopen) => Ok(InProgress),
        _ => Err(DomainError::conflict(format!(
            "an after-sales request that is {from} cannot {}; the order is OPEN, IN_PROGRESS, RESOLVED (reopen: IN_PROGRESS), CLOSED",
            action.as_str().to_lowercase()
        ))),
    }
}

/// An after-sales request row.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct AfterSalesRequest {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub subject: String,
    pub description: String,
    pub priority: String,
    pub status: AfterSalesStatus,
    pub respond_by: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub handling: Option<String>,
    pub assignee_id: Option<Uuid>,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub confirmed_by_customer: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    pub reopened_count: i32,
    pub reopen_reason: Option<String>,
}

versioned!(AfterSalesRequest);

impl AfterSalesRequest {
    pub fn response_overdue(&self, now: DateTime<Utc>) -> bool {
        response_overdue(self.responded_at, self.respond_by, now)
    }
}

/// A request with the customer and contract facts shown with it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AfterSalesView {
    #[sqlx(flatten)]
    pub request: AfterSalesRequest,
    pub customer_name: String,
    pub contract_number: Option<String>,
}

const SELECT: &str = "SELECT r.*, cu.name AS customer_name, ct.number AS contract_number";
const FROM: &str = " FROM after_sales_requests r JOIN customers cu ON cu.id = r.customer_id
     LEFT JOIN contracts ct ON ct.id = r.contract_id WHERE TRUE";

fn push_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    Scope::of(actor, Resource::Complaint, access).push_filter(
        qb,
        "r.owner_id",
        "r.owner_unit_id",
        None,
    );
}

#[derive(Clone, Debug, Default)]
pub struct AfterSalesFilter {
    pub customer_id: Option<Uuid>,
    pub contract_id: Option<Uuid>,
    pub status: Option<AfterSalesStatus>,
    /// Not responded and past `respond_by` at `now` (true), or not (false).
    pub overdue: Option<bool>,
    pub now: Option<DateTime<Utc>>,
}

fn push_where(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &AfterSalesFilter) {
    qb.push(FROM);
    push_scope(qb, actor, Access::Read);
    if let Some(id) = f.customer_id {
        qb.push(" AND r.customer_id = ").push_bind(id);
    }
    if let Some(id) = f.contract_id {
        qb.push(" AND r.contract_id = ").push_bind(id);
    }
    if let Some(s) = f.status {
        qb.push(" AND r.status = ").push_bind(s.as_str());
    }
    if let (Some(overdue), Some(now)) = (f.overdue, f.now) {
        qb.push(if overdue { " AND (" } else { " AND NOT (" })
            .push("r.responded_at IS NULL AND r.respond_by < ")
            .push_bind(now)
            .push(")");
    }
}

async fn view(conn: &mut sqlx::PgConnection, id: Uuid) -> DomainResult<AfterSalesView> {
    let mut qb = QueryBuilder::new(SELECT);
    qb.push(FROM).push(" AND r.id = ").push_bind(id);
    Ok(qb.build_query_as().fetch_one(&mut *conn).await?)
}

pub struct NewAfterSales {
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub subject: String,
    pub description: String,
    pub priority: Priority,
}

/// CON-9: records a request of a customer the actor may handle complaints
/// and service of (NOT_FOUND otherwise). The owner is the customer's owner;
/// for a pool customer, the creator.
pub async fn create_after_sales(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewAfterSales,
) -> DomainResult<AfterSalesView> {
    let subject = required_text("subject", &input.subject, 200)?;
    let description = required_text("description", &input.description, 10000)?;
    let creator = ctx
        .actor
        .user_id
        .filter(|_| !ctx.actor.read_only)
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let hours: ResponseHours = settings::get(pool, RESPONSE_SETTING).await?;
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT COALESCE(c.owner_id, me.id), COALESCE(c.owner_unit_id, me.unit_id)
         FROM customers c JOIN users me ON me.id = ",
    );
    qb.push_bind(creator)
        .push(" WHERE c.id = ")
        .push_bind(input.customer_id);
    Scope::of(&ctx.actor, Resource::Complaint, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push(" FOR SHARE OF c");
    let (owner, unit): (Uuid, Uuid) = qb
        .build_query_as()
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if let Some(contract) = input.contract_id {
        // Signed: SIGNED and later, or terminated after signing.
        let signed: Option<bool> = sqlx::query_scalar(
            "SELECT signed_date IS NOT NULL FROM contracts WHERE id = $1 AND customer_id = $2",
        )
        .bind(contract)
        .bind(input.customer_id)
        .fetch_optional(&mut *tx)
        .await?;
        match signed {
            None => {
                return Err(DomainError::validation(
                    "contractId",
                    "not a contract of this customer",
                ));
            }
            Some(false) => {
                return Err(DomainError::validation(
                    "contractId",
                    "the contract is not signed",
                ));
            }
            Some(true) => {}
        }
    }
    let row: AfterSalesRequest = sqlx::query_as(
        "INSERT INTO after_sales_requests (id, customer_id, contract_id, owner_id, owner_unit_id, subject,
                                           description, priority, respond_by, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(input.contract_id)
    .bind(owner)
    .bind(unit)
    .bind(&subject)
    .bind(&description)
    .bind(input.priority.as_str())
    .bind(respond_by(ctx.now, input.priority, &hours))
    .bind(creator)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "AFTER_SALES",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    let v = view(&mut tx, row.id).await?;
    tx.commit().await?;
    Ok(v)
}

/// One request, if the actor's scope reaches it.
pub async fn get_after_sales(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<AfterSalesView>> {
    let mut qb = QueryBuilder::new(SELECT);
    push_where(&mut qb, actor, &AfterSalesFilter::default());
    qb.push(" AND r.id = ").push_bind(id);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// Requests in scope, newest first.
pub async fn list_after_sales(
    pool: &PgPool,
    actor: &Actor,
    filter: &AfterSalesFilter,
    req: &PageRequest,
) -> DomainResult<Page<AfterSalesView>> {
    let sort = SortKey {
        expr: "r.created_at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb = QueryBuilder::new(format!("{SELECT}, {}::text AS sort_key", sort.expr));
    push_where(&mut qb, actor, filter);
    page::push_keyset(&mut qb, "r.id", sort, req);
    let rows: Vec<Keyed<AfterSalesView>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |v| v.request.id, req))
}

pub async fn count_after_sales(
    pool: &PgPool,
    actor: &Actor,
    filter: &AfterSalesFilter,
) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_where(&mut qb, actor, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// A step of a request, with what the step brings.
pub enum AfterSalesStep {
    Respond {
        handling: Handling,
        assignee_id: Option<Uuid>,
    },
    Resolve {
        resolution: String,
    },
    Close {
        confirmed_by: String,
    },
    Reopen {
        reason: String,
    },
}

impl AfterSalesStep {
    fn action(&self) -> AfterSalesAction {
        match self {
            AfterSalesStep::Respond { .. } => AfterSalesAction::Respond,
            AfterSalesStep::Resolve { .. } => AfterSalesAction::Resolve,
            AfterSalesStep::Close { .. } => AfterSalesAction::Close,
            AfterSalesStep::Reopen { .. } => AfterSalesAction::Reopen,
        }
    }
}

/// Moves a request (CON-9); NOT_FOUND outside scope, CONFLICT on a stale
/// version or an illegal move, VALIDATION on a missing or bad field.
pub async fn step_after_sales(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    step: AfterSalesStep,
) -> DomainResult<AfterSalesView> {
    // Field checks first: a bad input is VALIDATION whatever the state.
    let text = match &step {
        AfterSalesStep::Respond { .. } => None,
        AfterSalesStep::Resolve { resolution } => {
            Some(required_text("resolution", resolution, 10000)?)
        }
        AfterSalesStep::Close { confirmed_by } => {
            Some(required_text("confirmedBy", confirmed_by, 200)?)
        }
        AfterSalesStep::Reopen { reason } => Some(required_text("reason", reason, 2000)?),
    };
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new("SELECT r.* FROM after_sales_requests r WHERE r.id = ");
    qb.push_bind(id);
    push_scope(&mut qb, &ctx.actor, Access::Write);
    qb.push(" FOR UPDATE OF r");
    let old: AfterSalesRequest =
        lock_current(&mut tx, &mut qb, version, "after-sales request").await?;
    let to = after_sales_transition(old.status, step.action())?;
    let mut q =
        QueryBuilder::new("UPDATE after_sales_requests SET version = version + 1, updated_at = ");
    q.push_bind(ctx.now)
        .push(", status = ")
        .push_bind(to.as_str());
    match &step {
        AfterSalesStep::Respond {
            handling,
            assignee_id,
        } => {
            let assignee = match assignee_id {
                Some(a) => {
                    let ok: bool = sqlx::query_scalar(
                        "SELECT EXISTS (SELECT 1 FROM users WHERE id = $1 AND active)",
                    )
                    .bind(a)
                    .fetch_one(&mut *tx)
                    .await?;
                    if !ok {
                        return Err(DomainError::validation("assigneeId", "no such active user"));
                    }
                    Some(*a)
                }
                None => ctx.actor.user_id,
            };
            q.push(", responded_at = ").push_bind(ctx.now);
            q.push(", handling = ").push_bind(handling.as_str());
            q.push(", assignee_id = ").push_bind(assignee);
        }
        AfterSalesStep::Resolve { .. } => {
            q.push(", resolution = ").push_bind(text.clone());
            q.push(", resolved_at = ").push_bind(ctx.now);
        }
        AfterSalesStep::Close { .. } => {
            q.push(", confirmed_by_customer = ").push_bind(text.clone());
            q.push(", closed_at = ").push_bind(ctx.now);
        }
        AfterSalesStep::Reopen { .. } => {
            q.push(", reopen_reason = ").push_bind(text.clone());
            q.push(", reopened_count = reopened_count + 1, resolved_at = NULL");
        }
    }
    q.push(" WHERE id = ")
        .push_bind(old.id)
        .push(" RETURNING *");
    let new: AfterSalesRequest = q.build_query_as().fetch_one(&mut *tx).await?;
    audit::record(
        &mut tx,
        ctx,
        "AFTER_SALES",
        new.id,
        step.action().as_str(),
        &audit::diff(&old, &new),
    )
    .await?;
    let v = view(&mut tx, new.id).await?;
    tx.commit().await?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: ResponseHours = ResponseHours {
        urgent: 4,
        high: 8,
        normal: 24,
        low: 72,
    };

    #[test]
    fn con9_respond_by_follows_the_priority() {
        let at: DateTime<Utc> = "2026-11-23T01:00:00Z".parse().unwrap();
        assert_eq!(
            respond_by(at, Priority::Urgent, &H) - at,
            Duration::hours(4)
        );
        assert_eq!(respond_by(at, Priority::Low, &H) - at, Duration::hours(72));
        assert!(response_overdue(None, at, at + Duration::seconds(1)));
        assert!(!response_overdue(None, at, at));
        assert!(!response_overdue(Some(at), at, at + Duration::hours(1)));
    }

    #[test]
    fn con9_response_hours_are_validated() {
        assert!(validate_response_hours(&H).is_ok());
        assert!(validate_response_hours(&ResponseHours { urgent: 0, ..H }).is_err());
        assert!(validate_response_hours(&ResponseHours { low: 721, ..H }).is_err());
        assert!(validate_response_hours(&ResponseHours { urgent: 10, ..H }).is_err());
    }

    #[test]
    fn con9_transitions() {
        use AfterSalesAction as A;
        use AfterSalesStatus::*;
        for (f, a, t) in [
            (Open, A::Respond, InProgress),
            (InProgress, A::Resolve, Resolved),
            (Resolved, A::Close, Closed),
            (Resolved, A::Reopen, InProgress),
        ] {
            assert_eq!(after_sales_transition(f, a).unwrap(), t, "{f} {a}");
        }
        for (f, a) in [
            (Open, A::Resolve),
            (Open, A::Close),
            (Open, A::Reopen),
            (InProgress, A::Close),
            (InProgress, A::Respond),
            (InProgress, A::Reopen),
            (Resolved, A::Respond),
            (Closed, A::Reopen),
            (Closed, A::Resolve),
        ] {
            assert!(after_sales_transition(f, a).is_err(), "{f} {a}");
        }
    }
}
