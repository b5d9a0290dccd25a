//! End-to-end tests of the API: GraphQL over HTTP against real PostgreSQL
//! and Redis. Each test has its own database and Redis prefix.

mod common;

mod e2e {
    pub mod access;
    pub mod admin;
    pub mod assessments;
    pub mod audit;
    pub mod auth;
    pub mod calendar;
    pub mod complaints;
    pub mod console;
    pub mod contracts;
    pub mod credit;
    pub mod customer_access;
    pub mod customer_detail;
    pub mod customers;
    pub mod dashboards;
    pub mod delivery;
    pub mod dunning;
    pub mod execution;
    pub mod http;
    pub mod inbox;
    pub mod interactions;
    pub mod key_accounts;
    pub mod kpi_catalogue;
    pub mod kpi_demo;
    pub mod layering;
    pub mod leads;
    pub mod negotiations;
    pub mod opportunities;
    pub mod orders;
    pub mod outbox;
    pub mod ownership;
    pub mod paging;
    pub mod pipeline_demo;
    pub mod project;
    pub mod project_walk;
    pub mod queues;
    pub mod quotes;
    pub mod receivables;
    pub mod receivables_year;
    pub mod reminders;
    pub mod revisits;
    pub mod schema;
    pub mod statements;
    pub mod targets;
    pub mod worklog;
}
