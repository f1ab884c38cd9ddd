//! The export use cases over a store in memory: the snapshot taken and
//! restored (ids kept, refused over data, nothing left of a failed
//! restore), the contacts and their T9 tasks, and the report's period.

use afterview_app::export;
use afterview_app::setup::{self, Demo};
use afterview_app::snapshot;
use afterview_app::{Error, agenda};
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Settings;
use afterview_sqlite::SqliteStore;
use afterview_store::{OwnTemplate, Profile, Store};
use jiff::civil::{Date, date};

const TODAY: Date = date(2026, 11, 20);

struct Words(Vec<String>);

impl Profile for Words {
    fn words(&self) -> afterview_store::Result<Vec<String>> {
        Ok(self.0.clone())
    }
    fn add_words(&self, words: &[String]) -> afterview_store::Result<Vec<String>> {
        Ok(words.to_vec())
    }
    fn remove_words(&self, _: &[String]) -> afterview_store::Result<Vec<String>> {
        Ok(Vec::new())
    }
    fn template(&self, kind: MessageKind) -> afterview_store::Result<Option<OwnTemplate>> {
        Ok((kind == MessageKind::Connect)
            .then(|| OwnTemplate { source: "connect.txt".into(), text: "Hi {{ name }}".into() }))
    }
    fn set_template(&self, _: MessageKind, _: Option<&str>) -> afterview_store::Result<()> {
        Ok(())
    }
}

fn demo() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    setup::load_demo(&mut store, &Settings::default(), TODAY, Demo::Showcase).unwrap();
    store
}

#[test]
fn a_snapshot_restores_under_the_same_ids_and_exports_the_same_bytes() {
    let mut from = demo();
    // Remove one application so the ids have a gap a restore must keep.
    from.write(|tx| afterview_store::Tx::remove_application(tx, afterview_core::ids::ApplicationId(2)))
        .unwrap();
    agenda::export_ics(&mut from, &Settings::default(), TODAY, jiff::Timestamp::UNIX_EPOCH).unwrap();
    let profile = Words(vec!["Grafanix".into()]);
    let taken = snapshot::take(&from, &profile, Some("[user]\nname = \"Sam\"\n".into())).unwrap();
    assert!(taken.meta.contains_key("demo"));
    assert!(!taken.exported_events.is_empty());
    assert_eq!(taken.templates.len(), 1);
    let text = taken.to_json();

    let mut to = SqliteStore::open_in_memory().unwrap();
    let parsed = afterview_core::export::snapshot::parse(text.as_bytes()).unwrap();
    let done = snapshot::restore(&mut to, &parsed, || Ok(Vec::new())).unwrap();
    assert_eq!(done.applications, 7);
    let again = snapshot::take(&to, &profile, Some("[user]\nname = \"Sam\"\n".into())).unwrap();
    assert_eq!(again.to_json(), text);
    let ids: Vec<i64> = to.applications().unwrap().iter().map(|a| a.id.0).collect();
    assert!(!ids.contains(&2) && ids.contains(&8), "{ids:?}");

    // Into a store with anything in it: refused, nothing changed.
    let err = snapshot::restore(&mut to, &parsed, || Ok(Vec::new())).unwrap_err();
    assert!(matches!(err, Error::Refused { .. }), "{err:?}");
    assert!(err.to_string().contains("empty data folder only"), "{err}");
}

#[test]
fn a_restore_whose_files_fail_records_nothing() {
    let parsed = afterview_core::export::snapshot::parse(
        snapshot::take(&demo(), &Words(Vec::new()), None).unwrap().to_json().as_bytes(),
    )
    .unwrap();
    let mut to = SqliteStore::open_in_memory().unwrap();
    let err = snapshot::restore(&mut to, &parsed, || Err(Error::refused("the disk is full"))).unwrap_err();
    assert!(err.to_string().contains("the disk is full"), "{err}");
    assert_eq!(to.application_count().unwrap(), 0);
    assert!(to.meta("demo").unwrap().is_none());
}

#[test]
fn exporting_contacts_does_the_save_contacts_tasks_once() {
    let mut store = demo();
    let settings = Settings::default();
    let first = export::contacts(&mut store, &settings, TODAY).unwrap();
    assert_eq!(first.people, store.people().unwrap().len());
    assert!(!first.ticked.is_empty(), "the showcase has interviews just held");
    assert!(first.ticked.iter().all(|t| t.task.as_str().starts_with("save-contacts:")));
    let folder = store.meta(export::FOLDER_ID_KEY).unwrap().unwrap();
    assert_eq!(folder.len(), 32);
    assert!(first.text.contains(&format!("UID:afterview-{folder}-p1\r\n")));
    export::tick_saved(&mut store, TODAY, &first.ticked).unwrap();
    let second = export::contacts(&mut store, &settings, TODAY).unwrap();
    assert!(second.ticked.is_empty(), "done tasks are not planned again: {:?}", second.ticked);
    assert_eq!(second.text, first.text, "the same UIDs");
}

#[test]
fn a_report_needs_its_start_before_its_end() {
    let store = demo();
    let settings = Settings::default();
    let err = export::report(&store, &settings, TODAY, date(2026, 11, 30), date(2026, 11, 1)).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().starts_with("from: 2026-11-30 is after the end of the period"), "{err}");
    let r = export::report(&store, &settings, TODAY, date(2026, 10, 1), TODAY).unwrap();
    assert!(!r.entries.is_empty());
}

/// Regression (a newcomer's find): a period reaching past today listed an
/// interview still to come as done, in a document meant as proof.
#[test]
fn a_report_ends_today() {
    let store = demo();
    let settings = Settings::default();
    let later = TODAY.saturating_add(jiff::ToSpan::days(60));
    let r = export::report(&store, &settings, TODAY, date(2026, 10, 1), later).unwrap();
    assert_eq!(r.to, TODAY);
    let future = r.entries.iter().flat_map(|e| &e.activities).filter(|a| a.date > TODAY).count();
    assert_eq!(future, 0, "nothing after today");
    let err = export::report(&store, &settings, TODAY, later, later).unwrap_err();
    assert!(err.to_string().contains("is after today"), "{err}");
}

#[test]
fn the_csv_has_a_row_per_application() {
    let store = demo();
    let text = export::applications_csv(&store, &Settings::default(), TODAY).unwrap();
    let sheet = afterview_core::import::csv::read(text.as_bytes()).unwrap();
    assert_eq!(sheet.proposals.len() as u64, store.application_count().unwrap());
}
