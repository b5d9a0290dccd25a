//! The interface between dunning and the risk register (RISK-1): at L4 an
//! item is a HIGH bad-debt risk. Until the risk issue builds the register,
//! [`open_high_risk`] records the signal in `risk_signals` (once per item);
//! the risk work replaces the body of this function (opening a register
//! entry of category customer credit, level HIGH, with the owner as its
//! responsible person) and keeps the signature, so the scan does not change.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::DomainResult;

/// Category of a risk raised by dunning.
pub const BAD_DEBT: &str = "BAD_DEBT";
/// Source of the signal.
pub const SOURCE_L4: &str = "DUNNING_L4";

/// A HIGH bad-debt risk on one overdue item.
#[derive(Clone, Debug)]
pub struct BadDebtRisk {
    pub customer_id: Uuid,
    pub contract_id: Option<Uuid>,
    pub item_id: Uuid,
    pub days_overdue: i64,
    pub open_amount: Decimal,
    pub level: i16,
}

/// RISK-1 interface: opens a HIGH bad-debt risk for the item, on the
/// caller's transaction. Returns `false` when one is already open for it
/// (re-runs and concurrent scans open it once).
pub async fn open_high_risk(
    conn: &mut PgConnection,
    risk: &BadDebtRisk,
    now: DateTime<Utc>,
) -> DomainResult<bool> {
    let r = sqlx::query(
        "INSERT INTO risk_signals (id, customer_id, contract_id, item_id, category, level, source, detail,
             created_at)
         VALUES ($1, $2, $3, $4, $5, 'HIGH', $6, $7, $8) ON CONFLICT (item_id) DO NOTHING",
    )
    .bind(Uuid::now_v7())
    .bind(risk.customer_id)
    .bind(risk.contract_id)
    .bind(risk.item_id)
    .bind(BAD_DEBT)
    .bind(SOURCE_L4)
    .bind(json!({
        "days_overdue": risk.days_overdue,
        "open_amount": risk.open_amount.to_string(),
        "dunning_level": risk.level,
    }))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(r.rows_affected() == 1)
}
