//! Money rules shared by every context: one company currency (CON-1), and
//! ratios written with the 4 places the API promises.

use rust_decimal::Decimal;

use crate::error::{DomainError, DomainResult};

/// An amount as people read it in emails and documents: 2 places and
/// thousands grouped with commas (`24300` → `24,300.00`, `-1234.5` →
/// `-1,234.50`); more places are rounded half away from zero.
pub fn grouped(amount: Decimal) -> String {
    let mut v =
        amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, "00"));
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{out}.{frac}")
}

/// `num ÷ den` with exactly 4 decimal places (0.5 is `0.5000`: 50 %),
/// rounded as `round_dp` does; `None` for a zero denominator.
pub fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    (!den.is_zero()).then(|| {
        let mut r = (num / den).round_dp(4);
        r.rescale(4);
        r
    })
}

/// The company currency: every balance, aging bucket, forecast and KPI is
/// in it (CON-1: "balances, aging and KPIs are in the company currency").
pub const COMPANY_CURRENCY: &str = "CNY";

/// CON-1: the currency of an opportunity, quote, contract or order — the
/// company currency when not given, and only it. Amounts in another
/// currency would be added into CNY sums (balances, aging, forecast,
/// KPIs); until exchange rates fixed at signing are recorded, a foreign
/// currency is refused (VALIDATION on `currency`), never mixed in.
pub fn check_currency(v: Option<&str>) -> DomainResult<String> {
    let c = v.map(str::trim).unwrap_or(COMPANY_CURRENCY);
    if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DomainError::validation(
            "currency",
            "must be a three-letter ISO code such as CNY",
        ));
    }
    if c != COMPANY_CURRENCY {
        return Err(DomainError::validation(
            "currency",
            format!(
                "amounts are kept in the company currency ({COMPANY_CURRENCY}); convert {c} at the agreed rate and note it in the terms"
            ),
        ));
    }
    Ok(c.to_owned())
}

/// Which amounts a money field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// 0 or more (prices, budgets, limits, targets).
    NonNegative,
    /// More than 0 (a contract's amount, an installment).
    Positive,
    /// Anything but 0 (a ledger adjustment either way).
    NonZero,
}

/// The largest amount a `numeric(16, 2)` column holds, exclusive: 10¹⁴.
pub fn money_limit() -> Decimal {
    Decimal::from(100_000_000_000_000i64)
}

/// An amount of money named `field`, as every money column holds it
/// (`numeric(16, 2)`): the sign `sign` allows, at most 2 decimal places
/// (trailing zeros do not count: `2.500` is `2.50`) and 14 integer digits.
/// Returns `v` unchanged; a VALIDATION error on `field` otherwise.
pub fn check_amount(field: &str, v: Decimal, sign: Sign) -> DomainResult<Decimal> {
    let refused = match sign {
        Sign::NonNegative => {
            (v.is_sign_negative() && !v.is_zero()).then_some("must not be negative")
        }
        Sign::Positive => (v <= Decimal::ZERO).then_some("must be greater than 0"),
        Sign::NonZero => v.is_zero().then_some("must not be 0"),
    };
    if let Some(message) = refused {
        return Err(DomainError::validation(field, message));
    }
    if v.normalize().scale() > 2 || v.abs() >= money_limit() {
        return Err(DomainError::validation(
            field,
            "at most 14 digits and 2 decimal places",
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands_with_two_places() {
        for (v, out) in [
            ("0", "0.00"),
            ("24300", "24,300.00"),
            ("999.999", "1,000.00"),
            ("1234567.5", "1,234,567.50"),
            ("-1234.5", "-1,234.50"),
            ("100", "100.00"),
            ("-0.001", "0.00"),
        ] {
            assert_eq!(grouped(v.parse().unwrap()), out, "{v}");
        }
    }

    #[test]
    fn ratios_have_four_places() {
        assert_eq!(
            ratio(Decimal::ONE, Decimal::TWO).unwrap().to_string(),
            "0.5000"
        );
        assert_eq!(
            ratio(Decimal::ONE, Decimal::ONE).unwrap().to_string(),
            "1.0000"
        );
        assert_eq!(
            ratio(Decimal::ONE, Decimal::from(3)).unwrap().to_string(),
            "0.3333"
        );
        assert_eq!(ratio(Decimal::ONE, Decimal::ZERO), None);
    }

    #[test]
    fn con1_one_company_currency_never_mixed() {
        assert_eq!(check_currency(None).unwrap(), "CNY");
        assert_eq!(check_currency(Some(" CNY ")).unwrap(), "CNY");
        for bad in ["USD", "usd", "US", "人民币"] {
            let e = check_currency(Some(bad)).unwrap_err();
            assert!(matches!(e, DomainError::Validation { ref field, .. } if field == "currency"));
        }
    }

    #[test]
    fn amounts_fit_numeric_16_2_and_keep_their_sign_rule() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            check_amount("a", d("2.500"), Sign::NonNegative).unwrap(),
            d("2.500")
        );
        assert_eq!(
            check_amount("a", d("0"), Sign::NonNegative).unwrap(),
            d("0")
        );
        assert!(check_amount("a", d("-0.01"), Sign::NonNegative).is_err());
        assert!(check_amount("a", d("0"), Sign::Positive).is_err());
        assert!(check_amount("a", d("0"), Sign::NonZero).is_err());
        assert_eq!(
            check_amount("a", d("-5.10"), Sign::NonZero).unwrap(),
            d("-5.10")
        );
        assert!(check_amount("a", d("1.005"), Sign::NonNegative).is_err());
        assert!(check_amount("a", d("100000000000000"), Sign::NonNegative).is_err());
        assert!(check_amount("a", d("-100000000000000"), Sign::NonZero).is_err());
        assert!(check_amount("a", d("99999999999999.99"), Sign::Positive).is_ok());
    }
}
