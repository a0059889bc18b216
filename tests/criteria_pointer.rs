//! A criterion the answers misname, with no close name to suggest, points to the rubric's list
//! of criteria (issue 13): the library's words name no command, the command line's name
//! `qaudit rubric show`, in English and in Spanish.

mod common;

use common::{Sandbox, fingerprint, team};
use qaudit::labels::Labels;
use qaudit::lang::Lang;
use qaudit::rubric::sheet::SheetProblem;
use qaudit::scoring::words;

fn unknown() -> SheetProblem {
    SheetProblem::NotACriterion {
        at: String::new(),
        key: "zz.qq".into(),
        rubric: "call-quality".into(),
        closest: None,
    }
}

#[test]
fn the_library_points_to_the_rubric_without_naming_a_command() {
    let en = words::problem(&unknown(), &Labels::of("scoring", Lang::En));
    assert_eq!(
        en,
        "`zz.qq` is not a criterion of call-quality (the rubric lists its criteria)"
    );
    assert_eq!(en, unknown().to_string());
    let es = words::problem(&unknown(), &Labels::of("scoring", Lang::Es));
    assert_eq!(
        es,
        "`zz.qq` no es un criterio de call-quality (la rúbrica lista sus criterios)"
    );
}

#[test]
fn the_command_line_points_to_rubric_show() {
    let sb = Sandbox::new();
    team(&sb);
    let before = fingerprint(&sb.db());
    let out = sb.run(&[
        "--as",
        "eva",
        "score",
        "--interaction",
        "CALL-1",
        "--rubric",
        "call-quality",
        "--set",
        "zzzzzzzz.qqqqqqqq=yes",
    ]);
    assert_eq!(out.code, Some(1), "{out}");
    assert!(
        out.stderr.contains(
            "`zzzzzzzz.qqqqqqqq` is not a criterion of call-quality (`qaudit rubric show` lists its criteria)"
        ),
        "{out}"
    );
    assert_eq!(fingerprint(&sb.db()), before);
}
