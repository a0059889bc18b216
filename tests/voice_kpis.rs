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
const VOICE: &str = "id,agent,channel,occurred_at,customer,csat,nps,complaint,response_s,resolved,reopened,escalated_at,reason\n\
V-1,a-1,phone,2026-11-02 10:00,c1,5,10,no,30,yes,no,,billing\n\
V-2,a-1,phone,2026-11-03 10:00,c1,4,9,no,60,yes,no,,billing\n\
V-3,a-1,email,2026-11-04 10:00,c2,2,3,Double charge,7200,no,yes,2026-11-04 11:00,refund\n\
V-4,a-2,email,2026-11-05 10:00,c3,3,7,no,90000,yes,no,2026-11-05 13:00,billing\n\
V-5,a-2,phone,2026-11-27 10:00,c4,5,10,no,120,yes,no,,address\n\
V-7,a-1,chat,2026-12-01 10:00,c4,,,,,,,,\n";

const PERIOD: [&str; 4] = ["--from", "2026-11-01", "--to", "2026-11-30"];

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

#[test]
fn show_me() {
    let sb = voice_store();
    for f in ["md", "html"] {
        let mut a = vec!["report", "team"];
        a.extend(PERIOD);
        a.extend(["--format", f, "--lang", "es"]);
        println!("{}", ok(&sb, "lea", &a));
    }
    panic!();
}
