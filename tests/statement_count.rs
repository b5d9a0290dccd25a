//! DataLoaders keep a page's cost constant: the statements a `users` page
//! with every to-one hop runs do not grow with the page size. A binary of
//! its own, so no other test's statements are counted.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use salesd_domain::org::Role;
use serde_json::json;
use tracing_subscriber::layer::SubscriberExt;

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

struct CountQueries;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountQueries {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

const PAGE: &str = "query($n: Int) { users(first: $n) { totalCount edges { node {
    id email unit { name head { displayName } parent { name } } directHead { displayName } } } } }";

#[tokio::test]
async fn a_page_costs_a_constant_number_of_statements() {
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::filter::Targets::new()
                .with_target("sqlx::query", tracing::Level::TRACE),
        )
        .with(CountQueries);
    tracing::subscriber::set_global_default(subscriber).expect("one subscriber");

    // An unoptimised test build resolves a 200-row page more slowly than the
    // release build the 2 ms default is tuned for (with the larger schema of
    // issue 5, 10 ms split a batch now and then on two busy cores); a wide
    // window keeps this test about batching, not about the machine's speed.
    let config = salesd_api::ApiConfig {
        loader_window: std::time::Duration::from_millis(50),
        ..salesd_api::ApiConfig::default()
    };
    let app = common::TestApp::with_reps(config, 190).await;
    let admin = app.login_as(Role::Admin).await;
    let mut counts = Vec::new();
    for n in [5, 50, 200] {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let r = app.gql(Some(&admin), PAGE, json!({"n": n})).await;
        assert!(r.get("errors").is_none(), "{r}");
        assert_eq!(
            r["data"]["users"]["edges"].as_array().unwrap().len(),
            n as usize
        );
        counts.push(STATEMENTS.load(Ordering::SeqCst) - before);
    }
    assert!(counts[0] > 0, "the counter sees statements");
    // One statement per hop, whatever the page size: auth, page, count,
    // units, parent units, direct heads, and persons (unit heads and direct
    // heads, one batch each or one together when their timing coincides).
    // An N+1 would cost hundreds here.
    for c in &counts {
        assert!(
            (7..=8).contains(c),
            "statements for 5 / 50 / 200 rows: {counts:?}"
        );
    }
    customer_page_is_constant(&app, &admin).await;
    opportunity_page_is_constant(&app, &admin).await;
}

const CUSTOMERS: &str = "query($n: Int) { customers(first: $n) { edges { node {
    id owner { displayName } contacts { id } ownerHistory { reason }
    revisitStatus { nextDue daysOverdue } } } } }";

/// CUS-1 detail fields that a page may ask for (owner, contacts, owner
/// history, CUS-6 `revisitStatus`) are batched too; see docs/customers.md.
async fn customer_page_is_constant(app: &common::TestApp, admin: &str) {
    sqlx::query(
        "INSERT INTO customers (id, name, name_norm, owner_id, owner_unit_id, owned_since)
         SELECT gen_random_uuid(), '客户' || g, '客户' || g, u.id, u.unit_id, now()
         FROM generate_series(1, 60) g, (SELECT id, unit_id FROM users WHERE email = 'rep01@example.com') u",
    )
    .execute(&app.db.pool)
    .await
    .expect("customers");
    let mut counts = Vec::new();
    for n in [5, 50] {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let r = app.gql(Some(admin), CUSTOMERS, json!({"n": n})).await;
        assert!(r.get("errors").is_none(), "{r}");
        assert_eq!(
            r["data"]["customers"]["edges"].as_array().unwrap().len(),
            n as usize
        );
        counts.push(STATEMENTS.load(Ordering::SeqCst) - before);
    }
    // Loader batches may split once when their timing differs; an N+1
    // would cost 45 more.
    assert!(
        counts[1] <= counts[0] + 1,
        "statements for 5 / 50 customers: {counts:?}"
    );
}

const OPPORTUNITIES: &str = "query($n: Int) { opportunities(first: $n) { edges { node {
    stageHistory { toStage } timeInStages { stage } team { role } quotes { id } } } } }";

/// PIP-2/4/6 lists hanging off an opportunity (stage history, the time in
/// stages derived from it, the project team, the quotes) are batched: a page
/// of 20 costs what a page of 2 does. Runs after `customer_page_is_constant`,
/// whose customers the opportunities belong to.
async fn opportunity_page_is_constant(app: &common::TestApp, admin: &str) {
    for sql in [
        "INSERT INTO opportunities (id, customer_id, name, owner_id, owner_unit_id, stage, amount,
             stage_changed_at, created_by, created_at, updated_at)
         SELECT gen_random_uuid(), c.id, '商机' || g, c.owner_id, c.owner_unit_id, 'INITIATION',
             2000000, now() - interval '1 day', c.owner_id, now() - g * interval '1 minute', now()
         FROM generate_series(1, 20) g,
              (SELECT id, owner_id, owner_unit_id FROM customers WHERE name = '客户1') c",
        "INSERT INTO opportunity_stage_history (id, opportunity_id, from_stage, to_stage, at)
         SELECT gen_random_uuid(), o.id, s.f, s.t, now() - s.ago * interval '1 day'
         FROM opportunities o,
              (VALUES (NULL, 'EVALUATION', 2), ('EVALUATION', 'INITIATION', 1)) s (f, t, ago)",
        "INSERT INTO opportunity_team_members (opportunity_id, user_id, role, added_at)
         SELECT id, owner_id, 'SALES_REP', now() FROM opportunities",
        "INSERT INTO quotes (id, opportunity_id, status, created_at)
         SELECT gen_random_uuid(), id, 'DRAFT', now() FROM opportunities",
    ] {
        sqlx::query(sql)
            .execute(&app.db.pool)
            .await
            .expect("opportunities");
    }
    let mut counts = Vec::new();
    for n in [2, 20] {
        let before = STATEMENTS.load(Ordering::SeqCst);
        let r = app.gql(Some(admin), OPPORTUNITIES, json!({"n": n})).await;
        assert!(r.get("errors").is_none(), "{r}");
        let edges = r["data"]["opportunities"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n as usize);
        let node = &edges[0]["node"];
        assert_eq!(node["stageHistory"].as_array().unwrap().len(), 2, "{r}");
        assert_eq!(node["timeInStages"].as_array().unwrap().len(), 2, "{r}");
        assert_eq!(node["team"].as_array().unwrap().len(), 1, "{r}");
        assert_eq!(node["quotes"].as_array().unwrap().len(), 1, "{r}");
        counts.push(STATEMENTS.load(Ordering::SeqCst) - before);
    }
    // Auth, page, stage probabilities, history (timeInStages derives from
    // it), team, quotes: 6. One statement per row and field cost 11 and 83.
    assert_eq!(
        counts[0], counts[1],
        "statements for 2 / 20 opportunities: {counts:?}"
    );
}
