//! GraphQL types of PIP-7: negotiation records, competitor notes (and the
//! cross-opportunity competitor summary), tenders with their bid documents.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::pipeline::negotiations::{
    BidDocument, Competitor, CompetitorFields, CompetitorSummary, Negotiation, Tender, TenderFields,
};

use crate::error::ApiResult;
use crate::scalars::{Date, Decimal};
use crate::schema::common::id;
use crate::schema::org::types::{PersonNode, person};

/// PIP-7: how dangerous a competitor is on an opportunity.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::negotiations::ThreatLevel")]
pub enum ThreatLevel {
    Low,
    Medium,
    High,
}

/// PIP-7: PENDING until a result is recorded; WON, LOST and CANCELLED are
/// final.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "salesd_domain::pipeline::negotiations::TenderResult")]
pub enum TenderResult {
    Pending,
    Won,
    Lost,
    /// The issuer cancelled the call for bids.
    Cancelled,
}

/// A new negotiation record.
#[derive(InputObject)]
pub struct RecordNegotiationInput {
    pub opportunity_id: ID,
    /// The day it took place; not after today.
    pub occurred_on: Date,
    /// The price discussed, in the opportunity's currency: at least 0, two
    /// decimal places.
    pub price: Option<Decimal>,
    /// At most 500 characters.
    pub payment_method: Option<String>,
    /// At most 2000 characters.
    pub delivery_terms: Option<String>,
    /// At most 2000 characters.
    pub after_sales_terms: Option<String>,
    /// At most 5000 characters. At least one of price, paymentMethod,
    /// deliveryTerms, afterSalesTerms and notes is required.
    pub notes: Option<String>,
    /// Up to 30 names of at most 100 characters, both sides.
    #[graphql(default)]
    pub participants: Vec<String>,
}

/// A competitor note's fields (all replaced on update).
#[derive(InputObject)]
pub struct CompetitorInput {
    /// 1 to 200 characters; one live note per name and opportunity
    /// (case-insensitive).
    pub name: String,
    /// At most 2000 characters.
    pub strengths: Option<String>,
    /// At most 2000 characters.
    pub weaknesses: Option<String>,
    /// Their expected price: at least 0, two decimal places.
    pub estimated_price: Option<Decimal>,
    pub threat_level: ThreatLevel,
    /// At most 5000 characters.
    pub note: Option<String>,
}

impl From<CompetitorInput> for CompetitorFields {
    fn from(i: CompetitorInput) -> Self {
        CompetitorFields {
            name: i.name,
            strengths: i.strengths,
            weaknesses: i.weaknesses,
            estimated_price: i.estimated_price.map(|d| d.0),
            threat_level: i.threat_level.into(),
            note: i.note,
        }
    }
}

/// A bid document by reference (salesd stores no files).
#[derive(InputObject)]
pub struct BidDocumentInput {
    /// 1 to 200 characters.
    pub name: String,
    /// A URL or document-system reference; 1 to 1000 characters.
    pub reference: String,
}

/// A tender's fields (all replaced on update).
#[derive(InputObject)]
pub struct TenderInput {
    /// The issuer's number; at most 100 characters.
    pub tender_no: Option<String>,
    /// 1 to 200 characters.
    pub title: String,
    /// 1 to 200 characters.
    pub issuing_party: String,
    /// Bids are accepted strictly before it; in the future when set or
    /// changed.
    pub deadline: DateTime<Utc>,
    /// Up to 50.
    #[graphql(default)]
    pub documents: Vec<BidDocumentInput>,
    /// In the opportunity's currency: at least 0, two decimal places;
    /// required to submit.
    pub bid_amount: Option<Decimal>,
}

impl From<TenderInput> for TenderFields {
    fn from(i: TenderInput) -> Self {
        TenderFields {
            tender_no: i.tender_no,
            title: i.title,
            issuing_party: i.issuing_party,
            deadline: i.deadline,
            documents: i
                .documents
                .into_iter()
                .map(|d| BidDocument {
                    name: d.name,
                    reference: d.reference,
                })
                .collect(),
            bid_amount: i.bid_amount.map(|d| d.0),
        }
    }
}

/// A PIP-7 negotiation record; visible with its opportunity.
pub struct NegotiationNode(pub Negotiation);

#[Object(name = "Negotiation")]
impl NegotiationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    async fn occurred_on(&self) -> Date {
        Date(self.0.occurred_on)
    }
    /// The price discussed, in the opportunity's currency.
    async fn price(&self) -> Option<Decimal> {
        self.0.price.map(Decimal)
    }
    async fn payment_method(&self) -> Option<&str> {
        self.0.payment_method.as_deref()
    }
    async fn delivery_terms(&self) -> Option<&str> {
        self.0.delivery_terms.as_deref()
    }
    async fn after_sales_terms(&self) -> Option<&str> {
        self.0.after_sales_terms.as_deref()
    }
    async fn notes(&self) -> Option<&str> {
        self.0.notes.as_deref()
    }
    async fn participants(&self) -> &[String] {
        &self.0.participants
    }
    async fn recorded_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.recorded_by)).await
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A PIP-7 competitor note; visible with its opportunity.
pub struct CompetitorNode(pub Competitor);

#[Object(name = "Competitor")]
impl CompetitorNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn strengths(&self) -> Option<&str> {
        self.0.strengths.as_deref()
    }
    async fn weaknesses(&self) -> Option<&str> {
        self.0.weaknesses.as_deref()
    }
    /// Their expected price, in the opportunity's currency.
    async fn estimated_price(&self) -> Option<Decimal> {
        self.0.estimated_price.map(Decimal)
    }
    async fn threat_level(&self) -> ThreatLevel {
        self.0.threat_level.into()
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    /// For `updateCompetitor` / `removeCompetitor`.
    async fn version(&self) -> i32 {
        self.0.row_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One competitor across the caller's visible opportunities.
#[derive(SimpleObject)]
pub struct CompetitorSummaryRow {
    /// Names are grouped case-insensitively.
    pub name: String,
    /// Visible opportunities with a note on it.
    pub opportunities: i64,
    /// Of those notes, the ones rating it HIGH.
    pub high_threat: i64,
    /// Visible LOST opportunities whose `lostCompetitor` names it.
    pub lost_deals: i64,
}

impl From<CompetitorSummary> for CompetitorSummaryRow {
    fn from(s: CompetitorSummary) -> Self {
        CompetitorSummaryRow {
            name: s.name,
            opportunities: s.opportunities,
            high_threat: s.high_threat,
            lost_deals: s.lost_deals,
        }
    }
}

/// A bid document by reference.
#[derive(SimpleObject)]
pub struct BidDocumentRow {
    pub name: String,
    /// A URL or document-system reference.
    pub reference: String,
}

/// A PIP-7 tender (投标); visible with its opportunity.
pub struct TenderNode(pub Tender);

#[Object(name = "Tender")]
impl TenderNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn opportunity_id(&self) -> ID {
        id(self.0.opportunity_id)
    }
    /// The issuer's number (招标编号).
    async fn tender_no(&self) -> Option<&str> {
        self.0.tender_no.as_deref()
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn issuing_party(&self) -> &str {
        &self.0.issuing_party
    }
    /// Bids are accepted strictly before it.
    async fn deadline(&self) -> DateTime<Utc> {
        self.0.deadline
    }
    async fn documents(&self) -> Vec<BidDocumentRow> {
        self.0
            .documents
            .0
            .iter()
            .map(|d| BidDocumentRow {
                name: d.name.clone(),
                reference: d.reference.clone(),
            })
            .collect()
    }
    /// In the opportunity's currency.
    async fn bid_amount(&self) -> Option<Decimal> {
        self.0.bid_amount.map(Decimal)
    }
    async fn submitted(&self) -> bool {
        self.0.submitted_at.is_some()
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }
    async fn submitted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.submitted_by).await
    }
    async fn result(&self) -> TenderResult {
        self.0.result.into()
    }
    async fn result_note(&self) -> Option<&str> {
        self.0.result_note.as_deref()
    }
    /// Who won a LOST tender, when known.
    async fn winning_competitor(&self) -> Option<&str> {
        self.0.winning_competitor.as_deref()
    }
    /// The winning price: theirs for LOST (when known), our bid for WON.
    async fn winning_price(&self) -> Option<Decimal> {
        self.0.winning_price.map(Decimal)
    }
    async fn result_at(&self) -> Option<DateTime<Utc>> {
        self.0.result_at
    }
    async fn result_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.result_by).await
    }
    async fn created_by(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, Some(self.0.created_by)).await
    }
    /// For `updateTender`, `submitTender` and `recordTenderResult`.
    async fn version(&self) -> i32 {
        self.0.row_version
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
