//! PostgreSQL stores of the ORG context.

mod tokens;
mod units;
mod users;

pub use tokens::{create_api_token, list_api_tokens, revoke_api_token};
pub use units::{
    NewUnit, UnitPatch, children_of, create_unit, deactivate_unit, get_unit, list_units, root_unit,
    units_by_ids, update_unit,
};
pub use users::{
    NewUser, UserFilter, UserOrder, UserPatch, approving_head, count_users, create_user,
    deactivate_user, direct_heads, direct_heads_strict, get_user, list_users, persons_by_ids,
    update_user, users_by_ids,
};

use super::model::Role;
use super::scope::Actor;
use crate::error::{DomainError, DomainResult};

/// Only an ADMIN changes the organisation; API tokens never write.
pub(crate) fn require_admin(actor: &Actor) -> DomainResult<()> {
    if actor.read_only {
        return Err(DomainError::Forbidden("API tokens are read-only".into()));
    }
    if !actor.has_role(Role::Admin) {
        return Err(DomainError::Forbidden(
            "only an ADMIN may change the organisation".into(),
        ));
    }
    Ok(())
}
