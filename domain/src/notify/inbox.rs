//! AUTO-6: the in-app inbox of a user.
//!
//! Every email notification to a user has an in-app twin (channel `INBOX`,
//! key `{email key}:inbox`), recorded as `SENT` with `sent_at` = the moment
//! it becomes visible (a reminder recorded now for 09:00 shows at 09:00); a
//! twin whose cause went away is `CANCELLED`, hence hidden. So a user's inbox
//! is their `INBOX` rows that are `SENT` with `sent_at <= now`, listed
//! **unread first, then newest first**, and `read_at` marks one read.
//!
//! Paging is a keyset on `(read_at IS NULL, sent_at, id)`, all descending,
//! served by `notifications_inbox_order_idx`. The shared
//! [`crate::page::push_keyset`] takes one sort expression, so this list
//! builds its own row comparison; the cursor's key is `"{unread}|{sent_at}"`.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::page::{self, Cursor, Direction, Keyed, Page, PageRequest};

/// One notification in a user's inbox.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InboxItem {
    pub id: Uuid,
    pub dedup_key: String,
    pub kind: String,
    pub locale: String,
    pub template: String,
    pub payload: serde_json::Value,
    /// When it became visible.
    pub sent_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl InboxItem {
    /// The key of the email this row is the twin of (what the templates
    /// were rendered with), or the row's own key.
    pub fn email_key(&self) -> &str {
        self.dedup_key
            .strip_suffix(super::INBOX_SUFFIX)
            .unwrap_or(&self.dedup_key)
    }
}

const COLUMNS: &str = "n.id, n.dedup_key, n.kind, n.locale, n.template, n.payload, n.sent_at, \
                       n.read_at, n.created_at";

/// The rows of `user`'s inbox visible at `now` (the one place that says so).
fn push_visible(qb: &mut QueryBuilder<Postgres>, user: Uuid, now: DateTime<Utc>) {
    qb.push(" WHERE n.channel = 'INBOX' AND n.status = 'SENT' AND n.recipient_user_id = ");
    qb.push_bind(user);
    qb.push(" AND n.sent_at <= ");
    qb.push_bind(now);
}

/// A cursor's key: whether the row was unread, and when it was sent.
fn cursor_key(unread: bool, sent_at: DateTime<Utc>) -> String {
    format!("{}|{}", u8::from(unread), sent_at.to_rfc3339())
}

fn parse_cursor_key(field: &str, key: &str) -> DomainResult<(bool, DateTime<Utc>)> {
    let bad = || DomainError::validation(field, "not a cursor returned by this list");
    let (unread, at) = key.split_once('|').ok_or_else(bad)?;
    let unread = match unread {
        "1" => true,
        "0" => false,
        _ => return Err(bad()),
    };
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    Ok((unread, at.with_timezone(&Utc)))
}

/// AUTO-6: a page of `user`'s inbox at `now`, unread first, then newest
/// first; `unread_only` leaves out the read ones.
pub async fn list(
    pool: &PgPool,
    user: Uuid,
    unread_only: bool,
    now: DateTime<Utc>,
    req: &PageRequest,
) -> DomainResult<Page<InboxItem>> {
    let bounds = [
        (req.after.as_ref(), "after", "<"),
        (req.before.as_ref(), "before", ">"),
    ];
    let mut qb = QueryBuilder::new(format!(
        "SELECT {COLUMNS}, '' AS sort_key FROM notifications n"
    ));
    push_visible(&mut qb, user, now);
    if unread_only {
        qb.push(" AND n.read_at IS NULL");
    }
    for (cursor, field, op) in bounds {
        let Some(Cursor { key, id }) = cursor else {
            continue;
        };
        let (unread, at) = parse_cursor_key(field, key)?;
        qb.push(format_args!(
            " AND ((n.read_at IS NULL), n.sent_at, n.id) {op} ("
        ));
        qb.push_bind(unread);
        qb.push(", ");
        qb.push_bind(at);
        qb.push(", ");
        qb.push_bind(*id);
        qb.push(")");
    }
    let dir = match req.direction {
        Direction::Forward => "DESC",
        Direction::Backward => "ASC",
    };
    qb.push(format_args!(
        " ORDER BY (n.read_at IS NULL) {dir}, n.sent_at {dir}, n.id {dir} LIMIT "
    ));
    qb.push_bind((req.limit + 1) as i64);
    let rows: Vec<Keyed<InboxItem>> = qb.build_query_as().fetch_all(pool).await?;
    let rows = rows
        .into_iter()
        .map(|mut k| {
            k.sort_key = cursor_key(k.row.read_at.is_none(), k.row.sent_at);
            k
        })
        .collect();
    Ok(page::into_page(rows, |n| n.id, req))
}

/// How many of `user`'s visible inbox notifications are unread at `now`.
pub async fn unread_count(pool: &PgPool, user: Uuid, now: DateTime<Utc>) -> DomainResult<i64> {
    let mut qb = QueryBuilder::new("SELECT count(*) FROM notifications n");
    push_visible(&mut qb, user, now);
    qb.push(" AND n.read_at IS NULL");
    Ok(qb.build_query_scalar().fetch_one(pool).await?)
}

/// Marks one of `user`'s visible inbox notifications read at `now` and
/// returns it. Idempotent: a second call keeps the first `read_at`. Someone
/// else's notification, an email row, or one not yet visible is
/// [`DomainError::NotFound`], exactly like a missing id.
pub async fn mark_read(
    pool: &PgPool,
    user: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> DomainResult<InboxItem> {
    let mut qb = QueryBuilder::new("UPDATE notifications n SET read_at = COALESCE(n.read_at, ");
    qb.push_bind(now);
    qb.push(")");
    push_visible(&mut qb, user, now);
    qb.push(" AND n.id = ");
    qb.push_bind(id);
    qb.push(format_args!(" RETURNING {COLUMNS}"));
    qb.build_query_as()
        .fetch_optional(pool)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Marks every unread visible notification of `user` read at `now`.
/// Returns how many it marked.
pub async fn mark_all_read(pool: &PgPool, user: Uuid, now: DateTime<Utc>) -> DomainResult<u64> {
    let mut qb = QueryBuilder::new("UPDATE notifications n SET read_at = ");
    qb.push_bind(now);
    push_visible(&mut qb, user, now);
    qb.push(" AND n.read_at IS NULL");
    Ok(qb.build().execute(pool).await?.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto6_inbox_cursor_key_round_trips() {
        let at = DateTime::parse_from_rfc3339("2026-11-22T08:30:00.123456+00:00")
            .unwrap()
            .with_timezone(&Utc);
        for unread in [true, false] {
            let key = cursor_key(unread, at);
            assert_eq!(parse_cursor_key("after", &key).unwrap(), (unread, at));
        }
        assert!(parse_cursor_key("after", "2|2026-11-22T08:30:00Z").is_err());
        assert!(parse_cursor_key("after", "nope").is_err());
    }
}
