//! CON-2 review and life: submit, finance and director approval (with the
//! REC-8 credit excess), return, sign (which wins the opportunity, PIP-2),
//! start execution, close, terminate. Each step locks the contract, checks
//! its version and status, and writes a `CONTRACT` audit entry on the same
//! transaction.

use chrono::{Duration, NaiveDate};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::store::{ENTITY, lock};
use super::{
    Contract, ContractStatus, Installment, InstallmentTrigger, credit, opt_text, require_status,
};
use crate::Ctx;
use crate::audit;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Role};

/// Payment terms above this many days need finance's review (CON-2).
pub const FINANCE_TERMS_DAYS: i32 = 90;

/// CON-2: finance reviews when the declared payment terms exceed 90 days
/// **or the payment plan has an installment due more than 90 days after
/// signing**: one whose offset from its trigger exceeds 90 days, a fixed
/// date more than 90 days after `signing` (the day of submission: the
/// earliest the contract can be signed), or one due at the end of a
/// warranty that with its offset lasts more than 90 days (30 days a month;
/// the warranty starts after delivery and acceptance, later still).
pub fn needs_finance_review(
    terms_days: i32,
    warranty_months: i32,
    plan: &[Installment],
    signing: NaiveDate,
) -> bool {
    let long = |days: i64| days > i64::from(FINANCE_TERMS_DAYS);
    let warranty = 30 * i64::from(warranty_months);
    terms_days > FINANCE_TERMS_DAYS
        || plan.iter().any(|i| {
            let offset = i64::from(i.offset_days);
            long(offset)
                || (i.trigger == InstallmentTrigger::WarrantyEnd.as_str()
                    && long(warranty + offset))
                || (i.trigger == InstallmentTrigger::FixedDate.as_str()
                    && i.due_date.is_some_and(|d| long((d - signing).num_days())))
        })
}

/// Which approval step the caller gives (CON-2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Finance,
    Director,
}

fn is_director(a: &Actor) -> bool {
    a.has_any(&[Role::SalesDirector, Role::GeneralManager])
}

/// CON-2: the step an approver gives, decided by role: finance gives the
/// finance step while it is needed and not yet given; the director (or the
/// GM) the director step; anyone else is FORBIDDEN. Nobody approves a
/// contract they created or submitted.
pub fn approval_step(actor: &Actor, c: &Contract) -> DomainResult<Step> {
    let finance = actor.has_role(Role::Finance);
    if !finance && !is_director(actor) {
        return Err(DomainError::Forbidden(
            "contracts are approved by finance and the sales director".into(),
        ));
    }
    require_status(c, &[ContractStatus::InReview], "approve")?;
    let me = actor.user_id;
    if me.is_some() && (me == c.submitted_by || me == Some(c.created_by)) {
        return Err(DomainError::Forbidden(
            "nobody approves a contract they created or submitted".into(),
        ));
    }
    let finance_pending = c.needs_finance && c.finance_approved_by.is_none();
    if finance && (finance_pending || !is_director(actor)) {
        if !c.needs_finance {
            return Err(DomainError::conflict(format!(
                "contract {} needs no finance review (payment terms of at most {FINANCE_TERMS_DAYS} days)",
                c.number
            )));
        }
        if !finance_pending {
            return Err(DomainError::conflict(format!(
                "finance has already approved contract {}",
                c.number
            )));
        }
        return Ok(Step::Finance);
    }
    if finance_pending {
        return Err(DomainError::conflict(format!(
            "finance review first: contract {} has payment terms over {FINANCE_TERMS_DAYS} days",
            c.number
        )));
    }
    Ok(Step::Director)
}

/// Writes the audit entry of a step and commits.
async fn finish(
    mut tx: sqlx::Transaction<'_, sqlx::Postgres>,
    ctx: &Ctx,
    old: &Contract,
    new: &Contract,
    action: &str,
) -> DomainResult<()> {
    audit::record_diff(&mut tx, ctx, ENTITY, new.id, action, old, new).await?;
    tx.commit().await?;
    Ok(())
}

/// CON-2 `submitContract`: DRAFT → IN_REVIEW within the write scope. Fixes
/// whether finance reviews ([`needs_finance_review`]: the terms or the plan
/// reach past 90 days) and runs the REC-8 credit check, stored with the
/// contract.
pub async fn submit(pool: &PgPool, ctx: &Ctx, id: Uuid, version: i32) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Write).await?;
    require_status(&old, &[ContractStatus::Draft], "submit")?;
    let cc = credit::check(&mut tx, old.customer_id, old.amount, Some(id), None).await?;
    let json = serde_json::to_value(&cc).map_err(anyhow::Error::from)?;
    let plan: Vec<Installment> = sqlx::query_as(
        "SELECT * FROM contract_installments WHERE contract_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    let finance = needs_finance_review(
        old.payment_terms_days,
        old.warranty_months,
        &plan,
        crate::clock::company_date(ctx.now),
    );
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'IN_REVIEW', needs_finance = $2,
            credit_check = $3, needs_credit_approval = $4, submitted_by = $5, submitted_at = $6,
            finance_approved_by = NULL, finance_approved_at = NULL, director_approved_by = NULL,
            director_approved_at = NULL, credit_approved_by = NULL,
            version = version + 1, updated_at = $6
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(finance)
    .bind(json)
    .bind(cc.needs_director_approval)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    finish(tx, ctx, &old, &new, "SUBMIT").await?;
    Ok(new)
}

/// CON-2 `approveContract`: the finance or the director step (see
/// [`approval_step`]). The director step needs `credit_excess_approved`
/// when the credit check asked for it (REC-8) and makes the contract
/// APPROVED.
pub async fn approve(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    credit_excess_approved: bool,
) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Read).await?;
    let step = approval_step(&ctx.actor, &old)?;
    let (sql, action) = match step {
        Step::Finance => (
            "UPDATE contracts SET finance_approved_by = $2, finance_approved_at = $3,
                version = version + 1, updated_at = $3
             WHERE id = $1 RETURNING *",
            "APPROVE_FINANCE",
        ),
        Step::Director => {
            // REC-8 again with the exposure of now: a hold or another deal
            // since the submission needs the explicit approval too. The
            // check stored is the one the director approved.
            let fresh = credit::check(&mut tx, old.customer_id, old.amount, Some(id), None).await?;
            let json = serde_json::to_value(&fresh).map_err(anyhow::Error::from)?;
            sqlx::query(
                "UPDATE contracts SET credit_check = $2,
                    needs_credit_approval = needs_credit_approval OR $3 WHERE id = $1",
            )
            .bind(id)
            .bind(json)
            .bind(fresh.needs_director_approval)
            .execute(&mut *tx)
            .await?;
            let needs_credit = old.needs_credit_approval || fresh.needs_director_approval;
            if needs_credit && !credit_excess_approved {
                return Err(DomainError::conflict(format!(
                    "REC-8: contract {} puts the customer over its credit limit or the customer is on \
                     credit hold; the director must approve it with creditExcessApproved: true",
                    old.number
                )));
            }
            (
                "UPDATE contracts SET status = 'APPROVED', director_approved_by = $2, director_approved_at = $3,
                    credit_approved_by = CASE WHEN needs_credit_approval THEN $2 END,
                    version = version + 1, updated_at = $3
                 WHERE id = $1 RETURNING *",
                "APPROVE_DIRECTOR",
            )
        }
    };
    let new: Contract = sqlx::query_as(sql)
        .bind(id)
        .bind(ctx.actor.user_id)
        .bind(ctx.now)
        .fetch_one(&mut *tx)
        .await?;
    finish(tx, ctx, &old, &new, action).await?;
    Ok(new)
}

/// A reason of 1..=2000 characters.
fn reason(v: &str) -> DomainResult<String> {
    opt_text("reason", Some(v), 2000)?
        .ok_or_else(|| DomainError::validation("reason", "must be 1 to 2000 characters"))
}

/// Finance reviews without write scope; everyone else acts within it.
fn review_access(actor: &Actor) -> Access {
    if actor.has_role(Role::Finance) {
        Access::Read
    } else {
        Access::Write
    }
}

/// CON-2 `returnContract`: IN_REVIEW → DRAFT with a reason, clearing the
/// approvals given so far. By a reviewer or whoever may change the contract.
pub async fn return_to_draft(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    why: &str,
) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, review_access(&ctx.actor)).await?;
    require_status(&old, &[ContractStatus::InReview], "return")?;
    let why = reason(why)?;
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'DRAFT', returned_reason = $2, finance_approved_by = NULL,
            finance_approved_at = NULL, director_approved_by = NULL, director_approved_at = NULL,
            credit_approved_by = NULL, version = version + 1, updated_at = $3
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(&why)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    finish(tx, ctx, &old, &new, "RETURN").await?;
    Ok(new)
}

/// Sets the due dates of the installments `trigger` starts, `day` plus
/// their offsets, where still unset (CON-1).
pub async fn set_due_dates(
    conn: &mut PgConnection,
    contract: Uuid,
    trigger: &str,
    day: NaiveDate,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE contract_installments SET due_date = $3 + offset_days
         WHERE contract_id = $1 AND trigger = $2 AND due_date IS NULL",
    )
    .bind(contract)
    .bind(trigger)
    .bind(day)
    .execute(conn)
    .await?;
    Ok(())
}

/// CON-2 `signContract`: APPROVED → SIGNED on `signed_date` (not after the
/// company's today). SIGNING installments fall due; the linked opportunity
/// in CONTRACT becomes WON on the same transaction (PIP-2).
pub async fn sign(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    signed_date: NaiveDate,
) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Write).await?;
    require_status(&old, &[ContractStatus::Approved], "sign")?;
    let today = crate::clock::company_date(ctx.now);
    if signed_date > today {
        return Err(DomainError::validation(
            "signedDate",
            "must not be in the future",
        ));
    }
    if signed_date < today - Duration::days(3650) {
        return Err(DomainError::validation(
            "signedDate",
            "must be within the last ten years",
        ));
    }
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'SIGNED', signed_date = $2, signed_by = $3,
            version = version + 1, updated_at = $4
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(signed_date)
    .bind(ctx.actor.user_id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    set_due_dates(&mut tx, id, "SIGNING", signed_date).await?;
    if let Some(op) = new.opportunity_id {
        let why = format!("contract {} signed", new.number);
        crate::pipeline::opportunities::won_by_contract(&mut tx, ctx, op, &why).await?;
    }
    finish(tx, ctx, &old, &new, "SIGN").await?;
    Ok(new)
}

/// CON-2 `startContractExecution`: SIGNED → EXECUTING.
pub async fn start_execution(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Write).await?;
    require_status(&old, &[ContractStatus::Signed], "start executing")?;
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'EXECUTING', version = version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    finish(tx, ctx, &old, &new, "START_EXECUTION").await?;
    Ok(new)
}

/// CON-2 `closeContract`: ACCEPTED → CLOSED.
pub async fn close(pool: &PgPool, ctx: &Ctx, id: Uuid, version: i32) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Write).await?;
    require_status(&old, &[ContractStatus::Accepted], "close")?;
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'CLOSED', closed_at = $2, version = version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await?;
    finish(tx, ctx, &old, &new, "CLOSE").await?;
    Ok(new)
}

/// CON-2 `terminateContract`: any non-final state → TERMINATED with a
/// reason; by the sales director, the GM or an admin only.
pub async fn terminate(
    pool: &PgPool,
    ctx: &Ctx,
    id: Uuid,
    version: i32,
    why: &str,
) -> DomainResult<Contract> {
    let mut tx = pool.begin().await?;
    let old = lock(&mut tx, ctx, id, version, Access::Read).await?;
    if !ctx
        .actor
        .has_any(&[Role::SalesDirector, Role::GeneralManager, Role::Admin])
    {
        return Err(DomainError::Forbidden(
            "only the sales director, the general manager or an admin terminates a contract".into(),
        ));
    }
    if old.status.is_final() {
        return Err(DomainError::conflict(format!(
            "cannot terminate contract {}: it is {}",
            old.number, old.status
        )));
    }
    let why = reason(why)?;
    let new: Contract = sqlx::query_as(
        "UPDATE contracts SET status = 'TERMINATED', terminated_at = $2, termination_reason = $3,
            version = version + 1, updated_at = $2
         WHERE id = $1 RETURNING *",
    )
    .bind(id)
    .bind(ctx.now)
    .bind(&why)
    .fetch_one(&mut *tx)
    .await?;
    finish(tx, ctx, &old, &new, "TERMINATE").await?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(trigger: InstallmentTrigger, offset: i32, due: Option<&str>) -> Installment {
        Installment {
            id: Uuid::nil(),
            contract_id: Uuid::nil(),
            position: 1,
            label: "款".into(),
            amount: rust_decimal::Decimal::ONE_HUNDRED,
            trigger: trigger.as_str().into(),
            offset_days: offset,
            due_date: due.map(|d| d.parse().unwrap()),
        }
    }

    #[test]
    fn con2_finance_reviews_from_the_payment_plan_not_only_the_terms() {
        let signing: NaiveDate = "2026-01-01".parse().unwrap();
        let short = [
            inst(InstallmentTrigger::Signing, 0, None),
            inst(InstallmentTrigger::FixedDate, 0, Some("2026-04-01")), // 90 days
            inst(InstallmentTrigger::Acceptance, 30, None),
        ];
        assert!(!needs_finance_review(30, 12, &short, signing));
        assert!(
            needs_finance_review(91, 12, &short, signing),
            "the declared terms"
        );
        for long in [
            inst(InstallmentTrigger::FixedDate, 0, Some("2026-04-02")), // 91 days
            inst(InstallmentTrigger::Delivery, 91, None),
            inst(InstallmentTrigger::WarrantyEnd, 0, None), // 12 months
        ] {
            let plan = [short[0].clone(), long];
            assert!(
                needs_finance_review(30, 12, &plan, signing),
                "{:?}",
                plan[1]
            );
        }
        // A warranty of three months and one day's offset: 91 days.
        let warranty = [inst(InstallmentTrigger::WarrantyEnd, 0, None)];
        assert!(!needs_finance_review(30, 3, &warranty, signing));
        let plus_one = [inst(InstallmentTrigger::WarrantyEnd, 1, None)];
        assert!(needs_finance_review(30, 3, &plus_one, signing));
    }
}
