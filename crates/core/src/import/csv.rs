//! Reading the spreadsheet a job seeker already keeps (or exported from
//! another tracker) into proposed applications. The headings are matched
//! by name, in any capitalisation and spacing, so the three shapes seen in
//! the wild read without a mapping file: reactive-resume's (Company, Role,
//! Stage, Stage Date, URL, Contact Name…), JobSync's export (Company,
//! JobTitle, Status, appliedDate, JobSource…) and LinkedIn's data export
//! `Jobs/Job Applications.csv` (Application Date, Company Name, Job Title,
//! Job Url, Contact Email…). A column afterview has no field for is kept,
//! as "Heading: value", in the application's notes, so nothing is lost.
//!
//! The file is read whole before anything is proposed: the first bad row
//! stops the import with its line, its column and what would be right.
//! A byte-order mark is dropped, semicolon- and tab-separated files are
//! recognised by their heading line, and a file that is not UTF-8 is read
//! as Windows-1252, Latin-1 with curly quotes (what Excel on Windows writes).

use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

use crate::kinds::{ApplicationStatus, FirstContact};
use crate::model::{Application, Person};
use crate::values::Email;

/// The longest a company, role or name may be (as when typed).
const MAX_LINE: usize = 200;
/// The longest a link may be.
const MAX_LINK: usize = 2_000;
/// Rows past this are refused: a tracker export is hundreds of rows, and a
/// bigger file is more likely the wrong file.
const MAX_ROWS: usize = 10_000;

/// An afterview field a heading can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Company,
    Role,
    Status,
    /// The day of first contact (the application's day).
    Applied,
    PostingUrl,
    Notes,
    /// Where the job was found: becomes the first-contact channel.
    Source,
    ContactName,
    ContactEmail,
    /// The user's own address or phone, as LinkedIn's export gives them on
    /// every row: not a contact, and left out.
    Own,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Role => "role",
            Self::Status => "status",
            Self::Applied => "applied",
            Self::PostingUrl => "posting-url",
            Self::Notes => "notes",
            Self::Source => "first-contact",
            Self::ContactName => "contact name",
            Self::ContactEmail => "contact email",
            Self::Own => "yours (left out)",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The headings each field is read from, normalised (lower case, letters
/// and digits only), best first: when two headings of a file fit one field,
/// the earlier in this list wins and the other is kept in the notes.
const HEADINGS: &[(Field, &[&str])] = &[
    (Field::Company, &["company", "companyname", "employer", "organization", "organisation"]),
    (Field::Role, &["role", "jobtitle", "title", "position", "job"]),
    (Field::Status, &["status", "stage", "applicationstatus"]),
    (
        Field::Applied,
        &["applieddate", "applicationdate", "dateapplied", "applied", "appliedon", "date", "stagedate"],
    ),
    (Field::PostingUrl, &["url", "joburl", "postingurl", "link", "joblink", "jobposting"]),
    (Field::Notes, &["notes", "note", "comments", "comment"]),
    (Field::Source, &["source", "jobsource", "channel", "via"]),
    (Field::ContactName, &["contactname", "contact", "recruiter", "recruitername"]),
    (Field::ContactEmail, &["contactemail", "email", "recruiteremail"]),
];

fn normalise(heading: &str) -> String {
    heading.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Where one heading of the file went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The heading as the file wrote it.
    pub heading: String,
    /// The field it fills; `None`: kept in the notes as "Heading: value".
    pub field: Option<Field>,
}

impl Column {
    /// Where it goes, as every preview says it: the field, or "kept in
    /// the notes".
    pub fn goes_to(&self) -> String {
        self.field.map_or_else(|| "kept in the notes".to_owned(), |f| f.to_string())
    }
}

/// One application the file proposes, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub line: u64,
    pub application: Application,
    /// The day of first contact, when the file gave one: the same as
    /// `application.applied_on`, which it fills.
    pub applied: Option<Date>,
    /// The person to write to, when the file names one or gives an email.
    pub contact: Option<Person>,
}

/// What a file proposes: how its headings were read, and its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub columns: Vec<Column>,
    /// True when the file was not UTF-8 and was read as Windows-1252.
    pub latin1: bool,
    pub proposals: Vec<Proposal>,
}

/// Why a file cannot be imported: where, what, and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The line of the file (1 is the heading line); `None` for the file
    /// as a whole.
    pub line: Option<u64>,
    /// The heading of the column at fault.
    pub column: Option<String>,
    pub problem: String,
    pub fix: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.line, &self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column \"{c}\": ")?,
            (Some(l), None) => write!(f, "line {l}: ")?,
            (None, Some(c)) => write!(f, "column \"{c}\": ")?,
            (None, None) => {}
        }
        write!(f, "{}; {}", self.problem, self.fix)
    }
}

impl std::error::Error for CsvError {}

fn whole(problem: impl Into<String>, fix: impl Into<String>) -> CsvError {
    CsvError { line: None, column: None, problem: problem.into(), fix: fix.into() }
}

/// The file as text: UTF-8 without its byte-order mark, else Windows-1252.
/// Every line ends in `\n`: the csv reader ends a row at a lone `\r` too
/// (old Mac files) but counts lines by `\n` only, so without this two rows
/// would be named by the same line.
fn decode(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, latin1) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), false),
        Err(_) => (bytes.iter().map(|&b| windows_1252(b)).collect(), true),
    };
    (text.replace("\r\n", "\n").replace('\r', "\n"), latin1)
}

/// One byte of a file that is not UTF-8, read as Windows-1252 (what Excel
/// on Windows saves as "CSV"): Latin-1, except that 0x80–0x9F are the
/// curly quotes, dashes and the euro sign rather than control characters,
/// so "O’Brien" is read as written instead of refused.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The separator the heading line uses most, outside quotes.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Which field each heading fills.
fn map_headings(headings: &[String]) -> Vec<Column> {
    let norms: Vec<String> = headings.iter().map(|h| normalise(h)).collect();
    let mut fields: Vec<Option<Field>> = vec![None; headings.len()];
    for (field, names) in HEADINGS {
        let best = names
            .iter()
            .find_map(|name| norms.iter().enumerate().position(|(i, n)| n == name && fields[i].is_none()));
        if let Some(i) = best {
            fields[i] = Some(*field);
        }
    }
    // LinkedIn's export (known by its own headings) gives the applicant's
    // own email and phone as "Contact …": they are the user, not a contact.
    if norms.iter().any(|n| n == "resumename" || n == "questionandanswers") {
        for (i, n) in norms.iter().enumerate() {
            if n == "contactemail" || n == "contactphonenumber" {
                fields[i] = Some(Field::Own);
            }
        }
    }
    headings.iter().zip(fields).map(|(h, field)| Column { heading: h.trim().to_owned(), field }).collect()
}

/// The headings of `bytes` and where each would go, without reading rows.
pub fn read(bytes: &[u8]) -> Result<Sheet, CsvError> {
    let (text, latin1) = decode(bytes);
    if text.trim().is_empty() {
        return Err(whole("the file is empty", "give the CSV file your spreadsheet exported"));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headings: Vec<String> = reader
        .headers()
        .map_err(|e| whole(format!("the heading line cannot be read ({e})"), "save the sheet as CSV"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let columns = map_headings(&headings);
    for need in [Field::Company, Field::Role] {
        if !columns.iter().any(|c| c.field == Some(need)) {
            let names = HEADINGS.iter().find(|(f, _)| *f == need).map_or(&[][..], |(_, n)| *n);
            return Err(CsvError {
                line: Some(1),
                column: None,
                problem: format!("no heading names the {need} (the headings are: {})", headings.join(", ")),
                fix: format!("name that column one of: {}", names.join(", ")),
            });
        }
    }
    let mut proposals = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line());
            CsvError {
                line,
                column: None,
                problem: format!("the row cannot be read ({e})"),
                fix: "close every quote that opens a value, and save the sheet as CSV".into(),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if record.len() > columns.len() {
            return Err(CsvError {
                line: Some(line),
                column: None,
                problem: format!(
                    "the row has {} values but there are {} headings",
                    record.len(),
                    columns.len()
                ),
                fix: "quote values that hold the separator, or add a heading for the extra column".into(),
            });
        }
        if proposals.len() == MAX_ROWS {
            return Err(whole(
                format!("the file has more than {MAX_ROWS} rows"),
                "split it, or check that it is your list of applications",
            ));
        }
        proposals.push(row(line, &columns, &record)?);
    }
    if proposals.is_empty() {
        return Err(whole("the file has headings but no rows", "add your applications below the headings"));
    }
    Ok(Sheet { columns, latin1, proposals })
}

/// One row as a proposal.
fn row(line: u64, columns: &[Column], record: &::csv::StringRecord) -> Result<Proposal, CsvError> {
    let bad = |column: &Column, problem: String, fix: &str| CsvError {
        line: Some(line),
        column: Some(column.heading.clone()),
        problem,
        fix: fix.to_owned(),
    };
    let mut company = None;
    let mut role = None;
    let mut status = ApplicationStatus::Active;
    let mut applied = None;
    let mut url = None;
    let mut notes = None;
    let mut first_contact = FirstContact::Other;
    let mut contact_name = None;
    let mut contact_email = None;
    let mut kept = Vec::new();
    for (column, value) in columns.iter().zip(record.iter()) {
        // A formula guarded on export ("'=…") comes back as written.
        let value = crate::export::csv::unguarded(value.trim());
        if value.is_empty() {
            continue;
        }
        let one_line = |max: usize| -> Result<String, CsvError> {
            if value.chars().any(char::is_control) {
                return Err(bad(
                    column,
                    "holds a line break or a control character".into(),
                    "keep it on one line",
                ));
            }
            let n = value.chars().count();
            if n > max {
                return Err(bad(
                    column,
                    format!("is {n} characters long; at most {max} fit"),
                    "shorten it, and put the rest in the notes",
                ));
            }
            Ok(value.to_owned())
        };
        match column.field {
            Some(Field::Company) => company = Some(one_line(MAX_LINE)?),
            Some(Field::Role) => role = Some(one_line(MAX_LINE)?),
            Some(Field::Status) => {
                status = parse_status(value).ok_or_else(|| {
                    bad(
                        column,
                        format!("\"{value}\" is not a status afterview knows"),
                        "write one of: applied, interviewing, offer, accepted, rejected, withdrawn, ghosted",
                    )
                })?;
                if normalise(value) != status.as_str() {
                    // The tracker's own word (a stage such as "Onsite")
                    // says more than the status; keep it.
                    kept.push(format!("{}: {value}", column.heading));
                }
            }
            Some(Field::Applied) => {
                applied = Some(parse_date(value).ok_or_else(|| {
                    bad(
                        column,
                        format!("\"{value}\" is not a date"),
                        "write it as 2024-11-20, 11/20/2024 or 11/20/24, 8:15 AM",
                    )
                })?)
            }
            Some(Field::PostingUrl) => url = Some(one_line(MAX_LINK)?),
            Some(Field::Notes) => notes = Some(value.to_owned()),
            Some(Field::Source) => {
                first_contact = parse_source(value);
                if first_contact == FirstContact::Other
                    || normalise(value) != normalise(first_contact.as_str())
                {
                    kept.push(format!("{}: {value}", column.heading));
                }
            }
            Some(Field::ContactName) => contact_name = Some(one_line(MAX_LINE)?),
            Some(Field::ContactEmail) => {
                let email: Email = value.parse().map_err(|e| {
                    bad(column, format!("{e}"), "write the address as name@example.com, or leave it empty")
                })?;
                contact_email = Some(email);
            }
            Some(Field::Own) => {}
            None => kept.push(format!("{}: {value}", column.heading)),
        }
    }
    let missing = |field: Field| {
        let column = columns.iter().find(|c| c.field == Some(field)).map(|c| c.heading.clone());
        CsvError {
            line: Some(line),
            column,
            problem: format!("the {field} is empty"),
            fix: format!("fill in the {field}, or delete the row"),
        }
    };
    let company = company.ok_or_else(|| missing(Field::Company))?;
    let role = role.ok_or_else(|| missing(Field::Role))?;
    let mut a = Application::new(company.clone(), role);
    a.status = status;
    a.first_contact = first_contact;
    a.posting_url = url;
    a.applied_on = applied;
    // A kept "Heading: value" already a line of the notes (a file that
    // afterview exported from an import) is not added again, so a sheet
    // taken out and in again and again keeps one line of each.
    let had: Vec<&str> = notes.as_deref().map(|n| n.lines().collect()).unwrap_or_default();
    kept.retain(|k| !had.contains(&k.as_str()));
    let mut lines = Vec::new();
    lines.extend(notes);
    lines.extend(kept);
    a.notes = (!lines.is_empty()).then(|| lines.join("\n"));
    let contact = match (contact_name, contact_email) {
        (None, None) => None,
        (name, email) => {
            let name =
                name.unwrap_or_else(|| email.as_ref().map(|e| e.as_str().to_owned()).unwrap_or_default());
            let mut p = Person::new(name);
            p.email = email;
            p.organisation = Some(company);
            Some(p)
        }
    };
    Ok(Proposal { line, application: a, applied, contact })
}

/// The status a tracker's word means. Stages of an application still
/// under way (applied, a screen, an onsite) are all `active`.
fn parse_status(value: &str) -> Option<ApplicationStatus> {
    use ApplicationStatus as S;
    let v = normalise(value);
    Some(match v.as_str() {
        "active" | "applied" | "draft" | "saved" | "bookmarked" | "wishlist" | "interested" | "interview"
        | "interviewing" | "interviewed" | "screen" | "phonescreen" | "screening" | "technical"
        | "assessment" | "onsite" | "final" | "finalround" | "inprogress" | "open" | "submitted" => S::Active,
        "offer" | "offered" | "offerreceived" => S::Offer,
        "accepted" | "hired" | "offeraccepted" => S::Accepted,
        "rejected" | "rejection" | "declined" | "notselected" | "closed" => S::Rejected,
        "withdrawn" | "withdrew" | "archived" | "offerdeclined" => S::Withdrawn,
        "stalled" | "ghosted" | "noresponse" | "noreply" | "expired" => S::Stalled,
        _ => return None,
    })
}

/// The channel a "source" names; anything else is `other` (and the
/// source is kept in the notes).
fn parse_source(value: &str) -> FirstContact {
    let v = normalise(value);
    match v.as_str() {
        "linkedin" | "linkedineasyapply" => FirstContact::Linkedin,
        "referral" | "referred" | "friend" => FirstContact::Referral,
        "recruiter" | "agency" | "headhunter" => FirstContact::Recruiter,
        "email" | "coldemail" => FirstContact::Email,
        "indeed" | "glassdoor" | "jobboard" | "monster" | "ziprecruiter" | "stepstone" | "wellfound"
        | "angellist" | "dice" | "otta" => FirstContact::JobBoard,
        _ => FirstContact::Other,
    }
}

/// A day as trackers write it: `2024-11-20` (with a time after it or
/// not), `11/20/2024`, or LinkedIn's `11/20/24, 8:15 AM` (month first).
fn parse_date(value: &str) -> Option<Date> {
    let v = value.trim();
    if let (Some(head), Some(rest)) = (v.get(..10), v.get(10..))
        && let Ok(d) = head.parse::<Date>()
        && (rest.is_empty() || rest.starts_with(['T', ' ']))
    {
        return Some(d);
    }
    let day = v.split([',', ' ']).next()?;
    let mut parts = day.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let m: i8 = m.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    let y: i16 = match y.len() {
        2 => 2000 + y.parse::<i16>().ok()?,
        4 => y.parse().ok()?,
        _ => return None,
    };
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_in_any_case_and_spacing() {
        let cols = map_headings(&["COMPANY NAME".into(), "job_title".into(), "Salary".into()]);
        assert_eq!(cols[0].field, Some(Field::Company));
        assert_eq!(cols[1].field, Some(Field::Role));
        assert_eq!(cols[2].field, None);
    }

    #[test]
    fn a_better_heading_wins_and_the_other_is_kept() {
        let cols = map_headings(&["Stage Date".into(), "Applied Date".into()]);
        assert_eq!(cols[0].field, None);
        assert_eq!(cols[1].field, Some(Field::Applied));
    }

    #[test]
    fn dates_in_the_shapes_trackers_write() {
        let d = Date::new(2024, 11, 20).unwrap();
        for s in ["2024-11-20", "2024-11-20T08:15:00.000Z", "11/20/2024", "11/20/24, 8:15 AM", "11/20/24"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        for s in ["20.11.2024", "13/40/24", "2024-11-20x", "yesterday", "1/2/3/4"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn semicolons_a_bom_and_latin1() {
        let mut bytes = b"\xEF\xBB\xBFCompany;Role\nM\xFCller;Engineer\n".to_vec();
        // A BOM then Latin-1 is unusual, but each is handled on its own.
        bytes.drain(..3);
        let sheet = read(&bytes).unwrap();
        assert!(sheet.latin1);
        assert_eq!(sheet.proposals[0].application.company, "Müller");
        let sheet = read(b"Company,Role\nO\x92Brien \x96 Partners,Engineer \x80\n").unwrap();
        assert_eq!(sheet.proposals[0].application.company, "O’Brien – Partners");
        assert_eq!(sheet.proposals[0].application.role, "Engineer €");
        let sheet = read("\u{feff}Company;Role\nAcme;Engineer\n".as_bytes()).unwrap();
        assert_eq!(sheet.proposals[0].application.role, "Engineer");
    }

    #[test]
    fn rows_ended_by_a_lone_carriage_return_have_lines_of_their_own() {
        let sheet = read(b"Company,Role\rAcme,Engineer\rBeta,Analyst\r\nGamma,Lead").unwrap();
        let lines: Vec<u64> = sheet.proposals.iter().map(|p| p.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        let e = read(b"Company,Role\rAcme,Engineer\r,Analyst").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn a_kept_value_already_in_the_notes_is_not_added_again() {
        let sheet =
            read(b"Company,Role,Salary,Notes\nAcme,Dev,100k,\"Salary: 100k\nmet at a fair\"\n").unwrap();
        assert_eq!(sheet.proposals[0].application.notes.as_deref(), Some("Salary: 100k\nmet at a fair"));
        let sheet = read(b"Company,Role,Salary,Notes\nAcme,Dev,120k,\"Salary: 100k\"\n").unwrap();
        assert_eq!(sheet.proposals[0].application.notes.as_deref(), Some("Salary: 100k\nSalary: 120k"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in
            ["", "\n\n", "Company,Role\n", "a,b\n1,2\n", "Company,Role\n\"open,x\n", "Company,Role\nA,B,C\n"]
        {
            assert!(read(s.as_bytes()).is_err(), "{s:?}");
        }
    }
}
