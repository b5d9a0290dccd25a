//! Cursor pagination shared by every list (Relay connections in the API).
//!
//! Lists are paged by keyset: the cursor carries the sort key and the id of
//! the last row seen, so pages stay stable while rows are added and every
//! page costs one indexed range scan, however deep.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::DomainError;

/// The largest page any list returns.
pub const MAX_PAGE_SIZE: usize = 200;
/// The page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// A position in a list: the row's sort key (as text) and its id.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cursor {
    pub key: String,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(&(&self.key, self.id)).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(field: &str, s: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::validation(field, "not a cursor returned by this list");
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
        let (key, id): (String, Uuid) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
        Ok(Self { key, id })
    }
}

/// Which way a page is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// A validated page request.
#[derive(Clone, Debug)]
pub struct PageRequest {
    pub direction: Direction,
    pub limit: usize,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

impl PageRequest {
    /// Validates Relay arguments: `first` and `last` are exclusive, 0..=200.
    pub fn new(
        first: Option<i32>,
        after: Option<&str>,
        last: Option<i32>,
        before: Option<&str>,
    ) -> Result<Self, DomainError> {
        let size = |field: &str, n: i32| -> Result<usize, DomainError> {
            usize::try_from(n)
                .ok()
                .filter(|n| *n <= MAX_PAGE_SIZE)
                .ok_or_else(|| {
                    DomainError::validation(field, format!("must be between 0 and {MAX_PAGE_SIZE}"))
                })
        };
        let (direction, limit) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(DomainError::validation(
                    "last",
                    "give either first or last, not both",
                ));
            }
            (Some(n), None) => (Direction::Forward, size("first", n)?),
            (None, Some(n)) => (Direction::Backward, size("last", n)?),
            (None, None) => (Direction::Forward, DEFAULT_PAGE_SIZE),
        };
        Ok(Self {
            direction,
            limit,
            after: after.map(|s| Cursor::decode("after", s)).transpose()?,
            before: before.map(|s| Cursor::decode("before", s)).transpose()?,
        })
    }

    pub fn first(n: usize) -> Self {
        Self {
            direction: Direction::Forward,
            limit: n.min(MAX_PAGE_SIZE),
            after: None,
            before: None,
        }
    }
}

/// The sort of a keyset-paged list: an SQL expression, the type its text
/// cursor is cast back to, and whether it descends.
#[derive(Clone, Copy, Debug)]
pub struct SortKey {
    pub expr: &'static str,
    pub sql_type: &'static str,
    pub descending: bool,
}

/// One page of rows with the flags Relay needs.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

/// A row read with its sort key as text.
#[derive(Debug, sqlx::FromRow)]
pub struct Keyed<T> {
    #[sqlx(flatten)]
    pub row: T,
    pub sort_key: String,
}

/// Appends the keyset bounds (as `AND ...`), the order and the limit to a
/// query that selects `<sort expr>::text AS sort_key` and has a WHERE clause.
pub fn push_keyset(
    qb: &mut QueryBuilder<Postgres>,
    id_col: &str,
    sort: SortKey,
    req: &PageRequest,
) {
    let push_bound = |qb: &mut QueryBuilder<Postgres>, c: &Cursor, greater: bool| {
        let op = if greater != sort.descending { ">" } else { "<" };
        qb.push(format_args!(" AND ({}, {}) {} (", sort.expr, id_col, op));
        qb.push_bind(c.key.clone());
        qb.push(format_args!("::{}, ", sort.sql_type));
        qb.push_bind(c.id);
        qb.push(")");
    };
    if let Some(c) = &req.after {
        push_bound(qb, c, true);
    }
    if let Some(c) = &req.before {
        push_bound(qb, c, false);
    }
    let ascending = (req.direction == Direction::Forward) != sort.descending;
    let dir = if ascending { "ASC" } else { "DESC" };
    qb.push(format_args!(
        " ORDER BY {} {dir}, {} {dir} LIMIT ",
        sort.expr, id_col
    ));
    qb.push_bind((req.limit + 1) as i64);
}

/// Turns the `limit + 1` rows read by [`push_keyset`] into a page.
pub fn into_page<T>(
    mut rows: Vec<Keyed<T>>,
    id: impl Fn(&T) -> Uuid,
    req: &PageRequest,
) -> Page<T> {
    let more = rows.len() > req.limit;
    rows.truncate(req.limit);
    if req.direction == Direction::Backward {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|k| {
            (
                Cursor {
                    key: k.sort_key,
                    id: id(&k.row),
                },
                k.row,
            )
        })
        .collect();
    let (has_previous_page, has_next_page) = match req.direction {
        Direction::Forward => (req.after.is_some(), more),
        Direction::Backward => (more, req.before.is_some()),
    };
    Page {
        items,
        has_previous_page,
        has_next_page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let c = Cursor {
            key: "王 五".into(),
            id: Uuid::now_v7(),
        };
        assert_eq!(Cursor::decode("after", &c.encode()).unwrap(), c);
    }

    #[test]
    fn garbage_cursor_is_a_validation_error() {
        let e = Cursor::decode("after", "!!nope").unwrap_err();
        assert!(matches!(e, DomainError::Validation { field, .. } if field == "after"));
    }

    #[test]
    fn page_size_is_capped_and_exclusive() {
        assert!(PageRequest::new(Some(201), None, None, None).is_err());
        assert!(PageRequest::new(Some(-1), None, None, None).is_err());
        assert!(PageRequest::new(Some(1), None, Some(1), None).is_err());
        assert_eq!(
            PageRequest::new(None, None, None, None).unwrap().limit,
            DEFAULT_PAGE_SIZE
        );
        assert_eq!(
            PageRequest::new(None, None, Some(200), None)
                .unwrap()
                .direction,
            Direction::Backward
        );
    }
}
