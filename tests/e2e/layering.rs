//! The shape of the code (docs/architecture.md, "Contexts and layers"): no
//! bounded context imports a context that imports it back, in the domain
//! crate or in the API schema, and the shared pieces import no context.
//! Read from the sources, so a new import that closes a loop fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read source folder") {
            let path = entry.expect("read entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out
}

/// The code of a file without comments and without its unit tests.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read source");
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Which contexts each context names after `prefix` (`crate::` or
/// `crate::schema::`), among `contexts`.
fn graph(
    root: &Path,
    prefix: &str,
    contexts: &BTreeSet<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in sources(root) {
        let rel = file.strip_prefix(root).expect("below root");
        let first = rel.iter().next().and_then(|c| c.to_str()).unwrap_or("");
        let from = first.trim_end_matches(".rs").to_owned();
        if !contexts.contains(&from) {
            continue;
        }
        let text = code(&file);
        for (i, _) in text.match_indices(prefix) {
            let rest = &text[i + prefix.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != from && contexts.contains(&name) {
                edges.entry(from.clone()).or_default().insert(name);
            }
        }
    }
    edges
}

/// A loop of contexts in `edges`, if there is one.
fn a_loop(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|k| visit(k, edges, &mut Vec::new(), &mut done))
}

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn no_domain_context_imports_one_that_imports_it_back() {
    let contexts: BTreeSet<String> = [
        "org",
        "calendar",
        "customers",
        "pipeline",
        "contracts",
        "orders",
        "execution",
        "receivables",
        "targets",
        "kpi",
        "worklog",
        "notify",
    ]
    .map(str::to_owned)
    .into();
    let edges = graph(&root("domain/src"), "crate::", &contexts);
    assert_eq!(a_loop(&edges), None, "domain contexts: {edges:#?}");
    // The kit below the contexts (audit, money, text, enums, paging, …)
    // names none of them.
    for file in std::fs::read_dir(root("domain/src")).expect("read domain/src") {
        let path = file.expect("entry").path();
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
        let kit = path.is_file()
            && !contexts.contains(name)
            && !["lib", "registry", "testing"].contains(&name);
        if kit {
            let text = code(&path);
            for ctx in &contexts {
                assert!(
                    !text.contains(&format!("crate::{ctx}::")),
                    "{} (kit) names the context {ctx}",
                    path.display()
                );
            }
        }
    }
    // The registry lists every context; nothing but lib.rs may name it.
    for file in sources(&root("domain/src")) {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name != "registry.rs" {
            assert!(
                !code(&file).contains("crate::registry"),
                "{} imports the registry",
                file.display()
            );
        }
    }
}

#[test]
fn no_api_context_imports_one_that_imports_it_back_and_common_knows_none() {
    let schema = root("api/src/schema");
    let contexts: BTreeSet<String> = std::fs::read_dir(&schema)
        .expect("read api/src/schema")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    assert!(contexts.contains("common") && contexts.contains("customers"));
    let edges = graph(&schema, "crate::schema::", &contexts);
    assert_eq!(a_loop(&edges), None, "API contexts: {edges:#?}");
    assert_eq!(edges.get("common"), None, "schema/common imports a context");
}

#[test]
fn a_loop_is_found_and_a_chain_is_not() {
    let edges = |pairs: &[(&str, &str)]| {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in pairs {
            m.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
        }
        m
    };
    let chain = edges(&[("pipeline", "customers"), ("customers", "org")]);
    assert_eq!(a_loop(&chain), None);
    let back = edges(&[
        ("pipeline", "customers"),
        ("customers", "org"),
        ("org", "pipeline"),
    ]);
    assert_eq!(
        a_loop(&back),
        Some(
            ["customers", "org", "pipeline", "customers"]
                .map(str::to_owned)
                .to_vec()
        )
    );
}
