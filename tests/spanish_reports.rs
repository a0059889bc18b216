//! Issue 15, pinned "Spanish test": every report rendered for Spanish-rubric evaluations in
//! Spanish contains no value of the English label files (beyond a short allowlist of words the
//! two languages share). The store is the demo's, plus what the demo does not make in Spanish: a
//! rejected and an accepted dispute, a saved coaching plan and a closed calibration session.

mod common;

use common::spanish::*;
use common::*;
use serde_json::Value;
use std::path::Path;

fn json(sb: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout_of(sb.qaudit().args(&all))).unwrap()
}

/// The demo's store, with Spanish disputes settled, a Spanish coaching plan saved and a Spanish
/// calibration session closed. Returns the ids the reports are asked for.
struct Spanish {
    evaluations: Vec<i64>,
    visit: i64,
    plan: i64,
    session: i64,
    agent: String,
}

fn spanish_store(sb: &Sandbox) -> Spanish {
    sb.qaudit().args(["--as", "lea", "demo"]).assert().success();
    let evaluations = json(
        sb,
        &[
            "evaluation",
            "list",
            "--rubric",
            "calidad-contacto",
            "--limit",
            "100000",
        ],
    );
    let evaluations = evaluations.as_array().unwrap();
    let first = evaluations[0]["id"].as_i64().unwrap();
    // An agent the demo has not already planned coaching for (a second plan over the same
    // period and focus is refused).
    let planned: Vec<String> = json(sb, &["--as", "lea", "coach", "list"])
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["agent"].as_str().map(str::to_string))
        .collect();
    let agent = evaluations
        .iter()
        .filter_map(|e| e["agent"].as_str())
        .find(|a| !planned.iter().any(|p| p == a))
        .unwrap()
        .to_string();

    // Two disputes the agents open on Spanish evaluations (not the demo's, which depend on the
    // hour it runs): one rejected with a note, one accepted.
    let disputed: Vec<i64> = json(sb, &["--as", "lea", "dispute", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["evaluation"].as_i64().unwrap())
        .collect();
    let mut opened = Vec::new();
    // Not lea's own evaluations: lea resolves the disputes, and no one settles their own.
    for e in evaluations
        .iter()
        .filter(|e| !disputed.contains(&e["id"].as_i64().unwrap()) && e["evaluator"] != "lea")
    {
        let id = e["id"].as_i64().unwrap().to_string();
        let shown = json(sb, &["--as", "lea", "evaluation", "show", &id]);
        let answers = shown["revisions"].as_array().unwrap().last().unwrap()["answers"].clone();
        let Some(no) = answers.as_array().unwrap().iter().find(|a| a["answer"] == "no") else {
            continue;
        };
        let key = no["key"].as_str().unwrap().to_string();
        let opened_json = json(
            sb,
            &[
                "--as",
                e["agent"].as_str().unwrap(),
                "dispute",
                "open",
                &id,
                "--criterion",
                &key,
                "--proposed",
                "yes",
                "--reason",
                "Lo hice; escuchad la grabación.",
            ],
        );
        opened.push(opened_json);
        if opened.len() == 2 {
            break;
        }
    }
    assert_eq!(opened.len(), 2, "two Spanish evaluations with a `no` to dispute");
    let spanish: Vec<&Value> = opened.iter().collect();
    let (rejected, accepted) = (spanish[0], spanish[1]);
    let settle = |dispute: &Value, how: &[&str]| {
        let id = dispute["id"].to_string();
        let mut args = vec!["--as", "lea", "dispute", "resolve", id.as_str()];
        args.extend_from_slice(how);
        sb.qaudit().args(&args).assert().success();
    };
    settle(
        rejected,
        &["--reject", "--note", "Se escucha la promesa en el minuto 3."],
    );
    settle(accepted, &["--accept", "--note", "Tienes razón: lo registraste."]);

    // A saved plan on the Spanish rubric.
    let plan = json(
        sb,
        &[
            "--as",
            "lea",
            "coach",
            "plan",
            &agent,
            "--rubric",
            "calidad-contacto",
            "--save",
            "--note",
            "Repasamos dos llamadas.",
            "--action",
            "Escuchar una llamada modelo",
            "--commitment",
            "Presentarme siempre",
        ],
    );
    let plan = plan["saved"]
        .as_i64()
        .or_else(|| plan["id"].as_i64())
        .expect("a saved plan has an id");

    // A calibration session on the Spanish rubric, scored differently by three evaluators.
    let rubric = json(sb, &["rubric", "show", "calidad-contacto"]);
    let subjects: Vec<String> = ["0", "1"]
        .iter()
        .map(|offset| {
            let sql = format!(
                "SELECT external_id FROM interactions i WHERE withdrawn_at IS NULL AND agent_id IN (SELECT id FROM agents WHERE team = 'sur') \
                 AND channel IN ('phone', 'chat', 'email') \
                 AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.interaction_id = i.id) \
                 ORDER BY id LIMIT 1 OFFSET {offset}"
            );
            let conn = rusqlite::Connection::open(sb.db()).unwrap();
            conn.query_row(&sql, [], |r| r.get::<_, String>(0)).unwrap()
        })
        .collect();
    let created = json(
        sb,
        &[
            "--as",
            "lea",
            "calibrate",
            "new",
            "--rubric",
            "calidad-contacto",
            "--subject",
            &format!("interaction:{}", subjects[0]),
            "--subject",
            &format!("interaction:{}", subjects[1]),
            "--evaluators",
            "jorge,mario,priya",
        ],
    );
    let session = created["id"].as_i64().unwrap();
    for (n, who) in ["jorge", "mario", "priya"].iter().enumerate() {
        for subject in &subjects {
            let sets = answers_for(&rubric, n);
            let session_text = session.to_string();
            let mut args = vec![
                "--as",
                who,
                "score",
                "--calibration",
                session_text.as_str(),
                "--interaction",
                subject.as_str(),
                "--rubric",
                "calidad-contacto",
            ];
            let notes: Vec<String> = sets
                .iter()
                .map(|set| format!("{}=Comentario de calibración", set.split('=').next().unwrap()))
                .collect();
            for (set, note) in sets.iter().zip(&notes) {
                args.extend(["--set", set.as_str(), "--note", note.as_str()]);
            }
            sb.qaudit().args(&args).assert().success();
        }
    }
    sb.qaudit()
        .args(["--as", "lea", "calibrate", "close", &session.to_string()])
        .assert()
        .success();

    let visits = json(sb, &["evaluation", "list", "--rubric", "visita-tienda", "--limit", "1"]);
    let visit_evaluation = visits[0]["id"].as_i64().unwrap();
    let visit = json(
        sb,
        &["--as", "lea", "evaluation", "show", &visit_evaluation.to_string()],
    );
    let visit: i64 = visit["subject"]
        .as_str()
        .and_then(|s| s.strip_prefix("visit "))
        .unwrap()
        .parse()
        .unwrap();
    let rejected_on = rejected["evaluation"].as_i64().unwrap();
    let accepted_on = accepted["evaluation"].as_i64().unwrap();
    Spanish {
        evaluations: vec![first, rejected_on, accepted_on, visit_evaluation],
        visit,
        plan,
        session,
        agent,
    }
}

/// One answer per criterion, varied by evaluator so that the session's statistics are defined.
fn answers_for(rubric: &Value, evaluator: usize) -> Vec<String> {
    let scales = rubric["scales"].as_array().unwrap();
    let mut sets = Vec::new();
    for (i, criterion) in rubric["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .enumerate()
    {
        let scale = scales.iter().find(|s| s["name"] == criterion["scale"]["name"]).unwrap();
        let pick = (i + evaluator) % 3;
        let answer = match scale["type"].as_str().unwrap() {
            "binary" => ["yes", "yes", "no"][pick].to_string(),
            "choice" => scale["options"][pick][0].as_str().unwrap().to_string(),
            _ => (scale["max"].as_i64().unwrap() - pick as i64).to_string(),
        };
        let key = criterion["key"].as_str().unwrap();
        sets.push(format!("{key}={answer}"));
    }
    sets
}

#[test]
fn every_report_for_a_spanish_team_is_in_spanish() {
    let sb = Sandbox::new();
    let es = spanish_store(&sb);
    let fragments = english_fragments();
    let labels = spanish_labels();
    // Rubric titles are their authors' words, not qaudit's: a report over every rubric (the
    // evaluators') names the English ones as they are.
    let titles: Vec<String> = json(&sb, &["rubric", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        fragments.len() > 200,
        "the label files give the English words to look for"
    );

    let mut reports: Vec<(String, Vec<String>)> = vec![
        (
            "team".into(),
            vec!["report".into(), "team".into(), "--team".into(), "sur".into()],
        ),
        (
            "locations".into(),
            vec![
                "report".into(),
                "locations".into(),
                "--rubric".into(),
                "visita-tienda".into(),
            ],
        ),
        (
            "evaluators".into(),
            vec!["report".into(), "evaluators".into(), "--lang".into(), "es".into()],
        ),
        ("flags".into(), vec!["flags".into(), "--team".into(), "sur".into()]),
        (
            "coaching".into(),
            vec![
                "coach".into(),
                "plan".into(),
                es.agent.clone(),
                "--rubric".into(),
                "calidad-contacto".into(),
            ],
        ),
        (
            "coaching-saved".into(),
            vec!["coach".into(), "show".into(), es.plan.to_string()],
        ),
        (
            "calibration".into(),
            vec!["calibrate".into(), "report".into(), es.session.to_string()],
        ),
        (
            "visit".into(),
            vec!["visit".into(), "show".into(), es.visit.to_string()],
        ),
    ];
    for id in &es.evaluations {
        reports.push((
            format!("feedback-{id}"),
            vec!["report".into(), "feedback".into(), id.to_string()],
        ));
    }

    let mut found = Vec::new();
    for (name, args) in &reports {
        for format in ["txt", "md", "html"] {
            let file = sb.path(&format!("{name}.{format}"));
            let mut cmd = sb.qaudit();
            cmd.args(["--as", "lea", "--format", format])
                .args(args)
                .arg("--output")
                .arg(&file);
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{name} {format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut text = readable(&std::fs::read_to_string(&file).unwrap(), format == "html");
            for title in &titles {
                text = text.replace(title.as_str(), " ");
            }
            for hit in cut_labels_in(&text, &labels) {
                found.push(format!("{}: {hit}", file_name(&file)));
            }
            for hit in english_formats_in(&text) {
                found.push(format!("{}: {hit}", file_name(&file)));
            }
            for hit in english_in(&text, &fragments) {
                found.push(format!("{}: {hit}", file_name(&file)));
            }
        }
    }
    // What the terminal shows the same team: the flags table and each evaluation's sheet.
    let mut terminal: Vec<Vec<String>> = vec![vec!["flags".into(), "--team".into(), "sur".into()]];
    for id in &es.evaluations {
        terminal.push(vec!["evaluation".into(), "show".into(), id.to_string()]);
    }
    for args in &terminal {
        let text = readable(&stdout_of(sb.qaudit().args(["--as", "lea"]).args(args)), false);
        let hits = english_in(&text, &fragments)
            .into_iter()
            .chain(english_formats_in(&text))
            .chain(cut_labels_in(&text, &labels));
        for hit in hits {
            found.push(format!("`{}`: {hit}", args.join(" ")));
        }
    }
    assert!(found.is_empty(), "English in Spanish reports:\n{}", found.join("\n"));
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn the_fragment_finder_sees_whole_words_only() {
    check_the_finder();
}
