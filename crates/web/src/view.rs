//! Small renderings shared by the pages: days, call windows, a link that
//! is only ever a web link, and a note cut into pieces with its findings
//! marked. Templates escape whatever these return.

use afterview_core::check::Finding;
use jiff::civil::Date;

pub use afterview_core::calendar::short_day;

/// The hours to call, as the CLI shows them too.
pub use afterview_core::plan::call_windows_text as call_windows;

/// A URL the user typed, as a link only when it is a web address: a
/// `javascript:` or `data:` URL stays text.
pub fn web_link(url: &str) -> Option<String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| u.to_owned())
}

/// A piece of a note: plain, or the excerpt of a finding.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    /// "error" or "warning" when marked.
    pub severity: Option<&'static str>,
    pub message: String,
}

/// The note cut at each finding's excerpt (found from its line and
/// column), so the page can mark it in place. Findings that overlap an
/// earlier one, or whose excerpt is not at their place, are not marked
/// (they are still listed).
pub fn marked(text: &str, findings: &[Finding]) -> Vec<Piece> {
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let mut spans: Vec<(usize, usize, &Finding)> = findings
        .iter()
        .filter_map(|f| {
            let start_of_line = *line_starts.get(f.line.checked_sub(1)?)?;
            let rest = &text[start_of_line..];
            let offset = rest.char_indices().nth(f.column.checked_sub(1)?).map(|(i, _)| i)?;
            let start = start_of_line + offset;
            let end = start + f.excerpt.len();
            (!f.excerpt.is_empty() && text.get(start..end) == Some(f.excerpt.as_str()))
                .then_some((start, end, f))
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, f) in spans {
        if start < at {
            continue;
        }
        if start > at {
            pieces.push(Piece { text: text[at..start].to_owned(), severity: None, message: String::new() });
        }
        pieces.push(Piece {
            text: text[start..end].to_owned(),
            severity: Some(f.severity.as_str()),
            message: f.message.clone(),
        });
        at = end;
    }
    if at < text.len() {
        pieces.push(Piece { text: text[at..].to_owned(), severity: None, message: String::new() });
    }
    pieces
}

/// "2026-12-02", what a date input holds.
pub fn iso(d: Date) -> String {
    d.to_string()
}

/// A moment in the reader's time zone: "Fri 20 Nov 14:05".
pub fn moment(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    let z = at.to_zoned(zone.clone());
    format!("{} {}", short_day(z.date()), z.strftime("%H:%M"))
}
