//! The applications as a spreadsheet: one row per application, under
//! headings that [`crate::import::csv`] reads back. The recorded facts
//! (company, role, status, applied day, posting, first contact, the
//! contact, notes) go in columns the importer fills fields from; what
//! afterview works out (where it stands, the latest interview stage, the
//! last contact, the next task) goes in columns of its own, which the
//! importer keeps in the notes as "Heading: value". So exporting, importing
//! into an empty data folder and exporting again loses no column: each
//! value comes back, in its column or in the notes.

use jiff::civil::Date;

use crate::kinds::{ApplicationStatus, FirstContact, Stage};
use crate::model::{Application, Person};

/// The headings, in the order written. The first nine are the importer's
/// own field names (see `import::csv::HEADINGS`).
pub const HEADINGS: [&str; 15] = [
    "Company",
    "Role",
    "Status",
    "Applied Date",
    "URL",
    "Source",
    "Contact Name",
    "Contact Email",
    "Notes",
    "Standing",
    "Latest Stage",
    "Latest Stage Date",
    "Last Contact",
    "Next Task",
    "Next Task Due",
];

/// One application's row: the record and what afterview worked out for it.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub application: &'a Application,
    /// The person to write to: a recruiter when there is one, else the
    /// first person on it.
    pub contact: Option<&'a Person>,
    /// Where it stands on the day (`stalled` when the checks went unanswered).
    pub standing: ApplicationStatus,
    /// The stage and day of its latest interview.
    pub latest_stage: Option<(Stage, Date)>,
    /// The day of the latest message, sent or received.
    pub last_contact: Option<Date>,
    /// The next planned task, in words, and its day.
    pub next_task: Option<(&'a str, Date)>,
}

fn day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The rows as CSV (comma separated, UTF-8, `\n` line ends, quoted where
/// needed), headings first.
/// A cell a spreadsheet would run as a formula (one starting with `=`,
/// `+`, `-` or `@`: a company called "=HYPERLINK(…)", a note starting
/// "- met at the fair") gets a `'` in front, as OWASP advises against CSV
/// injection; the importer takes it off again, so a round trip is exact.
pub fn guarded(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// [`guarded`] undone: the `'` this module put before a formula's first
/// character is taken off; any other text is as it was.
pub fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

pub fn write(rows: &[Row<'_>]) -> String {
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(HEADINGS);
    for r in rows {
        let a = r.application;
        let source = match a.first_contact {
            // The importer reads an empty source as "other"; the word itself
            // would be kept in the notes as well.
            FirstContact::Other => String::new(),
            f => f.to_string(),
        };
        let fields = [
            a.company.clone(),
            a.role.clone(),
            a.status.to_string(),
            day(a.applied_on),
            a.posting_url.clone().unwrap_or_default(),
            source,
            r.contact.map(|p| p.name.clone()).unwrap_or_default(),
            r.contact.and_then(|p| p.email.as_ref()).map(|e| e.as_str().to_owned()).unwrap_or_default(),
            a.notes.clone().unwrap_or_default(),
            r.standing.to_string(),
            r.latest_stage.map(|(s, _)| s.to_string()).unwrap_or_default(),
            day(r.latest_stage.map(|(_, d)| d)),
            day(r.last_contact),
            r.next_task.map(|(w, _)| w.to_owned()).unwrap_or_default(),
            day(r.next_task.map(|(_, d)| d)),
        ];
        let _ = w.write_record(fields.iter().map(|f| guarded(f).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::csv::{Field, read};
    use crate::values::Email;

    /// A company or a note a spreadsheet would run as a formula is written
    /// as text, and reads back as it was.
    #[test]
    fn formulas_are_written_as_text_and_read_back_whole() {
        let mut a = Application::new("=HYPERLINK(\"https://evil.example\",\"Acme\")", "@Dev");
        a.notes = Some("- met at the fair".into());
        let row = Row {
            application: &a,
            contact: None,
            standing: ApplicationStatus::Active,
            latest_stage: None,
            last_contact: None,
            next_task: None,
        };
        let text = write(&[row]);
        assert!(text.contains("\"'=HYPERLINK(") && text.contains(",'@Dev,"), "{text}");
        assert!(text.contains("'- met at the fair"), "{text}");
        let back = &read(text.as_bytes()).unwrap().proposals[0].application;
        assert_eq!((back.company.as_str(), back.role.as_str()), (a.company.as_str(), "@Dev"));
        assert_eq!(back.notes.as_deref().map(|n| n.lines().next().unwrap()), Some("- met at the fair"));
        assert_eq!(unguarded("'Tis the season"), "'Tis the season", "a quote before a word stays");
    }

    #[test]
    fn headings_the_importer_reads_and_values_quoted_where_needed() {
        let mut a = Application::new("Acme, Inc.", "Data \"Lead\" Engineer");
        a.notes = Some("line one\nline two".into());
        a.first_contact = FirstContact::Referral;
        a.posting_url = Some("https://acme.example/jobs/1".into());
        a.applied_on = Some(Date::constant(2026, 11, 2));
        let mut p = Person::new("Ann Lee");
        p.email = Some("ann@acme.example".parse::<Email>().unwrap());
        let row = Row {
            application: &a,
            contact: Some(&p),
            standing: ApplicationStatus::Stalled,
            latest_stage: Some((Stage::Panel, Date::constant(2026, 11, 19))),
            last_contact: Some(Date::constant(2026, 11, 20)),
            next_task: Some(("a status check", Date::constant(2026, 12, 3))),
        };
        let text = write(&[row]);
        assert!(
            text.starts_with("Company,Role,Status,Applied Date,URL,Source,Contact Name,Contact Email,Notes,")
        );
        assert!(text.contains("\"Acme, Inc.\",\"Data \"\"Lead\"\" Engineer\",active,2026-11-02,"), "{text}");
        let sheet = read(text.as_bytes()).unwrap();
        let fields: Vec<_> = sheet.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            fields[..9],
            [
                Some(Field::Company),
                Some(Field::Role),
                Some(Field::Status),
                Some(Field::Applied),
                Some(Field::PostingUrl),
                Some(Field::Source),
                Some(Field::ContactName),
                Some(Field::ContactEmail),
                Some(Field::Notes)
            ]
        );
        assert!(fields[9..].iter().all(Option::is_none), "worked out, so kept in the notes: {fields:?}");
        let back = &sheet.proposals[0];
        assert_eq!(back.application.company, "Acme, Inc.");
        assert_eq!(back.application.first_contact, FirstContact::Referral);
        assert_eq!(back.application.applied_on, Some(Date::constant(2026, 11, 2)));
        assert_eq!(back.contact.as_ref().map(|c| c.name.as_str()), Some("Ann Lee"));
        let notes = back.application.notes.as_deref().unwrap();
        for kept in
            ["line one\nline two", "Standing: stalled", "Latest Stage: panel", "Next Task Due: 2026-12-03"]
        {
            assert!(notes.contains(kept), "{kept} in {notes}");
        }
    }

    #[test]
    fn an_empty_record_is_the_heading_line() {
        assert_eq!(write(&[]).lines().count(), 1);
    }
}
