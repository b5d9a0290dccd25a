//! CUS-2 duplicate check (查重): the credit code, the normalised name and
//! trigram similarity; and the candidates shown across scopes.

use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::model::normalize_name;
use crate::error::{DomainError, DomainResult};

/// The name of the owner, or "the public pool", as CUS-2 may reveal it.
pub(crate) async fn owner_label(
    conn: &mut PgConnection,
    credit_code: &str,
) -> DomainResult<String> {
    let name: Option<Option<String>> = sqlx::query_scalar(
        "SELECT u.display_name FROM customers c LEFT JOIN users u ON u.id = c.owner_id WHERE c.credit_code = $1",
    )
    .bind(credit_code)
    .fetch_optional(conn)
    .await?;
    Ok(name
        .flatten()
        .unwrap_or_else(|| "the public pool".to_owned()))
}

pub(crate) fn code_conflict(owner: &str) -> DomainError {
    DomainError::conflict(format!(
        "a customer with this credit code already exists; it belongs to {owner}"
    ))
}

/// CUS-2 on the transaction: the credit code, then (unless confirmed) the name.
pub(crate) async fn check_duplicates(
    conn: &mut PgConnection,
    except: Option<Uuid>,
    name: &str,
    credit_code: Option<&str>,
    confirm_distinct: bool,
) -> DomainResult<()> {
    if let Some(code) = credit_code {
        let other: Option<Uuid> =
            sqlx::query_scalar("SELECT id FROM customers WHERE credit_code = $1")
                .bind(code)
                .fetch_optional(&mut *conn)
                .await?;
        if other.is_some_and(|o| Some(o) != except) {
            return Err(code_conflict(&owner_label(conn, code).await?));
        }
    }
    if confirm_distinct {
        return Ok(());
    }
    let similar = similar_names(conn, name, except).await?;
    if !similar.is_empty() {
        let list: Vec<String> = similar
            .iter()
            .map(|(id, n)| format!("{n} ({id})"))
            .collect();
        return Err(DomainError::conflict(format!(
            "possible duplicates: {}; if this is a different company, repeat with confirmDistinct: true",
            list.join(", ")
        )));
    }
    Ok(())
}

/// Customers whose name normalises the same or is trigram-similar ≥ 0.8.
pub(crate) async fn similar_names(
    conn: &mut PgConnection,
    name: &str,
    except: Option<Uuid>,
) -> DomainResult<Vec<(Uuid, String)>> {
    Ok(sqlx::query_as(
        "SELECT id, name FROM customers
         WHERE (name_norm = $1 OR (name % $2 AND similarity(name, $2) >= 0.8)) AND id IS DISTINCT FROM $3
         ORDER BY similarity(name, $2) DESC, id LIMIT 10",
    )
    .bind(normalize_name(name))
    .bind(name)
    .bind(except)
    .fetch_all(conn)
    .await?)
}

/// CUS-2 exception to ORG-3: possible duplicates are shown whoever owns them,
/// but only as id, name and the owner's display name.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DuplicateCandidate {
    pub id: Uuid,
    pub name: String,
    pub owner_name: Option<String>,
    pub same_credit_code: bool,
}

pub async fn duplicate_candidates(
    pool: &PgPool,
    name: &str,
    credit_code: Option<&str>,
) -> DomainResult<Vec<DuplicateCandidate>> {
    let name = name.trim();
    Ok(sqlx::query_as(
        "SELECT c.id, c.name, u.display_name AS owner_name, (c.credit_code IS NOT DISTINCT FROM $3) AS same_credit_code
         FROM customers c LEFT JOIN users u ON u.id = c.owner_id
         WHERE ($3::text IS NOT NULL AND c.credit_code = $3)
            OR ($1 <> '' AND (c.name_norm = $2 OR (c.name % $1 AND similarity(c.name, $1) >= 0.8)))
         ORDER BY (c.credit_code IS NOT DISTINCT FROM $3) DESC, similarity(c.name, $1) DESC, c.id LIMIT 20",
    )
    .bind(name)
    .bind(super::model::normalize_name(name))
    .bind(credit_code)
    .fetch_all(pool)
    .await?)
}
