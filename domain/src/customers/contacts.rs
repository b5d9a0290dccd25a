//! CUS-1 contacts of a customer: added, changed and deactivated by whoever
//! may change the customer (ORG-3 write scope).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::checks::check_len;
use super::push_customer_scope;
use super::store::lock;
use crate::Ctx;
use crate::audit;
use crate::contact_info::{Email, Phone};
use crate::error::{DomainError, DomainResult};
use crate::org::Access;
use crate::versioned::{lock_current, versioned};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Contact {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub greeting_opt_in: bool,
    pub is_billing: bool,
    pub locale: String,
    pub active: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

versioned!(Contact);

#[derive(Clone, Debug, Default)]
pub struct NewContact {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub greeting_opt_in: bool,
    pub is_billing: bool,
    /// `zh-CN` or `en`.
    pub locale: String,
}

impl NewContact {
    /// Checks lengths, the email's shape and that the birthday is not in
    /// the future (`today`: the company's date).
    pub fn validated(self, today: NaiveDate) -> DomainResult<Self> {
        let name = self.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(DomainError::validation(
                "name",
                "a contact's name has 1 to 100 characters",
            ));
        }
        let email = Email::parse_lenient("email", self.email.as_deref())?;
        if self.birthday.is_some_and(|b| b > today) {
            return Err(DomainError::validation(
                "birthday",
                "must not be in the future",
            ));
        }
        if !matches!(self.locale.as_str(), "zh-CN" | "en") {
            return Err(DomainError::validation("locale", "zh-CN or en"));
        }
        Ok(Self {
            name,
            title: check_len("title", &self.title, 100)?,
            phone: Phone::parse_lenient("phone", self.phone.as_deref())?.map(Phone::into_inner),
            email: email.map(Email::into_inner),
            ..self
        })
    }
}

pub(crate) async fn insert(
    conn: &mut PgConnection,
    ctx: &Ctx,
    customer: Uuid,
    c: &NewContact,
) -> DomainResult<Contact> {
    let contact: Contact = sqlx::query_as(
        "INSERT INTO contacts (id, customer_id, name, title, phone, email, birthday, greeting_opt_in, is_billing, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(customer)
    .bind(&c.name)
    .bind(&c.title)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(c.birthday)
    .bind(c.greeting_opt_in)
    .bind(c.is_billing)
    .bind(&c.locale)
    .bind(ctx.now)
    .fetch_one(&mut *conn)
    .await?;
    audit::record(
        conn,
        ctx,
        "CONTACT",
        contact.id,
        "CREATE",
        &audit::created(&contact),
    )
    .await?;
    Ok(contact)
}

pub async fn add_contact(
    pool: &PgPool,
    ctx: &Ctx,
    customer: Uuid,
    c: NewContact,
) -> DomainResult<Contact> {
    let c = c.validated(super::pool::company_date(ctx.now))?;
    let mut tx = pool.begin().await?;
    lock(&mut tx, &ctx.actor, customer, None).await?;
    let contact = insert(&mut tx, ctx, customer, &c).await?;
    tx.commit().await?;
    Ok(contact)
}

/// Locks a contact whose customer is in the actor's write scope.
async fn lock_contact(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Contact> {
    let mut qb = QueryBuilder::new(
        "SELECT ct.* FROM contacts ct JOIN customers c ON c.id = ct.customer_id WHERE ct.id = ",
    );
    qb.push_bind(id);
    push_customer_scope(&mut qb, &ctx.actor, Access::Write);
    qb.push(" FOR UPDATE OF ct");
    lock_current(conn, &mut qb, version, "contact").await
}

async fn save(
    conn: &mut PgConnection,
    ctx: &Ctx,
    old: &Contact,
    c: &Contact,
    action: &str,
) -> DomainResult<Contact> {
    let new: Contact = sqlx::query_as(
        "UPDATE contacts SET name = $2, title = $3, phone = $4, email = $5, birthday = $6, greeting_opt_in = $7,
            is_billing = $8, locale = $9, active = $10, version = version + 1, updated_at = $11
         WHERE id = $1 RETURNING *",
    )
    .bind(c.id)
    .bind(&c.name)
    .bind(&c.title)
    .bind(&c.phone)
    .bind(&c.email)
    .bind(c.birthday)
    .bind(c.greeting_opt_in)
    .bind(c.is_billing)
    .bind(&c.locale)
    .bind(c.active)
    .bind(ctx.now)
    .fetch_one(&mut *conn)
    .await?;
    audit::record_diff(conn, ctx, "CONTACT", new.id, action, old, &new).await?;
    Ok(new)
}

/// Replaces a contact's fields (the whole contact is sent).
pub async fn update_contact(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    c: NewContact,
) -> DomainResult<Contact> {
    let c = c.validated(super::pool::company_date(ctx.now))?;
    let mut tx = pool.begin().await?;
    let old = lock_contact(&mut tx, ctx, id, version).await?;
    let next = Contact {
        name: c.name,
        title: c.title,
        phone: c.phone,
        email: c.email,
        birthday: c.birthday,
        greeting_opt_in: c.greeting_opt_in,
        is_billing: c.is_billing,
        locale: c.locale,
        ..old.clone()
    };
    let new = save(&mut tx, ctx, &old, &next, "UPDATE").await?;
    tx.commit().await?;
    Ok(new)
}

pub async fn deactivate_contact(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Contact> {
    let mut tx = pool.begin().await?;
    let old = lock_contact(&mut tx, ctx, id, version).await?;
    if !old.active {
        return Err(DomainError::conflict("the contact is already inactive"));
    }
    let next = Contact {
        active: false,
        ..old.clone()
    };
    let new = save(&mut tx, ctx, &old, &next, "DEACTIVATE").await?;
    tx.commit().await?;
    Ok(new)
}

/// Contacts of each customer (loader); the caller has the customers in scope.
pub async fn contacts_of(pool: &PgPool, customers: &[Uuid]) -> DomainResult<Vec<Contact>> {
    Ok(sqlx::query_as(
        "SELECT * FROM contacts WHERE customer_id = ANY($1) ORDER BY active DESC, name, id",
    )
    .bind(customers.to_vec())
    .fetch_all(pool)
    .await?)
}
