//! The GraphQL schema: one folder per bounded context (the same names as
//! `salesd_domain` and `docs/`), merged here. Shared pieces (ids, paging,
//! ordering, loader helpers) live in `common`, which knows no context.
//! Contexts import downwards only: org and calendar at the bottom, then
//! customers, pipeline, contracts, orders, execution, receivables, targets,
//! kpi, worklog and notify (`docs/architecture.md`).

pub mod calendar;
pub mod common;
pub mod contracts;
pub mod customers;
pub mod execution;
pub mod kpi;
pub mod notify;
pub mod orders;
pub mod org;
pub mod pipeline;
pub mod receivables;
pub mod targets;
pub mod worklog;

use std::time::Duration;

use async_graphql::{EmptySubscription, MergedObject, Request, Schema};
use salesd_domain::org::Actor;
use sqlx::PgPool;

use crate::config::{ApiConfig, Env};
use crate::schema::common::loaders::batched;

#[derive(MergedObject, Default)]
pub struct Query(
    org::OrgQuery,
    org::settings::SettingsQuery,
    calendar::CalendarQuery,
    customers::CustomersQuery,
    pipeline::PipelineQuery,
    contracts::ContractsQuery,
    orders::OrderQuery,
    execution::ExecutionQuery,
    receivables::ReceivablesQuery,
    targets::TargetQuery,
    kpi::KpiQuery,
    worklog::WorkLogQuery,
    notify::NotifyQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    org::OrgMutation,
    org::settings::SettingsMutation,
    calendar::CalendarMutation,
    customers::CustomersMutation,
    pipeline::PipelineMutation,
    contracts::ContractsMutation,
    orders::OrderMutation,
    execution::ExecutionMutation,
    receivables::ReceivablesMutation,
    targets::TargetMutation,
    kpi::AssessmentMutation,
    worklog::WorkLogMutation,
    notify::NotifyMutation,
);

/// Every context's DataLoaders, fresh for one request. `window`: how long
/// each collects keys before it queries (`ApiConfig::loader_window`);
/// `actor`: whose scope the scoped loaders (customers) apply.
pub fn request_loaders(
    req: Request,
    pool: &PgPool,
    window: Duration,
    actor: Option<&Actor>,
) -> Request {
    req.data(org::loaders::OrgLoaders::new(pool, window))
        .data(customers::loaders::CustomerLoaders::new(
            pool, window, actor,
        ))
        .data(pipeline::loaders::PipelineLoaders::new(pool, window))
        .data(batched(
            contracts::types::InstallmentsByContract(pool.clone()),
            window,
        ))
        .data(orders::types::OrderLoaders::new(pool, window))
        .data(batched(kpi::types::FactsLoader(pool.clone()), window))
}

/// The schema and, in development, its introspection twin, built once per
/// router.
pub struct Schemas {
    pub main: ApiSchema,
    /// Dev only: the same schema without the depth and complexity limits,
    /// for introspection-only documents (GraphiQL, codegen).
    pub introspection: Option<ApiSchema>,
}

impl Schemas {
    pub fn new(config: &ApiConfig) -> Self {
        Self {
            main: build_schema(config),
            introspection: (config.env == Env::Dev).then(build_introspection_schema),
        }
    }
}

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
