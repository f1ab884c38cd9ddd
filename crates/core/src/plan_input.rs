//! Reading the `afterview plan --input` JSON (RULEBOOK §7) into planner
//! facts. Every problem is reported with the path of the field it concerns:
//! `interview.start: "2026-13-01" is not a date …`.

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use crate::calendar::Region;
use crate::kinds::{Culture, Direction, FirstContact, MessageKind, OutcomeKind, PhonePolicy, Stage};
use crate::plan::{Contact, Facts, OtherOffer, Sent, name_key};
use crate::values::{parse_day, parse_start};

/// A field with a bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InputError {
    pub path: String,
    pub message: String,
}

fn err(path: &str, message: impl Into<String>) -> InputError {
    InputError { path: path.to_owned(), message: message.into() }
}

/// What `plan` reads, with the per-run settings the input may override.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub facts: Facts,
    pub region: Option<Region>,
    pub phone_policy: Option<PhonePolicy>,
}

struct Obj<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Obj<'a> {
    fn new(path: &str, v: &'a Value) -> Result<Self, InputError> {
        v.as_object()
            .map(|map| Obj { path: path.to_owned(), map })
            .ok_or_else(|| err(path, format!("expected an object {{…}}, found {}", kind(v))))
    }

    fn at(&self, key: &str) -> String {
        if self.path.is_empty() { key.to_owned() } else { format!("{}.{key}", self.path) }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn str(&self, key: &str) -> Result<Option<&'a str>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(v) => Err(err(&self.at(key), format!("expected text in quotes, found {}", kind(v)))),
        }
    }

    fn bool(&self, key: &str) -> Result<bool, InputError> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(err(&self.at(key), format!("expected true or false, found {}", kind(v)))),
        }
    }

    fn parsed<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, InputError>
    where
        T::Err: std::fmt::Display,
    {
        self.str(key)?.map(|s| s.parse::<T>().map_err(|e| err(&self.at(key), e.to_string()))).transpose()
    }

    fn day(&self, key: &str) -> Result<Option<jiff::civil::Date>, InputError> {
        self.str(key)?.map(|s| parse_day(s).map_err(|e| err(&self.at(key), e.to_string()))).transpose()
    }

    fn list(&self, key: &str) -> Result<&'a [Value], InputError> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(v) => Err(err(&self.at(key), format!("expected a list […], found {}", kind(v)))),
        }
    }

    fn check_keys(&self, known: &[&str]) -> Result<(), InputError> {
        for key in self.map.keys() {
            if !known.contains(&key.as_str()) {
                let mut msg = format!("unknown field; the fields here are {}", known.join(", "));
                if let Some(near) = crate::suggest::closest(key, known.iter().copied()) {
                    msg = format!("unknown field (did you mean \"{near}\"?)");
                }
                return Err(err(&self.at(key), msg));
            }
        }
        Ok(())
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn contact(o: &Obj<'_>) -> Result<Contact, InputError> {
    let name = o
        .str("name")?
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| err(&o.at("name"), "a name is required"))?;
    let email = o.parsed::<crate::values::Email>("email")?.map(|e| e.to_string());
    let time_zone = o.parsed::<crate::values::TimeZoneName>("time_zone")?.map(|z| z.zone());
    Ok(Contact {
        key: name_key(name),
        name: name.to_owned(),
        title: o.str("title")?.map(str::to_owned),
        email,
        time_zone,
    })
}

/// Parses the input. `zone` is used when the interview names no time zone.
pub fn parse(text: &str, zone: &TimeZone) -> Result<PlanRequest, InputError> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        err("input", format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()))
    })?;
    let top = Obj::new("", &root).map_err(|e| err("input", e.message))?;
    top.check_keys(&[
        "interview",
        "company",
        "interviewers",
        "recruiter",
        "references",
        "timeline",
        "first_contact",
        "region",
        "phone_policy",
        "history",
        "other_offer",
        "outcome",
    ])?;
    let iv = Obj::new(
        "interview",
        top.get("interview")
            .ok_or_else(|| err("interview", "required: at least {\"start\": \"2026-11-20T14:00\"}"))?,
    )?;
    iv.check_keys(&[
        "start",
        "duration_minutes",
        "time_zone",
        "stage",
        "references_requested",
        "promised",
        "follow_ups_invited",
    ])?;
    let zone =
        iv.parsed::<crate::values::TimeZoneName>("time_zone")?.map_or_else(|| zone.clone(), |z| z.zone());
    let start_text =
        iv.str("start")?.ok_or_else(|| err("interview.start", "required, e.g. \"2026-11-20T14:00\""))?;
    let start = parse_start(start_text, &zone).map_err(|_| {
        err(
            "interview.start",
            format!(
                "\"{start_text}\" is not a date and time that exists (expected a start like 2026-11-20T14:00)"
            ),
        )
    })?;
    let duration = match iv.get("duration_minutes") {
        None => 60,
        Some(v) => v.as_u64().filter(|n| (1..=24 * 60).contains(n)).ok_or_else(|| {
            err("interview.duration_minutes", format!("expected minutes from 1 to 1440, found {v}"))
        })? as u32,
    };
    let promised = iv
        .list("promised")?
        .iter()
        .enumerate()
        .map(|(n, v)| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| err(&format!("interview.promised[{n}]"), "expected text"))
        })
        .collect::<Result<Vec<_>, _>>()?;

    let (company, culture) = match top.get("company") {
        None => ("the company".to_owned(), Culture::Unknown),
        Some(v) => {
            let c = Obj::new("company", v)?;
            c.check_keys(&["name", "culture"])?;
            (
                c.str("name")?.unwrap_or("the company").to_owned(),
                c.parsed("culture")?.unwrap_or(Culture::Unknown),
            )
        }
    };
    let people = |key: &str| -> Result<Vec<Contact>, InputError> {
        top.list(key)?
            .iter()
            .enumerate()
            .map(|(n, v)| {
                let o = Obj::new(&format!("{key}[{n}]"), v)?;
                o.check_keys(&["name", "title", "email", "time_zone"])?;
                contact(&o)
            })
            .collect()
    };
    let interviewers = people("interviewers")?;
    let references = people("references")?;
    let recruiter = match top.get("recruiter") {
        None => None,
        Some(v) => {
            let o = Obj::new("recruiter", v)?;
            o.check_keys(&["name", "agency", "title", "email", "time_zone"])?;
            Some((contact(&o)?, o.bool("agency")?))
        }
    };
    let history = top
        .list("history")?
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let o = Obj::new(&format!("history[{n}]"), v)?;
            o.check_keys(&["kind", "direction", "date", "to", "timeline"])?;
            Ok(Sent {
                kind: o
                    .parsed::<MessageKind>("kind")?
                    .ok_or_else(|| err(&o.at("kind"), "required, e.g. \"status-check\""))?,
                direction: o.parsed::<Direction>("direction")?.unwrap_or(Direction::Out),
                date: o.day("date")?.ok_or_else(|| err(&o.at("date"), "required, e.g. \"2026-12-14\""))?,
                to: o.str("to")?.map(name_key),
                timeline: o.str("timeline")?.map(str::to_owned),
            })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    let other_offer = match top.get("other_offer") {
        None => None,
        Some(v) => {
            let o = Obj::new("other_offer", v)?;
            o.check_keys(&["company", "deadline", "recorded"])?;
            let deadline =
                o.day("deadline")?.ok_or_else(|| err(&o.at("deadline"), "required, e.g. \"2026-12-18\""))?;
            let recorded = o.day("recorded")?.unwrap_or(start.date());
            Some(OtherOffer {
                company: o.str("company")?.unwrap_or("another company").to_owned(),
                deadline,
                recorded,
            })
        }
    };
    let outcome = match top.get("outcome") {
        None => None,
        Some(v) => {
            let o = Obj::new("outcome", v)?;
            o.check_keys(&["kind", "date"])?;
            let kind: OutcomeKind =
                o.parsed("kind")?.ok_or_else(|| err(&o.at("kind"), "required, e.g. \"rejected\""))?;
            Some((kind, o.day("date")?.ok_or_else(|| err(&o.at("date"), "required, e.g. \"2027-01-08\""))?))
        }
    };
    let key = start.date().strftime("%Y%m%d").to_string();
    Ok(PlanRequest {
        facts: Facts {
            key,
            start,
            duration_minutes: duration,
            stage: iv.parsed("stage")?.unwrap_or(Stage::Video),
            company,
            culture,
            first_contact: top.parsed("first_contact")?.unwrap_or(FirstContact::Other),
            interviewers,
            recruiter,
            references,
            references_requested: iv.bool("references_requested")?,
            follow_ups_invited: iv.bool("follow_ups_invited")?,
            promised,
            timeline: top.str("timeline")?.map(str::to_owned),
            history,
            other_offer,
            outcome,
        },
        region: top.parsed("region")?,
        phone_policy: top.parsed("phone_policy")?,
    })
}
