//! Reading emails a job seeker saved (an `.eml` file, or an `.mbox` export
//! of a mailbox) into what afterview would log, without logging anything:
//! per message its Message-ID, its day in the user's time zone, its
//! addresses, its subject, the new text of its body (text/plain preferred,
//! HTML turned to text when it is all there is, quoted history cut off so
//! that only what this message says is read), and whether it carries a
//! calendar invite. [`classify`] then says what kind of message it is
//! (a thank-you, a status check, a reply with a new timeline, a rejection,
//! an offer, an interview invitation, or other) and shows the phrase that
//! decided it.
//!
//! An mbox is read message by message ([`Reader`]): a mailbox of 100 MB
//! never sits in memory whole, and each message keeps only its new text.
//! MIME, transfer encodings and charsets are mail-parser's work.

use std::fmt;
use std::io::{BufRead, Read};
use std::sync::LazyLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use mail_parser::mailbox::mbox::MessageIterator;
use mail_parser::{MessageParser, MimeHeaders, PartType};
use serde::Serialize;

use crate::check::pattern::{Pattern, first_match};
use crate::check::text::Text;
use crate::kinds::{Direction, MessageKind};
use crate::timeline::{self, Context, Reading, ReadingKind};

/// The longest new text kept of one message: a reply's new part is a few
/// paragraphs; past this it is a newsletter or a pasted document.
const MAX_BODY: usize = 20_000;
/// The largest single `.eml` read: one message with its attachments.
const MAX_EML: u64 = 64 * 1024 * 1024;

/// An address as a message gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub name: Option<String>,
    /// Lowercased, so addresses compare as mail servers do in practice.
    pub email: String,
}

impl Address {
    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.email.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(n) => write!(f, "{n} <{}>", self.email),
            None => f.write_str(&self.email),
        }
    }
}

/// One message, as afterview reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mail {
    /// Its place in the file (1 for the first message).
    pub number: usize,
    /// The line of the file it starts on (an mbox message's `From ` line).
    pub line: u64,
    /// The Message-ID without its angle brackets; a message without one
    /// gets `no-id-<hash>@afterview` from its bytes, the same on every read.
    pub message_id: String,
    /// The day it was sent, in the user's time zone.
    pub date: Option<Date>,
    pub from: Option<Address>,
    /// To and Cc.
    pub to: Vec<Address>,
    pub subject: Option<String>,
    /// The new text of the body: quoted history and signature cut off.
    pub body: String,
    /// It carries a text/calendar part (an invitation to import with
    /// `afterview import invite`).
    pub invite: bool,
}

/// Why a file (or one message of it) cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailError {
    /// The message of the file (1 for the first), when one is at fault.
    pub message: Option<usize>,
    pub line: Option<u64>,
    pub problem: String,
    pub fix: String,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.message, self.line) {
            (Some(m), Some(l)) => write!(f, "message {m} (line {l}): ")?,
            (Some(m), None) => write!(f, "message {m}: ")?,
            (None, Some(l)) => write!(f, "line {l}: ")?,
            (None, None) => {}
        }
        write!(f, "{}; {}", self.problem, self.fix)
    }
}

impl std::error::Error for EmailError {}

const FIX: &str = "give an .eml file (one message, \"Save as\" or \"Download message\" in a mail program) or an .mbox file (a mailbox export, such as Google Takeout's)";

fn whole(problem: impl Into<String>) -> EmailError {
    EmailError { message: None, line: None, problem: problem.into(), fix: FIX.to_owned() }
}

enum Inner<R> {
    Mbox(MessageIterator<R>),
    One(Option<R>),
}

/// The messages of one file, read one at a time: an mbox (it starts with a
/// `From ` line) or a single message.
pub struct Reader<R> {
    inner: Inner<R>,
    zone: TimeZone,
    number: usize,
    /// The line the next mbox message starts on.
    line: u64,
    failed: bool,
}

impl<R: BufRead> Reader<R> {
    /// Looks at the start of the file to tell an mbox from a message.
    pub fn new(mut reader: R, zone: TimeZone) -> Result<Self, EmailError> {
        let start = reader.fill_buf().map_err(|e| whole(format!("it cannot be read ({e})")))?;
        if start.is_empty() {
            return Err(whole("the file is empty"));
        }
        if start.iter().take(8192).any(|&b| b == 0) {
            return Err(whole("it is a binary file, not an email"));
        }
        let inner = if start.starts_with(b"From ") {
            Inner::Mbox(MessageIterator::new(reader))
        } else {
            Inner::One(Some(reader))
        };
        Ok(Self { inner, zone, number: 0, line: 1, failed: false })
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Mail, EmailError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = match &mut self.inner {
            Inner::Mbox(messages) => {
                let m = match messages.next()? {
                    Ok(m) => m,
                    Err(e) => {
                        self.failed = true;
                        return Some(Err(whole(format!("it cannot be read ({e})"))));
                    }
                };
                self.number += 1;
                // A message starts on its `From ` line, which is not in the
                // contents; a `>From ` line unescaped is still one line.
                let line = self.line;
                let lines = m.contents().iter().filter(|&&b| b == b'\n').count() as u64;
                self.line += 1 + lines;
                let fallback = jiff::Timestamp::from_second(i64::try_from(m.internal_date()).unwrap_or(0))
                    .ok()
                    .filter(|_| m.internal_date() > 0);
                parse(m.contents(), self.number, line, &self.zone, fallback)
            }
            Inner::One(reader) => {
                let mut reader = reader.take()?;
                let mut bytes = Vec::new();
                if let Err(e) = (&mut reader).take(MAX_EML + 1).read_to_end(&mut bytes) {
                    return Some(Err(whole(format!("it cannot be read ({e})"))));
                }
                if bytes.len() as u64 > MAX_EML {
                    return Some(Err(whole(format!(
                        "it is larger than {} MB, too large for one message",
                        MAX_EML / 1024 / 1024
                    ))));
                }
                self.number = 1;
                parse(&bytes, 1, 1, &self.zone, None)
            }
        };
        if item.is_err() {
            self.failed = true;
        }
        Some(item)
    }
}

/// Every message of `bytes` (an `.eml` or an mbox).
pub fn read(bytes: &[u8], zone: &TimeZone) -> Result<Vec<Mail>, EmailError> {
    Reader::new(bytes, zone.clone())?.collect()
}

/// FNV-1a: a stable id for a message that has no Message-ID.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn addresses(a: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    a.into_iter()
        .flat_map(|a| a.iter())
        .filter_map(|a| {
            let email = a.address()?.trim().to_lowercase();
            email.contains('@').then(|| Address {
                name: a
                    .name()
                    .map(str::trim)
                    .filter(|n| !n.is_empty() && !n.contains('@'))
                    .map(str::to_owned),
                email,
            })
        })
        .collect()
}

fn parse(
    bytes: &[u8],
    number: usize,
    line: u64,
    zone: &TimeZone,
    fallback: Option<jiff::Timestamp>,
) -> Result<Mail, EmailError> {
    let bad = |problem: &str| EmailError {
        message: Some(number),
        line: Some(line),
        problem: problem.to_owned(),
        fix: FIX.to_owned(),
    };
    let not_mail = "it is not an email: no From, To, Date, Subject or Message-ID header";
    // A calendar file given here by mistake: say which command reads it.
    if bytes.trim_ascii_start().starts_with(b"BEGIN:VCALENDAR") {
        return Err(EmailError {
            message: Some(number),
            line: Some(line),
            problem: "it is a calendar invitation, not an email".to_owned(),
            fix: "record its interview with `afterview import invite` instead".to_owned(),
        });
    }
    let message = MessageParser::default().parse(bytes).ok_or_else(|| bad(not_mail))?;
    let from = addresses(message.from()).into_iter().next();
    let mut to = addresses(message.to());
    to.extend(addresses(message.cc()));
    let subject = message.subject().map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
    let message_id = message.message_id().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned);
    let when = message
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| jiff::Timestamp::from_second(d.to_timestamp()).ok())
        .or(fallback);
    if from.is_none()
        && to.is_empty()
        && subject.is_none()
        && message_id.is_none()
        && message.date().is_none()
    {
        return Err(bad(not_mail));
    }
    let date = when.map(|t| t.to_zoned(zone.clone()).date());
    let invite = message.parts.iter().any(|p| {
        p.is_content_type("text", "calendar")
            || p.is_content_type("application", "ics")
            || p.attachment_name().is_some_and(|n| n.to_ascii_lowercase().ends_with(".ics"))
    });
    let body = body_text(&message);
    let message_id = message_id.unwrap_or_else(|| format!("no-id-{:016x}@afterview", fnv(bytes)));
    Ok(Mail { number, line, message_id, date, from, to, subject, body: new_text(&body), invite })
}

/// The first text body that is not the calendar itself; HTML turned to
/// text when there is no plain text.
fn body_text(message: &mail_parser::Message<'_>) -> String {
    let calendar = |p: &mail_parser::MessagePart<'_>| p.is_content_type("text", "calendar");
    let text = message.text_body.iter().filter_map(|&i| message.parts.get(i as usize)).find(|p| !calendar(p));
    let part = text.or_else(|| {
        message.html_body.iter().filter_map(|&i| message.parts.get(i as usize)).find(|p| !calendar(p))
    });
    match part.map(|p| &p.body) {
        Some(PartType::Text(t)) => t.to_string(),
        Some(PartType::Html(h)) => mail_parser::decoders::html::html_to_text(h),
        _ => String::new(),
    }
}

/// Whether `line` opens the quoted history: "On Tue, 1 Dec 2026, Maria
/// wrote:" (the attribution may wrap onto the next two lines), Outlook's
/// "-----Original Message-----" or its "From: … Sent: …" block and rule,
/// a forwarded message, a signature's "-- ", a phone's "Sent from my" or
/// "Get Outlook for iOS".
fn history_starts(lines: &[&str], i: usize) -> bool {
    let t = lines[i].trim();
    let lower = t.to_ascii_lowercase();
    let attribution = (lower.starts_with("on ") || lower.starts_with("le ") || lower.starts_with("am "))
        && (0..3).any(|k| {
            lines.get(i + k).is_some_and(|l| {
                let l = l.trim_end().to_ascii_lowercase();
                l.ends_with("wrote:") || l.ends_with("a écrit :") || l.ends_with("schrieb:")
            })
        });
    let outlook = (lower.starts_with("from:") || lower.starts_with("*from:*"))
        && (1..5).any(|k| {
            lines.get(i + k).is_some_and(|l| {
                let l = l.trim().to_ascii_lowercase().replace('*', "");
                l.starts_with("sent:") || l.starts_with("date:")
            })
        });
    attribution
        || outlook
        || lines[i] == "-- "
        || t == "--"
        || lower.contains("original message-----")
        || lower.contains("----- original message")
        || lower.contains("forwarded message")
        || lower.starts_with("begin forwarded message")
        || (t.len() >= 10 && t.chars().all(|c| c == '_'))
        || lower.starts_with("sent from my ")
        || lower.starts_with("get outlook for ")
}

/// The body without what it quotes: lines from the history's opening on,
/// and `>` lines anywhere, are left out; blank lines are kept single.
pub fn new_text(body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = body.lines().collect();
    let mut out = String::new();
    for i in 0..lines.len() {
        if history_starts(&lines, i) {
            break;
        }
        let line = lines[i].trim_end();
        if line.trim_start().starts_with('>') {
            continue;
        }
        if line.trim().is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        if out.len() + line.len() > MAX_BODY {
            // Cut on a character boundary: one long line (HTML turned to
            // text can be one) still gives its start.
            let mut end = MAX_BODY.saturating_sub(out.len());
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            out.push_str(&line[..end]);
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// Domains shared by many senders: public mail services, and the hiring
/// systems and schedulers that write on behalf of many companies. An
/// address there says nothing about which company wrote.
const SHARED_DOMAINS: &[&str] = &[
    "163.com",
    "aol.com",
    "ashbyhq.com",
    "calendly.com",
    "fastmail.com",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "greenhouse.io",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "icims.com",
    "icloud.com",
    "lever.co",
    "live.com",
    "mac.com",
    "mail.com",
    "me.com",
    "msn.com",
    "myworkday.com",
    "outlook.com",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "smartrecruiters.com",
    "tutanota.com",
    "web.de",
    "workablemail.com",
    "yahoo.co.uk",
    "yahoo.com",
    "yandex.com",
    "yandex.ru",
    "ymail.com",
    "zoho.com",
];

/// Whether `domain` is a public mail service or a shared hiring system
/// (gmail.com, greenhouse.io), which never identifies a company.
pub fn is_shared_domain(domain: &str) -> bool {
    let d = domain.trim().to_ascii_lowercase();
    SHARED_DOMAINS.iter().any(|s| d == *s || d.ends_with(&format!(".{s}")))
}

/// What kind of email it is, as afterview reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmailKind {
    /// Sent: thanks for an interview.
    ThankYou,
    /// Sent: asking where things stand.
    StatusCheck,
    /// Received: a reply that gives a new timeline or says when to get in
    /// touch (it re-plans, F4).
    Reply,
    Rejection,
    Offer,
    /// Received: asks to schedule an interview (or carries an invite).
    Invitation,
    /// Nothing decided it: logged as it is (a received one still counts as
    /// a reply, F4).
    Other,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ThankYou => "thank-you",
            Self::StatusCheck => "status-check",
            Self::Reply => "reply",
            Self::Rejection => "rejection",
            Self::Offer => "offer",
            Self::Invitation => "interview-invitation",
            Self::Other => "other",
        }
    }

    /// The message kind it is logged as.
    pub fn message_kind(self) -> MessageKind {
        match self {
            Self::ThankYou => MessageKind::ThankYou,
            Self::StatusCheck => MessageKind::StatusCheck,
            _ => MessageKind::Other,
        }
    }
}

impl fmt::Display for EmailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message's kind and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classified {
    pub kind: EmailKind,
    /// The phrase that decided it, as the message writes it; `None` when
    /// nothing did (or the invite part did).
    pub phrase: Option<String>,
    /// The reason in words: `the phrase "…"` or what decided instead.
    pub reason: String,
    /// The timeline the body gives, read from the message's day: what a
    /// reply re-plans from, and an offer's deadline ("let us know by Friday").
    pub reading: Option<Reading>,
}

impl Classified {
    /// For an offer: the day the employer needs an answer by, when the
    /// message says.
    pub fn deadline(&self) -> Option<Date> {
        let r = self.reading.as_ref()?;
        match r.kind {
            ReadingKind::Contact => r.date,
            ReadingKind::Decision => r.latest,
            ReadingKind::None => None,
        }
    }
}

fn patterns(sources: &[&'static str]) -> Vec<Pattern> {
    sources.iter().map(|s| Pattern::new(s)).collect()
}

/// Phrases of a rejection, checked first: "we are unable to offer you the
/// role" is not an offer, "we won't be inviting you to the next round" is
/// not an invitation.
static REJECTION: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    patterns(&[
        "(decided|chosen|elected|opted) to (move forward|go forward|move on|continue) with (other|another|a different) (candidates|candidate|applicants|applicant|person|individual)",
        "(decided|chosen) to (pursue|proceed with|progress|go with|move ahead with) (other|another|a different) (candidates|candidate|applicants|applicant)",
        "(move|moving|go|going) (forward|on) with (other|another) (candidates|candidate|applicants|applicant)",
        "(go|went|going) with (another|a different) (candidate|applicant|person)",
        "(not|won't|will not|unable to|not able to) (be)? (moving|move|proceed|proceeding|progress|progressing|going) (forward|ahead)? with your (application|candidacy)",
        "(not|won't|will not|decided not to|chosen not to) (be)? (moving|move|proceed|proceeding|progress|progressing|take|taking) (you|your application|your candidacy) (forward|further|to the next)",
        "(decided|chosen) not to (proceed|move forward|progress|continue|pursue|extend)",
        "(not|won't|will not) be (moving forward|proceeding|progressing|extending an offer)",
        "(unable|not able|not in a position) to offer you",
        "(unable|not able) to (extend|make) (you)? an offer",
        "regret to (inform|tell|let) you",
        "(you|your application) (were|was|have|has) not been (selected|successful|shortlisted)",
        "you were not (selected|successful)",
        "(not|unsuccessful) (on|in) this occasion",
        "(position|role|vacancy) has (now)? been filled",
        "candidates whose (experience|skills|background|qualifications) more closely",
        "(no longer|not) (be)? considering your (application|candidacy)",
        "will not be offering you",
    ])
});

static OFFER: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    patterns(&[
        "(pleased|happy|delighted|thrilled|excited|glad) to (offer|extend|make) (you)? (an|the|a formal|our)? (offer|position|role)",
        "(pleased|happy|delighted|thrilled|excited|glad) to offer you",
        "(would like|want|like) to (offer|extend) you",
        "(extend|extending|make|making) you (an|a formal|a written) offer",
        "(extend|extending) (an|a formal) offer (of employment)?",
        "offer of employment",
        "(your|the) (offer letter|formal offer|written offer|job offer)",
        "(you have been|you've been) (selected|chosen) (for|to fill) the (position|role)",
        "(accept|acceptance of) (this|the|our) offer",
    ])
});

static INVITATION: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    patterns(&[
        "(invite|inviting) you (to|for) (a|an|the|our)? (interview|onsite|on-site|call|chat|conversation|meeting|panel|final round|next round|technical)",
        "(schedule|set up|arrange|book) (a|an|the|your|our)? (first|second|final|next|technical|phone|video)? (interview|call|chat|onsite|on-site|conversation|meeting|round)",
        "(move|moving|advance|advancing) you (forward)? to the (next|final) (round|stage|step)",
        "(next|final|second) round of interviews",
        "(your|share your|send me your|send your|let me know your) availability",
        "(are|would) you (be)? available (for|to) (a|an)? (interview|call|chat|meeting)",
        "(pick|choose|select|book) a (time|slot) (that works)?",
        "(like|love) to (meet|speak with|talk with|chat with) you (again)? (for|about)? (an|the|a)? (interview|next round|onsite|second)",
    ])
});

static STATUS_CHECK: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    patterns(&[
        "(following|follow|followed) up (on|about|regarding) (my|the|our) (interview|application|conversation|meeting|candidacy|discussion|chat)",
        "(wanted|like|writing) to (follow up|check in|touch base)",
        "(just)? (checking|check) in (on|about|to see|regarding)",
        "(any|an) (update|updates|news) (on|about|regarding) (the|my)",
        "(status|progress) of my (application|candidacy)",
        "(where|how) things (stand|are progressing)",
        "(have|has) there been any (update|updates|news|progress)",
        "(is|are) there any (update|updates|news)",
        "(interview|application) (follow-up|follow up|followup)",
    ])
});

static THANK_YOU: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    patterns(&[
        "(thank|thanks) you? (so|very)? (much)? for (taking)? (the|your)? (time|opportunity|interview|meeting|conversation|chat|speaking|talking|meeting with me|interviewing me)",
        "(thank|thanks) you? (so|very)? (much)? for (having|seeing|meeting) me",
        "(appreciated|appreciate) (the|your) (time|opportunity)",
        "(enjoyed|loved) (speaking|talking|meeting|our conversation|learning)",
        "thank you for (the|today's|yesterday's|our)",
        "(great|pleasure|wonderful) (to|meeting|speaking|talking)",
    ])
});

/// Text with each paragraph on one line (a mail program wraps lines, and a
/// phrase must be found across the wrap), the subject first.
fn joined(subject: Option<&str>, body: &str) -> String {
    let mut out = String::new();
    if let Some(s) = subject {
        let s = s.trim();
        let mut s = s;
        // "Re: Fwd: AW:" say nothing of the message itself.
        loop {
            let lower = s.to_ascii_lowercase();
            let Some(cut) = ["re:", "fwd:", "fw:", "aw:", "wg:"].iter().find(|p| lower.starts_with(**p))
            else {
                break;
            };
            s = s[cut.len()..].trim_start();
        }
        out.push_str(s);
        out.push_str("\n\n");
    }
    for para in body.split("\n\n") {
        out.push_str(&para.split_whitespace().collect::<Vec<_>>().join(" "));
        out.push_str("\n\n");
    }
    out
}

/// The first phrase of `table` in `text`, as written there.
fn phrase(table: &[Pattern], text: &Text<'_>) -> Option<String> {
    let (a, b) = *first_match(table, text).first()?;
    let (s, e) = text.span(a, b);
    Some(text.raw[s..e].to_owned())
}

/// Words of a sentence that asks for an answer to an offer.
const ANSWER_CUES: &[&str] = &[
    "let us know",
    "let me know",
    "respond",
    "response",
    "reply",
    "answer",
    "your decision",
    "accept",
    "sign and return",
    "get back to",
    "deadline",
    "confirm",
];

/// The day an offer is to be answered by: read from the first sentence
/// that asks for an answer ("let us know by Friday"), so a start date
/// elsewhere in the letter ("starting January 11") is not taken for it.
fn answer_by(body: &str, day: Date, ctx: Context<'_>) -> Option<Reading> {
    body.split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| {
            let lower = s.to_lowercase();
            ANSWER_CUES.iter().any(|c| lower.contains(c))
        })
        .map(|s| timeline::read(s, day, ctx))
        .find(|r| r.kind != ReadingKind::None)
}

/// What kind of message `mail` is, sent (`Out`) or received (`In`); its
/// timeline is read from its day on `ctx`'s calendar.
pub fn classify(mail: &Mail, direction: Direction, ctx: Context<'_>) -> Classified {
    let text = joined(mail.subject.as_deref(), &mail.body);
    let words = Text::new(&text);
    let body = joined(None, &mail.body);
    let reading = mail.date.map(|d| timeline::read(&body, d, ctx)).filter(|r| r.kind != ReadingKind::None);
    let by = |kind: EmailKind, table: &[Pattern]| {
        phrase(table, &words).map(|p| Classified {
            kind,
            reason: format!("the phrase \"{p}\""),
            phrase: Some(p),
            reading: reading.clone(),
        })
    };
    let found = match direction {
        Direction::Out => {
            by(EmailKind::StatusCheck, &STATUS_CHECK).or_else(|| by(EmailKind::ThankYou, &THANK_YOU))
        }
        Direction::In => by(EmailKind::Rejection, &REJECTION)
            .or_else(|| {
                by(EmailKind::Offer, &OFFER).map(|mut c| {
                    if let Some(d) = mail.date.and_then(|d| answer_by(&body, d, ctx)) {
                        c.reading = Some(d);
                    }
                    c
                })
            })
            .or_else(|| {
                let invite = mail.invite.then(|| Classified {
                    kind: EmailKind::Invitation,
                    phrase: None,
                    reason: "it carries a calendar invite (text/calendar)".to_owned(),
                    reading: reading.clone(),
                });
                invite.or_else(|| by(EmailKind::Invitation, &INVITATION))
            })
            .or_else(|| {
                let r = reading.clone()?;
                let span = r.span.clone()?;
                let p = body.get(span)?.to_owned();
                Some(Classified {
                    kind: EmailKind::Reply,
                    reason: format!("a new timeline: \"{p}\""),
                    phrase: Some(p),
                    reading: Some(r),
                })
            }),
    };
    found.unwrap_or_else(|| Classified {
        kind: EmailKind::Other,
        phrase: None,
        reason: match direction {
            Direction::Out => "no phrase of a thank-you or a status check".to_owned(),
            Direction::In => {
                "no phrase of a rejection, an offer, an invitation or a timeline: a reply all the same"
                    .to_owned()
            }
        },
        reading,
    })
}

#[cfg(test)]
mod tests;
