//! GraphQL types of KPI-2..KPI-5: schemes, periods, results with their
//! KPIs and facts, underperformance flags (docs/assessments.md).

use async_graphql::dataloader::DataLoader;
use async_graphql::{ComplexObject, Context, Enum, ID, InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::kpi::flags::Flag as DFlag;
use salesd_domain::kpi::results::{self, AssessmentResult as DResult, ResultFact, ResultKpi};
use salesd_domain::kpi::runs::{AssessmentPeriod as DPeriod, RunReport};
use salesd_domain::kpi::schemes::{Scheme, SchemeKpi};
use salesd_domain::kpi::{Basis, Direction, Kpi};
use uuid::Uuid;

use crate::schema::org::types::{OrgUnitNode, PersonNode, Role, person};

use crate::context::state;
use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::targets::{TargetMetric, TargetPeriodKind};

/// KPI-1: the catalogue (docs/kpis.md).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::kpi::Kpi")]
pub enum AssessmentKpi {
    SignedRevenue,
    GrossProfit,
    CollectionAmount,
    CollectionRate,
    NewCustomers,
    RetentionRate,
    ChurnRate,
    AverageSatisfaction,
    ComplaintRate,
    RevisitCompliance,
    KeyAccountRevenueGrowth,
    TargetCompletion,
}

/// KPI-3: a period is OPEN (runs recompute) until FINALIZED.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AssessmentPeriodStatus {
    Open,
    Finalized,
}

/// KPI-5 flags.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum UnderperformanceKind {
    /// Two or more consecutive months not met.
    CoachingPlan,
    /// Two or more consecutive quarters not met.
    RoleReview,
}

fn dec(d: rust_decimal::Decimal) -> Decimal {
    Decimal(d)
}

fn kpi(s: &str) -> AssessmentKpi {
    s.parse::<Kpi>().unwrap_or(Kpi::SignedRevenue).into()
}

fn period_kind(s: &str) -> TargetPeriodKind {
    s.parse::<salesd_domain::targets::PeriodKind>()
        .unwrap_or(salesd_domain::targets::PeriodKind::Month)
        .into()
}

/// One KPI of a scheme.
#[derive(SimpleObject)]
pub struct AssessmentSchemeKpi {
    pub kpi: AssessmentKpi,
    pub position: i32,
    /// Percent; the scheme's weights add up to 100.
    pub weight: Decimal,
    /// A fixed target (ratios as fractions: 0.85 = 85 %); null: the
    /// person's TGT-1 target of the period for `targetMetric`.
    pub target: Option<Decimal>,
    /// The TGT-1 metric a null target stands for.
    pub target_metric: Option<TargetMetric>,
    /// Lower is better (complaint and churn rates).
    pub lower_is_better: bool,
    /// KPI-2: measured on the person's own facts or on their unit's.
    pub basis: KpiBasis,
}

/// KPI-2: whose facts a scheme line measures.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum KpiBasis {
    /// The person's own facts.
    Own,
    /// The facts of everyone in the person's unit and the units below it;
    /// a null target is the unit's TGT-1 target.
    Unit,
}

impl From<Basis> for KpiBasis {
    fn from(b: Basis) -> Self {
        match b {
            Basis::Own => KpiBasis::Own,
            Basis::Unit => KpiBasis::Unit,
        }
    }
}

impl From<KpiBasis> for Basis {
    fn from(b: KpiBasis) -> Self {
        match b {
            KpiBasis::Own => Basis::Own,
            KpiBasis::Unit => Basis::Unit,
        }
    }
}

impl From<SchemeKpi> for AssessmentSchemeKpi {
    fn from(k: SchemeKpi) -> Self {
        let kp = k.kpi();
        AssessmentSchemeKpi {
            kpi: kp.into(),
            position: k.position.into(),
            weight: dec(k.weight),
            target: k.target.map(dec),
            target_metric: kp.target_metric().map(Into::into),
            lower_is_better: kp.direction() == Direction::LowerIsBetter,
            basis: k.basis().into(),
        }
    }
}

/// KPI-2: the assessment scheme of a role.
#[derive(SimpleObject)]
pub struct AssessmentScheme {
    pub id: ID,
    pub role: Role,
    pub name: String,
    /// KPI-4: the bonus is this × collected revenue × the multiplier.
    pub commission_rate: Decimal,
    pub kpis: Vec<AssessmentSchemeKpi>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub updated_by_id: Option<ID>,
}

impl From<Scheme> for AssessmentScheme {
    fn from(s: Scheme) -> Self {
        AssessmentScheme {
            id: id(s.id),
            role: s.role.into(),
            name: s.name,
            commission_rate: dec(s.commission_rate),
            kpis: s.kpis.into_iter().map(Into::into).collect(),
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
            updated_by_id: s.updated_by.map(id),
        }
    }
}

/// One KPI of `setAssessmentScheme`.
#[derive(InputObject)]
pub struct AssessmentSchemeKpiInput {
    pub kpi: AssessmentKpi,
    /// Above 0, at most 100, 2 places; all weights add up to exactly 100.
    pub weight: Decimal,
    /// ≥ 0 (ratios as fractions: 0.9 = 90 %); not 0 for a higher-is-better
    /// KPI; omit (null) for the person's TGT-1 target — only for KPIs with
    /// a target metric (SIGNED_REVENUE, GROSS_PROFIT, COLLECTION_AMOUNT,
    /// NEW_CUSTOMERS).
    pub target: Option<Decimal>,
    /// Default OWN; SUPERVISOR and SALES_MANAGER schemes usually UNIT.
    #[graphql(default_with = "KpiBasis::Own")]
    pub basis: KpiBasis,
}

/// `setAssessmentScheme`.
#[derive(InputObject)]
pub struct SetAssessmentSchemeInput {
    /// SALES_REP, KEY_ACCOUNT_MANAGER, SUPERVISOR or SALES_MANAGER.
    pub role: Role,
    /// 1–200 characters.
    pub name: String,
    /// 0–1 (0.02 = 2 %), up to 6 places.
    pub commission_rate: Decimal,
    /// At least one; replaces the scheme's KPIs as a whole, in this order.
    pub kpis: Vec<AssessmentSchemeKpiInput>,
}

/// KPI-3: a period's assessment.
#[derive(SimpleObject)]
pub struct AssessmentPeriod {
    pub id: Option<ID>,
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub status: AssessmentPeriodStatus,
    /// How many times it was run.
    pub runs: i32,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_run_by_id: Option<ID>,
    pub finalized_at: Option<DateTime<Utc>>,
    pub finalized_by_id: Option<ID>,
}

impl From<DPeriod> for AssessmentPeriod {
    fn from(p: DPeriod) -> Self {
        AssessmentPeriod {
            id: Some(id(p.id)),
            period_kind: p.period_kind.into(),
            year: p.year,
            period_no: p.period_no,
            status: if p.is_finalized() {
                AssessmentPeriodStatus::Finalized
            } else {
                AssessmentPeriodStatus::Open
            },
            runs: p.runs,
            last_run_at: p.last_run_at,
            last_run_by_id: p.last_run_by.map(id),
            finalized_at: p.finalized_at,
            finalized_by_id: p.finalized_by.map(id),
        }
    }
}

/// What `runAssessment` did.
#[derive(SimpleObject)]
pub struct AssessmentRunReport {
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    /// The period's run number.
    pub run_no: i32,
    pub people: i32,
    pub results: i32,
    pub facts: i32,
    /// KPI-5 flags raised.
    pub flags: i32,
}

impl From<RunReport> for AssessmentRunReport {
    fn from(r: RunReport) -> Self {
        let n = |v: u64| i32::try_from(v).unwrap_or(i32::MAX);
        AssessmentRunReport {
            period_kind: r.period.kind.into(),
            year: r.period.year,
            period_no: r.period.no,
            run_no: r.run_no,
            people: n(r.people),
            results: n(r.results),
            facts: n(r.facts),
            flags: n(r.flags),
        }
    }
}

/// A fact behind a KPI value: what it is, its day, what it added to the
/// numerator and denominator.
#[derive(SimpleObject)]
pub struct AssessmentFact {
    /// CONTRACT, RECEIPT, CUSTOMER, … (docs/kpis.md).
    pub kind: String,
    pub id: ID,
    pub date: Date,
    pub num: Decimal,
    pub den: Decimal,
}

impl From<ResultFact> for AssessmentFact {
    fn from(f: ResultFact) -> Self {
        AssessmentFact {
            kind: f.kind,
            id: id(f.fact_id),
            date: Date(f.fact_date),
            num: dec(f.num),
            den: dec(f.den),
        }
    }
}

/// The most facts one `facts` field returns.
pub const MAX_FACTS: i32 = 10_000;

async fn facts(
    ctx: &Context<'_>,
    result: Uuid,
    k: Kpi,
    first: i32,
) -> ApiResult<Vec<AssessmentFact>> {
    if !(0..=MAX_FACTS).contains(&first) {
        return Err(ApiError::validation("first", format!("0 to {MAX_FACTS}")));
    }
    let key = results::FactsKey {
        result_id: result,
        kpi: k.as_str(),
        limit: first.into(),
    };
    let list = ctx
        .data_unchecked::<DataLoader<FactsLoader>>()
        .load_one(key)
        .await?;
    Ok(list
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect())
}

/// The facts of a page of results × KPIs in one statement (no N+1).
pub struct FactsLoader(pub sqlx::PgPool);

impl async_graphql::dataloader::Loader<results::FactsKey> for FactsLoader {
    type Value = Vec<results::ResultFact>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[results::FactsKey],
    ) -> Result<std::collections::HashMap<results::FactsKey, Self::Value>, Self::Error> {
        let mut out: std::collections::HashMap<results::FactsKey, Self::Value> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (key, fact) in results::facts_of_many(&self.0, keys).await? {
            out.entry(key).or_default().push(fact);
        }
        Ok(out)
    }
}

/// One KPI of a result (KPI-3).
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AssessmentResultKpi {
    pub kpi: AssessmentKpi,
    pub position: i32,
    /// The scheme's weight.
    pub weight: Decimal,
    /// KPI-2: whose facts (the person's own or their unit's).
    pub basis: KpiBasis,
    /// KPI-2: no data (no denominator): left out of the total and the
    /// other weights renormalised, never scored by default.
    pub excluded: bool,
    /// The weight it counted with: the scheme's weight × 100 ÷ the Σ weight
    /// of the KPIs not left out, 4 places; null when left out.
    pub effective_weight: Option<Decimal>,
    /// Σ num of the facts.
    pub numerator: Decimal,
    /// Σ den of the facts.
    pub denominator: Decimal,
    /// The KPI's value; null when its denominator is 0 (`excluded`).
    pub actual: Option<Decimal>,
    /// Null when the person has no TGT-1 target for it (unscored).
    pub target: Option<Decimal>,
    pub score: Option<Decimal>,
    /// score × effectiveWeight ÷ 100 (from the exact weights), 2 places.
    pub weighted_score: Option<Decimal>,
    pub fact_count: i32,
    #[graphql(skip)]
    pub result_id: Uuid,
}

#[ComplexObject]
impl AssessmentResultKpi {
    /// The facts the value was computed from, by day (at most `first`).
    async fn facts(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 1000)] first: i32,
    ) -> ApiResult<Vec<AssessmentFact>> {
        facts(ctx, self.result_id, self.kpi.into(), first).await
    }
}

impl From<ResultKpi> for AssessmentResultKpi {
    fn from(k: ResultKpi) -> Self {
        AssessmentResultKpi {
            kpi: kpi(&k.kpi),
            position: k.position.into(),
            weight: dec(k.weight),
            basis: k.basis.parse::<Basis>().unwrap_or(Basis::Own).into(),
            excluded: k.excluded,
            effective_weight: k.effective_weight.map(dec),
            numerator: dec(k.numerator),
            denominator: dec(k.denominator),
            actual: k.actual.map(dec),
            target: k.target.map(dec),
            score: k.score.map(dec),
            weighted_score: k.weighted.map(dec),
            fact_count: k.fact_count,
            result_id: k.result_id,
        }
    }
}

/// KPI-3..KPI-5: one person's assessment of a period.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AssessmentResult {
    pub id: ID,
    pub scheme_id: ID,
    pub user_id: ID,
    /// The unit the person was assessed in (the rank is within it).
    pub unit_id: ID,
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    /// Σ weighted scores, 2 places.
    pub total: Decimal,
    /// S ≥ 110, A ≥ 100, B ≥ 85, C ≥ 70, D below; null when nothing could
    /// be assessed (`assessable` false).
    pub grade: Option<String>,
    /// KPI-2: at least one KPI had data. False: total 0.00, no grade.
    pub assessable: bool,
    /// KPI-2: some KPI was left out for want of data and the others'
    /// weights renormalised (see the KPIs' `effectiveWeight`).
    pub renormalised: bool,
    /// rank() by total within the unit and scheme (ties share a rank).
    pub rank_in_unit: i32,
    pub unit_size: i32,
    /// Every KPI with data had a target.
    pub complete: bool,
    /// Signed revenue ÷ its TGT-1 target, 4 places; null without one.
    pub completion: Option<Decimal>,
    /// KPI-5: completion ≥ 80 %; null without a target.
    pub met: Option<bool>,
    /// KPI-4: collected revenue (COLLECTION_AMOUNT, CUS-3 shares applied).
    pub collected: Decimal,
    pub commission_rate: Decimal,
    /// 1.3 at ≥ 120 % completion, 1.2 at ≥ 100 %, else 1.0.
    pub bonus_multiplier: Decimal,
    /// commission rate × collected × multiplier (CNY, cents); monthly
    /// results only.
    pub bonus: Option<Decimal>,
    pub run_no: i32,
    pub computed_at: DateTime<Utc>,
    #[graphql(skip)]
    pub raw_id: Uuid,
    #[graphql(skip)]
    pub raw_user: Uuid,
    #[graphql(skip)]
    pub raw_unit: Uuid,
    /// The KPIs, when the list loaded them for the whole page at once.
    #[graphql(skip)]
    pub preloaded: Option<Vec<ResultKpi>>,
}

impl From<DResult> for AssessmentResult {
    fn from(r: DResult) -> Self {
        AssessmentResult {
            id: id(r.id),
            scheme_id: id(r.scheme_id),
            user_id: id(r.user_id),
            unit_id: id(r.unit_id),
            period_kind: period_kind(&r.period_kind),
            year: r.year,
            period_no: r.period_no,
            total: dec(r.total),
            grade: r.grade,
            assessable: r.assessable,
            renormalised: r.renormalised,
            rank_in_unit: r.rank_in_unit,
            unit_size: r.unit_size,
            complete: r.complete,
            completion: r.completion.map(dec),
            met: r.met,
            collected: dec(r.collected),
            commission_rate: dec(r.commission_rate),
            bonus_multiplier: dec(r.bonus_multiplier),
            bonus: r.bonus.map(dec),
            run_no: r.run_no,
            computed_at: r.computed_at,
            raw_id: r.id,
            raw_user: r.user_id,
            raw_unit: r.unit_id,
            preloaded: None,
        }
    }
}

#[ComplexObject]
impl AssessmentResult {
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.raw_user)).await
    }

    /// The unit the person was assessed in.
    async fn unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let loaders = crate::schema::org::loaders::org_loaders(ctx);
        Ok(loaders
            .units
            .load_one(self.raw_unit)
            .await?
            .map(OrgUnitNode))
    }

    /// The scheme's KPIs with actual, target, score and weighted score.
    async fn kpis(&self, ctx: &Context<'_>) -> ApiResult<Vec<AssessmentResultKpi>> {
        let list = match &self.preloaded {
            Some(list) => list.clone(),
            None => results::kpis_of(&state(ctx).pool, &[self.raw_id]).await?,
        };
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// The facts behind any KPI computed for the result: the scheme's, and
    /// COLLECTION_AMOUNT (the bonus) and SIGNED_REVENUE (the completion)
    /// even when the scheme has no such KPI.
    async fn facts(
        &self,
        ctx: &Context<'_>,
        kpi: AssessmentKpi,
        #[graphql(default = 1000)] first: i32,
    ) -> ApiResult<Vec<AssessmentFact>> {
        facts(ctx, self.raw_id, kpi.into(), first).await
    }
}

/// One period of a streak.
#[derive(SimpleObject)]
pub struct StreakPeriod {
    pub year: i32,
    pub period_no: i32,
    /// Signed revenue ÷ its target (below 0.8 = not met).
    pub completion: Option<Decimal>,
}

/// KPI-5: a person flagged for coaching or a role review.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct UnderperformanceFlag {
    pub id: ID,
    pub user_id: ID,
    pub user_name: String,
    /// The person's unit in the flagging period.
    pub unit_id: Option<ID>,
    pub unit_name: Option<String>,
    pub kind: UnderperformanceKind,
    /// MONTH (coaching plan) or QUARTER (role review).
    pub period_kind: TargetPeriodKind,
    pub year: i32,
    pub period_no: i32,
    /// Consecutive periods not met, up to this one.
    pub streak: i32,
    /// The completions of the streak's periods, oldest first.
    pub completions: Vec<StreakPeriod>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by_id: Option<ID>,
    pub note: Option<String>,
    #[graphql(skip)]
    pub raw_user: Uuid,
}

#[ComplexObject]
impl UnderperformanceFlag {
    async fn person(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.raw_user)).await
    }
}

impl From<DFlag> for UnderperformanceFlag {
    fn from(f: DFlag) -> Self {
        UnderperformanceFlag {
            id: id(f.id),
            user_id: id(f.user_id),
            user_name: f.user_name,
            unit_id: f.unit_id.map(id),
            unit_name: f.unit_name,
            kind: if f.kind == "ROLE_REVIEW" {
                UnderperformanceKind::RoleReview
            } else {
                UnderperformanceKind::CoachingPlan
            },
            period_kind: period_kind(&f.period_kind),
            year: f.year,
            period_no: f.period_no,
            streak: f.streak,
            completions: f
                .completions
                .into_iter()
                .map(|c| StreakPeriod {
                    year: c.year,
                    period_no: c.period_no,
                    completion: c.completion.map(dec),
                })
                .collect(),
            created_at: f.created_at,
            resolved_at: f.resolved_at,
            resolved_by_id: f.resolved_by.map(id),
            note: f.note,
            raw_user: f.user_id,
        }
    }
}
