//! CON-3/CON-4 order writes. Each write is one transaction: the order row
//! locked within the actor's write scope (ORG-3), its `version` checked,
//! the rule applied, the version bumped and the audit entry (`ORDER`)
//! written on the same transaction, with any notification it causes.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    LineInput, ORDER, Order, OrderLine, OrderStatus, check_cancel, check_currency, check_lines,
    check_status_move, lock_order, next_number, notices, optional, required, total, writer,
};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Role, Scope};

/// The content of an order as entered (`createOrder`, `updateOrder`).
#[derive(Clone, Debug, Default)]
pub struct OrderFields {
    pub required_date: Option<NaiveDate>,
    /// The date promised to the customer; required to confirm.
    pub promised_date: Option<NaiveDate>,
    /// At most 300 characters.
    pub delivery_place: Option<String>,
    /// At most 300 characters.
    pub packaging: Option<String>,
    /// At most 100 characters.
    pub shipping_method: Option<String>,
    /// A contact of the order's customer.
    pub contact_id: Option<Uuid>,
    /// ISO code; default the contract's currency, else CNY.
    pub currency: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 200 lines.
    pub lines: Vec<LineInput>,
}

struct Checked {
    delivery_place: Option<String>,
    packaging: Option<String>,
    shipping_method: Option<String>,
    currency: Option<String>,
    note: Option<String>,
    lines: Vec<LineInput>,
}

fn check_fields(f: &OrderFields) -> DomainResult<Checked> {
    Ok(Checked {
        delivery_place: optional("deliveryPlace", f.delivery_place.as_deref(), 300)?,
        packaging: optional("packaging", f.packaging.as_deref(), 300)?,
        shipping_method: optional("shippingMethod", f.shipping_method.as_deref(), 100)?,
        currency: f.currency.as_deref().map(check_currency).transpose()?,
        note: optional("note", f.note.as_deref(), 2000)?,
        lines: check_lines(&f.lines)?,
    })
}

/// What the audit log keeps of an order: its row and its lines.
#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    order: &'a Order,
    lines: &'a [OrderLine],
}

pub(crate) async fn fetch(conn: &mut PgConnection, id: Uuid) -> DomainResult<Order> {
    Ok(sqlx::query_as("SELECT * FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?)
}

pub(crate) async fn load_lines(conn: &mut PgConnection, id: Uuid) -> DomainResult<Vec<OrderLine>> {
    Ok(
        sqlx::query_as("SELECT * FROM order_lines WHERE order_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?,
    )
}

async fn write_lines(
    conn: &mut PgConnection,
    id: Uuid,
    lines: &[LineInput],
) -> DomainResult<Vec<OrderLine>> {
    sqlx::query("DELETE FROM order_lines WHERE order_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut qb = QueryBuilder::new(
        "INSERT INTO order_lines (id, order_id, position, product, quantity, unit_price) ",
    );
    qb.push_values(lines.iter().enumerate(), |mut b, (i, l)| {
        b.push_bind(Uuid::now_v7())
            .push_bind(id)
            .push_bind(i as i32 + 1)
            .push_bind(&l.product)
            .push_bind(l.quantity)
            .push_bind(l.unit_price);
    });
    qb.build().execute(&mut *conn).await?;
    load_lines(conn, id).await
}

/// The contact must be an active contact of the customer.
async fn check_contact(
    conn: &mut PgConnection,
    customer: Uuid,
    contact: Option<Uuid>,
) -> DomainResult<()> {
    let Some(contact) = contact else {
        return Ok(());
    };
    let ok: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = $1 AND customer_id = $2 AND active)",
    )
    .bind(contact)
    .bind(customer)
    .fetch_one(conn)
    .await?;
    if !ok {
        return Err(DomainError::validation(
            "contactId",
            "not an active contact of the order's customer",
        ));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ContractRow {
    id: Uuid,
    customer_id: Uuid,
    owner_id: Uuid,
    owner_unit_id: Uuid,
    status: String,
    currency: String,
}

/// The contract `id` locked within the actor's write scope (ORG-3 with the
/// opportunity's team), or NOT_FOUND.
async fn lock_contract(conn: &mut PgConnection, ctx: &Ctx, id: Uuid) -> DomainResult<ContractRow> {
    let mut qb = QueryBuilder::new(
        "SELECT c.id, c.customer_id, c.owner_id, c.owner_unit_id, c.status, c.currency
         FROM contracts c WHERE c.id = ",
    );
    qb.push_bind(id);
    Scope::of(&ctx.actor, crate::org::Resource::Contract, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        Some(crate::contracts::TEAM_EXISTS),
    );
    qb.push(" FOR UPDATE");
    qb.build_query_as()
        .fetch_optional(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

fn contract_open(status: &str) -> DomainResult<()> {
    if !matches!(status, "SIGNED" | "EXECUTING") {
        return Err(DomainError::conflict(format!(
            "the contract is {status}; orders are placed against SIGNED or EXECUTING contracts only"
        )));
    }
    Ok(())
}

/// Creates a DRAFT order (mutation `createOrder`) numbered DD-<year>-<seq>.
/// The customer must be within the actor's contract write scope (ORG-3 over
/// the customer's owner and unit; a hidden customer is NOT_FOUND) — or the
/// given contract must be (its project team included). A given contract
/// must be the same customer's (else CONFLICT) and SIGNED or EXECUTING
/// (else CONFLICT). Owner: the contract's owner, else the customer's. A
/// customer without an owner (public pool) takes orders only under a
/// contract. Audited as ORDER CREATE.
pub async fn create_order(
    pool: &PgPool,
    ctx: &Ctx,
    customer_id: Uuid,
    contract_id: Option<Uuid>,
    fields: &OrderFields,
) -> DomainResult<(Order, Vec<OrderLine>)> {
    let f = check_fields(fields)?;
    let me = writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let contract = match contract_id {
        Some(c) => Some(lock_contract(&mut tx, ctx, c).await?),
        None => None,
    };
    let via_contract = contract
        .as_ref()
        .is_some_and(|c| c.customer_id == customer_id);
    let mut qb =
        QueryBuilder::new("SELECT c.owner_id, c.owner_unit_id FROM customers c WHERE c.id = ");
    qb.push_bind(customer_id);
    if !via_contract {
        Scope::of(&ctx.actor, crate::org::Resource::Contract, Access::Write).push_filter(
            &mut qb,
            "c.owner_id",
            "c.owner_unit_id",
            None,
        );
    }
    let customer: (Option<Uuid>, Option<Uuid>) = qb
        .build_query_as()
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(DomainError::NotFound)?;
    let (owner, unit) = match &contract {
        Some(c) => {
            if c.customer_id != customer_id {
                return Err(DomainError::conflict(
                    "the contract belongs to another customer",
                ));
            }
            contract_open(&c.status)?;
            (c.owner_id, c.owner_unit_id)
        }
        None => match customer {
            (Some(o), Some(u)) => (o, u),
            _ => {
                return Err(DomainError::conflict(
                    "the customer is in the public pool; claim it (or order under a contract) first",
                ));
            }
        },
    };
    let currency = match (&contract, &f.currency) {
        (Some(c), Some(cur)) if *cur != c.currency => {
            return Err(DomainError::validation(
                "currency",
                format!(
                    "an order under a contract is in the contract's currency ({})",
                    c.currency
                ),
            ));
        }
        (Some(c), _) => c.currency.clone(),
        (None, Some(cur)) => cur.clone(),
        (None, None) => "CNY".to_owned(),
    };
    check_contact(&mut tx, customer_id, fields.contact_id).await?;
    let year = crate::clock::company_date(ctx.now).year();
    let number = next_number(&mut tx, "ORDER", "DD", "orders", year).await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO orders (id, number, customer_id, contract_id, owner_id, owner_unit_id, status,
             required_date, promised_date, delivery_place, packaging, shipping_method, contact_id,
             total_amount, currency, note, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'DRAFT', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)",
    )
    .bind(id)
    .bind(&number)
    .bind(customer_id)
    .bind(contract.as_ref().map(|c| c.id))
    .bind(owner)
    .bind(unit)
    .bind(fields.required_date)
    .bind(fields.promised_date)
    .bind(&f.delivery_place)
    .bind(&f.packaging)
    .bind(&f.shipping_method)
    .bind(fields.contact_id)
    .bind(total(&f.lines))
    .bind(&currency)
    .bind(&f.note)
    .bind(me)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    let lines = write_lines(&mut tx, id, &f.lines).await?;
    let o = fetch(&mut tx, id).await?;
    let changes = audit::created(&Audited {
        order: &o,
        lines: &lines,
    });
    audit::record(&mut tx, ctx, ORDER, id, "CREATE", &changes).await?;
    tx.commit().await?;
    Ok((o, lines))
}

/// Replaces a DRAFT order's fields and lines (mutation `updateOrder`) at
/// `version`; any other state is CONFLICT. The customer and contract stay.
/// Audited as ORDER UPDATE with the diff.
pub async fn update_order(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    fields: &OrderFields,
) -> DomainResult<(Order, Vec<OrderLine>)> {
    let f = check_fields(fields)?;
    writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, id, Some(version)).await?;
    if old.status != OrderStatus::Draft {
        return Err(DomainError::conflict(format!(
            "the order is {}; only a DRAFT order can be edited",
            old.status
        )));
    }
    let currency = match f.currency {
        Some(c) if old.contract_id.is_some() && c != old.currency => {
            return Err(DomainError::validation(
                "currency",
                format!(
                    "an order under a contract is in the contract's currency ({})",
                    old.currency
                ),
            ));
        }
        Some(c) => c,
        None => old.currency.clone(),
    };
    check_contact(&mut tx, old.customer_id, fields.contact_id).await?;
    let old_lines = load_lines(&mut tx, id).await?;
    sqlx::query(
        "UPDATE orders SET required_date = $2, promised_date = $3, delivery_place = $4, packaging = $5,
             shipping_method = $6, contact_id = $7, total_amount = $8, currency = $9, note = $10,
             updated_at = $11, version = version + 1
         WHERE id = $1",
    )
    .bind(id)
    .bind(fields.required_date)
    .bind(fields.promised_date)
    .bind(&f.delivery_place)
    .bind(&f.packaging)
    .bind(&f.shipping_method)
    .bind(fields.contact_id)
    .bind(total(&f.lines))
    .bind(&currency)
    .bind(&f.note)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    let lines = write_lines(&mut tx, id, &f.lines).await?;
    let new = fetch(&mut tx, id).await?;
    let changes = audit::diff(
        &Audited {
            order: &old,
            lines: &old_lines,
        },
        &Audited {
            order: &new,
            lines: &lines,
        },
    );
    audit::record(&mut tx, ctx, ORDER, id, "UPDATE", &changes).await?;
    tx.commit().await?;
    Ok((new, lines))
}

/// Moves a SIGNED contract to EXECUTING on the caller's transaction (the
/// first confirmed order starts its execution): version bump and CONTRACT
/// audit `START_EXECUTION`. The row is already locked.
async fn start_execution(conn: &mut PgConnection, ctx: &Ctx, contract: Uuid) -> DomainResult<()> {
    sqlx::query(
        "UPDATE contracts SET status = 'EXECUTING', version = version + 1, updated_at = $2
         WHERE id = $1 AND status = 'SIGNED'",
    )
    .bind(contract)
    .bind(ctx.now)
    .execute(&mut *conn)
    .await?;
    let change = FieldChange {
        field: "status".into(),
        old: "SIGNED".into(),
        new: "EXECUTING".into(),
    };
    audit::record(
        conn,
        ctx,
        "CONTRACT",
        contract,
        "START_EXECUTION",
        &[change],
    )
    .await
}

/// Confirms a DRAFT order (mutation `confirmOrder`) at `version`:
/// - the promised date must be set (VALIDATION `promisedDate`);
/// - under a contract: the contract must be SIGNED or EXECUTING (else
///   CONFLICT); a SIGNED one becomes EXECUTING. The contract's amount was
///   credit-checked by its review (CON-2, REC-8), so no second check;
/// - outside a contract: REC-8 credit check of the order total; when it
///   needs the director (over the limit or on credit hold) only a
///   SALES_DIRECTOR or GENERAL_MANAGER confirming with
///   `credit_excess_approved` may confirm, anyone else gets CONFLICT;
/// - the expected date starts as the promised date;
/// - the four-copy rule: `order_confirmed` to every recipient of the
///   setting `order_confirmation_recipients` on the same transaction.
///
/// Audited as ORDER CONFIRM (with the credit check when one ran).
pub async fn confirm_order(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    credit_excess_approved: bool,
) -> DomainResult<Order> {
    let me = writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, id, Some(version)).await?;
    if old.status != OrderStatus::Draft {
        return Err(DomainError::conflict(format!(
            "the order is already {}; only a DRAFT order can be confirmed",
            old.status
        )));
    }
    let Some(promised) = old.promised_date else {
        return Err(DomainError::validation(
            "promisedDate",
            "set the promised delivery date before confirming the order",
        ));
    };
    let mut credit_change = None;
    if let Some(contract) = old.contract_id {
        let status: String =
            sqlx::query_scalar("SELECT status FROM contracts WHERE id = $1 FOR UPDATE")
                .bind(contract)
                .fetch_one(&mut *tx)
                .await?;
        contract_open(&status)?;
        if status == "SIGNED" {
            start_execution(&mut tx, ctx, contract).await?;
        }
    } else {
        let check = crate::contracts::credit::check(
            &mut tx,
            old.customer_id,
            old.total_amount,
            None,
            Some(id),
        )
        .await?;
        if check.needs_director_approval {
            let director = ctx
                .actor
                .has_any(&[Role::SalesDirector, Role::GeneralManager]);
            if !(director && credit_excess_approved) {
                let why = if check.on_hold {
                    "the customer is on credit hold".to_owned()
                } else {
                    format!(
                        "outstanding {} plus this order's {} exceeds the credit limit {}",
                        check.outstanding,
                        check.new_amount,
                        check.limit.unwrap_or_default()
                    )
                };
                return Err(DomainError::conflict(format!(
                    "REC-8: {why}; only the sales director or the general manager may confirm it, \
                     with creditExcessApproved: true"
                )));
            }
        }
        credit_change = Some(FieldChange {
            field: "credit_check".into(),
            old: serde_json::Value::Null,
            new: serde_json::to_value(&check).unwrap_or_default(),
        });
    }
    let new: Order = sqlx::query_as(
        "UPDATE orders SET status = 'CONFIRMED', confirmed_by = $2, confirmed_at = $3,
             expected_date = COALESCE(expected_date, promised_date), updated_at = $3, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let mut changes = audit::diff(&old, &new);
    changes.extend(credit_change);
    audit::record(&mut tx, ctx, ORDER, id, "CONFIRM", &changes).await?;
    notices::order_confirmed(&mut tx, ctx, &new, promised).await?;
    tx.commit().await?;
    Ok(new)
}

/// Moves a confirmed order through production (mutation `setOrderStatus`)
/// at `version`: forward only, to IN_PRODUCTION or READY
/// ([`check_status_move`]). Audited as ORDER STATUS.
pub async fn set_status(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    to: OrderStatus,
) -> DomainResult<Order> {
    writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, id, Some(version)).await?;
    check_status_move(old.status, to)?;
    let new: Order = sqlx::query_as(
        "UPDATE orders SET status = $2, updated_at = $3, version = version + 1 WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, ORDER, id, "STATUS", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Cancels an order (mutation `cancelOrder`) at `version` with a reason (1
/// to 2000 characters), only while nothing of it has shipped. Audited as
/// ORDER CANCEL. Its pending notices are cancelled at send time.
pub async fn cancel_order(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    reason: &str,
) -> DomainResult<Order> {
    let reason = required("reason", reason, 2000)?;
    writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, id, Some(version)).await?;
    let shipped: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM shipments WHERE order_id = $1)")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    check_cancel(old.status, shipped)?;
    let new: Order = sqlx::query_as(
        "UPDATE orders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = $3, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&reason)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, ORDER, id, "CANCEL", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// CON-4: records the current expected delivery date of an open order
/// (mutation `setOrderExpectedDate`) at `version`, with a reason (1 to 2000
/// characters). When it is later than the promised date the customer
/// contact (if any, email in the contact's language) and the owner (email
/// and inbox) are told at once (`delivery_slip`); each slipped date is told
/// once. Audited as ORDER EXPECTED_DATE with the reason.
pub async fn set_expected_date(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    expected: NaiveDate,
    reason: &str,
) -> DomainResult<Order> {
    let reason = required("reason", reason, 2000)?;
    writer(&ctx.actor)?;
    let mut tx = pool.begin().await?;
    let old = lock_order(&mut tx, &ctx.actor, id, Some(version)).await?;
    if !old.status.is_open() {
        return Err(DomainError::conflict(format!(
            "the order is {}; the expected date is kept for confirmed orders not yet shipped",
            old.status
        )));
    }
    let new: Order = sqlx::query_as(
        "UPDATE orders SET expected_date = $2, updated_at = $3, version = version + 1
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(expected)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let mut changes = audit::diff(&old, &new);
    changes.push(FieldChange {
        field: "reason".into(),
        old: serde_json::Value::Null,
        new: reason.clone().into(),
    });
    audit::record(&mut tx, ctx, ORDER, id, "EXPECTED_DATE", &changes).await?;
    if new.promised_date.is_some_and(|p| expected > p) {
        notices::delivery_slip(&mut tx, ctx, &new, &reason).await?;
    }
    tx.commit().await?;
    Ok(new)
}
