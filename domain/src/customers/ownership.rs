//! CUS-3 ownership: claim from the pool (first claim wins), release,
//! transfer by a manager; CUS-4 reclaim block for the previous owner.

use chrono::Duration;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::checks::{history, owner_unit};
use super::model::Customer;
use super::pool::{RECLAIM_BLOCK_DAYS, company_date};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Role, Scope};
use crate::versioned::lock_current;

fn owner_change(old: Option<Uuid>, new: Option<Uuid>) -> Vec<FieldChange> {
    vec![FieldChange {
        field: "owner_id".into(),
        old: serde_json::json!(old),
        new: serde_json::json!(new),
    }]
}

/// How long after a claim a losing claimer is told "already has an owner"
/// (CUS-3) rather than "not found" (ORG-3).
const CLAIM_RACE_SECS: i64 = 60;

/// Why a claim of `id` found nothing to update, as far as the caller may
/// know: `(owner, reclaim block)` of a customer they can see, or `None`.
///
/// ORG-3: a customer owned outside the caller's read scope answers like a
/// missing one — except one claimed from the public pool in the last
/// [`CLAIM_RACE_SECS`]: every rep could see it in the pool a moment ago, so
/// the concurrent loser learns nothing new from CUS-3's `CONFLICT`.
async fn claim_refusal(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
) -> DomainResult<Option<(Option<Uuid>, Option<chrono::NaiveDate>)>> {
    let mut qb = QueryBuilder::new(
        "SELECT c.owner_id, c.reclaim_block_until FROM customers c WHERE c.id = ",
    );
    qb.push_bind(id);
    qb.push(" AND ((TRUE");
    super::push_customer_scope(&mut qb, &ctx.actor, Access::Read);
    qb.push(") OR (SELECT h.reason = 'CLAIMED' AND h.at >= ");
    qb.push_bind(ctx.now - Duration::seconds(CLAIM_RACE_SECS));
    qb.push(
        " FROM customer_owner_history h WHERE h.customer_id = c.id ORDER BY h.at DESC, h.id DESC LIMIT 1))",
    );
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// Claims a pool customer in one statement: of concurrent claims exactly one
/// updates the row; the others find it owned (`CONFLICT`).
pub async fn claim_customer(pool: &PgPool, ctx: &Ctx, id: Uuid) -> DomainResult<Customer> {
    let me = ctx.actor.user_id.ok_or(DomainError::NotFound)?;
    if !ctx
        .actor
        .has_any(&[Role::SalesRep, Role::KeyAccountManager])
    {
        return Err(DomainError::Forbidden(
            "only sales reps and key account managers claim customers".into(),
        ));
    }
    let today = company_date(ctx.now);
    let mut tx = pool.begin().await?;
    let claimed: Option<Customer> = sqlx::query_as(
        "UPDATE customers c SET owner_id = $2, owner_unit_id = (SELECT unit_id FROM users WHERE id = $2),
            owned_since = $3, reclaim_block_user = NULL, reclaim_block_until = NULL,
            version = version + 1, updated_at = $3
         WHERE c.id = $1 AND c.owner_id IS NULL
           AND NOT (c.reclaim_block_user IS NOT DISTINCT FROM $2 AND c.reclaim_block_until > $4)
         RETURNING c.*",
    )
    .bind(id)
    .bind(me)
    .bind(ctx.now)
    .bind(today)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(c) = claimed else {
        drop(tx);
        return Err(match claim_refusal(pool, ctx, id).await? {
            None => DomainError::NotFound,
            Some((Some(_), _)) => {
                DomainError::conflict("the customer already has an owner (不得争抢)")
            }
            Some((None, until)) => DomainError::conflict(format!(
                "you released this customer; you may claim it back from {}",
                until.map(|d| d.to_string()).unwrap_or_default()
            )),
        });
    };
    history(&mut tx, ctx, id, Some(me), "CLAIMED").await?;
    audit::record(
        &mut tx,
        ctx,
        "CUSTOMER",
        id,
        "CLAIM",
        &owner_change(None, Some(me)),
    )
    .await?;
    tx.commit().await?;
    Ok(c)
}

/// Returns a customer to the pool; the owner may not claim it back for 30 days.
pub async fn release_customer(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Customer> {
    let mut tx = pool.begin().await?;
    let old = super::store::lock(&mut tx, &ctx.actor, id, Some(version)).await?;
    let Some(owner) = old.owner_id else {
        return Err(DomainError::conflict(
            "the customer is already in the public pool",
        ));
    };
    let until = company_date(ctx.now) + Duration::days(RECLAIM_BLOCK_DAYS);
    let new: Customer = sqlx::query_as(
        "UPDATE customers SET owner_id = NULL, owner_unit_id = NULL, owned_since = NULL,
            reclaim_block_user = $2, reclaim_block_until = $3, version = version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(owner)
    .bind(until)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    history(&mut tx, ctx, id, None, "RELEASED").await?;
    audit::record_diff(&mut tx, ctx, "CUSTOMER", id, "RELEASE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Managers only: sales managers within their subtree (and the pool),
/// the sales director, the general manager and admins anywhere.
pub async fn transfer_customer(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    to: Uuid,
) -> DomainResult<Customer> {
    let a = &ctx.actor;
    if a.read_only
        || !a.has_any(&[
            Role::SalesManager,
            Role::SalesDirector,
            Role::GeneralManager,
            Role::Admin,
        ])
    {
        return Err(DomainError::Forbidden(
            "only a manager may transfer a customer".into(),
        ));
    }
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new("SELECT c.* FROM customers c WHERE c.id = ");
    qb.push_bind(id).push(" AND (c.owner_id IS NULL OR (TRUE");
    Scope::of(a, crate::org::Resource::Customer, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push(")) FOR UPDATE");
    let old: Customer = lock_current(&mut tx, &mut qb, version, "customer").await?;
    let (user, unit) = owner_unit(&mut tx, a, to, "toUserId").await?;
    if old.owner_id == Some(user) {
        return Err(DomainError::validation("toUserId", "already the owner"));
    }
    let new: Customer = sqlx::query_as(
        "UPDATE customers SET owner_id = $2, owner_unit_id = $3, owned_since = $4, reclaim_block_user = NULL,
            reclaim_block_until = NULL, version = version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(user)
    .bind(unit)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    history(&mut tx, ctx, id, Some(user), "TRANSFERRED").await?;
    audit::record_diff(&mut tx, ctx, "CUSTOMER", id, "TRANSFER", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}
