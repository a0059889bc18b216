//! The rubrics shipped inside the binary (`rubrics/` in the source tree), loaded by `init`
//! and `demo`.

use super::load_str;
use crate::store::{Store, Tx, rubrics::StoreOutcome};
use anyhow::{Result, anyhow};
use serde::Serialize;

/// (file name, YAML text) of every bundled rubric, in the order `init` loads them.
pub const BUNDLED: [(&str, &str); 4] = [
    (
        "rubrics/call-quality.yaml",
        include_str!("../../rubrics/call-quality.yaml"),
    ),
    (
        "rubrics/store-visit.yaml",
        include_str!("../../rubrics/store-visit.yaml"),
    ),
    (
        "rubrics/calidad-contacto.yaml",
        include_str!("../../rubrics/calidad-contacto.yaml"),
    ),
    (
        "rubrics/visita-tienda.yaml",
        include_str!("../../rubrics/visita-tienda.yaml"),
    ),
];

/// Stores every bundled rubric that is not stored yet.
pub fn store_bundled(tx: &mut Tx<'_>) -> Result<Vec<Loaded>> {
    let mut loaded = Vec::new();
    for (name, text) in BUNDLED {
        // Bundled rubrics are validated by the test suite; failing here is a build defect.
        let rubric = load_str(name, text).map_err(|d| anyhow!("bundled rubric {name} is invalid: {}", d[0]))?;
        let outcome = tx.store_rubric(&rubric, &format!("bundled:{name}"))?;
        loaded.push(Loaded {
            id: rubric.rubric.id.clone(),
            version: rubric.rubric.version,
            outcome,
        });
    }
    Ok(loaded)
}

/// Whether every bundled rubric is stored already.
pub fn bundled_stored(store: &Store) -> Result<bool> {
    for (name, text) in BUNDLED {
        let rubric = load_str(name, text).map_err(|d| anyhow!("bundled rubric {name} is invalid: {}", d[0]))?;
        if !store.has_rubric_version(&rubric.rubric.id, rubric.rubric.version, &rubric.sha256)? {
            return Ok(false);
        }
    }
    Ok(true)
}

#[derive(Serialize)]
/// A bundled rubric and whether storing it wrote anything.
pub struct Loaded {
    pub id: String,
    pub version: u32,
    pub outcome: StoreOutcome,
}
