//! The one-shot commands of the binary (`salesd scan`, `assess`, `demo`):
//! each does its work and returns the text to print.

use chrono::NaiveDate;
use salesd_demo::{self as demo, DemoCompany, DemoOptions};
use salesd_domain::notify::scan::{ScanKind, ScanOptions, scan_instant};
use salesd_domain::targets::Period;

use crate::app;
use crate::config::Config;

/// `salesd scan`.
pub struct ScanArgs {
    pub kind: ScanKind,
    pub force: bool,
    pub explain: bool,
    pub as_of: Option<NaiveDate>,
}

/// Runs one scan now (or as of a missed day) and returns its report as a
/// JSON line with the elapsed time; with `explain`, the revisit scan's plan.
pub async fn scan(cfg: &Config, args: ScanArgs) -> anyhow::Result<String> {
    let now = match args.as_of {
        Some(day) => scan_instant(day, chrono::Utc::now())
            .map_err(|e| anyhow::anyhow!("--as-of {day}: {e}"))?,
        None => chrono::Utc::now(),
    };
    let pool = app::database(cfg, false).await?;
    if args.explain {
        anyhow::ensure!(
            args.kind == ScanKind::Revisits,
            "--explain is implemented for the revisits scan only"
        );
        let plan = salesd_domain::customers::scans::explain_revisit_scan(&pool, now).await?;
        return Ok(format!("{}\n", plan.join("\n")));
    }
    let opts = ScanOptions {
        force: args.force,
        reminder_hour: cfg.worker.reminder_hour,
    };
    let started = std::time::Instant::now();
    let report = salesd_domain::registry::run_scan(&pool, args.kind, now, opts).await?;
    let mut json = serde_json::to_value(&report)?;
    json["elapsed_ms"] = serde_json::json!(started.elapsed().as_millis() as u64);
    pool.close().await;
    Ok(format!("{json}\n"))
}

/// `salesd assess`.
pub struct AssessArgs {
    pub period: Period,
    pub finalize: bool,
    pub seed_schemes: bool,
    pub explain: bool,
}

/// Runs (or re-runs) one period's assessment, optionally seeding the
/// default schemes first and finalising after; with `explain`, the plans of
/// the KPI fact queries instead. Without DATABASE_STATEMENT_TIMEOUT_MS it
/// runs without the pool's statement timeout, like `migrate`.
pub async fn assess(cfg: &Config, args: AssessArgs) -> anyhow::Result<String> {
    let mut cfg = cfg.clone();
    if std::env::var_os("DATABASE_STATEMENT_TIMEOUT_MS").is_none() {
        cfg.db.statement_timeout = std::time::Duration::ZERO;
    }
    let pool = app::database(&cfg, false).await?;
    let ctx = salesd_domain::Ctx {
        actor: salesd_domain::org::Actor::system("system:assess"),
        request_id: "cli-assess".into(),
        now: chrono::Utc::now(),
    };
    let mut text = String::new();
    if args.explain {
        for p in salesd_domain::kpi::explain::explain_facts(&pool, args.period).await? {
            text.push_str(&format!(
                "== {} ({} facts, {:.1} ms)\n{}\n",
                p.kpi,
                p.rows,
                p.execution_ms,
                p.plan.join("\n")
            ));
        }
        pool.close().await;
        return Ok(text);
    }
    if args.seed_schemes {
        let n = salesd_domain::kpi::schemes::seed_default_schemes(&pool, &ctx).await?;
        text.push_str(&format!("{{\"schemes_created\":{n}}}\n"));
    }
    let started = std::time::Instant::now();
    let report = salesd_domain::kpi::runs::run_period(&pool, &ctx, args.period).await?;
    let mut json = serde_json::to_value(&report)?;
    json["elapsed_ms"] = serde_json::json!(started.elapsed().as_millis() as u64);
    if args.finalize {
        let done = salesd_domain::kpi::runs::finalize_period(&pool, &ctx, args.period).await?;
        json["finalized"] = serde_json::json!(true);
        json["notifications"] = serde_json::json!(done.notifications);
    }
    pool.close().await;
    text.push_str(&format!("{json}\n"));
    Ok(text)
}

/// Migrates, loads the demo company and returns what to tell the user: its
/// logins and where to look.
pub async fn load_demo(cfg: &Config, opts: &DemoOptions) -> anyhow::Result<String> {
    let pool = app::database(cfg, true).await?;
    let company = demo::load(&pool, opts).await?;
    pool.close().await;
    Ok(demo_greeting(&company, cfg))
}

fn demo_greeting(company: &DemoCompany, cfg: &Config) -> String {
    let mut text = String::from(if company.created {
        "Loaded the demo company.\n"
    } else {
        "The demo company is already loaded.\n"
    });
    text.push_str(&format!(
        "\nDemo logins (password `{}`):\n",
        demo::DEMO_PASSWORD
    ));
    for l in company
        .logins
        .iter()
        .filter(|l| !l.email.starts_with("rep") || l.email == "rep01@example.com")
    {
        text.push_str(&format!(
            "  {:<32} {:<20} {} ({})\n",
            l.email,
            l.role.as_str(),
            l.name,
            l.unit
        ));
    }
    text.push_str(&format!(
        "  … and {} more reps rep02… \n",
        company
            .logins
            .iter()
            .filter(|l| l.email.starts_with("rep"))
            .count()
            .saturating_sub(1)
    ));
    text.push_str(&format!("\nGraphiQL: http://{}/graphql\n", cfg.bind_addr));
    text.push_str("Emails land in MAIL_OUTBOX_DIR (default var/outbox) as .eml files.\n\n");
    text
}
