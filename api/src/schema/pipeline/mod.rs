//! The pipeline context over GraphQL: leads (PIP-1), opportunities and their
//! stages (PIP-2), project artefacts (PIP-3..5), quotes (PIP-6) and
//! negotiations (PIP-7).

pub mod leads;
pub mod loaders;
pub mod negotiations;
pub mod opportunities;
pub mod project;
pub mod quotes;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct PipelineQuery(
    leads::LeadQuery,
    opportunities::OpportunityQuery,
    project::ProjectQuery,
    quotes::QuoteQuery,
    negotiations::NegotiationQuery,
);

#[derive(MergedObject, Default)]
pub struct PipelineMutation(
    leads::LeadMutation,
    opportunities::OpportunityMutation,
    project::ProjectMutation,
    quotes::QuoteMutation,
    negotiations::NegotiationMutation,
);
