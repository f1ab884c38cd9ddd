//! Finding instructions to the candidate to get in touch ("call me
//! Thursday", "feel free to follow up next week", "drop me a line") and
//! telling them apart from the employer's own plans ("we'll call you
//! Thursday"), which are decisions, not instructions.

use super::ContactChannel;
use super::lex::{Kind, Tok};

#[derive(Debug, Clone, Copy)]
pub struct Instruction {
    pub channel: ContactChannel,
    /// Token range `[start, end)` of the verb phrase.
    pub start: usize,
    pub end: usize,
    pub sentence: u32,
    /// "If you haven't heard by Friday, call me": the token of "heard".
    /// A time expression after it is the deadline, and the contact comes
    /// the business day after it.
    pub unless_heard: Option<usize>,
}

fn word<'a>(t: &[Tok<'a>], i: usize) -> Option<&'a str> {
    t.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text)
}

fn is(t: &[Tok<'_>], i: usize, w: &str) -> bool {
    word(t, i) == Some(w)
}

fn any(t: &[Tok<'_>], i: usize, ws: &[&str]) -> bool {
    word(t, i).is_some_and(|w| ws.contains(&w))
}

const PEOPLE: &[&str] = &["me", "us", "her", "him", "them"];
const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "another",
    "any",
    "your",
    "my",
    "our",
    "his",
    "their",
    "this",
    "that",
    "phone",
    "quick",
    "short",
    "follow",
    "brief",
    "by",
    "via",
    "over",
    "per",
    "video",
    "zoom",
    "teams",
    "screening",
    "final",
    "first",
    "second",
    "next",
    "no",
];

/// A person named between the verb and its article: "drop Priya a line",
/// "give Sam a call". Not "give you a call", which the employer says.
fn named(t: &[Tok<'_>], i: usize) -> bool {
    word(t, i).is_some_and(|w| !matches!(w, "you" | "u" | "ya" | "a" | "an")) && any(t, i + 1, &["a", "an"])
}

/// The verb phrase starting at `i`, its channel and where it ends.
fn verb(t: &[Tok<'_>], i: usize) -> Option<(ContactChannel, usize)> {
    use ContactChannel::{Any, Call, Email};
    let w = word(t, i)?;
    let noun_use = i > 0 && any(t, i - 1, DETERMINERS);
    let found = match w {
        "give" | "gimme" => {
            let k = if any(t, i + 1, PEOPLE) || named(t, i + 1) { i + 2 } else { i + 1 };
            let k = if any(t, k, &["a", "an"]) { k + 1 } else { k };
            match word(t, k)? {
                "call" | "ring" | "buzz" | "bell" | "tinkle" => (Call, k + 1),
                "shout" | "nudge" => (Any, k + 1),
                "line" | "note" | "email" => (Email, k + 1),
                _ => return None,
            }
        }
        "drop" | "send" | "shoot" | "fire" => {
            let k = if any(t, i + 1, PEOPLE) || named(t, i + 1) { i + 2 } else { i + 1 };
            let k = if any(t, k, &["a", "an", "another"]) { k + 1 } else { k };
            let k = if any(t, k, &["quick", "short", "brief"]) { k + 1 } else { k };
            match word(t, k)? {
                "line" | "note" | "email" | "message" | "mail" | "e" => (Email, k + 1),
                "text" => (Any, k + 1),
                _ => return None,
            }
        }
        "call" | "phone" | "ring" | "telephone" | "buzz" if !noun_use => (Call, i + 1),
        "email" | "mail" | "write" | "message" | "msg" | "dm" | "inmail" if !noun_use => (Email, i + 1),
        "e" if !noun_use
            && t.get(i + 1).is_some_and(|t| t.kind == Kind::Punct('-'))
            && is(t, i + 2, "mail") =>
        {
            (Email, i + 3)
        }
        "text" | "ping" | "contact" | "nudge" | "chase" | "reconnect" if !noun_use => (Any, i + 1),
        "follow" if !noun_use => {
            let k = if t.get(i + 1).is_some_and(|t| t.kind == Kind::Punct('-')) { i + 2 } else { i + 1 };
            if is(t, k, "up") { (Any, k + 1) } else { return None }
        }
        "followup" if !noun_use => (Any, i + 1),
        "check" | "circle" | "touch" | "reach" | "get" | "connect" if !noun_use => {
            let next = word(t, i + 1)?;
            match (w, next) {
                ("check", "back" | "in")
                | ("circle", "back")
                | ("touch", "base")
                | ("reach", "out" | "back") => (Any, i + 2),
                ("get", "back") if is(t, i + 2, "to") => (Any, i + 3),
                ("get", "in") if is(t, i + 2, "touch") => (Any, i + 3),
                ("connect", "again" | "back") => (Any, i + 2),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(found)
}

/// Words that may stand between a subject and its verb.
const FILLERS: &[&str] = &[
    "will",
    "ll",
    "shall",
    "would",
    "should",
    "could",
    "can",
    "may",
    "might",
    "must",
    "to",
    "please",
    "just",
    "also",
    "probably",
    "hopefully",
    "then",
    "definitely",
    "likely",
    "gladly",
    "happy",
    "free",
    "feel",
    "ok",
    "okay",
    "do",
    "not",
    "t",
    "don",
    "be",
    "going",
    "is",
    "are",
    "am",
    "want",
    "wants",
    "wanted",
    "plan",
    "plans",
    "planning",
    "aim",
    "aims",
    "hope",
    "hopes",
    "try",
    "able",
    "welcome",
    "d",
    "re",
    "ve",
    "m",
    "kindly",
    "simply",
    "directly",
    "again",
    "perhaps",
    "maybe",
    "certainly",
    "absolutely",
    "so",
    "and",
    "or",
    "best",
    "better",
    "good",
    "fine",
    "totally",
    "always",
];

/// Words that put the verb in the future of its subject.
const MODALS: &[&str] = &[
    "will", "ll", "shall", "would", "should", "could", "can", "may", "might", "going", "plan", "plans",
    "aim", "aims", "d",
];

/// Words after which the verb is an instruction: said to call, told me to.
const IMPERATIVE_LEAD: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tell",
    "asked",
    "ask",
    "asks",
    "suggested",
    "suggests",
    "advised",
    "recommended",
    "instructed",
    "wants",
    "invited",
    "encouraged",
    "if",
    "otherwise",
    "else",
    "meantime",
    "meanwhile",
];

const CANDIDATE: &[&str] = &["you", "u", "i", "me", "myself", "yourself", "ya"];

/// Whether the candidate is the one who acts: true for "call me", "you can
/// email", "I should follow up"; false for "we'll call you", "Maria will
/// reach out".
fn candidate_acts(t: &[Tok<'_>], start: usize, end: usize) -> bool {
    // The object: "call you", "reach out to you", "get back to you".
    let mut k = end;
    while any(t, k, &["back", "up", "out", "to", "with", "in"]) {
        k += 1;
    }
    if any(t, k, &["you", "u", "ya"]) {
        return false;
    }
    let sentence = t[start].sentence;
    let mut i = start;
    // After a modal ("will call"), the subject may sit before a comma or a
    // parenthesis: "Sam (the agency recruiter) will call me".
    let mut saw_modal = false;
    while i > 0 {
        i -= 1;
        let tok = &t[i];
        if tok.sentence != sentence {
            return true;
        }
        match tok.kind {
            Kind::Word if MODALS.contains(&tok.text) => saw_modal = true,
            Kind::Word if FILLERS.contains(&tok.text) => {}
            Kind::Word if IMPERATIVE_LEAD.contains(&tok.text) => return true,
            Kind::Word if CANDIDATE.contains(&tok.text) => return true,
            Kind::Word => return false,
            Kind::Punct(')') if saw_modal => {
                while i > 0 && t[i].kind != Kind::Punct('(') {
                    i -= 1;
                }
            }
            Kind::Punct(',' | '-') if saw_modal => {}
            // "Gavin said: call me", "If not, call me", "(call me)".
            _ => return true,
        }
    }
    true
}

/// Where the sentence says "if you haven't heard …", "if there's no news".
fn unless_heard(t: &[Tok<'_>], sentence: u32) -> Option<usize> {
    let words: Vec<(usize, &str)> = t
        .iter()
        .enumerate()
        .filter(|(_, x)| x.sentence == sentence && x.kind == Kind::Word)
        .map(|(i, x)| (i, x.text))
        .collect();
    words.iter().enumerate().find_map(|(n, &(i, w))| {
        let heard = matches!(
            w,
            "hear"
                | "heard"
                | "news"
                | "word"
                | "update"
                | "response"
                | "reply"
                | "replied"
                | "responded"
                | "called"
                | "rung"
                | "rang"
                | "emailed"
                | "contacted"
        );
        let before = &words[n.saturating_sub(4)..n];
        let negated = before
            .iter()
            .any(|(_, b)| matches!(*b, "not" | "t" | "no" | "haven" | "hasn" | "don" | "didn" | "without"));
        (heard && negated).then_some(i)
    })
}

/// Every instruction to the candidate in the tokens.
pub fn instructions(t: &[Tok<'_>]) -> Vec<Instruction> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if let Some((mut channel, end)) = verb(t, i) {
            if candidate_acts(t, i, end) {
                // "follow up by phone", "check in via email"
                let mut k = end;
                while any(t, k, PEOPLE) || any(t, k, &["with", "to", "again", "back"]) {
                    k += 1;
                }
                if channel == ContactChannel::Any && any(t, k, &["by", "via", "over"]) {
                    match word(t, k + 1) {
                        Some("phone" | "telephone" | "call") => channel = ContactChannel::Call,
                        Some("email" | "mail" | "e") => channel = ContactChannel::Email,
                        _ => {}
                    }
                }
                let sentence = t[i].sentence;
                out.push(Instruction {
                    channel,
                    start: i,
                    end,
                    sentence,
                    unless_heard: unless_heard(t, sentence),
                });
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}
