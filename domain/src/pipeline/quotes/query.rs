//! PIP-6 reads: a quote is visible exactly when its opportunity is (ORG-3,
//! project team included); otherwise it is missing.

use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::{Quote, QuoteLine};
use crate::error::DomainResult;
use crate::org::{Access, Actor};
use crate::pipeline::opportunities::push_opportunity_scope;

/// One quote if the actor may read its opportunity.
pub async fn get(pool: &PgPool, actor: &Actor, id: Uuid) -> DomainResult<Option<Quote>> {
    let mut qb = QueryBuilder::new(
        "SELECT q.* FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id WHERE q.id = ",
    );
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The quotes of an opportunity, newest version first. The caller has
/// checked that the opportunity is visible.
pub async fn by_opportunity(pool: &PgPool, opportunity: Uuid) -> DomainResult<Vec<Quote>> {
    Ok(
        sqlx::query_as("SELECT * FROM quotes WHERE opportunity_id = $1 ORDER BY version DESC")
            .bind(opportunity)
            .fetch_all(pool)
            .await?,
    )
}

/// The quotes of many opportunities in one statement, by opportunity and
/// newest version first (for a page's batched `Opportunity.quotes`). The
/// caller has checked that the opportunities are visible.
pub async fn by_opportunities(pool: &PgPool, opportunities: &[Uuid]) -> DomainResult<Vec<Quote>> {
    Ok(sqlx::query_as(
        "SELECT * FROM quotes WHERE opportunity_id = ANY($1) ORDER BY opportunity_id, version DESC, id",
    )
    .bind(opportunities.to_vec())
    .fetch_all(pool)
    .await?)
}

/// The lines of a quote in order. The caller has checked visibility.
pub async fn lines(pool: &PgPool, quote: Uuid) -> DomainResult<Vec<QuoteLine>> {
    Ok(
        sqlx::query_as("SELECT * FROM quote_lines WHERE quote_id = $1 ORDER BY position")
            .bind(quote)
            .fetch_all(pool)
            .await?,
    )
}

/// PIP-6: the quotes waiting for `actor`'s decision — pending approval, of
/// an open opportunity, that [`super::may_approve`] lets the actor approve
/// (the same rule `approveQuote` applies): those of opportunities the actor
/// sees, and those whose submitter's direct head they are. Oldest
/// submission first, at most [`MAX_AWAITING`].
pub async fn awaiting_decision(pool: &PgPool, actor: &Actor) -> DomainResult<Vec<Quote>> {
    const PENDING: &str = "SELECT q.* FROM quotes q JOIN opportunities o ON o.id = q.opportunity_id
         WHERE q.status = 'PENDING_APPROVAL' AND o.stage NOT IN ('WON', 'LOST')";
    let mut qb = QueryBuilder::new(PENDING);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    qb.push(" ORDER BY q.submitted_at, q.id LIMIT ")
        .push_bind(MAX_AWAITING);
    let mut quotes: Vec<Quote> = qb.build_query_as().fetch_all(pool).await?;
    if let Some(me) = actor.user_id {
        let mut qb = QueryBuilder::new(PENDING);
        qb.push(" AND q.head_approver_id = ").push_bind(me);
        qb.push(" ORDER BY q.submitted_at, q.id LIMIT ")
            .push_bind(MAX_AWAITING);
        let as_head: Vec<Quote> = qb.build_query_as().fetch_all(pool).await?;
        for q in as_head {
            if !quotes.iter().any(|seen| seen.id == q.id) {
                quotes.push(q);
            }
        }
    }
    let ids: Vec<Uuid> = quotes.iter().map(|q| q.opportunity_id).collect();
    let owners: Vec<(Uuid, Uuid, Uuid)> =
        sqlx::query_as("SELECT id, owner_id, owner_unit_id FROM opportunities WHERE id = ANY($1)")
            .bind(&ids)
            .fetch_all(pool)
            .await?;
    quotes.retain(|q| {
        let Some(&(_, owner, unit)) = owners.iter().find(|(id, ..)| *id == q.opportunity_id) else {
            return false;
        };
        let Ok(band) = q
            .required_approver_role
            .as_deref()
            .unwrap_or("SALES_DIRECTOR")
            .parse::<super::ApproverBand>()
        else {
            return false;
        };
        let authors: Vec<Uuid> = [q.created_by, q.submitted_by, Some(owner)]
            .into_iter()
            .flatten()
            .collect();
        super::may_approve(
            actor,
            &super::ApprovalFacts {
                band,
                head: q.head_approver_id,
                unit,
                authors: &authors,
            },
        )
        .is_ok()
    });
    quotes.sort_by_key(|q| (q.submitted_at, q.id));
    Ok(quotes)
}

/// The most quotes [`awaiting_decision`] lists.
pub const MAX_AWAITING: i64 = 500;
