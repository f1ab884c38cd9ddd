//! A panel's thank-you notes side by side: each interviewer's draft in its
//! own editor, all checked together (`messages::panel_notes`, which finds
//! notes too alike across the panel besides each note's own findings). As
//! they are typed, htmx posts them all and swaps each note's findings in
//! place (out of band, so no editor is replaced under the cursor); without
//! JavaScript the Check button renders the page again.

use std::sync::Arc;

use afterview_app::messages::{self, PanelNote};
use afterview_core::ids::ApplicationId;
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse};

use super::write::{FindingView, findings_view};
use super::{PageResult, csrf, html};
use crate::Web;
use crate::form::FormData;
use crate::security::Session;
use crate::view::{Piece, marked};

pub struct NoteView {
    pub index: usize,
    pub task: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub findings: Vec<FindingView>,
    pub pieces: Vec<Piece>,
}

/// Every note's findings, each swapped into its own place (htmx, out of band).
#[derive(Template)]
#[template(path = "panel_findings.html")]
struct PanelFindings {
    notes: Vec<NoteView>,
    oob: bool,
}

#[derive(Template)]
#[template(path = "panel.html")]
struct PanelPage {
    csrf: String,
    nav: &'static str,
    id: String,
    company: String,
    notes: Vec<NoteView>,
}

fn views(notes: Vec<PanelNote>) -> Vec<NoteView> {
    notes
        .into_iter()
        .enumerate()
        .map(|(index, n)| NoteView {
            index,
            task: n.task.to_string(),
            to: n.draft.context.to.name.clone(),
            subject: n.draft.subject.clone(),
            pieces: marked(&n.body, &n.findings),
            findings: findings_view(&n.findings),
            body: n.body,
        })
        .collect()
}

/// The notes as posted: each `task` with the `body` after it, in order.
fn typed(data: &FormData) -> Vec<(String, String)> {
    let tasks = data.all("task");
    let bodies = data.all("body");
    tasks.into_iter().zip(bodies).map(|(t, b)| (t.to_owned(), b.replace("\r\n", "\n"))).collect()
}

async fn notes(
    web: &Arc<Web>,
    id: &str,
    typed: Vec<(String, String)>,
) -> Result<(ApplicationId, String, Vec<NoteView>), afterview_app::Error> {
    let app: ApplicationId = id.parse().map_err(|e| afterview_app::Error::invalid("application", e))?;
    let (company, notes) = web
        .run(move |c| {
            let profile = c.profile()?;
            let notes = messages::panel_notes(&c.store, &profile, &c.settings, c.today, app, &typed)?;
            let company = notes.first().map(|n| n.draft.context.company.clone()).unwrap_or_default();
            Ok((company, notes))
        })
        .await?;
    Ok((app, company, views(notes)))
}

fn page(session: &Session, app: ApplicationId, company: String, notes: Vec<NoteView>) -> PageResult {
    html(&PanelPage { csrf: csrf(session), nav: "agenda", id: app.to_string(), company, notes })
}

/// `GET /applications/ID/thanks`: the panel's drafts, checked together.
pub async fn show(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
) -> PageResult {
    let (app, company, notes) = notes(&web, &id, Vec::new()).await?;
    page(&session, app, company, notes)
}

/// `POST /applications/ID/thanks` (the Check button, without JavaScript).
pub async fn check_page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    body: Bytes,
) -> PageResult {
    let (app, company, notes) = notes(&web, &id, typed(&FormData::parse(&body))).await?;
    page(&session, app, company, notes)
}

/// `POST /applications/ID/thanks/check` (htmx): every note's findings.
pub async fn check(State(web): State<Arc<Web>>, Path(id): Path<String>, body: Bytes) -> PageResult {
    let (_, _, notes) = notes(&web, &id, typed(&FormData::parse(&body))).await?;
    Ok(Html(PanelFindings { notes, oob: true }.render()?).into_response())
}
