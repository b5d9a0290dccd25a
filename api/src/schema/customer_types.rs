//! GraphQL object types of customers, contacts and ownership (CUS-1..4).

use std::str::FromStr;

use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use salesd_domain::DomainError;
use salesd_domain::customers::contacts::Contact;
use salesd_domain::customers::duplicates::DuplicateCandidate;
use salesd_domain::customers::model::{self as m, Customer};
use salesd_domain::customers::query::OwnerChange;

use super::loaders::Loaders;
use super::org_types::{Locale, OrgUnitNode, PersonNode, id, person};
use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};

/// CUS-1 grade (战略/重要/一般).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::Grade")]
pub enum Grade {
    Strategic,
    Important,
    General,
}

/// CUS-1 tier by purchase potential, frequency and credit.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::Tier")]
pub enum Tier {
    A,
    B,
    C,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::SizeClass")]
pub enum SizeClass {
    Large,
    Medium,
    Small,
}

/// Where the customer came from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(
    remote = "salesd_domain::customers::model::Source",
    name = "CustomerSource"
)]
pub enum Source {
    Exhibition,
    Web,
    Referral,
    Partner,
    Tender,
    ColdCall,
    Other,
}

/// Lifecycle status.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::CustomerStatus")]
pub enum CustomerStatus {
    Potential,
    Active,
    Dormant,
    Lost,
}

/// KA-2 relationship class of a key account.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::customers::model::KaClass")]
pub enum KaClass {
    StrategicPartner,
    Important,
    General,
}

/// Why a customer's owner changed (CUS-3, CUS-4).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum OwnerChangeReason {
    Created,
    Claimed,
    Released,
    Transferred,
    Dispute,
    Reclaimed,
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DisputeStatus {
    Open,
    Decided,
}

fn parse<T: FromStr<Err = DomainError>>(s: &str) -> ApiResult<T> {
    s.parse::<T>().map_err(|e| ApiError::internal(&e))
}

pub fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<Loaders>()
}

/// A customer (CUS-1), visible per ORG-3 plus the public pool.
pub struct CustomerNode(pub Customer);

#[Object(name = "Customer")]
impl CustomerNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The unified social credit code (统一社会信用代码).
    async fn credit_code(&self) -> Option<&str> {
        self.0.credit_code.as_deref()
    }
    async fn industry(&self) -> Option<&str> {
        self.0.industry.as_deref()
    }
    async fn size_class(&self) -> ApiResult<Option<SizeClass>> {
        self.0
            .size_class
            .as_deref()
            .map(|s| parse::<m::SizeClass>(s).map(Into::into))
            .transpose()
    }
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    async fn address(&self) -> Option<&str> {
        self.0.address.as_deref()
    }
    async fn source(&self) -> ApiResult<Source> {
        parse::<m::Source>(&self.0.source).map(Into::into)
    }
    async fn grade(&self) -> ApiResult<Grade> {
        parse::<m::Grade>(&self.0.grade).map(Into::into)
    }
    async fn tier(&self) -> ApiResult<Tier> {
        parse::<m::Tier>(&self.0.tier).map(Into::into)
    }
    async fn status(&self) -> ApiResult<CustomerStatus> {
        parse::<m::CustomerStatus>(&self.0.status).map(Into::into)
    }
    async fn credit_rating(&self) -> Option<&str> {
        self.0.credit_rating.as_deref()
    }
    async fn credit_limit(&self) -> Decimal {
        Decimal(self.0.credit_limit)
    }
    /// Null while the customer is in the public pool.
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.owner_id).await
    }
    async fn owner_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        let Some(u) = self.0.owner_unit_id else {
            return Ok(None);
        };
        Ok(loaders(ctx).units.load_one(u).await?.map(OrgUnitNode))
    }
    async fn owned_since(&self) -> Option<DateTime<Utc>> {
        self.0.owned_since
    }
    async fn in_pool(&self) -> bool {
        self.0.owner_id.is_none()
    }
    async fn key_account(&self) -> bool {
        self.0.key_account
    }
    async fn ka_class(&self) -> ApiResult<Option<KaClass>> {
        self.0
            .ka_class
            .as_deref()
            .map(|s| parse::<m::KaClass>(s).map(Into::into))
            .transpose()
    }
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }
    async fn last_interaction_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_interaction_at
    }
    /// CUS-4: the previous owner may claim it back from this date.
    async fn reclaim_blocked_until(&self) -> Option<Date> {
        self.0.reclaim_block_until.map(Date)
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Contacts, active first.
    async fn contacts(&self, ctx: &Context<'_>) -> ApiResult<Vec<ContactNode>> {
        let list = loaders(ctx)
            .contacts
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(list.into_iter().map(ContactNode).collect())
    }
    /// Every change of owner, oldest first (CUS-3).
    async fn owner_history(&self, ctx: &Context<'_>) -> ApiResult<Vec<OwnerChangeNode>> {
        let rows = loaders(ctx)
            .owner_history
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(OwnerChangeNode).collect())
    }
}

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
