//! TGT-1, TGT-2 over GraphQL: targets, their decomposition check and
//! attainment from the facts (docs/targets.md). Reads follow ORG-3 like a
//! person's record: a rep their own, a supervisor or manager their units,
//! director / GM / admin everything; the rest is NOT_FOUND.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::targets::{
    self, Attainment as DAttainment, Gap as DGap, Period, Target as DTarget, TargetScope,
};

use crate::schema::common::id;

use crate::context::{actor, domain_ctx, state};
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::uuid;

/// TGT-1 metrics.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::targets::Metric")]
pub enum TargetMetric {
    /// Σ amount of contracts signed in the period (CNY).
    SignedRevenue,
    /// Σ receipts allocated to receivable items in the period (CNY).
    Collections,
    /// Σ (contract amount − accepted quote's cost) of contracts signed in
    /// the period (CNY).
    GrossProfit,
    /// Customers whose first contract was signed in the period (a count).
    NewCustomers,
}

/// TGT-1 periods: a year (number 1), a quarter (1–4), a month (1–12).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::targets::PeriodKind")]
pub enum TargetPeriodKind {
    Year,
    Quarter,
    Month,
}

/// TGT-1 scopes.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::targets::ScopeKind")]
pub enum TargetScopeKind {
    /// The whole company (no id).
    Company,
    /// A unit (its id).
    Unit,
    /// A person (their id).
    User,
}

/// How a target is decomposed.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::targets::Dimension")]
pub enum TargetDimension {
    /// To the child units and the unit's people, same period.
    Org,
    /// To the quarters of a year or the months of a quarter, same scope.
    Time,
}

/// What a fact behind an actual is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TargetFactKind {
    Contract,
    Receipt,
    Customer,
}

/// A target (TGT-1).
#[derive(SimpleObject)]
pub struct Target {
    pub id: ID,
    pub metric: TargetMetric,
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub scope_kind: TargetScopeKind,
    pub unit_id: Option<ID>,
    pub user_id: Option<ID>,
    /// CNY, 2 places; a whole number for NEW_CUSTOMERS.
    pub amount: Decimal,
    pub version: i32,
    pub created_by_id: Option<ID>,
    pub created_at: DateTime<Utc>,
    pub updated_by_id: Option<ID>,
    pub updated_at: DateTime<Utc>,
}

impl From<DTarget> for Target {
    fn from(t: DTarget) -> Self {
        let period = t.period();
        let scope = t.target_scope();
        Target {
            id: id(t.id),
            metric: t.metric.into(),
            period_kind: period.kind.into(),
            year: t.year,
            period_no: t.period_no,
            scope_kind: scope.kind().into(),
            unit_id: t.unit_id.map(id),
            user_id: t.user_id.map(id),
            amount: Decimal(t.amount),
            version: t.version,
            created_by_id: t.created_by.map(id),
            created_at: t.created_at,
            updated_by_id: t.updated_by.map(id),
            updated_at: t.updated_at,
        }
    }
}

/// A child without a target: a unit, a person, or a period of the scope.
#[derive(SimpleObject)]
pub struct TargetMissingChild {
    pub unit_id: Option<ID>,
    pub user_id: Option<ID>,
    pub period_kind: Option<TargetPeriodKind>,
    pub period_no: Option<i32>,
}

/// One parent target and how far its children cover it (TGT-1).
#[derive(SimpleObject)]
pub struct TargetGap {
    pub parent: Target,
    pub dimension: TargetDimension,
    pub children: Vec<Target>,
    pub children_sum: Decimal,
    /// parent − Σ children when positive, else 0.
    pub gap: Decimal,
    /// Σ children ≥ parent.
    pub covered: bool,
    pub missing: Vec<TargetMissingChild>,
}

impl From<DGap> for TargetGap {
    fn from(g: DGap) -> Self {
        TargetGap {
            covered: g.covered(),
            parent: g.parent.into(),
            dimension: g.dimension.into(),
            children: g.children.into_iter().map(Into::into).collect(),
            children_sum: Decimal(g.children_sum),
            gap: Decimal(g.gap),
            missing: g
                .missing
                .into_iter()
                .map(|m| TargetMissingChild {
                    unit_id: m.unit_id.map(id),
                    user_id: m.user_id.map(id),
                    period_kind: m.period.map(|p| p.kind.into()),
                    period_no: m.period.map(|p| p.no),
                })
                .collect(),
        }
    }
}

/// A fact an actual was computed from, with the amount it credits to the
/// scope (after CUS-3 shares).
#[derive(SimpleObject)]
pub struct AttainmentFact {
    pub kind: TargetFactKind,
    /// The contract, receipt or customer.
    pub id: ID,
    /// The day it counts on: signing day, ledger entry day, first signing.
    pub date: Date,
    pub amount: Decimal,
}

/// TGT-2 attainment of a scope in a period.
#[derive(SimpleObject)]
pub struct Attainment {
    pub scope_kind: TargetScopeKind,
    pub scope_id: Option<ID>,
    pub metric: TargetMetric,
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub from: Date,
    pub to: Date,
    /// Σ of the facts' amounts.
    pub actual: Decimal,
    /// The target's amount; null when none is set.
    pub target: Option<Decimal>,
    pub target_id: Option<ID>,
    /// actual ÷ target, 4 places (1.0500 = 105 %); null when the target is
    /// missing or 0.
    pub rate: Option<Decimal>,
    pub facts: Vec<AttainmentFact>,
}

impl From<DAttainment> for Attainment {
    fn from(a: DAttainment) -> Self {
        let (from, to) = a.period.range();
        Attainment {
            scope_kind: a.scope.kind().into(),
            scope_id: a.scope.unit_id().or(a.scope.user_id()).map(id),
            metric: a.metric.into(),
            period_kind: a.period.kind.into(),
            year: a.period.year,
            period_no: a.period.no,
            from: Date(from),
            to: Date(to),
            actual: Decimal(a.actual),
            target: a.target.map(Decimal),
            target_id: a.target_id.map(id),
            rate: a.rate.map(Decimal),
            facts: a
                .facts
                .into_iter()
                .map(|f| AttainmentFact {
                    kind: match f.kind {
                        "RECEIPT" => TargetFactKind::Receipt,
                        "CUSTOMER" => TargetFactKind::Customer,
                        _ => TargetFactKind::Contract,
                    },
                    id: id(f.id),
                    date: Date(f.date),
                    amount: Decimal(f.amount),
                })
                .collect(),
        }
    }
}

/// `setTarget`.
#[derive(InputObject)]
pub struct SetTargetInput {
    pub metric: TargetMetric,
    pub period_kind: TargetPeriodKind,
    /// 2000–2100.
    pub year: i32,
    /// 1 for a year, 1–4 for a quarter, 1–12 for a month.
    #[graphql(default = 1)]
    pub period_no: i32,
    pub scope_kind: TargetScopeKind,
    /// The unit (UNIT) or person (USER); none for COMPANY.
    pub scope_id: Option<ID>,
    /// ≥ 0, 2 places; a whole number for NEW_CUSTOMERS.
    pub amount: Decimal,
    /// The version read, to change an existing target; omit to create.
    pub version: Option<i32>,
}

fn scope(kind: TargetScopeKind, scope_id: &Option<ID>) -> ApiResult<TargetScope> {
    let id = scope_id.as_ref().map(|v| uuid("scopeId", v)).transpose()?;
    Ok(TargetScope::new(kind.into(), id)?)
}

#[derive(Default)]
pub struct TargetQuery;

#[Object]
impl TargetQuery {
    /// TGT-1: the targets of a year the caller may see, optionally of one
    /// metric, period kind, scope kind, unit (its subtree and people) or
    /// person; at most 5 000.
    #[allow(clippy::too_many_arguments)]
    async fn targets(
        &self,
        ctx: &Context<'_>,
        year: i32,
        metric: Option<TargetMetric>,
        period_kind: Option<TargetPeriodKind>,
        scope_kind: Option<TargetScopeKind>,
        unit_id: Option<ID>,
        user_id: Option<ID>,
    ) -> ApiResult<Vec<Target>> {
        let filter = targets::TargetFilter {
            year,
            metric: metric.map(Into::into),
            period_kind: period_kind.map(Into::into),
            scope: scope_kind.map(Into::into),
            unit_id: unit_id.as_ref().map(|v| uuid("unitId", v)).transpose()?,
            user_id: user_id.as_ref().map(|v| uuid("userId", v)).transpose()?,
        };
        let list = targets::list_targets(&state(ctx).pool, actor(ctx)?, &filter).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// TGT-1 decomposition: for each target of the year and metric the
    /// caller sees (with `unitId`, that unit's subtree and people), how far
    /// its children — child units and people, quarters and months — cover
    /// it: Σ children, the gap (parent − Σ children when positive) and the
    /// children without a target.
    async fn target_decomposition(
        &self,
        ctx: &Context<'_>,
        year: i32,
        metric: TargetMetric,
        unit_id: Option<ID>,
    ) -> ApiResult<Vec<TargetGap>> {
        let unit = unit_id.as_ref().map(|v| uuid("unitId", v)).transpose()?;
        let gaps = targets::decomposition(&state(ctx).pool, actor(ctx)?, year, metric.into(), unit)
            .await?;
        Ok(gaps.into_iter().map(Into::into).collect())
    }

    /// TGT-2: actual (from the facts, listed), target and rate of a scope
    /// in a period; NOT_FOUND for a scope out of sight.
    #[allow(clippy::too_many_arguments)]
    async fn attainment(
        &self,
        ctx: &Context<'_>,
        scope_kind: TargetScopeKind,
        scope_id: Option<ID>,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
        metric: TargetMetric,
    ) -> ApiResult<Attainment> {
        let scope = scope(scope_kind, &scope_id)?;
        let period = Period::new(period_kind.into(), year, period_no)?;
        let a = targets::attainment(&state(ctx).pool, actor(ctx)?, scope, period, metric.into())
            .await?;
        Ok(a.into())
    }
}

#[derive(Default)]
pub struct TargetMutation;

#[Object]
impl TargetMutation {
    /// TGT-1: sets the target of (metric, period, scope): creates it
    /// (without `version`) or changes its amount (with the version read).
    /// Director, GM and admin set every target; a unit head those of the
    /// units below theirs and of their people. Audited (TARGET).
    async fn set_target(&self, ctx: &Context<'_>, input: SetTargetInput) -> ApiResult<Target> {
        let dctx = domain_ctx(ctx)?;
        let new = targets::NewTarget {
            metric: input.metric.into(),
            period: Period::new(input.period_kind.into(), input.year, input.period_no)?,
            scope: scope(input.scope_kind, &input.scope_id)?,
            amount: input.amount.0,
            version: input.version,
        };
        let t = targets::set_target(&state(ctx).pool, &dctx, new).await?;
        Ok(t.into())
    }
}
