//! `schema.graphql` must be what the code serves.

#[test]
fn schema_graphql_is_in_step_with_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let current = salesd_api::sdl();
    if committed != current {
        let old: Vec<&str> = committed.lines().collect();
        let new: Vec<&str> = current.lines().collect();
        let mut diff = String::new();
        for l in old.iter().filter(|l| !new.contains(l)).take(40) {
            diff.push_str(&format!("- {l}\n"));
        }
        for l in new.iter().filter(|l| !old.contains(l)).take(40) {
            diff.push_str(&format!("+ {l}\n"));
        }
        panic!(
            "schema.graphql is stale. Regenerate it with:\n\n    cargo run -q --bin salesd -- schema > schema.graphql\n\nDifferences (- file, + code):\n{diff}"
        );
    }
}
