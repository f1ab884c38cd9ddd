//! The health checks a process supervisor or a reverse proxy asks:
//! `/healthz` (the process answers) and `/readyz` (it can also open its
//! data and read it, so requests sent to it would be served). Both answer
//! without a session and show nothing of anyone's data: a word, and on
//! failure the reason's kind (busy, read only…), never a path or a record.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::Web;

/// `GET /healthz`: the process is up.
pub async fn live() -> Response {
    (StatusCode::OK, "ok\n").into_response()
}

/// `GET /readyz`: the data opens and a read succeeds; 503 when it does not.
pub async fn ready(State(web): State<Arc<Web>>) -> Response {
    match web.ready().await {
        Ok(_) => (StatusCode::OK, "ready\n").into_response(),
        Err(e) => {
            let why = match e.http_status() {
                503 => "busy",
                _ => "the data cannot be read",
            };
            (StatusCode::SERVICE_UNAVAILABLE, format!("not ready: {why}\n")).into_response()
        }
    }
}
