//! CUS-1 and CUS-2: customers — create (with the duplicate check), read
//! (scoped, ORG-3, plus the public pool), list, update.

use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::checks::{
    check_len, check_limit, check_name, check_tags, history, parse_code, resolve_owner,
};
use super::contacts::{self, NewContact};
use super::duplicates::{check_duplicates, code_conflict, owner_label};
use super::model::{Customer, CustomerStatus, Grade, SizeClass, Source, Tier, normalize_name};
use super::push_customer_scope;
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult, unique_violation};
use crate::org::{Access, Actor};
use crate::versioned::lock_current;

/// Who owns a new customer: the default (the creating rep, or the pool for
/// managers), a named user, or explicitly the pool.
#[derive(Clone, Copy, Debug, Default)]
pub enum OwnerChoice {
    #[default]
    Default,
    User(Uuid),
    Pool,
}

pub struct NewCustomer {
    pub name: String,
    pub credit_code: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub source: Source,
    pub grade: Grade,
    pub tier: Tier,
    pub status: CustomerStatus,
    pub credit_rating: Option<String>,
    /// REC-8: `None` leaves it unset (the grade default applies).
    pub credit_limit: Option<Decimal>,
    pub tags: Vec<String>,
    pub contacts: Vec<NewContact>,
    pub owner: OwnerChoice,
    pub confirm_distinct: bool,
}

/// Changes to a customer; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Default)]
pub struct CustomerPatch {
    pub id: Uuid,
    pub version: i32,
    pub name: Option<String>,
    pub credit_code: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub size_class: Option<Option<SizeClass>>,
    pub region: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub source: Option<Source>,
    pub grade: Option<Grade>,
    pub tier: Option<Tier>,
    pub status: Option<CustomerStatus>,
    pub credit_rating: Option<Option<String>>,
    pub credit_limit: Option<Decimal>,
    pub tags: Option<Vec<String>>,
    pub confirm_distinct: bool,
}

/// CUS-1 with the CUS-2 duplicate check, in its own transaction.
pub async fn create_customer(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewCustomer,
) -> DomainResult<Customer> {
    let mut tx = pool.begin().await?;
    let customer = create_customer_in_tx(&mut tx, ctx, input).await?;
    tx.commit().await?;
    Ok(customer)
}

/// [`create_customer`] on the caller's transaction, so that a larger change
/// (PIP-1 qualifying a lead) creates the customer atomically with the rest.
/// A duplicate (CUS-2) is the same `Conflict` as from `create_customer`; the
/// caller then drops its transaction and nothing is created.
pub async fn create_customer_in_tx(
    conn: &mut PgConnection,
    ctx: &Ctx,
    input: NewCustomer,
) -> DomainResult<Customer> {
    let name = check_name(&input.name)?;
    let credit_code = parse_code(&input.credit_code)?;
    let industry = check_len("industry", &input.industry, 100)?;
    let region = check_len("region", &input.region, 100)?;
    let address = check_len("address", &input.address, 300)?;
    let credit_rating = check_len("creditRating", &input.credit_rating, 20)?;
    let credit_limit = input.credit_limit.map(check_limit).transpose()?;
    // REC-8: credit terms are finance's and the director's (setCustomerCredit).
    if (credit_limit.is_some() || credit_rating.is_some())
        && !ctx.actor.has_any(&super::checks::CREDIT_ROLES)
    {
        return Err(credit_forbidden());
    }
    let tags = check_tags(&input.tags)?;
    super::grade::check_grade_change(&ctx.actor, None, input.grade)?;
    let today = super::pool::company_date(ctx.now);
    let new_contacts = input
        .contacts
        .into_iter()
        .map(|c| c.validated(today))
        .collect::<DomainResult<Vec<_>>>()?;
    let owner = resolve_owner(conn, &ctx.actor, input.owner).await?;
    check_duplicates(
        conn,
        None,
        &name,
        credit_code.as_deref(),
        input.confirm_distinct,
    )
    .await?;
    let id = Uuid::now_v7();
    // A savepoint, so a lost race on the credit code leaves the caller's
    // transaction usable for naming the owner.
    let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
    let inserted = sqlx::query_as::<_, Customer>(
        "INSERT INTO customers (id, name, name_norm, credit_code, industry, size_class, region, address, source, grade, tier,
            status, credit_rating, credit_limit, owner_id, owner_unit_id, owned_since, tags, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
         RETURNING *",
    )
    .bind(id)
    .bind(&name)
    .bind(normalize_name(&name))
    .bind(&credit_code)
    .bind(&industry)
    .bind(input.size_class.map(|s| s.as_str()))
    .bind(&region)
    .bind(&address)
    .bind(input.source.as_str())
    .bind(input.grade.as_str())
    .bind(input.tier.as_str())
    .bind(input.status.as_str())
    .bind(&credit_rating)
    .bind(credit_limit)
    .bind(owner.map(|o| o.0))
    .bind(owner.map(|o| o.1))
    .bind(owner.map(|_| ctx.now))
    .bind(&tags)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .fetch_one(&mut *savepoint)
    .await;
    let customer = match inserted {
        Ok(c) => c,
        Err(e) if unique_violation(&e) == Some("customers_credit_code_key") => {
            // A concurrent insert won the race: name its owner (CUS-2).
            savepoint.rollback().await?;
            let code = credit_code.unwrap_or_default();
            return Err(code_conflict(&owner_label(conn, &code).await?));
        }
        Err(e) => return Err(e.into()),
    };
    savepoint.commit().await?;
    for c in &new_contacts {
        contacts::insert(conn, ctx, id, c).await?;
    }
    history(conn, ctx, id, customer.owner_id, "CREATED").await?;
    audit::record(
        conn,
        ctx,
        "CUSTOMER",
        id,
        "CREATE",
        &audit::created(&customer),
    )
    .await?;
    Ok(customer)
}

/// REC-8: a credit limit or rating set by someone who sells to the customer.
fn credit_forbidden() -> DomainError {
    DomainError::Forbidden(
        "credit limit and rating are set by finance, the sales director or the general manager \
         (setCustomerCredit)"
            .into(),
    )
}

/// Locks a customer within the actor's write scope and checks its version.
pub(crate) async fn lock(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    version: Option<i32>,
) -> DomainResult<Customer> {
    let mut qb = QueryBuilder::new("SELECT c.* FROM customers c WHERE c.id = ");
    qb.push_bind(id);
    push_customer_scope(&mut qb, actor, Access::Write);
    qb.push(" FOR UPDATE");
    lock_current(conn, &mut qb, version, "customer").await
}

pub async fn update_customer(pool: &PgPool, ctx: &Ctx, p: CustomerPatch) -> DomainResult<Customer> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, p.id, Some(p.version)).await?;
    let mut c = old.clone();
    if let Some(n) = &p.name {
        c.name = check_name(n)?;
    }
    if let Some(v) = &p.credit_code {
        c.credit_code = parse_code(v)?;
    }
    if let Some(v) = &p.industry {
        c.industry = check_len("industry", v, 100)?;
    }
    if let Some(v) = p.size_class {
        c.size_class = v;
    }
    if let Some(v) = &p.region {
        c.region = check_len("region", v, 100)?;
    }
    if let Some(v) = &p.address {
        c.address = check_len("address", v, 300)?;
    }
    if let Some(v) = &p.credit_rating {
        c.credit_rating = check_len("creditRating", v, 20)?;
    }
    if let Some(v) = p.credit_limit {
        c.credit_limit = Some(check_limit(v)?);
        c.credit_unlimited = false;
    }
    if let Some(v) = &p.tags {
        c.tags = check_tags(v)?;
    }
    if (c.credit_limit != old.credit_limit || c.credit_rating != old.credit_rating)
        && !ctx.actor.has_any(&super::checks::CREDIT_ROLES)
    {
        return Err(credit_forbidden());
    }
    c.source = p.source.unwrap_or(c.source);
    if let Some(g) = p.grade {
        super::grade::check_grade_change(&ctx.actor, Some(old.grade), g)?;
        c.grade = g;
    }
    c.tier = p.tier.unwrap_or(c.tier);
    c.status = p.status.unwrap_or(c.status);
    if c.name != old.name || c.credit_code != old.credit_code {
        let code = c
            .credit_code
            .as_deref()
            .filter(|_| c.credit_code != old.credit_code);
        let confirm = p.confirm_distinct || normalize_name(&c.name) == normalize_name(&old.name);
        check_duplicates(&mut tx, Some(c.id), &c.name, code, confirm).await?;
    }
    let updated = sqlx::query_as::<_, Customer>(
        "UPDATE customers SET name = $2, name_norm = $3, credit_code = $4, industry = $5, size_class = $6, region = $7,
            address = $8, source = $9, grade = $10, tier = $11, status = $12, credit_rating = $13, credit_limit = $14,
            tags = $15, credit_unlimited = $17, version = version + 1, updated_at = $16
         WHERE id = $1 RETURNING *",
    )
    .bind(c.id)
    .bind(&c.name)
    .bind(normalize_name(&c.name))
    .bind(&c.credit_code)
    .bind(&c.industry)
    .bind(c.size_class)
    .bind(&c.region)
    .bind(&c.address)
    .bind(c.source)
    .bind(c.grade)
    .bind(c.tier)
    .bind(c.status)
    .bind(&c.credit_rating)
    .bind(c.credit_limit)
    .bind(&c.tags)
    .bind(ctx.now)
    .bind(c.credit_unlimited)
    .fetch_one(&mut *tx)
    .await;
    let new = match updated {
        Ok(n) => n,
        Err(e) if unique_violation(&e) == Some("customers_credit_code_key") => {
            return Err(DomainError::conflict(
                "a customer with this credit code already exists",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record_diff(&mut tx, ctx, "CUSTOMER", new.id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}
