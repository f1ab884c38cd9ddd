//! The write page: a task's first draft in an editor, checked as it is
//! typed (htmx) or on "Check" (without JavaScript), each finding listed
//! with its severity as a word and a colour and its excerpt marked in
//! place; then copy, open in the mail program, download as .eml, or "I
//! sent it", which logs the message and ticks the task off.

use std::sync::Arc;

use afterview_app::messages::{self, CheckRequest, DraftTarget, Drafted};
use afterview_core::check::Finding;
use afterview_core::draft::mail;
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect};

use super::{PageResult, csrf, html};
use crate::Web;
use crate::form::FormData;
use crate::security::{Session, token};
use crate::view::{Piece, marked};

pub struct FindingView {
    pub severity: &'static str,
    pub code: String,
    pub excerpt: String,
    pub message: String,
    pub place: String,
}

pub(super) fn findings_view(findings: &[Finding]) -> Vec<FindingView> {
    findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.as_str(),
            code: f.code.to_string(),
            excerpt: f.excerpt.clone(),
            message: f.message.clone(),
            place: format!("line {}, column {}", f.line, f.column),
        })
        .collect()
}

/// The findings panel: the list, the note with the excerpts marked, and
/// the mailto link for the text as it now stands.
#[derive(Template)]
#[template(path = "findings.html")]
struct Findings {
    findings: Vec<FindingView>,
    pieces: Vec<Piece>,
    mailto: Option<String>,
}

#[derive(Template)]
#[template(path = "write.html")]
struct WritePage {
    csrf: String,
    /// This drawing of the page: logging it twice logs one message.
    once: String,
    nav: &'static str,
    task: String,
    kind: String,
    to: String,
    company: String,
    subject: String,
    body: String,
    panel: Findings,
}

/// The draft of a task, and the findings for the text as typed (the
/// draft's own when nothing was typed).
async fn draft_and_check(
    web: &Arc<Web>,
    task: String,
    typed: Option<String>,
) -> Result<(Drafted, String, Vec<Finding>), afterview_app::Error> {
    web.run(move |c| {
        let profile = c.profile()?;
        let d = messages::draft(&c.store, &profile, &c.settings, c.today, DraftTarget::Task(task.clone()))?;
        let Some(text) = typed else {
            let (body, findings) = (d.body.clone(), d.findings.clone());
            return Ok((d, body, findings));
        };
        let application = task.parse::<afterview_core::plan::TaskId>().ok().and_then(|t| t.application());
        let req = CheckRequest {
            kind: Some(d.kind),
            to: vec![d.context.to.name.clone()],
            application,
            ..CheckRequest::default()
        };
        let findings = messages::check_notes(Some(&c.store), &profile, &c.settings, &[&text], req)?
            .into_iter()
            .next()
            .unwrap_or_default();
        Ok((d, text, findings))
    })
    .await
}

fn panel(d: &Drafted, subject: &str, body: &str, findings: &[Finding]) -> Findings {
    Findings {
        findings: findings_view(findings),
        pieces: marked(body, findings),
        mailto: d.context.to.email.as_deref().map(|e| mail::mailto(e, subject, body)),
    }
}

pub async fn page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(task): Path<String>,
) -> PageResult {
    let (d, body, findings) = draft_and_check(&web, task.clone(), None).await?;
    let subject = d.subject.clone();
    write_page(&session, task, &d, subject, body, &findings)
}

/// `POST /write/TASK/check` (htmx): the findings panel for the text as typed.
pub async fn check(State(web): State<Arc<Web>>, Path(task): Path<String>, body: Bytes) -> PageResult {
    let form = FormData::parse(&body);
    let text = form.get("body").unwrap_or_default().replace("\r\n", "\n");
    let subject = form.get("subject").unwrap_or_default().to_owned();
    let (d, text, findings) = draft_and_check(&web, task, Some(text)).await?;
    Ok(Html(panel(&d, &subject, &text, &findings).render()?).into_response())
}

/// `POST /write/TASK`: the form's buttons: `check` (the page again, with
/// the findings for the text as typed), `eml` (the text as a message file
/// to open in a mail program), `sent` (log it; the task is done).
pub async fn act(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(task): Path<String>,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    // From the panel page every note comes along, each after its task:
    // this task's is the one to finish, so nothing typed there is lost.
    let at = form.all("task").iter().position(|t| *t == task).unwrap_or(0);
    let nth = |name: &str| form.all(name).get(at).copied().unwrap_or_default().to_owned();
    let text = nth("body").replace("\r\n", "\n");
    let subject = nth("subject");
    match form.get("action") {
        Some("sent") => {
            let t = task.clone();
            let (s, b) = (Some(subject.clone()), Some(text.clone()));
            match web.run(move |c| messages::log_sent(&mut c.store, &c.settings, c.today, &t, s, b)).await {
                Ok(_) => Ok(Redirect::to("/").into_response()),
                Err(e) if gone(&e) => kept(&web, &session, &task, subject, text, e).await,
                Err(e) => Err(e.into()),
            }
        }
        Some("eml") => {
            let (d, _, _) = draft_and_check(&web, task.clone(), None).await?;
            let eml = mail::eml(&d.context, &subject, &text, &jiff::Zoned::now());
            let mut response = eml.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("message/rfc822"));
            let name = format!(
                "attachment; filename=\"{}.eml\"",
                task.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-")
            );
            if let Ok(v) = HeaderValue::from_str(&name) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(response)
        }
        _ => match draft_and_check(&web, task.clone(), Some(text.clone())).await {
            Ok((d, text, findings)) => write_page(&session, task, &d, subject, text, &findings),
            Err(e) if gone(&e) => kept(&web, &session, &task, subject, text, e).await,
            Err(e) => Err(e.into()),
        },
    }
}

/// Whether the task itself is no longer on the agenda (done or skipped in
/// another window, or its interview changed meanwhile).
fn gone(e: &afterview_app::Error) -> bool {
    matches!(e, afterview_app::Error::NotFound { kind: afterview_app::Kind::Task, .. })
}

/// Regression (issue 9 leftover): a note typed for a task that left the
/// agenda meanwhile was lost behind a "not found" page. It comes back in
/// the form that records a message you sent, filled in, with why.
async fn kept(
    web: &Arc<Web>,
    session: &Session,
    task: &str,
    subject: String,
    text: String,
    e: afterview_app::Error,
) -> PageResult {
    let id = task.parse::<afterview_core::plan::TaskId>().ok();
    let Some(app) = id.as_ref().and_then(|t| t.application()) else { return Err(e.into()) };
    // The application may be gone too: then there is nowhere to keep it.
    let people = super::record::people(web, app).await?;
    let today = web.run(|c| Ok(crate::view::iso(c.today))).await?;
    let mut form = super::record::message_form(&app.to_string(), &today, people);
    form.title = "That task is no longer on your agenda".into();
    form.intro = Some(
        "It was done or skipped already, perhaps in another window. Your note is kept below: \
         save it as a message you sent, or copy it."
            .into(),
    );
    let kind = id.and_then(|t| t.kind().as_str().parse::<afterview_core::kinds::MessageKind>().ok());
    let pairs = [
        ("direction", "out".to_owned()),
        ("kind", kind.map_or_else(|| "other".to_owned(), |k| k.to_string())),
        ("subject", subject),
        ("body", text),
    ];
    form.fill(&FormData::from_pairs(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    super::record::show(session, form, None)
}

/// The write page of a task: the note as given, its findings marked.
fn write_page(
    session: &Session,
    task: String,
    d: &messages::Drafted,
    subject: String,
    body: String,
    findings: &[Finding],
) -> PageResult {
    let panel = panel(d, &subject, &body, findings);
    html(&WritePage {
        csrf: csrf(session),
        once: token(),
        nav: "agenda",
        kind: d.kind.to_string().replace('-', " "),
        to: d.context.to.name.clone(),
        company: d.context.company.clone(),
        subject,
        body,
        task,
        panel,
    })
}
