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
