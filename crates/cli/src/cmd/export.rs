//! `afterview export csv | json | contacts | report` (and `ics`, in
//! `agenda`): each calls its use case and writes the text to standard
//! output or, with `--out`, to a file that is written whole or not at all.

use std::io::Write;
use std::path::Path;

use afterview_app::export::{self as use_case};
use afterview_app::local::{Local, write_private};
use afterview_app::snapshot;
use afterview_core::export::report;
use afterview_core::values::parse_day_in;
use anyhow::{Context as _, Result};

use crate::cli::ExportCmd;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The text to `path` (whole, or nothing; readable by the user only: it
/// is their data), or to `out`.
fn deliver(out: &mut dyn Write, path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        None => out.write_all(text.as_bytes())?,
        Some(p) => write_private(p, text)
            .with_context(|| format!("cannot write {}; nothing was written", p.display()))?,
    }
    Ok(())
}

pub fn export(local: &Local, cmd: ExportCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        cmd @ ExportCmd::Ics { .. } => super::agenda::export(local, cmd, out),
        ExportCmd::Csv { out: file, today } => {
            let store = super::open(local)?;
            let text = use_case::applications_csv(&store, &local.settings, local.today(today))?;
            deliver(out, file.as_deref(), &text)?;
            if let Some(p) = file {
                let n = text.lines().count().saturating_sub(1);
                let n = csv_rows(&text).unwrap_or(n);
                writeln!(out, "Wrote {n} application{} to {}.", plural(n), p.display())?;
            }
            Ok(())
        }
        ExportCmd::Json { out: file } => {
            let text = snapshot::export_local(local)?;
            deliver(out, file.as_deref(), &text)?;
            if let Some(p) = file {
                writeln!(
                    out,
                    "Wrote a snapshot of everything in the data folder to {}. It holds your calendar feed's \
                     secret: keep it as private as the data folder. `afterview import json` restores it.",
                    p.display()
                )?;
            }
            Ok(())
        }
        ExportCmd::Contacts { out: file, no_tick, today } => {
            let mut store = super::open(local)?;
            let today = local.today(today);
            let export = use_case::contacts(&mut store, &local.settings, today)?;
            deliver(out, file.as_deref(), &export.text)?;
            // Ticked only once the cards are written.
            let ticked = if no_tick { Vec::new() } else { export.ticked.clone() };
            use_case::tick_saved(&mut store, today, &ticked)?;
            let mut said = Vec::new();
            if let Some(p) = &file {
                said.push(format!(
                    "Wrote {} contact{} to {}.",
                    export.people,
                    plural(export.people),
                    p.display()
                ));
            }
            if !ticked.is_empty() {
                let companies: Vec<String> =
                    ticked.iter().map(|t| format!("{} [{}]", t.company, t.task)).collect();
                said.push(format!(
                    "Marked done: save the interviewers to your contacts for {}.",
                    companies.join(", ")
                ));
            } else if no_tick && !export.ticked.is_empty() {
                said.push(format!(
                    "Left {} \"save the interviewers to your contacts\" task{} as {} (--no-tick).",
                    export.ticked.len(),
                    plural(export.ticked.len()),
                    if export.ticked.len() == 1 { "it was" } else { "they were" }
                ));
            }
            for line in said {
                // With the cards on standard output, what was done goes beside them.
                if file.is_some() {
                    writeln!(out, "{line}")?;
                } else {
                    eprintln!("afterview: {line}");
                }
            }
            Ok(())
        }
        ExportCmd::Report { from, to, format, out: file } => {
            let order = local.settings.calendar.date_order;
            let from = parse_day_in(&from, order).map_err(|e| afterview_app::Error::invalid("from", e))?;
            let to = parse_day_in(&to, order).map_err(|e| afterview_app::Error::invalid("to", e))?;
            let store = super::open(local)?;
            let r = use_case::report(&store, &local.settings, from, to)?;
            let text = if format == "csv" { report::to_csv(&r) } else { report::to_html(&r) };
            deliver(out, file.as_deref(), &text)?;
            if let Some(p) = file {
                writeln!(
                    out,
                    "Wrote the report of {} application{} from {from} to {to} to {}.",
                    r.entries.len(),
                    plural(r.entries.len()),
                    p.display()
                )?;
            }
            Ok(())
        }
    }
}

/// How many rows a CSV text has below its headings (a note may span lines).
fn csv_rows(text: &str) -> Option<usize> {
    let mut quoted = false;
    let mut rows = 0usize;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => rows += 1,
            _ => {}
        }
    }
    rows.checked_sub(1)
}
