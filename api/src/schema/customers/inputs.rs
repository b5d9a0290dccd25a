//! Input types of the customer API (CUS-1..3).

use async_graphql::{Enum, ID, InputObject, MaybeUndefined};
use salesd_domain::customers::contacts::NewContact;

use crate::scalars::{Date, Decimal};
use crate::schema::common::paging::OrderDirection;
use crate::schema::customers::types::{CustomerStatus, Grade, SizeClass, Source, Tier};
use crate::schema::org::types::Locale;

#[derive(InputObject)]
pub struct ContactInput {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Not in the future.
    pub birthday: Option<Date>,
    #[graphql(default)]
    pub greeting_opt_in: bool,
    #[graphql(default)]
    pub is_billing: bool,
    pub locale: Option<Locale>,
}

impl From<ContactInput> for NewContact {
    fn from(c: ContactInput) -> Self {
        NewContact {
            name: c.name,
            title: c.title,
            phone: c.phone,
            email: c.email,
            birthday: c.birthday.map(|d| d.0),
            greeting_opt_in: c.greeting_opt_in,
            is_billing: c.is_billing,
            locale: c
                .locale
                .map_or(salesd_domain::org::Locale::ZhCn, Into::into)
                .as_str()
                .to_owned(),
        }
    }
}

#[derive(InputObject)]
pub struct CreateCustomerInput {
    /// 1 to 200 characters.
    pub name: String,
    pub credit_code: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub region: Option<String>,
    pub address: Option<String>,
    pub source: Option<Source>,
    pub grade: Option<Grade>,
    pub tier: Option<Tier>,
    pub status: Option<CustomerStatus>,
    pub credit_rating: Option<String>,
    pub credit_limit: Option<Decimal>,
    #[graphql(default)]
    pub tags: Vec<String>,
    #[graphql(default)]
    pub contacts: Vec<ContactInput>,
    /// Managers only: the owner; null leaves the customer in the pool.
    pub owner_id: MaybeUndefined<ID>,
}

#[derive(InputObject)]
pub struct UpdateCustomerInput {
    pub id: ID,
    pub version: i32,
    pub name: Option<String>,
    pub credit_code: MaybeUndefined<String>,
    pub industry: MaybeUndefined<String>,
    pub size_class: MaybeUndefined<SizeClass>,
    pub region: MaybeUndefined<String>,
    pub address: MaybeUndefined<String>,
    pub source: Option<Source>,
    pub grade: Option<Grade>,
    pub tier: Option<Tier>,
    pub status: Option<CustomerStatus>,
    pub credit_rating: MaybeUndefined<String>,
    pub credit_limit: Option<Decimal>,
    pub tags: Option<Vec<String>>,
}

pub fn opt<T, U>(m: MaybeUndefined<T>, f: impl Fn(T) -> U) -> Option<Option<U>> {
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v))),
    }
}

#[derive(InputObject, Default)]
pub struct CustomerFilter {
    /// Part of the name, any case; with `fuzzy` trigram-similar names, most similar first.
    pub name: Option<String>,
    #[graphql(default)]
    pub fuzzy: bool,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub grade: Option<Grade>,
    pub tier: Option<Tier>,
    pub status: Option<CustomerStatus>,
    pub region: Option<String>,
    pub owner_id: Option<ID>,
    pub key_account: Option<bool>,
    pub in_pool: Option<bool>,
    /// CUS-6: owned and the next revisit due before today (company time
    /// zone) — as `overdueRevisits` — or (false) not.
    pub revisit_overdue: Option<bool>,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CustomerOrderField {
    Name,
    CreatedAt,
    /// Never-contacted customers count as the oldest.
    LastInteraction,
    /// CUS-6 next revisit due (the date `revisitStatus.nextDue` shows).
    NextRevisitDue,
}

#[derive(InputObject)]
pub struct CustomerOrderBy {
    pub field: CustomerOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

#[derive(InputObject)]
pub struct ShareInput {
    pub user_id: ID,
    /// Percent, > 0; all shares sum to exactly 100.
    pub share: Decimal,
}
