//! REC-1: ledger postings. SALE debits (by invoice, by delivery note, or
//! automatically at the due date), the automatic application of unapplied
//! credit, adjustments and write-offs.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{
    Item, LEDGER_ENTRY, LedgerEntry, check_amount, check_signed, finance, item_unscoped,
    lock_customer, lock_customer_unscoped, not_future, required_text, visible_item,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};

/// A ledger entry to append.
#[derive(Clone, Debug, Default)]
pub(crate) struct NewEntry {
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub installment_id: Option<Uuid>,
    pub shipment_id: Option<Uuid>,
    pub receipt_id: Option<Uuid>,
    pub invoice_id: Option<Uuid>,
    pub reversal_of: Option<Uuid>,
    pub kind: &'static str,
    pub amount: Decimal,
    pub entry_date: Option<NaiveDate>,
    pub reason: Option<String>,
    pub created_by: Option<Uuid>,
}

impl NewEntry {
    /// An entry against `item` (its customer, contract and item columns).
    pub fn on(item: &Item, kind: &'static str, amount: Decimal, date: NaiveDate) -> Self {
        NewEntry {
            customer_id: item.customer_id,
            contract_id: item.contract_id,
            installment_id: item.installment_id,
            shipment_id: item.shipment_id,
            kind,
            amount,
            entry_date: Some(date),
            ..NewEntry::default()
        }
    }
}

/// Appends one entry.
pub(crate) async fn append(
    conn: &mut PgConnection,
    e: &NewEntry,
    now: DateTime<Utc>,
) -> DomainResult<LedgerEntry> {
    Ok(sqlx::query_as(
        "INSERT INTO ledger_entries (id, customer_id, contract_id, installment_id, shipment_id, receipt_id,
             invoice_id, reversal_of, kind, amount, entry_date, reason, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(e.customer_id)
    .bind(e.contract_id)
    .bind(e.installment_id)
    .bind(e.shipment_id)
    .bind(e.receipt_id)
    .bind(e.invoice_id)
    .bind(e.reversal_of)
    .bind(e.kind)
    .bind(e.amount)
    .bind(e.entry_date.unwrap_or_else(|| crate::clock::company_date(now)))
    .bind(&e.reason)
    .bind(e.created_by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// The open amount of an item: Σ of its entries.
pub(crate) async fn open_amount(conn: &mut PgConnection, item: Uuid) -> DomainResult<Decimal> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(amount), 0) AS "open!" FROM ledger_entries WHERE item_id = $1"#,
        item
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// What of an item is posted: Σ of its SALE entries.
pub(crate) async fn posted_amount(conn: &mut PgConnection, item: Uuid) -> DomainResult<Decimal> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COALESCE(SUM(amount), 0) AS "posted!" FROM ledger_entries
            WHERE item_id = $1 AND kind = 'SALE'"#,
        item
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// The customer's open posted items, oldest due first (due date, then id),
/// with their open amounts. The customer is locked by the caller.
pub(crate) async fn open_items(
    conn: &mut PgConnection,
    customer: Uuid,
) -> DomainResult<Vec<(Item, Decimal)>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        item: Item,
        open: Decimal,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT ri.*, o.open FROM (
             SELECT item_id, SUM(amount) AS open FROM ledger_entries
              WHERE customer_id = $1 AND item_id IS NOT NULL GROUP BY item_id HAVING SUM(amount) > 0
         ) o JOIN receivable_items ri ON ri.id = o.item_id
         ORDER BY ri.due_date, ri.id",
    )
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.item, r.open)).collect())
}

/// Posts the SALE debit of `amount` on `item` and applies the customer's
/// unapplied credit. The customer is locked by the caller.
pub(crate) async fn post_sale(
    conn: &mut PgConnection,
    item: &Item,
    amount: Decimal,
    date: NaiveDate,
    invoice: Option<Uuid>,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let mut e = NewEntry::on(item, "SALE", amount, date);
    e.invoice_id = invoice;
    e.created_by = by;
    append(conn, &e, now).await?;
    apply_credit(conn, item.customer_id, date, by, now).await
}

/// REC-2: applies the customer's unapplied credit to its open posted
/// items, oldest due first; credit sources are used oldest first (one per
/// receipt, then credit from customer-level adjustments). Each application
/// is a pair of CREDIT_APPLIED entries: +x without an item (the credit is
/// used) and −x on the item, both naming the source receipt, plus a
/// receipt allocation. The customer balance does not change.
pub(crate) async fn apply_credit(
    conn: &mut PgConnection,
    customer: Uuid,
    date: NaiveDate,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    let sources: Vec<(Option<Uuid>, Decimal, NaiveDate)> = sqlx::query_as(
        "SELECT receipt_id, -SUM(amount), max(entry_date) FROM ledger_entries
          WHERE customer_id = $1 AND item_id IS NULL
          GROUP BY receipt_id HAVING SUM(amount) < 0
          ORDER BY min(entry_date), receipt_id NULLS LAST",
    )
    .bind(customer)
    .fetch_all(&mut *conn)
    .await?;
    if sources.is_empty() {
        return Ok(());
    }
    let items = open_items(conn, customer).await?;
    let opens: Vec<Decimal> = items.iter().map(|(_, open)| *open).collect();
    let avails: Vec<Decimal> = sources.iter().map(|(_, avail, _)| *avail).collect();
    for a in plan_credit(&opens, &avails) {
        let (item, _) = &items[a.item];
        let (receipt, _, src_date) = sources[a.source];
        let day = date.max(src_date);
        let used = NewEntry {
            customer_id: customer,
            receipt_id: receipt,
            kind: "CREDIT_APPLIED",
            amount: a.amount,
            entry_date: Some(day),
            created_by: by,
            ..NewEntry::default()
        };
        append(conn, &used, now).await?;
        let mut applied = NewEntry::on(item, "CREDIT_APPLIED", -a.amount, day);
        applied.receipt_id = receipt;
        applied.created_by = by;
        let credit = append(conn, &applied, now).await?;
        if let Some(r) = receipt {
            allocate_row(conn, r, item, a.amount, credit.id, now).await?;
        }
    }
    Ok(())
}

/// One application of credit: `amount` of source `source` to item `item`
/// (indexes into the lists given to [`plan_credit`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CreditApplication {
    pub item: usize,
    pub source: usize,
    pub amount: Decimal,
}

/// REC-2 allocation as a rule: the open amounts of the items (oldest due
/// first) take the available credit of the sources (oldest first), each
/// item until it is paid or the credit runs out, each source until it is
/// used up. Nothing is applied to an item with nothing open.
pub(crate) fn plan_credit(opens: &[Decimal], avails: &[Decimal]) -> Vec<CreditApplication> {
    let mut avails = avails.to_vec();
    let mut out = Vec::new();
    let mut s = 0;
    for (item, open) in opens.iter().enumerate() {
        let mut open = *open;
        while open > Decimal::ZERO && s < avails.len() {
            let amount = open.min(avails[s]);
            if amount > Decimal::ZERO {
                out.push(CreditApplication {
                    item,
                    source: s,
                    amount,
                });
            }
            open -= amount;
            avails[s] -= amount;
            if avails[s] <= Decimal::ZERO {
                s += 1;
            }
        }
        if s >= avails.len() {
            break;
        }
    }
    out
}

/// Records a receipt allocation row for its ledger credit.
pub(crate) async fn allocate_row(
    conn: &mut PgConnection,
    receipt: Uuid,
    item: &Item,
    amount: Decimal,
    entry: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO receipt_allocations (id, receipt_id, installment_id, shipment_id, amount,
             ledger_entry_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(receipt)
    .bind(item.installment_id)
    .bind(item.shipment_id)
    .bind(amount)
    .bind(entry)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// CON-5 / REC-1: posts the sale of a delivery note of an order outside a
/// contract, on the shipment's transaction (the shipment store calls this
/// right after inserting the shipment). A delivery note under a contract,
/// one of amount 0, or one already posted posts nothing. The authorisation
/// is the caller's (recording the shipment).
pub async fn post_delivery(
    conn: &mut PgConnection,
    shipment_id: Uuid,
    ctx: &Ctx,
) -> DomainResult<()> {
    let Some(item) = item_unscoped(conn, shipment_id).await? else {
        return Ok(());
    };
    lock_customer_unscoped(conn, item.customer_id).await?;
    let rest = item.amount - posted_amount(conn, item.id).await?;
    if rest > Decimal::ZERO {
        post_sale(
            conn,
            &item,
            rest,
            item.shipped_date(),
            None,
            ctx.actor.user_id,
            ctx.now,
        )
        .await?;
    }
    Ok(())
}

/// What [`post_due_receivables`] posted.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PostingSummary {
    pub items: i64,
    pub amount: Decimal,
}

/// REC-1: posts the SALE debit of every receivable item due by `as_of`
/// that is not (fully) posted yet — installments not invoiced by their due
/// date (the not-invoiced rest, dated the due date) and any delivery note
/// not yet posted (dated its shipped date). Installments of TERMINATED
/// contracts are not posted. One transaction per customer. Run daily (the
/// dunning job) and by `postDueReceivables`; re-runs post nothing twice.
pub async fn post_due_receivables(
    pool: &PgPool,
    as_of: NaiveDate,
    now: DateTime<Utc>,
) -> DomainResult<PostingSummary> {
    // posted_amount (migration 0022, = Σ SALE of the item) lets the partial
    // indexes find the few items not fully posted.
    let customers: Vec<Uuid> = sqlx::query_scalar!(
        r#"SELECT DISTINCT ri.customer_id AS "customer_id!" FROM receivable_items ri
          WHERE (ri.kind = 'SHIPMENT' OR ri.due_date <= $1)
            AND ri.contract_status IS DISTINCT FROM 'TERMINATED'
            AND ri.posted_amount < ri.amount"#,
        as_of
    )
    .fetch_all(pool)
    .await?;
    let mut summary = PostingSummary::default();
    for customer in customers {
        let mut tx = pool.begin().await?;
        lock_customer_unscoped(&mut tx, customer).await?;
        let due: Vec<(Item, Decimal)> = {
            #[derive(sqlx::FromRow)]
            struct Row {
                #[sqlx(flatten)]
                item: Item,
                posted: Decimal,
            }
            let rows: Vec<Row> = sqlx::query_as(
                "SELECT ri.*, (SELECT COALESCE(SUM(le.amount), 0) FROM ledger_entries le
                                WHERE le.item_id = ri.id AND le.kind = 'SALE') AS posted
                   FROM receivable_items ri
                  WHERE ri.customer_id = $1 AND (ri.kind = 'SHIPMENT' OR ri.due_date <= $2)
                    AND ri.contract_status IS DISTINCT FROM 'TERMINATED'
                  ORDER BY ri.due_date, ri.id",
            )
            .bind(customer)
            .bind(as_of)
            .fetch_all(&mut *tx)
            .await?;
            rows.into_iter().map(|r| (r.item, r.posted)).collect()
        };
        for (item, posted) in due {
            let rest = item.amount - posted;
            if rest <= Decimal::ZERO {
                continue;
            }
            let date = match item.kind() {
                super::ItemKind::Shipment => item.shipped_date(),
                super::ItemKind::Installment => item.due_date,
            };
            post_sale(&mut tx, &item, rest, date, None, None, now).await?;
            summary.items += 1;
            summary.amount += rest;
        }
        tx.commit().await?;
    }
    Ok(summary)
}

#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    entry: &'a LedgerEntry,
}

/// REC-1: a manual correction (mutation `recordAdjustment`) by finance:
/// ± `amount` (not 0, 2 places), a reason (1–2000 characters), on one of
/// the customer's items or on the customer (then it moves the unapplied
/// credit). On an item a negative adjustment may not take its open amount
/// below 0 (VALIDATION `amount`). Audited as LEDGER_ENTRY ADJUST.
pub async fn record_adjustment(
    pool: &PgPool,
    ctx: &Ctx,
    customer: Uuid,
    item: Option<Uuid>,
    amount: Decimal,
    reason: Option<&str>,
) -> DomainResult<LedgerEntry> {
    let amount = check_signed("amount", amount)?;
    let reason = required_text("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    lock_customer(&mut tx, &ctx.actor, customer).await?;
    let me = finance(&ctx.actor)?;
    let today = crate::clock::company_date(ctx.now);
    let mut e = match item {
        Some(id) => {
            let item = visible_item(&mut tx, &ctx.actor, "itemId", id).await?;
            if item.customer_id != customer {
                return Err(DomainError::validation(
                    "itemId",
                    "not an item of this customer",
                ));
            }
            let open = open_amount(&mut tx, id).await?;
            if open + amount < Decimal::ZERO {
                return Err(DomainError::validation(
                    "amount",
                    format!("the item's open amount is {open}; it may not go below 0"),
                ));
            }
            NewEntry::on(&item, "ADJUSTMENT", amount, today)
        }
        None => NewEntry {
            customer_id: customer,
            kind: "ADJUSTMENT",
            amount,
            entry_date: Some(today),
            ..NewEntry::default()
        },
    };
    e.reason = Some(reason);
    e.created_by = Some(me);
    let entry = append(&mut tx, &e, ctx.now).await?;
    audit::record(
        &mut tx,
        ctx,
        LEDGER_ENTRY,
        entry.id,
        "ADJUST",
        &audit::created(&Audited { entry: &entry }),
    )
    .await?;
    tx.commit().await?;
    Ok(entry)
}

/// REC-1: writes off (mutation `writeOff`) `amount` of an item's open
/// amount (> 0, 2 places, at most the open amount: VALIDATION `amount`),
/// with a reason (VALIDATION `reason`). Finance only. Audited as
/// LEDGER_ENTRY WRITE_OFF.
pub async fn write_off(
    pool: &PgPool,
    ctx: &Ctx,
    item: Uuid,
    amount: Decimal,
    reason: Option<&str>,
) -> DomainResult<LedgerEntry> {
    let amount = check_amount("amount", amount)?;
    let reason = required_text("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    let found = visible_item(&mut tx, &ctx.actor, "itemId", item).await?;
    lock_customer_unscoped(&mut tx, found.customer_id).await?;
    let me = finance(&ctx.actor)?;
    let open = open_amount(&mut tx, item).await?;
    if amount > open {
        return Err(DomainError::validation(
            "amount",
            format!("at most the item's open amount, {open}"),
        ));
    }
    let today = crate::clock::company_date(ctx.now);
    let mut e = NewEntry::on(&found, "WRITE_OFF", -amount, today);
    e.reason = Some(reason);
    e.created_by = Some(me);
    let entry = append(&mut tx, &e, ctx.now).await?;
    audit::record(
        &mut tx,
        ctx,
        LEDGER_ENTRY,
        entry.id,
        "WRITE_OFF",
        &audit::created(&Audited { entry: &entry }),
    )
    .await?;
    tx.commit().await?;
    Ok(entry)
}

/// The ledger of a customer (oldest first), within the actor's scope
/// (NOT_FOUND otherwise), optionally one contract's entries only.
pub async fn customer_ledger(
    pool: &PgPool,
    actor: &crate::org::Actor,
    customer: Uuid,
    contract: Option<Uuid>,
) -> DomainResult<Vec<LedgerEntry>> {
    let mut conn = pool.acquire().await?;
    let mut qb = sqlx::QueryBuilder::new("SELECT cu.id FROM customers cu WHERE cu.id = ");
    qb.push_bind(customer);
    super::push_customer_scope(&mut qb, actor);
    let found: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
    if found.is_none() {
        return Err(DomainError::NotFound);
    }
    Ok(sqlx::query_as(
        "SELECT * FROM ledger_entries WHERE customer_id = $1 AND ($2::uuid IS NULL OR contract_id = $2)
          ORDER BY entry_date, seq",
    )
    .bind(customer)
    .bind(contract)
    .fetch_all(&mut *conn)
    .await?)
}

/// A customer's balances from the ledger (REC-1).
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow)]
pub struct Balance {
    /// Σ of all entries: what the customer owes (negative: we owe).
    pub balance: Decimal,
    /// Σ of the open amounts of its items.
    pub open_items: Decimal,
    /// −Σ of the entries without an item.
    pub unapplied_credit: Decimal,
}

/// The balances of a customer (scope checked by the caller).
pub async fn balance(pool: &PgPool, customer: Uuid) -> DomainResult<Balance> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(SUM(amount), 0) AS balance,
                COALESCE(SUM(amount) FILTER (WHERE item_id IS NOT NULL), 0) AS open_items,
                COALESCE(-SUM(amount) FILTER (WHERE item_id IS NULL), 0) AS unapplied_credit
           FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(customer)
    .fetch_one(pool)
    .await?)
}

/// The date check of money events, shared by invoices and receipts.
pub(crate) fn past_or_today(field: &str, d: NaiveDate, now: DateTime<Utc>) -> DomainResult<()> {
    not_future(field, d, crate::clock::company_date(now))
}

#[cfg(test)]
mod credit_tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn plan(opens: &[&str], avails: &[&str]) -> Vec<(usize, usize, String)> {
        let opens: Vec<Decimal> = opens.iter().map(|s| d(s)).collect();
        let avails: Vec<Decimal> = avails.iter().map(|s| d(s)).collect();
        plan_credit(&opens, &avails)
            .into_iter()
            .map(|a| (a.item, a.source, a.amount.to_string()))
            .collect()
    }

    #[test]
    fn rec2_credit_pays_the_oldest_items_first_from_the_oldest_credit() {
        // Items 100 and 50 (oldest due first); credits 120 then 40.
        assert_eq!(
            plan(&["100.00", "50.00"], &["120.00", "40.00"]),
            vec![
                (0, 0, "100.00".into()),
                (1, 0, "20.00".into()),
                (1, 1, "30.00".into()),
            ]
        );
    }

    #[test]
    fn rec2_credit_short_of_the_items_leaves_the_rest_open() {
        assert_eq!(
            plan(&["80.00", "70.00"], &["30.00"]),
            vec![(0, 0, "30.00".into())]
        );
    }

    #[test]
    fn rec2_credit_beyond_the_items_stays_unapplied_and_nothing_open_takes_nothing() {
        assert_eq!(
            plan(&["0.00", "25.50"], &["100.00"]),
            vec![(1, 0, "25.50".into())]
        );
        assert_eq!(plan(&[], &["10.00"]), vec![]);
        assert_eq!(plan(&["10.00"], &[]), vec![]);
    }
}
