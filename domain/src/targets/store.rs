//! TGT-1: setting and reading targets, within the ORG-3 scope.

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::tree::OrgTree;
use super::{Metric, Period, PeriodKind, ScopeKind, TARGET, Target, TargetScope, check_amount};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Actor, Resource, Scope};

/// What `setTarget` asks for. `version`: the version read, for a change of
/// an existing target; None to create one.
#[derive(Clone, Debug)]
pub struct NewTarget {
    pub metric: Metric,
    pub period: Period,
    pub scope: TargetScope,
    pub amount: Decimal,
    pub version: Option<i32>,
}

/// The read scope of targets: the `User` resource of ORG-3 — a rep their
/// own, a supervisor or manager their unit's subtree and its people,
/// director / GM / admin (and company-wide API tokens) everything.
pub fn read_scope(actor: &Actor) -> Scope {
    Scope::of(actor, Resource::User, Access::Read)
}

/// Whether the actor may read the targets and attainment of `scope`.
pub fn can_read(actor: &Actor, tree: &OrgTree, scope: TargetScope) -> bool {
    let s = read_scope(actor);
    if s.is_everything() {
        return true;
    }
    match scope {
        TargetScope::Company => false,
        TargetScope::Unit(u) => s.units.contains(&u),
        TargetScope::User(p) => {
            s.owner == Some(p) || tree.unit_of.get(&p).is_some_and(|u| s.units.contains(u))
        }
    }
}

/// Whether the actor sets targets at all: director, GM, admin, or the
/// head of a unit.
pub fn is_target_setter(actor: &Actor, tree: &OrgTree) -> bool {
    !actor.read_only
        && (actor.sees_everything()
            || actor
                .user_id
                .is_some_and(|me| !tree.headed_by(me).is_empty()))
}

/// Whether the actor may set the targets of `scope` (TGT-1).
pub fn can_set(actor: &Actor, tree: &OrgTree, scope: TargetScope) -> bool {
    if actor.read_only {
        return false;
    }
    if actor.sees_everything() {
        return true;
    }
    let Some(me) = actor.user_id else {
        return false;
    };
    match scope {
        TargetScope::Company => false,
        TargetScope::Unit(u) => tree.head_may_set_unit(me, u),
        TargetScope::User(p) => tree.head_may_set_user(me, p),
    }
}

/// NOT_FOUND for a unit or user that does not exist or that the actor
/// cannot see; VALIDATION for a unit target on the company's root unit.
pub fn check_scope(actor: &Actor, tree: &OrgTree, scope: TargetScope) -> DomainResult<()> {
    let exists = match scope {
        TargetScope::Company => true,
        TargetScope::Unit(u) => tree.parent.contains_key(&u),
        TargetScope::User(p) => tree.unit_of.contains_key(&p),
    };
    if !exists || !can_read(actor, tree, scope) {
        return Err(DomainError::NotFound);
    }
    if let TargetScope::Unit(u) = scope
        && tree.root() == Some(u)
    {
        return Err(DomainError::validation(
            "scopeId",
            "the company's own unit: use the COMPANY scope",
        ));
    }
    Ok(())
}

/// TGT-1 `setTarget`: creates the target of (metric, period, scope) or
/// changes its amount. FORBIDDEN for anyone but director / GM / admin and
/// unit heads, NOT_FOUND for a scope out of sight, FORBIDDEN for one the
/// actor sees but may not set (their own, their own unit), VALIDATION for
/// a negative or fractional amount or a period that does not exist, the
/// stale error for a version that is not the stored one (or a create of a
/// target that exists). Audited TARGET CREATE / UPDATE.
pub async fn set_target(pool: &PgPool, ctx: &Ctx, input: NewTarget) -> DomainResult<Target> {
    let tree = OrgTree::load(pool).await?;
    let actor = &ctx.actor;
    if !is_target_setter(actor, &tree) {
        return Err(DomainError::Forbidden(
            "targets are set by the director, the general manager, admins and unit heads".into(),
        ));
    }
    let amount = check_amount(input.metric, input.amount)?;
    check_scope(actor, &tree, input.scope)?;
    if !can_set(actor, &tree, input.scope) {
        return Err(DomainError::Forbidden(
            "a unit head sets the targets of the units below theirs and of their people, not their own"
                .into(),
        ));
    }
    let p = input.period;
    let mut tx = pool.begin().await?;
    let old: Option<Target> = sqlx::query_as(
        "SELECT * FROM targets WHERE metric = $1 AND period_kind = $2 AND year = $3 AND period_no = $4
            AND scope = $5 AND unit_id IS NOT DISTINCT FROM $6 AND user_id IS NOT DISTINCT FROM $7
            FOR UPDATE",
    )
    .bind(input.metric.as_str())
    .bind(p.kind.as_str())
    .bind(p.year)
    .bind(p.no)
    .bind(input.scope.kind().as_str())
    .bind(input.scope.unit_id())
    .bind(input.scope.user_id())
    .fetch_optional(&mut *tx)
    .await?;
    let new: Target = match (&old, input.version) {
        (Some(o), Some(v)) if o.version == v => {
            sqlx::query_as(
                "UPDATE targets SET amount = $2, version = version + 1, updated_by = $3, updated_at = $4
                  WHERE id = $1 RETURNING *",
            )
            .bind(o.id)
            .bind(amount)
            .bind(actor.user_id)
            .bind(ctx.now)
            .fetch_one(&mut *tx)
            .await?
        }
        (None, None) => {
            let r = sqlx::query_as(
                "INSERT INTO targets (id, metric, period_kind, year, period_no, scope, unit_id, user_id, amount,
                    created_by, created_at, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11) RETURNING *",
            )
            .bind(Uuid::now_v7())
            .bind(input.metric.as_str())
            .bind(p.kind.as_str())
            .bind(p.year)
            .bind(p.no)
            .bind(input.scope.kind().as_str())
            .bind(input.scope.unit_id())
            .bind(input.scope.user_id())
            .bind(amount)
            .bind(actor.user_id)
            .bind(ctx.now)
            .fetch_one(&mut *tx)
            .await;
            match r {
                Ok(t) => t,
                Err(e) if unique_violation(&e) == Some("targets_one_per_key") => {
                    return Err(DomainError::stale("target"));
                }
                Err(e) => return Err(e.into()),
            }
        }
        _ => return Err(DomainError::stale("target")),
    };
    let (action, changes) = match &old {
        None => ("CREATE", audit::created(&new)),
        Some(o) => ("UPDATE", audit::diff(o, &new)),
    };
    audit::record(&mut tx, ctx, TARGET, new.id, action, &changes).await?;
    tx.commit().await?;
    Ok(new)
}

/// The filter of `targets(...)`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TargetFilter {
    pub year: i32,
    pub metric: Option<Metric>,
    pub period_kind: Option<PeriodKind>,
    pub scope: Option<ScopeKind>,
    /// A unit's own targets and those of the units and people below it.
    pub unit_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
}

/// The targets the actor may see that match the filter, at most 5 000,
/// ordered by metric, scope, period.
pub async fn list_targets(
    pool: &PgPool,
    actor: &Actor,
    filter: &TargetFilter,
) -> DomainResult<Vec<Target>> {
    query_targets(pool, actor, filter, Some(5000)).await
}

/// The targets the actor may see that match the filter, at most `limit`
/// (all for the decomposition, which must not miss a child).
pub(crate) async fn query_targets(
    pool: &PgPool,
    actor: &Actor,
    filter: &TargetFilter,
    limit: Option<i64>,
) -> DomainResult<Vec<Target>> {
    crate::calendar::admin::check_year("year", filter.year)?;
    let mut qb = QueryBuilder::new(
        "SELECT t.* FROM targets t LEFT JOIN users tu ON tu.id = t.user_id WHERE t.year = ",
    );
    qb.push_bind(filter.year);
    if let Some(m) = filter.metric {
        qb.push(" AND t.metric = ").push_bind(m.as_str());
    }
    if let Some(k) = filter.period_kind {
        qb.push(" AND t.period_kind = ").push_bind(k.as_str());
    }
    if let Some(s) = filter.scope {
        qb.push(" AND t.scope = ").push_bind(s.as_str());
    }
    if let Some(u) = filter.unit_id {
        qb.push(
            " AND COALESCE(t.unit_id, tu.unit_id) IN (WITH RECURSIVE s AS (SELECT id FROM org_units WHERE id = ",
        );
        qb.push_bind(u);
        qb.push(" UNION ALL SELECT o.id FROM org_units o JOIN s ON o.parent_id = s.id) SELECT id FROM s)");
    }
    if let Some(u) = filter.user_id {
        qb.push(" AND t.user_id = ").push_bind(u);
    }
    read_scope(actor).push_filter(
        &mut qb,
        "t.user_id",
        "COALESCE(t.unit_id, tu.unit_id)",
        None,
    );
    qb.push(
        " ORDER BY t.metric, CASE t.scope WHEN 'COMPANY' THEN 0 WHEN 'UNIT' THEN 1 ELSE 2 END,
            t.unit_id NULLS FIRST, t.user_id NULLS FIRST,
            CASE t.period_kind WHEN 'YEAR' THEN 0 WHEN 'QUARTER' THEN 1 ELSE 2 END, t.period_no",
    );
    if let Some(n) = limit {
        qb.push(" LIMIT ").push_bind(n);
    }
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The target of a key, if set (the caller has checked the scope).
pub(crate) async fn find(
    pool: &PgPool,
    metric: Metric,
    period: Period,
    scope: TargetScope,
) -> DomainResult<Option<Target>> {
    Ok(sqlx::query_as(
        "SELECT * FROM targets WHERE metric = $1 AND period_kind = $2 AND year = $3 AND period_no = $4
            AND scope = $5 AND unit_id IS NOT DISTINCT FROM $6 AND user_id IS NOT DISTINCT FROM $7",
    )
    .bind(metric.as_str())
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(scope.kind().as_str())
    .bind(scope.unit_id())
    .bind(scope.user_id())
    .fetch_optional(pool)
    .await?)
}

/// A target by id, within the actor's read scope.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Target>> {
    let mut qb = QueryBuilder::new(
        "SELECT t.* FROM targets t LEFT JOIN users tu ON tu.id = t.user_id WHERE t.id = ",
    );
    qb.push_bind(id);
    read_scope(actor).push_filter(
        &mut qb,
        "t.user_id",
        "COALESCE(t.unit_id, tu.unit_id)",
        None,
    );
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// ORG-4: the trail of a TARGET is visible to whoever sees the target.
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    Ok(get(pool, actor, id).await?.is_some())
}
