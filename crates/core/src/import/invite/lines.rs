//! The iCalendar syntax (RFC 5545 §3.1) of an invite, read by hand so that
//! every error names the line of the file it is on: lines unfolded (a line
//! starting with a space or a tab continues the one before), each split
//! into its name, its parameters (a quoted value may hold `;`, `:` and
//! `,`, as Outlook's `CN="Doe, Jane"` and `TZID="Pacific Standard Time"`
//! do) and its value, then gathered into the parts `BEGIN:` … `END:` nest.
//!
//! The closure-day reader (`crate::ics`) uses the `icalendar` crate's
//! parser, whose errors cannot say where in the file they are; an invite is
//! the file a user is most likely to hand over broken (cut out of an
//! email), so this reader keeps the line of everything it reads.

use super::InviteError;

/// One property: `NAME;PARAM=value:VALUE`, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prop {
    /// The first line of the property in the file (1-based).
    pub line: usize,
    /// Upper case.
    pub name: String,
    /// Names upper case; values without their quotes.
    pub params: Vec<(String, String)>,
    /// As written (escapes not undone: that depends on the value's type).
    pub value: String,
}

impl Prop {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A part of the calendar: `BEGIN:NAME` … `END:NAME`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    /// Upper case.
    pub name: String,
    /// The line of its `BEGIN:`.
    pub line: usize,
    pub props: Vec<Prop>,
    pub parts: Vec<Part>,
}

impl Part {
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    pub fn props<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    pub fn parts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Part> + 'a {
        self.parts.iter().filter(move |p| p.name == name)
    }
}

/// Real invites nest three parts deep (VCALENDAR > VEVENT > VALARM); a file
/// nested deeper than this is not an invite, and is refused before it can
/// cost anything.
const MAX_NESTING: usize = 16;

/// The longest a property may be once unfolded: Teams' HTML description
/// runs to some 20 KB; a megabyte on one property is not an invite.
const MAX_PROP: usize = 1 << 20;

/// The lines of `text` unfolded, each with the line it starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files, and a
    // fuzzer's favourite), so every line has its own number.
    let mut no = 0;
    let mut prev_cr = false;
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => {
                if !prev_cr {
                    no += 1;
                    lines.push((no, &text[start..i]));
                }
                start = i + 1;
                prev_cr = false;
            }
            b'\r' => {
                no += 1;
                lines.push((no, &text[start..i]));
                start = i + 1;
                prev_cr = true;
            }
            _ => prev_cr = false,
        }
    }
    if start < text.len() {
        lines.push((no + 1, &text[start..]));
    }
    for (no, line) in lines {
        match line.as_bytes().first() {
            Some(b' ' | b'\t') if !out.is_empty() => {
                if let Some(last) = out.last_mut()
                    && last.1.len() < MAX_PROP
                {
                    last.1.push_str(&line[1..]);
                }
            }
            _ => out.push((no, line.to_owned())),
        }
    }
    out
}

fn bad(line: usize, problem: impl Into<String>, fix: impl Into<String>) -> InviteError {
    InviteError { line: Some(line), problem: problem.into(), fix: fix.into() }
}

/// One unfolded line as a property.
fn prop(line: usize, text: &str) -> Result<Prop, InviteError> {
    let not_a_property = || {
        bad(
            line,
            format!("\"{}\" is not a calendar line (NAME:value)", excerpt(text)),
            "the invite was cut or changed; save it again from the email or the calendar",
        )
    };
    let name_end = text.find([';', ':']).ok_or_else(not_a_property)?;
    let name = &text[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(not_a_property());
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=').ok_or_else(not_a_property)?;
        let pname = &after[..eq];
        if pname.is_empty() || !pname.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(not_a_property());
        }
        let mut value = String::new();
        let mut v = &after[eq + 1..];
        // A parameter may hold several values, each quoted or not.
        loop {
            if let Some(q) = v.strip_prefix('"') {
                let close = q.find('"').ok_or_else(|| {
                    bad(
                        line,
                        format!("the quoted value of {pname} is never closed"),
                        "add the closing \" or save the invite again",
                    )
                })?;
                value.push_str(&q[..close]);
                v = &q[close + 1..];
            } else {
                let end = v.find([';', ':', ',']).unwrap_or(v.len());
                value.push_str(&v[..end]);
                v = &v[end..];
            }
            match v.strip_prefix(',') {
                Some(more) => {
                    value.push(',');
                    v = more;
                }
                None => break,
            }
        }
        params.push((pname.to_ascii_uppercase(), value));
        rest = v;
    }
    let value = rest.strip_prefix(':').ok_or_else(not_a_property)?;
    Ok(Prop { line, name: name.to_ascii_uppercase(), params, value: value.to_owned() })
}

/// At most 60 characters of `text`, for an error message.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

/// The calendar in `text`: its outermost part (a `VCALENDAR`), with the
/// parts inside it.
pub fn read(text: &str) -> Result<Part, InviteError> {
    let mut stack: Vec<Part> = Vec::new();
    let mut done: Option<Part> = None;
    for (no, line) in unfold(text) {
        if line.trim().is_empty() {
            continue;
        }
        if done.is_some() {
            // Text after END:VCALENDAR (a mail signature pasted along) is
            // not the calendar's business.
            break;
        }
        let p = prop(no, &line)?;
        match p.name.as_str() {
            "BEGIN" => {
                let name = p.value.trim().to_ascii_uppercase();
                if stack.is_empty() && name != "VCALENDAR" {
                    return Err(bad(
                        no,
                        format!("the calendar starts with BEGIN:{name}, not BEGIN:VCALENDAR"),
                        "save the whole invite (.ics) from the email or the calendar",
                    ));
                }
                if stack.len() >= MAX_NESTING {
                    return Err(bad(
                        no,
                        format!("its parts (BEGIN: … END:) are nested more than {MAX_NESTING} deep"),
                        "this is not an invite; save the invite again from the email or the calendar",
                    ));
                }
                stack.push(Part { name, line: no, ..Part::default() });
            }
            "END" => {
                let name = p.value.trim().to_ascii_uppercase();
                let Some(open) = stack.pop() else {
                    return Err(bad(no, format!("END:{name} closes nothing"), "save the invite again"));
                };
                if open.name != name {
                    return Err(bad(
                        no,
                        format!("END:{name} closes BEGIN:{} of line {}", open.name, open.line),
                        "the invite was cut or changed; save it again from the email or the calendar",
                    ));
                }
                match stack.last_mut() {
                    Some(parent) => parent.parts.push(open),
                    None => done = Some(open),
                }
            }
            _ => match stack.last_mut() {
                Some(part) => part.props.push(p),
                None => {
                    return Err(bad(
                        no,
                        "the file does not start with BEGIN:VCALENDAR",
                        "save the whole invite (.ics) from the email or the calendar",
                    ));
                }
            },
        }
    }
    if let Some(open) = stack.pop() {
        return Err(bad(
            open.line,
            format!("BEGIN:{} is never closed: the file ends first", open.name),
            "the invite was cut short; save it again from the email or the calendar",
        ));
    }
    done.ok_or(InviteError {
        line: None,
        problem: "the file is empty".into(),
        fix: "save the invite (.ics) from the email or the calendar".into(),
    })
}

/// A TEXT value with its escapes undone (RFC 5545 §3.3.11): `\n` is a new
/// line, `\,` `\;` `\\` the character itself.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_keep_the_line_they_start_on() {
        let cal = read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Phone\r\n  screen\r\nUID:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
            .unwrap();
        let event = &cal.parts[0];
        assert_eq!(event.prop("SUMMARY").unwrap().value, "Phone screen");
        assert_eq!(event.prop("SUMMARY").unwrap().line, 3);
        assert_eq!(event.prop("UID").unwrap().line, 5);
    }

    #[test]
    fn quoted_parameters_hold_separators() {
        let p =
            prop(7, "ORGANIZER;CN=\"Doe, Jane: HR\";SENT-BY=\"mailto:a@b.co\":mailto:jane@acme.com").unwrap();
        assert_eq!(p.param("CN"), Some("Doe, Jane: HR"));
        assert_eq!(p.param("SENT-BY"), Some("mailto:a@b.co"));
        assert_eq!(p.value, "mailto:jane@acme.com");
        let tz = prop(1, "DTSTART;TZID=Pacific Standard Time:20261203T100000").unwrap();
        assert_eq!(tz.param("TZID"), Some("Pacific Standard Time"));
    }

    #[test]
    fn broken_files_name_their_line() {
        let e = read("BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis is not a line\nEND:VEVENT\nEND:VCALENDAR\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        let e = read("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.problem.contains("never closed"), "{e}");
        let e = read("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n").unwrap_err();
        assert!(e.problem.contains("closes BEGIN:VEVENT of line 2"), "{e}");
        let e = read("BEGIN:VCALENDAR\nDESCRIPTION;CN=\"open:x\n").unwrap_err();
        assert!(e.problem.contains("never closed"), "{e}");
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let cal = read("BEGIN:VCALENDAR\rMETHOD:REQUEST\rEND:VCALENDAR\r").unwrap();
        assert_eq!(cal.prop("METHOD").unwrap().line, 2);
    }

    #[test]
    fn text_escapes() {
        assert_eq!(unescape(r"Acme\, Inc.\nRoom 4\; floor 2\\"), "Acme, Inc.\nRoom 4; floor 2\\");
    }
}
