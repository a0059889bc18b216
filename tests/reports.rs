//! Reports through the binary: every template in every format and both languages on a fixed
//! store; escaping; self-contained HTML (also opened in headless Chromium); template overrides
//! and output files.
//!
//! The store's work happens in September (the previous period) and October 2026 (the period).
//! Evaluations are scored "now", so the day of scoring (and the dispute deadline that follows from
//! it) is replaced by placeholders before snapshots are compared.

mod common;

use common::browser::{chromium_for, screenshot, screenshot_dir};
use common::reports_support::{PERIOD, XSS, fixture};
use common::{Sandbox, fingerprint, stdout_of, without_style};

/// Replaces what depends on when the test runs: the day evaluations were scored (today, with
/// its time) and the dispute deadline that follows from it.
fn redact(text: &str) -> String {
    let today = chrono::Utc::now().date_naive();
    let spanish = common::spanish::spanish_days_as_iso(text, &[today, today + chrono::Duration::days(14)]);
    let text = spanish.as_str();
    let deadline = (today + chrono::Duration::days(14)).to_string();
    let today = today.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(&today) {
        out.push_str(&rest[..i]);
        let after = &rest[i + today.len()..];
        let b = after.as_bytes();
        let timed =
            b.len() >= 6 && b[0] == b' ' && b[3] == b':' && b[1..3].iter().chain(&b[4..6]).all(u8::is_ascii_digit);
        if timed {
            out.push_str("[NOW]");
            rest = &after[6..];
        } else {
            out.push_str("[TODAY]");
            rest = after;
        }
    }
    out.push_str(rest);
    out.replace(&deadline, "[LAST DAY]")
}

fn render(sb: &Sandbox, args: &[&str], format: &str, lang: &str) -> String {
    let mut cmd = sb.qaudit();
    cmd.args(args).args(["--format", format, "--lang", lang]);
    let out = stdout_of(&mut cmd);
    let out = redact(&out);
    if format == "html" { without_style(&out) } else { out }
}

/// The reports of this file and the arguments that make them on the fixture.
fn reports() -> Vec<(&'static str, Vec<&'static str>)> {
    let with_period = |args: &[&'static str]| {
        let mut v = args.to_vec();
        v.extend(PERIOD);
        v
    };
    vec![
        ("feedback", vec!["report", "feedback", "6"]),
        ("team", with_period(&["report", "team"])),
        ("locations", with_period(&["report", "locations"])),
        ("evaluators", with_period(&["report", "evaluators"])),
    ]
}

#[test]
fn every_template_in_every_format_and_language() {
    let sb = fixture();
    let before = fingerprint(&sb.db());
    for (name, args) in reports() {
        for format in ["txt", "md", "html"] {
            for lang in ["en", "es"] {
                let out = render(&sb, &args, format, lang);
                insta::assert_snapshot!(format!("{name}_{lang}_{format}"), out);
            }
        }
    }
    assert_eq!(fingerprint(&sb.db()), before, "reports only read");
}

#[test]
fn text_reports_fit_80_columns() {
    let sb = fixture();
    for (name, args) in reports() {
        for lang in ["en", "es"] {
            let out = render(&sb, &args, "txt", lang);
            for line in out.lines() {
                assert!(
                    line.chars().count() <= 80,
                    "{name} ({lang}): {} columns:\n{line}",
                    line.chars().count()
                );
                assert_eq!(line, line.trim_end(), "{name} ({lang}): trailing spaces:\n{line:?}");
            }
        }
    }
}

#[test]
fn comments_are_escaped_and_never_run_as_templates() {
    let sb = fixture();
    let html = sb.stdout(&["report", "feedback", "6", "--format", "html"]);
    assert!(!html.contains("<script>"), "raw script in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"), "{html}");
    assert!(
        html.contains("Friendly call, but &lt;script&gt;alert(1)&lt;&#x2f;script&gt; and {{ 7*7 }}"),
        "template code printed as written: {html}"
    );
    assert!(!html.contains("and 49"), "template code was evaluated");
    let md = sb.stdout(&["report", "feedback", "6", "--format", "md"]);
    assert!(!md.contains("<script>"), "raw script in Markdown");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    // `*` is backslash-escaped so that Markdown prints it rather than starting emphasis.
    assert!(
        md.contains("Friendly call, but &lt;script&gt;alert(1)&lt;/script&gt; and {{ 7\\*7 }}"),
        "{md}"
    );
    assert!(!md.contains("and 49"));
    // Plain text is for the terminal: printed as written.
    let txt = sb.stdout(&["report", "feedback", "6"]);
    assert!(txt.contains(XSS), "{txt}");
}

#[test]
fn html_reports_are_self_contained() {
    let sb = fixture();
    for (name, args) in reports() {
        let mut cmd = sb.qaudit();
        cmd.args(&args).args(["--format", "html"]);
        let html = stdout_of(&mut cmd);
        assert!(html.starts_with("<!doctype html>"), "{name}");
        assert!(html.contains("<svg"), "{name}: no inline chart");
        assert!(
            html.contains("@media print") && html.contains("size: A4"),
            "{name}: not print-ready"
        );
        for banned in ["<link", "<script", "src=", "url(", "@import"] {
            assert!(!html.contains(banned), "{name}: external resource `{banned}`");
        }
        let outside = html
            .match_indices("http")
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .count();
        assert_eq!(outside, 0, "{name}: a link to the network");
    }
}

#[test]
fn a_template_override_is_used_and_a_missing_variable_names_the_line() {
    let sb = fixture();
    let dir = sb.path("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("feedback.txt"),
        "Custom sheet for {{ data.agent.name }}: {{ data.overall|score }} ({{ t.overall }})\n",
    )
    .unwrap();
    let out = sb.stdout(&["report", "feedback", "4", "--templates", dir.to_str().unwrap()]);
    assert!(out.starts_with("Custom sheet for Ana Ruiz: "), "{out}");
    assert!(out.contains("(Overall)"), "labels reach overrides: {out}");
    // Formats that are not overridden keep the built-in template.
    let md = sb.stdout(&[
        "report",
        "feedback",
        "4",
        "--format",
        "md",
        "--templates",
        dir.to_str().unwrap(),
    ]);
    assert!(md.starts_with("# Feedback for Ana Ruiz"), "{md}");

    std::fs::write(
        dir.join("team.md"),
        "# Team\n\n{% for a in data.agents %}- {{ a.name }}\n{% endfor %}{{ data.no_such_field }}\n",
    )
    .unwrap();
    let out = sb
        .qaudit()
        .args(["report", "team", "--format", "md", "--templates", dir.to_str().unwrap()])
        .args(PERIOD)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("team.md:4"), "names the template and line: {err}");
    assert!(err.contains("undefined"), "says what is wrong: {err}");
    assert!(err.contains("hint: ") && err.contains("--format json"), "{err}");
    assert!(out.stdout.is_empty(), "nothing half-rendered on stdout");
}

#[test]
fn output_files_pick_their_format_and_json_gives_the_data() {
    let sb = fixture();
    let out = sb.stdout(&[
        "report",
        "team",
        "--output",
        "team.html",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    assert!(out.contains("Wrote"), "{out}");
    let html = std::fs::read_to_string(sb.path("team.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    let json: serde_json::Value = serde_json::from_str(&sb.stdout(&[
        "report",
        "team",
        "--format",
        "json",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]))
    .unwrap();
    assert_eq!(json["totals"]["evaluations"], 9);
    assert_eq!(json["period"]["days"], 31);
    insta::assert_snapshot!(sb.refuse(&["report", "team", "--output", "team.pdf"]), @r"
    exit: 1
    --- stdout
    --- stderr
    error: cannot tell the format of a .pdf file
    hint: name the file .html, .md, .txt, .csv or .json, or give --format
    ");
}

/// Every HTML report opened in headless Chromium, a screenshot of each written under the target
/// folder (`report-screenshots/`) for a person to look at. Skipped, with a message, without
/// Chromium.
#[test]
fn html_reports_render_in_headless_chromium() {
    let Some(chromium) = chromium_for("html_reports_render_in_headless_chromium") else {
        return;
    };
    let sb = fixture();
    let shots = screenshot_dir();
    let mut pages: Vec<(String, Vec<&str>)> = Vec::new();
    for (name, args) in reports() {
        for lang in ["en", "es"] {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            pages.push((format!("{name}-{lang}"), a));
        }
    }
    for (name, args) in pages {
        let html = sb.path(&format!("{name}.html"));
        let mut cmd = sb.qaudit();
        cmd.args(&args).arg("--output").arg(&html).assert().success();
        let png = shots.join(format!("{name}.png"));
        screenshot(&chromium, &html, &png);
    }
}
