//! `qaudit log`: the audit log, newest first.

use super::Context;
use crate::cli::{LogArgs, LogCommand};
use crate::dates;
use crate::output::{Output, Table};
use crate::store::audit::LogFilter;
use anyhow::Result;

pub fn run(ctx: &Context, args: LogArgs) -> Result<Output> {
    let store = ctx.open()?;
    if let Some(LogCommand::Head) = args.what {
        return Ok(match store.log_head()? {
            Some((seq, hash)) => {
                Output::new(&serde_json::json!({ "seq": seq, "hash": hash, "head": format!("{seq}:{hash}") }))
                    .line(format!("{seq}:{hash}"))
            }
            None => Output::new(&serde_json::json!({ "seq": null, "hash": null })).line("The audit log is empty."),
        });
    }
    let (from, to) = dates::day_range(
        dates::day_option("--from", args.from.as_deref())?,
        dates::day_option("--to", args.to.as_deref())?,
    );
    let mut entries = store.audit_log(&LogFilter {
        entity: args.entity,
        actor: args.actor,
        from,
        to,
        limit: super::listing::fetch_limit(args.limit),
    })?;
    super::listing::cut(ctx, &mut entries, args.limit, "log entries");
    // Calibration (issue 7): what was recorded for evaluations of open sessions stays sealed.
    let entries = store.seal_audit_entries(entries)?;
    // The table names what happened; `--format json` carries every change in full.
    let at = format!("at ({})", dates::zone().name());
    let mut t = Table::new(&["#", &at, "actor", "OS user", "action", "entity"]);
    for e in &entries {
        t.row(vec![
            e.seq.to_string(),
            dates::local(&e.at),
            e.actor.clone(),
            e.os_user.clone().unwrap_or_default(),
            e.action.clone(),
            e.entity.clone(),
        ]);
    }
    let out = Output::new(&entries);
    Ok(if entries.is_empty() {
        out.line("No audit entries match.")
    } else {
        out.table(t)
    })
}
