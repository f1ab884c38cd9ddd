//! The digest as a push to an ntfy topic: one HTTPS POST of the body, with
//! the subject as its `Title`, its `Priority`, and the access token as a
//! Bearer `Authorization` when one is set (ureq, rustls).

use std::time::Duration;

use afterview_core::notify::Digest;
use afterview_core::settings::{Notify, parse_ntfy_url};

use crate::error::{Error, Result};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The topic's server, as messages name it: the topic's own name is as
/// good as a password on a public server, so it is not printed.
pub(super) fn place(url: &str) -> String {
    match parse_ntfy_url(url) {
        Ok(u) => format!("your ntfy topic on {}", u.host),
        Err(_) if url.is_empty() => "(no topic)".to_owned(),
        Err(_) => "(a topic address that cannot be used)".to_owned(),
    }
}

pub(super) fn send(n: &Notify, digest: &Digest) -> Result<String> {
    let place = place(&n.ntfy_url);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        // A refusal is read, to say the server's reason.
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent
        .post(&n.ntfy_url)
        .header("Title", &digest.subject)
        .header("Priority", n.ntfy_priority.to_string())
        .header("Content-Type", "text/plain; charset=utf-8");
    if n.ntfy_token.is_set() {
        request = request.header("Authorization", format!("Bearer {}", n.ntfy_token.expose()));
    }
    let mut response = request
        .send(digest.body.as_bytes())
        .map_err(|e| Error::refused(format!("cannot reach {place}: {e}")))?;
    let status = response.status();
    if status.is_success() {
        return Ok(place);
    }
    let said = response.body_mut().with_config().limit(4096).read_to_string().unwrap_or_default();
    // ntfy answers {"code":40101,"http":401,"error":"unauthorized",...}.
    let reason = said.split("\"error\":\"").nth(1).and_then(|s| s.split('"').next()).map(str::to_owned);
    let reason = reason.unwrap_or_else(|| said.trim().chars().take(200).collect());
    let hint = match status.as_u16() {
        401 | 403 => "; check notify.ntfy_token (or AFTERVIEW_NOTIFY_NTFY_TOKEN)",
        _ => "",
    };
    Err(Error::refused(format!("{place} refused the reminder: HTTP {status} {reason}{hint}")))
}
