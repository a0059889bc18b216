//! Issue 15, item 3: the one language rule of a report over several rubrics (README,
//! "Languages"): `--lang` if given, else the language every covered rubric shares, else English,
//! each rubric's own words kept. Through the binary, on the demo's store (an English and a
//! Spanish call rubric, an English and a Spanish visit rubric).

mod common;

use common::*;

fn team_report(sb: &Sandbox, extra: &[&str]) -> String {
    stdout_of(sb.qaudit().args(["--as", "lea", "report", "team"]).args(extra))
}

#[test]
fn a_report_over_rubrics_in_two_languages_is_english_unless_asked_and_keeps_each_rubric_s_words() {
    let sb = Sandbox::new();
    sb.qaudit().args(["--as", "lea", "demo"]).assert().success();

    // Every team: English and Spanish rubrics, so English, whichever rubric's table comes first
    // (the one with most evaluations, which once decided the language).
    let mixed = team_report(&sb, &[]);
    assert!(
        mixed.contains("Rubric: calidad-contacto") && mixed.contains("Rubric: call-quality"),
        "{mixed}"
    );
    assert!(mixed.starts_with("TEAM REPORT: All agents"), "{mixed}");
    assert!(!mixed.contains("INFORME DEL EQUIPO"), "{mixed}");
    assert!(mixed.contains("Period: "), "{mixed}");
    // The Spanish rubric's own section title stays Spanish, the English one's English.
    assert!(mixed.contains("Cortesía y profesio"), "{mixed}");
    assert!(mixed.contains("Courtesy and profes"), "{mixed}");

    // `--lang es` wins: Spanish labels and Spanish numbers throughout, rubric words unchanged.
    let asked = team_report(&sb, &["--lang", "es"]);
    assert!(asked.starts_with("INFORME DEL EQUIPO: Todos los agentes"), "{asked}");
    assert!(!asked.contains("TEAM REPORT"), "{asked}");
    assert!(asked.contains("Courtesy and profes"), "{asked}");

    // One team, one Spanish rubric: Spanish by itself; one English rubric: English.
    let sur = team_report(&sb, &["--team", "sur"]);
    assert!(sur.starts_with("INFORME DEL EQUIPO: Equipo sur"), "{sur}");
    let norte = team_report(&sb, &["--team", "norte"]);
    assert!(norte.starts_with("TEAM REPORT: Team norte"), "{norte}");
    // `--lang en` on the Spanish team: English labels, English decimals.
    let sur_en = team_report(&sb, &["--team", "sur", "--lang", "en"]);
    assert!(sur_en.starts_with("TEAM REPORT: Team sur"), "{sur_en}");
}
