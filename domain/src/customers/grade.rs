//! CUS-1 grade governance: the grade decides pool exemption (CUS-4) and
//! revisits (CUS-6), so a rep creates customers as GENERAL and does not
//! change grades; the owner's supervisor or above sets a grade, or decides
//! on a rep's request for one. Audited (`CUSTOMER`, `CUSTOMER_GRADE_REQUEST`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::model::{Customer, Grade};
use super::push_customer_scope;
use super::store::lock;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Actor, Role};
use crate::versioned::{check_version, lock_in_scope, versioned};

/// Audit entity of the requests.
pub const ENTITY: &str = "CUSTOMER_GRADE_REQUEST";

/// Who sets a customer's grade (within their write scope, so over the
/// owner): the owner's supervisor or above.
pub const GRADE_ROLES: [Role; 4] = [
    Role::Supervisor,
    Role::SalesManager,
    Role::SalesDirector,
    Role::GeneralManager,
];

/// CUS-1: whether `actor` may set a grade directly.
pub fn may_set_grade(actor: &Actor) -> bool {
    !actor.read_only && actor.has_any(&GRADE_ROLES)
}

/// CUS-1: a customer is created as GENERAL unless the creator may set
/// grades; a change of grade needs the same (FORBIDDEN otherwise, pointing
/// to `requestCustomerGrade`).
pub fn check_grade_change(actor: &Actor, from: Option<Grade>, to: Grade) -> DomainResult<()> {
    let change = match from {
        None => to != Grade::General,
        Some(f) => f != to,
    };
    if change && !may_set_grade(actor) {
        return Err(DomainError::Forbidden(
            "the grade decides pool exemption and revisits: a rep creates customers as GENERAL, \
             and the owner's supervisor or above sets another grade (requestCustomerGrade asks them)"
                .into(),
        ));
    }
    Ok(())
}

/// A rep's request for another grade, decided by the supervisor or above.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct GradeRequest {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub requested_by: Uuid,
    pub from_grade: crate::customers::model::Grade,
    pub to_grade: crate::customers::model::Grade,
    pub reason: String,
    /// PENDING, APPROVED or RETURNED.
    pub status: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

versioned!(GradeRequest);

fn reason_text(field: &str, v: &str) -> DomainResult<String> {
    let v = v.trim();
    let n = v.chars().count();
    if n == 0 || n > 500 {
        return Err(DomainError::validation(
            field,
            "must be 1 to 500 characters",
        ));
    }
    Ok(v.to_owned())
}

/// `requestCustomerGrade`: whoever may change the customer (its owner, …)
/// asks for `to` with a reason; one pending request per customer.
pub async fn request_grade(
    pool: &PgPool,
    ctx: &Ctx,
    customer: Uuid,
    to: Grade,
    reason: &str,
) -> DomainResult<GradeRequest> {
    let reason = reason_text("reason", reason)?;
    let me = ctx
        .actor
        .user_id
        .filter(|_| !ctx.actor.read_only)
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let c = lock(&mut tx, &ctx.actor, customer, None).await?;
    if c.grade == to {
        return Err(DomainError::validation(
            "grade",
            format!("the customer is already {to}"),
        ));
    }
    let row: GradeRequest = sqlx::query_as(
        "INSERT INTO customer_grade_requests (id, customer_id, requested_by, from_grade, to_grade, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(me)
    .bind(c.grade)
    .bind(to.as_str())
    .bind(&reason)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some("customer_grade_requests_one_pending") => {
            DomainError::conflict("the customer already has a pending grade request")
        }
        _ => e.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        ENTITY,
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// `decideCustomerGradeRequest`: the owner's supervisor or above (write
/// scope over the customer), never the requester, approves — the customer
/// takes the grade, audited — or returns it with a reason.
pub async fn decide_grade_request(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    approve: bool,
    reason: Option<&str>,
) -> DomainResult<GradeRequest> {
    let reason = match (approve, reason) {
        (false, r) => Some(reason_text("reason", r.unwrap_or(""))?),
        (true, Some(r)) if !r.trim().is_empty() => Some(reason_text("reason", r)?),
        (true, _) => None,
    };
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT r.* FROM customer_grade_requests r JOIN customers c ON c.id = r.customer_id WHERE r.id = ",
    );
    qb.push_bind(id);
    push_customer_scope(&mut qb, &ctx.actor, Access::Write);
    qb.push(" FOR UPDATE OF r");
    let old: GradeRequest = lock_in_scope(&mut tx, &mut qb).await?;
    if !may_set_grade(&ctx.actor) {
        return Err(DomainError::Forbidden(
            "the owner's supervisor or above decides on a grade request".into(),
        ));
    }
    if ctx.actor.user_id == Some(old.requested_by) {
        return Err(DomainError::Forbidden(
            "nobody decides on their own request".into(),
        ));
    }
    check_version(&old, version, "grade request")?;
    if old.status != "PENDING" {
        return Err(DomainError::conflict(format!(
            "the request is {}, not PENDING",
            old.status
        )));
    }
    let new: GradeRequest = sqlx::query_as(
        "UPDATE customer_grade_requests SET status = $2, decided_by = $3, decided_at = $4,
                decision_reason = $5, version = version + 1
          WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(if approve { "APPROVED" } else { "RETURNED" })
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, ENTITY, id, "DECIDE", &old, &new).await?;
    if approve {
        let before = lock(&mut tx, &ctx.actor, old.customer_id, None).await?;
        if before.grade != old.from_grade {
            return Err(DomainError::conflict(format!(
                "the customer's grade changed to {} since the request; return it and ask again",
                before.grade
            )));
        }
        let after: Customer = sqlx::query_as(
            "UPDATE customers SET grade = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING *",
        )
        .bind(old.customer_id)
        .bind(old.to_grade)
        .bind(ctx.now)
        .fetch_one(&mut *tx)
        .await?;
        audit::record_diff(
            &mut tx, ctx, "CUSTOMER", after.id, "UPDATE", &before, &after,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(new)
}

/// Grade requests within the caller's write scope over their customers
/// (a rep: their own customers'; a supervisor: the team's), newest first,
/// at most 200; the approvals inbox asks for `PENDING`.
pub async fn list_grade_requests(
    pool: &PgPool,
    actor: &Actor,
    status: Option<&str>,
    customer: Option<Uuid>,
) -> DomainResult<Vec<GradeRequest>> {
    let mut qb = QueryBuilder::new(
        "SELECT r.* FROM customer_grade_requests r JOIN customers c ON c.id = r.customer_id WHERE TRUE",
    );
    push_customer_scope(&mut qb, actor, Access::Write);
    if let Some(s) = status {
        qb.push(" AND r.status = ").push_bind(s.to_owned());
    }
    if let Some(c) = customer {
        qb.push(" AND r.customer_id = ").push_bind(c);
    }
    qb.push(" ORDER BY r.created_at DESC, r.id DESC LIMIT 200");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// ORG-4: the trail of a grade request is visible to whoever may read its
/// customer (ORG-3).
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    let mut qb = QueryBuilder::new(
        "SELECT EXISTS (SELECT 1 FROM customer_grade_requests r JOIN customers c ON c.id = r.customer_id WHERE r.id = ",
    );
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor, Access::Read);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: Some(Uuid::now_v7()),
            label: "t".into(),
            roles: vec![role],
            subtree: Vec::new(),
            read_only: false,
            token_units: None,
        }
    }

    #[test]
    fn cus1_reps_create_general_and_change_no_grade() {
        let rep = actor(Role::SalesRep);
        let sup = actor(Role::Supervisor);
        assert!(!may_set_grade(&actor(Role::KeyAccountManager)));
        assert!(!may_set_grade(&actor(Role::Admin)), "not in the sales line");
        assert!(check_grade_change(&rep, None, Grade::General).is_ok());
        assert!(check_grade_change(&rep, None, Grade::Strategic).is_err());
        assert!(check_grade_change(&rep, Some(Grade::General), Grade::Important).is_err());
        assert!(check_grade_change(&rep, Some(Grade::Important), Grade::General).is_err());
        assert!(check_grade_change(&rep, Some(Grade::Important), Grade::Important).is_ok());
        assert!(check_grade_change(&sup, None, Grade::Strategic).is_ok());
        assert!(check_grade_change(&sup, Some(Grade::General), Grade::Strategic).is_ok());
    }
}
