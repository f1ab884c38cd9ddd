//! The files every page loads, embedded in the binary: nothing is fetched
//! from elsewhere, so the app works offline and the CSP can say 'self'.
//! htmx is the pinned release from the npm registry (`htmx.org`, see
//! `assets/htmx.LICENSE`); `app.js` only adds the copy button; `icon.svg`
//! is the tab's icon (named by every page, so no browser asks for a
//! `/favicon.ico` that is not there and logs the miss as an error).

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::Web;

/// The htmx release vendored in `assets/htmx.min.js`.
#[cfg(test)]
const HTMX_VERSION: &str = "2.0.11";

const HTMX: &[u8] = include_bytes!("../assets/htmx.min.js");
const STYLE: &[u8] = include_bytes!("../assets/style.css");
const APP: &[u8] = include_bytes!("../assets/app.js");
const ICON: &[u8] = include_bytes!("../assets/icon.svg");

fn asset(body: &'static [u8], kind: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
    r
}

pub fn routes() -> Router<Arc<Web>> {
    Router::new()
        .route("/assets/htmx.min.js", get(|| async { asset(HTMX, "text/javascript; charset=utf-8") }))
        .route("/assets/style.css", get(|| async { asset(STYLE, "text/css; charset=utf-8") }))
        .route("/assets/app.js", get(|| async { asset(APP, "text/javascript; charset=utf-8") }))
        .route("/assets/icon.svg", get(|| async { asset(ICON, "image/svg+xml") }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_vendored_htmx_is_the_pinned_release() {
        let text = std::str::from_utf8(super::HTMX).unwrap();
        assert!(text.contains(&format!("version:\"{}\"", super::HTMX_VERSION)));
    }
}
