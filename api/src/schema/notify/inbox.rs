//! AUTO-6: the signed-in user's in-app inbox.
//!
//! Only the caller's own notifications exist here: another user's id is
//! `NOT_FOUND`, like a missing one. API tokens are not people, so their
//! inbox is empty and they cannot mark anything read (`FORBIDDEN`, as every
//! write of a token).

use async_graphql::connection::Connection;
use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, Utc};
use salesd_domain::notify::inbox::{self, InboxItem};
use salesd_domain::page::Page;

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::id;
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;

/// A notification in the caller's inbox, with its text rendered in the
/// notification's locale.
pub struct InboxNotificationNode {
    item: InboxItem,
    title: String,
    body: String,
}

impl InboxNotificationNode {
    /// Renders the title (the email's subject) and body (its plain text).
    /// A template that fails to render shows its kind and no body, so one
    /// bad row cannot break the inbox.
    pub fn new(item: InboxItem) -> Self {
        let rendered = salesd_domain::notify::render::render(
            &item.template,
            &item.locale,
            &item.payload,
            item.email_key(),
        );
        let (title, body) = match rendered {
            Ok(r) => (r.subject, r.text),
            Err(e) => {
                tracing::warn!(notification = %item.id, error = %e, "inbox notification does not render");
                (item.kind.clone(), String::new())
            }
        };
        Self { item, title, body }
    }
}

#[Object(name = "InboxNotification")]
impl InboxNotificationNode {
    async fn id(&self) -> ID {
        id(self.item.id)
    }
    /// What caused it, e.g. `revisit_due`, `followup_escalation`.
    async fn kind(&self) -> &str {
        &self.item.kind
    }
    /// One line, in the recipient's locale.
    async fn title(&self) -> &str {
        &self.title
    }
    /// Plain text, in the recipient's locale.
    async fn body(&self) -> &str {
        &self.body
    }
    /// The facts it is about (customer id and name, due date, …), for links.
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.item.payload.clone())
    }
    /// When it was recorded.
    async fn created_at(&self) -> DateTime<Utc> {
        self.item.created_at
    }
    /// When it appeared in the inbox.
    async fn sent_at(&self) -> DateTime<Utc> {
        self.item.sent_at
    }
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.item.read_at
    }
    async fn read(&self) -> bool {
        self.item.read_at.is_some()
    }
}

#[derive(Default)]
pub struct InboxQuery;

#[Object]
impl InboxQuery {
    /// AUTO-6: the caller's inbox, unread first, then newest first;
    /// `unreadOnly: true` leaves out the read ones. Empty for an API token.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn my_notifications(
        &self,
        ctx: &Context<'_>,
        unread_only: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, InboxNotificationNode, NoTotal>> {
        let actor = actor(ctx)?;
        let req = page_request(first, after, last, before)?;
        let page = match actor.user_id {
            Some(user) => {
                let st = state(ctx);
                inbox::list(
                    &st.pool,
                    user,
                    unread_only.unwrap_or(false),
                    st.clock.now(),
                    &req,
                )
                .await?
            }
            None => Page {
                items: Vec::new(),
                has_previous_page: false,
                has_next_page: false,
            },
        };
        Ok(connection(
            page,
            InboxNotificationNode::new,
            NoTotal { total_count: None },
        ))
    }

    /// How many of the caller's inbox notifications are unread (0 for an
    /// API token).
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let Some(user) = actor(ctx)?.user_id else {
            return Ok(0);
        };
        let st = state(ctx);
        Ok(inbox::unread_count(&st.pool, user, st.clock.now()).await?)
    }
}

#[derive(Default)]
pub struct InboxMutation;

#[Object]
impl InboxMutation {
    /// Marks one of the caller's notifications read; marking it again keeps
    /// the first `readAt`. NOT_FOUND for anyone else's.
    async fn mark_notification_read(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<InboxNotificationNode> {
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        let user = c.actor.user_id.ok_or_else(ApiError::not_found)?;
        let item = inbox::mark_read(&state(ctx).pool, user, id, c.now).await?;
        Ok(InboxNotificationNode::new(item))
    }

    /// Marks every unread notification of the caller read; returns how many.
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> ApiResult<i64> {
        let c = domain_ctx(ctx)?;
        let user = c.actor.user_id.ok_or_else(ApiError::not_found)?;
        let n = inbox::mark_all_read(&state(ctx).pool, user, c.now).await?;
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
