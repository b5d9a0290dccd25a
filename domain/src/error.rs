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
        Self::Internal(anyhow::Error::new(e))
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
