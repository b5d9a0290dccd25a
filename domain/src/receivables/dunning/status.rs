//! `dunningStatus`: where dunning stands for an item or a customer — the
//! levels due and reached, each step's notifications and their delivery
//! status, what pauses it, the credit hold, the promises, disputes and risk
//! signals. Scoped like receivables (ORG-3): items by their own owner, the
//! customer by its owner; outside scope → NOT_FOUND.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::notices::pause_of;
use super::pauses::{Dispute, Promise, of_customer};
use super::{dunning_level_due, levels};
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::receivables::{Item, push_customer_scope, push_item_scope, visible_item};

/// A notification recorded for a step.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StepNotification {
    pub dedup_key: String,
    pub kind: String,
    pub recipient_user_id: Option<Uuid>,
    pub recipient_contact_id: Option<Uuid>,
    pub status: String,
    pub attempts: i32,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// One (item, level) reached.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Step {
    pub item_id: Option<Uuid>,
    pub level: i16,
    /// NOTIFIED or SKIPPED.
    pub status: String,
    pub reached_on: NaiveDate,
    pub days_overdue: i32,
    pub open_amount: Decimal,
    pub notification_keys: Vec<String>,
    pub created_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub notifications: Vec<StepNotification>,
}

/// The dunning state of one item.
#[derive(Clone, Debug)]
pub struct ItemStatus {
    pub item: Item,
    pub open: Decimal,
    /// Calendar days after the due date (≤ 0: not overdue).
    pub days_overdue: i64,
    /// The level due by the days overdue (0: none; 0 as well when nothing
    /// is open).
    pub level_due: i16,
    /// The highest level recorded.
    pub level_reached: i16,
    /// Why dunning waits, if it does.
    pub paused: Option<String>,
    pub steps: Vec<Step>,
}

/// A HIGH bad-debt risk signalled at L4.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RiskSignal {
    pub id: Uuid,
    pub item_id: Uuid,
    pub category: String,
    pub level: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
}

/// The dunning state of a customer (or of one of its items).
#[derive(Clone, Debug)]
pub struct Status {
    pub customer_id: Uuid,
    pub customer_name: String,
    pub credit_hold_since: Option<DateTime<Utc>>,
    pub items: Vec<ItemStatus>,
    pub promises: Vec<Promise>,
    pub disputes: Vec<Dispute>,
    pub risks: Vec<RiskSignal>,
}

/// The status of exactly one of `item` (that item) or `customer` (its
/// items with an open amount or a step, oldest due first, at most 500).
pub async fn status(
    pool: &PgPool,
    actor: &Actor,
    item: Option<Uuid>,
    customer: Option<Uuid>,
    now: DateTime<Utc>,
) -> DomainResult<Status> {
    let mut conn = pool.acquire().await?;
    let (customer, items) = match (item, customer) {
        (Some(id), None) => {
            let it = visible_item(&mut conn, actor, "itemId", id).await?;
            (it.customer_id, vec![it])
        }
        (None, Some(c)) => {
            let mut qb = QueryBuilder::new("SELECT cu.id FROM customers cu WHERE cu.id = ");
            qb.push_bind(c);
            push_customer_scope(&mut qb, actor);
            let found: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
            found.ok_or(DomainError::NotFound)?;
            let mut qb =
                QueryBuilder::new("SELECT ri.* FROM receivable_items ri WHERE ri.customer_id = ");
            qb.push_bind(c);
            qb.push(
                " AND (ri.open_amount > 0
                   OR EXISTS (SELECT 1 FROM dunning_steps ds WHERE ds.item_id = ri.id))",
            );
            push_item_scope(&mut qb, actor);
            qb.push(" ORDER BY ri.due_date, ri.id LIMIT 500");
            (c, qb.build_query_as::<Item>().fetch_all(&mut *conn).await?)
        }
        _ => {
            return Err(DomainError::validation(
                "itemId",
                "give exactly one of itemId and customerId",
            ));
        }
    };
    let (customer_name, credit_hold_since): (String, Option<DateTime<Utc>>) =
        sqlx::query_as("SELECT name, credit_hold_since FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_one(&mut *conn)
            .await?;
    let today = crate::clock::company_date(now);
    let days = levels(pool).await?.days();
    let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    let mut steps: Vec<Step> = sqlx::query_as(
        "SELECT item_id, level, status, reached_on, days_overdue, open_amount, notification_keys, created_at
           FROM dunning_steps WHERE item_id = ANY($1) ORDER BY item_id, level",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    let keys: Vec<String> = steps
        .iter()
        .flat_map(|s| s.notification_keys.iter().cloned())
        .collect();
    let notes: Vec<StepNotification> = sqlx::query_as(
        "SELECT dedup_key, kind, recipient_user_id, recipient_contact_id, status, attempts, sent_at, last_error
           FROM notifications WHERE dedup_key = ANY($1) ORDER BY dedup_key",
    )
    .bind(&keys)
    .fetch_all(&mut *conn)
    .await?;
    for s in &mut steps {
        s.notifications = notes
            .iter()
            .filter(|n| s.notification_keys.contains(&n.dedup_key))
            .cloned()
            .collect();
    }
    // The items' open amounts in one read of the per-item cache (migration
    // 0022, equal to Σ ledger), not one ledger sum per item.
    let open_amounts: std::collections::HashMap<Uuid, Decimal> =
        sqlx::query_as::<_, (Uuid, Decimal)>(
            "SELECT id, open_amount FROM receivable_items WHERE id = ANY($1)",
        )
        .bind(&ids)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let open = open_amounts.get(&it.id).copied().unwrap_or_default();
        let days_overdue = (today - it.due_date).num_days();
        let mine: Vec<Step> = steps
            .iter()
            .filter(|s| s.item_id == Some(it.id))
            .cloned()
            .collect();
        let paused = pause_of(&mut conn, customer, it.id, today).await?;
        out.push(ItemStatus {
            open,
            days_overdue,
            level_due: if open > Decimal::ZERO {
                dunning_level_due(&days, days_overdue)
            } else {
                0
            },
            level_reached: mine.iter().map(|s| s.level).max().unwrap_or(0),
            paused,
            steps: mine,
            item: it,
        });
    }
    let (mut promises, mut disputes) = of_customer(&mut conn, customer, item).await?;
    let risks: Vec<RiskSignal> = sqlx::query_as(
        "SELECT id, item_id, category, level, source, created_at FROM risk_signals
          WHERE item_id = ANY($1) ORDER BY created_at, id",
    )
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    // Item-level pauses of items outside the caller's scope stay hidden.
    promises.retain(|p| p.item_id.is_none_or(|i| ids.contains(&i)));
    disputes.retain(|d| d.item_id.is_none_or(|i| ids.contains(&i)));
    Ok(Status {
        customer_id: customer,
        customer_name,
        credit_hold_since,
        items: out,
        promises,
        disputes,
        risks,
    })
}
