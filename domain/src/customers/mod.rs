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
        "INTERACTION" | "FOLLOW_UP" | "SATISFACTION" => {
            interactions::audit_visible(pool, actor, entity, id).await?
        }
        "COMPLAINT" | "KA_APPLICATION" | "KA_PLAN" | "KA_EVALUATION" => {
            key_accounts::audit_visible(pool, actor, entity, id).await?
        }
        "CUSTOMER_GRADE_REQUEST" => grade::audit_visible(pool, actor, id).await?,
        "CUSTOMER" | "CONTACT" | "OWNERSHIP_DISPUTE" => {
            query::audit_visible(pool, actor, entity, id).await?
        }
        _ => return Ok(None),
    }))
}

/// Company settings this context owns: validates and stores the change;
/// `None` when the key is another context's.
/// `crate::registry::update_company_setting` asks every context.
pub async fn update_setting(
    c: &crate::customers::settings::SettingChange<'_>,
) -> crate::error::DomainResult<Option<crate::customers::settings::Setting>> {
    Ok(Some(match c.key {
        // CUS-4
        "pool_reclaim_days" => c.validated(pool::ReclaimThresholds::validate).await?,
        // CUS-6
        "revisit_interval_days" => c.validated(revisit::validate_revisit_policy).await?,
        // CUS-7
        "care_holidays" => c.validated(care::validate_care_holidays).await?,
        "care_festivals" => c.validated(festivals::validate_care_festivals).await?,
        // AUTO-1: follow-ups made for opportunities idle this long.
        "stalled_opportunity_days" => {
            c.validated(scans::followup_sources::validate_stalled_days)
                .await?
        }
        // CUS-9
        "complaint_deadline_hours" => {
            c.validated(complaints::validate_complaint_deadline_hours)
                .await?
        }
        // KA-1
        "ka_revenue_threshold" => {
            c.validated::<String>(|v| key_accounts::validate_ka_revenue_threshold(v))
                .await?
        }
        _ => return Ok(None),
    }))
}
