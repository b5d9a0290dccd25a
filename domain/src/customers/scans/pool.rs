//! CUS-4: owned customers idle for their grade's `pool_reclaim_days` (and
//! with no open opportunity) return to the public pool; the owner is warned
//! 7 days before. Strategic customers and key accounts never return.
//!
//! The warning is a precondition, not a courtesy: a customer returns only
//! once its owner's warning for the current idle period was recorded at
//! least 7 days earlier. A change of owner (claim, transfer, dispute
//! decision) starts a fresh idle period, and a warning is keyed by
//! (customer, owner, idle period): a new owner is never reclaimed on the
//! strength of the previous owner's warning. A customer already past its threshold without one
//! (the workers were down, the threshold was lowered, the system was just
//! switched on over old data) is warned now and returns 7 days later — no
//! owner loses a customer without a week's notice.
//!
//! The reclaim is a change like a manager's release: owner history
//! (`RECLAIMED`), audit entry by `system:pool-reclaim`, the previous owner
//! blocked from claiming it back for 30 days, and a note to that owner —
//! all in one transaction per customer, re-checked under the row lock.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use crate::audit;
use crate::clock::company_date;
use crate::customers::checks::history;
use crate::customers::model::{Customer, Grade};
use crate::customers::pool::{
    IDLE_SINCE_SQL, PoolCandidate, RECLAIM_BLOCK_DAYS, ReclaimThresholds, WARNING_DAYS,
    idle_cutoff, idle_since, pool_reclaim_due, pool_warning_due,
};
use crate::customers::settings;
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour, people};
use crate::notify::{NewNotification, Notice, NoticeKind, enqueue_many};
use crate::org::Actor;
use crate::{Ctx, notify};

/// Audit label of the reclaim.
pub const ACTOR_LABEL: &str = "system:pool-reclaim";

/// `pool_warning`: CUS-4, an idle customer returns to the pool in 7 days
/// (to its owner).
#[derive(Clone, Debug, Serialize)]
pub struct PoolWarning {
    pub recipient_name: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub owner_id: Uuid,
    /// The start of the idle period, RFC 3339 (`+00:00`); the send-time
    /// re-check compares it with the customer's.
    pub idle_since: String,
    pub idle_days: i64,
    pub threshold_days: i64,
    pub reclaim_date: NaiveDate,
}

impl Notice for PoolWarning {
    const KIND: NoticeKind = NoticeKind::PoolWarning;
}

/// `pool_reclaimed`: CUS-4, a customer returned to the pool (to its
/// previous owner).
#[derive(Clone, Debug, Serialize)]
pub struct PoolReclaimed {
    pub recipient_name: String,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub idle_days: i64,
    pub threshold_days: i64,
    /// Until when the previous owner may not claim it back.
    pub blocked_until: NaiveDate,
}

impl Notice for PoolReclaimed {
    const KIND: NoticeKind = NoticeKind::PoolReclaimed;
}

/// Owned, returnable customers idle for at least `threshold − 7` days.
async fn candidates(
    pool: &PgPool,
    t: &ReclaimThresholds,
    today: NaiveDate,
) -> DomainResult<Vec<PoolCandidate>> {
    let mut qb = QueryBuilder::new(
        "SELECT c.id, c.name, c.owner_id, c.grade, c.key_account, c.last_interaction_at, c.owned_since, c.created_at
         FROM customers c
         WHERE c.owner_id IS NOT NULL AND NOT c.key_account AND c.grade <> 'STRATEGIC' AND (FALSE",
    );
    for (grade, days) in [("GENERAL", t.general), ("IMPORTANT", t.important)] {
        qb.push(" OR (c.grade = ").push_bind(grade);
        qb.push(format_args!(" AND {IDLE_SINCE_SQL} < "));
        qb.push_bind(idle_cutoff(today, days - WARNING_DAYS));
        qb.push(")");
    }
    qb.push(") AND NOT customer_has_open_opportunity(c.id) ORDER BY c.id");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

/// The key of `owner`'s warning for the idle period that began on `since`:
/// a warning belongs to (customer, owner, idle period), so a new owner is
/// never reclaimed on the strength of the previous owner's warning.
fn warning_key(customer: Uuid, owner: Uuid, since: DateTime<Utc>) -> String {
    format!("pool:{customer}:{owner}:{}:warning", company_date(since))
}

/// When each of `keys` was recorded, for those that were.
async fn recorded_at(
    conn: &mut sqlx::PgConnection,
    keys: &[String],
) -> DomainResult<std::collections::HashMap<String, DateTime<Utc>>> {
    let rows: Vec<(String, DateTime<Utc>)> =
        sqlx::query_as("SELECT dedup_key, created_at FROM notifications WHERE dedup_key = ANY($1)")
            .bind(keys)
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Whether a warning recorded at `at` is old enough for a reclaim `today`.
fn warned_in_time(at: Option<DateTime<Utc>>, today: NaiveDate) -> bool {
    at.is_some_and(|at| (today - company_date(at)).num_days() >= WARNING_DAYS)
}

fn idle_since_of(c: &PoolCandidate) -> DateTime<Utc> {
    idle_since(c.last_interaction_at, c.owned_since, c.created_at)
}

pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    let t: ReclaimThresholds = settings::get(pool, "pool_reclaim_days").await?;

    let rows = candidates(pool, &t, today).await?;
    let keys: Vec<String> = rows
        .iter()
        .map(|c| warning_key(c.id, c.owner_id.unwrap_or_default(), idle_since_of(c)))
        .collect();
    let warned = {
        let mut conn = pool.acquire().await?;
        recorded_at(&mut conn, &keys).await?
    };
    let owners: Vec<Uuid> = rows.iter().filter_map(|c| c.owner_id).collect();
    let persons = people(pool, &owners).await?;
    let mut out = Vec::new();
    let mut due = Vec::new();
    let mut found = 0;
    for (c, key) in rows.iter().zip(keys) {
        let grade: Grade = c.grade;
        let since = idle_since_of(c);
        let (last, owned, created) = (c.last_interaction_at, c.owned_since, c.created_at);
        let returning =
            pool_reclaim_due(grade, c.key_account, last, owned, created, false, today, &t);
        let warning =
            pool_warning_due(grade, c.key_account, last, owned, created, false, today, &t);
        if returning.is_some() && warned_in_time(warned.get(&key).copied(), today) {
            due.push(c.id);
            continue;
        }
        // In the warning window, or past the threshold without a timely warning.
        let Some(reason) = warning.or(returning) else {
            continue;
        };
        if warned.contains_key(&key) {
            continue;
        }
        let Some(p) = c.owner_id.and_then(|o| persons.get(&o)) else {
            continue;
        };
        found += 1;
        let reclaim_date = (company_date(since) + Duration::days(reason.threshold))
            .max(today + Duration::days(WARNING_DAYS));
        let notice = PoolWarning {
            recipient_name: p.display_name.clone(),
            customer_id: c.id,
            customer_name: c.name.clone(),
            owner_id: p.id,
            idle_since: since.to_rfc3339(),
            idle_days: reason.days_idle,
            threshold_days: reason.threshold,
            reclaim_date,
        };
        out.extend(NewNotification::to_user(
            key,
            &notice,
            p.id,
            &p.locale,
            at_hour(today, opts.reminder_hour),
        ));
    }
    let mut created = {
        let mut conn = pool.acquire().await?;
        enqueue_many(&mut conn, &out, now).await?
    };

    let mut reclaimed = 0;
    for id in due {
        found += 1;
        if let Some(n) = reclaim_one(pool, id, now, opts).await? {
            reclaimed += 1;
            created += n;
        }
    }
    Ok(ScanReport {
        found,
        created,
        reclaimed,
        ..ScanReport::default()
    })
}

/// Returns customer `id` to the public pool if CUS-4 says so now — idle
/// past its threshold, no open opportunity, and its owner warned at least 7
/// days ago for this idle period — re-checked under the row lock (an
/// interaction or a claim may have happened since the scan read it). The note to the previous owner is due at the reminder
/// hour. Returns the notifications recorded, or `None` when the customer
/// stays where it is.
pub async fn reclaim_one(
    pool: &PgPool,
    id: Uuid,
    now: DateTime<Utc>,
    opts: ScanOptions,
) -> DomainResult<Option<u64>> {
    let t: ReclaimThresholds = settings::get(pool, "pool_reclaim_days").await?;
    let today = company_date(now);
    let mut tx = pool.begin().await?;
    let old: Option<Customer> = sqlx::query_as("SELECT * FROM customers WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(old) = old else {
        return Ok(None);
    };
    let Some(owner) = old.owner_id else {
        return Ok(None);
    };
    let open: bool = sqlx::query_scalar("SELECT customer_has_open_opportunity($1)")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let grade: Grade = old.grade;
    let Some(reason) = pool_reclaim_due(
        grade,
        old.key_account,
        old.last_interaction_at,
        old.owned_since,
        old.created_at,
        open,
        today,
        &t,
    ) else {
        return Ok(None);
    };
    let since = idle_since(old.last_interaction_at, old.owned_since, old.created_at);
    let key = warning_key(id, owner, since);
    let warned = recorded_at(&mut tx, std::slice::from_ref(&key)).await?;
    if !warned_in_time(warned.get(&key).copied(), today) {
        return Ok(None);
    }
    let ctx = Ctx {
        actor: Actor::system(ACTOR_LABEL),
        request_id: format!("scan:pool:{today}"),
        now,
    };
    let until = today + Duration::days(RECLAIM_BLOCK_DAYS);
    let new: Customer = sqlx::query_as(
        "UPDATE customers SET owner_id = NULL, owner_unit_id = NULL, owned_since = NULL,
            reclaim_block_user = $2, reclaim_block_until = $3, version = version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(owner)
    .bind(until)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    history(&mut tx, &ctx, id, None, "RECLAIMED").await?;
    audit::record_diff(&mut tx, &ctx, "CUSTOMER", id, "RECLAIM", &old, &new).await?;
    let person: Option<(String, String)> =
        sqlx::query_as("SELECT display_name, locale FROM users WHERE id = $1 AND active")
            .bind(owner)
            .fetch_optional(&mut *tx)
            .await?;
    let mut created = 0;
    if let Some((name, locale)) = person {
        let notice = PoolReclaimed {
            recipient_name: name,
            customer_id: id,
            customer_name: old.name.clone(),
            idle_days: reason.days_idle,
            threshold_days: reason.threshold,
            blocked_until: until,
        };
        let items = NewNotification::to_user(
            format!("pool:{id}:{today}:reclaimed"),
            &notice,
            owner,
            &locale,
            at_hour(today, opts.reminder_hour),
        );
        created = notify::enqueue_many(&mut tx, &items, now).await?;
    }
    tx.commit().await?;
    Ok(Some(created))
}
