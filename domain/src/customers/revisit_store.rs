//! CUS-6 stores: a customer's revisit status, the overdue list (dashboard,
//! worker AUTO-2) and the compliance figure of a unit subtree.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::interactions::{CustomerHead, InteractionKind, customer_head};
use super::push_customer_scope;
use super::revisit::{
    self, Compliance, RevisitClass, RevisitPolicy, days_overdue, next_revisit_due, start_of_day,
};
use super::settings;
use crate::error::{DomainError, DomainResult};
use crate::org::{Access, Actor, Resource, Scope};
use crate::page::{self, Keyed, Page, PageRequest, SortKey};

pub async fn policy(pool: &PgPool) -> DomainResult<RevisitPolicy> {
    settings::get(pool, revisit::SETTING).await
}

/// Where a customer stands with CUS-6.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RevisitStatus {
    pub customer_id: Uuid,
    pub name: String,
    pub owner_id: Option<Uuid>,
    pub last_qualifying_at: Option<DateTime<Utc>>,
    pub interval_days: i64,
    pub next_due: NaiveDate,
    pub days_overdue: i64,
}

pub fn status_of(c: &CustomerHead, policy: &RevisitPolicy, today: NaiveDate) -> RevisitStatus {
    let class = c.revisit_class();
    let last = if class.face_to_face() {
        c.last_face_to_face_at
    } else {
        c.last_revisit_at
    };
    let interval = class.interval(policy);
    let next_due = next_revisit_due(last, c.created_at, interval);
    RevisitStatus {
        customer_id: c.id,
        name: c.name.clone(),
        owner_id: c.owner_id,
        last_qualifying_at: last,
        interval_days: interval,
        next_due,
        days_overdue: days_overdue(next_due, today),
    }
}

/// CUS-6 status of a customer within read scope (else NOT_FOUND).
pub async fn revisit_status(
    pool: &PgPool,
    actor: &Actor,
    customer: Uuid,
    today: NaiveDate,
) -> DomainResult<RevisitStatus> {
    let c = customer_head(pool, actor, customer, Access::Read)
        .await?
        .ok_or(DomainError::NotFound)?;
    Ok(status_of(&c, &policy(pool).await?, today))
}

/// The instant a customer of `class` (aliased `c`) counts its next revisit
/// from, as SQL: an expression of `customers_revisit_due_idx` or
/// `customers_revisit_f2f_due_idx`.
pub(crate) fn anchor(class: RevisitClass) -> &'static str {
    if class.face_to_face() {
        "coalesce(c.last_face_to_face_at, c.created_at)"
    } else {
        "coalesce(c.last_revisit_at, c.created_at)"
    }
}

/// Every revisit class with its interval.
pub(crate) fn combos(policy: &RevisitPolicy) -> Vec<(RevisitClass, i64)> {
    RevisitClass::all()
        .map(|class| (class, class.interval(policy)))
        .collect()
}

/// The SQL condition that the customer `c` is of `class`. Literals, not
/// binds (the values come from enums): a generic plan can then still prove
/// the partial indexes' predicates.
pub(crate) fn class_predicate(class: RevisitClass) -> String {
    format!(
        "c.grade = '{}' AND c.tier = '{}' AND {}c.key_account",
        class.grade.as_str(),
        class.tier.as_str(),
        if class.key_account { "" } else { "NOT " }
    )
}

/// The next-due date of the customer `c` as one SQL expression (a branch per
/// (grade, tier); NULL-free, so it can be a keyset sort key). Shared by
/// [`overdue_revisits`] and the `customers` list (filter and order).
pub fn push_next_due(qb: &mut QueryBuilder<Postgres>, policy: &RevisitPolicy) {
    qb.push("CASE");
    for (class, n) in combos(policy) {
        qb.push(format_args!(
            " WHEN {} THEN ({} AT TIME ZONE '{}')::date + ",
            class_predicate(class),
            anchor(class),
            revisit::COMPANY_TZ.name()
        ));
        qb.push_bind(n as i32);
    }
    qb.push(" ELSE 'infinity'::date END");
}

/// ` AND` the customer `c` is owned and its next revisit is due before
/// `as_of`: one OR-branch per revisit class, each a range on
/// `customers_revisit_due_idx` / `customers_revisit_f2f_due_idx`.
pub fn push_overdue(qb: &mut QueryBuilder<Postgres>, policy: &RevisitPolicy, as_of: NaiveDate) {
    qb.push(" AND c.owner_id IS NOT NULL AND (FALSE");
    for (class, n) in combos(policy) {
        let cutoff = as_of.checked_sub_days(Days::new(n as u64)).unwrap_or(as_of);
        qb.push(format_args!(
            " OR ({} AND {} < ",
            class_predicate(class),
            anchor(class)
        ))
        .push_bind(start_of_day(cutoff))
        .push(")");
    }
    qb.push(")");
}

/// Owned customers within read scope whose next revisit is due before
/// `as_of`, earliest due first. One branch per (grade, tier), each a range
/// on an index of migration 20261122000004.
pub async fn overdue_revisits(
    pool: &PgPool,
    actor: &Actor,
    as_of: NaiveDate,
    req: &PageRequest,
) -> DomainResult<Page<RevisitStatus>> {
    let policy = policy(pool).await?;
    let mut qb = QueryBuilder::new(
        "SELECT c.*, c.next_due::text AS sort_key FROM (SELECT c.id AS customer_id, c.name, c.owner_id, ",
    );
    push_next_due(&mut qb, &policy);
    qb.push(" AS next_due, CASE");
    for (class, n) in combos(&policy) {
        qb.push(format_args!(" WHEN {} THEN ", class_predicate(class)))
            .push_bind(n);
    }
    qb.push(
        " END AS interval_days, CASE WHEN c.grade = 'STRATEGIC' OR c.key_account \
         THEN c.last_face_to_face_at ELSE c.last_revisit_at END AS last_qualifying_at",
    );
    qb.push(", 0::int8 AS days_overdue FROM customers c WHERE TRUE");
    push_customer_scope(&mut qb, actor, Access::Read);
    push_overdue(&mut qb, &policy, as_of);
    qb.push(") c WHERE TRUE");
    let sort = SortKey {
        expr: "c.next_due",
        sql_type: "date",
        descending: false,
    };
    page::push_keyset(&mut qb, "c.customer_id", sort, req);
    let rows: Vec<Keyed<RevisitStatus>> = qb.build_query_as().fetch_all(pool).await?;
    let mut page = page::into_page(rows, |r| r.customer_id, req);
    for (_, r) in &mut page.items {
        r.days_overdue = days_overdue(r.next_due, as_of);
    }
    Ok(page)
}

/// CUS-6 status of each of `ids` (the caller has loaded them within scope):
/// one statement for the customers, one for the policy.
pub async fn statuses_of(
    pool: &PgPool,
    ids: &[Uuid],
    today: NaiveDate,
) -> DomainResult<Vec<RevisitStatus>> {
    let heads: Vec<CustomerHead> = sqlx::query_as(
        "SELECT c.id, c.name, c.grade, c.tier, c.key_account, c.owner_id, c.owner_unit_id, c.created_at, \
         c.last_revisit_at, c.last_face_to_face_at FROM customers c WHERE c.id = ANY($1)",
    )
    .bind(ids.to_vec())
    .fetch_all(pool)
    .await?;
    let policy = policy(pool).await?;
    Ok(heads.iter().map(|c| status_of(c, &policy, today)).collect())
}

/// ORG-3 for figures over a unit subtree: the whole subtree must be within
/// the caller's customer read scope, else NOT_FOUND.
pub async fn require_unit_in_scope(pool: &PgPool, actor: &Actor, unit: Uuid) -> DomainResult<()> {
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1)")
        .bind(unit)
        .fetch_one(pool)
        .await?;
    let scope = Scope::of(actor, Resource::Customer, Access::Read);
    if !exists || !(scope.is_everything() || scope.units.contains(&unit)) {
        return Err(DomainError::NotFound);
    }
    Ok(())
}

/// CUS-6 compliance of a unit subtree over `[from, to]`.
#[derive(Clone, Debug)]
pub struct ComplianceFigure {
    pub due: i64,
    pub done: i64,
    /// done / due, 4 places; `None` when nothing was due.
    pub ratio: Option<Decimal>,
}

pub async fn revisit_compliance(
    pool: &PgPool,
    actor: &Actor,
    unit: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> DomainResult<ComplianceFigure> {
    if from > to {
        return Err(DomainError::validation("to", "must not be before from"));
    }
    require_unit_in_scope(pool, actor, unit).await?;
    let policy = policy(pool).await?;
    let customers: Vec<(Uuid, String, String, bool, DateTime<Utc>)> = sqlx::query_as(
        "SELECT c.id, c.grade, c.tier, c.key_account, c.created_at FROM customers c
         WHERE c.owner_unit_id IN (SELECT unit_subtree($1))",
    )
    .bind(unit)
    .fetch_all(pool)
    .await?;
    let end = start_of_day(to.checked_add_days(Days::new(1)).unwrap_or(to));
    let rows: Vec<(Uuid, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT i.customer_id, i.kind, i.occurred_at FROM interactions i JOIN customers c ON c.id = i.customer_id
         WHERE c.owner_unit_id IN (SELECT unit_subtree($1)) AND i.kind <> 'OTHER' AND i.occurred_at < $2",
    )
    .bind(unit)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let classes: HashMap<Uuid, RevisitClass> = customers
        .iter()
        .map(|c| (c.0, RevisitClass::parse(&c.1, &c.2, c.3)))
        .collect();
    let mut visits: HashMap<Uuid, Vec<NaiveDate>> = HashMap::new();
    for (customer, kind, at) in rows {
        let Ok(kind) = kind.parse::<InteractionKind>() else {
            continue;
        };
        if classes.get(&customer).is_some_and(|c| c.qualifies(kind)) {
            visits
                .entry(customer)
                .or_default()
                .push(revisit::company_date(at));
        }
    }
    let mut total = Compliance::default();
    for (id, grade, tier, key_account, created) in &customers {
        let n = RevisitClass::parse(grade, tier, *key_account).interval(&policy);
        let c = revisit::compliance(
            revisit::company_date(*created),
            visits.get(id).map_or(&[][..], Vec::as_slice),
            n,
            from,
            to,
            today,
        );
        total.due += c.due;
        total.done += c.done;
    }
    let ratio = crate::money::ratio(Decimal::from(total.done), Decimal::from(total.due));
    Ok(ComplianceFigure {
        due: total.due,
        done: total.done,
        ratio,
    })
}
