//! `salesd`: one binary, several roles (see `salesd --help`).

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use salesd::app;
use salesd::config::Config;
use salesd_domain::demo::{self, DemoOptions};
use salesd_domain::reminders::{self, ScanKind, ScanOptions};

#[derive(Parser)]
#[command(
    name = "salesd",
    version,
    about = "Sales-management service: GraphQL API and background workers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API.
    Serve,
    /// Run the job workers and cron schedules.
    Work,
    /// API and workers in one process (the single-machine default).
    All,
    /// Apply database migrations.
    Migrate,
    /// Print the GraphQL schema (SDL), as `schema.graphql` holds it.
    Schema,
    /// Run one reminder scan now and print what it did as JSON (the workers
    /// run them on SCAN_CRON; this is for operators and benchmarks).
    Scan {
        /// The scan: follow_ups, revisits, pool, complaints, care, milestones,
        /// after_sales, deliveries, statements, dunning or cash_handover.
        kind: ScanKind,
        /// Run a daily scan even if it already ran today.
        #[arg(long)]
        force: bool,
        /// Print the plan of the scan's query (EXPLAIN ANALYZE) instead;
        /// revisits only.
        #[arg(long)]
        explain: bool,
    },
    /// Migrate, load the demo company, print its logins, then run `all`.
    Demo {
        /// Seed of the generator (the same seed, the same company).
        #[arg(long, default_value_t = DemoOptions::default().seed)]
        seed: u64,
        /// Number of sales reps.
        #[arg(long, default_value_t = DemoOptions::default().reps)]
        users: usize,
        /// Number of customers (with contacts and owners; scales to 100 000+).
        #[arg(long, default_value_t = 300)]
        customers: usize,
        /// Number of opportunities (every stage, with quotes, contracts,
        /// orders and shipments; scales to 1 000 000). None without customers.
        #[arg(long, default_value_t = 120)]
        opportunities: usize,
        /// Installments of generated service contracts, with a year of
        /// invoices and receipts on every receivable item (scales to
        /// 3 000 000; the ledger goes through the stores up to 5 000, in
        /// bulk above).
        #[arg(long, default_value_t = 240)]
        receivables_installments: usize,
        /// Load the data and exit instead of running `all`.
        #[arg(long)]
        load_only: bool,
    },
}

fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Schema = cli.command {
        out(&salesd_api::sdl());
        return Ok(());
    }
    let cfg = Config::from_env()?;
    app::init_tracing(cfg.env);
    match cli.command {
        Command::Serve => app::serve(cfg).await,
        Command::Work => app::work(cfg).await,
        Command::All => app::all(cfg).await,
        Command::Migrate => app::migrate(&cfg).await,
        Command::Schema => Ok(()),
        Command::Scan {
            kind,
            force,
            explain,
        } => {
            let pool = app::database(&cfg, false).await?;
            let now = chrono::Utc::now();
            if explain {
                anyhow::ensure!(
                    kind == ScanKind::Revisits,
                    "--explain is implemented for the revisits scan only"
                );
                let plan = reminders::explain_revisit_scan(&pool, now).await?;
                out(&format!("{}\n", plan.join("\n")));
                return Ok(());
            }
            let opts = ScanOptions {
                force,
                reminder_hour: cfg.worker.reminder_hour,
            };
            let started = std::time::Instant::now();
            let report = reminders::run_scan(&pool, kind, now, opts).await?;
            let mut json = serde_json::to_value(&report)?;
            json["elapsed_ms"] = serde_json::json!(started.elapsed().as_millis() as u64);
            out(&format!("{json}\n"));
            pool.close().await;
            Ok(())
        }
        Command::Demo {
            seed,
            users,
            customers,
            opportunities,
            receivables_installments,
            load_only,
        } => {
            let pool = app::database(&cfg, true).await?;
            let company = demo::load(
                &pool,
                &DemoOptions {
                    seed,
                    reps: users,
                    customers,
                    opportunities,
                    receivables_installments,
                },
            )
            .await?;
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
            out(&text);
            pool.close().await;
            if load_only {
                Ok(())
            } else {
                app::all(cfg).await
            }
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line, the causes joined: start-up errors say what to do.
            let _ = writeln!(std::io::stderr(), "salesd: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
