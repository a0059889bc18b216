//! Issue 15, item 6: with no `--rubric`, a coaching plan is about the rubric the agent was
//! scored with most in the period; a rubric with 2 evaluations (sorting first, and scored most
//! recently) is not picked over one with 5. Through the binary.

mod common;

use common::*;
use serde_json::Value;

/// `--set` pairs answering every criterion of `rubric` at its best.
fn best_answers(sb: &Sandbox, rubric: &str) -> Vec<String> {
    let shown: Value = serde_json::from_str(&sb.stdout(&["--format", "json", "rubric", "show", rubric])).unwrap();
    let scales = shown["scales"].as_array().unwrap();
    shown["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .map(|c| {
            let scale = scales.iter().find(|s| s["name"] == c["scale"]["name"]).unwrap();
            let answer = match scale["type"].as_str().unwrap() {
                "binary" => "yes".to_string(),
                "choice" => scale["options"][0][0].as_str().unwrap().to_string(),
                _ => scale["max"].to_string(),
            };
            format!("{}={answer}", c["key"].as_str().unwrap())
        })
        .collect()
}

fn plan(sb: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec![
        "--as",
        "lea",
        "--format",
        "json",
        "coach",
        "plan",
        "a-2",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&sb.stdout(&args)).unwrap()
}

#[test]
fn the_plan_is_about_the_rubric_with_most_evaluations_not_the_first_or_latest() {
    let sb = Sandbox::new();
    team(&sb);
    let csv = sb.write(
        "calls.csv",
        "id,agent,channel,occurred_at,duration_s\n\
         P-1,a-2,phone,2026-11-02 10:00,300\n\
         P-2,a-2,phone,2026-11-03 10:00,300\n\
         P-3,a-2,phone,2026-11-05 10:00,300\n\
         P-4,a-2,phone,2026-11-06 10:00,300\n\
         P-5,a-2,phone,2026-11-09 10:00,300\n\
         C-1,a-2,phone,2026-11-24 10:00,300\n\
         C-2,a-2,phone,2026-11-27 10:00,300\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    for (rubric, calls) in [
        ("call-quality", &["P-1", "P-2", "P-3", "P-4", "P-5"][..]),
        ("calidad-contacto", &["C-1", "C-2"][..]),
    ] {
        let sets = best_answers(&sb, rubric);
        for call in calls {
            let mut cmd = sb.qaudit();
            cmd.args(["--as", "eva", "score", "--interaction", call, "--rubric", rubric]);
            for s in &sets {
                cmd.args(["--set", s]);
            }
            cmd.assert().success();
        }
    }

    let chosen = plan(&sb, &[]);
    assert_eq!(chosen["rubric"]["id"], "call-quality", "{chosen}");
    assert_eq!(chosen["evaluations"], 5, "{chosen}");
    // The other rubric is there to be asked for, with its 2.
    let asked = plan(&sb, &["--rubric", "calidad-contacto"]);
    assert_eq!(asked["rubric"]["id"], "calidad-contacto");
    assert_eq!(asked["evaluations"], 2);
}
