//! The dunning notifications (AUTO-3, AUTO-6; REC-6 "a customer receives
//! one notice per level per day listing every item at that level; internal
//! recipients receive one daily digest each"):
//!
//! | kind | to | key |
//! |---|---|---|
//! | `dunning_notice` | the customer's billing contacts (email, their language) | `dunning:{customer}:L{n}:{day}:contact:{contact}` |
//! | `dunning_digest` | each person the levels name (email + in-app twin) | `dunning_digest:{day}:{user}` |
//!
//! A later run on a day whose notice or digest is in the outbox already (a
//! forced run, a run after a pause was lifted) adds `:{run}` to the key:
//! what it found new goes out in a notice and a digest of its own.
//!
//! A step records the keys of the notifications it goes into. A notice is
//! enqueued in the customer's transaction and lists the items that reached
//! the level ([`notice_key`]); its payload is re-read at send time
//! ([`refresh_payload`]): items paid or paused since are dropped, amounts
//! are as of sending, and a notice with no item left is cancelled
//! ([`cancel_reason`]). A digest is made at the end of the run from the
//! steps that name it ([`enqueue_digests`]), so it lists every item of the
//! run; a run that died before that is completed by the next one (steps of
//! the last [`DIGEST_CATCH_UP_DAYS`] days whose digest is not in the
//! outbox). `dunning_alert` (one email per item and person) is no longer
//! created; rows of it recorded before the upgrade still send.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::error::DomainResult;
use crate::notify::{NewNotification, Notice, NoticeKind, Notification, enqueue_many};

/// How far back a run completes digests a dead run left unmade.
pub const DIGEST_CATCH_UP_DAYS: i64 = 7;

/// `dunning_notice`: REC-6, a customer's notice of a level to a billing
/// contact. Amounts are texts with 2 places ([`money`]); the first of
/// `level_items` is repeated in the single-item fields. Its figures are
/// re-read at send time ([`refresh_payload`]).
#[derive(Clone, Debug, Serialize)]
pub struct DunningNotice {
    pub recipient_name: String,
    /// BILLING_CONTACT.
    pub recipient_role: &'static str,
    pub customer_id: Uuid,
    pub customer_name: String,
    pub item_id: Uuid,
    /// Every item of `level_items`, for the send-time re-check.
    pub item_ids: Vec<Uuid>,
    pub item_label: String,
    pub due_date: NaiveDate,
    pub item_amount: String,
    pub open_amount: String,
    pub paid_amount: String,
    pub days_overdue: i32,
    pub level: i16,
    /// The level's days after the due date.
    pub level_days: Option<i32>,
    /// Whether it is the last level.
    pub final_level: bool,
    /// The items that reached the level, oldest due first.
    pub level_items: Vec<LevelItem>,
    pub level_open: String,
    /// All the customer's overdue items.
    pub items: Vec<OverdueItem>,
    pub total_open: String,
    pub currency: &'static str,
    pub owner_name: Option<String>,
}

impl Notice for DunningNotice {
    const KIND: NoticeKind = NoticeKind::DunningNotice;
}

/// One item of a [`DunningNotice`] that reached its level.
#[derive(Clone, Debug, Serialize)]
pub struct LevelItem {
    pub item_id: Uuid,
    pub label: String,
    pub due_date: NaiveDate,
    pub amount: String,
    pub paid: String,
    pub open: String,
    pub days_overdue: i32,
}

/// One overdue item of the customer in a [`DunningNotice`].
#[derive(Clone, Debug, Serialize)]
pub struct OverdueItem {
    pub label: String,
    pub due_date: NaiveDate,
    pub amount: String,
    pub open: String,
    pub days_overdue: i32,
}

/// `dunning_digest`: REC-6, a person's daily digest of the items that
/// crossed a dunning level. Its open amounts are re-read at send time.
#[derive(Clone, Debug, Serialize)]
pub struct DunningDigest {
    pub recipient_name: String,
    pub day: NaiveDate,
    /// Highest level first.
    pub lines: Vec<DigestLine>,
    pub line_count: usize,
    pub customer_count: usize,
    pub total_open: String,
    pub currency: &'static str,
}

impl Notice for DunningDigest {
    const KIND: NoticeKind = NoticeKind::DunningDigest;
}

/// One item of a [`DunningDigest`].
#[derive(Clone, Debug, Serialize)]
pub struct DigestLine {
    pub customer_id: Uuid,
    pub item_id: Uuid,
    pub level: i16,
    pub customer_name: String,
    pub item_label: String,
    pub due_date: NaiveDate,
    pub days_overdue: i32,
    pub open: String,
    pub owner_name: Option<String>,
    /// The customer is on credit hold.
    pub credit_hold: bool,
    /// The item has a bad-debt risk signal.
    pub high_risk: bool,
}

/// The key of a customer's notice of `level` on `day` to one contact.
pub fn notice_key(customer: Uuid, level: i16, day: NaiveDate, contact: Uuid) -> String {
    format!("dunning:{customer}:L{level}:{day}:contact:{contact}")
}

/// The key of a person's digest of `day`.
pub fn digest_key(day: NaiveDate, user: Uuid) -> String {
    format!("{}:{day}:{user}", NoticeKind::DunningDigest)
}

/// `key`, or `key:{run}` when the outbox holds `key` already: the later run
/// of a day gets a notification of its own instead of joining one that may
/// be sent.
pub(crate) fn fresh_key(
    key: String,
    existing: &std::collections::HashSet<String>,
    run: Uuid,
) -> String {
    if existing.contains(&key) {
        format!("{key}:{run}")
    } else {
        key
    }
}

/// Which of `keys` the outbox holds.
pub(crate) async fn existing_keys(
    conn: &mut PgConnection,
    keys: &[String],
) -> DomainResult<std::collections::HashSet<String>> {
    let found: Vec<String> =
        sqlx::query_scalar("SELECT dedup_key FROM notifications WHERE dedup_key = ANY($1)")
            .bind(keys)
            .fetch_all(conn)
            .await?;
    Ok(found.into_iter().collect())
}

/// The day and the user a digest key names.
fn digest_parts(key: &str) -> Option<(NaiveDate, Uuid)> {
    let mut parts = key
        .strip_prefix(NoticeKind::DunningDigest.as_str())?
        .strip_prefix(':')?
        .splitn(3, ':');
    let day = parts.next()?.parse().ok()?;
    let user = parts.next()?.parse().ok()?;
    Some((day, user))
}

#[derive(sqlx::FromRow)]
struct DigestRow {
    key: String,
    customer_id: Uuid,
    item_id: Uuid,
    level: i16,
    days_overdue: i32,
    customer_name: String,
    item_label: String,
    due_date: NaiveDate,
    open: Decimal,
    owner_name: Option<String>,
    credit_hold: bool,
    high_risk: bool,
}

#[derive(sqlx::FromRow)]
struct DigestPerson {
    display_name: String,
    locale: String,
}

/// Makes the digests that steps of the last [`DIGEST_CATCH_UP_DAYS`] days
/// name and the outbox does not hold yet: one per key (email + in-app
/// twin), listing the steps that name it, highest level first, with the
/// items' open amounts now. Returns the notifications recorded.
pub(crate) async fn enqueue_digests(
    pool: &PgPool,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    at: chrono::DateTime<chrono::Utc>,
) -> DomainResult<u64> {
    let rows: Vec<DigestRow> = sqlx::query_as(
        "SELECT k AS key, ds.customer_id, ds.item_id, ds.level, ds.days_overdue, cu.name AS customer_name,
                ri.label AS item_label, ri.due_date, ri.open_amount AS open,
                ou.display_name AS owner_name, cu.credit_hold_since IS NOT NULL AS credit_hold,
                EXISTS (SELECT 1 FROM risk_signals rs WHERE rs.item_id = ds.item_id) AS high_risk
           FROM dunning_steps ds
          CROSS JOIN LATERAL unnest(ds.notification_keys) k
           JOIN receivable_items ri ON ri.id = ds.item_id
           JOIN customers cu ON cu.id = ds.customer_id
           LEFT JOIN users ou ON ou.id = ri.owner_id
          WHERE ds.reached_on >= $1 AND k LIKE 'dunning\\_digest:%'
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedup_key = k)
          ORDER BY k, ds.level DESC, cu.name, ri.due_date, ri.id",
    )
    .bind(today - chrono::Duration::days(DIGEST_CATCH_UP_DAYS))
    .fetch_all(pool)
    .await?;
    let mut out = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(first) = rows.next() {
        let mut group = vec![first];
        while rows.peek().is_some_and(|r| r.key == group[0].key) {
            group.extend(rows.next());
        }
        let key = group[0].key.clone();
        let Some((day, user)) = digest_parts(&key) else {
            continue;
        };
        let Some(person) = sqlx::query_as::<_, DigestPerson>(
            "SELECT display_name, locale FROM users WHERE id = $1 AND active",
        )
        .bind(user)
        .fetch_optional(pool)
        .await?
        else {
            continue;
        };
        let customers: std::collections::HashSet<&str> =
            group.iter().map(|r| r.customer_name.as_str()).collect();
        let total: Decimal = group.iter().map(|r| r.open).sum();
        let lines: Vec<DigestLine> = group
            .iter()
            .map(|r| DigestLine {
                customer_id: r.customer_id,
                item_id: r.item_id,
                level: r.level,
                customer_name: r.customer_name.clone(),
                item_label: r.item_label.clone(),
                due_date: r.due_date,
                days_overdue: r.days_overdue,
                open: money(r.open),
                owner_name: r.owner_name.clone(),
                credit_hold: r.credit_hold,
                high_risk: r.high_risk,
            })
            .collect();
        let digest = DunningDigest {
            recipient_name: person.display_name,
            day,
            lines,
            line_count: group.len(),
            customer_count: customers.len(),
            total_open: money(total),
            currency: "CNY",
        };
        out.extend(NewNotification::to_user(
            key,
            &digest,
            user,
            &person.locale,
            at,
        ));
    }
    if out.is_empty() {
        return Ok(0);
    }
    let mut conn = pool.acquire().await?;
    enqueue_many(&mut conn, &out, now).await
}

/// One overdue item of a customer as shown in the emails.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct OverdueLine {
    pub item_id: Uuid,
    pub label: String,
    pub due_date: NaiveDate,
    pub amount: Decimal,
    pub open: Decimal,
    pub days_overdue: i32,
}

/// The customer's items with an open amount whose due date is before
/// `today`, oldest due first.
pub(crate) async fn overdue_lines(
    conn: &mut PgConnection,
    customer: Uuid,
    today: NaiveDate,
) -> DomainResult<Vec<OverdueLine>> {
    Ok(sqlx::query_as(
        "SELECT ri.id AS item_id, ri.label, ri.due_date, ri.amount, ri.open_amount AS open,
                ($2::date - ri.due_date) AS days_overdue
           FROM receivable_items ri
          WHERE ri.customer_id = $1 AND ri.due_date < $2 AND ri.open_amount > 0
          ORDER BY ri.due_date, ri.id",
    )
    .bind(customer)
    .bind(today)
    .fetch_all(conn)
    .await?)
}

/// The overdue list and its total as payload fields.
pub(crate) fn list_fields(lines: &[OverdueLine]) -> (Vec<OverdueItem>, String) {
    let items = lines
        .iter()
        .map(|l| OverdueItem {
            label: l.label.clone(),
            due_date: l.due_date,
            amount: money(l.amount),
            open: money(l.open),
            days_overdue: l.days_overdue,
        })
        .collect();
    let total: Decimal = lines.iter().map(|l| l.open).sum();
    (items, money(total))
}

/// An amount with exactly 2 decimal places.
pub(crate) fn money(v: Decimal) -> String {
    let mut v = v.round_dp(2);
    v.rescale(2);
    v.to_string()
}

/// Why the item is paused on `today`, if it is: a promise to pay not
/// cancelled whose date is today or later (on the item, or customer-wide),
/// or an open dispute on the item.
pub(crate) async fn pause_of(
    conn: &mut PgConnection,
    customer: Uuid,
    item: Uuid,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let promised: Option<NaiveDate> = sqlx::query_scalar(
        "SELECT max(promised_date) FROM promises_to_pay
          WHERE customer_id = $1 AND (item_id IS NULL OR item_id = $2)
            AND cancelled_at IS NULL AND promised_date >= $3",
    )
    .bind(customer)
    .bind(item)
    .bind(today)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(d) = promised {
        return Ok(Some(format!("paused by a promise to pay by {d}")));
    }
    let disputed: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM payment_disputes WHERE item_id = $1 AND closed_at IS NULL)",
    )
    .bind(item)
    .fetch_one(&mut *conn)
    .await?;
    Ok(disputed.then(|| "paused by an open payment dispute".to_owned()))
}

fn payload_ids(p: &Value) -> Option<(Uuid, Vec<Uuid>)> {
    let customer = p.get("customer_id")?.as_str()?.parse::<Uuid>().ok()?;
    let items = match p.get("item_ids").and_then(Value::as_array) {
        Some(list) => list
            .iter()
            .filter_map(|v| v.as_str()?.parse::<Uuid>().ok())
            .collect(),
        None => vec![p.get("item_id")?.as_str()?.parse::<Uuid>().ok()?],
    };
    Some((customer, items))
}

async fn open_of(conn: &mut PgConnection, item: Uuid) -> DomainResult<Decimal> {
    Ok(
        sqlx::query_scalar(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE item_id = $1",
        )
        .bind(item)
        .fetch_one(conn)
        .await?,
    )
}

/// The listed items still to dun on `today` with their open amounts, and
/// why the others are not (the last reason seen).
async fn still_due(
    conn: &mut PgConnection,
    customer: Uuid,
    items: &[Uuid],
    today: NaiveDate,
) -> DomainResult<(Vec<(Uuid, Decimal)>, Option<String>)> {
    let mut left = Vec::new();
    let mut why = None;
    for &item in items {
        let open = open_of(conn, item).await?;
        if open <= Decimal::ZERO {
            why = Some("paid".to_owned());
            continue;
        }
        if let Some(p) = pause_of(conn, customer, item, today).await? {
            why = Some(p);
            continue;
        }
        left.push((item, open));
    }
    Ok((left, why))
}

/// AUTO-6 re-check of a dunning notification at send time: cancelled when
/// every item it lists is paid (open amount ≤ 0: "paid") or paused (a
/// promise to pay or an open dispute). REC-7: paid in full ends dunning.
/// A digest is cancelled when every item it lists is, likewise.
pub async fn cancel_reason(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<String>> {
    let mut conn = pool.acquire().await?;
    if n.kind == NoticeKind::DunningDigest {
        let mut why = None;
        for (customer, item) in digest_items(&n.payload) {
            let (left, reason) = still_due(&mut conn, customer, &[item], today).await?;
            if !left.is_empty() {
                return Ok(None);
            }
            why = reason;
        }
        return Ok(why);
    }
    let Some((customer, items)) = payload_ids(&n.payload) else {
        return Ok(None);
    };
    let (left, why) = still_due(&mut conn, customer, &items, today).await?;
    Ok(if left.is_empty() { why } else { None })
}

/// The payload of a dunning notification re-read at send time (`None` for
/// other kinds and for digests): the items still due with their open and
/// paid amounts and days overdue (a notice drops items paid or paused
/// since), and the customer's overdue items as of `today`, so a partly
/// paid item's email states what remains.
pub async fn refresh_payload(
    pool: &PgPool,
    n: &Notification,
    today: NaiveDate,
) -> DomainResult<Option<Value>> {
    match n.kind {
        NoticeKind::DunningNotice | NoticeKind::DunningAlert => {}
        NoticeKind::DunningDigest => return refresh_digest(pool, n).await,
        _ => return Ok(None),
    }
    let Some((customer, items)) = payload_ids(&n.payload) else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    let (left, _) = still_due(&mut conn, customer, &items, today).await?;
    let lines = overdue_lines(&mut conn, customer, today).await?;
    let (all, total) = list_fields(&lines);
    let mut p = n.payload.clone();
    let Some(obj) = p.as_object_mut() else {
        return Ok(None);
    };
    let Some(&(_, open)) = left.first() else {
        return Ok(None);
    };
    if let Some(listed) = obj.get("level_items").and_then(Value::as_array).cloned() {
        let mut kept = Vec::new();
        let mut level_open = Decimal::ZERO;
        for mut entry in listed {
            let id = entry
                .get("item_id")
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<Uuid>().ok());
            let Some(&(_, now_open)) = left.iter().find(|(i, _)| Some(*i) == id) else {
                continue;
            };
            refresh_line(&mut entry, now_open, today);
            level_open += now_open;
            kept.push(entry);
        }
        if let Some(head) = kept.first() {
            for (to, from) in [
                ("item_id", "item_id"),
                ("item_label", "label"),
                ("due_date", "due_date"),
                ("item_amount", "amount"),
            ] {
                if let Some(v) = head.get(from) {
                    obj.insert(to.into(), v.clone());
                }
            }
        }
        obj.insert("level_items".into(), Value::Array(kept));
        obj.insert("level_open".into(), money(level_open).into());
        obj.insert(
            "item_ids".into(),
            json!(left.iter().map(|(i, _)| *i).collect::<Vec<_>>()),
        );
    }
    let head = obj
        .get("item_id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<Uuid>().ok());
    let open = left
        .iter()
        .find(|(i, _)| Some(*i) == head)
        .map_or(open, |(_, o)| *o);
    let amount: Decimal = obj
        .get("item_amount")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(open);
    let due: Option<NaiveDate> = obj
        .get("due_date")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    obj.insert("open_amount".into(), money(open).into());
    obj.insert("paid_amount".into(), money(amount - open).into());
    obj.insert("items".into(), json!(all));
    obj.insert("total_open".into(), total.into());
    if let Some(d) = due {
        obj.insert("days_overdue".into(), (today - d).num_days().into());
    }
    Ok(Some(p))
}

/// The (customer, item) of each line of a digest.
fn digest_items(p: &Value) -> Vec<(Uuid, Uuid)> {
    let id = |l: &Value, f: &str| l.get(f)?.as_str()?.parse::<Uuid>().ok();
    p.get("lines")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .filter_map(|l| Some((id(l, "customer_id")?, id(l, "item_id")?)))
                .collect()
        })
        .unwrap_or_default()
}

/// A digest's lines with their items' open amounts at send time, and the
/// total.
async fn refresh_digest(pool: &PgPool, n: &Notification) -> DomainResult<Option<Value>> {
    let mut p = n.payload.clone();
    let Some(lines) = p.get_mut("lines").and_then(Value::as_array_mut) else {
        return Ok(None);
    };
    let mut conn = pool.acquire().await?;
    let mut total = Decimal::ZERO;
    for line in lines.iter_mut() {
        let item = line
            .get("item_id")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Uuid>().ok());
        if let (Some(item), Some(obj)) = (item, line.as_object_mut()) {
            let open = open_of(&mut conn, item).await?.max(Decimal::ZERO);
            obj.insert("open".into(), money(open).into());
            total += open;
        }
    }
    p["total_open"] = money(total).into();
    Ok(Some(p))
}

/// One `level_items` entry with its amounts and days as of `today`.
fn refresh_line(entry: &mut Value, open: Decimal, today: NaiveDate) {
    let Some(e) = entry.as_object_mut() else {
        return;
    };
    let amount: Decimal = e
        .get("amount")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(open);
    e.insert("open".into(), money(open).into());
    e.insert("paid".into(), money(amount - open).into());
    if let Some(d) = e
        .get("due_date")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<NaiveDate>().ok())
    {
        e.insert("days_overdue".into(), (today - d).num_days().into());
    }
}
