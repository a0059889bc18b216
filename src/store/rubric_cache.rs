//! Rubric versions read and parsed once per caller: a report that needs the same rubric for
//! several tables, or for every disputed evaluation, asks the cache instead of the store, so
//! each stored YAML is parsed once however often it is needed (issue 21: the team report parsed
//! it about 35 times). Owned by the caller and dropped with it, never global, so a later
//! command in the same process reads what is stored then.

use super::Store;
use crate::rubric::Rubric;
use anyhow::Result;
use std::collections::HashMap;

/// The rubric versions one report has read, by id and version, and the latest version of each
/// rubric asked for without one.
pub struct RubricCache<'a> {
    store: &'a Store,
    versions: HashMap<(String, u32), Rubric>,
    latest: HashMap<String, u32>,
}

impl<'a> RubricCache<'a> {
    pub fn new(store: &'a Store) -> Self {
        RubricCache {
            store,
            versions: HashMap::new(),
            latest: HashMap::new(),
        }
    }

    /// The store the rubrics come from.
    pub fn store(&self) -> &'a Store {
        self.store
    }

    /// Rubric `id` at `version` (the latest without one), as [`Store::rubric`] gives it, with
    /// the same errors for a rubric or version that is not stored.
    pub fn get(&mut self, id: &str, version: Option<u32>) -> Result<&Rubric> {
        let known = version.or_else(|| self.latest.get(id).copied());
        let key = match known {
            Some(v) if self.versions.contains_key(&(id.to_string(), v)) => (id.to_string(), v),
            _ => {
                let rubric = self.store.rubric(id, version)?;
                let key = (id.to_string(), version.unwrap_or(rubric.version));
                if version.is_none() {
                    self.latest.insert(id.to_string(), rubric.version);
                }
                self.versions.insert(key.clone(), rubric);
                key
            }
        };
        Ok(&self.versions[&key])
    }
}
