//! GraphQL object types around a customer: contacts, owner changes and
//! duplicate candidates (CUS-1..3).

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use salesd_domain::customers::contacts::Contact;
use salesd_domain::customers::duplicates::DuplicateCandidate;
use salesd_domain::customers::query::OwnerChange;

use crate::error::ApiResult;
use crate::scalars::Date;
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::customers::enums::OwnerChangeReason;
use crate::schema::org::types::{Locale, PersonNode, person};

/// A contact person at a customer (CUS-1).
pub struct ContactNode(pub Contact);

#[Object(name = "Contact")]
impl ContactNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn birthday(&self) -> Option<Date> {
        self.0.birthday.map(Date)
    }
    /// Agreed to receive greetings (CUS-7).
    async fn greeting_opt_in(&self) -> bool {
        self.0.greeting_opt_in
    }
    async fn is_billing(&self) -> bool {
        self.0.is_billing
    }
    async fn locale(&self) -> ApiResult<Locale> {
        parse::<salesd_domain::org::Locale>(&self.0.locale).map(Into::into)
    }
    async fn active(&self) -> bool {
        self.0.active
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// One change of a customer's owner.
pub struct OwnerChangeNode(pub OwnerChange);

#[Object(name = "OwnerChange")]
impl OwnerChangeNode {
    /// The new owner; null when the customer went to the pool.
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn reason(&self) -> OwnerChangeReason {
        match self.0.reason.as_str() {
            "CREATED" => OwnerChangeReason::Created,
            "CLAIMED" => OwnerChangeReason::Claimed,
            "RELEASED" => OwnerChangeReason::Released,
            "TRANSFERRED" => OwnerChangeReason::Transferred,
            "DISPUTE" => OwnerChangeReason::Dispute,
            _ => OwnerChangeReason::Reclaimed,
        }
    }
    async fn changed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.changed_by).await
    }
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// CUS-2: a possible duplicate. Shown whoever owns it — the one exception
/// to ORG-3 — but only its id, name and owner's name.
pub struct DuplicateCandidateNode(pub DuplicateCandidate);

#[Object(name = "DuplicateCandidate")]
impl DuplicateCandidateNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Null while the customer is in the public pool.
    async fn owner_name(&self) -> Option<&str> {
        self.0.owner_name.as_deref()
    }
    async fn same_credit_code(&self) -> bool {
        self.0.same_credit_code
    }
}
