//! `afterview agenda`, and marking its tasks done, skipped or snoozed.

use afterview_core::agenda::{self, Agenda, Item, closed_since};
use afterview_core::model::TaskState;
use std::io::Write;

use anyhow::Result;
use jiff::civil::Date;

use crate::cli::{AgendaArgs, ExportCmd, TaskArgs};
use crate::context::Ctx;
use crate::render::{day, print_json, short_day};

pub fn agenda(ctx: &Ctx, args: &AgendaArgs) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.today(args.today);
    let facts = store.facts(closed_since(today))?;
    let agenda = agenda::build(&facts, &ctx.settings, today);
    if args.json {
        print_json(&agenda)?;
        std::mem::forget(facts);
        std::mem::forget(agenda);
        return Ok(());
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    render(&mut out, &agenda, facts.applications.is_empty())?;
    out.flush()?;
    // The process ends here: freeing tens of thousands of small allocations
    // one by one costs more than letting the system reclaim the memory.
    std::mem::forget(facts);
    std::mem::forget(agenda);
    Ok(())
}

fn render(out: &mut impl Write, a: &Agenda, empty: bool) -> std::io::Result<()> {
    writeln!(out, "Agenda for {}", day(a.today))?;
    if empty {
        return writeln!(
            out,
            "\nNothing recorded yet. Add an application with `afterview application add`,\n\
             or load the demo with `afterview demo` to see afterview at work."
        );
    }
    let section = |out: &mut dyn Write, title: &str, items: &[Item]| -> std::io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        for i in items {
            let id = i.task.as_ref().map(|t| format!("  [{t}]")).unwrap_or_default();
            let when =
                if title == "Coming up" { format!("{:<11} ", short_day(i.due)) } else { String::new() };
            let by = match title {
                "Today" if i.latest > a.today => format!(" (latest {})", short_day(i.latest)),
                "Overdue" => format!(" (was due by {})", short_day(i.latest)),
                "Coming up" if i.latest > i.due => format!(" (latest {})", short_day(i.latest)),
                _ => String::new(),
            };
            writeln!(out, "  {when}{}: {}{by}{id}", i.company, i.what)?;
            writeln!(out, "      {}", i.why)?;
        }
        Ok(())
    };
    section(out, "Today", &a.due_today)?;
    section(out, "Overdue", &a.overdue)?;
    section(out, "Coming up", &a.coming_up)?;
    if a.due_today.is_empty() && a.overdue.is_empty() {
        writeln!(out, "\nNothing to do today.")?;
    }
    if !a.waiting.is_empty() {
        writeln!(out, "\nWaiting")?;
        for w in &a.waiting {
            let until = match (w.stalled, w.until) {
                (true, _) => " (stalled: no answer to two status checks)".to_owned(),
                (false, Some(d)) => format!(" until {}", short_day(d)),
                (false, None) => String::new(),
            };
            let said = w.next_steps.as_deref().map(|s| format!(" — \"{s}\"")).unwrap_or_default();
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

pub fn export(ctx: &Ctx, cmd: ExportCmd) -> Result<()> {
    let ExportCmd::Ics { out, today } = cmd;
    let store = ctx.store()?;
    let today = ctx.today(today);
    let facts = store.facts(closed_since(today))?;
    let a = agenda::build_with(&facts, &ctx.settings, today, agenda::Later::Keep);
    let items = a.overdue.iter().chain(&a.due_today).chain(&a.coming_up).chain(&a.later);
    let text = afterview_core::ics::export_tasks(items, today, jiff::Timestamp::now());
    let events = text.matches("BEGIN:VEVENT").count();
    match out {
        None => print!("{text}"),
        Some(path) => {
            // A calendar app watching the file never sees half of it.
            afterview_store::write_atomically(&path, &text)?;
            println!(
                "Wrote {events} task{} to {}. Import it into your calendar; import a newer export to update it.",
                if events == 1 { "" } else { "s" },
                path.display()
            );
        }
    }
    Ok(())
}

pub enum Mark {
    Done,
    Skip,
    Snooze(Date),
}

pub fn mark(ctx: &Ctx, args: &TaskArgs, mark: Mark) -> Result<()> {
    let mut store = ctx.store()?;
    let today = ctx.today(args.today);
    let facts = store.facts(closed_since(today))?;
    let agenda = agenda::build(&facts, &ctx.settings, today);
    let known =
        agenda.task_ids().any(|t| t.as_str() == args.id) || facts.task_states.contains_key(args.id.as_str());
    if !known {
        anyhow::bail!(
            "there is no task \"{}\" on your agenda; `afterview agenda` shows each task's id in [brackets]",
            args.id
        );
    }
    let (state, said) = match mark {
        Mark::Done => (TaskState::Done { on: today }, "done".to_owned()),
        Mark::Skip => (TaskState::Skipped { on: today }, "skipped".to_owned()),
        Mark::Snooze(until) if until <= today => {
            anyhow::bail!("--until {until} is not after today ({today}); pick a later day")
        }
        Mark::Snooze(until) => (TaskState::Snoozed { until }, format!("snoozed until {}", day(until))),
    };
    store.write(|tx| tx.set_task_state(&args.id, state))?;
    println!("Task {} {said}.", args.id);
    Ok(())
}
