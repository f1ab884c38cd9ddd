//! Reads bench/phrases.tsv-style lines (phrase, interview day, region) from
//! standard input and prints one `when --json` reading per line; on standard
//! error, how many phrases a second the reader managed over repeated passes.
//! Used by bench/timeline.sh to compare afterview with other date readers.

use std::io::{BufRead, Write};
use std::time::Instant;

use afterview_core::calendar::{Calendar, Region};
use afterview_core::kinds::DateOrder;
use afterview_core::timeline::{Context, read};
use jiff::civil::Date;

fn main() {
    let rows: Vec<(String, Date, Region)> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let phrase = cols.next()?.to_owned();
            let day = cols.next()?.parse().ok()?;
            let region = cols.next().unwrap_or("US").parse().ok()?;
            Some((phrase, day, region))
        })
        .collect();
    let us = Calendar::new(Region::US);
    let uk = Calendar::new(Region::UK);
    let none = Calendar::new(Region::None);
    let calendar = |r: Region| match r {
        Region::US => &us,
        Region::UK => &uk,
        _ => &none,
    };
    let mut out = std::io::stdout().lock();
    for (phrase, day, region) in &rows {
        let reading =
            read(phrase, *day, Context { calendar: calendar(*region), date_order: DateOrder::MonthDay });
        let _ = writeln!(out, "{}", serde_json::to_string(&reading).unwrap_or_default());
    }
    let passes = 2000;
    let start = Instant::now();
    for _ in 0..passes {
        for (phrase, day, region) in &rows {
            std::hint::black_box(read(
                phrase,
                *day,
                Context { calendar: calendar(*region), date_order: DateOrder::MonthDay },
            ));
        }
    }
    let per_second = (passes * rows.len()) as f64 / start.elapsed().as_secs_f64();
    eprintln!("phrases_per_second {per_second:.0}");
}
