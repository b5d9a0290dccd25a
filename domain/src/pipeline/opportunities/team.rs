//! PIP-4 project team: members with a role and duties, kept by the owner or
//! a manager over the unit; members read the opportunity (ORG-3). The
//! ≥ 1 000 000 composition rule ([`team_complete`]) is checked when the
//! initiation is approved and holds for the rest of the deal
//! ([`require_complete_team`]): removing a required member, changing their
//! role, or raising the amount past the threshold without a full team is
//! refused. A team duty that names a company role needs a holder of it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::{Opportunity, lock_or_forbid};
use crate::Ctx;
use crate::audit::{self, FieldChange};
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;

text_enum! {
    /// A member's role in the project team (PIP-4).
    TeamRole {
        Leader => "LEADER",
        SalesManager => "SALES_MANAGER",
        SalesRep => "SALES_REP",
        TechLead => "TECH_LEAD",
        Member => "MEMBER",
    }
}

/// One member of a project team.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct TeamMember {
    pub opportunity_id: Uuid,
    pub user_id: Uuid,
    pub role: TeamRole,
    pub duties: Option<String>,
    pub added_at: DateTime<Utc>,
}

/// The amount from which a project needs a full team (PIP-4), compared with
/// the amount as entered (no currency conversion in this slice).
pub const BIG_PROJECT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// PIP-4: an opportunity of 1 000 000 or more, or flagged complex, needs a
/// leader, a sales manager, at least one rep and a technical lead among its
/// team's roles. `Err` lists the roles missing, in that order.
pub fn team_complete(
    amount: Decimal,
    complex: bool,
    members: &[TeamRole],
) -> Result<(), Vec<TeamRole>> {
    if amount < BIG_PROJECT && !complex {
        return Ok(());
    }
    let missing: Vec<TeamRole> = [
        TeamRole::Leader,
        TeamRole::SalesManager,
        TeamRole::SalesRep,
        TeamRole::TechLead,
    ]
    .into_iter()
    .filter(|r| !members.contains(r))
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// PIP-4 refused: what the team lacks, as a VALIDATION on `field`.
pub(crate) fn incomplete_team(field: &str, missing: &[TeamRole]) -> DomainError {
    let names: Vec<&str> = missing.iter().map(|r| r.as_str()).collect();
    DomainError::validation(
        field,
        format!(
            "a project of 1 000 000 or more, or a complex one, needs a leader, a sales manager, a rep and a technical lead; missing: {}",
            names.join(", ")
        ),
    )
}

/// PIP-4 for the life of the deal: once initiated (past EVALUATION, still
/// open), a big or complex opportunity `o` keeps a complete team. Reads the
/// team as the caller's transaction sees it (after its change).
pub(crate) async fn require_complete_team(
    conn: &mut sqlx::PgConnection,
    o: &Opportunity,
    field: &str,
) -> DomainResult<()> {
    let stage = o.stage;
    if stage == crate::pipeline::stages::Stage::Evaluation || stage.is_final() {
        return Ok(());
    }
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM opportunity_team_members WHERE opportunity_id = $1")
            .bind(o.id)
            .fetch_all(conn)
            .await?;
    let roles: Vec<TeamRole> = roles.iter().filter_map(|r| r.parse().ok()).collect();
    team_complete(o.amount, o.complex, &roles).map_err(|missing| incomplete_team(field, &missing))
}

/// The company role a team duty needs its holder to have: the sales
/// manager of the team is a SALES_MANAGER, the technical lead a
/// TECH_SUPPORT engineer. Leader, rep and member are open to anyone.
pub fn required_company_role(role: TeamRole) -> Option<crate::org::Role> {
    match role {
        TeamRole::SalesManager => Some(crate::org::Role::SalesManager),
        TeamRole::TechLead => Some(crate::org::Role::TechSupport),
        TeamRole::Leader | TeamRole::SalesRep | TeamRole::Member => None,
    }
}

/// VALIDATION on `field` unless `user` holds the company role `role` needs.
pub(crate) async fn require_role_holder(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
    role: TeamRole,
    field: &str,
) -> DomainResult<()> {
    let Some(needed) = required_company_role(role) else {
        return Ok(());
    };
    let holds: bool = sqlx::query_scalar(
        "SELECT primary_role = $2 OR $2 = ANY(extra_roles) FROM users WHERE id = $1",
    )
    .bind(user)
    .bind(needed.as_str())
    .fetch_optional(conn)
    .await?
    .unwrap_or(false);
    if !holds {
        return Err(DomainError::validation(
            field,
            format!("the team's {role} must hold the role {needed}"),
        ));
    }
    Ok(())
}

/// The teams of opportunities, by role then time added. The caller has
/// checked the opportunities are visible.
pub async fn team(pool: &PgPool, ids: &[Uuid]) -> DomainResult<Vec<TeamMember>> {
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_team_members WHERE opportunity_id = ANY($1)
         ORDER BY opportunity_id, array_position(ARRAY['LEADER', 'SALES_MANAGER', 'SALES_REP', 'TECH_LEAD', 'MEMBER'], role),
                  added_at, user_id",
    )
    .bind(ids.to_vec())
    .fetch_all(pool)
    .await?)
}

/// Adds a member or changes their role and duties (mutation
/// `setOpportunityTeamMember`); the owner or a manager over the unit.
pub async fn set_team_member(
    pool: &PgPool,
    ctx: &Ctx,
    opportunity: Uuid,
    user: Uuid,
    role: TeamRole,
    duties: Option<&str>,
) -> DomainResult<TeamMember> {
    let duties = duties.map(str::trim).filter(|d| !d.is_empty());
    if duties.is_some_and(|d| d.chars().count() > 1000) {
        return Err(DomainError::validation(
            "duties",
            "must be at most 1000 characters",
        ));
    }
    let mut tx = pool.begin().await?;
    let o = lock_or_forbid(&mut tx, ctx, opportunity, None).await?;
    if o.stage.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {} and its team can no longer change",
            o.stage
        )));
    }
    let active: Option<bool> = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
        .bind(user)
        .fetch_optional(&mut *tx)
        .await?;
    if active != Some(true) {
        return Err(DomainError::validation("userId", "not an active user"));
    }
    require_role_holder(&mut tx, user, role, "role").await?;
    let old: Option<TeamMember> = sqlx::query_as(
        "SELECT * FROM opportunity_team_members WHERE opportunity_id = $1 AND user_id = $2",
    )
    .bind(opportunity)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?;
    let m: TeamMember = sqlx::query_as(
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, duties, added_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (opportunity_id, user_id) DO UPDATE SET role = EXCLUDED.role, duties = EXCLUDED.duties
         RETURNING *",
    )
    .bind(opportunity)
    .bind(user)
    .bind(role.as_str())
    .bind(duties)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    require_complete_team(&mut tx, &o, "role").await?;
    let change = FieldChange {
        field: format!("team.{user}"),
        old: serde_json::to_value(&old).unwrap_or_default(),
        new: serde_json::to_value(&m).unwrap_or_default(),
    };
    audit::record(
        &mut tx,
        ctx,
        "OPPORTUNITY",
        opportunity,
        "TEAM_SET",
        &[change],
    )
    .await?;
    tx.commit().await?;
    Ok(m)
}

/// Removes a member (mutation `removeOpportunityTeamMember`); NOT_FOUND if
/// they are not on the team.
pub async fn remove_team_member(
    pool: &PgPool,
    ctx: &Ctx,
    opportunity: Uuid,
    user: Uuid,
) -> DomainResult<()> {
    let mut tx = pool.begin().await?;
    let o = lock_or_forbid(&mut tx, ctx, opportunity, None).await?;
    if o.stage.is_final() {
        return Err(DomainError::conflict(format!(
            "the opportunity is {} and its team can no longer change",
            o.stage
        )));
    }
    let old: TeamMember = sqlx::query_as(
        "DELETE FROM opportunity_team_members WHERE opportunity_id = $1 AND user_id = $2 RETURNING *",
    )
    .bind(opportunity)
    .bind(user)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(DomainError::NotFound)?;
    require_complete_team(&mut tx, &o, "userId").await?;
    let change = FieldChange {
        field: format!("team.{user}"),
        old: serde_json::to_value(&old).unwrap_or_default(),
        new: serde_json::Value::Null,
    };
    audit::record(
        &mut tx,
        ctx,
        "OPPORTUNITY",
        opportunity,
        "TEAM_REMOVE",
        &[change],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TeamRole::*;

    #[test]
    fn pip4_small_simple_projects_need_no_team() {
        assert_eq!(
            team_complete(Decimal::new(99_999_999, 2), false, &[]),
            Ok(())
        );
    }

    #[test]
    fn pip4_big_or_complex_projects_need_the_four_roles() {
        let full = [Leader, SalesManager, SalesRep, SalesRep, TechLead, Member];
        assert_eq!(team_complete(BIG_PROJECT, false, &full), Ok(()));
        assert_eq!(
            team_complete(BIG_PROJECT, false, &[SalesRep, Member]),
            Err(vec![Leader, SalesManager, TechLead])
        );
        assert_eq!(
            team_complete(Decimal::ONE, true, &[Leader, SalesManager, TechLead]),
            Err(vec![SalesRep])
        );
    }
}
