//! One line per request on standard error, for whoever runs the server:
//! the method, the path, the status and how long it took. Never a message
//! body, a password, a token or the feed's secret: the query (a sign-in
//! token, an upload's CSRF token, a report's days) is left out, and the
//! secret in the path of the feed or of a link (an invitation, a reset) is
//! replaced. `AFTERVIEW_LOG` sets how much is
//! written: `off`, `error`, `warn`, `info` (each request; the default) or
//! `debug`.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tracing::level_filters::LevelFilter;

/// The environment variable that sets the log's level.
pub const LEVEL_VAR: &str = "AFTERVIEW_LOG";

/// Starts the log on standard error at the level `AFTERVIEW_LOG` names
/// (an unknown one is said, and `info` used). Once per process; a second
/// call changes nothing.
pub fn init() {
    let given = std::env::var(LEVEL_VAR).unwrap_or_default();
    let level = match given.trim().to_ascii_lowercase().as_str() {
        "" | "info" => LevelFilter::INFO,
        "off" => LevelFilter::OFF,
        "error" => LevelFilter::ERROR,
        "warn" => LevelFilter::WARN,
        "debug" => LevelFilter::DEBUG,
        "trace" => LevelFilter::TRACE,
        other => {
            eprintln!(
                "afterview: {LEVEL_VAR}={other} is not a level: use off, error, warn, info or debug; using info"
            );
            LevelFilter::INFO
        }
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .try_init();
}

/// The paths whose next segment is a secret: the calendar feed's, and the
/// links of an invitation, a password reset and a coach's invitation.
const SECRET_PATHS: [&str; 4] = ["/feed/", "/join/", "/reset/", "/coach/accept/"];

/// The path as it may be written down: without its query, and with the
/// secret of a feed or a link replaced.
pub fn shown_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    match SECRET_PATHS.iter().find(|p| path.starts_with(*p)) {
        Some(prefix) => format!("{prefix}(secret)"),
        None => path.to_owned(),
    }
}

/// Logs each request once it is answered.
pub async fn requests(req: Request, next: Next) -> Response {
    let (method, path) = (req.method().clone(), shown_path(req.uri().path()));
    let start = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16();
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::error!(%method, %path, status, ms = format!("{ms:.1}"), "request");
    } else {
        tracing::info!(%method, %path, status, ms = format!("{ms:.1}"), "request");
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_secret_is_written_down() {
        assert_eq!(shown_path("/login?token=0123abcd"), "/login");
        assert_eq!(shown_path("/import?csrf=feedbeef"), "/import");
        assert_eq!(shown_path("/feed/5f3a9c0d.ics"), "/feed/(secret)");
        assert_eq!(shown_path("/join/5f3a9c0d"), "/join/(secret)");
        assert_eq!(shown_path("/reset/5f3a9c0d"), "/reset/(secret)");
        assert_eq!(shown_path("/coach/accept/5f3a9c0d"), "/coach/accept/(secret)");
        assert_eq!(shown_path("/write/thank-you:a1:p2"), "/write/thank-you:a1:p2");
    }
}
