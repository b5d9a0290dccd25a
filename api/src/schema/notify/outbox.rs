//! AUTO-6/AUTO-7 for operators (ADMIN only; everyone else, API tokens
//! included, gets `FORBIDDEN`): outbox statistics, the list of
//! notifications with their delivery record, and retrying or cancelling one.

use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_domain::notify::Notification;
use salesd_domain::notify::admin::{self, KindStats, NotificationFilter};

use crate::context::{actor, domain_ctx, state};
use crate::error::{ApiError, ApiResult};
use crate::schema::common::id;
use crate::schema::common::paging::NoTotal;
use crate::schema::common::paging::{connection, page_complexity, page_request};
use crate::schema::common::uuid;
use crate::schema::org::types::{PersonNode, person};

/// Where a notification is in its delivery (AUTO-6).
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum NotificationStatus {
    /// Waiting until `nextAttemptAt` (first send or a retry after backoff).
    Pending,
    /// Claimed by a sender right now.
    Sending,
    Sent,
    /// Given up: a permanent rejection or the attempts ran out.
    Failed,
    /// Its cause went away, or an operator cancelled it.
    Cancelled,
}

impl NotificationStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Sending => "SENDING",
            Self::Sent => "SENT",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "PENDING" => Self::Pending,
            "SENDING" => Self::Sending,
            "SENT" => Self::Sent,
            "FAILED" => Self::Failed,
            _ => Self::Cancelled,
        }
    }
}

/// A notification with its delivery record, as operators see it.
pub struct NotificationNode(pub Notification);

#[Object(name = "Notification")]
impl NotificationNode {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The deduplication key: the same key is never sent twice.
    async fn dedup_key(&self) -> &str {
        &self.0.dedup_key
    }
    async fn kind(&self) -> &str {
        self.0.kind.as_str()
    }
    /// `EMAIL` or `INBOX`.
    async fn channel(&self) -> &str {
        &self.0.channel
    }
    /// The recipient when it is a person of the company.
    async fn recipient(&self, ctx: &Context<'_>) -> ApiResult<Option<PersonNode>> {
        person(ctx, self.0.recipient_user_id).await
    }
    async fn recipient_user_id(&self) -> Option<ID> {
        self.0.recipient_user_id.map(id)
    }
    /// The recipient when it is a customer's contact.
    async fn recipient_contact_id(&self) -> Option<ID> {
        self.0.recipient_contact_id.map(id)
    }
    async fn locale(&self) -> &str {
        &self.0.locale
    }
    async fn template(&self) -> &str {
        &self.0.template
    }
    async fn payload(&self) -> Json<serde_json::Value> {
        Json(self.0.payload.clone())
    }
    async fn status(&self) -> NotificationStatus {
        NotificationStatus::parse(&self.0.status)
    }
    /// Send attempts so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }
    /// When it is (or was) due to be sent next.
    async fn next_attempt_at(&self) -> DateTime<Utc> {
        self.0.next_attempt_at
    }
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at
    }
    /// The email's Message-ID, derived from the key.
    async fn message_id(&self) -> Option<&str> {
        self.0.message_id.as_deref()
    }
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Counts of one kind of notification on one channel, by status.
#[derive(SimpleObject)]
pub struct NotificationKindStats {
    pub kind: String,
    pub channel: String,
    pub pending: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// `PENDING` after at least one failed attempt (in backoff or due
    /// again); their `lastError` and `nextAttemptAt` are in
    /// `notifications(status: PENDING)`.
    pub retrying: i64,
}

/// Failed delivery attempts of one kind for one reason class, since the
/// start (`salesd_notification_failed_attempts_total` on /metrics).
#[derive(SimpleObject)]
pub struct NotificationFailureCount {
    pub kind: String,
    /// smtp_transient (4xx), connection (none or a timeout), smtp_permanent
    /// (5xx), suppressed, render, other.
    pub reason: String,
    pub attempts: i64,
    pub last_at: DateTime<Utc>,
}

impl From<KindStats> for NotificationKindStats {
    fn from(k: KindStats) -> Self {
        Self {
            kind: k.kind,
            channel: k.channel,
            pending: k.pending,
            sending: k.sending,
            sent: k.sent,
            failed: k.failed,
            cancelled: k.cancelled,
            retrying: k.retrying,
        }
    }
}

/// The outbox at one moment.
#[derive(SimpleObject)]
pub struct NotificationStats {
    /// Per kind and channel, sorted by kind.
    pub kinds: Vec<NotificationKindStats>,
    /// Seconds the oldest `PENDING` notification has been waiting since it
    /// first became due (retries and backoff included); null when nothing
    /// is due.
    pub oldest_pending_age_seconds: Option<i64>,
    /// Failed attempts per kind and reason, since the start.
    pub failures: Vec<NotificationFailureCount>,
}

fn require_admin(ctx: &Context<'_>) -> ApiResult<()> {
    Ok(admin::require_ops_admin(actor(ctx)?)?)
}

#[derive(Default)]
pub struct OutboxAdminQuery;

#[Object]
impl OutboxAdminQuery {
    /// AUTO-6 outbox statistics (ADMIN).
    async fn notification_stats(&self, ctx: &Context<'_>) -> ApiResult<NotificationStats> {
        require_admin(ctx)?;
        let st = state(ctx);
        let s = admin::stats(&st.pool, st.clock.now()).await?;
        Ok(NotificationStats {
            kinds: s.kinds.into_iter().map(Into::into).collect(),
            oldest_pending_age_seconds: s.oldest_pending_age_secs,
            failures: s
                .failures
                .into_iter()
                .map(|f| NotificationFailureCount {
                    kind: f.kind,
                    reason: f.reason,
                    attempts: f.attempts,
                    last_at: f.last_at,
                })
                .collect(),
        })
    }

    /// Every notification, newest first, optionally of one status or kind (ADMIN).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    #[allow(clippy::too_many_arguments)]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        status: Option<NotificationStatus>,
        kind: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Connection<String, NotificationNode, NoTotal>> {
        require_admin(ctx)?;
        if kind.as_ref().is_some_and(|k| k.chars().count() > 60) {
            return Err(ApiError::validation(
                "kind",
                "must be at most 60 characters",
            ));
        }
        let req = page_request(first, after, last, before)?;
        let filter = NotificationFilter {
            status: status.map(|s| s.as_str().to_owned()),
            kind,
        };
        let page = admin::list(&state(ctx).pool, &filter, &req).await?;
        Ok(connection(
            page,
            NotificationNode,
            NoTotal { total_count: None },
        ))
    }
}

#[derive(Default)]
pub struct OutboxAdminMutation;

#[Object]
impl OutboxAdminMutation {
    /// Sends a FAILED notification again, due now; its attempts stay
    /// counted. Any other status: CONFLICT (ADMIN, audited).
    async fn retry_notification(&self, ctx: &Context<'_>, id: ID) -> ApiResult<NotificationNode> {
        require_admin(ctx)?;
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(NotificationNode(
            admin::retry(&state(ctx).pool, &c, id).await?,
        ))
    }

    /// Cancels a PENDING or FAILED notification and its in-app twin; any
    /// other status: CONFLICT (ADMIN, audited).
    async fn cancel_notification(&self, ctx: &Context<'_>, id: ID) -> ApiResult<NotificationNode> {
        require_admin(ctx)?;
        let c = domain_ctx(ctx)?;
        let id = uuid("id", &id)?;
        Ok(NotificationNode(
            admin::cancel(&state(ctx).pool, &c, id).await?,
        ))
    }
}
