//! The digest as a plain-text email over SMTP (lettre, rustls): STARTTLS
//! required on the submission port, TLS from the first byte, or no
//! encryption only to this computer (the settings refuse it elsewhere).

use std::time::Duration;

use afterview_core::kinds::SmtpSecurity;
use afterview_core::notify::Digest;
use afterview_core::settings::{Notify, User};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::error::{Error, Result};

/// How long a slow server may take before the run gives up (a timer runs
/// again tomorrow; nothing is recorded).
const TIMEOUT: Duration = Duration::from_secs(30);

pub(super) fn send(n: &Notify, user: &User, digest: &Digest) -> Result<String> {
    let mailbox = |key: &str, address: &str| {
        address.parse::<Mailbox>().map_err(|e| Error::refused(format!("setting {key}: \"{address}\": {e}")))
    };
    let to = mailbox("notify.to", n.recipient(user))?;
    let from = mailbox("notify.from", n.sender(user))?;
    let message = Message::builder()
        .from(from)
        .to(to.clone())
        .subject(digest.subject.as_str())
        .header(ContentType::TEXT_PLAIN)
        .body(digest.body.clone())
        .map_err(|e| Error::refused(format!("cannot write the reminder as an email: {e}")))?;

    let host = n.smtp_host.trim().trim_start_matches('[').trim_end_matches(']');
    let port = n.port();
    let server = format!("{host}:{port}");
    let tls = || {
        TlsParameters::new(host.to_owned())
            .map_err(|e| Error::refused(format!("cannot set up TLS for {server}: {e}")))
    };
    let tls = match n.smtp_security {
        SmtpSecurity::Starttls => Tls::Required(tls()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls()?),
        SmtpSecurity::None => Tls::None,
    };
    let mut transport = SmtpTransport::builder_dangerous(host).port(port).tls(tls).timeout(Some(TIMEOUT));
    if !n.smtp_user.is_empty() {
        transport =
            transport.credentials(Credentials::new(n.smtp_user.clone(), n.smtp_password.expose().to_owned()));
    }
    transport.build().send(&message).map_err(|e| {
        let hint = if e.is_tls() {
            match n.smtp_security {
                SmtpSecurity::Starttls => "; if the server speaks TLS from the start (port 465), set notify.smtp_security to tls",
                SmtpSecurity::Tls => "; if the server starts in plain text and offers STARTTLS (port 587), set notify.smtp_security to starttls",
                SmtpSecurity::None => "",
            }
        } else {
            ""
        };
        if e.is_permanent() || e.is_transient() {
            Error::refused(format!("the mail server {server} did not take the reminder: {e}{hint}"))
        } else {
            // Not reached, or the conversation broke: check the host and port.
            Error::refused(format!(
                "cannot send through the mail server {server}: {e}{hint}; check notify.smtp_host, \
                 notify.smtp_port and notify.smtp_security"
            ))
        }
    })?;
    Ok(to.email.to_string())
}
