//! The customer-voice section of the reports (issue 19, part 3), through the binary on a small
//! imported export whose figures are computed by hand below: CSAT, NPS, complaints per 100,
//! response p50/p90 against the channel targets, escalation against `target.escalation`, the
//! repeat-contact rate, resolution, staff satisfaction; the Spanish labels; small-n wording;
//! and scope (an agent's feedback shows their own figures and the team's, never another's).

mod common;

use common::voice_support::{run_as, voice_team};
use common::{Sandbox, score};
use serde_json::Value;

/// November 2026 (Nov 1 is a Sunday: 21 weekdays). With the three contacts of `team()`
/// (CALL-1, CHAT-1 by a-1, MAIL-1 by a-2, customers cust-77..79, no voice figures):
/// - CSAT 5, 4, 2, 3, 5: mean 3.8, satisfied (4-5) 3 of 5 = 60%.
/// - NPS 10, 9, 3, 7, 10: 3 promoters, 1 detractor of 5: +40.
/// - Complaints 1 of 5: 20.0 per 100.
/// - Phone responses 30, 60, 120 s: median 60 s, p90 60 + 0.8 × 60 = 108 s; target 1 min: 2 of 3.
/// - Email responses 7200, 90000 s: median 48600 s (13.5 h), p90 81720 s (22.7 h); target 24h:
///   1 of 2.
/// - Escalations after 1 h and 3 h: median 2.0 h, p90 2.8 h; target 2h: 1 of 2.
/// - Resolved 4 of 5 (80%), reopened 1 of 5 (20%).
/// - Repeats within 7 days, over the 8 contacts with a customer: V-1 (c1 again on V-2) and V-5
///   (c4 again on V-7 four days later, in December: looked for after the period too): 2 of 8. Within 1 day:
///   only V-1.
/// - Contacts per agent per working day: 8 contacts / 2 agents / 21 days.
/// - V-3's complaint, Wednesday 10:00 to Friday 10:00: 48 clock hours; with business hours
///   Mon-Fri 09:00-18:00, 8 + 9 + 1 = 18 business hours.
const VOICE: &str = "id,agent,channel,occurred_at,customer,csat,nps,complaint,response_s,resolved,reopened,escalated_at,reason,complaint_opened_at,complaint_closed_at\n\
V-1,a-1,phone,2026-11-02 10:00,c1,5,10,no,30,yes,no,,billing,,\n\
V-2,a-1,phone,2026-11-03 10:00,c1,4,9,no,60,yes,no,,billing,,\n\
V-3,a-1,email,2026-11-04 10:00,c2,2,3,Double charge,7200,no,yes,2026-11-04 11:00,refund,2026-11-04 10:00,2026-11-06 10:00\n\
V-4,a-2,email,2026-11-05 10:00,c3,3,7,no,90000,yes,no,2026-11-05 13:00,billing,,\n\
V-5,a-2,phone,2026-11-27 10:00,c4,5,10,no,120,yes,no,,address,,\n\
V-7,a-1,chat,2026-12-01 10:00,c4,,,,,,,,,,\n";

const PERIOD: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-30"];

/// `coach plan AGENT` over November in `format`.
fn plan_args<'a>(agent: &'a str, format: &'a str) -> Vec<&'a str> {
    let mut args = vec!["coach", "plan", agent];
    args.extend(PERIOD);
    args.extend(["--format", format]);
    args
}

fn ok(sb: &Sandbox, actor: &str, args: &[&str]) -> String {
    let (code, out, err) = run_as(sb, actor, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// The team store with the voice export, targets, a staff survey and CALL-1 and MAIL-1 scored.
fn voice_store() -> Sandbox {
    let sb = voice_team();
    sb.write("voice.csv", VOICE);
    ok(&sb, "lea", &["interaction", "import", "voice.csv", "--timezone", "UTC"]);
    for (key, value) in [
        ("target.response.email", "24h"),
        ("target.response.phone", "1m"),
        ("target.escalation", "2h"),
    ] {
        ok(&sb, "lea", &["config", "set", key, value]);
    }
    sb.write(
        "staff.csv",
        "agent,answered_at,score\na-1,2026-11-10,7\na-1,2026-11-25,9\na-2,2026-10-01,4\n",
    );
    ok(
        &sb,
        "lea",
        &["agent", "survey", "import", "staff.csv", "--scale", "1-10"],
    );
    score(&sb, "CALL-1", &[]);
    score(&sb, "MAIL-1", &[]);
    sb
}

fn team_json(sb: &Sandbox, actor: &str, extra: &[&str]) -> Value {
    let mut args = vec!["report", "team", "--format", "json"];
    args.extend(PERIOD);
    args.extend(extra);
    serde_json::from_str(&ok(sb, actor, &args)).unwrap()
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-9
}

#[test]
fn the_team_figures_are_the_hand_computed_ones() {
    let sb = voice_store();
    let json = team_json(&sb, "lea", &[]);
    let v = &json["voice"]["set"];
    assert_eq!(v["contacts"], 8);
    assert!(close(&v["csat"]["mean"], 3.8));
    assert_eq!(
        (v["csat"]["n"].as_u64(), v["csat"]["satisfied"]["count"].as_u64()),
        (Some(5), Some(3))
    );
    assert!(close(&v["nps"]["score"], 40.0));
    assert_eq!(v["nps"]["promoters"], 3);
    assert_eq!(v["nps"]["detractors"], 1);
    assert!(close(&v["complaints"]["per_100"], 20.0));
    let email = &v["response"][0];
    assert_eq!(email["channel"], "email");
    assert!(close(&email["times"]["median"], 48_600.0) && close(&email["times"]["p90"], 81_720.0));
    assert_eq!(
        (email["target_s"].as_i64(), email["within_target"]["count"].as_u64()),
        (Some(86_400), Some(1))
    );
    let phone = &v["response"][1];
    assert!(close(&phone["times"]["median"], 60.0) && close(&phone["times"]["p90"], 108.0));
    assert_eq!(phone["within_target"]["count"], 2);
    let esc = &v["escalation"];
    assert!(close(&esc["times"]["median"], 7_200.0) && close(&esc["times"]["p90"], 10_080.0));
    assert_eq!(
        (esc["target_s"].as_i64(), esc["within_target"]["count"].as_u64()),
        (Some(7_200), Some(1))
    );
    assert_eq!(
        (
            v["resolved"]["share"]["count"].as_u64(),
            v["resolved"]["share"]["n"].as_u64()
        ),
        (Some(4), Some(5))
    );
    assert_eq!(v["reopened"]["share"]["count"], 1);
    assert_eq!(
        (
            v["repeat"]["share"]["count"].as_u64(),
            v["repeat"]["share"]["n"].as_u64()
        ),
        (Some(2), Some(8))
    );
    assert_eq!(v["workload"]["working_days"], 21);
    assert!(close(&v["workload"]["per_agent_per_day"], 8.0 / 2.0 / 21.0));
    assert_eq!(v["reasons"][0]["reason"], "billing");
    assert_eq!(v["reasons"][0]["contacts"], 3);
    // Per agent, beside quality: a-1's CSAT 5, 4, 2 and their staff survey (7 and 9 in November).
    let a1 = &json["voice"]["agents"][0];
    assert_eq!(a1["id"], "a-1");
    assert!(close(&a1["quality"], 100.0));
    assert!(close(&a1["figures"]["csat"]["mean"], 11.0 / 3.0));
    assert!(close(&a1["staff"]["mean"], 8.0));
    assert_eq!(a1["staff"]["latest"], 9);
    // a-2's October answer is outside the period.
    assert!(json["voice"]["agents"][1]["staff"].is_null());
    // The repeat window: within one day only V-1 is repeated.
    let one_day = team_json(&sb, "lea", &["--repeat-days", "1"]);
    assert_eq!(one_day["voice"]["set"]["repeat"]["share"]["count"], 1);
    assert!(close(&v["complaint_handling"]["times"]["median"], 48.0 * 3600.0));
    ok(&sb, "lea", &["config", "set", "business-hours", "Mon-Fri 09:00-18:00"]);
    let business = team_json(&sb, "lea", &[]);
    let b = &business["voice"]["set"];
    assert_eq!(business["voice"]["business_time"], true);
    assert!(close(&b["complaint_handling"]["times"]["median"], 18.0 * 3600.0));
    // V-4's email, Thursday 10:00 + 25 h: 8 + 2 = 10 business hours, within 24h now.
    assert_eq!(b["response"][0]["within_target"]["count"], 2);
    // The CSV row of each agent carries the brief.
    let csv = ok(
        &sb,
        "lea",
        &[
            "report",
            "team",
            "--format",
            "csv",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert!(csv.lines().next().unwrap().contains("voice.csat_mean"), "{csv}");
}

#[test]
fn the_text_says_small_n_plainly_and_spanish_has_its_own_words() {
    let sb = voice_store();
    let mut args = vec!["report", "team"];
    args.extend(PERIOD);
    let en = ok(&sb, "lea", &args);
    assert!(en.contains("CUSTOMER VOICE"), "{en}");
    assert!(en.contains("3.8 (n 5, too few to judge)"), "{en}");
    assert!(en.contains("+40 (n 5, too few to judge)"), "{en}");
    assert!(en.contains("median 13.5 h, p90 22.7 h"), "{en}");
    assert!(en.contains("25% (2 of 8, too few to judge)"), "{en}");
    let section = &en[en.find("CUSTOMER VOICE").unwrap()..en.find("REWARD AND DISCIPLINE").unwrap()];
    let long: Vec<&str> = section.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(long.is_empty(), "{long:?}");
    let fragments = common::spanish::english_fragments();
    for format in ["txt", "md", "html"] {
        let mut es_args = args.clone();
        es_args.extend(["--lang", "es", "--format", format]);
        let es = ok(&sb, "lea", &es_args);
        for label in [
            "LA VOZ DEL CLIENTE",
            "Quejas por cada 100 contactos",
            "Tiempo de respuesta, correo electrónico",
            "Tiempo hasta escalar",
            "Contactos repetidos (7 días)",
            "Resueltos",
            "Reabiertos",
            "Contactos/agente/día laborable",
            "Por motivo de contacto",
            "demasiado pocos para juzgar",
            "3,8",
            "mediana 13,5 h",
            "8,0/10",
        ] {
            // Headings are in capitals on the terminal; HTML escapes the slash.
            let label = label.to_lowercase();
            let found = es.to_lowercase();
            let found = found.contains(&label) || found.contains(&label.replace('/', "&#x2f;"));
            assert!(found, "{format}: {label} missing in\n{es}");
        }
        let text = common::spanish::readable(&es, format == "html");
        let start = text
            .find("oz del cliente")
            .or_else(|| text.find("OZ DEL CLIENTE"))
            .unwrap();
        let voice = &text[start..];
        let english = common::spanish::english_in(voice, &fragments);
        assert!(english.is_empty(), "{format}: {english:?}");
    }
}

#[test]
fn the_coaching_context_in_spanish_names_the_agents_own_satisfaction() {
    let sb = voice_store();
    let plan = ok(
        &sb,
        "lea",
        &[
            "coach",
            "plan",
            "a-1",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--lang",
            "es",
        ],
    );
    let section = &plan[plan.find("LA VOZ DEL CLIENTE: Equipo north").expect(&plan)..];
    for label in [
        "Índice de recomendación (NPS)",
        "Satisfacción del agente (clima)  8,0 sobre 1-10 (n 2; última 9)",
        "LA VOZ DEL CLIENTE POR AGENTE",
        "Ana Ruiz (a-1)",
    ] {
        assert!(section.contains(label), "{label} missing in\n{section}");
    }
    assert!(!section.contains("Luis Mora"), "{section}");
    let english = common::spanish::english_in(
        &common::spanish::readable(section, false),
        &common::spanish::english_fragments(),
    );
    assert!(english.is_empty(), "{english:?}");
}

#[test]
fn an_agent_sees_their_own_figures_and_the_teams_never_another_agents() {
    let sb = voice_store();
    // The team report shows every agent's results: an agent is refused it.
    let mut team = vec!["report", "team"];
    team.extend(PERIOD);
    let (code, out, err) = run_as(&sb, "a-1", &team);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("every agent's results") && err.contains("hint:"), "{err}");
    // a-2's feedback: their own figures and the team's aggregate, nothing of a-1's.
    let eval = common::query_i64(
        &sb.db(),
        "SELECT e.id FROM evaluations e JOIN interactions i ON i.id = e.interaction_id WHERE i.external_id = 'MAIL-1'",
    );
    let sheet: Value = serde_json::from_str(&ok(
        &sb,
        "a-2",
        &["report", "feedback", &eval.to_string(), "--format", "json"],
    ))
    .unwrap();
    let voice = &sheet["voice"];
    let rows: Vec<&str> = voice["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["a-2"]);
    assert_eq!(voice["team"], "north");
    // Over the 30 days ending on MAIL-1's day (November 4): the team's NPS is V-1..V-3's
    // (10, 9, 3: +33.3), a-2 has MAIL-1 alone, with no NPS.
    assert!(close(&voice["set"]["nps"]["score"], 100.0 / 3.0));
    assert!(voice["agents"][0]["figures"]["nps"].is_null());
    assert_eq!(voice["agents"][0]["figures"]["contacts"], 1);
    let text = ok(&sb, "a-2", &["report", "feedback", &eval.to_string()]);
    assert!(text.contains("Luis Mora (a-2)") && !text.contains("Ana Ruiz"), "{text}");
    // The coaching context of a-1: own row beside the plan's average.
    let plan: Value = serde_json::from_str(&ok(&sb, "lea", &plan_args("a-1", "json"))).unwrap();
    let rows: Vec<&str> = plan["voice"]["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["a-1"]);
    assert!(close(&plan["voice"]["agents"][0]["quality"], 100.0));
    let md = ok(&sb, "lea", &plan_args("a-1", "md"));
    assert!(md.contains("## Customer voice: Team north"), "{md}");
    // An agent asking for a plan about someone else finds no such agent.
    let (code, other, err) = run_as(&sb, "a-2", &plan_args("a-1", "json"));
    assert_eq!(code, 1, "{other}");
    assert!(err.contains("no agent `a-1`"), "{err}");
}

#[test]
fn a_store_without_voice_figures_has_no_section() {
    let sb = voice_team();
    score(&sb, "CALL-1", &[]);
    let json = team_json(&sb, "lea", &[]);
    assert!(json.get("voice").is_none());
    let mut args = vec!["report", "team"];
    args.extend(PERIOD);
    assert!(!ok(&sb, "lea", &args).contains("CUSTOMER VOICE"));
    // A zero repeat window is refused as usage.
    let (code, _, err) = run_as(&sb, "lea", &["report", "team", "--repeat-days", "0"]);
    assert_eq!(code, 2, "{err}");
}

const DESK: &str = "id: store-desk\nversion: 1\ntitle: Store desk\nsubject: interaction\npass_mark: 80\nscales:\n  yes_no: { type: binary }\nsections:\n  - id: desk\n    title: Desk manner\n    criteria:\n      - { id: smile, text: Smiled, scale: yes_no }\n      - { id: name, text: Gave own name, scale: yes_no }\n";

#[test]
fn over_several_rubrics_the_section_is_shown_once_beside_each_agents_main_quality() {
    let sb = voice_store();
    sb.write("store-desk.yaml", DESK);
    ok(&sb, "lea", &["rubric", "import", "store-desk.yaml"]);
    sb.write("desk.yaml", "answers:\n  desk.smile: yes\n  desk.name: no\n");
    for subject in ["V-4", "V-5"] {
        let args = [
            "score",
            "--interaction",
            subject,
            "--rubric",
            "store-desk",
            "--answers",
            "desk.yaml",
        ];
        ok(&sb, "eva", &args);
    }
    let mut args = vec!["report", "team"];
    args.extend(PERIOD);
    let text = ok(&sb, "lea", &args);
    assert_eq!(text.matches("CUSTOMER VOICE BY AGENT").count(), 1, "{text}");
    let json = team_json(&sb, "lea", &[]);
    let tables = json.as_array().unwrap();
    assert_eq!(tables.len(), 2);
    assert!(tables[1].get("voice").is_none());
    let a2 = tables[0]["voice"]["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "a-2")
        .unwrap();
    // a-2: one call-quality evaluation (100), two store-desk ones (50 each).
    assert!(close(&a2["quality"], 50.0));
    assert_eq!(a2["quality_rubric"], "store-desk");
    assert_eq!(a2["evaluations"], 2);
}
