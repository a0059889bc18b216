//! The test harness itself: the rules the other suites rely on, checked once here (a test inside
//! `tests/common` would run again in every suite that includes it).

mod common;

use common::browser::{Missing, when_missing};
use common::{Outcome, Sandbox};

#[test]
fn a_missing_browser_fails_under_ci_and_is_skipped_elsewhere() {
    for ci in ["true", "1"] {
        match when_missing("t", Some(ci)) {
            Missing::Fail(m) => assert!(m.contains("CI=true"), "{m}"),
            other => panic!("CI={ci}: {other:?}"),
        }
    }
    for ci in [None, Some("false"), Some("0"), Some("")] {
        match when_missing("t", ci) {
            Missing::Skip(m) => assert!(m.starts_with("SKIPPED t: no chromium"), "{m}"),
            other => panic!("CI={ci:?}: {other:?}"),
        }
    }
}

#[test]
fn an_outcome_prints_the_exit_code_then_both_streams() {
    let o = Outcome {
        code: Some(1),
        stdout: String::new(),
        stderr: "error: no\nhint: yes".into(),
    };
    assert_eq!(o.to_string(), "exit: 1\n--- stdout\n--- stderr\nerror: no\nhint: yes\n");
    let killed = Outcome {
        code: None,
        stdout: "half".into(),
        stderr: String::new(),
    };
    assert_eq!(killed.to_string(), "exit: signal\n--- stdout\nhalf\n--- stderr\n");
}

#[test]
fn a_refusal_shows_the_sandbox_as_a_placeholder() {
    let sb = Sandbox::new();
    let missing = sb.path("nowhere.db");
    let o = sb.refusal(sb.qaudit_on(&missing).arg("verify"));
    assert_eq!(o.code, Some(1));
    assert!(!o.stderr.contains(&sb.dir.path().display().to_string()), "{o}");
    assert!(o.stderr.contains("[sandbox]"), "{o}");
}
