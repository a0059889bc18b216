//! `interaction list` marks the contacts that never count: a practice role-play shows as
//! "practice" in a `kind` column, which a list of real contacts does not have.

mod common;

use common::practice_support::{role_play, scored_team};
use common::stdout_of;

#[test]
fn a_role_play_is_marked_practice_in_the_interaction_list() {
    let sb = scored_team();
    let plain = stdout_of(sb.qaudit().args(["interaction", "list", "--limit", "0"]));
    assert!(
        !plain.contains("kind"),
        "a list of real contacts has no kind column:\n{plain}"
    );

    role_play(&sb, "late refund").assert().success();

    let list = stdout_of(sb.qaudit().args(["interaction", "list", "--limit", "0"]));
    assert!(list.contains("kind"), "{list}");
    let practice_line = list.lines().find(|l| l.contains("practice-1")).expect(&list);
    assert!(practice_line.trim_end().ends_with("practice"), "{practice_line}");
    let real_line = list.lines().find(|l| l.contains("CALL-1")).expect(&list);
    assert!(!real_line.contains("practice"), "{real_line}");
}
