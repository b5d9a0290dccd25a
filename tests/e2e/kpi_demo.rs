//! The demo's targets and assessments (`domain/src/kpi/demo.rs`, `salesd
//! demo`): this year's targets decomposed to every seller with exactly one
//! deliberately under-covered unit (TGT-1), and the past months and
//! quarters of the year run and finalised with a result for every rep
//! (KPI-3).

use chrono::{Datelike, Utc};
use salesd_demo::kpi::{self as kdemo, UNDER_COVERED_METRIC, UNDER_COVERED_UNIT};
use salesd_demo::{self as demo, DemoOptions};
use salesd_domain::Ctx;
use salesd_domain::clock::company_date;
use salesd_domain::kpi::schemes;
use salesd_domain::org::Actor;
use salesd_domain::targets::{Dimension, Metric, PeriodKind, check_amount, decomposition};
use salesd_domain::testing::TestDb;
use uuid::Uuid;

async fn company(assessments: bool) -> TestDb {
    let db = TestDb::new().await;
    demo::load(
        &db.pool,
        &DemoOptions {
            reps: 8,
            customers: 60,
            opportunities: 60,
            assessments,
            ..DemoOptions::default()
        },
    )
    .await
    .expect("demo company");
    db
}

fn system() -> Actor {
    Actor::system("test: kpi demo")
}

async fn ids(db: &TestDb, sql: &str) -> Vec<Uuid> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&db.pool)
        .await
        .expect(sql)
}

#[tokio::test]
async fn tgt1_demo_targets_cover_every_level_except_one_team() {
    let db = company(false).await;
    let pool = &db.pool;
    let now = Utc::now();
    let ctx = Ctx {
        actor: system(),
        request_id: "test".into(),
        now,
    };
    schemes::seed_default_schemes(pool, &ctx)
        .await
        .expect("schemes");
    let inserted = kdemo::load_targets(pool, 7, now).await.expect("targets");
    assert!(inserted > 0);
    // Loading again keeps what is there.
    assert_eq!(kdemo::load_targets(pool, 7, now).await.expect("again"), 0);
    let year = company_date(now).year();
    let under: Uuid = sqlx::query_scalar("SELECT id FROM org_units WHERE name = $1")
        .bind(UNDER_COVERED_UNIT)
        .fetch_one(pool)
        .await
        .expect("the under-covered team");
    for metric in Metric::ALL {
        let gaps = decomposition(pool, &system(), year, *metric, None)
            .await
            .expect("decomposition");
        assert!(!gaps.is_empty(), "{metric}");
        let mut uncovered = Vec::new();
        for g in &gaps {
            // Nobody who sells (and no period) lacks a target.
            assert!(g.missing.is_empty(), "{metric}: missing {:?}", g.missing);
            // Every amount is one set_target would accept.
            assert!(check_amount(*metric, g.parent.amount).is_ok());
            if !g.covered() {
                uncovered.push(g);
            }
        }
        if *metric != UNDER_COVERED_METRIC {
            assert!(uncovered.is_empty(), "{metric}: {} gaps", uncovered.len());
            continue;
        }
        // Exactly the one team, by organisation, in the year, every
        // quarter and every month: 17 rows.
        assert_eq!(uncovered.len(), 17, "{metric}");
        for g in &uncovered {
            assert_eq!(g.parent.unit_id, Some(under));
            assert_eq!(g.dimension, Dimension::Org);
            assert!(g.gap > rust_decimal::Decimal::ZERO);
        }
        for kind in [PeriodKind::Year, PeriodKind::Quarter, PeriodKind::Month] {
            let n = uncovered
                .iter()
                .filter(|g| g.parent.period().kind == kind)
                .count();
            let want = match kind {
                PeriodKind::Year => 1,
                PeriodKind::Quarter => 4,
                PeriodKind::Month => 12,
            };
            assert_eq!(n, want, "{kind}");
        }
    }
    // Every rep, supervisor and manager has the 17 periods × 4 metrics.
    let people = ids(
        &db,
        "SELECT id FROM users WHERE active AND primary_role IN ('SALES_REP', 'SUPERVISOR', 'SALES_MANAGER')",
    )
    .await;
    assert_eq!(people.len(), 8 + 4 + 2);
    let counts: Vec<i64> = sqlx::query_scalar(
        "SELECT count(t.id) FROM unnest($1::uuid[]) p (id)
           LEFT JOIN targets t ON t.user_id = p.id AND t.year = $2 GROUP BY p.id",
    )
    .bind(&people)
    .bind(year)
    .fetch_all(pool)
    .await
    .expect("counts");
    assert!(counts.iter().all(|c| *c == 68), "{counts:?}");
}

#[tokio::test]
async fn kpi3_demo_finalises_the_past_months_with_a_result_for_every_rep() {
    let db = company(true).await;
    let pool = &db.pool;
    let today = company_date(Utc::now());
    let past = kdemo::past_periods(today);
    let reps = ids(
        &db,
        "SELECT id FROM users WHERE active AND primary_role = 'SALES_REP'",
    )
    .await;
    assert_eq!(reps.len(), 8);
    for p in &past {
        let status: String = sqlx::query_scalar(
            "SELECT status FROM assessment_periods WHERE period_kind = $1 AND year = $2 AND period_no = $3",
        )
        .bind(p.kind.as_str())
        .bind(p.year)
        .bind(p.no)
        .fetch_one(pool)
        .await
        .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(status, "FINALIZED", "{p:?}");
        let assessed: Vec<Uuid> = sqlx::query_scalar(
            "SELECT user_id FROM assessment_results
              WHERE period_kind = $1 AND year = $2 AND period_no = $3 AND complete",
        )
        .bind(p.kind.as_str())
        .bind(p.year)
        .bind(p.no)
        .fetch_all(pool)
        .await
        .expect("results");
        for r in &reps {
            assert!(assessed.contains(r), "{p:?}: no complete result for {r}");
        }
    }
    // The current month is not assessed yet.
    let current: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM assessment_periods WHERE period_kind = 'MONTH' AND year = $1 AND period_no = $2",
    )
    .bind(today.year())
    .bind(today.month() as i32)
    .fetch_one(pool)
    .await
    .expect("current");
    assert_eq!(current, 0);
}
