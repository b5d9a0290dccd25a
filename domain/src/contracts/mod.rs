//! CON-1/CON-2: contracts, their payment plan and their review; the REC-8
//! credit check interface. The types and the input rules live here as plain
//! functions; `store` creates and edits, `review` moves through the states,
//! `query` reads (all scoped by ORG-3, see [`push_contract_scope`]).

pub mod credit;
pub mod credit_limit;
pub mod numbering;
pub mod query;
pub mod review;
pub mod store;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::money::Sign;
use crate::org::model::text_enum;
use crate::org::{Access, Actor, Resource, Scope};
use crate::versioned::versioned;

text_enum! {
    /// CON-2 contract states.
    ContractStatus {
        Draft => "DRAFT",
        InReview => "IN_REVIEW",
        Approved => "APPROVED",
        Signed => "SIGNED",
        Executing => "EXECUTING",
        Accepted => "ACCEPTED",
        Closed => "CLOSED",
        Terminated => "TERMINATED",
    }
}

impl ContractStatus {
    /// CLOSED and TERMINATED end a contract.
    pub fn is_final(self) -> bool {
        matches!(self, ContractStatus::Closed | ContractStatus::Terminated)
    }
}

text_enum! {
    /// CON-1 payment methods.
    PaymentMethod {
        BankTransfer => "BANK_TRANSFER",
        AcceptanceBill => "ACCEPTANCE_BILL",
        Cash => "CASH",
        Other => "OTHER",
    }
}

text_enum! {
    /// CON-1: what sets an installment's due date.
    InstallmentTrigger {
        FixedDate => "FIXED_DATE",
        Signing => "SIGNING",
        Delivery => "DELIVERY",
        Acceptance => "ACCEPTANCE",
        WarrantyEnd => "WARRANTY_END",
    }
}

/// A contract (CON-1), as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Contract {
    pub id: Uuid,
    pub number: String,
    pub number_year: i32,
    pub number_seq: i32,
    pub customer_id: Uuid,
    pub opportunity_id: Option<Uuid>,
    pub quote_id: Option<Uuid>,
    pub title: String,
    pub owner_id: Uuid,
    pub owner_unit_id: Uuid,
    pub customer_party: String,
    pub our_party: String,
    pub amount: Decimal,
    pub currency: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub payment_method: String,
    pub payment_terms_days: i32,
    pub delivery_terms: Option<String>,
    pub after_sales_terms: Option<String>,
    pub warranty_months: i32,
    pub status: ContractStatus,
    pub needs_finance: bool,
    pub credit_check: Option<serde_json::Value>,
    pub needs_credit_approval: bool,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub finance_approved_by: Option<Uuid>,
    pub finance_approved_at: Option<DateTime<Utc>>,
    pub director_approved_by: Option<Uuid>,
    pub director_approved_at: Option<DateTime<Utc>>,
    pub credit_approved_by: Option<Uuid>,
    pub returned_reason: Option<String>,
    pub signed_date: Option<NaiveDate>,
    pub signed_by: Option<Uuid>,
    pub accepted_date: Option<NaiveDate>,
    pub closed_at: Option<DateTime<Utc>>,
    pub terminated_at: Option<DateTime<Utc>>,
    pub termination_reason: Option<String>,
    pub note: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

versioned!(Contract);

/// One installment of a payment plan (CON-1).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Installment {
    #[serde(skip)]
    pub id: Uuid,
    #[serde(skip)]
    pub contract_id: Uuid,
    pub position: i32,
    pub label: String,
    pub amount: Decimal,
    pub trigger: String,
    pub offset_days: i32,
    pub due_date: Option<NaiveDate>,
}

/// An installment as entered.
#[derive(Clone, Debug)]
pub struct InstallmentInput {
    pub label: String,
    pub amount: Decimal,
    pub trigger: InstallmentTrigger,
    /// Required for FIXED_DATE, refused otherwise.
    pub due_date: Option<NaiveDate>,
    pub offset_days: i32,
}

/// The editable terms of a contract, shared by creation and update. `None`
/// texts take their default (title, parties) or stay empty.
#[derive(Clone, Debug)]
pub struct Terms {
    pub title: Option<String>,
    pub customer_party: Option<String>,
    pub our_party: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub payment_method: PaymentMethod,
    pub payment_terms_days: i32,
    pub delivery_terms: Option<String>,
    pub after_sales_terms: Option<String>,
    pub warranty_months: i32,
    pub note: Option<String>,
    pub installments: Vec<InstallmentInput>,
}

/// Terms after validation, defaults applied.
#[derive(Clone, Debug)]
pub struct CheckedTerms {
    pub title: String,
    pub customer_party: String,
    pub our_party: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub payment_method: PaymentMethod,
    pub payment_terms_days: i32,
    pub delivery_terms: Option<String>,
    pub after_sales_terms: Option<String>,
    pub warranty_months: i32,
    pub note: Option<String>,
    pub installments: Vec<InstallmentInput>,
}

/// The defaults of the texts a contract must have.
#[derive(Clone, Debug)]
pub struct Defaults {
    pub title: Option<String>,
    pub customer_party: String,
    pub our_party: String,
}

/// The most installments a plan may have (the column's CHECK).
pub const MAX_INSTALLMENTS: usize = 60;

/// An optional text, trimmed; empty is absent.
pub use crate::text::optional as opt_text;

/// A required text of 1..=max characters: `v` when given (blank is an
/// error), else the default (missing default is an error).
fn text_or(
    field: &str,
    v: Option<&str>,
    default: Option<&str>,
    max: usize,
) -> DomainResult<String> {
    let chosen = match v {
        Some(v) => v.trim(),
        None => default.map(str::trim).unwrap_or(""),
    };
    let n = chosen.chars().count();
    if n == 0 || n > max {
        return Err(DomainError::validation(
            field,
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(chosen.to_owned())
}

/// A money amount: greater than 0, at most 14 digits and 2 decimal places.
pub fn check_money(field: &str, v: Decimal) -> DomainResult<Decimal> {
    crate::money::check_amount(field, v, Sign::Positive).map(|v| v.normalize())
}

pub use crate::money::check_currency;

/// CON-1: validates the terms and the payment plan against `amount`.
pub fn check_terms(t: &Terms, amount: Decimal, d: &Defaults) -> DomainResult<CheckedTerms> {
    let title = text_or("title", t.title.as_deref(), d.title.as_deref(), 200)?;
    let customer_party = text_or(
        "customerParty",
        t.customer_party.as_deref(),
        Some(&d.customer_party),
        200,
    )?;
    let our_party = text_or("ourParty", t.our_party.as_deref(), Some(&d.our_party), 200)?;
    if let (Some(s), Some(e)) = (t.start_date, t.end_date)
        && e < s
    {
        return Err(DomainError::validation(
            "endDate",
            "must not be before the start date",
        ));
    }
    if !(0..=3650).contains(&t.payment_terms_days) {
        return Err(DomainError::validation(
            "paymentTermsDays",
            "must be between 0 and 3650",
        ));
    }
    if !(0..=120).contains(&t.warranty_months) {
        return Err(DomainError::validation(
            "warrantyMonths",
            "must be between 0 and 120",
        ));
    }
    Ok(CheckedTerms {
        title,
        customer_party,
        our_party,
        start_date: t.start_date,
        end_date: t.end_date,
        payment_method: t.payment_method,
        payment_terms_days: t.payment_terms_days,
        delivery_terms: opt_text("deliveryTerms", t.delivery_terms.as_deref(), 2000)?,
        after_sales_terms: opt_text("afterSalesTerms", t.after_sales_terms.as_deref(), 2000)?,
        warranty_months: t.warranty_months,
        note: opt_text("note", t.note.as_deref(), 2000)?,
        installments: check_installments(&t.installments, amount)?,
    })
}

/// CON-1 payment plan: 1..=60 installments, each a positive amount of at
/// most 2 decimals, a FIXED_DATE one with a due date and the others
/// without, offsets 0..=3650 days; Σ amounts == the contract amount exactly.
pub fn check_installments(
    items: &[InstallmentInput],
    amount: Decimal,
) -> DomainResult<Vec<InstallmentInput>> {
    if items.is_empty() || items.len() > MAX_INSTALLMENTS {
        return Err(DomainError::validation(
            "installments",
            format!("a payment plan has 1 to {MAX_INSTALLMENTS} installments"),
        ));
    }
    let mut out = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let f = |name: &str| format!("installments.{i}.{name}");
        let label = it.label.trim();
        if label.is_empty() || label.chars().count() > 100 {
            return Err(DomainError::validation(
                f("label"),
                "must be 1 to 100 characters",
            ));
        }
        let a = check_money(&f("amount"), it.amount)?;
        match (it.trigger, it.due_date) {
            (InstallmentTrigger::FixedDate, None) => {
                return Err(DomainError::validation(
                    f("dueDate"),
                    "a FIXED_DATE installment needs a due date",
                ));
            }
            (t, Some(_)) if t != InstallmentTrigger::FixedDate => {
                return Err(DomainError::validation(
                    f("dueDate"),
                    format!("a {t} installment gets its due date when the {t} happens"),
                ));
            }
            _ => {}
        }
        if !(0..=3650).contains(&it.offset_days) {
            return Err(DomainError::validation(
                f("offsetDays"),
                "must be between 0 and 3650",
            ));
        }
        out.push(InstallmentInput {
            label: label.to_owned(),
            amount: a,
            ..it.clone()
        });
    }
    let sum: Decimal = out.iter().map(|i| i.amount).sum();
    if sum != amount {
        let diff = sum - amount;
        let how = if diff > Decimal::ZERO {
            "over"
        } else {
            "under"
        };
        return Err(DomainError::validation(
            "installments",
            format!(
                "the installments sum to {sum}, {} {how} the contract amount {amount}; they must sum to it exactly",
                diff.abs()
            ),
        ));
    }
    Ok(out)
}

/// The team hook of ORG-3 for contracts (`c`): a member of the project team
/// of the contract's opportunity.
pub const TEAM_EXISTS: &str = "EXISTS (SELECT 1 FROM opportunity_team_members m \
     WHERE m.opportunity_id = c.opportunity_id AND m.user_id = {member})";

/// ORG-3 for contracts (alias `c`): the owner, managers over the unit,
/// assistants of the unit subtree, finance reading all, and — for reads —
/// the opportunity's project team. Team membership never grants writes.
pub fn push_contract_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    let scope = Scope::of(actor, Resource::Contract, access);
    let team = (access == Access::Read).then_some(TEAM_EXISTS);
    scope.push_filter(qb, "c.owner_id", "c.owner_unit_id", team);
}

/// CON-2: a step that needs the contract in `want`, else CONFLICT naming
/// the current status.
pub fn require_status(c: &Contract, want: &[ContractStatus], action: &str) -> DomainResult<()> {
    let s = c.status;
    if want.contains(&s) {
        return Ok(());
    }
    Err(DomainError::conflict(format!(
        "cannot {action} contract {}: it is {s}",
        c.number
    )))
}

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::org::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::org::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(match entity {
        "CONTRACT" => Some(query::get(pool, actor, id).await?.is_some()),
        _ => None,
    })
}

/// Company settings this context owns: validates and stores the change;
/// `None` when the key is another context's.
/// `crate::registry::update_company_setting` asks every context.
pub async fn update_setting(
    c: &crate::customers::settings::SettingChange<'_>,
) -> crate::error::DomainResult<Option<crate::customers::settings::Setting>> {
    Ok(match c.key {
        // REC-8
        "credit_limit_defaults" => Some(c.validated(credit_limit::validate_defaults).await?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn inst(amount: &str, trigger: InstallmentTrigger, due: Option<NaiveDate>) -> InstallmentInput {
        InstallmentInput {
            label: "x".into(),
            amount: d(amount),
            trigger,
            due_date: due,
            offset_days: 0,
        }
    }

    fn field(e: DomainError) -> String {
        match e {
            DomainError::Validation { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn con1_installments_sum_exactly() {
        use InstallmentTrigger::*;
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        let ok = [inst("30.00", Signing, None), inst("70.00", FixedDate, day)];
        assert!(check_installments(&ok, d("100")).is_ok());
        let off = [inst("30.00", Signing, None), inst("69.99", FixedDate, day)];
        let e = check_installments(&off, d("100")).unwrap_err();
        assert!(e.to_string().contains("0.01 under"), "{e}");
        assert_eq!(field(e), "installments");
        assert_eq!(
            field(check_installments(&[inst("100", FixedDate, None)], d("100")).unwrap_err()),
            "installments.0.dueDate"
        );
        assert_eq!(
            field(check_installments(&[inst("100", Delivery, day)], d("100")).unwrap_err()),
            "installments.0.dueDate"
        );
        assert_eq!(
            field(check_installments(&[inst("100.001", Signing, None)], d("100")).unwrap_err()),
            "installments.0.amount"
        );
        assert_eq!(
            field(check_installments(&[], d("100")).unwrap_err()),
            "installments"
        );
        let many: Vec<_> = (0..61).map(|_| inst("1", Signing, None)).collect();
        assert!(check_installments(&many, d("61")).is_err());
    }
}
