//! ORG-4: the audit log, written in the same transaction as each change.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::Ctx;
use crate::error::DomainResult;
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

/// One field that changed, with its old and new values.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

/// Fields never written to the log with their values.
const REDACTED: &[&str] = &["password_hash"];
/// Bookkeeping fields that are not changes of their own.
const IGNORED: &[&str] = &["version", "updated_at", "created_at"];

/// The fields that differ between two serialisations of a record. Secrets
/// show as `"[redacted]"`.
pub fn diff(old: &impl Serialize, new: &impl Serialize) -> Vec<FieldChange> {
    let as_map = |v: &dyn erased::Ser| match v.to_value() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let (old, new) = (as_map(&old), as_map(&new));
    let mut changes = Vec::new();
    for (field, new_value) in &new {
        let old_value = old.get(field).cloned().unwrap_or(Value::Null);
        if IGNORED.contains(&field.as_str()) || old_value == *new_value {
            continue;
        }
        let redact = |v: Value| {
            if REDACTED.contains(&field.as_str()) {
                Value::from("[redacted]")
            } else {
                v
            }
        };
        changes.push(FieldChange {
            field: field.clone(),
            old: redact(old_value),
            new: redact(new_value.clone()),
        });
    }
    changes
}

/// The values of a new record, as changes from nothing.
pub fn created(new: &impl Serialize) -> Vec<FieldChange> {
    diff(&Value::Object(Map::new()), new)
}

mod erased {
    pub trait Ser {
        fn to_value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn to_value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// Records the change of one record from `old` to `new` (ORG-4): the
/// fields that differ, in the transaction of the change.
pub async fn record_diff(
    tx: &mut PgConnection,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    action: &str,
    old: &impl Serialize,
    new: &impl Serialize,
) -> DomainResult<()> {
    record(tx, ctx, entity, entity_id, action, &diff(old, new)).await
}

/// Writes one audit entry on the transaction that makes the change.
pub async fn record(
    tx: &mut PgConnection,
    ctx: &Ctx,
    entity: &str,
    entity_id: Uuid,
    action: &str,
    changes: &[FieldChange],
) -> DomainResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_label, entity, entity_id, action, changes, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(Uuid::now_v7())
    .bind(ctx.now)
    .bind(ctx.actor.user_id)
    .bind(&ctx.actor.label)
    .bind(entity)
    .bind(entity_id)
    .bind(action)
    .bind(sqlx::types::Json(changes))
    .bind(&ctx.request_id)
    .execute(tx)
    .await?;
    Ok(())
}

/// One entry of a record's audit trail.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub entity: String,
    pub entity_id: Uuid,
    pub action: String,
    pub changes: sqlx::types::Json<Vec<FieldChange>>,
    pub request_id: Option<String>,
}

/// A record's trail, newest first. The caller has already checked that the
/// actor can see the record.
pub async fn trail(
    pool: &PgPool,
    entity: &str,
    entity_id: Uuid,
    req: &PageRequest,
) -> DomainResult<Page<AuditEntry>> {
    let sort = SortKey {
        expr: "a.at",
        sql_type: "timestamptz",
        descending: true,
    };
    let mut qb = sqlx::QueryBuilder::new(
        "SELECT a.*, a.at::text AS sort_key FROM audit_log a WHERE a.entity = ",
    );
    qb.push_bind(entity);
    qb.push(" AND a.entity_id = ");
    qb.push_bind(entity_id);
    page::push_keyset(&mut qb, "a.id", sort, req);
    let rows: Vec<Keyed<AuditEntry>> = qb.build_query_as().fetch_all(pool).await?;
    Ok(page::into_page(rows, |e| e.id, req))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn org4_diff_lists_changed_fields_and_redacts_secrets() {
        let old = json!({"name": "A", "version": 1, "password_hash": "x", "same": 1});
        let new = json!({"name": "B", "version": 2, "password_hash": "y", "same": 1});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 2);
        assert_eq!(
            changes[0],
            FieldChange {
                field: "name".into(),
                old: json!("A"),
                new: json!("B")
            }
        );
        assert_eq!(changes[1].old, json!("[redacted]"));
        assert_eq!(created(&json!({"a": 1}))[0].old, Value::Null);
    }
}
