//! `afterview agenda`, marking its tasks done, skipped or snoozed, and the
//! calendar export.

use std::io::Write;

use afterview_app::agenda::{self, Mark};
use afterview_app::local::{Local, write_atomically};
use afterview_core::agenda::{Agenda, Item};
use afterview_core::model::TaskState;
use afterview_core::plan::{call_windows_text, your_time};
use anyhow::Result;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::cli::{AgendaArgs, ExportCmd, TaskArgs};
use crate::render::{day, print_json, short_day};

pub fn agenda(local: &Local, args: &AgendaArgs, out: &mut dyn Write) -> Result<()> {
    let store = super::open(local)?;
    let view = agenda::agenda(&store, &local.settings, local.today(args.today))?;
    if args.json {
        return print_json(out, &view.agenda);
    }
    render(out, &view.agenda, view.empty, &local.zone())?;
    Ok(())
}

fn section(
    out: &mut dyn Write,
    a: &Agenda,
    title: &str,
    items: &[Item],
    zone: &TimeZone,
) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}")?;
    // Written piece by piece: the agenda can list thousands of items.
    for i in items {
        out.write_all(b"  ")?;
        if title == "Coming up" {
            write!(out, "{:<11} ", short_day(i.due))?;
        }
        write!(out, "{}: {}", i.company, i.what)?;
        if let Some(at) = i.starts.as_ref().and_then(|at| your_time(at, at, zone)) {
            write!(out, " ({at})")?;
        }
        match title {
            "Today" if i.latest > a.today => write!(out, " (latest {})", short_day(i.latest))?,
            "Overdue" => write!(out, " (was due by {})", short_day(i.latest))?,
            "Coming up" if i.latest > i.due => write!(out, " (latest {})", short_day(i.latest))?,
            _ => {}
        }
        if let Some(t) = &i.task {
            write!(out, "  [{t}]")?;
        }
        writeln!(out, "\n      {}", i.why)?;
        if !i.call_windows.is_empty() {
            writeln!(out, "      Call {}", call_windows_text(&i.call_windows, zone))?;
        }
    }
    Ok(())
}

fn render(out: &mut dyn Write, a: &Agenda, empty: bool, zone: &TimeZone) -> std::io::Result<()> {
    writeln!(out, "Agenda for {}", day(a.today))?;
    if empty {
        return writeln!(
            out,
            "\nNothing recorded yet. Add an application with `afterview application add`,\n\
             or load the demo with `afterview demo` to see afterview at work."
        );
    }
    section(out, a, "Today", &a.due_today, zone)?;
    section(out, a, "Overdue", &a.overdue, zone)?;
    section(out, a, "Coming up", &a.coming_up, zone)?;
    if a.due_today.is_empty() && a.overdue.is_empty() {
        writeln!(out, "\nNothing to do today.")?;
    }
    if !a.waiting.is_empty() {
        writeln!(out, "\nWaiting")?;
        for w in &a.waiting {
            let until = match w.until_text() {
                t if w.stalled => format!(" ({t})"),
                t if t.is_empty() => t,
                t => format!(" {t}"),
            };
            let said = w.said_text('"', '"').map(|s| format!(" — {s}")).unwrap_or_default();
            writeln!(
                out,
                "  {} ({}){until}: last interview {}{said}",
                w.company,
                w.role,
                short_day(w.since)
            )?;
        }
    }
    if let Some(nudge) = &a.keep_searching {
        writeln!(out, "\n{nudge}")?;
    }
    Ok(())
}

pub fn export(local: &Local, cmd: ExportCmd, out: &mut dyn Write) -> Result<()> {
    let ExportCmd::Ics { out: file, today } = cmd else {
        unreachable!("the other exports are in cmd::export");
    };
    let mut store = super::open(local)?;
    let agenda::CalendarExport { export, unrecorded } =
        agenda::export_ics(&mut store, &local.settings, local.today(today), jiff::Timestamp::now())?;
    if let Some(reason) = unrecorded {
        eprintln!(
            "afterview: this export was not recorded ({reason}), so the next one cannot tell what changed since"
        );
    }
    match file {
        None => write!(out, "{}", export.text)?,
        Some(path) => {
            // A calendar app watching the file never sees half of it.
            write_atomically(&path, &export.text)?;
            let cancelled = match export.cancelled {
                0 => String::new(),
                n => format!(", and cancelled {n} done, skipped or dropped"),
            };
            writeln!(
                out,
                "Wrote {} task{}{cancelled} to {}. Import it into your calendar; import a newer export to update it.",
                export.events,
                if export.events == 1 { "" } else { "s" },
                path.display()
            )?;
        }
    }
    Ok(())
}

/// `done` (no mark given), `skip` (`Some(None)`) or `snooze` (`Some(Some(day))`).
pub fn mark(local: &Local, args: &TaskArgs, how: Option<Option<Date>>, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    let mark = match how {
        None => Mark::Done,
        Some(None) => Mark::Skip,
        Some(Some(until)) => Mark::Snooze { until },
    };
    let state = agenda::mark(&mut store, &local.settings, local.today(args.today), &args.id, mark)?;
    let said = match state {
        TaskState::Done { .. } => "done".to_owned(),
        TaskState::Skipped { .. } => "skipped".to_owned(),
        TaskState::Snoozed { until } => format!("snoozed until {}", day(until)),
    };
    writeln!(out, "Task {} {said}.", args.id)?;
    Ok(())
}
