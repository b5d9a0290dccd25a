//! PIP-6: quotes (报价) — versioned per opportunity, line items with
//! quantity, unit price and unit cost; total, cost and gross margin as exact
//! decimals; approval routed by the margin; never sent unapproved
//! ("不得擅自对外报价"); the customer's answer recorded.
//!
//! This file holds the rules as plain functions (no I/O); `store` applies
//! them under row locks with the audit log, `query` reads within ORG-3 and
//! `thresholds` keeps the two margin settings consistent.

mod query;
mod store;
mod thresholds;

pub use query::{MAX_AWAITING, awaiting_decision, by_opportunities, by_opportunity, get, lines};
pub use store::{
    NewQuote, Quote, QuoteLine, QuotePatch, approve, create, decide, reject, send, submit, update,
};
pub use thresholds::{DIRECTOR_KEY, MANAGER_KEY, thresholds, update_threshold};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::money::money_limit;
use crate::org::model::text_enum;
use crate::org::{Actor, Role};

text_enum! {
    /// PIP-6 quote states: `DRAFT → PENDING_APPROVAL → APPROVED → SENT →
    /// ACCEPTED | DECLINED`, or `PENDING_APPROVAL → REJECTED` (edited and
    /// submitted again).
    QuoteStatus {
        Draft => "DRAFT",
        PendingApproval => "PENDING_APPROVAL",
        Approved => "APPROVED",
        Rejected => "REJECTED",
        Sent => "SENT",
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
    }
}

text_enum! {
    /// Who must approve a quote, by its gross margin (PIP-6): margin ≥
    /// `quote_margin_manager` the submitter's direct head (ORG-5); between
    /// the two thresholds a sales manager over the opportunity's unit;
    /// below `quote_margin_director` the sales director.
    ApproverBand {
        DirectHead => "DIRECT_HEAD",
        SalesManager => "SALES_MANAGER",
        SalesDirector => "SALES_DIRECTOR",
    }
}

/// At most this many lines per quote.
pub const MAX_LINES: usize = 200;

/// One line as entered (validated by [`check_lines`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineInput {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub unit_cost: Decimal,
}

/// The two margin thresholds (percent), `0 ≤ director < manager ≤ 100`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub manager: Decimal,
    pub director: Decimal,
}

impl Default for Thresholds {
    /// The defaults of DOMAIN.md: 20 % and 10 %.
    fn default() -> Self {
        Thresholds {
            manager: Decimal::from(20),
            director: Decimal::from(10),
        }
    }
}

/// Totals of a quote: Σ line amounts, Σ line costs, the gross margin and
/// the margin in percent of the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    pub total: Decimal,
    pub cost: Decimal,
    pub margin_amount: Decimal,
    pub margin_percent: Decimal,
}

/// Money at two places, half away from zero, written with two places.
pub fn cents(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

/// A line's amount: quantity × unit price, rounded to the cent (half up).
/// Each line is rounded on its own and the total is the sum of the rounded
/// lines, as the printed quote shows them.
pub fn line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal {
    cents(quantity * unit_price)
}

/// The margin percent: (total − cost) / total × 100, rounded to two places
/// half up. A zero total has margin 0 (nothing sold, nothing earned), so it
/// routes to the strictest approver.
pub fn margin_percent(total: Decimal, cost: Decimal) -> Decimal {
    if total.is_zero() {
        return cents(Decimal::ZERO);
    }
    cents((total - cost) * Decimal::ONE_HUNDRED / total)
}

/// Totals of lines given as (quantity, unit price, unit cost).
pub fn totals(lines: &[(Decimal, Decimal, Decimal)]) -> Totals {
    let total: Decimal = lines.iter().map(|(q, p, _)| line_amount(*q, *p)).sum();
    let cost: Decimal = lines.iter().map(|(q, _, c)| line_amount(*q, *c)).sum();
    from_sums(cents(total), cents(cost))
}

/// Totals from the stored sums.
pub fn from_sums(total: Decimal, cost: Decimal) -> Totals {
    Totals {
        total,
        cost,
        margin_amount: cents(total - cost),
        margin_percent: margin_percent(total, cost),
    }
}

/// Validates the lines: 1 to [`MAX_LINES`]; description 1–500 characters;
/// quantity > 0 with at most 3 places and 11 integer digits; unit price
/// and cost ≥ 0 with at most 2 places and 14 integer digits; the totals
/// must fit the money columns. Field names follow the input
/// (`lines.3.quantity`). Returns the lines with trimmed descriptions.
pub fn check_lines(lines: &[LineInput]) -> DomainResult<Vec<LineInput>> {
    if lines.is_empty() {
        return Err(DomainError::validation(
            "lines",
            "a quote needs at least one line",
        ));
    }
    if lines.len() > MAX_LINES {
        return Err(DomainError::validation(
            "lines",
            format!("a quote has at most {MAX_LINES} lines"),
        ));
    }
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let f = |name: &str| format!("lines.{i}.{name}");
        let description = l.description.trim();
        if description.is_empty() || description.chars().count() > 500 {
            return Err(DomainError::validation(
                f("description"),
                "must be 1 to 500 characters",
            ));
        }
        if l.quantity <= Decimal::ZERO {
            return Err(DomainError::validation(
                f("quantity"),
                "must be greater than 0",
            ));
        }
        if l.quantity.scale() > 3 || l.quantity >= Decimal::from(100_000_000_000i64) {
            return Err(DomainError::validation(
                f("quantity"),
                "at most 11 digits and 3 decimal places",
            ));
        }
        for (name, v) in [("unitPrice", l.unit_price), ("unitCost", l.unit_cost)] {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(DomainError::validation(f(name), "must not be negative"));
            }
            if v.scale() > 2 || v >= money_limit() {
                return Err(DomainError::validation(
                    f(name),
                    "at most 14 digits and 2 decimal places",
                ));
            }
        }
        out.push(LineInput {
            description: description.to_owned(),
            quantity: l.quantity.normalize(),
            unit_price: l.unit_price,
            unit_cost: l.unit_cost,
        });
    }
    let t = totals(&triples(&out));
    if t.total >= money_limit() || t.cost >= money_limit() {
        return Err(DomainError::validation(
            "lines",
            "the quote's total must be below 100 000 000 000 000",
        ));
    }
    Ok(out)
}

/// (quantity, unit price, unit cost) of each line.
pub fn triples(lines: &[LineInput]) -> Vec<(Decimal, Decimal, Decimal)> {
    lines
        .iter()
        .map(|l| (l.quantity, l.unit_price, l.unit_cost))
        .collect()
}

/// The quote's terms as entered: title ≤ 200, payment and delivery terms
/// and note ≤ 2000 characters each (blank is none); valid until today or
/// later (company calendar).
pub struct Terms {
    pub title: Option<String>,
    pub valid_until: NaiveDate,
    pub payment_terms: Option<String>,
    pub delivery_terms: Option<String>,
    pub note: Option<String>,
}

/// Optional text: trimmed, blank as none, at most `max` characters.
pub use crate::text::optional as opt_text;

/// Validates the terms (see [`Terms`]); `today` is the company date.
pub fn check_terms(t: &Terms, today: NaiveDate) -> DomainResult<Terms> {
    if t.valid_until < today {
        return Err(DomainError::validation(
            "validUntil",
            "must be today or later",
        ));
    }
    Ok(Terms {
        title: opt_text("title", t.title.as_deref(), 200)?,
        valid_until: t.valid_until,
        payment_terms: opt_text("paymentTerms", t.payment_terms.as_deref(), 2000)?,
        delivery_terms: opt_text("deliveryTerms", t.delivery_terms.as_deref(), 2000)?,
        note: opt_text("note", t.note.as_deref(), 2000)?,
    })
}

/// Validates the thresholds: each 0–100 with at most 2 places, and
/// director < manager.
pub fn check_thresholds(t: &Thresholds) -> DomainResult<()> {
    for v in [t.manager, t.director] {
        if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED || v.scale() > 2 {
            return Err(DomainError::validation(
                "value",
                "a margin threshold is a percentage from 0 to 100 with at most 2 decimal places",
            ));
        }
    }
    if t.director >= t.manager {
        return Err(DomainError::validation(
            "value",
            "quote_margin_director must be below quote_margin_manager",
        ));
    }
    Ok(())
}

/// PIP-6 routing: margin ≥ manager threshold → the direct head; below it
/// but ≥ director threshold → a sales manager; below the director
/// threshold → the sales director. The margin compared is the rounded
/// percent the quote shows.
pub fn approver_band(margin_percent: Decimal, t: &Thresholds) -> ApproverBand {
    if margin_percent >= t.manager {
        ApproverBand::DirectHead
    } else if margin_percent >= t.director {
        ApproverBand::SalesManager
    } else {
        ApproverBand::SalesDirector
    }
}

/// The facts an approval is decided on.
pub struct ApprovalFacts<'a> {
    pub band: ApproverBand,
    /// The submitter's direct head at submission (band DIRECT_HEAD).
    pub head: Option<Uuid>,
    /// The opportunity's owner unit.
    pub unit: Uuid,
    /// Whose quote it is: its creator, its submitter, the opportunity's
    /// owner. None of them may approve it.
    pub authors: &'a [Uuid],
}

/// PIP-6: may `actor` approve (or reject) a quote?
///
/// - Approving one's own quote (creator, submitter or opportunity owner) is
///   never allowed → FORBIDDEN, even for an otherwise eligible approver.
/// - DIRECT_HEAD: the recorded direct head; SALES_MANAGER: a sales manager
///   whose subtree holds the opportunity's unit; SALES_DIRECTOR: the sales
///   director or the general manager.
/// - A stricter approver may always decide a looser band (a manager over
///   the unit a DIRECT_HEAD quote, the director any quote), so a quote whose
///   direct head is its own author is not stuck.
/// - ADMIN is a system role, not a line manager: not an approver unless it
///   also holds one of the sales roles above. API tokens never approve.
pub fn may_approve(actor: &Actor, f: &ApprovalFacts<'_>) -> DomainResult<()> {
    let Some(me) = actor.user_id.filter(|_| !actor.read_only) else {
        return Err(DomainError::Forbidden(
            "only a signed-in user may approve quotes".into(),
        ));
    };
    if f.authors.contains(&me) {
        return Err(DomainError::Forbidden(
            "approving one's own quote is never allowed".into(),
        ));
    }
    let top = actor.has_any(&[Role::SalesDirector, Role::GeneralManager]);
    let manager = actor.has_role(Role::SalesManager) && actor.subtree.contains(&f.unit);
    let ok = match f.band {
        ApproverBand::DirectHead => f.head == Some(me) || manager || top,
        ApproverBand::SalesManager => manager || top,
        ApproverBand::SalesDirector => top,
    };
    if !ok {
        return Err(DomainError::Forbidden(format!(
            "this quote needs approval by {}",
            match f.band {
                ApproverBand::DirectHead => "the submitter's direct head",
                ApproverBand::SalesManager => "a sales manager over the opportunity's unit",
                ApproverBand::SalesDirector => "the sales director",
            }
        )));
    }
    Ok(())
}

/// CONFLICT unless the quote is in one of `allowed` for `action`.
pub fn require_status(
    status: QuoteStatus,
    allowed: &[QuoteStatus],
    action: &str,
) -> DomainResult<()> {
    if allowed.contains(&status) {
        return Ok(());
    }
    let need = allowed
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" or ");
    Err(DomainError::conflict(format!(
        "cannot {action} a {status} quote (it must be {need})"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(q: &str, p: &str, c: &str) -> LineInput {
        LineInput {
            description: "x".into(),
            quantity: d(q),
            unit_price: d(p),
            unit_cost: d(c),
        }
    }

    fn code(e: DomainError) -> String {
        match e {
            DomainError::Validation { field, .. } => format!("VALIDATION {field}"),
            DomainError::Forbidden(_) => "FORBIDDEN".into(),
            DomainError::Conflict { .. } => "CONFLICT".into(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn pip6_line_amounts_and_totals_by_hand() {
        // 3 × 1234.56 = 3703.68; 2.5 × 99.99 = 249.975 → 249.98 (half up).
        assert_eq!(line_amount(d("3"), d("1234.56")), d("3703.68"));
        assert_eq!(line_amount(d("2.5"), d("99.99")), d("249.98"));
        // 0.333 × 0.01 = 0.00333 → 0.00.
        assert_eq!(line_amount(d("0.333"), d("0.01")), d("0.00"));
        // Lines: 10 × 1000.00 (cost 700.00) and 2.5 × 99.99 (cost 60.00):
        // total 10000.00 + 249.98 = 10249.98; cost 7000.00 + 150.00 =
        // 7150.00; margin 3099.98; 3099.98 / 10249.98 × 100 = 30.2437…
        // → 30.24.
        let t = totals(&[
            (d("10"), d("1000.00"), d("700.00")),
            (d("2.5"), d("99.99"), d("60.00")),
        ]);
        assert_eq!(t.total, d("10249.98"));
        assert_eq!(t.cost, d("7150.00"));
        assert_eq!(t.margin_amount, d("3099.98"));
        assert_eq!(t.margin_percent, d("30.24"));
        assert_eq!(t.total.to_string(), "10249.98");
    }

    #[test]
    fn pip6_margin_percent_rounds_half_up_and_zero_total() {
        // (200 − 150) / 200 = 25.00 %.
        assert_eq!(margin_percent(d("200"), d("150")), d("25.00"));
        // (3 − 2) / 3 = 33.333… → 33.33; (3 − 1) / 3 = 66.666… → 66.67.
        assert_eq!(margin_percent(d("3"), d("2")), d("33.33"));
        assert_eq!(margin_percent(d("3"), d("1")), d("66.67"));
        // (8 − 7) / 8 = 12.5 % exactly; (1000 − 999.95) / 1000 = 0.005 %
        // is a tie at the second place → 0.01 (half up, not to even).
        assert_eq!(margin_percent(d("8"), d("7")), d("12.50"));
        assert_eq!(margin_percent(d("1000"), d("999.95")), d("0.01"));
        // Cost above price: (100 − 130) / 100 = −30.00 %.
        assert_eq!(margin_percent(d("100"), d("130")), d("-30.00"));
        // A zero total has margin 0.
        assert_eq!(margin_percent(d("0"), d("0")), d("0.00"));
        assert_eq!(margin_percent(d("0"), d("10")), d("0.00"));
    }

    #[test]
    fn pip6_approver_band_by_thresholds() {
        let t = Thresholds::default();
        assert_eq!(approver_band(d("35.00"), &t), ApproverBand::DirectHead);
        // At the threshold counts as at or above.
        assert_eq!(approver_band(d("20.00"), &t), ApproverBand::DirectHead);
        assert_eq!(approver_band(d("19.99"), &t), ApproverBand::SalesManager);
        assert_eq!(approver_band(d("10.00"), &t), ApproverBand::SalesManager);
        assert_eq!(approver_band(d("9.99"), &t), ApproverBand::SalesDirector);
        assert_eq!(approver_band(d("-5.00"), &t), ApproverBand::SalesDirector);
        let custom = Thresholds {
            manager: d("30"),
            director: d("5.5"),
        };
        assert_eq!(approver_band(d("25"), &custom), ApproverBand::SalesManager);
        assert_eq!(
            approver_band(d("5.49"), &custom),
            ApproverBand::SalesDirector
        );
    }

    #[test]
    fn pip6_thresholds_are_validated() {
        assert!(check_thresholds(&Thresholds::default()).is_ok());
        for (m, dd) in [
            ("10", "10"),
            ("10", "20"),
            ("101", "10"),
            ("20", "-1"),
            ("20.001", "10"),
        ] {
            let t = Thresholds {
                manager: d(m),
                director: d(dd),
            };
            assert!(check_thresholds(&t).is_err(), "{m} {dd}");
        }
        let edge = Thresholds {
            manager: d("100"),
            director: d("0"),
        };
        assert!(check_thresholds(&edge).is_ok());
    }

    #[test]
    fn pip6_bad_lines() {
        let e = |lines: Vec<LineInput>| code(check_lines(&lines).unwrap_err());
        assert_eq!(e(vec![]), "VALIDATION lines");
        assert_eq!(e(vec![line("1", "1", "1"); 201]), "VALIDATION lines");
        assert!(check_lines(&vec![line("1", "1", "1"); 200]).is_ok());
        assert_eq!(e(vec![line("0", "1", "1")]), "VALIDATION lines.0.quantity");
        assert_eq!(
            e(vec![line("1", "1", "1"), line("-2", "1", "1")]),
            "VALIDATION lines.1.quantity"
        );
        assert_eq!(
            e(vec![line("1.0001", "1", "1")]),
            "VALIDATION lines.0.quantity"
        );
        assert_eq!(
            e(vec![line("1", "-0.01", "1")]),
            "VALIDATION lines.0.unitPrice"
        );
        assert_eq!(e(vec![line("1", "1", "-1")]), "VALIDATION lines.0.unitCost");
        assert_eq!(
            e(vec![line("1", "1.001", "1")]),
            "VALIDATION lines.0.unitPrice"
        );
        let mut long = line("1", "1", "1");
        long.description = "长".repeat(501);
        assert_eq!(e(vec![long]), "VALIDATION lines.0.description");
        let mut blank = line("1", "1", "1");
        blank.description = "  ".into();
        assert_eq!(e(vec![blank]), "VALIDATION lines.0.description");
        // 99 999 999 999 × 99 999 999 999 999.99 overflows the money column.
        assert_eq!(
            e(vec![line("99999999999", "99999999999999.99", "0")]),
            "VALIDATION lines"
        );
        // Free lines (price 0) are allowed.
        assert!(check_lines(&[line("1", "0", "0")]).is_ok());
    }

    fn actor(me: Uuid, roles: &[Role], subtree: Vec<Uuid>) -> Actor {
        Actor {
            user_id: Some(me),
            label: "t".into(),
            roles: roles.to_vec(),
            subtree,
            read_only: false,
            token_units: None,
        }
    }

    #[test]
    fn pip6_who_may_approve() {
        let (rep, head, mgr, other_mgr, dir, gm, admin) = (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        );
        let unit = Uuid::now_v7();
        let authors = [rep];
        let facts = |band| ApprovalFacts {
            band,
            head: Some(head),
            unit,
            authors: &authors,
        };
        let head_a = actor(head, &[Role::Supervisor], vec![unit]);
        let mgr_a = actor(mgr, &[Role::SalesManager], vec![Uuid::now_v7(), unit]);
        let other = actor(other_mgr, &[Role::SalesManager], vec![Uuid::now_v7()]);
        let dir_a = actor(dir, &[Role::SalesDirector], vec![]);
        let gm_a = actor(gm, &[Role::GeneralManager], vec![]);
        let admin_a = actor(admin, &[Role::Admin], vec![]);
        let rep_a = actor(rep, &[Role::SalesRep], vec![unit]);
        let ok = |a: &Actor, b| may_approve(a, &facts(b)).is_ok();
        use ApproverBand::*;
        // Band DIRECT_HEAD: the head, or anyone stricter.
        assert!(ok(&head_a, DirectHead));
        assert!(ok(&mgr_a, DirectHead));
        assert!(ok(&dir_a, DirectHead));
        assert!(!ok(&other, DirectHead));
        // Band SALES_MANAGER: not the supervisor head, not another unit's manager.
        assert!(!ok(&head_a, SalesManager));
        assert!(ok(&mgr_a, SalesManager));
        assert!(!ok(&other, SalesManager));
        assert!(ok(&gm_a, SalesManager));
        // Band SALES_DIRECTOR: director or GM only.
        assert!(!ok(&mgr_a, SalesDirector));
        assert!(ok(&dir_a, SalesDirector));
        assert!(ok(&gm_a, SalesDirector));
        assert!(!ok(&admin_a, SalesDirector));
        assert!(!ok(&admin_a, DirectHead));
        // Never one's own: the rep, even as a director.
        assert!(!ok(&rep_a, DirectHead));
        let rep_dir = actor(rep, &[Role::SalesDirector], vec![]);
        assert_eq!(
            code(may_approve(&rep_dir, &facts(SalesDirector)).unwrap_err()),
            "FORBIDDEN"
        );
    }

    #[test]
    fn pip6_status_rules() {
        use QuoteStatus::*;
        assert!(require_status(Approved, &[Approved], "send").is_ok());
        for s in [Draft, PendingApproval, Rejected, Sent, Accepted, Declined] {
            assert_eq!(
                code(require_status(s, &[Approved], "send").unwrap_err()),
                "CONFLICT"
            );
        }
    }

    #[test]
    fn pip6_terms() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let t = |valid: NaiveDate, title: &str| Terms {
            title: Some(title.into()),
            valid_until: valid,
            payment_terms: Some("  ".into()),
            delivery_terms: None,
            note: None,
        };
        let ok = check_terms(&t(today, " 报价 "), today).unwrap();
        assert_eq!(ok.title.as_deref(), Some("报价"));
        assert_eq!(ok.payment_terms, None);
        let past = today.pred_opt().unwrap();
        assert_eq!(
            code(check_terms(&t(past, "a"), today).err().unwrap()),
            "VALIDATION validUntil"
        );
        assert_eq!(
            code(
                check_terms(&t(today, &"a".repeat(201)), today)
                    .err()
                    .unwrap()
            ),
            "VALIDATION title"
        );
    }
}
