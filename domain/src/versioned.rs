//! Optimistic concurrency: a change names the `version` of the record it was
//! made on, and the store refuses it when the record has moved on since.
//! Every store does it the same way: lock the row within the caller's scope
//! (`… FOR UPDATE`), answer NOT_FOUND when there is none, then compare the
//! version. These helpers are that sequence, once.
//!
//! - A record outside the caller's scope answers exactly like a missing one
//!   (ORG-3): the scope filter is part of the locking query, so the two are
//!   the same empty result and the same [`DomainError::NotFound`].
//! - A stale version is a CONFLICT ([`DomainError::stale`]) raised before
//!   anything is written, so the caller's transaction rolls back unchanged
//!   and the client reloads.
//!
//! Where a store checks something else between the lock and the version
//! (a status, the author, the decider's role), it locks with
//! [`lock_in_scope`] and calls [`check_version`] where the check stood.

use sqlx::postgres::PgRow;
use sqlx::{Encode, FromRow, PgConnection, Postgres, QueryBuilder, Type};

use crate::error::{DomainError, DomainResult};

/// A row that carries the version a change must name.
pub trait Versioned {
    fn version(&self) -> i32;
}

/// Implements [`Versioned`] for row structs from their `version` field, or
/// with `row_version:` first, from their `row_version` field.
///
/// ```ignore
/// versioned!(Customer, Contact);
/// versioned!(row_version: Quote, Tender);
/// ```
macro_rules! versioned {
    (row_version: $($t:ty),+ $(,)?) => {
        $(impl $crate::versioned::Versioned for $t {
            // Such a row may have a `version` field that means something
            // else (a quote's number within its opportunity).
            #[allow(clippy::misnamed_getters)]
            fn version(&self) -> i32 {
                self.row_version
            }
        })+
    };
    ($($t:ty),+ $(,)?) => {
        $(impl $crate::versioned::Versioned for $t {
            fn version(&self) -> i32 {
                self.version
            }
        })+
    };
}
pub(crate) use versioned;

/// CONFLICT (the `stale` error naming `entity`) when `expected` is given
/// and is not the row's version; `None` checks nothing (a caller that
/// only needs the row locked, e.g. to add a child record to it).
pub fn check_version<T: Versioned>(
    row: &T,
    expected: impl Into<Option<i32>>,
    entity: &str,
) -> DomainResult<()> {
    match expected.into() {
        Some(v) if v != row.version() => Err(DomainError::stale(entity)),
        _ => Ok(()),
    }
}

/// Runs `qb`, a `SELECT … FOR UPDATE` the caller built with its scope
/// filter, and returns the one row; NOT_FOUND when there is none, missing
/// and out of scope alike (ORG-3).
pub async fn lock_in_scope<T>(
    conn: &mut PgConnection,
    qb: &mut QueryBuilder<Postgres>,
) -> DomainResult<T>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    qb.build_query_as()
        .fetch_optional(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// [`lock_in_scope`], then [`check_version`]: the row as locked, NOT_FOUND
/// when missing or out of scope, CONFLICT when `expected` is stale.
pub async fn lock_current<T>(
    conn: &mut PgConnection,
    qb: &mut QueryBuilder<Postgres>,
    expected: impl Into<Option<i32>>,
    entity: &str,
) -> DomainResult<T>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin + Versioned,
{
    let row: T = lock_in_scope(conn, qb).await?;
    check_version(&row, expected, entity)?;
    Ok(row)
}

/// [`lock_current`] for a fixed statement with one parameter (`$1`, an id
/// or a key), for records with no scope filter of their own.
pub async fn lock_current_by<'k, T, K>(
    conn: &mut PgConnection,
    sql: &'static str,
    key: K,
    expected: i32,
    entity: &str,
) -> DomainResult<T>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin + Versioned,
    K: 'k + Encode<'k, Postgres> + Type<Postgres> + Send,
{
    let row: T = sqlx::query_as(sql)
        .bind(key)
        .fetch_optional(conn)
        .await?
        .ok_or(DomainError::NotFound)?;
    check_version(&row, expected, entity)?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row {
        version: i32,
    }
    versioned!(Row);

    struct Other {
        row_version: i32,
    }
    versioned!(row_version: Other);

    #[test]
    fn a_stale_version_is_a_conflict_naming_the_entity() {
        assert!(check_version(&Row { version: 3 }, 3, "lead").is_ok());
        assert!(check_version(&Row { version: 3 }, None, "lead").is_ok());
        assert!(check_version(&Other { row_version: 1 }, Some(1), "quote").is_ok());
        match check_version(&Row { version: 3 }, 2, "lead") {
            Err(DomainError::Conflict { message }) => assert_eq!(
                message,
                "the lead was changed by someone else; reload it and try again"
            ),
            other => panic!("expected the stale conflict, got {other:?}"),
        }
        assert!(matches!(
            check_version(&Other { row_version: 1 }, Some(2), "quote"),
            Err(DomainError::Conflict { .. })
        ));
    }
}
