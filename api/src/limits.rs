//! Checks of a request that async-graphql does not make: aliases per
//! document (an alias flood multiplies the work of one field without
//! raising depth), introspection, and control characters in string input.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Selection, SelectionSet,
};
use async_graphql::{Name, Value};

/// Counts aliased fields in every operation and fragment of the document.
pub fn count_aliases(doc: &ExecutableDocument) -> usize {
    fn walk(set: &SelectionSet) -> usize {
        set.items
            .iter()
            .map(|s| match &s.node {
                Selection::Field(f) => {
                    usize::from(f.node.alias.is_some()) + walk(&f.node.selection_set.node)
                }
                Selection::InlineFragment(i) => walk(&i.node.selection_set.node),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    let ops: usize = doc
        .operations
        .iter()
        .map(|(_, op)| walk(&op.node.selection_set.node))
        .sum();
    let frags: usize = doc
        .fragments
        .values()
        .map(|f| walk(&f.node.selection_set.node))
        .sum();
    ops + frags
}

/// Whether an operation reads the schema (`__schema`, `__type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Introspection {
    None,
    /// Only `__schema`, `__type` and `__typename` at the top level.
    Only,
    /// Introspection next to business fields.
    Mixed,
}

/// What the operation `name` (or the only one) of `doc` introspects, from
/// its top-level fields (through fragments).
pub fn introspection(doc: &ExecutableDocument, name: Option<&str>) -> Introspection {
    let op = match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(n)) => {
            ops.iter().find(|(k, _)| k.as_str() == n).map(|(_, op)| op)
        }
        (DocumentOperations::Multiple(ops), None) => ops.values().next(),
    };
    let Some(op) = op else {
        return Introspection::None;
    };
    let mut names = Vec::new();
    top_level_fields(doc, &op.node.selection_set.node, &mut names, 0);
    let schema = |n: &&str| matches!(*n, "__schema" | "__type");
    if !names.iter().any(schema) {
        Introspection::None
    } else if names.iter().all(|n| schema(n) || *n == "__typename") {
        Introspection::Only
    } else {
        Introspection::Mixed
    }
}

fn top_level_fields<'a>(
    doc: &'a ExecutableDocument,
    set: &'a SelectionSet,
    out: &mut Vec<&'a str>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    for s in &set.items {
        match &s.node {
            Selection::Field(f) => out.push(f.node.name.node.as_str()),
            Selection::InlineFragment(i) => {
                top_level_fields(doc, &i.node.selection_set.node, out, depth + 1)
            }
            Selection::FragmentSpread(sp) => {
                if let Some(f) = doc.fragments.get(&sp.node.fragment_name.node) {
                    top_level_fields(doc, &f.node.selection_set.node, out, depth + 1);
                }
            }
        }
    }
}

/// Whether `c` may not appear in any text a client sends: C0 and C1
/// control characters and DEL, except tab, line feed and carriage return
/// (multi-line text such as a summary keeps its line breaks; single-line
/// fields refuse those in their own validation).
pub fn forbidden_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The input field of the first string argument — inline or through a
/// variable, at any depth of an input object or list — that holds a
/// forbidden control character ([`forbidden_char`]), named like
/// `VALIDATION.field` elsewhere: the innermost input field or argument name.
/// The arguments of `login` are left to it: there a bad character is the
/// ordinary wrong-credentials answer, counted by the limiter.
pub fn control_character_field(
    doc: &ExecutableDocument,
    variables: &async_graphql::Variables,
) -> Option<String> {
    fn in_value(v: &Value, name: &str) -> Option<String> {
        match v {
            Value::String(s) if s.chars().any(forbidden_char) => Some(name.to_owned()),
            Value::List(items) => items.iter().find_map(|i| in_value(i, name)),
            Value::Object(fields) => fields.iter().find_map(|(k, v)| in_value(v, k.as_str())),
            _ => None,
        }
    }
    fn walk(set: &SelectionSet, variables: &async_graphql::Variables) -> Option<String> {
        set.items.iter().find_map(|s| match &s.node {
            Selection::Field(f) if f.node.name.node.as_str() == "login" => None,
            Selection::Field(f) => f
                .node
                .arguments
                .iter()
                .find_map(|(name, value)| {
                    let value = value.node.clone().into_const_with(|var: Name| {
                        Ok::<_, std::convert::Infallible>(
                            variables.get(&var).cloned().unwrap_or(Value::Null),
                        )
                    });
                    value.ok().and_then(|v| in_value(&v, name.node.as_str()))
                })
                .or_else(|| walk(&f.node.selection_set.node, variables)),
            Selection::InlineFragment(i) => walk(&i.node.selection_set.node, variables),
            Selection::FragmentSpread(_) => None,
        })
    }
    doc.operations
        .iter()
        .find_map(|(_, op)| walk(&op.node.selection_set.node, variables))
        .or_else(|| {
            doc.fragments
                .values()
                .find_map(|f| walk(&f.node.selection_set.node, variables))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_control_characters_inline_and_in_variables() {
        let vars = |j: serde_json::Value| async_graphql::Variables::from_json(j);
        let doc = |q: &str| async_graphql::parser::parse_query(q).unwrap();
        let q = doc("mutation($i: In!, $r: String) { a(input: $i, reason: $r) { id } }");
        assert_eq!(
            control_character_field(&q, &vars(serde_json::json!({"i": {"name": "ok\u{0}"}}))),
            Some("name".to_owned())
        );
        assert_eq!(
            control_character_field(
                &q,
                &vars(serde_json::json!({"i": {"tags": ["a", "b\u{7}"]}}))
            ),
            Some("tags".to_owned())
        );
        assert_eq!(
            control_character_field(&q, &vars(serde_json::json!({"r": "x\u{1b}[31m"}))),
            Some("reason".to_owned())
        );
        assert_eq!(
            control_character_field(
                &q,
                &vars(serde_json::json!({"i": {"summary": "line 1\nline 2\ttab\r\n"}}))
            ),
            None,
            "line breaks and tabs are text"
        );
        let inline = doc("mutation { a(reason: \"x\\u0000\") { id } }");
        assert_eq!(
            control_character_field(&inline, &vars(serde_json::json!({}))),
            Some("reason".to_owned())
        );
        let login = doc("mutation($e: String!) { login(email: $e, password: \"p\") { token } }");
        assert_eq!(
            control_character_field(&login, &vars(serde_json::json!({"e": "a\u{0}@b.c"}))),
            None
        );
        assert!(forbidden_char('\u{85}') && forbidden_char('\u{7f}') && !forbidden_char('é'));
    }

    #[test]
    fn tells_introspection_only_from_mixed_documents() {
        let kind = |q: &str| introspection(&async_graphql::parser::parse_query(q).unwrap(), None);
        assert_eq!(kind("{ me { id } }"), Introspection::None);
        assert_eq!(kind("{ __typename }"), Introspection::None);
        assert_eq!(
            kind("query Q { __schema { types { name } } __typename }"),
            Introspection::Only
        );
        assert_eq!(
            kind("{ ...F } fragment F on Query { __type(name: \"X\") { name } }"),
            Introspection::Only
        );
        assert_eq!(
            kind("{ __schema { queryType { name } } me { id } }"),
            Introspection::Mixed
        );
    }

    #[test]
    fn counts_aliases_in_operations_and_fragments() {
        let doc = async_graphql::parser::parse_query(
            "query { a: me { id } b: me { x: id } ...F } fragment F on Query { c: me { id } }",
        )
        .unwrap();
        assert_eq!(count_aliases(&doc), 4);
    }
}
