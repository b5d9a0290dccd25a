//! GraphQL types of contracts (CON-1, CON-2) and the REC-8 credit check:
//! the node with its plan, the inputs and enums.

use crate::schema::common::loaders::rows_by_parent;
use crate::schema::customers::loaders::customer_node;
use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::contracts::credit::CreditCheck;
use salesd_domain::contracts::{self as dc, Contract, Installment};
use salesd_domain::pipeline::opportunities as opps;
use salesd_domain::pipeline::quotes;
use std::sync::Arc;

use crate::schema::customers::types::CustomerNode;

use crate::context::{actor, state};
use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::common::parse;
use crate::schema::org::types::{PersonNode, person};
use crate::schema::pipeline::opportunities::types::OpportunityNode;
use crate::schema::pipeline::quotes::types::QuoteNode;

/// CON-2 contract states.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::contracts::ContractStatus")]
pub enum ContractStatus {
    /// Being written; editable.
    Draft,
    /// Waiting for finance (terms over 90 days) and the sales director.
    InReview,
    /// Approved; may be signed.
    Approved,
    /// Signed by both parties (wins the opportunity).
    Signed,
    /// Being delivered.
    Executing,
    /// Accepted by the customer (验收).
    Accepted,
    /// Finished.
    Closed,
    /// Ended early by the sales director.
    Terminated,
}

/// CON-1 payment methods.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::contracts::PaymentMethod")]
pub enum PaymentMethod {
    BankTransfer,
    AcceptanceBill,
    Cash,
    Other,
}

/// CON-1: what sets an installment's due date.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::contracts::InstallmentTrigger")]
pub enum InstallmentTrigger {
    /// A date given in the plan (`dueDate`).
    FixedDate,
    /// Signing date + offset.
    Signing,
    /// Last delivery + offset (when every order is delivered).
    Delivery,
    /// Acceptance date + offset.
    Acceptance,
    /// Acceptance + warranty months + offset.
    WarrantyEnd,
}

/// One installment of a payment plan.
#[derive(InputObject)]
pub struct InstallmentInput {
    /// 1 to 100 characters.
    pub label: String,
    /// Greater than 0, at most 2 decimal places.
    pub amount: Decimal,
    pub trigger: InstallmentTrigger,
    /// Required for FIXED_DATE, refused for the other triggers.
    pub due_date: Option<Date>,
    /// Days after the trigger, 0 to 3650.
    #[graphql(default = 0)]
    pub offset_days: i32,
}

/// The terms shared by every contract input.
#[derive(InputObject)]
pub struct ContractTermsInput {
    /// 1 to 200 characters; defaults to the opportunity's name.
    pub title: Option<String>,
    /// 1 to 200 characters; defaults to the customer's name.
    pub customer_party: Option<String>,
    /// 1 to 200 characters; defaults to the company (the root unit's name).
    pub our_party: Option<String>,
    pub start_date: Option<Date>,
    /// On or after `startDate`.
    pub end_date: Option<Date>,
    #[graphql(default_with = "PaymentMethod::BankTransfer")]
    pub payment_method: PaymentMethod,
    /// Credit period, 0 to 3650 days; above 90 finance reviews too (CON-2).
    #[graphql(default = 30)]
    pub payment_terms_days: i32,
    /// At most 2000 characters.
    pub delivery_terms: Option<String>,
    /// At most 2000 characters.
    pub after_sales_terms: Option<String>,
    /// 0 to 120.
    #[graphql(default = 12)]
    pub warranty_months: i32,
    /// At most 2000 characters.
    pub note: Option<String>,
    /// 1 to 60 installments summing exactly to the contract amount.
    pub installments: Vec<InstallmentInput>,
}

/// CON-1: a contract from an ACCEPTED quote of an opportunity in CONTRACT.
#[derive(InputObject)]
pub struct CreateContractFromQuoteInput {
    pub quote_id: ID,
    #[graphql(flatten)]
    pub terms: ContractTermsInput,
}

/// CON-1: a contract entered directly (sales assistant, director, GM, admin).
#[derive(InputObject)]
pub struct CreateContractInput {
    pub customer_id: ID,
    /// An opportunity of the same customer, if any.
    pub opportunity_id: Option<ID>,
    /// Greater than 0, at most 2 decimal places.
    pub amount: Decimal,
    /// ISO 4217; CNY when omitted.
    pub currency: Option<String>,
    #[graphql(flatten)]
    pub terms: ContractTermsInput,
}

/// CON-1: the new terms and plan of a DRAFT contract. Omitted title and
/// parties keep their values; omitted optional texts are cleared.
#[derive(InputObject)]
pub struct UpdateContractInput {
    /// Only for a contract entered directly; one from a quote keeps the
    /// quote's total.
    pub amount: Option<Decimal>,
    #[graphql(flatten)]
    pub terms: ContractTermsInput,
}

/// Filter of `contracts`.
#[derive(InputObject, Default)]
pub struct ContractFilter {
    pub status: Option<ContractStatus>,
    pub customer_id: Option<ID>,
    pub opportunity_id: Option<ID>,
    /// The number's year.
    pub year: Option<i32>,
    /// Part of the number or the title, at most 100 characters.
    pub search: Option<String>,
}

/// Converts the input terms.
pub fn terms(t: ContractTermsInput) -> dc::Terms {
    dc::Terms {
        title: t.title,
        customer_party: t.customer_party,
        our_party: t.our_party,
        start_date: t.start_date.map(|d| d.0),
        end_date: t.end_date.map(|d| d.0),
        payment_method: t.payment_method.into(),
        payment_terms_days: t.payment_terms_days,
        delivery_terms: t.delivery_terms,
        after_sales_terms: t.after_sales_terms,
        warranty_months: t.warranty_months,
        note: t.note,
        installments: t
            .installments
            .into_iter()
            .map(|i| dc::InstallmentInput {
                label: i.label,
                amount: i.amount.0,
                trigger: i.trigger.into(),
                due_date: i.due_date.map(|d| d.0),
                offset_days: i.offset_days,
            })
            .collect(),
    }
}

/// REC-8: where the credit limit that applies comes from.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
pub enum CreditLimitSource {
    /// Set for this customer (0: no credit at all).
    Customer,
    /// Not set for the customer: the company default for its grade
    /// (setting `credit_limit_defaults`).
    GradeDefault,
    /// "No limit", set explicitly for this customer.
    Unlimited,
}

impl From<salesd_domain::contracts::credit_limit::LimitSource> for CreditLimitSource {
    fn from(s: salesd_domain::contracts::credit_limit::LimitSource) -> Self {
        use salesd_domain::contracts::credit_limit::LimitSource as L;
        match s {
            L::Customer => Self::Customer,
            L::GradeDefault => Self::GradeDefault,
            L::Unlimited => Self::Unlimited,
        }
    }
}

/// REC-8: the credit check of an amount for a customer.
#[derive(SimpleObject)]
#[graphql(name = "CreditCheck")]
pub struct CreditCheckNode {
    pub customer_id: ID,
    /// The limit that applied; null: no limit ("no limit" set explicitly,
    /// or a check stored before grade defaults, when 0 meant none set).
    pub limit: Option<Decimal>,
    /// Where the limit came from; null for checks stored before REC-8
    /// grade defaults.
    pub limit_source: Option<CreditLimitSource>,
    /// The customer's exposure (REC-8): ledgerBalance + unpostedContracts
    /// + unshippedOrders, each sale counted once, the deal checked left out.
    pub outstanding: Decimal,
    /// The amount checked.
    pub new_amount: Decimal,
    /// The customer is on credit hold.
    pub on_hold: bool,
    /// outstanding + newAmount is over the limit.
    pub exceeds_limit: bool,
    /// On hold or over the limit: the director must approve explicitly.
    pub needs_director_approval: bool,
    /// Σ of the customer's ledger (posted sales net of receipts and credit).
    pub ledger_balance: Decimal,
    /// Σ (amount − posted) of the committed contracts (APPROVED to ACCEPTED).
    pub unposted_contracts: Decimal,
    /// Σ (total − posted) of the confirmed orders outside a contract.
    pub unshipped_orders: Decimal,
}

impl From<CreditCheck> for CreditCheckNode {
    fn from(c: CreditCheck) -> Self {
        Self {
            customer_id: id(c.customer_id),
            // A check stored before grade defaults: its 0 meant "none set".
            limit: c
                .limit
                .filter(|l| c.limit_source.is_some() || !l.is_zero())
                .map(Decimal),
            limit_source: c.limit_source.map(Into::into),
            outstanding: Decimal(c.outstanding),
            new_amount: Decimal(c.new_amount),
            on_hold: c.on_hold,
            exceeds_limit: c.exceeds_limit,
            needs_director_approval: c.needs_director_approval,
            ledger_balance: Decimal(c.ledger_balance),
            unposted_contracts: Decimal(c.unposted_contracts),
            unshipped_orders: Decimal(c.unshipped_orders),
        }
    }
}

/// One installment of a contract's payment plan.
pub struct InstallmentNode(pub Installment);

#[Object(name = "ContractInstallment")]
impl InstallmentNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// 1-based.
    async fn position(&self) -> i32 {
        self.0.position
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    async fn trigger(&self) -> ApiResult<InstallmentTrigger> {
        parse::<dc::InstallmentTrigger>(&self.0.trigger).map(Into::into)
    }
    async fn offset_days(&self) -> i32 {
        self.0.offset_days
    }
    /// Set for FIXED_DATE; for the others once the trigger happened.
    async fn due_date(&self) -> Option<Date> {
        self.0.due_date.map(Date)
    }
}

/// A contract (CON-1), visible per ORG-3: owner, managers over the unit,
/// the unit's assistants, finance, the opportunity's project team.
pub struct ContractNode(pub Contract);

#[Object(name = "Contract")]
impl ContractNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// HT-<year>-<seq>.
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn status(&self) -> ContractStatus {
        self.0.status.into()
    }
    async fn customer_id(&self) -> ID {
        id(self.0.customer_id)
    }
    /// The customer, if the caller may see it as a customer.
    async fn customer(&self, ctx: &Context<'_>) -> ApiResult<Option<CustomerNode>> {
        customer_node(ctx, self.0.customer_id).await
    }
    async fn opportunity_id(&self) -> Option<ID> {
        self.0.opportunity_id.map(id)
    }
    /// The opportunity, if any and visible to the caller.
    async fn opportunity(&self, ctx: &Context<'_>) -> ApiResult<Option<OpportunityNode>> {
        let Some(op) = self.0.opportunity_id else {
            return Ok(None);
        };
        let pool = &state(ctx).pool;
        let Some(o) = opps::get(pool, actor(ctx)?, op).await? else {
            return Ok(None);
        };
        Ok(Some(OpportunityNode {
            o,
            probabilities: Arc::new(opps::probabilities(pool).await?),
        }))
    }
    async fn quote_id(&self) -> Option<ID> {
        self.0.quote_id.map(id)
    }
    /// The quote it came from, if visible to the caller.
    async fn quote(&self, ctx: &Context<'_>) -> ApiResult<Option<QuoteNode>> {
        let Some(q) = self.0.quote_id else {
            return Ok(None);
        };
        Ok(quotes::get(&state(ctx).pool, actor(ctx)?, q)
            .await?
            .map(QuoteNode))
    }
    async fn owner(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.owner_id)).await
    }
    async fn owner_unit_id(&self) -> ID {
        id(self.0.owner_unit_id)
    }
    async fn customer_party(&self) -> &str {
        &self.0.customer_party
    }
    async fn our_party(&self) -> &str {
        &self.0.our_party
    }
    async fn amount(&self) -> Decimal {
        Decimal(self.0.amount)
    }
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    async fn start_date(&self) -> Option<Date> {
        self.0.start_date.map(Date)
    }
    async fn end_date(&self) -> Option<Date> {
        self.0.end_date.map(Date)
    }
    async fn payment_method(&self) -> ApiResult<PaymentMethod> {
        parse::<dc::PaymentMethod>(&self.0.payment_method).map(Into::into)
    }
    async fn payment_terms_days(&self) -> i32 {
        self.0.payment_terms_days
    }
    async fn delivery_terms(&self) -> Option<&str> {
        self.0.delivery_terms.as_deref()
    }
    async fn after_sales_terms(&self) -> Option<&str> {
        self.0.after_sales_terms.as_deref()
    }
    async fn warranty_months(&self) -> i32 {
        self.0.warranty_months
    }
    /// The payment plan in order.
    #[graphql(complexity = 10)]
    async fn installments(&self, ctx: &Context<'_>) -> ApiResult<Vec<InstallmentNode>> {
        let rows = ctx
            .data_unchecked::<DataLoader<InstallmentsByContract>>()
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(InstallmentNode).collect())
    }
    /// Payment terms over 90 days: finance reviews (fixed at submission).
    async fn needs_finance(&self) -> bool {
        self.0.needs_finance
    }
    /// REC-8: the director must approve the credit excess or hold.
    async fn needs_credit_approval(&self) -> bool {
        self.0.needs_credit_approval
    }
    /// The REC-8 check as run at submission.
    async fn credit_check(&self) -> Option<CreditCheckNode> {
        let v = self.0.credit_check.clone()?;
        serde_json::from_value::<CreditCheck>(v)
            .ok()
            .map(Into::into)
    }
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.submitted_by).await
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn finance_approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.finance_approved_by).await
    }
    async fn finance_approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.finance_approved_at
    }
    async fn director_approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.director_approved_by).await
    }
    async fn director_approved_at(&self) -> Option<DateTime<Utc>> {
        self.0.director_approved_at
    }
    /// The director who approved the REC-8 credit excess.
    async fn credit_approved_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.credit_approved_by).await
    }
    /// Why it was last returned to DRAFT.
    async fn returned_reason(&self) -> Option<&str> {
        self.0.returned_reason.as_deref()
    }
    async fn signed_date(&self) -> Option<Date> {
        self.0.signed_date.map(Date)
    }
    async fn signed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.signed_by).await
    }
    async fn accepted_date(&self) -> Option<Date> {
        self.0.accepted_date.map(Date)
    }
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.0.closed_at
    }
    async fn terminated_at(&self) -> Option<DateTime<Utc>> {
        self.0.terminated_at
    }
    async fn termination_reason(&self) -> Option<&str> {
        self.0.termination_reason.as_deref()
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The optimistic-locking counter: pass it back to change the contract.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

rows_by_parent!(
    /// The CON-1 payment plan of each contract, in order (the caller has loaded
    /// the contract in scope); batched per request.
    InstallmentsByContract, Installment, dc::query::installments, |i| i.contract_id,
);
