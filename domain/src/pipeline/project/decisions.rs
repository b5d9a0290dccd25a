//! PIP-4 decisions on an initiation application: approval, which enforces
//! the ≥ 1 000 000 / complex team rule over the team as it will be and
//! creates the project team, and return with a reason.

use std::collections::BTreeMap;

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::initiations::{InitiationApplication, InitiationStatus, ProposedMember, check_users};
use super::{may_decide_initiation, open, readable, required};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::pipeline::opportunities::{Opportunity, TeamMember, TeamRole, team_complete};
use crate::versioned::check_version;

/// Locks a SUBMITTED application the actor may decide, and its opportunity
/// (opportunity first, the order `submit_initiation` takes).
async fn lock_for_decision(
    conn: &mut PgConnection,
    actor: &Actor,
    id: Uuid,
    version: i32,
) -> DomainResult<(InitiationApplication, Opportunity)> {
    let opp: Uuid =
        sqlx::query_scalar("SELECT opportunity_id FROM opportunity_initiations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(DomainError::NotFound)?;
    let o = readable(conn, actor, opp, true).await?;
    let app: InitiationApplication =
        sqlx::query_as("SELECT * FROM opportunity_initiations WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    check_version(&app, version, "initiation application")?;
    if !may_decide_initiation(actor, &o) {
        return Err(DomainError::Forbidden(
            "only the sales manager over the opportunity's unit, the sales director or the general manager may decide an initiation".into(),
        ));
    }
    if app.submitted_by.is_some() && app.submitted_by == actor.user_id {
        return Err(DomainError::Forbidden(
            "nobody approves or returns their own application".into(),
        ));
    }
    if app.status != InitiationStatus::Submitted {
        return Err(DomainError::conflict(format!(
            "the application is {}, not SUBMITTED",
            app.status
        )));
    }
    open(&o, "initiation")?;
    Ok((app, o))
}

/// The project team once `proposed` is applied over `current`: a proposed
/// member's role and duties replace their current ones; others stay.
pub fn merged_roles(current: &[TeamMember], proposed: &[ProposedMember]) -> Vec<TeamRole> {
    let mut by_user: BTreeMap<Uuid, TeamRole> =
        current.iter().map(|m| (m.user_id, m.role)).collect();
    for p in proposed {
        by_user.insert(p.user_id, p.role);
    }
    by_user.into_values().collect()
}

/// Approves an application (mutation `approveInitiation`). PIP-4: a project
/// of ≥ 1 000 000 or flagged complex must, with the proposed team applied
/// over any current one, have a leader, a sales manager, a rep and a
/// technical lead — else VALIDATION (field `team`) naming the missing roles
/// and nothing changes. Then writes the team rows (audited TEAM_SET on the
/// OPPORTUNITY) and sets APPROVED (INITIATION APPROVE).
pub async fn approve_initiation(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<InitiationApplication> {
    let mut tx = pool.begin().await?;
    let (old, o) = lock_for_decision(&mut tx, &ctx.actor, id, version).await?;
    let proposed = &old.proposed_team.0;
    check_users(&mut tx, proposed).await?;
    let current: Vec<TeamMember> =
        sqlx::query_as("SELECT * FROM opportunity_team_members WHERE opportunity_id = $1")
            .bind(o.id)
            .fetch_all(&mut *tx)
            .await?;
    if let Err(missing) = team_complete(o.amount, o.complex, &merged_roles(&current, proposed)) {
        return Err(crate::pipeline::opportunities::incomplete_team(
            "team", &missing,
        ));
    }
    let mut changes = Vec::with_capacity(proposed.len());
    for p in proposed {
        let before = current.iter().find(|m| m.user_id == p.user_id);
        let m: TeamMember = sqlx::query_as(
            "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, duties, added_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (opportunity_id, user_id) DO UPDATE SET role = EXCLUDED.role, duties = EXCLUDED.duties
             RETURNING *",
        )
        .bind(o.id)
        .bind(p.user_id)
        .bind(p.role.as_str())
        .bind(&p.duties)
        .bind(ctx.now)
        .fetch_one(&mut *tx)
        .await?;
        changes.push(FieldChange {
            field: format!("team.{}", p.user_id),
            old: serde_json::to_value(before).unwrap_or_default(),
            new: serde_json::to_value(&m).unwrap_or_default(),
        });
    }
    if !changes.is_empty() {
        audit::record(&mut tx, ctx, "OPPORTUNITY", o.id, "TEAM_SET", &changes).await?;
    }
    let new = decide(&mut tx, ctx, id, InitiationStatus::Approved, None).await?;
    audit::record_diff(&mut tx, ctx, "INITIATION", id, "APPROVE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// Returns an application to its submitter with a reason (mutation
/// `returnInitiation`); they may then submit a new one.
pub async fn return_initiation(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    reason: &str,
    version: i32,
) -> DomainResult<InitiationApplication> {
    let reason = required("reason", reason, 2000)?;
    let mut tx = pool.begin().await?;
    let (old, _) = lock_for_decision(&mut tx, &ctx.actor, id, version).await?;
    let new = decide(&mut tx, ctx, id, InitiationStatus::Returned, Some(&reason)).await?;
    audit::record_diff(&mut tx, ctx, "INITIATION", id, "RETURN", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

async fn decide(
    conn: &mut PgConnection,
    ctx: &Ctx,
    id: Uuid,
    to: InitiationStatus,
    reason: Option<&str>,
) -> DomainResult<InitiationApplication> {
    Ok(sqlx::query_as(
        "UPDATE opportunity_initiations SET status = $2, decided_by = $3, decided_at = $4, return_reason = $5,
             row_version = row_version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .bind(reason)
    .fetch_one(conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TeamRole::*;
    use chrono::Utc;

    fn member(user: Uuid, role: TeamRole) -> ProposedMember {
        ProposedMember {
            user_id: user,
            role,
            duties: None,
        }
    }

    #[test]
    fn pip4_proposal_overrides_current_roles() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let current = vec![TeamMember {
            opportunity_id: Uuid::nil(),
            user_id: a,
            role: TeamRole::Leader,
            duties: None,
            added_at: Utc::now(),
        }];
        let mut roles = merged_roles(&current, &[member(b, TechLead)]);
        roles.sort();
        assert_eq!(roles, vec![Leader, TechLead]);
        assert_eq!(
            merged_roles(&current, &[member(a, SalesRep)]),
            vec![SalesRep]
        );
    }
}
