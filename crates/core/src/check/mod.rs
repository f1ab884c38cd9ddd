//! The message checker (RULEBOOK §6): a note, its kind and its context in;
//! findings out, each with a code, severity, line, column, the excerpt, a
//! message that says how to fix it, and the rule. Pure: the dictionary is
//! compiled into the binary, and the names and personal words it accepts
//! come in with the context.
//!
//! Precision comes first: a good note raises nothing. Every content rule
//! matches phrases in context (see `rules`), names from the record and the
//! user's own words are never spelling mistakes, and a slip in the
//! recipient's or the company's name is reported as such, as an error.

mod money;
mod names;
pub(crate) mod pattern;
mod rules;
pub(crate) mod text;

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Serialize;

use crate::kinds::{MessageKind, string_enum};
use crate::settings::Checker as Limits;
use crate::suggest::{edit_distance, typo_distance};
use pattern::{Pattern, first_match};
use text::{Text, eq, plain};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

string_enum! {
    /// What a finding is about: the codes of RULEBOOK §6, in its order.
    pub enum Code ("finding code") {
        Placeholder = "placeholder",
        RecipientName = "recipient-name",
        CompanyName = "company-name",
        Salary = "salary",
        MissingThanks = "missing-thanks",
        Spelling = "spelling",
        Negotiation = "negotiation",
        Length = "length",
        Questions = "questions",
        Desperation = "desperation",
        Pressure = "pressure",
        Gift = "gift",
        Social = "social",
        Personal = "personal",
        Bragging = "bragging",
        MissingInterest = "missing-interest",
        MissingFit = "missing-fit",
        MissingSpecifics = "missing-specifics",
        TooSimilar = "too-similar",
    }
}

/// One problem in a message. Serialises to RULEBOOK §7's finding object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub excerpt: String,
    pub message: String,
    pub rule: String,
}

/// What the checker knows about the message beyond its text.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The person the note is to.
    pub recipient: Option<String>,
    /// The company the note is to.
    pub company: Option<String>,
    pub role: Option<String>,
    /// The user's other applications' companies, which must not appear.
    pub other_companies: Vec<String>,
    /// What the interview was about (for `missing-specifics`).
    pub topics: Vec<String>,
    /// Names the spelling check accepts: people on record, the user's own
    /// name and signature.
    pub names: Vec<String>,
    /// The user's personal word list.
    pub words: Vec<String>,
    /// This employer has made the user an offer on the application: pay
    /// and benefits are now fair to discuss in any kind of note.
    pub offer_made: bool,
}

/// Each phrase rule's patterns, compiled once, in `PHRASE_RULES` order.
fn phrase_patterns() -> &'static [Vec<Pattern>] {
    static P: OnceLock<Vec<Vec<Pattern>>> = OnceLock::new();
    P.get_or_init(|| {
        rules::PHRASE_RULES.iter().map(|r| r.phrases.iter().map(|p| Pattern::new(p)).collect()).collect()
    })
}

struct Out<'t> {
    text: &'t Text<'t>,
    findings: Vec<Finding>,
}

impl Out<'_> {
    fn at(&mut self, code: Code, severity: Severity, (start, end): (usize, usize), message: String) {
        let (line, column) = self.text.position(start);
        let excerpt = self.text.raw.get(start..end).unwrap_or_default().to_owned();
        self.findings.push(Finding {
            code,
            severity,
            line,
            column,
            excerpt,
            message,
            rule: format!("§6 {code}"),
        });
    }

    /// A finding about the whole note: placed on its first line.
    fn whole(&mut self, code: Code, severity: Severity, message: String) {
        let first = self.text.raw.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let start = self.text.raw.find(first).unwrap_or(0);
        let end = start + first.len().min(60);
        let end = (end..=start + first.len()).find(|&e| self.text.raw.is_char_boundary(e)).unwrap_or(start);
        self.at(code, severity, (start, end), message);
    }
}

/// Checks one message.
pub fn check(raw: &str, kind: MessageKind, ctx: &Context, limits: &Limits) -> Vec<Finding> {
    let text = Text::new(raw);
    let mut out = Out { text: &text, findings: Vec::new() };
    placeholders(&mut out);
    let greeting = greeting(&mut out, ctx);
    company_names(&mut out, kind, ctx);
    spelling(&mut out, ctx, greeting);
    phrases(&mut out, kind, ctx);
    structure(&mut out, kind, ctx, limits);
    // By place, then by code as spelled (the order findings have always had).
    out.findings.sort_by_key(|f| (f.line, f.column, f.code.as_str()));
    out.findings
}

/// Checks the notes written for one interview together: each on its own,
/// plus `too-similar` for two notes to different people that differ only
/// in the greeting.
pub fn check_batch(notes: &[(&str, Context)], kind: MessageKind, limits: &Limits) -> Vec<Vec<Finding>> {
    let mut all: Vec<Vec<Finding>> = notes.iter().map(|(t, c)| check(t, kind, c, limits)).collect();
    let bodies: Vec<Vec<String>> = notes.iter().map(|(t, c)| body_words(t, c)).collect();
    for i in 0..notes.len() {
        for j in 0..i {
            let (a, b) = (&notes[i].1.recipient, &notes[j].1.recipient);
            if a.is_some() && a != b && similarity(&bodies[i], &bodies[j]) >= 0.9 {
                let text = Text::new(notes[i].0);
                let mut out = Out { text: &text, findings: Vec::new() };
                out.whole(
                    Code::TooSimilar,
                    Severity::Warning,
                    format!(
                        "this note is the same as the one to {} but for the greeting; mention something you discussed with each person",
                        b.as_deref().unwrap_or("another interviewer")
                    ),
                );
                all[i].extend(out.findings);
            }
        }
    }
    all
}

/// The words of a note without its greeting line and the recipient's names.
fn body_words(raw: &str, ctx: &Context) -> Vec<String> {
    let names: Vec<String> =
        ctx.recipient.iter().flat_map(|r| r.split_whitespace()).map(|w| w.to_lowercase()).collect();
    let mut lines = raw.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let rest: String = if GREETINGS.iter().any(|g| first.trim_start().to_lowercase().starts_with(g)) {
        lines.collect::<Vec<_>>().join("\n")
    } else {
        raw.to_owned()
    };
    Text::new(&rest).words.iter().map(|w| w.text.to_lowercase()).filter(|w| !names.contains(w)).collect()
}

/// Jaccard similarity of word trigrams.
fn similarity(a: &[String], b: &[String]) -> f64 {
    let grams = |w: &[String]| -> HashSet<String> { w.windows(3).map(|g| g.join(" ")).collect() };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() && y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    x.intersection(&y).count() as f64 / x.union(&y).count() as f64
}

fn placeholders(out: &mut Out<'_>) {
    let raw = out.text.raw;
    let bytes = raw.as_bytes();
    let mut bracketed: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let open = bytes[i];
        let close = match open {
            b'[' => b']',
            b'{' => b'}',
            b'<' => b'>',
            _ => {
                i += 1;
                continue;
            }
        };
        let end = bytes[i + 1..].iter().take(48).position(|&b| b == close || b == b'\n').map(|p| i + 1 + p);
        if let Some(e) = end.filter(|&e| bytes[e] == close) {
            let inner = raw[i + 1..e].trim_matches(|c| c == '{' || c == '}' || c == ' ');
            let slot = !inner.is_empty()
                // "[Name]", "[Hiring Manager's Name]", and slash and list
                // slots: "[you/the team]", "[helpful, patient]", "[$X]".
                && inner.chars().all(|c| {
                    c.is_alphabetic() || matches!(c, ' ' | '_' | '.' | '-' | '\'' | '\u{2019}' | '/' | ',' | '$' | '&')
                })
                && inner.chars().any(char::is_alphabetic)
                && (open != b'<' || inner.chars().any(char::is_uppercase) || inner.contains('_'));
            if slot {
                let end = if open == b'{' && bytes.get(e + 1) == Some(&b'}') { e + 2 } else { e + 1 };
                bracketed.push((i, end));
                out.at(
                    Code::Placeholder,
                    Severity::Error,
                    (i, end),
                    format!(
                        "\"{}\" is a template slot left unfilled; replace it with the real text",
                        &raw[i..end]
                    ),
                );
                i = end;
                continue;
            }
        }
        i += 1;
    }
    for w in &out.text.words.clone() {
        let t = w.text;
        let marker = matches!(t, "TODO" | "TBD" | "FIXME" | "XX")
            || (t.len() >= 3 && t.chars().all(|c| c == 'X'))
            || (t.len() >= 3 && t.chars().all(|c| c == 'x') && t.len() <= 6);
        if marker {
            out.at(
                Code::Placeholder,
                Severity::Error,
                (w.start, w.end),
                format!("\"{t}\" marks something still to write; finish it before sending"),
            );
        }
    }
    unbracketed_slots(out, &bracketed);
    let mut k = 0;
    while let Some(p) = raw[k..].find("___") {
        let start = k + p;
        let end = start + raw[start..].chars().take_while(|&c| c == '_').count();
        out.at(
            Code::Placeholder,
            Severity::Error,
            (start, end),
            "a blank (\"___\") is left to fill in".to_owned(),
        );
        k = end;
    }
}

/// Template slots written without brackets, each word capitalised as a
/// template has them ("Your Name", "Company Name"): in running prose
/// "your name" is lowercase.
const SLOTS: &[&str] = &[
    "your (full|first|last)? name",
    "your (email|e-mail) address?",
    "your (phone|telephone|mobile) number?",
    "your (address|title|signature|job title|contact information|contact details)",
    "(company|company's|organization|organisation|employer|employer's|firm|business|school|university) name",
    "(hiring manager's|hiring manager|interviewer's|interviewer|recruiter's|recruiter|recipient's|recipient|contact's|contact|manager's|person's|reference's) (first|last|full)? name",
    "(first|last|full) name",
    "(position|job|role) (title|name)",
    "(interview|start) date",
    "date of (the)? interview",
];

fn slot_patterns() -> &'static [Pattern] {
    static P: OnceLock<Vec<Pattern>> = OnceLock::new();
    P.get_or_init(|| SLOTS.iter().map(|p| Pattern::new(p)).collect())
}

const TITLE_WORDS: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr"];

/// Slots without brackets: "Your Name", "Company Name", a slot in
/// parentheses ("(Company Name)"), and an unmade choice of title
/// ("Mr./Ms.").
fn unbracketed_slots(out: &mut Out<'_>, bracketed: &[(usize, usize)]) {
    let text = out.text;
    let raw = text.raw;
    let inside_reported = |start: usize| bracketed.iter().any(|&(s, e)| start >= s && start < e);
    let mut found: Vec<((usize, usize), String)> = Vec::new();
    for (a, b) in first_match(slot_patterns(), text) {
        let capitalised =
            text.words[a..b].iter().all(|w| w.text.chars().next().is_some_and(char::is_uppercase));
        let (s, e) = text.span(a, b);
        if capitalised && !inside_reported(s) {
            found.push((
                (s, e),
                format!("\"{}\" is a template slot left unfilled; replace it with the real text", &raw[s..e]),
            ));
        }
    }
    for (k, w) in text.words.iter().enumerate() {
        let Some(next) = text.words.get(k + 1) else { break };
        let between = &raw[w.end..next.start];
        if TITLE_WORDS.contains(&text.lower[k].as_str())
            && TITLE_WORDS.contains(&text.lower[k + 1].as_str())
            && matches!(between, "/" | "./" | " / " | ". / ")
        {
            let end = if raw[next.end..].starts_with('.') { next.end + 1 } else { next.end };
            found.push((
                (w.start, end),
                format!("\"{}\" leaves the choice of title open; write the one they use", &raw[w.start..end]),
            ));
        }
    }
    for (span, message) in found {
        out.at(Code::Placeholder, Severity::Error, span, message);
    }
}

const GREETINGS: &[&str] =
    &["dear", "hi", "hello", "hey", "good morning", "good afternoon", "good evening", "greetings", "morning"];
const TITLES: &[&str] = &["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam"];
const GENERIC: &[&str] = &[
    "team",
    "all",
    "everyone",
    "hiring",
    "manager",
    "committee",
    "panel",
    "there",
    "folks",
    "recruiter",
    "sir",
    "madam",
    "friends",
    "colleagues",
    "whom",
];

/// The recipient's name in the greeting: misspelled or someone else's is an
/// error. Returns the byte span of the greeting's name, which spelling skips.
fn greeting(out: &mut Out<'_>, ctx: &Context) -> Option<(usize, usize)> {
    let words = &out.text.words;
    let raw = out.text.raw;
    let line_end_at = |start: usize| raw[start..].find('\n').map_or(raw.len(), |p| start + p);
    // A draft opens with its subject line; the greeting is the next line.
    let mut g = 0;
    if words.first().is_some_and(|w| eq(w.text, "subject") && raw[w.end..].starts_with(':')) {
        let subject_end = line_end_at(words[0].start);
        g = words.iter().position(|w| w.start > subject_end)?;
    }
    let first = words.get(g)?;
    let line_end = line_end_at(first.start);
    // "Good morning", "Hi", "Dear"; or the name alone ("Maria,").
    let lead = GREETINGS.iter().find_map(|greeting| {
        let parts: Vec<&str> = greeting.split(' ').collect();
        parts
            .iter()
            .enumerate()
            .all(|(k, p)| words.get(g + k).is_some_and(|w| w.start < line_end && eq(w.text, p)))
            .then_some(parts.len())
    });
    let lead = match lead {
        Some(n) => n,
        None => {
            // A bare name is a greeting only as a line of its own that ends
            // in a comma ("Maria," or "Tom Chen,"), and only when it is (or
            // nearly is) a name afterview knows: "Thanks," or "Apologies,"
            // on a line of their own are no greeting.
            let line = raw[first.start..line_end].trim_end();
            let names = words[g..].iter().take_while(|w| w.start < line_end).count();
            let capitalised =
                words[g..g + names].iter().all(|w| w.text.chars().next().is_some_and(char::is_uppercase));
            let known: Vec<&str> =
                ctx.recipient.iter().chain(&ctx.names).flat_map(|n| n.split_whitespace()).collect();
            let a_known_name = words[g..g + names].iter().any(|w| {
                known.iter().any(|p| {
                    plain(w.text) == plain(p) || typo_distance(w.text, p) <= (p.chars().count() / 4).max(1)
                })
            });
            if !(line.ends_with(',')
                && (1..=3).contains(&names)
                && capitalised
                && a_known_name
                && words[g + names - 1].end + 1 == first.start + line.len())
            {
                return None;
            }
            0
        }
    };
    let mut i = g + lead;
    while words.get(i).is_some_and(|w| w.start < line_end && TITLES.iter().any(|t| eq(w.text, t))) {
        i += 1;
    }
    let name_words: Vec<usize> = (i..words.len())
        .take_while(|&k| {
            words[k].start < line_end && words[k].text.chars().next().is_some_and(char::is_uppercase)
        })
        .take(3)
        .collect();
    let (&a, &b) = (name_words.first()?, name_words.last()?);
    let span = (words[a].start, words[b].end);
    // "Dear [Name]," is a placeholder, reported as one.
    if out.text.raw[..span.0].ends_with(['[', '{', '<']) {
        return Some(span);
    }
    if name_words.iter().any(|&k| GENERIC.iter().any(|g| eq(words[k].text, g))) {
        return Some(span);
    }
    let recipient = ctx.recipient.as_deref()?;
    let written = &out.text.raw[span.0..span.1];
    let parts: Vec<&str> = recipient.split_whitespace().collect();
    // The first name may be a nickname: "Bill" for William (§6 Names).
    let accepted = |w: &str| {
        plain(w) == plain(recipient)
            || parts.iter().any(|p| plain(w) == plain(p))
            || parts.first().is_some_and(|p| names::is_nickname(w, p))
    };
    let all_ok = name_words.iter().all(|&k| accepted(words[k].text));
    if all_ok {
        return Some(span);
    }
    let close = name_words.iter().any(|&k| {
        let w = words[k].text;
        parts.iter().any(|p| {
            let d = typo_distance(w, p);
            d > 0 && d <= (p.chars().count() / 4).max(1)
        })
    });
    // Someone else on record whose name the greeting uses: not the
    // recipient themselves ("Maria Chen" to Maria Lopez names Tom Chen).
    let someone_else = ctx.names.iter().filter(|n| !n.eq_ignore_ascii_case(recipient)).find(|n| {
        let n_parts: Vec<&str> = n.split_whitespace().collect();
        name_words.iter().any(|&k| n_parts.iter().any(|p| eq(words[k].text, &p.to_lowercase())))
    });
    let nearest = parts.iter().copied().min_by_key(|p| typo_distance(written, p)).unwrap_or(recipient);
    let message = if close {
        format!("\"{written}\" misspells the recipient's name: write \"{nearest}\"")
    } else if let Some(other) = someone_else {
        format!("the greeting names {other}, but this note is to {recipient}")
    } else {
        format!("the greeting names \"{written}\", but this note is to {recipient}")
    };
    out.at(Code::RecipientName, Severity::Error, span, message);
    Some(span)
}

/// Another company from the user's applications, named where this one
/// should be.
fn company_names(out: &mut Out<'_>, kind: MessageKind, ctx: &Context) {
    let text = out.text;
    // An offer notice names the company that made the offer on purpose, in
    // the sentence about it; anywhere else ("Acme remains my first choice",
    // to Initech) another company is a slip.
    let about_the_offer = |word: usize| {
        let sentence = text.words[word].sentence;
        kind == MessageKind::OfferNotice
            && (0..text.words.len())
                .filter(|&k| text.words[k].sentence == sentence)
                .any(|k| matches!(text.lower[k].as_str(), "offer" | "offers" | "offered"))
    };
    let bare = |w: &str| -> String { w.trim_end_matches("'s").trim_end_matches("\u{2019}s").to_owned() };
    for other in &ctx.other_companies {
        if ctx.company.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(other)) {
            continue;
        }
        let parts: Vec<&str> = other.split_whitespace().collect();
        if parts.is_empty() {
            continue;
        }
        for i in 0..text.words.len() {
            let hit = parts.iter().enumerate().all(|(k, p)| {
                text.words
                    .get(i + k)
                    .is_some_and(|w| bare(w.text) == *p || (k > 0 && eq(&bare(w.text), &p.to_lowercase())))
            });
            if hit && !about_the_offer(i) {
                let span = text.span(i, i + parts.len());
                let this = ctx.company.as_deref().unwrap_or("the company you are writing to");
                out.at(
                    Code::CompanyName,
                    Severity::Error,
                    span,
                    format!("\"{other}\" is another company you applied to; this note is for {this}"),
                );
            }
        }
    }
}

fn is_acronym(w: &str) -> bool {
    w.chars().count() <= 6
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && w.chars().count() > 1
}

/// Words in neither the dictionary, the record's names nor the user's list;
/// near-misses of the recipient's or the company's name are errors.
fn spelling(out: &mut Out<'_>, ctx: &Context, greeting: Option<(usize, usize)>) {
    let text = out.text;
    let mut known: HashSet<String> = HashSet::new();
    let sources =
        ctx.names.iter().chain(&ctx.words).chain(&ctx.recipient).chain(&ctx.company).chain(&ctx.role);
    for s in sources.chain(&ctx.other_companies).chain(&ctx.topics) {
        for w in Text::new(s).words {
            known.insert(plain(w.text));
            for part in w.text.split('-') {
                known.insert(plain(part));
            }
        }
    }
    let recipient_parts: Vec<&str> = ctx.recipient.iter().flat_map(|r| r.split_whitespace()).collect();
    let company_parts: Vec<&str> = ctx.company.iter().flat_map(|c| c.split_whitespace()).collect();
    let raw = text.raw;
    let signature = text.layout().signature;
    // A note with more unknown words than this is not prose (or not
    // English): report the first ones, and suggest for the first few.
    const MAX_SPELLING: usize = 50;
    const MAX_SUGGESTED: usize = 20;
    let mut reported = 0;
    for w in &text.words {
        if reported >= MAX_SPELLING {
            break;
        }
        if greeting.is_some_and(|(a, b)| w.start >= a && w.end <= b) {
            continue;
        }
        // The signature names the sender, whether or not `user.name` is set
        // (§6 Names): "Maya Bakker" is no slip for "baker".
        if signature.is_some_and(|s| w.start >= s) && w.text.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // URLs, emails, handles and file names are not prose.
        let before = raw[..w.start].chars().next_back();
        let after = raw[w.end..].chars().next();
        if matches!(before, Some('@' | '/' | '.' | '#' | '_' | ':'))
            || matches!(after, Some('@' | '/' | '_' | ':'))
            || (after == Some('.') && raw[w.end + 1..].chars().next().is_some_and(char::is_alphanumeric))
        {
            continue;
        }
        let word = w.text.trim_end_matches("'s").trim_end_matches("\u{2019}s");
        if word.chars().any(|c| c.is_ascii_digit()) || is_acronym(word) || word.chars().count() < 2 {
            continue;
        }
        let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
        let unknown: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| {
                !(known.contains(&plain(p))
                    || afterview_words::contains(p)
                    || is_acronym(p)
                    || p.chars().count() < 2)
            })
            .collect();
        if unknown.is_empty() || known.contains(&plain(word)) || afterview_words::contains(word) {
            continue;
        }
        fn near<'n>(word: &str, targets: &[&'n str]) -> Option<&'n str> {
            targets.iter().copied().find(|t| {
                let d = typo_distance(word, t);
                t.chars().count() >= 3 && d > 0 && d <= (t.chars().count() / 4).max(1)
            })
        }
        if let Some(name) = near(unknown[0], &recipient_parts) {
            let full = ctx.recipient.as_deref().unwrap_or(name);
            out.at(
                Code::RecipientName,
                Severity::Error,
                (w.start, w.end),
                format!("\"{}\" misspells {full}'s name: write \"{name}\"", w.text),
            );
            continue;
        }
        if let Some(name) = near(unknown[0], &company_parts) {
            out.at(
                Code::CompanyName,
                Severity::Error,
                (w.start, w.end),
                format!("\"{}\" misspells the company's name: write \"{name}\"", w.text),
            );
            continue;
        }
        // A capitalised word that is not a near-miss of a real word is most
        // likely a name or a product: add it to your words to be sure.
        // The likeliest slips first: a swapped pair of letters is one slip.
        let mut suggestions =
            if reported < MAX_SUGGESTED { afterview_words::suggest(unknown[0], 6) } else { Vec::new() };
        suggestions.sort_by_key(|s| typo_distance(s, unknown[0]));
        suggestions.truncate(3);
        let capitalised = unknown[0].chars().next().is_some_and(char::is_uppercase);
        let close = suggestions.iter().any(|s| edit_distance(s, unknown[0]) <= 1);
        if capitalised && !close {
            continue;
        }
        reported += 1;
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            format!(
                " (did you mean {}?)",
                suggestions.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
            )
        };
        out.at(
            Code::Spelling,
            Severity::Warning,
            (w.start, w.end),
            format!(
                "\"{}\" is not in the dictionary{hint}; if it is right, add it with `afterview words add {}`",
                w.text, unknown[0]
            ),
        );
    }
}

/// Pay and perks are fair to discuss once this employer has made an offer:
/// in the reply to it, or in any note on an application that holds one.
fn money_talk_is_fine(kind: MessageKind, ctx: &Context) -> bool {
    kind == MessageKind::OfferReply || ctx.offer_made
}

fn phrases(out: &mut Out<'_>, kind: MessageKind, ctx: &Context) {
    let text = out.text;
    let mut salary_sentences: HashSet<usize> = HashSet::new();
    for (rule, patterns) in rules::PHRASE_RULES.iter().zip(phrase_patterns()) {
        if rule.except.contains(&kind) || (rule.code == Code::Salary && money_talk_is_fine(kind, ctx)) {
            continue;
        }
        for (a, b) in first_match(patterns, text) {
            if !rule.sentence_has.is_empty() {
                let sentence = text.words[a].sentence;
                let found = (0..text.words.len())
                    .filter(|&k| text.words[k].sentence == sentence)
                    .any(|k| rule.sentence_has.contains(&text.lower[k].as_str()));
                if !found {
                    continue;
                }
            }
            if rule.code == Code::Salary {
                salary_sentences.insert(text.words[a].sentence);
            }
            let (s, e) = text.span(a, b);
            out.at(rule.code, rule.severity, (s, e), format!("\"{}\"{}", &text.raw[s..e], rule.advice));
        }
    }
    // Money as figures ("$1,500 a month", "85k"), once a sentence, where no
    // salary phrase was already found in it.
    if !money_talk_is_fine(kind, ctx) {
        let advice = rules::PHRASE_RULES.iter().find(|r| r.code == Code::Salary).map_or("", |r| r.advice);
        for (s, e) in money::pay_figures(text) {
            let sentence = text.words.iter().find(|w| w.end > s).map(|w| w.sentence);
            if sentence.is_some_and(|n| salary_sentences.insert(n)) {
                out.at(Code::Salary, Severity::Error, (s, e), format!("\"{}\"{advice}", &text.raw[s..e]));
            }
        }
    }
    // Repeated exclamation marks.
    let raw = text.raw;
    if let Some(p) = raw.find("!!") {
        out.at(
            Code::Desperation,
            Severity::Warning,
            (p, p + 2),
            "repeated exclamation marks read as needy; one is plenty".into(),
        );
    } else if raw.matches('!').count() > 3 {
        let p = raw.match_indices('!').nth(3).map_or(0, |(i, _)| i);
        out.at(
            Code::Desperation,
            Severity::Warning,
            (p, p + 1),
            "that many exclamation marks read as needy; keep one at most".into(),
        );
    }
}

fn has_any(text: &Text<'_>, cues: &[&str]) -> bool {
    text.lower.iter().any(|w| cues.contains(&w.as_str()))
        || (cues.contains(&"forward") && !text.find(&["look", "forward"]).is_empty())
}

fn structure(out: &mut Out<'_>, kind: MessageKind, ctx: &Context, limits: &Limits) {
    let text = out.text;
    // Length counts the body: not the subject, greeting, sign-off or signature.
    let words = text.body_words();
    let thank_you = kind == MessageKind::ThankYou;
    let max_words = if thank_you { limits.thank_you_max_words } else { limits.other_max_words } as usize;
    if words > max_words {
        out.whole(
            Code::Length,
            Severity::Warning,
            format!("{words} words is long for a {kind}; keep it under {max_words}: a few short paragraphs"),
        );
    }
    let paragraphs = text.paragraphs();
    if paragraphs > limits.max_paragraphs as usize {
        out.whole(
            Code::Length,
            Severity::Warning,
            format!("{paragraphs} paragraphs is too many; keep it to {} or fewer", limits.max_paragraphs),
        );
    }
    let questions: Vec<usize> = text.raw.match_indices('?').map(|(i, _)| i).collect();
    if questions.len() > limits.max_questions as usize {
        let p = questions[limits.max_questions as usize];
        out.at(
            Code::Questions,
            Severity::Warning,
            (p, p + 1),
            format!(
                "{} questions; ask {} at most, the one that matters",
                questions.len(),
                limits.max_questions
            ),
        );
    }
    // Thanks are the point of a thank-you and a rejection reply, and due in
    // a status check and an offer notice; a holiday greeting, a connection
    // note and the rest need none (§6).
    let thanks_due = match kind {
        MessageKind::ThankYou | MessageKind::RejectionReply => Some(Severity::Error),
        MessageKind::StatusCheck | MessageKind::OfferNotice => Some(Severity::Warning),
        _ => None,
    };
    if let Some(severity) = thanks_due.filter(|_| !has_any(text, rules::THANKS)) {
        out.whole(
            Code::MissingThanks,
            severity,
            "the note never thanks them; thank them for their time".into(),
        );
    }
    if matches!(kind, MessageKind::ThankYou | MessageKind::StatusCheck) && !has_any(text, rules::INTEREST) {
        out.whole(
            Code::MissingInterest,
            Severity::Warning,
            "say that you are still interested in the role, and what draws you to it".into(),
        );
    }
    if thank_you && !has_any(text, rules::FIT) {
        out.whole(
            Code::MissingFit,
            Severity::Warning,
            "add a sentence on why you fit: the experience or skills that match what they need".into(),
        );
    }
    if thank_you && !ctx.topics.is_empty() {
        let stems = |s: &str| -> Vec<String> {
            Text::new(s)
                .words
                .iter()
                .map(|w| w.text.to_lowercase())
                .filter(|w| w.chars().count() >= 4 && !rules::STOPWORDS.contains(&w.as_str()))
                .map(|w| w.chars().take(5).collect())
                .collect()
        };
        let note: HashSet<String> = stems(text.raw).into_iter().collect();
        let referred = ctx.topics.iter().any(|t| stems(t).iter().any(|s| note.contains(s)));
        if !referred {
            out.whole(
                Code::MissingSpecifics,
                Severity::Warning,
                format!(
                    "refer to something you discussed, such as {}",
                    ctx.topics.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" or ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests;
