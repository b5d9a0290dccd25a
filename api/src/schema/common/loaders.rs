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

/// Declares a DataLoader of the rows of each parent: `$fetch(pool, keys)`
/// reads the rows of every key in one statement (the caller has loaded the
/// parents within scope), `$parent` names a row's parent; every key gets a
/// list, empty when it has no rows, in the order the query returned them.
macro_rules! rows_by_parent {
    ($(#[$m:meta])* $name:ident, $row:ty, $fetch:path, $parent:expr $(,)?) => {
        $(#[$m])*
        pub struct $name(pub sqlx::PgPool);

        impl async_graphql::dataloader::Loader<uuid::Uuid> for $name {
            type Value = Vec<$row>;
            type Error = $crate::error::ApiError;

            async fn load(
                &self,
                keys: &[uuid::Uuid],
            ) -> Result<std::collections::HashMap<uuid::Uuid, Vec<$row>>, Self::Error> {
                Ok($crate::schema::common::loaders::group_by(
                    keys,
                    $fetch(&self.0, keys).await?,
                    $parent,
                ))
            }
        }
    };
}

pub(crate) use rows_by_parent;
