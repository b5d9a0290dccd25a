//! KPI-3: when a period is finalised, each person gets their result and
//! each unit's heads a summary of the unit (email + in-app twin, AUTO-6),
//! recorded in the finalising transaction.
//!
//! - `assessment_result` to every assessed person: their KPIs (actual,
//!   target, score, weighted), total, grade, rank and — monthly — bonus;
//!   key `assessment_result:{result id}`.
//! - `assessment_unit_summary` to the direct head (ORG-5) of each person
//!   of a unit: a table of the whole unit's results; one per (unit, head),
//!   key `assessment_unit_summary:{unit}:{KIND:year:no}:{head}`. A
//!   supervisor assessed in their own team makes the manager above them a
//!   recipient of that team's summary too.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::Ctx;
use crate::error::DomainResult;
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};
use crate::targets::{Period, PeriodKind};

/// `assessment_result`: KPI-3, a person's result of a finalised period.
/// Figures are texts: 2-place ones (scores, totals, money) always with 2
/// places, the others normalised.
#[derive(Clone, Debug, Serialize)]
pub struct AssessmentResult {
    pub period_kind: PeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub currency: &'static str,
    pub recipient_name: String,
    pub result_id: Uuid,
    pub unit_name: String,
    pub kpis: Vec<KpiLine>,
    pub total: String,
    pub grade: Option<String>,
    pub rank_in_unit: i32,
    pub unit_size: i32,
    pub collected: String,
    pub commission_rate: String,
    pub bonus_multiplier: String,
    /// Monthly periods only.
    pub bonus: Option<String>,
    pub completion: Option<String>,
}

impl Notice for AssessmentResult {
    const KIND: NoticeKind = NoticeKind::AssessmentResult;
}

/// One KPI of an [`AssessmentResult`].
#[derive(Clone, Debug, Serialize)]
pub struct KpiLine {
    pub kpi: String,
    pub weight: String,
    pub excluded: bool,
    pub effective_weight: Option<String>,
    pub actual: Option<String>,
    pub target: Option<String>,
    pub score: Option<String>,
    pub weighted: Option<String>,
}

/// `assessment_unit_summary`: KPI-3, the results of a unit's people in a
/// finalised period (to their direct heads).
#[derive(Clone, Debug, Serialize)]
pub struct AssessmentUnitSummary {
    pub period_kind: PeriodKind,
    pub year: i32,
    pub period_no: i32,
    pub currency: &'static str,
    pub recipient_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    /// By rank.
    pub rows: Vec<SummaryRow>,
    pub count: usize,
}

impl Notice for AssessmentUnitSummary {
    const KIND: NoticeKind = NoticeKind::AssessmentUnitSummary;
}

/// One person of an [`AssessmentUnitSummary`].
#[derive(Clone, Debug, Serialize)]
pub struct SummaryRow {
    pub name: String,
    pub total: String,
    pub grade: Option<String>,
    pub rank: i32,
    pub bonus: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    user_id: Uuid,
    display_name: String,
    locale: String,
    unit_id: Uuid,
    unit_name: String,
    total: Decimal,
    grade: Option<String>,
    rank_in_unit: i32,
    unit_size: i32,
    collected: Decimal,
    commission_rate: Decimal,
    bonus_multiplier: Decimal,
    bonus: Option<Decimal>,
    completion: Option<Decimal>,
}

fn opt(v: Option<Decimal>) -> Option<String> {
    v.map(|d| d.to_string())
}

/// A 2-place figure (scores, totals, money) as shown: always 2 places.
fn two(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

fn opt2(v: Option<Decimal>) -> Option<String> {
    v.map(two)
}

/// Records the emails of a finalised period; returns how many
/// notifications (emails and in-app twins) were new.
pub async fn enqueue_finalized(
    pool: &PgPool,
    conn: &mut PgConnection,
    ctx: &Ctx,
    period: Period,
) -> DomainResult<u64> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.user_id, u.display_name, u.locale, r.unit_id, o.name AS unit_name, r.total, r.grade,
                r.rank_in_unit, r.unit_size, r.collected, r.commission_rate, r.bonus_multiplier, r.bonus,
                r.completion
           FROM assessment_results r JOIN users u ON u.id = r.user_id JOIN org_units o ON o.id = r.unit_id
          WHERE r.period_kind = $1 AND r.year = $2 AND r.period_no = $3
          ORDER BY o.name, r.unit_id, r.rank_in_unit, u.display_name",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_all(&mut *conn)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut kpis = kpis_by_result(conn, period).await?;
    let mut out = Vec::with_capacity(rows.len() * 4);
    for r in &rows {
        let notice = AssessmentResult {
            period_kind: period.kind,
            year: period.year,
            period_no: period.no,
            currency: "CNY",
            recipient_name: r.display_name.clone(),
            result_id: r.id,
            unit_name: r.unit_name.clone(),
            kpis: kpis.remove(&r.id).unwrap_or_default(),
            total: two(r.total),
            grade: r.grade.clone(),
            rank_in_unit: r.rank_in_unit,
            unit_size: r.unit_size,
            collected: two(r.collected),
            commission_rate: r.commission_rate.normalize().to_string(),
            bonus_multiplier: two(r.bonus_multiplier),
            bonus: opt2(r.bonus),
            completion: opt(r.completion),
        };
        out.extend(NewNotification::to_user(
            format!("{}:{}", NoticeKind::AssessmentResult, r.id),
            &notice,
            r.user_id,
            &r.locale,
            ctx.now,
        ));
    }
    out.extend(summaries(pool, conn, ctx, period, &rows).await?);
    enqueue_many(conn, &out, ctx.now).await
}

async fn kpis_by_result(
    conn: &mut PgConnection,
    period: Period,
) -> DomainResult<HashMap<Uuid, Vec<KpiLine>>> {
    type K = (
        Uuid,
        String,
        Decimal,
        Option<Decimal>,
        Option<Decimal>,
        Option<Decimal>,
        Option<Decimal>,
        bool,
        Option<Decimal>,
    );
    let rows: Vec<K> = sqlx::query_as(
        "SELECT k.result_id, k.kpi, k.weight, k.actual, k.target, k.score, k.weighted,
                k.excluded, k.effective_weight
           FROM assessment_kpis k JOIN assessment_results r ON r.id = k.result_id
          WHERE r.period_kind = $1 AND r.year = $2 AND r.period_no = $3
          ORDER BY k.result_id, k.position",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<Uuid, Vec<KpiLine>> = HashMap::new();
    for (result, kpi, weight, actual, target, score, weighted, excluded, effective) in rows {
        out.entry(result).or_default().push(KpiLine {
            kpi,
            weight: weight.normalize().to_string(),
            excluded,
            effective_weight: opt(effective.map(|d| d.normalize())),
            actual: opt(actual.map(|d| d.normalize())),
            target: opt(target.map(|d| d.normalize())),
            score: opt2(score),
            weighted: opt2(weighted),
        });
    }
    Ok(out)
}

async fn summaries(
    pool: &PgPool,
    conn: &mut PgConnection,
    ctx: &Ctx,
    period: Period,
    rows: &[Row],
) -> DomainResult<Vec<NewNotification>> {
    let users: Vec<Uuid> = rows.iter().map(|r| r.user_id).collect();
    let heads = crate::org::store::direct_heads(pool, &users).await?;
    // unit → its heads, in a stable order.
    let mut by_unit: BTreeMap<Uuid, HashSet<Uuid>> = BTreeMap::new();
    for r in rows {
        if let Some(h) = heads.get(&r.user_id) {
            by_unit.entry(r.unit_id).or_default().insert(*h);
        }
    }
    let ids: Vec<Uuid> = by_unit.values().flatten().copied().collect();
    let people: HashMap<Uuid, (String, String)> = sqlx::query_as::<_, (Uuid, String, String)>(
        "SELECT id, display_name, locale FROM users WHERE id = ANY($1)",
    )
    .bind(&ids)
    .fetch_all(conn)
    .await?
    .into_iter()
    .map(|(id, name, locale)| (id, (name, locale)))
    .collect();
    let key = format!("{}:{}:{}", period.kind, period.year, period.no);
    let mut out = Vec::new();
    for (unit, unit_heads) in &by_unit {
        let members: Vec<&Row> = rows.iter().filter(|r| r.unit_id == *unit).collect();
        let table: Vec<SummaryRow> = members
            .iter()
            .map(|r| SummaryRow {
                name: r.display_name.clone(),
                total: two(r.total),
                grade: r.grade.clone(),
                rank: r.rank_in_unit,
                bonus: opt2(r.bonus),
            })
            .collect();
        let mut heads: Vec<&Uuid> = unit_heads.iter().collect();
        heads.sort();
        for head in heads {
            let Some((name, locale)) = people.get(head) else {
                continue;
            };
            let notice = AssessmentUnitSummary {
                period_kind: period.kind,
                year: period.year,
                period_no: period.no,
                currency: "CNY",
                recipient_name: name.clone(),
                unit_id: *unit,
                unit_name: members
                    .first()
                    .map(|r| r.unit_name.clone())
                    .unwrap_or_default(),
                rows: table.clone(),
                count: table.len(),
            };
            out.extend(NewNotification::to_user(
                format!("{}:{unit}:{key}:{head}", NoticeKind::AssessmentUnitSummary),
                &notice,
                *head,
                locale,
                ctx.now,
            ));
        }
    }
    Ok(out)
}

/// The assessment notices: a finalised period's results stay what they
/// were, so nothing is re-checked at send time.
pub struct KpiNotices;

impl crate::notify::notices::Notices for KpiNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::AssessmentResult | NoticeKind::AssessmentUnitSummary
        )
    }

    async fn cancel_reason(
        _pool: &PgPool,
        _n: &crate::notify::Notification,
        _today: chrono::NaiveDate,
    ) -> DomainResult<Option<String>> {
        Ok(None)
    }
}
