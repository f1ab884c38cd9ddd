//! `afterview when` (reading a timeline phrase; stateless, it never opens
//! the database) and `afterview holidays` (imported closure days).

use afterview_core::calendar::{Calendar, Holiday};
use afterview_core::ics::parse_holidays;
use afterview_core::timeline::{self, ContactChannel, Context, ReadingKind};
use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::cli::{HolidaysCmd, WhenArgs};
use crate::context::Ctx;
use crate::render::{day, print_json, short_day, table};

pub fn when(ctx: &Ctx, args: &WhenArgs) -> Result<()> {
    let phrase = args.phrase.join(" ");
    let from = ctx.today(args.from);
    let calendar = Calendar::new(args.region.unwrap_or_else(|| ctx.settings.region()));
    let reading = timeline::read(
        &phrase,
        from,
        Context { calendar: &calendar, date_order: ctx.settings.calendar.date_order },
    );
    if args.json {
        println!("{}", serde_json::to_string(&reading)?);
        return Ok(());
    }
    let read = reading.span.clone().map(|s| format!("\"{}\" ", &phrase[s])).unwrap_or_default();
    let origin = format!("({read}from {})", short_day(from));
    match (reading.kind, reading.earliest, reading.latest, reading.date) {
        (ReadingKind::Decision, Some(a), Some(b), _) => {
            let tomorrow = from.tomorrow().unwrap_or(from);
            if a == b {
                println!("decision expected on {} {origin}", day(b));
            } else if a <= tomorrow {
                println!("decision expected by {} {origin}", day(b));
            } else {
                println!("decision expected between {} and {} {origin}", short_day(a), day(b));
            }
        }
        (ReadingKind::Contact, _, _, Some(d)) => {
            let how = match reading.channel {
                Some(ContactChannel::Call) => "call them",
                Some(ContactChannel::Email) => "email them",
                _ => "get in touch",
            };
            println!("{how} on {} {origin}", day(d));
        }
        _ => println!(
            "no date in that ({}): afterview will plan a status check a week after the interview",
            if phrase.trim().is_empty() {
                "it is empty".to_owned()
            } else {
                format!("\"{}\"", phrase.trim())
            }
        ),
    }
    Ok(())
}

#[derive(Serialize)]
struct Listed {
    date: jiff::civil::Date,
    name: String,
    source: &'static str,
}

pub fn holidays(ctx: &Ctx, cmd: HolidaysCmd) -> Result<()> {
    let mut store = ctx.store()?;
    match cmd {
        HolidaysCmd::Import { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!(
                    "{} is not a text file, so not an iCalendar file; nothing was imported",
                    file.display()
                )
            })?;
            let days = parse_holidays(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", file.display()))?;
            let source = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let added = store.write(|tx| tx.add_holidays(&days, &source))?;
            let (first, last) = (days[0].date, days[days.len() - 1].date);
            println!(
                "Imported {} closure day{} ({added} new) from {}, {} to {}.",
                days.len(),
                if days.len() == 1 { "" } else { "s" },
                file.display(),
                day(first),
                day(last)
            );
        }
        HolidaysCmd::List { year, json } => {
            let year = year.unwrap_or_else(|| ctx.today(None).year());
            let region = ctx.settings.region();
            let mut rows: Vec<Listed> = Calendar::new(region)
                .holidays_in(year)
                .into_iter()
                .map(|Holiday { date, name }| Listed { date, name, source: "region" })
                .collect();
            rows.extend(
                store
                    .holidays()?
                    .into_iter()
                    .filter(|h| h.date.year() == year)
                    .map(|Holiday { date, name }| Listed { date, name, source: "imported" }),
            );
            rows.sort_by_key(|r| r.date);
            if json {
                return print_json(&rows);
            }
            println!("Holidays in {year} (region {region}):");
            let table_rows: Vec<Vec<String>> =
                rows.iter().map(|r| vec![day(r.date), r.name.clone(), r.source.to_owned()]).collect();
            print!("{}", table(&["DAY", "HOLIDAY", "FROM"], &table_rows));
        }
        HolidaysCmd::Remove { date } => {
            store.write(|tx| tx.remove_holiday(date))?;
            println!("Removed the closure day {}.", day(date));
        }
    }
    Ok(())
}
