//! The GraphQL schema: one module per bounded context, merged here.

pub mod assessment_types;
pub mod assessments;
pub mod calendar;
pub mod cash_collections;
pub mod complaint_types;
pub mod complaints;
pub mod connection;
pub mod contact_types;
pub mod contract_types;
pub mod contracts;
pub mod credit;
pub mod customer_detail;
pub mod customer_enums;
pub mod customer_inputs;
pub mod customer_types;
pub mod customers;
pub mod dashboards;
pub mod dunning;
pub mod dunning_types;
pub mod execution;
pub mod execution_types;
pub mod grade_requests;
pub mod inbox;
pub mod interaction_types;
pub mod interactions;
pub mod key_account_types;
pub mod key_accounts;
pub mod lead_types;
pub mod leads;
pub mod loaders;
pub mod negotiation_types;
pub mod negotiations;
pub mod opportunities;
pub mod opportunity_types;
pub mod order_types;
pub mod orders;
pub mod org;
pub mod org_types;
pub mod outbox_admin;
pub mod ownership;
pub mod ownership_types;
pub mod project;
pub mod project_types;
pub mod queues;
pub mod quote_types;
pub mod quotes;
pub mod receivable_types;
pub mod receivables;
pub mod settings;
pub mod statements;
pub mod targets;
pub mod worklog;
pub mod worklog_types;

use async_graphql::{EmptySubscription, MergedObject, Schema};

use crate::state::{ApiConfig, Env};

#[derive(MergedObject, Default)]
pub struct Query(
    org::OrgQuery,
    customers::CustomerQuery,
    ownership::OwnershipQuery,
    grade_requests::GradeRequestQuery,
    settings::SettingsQuery,
    interactions::InteractionsQuery,
    complaints::ComplaintQuery,
    key_accounts::KeyAccountQuery,
    inbox::InboxQuery,
    outbox_admin::OutboxAdminQuery,
    queues::QueueQuery,
    leads::LeadQuery,
    opportunities::OpportunityQuery,
    project::ProjectQuery,
    quotes::QuoteQuery,
    negotiations::NegotiationQuery,
    contracts::ContractQuery,
    orders::OrderQuery,
    execution::ExecutionQuery,
    receivables::ReceivableQuery,
    statements::StatementQuery,
    dunning::DunningQuery,
    credit::CreditQuery,
    cash_collections::CashCollectionQuery,
    targets::TargetQuery,
    worklog::WorkLogQuery,
    calendar::CalendarQuery,
    dashboards::DashboardQuery,
    assessments::AssessmentQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    org::OrgMutation,
    customers::CustomerMutation,
    ownership::OwnershipMutation,
    grade_requests::GradeRequestMutation,
    settings::SettingsMutation,
    interactions::InteractionsMutation,
    complaints::ComplaintMutation,
    key_accounts::KeyAccountMutation,
    inbox::InboxMutation,
    outbox_admin::OutboxAdminMutation,
    queues::QueueMutation,
    leads::LeadMutation,
    opportunities::OpportunityMutation,
    project::ProjectMutation,
    quotes::QuoteMutation,
    negotiations::NegotiationMutation,
    contracts::ContractMutation,
    orders::OrderMutation,
    execution::ExecutionMutation,
    receivables::ReceivableMutation,
    statements::StatementMutation,
    dunning::DunningMutation,
    credit::CreditMutation,
    cash_collections::CashCollectionMutation,
    targets::TargetMutation,
    worklog::WorkLogMutation,
    calendar::CalendarMutation,
    assessments::AssessmentMutation,
);

pub type ApiSchema = Schema<Query, Mutation, EmptySubscription>;

/// The schema with the request limits of `config` (docs/api.md, "Limits").
pub fn build_schema(config: &ApiConfig) -> ApiSchema {
    let mut b = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(config.max_depth)
        .limit_complexity(config.max_complexity)
        .limit_recursive_depth(32)
        .limit_directives(10);
    if config.env == Env::Production {
        b = b.disable_introspection().disable_suggestions();
    }
    b.finish()
}

/// Dev only: the schema for documents that only introspect. The standard
/// introspection query (graphql-js `getIntrospectionQuery()`) nests its
/// type references deeper than a business query may, so it runs without
/// the depth and complexity limits; it reads only the schema, never data.
pub fn build_introspection_schema() -> ApiSchema {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_recursive_depth(64)
        .limit_directives(10)
        .finish()
}

/// The SDL as `schema.graphql` holds it (types sorted by name).
pub fn sdl() -> String {
    let schema = build_schema(&ApiConfig::default());
    schema.sdl_with_options(
        async_graphql::SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}
