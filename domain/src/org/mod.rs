//! ORG: organisation tree, people, authentication, access scope.

pub mod auth;
pub mod bootstrap;
pub mod model;
pub mod rules;
pub mod scope;
pub mod store;

pub use model::{Locale, OrgUnit, Person, Role, UnitKind, User};
pub use scope::{Access, Actor, Resource, Scope};

/// ORG-4: whether the asker may read the audit trail of this context's
/// record (the record's own read scope); `None` when the entity is another
/// context's. `crate::registry::audit_visible` asks every context.
pub async fn audit_visibility(
    q: crate::audit::TrailRequest<'_>,
) -> crate::error::DomainResult<Option<bool>> {
    let crate::audit::TrailRequest {
        pool,
        actor,
        entity,
        id,
    } = q;
    Ok(Some(match entity {
        "USER" => {
            let scope = Scope::of(actor, Resource::User, Access::Read);
            store::get_user(pool, &scope, id).await?.is_some()
        }
        "ORG_UNIT" => store::get_unit(pool, id).await?.is_some(),
        "API_TOKEN" => actor.has_role(Role::Admin) && !actor.read_only,
        _ => return Ok(None),
    }))
}
