//! What every context's schema shares: ids, stored-value parsing, paging and
//! ordering. Nothing here knows a context.

pub mod loaders;
pub mod paging;

use std::str::FromStr;

use async_graphql::ID;
use salesd_domain::DomainError;
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

pub fn id(uuid: Uuid) -> ID {
    ID(uuid.to_string())
}

/// Parses an `ID` argument; a malformed one is reported on its field.
pub fn uuid(field: &str, id: &ID) -> ApiResult<Uuid> {
    id.parse::<Uuid>()
        .map_err(|_| ApiError::validation(field, "not a valid ID"))
}

/// Parses a value the database stored as text into its domain type; a value
/// the domain does not know is an internal error, not the caller's.
pub fn parse<T: FromStr<Err = DomainError>>(s: &str) -> ApiResult<T> {
    s.parse::<T>().map_err(|e| ApiError::internal(&e))
}
