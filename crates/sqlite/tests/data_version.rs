//! `data_version` tells a handle that kept its connection open when any
//! other handle (another process, in life) committed, so a reader can keep
//! what it computed until then.

use afterview_core::model::Application;
use afterview_sqlite::SqliteStore;
use afterview_store::{Store, Tx};

#[test]
fn another_handles_commit_changes_the_data_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("afterview.db");
    let watch = SqliteStore::open(&path).unwrap();
    let mut writer = SqliteStore::open(&path).unwrap();
    let before = watch.data_version().unwrap();
    assert_eq!(watch.data_version().unwrap(), before, "nothing committed");
    writer.write(|tx| tx.add_application(&Application::new("Acme", "Dev"))).unwrap();
    let after = watch.data_version().unwrap();
    assert_ne!(after, before, "a commit elsewhere");
    assert_eq!(watch.data_version().unwrap(), after);
}
