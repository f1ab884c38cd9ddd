//! Bringing a file in through the browser: `/import` takes a file (picked,
//! or dropped on the field), shows what it would record, and records it
//! only when its button is pressed, through the same use cases as
//! `afterview import`. The file waits on the server between the two steps
//! (in memory, for this session only, for half an hour at most), so the
//! preview and the import read the same bytes.
//!
//! A multipart upload cannot carry the CSRF token as an ordinary field the
//! guard can read before the body is parsed, so the form's address carries
//! it (`/import?csrf=…`); the guard accepts it there for this one path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use afterview_app::Error;
use afterview_app::import::{self, RowPlan};
use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect};

use super::{PageResult, csrf, html, invalid};
use crate::Web;
use crate::security::{Session, token};

/// The largest file taken (a year of a busy inbox's exported mail is more;
/// the command line takes any size).
pub const UPLOAD_LIMIT: usize = 25 << 20;

/// How long a previewed file waits for its button.
const KEPT_FOR: Duration = Duration::from_secs(30 * 60);

/// How many files wait at once, over every session.
const KEPT_AT_MOST: usize = 8;

/// How many rows the preview shows.
const FIRST_ROWS: usize = 20;

/// What kind of file it is, by its name's ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
}

impl Kind {
    fn of(name: &str) -> Result<Self, Error> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
            return Ok(Self::Csv);
        }
        Err(Error::invalid(
            "file",
            format!(
                "{name} is not a kind of file afterview reads here: give a spreadsheet saved as CSV \
                 (.csv), or use `afterview import` on the command line"
            ),
        ))
    }
}

/// A file waiting between its preview and its import.
#[derive(Debug)]
pub struct Upload {
    session: String,
    name: String,
    kind: Kind,
    bytes: Vec<u8>,
    at: Instant,
}

/// The files waiting, by a random id.
#[derive(Debug, Default)]
pub struct Uploads(Mutex<HashMap<String, Upload>>);

impl Uploads {
    fn keep(&self, upload: Upload) -> String {
        let id = token();
        let mut m = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        m.retain(|_, u| u.at.elapsed() < KEPT_FOR);
        while m.len() >= KEPT_AT_MOST {
            let Some(oldest) = m.iter().min_by_key(|(_, u)| u.at).map(|(k, _)| k.clone()) else { break };
            m.remove(&oldest);
        }
        m.insert(id.clone(), upload);
        id
    }

    /// The session's file by its id, taken out (an import uses it once).
    fn take(&self, id: &str, session: &str) -> Option<Upload> {
        let mut m = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let ok = m.get(id).is_some_and(|u| u.session == session && u.at.elapsed() < KEPT_FOR);
        if ok { m.remove(id) } else { None }
    }

    fn put_back(&self, id: String, upload: Upload) {
        let mut m = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        m.insert(id, upload);
    }
}

/// A row of a preview table, as text.
struct Row {
    cells: Vec<String>,
    skip: bool,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    csrf: String,
    once: String,
    nav: &'static str,
    error: Option<String>,
    preview: Option<Preview>,
}

struct Preview {
    id: String,
    name: String,
    notes: Vec<String>,
    mapping: Vec<(String, String)>,
    heads: Vec<&'static str>,
    rows: Vec<Row>,
    more: usize,
    summary: String,
    /// The button's words; `None` when there is nothing to record.
    record: Option<String>,
}

fn page(session: &Session, error: Option<String>, preview: Option<Preview>) -> ImportPage {
    ImportPage { csrf: csrf(session), once: token(), nav: "import", error, preview }
}

/// `GET /import`: the file field.
pub async fn form(Extension(session): Extension<Session>) -> PageResult {
    html(&page(&session, None, None))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a file would record, from the store as it is now.
fn preview_of(store: &impl afterview_store::Store, id: String, up: &Upload) -> Result<Preview, Error> {
    match up.kind {
        Kind::Csv => {
            let p = import::csv_preview(store, &up.bytes)?;
            let mapping = p
                .columns
                .iter()
                .map(|c| {
                    let to = c.field.map_or_else(|| "kept in the notes".to_owned(), |f| f.to_string());
                    (c.heading.clone(), to)
                })
                .collect();
            let rows = p
                .rows
                .iter()
                .take(FIRST_ROWS)
                .map(|r| {
                    let pr = r.proposal();
                    let a = &pr.application;
                    let action = match r {
                        RowPlan::Add { .. } => "add".to_owned(),
                        RowPlan::Skip { duplicate_of: Some(id), .. } => format!("skip: already {id}"),
                        RowPlan::Skip { duplicate_of: None, .. } => "skip: an earlier row".to_owned(),
                    };
                    let dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_else(|| "–".into());
                    Row {
                        cells: vec![
                            pr.line.to_string(),
                            action,
                            a.company.clone(),
                            a.role.clone(),
                            a.status.to_string(),
                            dash(pr.applied.map(|d| d.to_string())),
                            dash(pr.contact.as_ref().map(|c| c.name.clone())),
                        ],
                        skip: matches!(r, RowPlan::Skip { .. }),
                    }
                })
                .collect();
            let mut notes = Vec::new();
            if p.latin1 {
                notes.push("The file is not UTF-8; it was read as Windows-1252 (Latin-1).".to_owned());
            }
            let add = p.to_add();
            Ok(Preview {
                id,
                name: up.name.clone(),
                notes,
                mapping,
                heads: vec!["Line", "Do", "Company", "Role", "Status", "Applied", "Contact"],
                more: p.rows.len().saturating_sub(FIRST_ROWS),
                rows,
                summary: format!(
                    "{} to add, {} already recorded (skipped).",
                    add,
                    plural(p.to_skip(), "row", "rows")
                ),
                record: (add > 0).then(|| format!("Record {}", plural(add, "application", "applications"))),
            })
        }
    }
}

/// `POST /import` (multipart): the file, kept, and what it would record.
pub async fn upload(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    mut multipart: Multipart,
) -> PageResult {
    let refused = |session: &Session, e: String| invalid(&page(session, Some(e), None));
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) => return refused(&session, format!("The file could not be read: {e}.")),
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) => return refused(&session, format!("The upload could not be read: {e}.")),
        }
    }
    let Some((name, bytes)) = file.filter(|(name, _)| !name.is_empty()) else {
        return refused(&session, "Choose a file first (or drop one on the field).".into());
    };
    if bytes.is_empty() {
        return refused(&session, format!("{name} is empty."));
    }
    let kind = match Kind::of(&name) {
        Ok(k) => k,
        Err(e) => return refused(&session, e.to_string()),
    };
    let up = Upload { session: session.csrf.clone(), name: name.clone(), kind, bytes, at: Instant::now() };
    let id = token();
    let (result, up) = web
        .run(move |c| {
            let r = preview_of(&c.store, id, &up);
            Ok((r, up))
        })
        .await?;
    match result {
        Ok(mut preview) => {
            preview.id = web.uploads.keep(up);
            html(&page(&session, None, Some(preview)))
        }
        Err(e) => refused(&session, format!("{name} cannot be imported: {e}. Nothing was recorded.")),
    }
}

/// `POST /import/ID`: the previewed file, recorded in one transaction.
pub async fn record(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let Some(up) = web.uploads.take(&id, &session.csrf) else {
        return invalid(&page(
            &session,
            Some("That preview has expired (a file waits half an hour). Choose the file again.".into()),
            None,
        ));
    };
    let (result, up) = web
        .run(move |c| {
            let r = match up.kind {
                Kind::Csv => import::csv_import(&mut c.store, &up.bytes).map(|done| {
                    let mut text = format!(
                        "Recorded {} and {} from {}",
                        plural(done.applications.len(), "application", "applications"),
                        plural(done.people.len(), "new contact", "new contacts"),
                        up.name
                    );
                    if done.skipped > 0 {
                        text.push_str(&format!("; skipped {} already recorded", done.skipped));
                    }
                    text + "."
                }),
            };
            Ok((r, up))
        })
        .await?;
    match result {
        Ok(text) => {
            web.notify(&session.csrf, "/applications", text);
            Ok(Redirect::to("/applications").into_response())
        }
        Err(e) => {
            let name = up.name.clone();
            web.uploads.put_back(id, up);
            invalid(&page(
                &session,
                Some(format!("{name} cannot be imported: {e}. Nothing was recorded.")),
                None,
            ))
        }
    }
}
