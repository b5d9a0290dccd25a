//! What every context's DataLoaders share. Each context keeps its own
//! loaders (`<context>/loaders.rs`), made fresh per request so their caches
//! never outlive the caller's scope: a page of 200 records costs a constant
//! number of SQL statements. `schema::request_loaders` puts them all into a
//! request.

use std::collections::HashMap;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use uuid::Uuid;

/// A loader that collects keys for `window` (`ApiConfig::loader_window`)
/// before it queries.
pub fn batched<K, L>(loader: L, window: Duration) -> DataLoader<L>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    L: Loader<K>,
{
    DataLoader::new(loader, tokio::spawn).delay(window)
}

/// The rows of a one-to-many loader grouped by their parent key, every
/// requested key present (an empty list when it has no rows), rows kept in
/// the order the query returned them.
pub fn group_by<T>(
    keys: &[Uuid],
    rows: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> Uuid,
) -> HashMap<Uuid, Vec<T>> {
    let mut out: HashMap<Uuid, Vec<T>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        out.entry(key(&row)).or_default().push(row);
    }
    out
}
