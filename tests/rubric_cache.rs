//! The rubric cache of the reports (issue 21) gives what the store gives, rubric for rubric and
//! error for error, however often it is asked.

mod common;

use common::{Sandbox, root};
use qaudit::store::rubric_cache::RubricCache;
use qaudit::store::{OpenMode, open};

fn store_with_rubrics() -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    for file in ["call-quality.yaml", "calidad-contacto.yaml", "store-visit.yaml"] {
        sb.qaudit()
            .args(["--as", "lea", "rubric", "import"])
            .arg(root().join("rubrics").join(file))
            .assert()
            .success();
    }
    sb
}

#[test]
fn the_cache_gives_every_stored_version_and_the_latest_as_the_store_does() {
    let sb = store_with_rubrics();
    let store = open(&sb.db(), OpenMode::Existing).unwrap();
    let versions = store.rubric_version_ids().unwrap();
    assert!(versions.len() >= 3, "{versions:?}");
    let mut cache = RubricCache::new(&store);
    for _ in 0..2 {
        for (id, version) in &versions {
            let direct = store.rubric(id, Some(*version)).unwrap();
            assert_eq!(cache.get(id, Some(*version)).unwrap(), &direct);
            assert_eq!(cache.get(id, None).unwrap(), &store.rubric(id, None).unwrap());
        }
    }
}

#[test]
fn the_cache_refuses_an_unknown_rubric_or_version_as_the_store_does() {
    let sb = store_with_rubrics();
    let store = open(&sb.db(), OpenMode::Existing).unwrap();
    let mut cache = RubricCache::new(&store);
    let unknown = cache.get("no-such-rubric", None).unwrap_err().to_string();
    assert_eq!(unknown, store.rubric("no-such-rubric", None).unwrap_err().to_string());
    assert!(unknown.contains("no-such-rubric"), "{unknown}");
    cache.get("call-quality", None).unwrap();
    let version = cache.get("call-quality", Some(99)).unwrap_err().to_string();
    assert_eq!(version, store.rubric("call-quality", Some(99)).unwrap_err().to_string());
}
