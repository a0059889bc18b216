//! Clean exports out (issue 18): `export evaluations | scores | disputes | visits | flags`,
//! formula cells neutralised in every CSV, `--format csv` on every command, and fixing a bad
//! interaction with `interaction amend | withdraw`.

mod common;

use common::{Sandbox, call_quality_answers, fingerprint, query_i64, score, stdout_of, team};
use std::path::Path;

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn evaluations_one_row_each_with_section_scores_and_no_customer_unless_asked() {
    let sb = Sandbox::new();
    team(&sb);
    let first = score(&sb, "CALL-1", &[]);
    let second = score(&sb, "MAIL-1", &[("empathy.acknowledge", "partly")]);
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "evaluation",
            "void",
            &second.to_string(),
            "--reason",
            "Wrong call",
        ])
        .assert()
        .success();
    let rows = csv_rows(&stdout_of(sb.qaudit().args(["export", "evaluations"])));
    assert_eq!(rows.len(), 2, "counted only: {rows:?}");
    assert_eq!(column(&rows, "evaluation"), [first.to_string()]);
    assert_eq!(column(&rows, "subject"), ["CALL-1"]);
    assert_eq!(column(&rows, "section.courtesy"), ["100"]);
    assert!(!rows[0].iter().any(|h| h == "customer"));
    let all = csv_rows(&stdout_of(sb.qaudit().args([
        "export",
        "evaluations",
        "--status",
        "all",
        "--include-customer",
    ])));
    assert_eq!(all.len(), 3);
    assert_eq!(column(&all, "status"), ["submitted", "void"]);
    assert!(column(&all, "customer")[0].starts_with("c-"), "{all:?}");
    let json: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "export",
        "evaluations",
    ])))
    .unwrap();
    assert_eq!(json[0]["overall"], serde_json::json!(100.0));
    assert_eq!(json[0]["passed"], serde_json::json!(true));
    // Filters: by agent and by the day of the work.
    let none = csv_rows(&stdout_of(sb.qaudit().args([
        "export",
        "evaluations",
        "--agent",
        "a-2",
    ])));
    assert_eq!(none.len(), 1, "header only");
    let later = csv_rows(&stdout_of(sb.qaudit().args([
        "export",
        "evaluations",
        "--from",
        "2026-11-03",
    ])));
    assert_eq!(later.len(), 1);
}

#[test]
fn scores_in_long_format_with_section_weight_norm_and_comment() {
    let sb = Sandbox::new();
    team(&sb);
    let id = score(&sb, "CALL-1", &[("empathy.acknowledge", "partly")]);
    let out = stdout_of(sb.qaudit().args(["export", "scores", "--output", "scores.csv"]));
    assert!(out.contains("Wrote") && out.contains("scores.csv"), "{out}");
    let rows = csv_rows(&std::fs::read_to_string(sb.path("scores.csv")).unwrap());
    let answers = query_i64(
        &sb.db(),
        &format!("SELECT count(*) FROM criterion_scores WHERE evaluation_id = {id}"),
    );
    assert_eq!(rows.len() as i64 - 1, answers);
    let i = column(&rows, "criterion")
        .iter()
        .position(|c| *c == "empathy.acknowledge")
        .unwrap();
    assert_eq!(column(&rows, "section")[i], "empathy");
    assert_eq!(column(&rows, "answer")[i], "partly");
    assert_eq!(column(&rows, "norm")[i], "0.5");
    assert!(!column(&rows, "weight")[i].is_empty() && !column(&rows, "section_weight")[i].is_empty());
    // Never onto the store.
    let before = fingerprint(&sb.db());
    let refused = sb.refusal(sb.qaudit().args(["export", "scores", "--output"]).arg(sb.db()));
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: --output [sandbox]/qaudit.db is the store [sandbox]/qaudit.db itself (or its -wal/-shm file): writing there would destroy it
      nothing was written; the store is unchanged
    hint: write to another file, e.g. a name in another folder
    ");
    let mut wal = sb.db().into_os_string();
    wal.push("-wal");
    sb.refusal(sb.qaudit().args(["export", "scores", "--output"]).arg(&wal));
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn disputes_visits_and_flags_export() {
    let sb = Sandbox::new();
    team(&sb);
    let id = score(&sb, "CALL-1", &[("empathy.acknowledge", "partly")]);
    sb.qaudit()
        .args([
            "--as",
            "a-1",
            "dispute",
            "open",
            &id.to_string(),
            "--reason",
            "=1+1 I did acknowledge it",
        ])
        .assert()
        .success();
    let rows = csv_rows(&stdout_of(sb.qaudit().args(["export", "disputes"])));
    assert_eq!(column(&rows, "evaluation"), [id.to_string()]);
    assert_eq!(column(&rows, "reason"), ["'=1+1 I did acknowledge it"], "neutralised");
    let visits = csv_rows(&stdout_of(sb.qaudit().args(["export", "visits", "--status", "all"])));
    assert_eq!(visits[0][0], "visit");
    let flags = stdout_of(sb.qaudit().args(["export", "flags"]));
    assert!(flags.starts_with("as_of,"), "{flags}");
    let json = stdout_of(sb.qaudit().args(["--format", "json", "export", "disputes"]));
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[0]["reason"], "=1+1 I did acknowledge it", "JSON is unchanged");
}

#[test]
fn formula_cells_are_neutralised_in_every_csv_and_numbers_stay_numbers() {
    let sb = Sandbox::new();
    sb.init();
    let evil = "=HYPERLINK(\"http://evil.example\",\"click\")";
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "a-1", "--name", evil, "--team", "@team"])
        .assert()
        .success();
    let out = stdout_of(sb.qaudit().args(["--format", "csv", "agent", "list"]));
    let rows = csv_rows(&out);
    assert_eq!(column(&rows, "name"), [format!("'{evil}")]);
    assert_eq!(column(&rows, "team"), ["'@team"]);
    // The agent list written by qaudit imports back to the same agent.
    std::fs::write(sb.path("agents.csv"), &out).unwrap();
    let again = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "agent", "import", "agents.csv", "--dry-run"]),
    );
    assert!(again.contains("leave 1 unchanged"), "{again}");
    let json = stdout_of(sb.qaudit().args(["--format", "json", "agent", "list"]));
    assert!(json.contains("\"=HYPERLINK"), "JSON is unchanged: {json}");
}

#[test]
fn deviations_stay_numbers_in_csv() {
    let mut w = Vec::new();
    let out = qaudit::output::Output::new(&()).table(qaudit::output::Table {
        title: None,
        headers: vec!["who".into(), "deviation".into()],
        rows: vec![vec!["-ana".into(), "-3.2".into()]],
    });
    out.write(qaudit::output::Format::Csv, &mut w).unwrap();
    assert_eq!(String::from_utf8(w).unwrap(), "who,deviation\n'-ana,-3.2\n");
}

/// Values for the required arguments of a command walked by the test below.
fn value_for(arg: &str) -> &'static str {
    match arg {
        "id" | "evaluation" | "session" | "visit" | "sample" | "dispute" | "plan" => "1",
        "agent" => "a-001",
        "interaction" => "C-0000001",
        "rubric" => "call-quality",
        "file" | "files" | "csv" => "missing.csv",
        "reason" | "note" | "name" | "text" => "checked",
        "month" => "2026-11",
        "per_location" | "per_agent" | "per_evaluator" => "1",
        "location" => "mad-01",
        "channel" => "phone",
        "visited_at" => "2026-11-20 10:00",
        "shopper" => "sam",
        "sets" => "x=y",
        "roles" | "role" => "lead",
        "what" => "evaluations",
        "action" => "no-action",
        "evaluators" => "eva",
        "from" => "2026-11-01",
        "to" => "2026-11-30",
        "subjects" | "interactions" => "C-0000001",
        "shell" => "bash",
        "kind" => "workshop",
        "criteria" => "courtesy.greeting",
        _ => "1",
    }
}

#[test]
fn format_csv_works_on_every_command_never_exit_3() {
    use clap::CommandFactory;
    let sb = Sandbox::new();
    sb.qaudit().args(["demo", "--quiet"]).assert().success();
    let root = qaudit::cli::Cli::command();
    let mut leaves: Vec<(Vec<String>, clap::Command)> = Vec::new();
    fn walk(path: Vec<String>, cmd: &clap::Command, out: &mut Vec<(Vec<String>, clap::Command)>) {
        let subs: Vec<&clap::Command> = cmd.get_subcommands().collect();
        if subs.is_empty() {
            out.push((path.clone(), cmd.clone()));
        }
        for s in subs {
            let mut p = path.clone();
            p.push(s.get_name().to_string());
            walk(p, s, out);
        }
    }
    walk(Vec::new(), &root, &mut leaves);
    let mut checked = 0;
    for (path, cmd) in leaves {
        if path.is_empty() || matches!(path[0].as_str(), "demo" | "completions" | "man" | "serve") {
            continue;
        }
        let mut args: Vec<String> = path.clone();
        let mut required: Vec<&clap::Arg> = cmd.get_arguments().filter(|a| a.is_required_set()).collect();
        // A required group (one of --approve / --return): its first member.
        for group in cmd.get_groups().filter(|g| g.is_required_set()) {
            if let Some(first) = group.get_args().next() {
                required.extend(cmd.get_arguments().filter(|a| a.get_id() == first));
            }
        }
        // Required only unless another flag is given, which clap does not list as required.
        if path == ["visit", "review"] {
            args.push("--approve".to_string());
        }
        for arg in required {
            let id = arg.get_id().as_str();
            if arg.is_positional() {
                args.push(value_for(id).to_string());
            } else if let Some(long) = arg.get_long() {
                args.push(format!("--{long}"));
                if arg.get_action().takes_values() {
                    args.push(value_for(id).to_string());
                }
            }
        }
        let output = sb
            .qaudit()
            .args(["--format", "csv", "--as", "lea"])
            .args(&args)
            .write_stdin("")
            .output()
            .unwrap();
        let code = output.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "qaudit --format csv {} exited {code:?}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        checked += 1;
    }
    assert!(checked > 40, "walked {checked} commands");
}

#[test]
fn an_interaction_is_amended_and_its_evaluations_move_with_it() {
    let sb = Sandbox::new();
    team(&sb);
    let id = score(&sb, "CALL-1", &[]);
    // Only a lead amends.
    let refused = sb.refuse(&[
        "--as",
        "eva",
        "interaction",
        "amend",
        "CALL-1",
        "--set",
        "agent=a-2",
        "--reason",
        "Transferred call",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: `eva` may not amend interactions: that needs the lead role
    hint: a lead can add it with `qaudit staff add eva --name NAME --role lead`, or act as someone else with --as
    ");
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "amend",
        "CALL-1",
        "--set",
        "agent=a-2",
        "--set",
        "occurred_at=2026-11-02T10:15:00Z",
        "--set",
        "duration_s=00:06:41",
        "--set",
        "extra.queue=billing",
        "--reason",
        "Transferred call: the export named the first agent",
    ]));
    assert!(out.contains(&format!("#{id}")), "{out}");
    assert_eq!(
        query_i64(
            &sb.db(),
            &format!(
                "SELECT count(*) FROM evaluations WHERE id = {id} AND agent_id = 'a-2' AND occurred_at = '2026-11-02T10:15:00Z'"
            )
        ),
        1
    );
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT duration_s FROM interactions WHERE external_id = 'CALL-1'"
        ),
        401
    );
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM interaction_history"), 1);
    assert_eq!(
        query_i64(
            &sb.db(),
            "SELECT count(*) FROM audit_log WHERE action = 'interaction.amend' AND change LIKE '%Transferred call%'"
        ),
        1
    );
    // The team report now counts it for a-2.
    let report: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "report",
        "team",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ])))
    .unwrap();
    let a2 = report["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a-2")
        .unwrap();
    assert_eq!(a2["evaluations"], 1, "{a2}");
    // Bad values are refused with the store unchanged.
    let before = fingerprint(&sb.db());
    for set in [
        "agent=nobody",
        "occurred_at=1999-01-01",
        "duration_s=90000",
        "colour=red",
        "channel=Tel éfono",
    ] {
        sb.refusal(sb.qaudit().args([
            "--as",
            "lea",
            "interaction",
            "amend",
            "CALL-1",
            "--set",
            set,
            "--reason",
            "x",
        ]));
    }
    assert_eq!(fingerprint(&sb.db()), before);
}

#[test]
fn a_withdrawn_interaction_leaves_queues_and_reports_and_its_evaluations_are_voided() {
    let sb = Sandbox::new();
    team(&sb);
    let id = score(&sb, "CALL-1", &[]);
    let out = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "interaction",
        "withdraw",
        "CALL-1",
        "--reason",
        "Test call from the dialler",
    ]));
    assert!(out.contains("Withdrew") && out.contains(&format!("#{id}")), "{out}");
    let db: &Path = &sb.db();
    assert_eq!(
        query_i64(
            db,
            &format!(
                "SELECT count(*) FROM evaluations WHERE id = {id} AND status = 'void' AND void_reason = 'Test call from the dialler'"
            )
        ),
        1
    );
    let list = stdout_of(sb.qaudit().args(["interaction", "list"]));
    assert!(!list.contains("CALL-1"), "{list}");
    let all = stdout_of(
        sb.qaudit()
            .args(["--format", "csv", "interaction", "list", "--withdrawn"]),
    );
    assert!(
        all.contains("CALL-1") && all.contains("Test call from the dialler"),
        "{all}"
    );
    assert_eq!(
        query_i64(db, "SELECT count(*) FROM interaction_history WHERE action = 'withdraw'"),
        1
    );
    let err = sb
        .refusal(
            sb.qaudit()
                .args(["--as", "lea", "interaction", "withdraw", "CALL-1", "--reason", "again"]),
        )
        .stderr;
    assert!(err.contains("was withdrawn"), "{err}");
    let file = sb.write("again.yaml", &call_quality_answers(&[]));
    let refused = sb.refusal(
        sb.qaudit()
            .args([
                "--as",
                "eva",
                "score",
                "--interaction",
                "CALL-1",
                "--rubric",
                "call-quality",
                "--answers",
            ])
            .arg(file),
    );
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: interaction CALL-1 was withdrawn (Test call from the dialler)
    hint: a withdrawn interaction is no longer scored; `qaudit queue` lists what is to score
    ");
    let report: serde_json::Value = serde_json::from_str(&stdout_of(sb.qaudit().args([
        "--format",
        "json",
        "report",
        "team",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ])))
    .unwrap();
    // Its only evaluation is void: a-1 has none left in the report (or is not listed at all).
    let a1 = report["agents"].as_array().unwrap().iter().find(|a| a["id"] == "a-1");
    assert!(
        a1.is_none_or(|a| a["evaluations"] == 0 && a["kpi"]["contacts"] == 1),
        "{a1:?}"
    );
}
