//! `qaudit contact log | list | show`: mystery shoppers' test contacts to the contact centre.
//!
//! The rules (channels, time to answer, which rubric fits, who sees what) are in
//! `crate::mystery`; the store's side in `store::mystery`. This adapter reads the flags and
//! the answers file, calls them, and shapes what is printed, in the rubric's language.

use super::Context;
use super::errors::scoring::in_language;
use crate::cli::{ContactCommand, ContactLogArgs};
use crate::dates;
use crate::error::refuse;
use crate::fill;
use crate::labels::Labels;
use crate::lang::Lang;
use crate::mystery::{self, ContactChannel, ContactSight};
use crate::output::evaluation::result_blocks;
use crate::output::{Output, Table};
use crate::roles::Role;
use crate::rubric::{Rubric, Subject};
use crate::scoring::{check, compute, read_sheet};
use crate::store::Store;
use crate::store::mystery::{ContactFilter, MysteryContact, NewMysteryContact};
use anyhow::Result;

/// The longest `--reference` kept: a ticket or case number, not a text.
const MAX_REFERENCE_CHARS: usize = 200;

pub fn run(ctx: &Context, cmd: ContactCommand) -> Result<Output> {
    match cmd {
        ContactCommand::Log(args) => log(ctx, &args),
        ContactCommand::List { channel, limit, lang } => list(ctx, channel, limit, lang),
        ContactCommand::Show { id, lang } => show(ctx, id, lang),
    }
}

/// Logs a contact; the result and the refusals of its answers come in the rubric's language.
fn log(ctx: &Context, args: &ContactLogArgs) -> Result<Output> {
    let store = ctx.open()?;
    let lang = args
        .lang
        .unwrap_or_else(|| rubric_for(&store, args).ok().map_or(Lang::En, |r| r.language));
    logged(ctx, store, args, lang).map_err(|e| in_language(e, lang))
}

/// The rubric named, or the one stored interaction rubric for the channel.
fn rubric_for(store: &Store, args: &ContactLogArgs) -> Result<Rubric> {
    match &args.rubric {
        Some(id) => store.rubric(id, None),
        None => {
            let mut candidates = Vec::new();
            for s in store.rubric_summaries()? {
                if s.subject == Subject::Interaction.as_str() {
                    candidates.push(store.rubric(&s.id, None)?);
                }
            }
            Ok(mystery::default_rubric(&candidates, args.channel)?.clone())
        }
    }
}

/// A moment given with `flag`, or its refusal in `lang`.
fn parse_time(flag: &str, text: &str, lang: Lang) -> Result<chrono::DateTime<chrono::Utc>> {
    dates::parse_time(text, dates::zone())
        .map_err(|e| super::errors::dates::time_given_as(flag, &e, lang, &format!("{flag} \"2026-11-20 10:05\"")))
}

fn logged(ctx: &Context, mut store: Store, args: &ContactLogArgs, lang: Lang) -> Result<Output> {
    let shopper = ctx.require_role(&store, Role::Shopper, "log mystery contacts")?;
    let rubric = rubric_for(&store, args)?;
    mystery::fits(&rubric, args.channel)?;
    let started = parse_time("--started-at", &args.started_at, lang)?;
    let answered = parse_time("--answered-at", &args.answered_at, lang)?;
    let seconds = mystery::answer_time(started, answered, chrono::Utc::now())?;
    let agent = args.agent.as_deref().map(str::trim).filter(|a| !a.is_empty());
    if let Some(a) = agent {
        mystery::check_agent(&shopper.id, a, store.agent(a)?.is_some())?;
    }
    let reference = args.reference.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if let Some(r) = reference
        && (r.chars().any(char::is_control) || r.chars().count() > MAX_REFERENCE_CHARS)
    {
        return refuse(
            format!("--reference holds a control character or is over {MAX_REFERENCE_CHARS} characters"),
            "give the centre's ticket, case or call number, e.g. --reference CASE-88213",
        );
    }
    let mut sheet = read_sheet(&args.answers)?;
    if let Some(c) = &args.comment {
        sheet.comment = Some(c.clone());
    }
    let checked = check(&rubric, &sheet, true)?;
    let result = compute(&rubric, &checked, false)?;
    let new = NewMysteryContact {
        shopper: shopper.id.clone(),
        agent: agent.map(str::to_string),
        channel: args.channel.as_str().to_string(),
        started_at: dates::store_time(started),
        answered_at: dates::store_time(answered),
        answer_seconds: seconds,
        reference: reference.map(str::to_string),
        rubric_id: rubric.id.clone(),
        rubric_version: rubric.version,
        logged_at: crate::store::audit::now(),
    };
    let logged = store.write(&shopper.id, |tx| tx.log_mystery_contact(&new, &result, &checked))?;
    let detail = store.evaluation(logged.evaluation)?.expect("just written");
    let l = Labels::of("mystery", lang);
    let out = result_blocks(Output::new(&logged), &rubric, &detail, lang);
    Ok(out.line(fill!(
        l,
        "contact_logged",
        id = logged.contact,
        channel = l.get(&format!("ch_{}", args.channel.as_str())),
        time = answer_text(seconds, args.channel, &l)
    )))
}

/// A time to answer as people read it: `45 s`, `2 min 05 s`, `1 h 05 min`; an email's in hours
/// of the clock with one decimal (`26.5 h`, `26,5 h` in Spanish).
fn answer_text(seconds: i64, channel: ContactChannel, l: &Labels) -> String {
    if channel.answered_in_hours() {
        return format!(
            "{} h",
            crate::labels::number(l.lang(), &format!("{:.1}", seconds as f64 / 3600.0))
        );
    }
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min {:02} s", s / 60, s % 60),
        s => format!("{} h {:02} min", s / 3600, s / 60 % 60),
    }
}

/// The contacts the actor may see, newest first.
fn visible(store: &Store, sight: &ContactSight, filter: &ContactFilter) -> Result<Vec<MysteryContact>> {
    Ok(store
        .mystery_contacts(filter)?
        .into_iter()
        .filter(|c| sight.sees(&c.shopper, c.agent.as_deref()))
        .map(|c| hide_shopper(c, sight))
        .collect())
}

/// An agent reads their contacts without the shopper's name.
fn hide_shopper(mut c: MysteryContact, sight: &ContactSight) -> MysteryContact {
    if !sight.sees_shopper() {
        c.shopper = String::new();
    }
    c
}

fn list(ctx: &Context, channel: Option<ContactChannel>, limit: usize, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let sight = ContactSight::of(&ctx.actor_in(&store)?);
    let filter = ContactFilter {
        channel: channel.map(|c| c.as_str().to_string()),
        ..ContactFilter::default()
    };
    let mut contacts = visible(&store, &sight, &filter)?;
    let lang = super::listing::lang_of(&store, lang, contacts.iter().map(|c| c.rubric.as_str()))?;
    let l = Labels::of("mystery", lang);
    super::listing::cut_in(ctx, &mut contacts, limit, "t_what", &l);
    let headers = [
        "t_col_contact",
        "t_col_started",
        "t_col_channel",
        "t_col_answer",
        "t_col_agent",
        "t_col_shopper",
        "t_col_score",
        "t_col_rubric",
    ]
    .map(|k| l.get(k));
    let mut t = Table::new(&headers.each_ref().map(String::as_str));
    for c in &contacts {
        let ch = ContactChannel::parse(&c.channel).unwrap_or(ContactChannel::Phone);
        t.row(vec![
            c.id.to_string(),
            dates::short_in(&c.started_at, lang),
            match lang {
                Lang::En => c.channel.clone(),
                _ => l.get(&format!("ch_{}", c.channel)),
            },
            answer_text(c.answer_seconds, ch, &l),
            c.agent.clone().unwrap_or_default(),
            c.shopper.clone(),
            l.score(c.overall),
            c.rubric.clone(),
        ]);
    }
    let out = Output::new(&contacts);
    Ok(if contacts.is_empty() {
        out.line(l.get("t_none"))
    } else {
        out.table(t)
    })
}

fn show(ctx: &Context, id: i64, lang: Option<Lang>) -> Result<Output> {
    let store = ctx.open()?;
    let sight = ContactSight::of(&ctx.actor_in(&store)?);
    let contact = match store.mystery_contact(id)? {
        Some(c) if sight.sees(&c.shopper, c.agent.as_deref()) => hide_shopper(c, &sight),
        _ => return Err(mystery::MysteryError::NotFound { id }.into()),
    };
    let rubric = store.rubric(&contact.rubric, Some(contact.rubric_version))?;
    let l = Labels::of("mystery", lang.unwrap_or(rubric.language));
    let mut detail = store
        .evaluation(contact.evaluation)?
        .expect("a contact's evaluation is kept");
    if !sight.sees_shopper() {
        // The shopper scored the contact: their name as evaluator would unmask them.
        detail.summary.evaluator = l.get("shopper");
    }
    let ch = ContactChannel::parse(&contact.channel).unwrap_or(ContactChannel::Phone);
    let mut fields = vec![
        (l.get("channel"), l.get(&format!("ch_{}", contact.channel))),
        (l.get("started_at"), dates::short_in(&contact.started_at, l.lang())),
        (l.get("answered_at"), dates::short_in(&contact.answered_at, l.lang())),
        (l.get("time_to_answer"), answer_text(contact.answer_seconds, ch, &l)),
        (
            l.get("agent"),
            contact.agent.clone().unwrap_or_else(|| l.get("not_known")),
        ),
    ];
    if sight.sees_shopper() {
        fields.push((l.get("shopper"), contact.shopper.clone()));
    }
    if let Some(r) = &contact.reference {
        fields.push((l.get("reference"), r.clone()));
    }
    fields.push((l.get("interaction"), contact.interaction.clone()));
    let out = Output::new(&contact).fields(fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect());
    Ok(result_blocks(out, &rubric, &detail, l.lang()))
}
