//! The unified social credit code (统一社会信用代码, GB 32100-2015): 18
//! characters from a 31-character alphabet, the last one a check character.

use crate::error::DomainError;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A valid credit code; one that fails its check cannot be constructed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct CreditCode(String);

impl CreditCode {
    /// Accepts lower case and surrounding spaces; checks length, alphabet and
    /// the check character.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let s = raw.trim().to_ascii_uppercase();
        let bad = |m: &str| DomainError::validation("creditCode", m);
        if s.len() != 18 {
            return Err(bad("a unified social credit code has 18 characters"));
        }
        let values: Vec<u32> = s
            .bytes()
            .map(|b| ALPHABET.iter().position(|a| *a == b).map(|p| p as u32))
            .collect::<Option<_>>()
            .ok_or_else(|| bad("a unified social credit code uses digits and the letters A-Y without I, O, S, V"))?;
        if values[17] != check_value(&values[..17]) {
            return Err(bad("the check character of the credit code is wrong"));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check value for the first 17 characters' values.
fn check_value(values: &[u32]) -> u32 {
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31
}

/// Completes 17 characters with their check character (demo data, tests).
pub fn with_check_char(first17: &str) -> Option<String> {
    let values: Vec<u32> = first17
        .bytes()
        .map(|b| ALPHABET.iter().position(|a| *a == b).map(|p| p as u32))
        .collect::<Option<_>>()?;
    if values.len() != 17 {
        return None;
    }
    let c = ALPHABET[check_value(&values) as usize] as char;
    Some(format!("{first17}{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_codes_pass() {
        // Published codes of real companies.
        for code in [
            "91110000600037341L",
            "91440300708461136T",
            "91350100M000100Y43",
            "914403001922038216",
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(
            CreditCode::parse(" 91110000600037341l ").unwrap().as_str(),
            "91110000600037341L"
        );
    }

    #[test]
    fn wrong_check_length_or_alphabet_fail() {
        assert!(CreditCode::parse("91110000600037341M").is_err());
        assert!(CreditCode::parse("9111000060003734").is_err());
        assert!(CreditCode::parse("91110000600037341I").is_err());
        assert!(CreditCode::parse("").is_err());
    }

    #[test]
    fn generated_codes_are_valid() {
        let c = with_check_char("91310000MA1FL0000").unwrap();
        assert!(CreditCode::parse(&c).is_ok());
    }
}
