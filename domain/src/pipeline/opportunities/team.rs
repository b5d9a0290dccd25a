//! PIP-4 project team (the part this slice needs): members with a role and
//! duties, kept by the owner or a manager over the unit; members read the
//! opportunity (ORG-3). The ≥ 1 000 000 composition rule is a plain
//! function here, enforced at initiation approval in a later slice.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::lock_or_forbid;
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
    pub role: String,
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
    if o.stage().is_final() {
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
    if o.stage().is_final() {
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
