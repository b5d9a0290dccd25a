//! CON-6 project milestones (项目执行与监控): planned and actual dates and
//! percent done. A milestone with an actual date is done (100 %); one
//! without, planned before today (company day), is overdue and alerts the
//! project leader (the `milestones` scan, `reminders/milestones.rs`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgPool, QueryBuilder};
use uuid::Uuid;

use super::{
    contract_visible, lock_contract, not_in_future, optional_text, push_contract_scope,
    required_text,
};
use crate::Ctx;
use crate::audit;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor};
use crate::versioned::{check_version, versioned};

/// At most this many milestones per contract (the `position` check).
pub const MAX_MILESTONES: i32 = 100;
/// Planned dates lie within this many days of today.
pub const PLAN_HORIZON_DAYS: u64 = 3650;

/// A milestone row.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Milestone {
    pub id: Uuid,
    pub contract_id: Uuid,
    pub position: i32,
    pub name: String,
    pub planned_date: NaiveDate,
    pub actual_date: Option<NaiveDate>,
    pub percent_done: i16,
    pub note: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

versioned!(Milestone);

impl Milestone {
    pub fn overdue_days(&self, today: NaiveDate) -> i64 {
        overdue_days(self.planned_date, self.actual_date, today)
    }
}

/// CON-6: days past the planned date of an unfinished milestone (0 when
/// done or not yet due; due on the planned day itself is not overdue).
pub fn overdue_days(planned: NaiveDate, actual: Option<NaiveDate>, today: NaiveDate) -> i64 {
    match actual {
        None if planned < today => (today - planned).num_days(),
        _ => 0,
    }
}

/// CON-6: milestones are planned and tracked on APPROVED, SIGNED and
/// EXECUTING contracts; before approval the plan is the contract's own
/// text, after acceptance, closing or termination it is history.
pub fn check_plannable(contract_status: &str) -> DomainResult<()> {
    if matches!(contract_status, "APPROVED" | "SIGNED" | "EXECUTING") {
        return Ok(());
    }
    Err(DomainError::conflict(format!(
        "milestones can be planned and updated on APPROVED, SIGNED or EXECUTING contracts; this one is {contract_status}"
    )))
}

fn check_planned(field: &str, d: NaiveDate, today: NaiveDate) -> DomainResult<()> {
    let lo = today.checked_sub_days(Days::new(PLAN_HORIZON_DAYS));
    let hi = today.checked_add_days(Days::new(PLAN_HORIZON_DAYS));
    if lo.is_some_and(|lo| d < lo) || hi.is_some_and(|hi| d > hi) {
        return Err(DomainError::validation(
            field,
            "must be within ten years of today",
        ));
    }
    Ok(())
}

/// The percent done after a change: an actual date means done, and a done
/// milestone's percent cannot go below 100.
pub fn percent_after(old_percent: i16, percent: Option<i32>, done: bool) -> DomainResult<i16> {
    if let Some(p) = percent
        && !(0..=100).contains(&p)
    {
        return Err(DomainError::validation("percentDone", "must be 0 to 100"));
    }
    match (done, percent) {
        (true, Some(p)) if p < 100 => Err(DomainError::validation(
            "percentDone",
            "a done milestone (with an actual date) stays at 100",
        )),
        (true, _) => Ok(100),
        (false, Some(p)) => Ok(p as i16),
        (false, None) => Ok(old_percent),
    }
}

pub struct NewMilestone {
    pub contract_id: Uuid,
    pub name: String,
    pub planned_date: NaiveDate,
    pub note: Option<String>,
}

/// CON-6: adds a milestone at the end of the contract's plan.
pub async fn add_milestone(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewMilestone,
) -> DomainResult<Milestone> {
    let today = company_date(ctx.now);
    let name = required_text("name", &input.name, 200)?;
    let note = optional_text("note", input.note.as_deref(), 2000)?;
    check_planned("plannedDate", input.planned_date, today)?;
    if ctx.actor.read_only {
        return Err(DomainError::Forbidden("API tokens are read-only".into()));
    }
    let mut tx = pool.begin().await?;
    let contract = lock_contract(&mut tx, &ctx.actor, input.contract_id).await?;
    check_plannable(&contract.status)?;
    let position: i32 = sqlx::query_scalar(
        "SELECT COALESCE(max(position), 0) + 1 FROM contract_milestones WHERE contract_id = $1",
    )
    .bind(contract.id)
    .fetch_one(&mut *tx)
    .await?;
    if position > MAX_MILESTONES {
        return Err(DomainError::conflict(format!(
            "a contract has at most {MAX_MILESTONES} milestones"
        )));
    }
    let row: Milestone = sqlx::query_as(
        "INSERT INTO contract_milestones (id, contract_id, position, name, planned_date, note, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(contract.id)
    .bind(position)
    .bind(&name)
    .bind(input.planned_date)
    .bind(&note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        "MILESTONE",
        row.id,
        "CREATE",
        &audit::created(&row),
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The fields of `updateMilestone`; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct MilestonePatch {
    pub name: Option<String>,
    pub planned_date: Option<NaiveDate>,
    pub percent_done: Option<i32>,
    pub actual_date: Option<NaiveDate>,
    pub note: Option<String>,
}

impl MilestonePatch {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.planned_date.is_none()
            && self.percent_done.is_none()
            && self.actual_date.is_none()
            && self.note.is_none()
    }
}

/// CON-6: changes a milestone of a contract the actor may change.
pub async fn update_milestone(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    patch: MilestonePatch,
) -> DomainResult<Milestone> {
    let today = company_date(ctx.now);
    if patch.is_empty() {
        return Err(DomainError::validation("input", "nothing to change"));
    }
    let name = patch
        .name
        .as_deref()
        .map(|n| required_text("name", n, 200))
        .transpose()?;
    let note = optional_text("note", patch.note.as_deref(), 2000)?;
    if let Some(d) = patch.planned_date {
        check_planned("plannedDate", d, today)?;
    }
    if let Some(d) = patch.actual_date {
        not_in_future("actualDate", d, today)?;
    }
    let mut tx = pool.begin().await?;
    let mut qb = QueryBuilder::new(
        "SELECT m.*, c.status AS contract_status FROM contract_milestones m
         JOIN contracts c ON c.id = m.contract_id WHERE m.id = ",
    );
    qb.push_bind(id);
    push_contract_scope(&mut qb, &ctx.actor, Access::Write);
    qb.push(" FOR UPDATE OF m, c");
    #[derive(sqlx::FromRow)]
    struct Locked {
        #[sqlx(flatten)]
        m: Milestone,
        contract_status: String,
    }
    let locked: Option<Locked> = qb.build_query_as().fetch_optional(&mut *tx).await?;
    let Some(Locked {
        m: old,
        contract_status,
    }) = locked
    else {
        let contract: Option<Uuid> =
            sqlx::query_scalar("SELECT contract_id FROM contract_milestones WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        return Err(match contract {
            Some(c) => super::refusal(&mut tx, &ctx.actor, c).await?,
            None => DomainError::NotFound,
        });
    };
    check_version(&old, version, "milestone")?;
    check_plannable(&contract_status)?;
    let actual = patch.actual_date.or(old.actual_date);
    let percent = percent_after(old.percent_done, patch.percent_done, actual.is_some())?;
    let new: Milestone = sqlx::query_as(
        "UPDATE contract_milestones SET name = COALESCE($2, name),
                planned_date = COALESCE($3, planned_date), actual_date = $4, percent_done = $5,
                note = CASE WHEN $6 THEN $7 ELSE note END,
                version = version + 1, updated_at = $8
         WHERE id = $1 RETURNING *",
    )
    .bind(old.id)
    .bind(&name)
    .bind(patch.planned_date)
    .bind(actual)
    .bind(percent)
    .bind(patch.note.is_some())
    .bind(&note)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record_diff(&mut tx, ctx, "MILESTONE", new.id, "UPDATE", &old, &new).await?;
    tx.commit().await?;
    Ok(new)
}

/// CON-6: the milestones of a contract in plan order; NOT_FOUND when the
/// contract is missing or outside the actor's scope.
pub async fn contract_milestones(
    pool: &PgPool,
    actor: &Actor,
    contract_id: Uuid,
) -> DomainResult<Vec<Milestone>> {
    let mut conn = pool.acquire().await?;
    if !contract_visible(&mut conn, actor, contract_id).await? {
        return Err(DomainError::NotFound);
    }
    Ok(
        sqlx::query_as(
            "SELECT * FROM contract_milestones WHERE contract_id = $1 ORDER BY position",
        )
        .bind(contract_id)
        .fetch_all(&mut *conn)
        .await?,
    )
}

/// One milestone, if the actor may read its contract.
pub async fn get_milestone(
    pool: &PgPool,
    actor: &Actor,
    id: Uuid,
) -> DomainResult<Option<Milestone>> {
    let mut qb = QueryBuilder::new(
        "SELECT m.* FROM contract_milestones m JOIN contracts c ON c.id = m.contract_id WHERE m.id = ",
    );
    qb.push_bind(id);
    push_contract_scope(&mut qb, actor, Access::Read);
    Ok(qb.build_query_as().fetch_optional(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn con6_overdue_only_when_open_and_past_the_planned_day() {
        let today = d("2026-11-23");
        assert_eq!(overdue_days(d("2026-11-20"), None, today), 3);
        assert_eq!(overdue_days(d("2026-11-23"), None, today), 0);
        assert_eq!(overdue_days(d("2026-11-30"), None, today), 0);
        assert_eq!(
            overdue_days(d("2026-11-20"), Some(d("2026-11-22")), today),
            0
        );
    }

    #[test]
    fn con6_done_means_one_hundred_percent() {
        assert_eq!(percent_after(10, None, true).unwrap(), 100);
        assert_eq!(percent_after(10, Some(100), true).unwrap(), 100);
        assert!(percent_after(100, Some(90), true).is_err());
        assert_eq!(percent_after(10, Some(40), false).unwrap(), 40);
        assert_eq!(percent_after(40, None, false).unwrap(), 40);
        assert!(percent_after(0, Some(101), false).is_err());
        assert!(percent_after(0, Some(-1), false).is_err());
    }

    #[test]
    fn con6_plannable_states() {
        for s in ["APPROVED", "SIGNED", "EXECUTING"] {
            assert!(check_plannable(s).is_ok());
        }
        for s in ["DRAFT", "IN_REVIEW", "ACCEPTED", "CLOSED", "TERMINATED"] {
            assert!(check_plannable(s).is_err());
        }
    }
}
