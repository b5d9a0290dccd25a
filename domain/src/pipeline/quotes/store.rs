//! PIP-6 writes. Every write of a quote locks its opportunity first (within
//! the actor's write scope, so a hidden one is NOT_FOUND and a team
//! member's attempt FORBIDDEN), then the quote row, checks `row_version`,
//! and writes the audit entry (`QUOTE`) on the same transaction. Approval
//! locks only the quote: its approver need not be able to change the
//! opportunity.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    ApprovalFacts, ApproverBand, LineInput, QuoteStatus, Terms, approver_band, check_lines,
    check_terms, may_approve, opt_text, require_status, totals, triples,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Access;
use crate::pipeline::opportunities::{Opportunity, lock_or_forbid, push_opportunity_scope};
use crate::versioned::{check_version, versioned};

/// A quote (PIP-6). `version` is its number within the opportunity;
/// `row_version` the optimistic-locking counter.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Quote {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    #[serde(rename = "quote_version")]
    pub version: i32,
    pub status: QuoteStatus,
    pub title: Option<String>,
    pub currency: String,
    pub valid_until: Option<NaiveDate>,
    pub payment_terms: Option<String>,
    pub delivery_terms: Option<String>,
    pub note: Option<String>,
    pub total_amount: Decimal,
    pub total_cost: Decimal,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(rename = "version")]
    pub row_version: i32,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub margin_percent: Option<Decimal>,
    pub required_approver_role: Option<String>,
    pub head_approver_id: Option<Uuid>,
    pub approver_id: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub rejection_reason: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub customer_decision_at: Option<DateTime<Utc>>,
    pub customer_decision_note: Option<String>,
}

versioned!(row_version: Quote);

/// One line of a quote.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct QuoteLine {
    #[serde(skip)]
    pub id: Uuid,
    #[serde(skip)]
    pub quote_id: Uuid,
    pub position: i32,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub unit_cost: Decimal,
}

/// A new quote for an opportunity.
pub struct NewQuote {
    pub opportunity_id: Uuid,
    pub terms: Terms,
    pub lines: Vec<LineInput>,
}

/// The new content of a DRAFT or REJECTED quote: terms and lines are
/// replaced as a whole.
pub struct QuotePatch {
    pub id: Uuid,
    pub row_version: i32,
    pub terms: Terms,
    pub lines: Vec<LineInput>,
}

/// What the audit log keeps of a quote: its row and its lines.
#[derive(Serialize)]
struct Audited<'a> {
    #[serde(flatten)]
    quote: &'a Quote,
    lines: &'a [QuoteLine],
}

async fn record(
    conn: &mut PgConnection,
    ctx: &Ctx,
    action: &str,
    old: Option<(&Quote, &[QuoteLine])>,
    new: (&Quote, &[QuoteLine]),
) -> DomainResult<()> {
    let new_a = Audited {
        quote: new.0,
        lines: new.1,
    };
    let changes = match old {
        Some((q, l)) => audit::diff(&Audited { quote: q, lines: l }, &new_a),
        None => audit::created(&new_a),
    };
    audit::record(conn, ctx, "QUOTE", new.0.id, action, &changes).await
}

fn open(o: &Opportunity) -> DomainResult<()> {
    if o.stage.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {} and its quotes can no longer change",
            o.stage
        )));
    }
    Ok(())
}

async fn load_lines(conn: &mut PgConnection, id: Uuid) -> DomainResult<Vec<QuoteLine>> {
    Ok(
        sqlx::query_as("SELECT * FROM quote_lines WHERE quote_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(conn)
            .await?,
    )
}

async fn write_lines(
    conn: &mut PgConnection,
    id: Uuid,
    lines: &[LineInput],
) -> DomainResult<Vec<QuoteLine>> {
    sqlx::query("DELETE FROM quote_lines WHERE quote_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let mut qb = QueryBuilder::new(
        "INSERT INTO quote_lines (id, quote_id, position, description, quantity, unit_price, unit_cost) ",
    );
    qb.push_values(lines.iter().enumerate(), |mut b, (i, l)| {
        b.push_bind(Uuid::now_v7())
            .push_bind(id)
            .push_bind(i as i32 + 1)
            .push_bind(&l.description)
            .push_bind(l.quantity)
            .push_bind(l.unit_price)
            .push_bind(l.unit_cost);
    });
    qb.build().execute(&mut *conn).await?;
    load_lines(conn, id).await
}

/// Creates a DRAFT quote (mutation `createQuote`) with the next version
/// number of its opportunity. The opportunity's row lock serialises
/// concurrent creations, so two never take the same number (the unique
/// key is the backstop). Only the opportunity's writers (owner, managers
/// over its unit, top roles) create quotes; the opportunity must be open.
pub async fn create(pool: &PgPool, ctx: &Ctx, input: NewQuote) -> DomainResult<Quote> {
    let today = crate::clock::company_date(ctx.now);
    let terms = check_terms(&input.terms, today)?;
    let lines = check_lines(&input.lines)?;
    let user = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("only a signed-in user may create quotes".into()))?;
    let mut tx = pool.begin().await?;
    let o = lock_or_forbid(&mut tx, ctx, input.opportunity_id, None).await?;
    open(&o)?;
    let next: i32 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) + 1 FROM quotes WHERE opportunity_id = $1",
    )
    .bind(o.id)
    .fetch_one(&mut *tx)
    .await?;
    let t = totals(&triples(&lines));
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO quotes (id, opportunity_id, version, status, title, currency, valid_until, payment_terms,
            delivery_terms, note, total_amount, total_cost, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, 'DRAFT', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(id)
    .bind(o.id)
    .bind(next)
    .bind(&terms.title)
    .bind(&o.currency)
    .bind(terms.valid_until)
    .bind(&terms.payment_terms)
    .bind(&terms.delivery_terms)
    .bind(&terms.note)
    .bind(t.total)
    .bind(t.cost)
    .bind(user)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    let lines = write_lines(&mut tx, id, &lines).await?;
    let q = fetch(&mut tx, id).await?;
    record(&mut tx, ctx, "CREATE", None, (&q, &lines)).await?;
    tx.commit().await?;
    Ok(q)
}

async fn fetch(conn: &mut PgConnection, id: Uuid) -> DomainResult<Quote> {
    Ok(sqlx::query_as("SELECT * FROM quotes WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?)
}

/// Locks the quote's opportunity within the write scope, then the quote,
/// and checks `row_version`.
async fn lock_for_write(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    row_version: i32,
) -> DomainResult<(Opportunity, Quote)> {
    let opp: Uuid = sqlx::query_scalar("SELECT opportunity_id FROM quotes WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let o = lock_or_forbid(conn, ctx, opp, None).await?;
    let q: Quote = sqlx::query_as("SELECT * FROM quotes WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    check_version(&q, row_version, "quote")?;
    open(&o)?;
    Ok((o, q))
}

/// Replaces a DRAFT or REJECTED quote's terms and lines (mutation
/// `updateQuote`); a rejected quote stays REJECTED until submitted again.
pub async fn update(pool: &PgPool, ctx: &Ctx, p: QuotePatch) -> DomainResult<Quote> {
    let today = crate::clock::company_date(ctx.now);
    let terms = check_terms(&p.terms, today)?;
    let lines = check_lines(&p.lines)?;
    let mut tx = pool.begin().await?;
    let (_, old) = lock_for_write(&mut tx, ctx, p.id, p.row_version).await?;
    require_status(
        old.status,
        &[QuoteStatus::Draft, QuoteStatus::Rejected],
        "edit",
    )?;
    let old_lines = load_lines(&mut tx, p.id).await?;
    let t = totals(&triples(&lines));
    sqlx::query(
        "UPDATE quotes SET title = $2, valid_until = $3, payment_terms = $4, delivery_terms = $5, note = $6,
            total_amount = $7, total_cost = $8, row_version = row_version + 1, updated_at = $9
         WHERE id = $1",
    )
    .bind(p.id)
    .bind(&terms.title)
    .bind(terms.valid_until)
    .bind(&terms.payment_terms)
    .bind(&terms.delivery_terms)
    .bind(&terms.note)
    .bind(t.total)
    .bind(t.cost)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    let lines = write_lines(&mut tx, p.id, &lines).await?;
    let new = fetch(&mut tx, p.id).await?;
    record(
        &mut tx,
        ctx,
        "UPDATE",
        Some((&old, &old_lines)),
        (&new, &lines),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Submits a DRAFT or REJECTED quote for approval (mutation
/// `submitQuote`): computes the margin, the approver band under the
/// current thresholds (fixed for this submission; later setting changes do
/// not re-route it) and, for the DIRECT_HEAD band, the submitter's direct
/// head (ORG-5). A submitter without a head (the top of the company) goes
/// to the sales director. A quote past its validity date cannot be
/// submitted.
pub async fn submit(pool: &PgPool, ctx: &Ctx, id: Uuid, row_version: i32) -> DomainResult<Quote> {
    let user = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("only a signed-in user may submit quotes".into()))?;
    let mut tx = pool.begin().await?;
    let (_, old) = lock_for_write(&mut tx, ctx, id, row_version).await?;
    require_status(
        old.status,
        &[QuoteStatus::Draft, QuoteStatus::Rejected],
        "submit",
    )?;
    check_valid(&old, ctx)?;
    let thresholds = super::thresholds::read(&mut tx).await?;
    let margin = super::margin_percent(old.total_amount, old.total_cost);
    let mut band = approver_band(margin, &thresholds);
    let mut head = None;
    if band == ApproverBand::DirectHead {
        // ORG-1/5: a vacant head answers VALIDATION naming the unit; only
        // the person at the top (nobody heads them) goes to the director.
        head = crate::org::store::approving_head(pool, user, "id").await?;
        if head.is_none() {
            band = ApproverBand::SalesDirector;
        }
    }
    let new: Quote = sqlx::query_as(
        "UPDATE quotes SET status = 'PENDING_APPROVAL', submitted_by = $2, submitted_at = $3, margin_percent = $4,
            required_approver_role = $5, head_approver_id = $6, approver_id = NULL, decided_at = NULL,
            rejection_reason = NULL, row_version = row_version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(user)
    .bind(ctx.now)
    .bind(margin)
    .bind(band.as_str())
    .bind(head)
    .fetch_one(&mut *tx)
    .await?;
    let lines = load_lines(&mut tx, id).await?;
    record(&mut tx, ctx, "SUBMIT", Some((&old, &lines)), (&new, &lines)).await?;
    tx.commit().await?;
    Ok(new)
}

fn check_valid(q: &Quote, ctx: &Ctx) -> DomainResult<()> {
    let today = crate::clock::company_date(ctx.now);
    if q.valid_until.is_some_and(|d| d < today) {
        return Err(DomainError::conflict(
            "the quote's validity date has passed; edit it as a new version",
        ));
    }
    Ok(())
}

/// Locks a pending quote for its approver: NOT_FOUND unless the actor can
/// read the opportunity or is the recorded direct head; stale and state
/// checks; then [`may_approve`].
async fn lock_for_decision(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    row_version: i32,
) -> DomainResult<Quote> {
    let q: Quote = sqlx::query_as("SELECT * FROM quotes WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    let mut qb = QueryBuilder::new("SELECT o.* FROM opportunities o WHERE o.id = ");
    qb.push_bind(q.opportunity_id);
    push_opportunity_scope(&mut qb, &ctx.actor, Access::Read);
    let seen: Option<Opportunity> = qb.build_query_as().fetch_optional(&mut *conn).await?;
    let o = match seen {
        Some(o) => o,
        None if q.head_approver_id.is_some() && q.head_approver_id == ctx.actor.user_id => {
            sqlx::query_as("SELECT * FROM opportunities WHERE id = $1")
                .bind(q.opportunity_id)
                .fetch_one(&mut *conn)
                .await?
        }
        None => return Err(DomainError::NotFound),
    };
    check_version(&q, row_version, "quote")?;
    open(&o)?;
    require_status(q.status, &[QuoteStatus::PendingApproval], "decide on")?;
    let band: ApproverBand = q
        .required_approver_role
        .as_deref()
        .unwrap_or("SALES_DIRECTOR")
        .parse()?;
    let authors: Vec<Uuid> = [q.created_by, q.submitted_by, Some(o.owner_id)]
        .into_iter()
        .flatten()
        .collect();
    may_approve(
        &ctx.actor,
        &ApprovalFacts {
            band,
            head: q.head_approver_id,
            unit: o.owner_unit_id,
            authors: &authors,
        },
    )?;
    Ok(q)
}

/// Approves a pending quote (mutation `approveQuote`); see
/// [`super::may_approve`] for who may.
pub async fn approve(pool: &PgPool, ctx: &Ctx, id: Uuid, row_version: i32) -> DomainResult<Quote> {
    let mut tx = pool.begin().await?;
    let old = lock_for_decision(&mut tx, ctx, id, row_version).await?;
    let new: Quote = sqlx::query_as(
        "UPDATE quotes SET status = 'APPROVED', approver_id = $2, decided_at = $3,
            row_version = row_version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let lines = load_lines(&mut tx, id).await?;
    record(
        &mut tx,
        ctx,
        "APPROVE",
        Some((&old, &lines)),
        (&new, &lines),
    )
    .await?;
    tx.commit().await?;
    Ok(new)
}

/// Rejects a pending quote with a reason (mutation `rejectQuote`); the
/// author may edit it and submit it again.
pub async fn reject(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    row_version: i32,
    reason: &str,
) -> DomainResult<Quote> {
    let reason = opt_text("reason", Some(reason), 2000)?
        .ok_or_else(|| DomainError::validation("reason", "a rejection needs a reason"))?;
    let mut tx = pool.begin().await?;
    let old = lock_for_decision(&mut tx, ctx, id, row_version).await?;
    let new: Quote = sqlx::query_as(
        "UPDATE quotes SET status = 'REJECTED', approver_id = $2, decided_at = $3, rejection_reason = $4,
            row_version = row_version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(&reason)
    .fetch_one(&mut *tx)
    .await?;
    let lines = load_lines(&mut tx, id).await?;
    record(&mut tx, ctx, "REJECT", Some((&old, &lines)), (&new, &lines)).await?;
    tx.commit().await?;
    Ok(new)
}

/// Sends an APPROVED quote to the customer (mutation `sendQuote`).
/// "不得擅自对外报价": any other state is CONFLICT; so is a quote past its
/// validity date.
pub async fn send(pool: &PgPool, ctx: &Ctx, id: Uuid, row_version: i32) -> DomainResult<Quote> {
    let mut tx = pool.begin().await?;
    let (_, old) = lock_for_write(&mut tx, ctx, id, row_version).await?;
    if old.status != QuoteStatus::Approved {
        return Err(DomainError::conflict(format!(
            "a quote goes to the customer only once approved (不得擅自对外报价); this one is {}",
            old.status
        )));
    }
    check_valid(&old, ctx)?;
    let new: Quote = sqlx::query_as(
        "UPDATE quotes SET status = 'SENT', sent_at = $2, row_version = row_version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    let lines = load_lines(&mut tx, id).await?;
    record(&mut tx, ctx, "SEND", Some((&old, &lines)), (&new, &lines)).await?;
    tx.commit().await?;
    Ok(new)
}

/// Records the customer's answer to a SENT quote (mutation
/// `recordQuoteDecision`): ACCEPTED or DECLINED, with an optional note.
/// At most one quote per opportunity is accepted (CONFLICT otherwise).
pub async fn decide(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    row_version: i32,
    accepted: bool,
    note: Option<&str>,
) -> DomainResult<Quote> {
    let note = opt_text("note", note, 2000)?;
    let mut tx = pool.begin().await?;
    let (o, old) = lock_for_write(&mut tx, ctx, id, row_version).await?;
    require_status(
        old.status,
        &[QuoteStatus::Sent],
        "record the customer's decision on",
    )?;
    if accepted {
        let other: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM quotes WHERE opportunity_id = $1 AND status = 'ACCEPTED')",
        )
        .bind(o.id)
        .fetch_one(&mut *tx)
        .await?;
        if other {
            return Err(DomainError::conflict(
                "the customer has already accepted another quote of this opportunity",
            ));
        }
    }
    let status = if accepted {
        QuoteStatus::Accepted
    } else {
        QuoteStatus::Declined
    };
    let new: Quote = sqlx::query_as(
        "UPDATE quotes SET status = $2, customer_decision_at = $3, customer_decision_note = $4,
            row_version = row_version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(ctx.now)
    .bind(&note)
    .fetch_one(&mut *tx)
    .await?;
    let lines = load_lines(&mut tx, id).await?;
    let action = if accepted { "ACCEPT" } else { "DECLINE" };
    record(&mut tx, ctx, action, Some((&old, &lines)), (&new, &lines)).await?;
    tx.commit().await?;
    Ok(new)
}
