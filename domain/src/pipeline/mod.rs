//! PIP: the project sale from lead to contract — leads and their scoring
//! (PIP-1), opportunities with gated stages and their history (PIP-2), the
//! evaluation, initiation with its project team and requirements report
//! (PIP-3..5, `project`), quotes with margin-based approval (PIP-6),
//! negotiation records, competitor notes and tenders (PIP-7,
//! `negotiations`), and the weighted forecast (PIP-8).
//!
//! Rules are plain functions (`stages`, `scoring`); the stores apply them
//! under row locks, write the audit log and answer out-of-scope records as
//! missing (ORG-3), like the customers context.

pub mod forecast;
pub mod leads;
pub mod negotiations;
pub mod opportunities;
pub mod project;
pub mod quotes;
pub mod scoring;
pub mod stages;

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
        "OPPORTUNITY" => opportunities::get(pool, actor, id).await?.is_some(),
        "LEAD" => leads::get_lead(pool, actor, id).await?.is_some(),
        "QUOTE" => quotes::get(pool, actor, id).await?.is_some(),
        "EVALUATION" | "INITIATION" | "REQUIREMENTS_REPORT" => {
            project::audit_visible(pool, actor, entity, id).await?
        }
        "NEGOTIATION" | "COMPETITOR" | "TENDER" => {
            negotiations::audit_visible(pool, actor, entity, id).await?
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
        // PIP-1: re-scores every NEW lead in the same transaction.
        "lead_scoring" => {
            leads::update_lead_scoring(c.pool, c.ctx, c.value.clone(), c.version).await?
        }
        // PIP-2: default probability per open stage.
        "stage_probabilities" => c.validated(stages::validate_probabilities).await?,
        // PIP-6: the two margin thresholds, validated as a pair.
        "quote_margin_manager" | "quote_margin_director" => {
            quotes::update_threshold(c.pool, c.ctx, c.key, c.value.clone(), c.version).await?
        }
        _ => return Ok(None),
    }))
}
