//! KPI-5: underperformance flags, recomputed at the end of every run.
//!
//! "Not met" is a result with `met = false` (completion below 80 %); a
//! result without a signed-revenue target (`met` NULL) is neither met nor
//! not met and breaks no streak of its own making (it ends one).
//!
//! - A MONTH run flags COACHING_PLAN for every person not met this month
//!   and the month before; a QUARTER run flags ROLE_REVIEW for not met
//!   this quarter and the one before. YEAR runs flag nothing.
//! - `streak` = how many consecutive periods up to this one were not met.
//! - A re-run deletes the period's unresolved flags and raises them again;
//!   a resolved flag stays resolved (the same key is not raised twice).
//! - The director, the GM and admins list the flags and resolve them with
//!   a note (audited ASSESSMENT_FLAG RESOLVE).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::schemes::{DIRECTORS, require_director};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::targets::{Period, PeriodKind};

/// Audit entity of flags (RESOLVE).
pub const ASSESSMENT_FLAG: &str = "ASSESSMENT_FLAG";
/// Longest resolution note (characters).
pub const MAX_NOTE: usize = 2000;

/// The flag a period kind raises.
pub fn flag_kind(kind: PeriodKind) -> Option<&'static str> {
    match kind {
        PeriodKind::Month => Some("COACHING_PLAN"),
        PeriodKind::Quarter => Some("ROLE_REVIEW"),
        PeriodKind::Year => None,
    }
}

/// Periods of one kind counted on one line: months and quarters since
/// year 0, so consecutive periods differ by 1 across year ends.
pub fn ordinal(kind: PeriodKind, year: i32, no: i32) -> i32 {
    match kind {
        PeriodKind::Month => year * 12 + no - 1,
        PeriodKind::Quarter => year * 4 + no - 1,
        PeriodKind::Year => year,
    }
}

/// KPI-5: how many consecutive periods up to `current` were not met, from
/// the set of the person's not-met ordinals.
pub fn streak(not_met: &HashSet<i32>, current: i32) -> i32 {
    let mut n = 0;
    while not_met.contains(&(current - n)) {
        n += 1;
    }
    n
}

/// Deletes the period's unresolved flags and raises them again; returns
/// how many were raised.
pub async fn recompute(conn: &mut PgConnection, ctx: &Ctx, period: Period) -> DomainResult<u64> {
    let Some(kind) = flag_kind(period.kind) else {
        return Ok(0);
    };
    sqlx::query(
        "DELETE FROM assessment_flags
          WHERE period_kind = $1 AND year = $2 AND period_no = $3 AND resolved_at IS NULL",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .execute(&mut *conn)
    .await?;
    let per_year = if period.kind == PeriodKind::Month {
        12
    } else {
        4
    };
    let current = ordinal(period.kind, period.year, period.no);
    // The not-met periods of the last 10 years of the people not met now.
    let rows: Vec<(Uuid, i32)> = sqlx::query_as(
        "SELECT DISTINCT o.user_id, o.year * $4 + o.period_no - 1
           FROM assessment_results o
          WHERE o.period_kind = $1 AND o.met = false
            AND o.year * $4 + o.period_no - 1 BETWEEN $5 - 10 * $4 AND $5
            AND o.user_id IN (SELECT user_id FROM assessment_results
                               WHERE period_kind = $1 AND year = $2 AND period_no = $3 AND met = false)",
    )
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(per_year)
    .bind(current)
    .fetch_all(&mut *conn)
    .await?;
    let mut not_met: HashMap<Uuid, HashSet<i32>> = HashMap::new();
    for (user, ord) in rows {
        not_met.entry(user).or_default().insert(ord);
    }
    let mut users = Vec::new();
    let mut streaks = Vec::new();
    for (user, set) in &not_met {
        let s = streak(set, current);
        if s >= 2 {
            users.push(*user);
            streaks.push(s);
        }
    }
    let ids: Vec<Uuid> = users.iter().map(|_| Uuid::now_v7()).collect();
    let r = sqlx::query(
        "INSERT INTO assessment_flags (id, user_id, kind, period_kind, year, period_no, streak, created_at)
         SELECT t.id, t.user_id, $1, $2, $3, $4, t.streak, $5
           FROM UNNEST($6::uuid[], $7::uuid[], $8::int[]) AS t(id, user_id, streak)
         ON CONFLICT ON CONSTRAINT assessment_flags_one_per_key DO NOTHING",
    )
    .bind(kind)
    .bind(period.kind.as_str())
    .bind(period.year)
    .bind(period.no)
    .bind(ctx.now)
    .bind(&ids)
    .bind(&users)
    .bind(&streaks)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected())
}

/// A flag with the person, their unit in the flagging period and the
/// completions of the streak.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Flag {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_name: String,
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    pub kind: String,
    pub period_kind: String,
    pub year: i32,
    pub period_no: i32,
    pub streak: i32,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Uuid>,
    pub note: Option<String>,
    #[sqlx(skip)]
    pub completions: Vec<StreakPeriod>,
}

/// One period of a streak: its completion (signed revenue ÷ target).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct StreakPeriod {
    pub year: i32,
    pub period_no: i32,
    pub completion: Option<Decimal>,
}

const FLAG_SQL: &str = "SELECT f.id, f.user_id, u.display_name AS user_name, r.unit_id, o.name AS unit_name,
        f.kind, f.period_kind, f.year, f.period_no, f.streak, f.created_at, f.resolved_at, f.resolved_by, f.note
   FROM assessment_flags f
   JOIN users u ON u.id = f.user_id
   LEFT JOIN LATERAL (SELECT unit_id FROM assessment_results x
                       WHERE x.user_id = f.user_id AND x.period_kind = f.period_kind
                         AND x.year = f.year AND x.period_no = f.period_no LIMIT 1) r ON TRUE
   LEFT JOIN org_units o ON o.id = COALESCE(r.unit_id, u.unit_id)";

/// KPI-5 `underperformers(open)`: the flags (open only, resolved only, or
/// all), newest period first, at most 1 000. Director / GM / admin only.
pub async fn list_flags(
    pool: &PgPool,
    actor: &Actor,
    open: Option<bool>,
) -> DomainResult<Vec<Flag>> {
    if !actor.has_any(&DIRECTORS) {
        return Err(DomainError::Forbidden(
            "the underperformance list is for the sales director, the general manager and admins"
                .into(),
        ));
    }
    let mut flags: Vec<Flag> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{FLAG_SQL} WHERE ($1::bool IS NULL OR (f.resolved_at IS NULL) = $1)
          ORDER BY f.year DESC, f.period_kind, f.period_no DESC, u.display_name, f.id LIMIT 1000"
    )))
    .bind(open)
    .fetch_all(pool)
    .await?;
    fill_completions(pool, &mut flags).await?;
    Ok(flags)
}

async fn fill_completions(pool: &PgPool, flags: &mut [Flag]) -> DomainResult<()> {
    let users: Vec<Uuid> = flags.iter().map(|f| f.user_id).collect();
    let rows: Vec<(Uuid, String, i32, i32, Option<Decimal>)> = sqlx::query_as(
        "SELECT user_id, period_kind, year, period_no, completion FROM assessment_results
          WHERE user_id = ANY($1) AND period_kind IN ('MONTH', 'QUARTER')
          ORDER BY year, period_no",
    )
    .bind(&users)
    .fetch_all(pool)
    .await?;
    for f in flags.iter_mut() {
        let kind: PeriodKind = f.period_kind.parse()?;
        let end = ordinal(kind, f.year, f.period_no);
        f.completions = rows
            .iter()
            .filter(|(u, k, y, n, _)| {
                *u == f.user_id
                    && *k == f.period_kind
                    && (end - f.streak + 1..=end).contains(&ordinal(kind, *y, *n))
            })
            .map(|(_, _, year, period_no, completion)| StreakPeriod {
                year: *year,
                period_no: *period_no,
                completion: *completion,
            })
            .collect();
    }
    Ok(())
}

/// KPI-5 `resolveUnderperformanceFlag`: closes a flag with a note (1 to
/// 2 000 characters: VALIDATION `note`). Director / GM / admin only
/// (FORBIDDEN); NOT_FOUND for a flag that does not exist; CONFLICT when it
/// is resolved already. Audited ASSESSMENT_FLAG RESOLVE.
pub async fn resolve_flag(pool: &PgPool, ctx: &Ctx, id: Uuid, note: &str) -> DomainResult<Flag> {
    require_director(&ctx.actor, "underperformance flags are resolved")?;
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE {
        return Err(DomainError::validation(
            "note",
            format!("must be 1 to {MAX_NOTE} characters"),
        ));
    }
    let mut tx = pool.begin().await?;
    let resolved: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("SELECT resolved_at FROM assessment_flags WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    match resolved {
        None => return Err(DomainError::NotFound),
        Some(Some(_)) => return Err(DomainError::conflict("the flag is resolved already")),
        Some(None) => {}
    }
    sqlx::query(
        "UPDATE assessment_flags SET resolved_at = $2, resolved_by = $3, note = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .bind(note)
    .execute(&mut *tx)
    .await?;
    let changes = audit::diff(
        &serde_json::json!({"resolved_at": null, "note": null}),
        &serde_json::json!({"resolved_at": ctx.now, "resolved_by": ctx.actor.user_id, "note": note}),
    );
    audit::record(&mut tx, ctx, ASSESSMENT_FLAG, id, "RESOLVE", &changes).await?;
    tx.commit().await?;
    let mut flag: Vec<Flag> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{FLAG_SQL} WHERE f.id = $1")))
            .bind(id)
            .fetch_all(pool)
            .await?;
    fill_completions(pool, &mut flag).await?;
    flag.pop().ok_or(DomainError::NotFound)
}

/// ORG-4: a flag's trail is visible to those who see the flags.
pub async fn audit_visible(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<bool> {
    if !actor.has_any(&DIRECTORS) {
        return Ok(false);
    }
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM assessment_flags WHERE id = $1)")
            .bind(id)
            .fetch_one(pool)
            .await?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi5_streaks_count_consecutive_periods_across_year_ends() {
        let m = |y, n| ordinal(PeriodKind::Month, y, n);
        let set: HashSet<i32> = [m(2025, 11), m(2025, 12), m(2026, 1), m(2026, 3)].into();
        assert_eq!(streak(&set, m(2026, 1)), 3);
        assert_eq!(streak(&set, m(2026, 3)), 1);
        assert_eq!(streak(&set, m(2026, 2)), 0);
        let q = |y, n| ordinal(PeriodKind::Quarter, y, n);
        assert_eq!(q(2026, 1) - q(2025, 4), 1);
        assert_eq!(flag_kind(PeriodKind::Month), Some("COACHING_PLAN"));
        assert_eq!(flag_kind(PeriodKind::Quarter), Some("ROLE_REVIEW"));
        assert_eq!(flag_kind(PeriodKind::Year), None);
    }
}
