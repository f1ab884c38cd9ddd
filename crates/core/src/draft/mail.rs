//! A draft as something a mail program opens: a `mailto:` link (RFC 6068)
//! or a ready-to-send message file (RFC 5322, marked unsent so mail
//! programs open it as a draft). Pure: the caller gives the time.

use super::DraftContext;

/// Percent-encoding for a mailto: link.
fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `mailto:` link that opens the draft in the user's mail program.
pub fn mailto(to_email: &str, subject: &str, body: &str) -> String {
    format!("mailto:{}?subject={}&body={}", pct(to_email), pct(subject), pct(body))
}

/// An RFC 2047 encoded word for a header with non-ASCII text.
fn header_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else if b == b' ' {
            out.push('_');
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    out.push_str("?=");
    out
}

/// A ready-to-send message, dated `now`.
pub fn eml(dc: &DraftContext, subject: &str, body: &str, now: &jiff::Zoned) -> String {
    let mut headers = Vec::new();
    if !dc.user.email.is_empty() {
        headers.push(format!("From: {} <{}>", header_text(&dc.user.name), dc.user.email));
    }
    if let Some(to) = &dc.to.email {
        headers.push(format!("To: {} <{to}>", header_text(&dc.to.name)));
    }
    headers.push(format!("Subject: {}", header_text(subject)));
    headers.push(format!("Date: {}", now.strftime("%a, %d %b %Y %H:%M:%S %z")));
    headers.push("MIME-Version: 1.0".into());
    headers.push("Content-Type: text/plain; charset=utf-8".into());
    headers.push("Content-Transfer-Encoding: 8bit".into());
    headers.push("X-Unsent: 1".into());
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&body.replace('\n', "\r\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_headers_are_encoded() {
        assert_eq!(
            mailto("a@b.example", "Thank you", "Hi,\nthanks"),
            "mailto:a@b.example?subject=Thank%20you&body=Hi%2C%0Athanks"
        );
        assert_eq!(header_text("María López"), "=?UTF-8?Q?Mar=C3=ADa_L=C3=B3pez?=");
        assert_eq!(header_text("Maria"), "Maria");
    }
}
