//! TGT-2 attainment = actual ÷ target, the actual computed from the facts
//! of the period and listed with them, so every number can be explained
//! (docs/targets.md has the definitions):
//!
//! - SIGNED_REVENUE: Σ amount of the contracts signed in the period
//!   (`signed_date`), TERMINATED ones excluded. Facts: CONTRACT.
//! - GROSS_PROFIT: Σ (amount − the accepted quote's total cost) of the same
//!   contracts; a contract without a quote has no known cost and is left
//!   out. Facts: CONTRACT.
//! - COLLECTIONS: Σ of the receipts' allocations to receivable items (the
//!   item side of RECEIPT and CREDIT_APPLIED ledger entries) dated in the
//!   period, except entries later reversed. Facts: RECEIPT.
//! - NEW_CUSTOMERS: customers whose first signed (not TERMINATED) contract
//!   was signed in the period, one each. Facts: CUSTOMER.
//!
//! Credit (who the fact counts for): the fact's owner — the contract's, or
//! the receivable item's — and the owner's unit at the time (the unit kept
//! on the record). CUS-3: when a dispute decided the customer's
//! performance-credit shares on or before the fact's day, the money facts
//! are split by the latest such decision instead (each share rounded to the
//! cent, the rounding remainder to the largest share); a share holder other
//! than the fact's owner counts in their current unit. New customers are not
//! split: a customer is one customer, for the owner of the winning contract.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use super::store::{can_read, find};
use super::tree::OrgTree;
use super::{Metric, Period, TargetScope, rate};
use crate::clock::company_date;
use crate::error::{DomainError, DomainResult};
use crate::org::Actor;

/// A fact behind an actual: what it is, its id, the day it counts on and
/// the amount it credits to the scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// CONTRACT, RECEIPT or CUSTOMER.
    pub kind: &'static str,
    pub id: Uuid,
    pub date: NaiveDate,
    pub amount: Decimal,
}

/// `attainment(...)`.
#[derive(Clone, Debug, Serialize)]
pub struct Attainment {
    pub scope: TargetScope,
    pub period: Period,
    pub metric: Metric,
    pub actual: Decimal,
    /// The target's amount; None when no target is set.
    pub target: Option<Decimal>,
    pub target_id: Option<Uuid>,
    /// actual ÷ target (4 places); None when the target is missing or 0.
    pub rate: Option<Decimal>,
    /// Ordered by date, kind, id.
    pub facts: Vec<Fact>,
}

/// A fact before crediting, as read from the database.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RawFact {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
}

/// One performance-credit share decided for a customer (CUS-3).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ShareRow {
    pub customer_id: Uuid,
    pub dispute_id: Uuid,
    pub valid_from: DateTime<Utc>,
    pub user_id: Uuid,
    /// Percent, summing to 100 per dispute.
    pub share: Decimal,
    /// The holder's current unit.
    pub unit_id: Uuid,
}

/// Part of a fact credited to a person in a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credit {
    pub user_id: Uuid,
    pub unit_id: Uuid,
    pub amount: Decimal,
}

/// The shares in force for a fact: those of the latest decision on the
/// customer whose day (company calendar) is on or before the fact's day.
pub fn shares_for<'a>(fact: &RawFact, shares: &'a [ShareRow]) -> Vec<&'a ShareRow> {
    let latest = shares
        .iter()
        .filter(|s| s.customer_id == fact.customer_id && company_date(s.valid_from) <= fact.date)
        .max_by_key(|s| (s.valid_from, s.dispute_id))
        .map(|s| s.dispute_id);
    let mut v: Vec<&ShareRow> = shares
        .iter()
        .filter(|s| Some(s.dispute_id) == latest)
        .collect();
    v.sort_by(|a, b| b.share.cmp(&a.share).then(a.user_id.cmp(&b.user_id)));
    v
}

/// CUS-3 crediting of a money fact: to its owner in the owner's unit, or
/// split by the shares in force (each rounded to the cent, the remainder to
/// the largest share, so the parts add up to the amount exactly).
pub fn credit(fact: &RawFact, shares: &[ShareRow]) -> Vec<Credit> {
    let in_force = shares_for(fact, shares);
    if in_force.is_empty() {
        return vec![Credit {
            user_id: fact.owner_id,
            unit_id: fact.owner_unit_id,
            amount: fact.amount,
        }];
    }
    let hundred = Decimal::from(100);
    let mut credits: Vec<Credit> = in_force
        .iter()
        .map(|s| Credit {
            user_id: s.user_id,
            unit_id: if s.user_id == fact.owner_id {
                fact.owner_unit_id
            } else {
                s.unit_id
            },
            amount: (fact.amount * s.share / hundred)
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        })
        .collect();
    let rest = fact.amount - credits.iter().map(|c| c.amount).sum::<Decimal>();
    credits[0].amount += rest;
    credits
}

/// Whether a credit counts for the scope.
fn in_scope(tree: &OrgTree, scope: TargetScope, c: &Credit) -> bool {
    match scope {
        TargetScope::Company => true,
        TargetScope::Unit(u) => tree.is_within(c.unit_id, u),
        TargetScope::User(p) => c.user_id == p,
    }
}

/// The facts of a metric credited to a scope, per fact (plain function
/// over facts read from the database). `split`: apply CUS-3 shares.
pub fn credited_facts(
    tree: &OrgTree,
    scope: TargetScope,
    kind: &'static str,
    facts: &[RawFact],
    shares: &[ShareRow],
    split: bool,
) -> Vec<Fact> {
    // A receipt is allocated in several entries: one fact per receipt.
    let mut by_fact: BTreeMap<(NaiveDate, Uuid), Decimal> = BTreeMap::new();
    for f in facts {
        let credits = if split {
            credit(f, shares)
        } else {
            credit(f, &[])
        };
        let mine: Decimal = credits
            .iter()
            .filter(|c| in_scope(tree, scope, c))
            .map(|c| c.amount)
            .sum();
        let counted = credits.iter().any(|c| in_scope(tree, scope, c));
        if counted {
            *by_fact.entry((f.date, f.id)).or_default() += mine;
        }
    }
    by_fact
        .into_iter()
        .map(|((date, id), amount)| Fact {
            kind,
            id,
            date,
            amount,
        })
        .collect()
}

/// The SQL of the facts of a metric in [`{from}`, `{to}`], as rows of
/// [`RawFact`].
pub(crate) fn facts_sql(metric: Metric) -> &'static str {
    match metric {
        Metric::SignedRevenue => {
            "SELECT c.id, c.customer_id, c.signed_date AS date, c.amount, c.owner_id, c.owner_unit_id
               FROM contracts c
              WHERE c.signed_date BETWEEN {from} AND {to} AND c.status <> 'TERMINATED'"
        }
        Metric::GrossProfit => {
            "SELECT c.id, c.customer_id, c.signed_date AS date, c.amount - q.total_cost AS amount,
                    c.owner_id, c.owner_unit_id
               FROM contracts c JOIN quotes q ON q.id = c.quote_id
              WHERE c.signed_date BETWEEN {from} AND {to} AND c.status <> 'TERMINATED'"
        }
        Metric::Collections => {
            "SELECT le.receipt_id AS id, ri.customer_id, le.entry_date AS date, -le.amount AS amount,
                    ri.owner_id, ri.owner_unit_id
               FROM ledger_entries le JOIN receivable_items ri ON ri.id = le.item_id
              WHERE le.kind IN ('RECEIPT', 'CREDIT_APPLIED') AND le.item_id IS NOT NULL
                AND le.receipt_id IS NOT NULL AND le.entry_date BETWEEN {from} AND {to}
                AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reversal_of = le.id)"
        }
        Metric::NewCustomers => {
            "SELECT * FROM (
               SELECT DISTINCT ON (c.customer_id) c.customer_id AS id, c.customer_id,
                      c.signed_date AS date, 1::numeric AS amount, c.owner_id, c.owner_unit_id
                 FROM contracts c
                WHERE c.signed_date IS NOT NULL AND c.status <> 'TERMINATED'
                ORDER BY c.customer_id, c.signed_date, c.created_at, c.id) first
              WHERE first.date BETWEEN {from} AND {to}"
        }
    }
}

/// Narrows the facts (alias `f`) to those that may count for the scope:
/// owned in it, or of a customer with a share holder in it.
fn push_candidates(qb: &mut QueryBuilder<Postgres>, tree: &OrgTree, scope: TargetScope) {
    match scope {
        TargetScope::Company => {}
        TargetScope::Unit(u) => {
            let units = tree.subtree(u);
            qb.push(" AND (f.owner_unit_id = ANY(");
            qb.push_bind(units.clone());
            qb.push(
                ") OR EXISTS (SELECT 1 FROM performance_shares ps JOIN users su ON su.id = ps.user_id
                     WHERE ps.customer_id = f.customer_id AND su.unit_id = ANY(",
            );
            qb.push_bind(units);
            qb.push(")))");
        }
        TargetScope::User(p) => {
            qb.push(" AND (f.owner_id = ");
            qb.push_bind(p);
            qb.push(
                " OR EXISTS (SELECT 1 FROM performance_shares ps WHERE ps.customer_id = f.customer_id AND ps.user_id = ",
            );
            qb.push_bind(p);
            qb.push("))");
        }
    }
}

/// TGT-2 `attainment(scope, period, metric)`: NOT_FOUND for a scope the
/// actor cannot see (ORG-3, as for targets).
pub async fn attainment(
    pool: &PgPool,
    actor: &Actor,
    scope: TargetScope,
    period: Period,
    metric: Metric,
) -> DomainResult<Attainment> {
    let tree = OrgTree::load(pool).await?;
    let exists = match scope {
        TargetScope::Company => true,
        TargetScope::Unit(u) => tree.parent.contains_key(&u),
        TargetScope::User(p) => tree.unit_of.contains_key(&p),
    };
    if !exists || !can_read(actor, &tree, scope) {
        return Err(DomainError::NotFound);
    }
    let (from, to) = period.range();
    let mut qb = QueryBuilder::new("SELECT f.* FROM (");
    let sql = facts_sql(metric);
    let (before, rest) = sql.split_once("{from}").unwrap_or((sql, ""));
    let (middle, after) = rest.split_once("{to}").unwrap_or((rest, ""));
    qb.push(before);
    qb.push_bind(from);
    qb.push(middle);
    qb.push_bind(to);
    qb.push(after);
    qb.push(") f WHERE TRUE");
    push_candidates(&mut qb, &tree, scope);
    let raw: Vec<RawFact> = qb.build_query_as().fetch_all(pool).await?;
    let customers: Vec<Uuid> = raw.iter().map(|f| f.customer_id).collect();
    let shares: Vec<ShareRow> = sqlx::query_as(
        "SELECT ps.customer_id, ps.dispute_id, ps.valid_from, ps.user_id, ps.share, u.unit_id
           FROM performance_shares ps JOIN users u ON u.id = ps.user_id WHERE ps.customer_id = ANY($1)",
    )
    .bind(&customers)
    .fetch_all(pool)
    .await?;
    let kind = match metric {
        Metric::SignedRevenue | Metric::GrossProfit => "CONTRACT",
        Metric::Collections => "RECEIPT",
        Metric::NewCustomers => "CUSTOMER",
    };
    let facts = credited_facts(
        &tree,
        scope,
        kind,
        &raw,
        &shares,
        metric != Metric::NewCustomers,
    );
    let actual: Decimal = facts.iter().map(|f| f.amount).sum();
    let target = find(pool, metric, period, scope).await?;
    let amount = target.as_ref().map(|t| t.amount);
    Ok(Attainment {
        scope,
        period,
        metric,
        actual,
        target: amount,
        target_id: target.map(|t| t.id),
        rate: rate(actual, amount),
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tree::tests::demo;
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cus3_shares_split_money_to_the_cent_from_their_decision_day() {
        let d = demo();
        let customer = Uuid::now_v7();
        let fact = |date: &str, amount: &str| RawFact {
            id: Uuid::now_v7(),
            customer_id: customer,
            date: day(date),
            amount: dec(amount),
            owner_id: d.r1,
            owner_unit_id: d.team1,
        };
        let dispute = Uuid::now_v7();
        // Decided 2027-03-10 10:00 Shanghai: r1 66.67 %, r2 33.33 %.
        let at: DateTime<Utc> = "2027-03-10T02:00:00Z".parse().unwrap();
        let shares = vec![
            ShareRow {
                customer_id: customer,
                dispute_id: dispute,
                valid_from: at,
                user_id: d.r1,
                share: dec("66.67"),
                unit_id: d.team1,
            },
            ShareRow {
                customer_id: customer,
                dispute_id: dispute,
                valid_from: at,
                user_id: d.r2,
                share: dec("33.33"),
                unit_id: d.team2,
            },
        ];
        // Before the decision: all to the owner.
        let before = credit(&fact("2027-03-09", "1000.00"), &shares);
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].amount, dec("1000.00"));
        // From the decision day: 100.01 × 66.67 % = 66.676667 → 66.68,
        // × 33.33 % = 33.333333 → 33.33; together 100.01.
        let split = credit(&fact("2027-03-10", "100.01"), &shares);
        assert_eq!(split[0].user_id, d.r1);
        assert_eq!(split[0].amount, dec("66.68"));
        assert_eq!(split[1].amount, dec("33.33"));
        assert_eq!(split[1].unit_id, d.team2);
        // 0.10: 0.066670 → 0.07 and 0.033330 → 0.03: sums to 0.10.
        let small = credit(&fact("2027-03-11", "0.10"), &shares);
        assert_eq!(small.iter().map(|c| c.amount).sum::<Decimal>(), dec("0.10"));
        // 1.00: 0.6667 → 0.67, 0.3333 → 0.33.
        let one = credit(&fact("2027-03-11", "1.00"), &shares);
        assert_eq!((one[0].amount, one[1].amount), (dec("0.67"), dec("0.33")));
        // Per scope: the east unit (team1 + team2) gets the whole fact.
        let facts = vec![fact("2027-03-12", "300.00")];
        let east = credited_facts(
            &d.tree,
            TargetScope::Unit(d.east),
            "CONTRACT",
            &facts,
            &shares,
            true,
        );
        assert_eq!(east[0].amount, dec("300.00"));
        let r2 = credited_facts(
            &d.tree,
            TargetScope::User(d.r2),
            "CONTRACT",
            &facts,
            &shares,
            true,
        );
        assert_eq!(r2[0].amount, dec("99.99"));
        let team1 = credited_facts(
            &d.tree,
            TargetScope::Unit(d.team1),
            "CONTRACT",
            &facts,
            &shares,
            true,
        );
        assert_eq!(team1[0].amount, dec("200.01"));
        // Not split: all to the owner.
        let whole = credited_facts(
            &d.tree,
            TargetScope::User(d.r2),
            "CUSTOMER",
            &facts,
            &shares,
            false,
        );
        assert!(whole.is_empty());
    }
}
