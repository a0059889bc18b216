//! Flag rules on the customer's voice (issue 19, part 5), through the binary: a CSAT rule fires
//! with its evidence (figure, n, interval, threshold) in JSON, the terminal, CSV and rendered
//! reports; `min_contacts` holds a rule back and says so; NPS and complaints rules; a
//! `csat_below` off the store's scale is refused at its line with the store untouched; a second
//! decision on a voice-only flag is refused; Spanish evidence reads Spanish.

mod common;

use common::flags_support::{fired, flag, flags_json, pair, rubric};
use common::spanish::{english_fragments, english_in, readable};
use common::voice_support::{run_as, store_bytes};
use common::{Sandbox, stdout_of, team};

/// 40 contacts of a-1 (CSAT 2 or 3, NPS 2, 4, 6, 8, 9 in turn, one in four a complaint, email answered in
/// 30 h) and 40 of a-2 (CSAT 4 or 5, NPS 9 or 10, no complaint, email answered in 2 h), in
/// November 2026; `only` limits how many of each agent are imported.
fn contacts(only: usize) -> String {
    let mut csv = String::from("id,agent,channel,occurred_at,csat,nps,complaint,response_s\n");
    for i in 0..only {
        let day = 1 + i % 28;
        let (csat, nps, complaint) = (2 + i % 2, [2, 4, 6, 8, 9][i % 5], if i % 4 == 0 { "yes" } else { "no" });
        csv.push_str(&format!(
            "V1-{i},a-1,email,2026-11-{day:02} 10:00,{csat},{nps},{complaint},{}\n",
            30 * 3600
        ));
        csv.push_str(&format!(
            "V2-{i},a-2,email,2026-11-{day:02} 11:00,{},{},no,{}\n",
            4 + i % 2,
            9 + i % 2,
            2 * 3600
        ));
    }
    csv
}

/// The team (a-1, a-2, eva, lea), `one-score` with `flags` in `language`, and `n` contacts per
/// agent carrying the customer's voice.
fn setup(flags: &str, language: &str, n: usize) -> Sandbox {
    let sb = Sandbox::new();
    team(&sb);
    let yaml = rubric(1, flags).replace("language: en", &format!("language: {language}"));
    let file = sb.write("one-score.yaml", &yaml);
    sb.qaudit()
        .args(["--as", "lea", "rubric", "import"])
        .arg(file)
        .assert()
        .success();
    let csv = sb.write("voice.csv", &contacts(n));
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import"])
        .arg(csv)
        .assert()
        .success();
    sb
}

const CSAT_RULE: &str = "  - id: unhappy-customers
    kind: discipline
    window_days: 30
    csat_below: 3.5
    confidence: 0.9
";

const AS_OF: [&str; 2] = ["--as-of", "2026-11-30"];

#[test]
fn a_csat_rule_fires_with_its_evidence_in_json_and_the_terminal() {
    let sb = setup(CSAT_RULE, "en", 40);
    let json = flags_json(&sb, &AS_OF);
    assert_eq!(fired(&json), vec![pair("a-1", "unhappy-customers")], "{json:#}");
    let f = flag(&json, "a-1", "unhappy-customers");
    // No evaluation is needed, and none is listed.
    assert_eq!(f["evaluations"].as_array().unwrap().len(), 0);
    let c = &f["voice"][0];
    assert_eq!(c["condition"], "csat_below");
    assert_eq!(c["n"], 40);
    assert_eq!(c["figure"], 2.5);
    assert_eq!(c["threshold"], 3.5);
    assert_eq!(c["min_contacts"], 30);
    assert_eq!(c["measure"], "upper_bound");
    assert_eq!(c["scale"], "1-5");
    assert_eq!(c["met"], true);
    // 20 twos and 20 threes: sd = 0.5064, se = 0.0801; t(0.90; 39) = 1.3036, so the upper
    // bound is 2.6044; t(0.975; 39) = 2.0227 gives the 95% interval 2.338 to 2.662.
    let bound = c["value"].as_f64().unwrap();
    assert!((bound - 2.6044).abs() < 5e-4, "{c:#}");
    let (lo, hi) = (
        c["interval"]["lower"].as_f64().unwrap(),
        c["interval"]["upper"].as_f64().unwrap(),
    );
    assert!((lo - 2.338).abs() < 1e-3 && (hi - 2.662).abs() < 1e-3, "{c:#}");

    let table = stdout_of(sb.qaudit().env("COLUMNS", "200").args(["flags"]).args(AS_OF));
    assert!(
        table.contains("Customer's voice behind the flags, as of 2026-11-30"),
        "{table}"
    );
    let row = table
        .lines()
        .find(|l| l.contains("CSAT mean"))
        .unwrap_or_else(|| panic!("{table}"));
    for part in [
        "a-1",
        "unhappy-customers",
        "2.50",
        "40",
        "2.34 – 2.66",
        "upper bound 90% 2.6",
        "< 3.5",
        "met",
    ] {
        assert!(row.contains(part), "{part:?} missing in {row}");
    }
}

#[test]
fn fewer_contacts_than_min_contacts_cannot_fire_and_the_evidence_says_so() {
    let sb = setup(
        "  - id: unhappy-customers
    kind: discipline
    window_days: 30
    csat_below: 3.5
  - id: any-csat
    kind: discipline
    window_days: 30
    csat_below: 3.5
    min_contacts: 10
",
        "en",
        20,
    );
    // 20 contacts: the rule with the default min_contacts (30) holds back, the one asking for
    // 10 fires.
    let json = flags_json(&sb, &AS_OF);
    assert_eq!(fired(&json), vec![pair("a-1", "any-csat")], "{json:#}");
    let held = &json["held_back"][0];
    assert_eq!(
        (held["agent"].as_str(), held["flag"].as_str()),
        (Some("a-1"), Some("unhappy-customers"))
    );
    let c = &held["voice"][0];
    assert_eq!((c["n"].as_u64(), c["min_contacts"].as_u64()), (Some(20), Some(30)));
    assert_eq!(
        (c["met"].as_bool(), c["note"].as_str()),
        (Some(false), Some("too_few_contacts"))
    );
    assert_eq!(c["short_of_contacts"], true);
    let md = sb.path("flags.md");
    sb.qaudit()
        .args(["flags", "--output"])
        .arg(&md)
        .args(AS_OF)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("## Held back for too few contacts"), "{text}");
    assert!(
        text.contains("CSAT mean: 2.50, contacts 20, 95% interval 2.26 – 2.74; figure 2.5 &lt; threshold 3.5: not met (only 20 contacts, fewer than min_contacts 30: cannot fire)"),
        "{text}"
    );
    let table = stdout_of(sb.qaudit().env("COLUMNS", "250").args(["flags"]).args(AS_OF));
    assert!(
        table.contains("not met: only 20 contacts, fewer than min_contacts 30: cannot fire"),
        "{table}"
    );
}

#[test]
fn nps_and_complaints_rules_fire_on_their_figures() {
    let sb = setup(
        "  - id: detractors
    kind: discipline
    window_days: 30
    nps_below: 0
    confidence: 0.95
  - id: complaints
    kind: discipline
    window_days: 30
    complaints_per_100_above: 10
    confidence: 0.9
  - id: slow-email
    kind: discipline
    window_days: 30
    response_p90_above: { email: 24h }
",
        "en",
        40,
    );
    let json = flags_json(&sb, &AS_OF);
    let mut got = fired(&json);
    got.sort();
    assert_eq!(
        got,
        vec![
            pair("a-1", "complaints"),
            pair("a-1", "detractors"),
            pair("a-1", "slow-email")
        ],
        "{json:#}"
    );
    let nps = &flag(&json, "a-1", "detractors")["voice"][0];
    // 8 promoters and 24 detractors of 40: NPS -40, standard error 100 √((0.8 − 0.16)/40) =
    // 12.649; the one-sided 95% upper bound is -40 + 1.6449 × 12.649 = -19.194, the two-sided
    // interval -64.79 to -15.21.
    assert_eq!(nps["figure"], -40.0);
    assert!((nps["value"].as_f64().unwrap() - -19.194).abs() < 1e-3, "{nps:#}");
    assert!(
        (nps["interval"]["lower"].as_f64().unwrap() - -64.792).abs() < 1e-3,
        "{nps:#}"
    );
    assert!(nps["note"].is_null(), "{nps:#}");
    let complaints = &flag(&json, "a-1", "complaints")["voice"][0];
    // 10 complaints in 40 contacts: 25 per 100; the one-sided 90% Wilson lower bound (z =
    // 1.2816) is 17.330, the two-sided 95% interval 14.19 to 40.19.
    assert_eq!(complaints["figure"], 25.0);
    assert_eq!(complaints["n"], 40);
    assert_eq!(complaints["measure"], "lower_bound");
    let lower = complaints["value"].as_f64().unwrap();
    assert!((lower - 17.330).abs() < 1e-3, "{complaints:#}");
    let slow = &flag(&json, "a-1", "slow-email")["voice"][0];
    assert_eq!(slow["channel"], "email");
    assert_eq!(slow["figure"], 108_000.0);
    assert_eq!(slow["threshold"], 86_400.0);
    assert!(slow["interval"].is_null());
    // The CSV carries the evidence in its last column, cells neutralised.
    let csv = stdout_of(sb.qaudit().args(["--format", "csv", "flags"]).args(AS_OF));
    assert!(csv.lines().next().unwrap().ends_with(",scope,scope_id,voice"), "{csv}");
    let row = csv.lines().find(|l| l.contains(",complaints,")).unwrap();
    assert!(
        row.contains("complaints_per_100_above figure=25.00 n=40 interval=14.19..40.19 compared=17.3"),
        "{row}"
    );
}

#[test]
fn a_csat_threshold_off_the_stores_scale_is_refused_at_its_line_and_nothing_is_imported() {
    let sb = Sandbox::new();
    team(&sb);
    let flags = "  - id: unhappy-customers\n    kind: discipline\n    window_days: 30\n    csat_below: 7\n";
    let yaml = rubric(1, flags);
    let line = yaml.lines().position(|l| l.contains("csat_below")).unwrap() + 1;
    let file = sb.write("one-score.yaml", &yaml);
    let before = store_bytes(&sb.db());
    let (code, _, err) = run_as(&sb, "lea", &["rubric", "import", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let at = format!(
        "one-score.yaml:{line}:17: flag `unhappy-customers` of rubric `one-score` has `csat_below: 7`, outside this store's CSAT scale 1-5"
    );
    assert!(err.contains(&at), "{err}");
    assert!(
        err.contains("hint: CSAT in this store is on the 1-5 scale: give `csat_below` a number from 1 to 5"),
        "{err}"
    );
    assert_eq!(
        store_bytes(&sb.db()),
        before,
        "a refused import leaves the store as it was"
    );
    let json = flags_json(&sb, &AS_OF);
    assert!(
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["rubric"] != "one-score")
    );

    // On a store whose CSAT is 1-10, the same threshold is on the scale.
    let csv = sb.write(
        "ten.csv",
        "id,agent,channel,occurred_at,csat\nT-1,a-1,phone,2026-11-02 10:00,8\n",
    );
    sb.qaudit()
        .args(["--as", "lea", "interaction", "import", "--csat-scale", "1-10"])
        .arg(csv)
        .assert()
        .success();
    let (code, _, err) = run_as(&sb, "lea", &["rubric", "import", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
}

/// `flags decide a-1` on `rule` as of the last day of November.
fn decide(sb: &Sandbox, rule: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "flags",
        "decide",
        "a-1",
        "--as-of",
        "2026-11-30",
        "--rule",
        rule,
        "--action",
        "coaching",
        "--note",
        "Customers rate the calls low",
    ];
    args.extend_from_slice(extra);
    run_as(sb, "lea", &args)
}

#[test]
fn a_second_decision_on_a_voice_only_flag_is_refused_like_one_on_evaluations() {
    let sb = setup(CSAT_RULE, "en", 40);
    // The consistency report lists the flag as undecided until a lead decides on it.
    let undecided = |sb: &Sandbox| -> usize {
        let args = [
            "--format",
            "json",
            "report",
            "decisions",
            "--from",
            "2026-11-01",
            "--to",
            "2026-12-14",
            "--days",
            "14",
        ];
        let (code, out, err) = run_as(sb, "lea", &args);
        assert_eq!(code, 0, "{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["undecided"].as_array().unwrap().len()
    };
    assert_eq!(undecided(&sb), 1);
    let (code, _, err) = decide(&sb, "unhappy-customers", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(undecided(&sb), 0, "a decision on a voice-only flag answers it");
    let before = store_bytes(&sb.db());
    let (code, _, err) = decide(&sb, "unhappy-customers", &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("decision 1 (coaching by lea, as of 2026-11-30) already answers this flag"),
        "{err}"
    );
    assert!(
        err.contains("hint: history is amended, never rewritten: record the new decision with --supersedes 1"),
        "{err}"
    );
    assert_eq!(store_bytes(&sb.db()), before);
    // A later day whose window shares days with the first is the same firing too.
    let (code, _, err) = run_as(
        &sb,
        "lea",
        &[
            "flags",
            "decide",
            "a-1",
            "--as-of",
            "2026-12-01",
            "--rule",
            "unhappy-customers",
            "--action",
            "warning",
            "--note",
            "Still low",
        ],
    );
    assert!(code == 1 && err.contains("already answers this flag"), "{err}");
    // Superseding is how it changes.
    let (code, _, err) = decide(&sb, "unhappy-customers", &["--supersedes", "1"]);
    assert_eq!(code, 0, "{err}");
    let evidence = common::voice_support::cell(&sb.db(), "SELECT evidence FROM flag_decisions WHERE id = 2").unwrap();
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert_eq!(evidence["voice"][0]["condition"], "csat_below", "{evidence:#}");
    assert_eq!(evidence["voice"][0]["n"], 40);
}

#[test]
fn spanish_evidence_reads_spanish_in_every_format() {
    let sb = setup(
        &format!(
            "{CSAT_RULE}  - id: correo-lento
    kind: discipline
    window_days: 30
    response_p90_above: 24h
  - id: pocos-contactos
    kind: discipline
    window_days: 30
    nps_below: 0
    min_contacts: 50
"
        ),
        "es",
        40,
    );
    let fragments = english_fragments();
    for format in ["txt", "md", "html"] {
        let file = sb.path(&format!("señales.{format}"));
        sb.qaudit()
            .args(["--format", format, "flags", "--output"])
            .arg(&file)
            .args(AS_OF)
            .assert()
            .success();
        let text = std::fs::read_to_string(&file).unwrap();
        // Markdown is escaped like HTML (`&lt;`), so it is read the same way.
        let shown = readable(&text, format != "txt");
        for words in [
            "Voz del cliente",
            "CSAT medio: 2,50, contactos 40, intervalo al 95 % 2,34 – 2,66",
            "límite superior (90%) 2,6 < umbral 3,5",
            "percentil 90 del tiempo de respuesta (todos los canales): 30:00:00",
            "sin intervalo para percentiles",
            "Retenidas por pocos contactos",
            "solo 40 contactos, menos que min_contacts 50: no puede activarse",
        ] {
            assert!(shown.contains(words), "{format}: {words:?} missing in\n{shown}");
        }
        let english = english_in(&shown, &fragments);
        assert!(
            english.is_empty(),
            "{format}: English in a Spanish report: {english:#?}"
        );
    }
    let table = stdout_of(sb.qaudit().env("COLUMNS", "250").args(["flags"]).args(AS_OF));
    assert!(table.contains("Voz del cliente tras las señales"), "{table}");
    assert!(table.contains("CSAT medio"), "{table}");
    let english = english_in(&table, &fragments);
    assert!(english.is_empty(), "English in the Spanish terminal: {english:#?}");
}
