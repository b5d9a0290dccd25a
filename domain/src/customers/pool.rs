//! CUS-4 public pool: when an owned customer returns to the pool, and the
//! preview of who would return (and who is due the 7-day warning).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::model::Grade;
use super::push_customer_scope;
use super::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Role};

pub use crate::clock::company_date;

/// Days the previous owner must wait before claiming a customer back.
pub const RECLAIM_BLOCK_DAYS: i64 = 30;
/// The owner is warned this many days before the customer returns.
pub const WARNING_DAYS: i64 = 7;

/// `pool_reclaim_days`: idle days after which an owned customer returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReclaimThresholds {
    #[serde(rename = "GENERAL")]
    pub general: i64,
    #[serde(rename = "IMPORTANT")]
    pub important: i64,
}

impl ReclaimThresholds {
    pub fn validate(&self) -> DomainResult<()> {
        if ![self.general, self.important]
            .iter()
            .all(|d| (1..=3650).contains(d))
        {
            return Err(DomainError::validation(
                "value",
                "pool_reclaim_days are 1 to 3650 days per grade",
            ));
        }
        Ok(())
    }

    pub fn for_grade(&self, grade: Grade) -> Option<i64> {
        match grade {
            Grade::Strategic => None,
            Grade::Important => Some(self.important),
            Grade::General => Some(self.general),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReclaimReason {
    pub days_idle: i64,
    pub threshold: i64,
}

/// CUS-4: when the current owner's idle period began — the latest of the
/// last interaction, the day the owner got the customer (a claim, transfer
/// or dispute decision starts a fresh period for the new owner) and its
/// creation. An interaction under the previous owner never counts against
/// the new one. The SQL twin is [`IDLE_SINCE_SQL`].
pub fn idle_since(
    last_interaction: Option<DateTime<Utc>>,
    owned_since: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
) -> DateTime<Utc> {
    [last_interaction, owned_since]
        .into_iter()
        .flatten()
        .fold(created_at, DateTime::max)
}

/// [`idle_since`] of a `customers` row aliased `c`, as SQL (`GREATEST`
/// ignores NULLs); `customers_pool_idle_idx` indexes it.
pub const IDLE_SINCE_SQL: &str = "GREATEST(c.last_interaction_at, c.owned_since, c.created_at)";

/// Idle days and threshold, for a customer that can return at all.
#[allow(clippy::too_many_arguments)]
fn idle(
    grade: Grade,
    key_account: bool,
    last_interaction: Option<DateTime<Utc>>,
    owned_since: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    has_open_opportunity: bool,
    as_of: NaiveDate,
    t: &ReclaimThresholds,
) -> Option<ReclaimReason> {
    if key_account || has_open_opportunity {
        return None;
    }
    let threshold = t.for_grade(grade)?;
    let since = idle_since(last_interaction, owned_since, created_at);
    let days_idle = (as_of - company_date(since)).num_days();
    Some(ReclaimReason {
        days_idle,
        threshold,
    })
}

/// CUS-4: `Some` when the customer returns to the pool on `as_of`.
/// Strategic customers and key accounts never do; without an interaction
/// the idle time counts from when the owner got it.
#[allow(clippy::too_many_arguments)]
pub fn pool_reclaim_due(
    grade: Grade,
    key_account: bool,
    last_interaction: Option<DateTime<Utc>>,
    owned_since: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    has_open_opportunity: bool,
    as_of: NaiveDate,
    t: &ReclaimThresholds,
) -> Option<ReclaimReason> {
    idle(
        grade,
        key_account,
        last_interaction,
        owned_since,
        created_at,
        has_open_opportunity,
        as_of,
        t,
    )
    .filter(|r| r.days_idle >= r.threshold)
}

/// CUS-4 warning: `Some` in the 7 days before the customer would return.
#[allow(clippy::too_many_arguments)]
pub fn pool_warning_due(
    grade: Grade,
    key_account: bool,
    last_interaction: Option<DateTime<Utc>>,
    owned_since: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    has_open_opportunity: bool,
    as_of: NaiveDate,
    t: &ReclaimThresholds,
) -> Option<ReclaimReason> {
    idle(
        grade,
        key_account,
        last_interaction,
        owned_since,
        created_at,
        has_open_opportunity,
        as_of,
        t,
    )
    .filter(|r| r.days_idle >= r.threshold - WARNING_DAYS && r.days_idle < r.threshold)
}

/// One customer of the preview.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PoolCandidate {
    pub id: Uuid,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub grade: crate::customers::model::Grade,
    pub key_account: bool,
    pub last_interaction_at: Option<DateTime<Utc>>,
    pub owned_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub reason: Option<ReclaimReason>,
}

#[derive(Debug, Default)]
pub struct PoolPreview {
    pub returning: Vec<PoolCandidate>,
    pub warnings: Vec<PoolCandidate>,
}

/// The most rows one preview list returns.
pub const PREVIEW_LIMIT: i64 = 2000;

/// The instant before which the idle time on `as_of` is at least `days`:
/// idle ≥ n ⇔ the last day ≤ as_of − n ⇔ before the start of the next day
/// (company time zone).
pub(crate) fn idle_cutoff(as_of: NaiveDate, days: i64) -> DateTime<Utc> {
    crate::clock::start_of_day(as_of - Duration::days(days) + Duration::days(1))
}

/// Customers that would return to the pool on `as_of`, and those due their
/// warning, within the actor's scope (managers: subtree; directors: all),
/// each list longest idle first and at most `limit` long.
///
/// Each list is its own query with the per-grade idle windows in SQL, so a
/// long list of one kind never crowds the other out; both read the partial
/// index `customers_pool_idle_idx`. The pure rules then attach the reason.
pub async fn pool_reclaim_preview(
    pool: &PgPool,
    actor: &Actor,
    as_of: NaiveDate,
    limit: i64,
) -> DomainResult<PoolPreview> {
    if !actor.sees_everything() && !actor.has_any(&[Role::SalesManager, Role::Supervisor]) {
        return Err(DomainError::Forbidden(
            "only managers see the pool reclaim preview".into(),
        ));
    }
    if !(1..=PREVIEW_LIMIT).contains(&limit) {
        return Err(DomainError::validation(
            "limit",
            format!("must be between 1 and {PREVIEW_LIMIT}"),
        ));
    }
    let t: ReclaimThresholds = settings::get(pool, "pool_reclaim_days").await?;
    let mut out = PoolPreview::default();
    for warning in [false, true] {
        let mut qb = QueryBuilder::new(
            "SELECT c.id, c.name, c.owner_id, c.grade, c.key_account, c.last_interaction_at, c.owned_since, c.created_at
             FROM customers c
             WHERE c.owner_id IS NOT NULL AND NOT c.key_account AND c.grade <> 'STRATEGIC' AND (FALSE",
        );
        for (grade, days) in [("GENERAL", t.general), ("IMPORTANT", t.important)] {
            qb.push(" OR (c.grade = ").push_bind(grade);
            qb.push(format_args!(" AND {IDLE_SINCE_SQL} < "));
            if warning {
                qb.push_bind(idle_cutoff(as_of, days - WARNING_DAYS));
                qb.push(format_args!(" AND {IDLE_SINCE_SQL} >= "));
            }
            qb.push_bind(idle_cutoff(as_of, days));
            qb.push(")");
        }
        qb.push(")");
        push_customer_scope(&mut qb, actor, Access::Write);
        qb.push(format_args!(
            " AND NOT customer_has_open_opportunity(c.id) ORDER BY {IDLE_SINCE_SQL}, c.id LIMIT "
        ));
        qb.push_bind(limit);
        let rows: Vec<PoolCandidate> = qb.build_query_as().fetch_all(pool).await?;
        for mut c in rows {
            let grade: Grade = c.grade;
            let (last, since, created) = (c.last_interaction_at, c.owned_since, c.created_at);
            let reason = if warning {
                pool_warning_due(grade, c.key_account, last, since, created, false, as_of, &t)
            } else {
                pool_reclaim_due(grade, c.key_account, last, since, created, false, as_of, &t)
            };
            // The SQL windows and the pure rule agree; a row the rule
            // rejects (it cannot happen) is left out rather than mislabelled.
            if let Some(r) = reason {
                c.reason = Some(r);
                if warning {
                    out.warnings.push(c)
                } else {
                    out.returning.push(c)
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "pool_tests.rs"]
mod tests;
