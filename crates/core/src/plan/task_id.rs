//! The persisted task id (`thank-you:a1:p1`, `status-check:a1:2`). The store
//! keys a task's done / skipped / snoozed state by it, calendar exports use
//! it as the event UID, and users type it after `done`, `skip`, `snooze` and
//! `draft`: so it is built and read here only, and must never change shape.
//!
//! An id is `kind:key`, then, for some kinds, one more part:
//!
//! | kind | id |
//! |---|---|
//! | `thank-you`, `debrief-recruiter` | `kind:key:person` |
//! | `alert-references` | `kind:key:person`, or `kind:key` when no reference is recorded |
//! | `status-check`, `contact-as-instructed` | `kind:key:n`, the n-th check since the interview or the last reply |
//! | `offer-notice` | `kind:key:company`, the other company's name as a slug |
//! | every other kind | `kind:key` |
//!
//! `key` is `plan::Facts::key` (`a12` on the agenda, `20261120` for the
//! stateless `plan`); `person` is `plan::Contact::key` (`p3`, or a name slug
//! such as `maria-lopez`). No part holds a colon or white space; only the
//! person and company parts may be empty (a name with no letter or digit).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::{TaskKind, slug};
use crate::error::InvalidValue;
use crate::ids::ApplicationId;

/// A planned task's stable id. It compares, hashes and sorts as its text,
/// so ordering by id is ordering by the string users see.
#[derive(Clone)]
pub struct TaskId {
    kind: TaskKind,
    text: String,
}

/// What follows `kind:key` in an id of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Nothing: one such task per interview.
    Once,
    /// The person's key.
    Person,
    /// The person's key, or nothing.
    MaybePerson,
    /// The check's number, from 1.
    Nth,
    /// The other company's slug.
    Company,
}

fn shape(kind: TaskKind) -> Shape {
    match kind {
        TaskKind::ThankYou | TaskKind::DebriefRecruiter => Shape::Person,
        TaskKind::AlertReferences => Shape::MaybePerson,
        TaskKind::StatusCheck | TaskKind::ContactAsInstructed => Shape::Nth,
        TaskKind::OfferNotice => Shape::Company,
        TaskKind::HolidayGreeting
        | TaskKind::SaveContacts
        | TaskKind::SendPromised
        | TaskKind::OfferReply
        | TaskKind::RejectionReply
        | TaskKind::Connect => Shape::Once,
    }
}

impl TaskId {
    /// `kind:key`, for a task that comes once per interview (`send-promised:a1`).
    pub fn new(kind: TaskKind, key: &str) -> Self {
        debug_assert!(matches!(shape(kind), Shape::Once | Shape::MaybePerson), "{kind:?} needs more");
        Self::build(kind, key, None)
    }

    /// `kind:key:person`, for a task to one person (`thank-you:a1:p1`).
    pub fn for_person(kind: TaskKind, key: &str, person: &str) -> Self {
        debug_assert!(matches!(shape(kind), Shape::Person | Shape::MaybePerson), "{kind:?} takes no person");
        Self::build(kind, key, Some(person))
    }

    /// `kind:key:n`, the `n`-th status check (or instructed contact) since
    /// the interview or the employer's last reply, from 1 (`status-check:a1:2`).
    pub fn nth(kind: TaskKind, key: &str, n: usize) -> Self {
        debug_assert!(shape(kind) == Shape::Nth && n > 0, "{kind:?} is not counted, or n is 0");
        Self::build(kind, key, Some(&n.to_string()))
    }

    /// `offer-notice:key:company`, with the other company's name as a slug
    /// (`offer-notice:a1:acme-robotics`).
    pub fn offer_notice(key: &str, company: &str) -> Self {
        Self::build(TaskKind::OfferNotice, key, Some(&slug(company)))
    }

    fn build(kind: TaskKind, key: &str, part: Option<&str>) -> Self {
        debug_assert!(segment_ok(key) && !key.is_empty(), "bad key {key:?}");
        debug_assert!(part.is_none_or(segment_ok), "bad part {part:?}");
        // Sized exactly: the agenda builds thousands of these per run.
        let name = kind.as_str();
        let mut text = String::with_capacity(name.len() + 1 + key.len() + part.map_or(0, |p| p.len() + 1));
        text.push_str(name);
        text.push(':');
        text.push_str(key);
        if let Some(part) = part {
            text.push(':');
            text.push_str(part);
        }
        Self { kind, text }
    }

    /// The id as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The kind of task the id names.
    pub fn kind(&self) -> TaskKind {
        self.kind
    }

    /// The planner's key for the interview's facts: `a12` on the agenda.
    pub fn key(&self) -> &str {
        self.text.split(':').nth(1).unwrap_or_default()
    }

    /// The part after the key, if the kind has one: the person's key, the
    /// check's number or the other company's slug.
    pub fn detail(&self) -> Option<&str> {
        self.text.splitn(3, ':').nth(2)
    }

    /// The application the task belongs to, when the key is an application
    /// id (as on the agenda; the stateless `plan` keys by day instead).
    pub fn application(&self) -> Option<ApplicationId> {
        let digits = self.key().strip_prefix(ApplicationId::PREFIX)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().filter(|n| *n > 0).map(ApplicationId)
    }
}

/// A part of an id: no colon, no white space, nothing invisible.
fn segment_ok(s: &str) -> bool {
    !s.chars().any(|c| c == ':' || c.is_whitespace() || c.is_control())
}

/// A check's number as the planner prints it: 1, 2, … (no sign, no leading zero).
fn number_ok(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit())
}

impl FromStr for TaskId {
    type Err = InvalidValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let mut parts = text.split(':');
        let word = parts.next().unwrap_or_default();
        let Some(kind) = TaskKind::ALL.iter().copied().find(|k| k.as_str() == word) else {
            return Err(invalid(s, Some(word)));
        };
        let key_ok = parts.next().is_some_and(|key| !key.is_empty() && segment_ok(key));
        let rest: Vec<&str> = parts.collect();
        let rest_ok = match (shape(kind), rest.as_slice()) {
            (Shape::Once | Shape::MaybePerson, []) => true,
            (Shape::Person | Shape::MaybePerson | Shape::Company, [part]) => segment_ok(part),
            (Shape::Nth, [n]) => number_ok(n),
            _ => false,
        };
        if key_ok && rest_ok { Ok(Self { kind, text: text.to_owned() }) } else { Err(invalid(s, None)) }
    }
}

/// The error for a string that is not a task id, with a corrected id when
/// the kind is a near miss ("thank-yuo:a1:p1").
fn invalid(given: &str, kind_word: Option<&str>) -> InvalidValue {
    let mut expected = "a task id such as \"thank-you:a1:p1\" or \"status-check:a1:1\"; \
                        `afterview agenda` shows each task's id in [brackets]"
        .to_owned();
    let names = || TaskKind::ALL.iter().map(|k| k.as_str());
    let near = kind_word.filter(|w| !w.is_empty()).and_then(|w| {
        names()
            .find(|n| n.eq_ignore_ascii_case(w))
            .or_else(|| crate::suggest::closest(w, names()))
            .map(|n| (w, n))
    });
    if let Some((word, name)) = near {
        let fixed = given.trim().replacen(word, name, 1);
        expected.push_str(&format!(" (did you mean \"{fixed}\"?)"));
    }
    InvalidValue::new(given, expected)
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TaskId").field(&self.text).finish()
    }
}

// Equality, hashing and order are the text's (the kind is read from it), so
// `Borrow<str>` holds: a map keyed by `TaskId` can be asked with a `&str`.
impl PartialEq for TaskId {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for TaskId {}

impl Hash for TaskId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl PartialOrd for TaskId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TaskId {
    fn cmp(&self, other: &Self) -> Ordering {
        self.text.cmp(&other.text)
    }
}

impl Borrow<str> for TaskId {
    fn borrow(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for TaskId {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl serde::Serialize for TaskId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for TaskId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape of id the planner produces, on the agenda (`a…` keys,
    /// `p…` people) and from `plan` (day keys, name slugs).
    const TODAYS_IDS: &[&str] = &[
        "thank-you:a1:p1",
        "thank-you:a12:p30",
        "thank-you:20261120:maria-lopez",
        "thank-you:20261120:josé-garcía",
        "debrief-recruiter:a1:p4",
        "debrief-recruiter:20261120:sam-reed",
        "send-promised:a1",
        "send-promised:20261120",
        "save-contacts:a1",
        "alert-references:a1",
        "alert-references:a1:p3",
        "alert-references:20261120:ruth-adams",
        "status-check:a1:1",
        "status-check:a1:2",
        "status-check:a7:10",
        "status-check:20261120:1",
        "contact-as-instructed:a1:1",
        "holiday-greeting:a1",
        "offer-notice:a1:acme-robotics",
        "offer-notice:20261120:globex",
        "offer-reply:a2",
        "offer-reply:20261120",
        "rejection-reply:a1",
        "connect:a1",
        // A name with no letter or digit slugs to nothing; the id still reads back.
        "thank-you:20261120:",
    ];

    #[test]
    fn todays_ids_parse_and_print_unchanged() {
        for text in TODAYS_IDS {
            let id: TaskId = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(id.to_string(), *text);
            assert_eq!(id.as_str(), *text);
            assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<TaskId>(&format!("\"{text}\"")).unwrap(), id);
        }
    }

    #[test]
    fn every_kind_has_an_id_in_the_list() {
        for kind in TaskKind::ALL {
            assert!(TODAYS_IDS.iter().any(|t| t.parse::<TaskId>().unwrap().kind() == *kind), "{kind:?}");
        }
    }

    #[test]
    fn constructors_build_what_parses() {
        let built = [
            TaskId::for_person(TaskKind::ThankYou, "a1", "p1"),
            TaskId::for_person(TaskKind::DebriefRecruiter, "a1", "p4"),
            TaskId::new(TaskKind::SendPromised, "a1"),
            TaskId::new(TaskKind::SaveContacts, "a1"),
            TaskId::new(TaskKind::AlertReferences, "a1"),
            TaskId::for_person(TaskKind::AlertReferences, "a1", "p3"),
            TaskId::nth(TaskKind::StatusCheck, "a1", 2),
            TaskId::nth(TaskKind::ContactAsInstructed, "a1", 1),
            TaskId::new(TaskKind::HolidayGreeting, "a1"),
            TaskId::offer_notice("a1", "Acme Robotics"),
            TaskId::new(TaskKind::RejectionReply, "a1"),
            TaskId::new(TaskKind::Connect, "a1"),
        ];
        let texts: Vec<&str> = built.iter().map(TaskId::as_str).collect();
        assert_eq!(
            texts,
            [
                "thank-you:a1:p1",
                "debrief-recruiter:a1:p4",
                "send-promised:a1",
                "save-contacts:a1",
                "alert-references:a1",
                "alert-references:a1:p3",
                "status-check:a1:2",
                "contact-as-instructed:a1:1",
                "holiday-greeting:a1",
                "offer-notice:a1:acme-robotics",
                "rejection-reply:a1",
                "connect:a1",
            ]
        );
        for id in &built {
            assert_eq!(id.as_str().parse::<TaskId>().as_ref(), Ok(id));
            assert_eq!(id.as_str().parse::<TaskId>().unwrap().kind(), id.kind());
        }
    }

    #[test]
    fn accessors_read_the_parts() {
        let id: TaskId = "thank-you:a12:p3".parse().unwrap();
        assert_eq!((id.kind(), id.key(), id.detail()), (TaskKind::ThankYou, "a12", Some("p3")));
        assert_eq!(id.application(), Some(ApplicationId(12)));
        let id: TaskId = "send-promised:20261120".parse().unwrap();
        assert_eq!((id.key(), id.detail(), id.application()), ("20261120", None, None));
        assert_eq!("status-check:a1:2".parse::<TaskId>().unwrap().detail(), Some("2"));
    }

    #[test]
    fn ids_sort_and_look_up_as_their_text() {
        let mut ids: Vec<TaskId> = ["status-check:a1:2", "status-check:a1:10", "connect:a2"]
            .iter()
            .map(|t| t.parse().unwrap())
            .collect();
        ids.sort();
        let texts: Vec<&str> = ids.iter().map(TaskId::as_str).collect();
        assert_eq!(texts, ["connect:a2", "status-check:a1:10", "status-check:a1:2"]);
        let map: std::collections::HashMap<TaskId, u8> = ids.into_iter().zip(0..).collect();
        assert_eq!(map.get("connect:a2"), Some(&0));
    }

    #[test]
    fn bad_ids_say_what_an_id_looks_like() {
        let err = "t2:i1:p1".parse::<TaskId>().unwrap_err().to_string();
        assert_eq!(
            err,
            "\"t2:i1:p1\" is not a task id such as \"thank-you:a1:p1\" or \"status-check:a1:1\"; \
             `afterview agenda` shows each task's id in [brackets]"
        );
        let err = "thank-yuo:a1:p1".parse::<TaskId>().unwrap_err().to_string();
        assert!(err.ends_with("(did you mean \"thank-you:a1:p1\"?)"), "{err}");
        let err = "Status-Check:a1:1".parse::<TaskId>().unwrap_err().to_string();
        assert!(err.ends_with("(did you mean \"status-check:a1:1\"?)"), "{err}");
        for bad in [
            "",
            "thank-you",
            "thank-you:",
            "thank-you:a1",
            "thank-you:a1:p1:x",
            "thank-you:a 1:p1",
            "send-promised:a1:p1",
            "status-check:a1",
            "status-check:a1:0",
            "status-check:a1:01",
            "status-check:a1:+2",
            "status-check:a1:two",
            "offer-notice:a1",
        ] {
            assert!(bad.parse::<TaskId>().is_err(), "{bad:?} parsed");
        }
        assert!(serde_json::from_str::<TaskId>("\"t4:i1\"").is_err());
    }

    #[test]
    fn surrounding_space_is_forgiven() {
        assert_eq!(" thank-you:a1:p1\n".parse::<TaskId>().unwrap().as_str(), "thank-you:a1:p1");
    }
}
