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
