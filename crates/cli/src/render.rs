//! Text output: days as people read them, aligned tables, JSON.

use std::io::Write;

use anyhow::Result;
use jiff::civil::Date;
use serde::Serialize;

/// "Fri 20 Nov 2026".
pub fn day(d: Date) -> String {
    afterview_core::calendar::long_day(d)
}

/// "Fri 20 Nov".
pub fn short_day(d: Date) -> String {
    afterview_core::calendar::short_day(d)
}

/// Streams pretty JSON, without building it in memory first.
pub fn print_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The widest a cell is shown: `show` prints the whole value.
const MAX_CELL: usize = 60;

/// A cell on one line: a line break or tab becomes a space, and any other
/// control character (an escape code that could repaint the terminal)
/// shows as `?`; past [`MAX_CELL`] characters it is cut with "…".
pub fn cell(text: &str) -> String {
    let long = text.chars().nth(MAX_CELL).is_some();
    text.chars()
        .take(if long { MAX_CELL - 1 } else { MAX_CELL })
        .chain(long.then_some('…'))
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect()
}

/// Left-aligned columns two spaces apart; the last column is not padded.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| cell(c)).collect()).collect();
    let rows = rows.as_slice();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut out = String::new();
        for (i, (cell, &w)) in cells.zip(&widths).enumerate() {
            out.push_str(cell);
            if i + 1 < widths.len() {
                // Padded by hand: `format!`'s width stops at 65,535.
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(cell.chars().count()) + 2));
            }
        }
        out.trim_end().to_owned()
    };
    let mut out = line(&mut headers.iter().copied());
    out.push('\n');
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
        out.push('\n');
    }
    out
}

pub fn or_dash(v: Option<&str>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or("-").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align() {
        let t = table(
            &["ID", "COMPANY"],
            &[vec!["a1".into(), "Acme".into()], vec!["a10".into(), "Globex".into()]],
        );
        assert_eq!(t, "ID   COMPANY\na1   Acme\na10  Globex\n");
    }

    /// Regression (issue 9): a name with a line break or an escape code
    /// broke the table, or repainted the terminal.
    #[test]
    fn cells_stay_on_their_line() {
        let t = table(&["ID", "NAME"], &[vec!["p1".into(), "Maria\nLopez\u{1b}[2J".into()]]);
        assert_eq!(t, "ID  NAME\np1  Maria Lopez?[2J\n");
    }

    /// Regression (issue 9): a name of 65,536 characters panicked every
    /// listing ("Formatting argument out of range").
    #[test]
    fn long_cells_are_cut_and_never_panic() {
        let long = "A".repeat(70_000);
        let t = table(&["ID", "NAME", "ROLE"], &[vec!["a1".into(), long, "Dev".into()]]);
        let row = t.lines().nth(1).unwrap();
        assert_eq!(row, format!("a1  {}…  Dev", "A".repeat(59)));
    }

    #[test]
    fn days_read_naturally() {
        assert_eq!(day(jiff::civil::date(2026, 12, 4)), "Fri 4 Dec 2026");
    }
}
