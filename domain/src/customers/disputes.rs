//! CUS-3 ownership disputes: a rep opens one, the sales manager (or the
//! director / general manager) decides the owner and the performance shares.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::checks::history;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Actor, Resource, Role, Scope};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Dispute {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub opened_by: Uuid,
    pub reason: String,
    pub status: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub owner_id: Option<Uuid>,
    pub decision: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Share {
    pub user_id: Uuid,
    pub share: Decimal,
}

/// Any sales rep or key account manager may open a dispute on an owned
/// customer whose id they know (from the CUS-2 duplicate check, which shows
/// every customer's id, name and owner); one open dispute per customer.
pub async fn open_dispute(
    pool: &PgPool,
    ctx: &Ctx,
    customer: Uuid,
    reason: &str,
) -> DomainResult<Dispute> {
    let me = ctx.actor.user_id.ok_or(DomainError::NotFound)?;
    if !ctx
        .actor
        .has_any(&[Role::SalesRep, Role::KeyAccountManager])
    {
        return Err(DomainError::Forbidden(
            "only sales reps and key account managers open disputes".into(),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(DomainError::validation(
            "reason",
            "must be 1 to 2000 characters",
        ));
    }
    let mut tx = pool.begin().await?;
    let owner: Option<Option<Uuid>> =
        sqlx::query_scalar("SELECT owner_id FROM customers WHERE id = $1 FOR SHARE")
            .bind(customer)
            .fetch_optional(&mut *tx)
            .await?;
    match owner {
        None => return Err(DomainError::NotFound),
        Some(None) => {
            return Err(DomainError::conflict(
                "the customer is in the public pool: claim it instead",
            ));
        }
        Some(Some(_)) => {}
    }
    let d = sqlx::query_as::<_, Dispute>(
        "INSERT INTO ownership_disputes (id, customer_id, opened_by, reason, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(me)
    .bind(reason)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await;
    let d = match d {
        Ok(d) => d,
        Err(e) if unique_violation(&e) == Some("ownership_disputes_one_open") => {
            return Err(DomainError::conflict(
                "this customer already has an open dispute",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &mut tx,
        ctx,
        "OWNERSHIP_DISPUTE",
        d.id,
        "CREATE",
        &audit::created(&d),
    )
    .await?;
    tx.commit().await?;
    Ok(d)
}

/// CUS-3: shares are positive, sum to exactly 100, name distinct active
/// reps or key account managers, and include the owner.
pub fn check_shares(owner: Uuid, shares: &[Share]) -> DomainResult<()> {
    if shares.is_empty() {
        return Err(DomainError::validation("shares", "give at least one share"));
    }
    if shares
        .iter()
        .any(|s| s.share <= Decimal::ZERO || s.share.scale() > 2)
    {
        return Err(DomainError::validation(
            "shares",
            "each share is above 0 with at most 2 decimal places",
        ));
    }
    if shares.iter().map(|s| s.share).sum::<Decimal>() != Decimal::from(100) {
        return Err(DomainError::validation(
            "shares",
            "the shares must sum to exactly 100",
        ));
    }
    let mut users: Vec<Uuid> = shares.iter().map(|s| s.user_id).collect();
    users.sort();
    users.dedup();
    if users.len() != shares.len() {
        return Err(DomainError::validation(
            "shares",
            "each person appears once",
        ));
    }
    if !users.contains(&owner) {
        return Err(DomainError::validation(
            "ownerId",
            "the owner must be among the shares",
        ));
    }
    Ok(())
}

pub async fn decide_dispute(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    owner: Uuid,
    shares: Vec<Share>,
    decision: Option<String>,
) -> DomainResult<Dispute> {
    let a = &ctx.actor;
    if a.read_only
        || !a.has_any(&[
            Role::SalesManager,
            Role::SalesDirector,
            Role::GeneralManager,
        ])
    {
        return Err(DomainError::Forbidden(
            "only the sales manager or the director decides disputes".into(),
        ));
    }
    let decision = super::checks::check_len("decision", &decision, 2000)?;
    check_shares(owner, &shares)?;
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT d.* FROM ownership_disputes d JOIN customers c ON c.id = d.customer_id WHERE d.id = ",
    );
    qb.push_bind(id);
    Scope::of(a, Resource::Customer, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push(" FOR UPDATE OF d, c");
    let old: Dispute = qb
        .build_query_as()
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    if old.status != "OPEN" {
        return Err(DomainError::conflict("the dispute is already decided"));
    }
    let ids: Vec<Uuid> = shares.iter().map(|s| s.user_id).collect();
    let ok: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM users WHERE id = ANY($1) AND active
           AND (primary_role IN ('SALES_REP', 'KEY_ACCOUNT_MANAGER') OR extra_roles && ARRAY['SALES_REP', 'KEY_ACCOUNT_MANAGER'])",
    )
    .bind(&ids)
    .fetch_one(&mut *tx)
    .await?;
    if ok != ids.len() as i64 {
        return Err(DomainError::validation(
            "shares",
            "every share goes to an active sales rep or key account manager",
        ));
    }
    for s in &shares {
        sqlx::query("INSERT INTO performance_shares (customer_id, user_id, share, dispute_id, valid_from) VALUES ($1, $2, $3, $4, $5)")
            .bind(old.customer_id)
            .bind(s.user_id)
            .bind(s.share)
            .bind(id)
            .bind(ctx.now)
            .execute(&mut *tx)
            .await?;
    }
    let new: Dispute = sqlx::query_as(
        "UPDATE ownership_disputes SET status = 'DECIDED', decided_by = $2, decided_at = $3, owner_id = $4, decision = $5,
            version = version + 1 WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(a.user_id)
    .bind(ctx.now)
    .bind(owner)
    .bind(&decision)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE customers SET owner_unit_id = (SELECT unit_id FROM users WHERE id = $2),
            owned_since = CASE WHEN owner_id = $2 THEN owned_since ELSE $3 END, owner_id = $2,
            version = version + 1, updated_at = $3 WHERE id = $1",
    )
    .bind(old.customer_id)
    .bind(owner)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    history(&mut tx, ctx, old.customer_id, Some(owner), "DISPUTE").await?;
    audit::record_diff(&mut tx, ctx, "OWNERSHIP_DISPUTE", id, "DECIDE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Disputes the actor opened or whose customer is in their write scope.
pub async fn list_disputes(
    pool: &PgPool,
    actor: &Actor,
    status: Option<&str>,
) -> DomainResult<Vec<Dispute>> {
    let mut qb = QueryBuilder::new(
        "SELECT d.* FROM ownership_disputes d JOIN customers c ON c.id = d.customer_id WHERE (d.opened_by IS NOT DISTINCT FROM ",
    );
    qb.push_bind(actor.user_id).push(" OR (TRUE");
    Scope::of(actor, Resource::Customer, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push("))");
    if let Some(s) = status {
        qb.push(" AND d.status = ").push_bind(s.to_owned());
    }
    qb.push(" ORDER BY d.created_at DESC, d.id DESC LIMIT 200");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The shares decided for disputes, as (dispute id, share).
pub async fn shares_of(pool: &PgPool, disputes: &[Uuid]) -> DomainResult<Vec<(Uuid, Share)>> {
    let rows: Vec<(Uuid, Uuid, Decimal)> = sqlx::query_as(
        "SELECT dispute_id, user_id, share FROM performance_shares WHERE dispute_id = ANY($1) ORDER BY share DESC, user_id",
    )
    .bind(disputes.to_vec())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, user_id, share)| (d, Share { user_id, share }))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(u: Uuid, v: &str) -> Share {
        Share {
            user_id: u,
            share: v.parse().unwrap(),
        }
    }

    #[test]
    fn cus3_shares_sum_to_100_and_include_the_owner() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert!(check_shares(a, &[s(a, "60"), s(b, "40")]).is_ok());
        assert!(check_shares(a, &[s(a, "60.5"), s(b, "39.5")]).is_ok());
        assert!(check_shares(a, &[s(a, "60"), s(b, "30")]).is_err());
        assert!(check_shares(a, &[s(a, "100"), s(b, "0")]).is_err());
        assert!(check_shares(a, &[s(b, "100")]).is_err());
        assert!(check_shares(a, &[s(a, "50"), s(a, "50")]).is_err());
        assert!(check_shares(a, &[]).is_err());
    }
}
