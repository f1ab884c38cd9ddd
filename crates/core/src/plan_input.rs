//! Reading the `afterview plan --input` JSON (RULEBOOK §7) into planner
//! facts. The input's shape is declared once, as the `*In` structs below;
//! serde reads it, refusing unknown fields, and every problem is reported
//! with the path of the field it concerns:
//! `interview.start: "2026-13-01" is not a date …`.
//!
//! Every field may be absent or `null` (both mean "not given"); the few that
//! are required are checked after reading, so that their errors can say what
//! to write.

use std::borrow::Cow;
use std::marker::PhantomData;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::calendar::Region;
use crate::kinds::{Culture, Direction, FirstContact, MessageKind, OutcomeKind, PhonePolicy, Stage};
use crate::plan::{Contact, Decided, Facts, OtherOffer, Sent, name_key};
use crate::values::{Email, TimeZoneName, parse_day, parse_start};

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
    pub facts: Facts<'static>,
    pub region: Option<Region>,
    pub phone_policy: Option<PhonePolicy>,
}

// The input, field for field as RULEBOOK §7 shows it. The order of the
// fields is the order an "unknown field" error lists them in.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InputIn {
    interview: Option<Obj<InterviewIn>>,
    company: Option<Obj<CompanyIn>>,
    interviewers: Option<Vec<Obj<PersonIn>>>,
    recruiter: Option<Obj<RecruiterIn>>,
    references: Option<Vec<Obj<PersonIn>>>,
    timeline: Option<String>,
    first_contact: Option<FirstContact>,
    region: Option<RegionIn>,
    phone_policy: Option<PhonePolicy>,
    history: Option<Vec<Obj<SentIn>>>,
    other_offer: Option<Obj<OtherOfferIn>>,
    outcome: Option<Obj<OutcomeIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InterviewIn {
    start: Option<String>,
    duration_minutes: Option<Minutes>,
    time_zone: Option<TimeZoneName>,
    stage: Option<Stage>,
    references_requested: Option<bool>,
    promised: Option<Vec<String>>,
    follow_ups_invited: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanyIn {
    name: Option<String>,
    culture: Option<Culture>,
}

/// An interviewer or a reference.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PersonIn {
    name: Option<String>,
    title: Option<String>,
    email: Option<Email>,
    time_zone: Option<TimeZoneName>,
}

/// A person, and whether they work for an agency.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecruiterIn {
    name: Option<String>,
    agency: Option<bool>,
    title: Option<String>,
    email: Option<Email>,
    time_zone: Option<TimeZoneName>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SentIn {
    kind: Option<MessageKind>,
    direction: Option<Direction>,
    date: Option<Day>,
    to: Option<String>,
    timeline: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OtherOfferIn {
    company: Option<String>,
    deadline: Option<Day>,
    recorded: Option<Day>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeIn {
    kind: Option<OutcomeKind>,
    date: Option<Day>,
    /// For an offer: the day they need an answer by.
    deadline: Option<Day>,
}

/// A JSON object read as `T`. serde lets a struct be written as a list of
/// its fields in order (`["2026-11-20T14:00"]`); the input is named fields
/// only, so anything but an object is refused.
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Fields<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object {…}")
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Obj<T>, M::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Obj)
            }
        }
        d.deserialize_map(Fields(PhantomData))
    }
}

/// `YYYY-MM-DD`, with `parse_day`'s errors.
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct Day(Date);

impl TryFrom<String> for Day {
    type Error = crate::error::InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        parse_day(&s).map(Day)
    }
}

#[derive(Deserialize)]
#[serde(try_from = "String")]
struct RegionIn(Region);

impl TryFrom<String> for RegionIn {
    type Error = crate::error::InvalidValue;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse().map(RegionIn)
    }
}

/// An interview's length: whole minutes, at most a day.
#[derive(Deserialize)]
#[serde(try_from = "Value")]
struct Minutes(u32);

impl TryFrom<Value> for Minutes {
    type Error = String;
    fn try_from(v: Value) -> Result<Self, String> {
        match v.as_u64() {
            Some(n @ 1..=1440) => Ok(Minutes(n as u32)),
            _ => Err(format!("expected minutes from 1 to 1440, found {v}")),
        }
    }
}

/// Parses the input. `zone` is used when the interview names no time zone.
pub fn parse(text: &str, zone: &TimeZone) -> Result<PlanRequest, InputError> {
    // JSON first, then its shape: a syntax error is reported as one even
    // when the part before it is also wrong, and the shape errors carry no
    // position (the path says where).
    let root: Value = serde_json::from_str(text).map_err(|e| {
        err("input", format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()))
    })?;
    let Obj(input) = serde_path_to_error::deserialize::<_, Obj<InputIn>>(root).map_err(shape_error)?;
    request(input, zone)
}

/// serde's error, at its path and in the words the rest of afterview uses.
fn shape_error(e: serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let path = match e.path().to_string() {
        // The root itself (not an object).
        p if p == "." => "input".to_owned(),
        p => p,
    };
    let message = e.inner().to_string();
    let last_key = match e.path().iter().next_back() {
        Some(serde_path_to_error::Segment::Map { key }) => Some(key.as_str()),
        _ => None,
    };
    // "unknown field `strat`, expected one of `start`, `duration_minutes`, …"
    if let Some(rest) = last_key.and_then(|k| message.strip_prefix(&format!("unknown field `{k}`, "))) {
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let message = match crate::suggest::closest(last_key.unwrap_or_default(), known.iter().copied()) {
            Some(near) => format!("unknown field (did you mean \"{near}\"?)"),
            None => format!("unknown field; the fields here are {}", known.join(", ")),
        };
        return err(&path, message);
    }
    // "invalid type: integer `5`, expected a string"
    if let Some((found, expected)) =
        message.strip_prefix("invalid type: ").and_then(|m| m.rsplit_once(", expected "))
    {
        let expected = match expected {
            "a string" => "text in quotes",
            "a boolean" => "true or false",
            "a sequence" => "a list […]",
            other => other,
        };
        let found = match found.split(' ').next().unwrap_or_default() {
            "string" => "text",
            "integer" | "floating" => "a number",
            "boolean" => "true/false",
            "sequence" => "a list",
            "map" => "an object",
            _ => found,
        };
        return err(&path, format!("expected {expected}, found {found}"));
    }
    err(&path, message)
}

/// The facts, from an input whose every field has the right type.
fn request(input: InputIn, zone: &TimeZone) -> Result<PlanRequest, InputError> {
    let Obj(iv) = input
        .interview
        .ok_or_else(|| err("interview", "required: at least {\"start\": \"2026-11-20T14:00\"}"))?;
    let explicit = iv.time_zone.is_some();
    let zone = iv.time_zone.map_or_else(|| zone.clone(), |z| z.zone());
    let start_text = iv.start.ok_or_else(|| err("interview.start", "required, e.g. \"2026-11-20T14:00\""))?;
    // The same rules, and the same words, as `interview add --start`: a
    // time the clocks skip or pass twice is refused with the fix, not
    // called a time that does not exist.
    let start =
        parse_start(&start_text, &zone, explicit).map_err(|e| err("interview.start", e.to_string()))?;
    let (company, culture) = match input.company {
        None => ("the company".to_owned(), Culture::Unknown),
        Some(Obj(c)) => {
            (c.name.unwrap_or_else(|| "the company".to_owned()), c.culture.unwrap_or(Culture::Unknown))
        }
    };
    let people =
        |list: Option<Vec<Obj<PersonIn>>>, field: &str| -> Result<Vec<Contact<'static>>, InputError> {
            let list = list.unwrap_or_default().into_iter().enumerate();
            list.map(|(n, Obj(p))| contact(&format!("{field}[{n}]"), p)).collect()
        };
    let interviewers = people(input.interviewers, "interviewers")?;
    let references = people(input.references, "references")?;
    let recruiter = match input.recruiter {
        None => None,
        Some(Obj(r)) => {
            let person = PersonIn { name: r.name, title: r.title, email: r.email, time_zone: r.time_zone };
            Some((contact("recruiter", person)?, r.agency.unwrap_or(false)))
        }
    };
    let history = input
        .history
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(n, Obj(s))| {
            let at = |field: &str| format!("history[{n}].{field}");
            Ok(Sent {
                kind: s.kind.ok_or_else(|| err(&at("kind"), "required, e.g. \"status-check\""))?,
                direction: s.direction.unwrap_or(Direction::Out),
                date: s.date.ok_or_else(|| err(&at("date"), "required, e.g. \"2026-12-14\""))?.0,
                to: s.to.as_deref().map(name_key),
                channel: None,
                timeline: s.timeline.map(Cow::Owned),
            })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    let other_offer = match input.other_offer {
        None => None,
        Some(Obj(o)) => Some(OtherOffer {
            company: o.company.map_or(Cow::Borrowed("another company"), Cow::Owned),
            deadline: o
                .deadline
                .ok_or_else(|| err("other_offer.deadline", "required, e.g. \"2026-12-18\""))?
                .0,
            recorded: o.recorded.map_or(start.date(), |d| d.0),
        }),
    };
    let outcome = match input.outcome {
        None => None,
        Some(Obj(o)) => {
            let kind = o.kind.ok_or_else(|| err("outcome.kind", "required, e.g. \"rejected\""))?;
            let date = o.date.ok_or_else(|| err("outcome.date", "required, e.g. \"2027-01-08\""))?.0;
            let deadline = o.deadline.map(|d| d.0);
            if deadline.is_some_and(|d| d < date) {
                return Err(err(
                    "outcome.deadline",
                    "falls before outcome.date; give the day they need an answer by",
                ));
            }
            Some(Decided { kind, date, deadline })
        }
    };
    let key = start.date().strftime("%Y%m%d").to_string();
    Ok(PlanRequest {
        facts: Facts {
            key,
            start,
            duration_minutes: iv.duration_minutes.map_or(60, |m| m.0),
            stage: iv.stage.unwrap_or(Stage::Video),
            company: Cow::Owned(company),
            culture,
            first_contact: input.first_contact.unwrap_or(FirstContact::Other),
            interviewers,
            recruiter,
            references,
            references_requested: iv.references_requested.unwrap_or(false),
            follow_ups_invited: iv.follow_ups_invited.unwrap_or(false),
            promised: Cow::Owned(iv.promised.unwrap_or_default()),
            timeline: input.timeline.map(Cow::Owned),
            history,
            other_offer,
            outcome,
        },
        region: input.region.map(|r| r.0),
        phone_policy: input.phone_policy,
    })
}

/// A person from the input; `at` is where they stand in it.
fn contact(at: &str, p: PersonIn) -> Result<Contact<'static>, InputError> {
    let name = p
        .name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| err(&format!("{at}.name"), "a name is required"))?;
    Ok(Contact {
        key: name_key(&name),
        name: Cow::Owned(name),
        title: p.title.map(Cow::Owned),
        email: p.email.map(|e| Cow::Owned(e.to_string())),
        time_zone: p.time_zone.map(|z| z.zone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(input: &str) -> String {
        parse(input, &TimeZone::UTC).map(|_| ()).unwrap_err().to_string()
    }

    const START: &str = r#""interview": {"start": "2026-11-20T14:00"}"#;

    #[test]
    fn every_error_names_its_field_and_the_fix() {
        let cases = [
            ("[]", "input: expected an object {…}, found a list"),
            ("{}", "interview: required: at least {\"start\": \"2026-11-20T14:00\"}"),
            (r#"{"interview": ["2026-11-20T14:00"]}"#, "interview: expected an object {…}, found a list"),
            (r#"{"interview": {"start": null}}"#, "interview.start: required, e.g. \"2026-11-20T14:00\""),
            (r#"{"interview": {"start": 5}}"#, "interview.start: expected text in quotes, found a number"),
            (
                r#"{"interview": {"start": "2026-03-08T02:30", "time_zone": "America/New_York"}}"#,
                "interview.start: \"2026-03-08T02:30\" is not a time that exists once in America/New_York \
                 (the clocks change then): give it with its offset, such as 2026-03-08T02:30-05:00",
            ),
            (
                r#"{"interview": {"start": "0001-01-01T10:00"}}"#,
                "interview.start: \"0001-01-01T10:00\" is not a date from 1900 to 2200 (check the year)",
            ),
            (
                r#"{"interview": {"start": "2026-11-20"}}"#,
                "interview.start: \"2026-11-20\" is not a start with its time, such as 2026-11-20T14:00",
            ),
            (
                r#"{"interview": {"start": "2026-11-20T14:00", "duration_minutes": "90"}}"#,
                "interview.duration_minutes: expected minutes from 1 to 1440, found \"90\"",
            ),
            (
                r#"{"interview": {"start": "2026-11-20T14:00", "references_requested": "yes"}}"#,
                "interview.references_requested: expected true or false, found text",
            ),
            (
                r#"{"interview": {"start": "2026-11-20T14:00", "promised": ["a", 2]}}"#,
                "interview.promised[1]: expected text in quotes, found a number",
            ),
            (
                r#"{"interview": {"start": "2026-11-20T14:00", "promised": "a link"}}"#,
                "interview.promised: expected a list […], found text",
            ),
            (
                r#"{"interview": {"strat": "2026-11-20T14:00"}}"#,
                "interview.strat: unknown field; the fields here are start, duration_minutes, time_zone, \
                 stage, references_requested, promised, follow_ups_invited",
            ),
            (
                &format!(r#"{{{START}, "recruiter": {{"name": "Sam", "agnecy": true}}}}"#),
                "recruiter.agnecy: unknown field (did you mean \"agency\"?)",
            ),
            (
                &format!(r#"{{{START}, "company": {{"nmae": "Acme"}}}}"#),
                "company.nmae: unknown field; the fields here are name, culture",
            ),
            (
                &format!(r#"{{{START}, "interviewers": [{{"name": "A"}}, {{"title": "CTO"}}]}}"#),
                "interviewers[1].name: a name is required",
            ),
            (
                &format!(r#"{{{START}, "interviewers": [null]}}"#),
                "interviewers[0]: expected an object {…}, found null",
            ),
            (
                &format!(r#"{{{START}, "interviewers": [{{"name": "A", "email": "nope"}}]}}"#),
                "interviewers[0].email: \"nope\" is not an email address like name@example.com",
            ),
            (
                &format!(r#"{{{START}, "interviewers": [{{"name": "A", "agency": true}}]}}"#),
                "interviewers[0].agency: unknown field; the fields here are name, title, email, time_zone",
            ),
            (&format!(r#"{{{START}, "region": true}}"#), "region: expected text in quotes, found true/false"),
            (
                &format!(r#"{{{START}, "region": "Grmany"}}"#),
                "region: \"Grmany\" is not a known holiday region: US, UK, none, or a country such as \
                 Germany or New Zealand (did you mean \"Germany\"?)",
            ),
            (
                &format!(r#"{{{START}, "history": [{{"kind": "status-check", "date": "2026-02-30"}}]}}"#),
                "history[0].date: \"2026-02-30\" is not a date that exists (check the month and the day)",
            ),
            (
                &format!(r#"{{{START}, "history": [{{"kind": "status-check", "date": "0001-01-01"}}]}}"#),
                "history[0].date: \"0001-01-01\" is not a date from 1900 to 2200 (check the year)",
            ),
            (
                &format!(r#"{{{START}, "history": [{{"date": "2026-12-01"}}]}}"#),
                "history[0].kind: required, e.g. \"status-check\"",
            ),
            (&format!(r#"{{{START}, "history": {{}}}}"#), "history: expected a list […], found an object"),
            (
                &format!(r#"{{{START}, "other_offer": {{"company": "Globex"}}}}"#),
                "other_offer.deadline: required, e.g. \"2026-12-18\"",
            ),
            (
                &format!(r#"{{{START}, "outcome": {{"kind": "rejected"}}}}"#),
                "outcome.date: required, e.g. \"2027-01-08\"",
            ),
            (&format!(r#"{{{START}, "outcome": 3}}"#), "outcome: expected an object {…}, found a number"),
        ];
        for (input, expected) in cases {
            assert_eq!(error(input), expected, "{input}");
        }
    }

    #[test]
    fn null_is_the_same_as_absent() {
        let input = format!(
            r#"{{{START}, "recruiter": null, "timeline": null, "history": null, "other_offer": null,
                "outcome": null, "company": null, "interviewers": [], "region": null}}"#
        );
        let r = parse(&input, &TimeZone::UTC).unwrap();
        assert_eq!((&*r.facts.company, r.facts.duration_minutes), ("the company", 60));
        assert!(r.facts.recruiter.is_none() && r.facts.history.is_empty() && r.region.is_none());
    }

    #[test]
    fn the_rulebook_example_reads_whole() {
        let input = r#"{
          "interview": {"start": "2026-11-20T14:00", "duration_minutes": 60,
                        "time_zone": "America/New_York", "stage": "onsite",
                        "references_requested": false, "promised": ["portfolio link"]},
          "company": {"name": "Acme", "culture": "startup"},
          "interviewers": [{"name": "Maria Lopez", "title": "Engineering Manager",
                            "email": "maria@acme.example"}],
          "recruiter": {"name": "Sam Reed", "agency": true},
          "timeline": "we should decide in 2-3 weeks",
          "first_contact": "email",
          "region": "US",
          "phone_policy": "when-invited",
          "history": [{"kind": "status-check", "direction": "out", "date": "2026-12-14"}],
          "other_offer": {"company": "Globex", "deadline": "2026-12-18", "recorded": "2026-12-10"},
          "outcome": {"kind": "rejected", "date": "2027-01-08"}
        }"#;
        let r = parse(input, &TimeZone::UTC).unwrap();
        let f = &r.facts;
        assert_eq!(f.start.time_zone().iana_name(), Some("America/New_York"));
        assert_eq!((f.key.as_str(), f.stage, f.culture), ("20261120", Stage::Onsite, Culture::Startup));
        assert_eq!(f.interviewers[0].email.as_deref(), Some("maria@acme.example"));
        assert_eq!(
            f.recruiter.as_ref().map(|(c, agency)| (c.key.as_str(), *agency)),
            Some(("sam-reed", true))
        );
        assert_eq!(f.history[0].date, jiff::civil::date(2026, 12, 14));
        assert_eq!(f.other_offer.as_ref().map(|o| o.recorded), Some(jiff::civil::date(2026, 12, 10)));
        assert_eq!(
            f.outcome,
            Some(Decided {
                kind: OutcomeKind::Rejection,
                date: jiff::civil::date(2027, 1, 8),
                deadline: None
            })
        );
        assert_eq!((r.region, r.phone_policy), (Some(Region::US), Some(PhonePolicy::WhenInvited)));
    }
}
