//! What an invite says without saying it in a field: the video link in a
//! description, the stage in the title ("Phone Screen", "Virtual Onsite"),
//! the company and the role in the title ("Acme <> Maya Patel",
//! "Interview for Data Engineer at Acme"), the company of an address's
//! domain, a person's name from their address, and the schedule of several
//! interviews a Greenhouse invite lists in its description. Each guess is a
//! plain function of text, so it is tested line by line.

use crate::kinds::Stage;

/// The hosts of video calls, best first: a link to one of them is the
/// interview's location.
const VIDEO_HOSTS: &[&str] = &[
    "meet.google.com",
    "teams.microsoft.com",
    "teams.live.com",
    "zoom.us",
    "zoomgov.com",
    "webex.com",
    "whereby.com",
    "chime.aws",
    "bluejeans.com",
    "gotomeeting.com",
    "meet.jit.si",
];

/// A text-direction mark: "\u{202e}Acme" turns what names it backwards.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

/// Text for one line: control characters and text-direction marks
/// dropped, runs of spaces one space.
pub fn clean_line(s: &str) -> String {
    let kept: String =
        s.chars().map(|c| if c.is_control() { ' ' } else { c }).filter(|c| !is_bidi(*c)).collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest a link may be, as when typed.
const MAX_LINK: usize = 2_000;

/// The `https://` links in `text`, in order, each ended by a space, a
/// quote or an angle bracket (Teams writes `<https://…>`).
pub fn links(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("https://") {
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ']' | '\\'))
            .unwrap_or(tail.len());
        let link = tail[..end].trim_end_matches(['.', ',', ';']);
        // A link is printable ASCII (non-ASCII is percent-encoded in a real one).
        if link.len() > "https://".len()
            && link.len() <= MAX_LINK
            && link.bytes().all(|b| b.is_ascii_graphic())
        {
            out.push(link);
        }
        rest = &tail[end..];
    }
    out
}

/// The host of a link, lower case.
fn host(link: &str) -> String {
    let after = link.strip_prefix("https://").unwrap_or(link);
    let host = after.split(['/', '?', '#']).next().unwrap_or("");
    host.rsplit('@').next().unwrap_or(host).split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Which video service a link is on (its place in [`VIDEO_HOSTS`]).
fn video_rank(link: &str) -> Option<usize> {
    let h = host(link);
    VIDEO_HOSTS.iter().position(|v| h == *v || h.ends_with(&format!(".{v}")))
}

/// The best video link among `texts` (searched in order), if any.
pub fn video_link<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for text in texts {
        for link in links(text) {
            let Some(rank) = video_rank(link) else { continue };
            // Teams' own help links are not the meeting.
            if link.contains("aka.ms") || link.contains("meetingOptions") || link.contains("/download") {
                continue;
            }
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, link));
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(_, l)| l.to_owned())
}

/// HTML as plain text: tags dropped (a `<br>`, `<p>` or `<div>` a new
/// line), the common entities decoded, blank lines collapsed. For Outlook's
/// `X-ALT-DESC;FMTTYPE=text/html` when there is no plain DESCRIPTION.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // What is inside <style> and <script> is not text.
    let mut skipping: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..lt]);
        }
        let tail = &rest[lt..];
        let Some(gt) = tail.find('>') else {
            rest = "";
            break;
        };
        let tag = tail[1..gt].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/', '\t', '\n']).next().unwrap_or("");
        match (skipping, tag.starts_with('/')) {
            (Some(s), true) if s == name => skipping = None,
            (None, false) if name == "style" || name == "script" => {
                skipping = Some(if name == "style" { "style" } else { "script" })
            }
            (None, _) if matches!(name, "br" | "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3") => {
                out.push('\n')
            }
            _ => {}
        }
        rest = &tail[gt + 1..];
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#160;", " ")
        .replace("&amp;", "&");
    let mut lines: Vec<&str> = Vec::new();
    for line in decoded.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    lines.join("\n").trim().to_owned()
}

fn has_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The stage an interview's title names, if it names one. "Technical",
/// "coding" and "system design" interviews are video calls in afterview's
/// stages unless the title says onsite.
pub fn stage_named(summary: &str) -> Option<Stage> {
    let s = summary.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| has_word(&s, w));
    if any(&["final", "final round", "last round"]) {
        Some(Stage::Final)
    } else if any(&["onsite", "on-site", "on site", "in-person", "in person", "office visit"]) {
        Some(Stage::Onsite)
    } else if any(&["panel", "loop", "superday", "super day"]) {
        Some(Stage::Panel)
    } else if any(&[
        "phone",
        "screen",
        "screening",
        "recruiter call",
        "intro call",
        "introductory",
        "chat",
        "call",
    ]) {
        Some(Stage::PhoneScreen)
    } else if any(&[
        "technical",
        "coding",
        "system design",
        "video",
        "zoom",
        "teams",
        "meet",
        "hiring manager",
    ]) {
        Some(Stage::Video)
    } else {
        None
    }
}

/// The stage of an interview: named in its title, else a panel when the
/// description lists several interviews, a video call when there is a
/// video link, on site when there is an address, else a phone screen.
pub fn stage(summary: &str, slots: usize, video: bool, place: bool) -> Stage {
    stage_named(summary).unwrap_or(if slots > 1 {
        Stage::Panel
    } else if video {
        Stage::Video
    } else if place {
        Stage::Onsite
    } else {
        Stage::PhoneScreen
    })
}

/// Email domains anyone can have an address at: a company is never named
/// after one, and an address there matches no employer.
const PUBLIC_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "zoho.com",
    "fastmail.com",
    "hey.com",
    "yandex.com",
    "qq.com",
    "163.com",
    "comcast.net",
    "verizon.net",
    "att.net",
];

/// Domains of the tools that send invites for employers (a scheduling
/// service, a calendar's own notifications): their addresses are not
/// people, and their domain is not the employer's.
const TOOL_DOMAINS: &[&str] = &[
    "calendly.com",
    "greenhouse.io",
    "lever.co",
    "ashbyhq.com",
    "workable.com",
    "goodtime.io",
    "gem.com",
    "smartrecruiters.com",
    "myworkday.com",
    "icims.com",
    "google.com",
    "calendar.google.com",
    "group.calendar.google.com",
    "resource.calendar.google.com",
    "microsoft.com",
    "zoom.us",
];

/// The domain of an address, lower case.
pub fn domain(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, d)| d)
}

pub fn is_public_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    PUBLIC_DOMAINS.contains(&d.as_str())
}

/// An address that sends for a tool, not a person: `no-reply@…`,
/// `notifications@…`, or anything at a scheduling tool's domain.
pub fn is_tool_address(email: &str) -> bool {
    let e = email.to_ascii_lowercase();
    let (local, d) = e.rsplit_once('@').unwrap_or((&e, ""));
    let local = local.replace(['-', '_', '.'], "");
    ["noreply", "donotreply", "notifications", "notification", "calendar", "mailer", "scheduling"]
        .iter()
        .any(|w| local.starts_with(w))
        || TOOL_DOMAINS.iter().any(|t| d == *t || d.ends_with(&format!(".{t}")))
}

/// The employer's domain an address gives, when it gives one.
pub fn employer_domain(email: &str) -> Option<String> {
    let d = domain(email).to_ascii_lowercase();
    (!d.is_empty() && !is_public_domain(&d) && !is_tool_address(email)).then_some(d)
}

/// A company's name from its domain: the label before the public suffix
/// ("careers.acme-robotics.co.uk" → "Acme Robotics").
pub fn company_from_domain(domain: &str) -> Option<String> {
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    // A second-level suffix: co.uk, com.au, co.jp…
    let short_sld = |l: &str| matches!(l, "co" | "com" | "org" | "net" | "ac" | "gov" | "ltd" | "plc");
    let idx =
        if labels.len() >= 3 && short_sld(labels[labels.len() - 2]) && labels[labels.len() - 1].len() == 2 {
            labels.len() - 3
        } else {
            labels.len() - 2
        };
    let name = labels[idx];
    if name.is_empty() || name.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(title_words(&name.replace(['-', '_'], " ")).chars().take(200).collect())
}

/// Words with their first letter upper case.
fn title_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A person's name from their address when the invite gives none:
/// "jane.doe@acme.com" → "Jane Doe"; "jdoe@acme.com" → "Jdoe".
pub fn name_from_email(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let local = local.split('+').next().unwrap_or(local);
    let words = local.replace(['.', '_', '-'], " ");
    let name = title_words(&words);
    let name = if name.is_empty() { email.to_owned() } else { name };
    // A name fits on one line, as when typed.
    name.chars().take(200).collect()
}

/// Words that make a part of a title a stage or the word "interview",
/// not a company or a role.
const STAGE_WORDS: &[&str] = &[
    "interview",
    "interviews",
    "phone",
    "screen",
    "screening",
    "call",
    "chat",
    "technical",
    "coding",
    "onsite",
    "on-site",
    "virtual",
    "final",
    "round",
    "panel",
    "loop",
    "video",
    "meeting",
    "intro",
    "introductory",
    "recruiter",
    "hiring",
    "manager",
    "system",
    "design",
    "first",
    "second",
    "third",
    "minute",
    "minutes",
    "min",
    "30",
    "45",
    "60",
    "invitation",
    "invite",
    "updated",
    "canceled",
    "cancelled",
    "with",
    "and",
    "the",
    "a",
    "for",
    "of",
    "your",
    "re",
    "fwd",
    "follow-up",
    "follow",
    "up",
    "debrief",
];

/// Words that name a job.
const ROLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "designer",
    "analyst",
    "scientist",
    "architect",
    "administrator",
    "consultant",
    "specialist",
    "director",
    "manager",
    "lead",
    "intern",
    "accountant",
    "writer",
    "researcher",
    "coordinator",
    "associate",
    "officer",
    "editor",
    "marketer",
    "sre",
    "devops",
    "programmer",
    "technician",
    "representative",
    "strategist",
    "producer",
    "owner",
];

fn words_lower(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '&' || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn only_stage_words(s: &str) -> bool {
    words_lower(s).iter().all(|w| STAGE_WORDS.contains(&w.as_str()))
}

fn is_role(s: &str) -> bool {
    words_lower(s).iter().any(|w| ROLE_WORDS.contains(&w.trim_end_matches('s')))
}

/// `s` with the stage words at its ends taken off: "Data Engineer
/// Interview" → "Data Engineer", "Phone Screen - Acme" → "- Acme".
fn strip_stage_words(s: &str) -> String {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| STAGE_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())))
    {
        words.pop();
    }
    while words
        .first()
        .is_some_and(|w| STAGE_WORDS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())))
    {
        words.remove(0);
    }
    words.join(" ")
}

/// The company and the role an interview's title names, as far as it
/// does. `people` are the names on the invite (the user's own among them),
/// which are never taken for a company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    pub company: Option<String>,
    pub role: Option<String>,
}

/// Reads a title such as "Acme <> Maya Patel", "Interview with Acme",
/// "Maya Patel: Phone Screen (Acme)", "Data Engineer interview at Acme",
/// "Acme | Senior Data Engineer | Onsite".
pub fn title(summary: &str, people: &[&str]) -> Title {
    let summary = summary.trim();
    let is_person = |s: &str| {
        let s = s.trim().to_lowercase();
        people.iter().any(|p| {
            let p = p.trim().to_lowercase();
            !p.is_empty() && (p == s || p.split_whitespace().next() == Some(s.as_str()))
        })
    };
    let mut out = Title::default();
    // "… for ROLE", "… at COMPANY", "… with COMPANY", "(COMPANY)".
    let lower = summary.to_ascii_lowercase();
    let mut pieces: Vec<String> = Vec::new();
    let mut rest = summary.to_owned();
    for key in [" at ", " with ", " @ "] {
        if let Some(i) = lower.rfind(key) {
            let after = summary[i + key.len()..].trim();
            let after = after.split(['(', '|', '-', '–', ':', ',']).next().unwrap_or("").trim();
            if !after.is_empty() && !is_person(after) && !only_stage_words(after) && !is_role(after) {
                out.company.get_or_insert_with(|| strip_stage_words(after));
            }
        }
    }
    if let (Some(open), Some(close)) = (summary.rfind('('), summary.rfind(')'))
        && open < close
    {
        let inside = summary[open + 1..close].trim();
        if !inside.is_empty() && !is_person(inside) && !only_stage_words(inside) && !is_role(inside) {
            out.company.get_or_insert_with(|| inside.to_owned());
        }
        rest = format!("{} {}", &summary[..open], &summary[close + 1..]);
    }
    if let Some(i) = lower.find(" for ") {
        let after = summary[i + 5..].trim();
        let after = after.split(['(', '|', ':', ',']).next().unwrap_or("");
        let after = after.split(" at ").next().unwrap_or(after).split(" with ").next().unwrap_or(after);
        let after = after.split(" - ").next().unwrap_or(after);
        let role = strip_stage_words(
            after.trim().trim_start_matches("the ").trim_end_matches(" role").trim_end_matches(" position"),
        );
        if !role.is_empty() && !is_person(&role) {
            out.role = Some(role);
        }
    }
    // The pieces between separators.
    for piece in rest.split([' ']).collect::<Vec<_>>().join(" ").split(['|', '–', '—', ':', '/']) {
        for piece in piece.split(" <> ").flat_map(|p| p.split(" x ")).flat_map(|p| p.split(" - ")) {
            let p = piece.trim();
            if !p.is_empty() {
                pieces.push(p.to_owned());
            }
        }
    }
    for piece in &pieces {
        let lowered = piece.to_lowercase();
        // Calendly's "Intro between Dana Whitfield and Maya Patel".
        if lowered.contains(" between ") || lowered.starts_with("between ") {
            continue;
        }
        if lowered.contains(" for ") || lowered.contains(" with ") || lowered.contains(" at ") {
            // Read above.
            let before = piece
                .split([' '])
                .take_while(|w| !matches!(w.to_lowercase().as_str(), "for" | "with" | "at"))
                .collect::<Vec<_>>()
                .join(" ");
            let cleaned = strip_stage_words(&before);
            if cleaned.is_empty() || is_person(&cleaned) {
                continue;
            }
            if is_role(&cleaned) {
                out.role.get_or_insert(cleaned);
            } else if out.company.is_none() {
                out.company = Some(cleaned);
            }
            continue;
        }
        let cleaned = strip_stage_words(piece);
        if cleaned.is_empty() || is_person(&cleaned) || only_stage_words(&cleaned) {
            continue;
        }
        if is_role(&cleaned) {
            out.role.get_or_insert(cleaned);
        } else if out.company.is_none() && cleaned.split_whitespace().count() <= 4 {
            out.company = Some(cleaned);
        }
    }
    out
}

/// One interview of several that an invite lists in its description
/// (Greenhouse's "Interview schedule"): its line as written and the
/// interviewers it names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Slot {
    /// The line, e.g. "10:00 AM - 10:45 AM: Coding with Priya Raman".
    pub line: String,
    /// What it is ("Coding").
    pub title: String,
    /// The names after "with" ("Priya Raman").
    pub interviewers: Vec<String>,
}

/// Whether `s` starts with a time of day: "10:00", "9am", "2:30 PM".
fn starts_with_time(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && i < 2 && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut end = i;
    if b.get(i) == Some(&b':')
        && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        && b.get(i + 2).is_some_and(u8::is_ascii_digit)
    {
        end = i + 3;
    }
    let tail = s[end..].trim_start();
    let skipped = s.len() - end - tail.len();
    let lower = tail.get(..2).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("am" | "pm")) {
        end += skipped + 2;
    } else if end == i {
        // A bare number ("3 interviews") is not a time.
        return None;
    }
    Some(end)
}

/// The interviews a description lists, one a line: a line that starts
/// with a time range and says what and with whom ("10:00 AM - 10:45 AM
/// PST: Coding with Priya Raman"), or "Interviewer(s): …" under it.
pub fn schedule(description: &str) -> Vec<Slot> {
    let mut out: Vec<Slot> = Vec::new();
    for raw in description.lines() {
        let cleaned = clean_line(raw);
        let line = cleaned.trim_start_matches(['-', '*', '•']).trim();
        if let Some(names) = line
            .strip_prefix("Interviewers:")
            .or_else(|| line.strip_prefix("Interviewer:"))
            .or_else(|| line.strip_prefix("Interviewer(s):"))
        {
            if let Some(last) = out.last_mut() {
                last.interviewers.extend(split_names(names));
            }
            continue;
        }
        let Some(first) = starts_with_time(line) else { continue };
        let rest = line[first..].trim_start();
        let Some(rest) = rest.strip_prefix(['-', '–']).or_else(|| rest.strip_prefix("to ")) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(second) = starts_with_time(rest) else { continue };
        let mut what = rest[second..].trim_start();
        // A zone abbreviation after the times ("PST", "(CET)").
        let maybe_zone = what.split([' ', ':']).next().unwrap_or("");
        let maybe_zone_t = maybe_zone.trim_matches(['(', ')']);
        if (2..=5).contains(&maybe_zone_t.len()) && maybe_zone_t.bytes().all(|b| b.is_ascii_uppercase()) {
            what = what[maybe_zone.len()..].trim_start();
        }
        // A time with nothing after it is an interview whose interviewers
        // follow on the next line.
        let what = what.trim_start_matches([':', '-', '–', '|']).trim();
        let what = if what.is_empty() { "Interview" } else { what };
        let (title, names) = match what.to_ascii_lowercase().find(" with ") {
            Some(i) => (what[..i].trim(), split_names(&what[i + 6..])),
            None => (what, Vec::new()),
        };
        out.push(Slot { line: line.to_owned(), title: title.to_owned(), interviewers: names });
    }
    out
}

/// "Priya Raman, Tom Becker and Ana Li (Engineering Manager)" → the names.
fn split_names(s: &str) -> Vec<String> {
    let mut text = String::new();
    let mut depth = 0;
    // What is in brackets is a title, not a name.
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth <= 0 => text.push(c),
            _ => {}
        }
    }
    text.replace(" and ", ",")
        .replace(" & ", ",")
        .split([',', ';'])
        .map(|n| n.trim().trim_end_matches('.').trim())
        .filter(|n| !n.is_empty() && n.len() <= 80 && n.chars().any(char::is_alphabetic))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_video_link_of_each_service() {
        let teams = "Join: <https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%7d>  Learn more <https://aka.ms/JoinTeamsMeeting>";
        assert_eq!(
            video_link([teams]).as_deref(),
            Some("https://teams.microsoft.com/l/meetup-join/19%3ameeting_X%40thread.v2/0?context=%7b%7d")
        );
        assert_eq!(
            video_link(["Join Zoom Meeting https://us02web.zoom.us/j/8512345678?pwd=abc."]).as_deref(),
            Some("https://us02web.zoom.us/j/8512345678?pwd=abc")
        );
        assert_eq!(
            video_link(["", "https://acme.com/careers then https://meet.google.com/abc-defg-hij"]).as_deref(),
            Some("https://meet.google.com/abc-defg-hij")
        );
        assert_eq!(video_link(["https://acme.com/office"]), None);
    }

    #[test]
    fn html_as_text() {
        let html = "<html><head><style>p{color:red}</style></head><body><p>Hi Maya,</p><p>Join&nbsp;us &amp; meet<br>the team</p></body></html>";
        assert_eq!(html_text(html), "Hi Maya,\n\nJoin us & meet\nthe team");
    }

    #[test]
    fn stages_from_titles() {
        assert_eq!(stage_named("Phone Screen: Maya Patel"), Some(Stage::PhoneScreen));
        assert_eq!(stage_named("Acme - Virtual Onsite"), Some(Stage::Onsite));
        assert_eq!(stage_named("Final round with the CTO"), Some(Stage::Final));
        assert_eq!(stage_named("Technical Interview"), Some(Stage::Video));
        assert_eq!(stage_named("Interview loop"), Some(Stage::Panel));
        assert_eq!(stage_named("Maya / Acme"), None);
        assert_eq!(stage("Maya / Acme", 1, true, false), Stage::Video);
        assert_eq!(stage("Maya / Acme", 4, true, false), Stage::Panel);
        assert_eq!(stage("Maya / Acme", 1, false, true), Stage::Onsite);
    }

    #[test]
    fn companies_and_roles_from_titles() {
        let people = ["Maya Patel", "Jordan Lee"];
        let t = |s: &str| title(s, &people);
        assert_eq!(t("Acme <> Maya Patel").company.as_deref(), Some("Acme"));
        assert_eq!(t("Interview with Globex").company.as_deref(), Some("Globex"));
        assert_eq!(t("Interview with Jordan Lee"), Title::default());
        let both = t("Data Engineer interview at Initech");
        assert_eq!((both.company.as_deref(), both.role.as_deref()), (Some("Initech"), Some("Data Engineer")));
        let piped = t("Acme | Senior Data Engineer | Onsite");
        assert_eq!(
            (piped.company.as_deref(), piped.role.as_deref()),
            (Some("Acme"), Some("Senior Data Engineer"))
        );
        let brackets = t("Maya Patel: Phone Screen (Umbrella Corp)");
        assert_eq!(brackets.company.as_deref(), Some("Umbrella Corp"));
        let for_role = t("Phone Screen for Staff Analyst - Hooli");
        assert_eq!(
            (for_role.company.as_deref(), for_role.role.as_deref()),
            (Some("Hooli"), Some("Staff Analyst"))
        );
        assert_eq!(t("30 Minute Meeting").company, None);
    }

    /// Lower case can be longer than the text ("İ" is two bytes, "i̇"
    /// three): a place found in a lower-cased title named the wrong bytes
    /// of the title itself (and could split a character).
    #[test]
    fn titles_with_letters_that_grow_in_lower_case() {
        assert_eq!(title("İstanbul Bilişim with Acme", &[]).company.as_deref(), Some("Acme"));
        let s = schedule("10:00 AM - 11:00 AM: İİ Görüşme with Ayşe Yılmaz");
        assert_eq!(s[0].interviewers, ["Ayşe Yılmaz"]);
    }

    #[test]
    fn domains() {
        assert_eq!(company_from_domain("careers.acme-robotics.co.uk").as_deref(), Some("Acme Robotics"));
        assert_eq!(company_from_domain("globex.com").as_deref(), Some("Globex"));
        assert_eq!(employer_domain("maya@gmail.com"), None);
        assert_eq!(employer_domain("no-reply@acme.com"), None);
        assert_eq!(employer_domain("notifications@calendly.com"), None);
        assert_eq!(employer_domain("jane@Acme.com").as_deref(), Some("acme.com"));
        assert_eq!(name_from_email("jane.doe+jobs@acme.com"), "Jane Doe");
    }

    #[test]
    fn greenhouse_schedules() {
        let d = "Hi Maya,\n\nHere is your schedule:\n\n10:00 AM - 10:45 AM PST: Coding with Priya Raman\n10:45 AM - 11:30 AM PST: System Design with Tom Becker and Ana Li (Engineering Manager)\n11:30am-12:00pm: Lunch\n12:00 PM - 12:45 PM\nInterviewers: Sam Ortiz\n\nWe have 3 interviews for you.";
        let s = schedule(d);
        assert_eq!(s.len(), 4, "{s:?}");
        assert_eq!(s[0].title, "Coding");
        assert_eq!(s[0].interviewers, ["Priya Raman"]);
        assert_eq!(s[1].interviewers, ["Tom Becker", "Ana Li"]);
        assert_eq!(s[2].title, "Lunch");
        assert!(s[2].interviewers.is_empty());
        assert_eq!(
            (s[3].title.as_str(), s[3].interviewers.as_slice()),
            ("Interview", ["Sam Ortiz".to_owned()].as_slice())
        );
    }
}
