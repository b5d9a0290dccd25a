//! CON-1 writes: a contract from an accepted quote, a contract entered
//! directly, edits while DRAFT. Each runs in one transaction: the number is
//! taken on it (so a failed creation gives it back), the plan is written
//! with it, and the audit entry (`CONTRACT`) too.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    CheckedTerms, Contract, ContractStatus, Defaults, Installment, InstallmentTrigger, Terms,
    check_currency, check_money, check_terms, numbering, push_contract_scope, require_status,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Resource, Role, Scope};
use crate::versioned::lock_current;

/// The audit entity of contracts.
pub const ENTITY: &str = "CONTRACT";

/// The party name used when the company has no name of its own: the root
/// unit of the organisation tree is the company (ORG-1).
const FALLBACK_OUR_PARTY: &str = "本公司";

/// Who may enter a contract directly (CON-1).
const DIRECT_CREATORS: &[Role] = &[
    Role::SalesAssistant,
    Role::SalesDirector,
    Role::GeneralManager,
    Role::Admin,
];

/// A contract from an accepted quote.
#[derive(Clone, Debug)]
pub struct NewFromQuote {
    pub quote_id: Uuid,
    pub terms: Terms,
}

/// A contract entered directly.
#[derive(Clone, Debug)]
pub struct NewDirect {
    pub customer_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub amount: Decimal,
    pub currency: Option<String>,
    pub terms: Terms,
}

/// A contract with its plan, as the audit log records it.
pub fn snapshot(c: &Contract, plan: &[Installment]) -> Value {
    let mut m = match serde_json::to_value(c) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    m.insert(
        "installments".into(),
        serde_json::to_value(plan).unwrap_or(Value::Null),
    );
    Value::Object(m)
}

/// The company's name as a party: the root unit's name.
async fn our_party(conn: &mut PgConnection) -> DomainResult<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM org_units WHERE parent_id IS NULL")
            .fetch_optional(conn)
            .await?;
    Ok(name.unwrap_or_else(|| FALLBACK_OUR_PARTY.to_owned()))
}

/// Locks a contract within the actor's `access` scope (missing and out of
/// scope alike are NOT_FOUND, ORG-3) and checks its version.
pub(crate) async fn lock(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    access: Access,
) -> DomainResult<Contract> {
    let mut qb = QueryBuilder::new("SELECT c.* FROM contracts c WHERE c.id = ");
    qb.push_bind(id);
    push_contract_scope(&mut qb, &ctx.actor, access);
    qb.push(" FOR UPDATE");
    lock_current(conn, &mut qb, version, "contract").await
}

/// The plan of a contract, in order.
pub(crate) async fn plan(conn: &mut PgConnection, id: Uuid) -> DomainResult<Vec<Installment>> {
    Ok(sqlx::query_as(
        "SELECT * FROM contract_installments WHERE contract_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

/// Replaces the plan of a contract.
async fn write_plan(
    conn: &mut PgConnection,
    id: Uuid,
    t: &CheckedTerms,
) -> DomainResult<Vec<Installment>> {
    sqlx::query("DELETE FROM contract_installments WHERE contract_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut qb = QueryBuilder::new(
        "INSERT INTO contract_installments (id, contract_id, position, label, amount, trigger, offset_days, due_date) ",
    );
    qb.push_values(t.installments.iter().enumerate(), |mut b, (i, it)| {
        let due = (it.trigger == InstallmentTrigger::FixedDate)
            .then_some(it.due_date)
            .flatten();
        b.push_bind(Uuid::now_v7())
            .push_bind(id)
            .push_bind(i as i32 + 1)
            .push_bind(it.label.clone())
            .push_bind(it.amount)
            .push_bind(it.trigger.as_str())
            .push_bind(it.offset_days)
            .push_bind(due);
    });
    qb.build().execute(&mut *conn).await?;
    plan(conn, id).await
}

/// What a new contract row needs besides its terms.
struct Head {
    customer_id: Uuid,
    opportunity_id: Option<Uuid>,
    quote_id: Option<Uuid>,
    owner_id: Uuid,
    owner_unit_id: Uuid,
    amount: Decimal,
    currency: String,
}

/// Inserts a contract with the next number and its plan; audits CREATE.
async fn insert(
    conn: &mut PgConnection,
    ctx: &Ctx,
    creator: Uuid,
    h: Head,
    t: &CheckedTerms,
) -> DomainResult<(Contract, Vec<Installment>)> {
    let year = chrono::Datelike::year(&crate::clock::company_date(ctx.now));
    let (seq, number) = numbering::next(&mut *conn, year).await?;
    let id = Uuid::now_v7();
    let c: Contract = sqlx::query_as(
        "INSERT INTO contracts (id, number, number_year, number_seq, customer_id, opportunity_id, quote_id,
            title, owner_id, owner_unit_id, customer_party, our_party, amount, currency, start_date, end_date,
            payment_method, payment_terms_days, delivery_terms, after_sales_terms, warranty_months, note,
            created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
            $21, $22, $23, $24, $24)
         RETURNING *",
    )
    .bind(id)
    .bind(&number)
    .bind(year)
    .bind(seq)
    .bind(h.customer_id)
    .bind(h.opportunity_id)
    .bind(h.quote_id)
    .bind(&t.title)
    .bind(h.owner_id)
    .bind(h.owner_unit_id)
    .bind(&t.customer_party)
    .bind(&t.our_party)
    .bind(h.amount)
    .bind(&h.currency)
    .bind(t.start_date)
    .bind(t.end_date)
    .bind(t.payment_method.as_str())
    .bind(t.payment_terms_days)
    .bind(&t.delivery_terms)
    .bind(&t.after_sales_terms)
    .bind(t.warranty_months)
    .bind(&t.note)
    .bind(creator)
    .bind(ctx.now)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match unique_violation(&e) {
        Some("contracts_quote_live_idx") => {
            DomainError::conflict("the quote already has a contract that is not terminated")
        }
        _ => e.into(),
    })?;
    let p = write_plan(conn, id, t).await?;
    audit::record(
        conn,
        ctx,
        ENTITY,
        id,
        "CREATE",
        &audit::created(&snapshot(&c, &p)),
    )
    .await?;
    Ok((c, p))
}

fn signed_in(ctx: &Ctx) -> DomainResult<Uuid> {
    ctx.actor
        .user_id
        .filter(|_| !ctx.actor.read_only)
        .ok_or_else(|| DomainError::Forbidden("only a signed-in user may change contracts".into()))
}

/// CON-1 `createContractFromQuote`: the quote must be ACCEPTED and its
/// opportunity in CONTRACT and within the actor's write scope (else
/// NOT_FOUND); one live contract per quote (CONFLICT). Amount and currency
/// come from the quote, customer and owner from the opportunity.
pub async fn create_from_quote(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewFromQuote,
) -> DomainResult<(Contract, Vec<Installment>)> {
    let user = signed_in(ctx)?;
    let mut tx = pool.begin().await?;
    let opportunity: Option<Uuid> =
        sqlx::query_scalar("SELECT opportunity_id FROM quotes WHERE id = $1")
            .bind(input.quote_id)
            .fetch_optional(&mut *tx)
            .await?;
    let opportunity = opportunity.ok_or(DomainError::NotFound)?;
    let o = crate::pipeline::opportunities::lock(&mut tx, ctx, opportunity, None).await?;
    let (status, total, currency): (String, Decimal, String) = sqlx::query_as(
        "SELECT status, total_amount, currency FROM quotes WHERE id = $1 FOR UPDATE",
    )
    .bind(input.quote_id)
    .fetch_one(&mut *tx)
    .await?;
    if status != "ACCEPTED" {
        return Err(DomainError::conflict(format!(
            "a contract comes from a quote ACCEPTED by the customer; this one is {status}"
        )));
    }
    // CON-1: a quote in another currency (from before one company currency)
    // must not put foreign amounts into the CNY books.
    let currency = check_currency(Some(&currency))?;
    if o.stage != crate::pipeline::stages::Stage::Contract {
        return Err(DomainError::conflict(format!(
            "the opportunity is in {}, not CONTRACT",
            o.stage
        )));
    }
    let live: Option<String> = sqlx::query_scalar(
        "SELECT number FROM contracts WHERE quote_id = $1 AND status <> 'TERMINATED'",
    )
    .bind(input.quote_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(n) = live {
        return Err(DomainError::conflict(format!(
            "the quote already has contract {n}"
        )));
    }
    let customer_name: String = sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
        .bind(o.customer_id)
        .fetch_one(&mut *tx)
        .await?;
    let defaults = Defaults {
        title: Some(o.name.clone()),
        customer_party: customer_name,
        our_party: our_party(&mut tx).await?,
    };
    let t = check_terms(&input.terms, total, &defaults)?;
    let head = Head {
        customer_id: o.customer_id,
        opportunity_id: Some(o.id),
        quote_id: Some(input.quote_id),
        owner_id: o.owner_id,
        owner_unit_id: o.owner_unit_id,
        amount: total,
        currency,
    };
    let out = insert(&mut tx, ctx, user, head, &t).await?;
    tx.commit().await?;
    Ok(out)
}

/// CON-1 `createContract`: entered directly by an assistant (or the
/// director, the GM, an admin; others FORBIDDEN) for a customer within the
/// actor's contract write scope (else NOT_FOUND); the customer's owner owns
/// it, so a pool customer is refused.
pub async fn create_direct(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewDirect,
) -> DomainResult<(Contract, Vec<Installment>)> {
    let user = signed_in(ctx)?;
    if !ctx.actor.has_any(DIRECT_CREATORS) {
        return Err(DomainError::Forbidden(
            "only a sales assistant, the sales director, the general manager or an admin enters contracts directly"
                .into(),
        ));
    }
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT c.name, c.owner_id, c.owner_unit_id FROM customers c WHERE c.id = ",
    );
    qb.push_bind(input.customer_id);
    Scope::of(&ctx.actor, Resource::Contract, Access::Write).push_filter(
        &mut qb,
        "c.owner_id",
        "c.owner_unit_id",
        None,
    );
    qb.push(" FOR SHARE");
    let row: Option<(String, Option<Uuid>, Option<Uuid>)> =
        qb.build_query_as().fetch_optional(&mut *tx).await?;
    let (customer_name, owner, unit) = row.ok_or(DomainError::NotFound)?;
    let (Some(owner_id), Some(owner_unit_id)) = (owner, unit) else {
        return Err(DomainError::validation(
            "customerId",
            "the customer is in the public pool; a contract needs a customer with an owner",
        ));
    };
    let mut title = None;
    if let Some(op) = input.opportunity_id {
        let row: Option<(Uuid, String)> =
            sqlx::query_as("SELECT customer_id, name FROM opportunities WHERE id = $1")
                .bind(op)
                .fetch_optional(&mut *tx)
                .await?;
        match row {
            Some((c, name)) if c == input.customer_id => title = Some(name),
            _ => {
                return Err(DomainError::validation(
                    "opportunityId",
                    "not an opportunity of this customer",
                ));
            }
        }
    }
    let amount = check_money("amount", input.amount)?;
    let currency = check_currency(input.currency.as_deref())?;
    let defaults = Defaults {
        title,
        customer_party: customer_name,
        our_party: our_party(&mut tx).await?,
    };
    let t = check_terms(&input.terms, amount, &defaults)?;
    let head = Head {
        customer_id: input.customer_id,
        opportunity_id: input.opportunity_id,
        quote_id: None,
        owner_id,
        owner_unit_id,
        amount,
        currency,
    };
    let out = insert(&mut tx, ctx, user, head, &t).await?;
    tx.commit().await?;
    Ok(out)
}

/// CON-1 `updateContract`: replaces the terms and the whole plan of a DRAFT
/// contract (within the write scope). Omitted title and parties keep their
/// values, omitted optional texts are cleared. `amount` may change only on
/// a direct contract (one from a quote keeps the quote total).
pub async fn update(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    amount: Option<Decimal>,
    terms: &Terms,
) -> DomainResult<(Contract, Vec<Installment>)> {
    signed_in(ctx)?;
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Write).await?;
    require_status(&old, &[ContractStatus::Draft], "edit")?;
    let amount = match amount {
        None => old.amount,
        Some(a) if old.quote_id.is_some() => {
            if a != old.amount {
                return Err(DomainError::validation(
                    "amount",
                    "a contract from a quote keeps the quote's total",
                ));
            }
            old.amount
        }
        Some(a) => check_money("amount", a)?,
    };
    let defaults = Defaults {
        title: Some(old.title.clone()),
        customer_party: old.customer_party.clone(),
        our_party: old.our_party.clone(),
    };
    let t = check_terms(terms, amount, &defaults)?;
    let old_plan = plan(&mut tx, id).await?;
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET title = $2, customer_party = $3, our_party = $4, amount = $5, start_date = $6,
            end_date = $7, payment_method = $8, payment_terms_days = $9, delivery_terms = $10,
            after_sales_terms = $11, warranty_months = $12, note = $13, version = version + 1, updated_at = $14
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&t.title)
    .bind(&t.customer_party)
    .bind(&t.our_party)
    .bind(amount)
    .bind(t.start_date)
    .bind(t.end_date)
    .bind(t.payment_method.as_str())
    .bind(t.payment_terms_days)
    .bind(&t.delivery_terms)
    .bind(&t.after_sales_terms)
    .bind(t.warranty_months)
    .bind(&t.note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let new_plan = write_plan(&mut tx, id, &t).await?;
    audit::record(
        &mut tx,
        ctx,
        ENTITY,
        id,
        "UPDATE",
        &audit::diff(&snapshot(&old, &old_plan), &snapshot(&new, &new_plan)),
    )
    .await?;
    tx.commit().await?;
    Ok((new, new_plan))
}
