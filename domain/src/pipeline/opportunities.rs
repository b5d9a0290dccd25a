//! PIP-2: opportunities — create (also on a lead's qualification, on the
//! caller's transaction), update, stage moves past their gates, `LOST`,
//! stage history; reads scoped by ORG-3 with the project team (PIP-4).

mod moves;
mod query;
mod team;

pub(crate) use moves::won_by_contract;
pub use moves::{
    StageHistoryRow, StageTime, lost, move_stage, stage_history, stage_times, time_in_stages,
};
pub use query::{
    OpportunityFilter, OpportunityOrder, by_ids, count, get, list, push_opportunity_scope,
};
pub use team::{
    TeamMember, TeamRole, remove_team_member, required_company_role, set_team_member, team,
    team_complete,
};
pub(crate) use team::{incomplete_team, require_role_holder};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::stages::{self, Stage, StageProbabilities};
use crate::Ctx;
use crate::audit;
use crate::customers::push_customer_scope;
use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::org::{Access, Role};
use crate::versioned::{lock_current, versioned};

/// An opportunity (PIP-2). `probability` is the per-opportunity override;
/// `None` means the stage default (see [`effective_probability`]).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Opportunity {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub name: String,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub stage: crate::pipeline::stages::Stage,
    pub probability: Option<i16>,
    pub amount: Decimal,
    pub currency: String,
    pub expected_close_date: Option<NaiveDate>,
    pub complex: bool,
    pub source_lead_id: Option<Uuid>,
    pub lost_reason: Option<String>,
    pub lost_competitor: Option<String>,
    pub stage_changed_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(Opportunity);

impl Opportunity {
    /// The override, or the stage default under `probabilities`.
    pub fn effective_probability(&self, probabilities: &StageProbabilities) -> i16 {
        match self.stage {
            Stage::Won => 100,
            Stage::Lost => 0,
            s => self
                .probability
                .unwrap_or_else(|| stages::default_probability(probabilities, s)),
        }
    }

    /// PIP-2 "has not moved for N days": whole company-calendar days since
    /// the last stage change (0 on the day it moved). `None` once closed.
    pub fn stalled_days(&self, now: DateTime<Utc>) -> Option<i64> {
        if self.stage.is_final() {
            return None;
        }
        let today = crate::clock::company_date(now);
        let moved = crate::clock::company_date(self.stage_changed_at);
        Some((today - moved).num_days().max(0))
    }
}

/// A new opportunity.
#[derive(Clone, Debug)]
pub struct NewOpportunity {
    pub customer_id: Uuid,
    pub name: String,
    pub amount: Decimal,
    /// ISO 4217 code; `None` is CNY.
    pub currency: Option<String>,
    pub expected_close_date: Option<NaiveDate>,
    pub complex: bool,
    pub source_lead_id: Option<Uuid>,
    /// The owner; `None` is the actor. Someone else must be an active user
    /// within the actor's unit subtree (a manager qualifying a rep's lead
    /// keeps the rep as owner), else NOT_FOUND.
    pub owner_id: Option<Uuid>,
}

/// Changes to an opportunity's fields; `None` leaves a field as it is,
/// `Some(None)` clears it (the probability back to the stage default).
#[derive(Clone, Debug, Default)]
pub struct OpportunityPatch {
    pub id: Uuid,
    pub version: i32,
    pub name: Option<String>,
    pub amount: Option<Decimal>,
    pub expected_close_date: Option<Option<NaiveDate>>,
    pub complex: Option<bool>,
    pub probability: Option<Option<i32>>,
}

/// Who may own (and so create) opportunities: the sales line.
const SALES: &[Role] = &[
    Role::Admin,
    Role::GeneralManager,
    Role::SalesDirector,
    Role::SalesManager,
    Role::Supervisor,
    Role::SalesRep,
    Role::KeyAccountManager,
];

/// An opportunity name: 1–200 characters after trimming.
pub(crate) fn check_name(name: &str) -> DomainResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(DomainError::validation(
            "name",
            "must be 1 to 200 characters",
        ));
    }
    Ok(name.to_owned())
}

/// An amount: not negative, at most 14 digits and 2 decimal places
/// (`numeric(16, 2)`).
pub(crate) fn check_amount(v: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount("amount", v, Sign::NonNegative)
}

/// An ISO 4217 code; CNY when not given.
fn check_currency(v: &Option<String>) -> DomainResult<String> {
    crate::money::check_currency(v.as_deref())
}

/// Creates an opportunity (mutation `createOpportunity`) in its own
/// transaction; see [`create_in_tx`].
pub async fn create(pool: &PgPool, ctx: &Ctx, input: &NewOpportunity) -> DomainResult<Opportunity> {
    let mut tx = pool.begin().await?;
    let o = create_in_tx(&mut tx, ctx, input).await?;
    tx.commit().await?;
    Ok(o)
}

/// Creates an opportunity owned by the actor (must be a user of the sales
/// line), or by `owner_id` within the actor's subtree, in EVALUATION, on the caller's transaction: checks the customer is
/// within the actor's customer read scope (else NotFound), validates, writes
/// stage history (from NULL to EVALUATION) and the audit entry.
pub async fn create_in_tx(
    conn: &mut PgConnection,
    ctx: &Ctx,
    input: &NewOpportunity,
) -> DomainResult<Opportunity> {
    let actor = &ctx.actor;
    let user = actor.user_id.filter(|_| !actor.read_only).ok_or_else(|| {
        DomainError::Forbidden("only a signed-in user may create opportunities".into())
    })?;
    if !actor.has_any(SALES) {
        return Err(DomainError::Forbidden(
            "only sales staff may create opportunities".into(),
        ));
    }
    let name = check_name(&input.name)?;
    let amount = check_amount(input.amount)?;
    let currency = check_currency(&input.currency)?;
    let mut qb = QueryBuilder::new("SELECT c.id FROM customers c WHERE c.id = ");
    qb.push_bind(input.customer_id);
    push_customer_scope(&mut qb, actor, Access::Read);
    let visible: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
    if visible.is_none() {
        return Err(DomainError::NotFound);
    }
    let owner = input.owner_id.unwrap_or(user);
    let unit: Option<Uuid> =
        sqlx::query_scalar("SELECT unit_id FROM users WHERE id = $1 AND active")
            .bind(owner)
            .fetch_optional(&mut *conn)
            .await?;
    let unit = match unit {
        Some(u) if owner == user || actor.sees_everything() || actor.subtree.contains(&u) => u,
        _ => return Err(DomainError::NotFound),
    };
    let id = Uuid::now_v7();
    let o: Opportunity = sqlx::query_as(
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount, currency,
            expected_close_date, complex, source_lead_id, stage_changed_at, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'EVALUATION', $6, $7, $8, $9, $10, $11, $12, $11, $11)
         RETURNING *",
    )
    .bind(id)
    .bind(input.customer_id)
    .bind(&name)
    .bind(owner)
    .bind(unit)
    .bind(amount)
    .bind(&currency)
    .bind(input.expected_close_date)
    .bind(input.complex)
    .bind(input.source_lead_id)
    .bind(ctx.now)
    .bind(user)
    .fetch_one(&mut *conn)
    .await?;
    moves::write_history(conn, ctx, id, None, Stage::Evaluation, None).await?;
    audit::record(conn, ctx, "OPPORTUNITY", id, "CREATE", &audit::created(&o)).await?;
    Ok(o)
}

/// Locks an opportunity within the actor's write scope (the owner, managers
/// over its unit, top roles) and checks its version.
pub(crate) async fn lock(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: Option<i32>,
) -> DomainResult<Opportunity> {
    let mut qb = QueryBuilder::new("SELECT o.* FROM opportunities o WHERE o.id = ");
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, &ctx.actor, Access::Write);
    qb.push(" FOR UPDATE");
    lock_current(conn, &mut qb, version, "opportunity").await
}

/// Whether a write-scope miss is "not visible at all" (NOT_FOUND) or
/// "visible but not yours to change" (FORBIDDEN): a team member may read
/// but not change the opportunity.
pub(crate) async fn lock_or_forbid(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: Option<i32>,
) -> DomainResult<Opportunity> {
    match lock(conn, ctx, id, version).await {
        Err(DomainError::NotFound) => {
            let mut qb = QueryBuilder::new("SELECT o.id FROM opportunities o WHERE o.id = ");
            qb.push_bind(id);
            push_opportunity_scope(&mut qb, &ctx.actor, Access::Read);
            let seen: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
            Err(match seen {
                Some(_) => DomainError::Forbidden(
                    "only the owner or a manager over the unit may change this opportunity".into(),
                ),
                None => DomainError::NotFound,
            })
        }
        other => other,
    }
}

/// Updates an opportunity's fields (mutation `updateOpportunity`).
pub async fn update(pool: &PgPool, ctx: &Ctx, p: OpportunityPatch) -> DomainResult<Opportunity> {
    let name = p.name.as_deref().map(check_name).transpose()?;
    let amount = p.amount.map(check_amount).transpose()?;
    let probability = p.probability.map(stages::check_probability).transpose()?;
    let mut tx = pool.begin().await?;
    let old = lock_or_forbid(&mut tx, ctx, p.id, Some(p.version)).await?;
    if old.stage.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {} and can no longer be changed",
            old.stage
        )));
    }
    let mut c = old.clone();
    if let Some(n) = name {
        c.name = n;
    }
    if let Some(a) = amount {
        c.amount = a;
    }
    if let Some(d) = p.expected_close_date {
        c.expected_close_date = d;
    }
    if let Some(x) = p.complex {
        c.complex = x;
    }
    if let Some(pr) = probability {
        c.probability = pr;
    }
    if c.amount > old.amount || (c.complex && !old.complex) {
        let field = if c.amount > old.amount {
            "amount"
        } else {
            "complex"
        };
        team::require_complete_team(&mut tx, &c, field).await?;
    }
    let new: Opportunity = sqlx::query_as(
        "UPDATE opportunities SET name = $2, amount = $3, expected_close_date = $4, complex = $5,
            probability = $6, version = version + 1, updated_at = $7
         WHERE id = $1 RETURNING *",
    )
    .bind(c.id)
    .bind(&c.name)
    .bind(c.amount)
    .bind(c.expected_close_date)
    .bind(c.complex)
    .bind(c.probability)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "OPPORTUNITY", new.id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// The `stage_probabilities` setting (PIP-2).
pub async fn probabilities(pool: &PgPool) -> DomainResult<StageProbabilities> {
    crate::customers::settings::get(pool, "stage_probabilities").await
}
