//! PIP-1: qualifying a lead — in one transaction, the customer (new, through
//! the CUS-2 duplicate check, or an existing one the actor may change), the
//! opportunity (`source_lead_id` set) and the lead marked QUALIFIED, each
//! audited. Any refusal (a duplicate, a stale version, bad input) rolls the
//! whole transaction back, so nothing is created.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::{Lead, LeadStatus, lock, require_new, save};
use crate::Ctx;
use crate::audit;
use crate::customers::contacts::NewContact;
use crate::customers::model::{Customer, CustomerStatus, Grade, SizeClass, Tier};
use crate::customers::store::{self as customers, NewCustomer, OwnerChoice};
use crate::error::{DomainError, DomainResult};
use crate::pipeline::opportunities::{self, NewOpportunity, Opportunity};

/// The customer a lead is qualified into: a new one or an existing one.
#[derive(Clone, Debug)]
pub enum LeadCustomer {
    New(NewLeadCustomer),
    /// A customer within the actor's write scope (ORG-3), else NotFound.
    Existing(Uuid),
}

/// A new customer from a lead; fields left `None` come from the lead.
#[derive(Clone, Debug, Default)]
pub struct NewLeadCustomer {
    /// Default: the lead's company name.
    pub name: Option<String>,
    pub credit_code: Option<String>,
    /// Defaults: the lead's industry, size and region.
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub region: Option<String>,
    pub address: Option<String>,
    /// CUS-2: a similar name is a different company (never a credit code).
    pub confirm_distinct: bool,
}

/// The opportunity a lead is qualified into.
#[derive(Clone, Debug)]
pub struct LeadOpportunity {
    pub name: String,
    /// Default: the lead's budget, or 0.
    pub amount: Option<Decimal>,
    /// Default: the lead's expected close date.
    pub expected_close_date: Option<NaiveDate>,
}

/// What qualifying produced.
#[derive(Clone, Debug)]
pub struct Qualified {
    pub lead: Lead,
    pub customer_id: Uuid,
    pub opportunity: Opportunity,
}

/// The customer to create: the lead's company, its contact (if named)
/// and its owner, who keeps the customer whoever qualifies the lead.
fn new_customer(l: &Lead, c: NewLeadCustomer) -> NewCustomer {
    let contacts = l
        .contact_name
        .as_ref()
        .map(|n| NewContact {
            name: n.clone(),
            phone: l.contact_phone.clone(),
            email: l.contact_email.clone(),
            locale: "zh-CN".into(),
            ..NewContact::default()
        })
        .into_iter()
        .collect();
    NewCustomer {
        name: c.name.unwrap_or_else(|| l.company_name.clone()),
        credit_code: c.credit_code,
        industry: c.industry.or_else(|| l.industry.clone()),
        size_class: c
            .size_class
            .or_else(|| l.size_class.as_deref().and_then(|s| s.parse().ok())),
        region: c.region.or_else(|| l.region.clone()),
        address: c.address,
        source: l.source,
        grade: Grade::General,
        tier: Tier::C,
        status: CustomerStatus::Potential,
        credit_rating: None,
        credit_limit: None,
        tags: Vec::new(),
        contacts,
        owner: OwnerChoice::User(l.owner_id),
        confirm_distinct: c.confirm_distinct,
    }
}

/// Names a validation error's field under its input (`opportunity.name`),
/// since the customer and the opportunity both have a `name`.
fn under(input: &'static str) -> impl Fn(DomainError) -> DomainError {
    move |e| match e {
        DomainError::Validation { field, message } => DomainError::Validation {
            field: format!("{input}.{field}"),
            message,
        },
        e => e,
    }
}

/// PIP-1: qualifies a NEW lead (version as read) into a customer and an
/// opportunity, atomically.
pub async fn qualify_lead(
    pool: &sqlx::PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    customer: LeadCustomer,
    opportunity: LeadOpportunity,
) -> DomainResult<Qualified> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, &ctx.actor, id, version).await?;
    require_new(&old)?;
    let customer: Customer = match customer {
        LeadCustomer::Existing(c) => customers::lock(&mut tx, &ctx.actor, c, None).await?,
        LeadCustomer::New(c) => {
            customers::create_customer_in_tx(&mut tx, ctx, new_customer(&old, c))
                .await
                .map_err(under("customer"))?
        }
    };
    let opp = opportunities::create_in_tx(
        &mut tx,
        ctx,
        &NewOpportunity {
            customer_id: customer.id,
            name: opportunity.name,
            amount: opportunity.amount.or(old.budget).unwrap_or(Decimal::ZERO),
            currency: None,
            expected_close_date: opportunity.expected_close_date.or(old.expected_close_date),
            complex: false,
            source_lead_id: Some(old.id),
            owner_id: Some(old.owner_id),
        },
    )
    .await
    .map_err(under("opportunity"))?;
    let mut l = old.clone();
    l.status = LeadStatus::Qualified;
    l.customer_id = Some(customer.id);
    l.opportunity_id = Some(opp.id);
    let new = save(&mut tx, ctx, &l).await?;
    audit::record_diff(&mut tx, ctx, "LEAD", id, "QUALIFY", &old, &new).await?;
    tx.commit().await?;
    Ok(Qualified {
        lead: new,
        customer_id: customer.id,
        opportunity: opp,
    })
}
