//! First drafts of follow-up messages (RULEBOOK §6), one template per kind,
//! filled from the record: the recipient, the company and role, what was
//! discussed and promised, the candidate's strengths, the stated timeline.
//! A panel's thank-you notes differ from each other in their wording, not
//! only in the greeting (`variant`). Templates are minijinja; a user can
//! replace any of them, and a broken one is reported with its line.
//!
//! A template's first line may be `Subject: …`; the rest is the body.

pub mod mail;

use minijinja::Environment;
use serde::Serialize;

use crate::kinds::MessageKind;

/// Who the message is to.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Recipient {
    pub name: String,
    pub first_name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    /// Where they work, when recorded.
    pub organisation: Option<String>,
    /// They are the agency recruiter on the application: a note to them is
    /// not a note to the client's team.
    pub agency: bool,
}

impl Recipient {
    pub fn new(name: &str) -> Self {
        Recipient { name: name.to_owned(), first_name: greeting_name(name), ..Recipient::default() }
    }
}

/// Titles a name may start with.
const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "mx",
    "miss",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
    "mx.",
    "prof.",
    "rev.",
];
/// What may follow a name after a comma, and is not a given name.
const SUFFIXES: &[&str] = &["phd", "ph.d.", "jr", "jr.", "sr", "sr.", "mba", "md", "esq", "ii", "iii", "iv"];

/// The name a greeting uses: the given name ("Maria Lopez", "Lopez, Maria":
/// Maria), or the title and surname when the name has a title ("Dr. Maria
/// Lopez": Dr. Lopez), as someone who writes their title wants it used.
fn greeting_name(name: &str) -> String {
    let lower = |w: &str| w.to_lowercase();
    let mut name = name.trim();
    if let Some((before, after)) = name.split_once(',') {
        let after = after.trim();
        if after.split_whitespace().all(|w| SUFFIXES.contains(&lower(w).as_str())) {
            name = before.trim();
        } else {
            // "Lopez, Maria": the given name comes after the comma.
            name = after;
        }
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let titled = words.iter().take_while(|w| TITLES.contains(&lower(w).as_str())).count();
    match &words[titled..] {
        [] => name.to_owned(),
        [.., last] if titled > 0 => format!("{} {last}", words[titled - 1]),
        [first, ..] => (*first).to_owned(),
    }
}

/// The candidate, from settings.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Sender {
    pub name: String,
    pub first_name: String,
    pub email: String,
    pub signature: String,
    /// A short profile of strengths ("running large Kubernetes fleets").
    pub profile: String,
}

/// An offer elsewhere, for an offer notice.
#[derive(Debug, Clone, Serialize)]
pub struct OfferElsewhere {
    pub company: String,
    /// "Wed 9 Dec".
    pub deadline: String,
}

/// Everything a template may use.
#[derive(Debug, Clone, Serialize, Default)]
pub struct DraftContext {
    pub to: Recipient,
    pub user: Sender,
    pub company: String,
    pub role: String,
    /// The topic this note leads with (varies across a panel).
    pub topic: Option<String>,
    pub topics: Vec<String>,
    pub promised: Vec<String>,
    /// "on Thursday", "yesterday", "today".
    pub when: String,
    /// The interview's weekday, "Thursday".
    pub interview_day: String,
    /// The decision date they gave, "Thu 10 Dec", if any.
    pub decision: Option<String>,
    pub offer: Option<OfferElsewhere>,
    /// This employer's own offer, when they made one: the day they need an
    /// answer by ("Fri 18 Dec"), or empty when they did not say (F10).
    pub answer_by: Option<String>,
    pub feedback: Option<String>,
    /// 0 for the first interviewer of a panel, 1 for the second, …
    pub variant: usize,
}

/// A rendered draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct TemplateError {
    pub line: Option<usize>,
    pub message: String,
}

const SIGN: &str =
    "{% if user.signature %}{{ user.signature }}{% elif user.name %}{{ user.name }}{% endif %}";

/// The built-in template of a kind.
pub fn builtin(kind: MessageKind) -> String {
    let body = match kind {
        MessageKind::ThankYou => THANK_YOU,
        MessageKind::StatusCheck => STATUS_CHECK,
        MessageKind::HolidayGreeting => HOLIDAY,
        MessageKind::RejectionReply => REJECTION,
        MessageKind::OfferNotice => OFFER,
        MessageKind::OfferReply => OFFER_REPLY,
        MessageKind::ReferenceAlert => REFERENCE,
        MessageKind::Connect => CONNECT,
        MessageKind::Other => OTHER,
    };
    body.replace("{{ sign }}", SIGN)
}

const THANK_YOU: &str = r#"Subject: {% if variant % 2 == 0 %}Thank you for {% if when is startingwith("on ") or when == "recently" %}our conversation {% endif %}{{ when }}{% else %}Thanks, {{ to.first_name }}{% endif %} - {{ role or company }}
{% if variant % 3 == 0 %}Dear{% elif variant % 3 == 1 %}Hi{% else %}Hello{% endif %} {{ to.first_name }},

{% if variant % 3 == 0 %}Thank you for taking the time to meet with me {{ when }} about the {{ role or "open" }} role at {{ company }}.{% elif variant % 3 == 1 %}Thank you for the conversation {{ when }}; I appreciated how openly you described the work at {{ company }}.{% else %}I'm grateful for the time you gave me {{ when }}, and for everything I learned about the {{ role or "open" }} role.{% endif %} {% if topic %}{% if variant % 3 == 0 %}I especially enjoyed our discussion of {{ topic }}, and it made me even more excited about the role.{% elif variant % 3 == 1 %}Our talk about {{ topic }} stayed with me: it is exactly the kind of problem I would be keen to work on.{% else %}Hearing about {{ topic }} confirmed how interested I am in joining the team.{% endif %}{% elif variant % 2 == 0 %}I left even more excited about the role.{% else %}I came away very interested in joining the team.{% endif %}

{% if user.profile %}{% if variant % 2 == 0 %}My experience {{ user.profile }} fits what you described, and I would be glad to bring it to {{ company }}.{% else %}I think my background {{ user.profile }} would let me contribute from the start.{% endif %}{% elif variant % 2 == 0 %}I believe my experience fits what you described, and I would be glad to bring it to {{ company }}.{% else %}I think my background would let me contribute from the start.{% endif %}{% if promised %} As promised, here {% if promised|length > 1 %}are{% else %}is{% endif %} {{ promised|join(" and ") }}.{% endif %}

{% if variant % 3 == 0 %}I look forward to hearing about the next steps.{% elif variant % 3 == 1 %}Thank you again, and I hope to speak with you soon.{% else %}I look forward to staying in touch.{% endif %}

{% if variant % 2 == 0 %}Best regards{% else %}Warm wishes{% endif %},
{{ sign }}
"#;

const STATUS_CHECK: &str = r#"Subject: Checking in on the {{ role or company }} role
Dear {{ to.first_name }},

I hope your week is going well. {% if decision %}When we spoke on {{ interview_day }}, you mentioned a decision by {{ decision }}, so I wanted to check in on the {{ role or "open" }} role.{% else %}I wanted to check in on the {{ role or "open" }} role we discussed on {{ interview_day }}.{% endif %}

I remain very interested in joining {{ company }}, and I'm happy to share anything else that would help. Thank you again for your time and consideration.

Best regards,
{{ sign }}
"#;

const HOLIDAY: &str = r#"Subject: Season's greetings
Dear {{ to.first_name }},

{% if to.agency %}As the year draws to a close, I wanted to wish you{% if to.organisation %} and everyone at {{ to.organisation }}{% endif %} a restful holiday season. Thank you for all your help with my search this year; I'm still very much looking forward to hearing about the {{ role or "open" }} role at {{ company }} in the new year.{% else %}As the year draws to a close, I wanted to wish you and the team at {{ company }} a restful holiday season. Thank you for your help this year; I'm still very much looking forward to hearing about the {{ role or "open" }} role in the new year.{% endif %}

Warm wishes,
{{ sign }}
"#;

const REJECTION: &str = r#"Subject: Thank you
Dear {{ to.first_name }},

Thank you for letting me know{% if feedback %}, and for the feedback, which I will put to good use{% endif %}. I enjoyed meeting the team at {{ company }}, and I would be glad to be considered for future roles there. If you know of openings elsewhere that might suit me, I would welcome an introduction.

All the best,
{{ sign }}
"#;

const OFFER: &str = r#"Subject: An update on my timeline
Dear {{ to.first_name }},

Thank you again for the conversations about the {{ role or "open" }} role. In fairness to you, I wanted to let you know that I have received an offer from {{ offer.company if offer else "another company" }} and have been asked to respond by {{ offer.deadline if offer else "the end of the week" }}.

I remain very interested in the role at {{ company }}, so I wanted to ask whether an update on your timeline might be possible before then. I completely understand if it is not.

Best regards,
{{ sign }}
"#;

const OFFER_REPLY: &str = r#"Subject: Your offer for the {{ role or "open" }} role
Dear {{ to.first_name }},

Thank you so much for the offer to join {{ company }}{% if role %} as {{ role }}{% endif %}. I'm delighted, and grateful for the time everyone gave me during the process.

{% if answer_by %}I'd like to review the written offer carefully, and I will give you my answer by {{ answer_by }}. If any questions come up before then, may I reach out to you?{% else %}I'd like to review the written offer carefully. Could you let me know by when you need my answer?{% endif %}

With thanks again,
{{ sign }}
"#;

const REFERENCE: &str = r#"Subject: A heads-up: {{ company }} may call you
Hi {{ to.first_name }},

I hope you are well! {{ company }} may contact you soon as a reference for a {{ role or "new" }} role{% if topics %}; they are most interested in {{ topics[0] }}{% endif %}. Thank you so much for vouching for me.

Best,
{{ sign }}
"#;

// LinkedIn caps the note with a connection request at 300 characters: a
// line of thanks and a reason to connect, signed with the first name. The
// subject only labels the draft; LinkedIn shows none.
const CONNECT: &str = r#"Subject: Connecting on LinkedIn
Hi {{ to.first_name }},

Thank you for {% if when == "recently" %}our recent conversation{% else %}our conversation {{ when }}{% endif %} about the {{ role or "open" }} role at {{ company }}{% if topic %}; I enjoyed hearing about {{ topic }}{% endif %}. I'd be glad to stay connected.

{{ user.first_name or user.name }}
"#;

const OTHER: &str = r#"Subject: {{ role or company }}
Dear {{ to.first_name }},

Thank you for your time and for everything I learned about {{ company }}. I enjoyed meeting you, and I would be glad to stay in touch.

Best regards,
{{ sign }}
"#;

fn template_error(e: &minijinja::Error) -> TemplateError {
    let mut message = e.detail().map_or_else(|| e.kind().to_string(), str::to_owned);
    if message.is_empty() {
        message = e.to_string();
    }
    TemplateError { line: e.line(), message }
}

/// Checks a template the way a draft uses it, so a broken one is refused
/// when it is checked rather than when a draft is due: it must compile, and
/// render as [`render`] renders it (an unknown variable or filter is an
/// error) against records with every optional fact and with none, for each
/// place on a panel. Whatever `render` would refuse for a real record, this
/// refuses too.
pub fn validate(source: &str) -> Result<(), TemplateError> {
    let mut env = Environment::new();
    env.add_template_owned("t", source.to_owned()).map_err(|e| template_error(&e))?;
    for (ctx, when) in samples() {
        render(MessageKind::Other, &ctx, Some(source))
            .map_err(|e| TemplateError { line: e.line, message: format!("{}{when}", e.message) })?;
    }
    Ok(())
}

/// Records to try a template on: one with every optional fact a draft may
/// carry, one with none of them (the user's name not set yet, no topics, no
/// decision date…), each for the first few places on a panel (the built-in
/// templates vary by `variant % 2` and `% 3`).
fn samples() -> Vec<(DraftContext, &'static str)> {
    let full = DraftContext {
        to: Recipient {
            title: Some("Engineering Manager".into()),
            email: Some("maria@acme.example".into()),
            organisation: Some("Northwind Talent".into()),
            agency: true,
            ..Recipient::new("Maria Lopez")
        },
        user: Sender {
            name: "Alex Kim".into(),
            first_name: "Alex".into(),
            email: "alex@example.com".into(),
            signature: "Alex Kim\n555-0100".into(),
            profile: "running large Kubernetes fleets".into(),
        },
        company: "Acme".into(),
        role: "Platform Engineer".into(),
        topic: Some("the on-call rota".into()),
        topics: vec!["the on-call rota".into(), "the migration".into()],
        promised: vec!["a portfolio link".into()],
        when: "on Thursday".into(),
        interview_day: "Thursday".into(),
        decision: Some("Thu 10 Dec".into()),
        offer: Some(OfferElsewhere { company: "Globex".into(), deadline: "Wed 9 Dec".into() }),
        answer_by: Some("Fri 11 Dec".into()),
        feedback: Some("strong on systems design".into()),
        variant: 0,
    };
    let bare = DraftContext {
        to: Recipient::new("Maria Lopez"),
        company: "Acme".into(),
        role: "Platform Engineer".into(),
        when: "recently".into(),
        interview_day: "our call".into(),
        ..DraftContext::default()
    };
    let none = " (for a draft without the optional facts: topics, promises, a decision date, \
                an offer elsewhere, feedback, your name and signature)";
    let mut out = Vec::new();
    for (ctx, when) in [(full, ""), (bare, none)] {
        for variant in 0..6 {
            out.push((DraftContext { variant, ..ctx.clone() }, when));
        }
    }
    out
}

/// Renders a draft from a template (the built-in one when `template` is
/// `None`).
pub fn render(kind: MessageKind, ctx: &DraftContext, template: Option<&str>) -> Result<Draft, TemplateError> {
    let source = template.map_or_else(|| builtin(kind), str::to_owned);
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template_owned("t", source).map_err(|e| template_error(&e))?;
    let text = env
        .get_template("t")
        .and_then(|t| t.render(minijinja::value::Serde(ctx)))
        .map_err(|e| template_error(&e))?;
    let (subject, body) = match text.strip_prefix("Subject:") {
        Some(rest) => {
            let (s, b) = rest.split_once('\n').unwrap_or((rest, ""));
            (s.trim().to_owned(), b.to_owned())
        }
        None => (String::new(), text),
    };
    Ok(Draft { subject, body: tidy(&body) })
}

/// Collapses runs of blank lines and trailing spaces that conditional
/// blocks leave behind.
fn tidy(body: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in body.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "draft/tests.rs"]
mod tests;
