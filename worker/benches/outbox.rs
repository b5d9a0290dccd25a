//! Emails per second through the outbox (issue 4, BENCHMARKS.md).
//!
//! A migrated database of its own with the demo company (20 reps), then per
//! configuration: `BENCH_N` (default 2 000) due `pool_reclaimed` emails (with
//! their in-app twins) recorded in one go, and [`drain`] timed until every
//! one is sent — through a real SMTP conversation on loopback, or to the
//! file outbox in a temporary folder. Three SMTP servers on loopback:
//! - [`FastSink`], below: a minimal server that answers each command in one
//!   write with `TCP_NODELAY`, as a real mail server does;
//! - the same with `TCP_QUICKACK`: it acknowledges at once, so the client's
//!   Nagle never waits for a delayed ACK (lettre 0.11.23 leaves Nagle on and
//!   writes the end-of-data dot separately: 40 ms per message otherwise);
//! - the tests' [`SmtpSink`], with fewer emails (`BENCH_SINK_N`, default
//!   200): it also writes each reply and its CRLF separately, so its replies
//!   wait for delayed ACKs too.
//!
//! Also measured, to read the result: one PostgreSQL round trip
//! (`SELECT 1`) and rendering one mail (no I/O).
//!
//!     cargo bench -p salesd-worker --bench outbox
//!
//! `harness = false`: a plain `main` printing a table; nothing is asserted
//! beyond "every email was sent". Without `--bench` (that is, under `cargo
//! test --all-targets`) it is a smoke run of 20 emails per configuration (5
//! through `SmtpSink`).

// A benchmark's output is its table.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use salesd_demo::{self as demo, DemoOptions};
use salesd_domain::customers::scans::pool::PoolReclaimed;
use salesd_domain::notify::render::render;
use salesd_domain::notify::{NewNotification, Notice, enqueue_many};
use salesd_domain::testing::TestDb;
use salesd_worker::MailConfig;
use salesd_worker::jobs::notify::drain;
use salesd_worker::smtp_sink::SmtpSink;
use sqlx::PgPool;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;

/// Notifications per `enqueue_many` call (one `INSERT … UNNEST` each).
const ENQUEUE_CHUNK: usize = 500;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not.
    let bench = std::env::args().any(|a| a == "--bench");
    let var = |name: &str, default: usize, smoke: usize| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|_| bench)
            .unwrap_or(if bench { default } else { smoke })
    };
    let (n, sink_n) = (var("BENCH_N", 2_000, 20), var("BENCH_SINK_N", 200, 5));
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(run(n, sink_n));
}

/// p50 and p99 of the acceptance → SENT window, as the histogram's bucket
/// bounds that hold them (what a Prometheus quantile would interpolate).
fn window(h: &prometheus::Histogram) -> String {
    use prometheus::core::Metric;
    let m = h.metric();
    let hist = m.get_histogram();
    let count = hist.get_sample_count();
    if count == 0 {
        return "-".into();
    }
    let at = |q: f64| {
        let want = (q * count as f64).ceil() as u64;
        hist.get_bucket()
            .iter()
            .find(|b| b.cumulative_count() >= want)
            .map_or("> 1 s".to_owned(), |b| {
                format!("≤ {} ms", b.upper_bound() * 1000.0)
            })
    };
    format!("{} / {}", at(0.5), at(0.99))
}

async fn run(n: usize, sink_n: usize) {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            reps: 20,
            ..Default::default()
        },
    )
    .await
    .expect("demo company");
    let users: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT id, locale FROM users WHERE active AND email IS NOT NULL ORDER BY email",
    )
    .fetch_all(&db.pool)
    .await
    .expect("users");
    println!(
        "outbox bench: {n} emails per run, {} recipients, database {}",
        users.len(),
        db.name
    );

    let rtt = round_trip(&db.pool, 2_000).await;
    println!(
        "PostgreSQL round trip (SELECT 1 on the pool): {:.0} µs",
        micros(rtt)
    );
    let render_each = render_cost(2_000);
    println!(
        "render one mail (pool_reclaimed, zh-CN): {:.0} µs",
        micros(render_each)
    );

    println!();
    println!(
        "| transport | batch | emails | drain time | emails/s | per email | SENT window p50 / p99 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|");
    let namespace = salesd_worker::testing::unique_namespace();
    let outbox_dir =
        std::env::temp_dir().join(format!("salesd-bench-outbox-{}", std::process::id()));
    let fast = FastSink::start(false).await;
    let quick = FastSink::start(true).await;
    let sink = SmtpSink::start().await.expect("smtp sink");
    let smtp = |url: String| MailConfig::smtp(&url).expect("smtp url");
    let runs: [(&str, i64, usize, MailConfig); 6] = [
        ("SMTP, FastSink", 20, n, smtp(fast.url())),
        ("SMTP, FastSink + TCP_QUICKACK", 20, n, smtp(quick.url())),
        ("SMTP, FastSink + TCP_QUICKACK", 100, n, smtp(quick.url())),
        (
            "file outbox",
            20,
            n,
            MailConfig::File {
                dir: outbox_dir.clone(),
            },
        ),
        (
            "file outbox",
            100,
            n,
            MailConfig::File {
                dir: outbox_dir.clone(),
            },
        ),
        ("SMTP, tests' SmtpSink", 20, sink_n, smtp(sink.url())),
    ];
    for (i, (label, batch, n, mail)) in runs.into_iter().enumerate() {
        enqueue(&db.pool, &users, &format!("bench:{i}"), n).await;
        let mut ctx = salesd_worker::testing::job_context(db.pool.clone(), &namespace, mail).await;
        ctx.notify_batch = batch;
        ctx.notify_lease = Duration::from_secs(300);
        let before = sink.messages().len() + fast.received() + quick.received();
        let started = Instant::now();
        let mut sent = 0;
        while sent < n as u64 {
            let report = drain(&ctx).await.expect("drain");
            assert_eq!(report.failed, 0, "{label}: failures");
            if report.sent == 0 {
                break;
            }
            sent += report.sent;
        }
        let took = started.elapsed();
        assert_eq!(sent, n as u64, "{label}: every email sent");
        if label.starts_with("SMTP") {
            assert_eq!(
                sink.messages().len() + fast.received() + quick.received() - before,
                n,
                "{label}: every email arrived"
            );
        }
        println!(
            "| {label} | {batch} | {n} | {:.2} s | {:.0} | {:.2} ms | {} |",
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64() * 1000.0 / n as f64,
            window(ctx.status.sent_window())
        );
    }
    // Issue 20: the acceptance → SENT window while something else (scans)
    // holds every connection of the main pool: delivery on that pool, then
    // on a pool of its own (what the workers do).
    println!();
    println!(
        "| main pool held by 8 busy tasks | emails | drain time | emails/s | SENT window p50 / p99 |"
    );
    println!("|---|---:|---:|---:|---|");
    for (i, own) in [false, true].into_iter().enumerate() {
        let label = if own {
            "delivery on its own pool"
        } else {
            "delivery on the main pool"
        };
        let n = n.min(500);
        enqueue(&db.pool, &users, &format!("bench:busy:{i}"), n).await;
        let mut ctx =
            salesd_worker::testing::job_context(db.pool.clone(), &namespace, smtp(quick.url()))
                .await;
        ctx.notify_lease = Duration::from_secs(300);
        if own {
            ctx.delivery_pool = salesd_worker::delivery_pool(&db.pool);
        }
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let busy: Vec<_> = (0..8)
            .map(|_| {
                let (pool, stop) = (db.pool.clone(), stop.clone());
                tokio::spawn(async move {
                    while !stop.load(Ordering::Relaxed) {
                        let _ = sqlx::query("SELECT pg_sleep(0.02)").execute(&pool).await;
                    }
                })
            })
            .collect();
        let started = Instant::now();
        let mut sent = 0;
        while sent < n as u64 {
            let report = drain(&ctx).await.expect("drain");
            if report.sent == 0 {
                break;
            }
            sent += report.sent;
        }
        let took = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        for b in busy {
            let _ = b.await;
        }
        assert_eq!(sent, n as u64, "{label}: every email sent");
        println!(
            "| {label} | {n} | {:.2} s | {:.0} | {} |",
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            window(ctx.status.sent_window())
        );
    }
    let files = std::fs::read_dir(&outbox_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    println!("\n({files} files written to the file outbox)");
    cleanup(&outbox_dir);
    let mut redis = salesd_worker::testing::connect().await;
    salesd_worker::testing::purge_namespace(&mut redis, &namespace)
        .await
        .expect("purge the Redis namespace");
    drop(sink);
    drop(db);
}

/// The least an SMTP server does: one write per reply, `TCP_NODELAY`,
/// messages counted and dropped. With `quickack`, it also acknowledges every
/// segment at once (`TCP_QUICKACK`), so the client's Nagle never waits for a
/// delayed ACK: what sending costs without that stall.
struct FastSink {
    addr: std::net::SocketAddr,
    received: Arc<AtomicUsize>,
}

impl FastSink {
    async fn start(quickack: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let received = Arc::new(AtomicUsize::new(0));
        let count = received.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let count = count.clone();
                tokio::spawn(async move {
                    let _ = fast_session(stream, count, quickack).await;
                });
            }
        });
        Self { addr, received }
    }

    fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    fn received(&self) -> usize {
        self.received.load(Ordering::Relaxed)
    }
}

/// Reads one line; with `quickack`, ACKs what arrives at once.
async fn line_in(
    conn: &mut BufReader<TcpStream>,
    line: &mut Vec<u8>,
    quickack: bool,
) -> std::io::Result<usize> {
    if quickack {
        socket2::SockRef::from(conn.get_ref()).set_tcp_quickack(true)?;
    }
    line.clear();
    conn.read_until(b'\n', line).await
}

async fn fast_session(
    stream: TcpStream,
    received: Arc<AtomicUsize>,
    quickack: bool,
) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut conn = BufReader::new(stream);
    conn.get_mut().write_all(b"220 bench ESMTP\r\n").await?;
    let mut line = Vec::new();
    loop {
        if line_in(&mut conn, &mut line, quickack).await? == 0 {
            return Ok(());
        }
        let upper = String::from_utf8_lossy(&line).to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-bench\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n"
        } else if upper.starts_with("DATA") {
            conn.get_mut().write_all(b"354 go ahead\r\n").await?;
            loop {
                if line_in(&mut conn, &mut line, quickack).await? == 0 {
                    return Ok(());
                }
                if line == b".\r\n" {
                    break;
                }
            }
            received.fetch_add(1, Ordering::Relaxed);
            b"250 2.0.0 queued\r\n"
        } else if upper.starts_with("QUIT") {
            conn.get_mut().write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else {
            b"250 2.0.0 OK\r\n"
        };
        conn.get_mut().write_all(reply).await?;
    }
}

/// Records `n` due `pool_reclaimed` emails (and their in-app twins), spread
/// over `users`, keyed `{prefix}:{i}`.
async fn enqueue(pool: &PgPool, users: &[(Uuid, String)], prefix: &str, n: usize) {
    let due = Utc::now() - chrono::Duration::seconds(1);
    let items: Vec<NewNotification> = (0..n)
        .flat_map(|i| {
            let (user, locale) = &users[i % users.len()];
            NewNotification::to_user(format!("{prefix}:{i}"), &notice(i), *user, locale, due)
        })
        .collect();
    let mut conn = pool.acquire().await.expect("connection");
    for chunk in items.chunks(ENQUEUE_CHUNK) {
        enqueue_many(&mut conn, chunk, Utc::now())
            .await
            .expect("enqueue");
    }
}

fn notice(i: usize) -> PoolReclaimed {
    PoolReclaimed {
        recipient_name: "王五".into(),
        customer_id: Uuid::now_v7(),
        customer_name: format!("华东机械有限公司 {i}"),
        idle_days: 95,
        threshold_days: 90,
        blocked_until: chrono::NaiveDate::from_ymd_opt(2026, 12, 22).expect("a date"),
    }
}

/// Mean time of one `SELECT 1` through the pool.
async fn round_trip(pool: &PgPool, times: u32) -> Duration {
    let started = Instant::now();
    for _ in 0..times {
        let _: i32 = sqlx::query_scalar("SELECT 1")
            .fetch_one(pool)
            .await
            .expect("select 1");
    }
    started.elapsed() / times
}

/// Mean time of rendering one mail's subject and bodies.
fn render_cost(times: u32) -> Duration {
    let p = notice(0).payload();
    let template = PoolReclaimed::KIND.template();
    let started = Instant::now();
    for i in 0..times {
        render(template, "zh-CN", &p, &format!("render:{i}")).expect("render");
    }
    started.elapsed() / times
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn cleanup(dir: &PathBuf) {
    if let Err(e) = std::fs::remove_dir_all(dir) {
        eprintln!("could not remove {}: {e}", dir.display());
    }
}
