//! REC-1..4 and CON-8: the receivables ledger (应收款台帐), invoices,
//! receipts and their allocation, aging, the collection rate and the
//! contract performance overview. The model is written down in
//! docs/receivables.md.
//!
//! - A **receivable item** is a contract installment with a due date (of a
//!   contract signed or later) or the delivery note of an order outside a
//!   contract (CON-5, due [`SHIPMENT_TERMS_DAYS`] after shipping). Its id is
//!   the installment's or the shipment's id (view `receivable_items`).
//! - The **ledger** is append-only (a trigger refuses UPDATE and DELETE);
//!   amounts are signed, debit > 0, credit < 0. Customer balance = Σ
//!   amount; an item's open amount = Σ amount of its entries; the unapplied
//!   credit = −Σ amount of the customer's entries without an item.
//! - Every write locks the customer row first, so postings, allocations
//!   and reversals of one customer queue.

pub mod cash_collections;
pub mod dunning;
pub mod handover;
pub mod invoices;
pub mod ledger;
pub mod receipts;
pub mod reports;
pub mod statements;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::notify::NoticeKind;
use crate::org::{Access, Actor, Resource, Role, Scope};

pub use ledger::{post_delivery, post_due_receivables};

/// Audit entity of invoices (CREATE).
pub const INVOICE: &str = "INVOICE";
/// Audit entity of receipts (CREATE, REVERSE).
pub const RECEIPT: &str = "RECEIPT";
/// Audit entity of manual ledger entries (ADJUST, WRITE_OFF).
pub const LEDGER_ENTRY: &str = "LEDGER_ENTRY";

/// The customer's payment terms for a delivery note outside a contract:
/// due this many days after the shipped date (CON-5). A constant until
/// customers carry their own terms.
pub const SHIPMENT_TERMS_DAYS: i32 = 30;

/// Project team members see the receivables of their project's contracts
/// (alias `ri` = receivable_items).
pub(crate) const ITEM_TEAM_EXISTS: &str = "EXISTS (SELECT 1 FROM opportunity_team_members m
    WHERE m.opportunity_id = ri.opportunity_id AND m.user_id = {member})";

/// What a receivable item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ItemKind {
    Installment,
    Shipment,
}

/// A receivable item (a row of the view `receivable_items`).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Item {
    pub id: Uuid,
    /// INSTALLMENT or SHIPMENT.
    pub kind: String,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub installment_id: Option<Uuid>,
    pub shipment_id: Option<Uuid>,
    pub amount: Decimal,
    pub due_date: NaiveDate,
    /// "HT-2026-0001 #2 到货款" or "DD-2026-00001 / FH-2026-00001".
    pub label: String,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub contract_status: Option<String>,
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        if self.kind == "SHIPMENT" {
            ItemKind::Shipment
        } else {
            ItemKind::Installment
        }
    }

    /// The ledger date of a delivery note's sale: the shipped date.
    pub fn shipped_date(&self) -> NaiveDate {
        self.due_date - chrono::Duration::days(SHIPMENT_TERMS_DAYS.into())
    }
}

/// One ledger entry (REC-1).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct LedgerEntry {
    pub id: Uuid,
    pub seq: i64,
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub installment_id: Option<Uuid>,
    pub shipment_id: Option<Uuid>,
    pub item_id: Option<Uuid>,
    pub receipt_id: Option<Uuid>,
    pub invoice_id: Option<Uuid>,
    pub reversal_of: Option<Uuid>,
    pub kind: String,
    /// Debit > 0, credit < 0.
    pub amount: Decimal,
    pub entry_date: NaiveDate,
    pub reason: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Appends the actor's ORG-3 receivable scope over items (alias `ri`).
pub(crate) fn push_item_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor) {
    Scope::of(actor, Resource::Receivable, Access::Read).push_filter(
        qb,
        "ri.owner_id",
        "ri.owner_unit_id",
        Some(ITEM_TEAM_EXISTS),
    );
}

/// Appends the actor's ORG-3 receivable scope over customers (alias `cu`).
pub(crate) fn push_customer_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor) {
    Scope::of(actor, Resource::Receivable, Access::Read).push_filter(
        qb,
        "cu.owner_id",
        "cu.owner_unit_id",
        None,
    );
}

/// Whether the actor may read the audit trail (ORG-4) of an invoice, a
/// receipt or a manual ledger entry: through its customer's receivable scope.
pub async fn audit_visible(
    pool: &sqlx::PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let table = match entity {
        INVOICE => "invoices",
        RECEIPT => "receipts",
        LEDGER_ENTRY => "ledger_entries",
        cash_collections::CASH_COLLECTION => "cash_collections",
        _ => return Ok(false),
    };
    let mut qb = QueryBuilder::new(format!(
        "SELECT EXISTS (SELECT 1 FROM {table} r JOIN customers cu ON cu.id = r.customer_id WHERE r.id = "
    ));
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor);
    qb.push(")");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// Appends the actor's ORG-3 receivable scope over contracts (alias `c`).
pub(crate) fn push_contract_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor) {
    Scope::of(actor, Resource::Receivable, Access::Read).push_filter(
        qb,
        "c.owner_id",
        "c.owner_unit_id",
        Some(crate::contracts::TEAM_EXISTS),
    );
}

/// Only finance records money (invoices, receipts, adjustments, write-offs,
/// reversals); everyone else who can see the customer gets FORBIDDEN.
pub(crate) fn finance(actor: &Actor) -> DomainResult<Uuid> {
    match actor.user_id {
        Some(me) if !actor.read_only && actor.has_role(Role::Finance) => Ok(me),
        _ => Err(DomainError::Forbidden(
            "only finance records invoices, receipts and ledger corrections".into(),
        )),
    }
}

/// Locks the customer within the actor's receivable read scope: missing
/// or out of scope → NOT_FOUND (ORG-3).
pub(crate) async fn lock_customer(
    conn: &mut PgConnection,
    actor: &Actor,
    customer_id: Uuid,
) -> DomainResult<()> {
    let mut qb = QueryBuilder::new("SELECT cu.id FROM customers cu WHERE cu.id = ");
    qb.push_bind(customer_id);
    push_customer_scope(&mut qb, actor);
    qb.push(" FOR UPDATE OF cu");
    let found: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
    found.map(|_| ()).ok_or(DomainError::NotFound)
}

/// Locks the customer row, no scope (system postings).
pub(crate) async fn lock_customer_unscoped(
    conn: &mut PgConnection,
    customer_id: Uuid,
) -> DomainResult<()> {
    sqlx::query("SELECT id FROM customers WHERE id = $1 FOR UPDATE")
        .bind(customer_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The item `id` if the actor can see it. An installment or delivery note
/// that exists but is not (yet) a receivable item → VALIDATION `field`.
pub(crate) async fn visible_item(
    conn: &mut PgConnection,
    actor: &Actor,
    field: &str,
    id: Uuid,
) -> DomainResult<Item> {
    let mut qb = QueryBuilder::new("SELECT ri.* FROM receivable_items ri WHERE ri.id = ");
    qb.push_bind(id);
    push_item_scope(&mut qb, actor);
    if let Some(item) = qb
        .build_query_as::<Item>()
        .fetch_optional(&mut *conn)
        .await?
    {
        return Ok(item);
    }
    let mut qb = QueryBuilder::new(
        "SELECT EXISTS (SELECT 1 FROM contract_installments i JOIN contracts c ON c.id = i.contract_id
          WHERE i.id = ",
    );
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor);
    qb.push(
        ") OR EXISTS (SELECT 1 FROM shipments s JOIN orders c ON c.id = s.order_id WHERE s.id = ",
    );
    qb.push_bind(id);
    Scope::of(actor, Resource::Receivable, Access::Read).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push(")");
    let exists: bool = qb.build_query_scalar().fetch_one(&mut *conn).await?;
    if exists {
        return Err(DomainError::validation(
            field,
            "not a receivable item: an installment becomes one when its contract is signed and it has \
             a due date; a delivery note only outside a contract (invoice the contract's installments)",
        ));
    }
    Err(DomainError::NotFound)
}

/// The item `id`, no scope.
pub(crate) async fn item_unscoped(conn: &mut PgConnection, id: Uuid) -> DomainResult<Option<Item>> {
    Ok(
        sqlx::query_as("SELECT ri.* FROM receivable_items ri WHERE ri.id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// An amount: greater than 0, at most 2 decimal places, fits numeric(16,2).
pub fn check_amount(field: &str, v: Decimal) -> DomainResult<Decimal> {
    if v <= Decimal::ZERO {
        return Err(DomainError::validation(field, "must be greater than 0"));
    }
    check_signed(field, v)
}

/// A signed amount: not 0, at most 2 decimal places, fits numeric(16,2).
pub fn check_signed(field: &str, v: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount(field, v, Sign::NonZero).map(|v| v.normalize().round_dp(2))
}

/// A required text: trimmed, 1..=max characters.
pub fn required_text(field: &str, v: Option<&str>, max: usize) -> DomainResult<String> {
    let v = v.map(str::trim).unwrap_or_default();
    if v.is_empty() {
        return Err(DomainError::validation(field, "is required"));
    }
    if v.chars().count() > max {
        return Err(DomainError::validation(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// An optional text: trimmed, empty → None, at most max characters.
pub fn optional_text(field: &str, v: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.chars().count() > max => Err(DomainError::validation(
            field,
            format!("at most {max} characters"),
        )),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

/// A business date of a money event: not after today (company calendar).
pub(crate) fn not_future(field: &str, d: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    if d > today {
        return Err(DomainError::validation(field, "must not be in the future"));
    }
    Ok(())
}

/// Statements (REC-5), dunning notices and digests (REC-6/7) and cash
/// handover notices (REC-9).
pub struct ReceivableNotices;

impl crate::notify::notices::Notices for ReceivableNotices {
    fn owns(kind: NoticeKind) -> bool {
        matches!(
            kind,
            NoticeKind::DunningNotice
                | NoticeKind::DunningAlert
                | NoticeKind::DunningDigest
                | NoticeKind::CashHandoverOverdue
                | NoticeKind::Statement
        )
    }

    async fn cancel_reason(
        pool: &sqlx::PgPool,
        n: &crate::notify::Notification,
        today: NaiveDate,
    ) -> DomainResult<Option<String>> {
        match n.kind {
            NoticeKind::DunningNotice | NoticeKind::DunningAlert | NoticeKind::DunningDigest => {
                dunning::cancel_reason(pool, n, today).await
            }
            NoticeKind::CashHandoverOverdue => handover::cancel_reason(pool, n).await,
            NoticeKind::Statement => statements::cancel_reason(pool, n).await,
            _ => Ok(None),
        }
    }

    /// Dunning emails state the current open amount of a partly paid item.
    async fn refresh_payload(
        pool: &sqlx::PgPool,
        n: &crate::notify::Notification,
        today: NaiveDate,
    ) -> DomainResult<Option<serde_json::Value>> {
        dunning::refresh_payload(pool, n, today).await
    }
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(Some(match entity {
        "INVOICE" | "RECEIPT" | "LEDGER_ENTRY" | "CASH_COLLECTION" => {
            audit_visible(pool, actor, entity, id).await?
        }
        "PROMISE_TO_PAY" | "PAYMENT_DISPUTE" => {
            dunning::pauses::audit_visible(pool, actor, entity, id).await?
        }
        "STATEMENT_RUN" => {
            actor.sees_everything() || actor.has_role(Role::Admin) || actor.has_role(Role::Finance)
        }
        _ => return Ok(None),
    }))
}

/// Company settings this context owns: validates and stores the change;
/// `None` when the key is another context's.
/// `crate::registry::update_company_setting` asks every context.
pub async fn update_setting(
    c: &crate::customers::settings::SettingChange<'_>,
) -> crate::error::DomainResult<Option<crate::customers::settings::Setting>> {
    Ok(Some(match c.key {
        // REC-6: dunning levels, validated (1–4 levels, days in order).
        dunning::LEVELS_KEY => {
            dunning::update_levels(c.pool, c.ctx, c.value.clone(), c.version).await?
        }
        // REC-5: the company day of the month statements go out (1–28).
        "statement_day" => c.validated(statements::validate_statement_day).await?,
        // REC-5: statements also to the customers' billing contacts.
        "statement_billing_contact" => c.validated::<bool>(|_| Ok(())).await?,
        _ => return Ok(None),
    }))
}
