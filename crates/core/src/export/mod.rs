//! Exporters: pure writers that turn the record into the files the rest of
//! a job seeker's tools read. Each takes what the use case loaded (and
//! "today" where it matters) and gives text; nothing here reads the disk
//! or the clock. `csv` is the spreadsheet the importer reads back,
//! `snapshot` the whole data folder as one versioned JSON document, `vcard`
//! the people as contacts, `report` the proof of applications an
//! unemployment office asks for.

pub mod csv;
pub mod report;
pub mod snapshot;
pub mod vcard;
