//! The daily dunning scan (REC-6, AUTO-3) and the automatic credit-hold
//! lift (REC-7).
//!
//! Per customer, one transaction under the customer row lock (the lock the
//! receipts take too): for each overdue item whose due level is above the
//! highest level recorded, the lower levels not recorded become SKIPPED
//! steps (a scan that first sees an item at L2 — the workers were down, a
//! pause ended — sends only L2), the due level a NOTIFIED step naming the
//! notifications it goes into, and the actions of every newly reached level
//! are applied (credit hold, HIGH risk). Then one notice per level and
//! billing contact lists every item of the customer that reached the level
//! (REC-6: one notice per customer and level per day). At the end of the
//! run each internal recipient gets one digest of what crossed a level
//! ([`super::notices::enqueue_digests`]). `UNIQUE (item_id, level)` and the
//! outbox keys make re-runs and concurrent scans record nothing twice.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::notices::{
    DunningNotice, LevelItem, OverdueItem, digest_key, enqueue_digests, existing_keys, fresh_key,
    list_fields, money, notice_key, overdue_lines,
};
use super::risk::{BadDebtRisk, open_high_risk};
use super::{Level, LevelAction, RecipientKind, dunning_level_due, levels};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::DomainResult;
use crate::notify::scan::{ScanOptions, ScanReport, at_hour};
use crate::notify::{NewNotification, enqueue_many};
use crate::org::Actor;
use crate::receivables::{Item, lock_customer_unscoped, post_due_receivables};

/// Label of the scan in the audit log.
pub const ACTOR_LABEL: &str = "system:dunning";

#[derive(sqlx::FromRow)]
struct Due {
    #[sqlx(flatten)]
    item: Item,
    open: Decimal,
    days_overdue: i32,
}

#[derive(Clone, sqlx::FromRow)]
struct Person {
    id: Uuid,
    display_name: String,
    locale: String,
}

/// REC-6: posts what fell due by `today`, then records the due dunning
/// levels of every overdue item not paused; REC-7: lifts the credit hold of
/// customers with nothing overdue.
pub async fn scan(
    pool: &PgPool,
    now: DateTime<Utc>,
    today: NaiveDate,
    opts: ScanOptions,
) -> DomainResult<ScanReport> {
    post_due_receivables(pool, today, now).await?;
    let policy = levels(pool).await?;
    let days = policy.days();
    let first = days.first().copied().unwrap_or(1);
    let rows: Vec<Due> = sqlx::query_as(
        "SELECT ri.*, ri.open_amount AS open, ($1::date - ri.due_date) AS days_overdue
           FROM receivable_items ri
          WHERE ri.open_amount <> 0 AND ri.open_amount > 0
            AND ri.due_date <= $1::date - $2::int
            AND (SELECT count(*) FROM unnest($3::int[]) d WHERE $1::date - ri.due_date >= d)
                > COALESCE((SELECT max(ds.level) FROM dunning_steps ds WHERE ds.item_id = ri.id), 0)
            AND NOT EXISTS (SELECT 1 FROM payment_disputes pd
                             WHERE pd.item_id = ri.id AND pd.closed_at IS NULL)
            AND NOT EXISTS (SELECT 1 FROM promises_to_pay p
                             WHERE p.customer_id = ri.customer_id AND (p.item_id IS NULL OR p.item_id = ri.id)
                               AND p.cancelled_at IS NULL AND p.promised_date >= $1::date)
          ORDER BY ri.customer_id, ri.due_date, ri.id",
    )
    .bind(today)
    .bind(first)
    .bind(&days)
    .fetch_all(pool)
    .await?;
    let ctx = Ctx {
        actor: Actor::system(ACTOR_LABEL),
        request_id: format!("scan:dunning:{today}"),
        now,
    };
    let mut by_customer: Vec<(Uuid, Vec<Due>)> = Vec::new();
    for r in rows {
        match by_customer.last_mut() {
            Some((c, list)) if *c == r.item.customer_id => list.push(r),
            _ => by_customer.push((r.item.customer_id, vec![r])),
        }
    }
    let mut people = Recipients::default();
    let at = at_hour(today, opts.reminder_hour);
    // A later run of the day whose notices or digests exist already makes
    // its own (`fresh_key`).
    let run = Uuid::now_v7();
    let mut digest_keys: HashMap<Uuid, String> = HashMap::new();
    let mut report = ScanReport::default();
    for (customer, items) in by_customer {
        let mut tx = pool.begin().await?;
        lock_customer_unscoped(&mut tx, customer).await?;
        let name: String =
            sqlx::query_scalar!("SELECT name FROM customers WHERE id = $1", customer)
                .fetch_one(&mut *tx)
                .await?;
        let contacts: Vec<Person> = sqlx::query_as(
            "SELECT id, name AS display_name, locale FROM contacts
              WHERE customer_id = $1 AND active AND is_billing AND btrim(COALESCE(email, '')) <> ''
              ORDER BY id",
        )
        .bind(customer)
        .fetch_all(&mut *tx)
        .await?;
        let lines = overdue_lines(&mut tx, customer, today).await?;
        let (list, total) = list_fields(&lines);
        let candidates: Vec<String> = policy
            .levels
            .iter()
            .flat_map(|l| {
                contacts
                    .iter()
                    .map(move |c| notice_key(customer, l.level, today, c.id))
            })
            .collect();
        let sent_today = existing_keys(&mut tx, &candidates).await?;
        let notice_key_of = |level: i16, contact: Uuid| {
            fresh_key(
                notice_key(customer, level, today, contact),
                &sent_today,
                run,
            )
        };
        let mut letters: BTreeMap<i16, Vec<&Due>> = BTreeMap::new();
        for due in &items {
            let level_due = dunning_level_due(&days, due.days_overdue.into());
            let reached: i16 = sqlx::query_scalar!(
                r#"SELECT COALESCE(max(level), 0)::smallint AS "reached!" FROM dunning_steps
                    WHERE item_id = $1"#,
                due.item.id
            )
            .fetch_one(&mut *tx)
            .await?;
            if level_due <= reached {
                continue;
            }
            report.found += 1;
            let Some(level) = policy.get(level_due) else {
                continue;
            };
            let newly: Vec<&Level> = policy
                .levels
                .iter()
                .filter(|l| l.level > reached && l.level <= level_due)
                .collect();
            let hold = newly
                .iter()
                .any(|l| l.actions.contains(&LevelAction::CreditHold));
            let risk = newly
                .iter()
                .any(|l| l.actions.contains(&LevelAction::HighRisk));
            for skipped in newly.iter().filter(|l| l.level < level_due) {
                step(&mut tx, due, skipped.level, "SKIPPED", today, &[], now).await?;
            }
            let owner = people.owner_chain(pool, due.item.owner_id).await?;
            let mut to_contacts = false;
            let mut users: Vec<Person> = Vec::new();
            for kind in &level.recipients {
                match kind {
                    RecipientKind::BillingContact => to_contacts = true,
                    RecipientKind::Owner => users.extend(owner.owner.clone()),
                    RecipientKind::Supervisor => users.extend(owner.supervisor.clone()),
                    RecipientKind::SalesManager => users.extend(owner.manager.clone()),
                    RecipientKind::Finance => {
                        users.extend(people.with_role(pool, "FINANCE").await?);
                    }
                    RecipientKind::SalesDirector => {
                        users.extend(people.with_role(pool, "SALES_DIRECTOR").await?);
                    }
                }
            }
            let mut keys: Vec<String> = Vec::new();
            if to_contacts {
                keys.extend(contacts.iter().map(|c| notice_key_of(level_due, c.id)));
            }
            let mut seen = HashSet::new();
            for p in users.iter().filter(|p| seen.insert(p.id)) {
                if let std::collections::hash_map::Entry::Vacant(slot) = digest_keys.entry(p.id) {
                    let base = digest_key(today, p.id);
                    let held = existing_keys(&mut tx, std::slice::from_ref(&base)).await?;
                    slot.insert(fresh_key(base, &held, run));
                }
                keys.push(digest_keys[&p.id].clone());
            }
            if !step(&mut tx, due, level_due, "NOTIFIED", today, &keys, now).await? {
                continue;
            }
            if to_contacts {
                letters.entry(level_due).or_default().push(due);
            }
            if hold {
                set_hold(&mut tx, &ctx, customer).await?;
            }
            if risk {
                let signal = BadDebtRisk {
                    customer_id: customer,
                    contract_id: due.item.contract_id,
                    item_id: due.item.id,
                    days_overdue: due.days_overdue.into(),
                    open_amount: due.open,
                    level: level_due,
                };
                open_high_risk(&mut tx, &signal, now).await?;
            }
        }
        // One notice per level and billing contact, listing every item
        // that reached the level in this run.
        let mut out = Vec::new();
        for (level_no, dues) in &letters {
            let owner_name = people
                .owner_chain(pool, dues[0].item.owner_id)
                .await?
                .owner
                .map(|o| o.display_name);
            let base = notice_payload(
                customer,
                &name,
                *level_no,
                &policy,
                dues,
                (&list, &total),
                owner_name,
            );
            for c in &contacts {
                let notice = DunningNotice {
                    recipient_name: c.display_name.clone(),
                    ..base.clone()
                };
                out.push(NewNotification::to_contact(
                    notice_key_of(*level_no, c.id),
                    &notice,
                    c.id,
                    &c.locale,
                    at,
                ));
            }
        }
        report.created += enqueue_many(&mut tx, &out, now).await?;
        tx.commit().await?;
    }
    report.created += enqueue_digests(pool, today, now, at).await?;
    lift_holds(pool, &ctx).await?;
    Ok(report)
}

/// A customer's notice of a level, without its recipient: the level, every
/// item of the customer that reached it (`level_items`, oldest due first,
/// `item_ids` for the send-time re-check), the first of them in the
/// single-item fields the template shows when there is one, and all the
/// customer's overdue items.
fn notice_payload(
    customer: Uuid,
    name: &str,
    level: i16,
    policy: &super::Levels,
    dues: &[&Due],
    (items, total): (&[OverdueItem], &str),
    owner_name: Option<String>,
) -> DunningNotice {
    let first = dues[0];
    let level_items: Vec<LevelItem> = dues
        .iter()
        .map(|d| LevelItem {
            item_id: d.item.id,
            label: d.item.label.clone(),
            due_date: d.item.due_date,
            amount: money(d.item.amount),
            paid: money(d.item.amount - d.open),
            open: money(d.open),
            days_overdue: d.days_overdue,
        })
        .collect();
    let level_open: Decimal = dues.iter().map(|d| d.open).sum();
    DunningNotice {
        recipient_name: String::new(),
        recipient_role: "BILLING_CONTACT",
        customer_id: customer,
        customer_name: name.to_owned(),
        item_id: first.item.id,
        item_ids: dues.iter().map(|d| d.item.id).collect(),
        item_label: first.item.label.clone(),
        due_date: first.item.due_date,
        item_amount: money(first.item.amount),
        open_amount: money(first.open),
        paid_amount: money(first.item.amount - first.open),
        days_overdue: first.days_overdue,
        level,
        level_days: policy.get(level).map(|l| l.days),
        final_level: level == policy.levels.len() as i16,
        level_items,
        level_open: money(level_open),
        items: items.to_vec(),
        total_open: total.to_owned(),
        currency: "CNY",
        owner_name,
    }
}

/// Records that `item` reached `level`; `false` when it was recorded before.
async fn step(
    conn: &mut PgConnection,
    due: &Due,
    level: i16,
    status: &str,
    today: NaiveDate,
    keys: &[String],
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let r = sqlx::query(
        "INSERT INTO dunning_steps (id, customer_id, contract_id, installment_id, shipment_id, level, status,
             reached_on, days_overdue, open_amount, notification_keys, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (item_id, level) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(due.item.customer_id)
    .bind(due.item.contract_id)
    .bind(due.item.installment_id)
    .bind(due.item.shipment_id)
    .bind(level)
    .bind(status)
    .bind(today)
    .bind(due.days_overdue)
    .bind(due.open)
    .bind(keys)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

/// REC-6 L3: puts the customer on credit hold (if not already), audited as
/// CUSTOMER CREDIT_HOLD. The customer row is locked by the caller. The
/// customer's `version` is not bumped: the hold is not a field people edit.
async fn set_hold(conn: &mut PgConnection, ctx: &Ctx, customer: Uuid) -> DomainResult<()> {
    let set: Option<DateTime<Utc>> = sqlx::query_scalar!(
        r#"UPDATE customers SET credit_hold_since = $2 WHERE id = $1 AND credit_hold_since IS NULL
         RETURNING credit_hold_since AS "since!""#,
        customer,
        ctx.now
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(since) = set {
        let change = FieldChange {
            field: "credit_hold_since".into(),
            old: Value::Null,
            new: json!(since),
        };
        audit::record(conn, ctx, "CUSTOMER", customer, "CREDIT_HOLD", &[change]).await?;
    }
    Ok(())
}

/// REC-7: lifts the customer's credit hold when it has no overdue item
/// (open amount > 0, due before today in the company calendar), audited as
/// CUSTOMER CREDIT_HOLD_LIFT. Called under the customer row lock: by the
/// scan, and at the end of `recordReceipt` so that paying off the last
/// overdue item lifts the hold at once. Returns whether it lifted.
pub async fn lift_hold_if_clear(
    conn: &mut PgConnection,
    ctx: &Ctx,
    customer: Uuid,
) -> DomainResult<bool> {
    let today = crate::clock::company_date(ctx.now);
    let since: Option<DateTime<Utc>> = sqlx::query_scalar!(
        "SELECT credit_hold_since FROM customers WHERE id = $1",
        customer
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    let Some(since) = since else {
        return Ok(false);
    };
    let lifted = sqlx::query(
        "UPDATE customers c SET credit_hold_since = NULL
          WHERE c.id = $1 AND c.credit_hold_since IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM receivable_items ri
                             WHERE ri.customer_id = c.id AND ri.due_date < $2
                               AND ri.open_amount > 0)",
    )
    .bind(customer)
    .bind(today)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if lifted == 0 {
        return Ok(false);
    }
    let change = FieldChange {
        field: "credit_hold_since".into(),
        old: json!(since),
        new: Value::Null,
    };
    audit::record(
        conn,
        ctx,
        "CUSTOMER",
        customer,
        "CREDIT_HOLD_LIFT",
        &[change],
    )
    .await?;
    Ok(true)
}

/// REC-7 for every customer on hold.
async fn lift_holds(pool: &PgPool, ctx: &Ctx) -> DomainResult<u64> {
    let held: Vec<Uuid> =
        sqlx::query_scalar!("SELECT id FROM customers WHERE credit_hold_since IS NOT NULL")
            .fetch_all(pool)
            .await?;
    let mut lifted = 0;
    for customer in held {
        let mut tx = pool.begin().await?;
        lock_customer_unscoped(&mut tx, customer).await?;
        if lift_hold_if_clear(&mut tx, ctx, customer).await? {
            lifted += 1;
        }
        tx.commit().await?;
    }
    Ok(lifted)
}

/// The people around an owner, and role holders, looked up once per scan.
#[derive(Default)]
struct Recipients {
    chains: HashMap<Uuid, OwnerChain>,
    roles: HashMap<&'static str, Vec<Person>>,
}

#[derive(Clone, Default)]
struct OwnerChain {
    owner: Option<Person>,
    supervisor: Option<Person>,
    manager: Option<Person>,
}

impl Recipients {
    async fn owner_chain(&mut self, pool: &PgPool, owner: Uuid) -> DomainResult<OwnerChain> {
        if let Some(c) = self.chains.get(&owner) {
            return Ok(c.clone());
        }
        let person = |id: Option<Uuid>| async move {
            let Some(id) = id else {
                return Ok::<_, crate::error::DomainError>(None);
            };
            Ok(sqlx::query_as::<_, Person>(
                "SELECT id, display_name, locale FROM users WHERE id = $1 AND active",
            )
            .bind(id)
            .fetch_optional(pool)
            .await?)
        };
        let head = crate::org::store::direct_heads(pool, &[owner])
            .await?
            .get(&owner)
            .copied();
        // The sales manager: the first head up the owner's unit chain who
        // holds SALES_MANAGER (for a rep, the regional department's manager).
        let manager: Option<Uuid> = sqlx::query_scalar(
            "WITH RECURSIVE chain AS (
                 SELECT o.head_user_id, o.parent_id, 0 AS depth
                   FROM users u JOIN org_units o ON o.id = u.unit_id WHERE u.id = $1
                 UNION ALL
                 SELECT p.head_user_id, p.parent_id, c.depth + 1
                   FROM chain c JOIN org_units p ON p.id = c.parent_id WHERE c.depth < 20
             )
             SELECT h.id FROM chain c JOIN users h ON h.id = c.head_user_id
              WHERE h.active AND h.id <> $1
                AND (h.primary_role = 'SALES_MANAGER' OR 'SALES_MANAGER' = ANY(h.extra_roles))
              ORDER BY c.depth LIMIT 1",
        )
        .bind(owner)
        .fetch_optional(pool)
        .await?;
        let chain = OwnerChain {
            owner: person(Some(owner)).await?,
            supervisor: person(head).await?,
            manager: person(manager).await?,
        };
        self.chains.insert(owner, chain.clone());
        Ok(chain)
    }

    async fn with_role(&mut self, pool: &PgPool, role: &'static str) -> DomainResult<Vec<Person>> {
        if let Some(list) = self.roles.get(role) {
            return Ok(list.clone());
        }
        let list: Vec<Person> = sqlx::query_as(
            "SELECT id, display_name, locale FROM users
              WHERE active AND (primary_role = $1 OR $1 = ANY(extra_roles)) ORDER BY id",
        )
        .bind(role)
        .fetch_all(pool)
        .await?;
        self.roles.insert(role, list.clone());
        Ok(list)
    }
}
