//! CUS and KA: customers, contacts, ownership and the public pool,
//! interactions and revisits, care, satisfaction, complaints, key accounts.

pub mod care;
pub mod checks;
pub mod complaints;
pub mod contacts;
pub mod credit_code;
pub mod disputes;
pub mod duplicates;
pub mod festivals;
pub mod followups;
pub mod grade;
pub mod interactions;
pub mod key_accounts;
pub mod model;
pub mod ownership;
pub mod pool;
pub mod query;
pub mod revisit;
pub mod revisit_store;
pub mod satisfaction;
pub mod scans;
pub mod settings;
pub mod store;

pub use credit_code::CreditCode;

use sqlx::{Postgres, QueryBuilder};

use crate::org::{Access, Actor, Resource, Role, Scope};

/// ORG-3 for customers: the scope predicate on `c` (a `customers` row),
/// plus — for reading — the public pool, which every rep sees (CUS-4).
/// Every store of this context that touches a customer goes through it.
pub fn push_customer_scope(qb: &mut QueryBuilder<Postgres>, actor: &Actor, access: Access) {
    push_scope_for(qb, actor, Resource::Customer, access);
}

/// The same predicate for records hanging off a customer (`c` joined),
/// judged by their own resource kind (complaints: customer service).
pub fn push_scope_for(
    qb: &mut QueryBuilder<Postgres>,
    actor: &Actor,
    resource: Resource,
    access: Access,
) {
    let scope = Scope::of(actor, resource, access);
    if scope.is_everything() {
        return;
    }
    // Only the sales side works the pool: finance, service (which reads all
    // anyway), assistants and marketing do not see it.
    let sales = actor.has_any(&[
        Role::SalesRep,
        Role::KeyAccountManager,
        Role::Supervisor,
        Role::SalesManager,
    ]);
    if access == Access::Read && !actor.read_only && sales {
        qb.push(" AND (c.owner_id IS NULL OR (TRUE");
        scope.push_filter(qb, "c.owner_id", "c.owner_unit_id", None);
        qb.push("))");
    } else {
        scope.push_filter(qb, "c.owner_id", "c.owner_unit_id", None);
    }
}
