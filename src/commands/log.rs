//! `qaudit log`: the audit log, newest first.

use super::Context;
use crate::cli::{LogArgs, LogCommand};
use crate::dates;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::output::{Output, Table};
use crate::store::audit::LogFilter;
use anyhow::Result;

pub fn run(ctx: &Context, args: LogArgs) -> Result<Output> {
    let store = ctx.open()?;
    let l = Labels::of("lists", args.lang.unwrap_or(Lang::En));
    if let Some(LogCommand::Head) = args.what {
        return Ok(match store.log_head()? {
            Some((seq, hash)) => {
                Output::new(&serde_json::json!({ "seq": seq, "hash": hash, "head": format!("{seq}:{hash}") }))
                    .line(format!("{seq}:{hash}"))
            }
            None => Output::new(&serde_json::json!({ "seq": null, "hash": null })).line(l.get("log_empty")),
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
    super::listing::cut_in(ctx, &mut entries, args.limit, "what_log_entries", &l);
    // Calibration (issue 7): what was recorded for evaluations of open sessions stays sealed.
    let entries = store.seal_audit_entries(entries)?;
    // The table names what happened; `--format json` carries every change in full.
    let headers = [
        "#".to_string(),
        fill!(l, "log_col_at", zone = dates::zone().name()),
        l.get("log_col_actor"),
        l.get("log_col_os_user"),
        l.get("log_col_action"),
        l.get("log_col_entity"),
    ];
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for e in &entries {
        t.row(vec![
            e.seq.to_string(),
            {
                let at = dates::local(&e.at);
                dates::in_lang(&at, l.lang()).unwrap_or(at)
            },
            e.actor.clone(),
            e.os_user.clone().unwrap_or_default(),
            e.action.clone(),
            e.entity.clone(),
        ]);
    }
    let out = Output::new(&entries);
    Ok(if entries.is_empty() {
        out.line(l.get("no_log_entries"))
    } else {
        out.table(t)
    })
}
