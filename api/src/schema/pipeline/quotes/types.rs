//! GraphQL types of quotes (PIP-6): the node with its lines and computed
//! totals and margin, the inputs and enums.

use crate::schema::pipeline::loaders::pipeline_loaders;
use crate::schema::pipeline::opportunities::node;
use crate::schema::pipeline::opportunities::types::OpportunityNode;
use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use salesd_domain::pipeline::quotes::{self as store, LineInput, Quote, QuoteLine, Terms};

use crate::context::state;
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::org::types::{PersonNode, person};

/// PIP-6 quote states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::quotes::QuoteStatus")]
pub enum QuoteStatus {
    /// Being written; editable.
    Draft,
    /// Waiting for the approver its margin requires.
    PendingApproval,
    /// May be sent to the customer.
    Approved,
    /// Refused by the approver; editable and submittable again.
    Rejected,
    /// With the customer.
    Sent,
    /// Accepted by the customer (opens the CONTRACT gate).
    Accepted,
    /// Declined by the customer.
    Declined,
}

/// Who must approve a quote, by its gross margin (PIP-6).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::quotes::ApproverBand")]
pub enum QuoteApproverRole {
    /// Margin ≥ `quote_margin_manager`: the submitter's direct head (ORG-5).
    DirectHead,
    /// Below it: a sales manager over the opportunity's unit.
    SalesManager,
    /// Below `quote_margin_director`: the sales director (or the GM).
    SalesDirector,
}

/// One line of a quote.
#[derive(InputObject)]
pub struct QuoteLineInput {
    /// 1 to 500 characters.
    pub description: String,
    /// Greater than 0, at most 3 decimal places.
    pub quantity: Decimal,
    /// At least 0, 2 decimal places.
    pub unit_price: Decimal,
    /// At least 0, 2 decimal places.
    pub unit_cost: Decimal,
}

/// A new quote: the next version of its opportunity, in DRAFT.
#[derive(InputObject)]
pub struct CreateQuoteInput {
    /// An open opportunity the caller may change.
    pub opportunity_id: ID,
    /// At most 200 characters.
    pub title: Option<String>,
    /// Today or later.
    pub valid_until: Date,
    /// At most 2000 characters.
    pub payment_terms: Option<String>,
    /// Delivery time and terms, at most 2000 characters.
    pub delivery_terms: Option<String>,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 200 lines.
    pub lines: Vec<QuoteLineInput>,
}

/// The new content of a DRAFT or REJECTED quote: every field is replaced
/// (an omitted optional text is cleared), the lines as a whole.
#[derive(InputObject)]
pub struct UpdateQuoteInput {
    pub id: ID,
    /// `rowVersion` as read.
    pub row_version: i32,
    pub title: Option<String>,
    pub valid_until: Date,
    pub payment_terms: Option<String>,
    pub delivery_terms: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<QuoteLineInput>,
}

/// Converts the input lines.
pub fn line_inputs(lines: Vec<QuoteLineInput>) -> Vec<LineInput> {
    lines
        .into_iter()
        .map(|l| LineInput {
            description: l.description,
            quantity: l.quantity.0,
            unit_price: l.unit_price.0,
            unit_cost: l.unit_cost.0,
        })
        .collect()
}

/// Converts the input terms.
pub fn terms(
    title: Option<String>,
    valid_until: Date,
    payment_terms: Option<String>,
    delivery_terms: Option<String>,
    note: Option<String>,
) -> Terms {
    Terms {
        title,
        valid_until: valid_until.0,
        payment_terms,
        delivery_terms,
        note,
    }
}

/// A quote (PIP-6), visible with its opportunity (ORG-3).
pub struct QuoteNode(pub Quote);

#[Object(name = "Quote")]
impl QuoteNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    /// Null when the caller may decide on the quote (as the submitter's
    /// direct head) but not see its opportunity.
    async fn opportunity(&self, ctx: &Context<'_>) -> ApiResult<Option<OpportunityNode>> {
        let actor = crate::context::actor(ctx)?;
        match salesd_domain::pipeline::opportunities::get(
            &state(ctx).pool,
            actor,
            self.0.opportunity_id,
        )
        .await?
        {
            Some(o) => Ok(Some(node(ctx, o).await?)),
            None => Ok(None),
        }
    }
    /// The quote's number within its opportunity (1, 2, …).
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// The optimistic-locking counter: pass it back to change the quote.
    async fn row_version(&self) -> i32 {
        self.0.row_version
    }
    async fn status(&self) -> QuoteStatus {
        self.0.status.into()
    }
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    /// The opportunity's currency.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    async fn valid_until(&self) -> Option<Date> {
        self.0.valid_until.map(Date)
    }
    async fn payment_terms(&self) -> Option<&str> {
        self.0.payment_terms.as_deref()
    }
    async fn delivery_terms(&self) -> Option<&str> {
        self.0.delivery_terms.as_deref()
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// The lines in order.
    #[graphql(complexity = 10)]
    async fn lines(&self, ctx: &Context<'_>) -> ApiResult<Vec<QuoteLineNode>> {
        let rows = store::lines(&state(ctx).pool, self.0.id).await?;
        Ok(rows.into_iter().map(QuoteLineNode).collect())
    }
    /// Σ line amounts (each quantity × unit price rounded to the cent).
    async fn total(&self) -> Decimal {
        Decimal(self.totals().total)
    }
    /// Σ line costs (each quantity × unit cost rounded to the cent).
    async fn cost(&self) -> Decimal {
        Decimal(self.totals().cost)
    }
    /// total − cost.
    async fn margin_amount(&self) -> Decimal {
        Decimal(self.totals().margin_amount)
    }
    /// (total − cost) / total × 100, 2 places half up; 0 for a zero total.
    async fn margin_percent(&self) -> Decimal {
        Decimal(self.totals().margin_percent)
    }
    /// Set on submission from the margin and the thresholds then in force.
    async fn required_approver_role(&self) -> ApiResult<Option<QuoteApproverRole>> {
        self.0
            .required_approver_role
            .as_deref()
            .map(|r| parse::<store::ApproverBand>(r).map(Into::into))
            .transpose()
    }
    /// Band DIRECT_HEAD: the submitter's direct head at submission.
    async fn head_approver(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.head_approver_id).await
    }
    /// Who approved or rejected it.
    async fn approver(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.approver_id).await
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn rejection_reason(&self) -> Option<&str> {
        self.0.rejection_reason.as_deref()
    }
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.submitted_by).await
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    async fn customer_decision_at(&self) -> Option<DateTime<Utc>> {
        self.0.customer_decision_at
    }
    async fn customer_decision_note(&self) -> Option<&str> {
        self.0.customer_decision_note.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.created_by).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }
}

impl QuoteNode {
    fn totals(&self) -> store::Totals {
        store::from_sums(self.0.total_amount, self.0.total_cost)
    }
}

/// One line of a quote.
pub struct QuoteLineNode(pub QuoteLine);

#[Object(name = "QuoteLine")]
impl QuoteLineNode {
    /// 1-based.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn quantity(&self) -> Decimal {
        Decimal(self.0.quantity.normalize())
    }
    async fn unit_price(&self) -> Decimal {
        Decimal(self.0.unit_price)
    }
    async fn unit_cost(&self) -> Decimal {
        Decimal(self.0.unit_cost)
    }
    /// quantity × unit price, rounded to the cent (half up).
    async fn amount(&self) -> Decimal {
        Decimal(store::line_amount(self.0.quantity, self.0.unit_price))
    }
    /// quantity × unit cost, rounded to the cent (half up).
    async fn cost(&self) -> Decimal {
        Decimal(store::line_amount(self.0.quantity, self.0.unit_cost))
    }
}

/// The quotes of an opportunity the caller can see, newest version first
/// (for `Opportunity.quotes`), batched over a page by the request's loader.
pub async fn quotes_of(ctx: &Context<'_>, opportunity: uuid::Uuid) -> ApiResult<Vec<QuoteNode>> {
    let rows = pipeline_loaders(ctx)
        .quotes
        .load_one(opportunity)
        .await?
        .unwrap_or_default();
    Ok(rows.into_iter().map(QuoteNode).collect())
}
