//! ORG: organisation tree, people, authentication, access scope.

pub mod auth;
pub mod bootstrap;
pub mod model;
pub mod rules;
pub mod scope;
pub mod store;

pub use model::{Locale, OrgUnit, Person, Role, UnitKind, User};
pub use scope::{Access, Actor, Resource, Scope};
