//! The scalars of the API conventions (docs/api.md).
//!
//! async-graphql's own `Decimal` accepts JSON numbers, which a client's JSON
//! parser has already turned into binary floating point; ours accepts only
//! strings, so an amount is exact end to end. Its date scalar is called
//! `NaiveDate`; ours is `Date` (ISO 8601 `YYYY-MM-DD`).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// An exact decimal number (money: CNY, 2 places), always a JSON string
/// such as `"1234.50"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decimal(pub rust_decimal::Decimal);

#[Scalar(
    name = "Decimal",
    specified_by_url = "https://en.wikipedia.org/wiki/Decimal_data_type"
)]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => {
                let s = s.trim();
                let plain = !s.is_empty()
                    && s.len() <= 40
                    && s.chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
                if !plain {
                    return Err(InputValueError::custom(
                        "a decimal is written like \"1234.50\"",
                    ));
                }
                s.parse::<rust_decimal::Decimal>()
                    .map(Decimal)
                    .map_err(|_| InputValueError::custom("not a decimal number"))
            }
            Value::Number(_) => Err(InputValueError::custom(
                "send decimals as strings (\"1234.50\"): JSON numbers lose precision",
            )),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(written(self.0).to_string())
    }
}

/// A decimal as the API writes it: at least 2 places, so money always
/// reads `"0.00"` or `"1234.50"` (never `"0"`); values with more places
/// (a rate's 4, a quantity's 3) keep them.
pub fn written(mut d: rust_decimal::Decimal) -> rust_decimal::Decimal {
    if d.scale() < 2 {
        d.rescale(2);
    }
    d
}

/// A calendar date in the company time zone, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub chrono::NaiveDate);

#[Scalar(
    name = "Date",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("a date is written YYYY-MM-DD")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_strings_and_exact() {
        let d = Decimal::parse(Value::String("0.10".into())).unwrap();
        assert_eq!(d.0 + d.0 + d.0, "0.30".parse().unwrap());
        assert_eq!(
            d.to_value(),
            Value::String("0.10".into()),
            "the scale is kept: money reads 1234.50"
        );
        assert!(Decimal::parse(Value::Number(1.into())).is_err());
        // Money always has 2 places; more places are kept.
        for (v, out) in [
            ("0", "0.00"),
            ("12", "12.00"),
            ("1.5", "1.50"),
            ("0.5000", "0.5000"),
        ] {
            let d = Decimal(v.parse().unwrap());
            assert_eq!(d.to_value(), Value::String(out.into()), "{v}");
        }
        for bad in ["", "1e5", "12,5", "abc", "--1"] {
            assert!(Decimal::parse(Value::String(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_iso() {
        let d = Date::parse(Value::String("2026-02-28".into())).unwrap();
        assert_eq!(d.to_value(), Value::String("2026-02-28".into()));
        assert!(Date::parse(Value::String("2026-02-30".into())).is_err());
        assert!(Date::parse(Value::String("28/02/2026".into())).is_err());
    }
}
