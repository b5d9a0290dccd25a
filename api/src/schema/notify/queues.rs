//! AUTO-7: the job queues for operators (ADMIN only): counts and workers
//! read straight from apalis-redis's keys, the jobs it gave up on, and
//! retrying or cancelling a job (`salesd_worker::client::admin`).

use async_graphql::{Context, ID, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use salesd_worker::client::admin::{self as jobs, FailedJob, JobChange};
use salesd_worker::client::{QueueStats, queue_stats_all};

use crate::context::{actor, state};
use crate::error::{ApiError, ApiResult, Code};

/// A worker registered on a queue.
#[derive(SimpleObject)]
pub struct QueueWorker {
    /// The worker's name (host and process id unless set).
    pub name: String,
    pub last_heartbeat: DateTime<Utc>,
}

/// One queue's jobs by state, at one moment.
#[derive(SimpleObject)]
pub struct JobQueue {
    /// `maintenance`, `scan` or `notify`.
    pub name: String,
    /// Waiting for their run time (apalis-redis puts every new job here
    /// first, and retries after a failure).
    pub scheduled: i64,
    /// Due and waiting for a worker.
    pub active: i64,
    /// Being run by a worker now.
    pub running: i64,
    /// Finished (kept for a while, then pruned).
    pub done: i64,
    /// Given up on: see `failedJobs`.
    pub dead: i64,
    pub workers: Vec<QueueWorker>,
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl From<QueueStats> for JobQueue {
    fn from(s: QueueStats) -> Self {
        Self {
            name: s.name,
            scheduled: count(s.scheduled),
            active: count(s.active),
            running: count(s.running),
            done: count(s.done),
            dead: count(s.dead),
            workers: s
                .workers
                .into_iter()
                .map(|(name, last_heartbeat)| QueueWorker {
                    name,
                    last_heartbeat,
                })
                .collect(),
        }
    }
}

/// A job apalis gave up on (killed, or failed on every attempt).
pub struct FailedJobNode(pub FailedJob);

#[Object(name = "FailedJob")]
impl FailedJobNode {
    /// The job's id in its queue.
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn queue(&self) -> &str {
        &self.0.queue
    }
    /// `Killed` (aborted or panicked) or `Failed` (every attempt failed).
    async fn status(&self) -> Option<&str> {
        self.0.status.as_deref()
    }
    async fn attempts(&self) -> i32 {
        i32::try_from(self.0.attempts).unwrap_or(i32::MAX)
    }
    /// The last run's error.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// The job's arguments; null once pruned.
    async fn payload(&self) -> Option<Json<serde_json::Value>> {
        self.0.payload.clone().map(Json)
    }
    /// When it was given up on.
    async fn failed_at(&self) -> Option<DateTime<Utc>> {
        self.0.failed_at
    }
}

fn require_admin(ctx: &Context<'_>) -> ApiResult<()> {
    Ok(salesd_domain::notify::admin::require_ops_admin(actor(
        ctx,
    )?)?)
}

fn queue_arg(queue: &str) -> ApiResult<&'static str> {
    jobs::known_queue(queue).ok_or_else(|| {
        ApiError::validation(
            "queue",
            format!(
                "unknown queue; one of {}",
                salesd_worker::client::QUEUES.join(", ")
            ),
        )
    })
}

fn job_id_arg(id: &ID) -> ApiResult<&str> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(id.as_str())
    } else {
        Err(ApiError::validation("id", "not a job id"))
    }
}

fn redis_failed(e: &redis::RedisError) -> ApiError {
    ApiError::internal(e)
}

#[derive(Default)]
pub struct QueueQuery;

#[Object]
impl QueueQuery {
    /// AUTO-7: every job queue with its counts and workers (ADMIN).
    async fn job_queues(&self, ctx: &Context<'_>) -> ApiResult<Vec<JobQueue>> {
        require_admin(ctx)?;
        let st = state(ctx);
        let mut conn = st.redis.clone();
        let all = queue_stats_all(&mut conn, &st.config.redis_prefix)
            .await
            .map_err(|e| redis_failed(&e))?;
        Ok(all.into_iter().map(Into::into).collect())
    }

    /// AUTO-7: the jobs of `queue` apalis gave up on, most recent first,
    /// with their last error (ADMIN).
    async fn failed_jobs(
        &self,
        ctx: &Context<'_>,
        queue: String,
        #[graphql(default = 50)] first: i32,
    ) -> ApiResult<Vec<FailedJobNode>> {
        require_admin(ctx)?;
        let queue = queue_arg(&queue)?;
        let limit = usize::try_from(first)
            .ok()
            .filter(|n| *n <= salesd_domain::page::MAX_PAGE_SIZE)
            .ok_or_else(|| ApiError::validation("first", "must be between 0 and 200"))?;
        let st = state(ctx);
        let mut conn = st.redis.clone();
        let list = jobs::failed_jobs(&mut conn, &st.config.redis_prefix, queue, limit)
            .await
            .map_err(|e| redis_failed(&e))?;
        Ok(list.into_iter().map(FailedJobNode).collect())
    }
}

#[derive(Default)]
pub struct QueueMutation;

#[Object]
impl QueueMutation {
    /// AUTO-7: puts a dead job back on its queue to run again, with its
    /// attempts reset (ADMIN). NOT_FOUND unless it is dead.
    async fn retry_job(&self, ctx: &Context<'_>, queue: String, id: ID) -> ApiResult<bool> {
        require_admin(ctx)?;
        let queue = queue_arg(&queue)?;
        let id = job_id_arg(&id)?;
        let st = state(ctx);
        let mut conn = st.redis.clone();
        match jobs::retry_job(&mut conn, &st.config.redis_prefix, queue, id)
            .await
            .map_err(|e| redis_failed(&e))?
        {
            JobChange::Changed => {
                tracing::info!(queue, job = id, "operator retried a dead job");
                Ok(true)
            }
            JobChange::PayloadGone => Err(ApiError::new(
                Code::Conflict,
                "the job's arguments were pruned; it cannot run again",
            )),
            JobChange::NotFound | JobChange::Running => Err(ApiError::not_found()),
        }
    }

    /// AUTO-7: removes a waiting (scheduled or active) or dead job so that
    /// it never runs (ADMIN). CONFLICT while a worker runs it; NOT_FOUND
    /// for a finished or unknown one.
    async fn cancel_job(&self, ctx: &Context<'_>, queue: String, id: ID) -> ApiResult<bool> {
        require_admin(ctx)?;
        let queue = queue_arg(&queue)?;
        let id = job_id_arg(&id)?;
        let st = state(ctx);
        let mut conn = st.redis.clone();
        match jobs::cancel_job(&mut conn, &st.config.redis_prefix, queue, id)
            .await
            .map_err(|e| redis_failed(&e))?
        {
            JobChange::Changed => {
                tracing::info!(queue, job = id, "operator cancelled a job");
                Ok(true)
            }
            JobChange::Running => Err(ApiError::new(
                Code::Conflict,
                "a worker is running the job; it cannot be cancelled now",
            )),
            JobChange::NotFound | JobChange::PayloadGone => Err(ApiError::not_found()),
        }
    }
}
