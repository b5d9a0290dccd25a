//! PIP: the project sale from lead to contract — leads and their scoring
//! (PIP-1), opportunities with gated stages and their history (PIP-2), the
//! project team that widens who may see an opportunity (PIP-4, ORG-3), and
//! the weighted forecast (PIP-8).
//!
//! Rules are plain functions (`stages`, `scoring`); the stores apply them
//! under row locks, write the audit log and answer out-of-scope records as
//! missing (ORG-3), like the customers context.

pub mod forecast;
pub mod leads;
pub mod opportunities;
pub mod scoring;
pub mod stages;
