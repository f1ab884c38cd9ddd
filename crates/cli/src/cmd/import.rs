//! `afterview import csv`: the preview of a spreadsheet (where each heading
//! goes, the first rows, what is skipped), a question at the terminal, and
//! the import in one transaction through `afterview_app::import`.
//!
//! `afterview import invite`: the same for interview invitations (what each
//! invite records: the interview, its application and people, in its zone
//! and the user's), then the agenda lines the import changed.

mod email;

use std::io::Write;

use afterview_app::import::{
    self, AppRef, CsvPreview, InviteAction, InviteFile, InviteOptions, InvitePlan, PersonRef, RowPlan,
};
use afterview_app::local::Local;
use afterview_core::ids::ApplicationId;
use afterview_core::plan::your_time;
use anyhow::{Context as _, Result};
use jiff::civil::Date;

use crate::cli::{ImportCmd, Review};
use crate::prompt;
use crate::render::{day, or_dash, print_json, short_day, table};

/// How many rows the preview shows before "… and N more".
const FIRST_ROWS: usize = 5;

pub fn import(local: &Local, cmd: ImportCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        ImportCmd::Email { files, application, review: Review { yes, dry_run, json }, today } => {
            email::import(local, &files, email::Flags { application, yes, dry_run, json, today }, out)
        }
        ImportCmd::Json { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let done = afterview_app::snapshot::import_local(&local.paths, &bytes)
                .with_context(|| format!("{} cannot be restored", file.display()))?;
            writeln!(
                out,
                "Restored {} application{}, {} {}, {} interview{}, {} message{}, {} outcome{} and {} task state{} from {}.",
                done.applications,
                plural(done.applications),
                done.people,
                if done.people == 1 { "person" } else { "people" },
                done.interviews,
                plural(done.interviews),
                done.messages,
                plural(done.messages),
                done.outcomes,
                plural(done.outcomes),
                done.task_states,
                plural(done.task_states),
                file.display()
            )?;
            for f in &done.files {
                writeln!(out, "  wrote {}", f.display())?;
            }
            Ok(())
        }
        ImportCmd::Csv { file, review: Review { yes, dry_run, json } } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let mut store = super::open(local)?;
            let preview = import::csv_preview(&store, &bytes)
                .with_context(|| format!("{} cannot be imported", file.display()))?;
            if json && dry_run {
                return print_json(out, &preview);
            }
            if !json {
                write_preview(&preview, out)?;
            }
            if preview.to_add() == 0 {
                if json {
                    return print_json(out, &preview);
                }
                writeln!(out, "Nothing to import: every row is already recorded.")?;
                return Ok(());
            }
            if dry_run {
                writeln!(out, "Dry run: nothing was recorded.")?;
                return Ok(());
            }
            out.flush()?;
            let question = format!("Record {} application{}?", preview.to_add(), plural(preview.to_add()));
            if !prompt::confirm(&question, yes)? {
                writeln!(out, "Nothing was recorded.")?;
                return Ok(());
            }
            let done = import::csv_import(&mut store, &bytes)
                .with_context(|| format!("{} cannot be imported", file.display()))?;
            if json {
                return print_json(out, &done);
            }
            writeln!(
                out,
                "Recorded {} application{} and {} new contact{} from {}{}.",
                done.applications.len(),
                plural(done.applications.len()),
                done.people.len(),
                plural(done.people.len()),
                file.display(),
                if done.skipped == 0 {
                    String::new()
                } else {
                    format!("; skipped {} already recorded", done.skipped)
                },
            )?;
            Ok(())
        }
        ImportCmd::Invite { files, review: Review { yes, dry_run, json }, application, time_zone, today } => {
            let mut read = Vec::new();
            for f in &files {
                let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
                read.push(InviteFile { name: f.display().to_string(), bytes });
            }
            if local.settings.user.email.trim().is_empty() {
                anyhow::bail!(
                    "afterview does not know your email address, so it cannot tell you from the interviewers on an \
                     invite; set it with `afterview config set user.email you@example.com` (the address your invites \
                     are sent to), then import again"
                );
            }
            let options = InviteOptions { application, time_zone };
            let today = local.today(today);
            let user = local.zone();
            let mut store = super::open(local)?;
            let plan = import::invite_preview(&store, &read, &options, &local.settings, today)?;
            if json && (dry_run || plan.changes() == 0) {
                return print_json(out, &plan);
            }
            if !json {
                write_invite_plan(&plan, &user, out)?;
            }
            if plan.changes() == 0 {
                writeln!(out, "Nothing to record: every invite is already recorded or changes nothing.")?;
                return Ok(());
            }
            if dry_run {
                writeln!(out, "Dry run: nothing was recorded.")?;
                return Ok(());
            }
            out.flush()?;
            if !prompt::confirm("Record this?", yes)? {
                writeln!(out, "Nothing was recorded.")?;
                return Ok(());
            }
            let before = agenda_lines(local, &store, today);
            let done = import::invite_import(&mut store, &read, &options, &local.settings, today)?;
            if json {
                return print_json(out, &done);
            }
            let mut parts = Vec::new();
            for (n, what) in [
                (done.added.len(), "interview added"),
                (done.moved.len(), "interview moved"),
                (done.cancelled.len(), "interview removed"),
                (done.applications.len(), "new application"),
                (done.people.len(), "new person"),
            ] {
                if n > 0 {
                    let what = if n == 1 {
                        what.to_owned()
                    } else {
                        what.replacen("interview", "interviews", 1)
                            .replacen("application", "applications", 1)
                            .replacen("person", "people", 1)
                    };
                    parts.push(format!("{n} {what}"));
                }
            }
            writeln!(out, "Recorded: {}.", parts.join(", "))?;
            let after = agenda_lines(local, &store, today);
            let touched = |a: &ApplicationId| done.touched.contains(a);
            let new: Vec<_> = after.iter().filter(|l| touched(&l.3) && !before.contains(l)).collect();
            let gone: Vec<_> = before.iter().filter(|l| touched(&l.3) && !after.contains(l)).collect();
            if new.is_empty() && gone.is_empty() {
                writeln!(out, "`afterview agenda` shows your plan.")?;
            } else {
                writeln!(out, "The agenda now:")?;
                for (_, due, what, _) in new {
                    writeln!(out, "  + {:<11} {}", short_day(*due), safe(what))?;
                }
                for (_, due, what, _) in gone {
                    writeln!(out, "  - {:<11} {} (no longer planned)", short_day(*due), safe(what))?;
                }
            }
            Ok(())
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_preview(p: &CsvPreview, out: &mut dyn Write) -> Result<()> {
    if p.latin1 {
        writeln!(out, "{}", CsvPreview::LATIN1_NOTE)?;
    }
    let mapping: Vec<Vec<String>> = p.columns.iter().map(|c| vec![c.heading.clone(), c.goes_to()]).collect();
    write!(out, "{}", table(&["HEADING", "GOES TO"], &mapping))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .take(FIRST_ROWS)
        .map(|r| r.cells().iter().map(|c| or_dash(Some(c))).collect())
        .collect();
    let heads = RowPlan::HEADINGS.map(str::to_uppercase);
    let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
    write!(out, "{}", table(&heads, &rows))?;
    if p.rows.len() > FIRST_ROWS {
        writeln!(out, "… and {} more row{}.", p.rows.len() - FIRST_ROWS, plural(p.rows.len() - FIRST_ROWS))?;
    }
    writeln!(out, "{} to add, {} already recorded (skipped).", p.to_add(), p.to_skip())?;
    Ok(())
}

/// The agenda's lines, by task and day, for telling what an import changed.
fn agenda_lines(
    local: &Local,
    store: &impl afterview_store::Store,
    today: Date,
) -> Vec<(Option<String>, Date, String, ApplicationId)> {
    let Ok(view) = afterview_app::agenda::agenda(store, &local.settings, today) else { return Vec::new() };
    let a = view.agenda;
    a.due_today
        .iter()
        .chain(&a.overdue)
        .chain(&a.coming_up)
        .chain(&a.later)
        .map(|i| {
            (
                i.task.as_ref().map(ToString::to_string),
                i.due,
                format!("{}: {}", i.company, i.what),
                i.application,
            )
        })
        .collect()
}

/// Text from an invite, safe to print: no control characters.
fn safe(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}

/// "Thu 3 Dec 2026 10:00–11:00 America/Los_Angeles (13:00–14:00 your time)".
fn when(start: &jiff::Zoned, minutes: u32, user: &jiff::tz::TimeZone) -> String {
    let end =
        start.checked_add(jiff::Span::new().minutes(i64::from(minutes))).unwrap_or_else(|_| start.clone());
    let zone = start.time_zone().iana_name().map_or_else(|| format!("UTC{}", start.offset()), str::to_owned);
    let mut text =
        format!("{} {}–{} {zone}", day(start.date()), start.strftime("%H:%M"), end.strftime("%H:%M"));
    if let Some(yours) = your_time(start, &end, user) {
        text.push_str(&format!(" ({yours})"));
    }
    text
}

fn write_invite_plan(plan: &InvitePlan, user: &jiff::tz::TimeZone, out: &mut dyn Write) -> Result<()> {
    for item in &plan.invites {
        writeln!(out, "{}: \"{}\"", safe(&item.file), safe(&item.summary))?;
        let interview = |what: &str| format!("{what} {}", when(&item.start, item.duration_minutes, user));
        match &item.action {
            InviteAction::Add => writeln!(out, "  {}", interview("New interview:"))?,
            InviteAction::Move { interview: id, from, from_minutes } => {
                writeln!(out, "  Moves interview {id} from {}", when(from, *from_minutes, user))?;
                writeln!(out, "  {}", interview("to"))?;
            }
            InviteAction::Cancel { interview: id } => {
                writeln!(
                    out,
                    "  Cancelled: interview {id} ({}) is removed",
                    when(&item.start, item.duration_minutes, user)
                )?;
            }
            InviteAction::AlreadyRecorded { interview: id } => {
                writeln!(
                    out,
                    "  Already recorded as interview {id} (this invite or a newer one): nothing changes"
                )?;
            }
            InviteAction::AlreadyCancelled => {
                writeln!(out, "  Cancelled before: nothing changes")?;
            }
            InviteAction::NotRecorded => {
                writeln!(out, "  A cancellation of an invite never imported: nothing changes")?;
            }
            InviteAction::Superseded { by } => {
                writeln!(
                    out,
                    "  The same invite as {} (which is newer or the same): left to that file",
                    safe(by)
                )?;
            }
        }
        if item.action == InviteAction::Add {
            let app = match item.application {
                None => String::new(),
                Some(AppRef::Recorded(id)) => format!("{id} {}, {}", safe(&item.company), safe(&item.role)),
                Some(AppRef::New(_)) => format!("new: {}, {}", safe(&item.company), safe(&item.role)),
            };
            writeln!(out, "  Application: {app} ({})", safe(&item.matched_by))?;
            writeln!(out, "  Stage: {}", item.stage)?;
            if let Some(l) = &item.location {
                writeln!(out, "  Where: {}", safe(l))?;
            }
            for p in &item.people {
                let email = p.email.as_ref().map(|e| format!(" <{e}>")).unwrap_or_default();
                let who = match p.person {
                    PersonRef::Recorded(id) => format!("{id}"),
                    PersonRef::New(_) => "new".to_owned(),
                };
                let panel = if p.interviewer { ", on the panel" } else { "" };
                writeln!(
                    out,
                    "  Person: {}{email} ({who}, {}{panel}): {}",
                    safe(&p.name),
                    p.part,
                    safe(&p.why)
                )?;
            }
            for line in &item.schedule {
                writeln!(out, "    {}", safe(line))?;
            }
        }
        for n in &item.notes {
            writeln!(out, "  Note: {}", safe(n))?;
        }
    }
    Ok(())
}
