//! `afterview import csv`: the preview of a spreadsheet (where each heading
//! goes, the first rows, what is skipped), a question at the terminal, and
//! the import in one transaction through `afterview_app::import`.

mod email;

use std::io::Write;

use afterview_app::import::{self, CsvPreview, RowPlan};
use afterview_app::local::Local;
use anyhow::{Context as _, Result};

use crate::cli::ImportCmd;
use crate::prompt;
use crate::render::{or_dash, print_json, table};

/// How many rows the preview shows before "… and N more".
const FIRST_ROWS: usize = 5;

pub fn import(local: &Local, cmd: ImportCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        ImportCmd::Email { files, application, yes, dry_run, json, today } => {
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
        ImportCmd::Csv { file, yes, dry_run, json } => {
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
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_preview(p: &CsvPreview, out: &mut dyn Write) -> Result<()> {
    if p.latin1 {
        writeln!(out, "The file is not UTF-8; it was read as Windows-1252 (Latin-1).")?;
    }
    let mapping: Vec<Vec<String>> = p
        .columns
        .iter()
        .map(|c| {
            let to = c.field.map_or_else(|| "kept in the notes".to_owned(), |f| f.to_string());
            vec![c.heading.clone(), to]
        })
        .collect();
    write!(out, "{}", table(&["HEADING", "GOES TO"], &mapping))?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = p
        .rows
        .iter()
        .take(FIRST_ROWS)
        .map(|r| {
            let pr = r.proposal();
            let a = &pr.application;
            let action = match r {
                RowPlan::Add { .. } => "add".to_owned(),
                RowPlan::Skip { duplicate_of: Some(id), .. } => format!("skip: already {id}"),
                RowPlan::Skip { duplicate_of: None, .. } => "skip: an earlier row".to_owned(),
            };
            vec![
                pr.line.to_string(),
                action,
                a.company.clone(),
                a.role.clone(),
                a.status.to_string(),
                or_dash(pr.applied.map(|d| d.to_string()).as_deref()),
                or_dash(pr.contact.as_ref().map(|c| c.name.as_str())),
            ]
        })
        .collect();
    write!(out, "{}", table(&["LINE", "DO", "COMPANY", "ROLE", "STATUS", "APPLIED", "CONTACT"], &rows))?;
    if p.rows.len() > FIRST_ROWS {
        writeln!(out, "… and {} more row{}.", p.rows.len() - FIRST_ROWS, plural(p.rows.len() - FIRST_ROWS))?;
    }
    writeln!(out, "{} to add, {} already recorded (skipped).", p.to_add(), p.to_skip())?;
    Ok(())
}
