//! PIP-7 negotiation records (谈判记录): the price discussed, payment
//! method, delivery and after-sales terms, notes, the date and who took
//! part. Append-only like evaluations: a later negotiation is a new record,
//! so the history of concessions stays readable.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{Writers, amount, lock_for, writer};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::pipeline::project::{optional, readable};

/// At most this many participants per record.
pub const MAX_PARTICIPANTS: usize = 30;

/// One negotiation held with the customer.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Negotiation {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub occurred_on: NaiveDate,
    /// The price discussed, in the opportunity's currency.
    pub price: Option<Decimal>,
    pub payment_method: Option<String>,
    pub delivery_terms: Option<String>,
    pub after_sales_terms: Option<String>,
    pub notes: Option<String>,
    /// Names as written ("王经理（采购）", "张三"), both sides.
    pub participants: Vec<String>,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A new negotiation record.
#[derive(Clone, Debug)]
pub struct NewNegotiation {
    pub opportunity_id: Uuid,
    /// The day it took place; not after today (company calendar).
    pub occurred_on: NaiveDate,
    /// Not negative, 2 decimals.
    pub price: Option<Decimal>,
    /// At most 500 characters.
    pub payment_method: Option<String>,
    /// At most 2000 characters.
    pub delivery_terms: Option<String>,
    /// At most 2000 characters.
    pub after_sales_terms: Option<String>,
    /// At most 5000 characters.
    pub notes: Option<String>,
    /// Up to 30 names of 1–100 characters; blanks are dropped.
    pub participants: Vec<String>,
}

/// The checked participants: trimmed, blanks dropped, distinct.
fn check_participants(v: &[String]) -> DomainResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for p in v.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if p.chars().count() > 100 {
            return Err(DomainError::validation(
                "participants",
                "each name must be at most 100 characters",
            ));
        }
        if !out.iter().any(|q| q == p) {
            out.push(p.to_owned());
        }
    }
    if out.len() > MAX_PARTICIPANTS {
        return Err(DomainError::validation(
            "participants",
            format!("at most {MAX_PARTICIPANTS} participants"),
        ));
    }
    Ok(out)
}

/// Records a negotiation (mutation `recordNegotiation`): the owner, a
/// manager over the unit or a project team member, on an open opportunity.
/// Validation runs before any read, so bad input changes nothing; audited
/// as NEGOTIATION CREATE.
pub async fn record_negotiation(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewNegotiation,
) -> DomainResult<Negotiation> {
    if input.occurred_on > crate::clock::company_date(ctx.now) {
        return Err(DomainError::validation(
            "occurredOn",
            "a negotiation is recorded once it took place: not after today",
        ));
    }
    let price = amount("price", input.price)?;
    let payment_method = optional("paymentMethod", input.payment_method.as_deref(), 500)?;
    let delivery_terms = optional("deliveryTerms", input.delivery_terms.as_deref(), 2000)?;
    let after_sales_terms = optional("afterSalesTerms", input.after_sales_terms.as_deref(), 2000)?;
    let notes = optional("notes", input.notes.as_deref(), 5000)?;
    let participants = check_participants(&input.participants)?;
    if price.is_none()
        && payment_method.is_none()
        && delivery_terms.is_none()
        && after_sales_terms.is_none()
        && notes.is_none()
    {
        return Err(DomainError::validation(
            "notes",
            "record at least one of price, paymentMethod, deliveryTerms, afterSalesTerms or notes",
        ));
    }
    let me = writer(ctx)?;
    let mut tx = pool.begin().await?;
    let o = lock_for(
        &mut tx,
        ctx,
        input.opportunity_id,
        Writers::OwnersAndTeam,
        "negotiation records",
        true,
    )
    .await?;
    let n: Negotiation = sqlx::query_as(
        "INSERT INTO opportunity_negotiations (id, opportunity_id, occurred_on, price, payment_method,
             delivery_terms, after_sales_terms, notes, participants, recorded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(input.occurred_on)
    .bind(price)
    .bind(&payment_method)
    .bind(&delivery_terms)
    .bind(&after_sales_terms)
    .bind(&notes)
    .bind(&participants)
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "NEGOTIATION",
        n.id,
        "CREATE",
        &audit::created(&n),
    )
    .await?;
    tx.commit().await?;
    Ok(n)
}

/// The negotiation records of an opportunity the actor can see, the latest
/// negotiation first; NOT_FOUND when it cannot.
pub async fn negotiations(
    pool: &PgPool,
    actor: &Actor,
    opportunity: Uuid,
) -> DomainResult<Vec<Negotiation>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_negotiations WHERE opportunity_id = $1
         ORDER BY occurred_on DESC, created_at DESC, id DESC",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_are_trimmed_distinct_and_bounded() {
        let got =
            check_participants(&[" 王经理 ".into(), "".into(), "王经理".into(), "张三".into()])
                .unwrap();
        assert_eq!(got, vec!["王经理".to_owned(), "张三".to_owned()]);
        assert!(check_participants(&["名".repeat(101)]).is_err());
        let many: Vec<String> = (0..31).map(|i| format!("p{i}")).collect();
        assert!(check_participants(&many).is_err());
        assert_eq!(check_participants(&many[..30]).unwrap().len(), 30);
    }
}
