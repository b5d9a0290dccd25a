//! Free text as every context checks it: trimmed, counted in characters
//! (not bytes, so 20 Chinese characters are 20), and refused with the
//! field's name when too long or, where required, empty. Control characters
//! never reach these checks: the API refuses them in every string argument
//! before a resolver runs (`api/src/limits.rs`).

use crate::error::{DomainError, DomainResult};

/// Optional text: blank is `None`; longer than `max` characters is a
/// VALIDATION error on `field`.
pub fn optional(field: &str, v: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    let v = v.map(str::trim).filter(|v| !v.is_empty());
    if v.is_some_and(|v| v.chars().count() > max) {
        return Err(DomainError::validation(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(v.map(str::to_owned))
}

/// Required text: 1 to `max` characters once trimmed.
pub fn required(field: &str, v: &str, max: usize) -> DomainResult<String> {
    let v = v.trim();
    let n = v.chars().count();
    if n == 0 || n > max {
        return Err(DomainError::validation(
            field,
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_counted_in_characters() {
        assert_eq!(optional("f", Some("  "), 3).unwrap(), None);
        assert_eq!(
            optional("f", Some(" 客户甲 "), 3).unwrap().as_deref(),
            Some("客户甲")
        );
        assert!(optional("f", Some("客户甲乙"), 3).is_err());
        assert_eq!(required("f", " 甲 ", 1).unwrap(), "甲");
        assert!(required("f", "   ", 5).is_err());
        assert!(required("f", "abcdef", 5).is_err());
    }
}
