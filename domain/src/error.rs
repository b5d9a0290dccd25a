//! The one error type of the domain layer.

/// What went wrong, in terms the API maps to a stable error code.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The record does not exist, or is outside the caller's scope (ORG-3):
    /// the two are deliberately indistinguishable.
    #[error("not found")]
    NotFound,
    /// The caller may see the record but lacks the role for this action.
    #[error("{0}")]
    Forbidden(String),
    /// An input value is wrong; `field` names it (GraphQL argument path).
    #[error("{message}")]
    Validation { field: String, message: String },
    /// The change collides with the current state (duplicate, stale version).
    #[error("{message}")]
    Conflict { message: String },
    /// No valid credentials.
    #[error("authentication required")]
    Unauthenticated,
    /// PostgreSQL cannot be reached, or no connection came free in time:
    /// nothing was done, and the same request may succeed in a moment.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// Anything else: logged with detail, reported only as "internal error".
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl DomainError {
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
        }
    }

    /// The answer to an update whose `version` is not the stored one.
    pub fn stale(entity: &str) -> Self {
        Self::conflict(format!(
            "the {entity} was changed by someone else; reload it and try again"
        ))
    }
}

impl From<sqlx::Error> for DomainError {
    fn from(e: sqlx::Error) -> Self {
        if is_unavailable(&e) {
            Self::Unavailable(e.to_string())
        } else {
            Self::Internal(anyhow::Error::new(e))
        }
    }
}

/// Whether `e` says the database cannot be used right now rather than that
/// the statement was wrong: no connection came free within the acquire
/// timeout, the connection failed, or the server is shutting down, starting
/// up or out of connections (SQLSTATE class 08, 57P01–57P03, 53300).
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|c| {
            c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
        }),
        _ => false,
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// The name of the unique constraint a database error violated, if any.
pub fn unique_violation(e: &sqlx::Error) -> Option<&str> {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => db.constraint(),
        _ => None,
    }
}
