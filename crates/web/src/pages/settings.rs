//! Settings: the calendar feed's address (and rotating its secret), every
//! setting with its value and where it comes from (and changing one), and
//! the personal word list. And the feed itself, `/feed/SECRET.ics`.

use std::sync::Arc;

use afterview_app::{feed, messages};
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect};

use super::{PageResult, csrf, html};
use crate::Web;
use crate::form::FormData;
use crate::security::{Session, token};

pub struct TemplateView {
    pub kind: String,
    pub source: String,
    pub problem: Option<String>,
}

pub struct SettingView {
    pub key: String,
    pub value: String,
    pub source: String,
    pub about: String,
}

#[derive(Template)]
#[template(path = "settings.html")]
struct SettingsPage {
    csrf: String,
    nav: &'static str,
    feed: String,
    webcal: String,
    settings: Vec<SettingView>,
    words: Vec<String>,
    templates: Vec<TemplateView>,
    error: Option<String>,
    key: String,
    value: String,
}

/// The page; `error` and the key and value typed, when a change was refused.
async fn show(
    web: &Arc<Web>,
    session: &Session,
    host: String,
    error: Option<(String, String, String)>,
) -> PageResult {
    let (secret, rows, (words, templates)) = web
        .run(|c| {
            let secret = feed::secret(&c.store)?.unwrap_or_default();
            let (_, rows) = c.config_list()?;
            let profile = c.profile()?;
            let words = messages::words(&profile)?;
            let templates = messages::check_templates(&profile)?
                .into_iter()
                .map(|t| TemplateView {
                    kind: t.kind.to_string(),
                    source: t.source.unwrap_or_else(|| "built in".to_owned()),
                    problem: t.problem,
                })
                .collect::<Vec<_>>();
            Ok((secret, rows, (words, templates)))
        })
        .await?;
    let settings = rows
        .into_iter()
        .map(|r| SettingView {
            key: r.key,
            value: r.value,
            source: r.source,
            about: r.about.unwrap_or_default(),
        })
        .collect();
    // On a server the feed's address names its account too (the secret
    // is then checked against that account's alone).
    let feed = match session.account.as_ref() {
        Some(a) => format!("/feed/{}-{secret}.ics", a.id.0),
        None => format!("/feed/{secret}.ics"),
    };
    let origin = web.security.origin(&host);
    let (error, key, value) = match error {
        Some((e, k, v)) => (Some(e), k, v),
        None => (None, String::new(), String::new()),
    };
    let page = SettingsPage {
        csrf: csrf(session),
        nav: "settings",
        webcal: format!("webcal://{}{feed}", host_of(&origin)),
        feed: format!("{origin}{feed}"),
        settings,
        words,
        templates,
        error,
        key,
        value,
    };
    if page.error.is_some() { super::invalid(&page) } else { html(&page) }
}

fn host(headers: &HeaderMap) -> String {
    // The guard let only this server's own Host through.
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_owned()
}

pub async fn page(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    headers: HeaderMap,
) -> PageResult {
    show(&web, &session, host(&headers), None).await
}

/// `POST /settings`: `key` and `value`, as `afterview config set` takes them.
pub async fn set(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    let key = form.text("key").unwrap_or_default();
    let value = form.get("value").unwrap_or_default().to_owned();
    let (k, v) = (key.clone(), value.clone());
    match web.run(move |c| c.config_set(&k, &v)).await {
        Ok(_) => Ok(Redirect::to("/settings").into_response()),
        Err(e) => show(&web, &session, host(&headers), Some((e.to_string(), key, value))).await,
    }
}

/// `POST /settings/feed`: a new secret; every old subscription stops.
pub async fn rotate_feed(State(web): State<Arc<Web>>) -> PageResult {
    web.run(|c| feed::rotate(&mut c.store, token())).await?;
    Ok(Redirect::to("/settings#feed").into_response())
}

/// `https://host` → `host`, for the `webcal://` form of the address.
fn host_of(origin: &str) -> &str {
    origin.split_once("://").map_or(origin, |(_, h)| h)
}

/// `GET /feed/SECRET.ics` (on a server `/feed/USER-SECRET.ics`): the live
/// calendar. It records what it served, so the next fetch can cancel the
/// events of tasks done since. A wrong secret, or an account that is not
/// there, is the same "not found".
pub async fn feed(State(web): State<Arc<Web>>, Path(file): Path<String>) -> PageResult {
    let name = file.strip_suffix(".ics").unwrap_or_default();
    let (user, secret) = match web.server() {
        None => (None, name.to_owned()),
        Some(_) => match name.split_once('-').and_then(|(u, s)| Some((u.parse::<i64>().ok()?, s))) {
            Some((u, s)) => (Some(afterview_store::UserId(u)), s.to_owned()),
            None => {
                return Err(
                    afterview_app::Error::not_found(afterview_app::Kind::Feed, "at that address").into()
                );
            }
        },
    };
    let export = web
        .run_as(user, move |c| {
            feed::calendar(&mut c.store, &c.settings, c.today, jiff::Timestamp::now(), &secret)
        })
        .await
        .map_err(|e| match e {
            // An account that is not there reads as a feed that is not.
            afterview_app::Error::NotFound { .. } => {
                afterview_app::Error::not_found(afterview_app::Kind::Feed, "at that address")
            }
            other => other,
        })?;
    let mut response = export.export.text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok(response)
}
