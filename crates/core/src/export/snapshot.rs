//! The whole data folder as one JSON document: a backup a user can keep,
//! read, diff and restore. The format is documented in `docs/snapshot.md`;
//! this module is its one reader and writer.
//!
//! A snapshot opens with `"format": "afterview-snapshot"` and a `version`
//! ([`VERSION`]); a reader refuses a newer version instead of guessing, and
//! a version only rises when a reader of the old one would misread the new
//! (a field added with a default keeps the version). Writing is
//! deterministic: keys in a fixed order, every list sorted by id (or day,
//! or name), two-space indents and a final newline, so the same data gives
//! the same bytes and exporting what was restored gives the file back.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::Holiday;
use crate::ics::ExportedEvent;
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::MessageKind;
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record, TaskState};
use crate::plan::TaskId;

/// What `format` holds in every snapshot.
pub const FORMAT: &str = "afterview-snapshot";
/// The version this build writes, and the newest it reads.
pub const VERSION: u32 = 1;
/// The largest snapshot read: far beyond any one person's job search
/// (2,000 applications with long notes are a few MB).
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// Everything in one user's data folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format's version, [`VERSION`] when written by this build.
    pub version: u32,
    pub applications: Vec<Record<ApplicationId, Application>>,
    pub people: Vec<Record<PersonId, Person>>,
    pub involvements: Vec<Involvement>,
    pub interviews: Vec<Record<InterviewId, Interview>>,
    pub messages: Vec<Record<MessageId, Message>>,
    pub outcomes: Vec<Record<OutcomeId, Outcome>>,
    /// Done, skipped and snoozed tasks, by task id.
    pub task_states: Vec<TaskMark>,
    /// Closure days imported from `.ics` files, by day.
    pub closure_days: Vec<ClosureDay>,
    /// What the last calendar export held, by task id.
    pub exported_events: Vec<Exported>,
    /// The stored facts about the data itself (the demo mark, the calendar
    /// feed's secret, the data folder's id), by key.
    pub meta: BTreeMap<String, String>,
    /// The settings file's text, as written; `null` when there is none.
    pub settings: Option<String>,
    /// The personal word list, in the order the words were added.
    pub words: Vec<String>,
    /// The user's own draft templates, by kind.
    pub templates: Vec<Template>,
}

/// A task's state, with its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskMark {
    pub task: TaskId,
    #[serde(flatten)]
    pub state: TaskState,
}

/// An imported closure day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureDay {
    pub date: Date,
    pub name: String,
}

/// One event of the last calendar export ([`ExportedEvent`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exported {
    pub task: String,
    /// 16 hexadecimal digits: a 64-bit number that JSON readers without big
    /// integers would round.
    pub fingerprint: String,
    pub sequence: u32,
    pub day: Date,
    pub summary: String,
    pub cancelled: bool,
}

/// A user's own template of one message kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub kind: MessageKind,
    pub text: String,
}

impl From<&ExportedEvent> for Exported {
    fn from(e: &ExportedEvent) -> Self {
        Self {
            task: e.task.clone(),
            fingerprint: format!("{:016x}", e.fingerprint),
            sequence: e.sequence,
            day: e.day,
            summary: e.summary.clone(),
            cancelled: e.cancelled,
        }
    }
}

impl Exported {
    /// The event to store again; `None` when the fingerprint is not 16 hex digits.
    pub fn to_event(&self) -> Option<ExportedEvent> {
        let ok = self.fingerprint.len() == 16 && self.fingerprint.bytes().all(|b| b.is_ascii_hexdigit());
        Some(ExportedEvent {
            task: self.task.clone(),
            fingerprint: ok.then(|| u64::from_str_radix(&self.fingerprint, 16).ok()).flatten()?,
            sequence: self.sequence,
            day: self.day,
            summary: self.summary.clone(),
            cancelled: self.cancelled,
        })
    }
}

impl From<&Holiday> for ClosureDay {
    fn from(h: &Holiday) -> Self {
        Self { date: h.date, name: h.name.clone() }
    }
}

impl Snapshot {
    /// An empty snapshot of this version.
    pub fn empty() -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: VERSION,
            applications: Vec::new(),
            people: Vec::new(),
            involvements: Vec::new(),
            interviews: Vec::new(),
            messages: Vec::new(),
            outcomes: Vec::new(),
            task_states: Vec::new(),
            closure_days: Vec::new(),
            exported_events: Vec::new(),
            meta: BTreeMap::new(),
            settings: None,
            words: Vec::new(),
            templates: Vec::new(),
        }
    }

    /// Puts every list in its documented order, so the same data writes
    /// the same bytes whatever order it was loaded in. (The word list keeps
    /// its own order: it is the order the words were added.)
    pub fn sort(&mut self) {
        self.applications.sort_by_key(|r| r.id);
        self.people.sort_by_key(|r| r.id);
        self.involvements.sort_by_key(|i| (i.application, i.person));
        self.interviews.sort_by_key(|r| r.id);
        self.messages.sort_by_key(|r| r.id);
        self.outcomes.sort_by_key(|r| r.id);
        self.task_states.sort_by(|a, b| a.task.as_str().cmp(b.task.as_str()));
        self.closure_days.sort_by_key(|d| d.date);
        self.exported_events.sort_by(|a, b| a.task.cmp(&b.task));
        self.templates.sort_by(|a, b| a.kind.as_str().cmp(b.kind.as_str()));
    }

    /// True when it holds no record, state, closure day, exported event or meta value.
    pub fn records_empty(&self) -> bool {
        self.applications.is_empty()
            && self.people.is_empty()
            && self.task_states.is_empty()
            && self.closure_days.is_empty()
            && self.exported_events.is_empty()
            && self.meta.is_empty()
    }

    /// The document, sorted: pretty-printed JSON ending in a newline.
    pub fn to_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.sort();
        let mut text = serde_json::to_string_pretty(&sorted).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Why a file is not a snapshot this build can restore: where (a JSON path
/// such as `interviews[2].start`), what, and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    pub path: Option<String>,
    pub problem: String,
    pub fix: String,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "at {p}: ")?;
        }
        write!(f, "{}; {}", self.problem, self.fix)
    }
}

impl std::error::Error for SnapshotError {}

fn at(path: impl Into<String>, problem: impl Into<String>, fix: impl Into<String>) -> SnapshotError {
    SnapshotError { path: Some(path.into()), problem: problem.into(), fix: fix.into() }
}

const DAMAGED: &str = "restore from an unchanged snapshot (`afterview export json` writes one)";

/// Reads a snapshot: its header first (so a newer version is refused as
/// such, not as a bad field), then the whole, then whether it holds
/// together (unique ids, every reference to a record that is there).
pub fn parse(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    let whole = |problem: String, fix: &str| SnapshotError { path: None, problem, fix: fix.to_owned() };
    if bytes.len() > MAX_BYTES {
        return Err(whole(
            format!("the file is {} MB; a snapshot is at most {} MB", bytes.len() >> 20, MAX_BYTES >> 20),
            "check that it is a file `afterview export json` wrote",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    #[derive(Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        whole(format!("the file is not JSON ({e})"), "give the file `afterview export json` wrote, unchanged")
    })?;
    if header.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(at(
            "format",
            format!("this is not an afterview snapshot (it needs \"format\": \"{FORMAT}\")"),
            "give the file `afterview export json` wrote",
        ));
    }
    let version = header.version.as_ref().and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v > u64::from(VERSION) => {
            return Err(at(
                "version",
                format!("the snapshot is version {v}, newer than this afterview reads (up to {VERSION})"),
                "upgrade afterview to restore it, or export it again with the afterview that wrote it",
            ));
        }
        Some(v) if v >= 1 => {}
        _ => {
            return Err(at(
                "version",
                format!("\"version\" must be a number from 1 to {VERSION}"),
                "give the file `afterview export json` wrote, unchanged",
            ));
        }
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let snapshot: Snapshot = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = inner_path(bytes, &path).unwrap_or(path);
        at(path, e.into_inner().to_string(), DAMAGED)
    })?;
    check(&snapshot)?;
    Ok(snapshot)
}

/// The path inside a record that failed: a record's fields are read
/// through `#[serde(flatten)]`, which loses the path below the record
/// (`interviews[0]`), so the record is read again on its own to find it
/// (`interviews[0].stage`).
fn inner_path(bytes: &[u8], path: &str) -> Option<String> {
    fn below<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Option<String> {
        match serde_path_to_error::deserialize::<_, T>(v) {
            Err(e) if e.path().iter().next().is_some() => Some(e.path().to_string()),
            _ => None,
        }
    }
    let (list, rest) = path.split_once('[')?;
    let n: usize = rest.strip_suffix(']')?.parse().ok()?;
    let all: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let v = all.get(list)?.get(n)?;
    let inner = match list {
        "applications" => below::<Application>(v),
        "people" => below::<Person>(v),
        "interviews" => below::<Interview>(v),
        "messages" => below::<Message>(v),
        "outcomes" => below::<Outcome>(v),
        "task_states" => below::<TaskState>(v),
        _ => None,
    }?;
    Some(format!("{path}.{inner}"))
}

/// Every id once, and every reference to a record the snapshot holds.
fn check(s: &Snapshot) -> Result<(), SnapshotError> {
    fn unique<Id: Ord + Copy + fmt::Display>(
        list: &str,
        ids: impl Iterator<Item = Id>,
    ) -> Result<BTreeSet<Id>, SnapshotError> {
        let mut seen = BTreeSet::new();
        for (n, id) in ids.enumerate() {
            if !seen.insert(id) {
                return Err(at(format!("{list}[{n}].id"), format!("{id} is there twice"), DAMAGED));
            }
        }
        Ok(seen)
    }
    fn positive(list: &str, ids: impl Iterator<Item = i64>) -> Result<(), SnapshotError> {
        for (n, id) in ids.enumerate() {
            if id <= 0 {
                return Err(at(
                    format!("{list}[{n}].id"),
                    format!("{id} is not an id (ids start at 1)"),
                    DAMAGED,
                ));
            }
        }
        Ok(())
    }
    let apps = unique("applications", s.applications.iter().map(|r| r.id))?;
    let people = unique("people", s.people.iter().map(|r| r.id))?;
    unique("interviews", s.interviews.iter().map(|r| r.id))?;
    unique("messages", s.messages.iter().map(|r| r.id))?;
    unique("outcomes", s.outcomes.iter().map(|r| r.id))?;
    positive("applications", s.applications.iter().map(|r| r.id.0))?;
    positive("people", s.people.iter().map(|r| r.id.0))?;
    positive("interviews", s.interviews.iter().map(|r| r.id.0))?;
    positive("messages", s.messages.iter().map(|r| r.id.0))?;
    positive("outcomes", s.outcomes.iter().map(|r| r.id.0))?;
    let app = |path: String, id: ApplicationId| {
        if apps.contains(&id) {
            Ok(())
        } else {
            Err(at(path, format!("names application {id}, which the snapshot does not hold"), DAMAGED))
        }
    };
    let person = |path: String, id: PersonId| {
        if people.contains(&id) {
            Ok(())
        } else {
            Err(at(path, format!("names person {id}, which the snapshot does not hold"), DAMAGED))
        }
    };
    let mut parts = BTreeSet::new();
    for (n, i) in s.involvements.iter().enumerate() {
        app(format!("involvements[{n}].application"), i.application)?;
        person(format!("involvements[{n}].person"), i.person)?;
        if !parts.insert((i.application, i.person)) {
            return Err(at(
                format!("involvements[{n}]"),
                format!("{} on {} is there twice", i.person, i.application),
                DAMAGED,
            ));
        }
    }
    for (n, r) in s.interviews.iter().enumerate() {
        app(format!("interviews[{n}].application"), r.value.application)?;
        let mut panel = BTreeSet::new();
        for (k, p) in r.value.interviewers.iter().enumerate() {
            person(format!("interviews[{n}].interviewers[{k}]"), *p)?;
            if !panel.insert(*p) {
                return Err(at(
                    format!("interviews[{n}].interviewers[{k}]"),
                    format!("{p} is there twice"),
                    DAMAGED,
                ));
            }
        }
    }
    for (n, r) in s.messages.iter().enumerate() {
        app(format!("messages[{n}].application"), r.value.application)?;
        if let Some(p) = r.value.person {
            person(format!("messages[{n}].person"), p)?;
        }
    }
    for (n, r) in s.outcomes.iter().enumerate() {
        app(format!("outcomes[{n}].application"), r.value.application)?;
    }
    unique_by("task_states", "task", s.task_states.iter().map(|t| t.task.as_str().to_owned()))?;
    unique_by("closure_days", "date", s.closure_days.iter().map(|d| d.date))?;
    unique_by("exported_events", "task", s.exported_events.iter().map(|e| e.task.clone()))?;
    unique_by("templates", "kind", s.templates.iter().map(|t| t.kind))?;
    for (n, e) in s.exported_events.iter().enumerate() {
        if e.to_event().is_none() {
            return Err(at(
                format!("exported_events[{n}].fingerprint"),
                format!("\"{}\" is not 16 hexadecimal digits", e.fingerprint),
                DAMAGED,
            ));
        }
    }
    for (n, w) in s.words.iter().enumerate() {
        // The word list is a file of one word a line, `#` starting a comment.
        if w.trim() != w || w.is_empty() || w.starts_with('#') || w.chars().any(char::is_control) {
            return Err(at(
                format!("words[{n}]"),
                format!("{w:?} cannot be a line of the word list"),
                "give each word on its own, without spaces around it or a leading #",
            ));
        }
    }
    Ok(())
}

fn unique_by<K: Ord + fmt::Debug>(
    list: &str,
    key: &str,
    keys: impl Iterator<Item = K>,
) -> Result<(), SnapshotError> {
    let mut seen = BTreeSet::new();
    for (n, k) in keys.enumerate() {
        if let Some(k) = seen.replace(k) {
            return Err(at(format!("{list}[{n}].{key}"), format!("{k:?} is there twice"), DAMAGED));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::showcase;
    use crate::kinds::PersonRole;

    /// The showcase as a snapshot, ids given in order.
    pub(crate) fn sample() -> Snapshot {
        let mut s = Snapshot::empty();
        let (mut next_i, mut next_m, mut next_o, mut next_p) = (1, 1, 1, 1);
        for (n, b) in showcase(Date::constant(2026, 11, 20)).into_iter().enumerate() {
            let app = ApplicationId(n as i64 + 1);
            s.applications.push(Record { id: app, value: b.application });
            let ids: Vec<PersonId> = b
                .people
                .iter()
                .map(|(p, role)| {
                    let id = PersonId(next_p);
                    next_p += 1;
                    s.people.push(Record { id, value: p.clone() });
                    s.involvements.push(Involvement { application: app, person: id, role: *role });
                    id
                })
                .collect();
            for mut iv in b.interviews {
                iv.application = app;
                iv.interviewers = iv.interviewers.iter().map(|p| ids[p.0 as usize]).collect();
                s.interviews.push(Record { id: InterviewId(next_i), value: iv });
                next_i += 1;
            }
            for mut m in b.messages {
                m.application = app;
                m.person = m.person.map(|p| ids[p.0 as usize]);
                s.messages.push(Record { id: MessageId(next_m), value: m });
                next_m += 1;
            }
            for mut o in b.outcomes {
                o.application = app;
                s.outcomes.push(Record { id: OutcomeId(next_o), value: o });
                next_o += 1;
            }
        }
        s.task_states.push(TaskMark {
            task: "thank-you:a1:p1".parse().unwrap(),
            state: TaskState::Done { on: Date::constant(2026, 11, 20) },
        });
        s.closure_days.push(ClosureDay { date: Date::constant(2026, 12, 24), name: "Office closed".into() });
        s.exported_events.push(Exported::from(&ExportedEvent {
            task: "connect:a2".into(),
            fingerprint: u64::MAX,
            sequence: 2,
            day: Date::constant(2026, 11, 21),
            summary: "Acme: connect".into(),
            cancelled: false,
        }));
        s.meta.insert("feed_secret".into(), "x".repeat(40));
        s.settings = Some("[user]\nname = \"Sam\"\n".into());
        s.words = vec!["Grafanix".into(), "kubectl".into()];
        s.templates.push(Template { kind: MessageKind::ThankYou, text: "Dear {{ name }},\n".into() });
        s
    }

    #[test]
    fn written_then_read_is_the_same_and_writes_the_same_bytes() {
        let s = sample();
        let text = s.to_json();
        assert!(text.starts_with("{\n  \"format\": \"afterview-snapshot\",\n  \"version\": 1,\n"), "{text}");
        assert!(text.contains("\"fingerprint\": \"ffffffffffffffff\""));
        let back = parse(text.as_bytes()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.to_json(), text);
        assert_eq!(back.exported_events[0].to_event().unwrap().fingerprint, u64::MAX);
    }

    #[test]
    fn lists_are_written_sorted_whatever_the_order_given() {
        let mut s = sample();
        s.applications.reverse();
        s.people.reverse();
        s.involvements.reverse();
        s.messages.reverse();
        assert_eq!(s.to_json(), sample().to_json());
    }

    #[test]
    fn a_newer_version_is_refused_with_the_fix() {
        let e = parse(br#"{"format": "afterview-snapshot", "version": 2, "applications": "whatever"}"#)
            .unwrap_err();
        assert_eq!(e.path.as_deref(), Some("version"));
        assert!(e.to_string().contains("version 2, newer than this afterview reads (up to 1)"), "{e}");
        assert!(e.fix.contains("upgrade afterview"));
        let e = parse(br#"{"format": "afterview-snapshot", "version": 0}"#).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("version"));
        let e = parse(br#"{"version": 1}"#).unwrap_err();
        assert!(e.to_string().contains("not an afterview snapshot"), "{e}");
    }

    #[test]
    fn a_bad_value_names_its_path() {
        let text = sample().to_json();
        let broken = text.replacen("\"stage\": \"panel\"", "\"stage\": \"lunch\"", 1);
        let e = parse(broken.as_bytes()).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("interviews[0].stage"), "{e}");
        assert!(e.problem.contains("lunch"), "{e}");
        let e = parse(b"{\"format\": \"afterview-snapshot\", \"version\": 1, ").unwrap_err();
        assert!(e.problem.starts_with("the file is not JSON"), "{e}");
        let missing = text.replacen("  \"words\": [\n    \"Grafanix\",\n    \"kubectl\"\n  ],\n", "", 1);
        let e = parse(missing.as_bytes()).unwrap_err();
        assert!(e.problem.contains("missing field `words`"), "{e}");
    }

    #[test]
    fn references_and_ids_must_hold_together() {
        let mut s = sample();
        s.involvements.push(Involvement {
            application: ApplicationId(99),
            person: PersonId(1),
            role: PersonRole::Reference,
        });
        let e = parse(s.to_json().as_bytes()).unwrap_err();
        assert!(e.to_string().contains("names application a99"), "{e}");
        let mut s = sample();
        let dup = s.people[0].clone();
        s.people.push(dup);
        let e = parse(s.to_json().as_bytes()).unwrap_err();
        assert!(e.to_string().contains("p1 is there twice"), "{e}");
        let mut s = sample();
        s.words.push("two\nlines".into());
        assert_eq!(parse(s.to_json().as_bytes()).unwrap_err().path.as_deref(), Some("words[2]"));
        let mut s = sample();
        s.exported_events[0].fingerprint = "xyz".into();
        assert!(parse(s.to_json().as_bytes()).is_err());
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "null",
            "[]",
            "{}",
            "\"x\"",
            "{\"format\": 1}",
            "{\"format\":\"afterview-snapshot\",\"version\":1e9}",
        ] {
            assert!(parse(s.as_bytes()).is_err(), "{s:?}");
        }
    }
}
