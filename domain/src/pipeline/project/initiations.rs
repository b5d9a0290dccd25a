//! PIP-4 initiation applications (《项目立项申请表》): basic facts, sales
//! strategy, expected goals and the proposed team; submission and reads.
//! The sales manager's decision is in `decisions`; the APPROVED row opens
//! the INITIATION gate (PIP-2).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, QueryBuilder};
use uuid::Uuid;

use super::{open, optional, readable, required};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Role};
use crate::pipeline::opportunities::{TeamRole, lock_or_forbid, push_opportunity_scope};
use crate::versioned::versioned;

text_enum! {
    /// PIP-4 application states; only SUBMITTED is open.
    InitiationStatus { Submitted => "SUBMITTED", Approved => "APPROVED", Returned => "RETURNED" }
}

/// The most members one application may propose.
pub const MAX_TEAM: usize = 50;

/// One proposed member of the project team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedMember {
    pub user_id: Uuid,
    pub role: TeamRole,
    /// At most 1000 characters.
    pub duties: Option<String>,
}

/// An initiation application (PIP-4). Rows written before this feature
/// (the gate tests) have no texts and an empty team.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct InitiationApplication {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub status: InitiationStatus,
    pub basic_facts: Option<String>,
    pub sales_strategy: Option<String>,
    pub expected_goals: Option<String>,
    pub proposed_team: Json<Vec<ProposedMember>>,
    pub submitted_by: Option<Uuid>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub return_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Optimistic lock; bookkeeping, not audited.
    #[serde(skip)]
    pub row_version: i32,
    #[serde(skip)]
    pub updated_at: Option<DateTime<Utc>>,
}

versioned!(row_version: InitiationApplication);

/// A new application.
#[derive(Clone, Debug)]
pub struct NewInitiation {
    pub opportunity_id: Uuid,
    /// 1–5000 characters each.
    pub basic_facts: String,
    pub sales_strategy: String,
    pub expected_goals: String,
    /// At most [`MAX_TEAM`] distinct users.
    pub team: Vec<ProposedMember>,
}

/// Checks the proposed team's shape (the users are checked in the store).
pub fn check_team(team: &[ProposedMember]) -> DomainResult<Vec<ProposedMember>> {
    if team.len() > MAX_TEAM {
        return Err(DomainError::validation(
            "team",
            format!("at most {MAX_TEAM} members"),
        ));
    }
    let mut out: Vec<ProposedMember> = Vec::with_capacity(team.len());
    for m in team {
        if out.iter().any(|o| o.user_id == m.user_id) {
            return Err(DomainError::validation(
                "team",
                format!("user {} is proposed twice", m.user_id),
            ));
        }
        let duties = optional("team.duties", m.duties.as_deref(), 1000)?;
        out.push(ProposedMember {
            duties,
            ..m.clone()
        });
    }
    Ok(out)
}

/// VALIDATION unless every proposed user is active.
pub(super) async fn check_users(
    conn: &mut PgConnection,
    team: &[ProposedMember],
) -> DomainResult<()> {
    let ids: Vec<Uuid> = team.iter().map(|m| m.user_id).collect();
    let active: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM users WHERE id = ANY($1) AND active")
            .bind(&ids)
            .fetch_all(&mut *conn)
            .await?;
    if let Some(id) = ids.iter().find(|id| !active.contains(id)) {
        return Err(DomainError::validation(
            "team",
            format!("user {id} is not an active user"),
        ));
    }
    // PIP-4: a duty that names a company role needs a holder of it.
    for m in team {
        crate::pipeline::opportunities::require_role_holder(conn, m.user_id, m.role, "team")
            .await?;
    }
    Ok(())
}

/// Submits an application (mutation `submitInitiation`): whoever may change
/// the opportunity, while it is open and has no SUBMITTED or APPROVED
/// application (CONFLICT). Audited as INITIATION CREATE.
pub async fn submit_initiation(
    pool: &PgPool,
    ctx: &Ctx,
    input: &NewInitiation,
) -> DomainResult<InitiationApplication> {
    let facts = required("basicFacts", &input.basic_facts, 5000)?;
    let strategy = required("salesStrategy", &input.sales_strategy, 5000)?;
    let goals = required("expectedGoals", &input.expected_goals, 5000)?;
    let team = check_team(&input.team)?;
    let me = ctx
        .actor
        .user_id
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let o = lock_or_forbid(&mut tx, ctx, input.opportunity_id, None).await?;
    open(&o, "initiation")?;
    check_users(&mut tx, &team).await?;
    let existing: Option<String> = sqlx::query_scalar(
        "SELECT status FROM opportunity_initiations
         WHERE opportunity_id = $1 AND status IN ('SUBMITTED', 'APPROVED') LIMIT 1",
    )
    .bind(o.id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(s) = existing {
        return Err(DomainError::conflict(if s == "APPROVED" {
            "the opportunity's initiation is already approved"
        } else {
            "the opportunity already has an open initiation application"
        }));
    }
    let row: InitiationApplication = sqlx::query_as(
        "INSERT INTO opportunity_initiations (id, opportunity_id, status, basic_facts, sales_strategy,
             expected_goals, proposed_team, submitted_by, created_at, updated_at)
         VALUES ($1, $2, 'SUBMITTED', $3, $4, $5, $6, $7, $8, $8) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(o.id)
    .bind(&facts)
    .bind(&strategy)
    .bind(&goals)
    .bind(Json(&team))
    .bind(me)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::unique_violation(&e) {
        Some("opportunity_initiations_one_open") => DomainError::conflict(
            "the opportunity already has an open initiation application",
        ),
        _ => e.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        "INITIATION",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The applications of an opportunity the actor can see, newest first;
/// NOT_FOUND when it cannot.
pub async fn initiations(
    pool: &PgPool,
    actor: &Actor,
    opportunity: Uuid,
) -> DomainResult<Vec<InitiationApplication>> {
    let mut conn = pool.acquire().await?;
    readable(&mut conn, actor, opportunity, false).await?;
    Ok(sqlx::query_as(
        "SELECT * FROM opportunity_initiations WHERE opportunity_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(opportunity)
    .fetch_all(&mut *conn)
    .await?)
}

/// One application if the actor can see its opportunity.
pub async fn get_initiation(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<InitiationApplication>> {
    let mut qb = QueryBuilder::new(
        "SELECT i.* FROM opportunity_initiations i JOIN opportunities o ON o.id = i.opportunity_id WHERE i.id = ",
    );
    qb.push_bind(id);
    push_opportunity_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

/// The approver's queue: SUBMITTED applications the actor may decide
/// (see [`super::may_decide_initiation`]), not their own, oldest first, at most 200.
pub async fn pending_initiations(
    pool: &PgPool,
    actor: &Actor,
) -> DomainResult<Vec<InitiationApplication>> {
    if actor.read_only {
        return Ok(Vec::new());
    }
    let mut qb = QueryBuilder::new(
        "SELECT i.* FROM opportunity_initiations i JOIN opportunities o ON o.id = i.opportunity_id
         WHERE i.status = 'SUBMITTED' AND i.submitted_by IS DISTINCT FROM ",
    );
    qb.push_bind(actor.user_id);
    if !actor.has_any(&[Role::SalesDirector, Role::GeneralManager]) {
        if !actor.has_role(Role::SalesManager) {
            return Ok(Vec::new());
        }
        qb.push(" AND o.owner_unit_id = ANY(")
            .push_bind(actor.subtree.clone())
            .push(")");
    }
    qb.push(" ORDER BY i.created_at, i.id LIMIT 200");
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TeamRole::*;

    fn member(user: Uuid, role: TeamRole) -> ProposedMember {
        ProposedMember {
            user_id: user,
            role,
            duties: None,
        }
    }

    #[test]
    fn pip4_proposed_team_is_checked() {
        let a = Uuid::now_v7();
        assert!(check_team(&[member(a, Leader), member(a, SalesRep)]).is_err());
        let long = ProposedMember {
            duties: Some("x".repeat(1001)),
            ..member(a, Leader)
        };
        assert!(check_team(&[long]).is_err());
        let many: Vec<_> = (0..=MAX_TEAM)
            .map(|_| member(Uuid::now_v7(), Member))
            .collect();
        assert!(check_team(&many).is_err());
        let blank = ProposedMember {
            duties: Some("  ".into()),
            ..member(a, Leader)
        };
        assert_eq!(check_team(&[blank]).unwrap()[0].duties, None);
    }

    #[test]
    fn pip4_team_json_uses_the_column_texts() {
        let m = member(Uuid::nil(), SalesManager);
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["role"], "SALES_MANAGER");
        assert_eq!(serde_json::from_value::<ProposedMember>(v).unwrap(), m);
    }
}
