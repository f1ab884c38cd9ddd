//! The people as a vCard 3.0 file (RFC 2426), the version phones and
//! Google Contacts import most reliably: one card per person with FN, N,
//! ORG, TITLE, EMAIL, TEL, URL (their LinkedIn), a NOTE saying where the
//! user met them ("Interviewer on Thu 19 Nov for Data Engineer at
//! Acme"), and a UID that stays the same from one export to the next, so a
//! contacts app that honours UIDs updates a card instead of adding it twice.
//!
//! Written by hand: lines end in CRLF and are folded at 75 octets (never
//! inside a UTF-8 character), and text values escape `\`, `,`, `;` and line
//! breaks. The person's own notes stay out: they are the user's private
//! thoughts, and contacts are synced to other services and shared.

use crate::calendar::short_day;
use crate::ids::PersonId;
use crate::kinds::PersonRole;
use crate::model::{Application, Interview, Involvement, Person, Record};

/// The longest a line may be, in octets, before it is folded.
const FOLD_AT: usize = 75;

/// Everything the cards are built from.
#[derive(Debug, Clone, Copy)]
pub struct Book<'a> {
    /// The data folder's own id: with a person's id, it makes the UID.
    pub folder: &'a str,
    pub people: &'a [Record<PersonId, Person>],
    pub applications: &'a [Record<crate::ids::ApplicationId, Application>],
    pub involvements: &'a [Involvement],
    pub interviews: &'a [Record<crate::ids::InterviewId, Interview>],
}

/// A person's card's UID: the data folder's id and the person's, so the
/// same person exported again (from this data folder or a restored
/// snapshot of it) has the same UID, and two data folders never share one.
pub fn uid(folder: &str, person: PersonId) -> String {
    format!("afterview-{folder}-{person}")
}

/// Escapes a text value (RFC 2426 §4): backslash, comma, semicolon and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded: a line longer than 75 octets goes on
/// in lines that start with a space, each cut at a character boundary.
fn line(out: &mut String, text: &str) {
    let mut rest = text;
    let mut limit = FOLD_AT;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The space that starts a continuation line counts.
        limit = FOLD_AT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The structured name: family name last, the rest given names.
fn structured_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        None => ";;;;".to_owned(),
        Some((only, [])) => format!(";{};;;", escape(only)),
        Some((family, given)) => format!("{};{};;;", escape(family), escape(&given.join(" "))),
    }
}

fn role_words(role: PersonRole) -> &'static str {
    match role {
        PersonRole::Interviewer => "Interviewer",
        PersonRole::AgencyRecruiter => "Agency recruiter",
        PersonRole::InHouseRecruiter => "Recruiter",
        PersonRole::HiringManager => "Hiring manager",
        PersonRole::Reference => "My reference",
    }
}

/// Where the user met this person, one sentence per application:
/// "Interviewer on Thu 19 Nov for Data Engineer at Acme." for each
/// interview they were on (said without a tense: the interview may be
/// still to come), else their part ("Recruiter for … at …").
pub fn note(book: &Book<'_>, person: PersonId) -> String {
    let mut sentences = Vec::new();
    for a in book.applications {
        let days: Vec<String> = book
            .interviews
            .iter()
            .filter(|iv| iv.value.application == a.id && iv.value.interviewers.contains(&person))
            .map(|iv| short_day(iv.value.day()))
            .collect();
        let at = format!("for {} at {}", a.value.role, a.value.company);
        if !days.is_empty() {
            sentences.push(format!("Interviewer on {} {at}.", days.join(" and ")));
        } else if let Some(i) = book.involvements.iter().find(|i| i.application == a.id && i.person == person)
        {
            sentences.push(format!("{} {at}.", role_words(i.role)));
        }
    }
    sentences.join(" ")
}

/// The company a person works for: their own organisation, else the
/// company of the first application they are on (unless they are an
/// agency recruiter or a reference, who work elsewhere).
fn organisation<'a>(book: &'a Book<'_>, p: &'a Record<PersonId, Person>) -> Option<&'a str> {
    if let Some(o) = p.value.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        return Some(o);
    }
    let i = book.involvements.iter().find(|i| i.person == p.id)?;
    if matches!(i.role, PersonRole::AgencyRecruiter | PersonRole::Reference) {
        return None;
    }
    book.applications.iter().find(|a| a.id == i.application).map(|a| a.value.company.as_str())
}

/// The cards of `book.people`, in that order.
pub fn write(book: &Book<'_>) -> String {
    let mut out = String::new();
    for p in book.people {
        let v = &p.value;
        line(&mut out, "BEGIN:VCARD");
        line(&mut out, "VERSION:3.0");
        line(&mut out, "PRODID:-//afterview//contacts//EN");
        line(&mut out, &format!("UID:{}", escape(&uid(book.folder, p.id))));
        line(&mut out, &format!("FN:{}", escape(v.name.trim())));
        line(&mut out, &format!("N:{}", structured_name(&v.name)));
        if let Some(org) = organisation(book, p) {
            line(&mut out, &format!("ORG:{}", escape(org)));
        }
        if let Some(t) = v.title.as_deref().filter(|t| !t.trim().is_empty()) {
            line(&mut out, &format!("TITLE:{}", escape(t)));
        }
        if let Some(e) = &v.email {
            line(&mut out, &format!("EMAIL;TYPE=INTERNET,WORK:{}", escape(e.as_str())));
        }
        if let Some(t) = v.phone.as_deref().filter(|t| !t.trim().is_empty()) {
            line(&mut out, &format!("TEL;TYPE=WORK,VOICE:{}", escape(t.trim())));
        }
        if let Some(l) = v.linkedin.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            let url = if l.starts_with("http://") || l.starts_with("https://") {
                l.to_owned()
            } else {
                format!("https://{l}")
            };
            line(&mut out, &format!("URL:{}", escape(&url)));
        }
        let note = note(book, p.id);
        if !note.is_empty() {
            line(&mut out, &format!("NOTE:{}", escape(&note)));
        }
        line(&mut out, "CATEGORIES:afterview");
        line(&mut out, "END:VCARD");
    }
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use super::*;
    use crate::ids::{ApplicationId, InterviewId};
    use crate::kinds::Stage;

    type Parts = (
        Vec<Record<PersonId, Person>>,
        Vec<Record<ApplicationId, Application>>,
        Vec<Involvement>,
        Vec<Record<InterviewId, Interview>>,
    );

    fn book_parts() -> Parts {
        let mut maria = Person::new("Maria de la Cruz Lopez");
        maria.title = Some("Director, Data; Platform".into());
        maria.email = Some("maria@acme.example".parse().unwrap());
        maria.phone = Some("+1 555 0100".into());
        maria.linkedin = Some("linkedin.com/in/maria".into());
        maria.notes = Some("private: seemed tired".into());
        let mut sam = Person::new("Sam");
        sam.organisation = Some("Hire\\Right".into());
        let people = vec![Record { id: PersonId(1), value: maria }, Record { id: PersonId(2), value: sam }];
        let apps = vec![Record { id: ApplicationId(1), value: Application::new("Acme", "Data Engineer") }];
        let inv = vec![
            Involvement { application: ApplicationId(1), person: PersonId(1), role: PersonRole::Interviewer },
            Involvement {
                application: ApplicationId(1),
                person: PersonId(2),
                role: PersonRole::AgencyRecruiter,
            },
        ];
        let mut iv = Interview::new(
            ApplicationId(1),
            "2026-11-19T14:00-05:00[America/New_York]".parse().unwrap(),
            Stage::Panel,
        );
        iv.interviewers = vec![PersonId(1)];
        (people, apps, inv, vec![Record { id: InterviewId(1), value: iv }])
    }

    #[test]
    fn cards_parse_and_say_where_the_user_met_them() {
        let (people, applications, involvements, interviews) = book_parts();
        let book = Book {
            folder: "f00d",
            people: &people,
            applications: &applications,
            involvements: &involvements,
            interviews: &interviews,
        };
        let text = write(&book);
        assert!(text.split_inclusive('\n').all(|l| l.ends_with("\r\n")), "CRLF everywhere");
        // Checked with the iCalendar parser already in the build: the
        // content-line grammar is the same (RFC 2425).
        let unfolded = icalendar::parser::unfold(&text);
        // It reads one top-level component at a time.
        let texts: Vec<String> = unfolded
            .split_inclusive("END:VCARD\r\n")
            .map(str::to_owned)
            .filter(|t| !t.trim().is_empty())
            .collect();
        assert_eq!(texts.len(), 2);
        let cards: Vec<_> =
            texts.iter().map(|t| icalendar::parser::read_components(t).unwrap().remove(0)).collect();
        let maria = &cards[0];
        assert_eq!(maria.name.as_str(), "VCARD");
        let prop = |name: &str| maria.find_prop(name).map(|p| p.val.as_str().to_owned());
        assert_eq!(prop("VERSION").as_deref(), Some("3.0"));
        assert_eq!(prop("UID").as_deref(), Some("afterview-f00d-p1"));
        assert_eq!(prop("FN").as_deref(), Some("Maria de la Cruz Lopez"));
        assert_eq!(prop("N").as_deref(), Some("Lopez;Maria de la Cruz;;;"));
        assert_eq!(prop("ORG").as_deref(), Some("Acme"), "the company of her application");
        assert_eq!(prop("TITLE").as_deref(), Some("Director\\, Data\\; Platform"));
        assert_eq!(prop("URL").as_deref(), Some("https://linkedin.com/in/maria"));
        assert_eq!(prop("NOTE").as_deref(), Some("Interviewer on Thu 19 Nov for Data Engineer at Acme."));
        assert!(!text.contains("seemed tired"), "the person's own notes stay out");
        let email = maria.find_prop("EMAIL").unwrap();
        assert_eq!(email.params[0].key.as_str(), "TYPE");
        let sam = &cards[1];
        assert_eq!(sam.find_prop("N").unwrap().val.as_str(), ";Sam;;;");
        assert_eq!(sam.find_prop("ORG").unwrap().val.as_str(), "Hire\\\\Right");
        assert_eq!(
            sam.find_prop("NOTE").unwrap().val.as_str(),
            "Agency recruiter for Data Engineer at Acme."
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("NOTE:{}", "é".repeat(100));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert!(out.split("\r\n").skip(1).filter(|l| !l.is_empty()).all(|l| l.starts_with(' ')));
        assert_eq!(icalendar::parser::unfold(&out).trim_end(), long);
        let mut short = String::new();
        line(&mut short, &"x".repeat(75));
        assert_eq!(short.len(), 77, "75 octets fit on one line");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf\u{7}"), "a\\,b\\;c\\\\d\\ne\\nf");
        assert_eq!(structured_name("  "), ";;;;");
        assert_eq!(uid("abc", PersonId(7)), "afterview-abc-p7");
        let _ = Date::constant(2026, 1, 1);
    }
}
