//! ORG: organisation tree, people, authentication, access scope.

pub mod auth;
pub mod bootstrap;
pub mod model;
pub mod rules;
pub mod scope;
pub mod store;

pub use model::{Locale, OrgUnit, Person, Role, UnitKind, User};
pub use scope::{Access, Actor, Resource, Scope};

/// ORG-4: who asks for which record's audit trail; each context answers
/// for its own records (`audit_visibility`), `crate::registry::audit_visible`
/// asks them all.
#[derive(Clone, Copy)]
pub struct TrailRequest<'a> {
    pub pool: &'a sqlx::PgPool,
    pub actor: &'a Actor,
    /// The audited entity, as `audit_log.entity` stores it (`CUSTOMER`, …).
    pub entity: &'a str,
    pub id: uuid::Uuid,
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
