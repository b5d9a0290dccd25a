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
use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::Ctx;
use crate::error::DomainResult;
use crate::notify::{NewNotification, enqueue_many};
use crate::targets::Period;

/// The notification kinds (and templates).
pub const RESULT_KIND: &str = "assessment_result";
pub const SUMMARY_KIND: &str = "assessment_unit_summary";

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

fn opt(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// A 2-place figure (scores, totals, money) as shown: always 2 places.
fn two(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

fn opt2(v: Option<Decimal>) -> Value {
    v.map_or(Value::Null, |d| Value::String(two(d)))
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
    let kpis = kpis_by_result(conn, period).await?;
    let base = json!({
        "period_kind": period.kind.as_str(),
        "year": period.year,
        "period_no": period.no,
        "currency": "CNY",
    });
    let mut out = Vec::with_capacity(rows.len() * 4);
    for r in &rows {
        let mut p = base.clone();
        let extra = json!({
            "recipient_name": r.display_name,
            "result_id": r.id,
            "unit_name": r.unit_name,
            "kpis": kpis.get(&r.id).cloned().unwrap_or_default(),
            "total": two(r.total),
            "grade": r.grade,
            "rank_in_unit": r.rank_in_unit,
            "unit_size": r.unit_size,
            "collected": two(r.collected),
            "commission_rate": r.commission_rate.normalize().to_string(),
            "bonus_multiplier": two(r.bonus_multiplier),
            "bonus": opt2(r.bonus),
            "completion": opt(r.completion),
        });
        merge(&mut p, extra);
        out.extend(NewNotification::to_user(
            format!("{RESULT_KIND}:{}", r.id),
            RESULT_KIND,
            r.user_id,
            &r.locale,
            p,
            ctx.now,
        ));
    }
    out.extend(summaries(pool, conn, ctx, period, &rows, &base).await?);
    enqueue_many(conn, &out, ctx.now).await
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

async fn kpis_by_result(
    conn: &mut PgConnection,
    period: Period,
) -> DomainResult<HashMap<Uuid, Vec<Value>>> {
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
    let mut out: HashMap<Uuid, Vec<Value>> = HashMap::new();
    for (result, kpi, weight, actual, target, score, weighted, excluded, effective) in rows {
        out.entry(result).or_default().push(json!({
            "kpi": kpi,
            "weight": weight.normalize().to_string(),
            "excluded": excluded,
            "effective_weight": opt(effective.map(|d| d.normalize())),
            "actual": opt(actual.map(|d| d.normalize())),
            "target": opt(target.map(|d| d.normalize())),
            "score": opt2(score),
            "weighted": opt2(weighted),
        }));
    }
    Ok(out)
}

async fn summaries(
    pool: &PgPool,
    conn: &mut PgConnection,
    ctx: &Ctx,
    period: Period,
    rows: &[Row],
    base: &Value,
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
        let table: Vec<Value> = members
            .iter()
            .map(|r| {
                json!({
                    "name": r.display_name,
                    "total": two(r.total),
                    "grade": r.grade,
                    "rank": r.rank_in_unit,
                    "bonus": opt2(r.bonus),
                })
            })
            .collect();
        let mut heads: Vec<&Uuid> = unit_heads.iter().collect();
        heads.sort();
        for head in heads {
            let Some((name, locale)) = people.get(head) else {
                continue;
            };
            let mut p = base.clone();
            merge(
                &mut p,
                json!({
                    "recipient_name": name,
                    "unit_id": unit,
                    "unit_name": members.first().map(|r| r.unit_name.as_str()).unwrap_or_default(),
                    "rows": table,
                    "count": table.len(),
                }),
            );
            out.extend(NewNotification::to_user(
                format!("{SUMMARY_KIND}:{unit}:{key}:{head}"),
                SUMMARY_KIND,
                *head,
                locale,
                p,
                ctx.now,
            ));
        }
    }
    Ok(out)
}
