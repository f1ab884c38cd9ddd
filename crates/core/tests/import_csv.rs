//! The spreadsheet importer over the three shapes seen in the wild, each a
//! small fixture written for this project, and a file with a bad row.

use afterview_core::import::csv::{Field, read};
use afterview_core::kinds::{ApplicationStatus, FirstContact};
use jiff::civil::date;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn field_of(sheet: &afterview_core::import::csv::Sheet, heading: &str) -> Option<Field> {
    sheet.columns.iter().find(|c| c.heading == heading).unwrap_or_else(|| panic!("no {heading}")).field
}

#[test]
fn reactive_resume_shape() {
    let sheet = read(&fixture("reactive-resume.csv")).unwrap();
    assert_eq!(field_of(&sheet, "Company"), Some(Field::Company));
    assert_eq!(field_of(&sheet, "Stage"), Some(Field::Status));
    assert_eq!(field_of(&sheet, "Stage Date"), Some(Field::Applied));
    assert_eq!(field_of(&sheet, "Salary"), None);
    assert_eq!(field_of(&sheet, "Contact Email"), Some(Field::ContactEmail));
    assert_eq!(sheet.proposals.len(), 3);

    let first = &sheet.proposals[0];
    assert_eq!(first.line, 2);
    let a = &first.application;
    assert_eq!((a.company.as_str(), a.role.as_str()), ("Brightwell Analytics", "Data Engineer"));
    assert_eq!(a.status, ApplicationStatus::Active);
    assert_eq!(a.first_contact, FirstContact::Referral);
    assert_eq!(first.applied, Some(date(2026, 11, 12)));
    assert_eq!(a.applied_on, Some(date(2026, 11, 12)), "a field, not a note");
    assert_eq!(a.posting_url.as_deref(), Some("https://jobs.brightwell.example/de-42"));
    let notes = a.notes.as_deref().unwrap();
    assert!(!notes.contains("Applied:"), "{notes}");
    for kept in ["Referred by Sam", "Stage: Onsite", "Location: Austin, TX", "Salary: $135k-$150k"] {
        assert!(notes.contains(kept), "{kept} in {notes}");
    }
    let p = first.contact.as_ref().unwrap();
    assert_eq!(p.name, "Priya Raman");
    assert_eq!(p.email.as_ref().unwrap().as_str(), "priya.raman@brightwell.example");
    assert_eq!(p.organisation.as_deref(), Some("Brightwell Analytics"));

    assert_eq!(sheet.proposals[1].application.first_contact, FirstContact::Linkedin);
    assert_eq!(sheet.proposals[1].contact, None);
    assert_eq!(sheet.proposals[2].application.status, ApplicationStatus::Rejected);
    assert_eq!(sheet.proposals[2].application.first_contact, FirstContact::JobBoard);
    assert_eq!(sheet.proposals[2].contact.as_ref().unwrap().email, None);
}

#[test]
fn jobsync_shape() {
    let sheet = read(&fixture("jobsync.csv")).unwrap();
    assert_eq!(field_of(&sheet, "JobTitle"), Some(Field::Role));
    assert_eq!(field_of(&sheet, "appliedDate"), Some(Field::Applied));
    assert_eq!(field_of(&sheet, "JobSource"), Some(Field::Source));
    assert_eq!(field_of(&sheet, "jobUrl"), Some(Field::PostingUrl));
    assert_eq!(field_of(&sheet, "createdAt"), None);
    let [a, b, c] = &sheet.proposals[..] else { panic!("three rows") };
    assert_eq!(a.application.status, ApplicationStatus::Active);
    assert_eq!(a.applied, Some(date(2026, 11, 9)));
    assert_eq!(a.application.first_contact, FirstContact::JobBoard);
    assert!(a.application.notes.as_deref().unwrap().contains("description: React, TypeScript; 3 rounds"));
    assert!(b.application.notes.as_deref().unwrap().contains("JobSource: Company Website"));
    assert_eq!(c.application.status, ApplicationStatus::Offer);
    assert_eq!(c.application.role, "Software Engineer II");
}

#[test]
fn linkedin_shape_leaves_out_the_users_own_email() {
    let sheet = read(&fixture("linkedin.csv")).unwrap();
    assert_eq!(field_of(&sheet, "Company Name"), Some(Field::Company));
    assert_eq!(field_of(&sheet, "Job Title"), Some(Field::Role));
    assert_eq!(field_of(&sheet, "Application Date"), Some(Field::Applied));
    assert_eq!(field_of(&sheet, "Job Url"), Some(Field::PostingUrl));
    assert_eq!(field_of(&sheet, "Contact Email"), Some(Field::Own));
    assert_eq!(field_of(&sheet, "Contact Phone Number"), Some(Field::Own));
    let first = &sheet.proposals[0];
    assert_eq!(first.applied, Some(date(2026, 11, 20)));
    assert_eq!(first.contact, None);
    let notes = first.application.notes.as_deref().unwrap();
    assert!(!notes.contains("jo.nakamura"), "{notes}");
    assert!(notes.contains("Resume Name: Jo_Nakamura_Resume.pdf"), "{notes}");
    assert_eq!(sheet.proposals[2].applied, Some(date(2026, 11, 2)));
}

#[test]
fn a_bad_row_names_its_line_column_and_fix() {
    let e = read(&fixture("bad-date.csv")).unwrap_err();
    assert_eq!(e.line, Some(3));
    assert_eq!(e.column.as_deref(), Some("Stage Date"));
    let text = e.to_string();
    assert!(text.starts_with("line 3, column \"Stage Date\": \"next Tuesday\" is not a date;"), "{text}");
    assert!(text.contains("2024-11-20"), "{text}");
}

#[test]
fn other_bad_rows() {
    let e = read(b"Company,Role,Status\nAcme,Engineer,maybe\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("Status")));
    let e = read(b"Company,Role\n,Engineer\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("Company")));
    let e = read(b"Company,Role,Contact Email\nAcme,Engineer,not-an-address\n").unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("Contact Email")));
    let e = read(b"Company,Title\nAcme,Engineer,extra\n").unwrap_err();
    assert_eq!(e.line, Some(2));
    let e = read(b"Name,Salary\nAcme,1\n").unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.to_string().contains("no heading names the company"), "{e}");
}
