//! The spreadsheet import as a use case: one transaction, a bad row
//! records nothing, a second import of the same file changes nothing.

use afterview_app::import::{RowPlan, csv_import, csv_preview};
use afterview_sqlite::SqliteStore;
use afterview_store::Store;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../core/tests/fixtures/csv/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_bad_row_records_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // The first row is good; the second is not: neither is recorded.
    let e = csv_import(&mut store, &fixture("bad-date.csv")).unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("line 3, column \"Stage Date\": "), "{text}");
    assert!(text.ends_with("nothing was recorded"), "{text}");
    assert_eq!(e.exit_code(), 2);
    assert_eq!(store.application_count().unwrap(), 0);
    assert!(store.people().unwrap().is_empty());
}

#[test]
fn imports_once_and_skips_what_is_recorded() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let bytes = fixture("reactive-resume.csv");
    let preview = csv_preview(&store, &bytes).unwrap();
    assert_eq!((preview.to_add(), preview.to_skip()), (3, 0));
    assert_eq!(store.application_count().unwrap(), 0, "a preview writes nothing");

    let done = csv_import(&mut store, &bytes).unwrap();
    assert_eq!((done.applications.len(), done.people.len(), done.skipped), (3, 2, 0));
    let first = store.application(done.applications[0]).unwrap().value;
    assert_eq!(first.company, "Brightwell Analytics");
    let on_first = store.involvements(Some(done.applications[0])).unwrap();
    assert_eq!(on_first.len(), 1);
    assert_eq!(store.person(on_first[0].person).unwrap().value.name, "Priya Raman");

    let again = csv_import(&mut store, &bytes).unwrap();
    assert_eq!((again.applications.len(), again.people.len(), again.skipped), (0, 0, 3));
    assert_eq!(store.application_count().unwrap(), 3);
    let preview = csv_preview(&store, &bytes).unwrap();
    assert!(
        matches!(&preview.rows[0], RowPlan::Skip { duplicate_of: Some(id), .. } if *id == done.applications[0])
    );
}

#[test]
fn a_contact_already_recorded_is_linked_not_added() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let one = b"Company,Role,Contact Name,Contact Email\nAcme,Engineer,Ann Lee,ann@acme.example\n";
    csv_import(&mut store, one).unwrap();
    let two = b"Company,Role,Contact Name,Contact Email\nAcme,Manager,Ann Lee,ANN@acme.example\nAcme,Lead,Ann,ann@acme.example\n";
    let done = csv_import(&mut store, two).unwrap();
    assert_eq!((done.applications.len(), done.people.len()), (2, 0));
    assert_eq!(store.people().unwrap().len(), 1);
}

#[test]
fn a_row_repeated_in_the_file_is_recorded_once() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let bytes = b"Company,Role\nAcme,Engineer\n acme , ENGINEER \nAcme,Manager\n";
    let preview = csv_preview(&store, bytes).unwrap();
    assert!(matches!(&preview.rows[1], RowPlan::Skip { duplicate_of: None, proposal } if proposal.line == 3));
    let done = csv_import(&mut store, bytes).unwrap();
    assert_eq!((done.applications.len(), done.skipped), (2, 1));
}
