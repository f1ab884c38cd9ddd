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

/// The longest an RFC 2047 encoded word may be (§2), and what its wrapping
/// `=?UTF-8?Q?` … `?=` takes of it.
const ENCODED_WORD_MAX: usize = 75;
const ENCODED_WORD_WRAP: usize = "=?UTF-8?Q?".len() + "?=".len();

/// Text as RFC 2047 encoded words (Q encoding, restricted to the
/// characters a display name may hold, §5(3), so the same words serve a
/// subject): each at most 75 characters, never splitting a character's
/// bytes, joined by folding white space, which readers drop between
/// encoded words.
fn encoded_words(s: &str) -> String {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        let mut piece = String::new();
        let mut buf = [0; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            if b.is_ascii_alphanumeric() {
                piece.push(b as char);
            } else if b == b' ' {
                piece.push('_');
            } else {
                piece.push_str(&format!("={b:02X}"));
            }
        }
        if word.len() + piece.len() + ENCODED_WORD_WRAP > ENCODED_WORD_MAX {
            words.push(std::mem::take(&mut word));
        }
        word.push_str(&piece);
    }
    words.push(word);
    words.iter().map(|w| format!("=?UTF-8?Q?{w}?=")).collect::<Vec<_>>().join("\r\n ")
}

/// Control characters (a line break in a name would start a header of its
/// own) become spaces.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_owned()
}

/// Unstructured header text (a subject): as it is when ASCII, else
/// encoded words. Text that looks like an encoded word is encoded too, so a
/// mail program shows it as written.
fn header_text(s: &str) -> String {
    let s = one_line(s);
    if s.is_ascii() && !s.contains("=?") {
        return s;
    }
    encoded_words(&s)
}

/// A display name as an RFC 5322 phrase: atoms as they are ("Maria
/// Lopez"), a quoted string when it holds specials ("\"Lopez, Maria\"": a
/// bare comma would make two recipients), encoded words when not ASCII.
fn display_name(name: &str) -> String {
    let name = one_line(name);
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    if !name.is_ascii() {
        return encoded_words(&name);
    }
    if name.split(' ').all(|atom| !atom.is_empty() && atom.chars().all(atext)) && !name.contains("=?") {
        return name;
    }
    let mut out = String::from("\"");
    for c in name.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `Name <address>`, or the address alone when there is no name.
fn mailbox(name: &str, address: &str) -> String {
    if one_line(name).is_empty() { address.to_owned() } else { format!("{} <{address}>", display_name(name)) }
}

/// A ready-to-send message, dated `now`.
pub fn eml(dc: &DraftContext, subject: &str, body: &str, now: &jiff::Zoned) -> String {
    let mut headers = Vec::new();
    if !dc.user.email.is_empty() {
        headers.push(format!("From: {}", mailbox(&dc.user.name, &dc.user.email)));
    }
    if let Some(to) = &dc.to.email {
        headers.push(format!("To: {}", mailbox(&dc.to.name, to)));
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

    /// Regression (issue 9): "Lopez, Maria" went out unquoted, which a mail
    /// program reads as two recipients.
    #[test]
    fn display_names_are_phrases_of_one_mailbox() {
        assert_eq!(mailbox("Maria Lopez", "m@a.example"), "Maria Lopez <m@a.example>");
        assert_eq!(mailbox("Lopez, Maria", "m@a.example"), "\"Lopez, Maria\" <m@a.example>");
        assert_eq!(
            mailbox("Maria \"Mia\" Lopez", "m@a.example"),
            "\"Maria \\\"Mia\\\" Lopez\" <m@a.example>"
        );
        assert_eq!(mailbox(r"A\B (HR)", "m@a.example"), r#""A\\B (HR)" <m@a.example>"#);
        assert_eq!(mailbox("J. Smith", "j@a.example"), "\"J. Smith\" <j@a.example>");
        assert_eq!(
            mailbox("López, María", "m@a.example"),
            "=?UTF-8?Q?L=C3=B3pez=2C_Mar=C3=ADa?= <m@a.example>"
        );
        assert_eq!(mailbox("  ", "m@a.example"), "m@a.example", "no name: the address alone");
        assert_eq!(
            mailbox("Maria\r\nBcc: x@evil.example", "m@a.example"),
            "\"Maria  Bcc: x@evil.example\" <m@a.example>"
        );
        assert_eq!(mailbox("=?UTF-8?Q?x?=", "m@a.example"), "\"=?UTF-8?Q?x?=\" <m@a.example>");
    }

    #[test]
    fn an_eml_names_one_recipient_and_one_sender() {
        let dc = DraftContext {
            to: crate::draft::Recipient {
                email: Some("maria@acme.example".into()),
                ..crate::draft::Recipient::new("Lopez, Maria")
            },
            user: crate::draft::Sender {
                name: "Kim, Alex".into(),
                email: "alex@example.com".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let now: jiff::Zoned = "2026-11-20T09:00-05:00[America/New_York]".parse().unwrap();
        let text = eml(&dc, "Thank you", "Hi", &now);
        assert!(
            text.starts_with(
                "From: \"Kim, Alex\" <alex@example.com>\r\nTo: \"Lopez, Maria\" <maria@acme.example>\r\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn long_encoded_text_is_split_into_words_of_at_most_75() {
        let name = "Zoë ".repeat(30);
        let encoded = header_text(&name);
        let words: Vec<&str> = encoded.split("\r\n ").collect();
        assert!(words.len() > 1, "{encoded}");
        for w in &words {
            assert!(w.len() <= 75 && w.starts_with("=?UTF-8?Q?") && w.ends_with("?="), "{w}");
            // Each word decodes on its own: no character is cut in two.
            assert!(!w.ends_with("=C3?="), "{w}");
        }
    }
}
