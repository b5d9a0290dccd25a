//! Relay connections over the domain's keyset pages.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Enum, ObjectType, OutputType, SimpleObject};
use salesd_domain::page::{Page, PageRequest};

use crate::error::ApiResult;

/// Validates `first/after/last/before` (page size capped at 200).
pub fn page_request(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> ApiResult<PageRequest> {
    Ok(PageRequest::new(
        first,
        after.as_deref(),
        last,
        before.as_deref(),
    )?)
}

/// Builds a connection; `extra` carries the lazily computed `totalCount`.
pub fn connection<T, N, F>(
    page: Page<T>,
    node: impl Fn(T) -> N,
    extra: F,
) -> Connection<String, N, F>
where
    N: OutputType,
    F: ObjectType,
{
    let mut c =
        Connection::with_additional_fields(page.has_previous_page, page.has_next_page, extra);
    c.edges = page
        .items
        .into_iter()
        .map(|(cursor, item)| Edge::new(cursor.encode(), node(item)))
        .collect();
    c
}

/// The `complexity` of a connection field: its page size times its children.
pub fn page_complexity(first: Option<i32>, last: Option<i32>, child: usize) -> usize {
    let n = first
        .or(last)
        .unwrap_or(salesd_domain::page::DEFAULT_PAGE_SIZE as i32)
        .clamp(1, 200);
    (n as usize).saturating_mul(child).saturating_add(2)
}

#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}

/// The extra fields of a unit or audit connection.
#[derive(SimpleObject)]
pub struct NoTotal {
    /// Always null: this list is not counted.
    pub total_count: Option<i64>,
}
