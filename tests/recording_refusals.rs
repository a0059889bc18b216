//! Every refused scoring leaves the store as it was, through the binary.

mod common;

use common::{Sandbox, call_quality_answers, fingerprint, team};

/// Every refusal of `score`: its message and hint, exit 1, and the store exactly as it was.
#[test]
fn every_refusal_leaves_the_store_unchanged() {
    let sb = Sandbox::new();
    team(&sb);
    let good = call_quality_answers(&[]);
    let cases: Vec<(&str, Vec<String>, String)> = vec![
        (
            "unknown key",
            vec![],
            call_quality_answers(&[("courtesy.greting", "yes")]),
        ),
        (
            "missing answers",
            vec![],
            call_quality_answers(&[("courtesy.tone", "-"), ("clarity.next_steps", "-")]),
        ),
        (
            "value outside the scale",
            vec![],
            call_quality_answers(&[("courtesy.tone", "7")]),
        ),
        (
            "not an option",
            vec![],
            call_quality_answers(&[("courtesy.closing", "maybe")]),
        ),
        (
            "N/A not allowed",
            vec![],
            call_quality_answers(&[("courtesy.greeting", "na")]),
        ),
        (
            "missing required comment",
            vec![],
            call_quality_answers(&[("courtesy.tone", "2")]),
        ),
        (
            "visit rubric on an interaction",
            vec!["--rubric".into(), "store-visit".into()],
            good.clone(),
        ),
        (
            "unknown interaction",
            vec!["--interaction".into(), "CALL-404".into()],
            good.clone(),
        ),
        (
            "unknown rubric",
            vec!["--rubric".into(), "call-qualty".into()],
            good.clone(),
        ),
        (
            "a shopper may not score",
            vec!["--as".into(), "sam".into()],
            good.clone(),
        ),
        ("not staff", vec!["--as".into(), "nobody".into()], good.clone()),
        (
            "bad --set",
            vec!["--set".into(), "courtesy.greeting".into()],
            good.clone(),
        ),
    ];
    let mut refusals = String::new();
    for (name, extra, answers) in cases {
        let file = sb.write("case.yaml", &answers);
        let before = fingerprint(&sb.db());
        // The case's flags replace the defaults of the same name (clap takes each once).
        let mut flags = [
            ("--as", "eva".to_string()),
            ("--interaction", "CALL-1".to_string()),
            ("--rubric", "call-quality".to_string()),
        ];
        let mut added = Vec::new();
        for pair in extra.chunks(2) {
            match flags.iter_mut().find(|(f, _)| *f == pair[0]) {
                Some(entry) => entry.1 = pair[1].clone(),
                None => added.push(pair.to_vec()),
            }
        }
        let mut cmd = sb.qaudit();
        cmd.args(["--as", flags[0].1.as_str(), "score"]);
        for (f, v) in &flags[1..] {
            cmd.args([*f, v.as_str()]);
        }
        cmd.arg("--answers").arg(&file);
        for pair in added {
            cmd.args(pair);
        }
        refusals.push_str(&format!("== {name}\n{}", sb.refusal(&mut cmd)));
        assert_eq!(fingerprint(&sb.db()), before, "{name}: the store changed");
    }
    insta::assert_snapshot!(refusals, @r"
    == unknown key
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:28:3: `courtesy.greting` is not a criterion of call-quality (did you mean `courtesy.greeting`?)
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == missing answers
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      no answer for 2 criteria: courtesy.tone, clarity.next_steps
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == value outside the scale
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:3:3: `courtesy.tone` does not take `7`; answer a whole number from 1 to 5
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == not an option
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:4:3: `courtesy.closing` does not take `maybe`; answer met, partly, not_met
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == N/A not allowed
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:2:3: `courtesy.greeting` may not be answered N/A; answer yes, no
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == missing required comment
    exit: 1
    --- stdout
    --- stderr
    error: the answers do not fit rubric call-quality version 2 (1 problem(s)); nothing was saved
      [sandbox]/case.yaml:3:3: `courtesy.tone` is answered `2`, low enough that the rubric requires a comment (below 50% of the scale)
    hint: fix the answers listed above; `qaudit rubric show ID` lists criteria and the answers each takes
    == visit rubric on an interaction
    exit: 1
    --- stdout
    --- stderr
    error: rubric store-visit scores visits, not interactions
    hint: score calls, chats and emails with an interaction rubric such as call-quality; visits are logged with `qaudit visit log`
    == unknown interaction
    exit: 1
    --- stdout
    --- stderr
    error: no interaction `CALL-404` in the store
    hint: import it with `qaudit interaction import FILE.csv`; `qaudit interaction list` shows what is there
    == unknown rubric
    exit: 1
    --- stdout
    --- stderr
    error: no rubric `call-qualty` in the store
    hint: did you mean `call-quality`?
    == a shopper may not score
    exit: 1
    --- stdout
    --- stderr
    error: `sam` may not score interactions: that needs the evaluator role
    hint: a lead can add it with `qaudit staff add sam --name NAME --role evaluator`, or act as someone else with --as
    == not staff
    exit: 1
    --- stdout
    --- stderr
    error: `nobody` is not a staff member, so may not score interactions
    hint: pass --as YOUR_ID (or set QAUDIT_USER); staff are added with `qaudit staff add ID --name NAME --role evaluator`
    == bad --set
    exit: 1
    --- stdout
    --- stderr
    error: `--set courtesy.greeting` is not KEY=VALUE; e.g. --set courtesy.greeting=yes
    hint: write each answer as --set section.criterion=value
    ");
}
