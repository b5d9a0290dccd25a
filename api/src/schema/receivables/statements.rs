//! REC-5 monthly statements over GraphQL (docs/statements.md): read in the
//! customer's receivable scope (ORG-3, like `customerLedger`), generated on
//! demand by an ADMIN or finance.

use async_graphql::connection::{Connection, EmptyFields};
use async_graphql::{Context, ID, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use salesd_domain::receivables::statements::{self as st, Statement, StatementLine};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::scalars::{Date, Decimal};
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;

/// One ledger entry of the month on a statement.
#[derive(SimpleObject)]
pub struct StatementLineNode {
    /// The ledger entry (see `customerLedger`).
    pub entry_id: ID,
    pub seq: i64,
    pub date: Date,
    /// The ledger kind: SALE, RECEIPT, PREPAYMENT, CREDIT_APPLIED,
    /// ADJUSTMENT, WRITE_OFF, REVERSAL.
    pub kind: String,
    /// The figure it counts in: SALES, RECEIPTS, OTHER, or NONE (credit
    /// applied: its pair nets to 0).
    pub column: String,
    /// Item, invoice, receipt reference, reason.
    pub document: String,
    /// Signed as in the ledger (debit > 0, credit < 0).
    pub amount: Decimal,
}

impl From<StatementLine> for StatementLineNode {
    fn from(l: StatementLine) -> Self {
        Self {
            entry_id: ID(l.entry_id.to_string()),
            seq: l.seq,
            date: Date(l.date),
            kind: l.kind,
            column: l.column,
            document: l.document,
            amount: Decimal(l.amount),
        }
    }
}

/// REC-5: a customer's monthly statement (对账单). `openingBalance + sales
/// − receipts + other = closingBalance`; `closingBalance` is the ledger
/// balance at `periodEnd`. Immutable once `sentAt` is set.
#[derive(SimpleObject)]
pub struct StatementNode {
    pub id: ID,
    pub customer_id: ID,
    pub customer_name: String,
    /// `YYYY-MM`.
    pub month: String,
    pub period_start: Date,
    pub period_end: Date,
    pub opening_balance: Decimal,
    pub sales: Decimal,
    /// Money received (RECEIPT + PREPAYMENT), positive.
    pub receipts: Decimal,
    /// Adjustments, write-offs, reversals (signed).
    pub other: Decimal,
    pub closing_balance: Decimal,
    /// The month's ledger entries behind the figures, in ledger order.
    pub lines: Vec<StatementLineNode>,
    /// The document as emailed (`statement-YYYY-MM.html`).
    pub html: String,
    pub generated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<Statement> for StatementNode {
    fn from(s: Statement) -> Self {
        Self {
            id: ID(s.id.to_string()),
            customer_id: ID(s.customer_id.to_string()),
            customer_name: s.customer_name,
            month: st::month_label(s.period_start),
            period_start: Date(s.period_start),
            period_end: Date(s.period_end),
            opening_balance: Decimal(s.opening_balance),
            sales: Decimal(s.sales),
            receipts: Decimal(s.receipts),
            other: Decimal(s.other),
            closing_balance: Decimal(s.closing_balance),
            lines: s.lines.0.into_iter().map(Into::into).collect(),
            html: s.html,
            generated_at: s.generated_at,
            sent_at: s.sent_at,
        }
    }
}

/// What `generateStatements` did.
#[derive(SimpleObject)]
pub struct StatementRun {
    pub month: String,
    /// Customers with activity or a balance: one statement each.
    pub customers: u64,
    pub created: u64,
    /// Unsent statements whose figures changed, replaced.
    pub replaced: u64,
    pub unchanged: u64,
    /// Sent before: kept as they were.
    pub already_sent: u64,
}

/// `YYYY-MM` → its first day; VALIDATION `field` otherwise.
fn parse_month(field: &str, month: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| ApiError::validation(field, "a month is written like 2026-10"))
}

fn opt_id(field: &str, v: &Option<ID>) -> ApiResult<Option<uuid::Uuid>> {
    v.as_ref().map(|v| uuid(field, v)).transpose()
}

#[derive(Default)]
pub struct StatementQuery;

#[Object]
impl StatementQuery {
    /// REC-5: statements in the caller's receivable scope, of one customer
    /// (NOT_FOUND outside scope) or all, for months overlapping [from, to],
    /// newest month first.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        customer_id: Option<ID>,
        from: Option<Date>,
        to: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, StatementNode, EmptyFields>> {
        let customer = opt_id("customerId", &customer_id)?;
        let req = page_request(first, after, last, before)?;
        let page = st::list(
            &state(ctx).pool,
            actor(ctx)?,
            customer,
            from.map(|d| d.0),
            to.map(|d| d.0),
            &req,
        )
        .await?;
        Ok(connection(page, StatementNode::from, EmptyFields))
    }

    /// REC-5: one statement with its lines; NOT_FOUND outside scope.
    async fn statement(&self, ctx: &Context<'_>, id: ID) -> ApiResult<StatementNode> {
        let id = uuid("id", &id)?;
        st::get(&state(ctx).pool, actor(ctx)?, id)
            .await?
            .map(Into::into)
            .ok_or_else(ApiError::not_found)
    }
}

#[derive(Default)]
pub struct StatementMutation;

#[Object]
impl StatementMutation {
    /// REC-5 (ADMIN, FINANCE): generates the statements of `month`
    /// (`YYYY-MM`, not in the future) now, without sending them; unsent
    /// ones are refreshed, sent ones kept as they are.
    async fn generate_statements(
        &self,
        ctx: &Context<'_>,
        month: String,
    ) -> ApiResult<StatementRun> {
        let dctx = domain_ctx(ctx)?;
        let start = parse_month("month", &month)?;
        let r = st::generate_on_demand(&state(ctx).pool, &dctx, start).await?;
        Ok(StatementRun {
            month: st::month_label(r.period_start),
            customers: r.customers,
            created: r.created,
            replaced: r.replaced,
            unchanged: r.unchanged,
            already_sent: r.already_sent,
        })
    }
}
