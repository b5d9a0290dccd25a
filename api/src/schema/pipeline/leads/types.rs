//! GraphQL types of leads (PIP-1): the lead, its explained score, inputs.

use crate::schema::customers::loaders::customer_node;
use crate::schema::org::loaders::org_loaders;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::customers::model as m;
use salesd_domain::pipeline::leads::Lead;
use salesd_domain::pipeline::scoring::{FACTORS, FactorScore};

use crate::schema::customers::types::{CustomerNode, SizeClass, Source};

use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::org::types::{OrgUnitNode, PersonNode, person};

/// PIP-1 lifecycle of a lead.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::leads::LeadStatus")]
pub enum LeadStatus {
    New,
    Qualified,
    Disqualified,
}

/// The order of the lead list (always descending).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum LeadOrder {
    /// Highest score first.
    #[default]
    Score,
    /// Newest first.
    CreatedAt,
}

/// One factor of a lead's score: its weight, the value 0–1 the rule gave,
/// the points (weight × value) and why.
#[derive(SimpleObject)]
pub struct LeadScoreFactor {
    /// `industry_fit`, `size`, `budget`, `region` or `timeline`.
    pub factor: String,
    pub weight: i64,
    pub value: f64,
    pub points: f64,
    pub reason: String,
}

/// A sales lead (PIP-1), visible to its owner and the managers over its unit.
pub struct LeadNode(pub Lead);

#[Object(name = "Lead")]
impl LeadNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn source(&self) -> Source {
        self.0.source.into()
    }
    async fn company_name(&self) -> &str {
        &self.0.company_name
    }
    async fn contact_name(&self) -> Option<&str> {
        self.0.contact_name.as_deref()
    }
    async fn contact_phone(&self) -> Option<&str> {
        self.0.contact_phone.as_deref()
    }
    async fn contact_email(&self) -> Option<&str> {
        self.0.contact_email.as_deref()
    }
    async fn needs(&self) -> Option<&str> {
        self.0.needs.as_deref()
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
    async fn budget(&self) -> Option<Decimal> {
        self.0.budget.map(Decimal)
    }
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }
    async fn expected_close_date(&self) -> Option<Date> {
        self.0.expected_close_date.map(Date)
    }
    /// 0–100: Σ weight × factor value, rounded half up (docs/pipeline.md).
    async fn score(&self) -> i32 {
        self.0.score.into()
    }
    /// The score explained, one entry per factor in a fixed order.
    async fn score_factors(&self) -> Vec<LeadScoreFactor> {
        FACTORS
            .iter()
            .filter_map(|f| {
                let s: FactorScore =
                    serde_json::from_value(self.0.score_factors.get(*f)?.clone()).ok()?;
                Some(LeadScoreFactor {
                    factor: (*f).to_owned(),
                    weight: s.weight,
                    value: s.value,
                    points: s.points,
                    reason: s.reason,
                })
            })
            .collect()
    }
    async fn status(&self) -> LeadStatus {
        self.0.status.into()
    }
    async fn disqualify_reason(&self) -> Option<&str> {
        self.0.disqualify_reason.as_deref()
    }
    /// The customer it was qualified into, if the caller may see it.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        let Some(c) = self.0.customer_id else {
            return Ok(None);
        };
        customer_node(ctx, c).await
    }
    /// The opportunity it was qualified into.
    async fn opportunity_id(&self) -> Option<ID> {
        self.0.opportunity_id.map(id)
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.owner_id)).await
    }
    async fn owner_unit(&self, ctx: &Context<'_>) -> ApiResult<Option<OrgUnitNode>> {
        Ok(org_loaders(ctx)
            .units
            .load_one(self.0.owner_unit_id)
            .await?
            .map(OrgUnitNode))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn version(&self) -> i32 {
        self.0.version
    }
}

#[derive(InputObject)]
pub struct CreateLeadInput {
    /// Default OTHER.
    pub source: Option<Source>,
    /// 1 to 200 characters.
    pub company_name: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    /// Up to 5000 characters.
    pub needs: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    /// ≥ 0, CNY.
    pub budget: Option<Decimal>,
    pub region: Option<String>,
    pub expected_close_date: Option<Date>,
}

#[derive(InputObject)]
pub struct UpdateLeadInput {
    pub id: ID,
    pub version: i32,
    pub source: Option<Source>,
    pub company_name: Option<String>,
    pub contact_name: MaybeUndefined<String>,
    pub contact_phone: MaybeUndefined<String>,
    pub contact_email: MaybeUndefined<String>,
    pub needs: MaybeUndefined<String>,
    pub industry: MaybeUndefined<String>,
    pub size_class: MaybeUndefined<SizeClass>,
    pub budget: MaybeUndefined<Decimal>,
    pub region: MaybeUndefined<String>,
    pub expected_close_date: MaybeUndefined<Date>,
}

#[derive(InputObject, Default)]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    /// Score at least this (0–100).
    pub min_score: Option<i32>,
    pub owner_id: Option<ID>,
}

/// A new customer from a lead; omitted fields come from the lead.
#[derive(InputObject)]
pub struct LeadCustomerInput {
    /// Default: the lead's company name.
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<SizeClass>,
    pub region: Option<String>,
    pub address: Option<String>,
    /// CUS-2: a similar name is a different company (not a credit code).
    #[graphql(default)]
    pub confirm_distinct: bool,
}

/// The opportunity a lead is qualified into.
#[derive(InputObject)]
pub struct LeadOpportunityInput {
    /// 1 to 200 characters.
    pub name: String,
    /// Default: the lead's budget, or 0.
    pub amount: Option<Decimal>,
    /// Default: the lead's expected close date.
    pub expected_close_date: Option<Date>,
}

/// What `qualifyLead` produced.
pub struct QualifyLeadPayload {
    pub lead: Lead,
    pub opportunity_id: uuid::Uuid,
}

#[Object]
impl QualifyLeadPayload {
    /// The lead, now QUALIFIED.
    async fn lead(&self) -> LeadNode {
        LeadNode(self.lead.clone())
    }
    /// The new or existing customer.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        let Some(c) = self.lead.customer_id else {
            return Ok(None);
        };
        customer_node(ctx, c).await
    }
    /// The new opportunity (in EVALUATION).
    async fn opportunity_id(&self) -> ID {
        id(self.opportunity_id)
    }
}
