//! `salesd`: one binary, several roles (see `salesd --help`).

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use salesd::config::Config;
use salesd::{app, commands};
use salesd_demo::DemoOptions;
use salesd_domain::notify::scan::ScanKind;
use salesd_domain::targets::{Period, PeriodKind};

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
        /// Run a missed day's scan as of that company day (YYYY-MM-DD, not
        /// in the future): what it would have recorded then. The
        /// notification keys make a repeat record nothing twice.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<chrono::NaiveDate>,
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
        /// Leave out this year's targets and the finalised past months'
        /// assessments (loaded by default, scaled to the data above).
        #[arg(long)]
        no_assessments: bool,
    },
    /// Run (or re-run) the assessment of one period now for everyone with a
    /// scheme (KPI-3; the workers run it at the start of each month,
    /// quarter and year) and print what it did as JSON with the elapsed
    /// time. Without DATABASE_STATEMENT_TIMEOUT_MS it runs without the
    /// pool's statement timeout, like `migrate`.
    Assess {
        /// The period: a month `2026-10`, a quarter `2026-Q3` or a year `2026`.
        #[arg(long, value_parser = parse_period)]
        period: Period,
        /// Finalise (lock) the period after the run.
        #[arg(long)]
        finalize: bool,
        /// First create the default assessment schemes for the roles that
        /// have none (a new installation; existing schemes are kept).
        #[arg(long)]
        seed_schemes: bool,
        /// Print each KPI's fact query under EXPLAIN (ANALYZE, BUFFERS)
        /// instead of running (nothing is written).
        #[arg(long)]
        explain: bool,
    },
}

/// `2026-10` (a month), `2026-Q3` (a quarter) or `2026` (the year).
fn parse_period(s: &str) -> Result<Period, String> {
    let bad = || format!("{s:?}: a month 2026-10, a quarter 2026-Q3 or a year 2026");
    let num = |t: &str| t.parse::<i32>().map_err(|_| bad());
    let (kind, year, no) = match s.split_once('-') {
        None => (PeriodKind::Year, num(s)?, 1),
        Some((y, q)) if q.starts_with(['Q', 'q']) => (PeriodKind::Quarter, num(y)?, num(&q[1..])?),
        Some((y, m)) => (PeriodKind::Month, num(y)?, num(m)?),
    };
    Period::new(kind, year, no).map_err(|e| format!("{}: {e}", bad()))
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
            as_of,
        } => {
            let text = commands::scan(
                &cfg,
                commands::ScanArgs {
                    kind,
                    force,
                    explain,
                    as_of,
                },
            )
            .await?;
            out(&text);
            Ok(())
        }
        Command::Assess {
            period,
            finalize,
            seed_schemes,
            explain,
        } => {
            let text = commands::assess(
                &cfg,
                commands::AssessArgs {
                    period,
                    finalize,
                    seed_schemes,
                    explain,
                },
            )
            .await?;
            out(&text);
            Ok(())
        }
        Command::Demo {
            seed,
            users,
            customers,
            opportunities,
            receivables_installments,
            load_only,
            no_assessments,
        } => {
            let opts = DemoOptions {
                seed,
                reps: users,
                customers,
                opportunities,
                receivables_installments,
                assessments: !no_assessments,
            };
            out(&commands::load_demo(&cfg, &opts).await?);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assess_periods_parse_or_are_refused() {
        let p = |k, y, n| Period::new(k, y, n).unwrap();
        assert_eq!(parse_period("2026-10"), Ok(p(PeriodKind::Month, 2026, 10)));
        assert_eq!(parse_period("2026-Q3"), Ok(p(PeriodKind::Quarter, 2026, 3)));
        assert_eq!(parse_period("2026"), Ok(p(PeriodKind::Year, 2026, 1)));
        for bad in [
            "2026-13", "2026-Q5", "2026-00", "26-x", "", "1999", "2026-Q",
        ] {
            assert!(parse_period(bad).is_err(), "{bad}");
        }
    }
}
