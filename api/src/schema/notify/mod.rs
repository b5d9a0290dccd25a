//! The notify context over GraphQL: the signed-in user's inbox (AUTO-6) and,
//! for operators, the outbox and the job queues (AUTO-7).

pub mod inbox;
pub mod outbox;
pub mod queues;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct NotifyQuery(
    inbox::InboxQuery,
    outbox::OutboxAdminQuery,
    queues::QueueQuery,
);

#[derive(MergedObject, Default)]
pub struct NotifyMutation(
    inbox::InboxMutation,
    outbox::OutboxAdminMutation,
    queues::QueueMutation,
);
