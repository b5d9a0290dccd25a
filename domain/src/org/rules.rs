//! ORG rules as plain functions.

use uuid::Uuid;

use crate::error::DomainError;

/// Who hears an escalation about `user`: the nearest head above that is not
/// the user, skipping a unit without a head (a notice must reach someone).
///
/// `chain` lists the user's unit and its ancestors, nearest first, each with
/// its head. The top of the company has no one above.
pub fn nearest_head(user: Uuid, chain: &[(Uuid, Option<Uuid>)]) -> Option<Uuid> {
    chain
        .iter()
        .filter_map(|(_, head)| *head)
        .find(|head| *head != user)
}

/// ORG-5 as an approval needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirectHead {
    /// The head of the user's unit, or of the parent unit for its head.
    Head(Uuid),
    /// ORG-1: that unit has no head, so there is no one to decide.
    Vacant(Uuid),
    /// The user heads the top of the company.
    Top,
}

/// ORG-5: the direct head of a user is the head of their unit, or the head
/// of the parent unit when the user heads their own. A unit without a head
/// is a vacancy (ORG-1 says every unit has one), not skipped: an approval
/// that needs the missing head says which unit lacks it.
pub fn direct_head(user: Uuid, chain: &[(Uuid, Option<Uuid>)]) -> DirectHead {
    for (unit, head) in chain {
        match head {
            Some(h) if *h == user => continue,
            Some(h) => return DirectHead::Head(*h),
            None => return DirectHead::Vacant(*unit),
        }
    }
    DirectHead::Top
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
        assert_eq!(direct_head(rep, &chain), DirectHead::Head(sup));
        assert_eq!(nearest_head(rep, &chain), Some(sup));
    }

    #[test]
    fn org5_head_reports_to_parent_head() {
        let (_, sup, mgr, team, region, _) = ids();
        let chain = [(team, Some(sup)), (region, Some(mgr))];
        assert_eq!(direct_head(sup, &chain), DirectHead::Head(mgr));
    }

    #[test]
    fn org1_a_headless_unit_is_a_vacancy_escalations_go_above_and_top_has_none() {
        let (rep, gm, sup, team, company, region) = ids();
        let chain = [(team, None), (company, Some(gm))];
        assert_eq!(direct_head(rep, &chain), DirectHead::Vacant(team));
        assert_eq!(
            nearest_head(rep, &chain),
            Some(gm),
            "a notice still reaches someone"
        );
        // The head of a team whose region has no head.
        let chain = [(team, Some(sup)), (region, None), (company, Some(gm))];
        assert_eq!(direct_head(sup, &chain), DirectHead::Vacant(region));
        assert_eq!(direct_head(gm, &[(company, Some(gm))]), DirectHead::Top);
        assert_eq!(nearest_head(gm, &[(company, Some(gm))]), None);
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
        assert!(display_name("displayName", "  ").is_err());
        assert!(display_name("displayName", &"名".repeat(101)).is_err());
        assert!(display_name("displayName", "a\nb").is_err());
        assert!(password("short").is_err());
    }
}
