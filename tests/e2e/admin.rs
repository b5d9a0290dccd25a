//! ADMIN changes to people and units, and the bad input they refuse.

use salesd_domain::org::Role;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

const CREATE: &str = "mutation($i: CreateUserInput!) { createUser(input: $i) { id email version unit { name } directHead { displayName } } }";

fn new_user(app: &TestApp, email: &str) -> Value {
    json!({
        "email": email,
        "displayName": "测试 用户",
        "unitId": app.demo.unit("上海一组").to_string(),
        "primaryRole": "SALES_REP",
        "password": "a-long-password",
    })
}

#[tokio::test]
async fn admin_creates_a_user_who_can_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let r = app
        .gql(
            Some(&admin),
            CREATE,
            json!({"i": new_user(&app, "New.Rep@Example.com")}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["createUser"]["email"], "new.rep@example.com");
    assert_eq!(r["data"]["createUser"]["unit"]["name"], "上海一组");
    let login = app
        .gql(None, "mutation { login(email: \"new.rep@example.com\", password: \"a-long-password\") { token } }", json!({}))
        .await;
    assert_ok(&login);
}

#[tokio::test]
async fn bad_user_input_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let before = app.count("SELECT count(*) FROM users").await;
    let audit_before = app.count("SELECT count(*) FROM audit_log").await;
    let base = new_user(&app, "fresh@example.com");
    let with = |k: &str, v: Value| {
        let mut i = base.clone();
        i[k] = v;
        json!({"i": i})
    };
    let cases: Vec<(&str, Value, &str, Option<&str>)> = vec![
        (
            "duplicate email",
            with("email", json!("REP01@example.com")),
            "CONFLICT",
            None,
        ),
        (
            "invalid email",
            with("email", json!("not-an-email")),
            "VALIDATION",
            Some("email"),
        ),
        (
            "empty name",
            with("displayName", json!("   ")),
            "VALIDATION",
            Some("displayName"),
        ),
        (
            "long name",
            with("displayName", json!("名".repeat(300))),
            "VALIDATION",
            Some("displayName"),
        ),
        (
            "unknown unit",
            with("unitId", json!(uuid::Uuid::now_v7().to_string())),
            "VALIDATION",
            Some("unitId"),
        ),
        (
            "malformed unit id",
            with("unitId", json!("nope")),
            "VALIDATION",
            Some("unitId"),
        ),
        (
            "unknown role",
            with("primaryRole", json!("EMPEROR")),
            "VALIDATION",
            None,
        ),
        (
            "short password",
            with("password", json!("short")),
            "VALIDATION",
            Some("password"),
        ),
        (
            "bad phone",
            with("phone", json!("call me maybe")),
            "VALIDATION",
            Some("phone"),
        ),
        (
            "missing field",
            json!({"i": {"email": "x@example.com"}}),
            "VALIDATION",
            None,
        ),
    ];
    for (what, vars, code, field) in cases {
        let r = app.gql(Some(&admin), CREATE, vars).await;
        assert_code(&r, code);
        if let Some(f) = field {
            assert_eq!(r["errors"][0]["extensions"]["field"], f, "{what}: {r}");
        }
    }
    // A non-admin is FORBIDDEN, whatever the input.
    let director = app.login_as(Role::SalesDirector).await;
    assert_code(
        &app.gql(Some(&director), CREATE, json!({"i": base})).await,
        "FORBIDDEN",
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, before);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log").await,
        audit_before
    );
}

const UPDATE_UNIT: &str =
    "mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { id version parent { name } } }";

#[tokio::test]
async fn org1_unit_tree_refuses_cycles_and_stale_versions() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let east = app.demo.unit("华东区域销售部").to_string();
    let team = app.demo.unit("上海一组").to_string();
    let south = app.demo.unit("华南区域销售部").to_string();
    // Below its own sub-unit, or below itself: refused.
    for parent in [&team, &east] {
        let r = app
            .gql(
                Some(&admin),
                UPDATE_UNIT,
                json!({"i": {"id": east, "version": 1, "parentId": parent}}),
            )
            .await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], "parentId");
    }
    // A legal move works and bumps the version; the old version is now stale.
    let r = app
        .gql(
            Some(&admin),
            UPDATE_UNIT,
            json!({"i": {"id": team, "version": 1, "parentId": south}}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["updateOrgUnit"]["version"], 2);
    assert_eq!(
        r["data"]["updateOrgUnit"]["parent"]["name"],
        "华南区域销售部"
    );
    let stale = app
        .gql(
            Some(&admin),
            UPDATE_UNIT,
            json!({"i": {"id": team, "version": 1, "name": "X"}}),
        )
        .await;
    assert_code(&stale, "CONFLICT");
    let name: String = sqlx::query_scalar("SELECT name FROM org_units WHERE id = $1::uuid")
        .bind(&team)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "上海一组");
    // The moved team's rep now reports through the south region (ORG-5).
    let rep = app.login("rep01@example.com").await;
    let me = app
        .gql(Some(&rep), "{ me { unit { parent { name } } } }", json!({}))
        .await;
    assert_eq!(me["data"]["me"]["unit"]["parent"]["name"], "华南区域销售部");
}

#[tokio::test]
async fn units_with_members_cannot_be_deactivated_and_heads_must_be_replaced_first() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let team = app.demo.unit("上海一组").to_string();
    let r = app
        .gql(
            Some(&admin),
            "mutation($id: ID!) { deactivateOrgUnit(id: $id, version: 1) { id } }",
            json!({"id": team}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    let sup = app.user_id("supervisor.east1@example.com").await;
    let r = app
        .gql(
            Some(&admin),
            "mutation($id: ID!) { deactivateUser(id: $id, version: 1) { id } }",
            json!({"id": sup}),
        )
        .await;
    assert_code(&r, "VALIDATION");
    // A plain rep can be deactivated; their sessions end.
    let rep_token = app.login("rep02@example.com").await;
    let rep = app.user_id("rep02@example.com").await;
    let r = app
        .gql(
            Some(&admin),
            "mutation($id: ID!) { deactivateUser(id: $id, version: 1) { active } }",
            json!({"id": rep}),
        )
        .await;
    assert_ok(&r);
    assert_eq!(r["data"]["deactivateUser"]["active"], false);
    assert_code(
        &app.gql(Some(&rep_token), "{ me { id } }", json!({})).await,
        "UNAUTHENTICATED",
    );
    let r = app
        .gql(
            None,
            "mutation { login(email: \"rep02@example.com\", password: \"salesd-demo\") { token } }",
            json!({}),
        )
        .await;
    assert_code(&r, "UNAUTHENTICATED");
}

/// `salesd demo` on a database that holds only the bootstrap ADMIN
/// (`SALESD_ADMIN_EMAIL`) loads the demo around it: the root becomes the
/// demo company, the reps are listed, the ADMIN keeps their account.
#[tokio::test]
async fn demo_loads_on_a_database_with_only_the_bootstrap_admin() {
    use salesd_demo::{self as demo, DemoOptions};

    let db = salesd_domain::testing::TestDb::new().await;
    assert!(
        salesd_domain::org::bootstrap::bootstrap_admin(
            &db.pool,
            "ops@example.com",
            "a-long-password"
        )
        .await
        .unwrap()
    );
    let company = demo::load(
        &db.pool,
        &DemoOptions {
            reps: 4,
            customers: 0,
            opportunities: 0,
            receivables_installments: 0,
            assessments: false,
            ..DemoOptions::default()
        },
    )
    .await
    .unwrap();
    assert!(company.created, "loaded, not 'already loaded'");
    assert!(
        company
            .logins
            .iter()
            .any(|l| l.email == "rep01@example.com")
    );
    let (roots, ops_role): (i64, String) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM org_units WHERE parent_id IS NULL),
                (SELECT primary_role FROM users WHERE email = 'ops@example.com' AND active)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((roots, ops_role.as_str()), (1, "ADMIN"));
    // A second run finds the company loaded and changes nothing.
    let again = demo::load(&db.pool, &DemoOptions::default()).await.unwrap();
    assert!(!again.created);
}
