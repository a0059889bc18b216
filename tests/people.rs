//! Agents, staff and locations through the binary: add (upsert), list, and CSV imports that are
//! atomic and idempotent.

mod common;

use common::{Sandbox, audit_count, query_i64, stdout_of};
use predicates::prelude::*;
use std::path::Path;

/// Rows of every table these commands write, and of the audit log: equal before and after a
/// refused command means the store is unchanged.
fn store_counts(db: &Path) -> Vec<(&'static str, i64)> {
    ["agents", "staff", "staff_roles", "locations", "audit_log"]
        .into_iter()
        .map(|t| (t, query_i64(db, &format!("SELECT count(*) FROM {t}"))))
        .collect()
}

fn json_of(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd.args(["--format", "json"]))).unwrap()
}

/// A store with two locations.
fn with_locations() -> Sandbox {
    let sb = Sandbox::new();
    sb.init();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "location",
            "add",
            "madrid-01",
            "--name",
            "Madrid Gran Vía",
            "--region",
            "centre",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "location",
            "add",
            "bcn-02",
            "--name",
            "Barcelona Diagonal",
            "--region",
            "east",
        ])
        .assert()
        .success();
    sb
}

#[test]
fn agent_add_adds_updates_and_lists() {
    let sb = with_locations();
    let db = sb.db();
    let added = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "agent",
        "add",
        "a-017",
        "--name",
        "Lucía Pérez",
        "--team",
        "north",
        "--location",
        "madrid-01",
    ]));
    assert!(added.contains("Added agent a-017"), "{added}");
    sb.qaudit()
        .args([
            "--as",
            "lea",
            "agent",
            "add",
            "a-018",
            "--name",
            "Jordi Puig",
            "--team",
            "east",
            "--location",
            "bcn-02",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as", "lea", "agent", "add", "a-019", "--name", "Ana Ruiz", "--team", "north",
        ])
        .assert()
        .success();

    // Same id again: an update of what changed; details not given are kept.
    let updated = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "agent",
        "add",
        "a-017",
        "--name",
        "Lucía Pérez",
        "--team",
        "south",
    ]));
    assert!(
        updated.contains("Updated agent a-017: team \"north\" → \"south\""),
        "{updated}"
    );
    let again = stdout_of(
        sb.qaudit()
            .args(["--as", "lea", "agent", "add", "a-017", "--name", "Lucía Pérez"]),
    );
    assert!(again.contains("nothing changed"), "{again}");
    assert_eq!(audit_count(&db, "agent.add"), 3);
    assert_eq!(
        audit_count(&db, "agent.update"),
        1,
        "an unchanged agent writes no audit entry"
    );
    // An empty value clears a detail.
    stdout_of(sb.qaudit().args([
        "--as", "lea", "agent", "add", "a-019", "--name", "Ana Ruiz", "--team", "",
    ]));

    let list = stdout_of(sb.qaudit().args(["agent", "list"]));
    insta::assert_snapshot!("agent_list", list);
    let north = json_of(sb.qaudit().args(["agent", "list", "--team", "south"]));
    assert_eq!(
        north,
        serde_json::json!([{"id": "a-017", "name": "Lucía Pérez", "team": "south", "location": "madrid-01"}])
    );
    let none = stdout_of(sb.qaudit().args(["agent", "list", "--team", "west"]));
    assert!(none.contains("No agents in team `west`"), "{none}");
    let json = json_of(
        sb.qaudit()
            .args(["--as", "lea", "agent", "add", "a-020", "--name", "Eva"]),
    );
    assert_eq!(json["result"], "added");
    assert_eq!(json["agent"]["team"], serde_json::Value::Null);
}

#[test]
fn agent_add_refuses_unknown_locations_and_bad_ids_leaving_the_store_unchanged() {
    let sb = with_locations();
    let db = sb.db();
    let before = store_counts(&db);
    let refused = sb.refuse(&[
        "--as",
        "lea",
        "agent",
        "add",
        "a-1",
        "--name",
        "Ana",
        "--location",
        "nowhere",
    ]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: no location `nowhere` in the store
    hint: add it first with `qaudit location add nowhere --name NAME` (see `qaudit location list` for the ones there are)
    ");
    let long = "x".repeat(101);
    let mut refusals = String::new();
    for bad in [" a-1", "a-1 ", "a\tb", "", long.as_str()] {
        let refused = sb.refuse(&["--as", "lea", "agent", "add", bad, "--name", "Ana"]);
        refusals.push_str(&format!("== {bad:?}\n{refused}"));
    }
    insta::assert_snapshot!(refusals, @r#"
    == " a-1"
    exit: 1
    --- stdout
    --- stderr
    error: agent id " a-1" has spaces at the start or end
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    == "a-1 "
    exit: 1
    --- stdout
    --- stderr
    error: agent id "a-1 " has spaces at the start or end
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    == "a\tb"
    exit: 1
    --- stdout
    --- stderr
    error: agent id "a\tb" contains a control character (a tab, a line break or an escape?)
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    == ""
    exit: 1
    --- stdout
    --- stderr
    error: agent id "" is empty
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    exit: 1
    --- stdout
    --- stderr
    error: agent id "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" is 101 characters long; ids are at most 100
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    "#);
    let refused = sb.refuse(&["--as", "lea", "agent", "add", "a-1", "--name", "  "]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: the agent name is empty
    hint: give the name people know them by, in printable characters, e.g. --name "Lucía Pérez"
    "#);
    assert_eq!(store_counts(&db), before);
    // Any other Unicode is a fine id.
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "lucía.pérez 2", "--name", "Lucía"])
        .assert()
        .success();
}

#[test]
fn agent_import_adds_updates_and_is_idempotent() {
    let sb = with_locations();
    let db = sb.db();
    sb.write(
        "agents.csv",
        "id,name,team,location\na-1,Ana Ruiz,north,madrid-01\na-2,Jordi Puig,east,bcn-02\n\"a-3\",\"Pérez, Lucía\",,\n",
    );
    let first = stdout_of(sb.qaudit().args(["--as", "lea", "agent", "import", "agents.csv"]));
    assert!(first.contains("3 added, 0 updated, 0 unchanged"), "{first}");
    let audit = query_i64(&db, "SELECT count(*) FROM audit_log");

    let again = stdout_of(sb.qaudit().args(["--as", "lea", "agent", "import", "agents.csv"]));
    assert!(again.contains("0 added, 0 updated, 3 unchanged"), "{again}");
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM audit_log"),
        audit,
        "nothing written"
    );

    // A changed row updates; the JSON has the counts.
    sb.write(
        "agents.csv",
        "id,name,team,location\na-1,Ana Ruiz,south,madrid-01\na-2,Jordi Puig,east,bcn-02\na-3,\"Pérez, Lucía\",,\n",
    );
    let json = json_of(sb.qaudit().args(["--as", "lea", "agent", "import", "agents.csv"]));
    assert_eq!(
        json,
        serde_json::json!({"file": "agents.csv", "added": 0, "updated": 1, "unchanged": 2})
    );
    assert_eq!(
        query_i64(&db, "SELECT count(*) FROM agents WHERE id = 'a-1' AND team = 'south'"),
        1
    );
    let entry = query_i64(
        &db,
        "SELECT count(*) FROM audit_log WHERE action = 'agent.update' AND entity = 'agent:a-1'
         AND json_extract(change, '$.source') = 'agents.csv:2'",
    );
    assert_eq!(entry, 1, "the update is audited with its file and line");

    // A file without the optional columns keeps the stored team and location.
    sb.write("names.csv", "ID,Name\na-1,Ana Ruiz Gil\n");
    let names = stdout_of(sb.qaudit().args(["--as", "lea", "agent", "import", "names.csv"]));
    assert!(names.contains("0 added, 1 updated, 0 unchanged"), "{names}");
    assert_eq!(
        query_i64(
            &db,
            "SELECT count(*) FROM agents WHERE id = 'a-1' AND name = 'Ana Ruiz Gil' AND team = 'south' AND location = 'madrid-01'"
        ),
        1
    );
}

#[test]
fn agent_import_with_a_bad_row_imports_nothing() {
    let sb = with_locations();
    let db = sb.db();
    sb.qaudit()
        .args(["--as", "lea", "agent", "add", "a-1", "--name", "Ana", "--team", "north"])
        .assert()
        .success();
    let before = store_counts(&db);
    sb.write(
        "agents.csv",
        "id,name,team,location\n\
         a-1,Ana Ruiz,south,madrid-01\n\
         a-2,Jordi Puig,east,bcn-02\n\
         a-3,,east,\n\
         a-4,Eva,east,nowhere\n\
         a-2,Jordi Again,east,\n\
         a-5,Too,many,fields,here\n",
    );
    let err = sb
        .refusal(sb.qaudit().args(["--as", "lea", "agent", "import", "agents.csv"]))
        .stderr;
    insta::assert_snapshot!("agent_import_bad_rows", err);
    assert_eq!(store_counts(&db), before, "nothing imported, nothing audited");
    assert_eq!(query_i64(&db, "SELECT count(*) FROM agents WHERE team = 'north'"), 1);
}

#[test]
fn agent_import_refuses_unknown_columns_a_missing_header_and_other_encodings() {
    let sb = with_locations();
    let db = sb.db();
    let before = store_counts(&db);
    sb.write("extra.csv", "id,name,team,email\na-1,Ana,north,ana@example.com\n");
    let refused = sb.refuse(&["--as", "lea", "agent", "import", "extra.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: extra.csv: unknown column "email" (column 4); the columns are: id, name, team, location, hired_on
    hint: remove that column, rename it to one of the columns listed, or read it with --map
    "#);

    sb.write("noheader.csv", "a-1,Ana,north,madrid-01\n");
    let refused = sb.refuse(&["--as", "lea", "agent", "import", "noheader.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: noheader.csv has no `id`, `name` columns; its header is: "a-1", "Ana", "north", "madrid-01"
    hint: name the columns id, name, team, location, hired_on in the first line, read yours with --map "their column=id", or give one value for every row with --default id=VALUE
    "#);

    std::fs::write(sb.path("latin1.csv"), b"id,name\na-1,Luc\xeda\n").unwrap();
    let refused = sb.refuse(&["--as", "lea", "agent", "import", "latin1.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: latin1.csv:2: not UTF-8 text (byte 0xED in field 2); the file is probably in another encoding such as Windows-1252 or Latin-1
    hint: read it with --encoding windows-1252 (or latin1, utf-16), or save it as "CSV UTF-8" in your spreadsheet
    "#);

    let refused = sb.refuse(&["--as", "lea", "agent", "import", "missing.csv"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: cannot read missing.csv: No such file or directory (os error 2)
    hint: check the file name and that you may read it
    ");
    sb.write("empty.csv", "");
    let refused = sb.refuse(&["--as", "lea", "agent", "import", "empty.csv"]);
    insta::assert_snapshot!(refused, @r"
    exit: 1
    --- stdout
    --- stderr
    error: empty.csv is empty
    hint: the first line must name the columns, e.g. id,name
    ");
    assert_eq!(store_counts(&db), before);
}

#[test]
fn staff_add_accumulates_roles_and_lists_them() {
    let sb = Sandbox::new();
    sb.init();
    let db = sb.db();
    let added = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "staff",
        "add",
        "marta",
        "--name",
        "Marta Gil",
        "--role",
        "evaluator",
        "--role",
        "lead",
    ]));
    assert!(
        added.contains("Added staff member marta: Marta Gil, evaluator, lead"),
        "{added}"
    );
    let more = stdout_of(sb.qaudit().args([
        "--as",
        "marta",
        "staff",
        "add",
        "marta",
        "--name",
        "Marta Gil",
        "--role",
        "shopper",
    ]));
    assert!(
        more.contains("added role shopper (now evaluator, lead, shopper)"),
        "{more}"
    );
    let same = stdout_of(sb.qaudit().args([
        "--as",
        "marta",
        "staff",
        "add",
        "marta",
        "--name",
        "Marta Gil",
        "--role",
        "lead",
    ]));
    assert!(same.contains("nothing changed"), "{same}");
    sb.qaudit()
        .args([
            "--as",
            "marta",
            "staff",
            "add",
            "pablo",
            "--name",
            "Pablo Sanz",
            "--role",
            "shopper",
        ])
        .assert()
        .success();
    sb.qaudit()
        .args([
            "--as",
            "marta",
            "staff",
            "add",
            "iris",
            "--name",
            "Iris Vidal",
            "--role",
            "evaluator",
            "--role",
            "evaluator",
        ])
        .assert()
        .success();
    assert_eq!(audit_count(&db, "staff.add"), 3);
    assert_eq!(audit_count(&db, "staff.update"), 1);
    assert_eq!(query_i64(&db, "SELECT count(*) FROM staff_roles"), 5);

    insta::assert_snapshot!("staff_list", stdout_of(sb.qaudit().args(["staff", "list"])));
    let evaluators = json_of(sb.qaudit().args(["staff", "list", "--role", "evaluator"]));
    assert_eq!(
        evaluators,
        serde_json::json!([
            {"id": "iris", "name": "Iris Vidal", "roles": ["evaluator"]},
            {"id": "marta", "name": "Marta Gil", "roles": ["evaluator", "lead", "shopper"]}
        ])
    );

    let before = store_counts(&db);
    let refused = sb.refuse(&[
        "--as", "lea", "staff", "add", "bad id ", "--name", "X", "--role", "lead",
    ]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: staff id "bad id " has spaces at the start or end
    hint: an id is what people type in later commands: up to 100 characters, no spaces at either end, no tabs or line breaks, e.g. a-017
    "#);
    sb.qaudit()
        .args(["--as", "lea", "staff", "add", "x", "--name", "X", "--role", "boss"])
        .assert()
        .code(2);
    assert_eq!(store_counts(&db), before);
}

#[test]
fn locations_add_list_and_import() {
    let sb = with_locations();
    let db = sb.db();
    let updated = stdout_of(sb.qaudit().args([
        "--as",
        "lea",
        "location",
        "add",
        "madrid-01",
        "--name",
        "Madrid Gran Vía",
        "--address",
        "Gran Vía 32, Madrid",
    ]));
    assert!(
        updated.contains("Updated location madrid-01: address (none) → \"Gran Vía 32, Madrid\""),
        "{updated}"
    );

    sb.write(
        "stores.csv",
        "id,name,region,address\n\
         sev-03,Sevilla Centro,south,\"Calle Sierpes 10, Sevilla\"\n\
         val-04,Valencia Colón,east,\n\
         bcn-02,Barcelona Diagonal,east,\n",
    );
    let first = stdout_of(sb.qaudit().args(["--as", "lea", "location", "import", "stores.csv"]));
    assert!(first.contains("2 added, 0 updated, 1 unchanged"), "{first}");
    let again = stdout_of(sb.qaudit().args(["--as", "lea", "location", "import", "stores.csv"]));
    assert!(again.contains("0 added, 0 updated, 3 unchanged"), "{again}");

    insta::assert_snapshot!("location_list", stdout_of(sb.qaudit().args(["location", "list"])));
    let east = json_of(sb.qaudit().args(["location", "list", "--region", "east"]));
    assert_eq!(east.as_array().unwrap().len(), 2, "{east}");

    // Atomic: one bad row and nothing of the file is stored.
    let before = store_counts(&db);
    sb.write(
        "more.csv",
        "id,name,region,address\nzar-05,Zaragoza,north,\n\"bil\t06\",Bilbao,north,\nzar-05,Zaragoza Sur,north,\n",
    );
    let refused = sb.refuse(&["--as", "lea", "location", "import", "more.csv"]);
    insta::assert_snapshot!(refused, @r#"
    exit: 1
    --- stdout
    --- stderr
    error: more.csv:3: id "bil\t06" contains a control character (a tab, a line break or an escape?)
    more.csv:4: id "zar-05" already appears on line 2; each id may appear once
    nothing was imported (2 bad rows)
    hint: fix the rows listed and import the file again
    "#);
    assert_eq!(store_counts(&db), before);
}

#[test]
fn commands_need_a_store() {
    let sb = Sandbox::new();
    sb.qaudit()
        .args(["agent", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("qaudit init"));
}
