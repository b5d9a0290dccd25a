//! ORG rules as plain functions.

use uuid::Uuid;

use crate::error::DomainError;

/// ORG-5: the direct head of a user is the head of their unit, or — when the
/// user heads that unit (or it has no head) — the nearest head above.
///
/// `chain` lists the user's unit and its ancestors, nearest first, each with
/// its head. The top of the company has no direct head.
pub fn direct_head(user: Uuid, chain: &[(Uuid, Option<Uuid>)]) -> Option<Uuid> {
    chain
        .iter()
        .filter_map(|(_, head)| *head)
        .find(|head| *head != user)
}

/// ORG-1: moving `unit` under `new_parent` must not make it its own ancestor.
/// `subtree` is the unit and everything below it.
pub fn check_no_cycle(unit: Uuid, new_parent: Uuid, subtree: &[Uuid]) -> Result<(), DomainError> {
    if new_parent == unit || subtree.contains(&new_parent) {
        return Err(DomainError::validation(
            "parentId",
            "a unit cannot be moved below itself or one of its own sub-units",
        ));
    }
    Ok(())
}

/// A trimmed display name of 1..=100 characters.
pub fn display_name(field: &str, raw: &str) -> Result<String, DomainError> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 {
        return Err(DomainError::validation(field, "must not be empty"));
    }
    if chars > 100 {
        return Err(DomainError::validation(
            field,
            "must be at most 100 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(DomainError::validation(
            field,
            "must not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// A lower-cased, syntactically valid email address of at most 254 characters.
pub fn email(raw: &str) -> Result<String, DomainError> {
    let e = raw.trim().to_lowercase();
    if e.len() > 254 || !email_address::EmailAddress::is_valid(&e) || !e.contains('.') {
        return Err(DomainError::validation(
            "email",
            "not a valid email address",
        ));
    }
    Ok(e)
}

/// A password of 8..=128 characters.
pub fn password(raw: &str) -> Result<&str, DomainError> {
    let n = raw.chars().count();
    if !(8..=128).contains(&n) {
        return Err(DomainError::validation(
            "password",
            "must be 8 to 128 characters",
        ));
    }
    Ok(raw)
}

/// An optional phone number: digits, spaces, `+`, `-`, parentheses; ≤ 32.
pub fn phone(raw: Option<&str>) -> Result<Option<String>, DomainError> {
    let Some(p) = raw.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let ok = p.len() <= 32
        && p.chars().any(|c| c.is_ascii_digit())
        && p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if !ok {
        return Err(DomainError::validation("phone", "not a phone number"));
    }
    Ok(Some(p.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> (Uuid, Uuid, Uuid, Uuid, Uuid, Uuid) {
        (
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
            Uuid::now_v7(),
        )
    }

    #[test]
    fn org5_member_reports_to_unit_head() {
        let (rep, sup, mgr, team, region, _) = ids();
        let chain = [(team, Some(sup)), (region, Some(mgr))];
        assert_eq!(direct_head(rep, &chain), Some(sup));
    }

    #[test]
    fn org5_head_reports_to_parent_head() {
        let (_, sup, mgr, team, region, _) = ids();
        let chain = [(team, Some(sup)), (region, Some(mgr))];
        assert_eq!(direct_head(sup, &chain), Some(mgr));
    }

    #[test]
    fn org5_headless_unit_skips_to_next_head_and_top_has_none() {
        let (rep, gm, _, team, company, _) = ids();
        assert_eq!(
            direct_head(rep, &[(team, None), (company, Some(gm))]),
            Some(gm)
        );
        assert_eq!(direct_head(gm, &[(company, Some(gm))]), None);
    }

    #[test]
    fn org1_cycle_refused() {
        let (a, b, c, ..) = ids();
        assert!(check_no_cycle(a, a, &[a, b]).is_err());
        assert!(check_no_cycle(a, b, &[a, b]).is_err());
        assert!(check_no_cycle(a, c, &[a, b]).is_ok());
    }

    #[test]
    fn inputs_are_validated() {
        assert!(email("Wang.Wu@Example.COM").is_ok_and(|e| e == "wang.wu@example.com"));
        assert!(email("not-an-email").is_err());
        assert!(display_name("displayName", "  ").is_err());
        assert!(display_name("displayName", &"名".repeat(101)).is_err());
        assert!(display_name("displayName", "a\nb").is_err());
        assert!(password("short").is_err());
        assert!(phone(Some("+86 138-0000-0000")).is_ok());
        assert!(phone(Some("call me")).is_err());
    }
}
