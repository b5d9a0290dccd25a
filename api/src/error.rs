//! The one API error: a stable `extensions.code` for every failure.
//!
//! It deliberately does not implement `Display`, so a resolver cannot turn a
//! domain error into a GraphQL error by accident (async-graphql converts any
//! `Display` type, which would leak internal detail): every path goes
//! through [`ApiError::from`], which logs internal detail and hides it.

use async_graphql::ErrorExtensions;
use salesd_domain::DomainError;

/// The error codes clients can rely on (see docs/api.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    TooManyRequests,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::Validation => "VALIDATION",
            Code::Conflict => "CONFLICT",
            Code::TooManyRequests => "TOO_MANY_REQUESTS",
            Code::Internal => "INTERNAL",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    pub field: Option<String>,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            retry_after_secs: None,
        }
    }

    pub fn unauthenticated() -> Self {
        Self::new(Code::Unauthenticated, "authentication required")
    }

    pub fn not_found() -> Self {
        Self::new(Code::NotFound, "not found")
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.to_owned()),
            ..Self::new(Code::Validation, message)
        }
    }

    pub fn too_many_requests(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                Code::TooManyRequests,
                format!("too many attempts; retry in {retry_after_secs} s"),
            )
        }
    }

    /// Logs the detail (with the request's span, hence its request id) and
    /// returns an error that says nothing more than "internal error".
    pub fn internal(detail: &dyn std::fmt::Debug) -> Self {
        tracing::error!(error = ?detail, "internal error");
        Self::new(Code::Internal, "internal error")
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound => Self::not_found(),
            DomainError::Forbidden(m) => Self::new(Code::Forbidden, m),
            DomainError::Validation { field, message } => Self::validation(&field, message),
            DomainError::Conflict { message } => Self::new(Code::Conflict, message),
            DomainError::Unauthenticated => {
                Self::new(Code::Unauthenticated, "wrong email or password")
            }
            DomainError::Internal(e) => Self::internal(&e),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        async_graphql::Error::new(e.message.clone()).extend_with(|_, ext| {
            ext.set("code", e.code.as_str());
            if let Some(f) = &e.field {
                ext.set("field", f.as_str());
            }
            if let Some(s) = e.retry_after_secs {
                ext.set("retryAfter", s);
            }
        })
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
