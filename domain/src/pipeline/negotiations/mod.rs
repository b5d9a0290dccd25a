//! PIP-7: what happens between the proposal and the contract — negotiation
//! records (谈判记录: price, payment method, delivery and after-sales terms),
//! competitor notes per opportunity, and tenders (投标) with their deadline,
//! bid documents, submission and result.
//!
//! Decisions (docs/pipeline.md, "Negotiations, competitors and tenders"):
//! - Each is visible exactly when its opportunity is (ORG-3, team
//!   included); otherwise NOT_FOUND, like a missing id.
//! - Negotiation records and competitor notes are field intelligence: the
//!   owner, a manager over the unit, a top role **or a project team member**
//!   writes them (whoever sat at the table or heard about the competitor).
//!   Tenders commit the company to a price: only the owner, a manager over
//!   the unit or a top role writes them; a team member gets FORBIDDEN.
//! - Nothing changes on a closed (WON/LOST) opportunity (CONFLICT), except
//!   the result of a tender already submitted: the award often arrives after
//!   the owner has closed the opportunity, and it is a fact to record.
//! - Amounts are in the opportunity's currency: not negative, at most 14
//!   digits and 2 decimals.
//! - Bid documents are references (a name and a URL or document-system
//!   number); salesd stores no files.

pub mod competitors;
pub mod records;
pub mod tenders;

pub use competitors::{
    Competitor, CompetitorFields, CompetitorSummary, ThreatLevel, add_competitor,
    competitor_summary, competitors, remove_competitor, update_competitor,
};
pub use records::{Negotiation, NewNegotiation, negotiations, record_negotiation};
pub use tenders::{
    BidDocument, NewTenderResult, Tender, TenderFields, TenderResult, create_tender, get_tender,
    record_tender_result, submit_tender, tenders, update_tender,
};

use rust_decimal::Decimal;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::opportunities::{Opportunity, check_amount, lock_or_forbid, push_opportunity_scope};
use super::project::{open, readable, writable};
use crate::Ctx;
use crate::error::{DomainError, DomainResult};
use crate::org::Access;

/// Who may write an artefact of an opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Writers {
    /// The owner, a manager over the unit, a top role.
    Owners,
    /// The same, or a member of the project team.
    OwnersAndTeam,
}

/// The opportunity, locked, if the actor may write `what` of it: visible
/// but not a writer → FORBIDDEN; invisible → NOT_FOUND. `open_only`:
/// CONFLICT once the opportunity is WON or LOST.
pub(crate) async fn lock_for(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    writers: Writers,
    what: &str,
    open_only: bool,
) -> DomainResult<Opportunity> {
    let o = match writers {
        Writers::Owners => lock_or_forbid(conn, ctx, id, None).await?,
        Writers::OwnersAndTeam => {
            let o = readable(conn, &ctx.actor, id, true).await?;
            let member: bool = match ctx.actor.user_id {
                Some(me) if !ctx.actor.read_only => sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM opportunity_team_members WHERE opportunity_id = $1 AND user_id = $2)",
                )
                .bind(id)
                .bind(me)
                .fetch_one(&mut *conn)
                .await?,
                _ => false,
            };
            if !member && !writable(conn, &ctx.actor, id).await? {
                return Err(DomainError::Forbidden(format!(
                    "only the owner, a manager over the unit or a project team member may write {what}"
                )));
            }
            o
        }
    };
    if open_only {
        open(&o, what)?;
    }
    Ok(o)
}

/// The signed-in user writing; API tokens only read.
pub(crate) fn writer(ctx: &Ctx) -> DomainResult<Uuid> {
    match ctx.actor.user_id {
        Some(me) if !ctx.actor.read_only => Ok(me),
        _ => Err(DomainError::Forbidden("API tokens are read-only".into())),
    }
}

/// An optional amount named `field`: not negative, 14 digits, 2 decimals.
pub(crate) fn amount(field: &str, v: Option<Decimal>) -> DomainResult<Option<Decimal>> {
    v.map(|v| {
        check_amount(v).map_err(|_| {
            DomainError::validation(field, "not negative, at most 14 digits and 2 decimals")
        })
    })
    .transpose()
}

/// The artefacts of this module and their tables, by audit entity.
fn table_of(entity: &str) -> Option<&'static str> {
    match entity {
        "NEGOTIATION" => Some("opportunity_negotiations"),
        "COMPETITOR" => Some("opportunity_competitors"),
        "TENDER" => Some("tenders"),
        _ => None,
    }
}

/// ORG-4: may the actor read the audit trail of this artefact? The same
/// scope as reading its opportunity (a removed competitor note included);
/// false for an entity not of this module (`NEGOTIATION`, `COMPETITOR`,
/// `TENDER`).
pub async fn audit_visible(
    pool: &PgPool,
    actor: &crate::org::Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let Some(table) = table_of(entity) else {
        return Ok(false);
    };
    let mut qb = QueryBuilder::new(format!(
        "SELECT o.id FROM {table} a JOIN opportunities o ON o.id = a.opportunity_id WHERE a.id = "
    ));
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    let hit: Option<Uuid> = qb.build_query_scalar().fetch_optional(pool).await?;
    Ok(hit.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_entities() {
        assert_eq!(amount("price", None).unwrap(), None);
        assert!(amount("price", Some("12.50".parse().unwrap())).is_ok());
        assert!(matches!(
            amount("price", Some("-0.01".parse().unwrap())),
            Err(DomainError::Validation { field, .. }) if field == "price"
        ));
        assert!(amount("price", Some("1.001".parse().unwrap())).is_err());
        assert_eq!(table_of("TENDER"), Some("tenders"));
        assert_eq!(table_of("QUOTE"), None);
    }
}
