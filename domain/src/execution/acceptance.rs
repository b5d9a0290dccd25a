//! CON-7 acceptance (验收): recorded on an EXECUTING contract whose delivery
//! is done. PASSED makes the contract ACCEPTED and the acceptance-linked
//! installments due; FAILED keeps it EXECUTING with the issues found, and a
//! later PASSED is still possible. At most one PASSED per contract.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::{contract_visible, lock_contract, not_in_future, optional_text, required_text};
use crate::Ctx;
use crate::audit;
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;
use crate::org::model::text_enum;

text_enum! {
    /// CON-7: the outcome of an acceptance.
    AcceptanceResult { Passed => "PASSED", Failed => "FAILED" }
}

/// An acceptance row.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Acceptance {
    pub id: Uuid,
    pub contract_id: Uuid,
    pub accepted_on: NaiveDate,
    pub result: String,
    pub report: String,
    pub issues: Option<String>,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
}

pub struct NewAcceptance {
    pub contract_id: Uuid,
    pub accepted_on: NaiveDate,
    pub result: AcceptanceResult,
    pub report: String,
    pub issues: Option<String>,
}

/// What delivery still lacks, read under the contract lock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryState {
    /// Orders of the contract, cancelled ones excluded.
    pub orders: usize,
    /// Non-cancelled orders not DELIVERED: (number, status).
    pub undelivered: Vec<(String, String)>,
    pub milestones: usize,
    /// Milestones without an actual date, by name.
    pub open_milestones: Vec<String>,
}

/// CON-7: delivery is done when at least one order or milestone exists,
/// every non-cancelled order is DELIVERED and every milestone has its actual
/// date. `Err` names what is missing (CONFLICT "acceptance before delivery").
pub fn check_delivery_done(s: &DeliveryState) -> DomainResult<()> {
    let mut missing = Vec::new();
    if s.orders == 0 && s.milestones == 0 {
        missing.push("no order or milestone is recorded".to_owned());
    }
    if !s.undelivered.is_empty() {
        let list: Vec<String> = s
            .undelivered
            .iter()
            .map(|(n, st)| format!("{n} ({st})"))
            .collect();
        missing.push(format!("orders not delivered: {}", list.join(", ")));
    }
    if !s.open_milestones.is_empty() {
        missing.push(format!(
            "milestones not done: {}",
            s.open_milestones.join(", ")
        ));
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(DomainError::conflict(format!(
        "acceptance before delivery: {}",
        missing.join("; ")
    )))
}

/// CON-7: the contract state an acceptance needs.
pub fn check_acceptable(status: &str) -> DomainResult<()> {
    match status {
        "EXECUTING" => Ok(()),
        "ACCEPTED" | "CLOSED" => Err(DomainError::conflict(
            "the contract has already passed acceptance",
        )),
        other => Err(DomainError::conflict(format!(
            "acceptance needs an EXECUTING contract; this one is {other}"
        ))),
    }
}

async fn delivery_state(conn: &mut PgConnection, contract: Uuid) -> DomainResult<DeliveryState> {
    let orders: Vec<(String, String)> = sqlx::query_as(
        "SELECT number, status FROM orders WHERE contract_id = $1 AND status <> 'CANCELLED'
         ORDER BY created_at, id",
    )
    .bind(contract)
    .fetch_all(&mut *conn)
    .await?;
    let milestones: Vec<(String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT name, actual_date FROM contract_milestones WHERE contract_id = $1 ORDER BY position",
    )
    .bind(contract)
    .fetch_all(&mut *conn)
    .await?;
    Ok(DeliveryState {
        orders: orders.len(),
        undelivered: orders
            .into_iter()
            .filter(|(_, s)| s != "DELIVERED")
            .collect(),
        milestones: milestones.len(),
        open_milestones: milestones
            .into_iter()
            .filter(|(_, a)| a.is_none())
            .map(|(n, _)| n)
            .collect(),
    })
}

/// CON-7: records an acceptance of a contract the actor may change.
pub async fn record_acceptance(
    pool: &PgPool,
    ctx: &Ctx,
    input: NewAcceptance,
) -> DomainResult<Acceptance> {
    let today = company_date(ctx.now);
    let report = required_text("report", &input.report, 10000)?;
    let issues = optional_text("issues", input.issues.as_deref(), 10000)?;
    if input.result == AcceptanceResult::Failed && issues.is_none() {
        return Err(DomainError::validation(
            "issues",
            "a failed acceptance must list the issues found",
        ));
    }
    not_in_future("acceptedOn", input.accepted_on, today)?;
    let recorded_by = ctx
        .actor
        .user_id
        .filter(|_| !ctx.actor.read_only)
        .ok_or_else(|| DomainError::Forbidden("API tokens are read-only".into()))?;
    let mut tx = pool.begin().await?;
    let contract = lock_contract(&mut tx, &ctx.actor, input.contract_id).await?;
    check_acceptable(&contract.status)?;
    if contract
        .signed_date
        .is_some_and(|signed| input.accepted_on < signed)
    {
        return Err(DomainError::validation(
            "acceptedOn",
            "cannot be before the contract's signing date",
        ));
    }
    check_delivery_done(&delivery_state(&mut tx, contract.id).await?)?;
    let row: Acceptance = sqlx::query_as(
        "INSERT INTO contract_acceptances (id, contract_id, accepted_on, result, report, issues,
                                           recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
    )
    .bind(Uuid::now_v7())
    .bind(contract.id)
    .bind(input.accepted_on)
    .bind(input.result.as_str())
    .bind(&report)
    .bind(&issues)
    .bind(recorded_by)
    .bind(ctx.now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match crate::error::unique_violation(&e) {
        Some("contract_acceptances_passed_idx") => {
            DomainError::conflict("the contract has already passed acceptance")
        }
        _ => e.into(),
    })?;
    audit::record(
        &mut tx,
        ctx,
        "ACCEPTANCE",
        row.id,
        "RECORD",
        &audit::created(&row),
    )
    .await?;
    if input.result == AcceptanceResult::Passed {
        accept_contract(
            &mut tx,
            ctx,
            contract.id,
            &contract.status,
            input.accepted_on,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(row)
}

/// PASSED: the contract becomes ACCEPTED, and the ACCEPTANCE and
/// WARRANTY_END installments without a due date get one (acceptedOn +
/// offset, acceptedOn + warranty months + offset).
async fn accept_contract(
    tx: &mut PgConnection,
    ctx: &Ctx,
    contract: Uuid,
    old_status: &str,
    accepted_on: NaiveDate,
) -> DomainResult<()> {
    sqlx::query(
        "UPDATE contracts SET status = 'ACCEPTED', accepted_date = $2, version = version + 1,
                updated_at = $3 WHERE id = $1",
    )
    .bind(contract)
    .bind(accepted_on)
    .bind(ctx.now)
    .execute(&mut *tx)
    .await?;
    let due: Vec<(i32, String, NaiveDate)> = sqlx::query_as(
        "UPDATE contract_installments i
         SET due_date = CASE i.trigger
             WHEN 'ACCEPTANCE' THEN $2::date + i.offset_days
             ELSE ($2::date + make_interval(months => c.warranty_months))::date + i.offset_days END
         FROM contracts c
         WHERE c.id = i.contract_id AND i.contract_id = $1
           AND i.trigger IN ('ACCEPTANCE', 'WARRANTY_END') AND i.due_date IS NULL
         RETURNING i.position, i.trigger, i.due_date",
    )
    .bind(contract)
    .bind(accepted_on)
    .fetch_all(&mut *tx)
    .await?;
    let mut due = due;
    due.sort();
    let installments: Vec<_> = due
        .iter()
        .map(|(p, t, d)| json!({"position": p, "trigger": t, "due_date": d}))
        .collect();
    let old = json!({"status": old_status, "accepted_date": null});
    let new = json!({"status": "ACCEPTED", "accepted_date": accepted_on,
                     "installments_due": installments});
    audit::record_diff(tx, ctx, "CONTRACT", contract, "ACCEPT", &old, &new).await
}

/// CON-7: a contract's acceptances, oldest first; NOT_FOUND when the
/// contract is missing or outside the actor's scope.
pub async fn contract_acceptances(
    pool: &PgPool,
    actor: &Actor,
    contract_id: Uuid,
) -> DomainResult<Vec<Acceptance>> {
    let mut conn = pool.acquire().await?;
    if !contract_visible(&mut conn, actor, contract_id).await? {
        return Err(DomainError::NotFound);
    }
    Ok(sqlx::query_as(
        "SELECT * FROM contract_acceptances WHERE contract_id = $1 ORDER BY recorded_at, id",
    )
    .bind(contract_id)
    .fetch_all(&mut *conn)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn con7_acceptance_needs_delivery_done() {
        let none = DeliveryState::default();
        let e = check_delivery_done(&none).unwrap_err().to_string();
        assert!(e.contains("acceptance before delivery") && e.contains("no order or milestone"));
        let open = DeliveryState {
            orders: 2,
            undelivered: vec![("SO-1".into(), "SHIPPED".into())],
            milestones: 1,
            open_milestones: vec!["安装调试".into()],
        };
        let e = check_delivery_done(&open).unwrap_err().to_string();
        assert!(
            e.contains("SO-1 (SHIPPED)") && e.contains("安装调试"),
            "{e}"
        );
        let done = DeliveryState {
            orders: 1,
            milestones: 0,
            ..DeliveryState::default()
        };
        assert!(check_delivery_done(&done).is_ok());
    }

    #[test]
    fn con7_only_executing_contracts_are_accepted() {
        assert!(check_acceptable("EXECUTING").is_ok());
        for s in ["DRAFT", "SIGNED", "ACCEPTED", "CLOSED", "TERMINATED"] {
            assert!(check_acceptable(s).is_err(), "{s}");
        }
    }
}
