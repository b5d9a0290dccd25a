//! Dashboards over GraphQL (docs/dashboards.md): the assessment
//! leaderboard, attainment by unit tree and the monthly trend of one KPI.
//! Reads follow ORG-3 like a person's record: a rep their own, a
//! supervisor or manager their unit's subtree, director / GM / admin
//! everything; a unit or person out of sight is NOT_FOUND.

use crate::schema::org::loaders::org_loaders;
use async_graphql::{ComplexObject, Context, ID, Object, SimpleObject};
use chrono::{Datelike, NaiveDate};
use salesd_domain::kpi::dashboards::{
    self, Figures, LeaderboardEntry as DEntry, TreeNode, TrendPoint as DPoint, TrendSubject,
};
use salesd_domain::targets::Period;
use uuid::Uuid;

use crate::context::{actor, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::Decimal;
use crate::schema::common::id;
use crate::schema::common::uuid;
use crate::schema::kpi::types::AssessmentKpi;
use crate::schema::org::types::{OrgUnitNode, PersonNode, person};
use crate::schema::targets::{TargetMetric, TargetPeriodKind};

async fn unit_node(ctx: &Context<'_>, unit: Uuid) -> ApiResult<Option<OrgUnitNode>> {
    let loaders = org_loaders(ctx);
    Ok(loaders.units.load_one(unit).await?.map(OrgUnitNode))
}

/// One line of the leaderboard.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct LeaderboardEntry {
    /// The assessment result.
    pub result_id: ID,
    pub scheme_id: ID,
    /// Within this list by total (ties share a rank: 1, 2, 2, 4).
    pub rank: i32,
    /// Within the person's unit, as the run stored it (KPI-3).
    pub rank_in_unit: i32,
    /// People ranked in that unit.
    pub unit_size: i32,
    /// S, A, B, C or D (KPI-3); null when nothing could be assessed (every
    /// KPI without data, KPI-2).
    pub grade: Option<String>,
    /// Σ weighted scores.
    pub total: Decimal,
    /// Every KPI had a target.
    pub complete: bool,
    #[graphql(skip)]
    pub user_id: Uuid,
    #[graphql(skip)]
    pub unit_id: Uuid,
}

#[ComplexObject]
impl LeaderboardEntry {
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.user_id)).await
    }
    /// The person's unit when assessed.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        unit_node(ctx, self.unit_id).await
    }
}

impl From<DEntry> for LeaderboardEntry {
    fn from(e: DEntry) -> Self {
        LeaderboardEntry {
            result_id: id(e.result_id),
            scheme_id: id(e.scheme_id),
            rank: i32::try_from(e.rank).unwrap_or(i32::MAX),
            rank_in_unit: e.rank_in_unit,
            unit_size: e.unit_size,
            grade: e.grade,
            total: Decimal(e.total),
            complete: e.complete,
            user_id: e.user_id,
            unit_id: e.unit_id,
        }
    }
}

/// A person directly in a unit of the attainment tree.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AttainmentPerson {
    /// The person's TGT-1 target; null when unset.
    pub target: Option<Decimal>,
    /// As `attainment(USER)` computes it.
    pub actual: Decimal,
    /// actual ÷ target, 4 places; null without a (non-zero) target.
    pub rate: Option<Decimal>,
    /// target − actual when positive, else 0; null without a target.
    pub gap: Option<Decimal>,
    #[graphql(skip)]
    pub user_id: Uuid,
}

#[ComplexObject]
impl AttainmentPerson {
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.user_id)).await
    }
}

/// A unit of the attainment tree with its subtree's figures.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AttainmentNode {
    pub unit_id: ID,
    /// The unit's TGT-1 target (UNIT scope); null when unset.
    pub target: Option<Decimal>,
    /// The subtree's actual, as `attainment(UNIT)` computes it.
    pub actual: Decimal,
    /// actual ÷ target, 4 places; null without a (non-zero) target.
    pub rate: Option<Decimal>,
    /// target − actual when positive, else 0; null without a target.
    pub gap: Option<Decimal>,
    /// The people whose unit is this one: the active sellers and anyone
    /// with a target or an actual.
    pub people: Vec<AttainmentPerson>,
    pub children: Vec<AttainmentNode>,
    #[graphql(skip)]
    pub unit: Uuid,
}

#[ComplexObject]
impl AttainmentNode {
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        unit_node(ctx, self.unit).await
    }
}

fn money(f: &Figures) -> (Option<Decimal>, Decimal, Option<Decimal>, Option<Decimal>) {
    (
        f.target.map(Decimal),
        Decimal(f.actual),
        f.rate.map(Decimal),
        f.gap.map(Decimal),
    )
}

impl From<TreeNode> for AttainmentNode {
    fn from(n: TreeNode) -> Self {
        let (target, actual, rate, gap) = money(&n.figures);
        AttainmentNode {
            unit_id: id(n.unit_id),
            target,
            actual,
            rate,
            gap,
            people: n
                .people
                .into_iter()
                .map(|p| {
                    let (target, actual, rate, gap) = money(&p.figures);
                    AttainmentPerson {
                        target,
                        actual,
                        rate,
                        gap,
                        user_id: p.user_id,
                    }
                })
                .collect(),
            children: n.children.into_iter().map(Into::into).collect(),
            unit: n.unit_id,
        }
    }
}

/// One month of a KPI trend.
#[derive(SimpleObject)]
pub struct KpiTrendPoint {
    pub year: i32,
    /// 1–12.
    pub month: i32,
    /// A person's stored actual; a unit's value of Σ numerator and Σ
    /// denominator. Null for a month without results (not zero), or when
    /// the denominator is zero.
    pub value: Option<Decimal>,
    /// Null for a month without results.
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    /// People whose results the month has.
    pub people: i32,
}

impl From<DPoint> for KpiTrendPoint {
    fn from(p: DPoint) -> Self {
        KpiTrendPoint {
            year: p.year,
            month: p.month as i32,
            value: p.value.map(Decimal),
            numerator: p.numerator.map(Decimal),
            denominator: p.denominator.map(Decimal),
            people: i32::try_from(p.people).unwrap_or(i32::MAX),
        }
    }
}

/// `YYYY-MM` → (year, month).
fn parse_month(s: &str) -> ApiResult<(i32, u32)> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map(|d| (d.year(), d.month()))
        .map_err(|_| ApiError::validation("endMonth", "expected a month as YYYY-MM"))
}

#[derive(Default)]
pub struct DashboardQuery;

#[Object]
impl DashboardQuery {
    /// The assessment results of a period ordered by total (descending),
    /// ranked: of the people assessed in `unitId`'s subtree, or without it
    /// of everyone the caller may see (a rep: their own). NOT_FOUND for a
    /// unit out of sight.
    async fn assessment_leaderboard(
        &self,
        ctx: &Context<'_>,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
        unit_id: Option<ID>,
    ) -> ApiResult<Vec<LeaderboardEntry>> {
        let period = Period::new(period_kind.into(), year, period_no)?;
        let unit = unit_id.as_ref().map(|v| uuid("unitId", v)).transpose()?;
        let list = dashboards::leaderboard(&state(ctx).pool, actor(ctx)?, period, unit).await?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// TGT-2 by unit tree: target, actual, rate and gap of `metric` for
    /// `unitId` (default: the company for director / GM / admin, else the
    /// caller's unit) and every unit below it, with the people directly in
    /// each. Each node equals `attainment(UNIT)`, each person
    /// `attainment(USER)`. NOT_FOUND for a unit out of sight.
    async fn attainment_tree(
        &self,
        ctx: &Context<'_>,
        metric: TargetMetric,
        period_kind: TargetPeriodKind,
        year: i32,
        #[graphql(default = 1)] period_no: i32,
        unit_id: Option<ID>,
    ) -> ApiResult<AttainmentNode> {
        let period = Period::new(period_kind.into(), year, period_no)?;
        let unit = unit_id.as_ref().map(|v| uuid("unitId", v)).transpose()?;
        let tree =
            dashboards::attainment_tree(&state(ctx).pool, actor(ctx)?, metric.into(), period, unit)
                .await?;
        Ok(tree.into())
    }

    /// One KPI month by month from the MONTH assessment results, oldest
    /// first: a person's (`userId`) stored value, or a unit's (`unitId`,
    /// its subtree) Σ numerator ÷ Σ denominator. Exactly one of the two.
    /// `months` 1–36 ending with `endMonth` (`YYYY-MM`; default the month
    /// before the current one). Months without results are null.
    async fn kpi_trend(
        &self,
        ctx: &Context<'_>,
        kpi: AssessmentKpi,
        user_id: Option<ID>,
        unit_id: Option<ID>,
        #[graphql(default = 12)] months: i32,
        end_month: Option<String>,
    ) -> ApiResult<Vec<KpiTrendPoint>> {
        let subject = match (&user_id, &unit_id) {
            (Some(u), None) => TrendSubject::User(uuid("userId", u)?),
            (None, Some(u)) => TrendSubject::Unit(uuid("unitId", u)?),
            _ => {
                return Err(ApiError::validation(
                    "userId",
                    "give exactly one of userId and unitId",
                ));
            }
        };
        let end = match &end_month {
            Some(s) => parse_month(s)?,
            None => dashboards::default_trend_end(state(ctx).clock.now()),
        };
        let points = dashboards::kpi_trend(
            &state(ctx).pool,
            actor(ctx)?,
            kpi.into(),
            subject,
            months,
            end,
        )
        .await?;
        Ok(points.into_iter().map(Into::into).collect())
    }
}
