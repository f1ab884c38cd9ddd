//! `afterview when` (reading a timeline phrase; stateless, it never opens
//! the database) and `afterview holidays` (imported closure days).

use std::io::Write;

use afterview_app::calendar;
use afterview_app::local::Local;
use anyhow::{Context as _, Result};

use crate::cli::{HolidaysCmd, WhenArgs};
use crate::render::{day, print_json, table};

pub fn when(local: &Local, args: &WhenArgs, out: &mut dyn Write) -> Result<()> {
    let phrase = args.phrase.join(" ");
    let from = local.today(args.from);
    let reading = calendar::when(&local.settings, &phrase, from, args.region);
    if args.json {
        serde_json::to_writer(&mut *out, &reading)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", calendar::describe(&phrase, from, &reading))?;
    }
    Ok(())
}

pub fn holidays(local: &Local, cmd: HolidaysCmd, out: &mut dyn Write) -> Result<()> {
    let mut store = super::open(local)?;
    match cmd {
        HolidaysCmd::Import { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let source = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let done = calendar::import_holidays(&mut store, &bytes, &source)?;
            writeln!(
                out,
                "Imported {} closure day{} ({} new) from {}, {} to {}.",
                done.days,
                if done.days == 1 { "" } else { "s" },
                done.new,
                file.display(),
                day(done.first),
                day(done.last)
            )?;
        }
        HolidaysCmd::List { year, json } => {
            let year = year.unwrap_or_else(|| local.today(None).year());
            let rows = calendar::holidays(&store, &local.settings, year)?;
            if json {
                return print_json(out, &rows);
            }
            writeln!(out, "Holidays in {year} (region {}):", local.settings.region())?;
            let table_rows: Vec<Vec<String>> =
                rows.iter().map(|r| vec![day(r.date), r.name.clone(), r.source.to_owned()]).collect();
            write!(out, "{}", table(&["DAY", "HOLIDAY", "FROM"], &table_rows))?;
        }
        HolidaysCmd::Remove { date } => {
            calendar::remove_holiday(&mut store, date)?;
            writeln!(out, "Removed the closure day {}.", day(date))?;
        }
    }
    Ok(())
}
