//! Settings: the calendar feed's address (and rotating its secret), every
//! setting with its value and where it comes from (and changing one), and
//! the personal word list. And the feed itself, `/feed/SECRET.ics`.

use std::sync::Arc;

use afterview_app::{feed, messages};
use afterview_core::kinds::MessageKind;
use askama::Template;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect};

use super::{PageError, PageResult, csrf, html};
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
    /// A word list change refused, and what was typed.
    words_error: Option<String>,
    words_typed: String,
    /// On a server, the templates are not files.
    server: bool,
}

/// What a refused change of the page brings back.
#[derive(Default)]
struct Refused {
    /// A setting's: the problem, the key and the value typed.
    setting: Option<(String, String, String)>,
    /// The word list's: the problem and what was typed.
    words: Option<(String, String)>,
}

/// The page, with what a refused change brings back.
async fn show(web: &Arc<Web>, session: &Session, host: String, refused: Refused) -> PageResult {
    let error = refused.setting;
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
        words_error: refused.words.as_ref().map(|(e, _)| e.clone()),
        words_typed: refused.words.map(|(_, t)| t).unwrap_or_default(),
        server: web.server().is_some(),
    };
    if page.error.is_some() || page.words_error.is_some() { super::invalid(&page) } else { html(&page) }
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
    show(&web, &session, host(&headers), Refused::default()).await
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
        Err(e) => {
            let refused = Refused { setting: Some((e.to_string(), key, value)), ..Refused::default() };
            show(&web, &session, host(&headers), refused).await
        }
    }
}

/// `POST /settings/words`: `add` (words separated by spaces or commas) or
/// `remove` (one word), through the same use cases as `afterview words`.
pub async fn words(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let form = FormData::parse(&body);
    let typed = form.get("add").unwrap_or_default().to_owned();
    let add: Vec<String> = typed
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let remove = form.text("remove");
    let result = web
        .run(move |c| {
            let profile = c.profile()?;
            match remove {
                Some(w) => messages::remove_words(&profile, &[w]).map(drop),
                None if add.is_empty() => {
                    Err(afterview_app::Error::invalid_with_fix("add", "is empty", "type the words to add"))
                }
                None => messages::add_words(&profile, &add).map(drop),
            }
        })
        .await;
    match result {
        Ok(()) => Ok(Redirect::to("/settings#h-words").into_response()),
        Err(e) => {
            let refused = Refused { words: Some((e.to_string(), typed)), ..Refused::default() };
            show(&web, &session, host(&headers), refused).await
        }
    }
}

#[derive(Template)]
#[template(path = "template_edit.html")]
struct TemplatePage {
    csrf: String,
    nav: &'static str,
    kind: String,
    text: String,
    own: bool,
    error: Option<String>,
}

fn kind_of(kind: &str) -> Result<MessageKind, PageError> {
    kind.parse::<MessageKind>().map_err(|_| PageError {
        status: axum::http::StatusCode::NOT_FOUND,
        message: "there is no such kind of message; the settings page lists them".into(),
    })
}

/// `GET /settings/templates/KIND`: the user's own template of a kind, or
/// the built-in one to start from, in an editor.
pub async fn template(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(kind): Path<String>,
) -> PageResult {
    let kind = kind_of(&kind)?;
    let (text, own) = web.run(move |c| messages::template_text(&c.profile()?, kind)).await?;
    html(&TemplatePage {
        csrf: csrf(&session),
        nav: "settings",
        kind: kind.to_string(),
        text,
        own,
        error: None,
    })
}

/// `POST /settings/templates/KIND`: `action=save` with `text` (checked
/// whole first: one that would not render is shown again with its
/// problem), or `action=reset` (back to the built-in one).
pub async fn set_template(
    State(web): State<Arc<Web>>,
    Extension(session): Extension<Session>,
    Path(kind): Path<String>,
    body: Bytes,
) -> PageResult {
    let kind = kind_of(&kind)?;
    let form = FormData::parse(&body);
    let text = form.get("text").unwrap_or_default().replace("\r\n", "\n");
    let reset = form.get("action") == Some("reset");
    let given = text.clone();
    let result = web
        .run(move |c| messages::set_template(&c.profile()?, kind, (!reset).then_some(given.as_str())))
        .await;
    match result {
        Ok(()) => Ok(Redirect::to("/settings#h-templates").into_response()),
        Err(e @ afterview_app::Error::Invalid { .. }) => super::invalid(&TemplatePage {
            csrf: csrf(&session),
            nav: "settings",
            kind: kind.to_string(),
            text,
            own: false,
            error: Some(e.to_string()),
        }),
        Err(e) => Err(e.into()),
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
