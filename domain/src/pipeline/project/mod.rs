//! The project artefacts of an opportunity before the quote: the PIP-3
//! feasibility evaluation, the PIP-4 initiation application whose approval
//! creates the project team, and the PIP-5 requirements report. The PIP-2
//! gates read them: INITIATION needs an APPROVED application, PROPOSAL a
//! requirements report.
//!
//! Decisions (docs/pipeline.md, "Evaluation", "Initiation", "Requirements
//! report"):
//! - An artefact is visible exactly when its opportunity is (ORG-3, team
//!   included); otherwise NOT_FOUND, like a missing id.
//! - Evaluations and applications are written by whoever may change the
//!   opportunity (owner, managers over its unit, top roles); a team member
//!   who may only read gets FORBIDDEN.
//! - Requirements reports are also written by project team members: the
//!   survey is typically done by the technical lead or a rep of the team.
//! - A NO_GO evaluation does not move the stage: it is advice, and the
//!   owner marks the opportunity LOST (reason and competitor) themselves.
//! - Approver of an application: a SALES_MANAGER whose unit subtree holds
//!   the opportunity's unit, the SALES_DIRECTOR or the GENERAL_MANAGER; never
//!   its submitter. Admins administer, they do not approve.
//! - Nothing changes on a closed (WON/LOST) opportunity: CONFLICT.

pub mod decisions;
pub mod evaluations;
pub mod initiations;
pub mod reports;

pub use decisions::{approve_initiation, merged_roles, return_initiation};
pub use evaluations::{
    Evaluation, EvaluationDecision, NewEvaluation, evaluations, record_evaluation,
};
pub use initiations::{
    InitiationApplication, InitiationStatus, NewInitiation, ProposedMember, get_initiation,
    initiations, pending_initiations, submit_initiation,
};
pub use reports::{
    GatheredBy, ReportFields, RequirementsReport, get_report, record_report, reports, update_report,
};

use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::opportunities::{Opportunity, push_opportunity_scope};
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Role};

/// Required text: 1..=`max` characters after trimming.
pub(crate) fn required(field: &str, v: &str, max: usize) -> DomainResult<String> {
    optional(field, Some(v), max)?
        .ok_or_else(|| DomainError::validation(field, format!("must be 1 to {max} characters")))
}

/// Optional text: blank is none; at most `max` characters after trimming.
pub(crate) fn optional(field: &str, v: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    let v = v.map(str::trim).filter(|v| !v.is_empty());
    if v.is_some_and(|v| v.chars().count() > max) {
        return Err(DomainError::validation(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(v.map(str::to_owned))
}

/// The opportunity if the actor may read it (ORG-3 with the team), with the
/// row lock when `lock`; NOT_FOUND otherwise.
pub(crate) async fn readable(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> DomainResult<Opportunity> {
    let mut qb = QueryBuilder::new("SELECT o.* FROM opportunities o WHERE o.id = ");
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    if lock {
        qb.push(" FOR UPDATE");
    }
    qb.build_query_as()
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Whether the opportunity is within the actor's write scope.
pub(crate) async fn writable(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<bool> {
    let mut qb = QueryBuilder::new("SELECT o.id FROM opportunities o WHERE o.id = ");
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Write);
    let hit: Option<Uuid> = qb.build_query_scalar().fetch_optional(&mut *conn).await?;
    Ok(hit.is_some())
}

/// CONFLICT once the opportunity is WON or LOST.
pub(crate) fn open(o: &Opportunity, what: &str) -> DomainResult<()> {
    if o.stage.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {} and its {what} can no longer change",
            o.stage
        )));
    }
    Ok(())
}

/// PIP-4: who approves or returns an initiation application of `o`.
pub fn may_decide_initiation(actor: &Actor, o: &Opportunity) -> bool {
    if actor.read_only {
        return false;
    }
    actor.has_any(&[Role::SalesDirector, Role::GeneralManager])
        || (actor.has_role(Role::SalesManager) && actor.subtree.contains(&o.owner_unit_id))
}

/// ORG-4: may the actor read the audit trail of this artefact? The same
/// scope as reading its opportunity; false for an entity not of this module
/// (`EVALUATION`, `INITIATION`, `REQUIREMENTS_REPORT`).
pub async fn audit_visible(
    pool: &PgPool,
    actor: &Actor,
    entity: &str,
    id: Uuid,
) -> DomainResult<bool> {
    let table = match entity {
        "EVALUATION" => "opportunity_evaluations",
        "INITIATION" => "opportunity_initiations",
        "REQUIREMENTS_REPORT" => "requirements_reports",
        _ => return Ok(false),
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
    fn text_bounds() {
        assert_eq!(required("f", "  ab ", 2).unwrap(), "ab");
        assert!(required("f", "   ", 2).is_err());
        assert!(required("f", "abc", 2).is_err());
        assert_eq!(optional("f", Some(" "), 2).unwrap(), None);
        assert_eq!(optional("f", None, 2).unwrap(), None);
        assert!(optional("f", Some("长长长"), 2).is_err());
        assert_eq!(
            optional("f", Some("长长"), 2).unwrap().as_deref(),
            Some("长长")
        );
    }
}
