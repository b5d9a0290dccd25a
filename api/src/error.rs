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
    /// The database is down or saturated: retry (HTTP 503, Retry-After).
    Unavailable,
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
            Code::Unavailable => "UNAVAILABLE",
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

    /// Logs the detail on one line (with the request's span, hence its
    /// request id) — the same failure at most once a minute, with the count
    /// of those not logged — and returns an error that says nothing more
    /// than "internal error".
    pub fn internal(detail: &dyn std::fmt::Debug) -> Self {
        let line = one_line(&format!("{detail:?}"));
        match LOG_THROTTLE.admit(&line, std::time::Instant::now()) {
            Admit::Log { suppressed: 0 } => tracing::error!(error = %line, "internal error"),
            Admit::Log { suppressed } => {
                tracing::error!(error = %line, suppressed, "internal error (repeated)")
            }
            Admit::Suppress => {}
        }
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
            DomainError::Unavailable(detail) => {
                tracing::warn!(error = %detail, "database unavailable");
                Self::new(
                    Code::Unavailable,
                    "the database is unavailable; try again in a moment",
                )
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

/// `text` on one line: line breaks (an error chain, a backtrace) become ` | `.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Keeps a failure that repeats (PostgreSQL down, a bad row hit by every
/// request) from flooding the log: each distinct message is logged at most
/// once per [`LogThrottle::WINDOW`], the next time with how many were not.
struct LogThrottle {
    seen: std::sync::Mutex<std::collections::HashMap<String, (std::time::Instant, u64)>>,
}

#[derive(Debug, PartialEq, Eq)]
enum Admit {
    Log { suppressed: u64 },
    Suppress,
}

static LOG_THROTTLE: std::sync::LazyLock<LogThrottle> = std::sync::LazyLock::new(|| LogThrottle {
    seen: Default::default(),
});

impl LogThrottle {
    const WINDOW: std::time::Duration = std::time::Duration::from_secs(60);
    /// Distinct messages remembered; past it the oldest window restarts.
    const CAPACITY: usize = 512;

    fn admit(&self, message: &str, now: std::time::Instant) -> Admit {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((since, suppressed)) = seen.get_mut(message) {
            if now.duration_since(*since) < Self::WINDOW {
                *suppressed += 1;
                return Admit::Suppress;
            }
            let n = *suppressed;
            *since = now;
            *suppressed = 0;
            return Admit::Log { suppressed: n };
        }
        if seen.len() >= Self::CAPACITY {
            seen.retain(|_, (since, _)| now.duration_since(*since) < Self::WINDOW);
        }
        if seen.len() < Self::CAPACITY {
            seen.insert(message.to_owned(), (now, 0));
        }
        Admit::Log { suppressed: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_internal_error_is_logged_once_a_minute_with_a_count() {
        let t = LogThrottle {
            seen: Default::default(),
        };
        let t0 = std::time::Instant::now();
        assert_eq!(t.admit("db down", t0), Admit::Log { suppressed: 0 });
        for i in 1..=5 {
            assert_eq!(
                t.admit("db down", t0 + std::time::Duration::from_secs(i)),
                Admit::Suppress
            );
        }
        assert_eq!(t.admit("other", t0), Admit::Log { suppressed: 0 });
        assert_eq!(
            t.admit("db down", t0 + std::time::Duration::from_secs(61)),
            Admit::Log { suppressed: 5 }
        );
    }

    #[test]
    fn internal_detail_is_one_line() {
        assert_eq!(
            one_line("connect failed\n\nCaused by:\n    refused\n"),
            "connect failed | Caused by: | refused"
        );
    }
}
