//! Relay connections: forward and backward keyset pages, totalCount, caps.

use salesd_domain::org::Role;
use serde_json::{Value, json};

use crate::common::{TestApp, assert_code, assert_ok};

const Q: &str = "query($f: Int, $a: String, $l: Int, $b: String) {
  users(first: $f, after: $a, last: $l, before: $b, orderBy: {field: EMAIL}) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { email } } } }";

fn emails(v: &Value) -> Vec<String> {
    v["data"]["users"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["email"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn pages_forward_and_backward_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    let all: Vec<String> = {
        let r = app.gql(Some(&admin), Q, json!({"f": 200})).await;
        assert_ok(&r);
        emails(&r)
    };
    let total = app.count("SELECT count(*) FROM users").await as usize;
    assert_eq!(all.len(), total);
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(all, sorted, "ordered by email");

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let r = app.gql(Some(&admin), Q, json!({"f": 4, "a": after})).await;
        assert_ok(&r);
        assert_eq!(r["data"]["users"]["totalCount"], total);
        seen.extend(emails(&r));
        let info = &r["data"]["users"]["pageInfo"];
        assert_eq!(info["hasPreviousPage"], after.is_some());
        if info["hasNextPage"] == false {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(seen, all);

    // The last 3, then the 3 before them.
    let r = app.gql(Some(&admin), Q, json!({"l": 3})).await;
    assert_eq!(emails(&r), all[total - 3..]);
    assert_eq!(r["data"]["users"]["pageInfo"]["hasPreviousPage"], true);
    let before = r["data"]["users"]["pageInfo"]["startCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app.gql(Some(&admin), Q, json!({"l": 3, "b": before})).await;
    assert_eq!(emails(&r), all[total - 6..total - 3]);
}

#[tokio::test]
async fn page_arguments_are_validated() {
    let app = TestApp::spawn().await;
    let admin = app.login_as(Role::Admin).await;
    for (vars, field) in [
        (json!({"f": 201}), "first"),
        (json!({"f": -1}), "first"),
        (json!({"f": 1, "l": 1}), "last"),
        (json!({"a": "garbage!"}), "after"),
    ] {
        let r = app.gql(Some(&admin), Q, vars).await;
        assert_code(&r, "VALIDATION");
        assert_eq!(r["errors"][0]["extensions"]["field"], field);
    }
}
