//! Taking the data out through the browser, beside importing it
//! (`/import` shows both): the applications as a spreadsheet, everything
//! as a snapshot, the people as contacts for a phone, and the
//! proof-of-applications report, each through the same use case as
//! `afterview export`. Each answer is a download (`Content-Disposition:
//! attachment`). The downloads that change nothing are links (GET); the
//! contacts change the agenda (their "save the interviewers" tasks are
//! done), so they come from a button (POST).

use std::sync::Arc;

use afterview_app::{Error, export};
use afterview_core::export::report;
use afterview_core::values::parse_day_in;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::PageResult;
use crate::Web;
use crate::security::Session;

/// A file to save, named.
fn download(text: String, kind: &'static str, name: &str) -> Response {
    let mut response = text.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// `GET /export/applications.csv`: one row per application, in the
/// headings `afterview import csv` reads back.
pub async fn applications(State(web): State<Arc<Web>>) -> PageResult {
    let text = web.run(|c| export::applications_csv(&c.store, &c.settings, c.today)).await?;
    Ok(download(text, "text/csv; charset=utf-8", "afterview-applications.csv"))
}

/// `GET /export/snapshot.json`: everything in the data folder (it holds
/// the calendar feed's secret: the page says so).
pub async fn snapshot(State(web): State<Arc<Web>>) -> PageResult {
    let text = web.run(|c| c.snapshot()).await?;
    Ok(download(text, "application/json", "afterview-snapshot.json"))
}

/// `POST /export/contacts`: the people as vCard 3.0, and their "save the
/// interviewers to your contacts" tasks done.
pub async fn contacts(State(web): State<Arc<Web>>, Extension(_session): Extension<Session>) -> PageResult {
    let text = web
        .run(|c| {
            let e = export::contacts(&mut c.store, &c.settings, c.today)?;
            export::tick_saved(&mut c.store, c.today, &e.ticked)?;
            Ok(e.text)
        })
        .await?;
    Ok(download(text, "text/vcard; charset=utf-8", "afterview-people.vcf"))
}

#[derive(Deserialize)]
pub struct ReportQuery {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

/// `GET /export/report?from=DAY&to=DAY&format=html|csv`: the
/// proof-of-applications report of the period.
pub async fn report(State(web): State<Arc<Web>>, Query(q): Query<ReportQuery>) -> PageResult {
    let csv = match q.format.as_deref() {
        None | Some("" | "html") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(
                Error::invalid("format", format!("{other} is not a report format: use html or csv")).into()
            );
        }
    };
    let (from, to) = (q.from.unwrap_or_default(), q.to.unwrap_or_default());
    let r = web
        .run(move |c| {
            let order = c.settings.calendar.date_order;
            let day = |field: &str, v: &str| {
                if v.trim().is_empty() {
                    return Err(Error::invalid(field, "give the first and the last day of the period"));
                }
                parse_day_in(v.trim(), order).map_err(|e| Error::invalid(field, e))
            };
            let (from, to) = (day("from", &from)?, day("to", &to)?);
            export::report(&c.store, &c.settings, c.today, from, to)
        })
        .await?;
    // The HTML report is a file of its own, styled inline: opened from the
    // disk, it prints to PDF as it is (this server's pages allow no inline
    // style, so it is not shown as one of them).
    Ok(if csv {
        download(report::to_csv(&r), "text/csv; charset=utf-8", "afterview-report.csv")
    } else {
        download(report::to_html(&r), "text/html; charset=utf-8", "afterview-report.html")
    })
}
