//! CUS-9 store: complaints read and changed within ORG-3 scope on
//! `Resource::Complaint`, judged on the customer (`c`), audited (`COMPLAINT`).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::{
    Channel, Complaint, ComplaintStatus, DEADLINE_SETTING, DeadlineHours, Severity,
    TransitionFields,
};
use crate::Ctx;
use crate::audit;
use crate::customers::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// ORG-3 on a record hanging off a customer `c`. Unlike customer reads, the
/// public pool is not included: a pool customer's complaints are seen by
/// customer service and the top only.
pub fn push_record_scope(
    qb: &mut QueryBuilder<Postgres>,
    actor: &Actor,
    resource: Resource,
    access: Access,
) {
    Scope::of(actor, resource, access).push_filter(qb, "c.owner_id", "c.owner_unit_id", None);
}

/// A complaint with the customer facts the API shows with it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ComplaintView {
    #[sqlx(flatten)]
    pub complaint: Complaint,
    pub customer_name: String,
    pub owner_id: Option<Uuid>,
}

pub struct NewComplaint {
    pub customer_id: Uuid,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    pub category: String,
    pub severity: Severity,
    pub description: String,
    pub responsible_unit_id: Option<Uuid>,
}

#[derive(Clone, Debug, Default)]
pub struct ComplaintFilter {
    pub customer_id: Option<Uuid>,
    pub status: Option<ComplaintStatus>,
    pub severity: Option<Severity>,
    /// Open and past the deadline at `now` (true), or not (false).
    pub overdue: Option<bool>,
    pub now: Option<DateTime<Utc>>,
}

const SELECT: &str = "SELECT k.*, c.name AS customer_name, c.owner_id";

fn push_where(qb: &mut QueryBuilder<Postgres>, actor: &Actor, f: &ComplaintFilter) {
    qb.push(" FROM complaints k JOIN customers c ON c.id = k.customer_id WHERE TRUE");
    push_record_scope(qb, actor, Resource::Complaint, Access::Read);
    if let Some(id) = f.customer_id {
        qb.push(" AND k.customer_id = ").push_bind(id);
    }
    if let Some(s) = f.status {
        qb.push(" AND k.status = ").push_bind(s.as_str());
    }
    if let Some(s) = f.severity {
        qb.push(" AND k.severity = ").push_bind(s.as_str());
    }
    if let (Some(overdue), Some(now)) = (f.overdue, f.now) {
        let open = "k.status IN ('RECEIVED', 'INVESTIGATING') AND k.deadline_at < ";
        qb.push(if overdue { " AND (" } else { " AND NOT (" })
            .push(open)
            .push_bind(now)
            .push(")");
    }
}

use crate::text::required as text;
use crate::versioned::lock_current;

async fn check_unit(conn: &mut PgConnection, unit: Uuid) -> DomainResult<()> {
    let ok: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1 AND active)")
            .bind(unit)
            .fetch_one(&mut *conn)
            .await?;
    if !ok {
        return Err(DomainError::validation(
            "responsibleUnitId",
            "no such active unit",
        ));
    }
    Ok(())
}

async fn view(conn: &mut PgConnection, id: Uuid) -> DomainResult<ComplaintView> {
    Ok(sqlx::query_as(
        "SELECT k.*, c.name AS customer_name, c.owner_id FROM complaints k
         JOIN customers c ON c.id = k.customer_id WHERE k.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?)
}

/// CUS-9: records a complaint against a customer the actor may handle
/// complaints of (NOT_FOUND otherwise).
pub async fn record_complaint(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewComplaint,
) -> DomainResult<ComplaintView> {
    if input.received_at > ctx.now {
        return Err(DomainError::validation(
            "receivedAt",
            "cannot be in the future",
        ));
    }
    let category = text("category", &input.category, 100)?;
    let description = text("description", &input.description, 5000)?;
    let hours: DeadlineHours = settings::get(pool, DEADLINE_SETTING).await?;
    let deadline_at = super::deadline(input.received_at, input.severity, &hours);
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new("SELECT c.id FROM customers c WHERE c.id = ");
    qb.push_bind(input.customer_id);
    push_record_scope(&mut qb, &ctx.actor, Resource::Complaint, Access::Write);
    let found: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *tx).await?;
    if found.is_none() {
        return Err(DomainError::NotFound);
    }
    if let Some(unit) = input.responsible_unit_id {
        check_unit(&mut tx, unit).await?;
    }
    let created_by = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let row: Complaint = sqlx::query_as(
        "INSERT INTO complaints (id, customer_id, channel, received_at, category, severity, description,
                                 deadline_at, responsible_unit_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(input.customer_id)
    .bind(input.channel.as_str())
    .bind(input.received_at)
    .bind(&category)
    .bind(input.severity.as_str())
    .bind(&description)
    .bind(deadline_at)
    .bind(input.responsible_unit_id)
    .bind(created_by)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "COMPLAINT",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    let v = view(&mut tx, row.id).await?;
    tx.commit().await?;
    Ok(v)
}

/// One complaint, if the actor's scope reaches it.
pub async fn get_complaint(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<ComplaintView>> {
    let mut qb = QueryBuilder::new(SELECT);
    push_where(&mut qb, actor, &ComplaintFilter::default());
    qb.push(" AND k.id = ").push_bind(id);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// Complaints in scope, newest received first.
pub async fn list_complaints(
    pool: &PgPool,
    actor: &Actor,
    filter: &ComplaintFilter,
    req: &PageRequest,
) -> DomainResult<Page<ComplaintView>> {
    let sort = SortKey {
        expr: "k.received_at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb = QueryBuilder::new(format!("{SELECT}, {}::text AS sort_key", sort.expr));
    push_where(&mut qb, actor, filter);
    page::push_keyset(&mut qb, "k.id", sort, req);
    let rows: Vec<Keyed<ComplaintView>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |v| v.complaint.id, req))
}

pub async fn count_complaints(
    pool: &PgPool,
    actor: &Actor,
    filter: &ComplaintFilter,
) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*)");
    push_where(&mut qb, actor, filter);
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// CUS-9 escalation list: open complaints past their deadline at `as_of`,
/// earliest deadline first (the partial index `complaints_open_deadline_idx`).
pub async fn overdue_complaints(
    pool: &PgPool,
    actor: &Actor,
    as_of: DateTime<Utc>,
    req: &PageRequest,
) -> DomainResult<Page<ComplaintView>> {
    let sort = SortKey {
        expr: "k.deadline_at",
        sql_type: "timestamptz",
        descending: false,
    };
    let mut qb = QueryBuilder::new(format!("{SELECT}, {}::text AS sort_key", sort.expr));
    let filter = ComplaintFilter {
        overdue: Some(true),
        now: Some(as_of),
        ..Default::default()
    };
    push_where(&mut qb, actor, &filter);
    page::push_keyset(&mut qb, "k.id", sort, req);
    let rows: Vec<Keyed<ComplaintView>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |v| v.complaint.id, req))
}

/// A step of the state machine (`start`, `resolve`, `close`).
pub struct ComplaintStep {
    pub id: Uuid,
    pub version: i32,
    pub to: ComplaintStatus,
    pub fields: TransitionFields,
    /// Starting the investigation may (re)assign the responsible unit.
    pub responsible_unit_id: Option<Uuid>,
}

/// Moves a complaint one step (CUS-9); NOT_FOUND outside scope, CONFLICT on a
/// stale version or an illegal move, VALIDATION on a missing field.
pub async fn step_complaint(
    pool: &PgPool,
    ctx: &Ctx,
    step: ComplaintStep,
) -> DomainResult<ComplaintView> {
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT k.* FROM complaints k JOIN customers c ON c.id = k.customer_id WHERE k.id = ",
    );
    qb.push_bind(step.id);
    push_record_scope(&mut qb, &ctx.actor, Resource::Complaint, Access::Write);
    qb.push(" FOR UPDATE OF k");
    let old: Complaint = lock_current(&mut tx, &mut qb, step.version, "complaint").await?;
    super::complaint_transition(old.status, step.to, &step.fields)?;
    if let Some(unit) = step.responsible_unit_id {
        check_unit(&mut tx, unit).await?;
    }
    let f = &step.fields;
    let trim = |s: &Option<String>| s.as_deref().map(|s| s.trim().to_owned());
    let new: Complaint = sqlx::query_as(
        "UPDATE complaints SET status = $2,
                responsible_unit_id = COALESCE($3, responsible_unit_id),
                cause = COALESCE($4, cause), solution = COALESCE($5, solution),
                reply = COALESCE($6, reply), outcome_satisfaction = COALESCE($7, outcome_satisfaction),
                resolved_at = CASE WHEN $2 = 'RESOLVED' THEN $8 ELSE resolved_at END,
                closed_at = CASE WHEN $2 = 'CLOSED' THEN $8 ELSE closed_at END,
                version = version + 1, updated_at = $8
         WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(step.to.as_str())
    .bind(step.responsible_unit_id)
    .bind(if step.to == ComplaintStatus::Resolved { trim(&f.cause) } else { None })
    .bind(if step.to == ComplaintStatus::Resolved { trim(&f.solution) } else { None })
    .bind(if step.to == ComplaintStatus::Closed { trim(&f.reply) } else { None })
    .bind(if step.to == ComplaintStatus::Closed { f.outcome_satisfaction.map(|s| s as i16) } else { None })
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(
        &mut tx,
        ctx,
        "COMPLAINT",
        new.id,
        step.to.as_str(),
        &old,
        &new,
    )
    .await?;
    let v = view(&mut tx, new.id).await?;
    tx.commit().await?;
    Ok(v)
}
