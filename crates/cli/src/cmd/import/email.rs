//! `afterview import email`: saved emails read file by file (an mbox one
//! message at a time), then per message its match, its kind with the
//! phrase that decided it and what will be recorded; unmatched messages
//! with their sender and subject; each application's plan before and
//! after; a question at the terminal; the import in one transaction
//! through `afterview_app::import::email`.

use std::io::{BufReader, Write};
use std::path::PathBuf;

use afterview_app::import::email::{self as mail, Action, EmailPlan, MatchedBy, MessagePlan};
use afterview_app::local::Local;
use afterview_core::ids::ApplicationId;
use afterview_core::import::email::Mail;
use afterview_core::kinds::Direction;
use anyhow::{Context as _, Result};
use jiff::civil::Date;

use crate::prompt;
use crate::render::{cell, print_json, short_day};

/// How many unmatched or skipped messages are listed before "… and N more".
const LISTED: usize = 20;

pub struct Flags {
    pub application: Option<ApplicationId>,
    pub yes: bool,
    pub dry_run: bool,
    pub json: bool,
    pub today: Option<Date>,
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub fn import(local: &Local, files: &[PathBuf], flags: Flags, out: &mut dyn Write) -> Result<()> {
    let today = local.today(flags.today);
    let mut store = super::super::open(local)?;
    // Only the text of messages that can match is kept as a mailbox is read.
    let recorded = mail::Recorded::load(&store)?;
    let keep = flags.application.is_none().then_some(&recorded);
    // Each message with the file it came from, for the listing.
    let mut messages: Vec<Mail> = Vec::new();
    let mut from_file: Vec<usize> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let f = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let read = mail::read_mails(BufReader::with_capacity(1 << 16, f), local.zone(), keep)
            .with_context(|| format!("{} cannot be imported", file.display()))?;
        from_file.extend(std::iter::repeat_n(i, read.len()));
        messages.extend(read);
    }
    let plan = mail::email_preview(&store, &messages, &local.settings, today, flags.application)?;
    if flags.json && flags.dry_run {
        return print_json(out, &plan);
    }
    let mut per_file = vec![0usize; files.len()];
    for &f in &from_file {
        per_file[f] += 1;
    }
    let name = |p: &MessagePlan| {
        let f = from_file[p.index];
        match per_file[f] {
            1 => files[f].display().to_string(),
            _ => format!("{}, message {}", files[f].display(), messages[p.index].number),
        }
    };
    if !flags.json {
        write_plan(&plan, &name, out)?;
    }
    let outcomes =
        plan.messages.iter().filter(|m| matches!(&m.action, Action::Log { outcome: Some(_), .. })).count();
    if plan.to_log() == 0 {
        if flags.json {
            return print_json(out, &plan);
        }
        writeln!(out, "Nothing to import: no message is both new and matched to an application.")?;
        return Ok(());
    }
    if flags.dry_run {
        writeln!(out, "Dry run: nothing was recorded.")?;
        return Ok(());
    }
    out.flush()?;
    let question = match outcomes {
        0 => format!("Record {} message{}?", plan.to_log(), plural(plan.to_log())),
        n => {
            format!("Record {} message{} and {n} outcome{}?", plan.to_log(), plural(plan.to_log()), plural(n))
        }
    };
    if !prompt::confirm(&question, flags.yes)? {
        writeln!(out, "Nothing was recorded.")?;
        return Ok(());
    }
    let done = mail::email_import(&mut store, &messages, &local.settings, today, flags.application)?;
    if flags.json {
        return print_json(out, &done);
    }
    writeln!(
        out,
        "Recorded {} message{} and {} outcome{}.",
        done.messages.len(),
        plural(done.messages.len()),
        done.outcomes.len(),
        plural(done.outcomes.len())
    )?;
    Ok(())
}

/// Text from a file on one line, whole: a control character (an escape
/// code that could repaint the terminal) shows as `?`.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

fn write_plan(plan: &EmailPlan, name: &dyn Fn(&MessagePlan) -> String, out: &mut dyn Write) -> Result<()> {
    if let Some(note) = &plan.note {
        writeln!(out, "Note: {note}.\n")?;
    }
    let (mut unmatched, mut skipped, mut already) = (Vec::new(), Vec::new(), 0);
    for m in &plan.messages {
        match &m.action {
            Action::Log { matched_by, company, message, person_name, outcome } => {
                let subject = m
                    .subject
                    .as_deref()
                    .map_or_else(|| "(no subject)".to_owned(), |s| format!("\"{}\"", cell(s)));
                let from = m.from.as_ref().map_or_else(|| "nobody".to_owned(), |a| cell(&a.to_string()));
                writeln!(out, "{}: {subject} from {from}, {}", name(m), short_day(message.date))?;
                if let Some(c) = &m.classified {
                    writeln!(out, "  kind: {} ({})", c.kind, clean(&c.reason))?;
                }
                let by = match matched_by {
                    MatchedBy::Person { email } => format!("by {email}"),
                    MatchedBy::Domain { domain } => format!("by the domain {domain}"),
                    MatchedBy::Forced => "as --application says".to_owned(),
                };
                let who = person_name.as_deref().map(|n| format!(", {}", cell(n))).unwrap_or_default();
                writeln!(out, "  match: {} {}{who}, {by}", message.application, cell(company))?;
                let way = if message.direction == Direction::Out { "sent" } else { "received" };
                let mut records = format!("a {way} message ({})", message.kind);
                if let Some(o) = outcome {
                    records.push_str(&format!(", and the outcome: {} on {}", o.kind, short_day(o.date)));
                    if let Some(d) = o.deadline {
                        records.push_str(&format!(", to answer by {}", short_day(d)));
                    }
                }
                writeln!(out, "  records: {records}")?;
                if m.invite {
                    writeln!(
                        out,
                        "  It carries a calendar invite: `afterview import invite` records the interview."
                    )?;
                }
            }
            Action::Already { .. } => already += 1,
            Action::Unmatched { reason } => unmatched.push((m, reason)),
            Action::Skip { reason } => skipped.push((m, reason)),
        }
    }
    for (title, list) in
        [("Not matched to an application (not recorded)", &unmatched), ("Left out", &skipped)]
    {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}:")?;
        for (m, reason) in list.iter().take(LISTED) {
            let from = m.from.as_ref().map_or_else(|| "nobody".to_owned(), |a| cell(&a.email));
            let subject = m.subject.as_deref().map_or_else(|| "(no subject)".to_owned(), cell);
            writeln!(out, "  {}: from {from}, \"{subject}\": {}", name(m), clean(reason))?;
        }
        if list.len() > LISTED {
            writeln!(out, "  … and {} more.", list.len() - LISTED)?;
        }
    }
    if !plan.replans.is_empty() {
        writeln!(out, "\nThe plan after the import:")?;
        for r in &plan.replans {
            writeln!(out, "  {} {}: {}", r.application, cell(&r.company), r.change)?;
        }
    }
    writeln!(
        out,
        "\n{} to record, {} already recorded, {} not matched, {} left out.",
        plan.to_log(),
        already,
        unmatched.len(),
        skipped.len()
    )?;
    Ok(())
}
