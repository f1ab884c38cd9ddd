//! Bringing a file in through the browser: `/import` takes a file (picked,
//! or dropped on the field: a spreadsheet, an interview invitation, saved
//! emails), shows what it would record, and records it
//! only when its button is pressed, through the same use cases as
//! `afterview import`. The file waits on the server between the two steps
//! (for this session or account only, for half an hour at most: in memory
//! for the local app, in the database on a server, where another process
//! may get the next request), so the preview and the import read the same
//! bytes.
//!
//! A multipart upload cannot carry the CSRF token as an ordinary field the
//! guard can read before the body is parsed, so the form's address carries
//! it (`/import?csrf=…`); the guard accepts it there for this one path.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use afterview_app::Error;
use afterview_app::import::email::{self as mail, Action};
use afterview_app::import::{self, InviteAction, InviteFile, InviteOptions, RowPlan};
use afterview_core::calendar::short_day;
use afterview_core::import::invite;
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
    /// A calendar invitation (`.ics`, or an `.eml` that carries one).
    Invite,
    /// Saved emails (`.eml`, `.mbox`).
    Mail,
}

impl Kind {
    /// The word a server keeps it under.
    fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Invite => "invite",
            Self::Mail => "mail",
        }
    }

    fn parse(word: &str) -> Option<Self> {
        [Self::Csv, Self::Invite, Self::Mail].into_iter().find(|k| k.as_str() == word)
    }

    /// By the name's ending; an `.eml` that carries a calendar invitation
    /// is the invitation (the interview is what it records).
    fn of(name: &str, bytes: &[u8], zone: &jiff::tz::TimeZone) -> Result<Self, Error> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".tsv") || lower.ends_with(".txt") {
            return Ok(Self::Csv);
        }
        if lower.ends_with(".ics") {
            return Ok(Self::Invite);
        }
        if lower.ends_with(".eml") {
            let options = invite::Options { time_zone: None, user_zone: zone.clone() };
            let holds_invite = invite::read(bytes, &options).is_ok_and(|found| !found.is_empty());
            return Ok(if holds_invite { Self::Invite } else { Self::Mail });
        }
        if lower.ends_with(".mbox") {
            return Ok(Self::Mail);
        }
        Err(Error::invalid(
            "file",
            format!(
                "{name} is not a kind of file afterview reads here: give a spreadsheet saved as CSV \
                 (.csv), a calendar invitation (.ics), or saved emails (.eml, .mbox)"
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
    fn keep(&self, id: String, upload: Upload) -> String {
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

/// Keeps a previewed file until its button is pressed: in this process's
/// memory locally, the account's own row on a server.
fn keep(web: &Web, c: &crate::Ctx, id: String, up: Upload) -> Result<String, Error> {
    let Some((server, user)) = c.server_user() else {
        return Ok(web.uploads.keep(id, up));
    };
    let kept =
        afterview_postgres::Upload { name: up.name, kind: up.kind.as_str().to_owned(), bytes: up.bytes };
    let keep_for = jiff::SignedDuration::try_from(KEPT_FOR).unwrap_or(jiff::SignedDuration::from_hours(1));
    server.pool.keep_upload(user, &id, &kept, jiff::Timestamp::now(), keep_for, KEPT_AT_MOST)?;
    Ok(id)
}

/// The file previewed as `id`, taken out; `None` when it is not (or no
/// longer) there for this session or account.
fn take(web: &Web, c: &crate::Ctx, id: &str, session: &str) -> Result<Option<Upload>, Error> {
    let Some((server, user)) = c.server_user() else {
        return Ok(web.uploads.take(id, session));
    };
    let keep_for = jiff::SignedDuration::try_from(KEPT_FOR).unwrap_or(jiff::SignedDuration::from_hours(1));
    let since = jiff::Timestamp::now() - keep_for;
    let Some(kept) = server.pool.take_upload(user, id, since)? else { return Ok(None) };
    let Some(kind) = Kind::parse(&kept.kind) else { return Ok(None) };
    Ok(Some(Upload {
        session: session.to_owned(),
        name: kept.name,
        kind,
        bytes: kept.bytes,
        at: Instant::now(),
    }))
}

/// An upload whose import failed, kept again for another try.
fn put_back(web: &Web, c: &crate::Ctx, id: String, up: Upload) -> Result<(), Error> {
    if c.server_user().is_none() {
        web.uploads.put_back(id, up);
        return Ok(());
    }
    keep(web, c, id, up).map(drop)
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

/// The upload as the invite importer takes it.
fn invite_files(up: &Upload) -> [InviteFile; 1] {
    [InviteFile { name: up.name.clone(), bytes: up.bytes.clone() }]
}

const NO_OPTIONS: InviteOptions = InviteOptions { application: None, time_zone: None };

/// What a file would record, from the store as it is now.
fn preview_of(c: &crate::Ctx, id: String, up: &Upload) -> Result<Preview, Error> {
    let (store, settings, today) = (&c.store, &c.settings, c.today);
    match up.kind {
        Kind::Invite => {
            let plan = import::invite_preview(store, &invite_files(up), &NO_OPTIONS, settings, today)?;
            let mut notes = Vec::new();
            let rows = plan
                .invites
                .iter()
                .map(|i| {
                    let action = match &i.action {
                        InviteAction::Add => "add".to_owned(),
                        InviteAction::Move { from, .. } => {
                            format!("move from {} {}", short_day(from.date()), from.strftime("%H:%M"))
                        }
                        InviteAction::Cancel { .. } => "cancel: remove the interview".to_owned(),
                        InviteAction::AlreadyRecorded { .. } => "already recorded".to_owned(),
                        InviteAction::AlreadyCancelled => "cancelled before".to_owned(),
                        InviteAction::NotRecorded => "a cancellation of nothing recorded".to_owned(),
                        InviteAction::Superseded { .. } => "a later file changes it".to_owned(),
                    };
                    notes.push(format!("{}: {}", i.company, i.matched_by));
                    notes.extend(i.notes.iter().cloned());
                    let people: Vec<String> = i
                        .people
                        .iter()
                        .map(|p| format!("{} ({})", p.name, p.part.as_str().replace('-', " ")))
                        .collect();
                    Row {
                        cells: vec![
                            action,
                            format!("{} {}", short_day(i.start.date()), i.start.strftime("%H:%M %Z")),
                            format!(
                                "{} {}",
                                short_day(i.start_yours.date()),
                                i.start_yours.strftime("%H:%M")
                            ),
                            format!("{} ({} min)", i.stage, i.duration_minutes),
                            format!("{}, {}", i.company, i.role),
                            people.join(", "),
                            i.location.clone().unwrap_or_else(|| "–".into()),
                        ],
                        skip: !i.action.changes(),
                    }
                })
                .collect();
            let changes = plan.changes();
            Ok(Preview {
                id,
                name: up.name.clone(),
                notes,
                mapping: Vec::new(),
                heads: vec!["Do", "When", "Your time", "Stage", "Application", "People", "Where"],
                rows,
                more: 0,
                summary: format!(
                    "{}, {} new application{} and {} new {}.",
                    plural(changes, "change", "changes"),
                    plan.new_applications.len(),
                    if plan.new_applications.len() == 1 { "" } else { "s" },
                    plan.new_people.len(),
                    if plan.new_people.len() == 1 { "person" } else { "people" },
                ),
                record: (changes > 0).then(|| format!("Record {}", plural(changes, "change", "changes"))),
            })
        }
        Kind::Mail => {
            let mails = mail::read_mails(&up.bytes[..], c.zone(), None)?;
            let plan = mail::email_preview(store, &mails, settings, today, None)?;
            let mut notes: Vec<String> = plan.note.iter().cloned().collect();
            notes.extend(plan.replans.iter().map(|r| format!("{}: {}", r.company, r.change)));
            let rows = plan
                .messages
                .iter()
                .take(FIRST_ROWS)
                .map(|m| {
                    let action = match &m.action {
                        Action::Log { company, outcome, .. } => match outcome {
                            Some(o) => format!("log on {company}, and record the {}", o.kind),
                            None => format!("log on {company}"),
                        },
                        Action::Already { .. } => "already recorded".to_owned(),
                        Action::Unmatched { reason } => format!("not matched: {reason}"),
                        Action::Skip { reason } => format!("left out: {reason}"),
                    };
                    let (kind, why) = m.classified.as_ref().map_or(("–".to_owned(), String::new()), |k| {
                        (k.kind.as_str().to_owned(), k.reason.clone())
                    });
                    Row {
                        cells: vec![
                            m.date.map(short_day).unwrap_or_else(|| "–".into()),
                            m.from.as_ref().map(|a| a.email.clone()).unwrap_or_else(|| "–".into()),
                            m.subject.clone().unwrap_or_default(),
                            kind,
                            why,
                            action,
                        ],
                        skip: !matches!(m.action, Action::Log { .. }),
                    }
                })
                .collect();
            let log = plan.to_log();
            Ok(Preview {
                id,
                name: up.name.clone(),
                notes,
                mapping: Vec::new(),
                heads: vec!["Day", "From", "Subject", "Kind", "Why", "Do"],
                rows,
                more: plan.messages.len().saturating_sub(FIRST_ROWS),
                summary: format!(
                    "{} to log, {} not matched to an application (record the person with their email, then import again).",
                    plural(log, "message", "messages"),
                    plan.unmatched()
                ),
                record: (log > 0).then(|| format!("Record {}", plural(log, "message", "messages"))),
            })
        }
        Kind::Csv => {
            let p = import::csv_preview(store, &up.bytes)?;
            let mapping = p.columns.iter().map(|c| (c.heading.clone(), c.goes_to())).collect();
            let rows = p
                .rows
                .iter()
                .take(FIRST_ROWS)
                .map(|r| Row {
                    cells: r.cells().into_iter().map(|c| if c.is_empty() { "–".into() } else { c }).collect(),
                    skip: matches!(r, RowPlan::Skip { .. }),
                })
                .collect();
            let mut notes = Vec::new();
            if p.latin1 {
                notes.push(import::CsvPreview::LATIN1_NOTE.to_owned());
            }
            let add = p.to_add();
            Ok(Preview {
                id,
                name: up.name.clone(),
                notes,
                mapping,
                heads: RowPlan::HEADINGS.to_vec(),
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
    let id = token();
    let session_key = session.csrf.clone();
    let w = Arc::clone(&web);
    let (result, name) = web
        .run(move |c| {
            let kind = match Kind::of(&name, &bytes, &c.zone()) {
                Ok(k) => k,
                Err(e) => return Ok((Err(e), None)),
            };
            let up = Upload { session: session_key, name, kind, bytes, at: Instant::now() };
            let name = up.name.clone();
            let r = preview_of(c, id.clone(), &up);
            if r.is_ok() {
                keep(&w, c, id, up)?;
            }
            Ok((r, Some(name)))
        })
        .await?;
    let Some(name) = name else {
        return refused(&session, result.err().map(|e| e.to_string()).unwrap_or_default());
    };
    match result {
        Ok(preview) => html(&page(&session, None, Some(preview))),
        Err(e) => refused(&session, format!("{name} cannot be imported: {e}. Nothing was recorded.")),
    }
}

/// `POST /import/ID`: the previewed file, recorded in one transaction.
pub async fn record(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let (w, csrf) = (Arc::clone(&web), session.csrf.clone());
    let done = web
        .run(move |c| {
            let Some(up) = take(&w, c, &id, &csrf)? else { return Ok(None) };
            let (settings, today) = (&c.settings, c.today);
            let r = match up.kind {
                Kind::Invite => {
                    import::invite_import(&mut c.store, &invite_files(&up), &NO_OPTIONS, settings, today).map(
                        |done| {
                            format!(
                                "Recorded from {}: {} interview{} added, {} moved, {} cancelled.",
                                up.name,
                                done.added.len(),
                                if done.added.len() == 1 { "" } else { "s" },
                                done.moved.len(),
                                done.cancelled.len()
                            )
                        },
                    )
                }
                Kind::Mail => mail::read_mails(&up.bytes[..], c.zone(), None).and_then(|mails| {
                    mail::email_import(&mut c.store, &mails, settings, today, None).map(|done| {
                        format!(
                            "Logged {} and {} from {}.",
                            plural(done.messages.len(), "message", "messages"),
                            plural(done.outcomes.len(), "outcome", "outcomes"),
                            up.name
                        )
                    })
                }),
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
            // A failed import keeps the file for another try.
            let r = match r {
                Ok(text) => Ok(text),
                Err(e) => {
                    let failed = format!("{} cannot be imported: {e}. Nothing was recorded.", up.name);
                    put_back(&w, c, id, up)?;
                    Err(failed)
                }
            };
            Ok(Some(r))
        })
        .await?;
    match done {
        None => invalid(&page(
            &session,
            Some("That preview has expired (a file waits half an hour). Choose the file again.".into()),
            None,
        )),
        Some(Ok(text)) => {
            web.notify(&session.csrf, "/applications", text);
            Ok(Redirect::to("/applications").into_response())
        }
        Some(Err(failed)) => invalid(&page(&session, Some(failed), None)),
    }
}
