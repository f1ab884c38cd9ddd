//! One application's share of the loaded facts, read the way the agenda
//! reads it: the planner's facts for its latest interview, its calendar,
//! the offer elsewhere it should hear about (F5) and the feedback to prepare
//! with (F7). The agenda reads every application through this; drafting a
//! message reads one, so a draft says what the agenda's task says.
//!
//! ```
//! # use afterview_core::agenda::{Facts, application_facts};
//! # use afterview_core::{ApplicationId, settings::Settings};
//! # let (facts, settings, today) = (Facts::default(), Settings::default(), jiff::civil::date(2026, 11, 20));
//! if let Some(app) = application_facts(&facts, &settings, today, ApplicationId(1)) {
//!     let calendar = app.calendar();
//!     let offer = app.other_offer.map(|o| o.company);
//!     let feedback = app.feedback();
//! }
//! ```

use std::borrow::Cow;

use std::ops::Range;

use jiff::civil::Date;

use super::Facts;
use crate::calendar::{Calendar, Region};
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::{ApplicationStatus, Direction, OutcomeKind, PersonRole};
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record};
use crate::plan::{self, Contact, OtherOffer, Sent};
use crate::settings::Settings;

/// What the agenda (and a draft) knows about one application on `today`.
#[derive(Debug, Clone)]
pub struct ApplicationFacts<'a> {
    pub id: ApplicationId,
    pub application: &'a Application,
    /// Every interview recorded, past and to come, in the store's order.
    pub interviews: &'a [Record<InterviewId, Interview>],
    /// The latest interview held by `today` (the one the planner plans);
    /// none before the first.
    pub latest: Option<&'a Interview>,
    /// The planner's facts for `latest`, keyed by the application id (see
    /// [`plan::Facts::key`]); none before the first interview.
    pub plan: Option<plan::Facts<'a>>,
    /// The application's own region, else the settings' (RULEBOOK §1).
    pub region: Region,
    /// F5: the offer elsewhere this application should hear about, if it is
    /// still waiting on the employer (open, and not itself an offer).
    pub other_offer: Option<OfferElsewhere<'a>>,
    outcomes: &'a [Record<OutcomeId, Outcome>],
    latest_feedback: Option<(&'a str, &'a str)>,
    holidays: &'a [Date],
}

/// F5 as the agenda reads it: the most recently recorded offer with a
/// deadline not yet passed, from another application that holds an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferElsewhere<'a> {
    pub application: ApplicationId,
    pub company: &'a str,
    pub deadline: Date,
    /// The day the offer was recorded.
    pub recorded: Date,
}

/// F7: feedback to prepare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback<'a> {
    /// This employer's own, the latest they gave.
    Own(&'a str),
    /// None here: the latest any employer gave, and which.
    Elsewhere { company: &'a str, text: &'a str },
}

impl<'a> ApplicationFacts<'a> {
    /// The application's working days: its region's public holidays plus
    /// the closure days imported from .ics files.
    pub fn calendar(&self) -> Calendar {
        Calendar::new(self.region).with_extra(self.holidays.iter().copied())
    }

    /// F10: this employer's own offer, when the latest outcome is one.
    pub fn offer(&self) -> Option<&'a Outcome> {
        latest_outcome(self.outcomes).filter(|o| o.kind == OutcomeKind::Offer)
    }

    /// F7: this employer's latest feedback, else the latest anyone gave.
    pub fn feedback(&self) -> Option<Feedback<'_>> {
        let own =
            self.outcomes.iter().filter_map(|o| Some((o.value.date, o.value.feedback.as_deref()?))).max();
        match (own, self.latest_feedback) {
            (Some((_, text)), _) => Some(Feedback::Own(text)),
            (None, Some((company, text))) => Some(Feedback::Elsewhere { company, text }),
            (None, None) => None,
        }
    }
}

/// One application's facts on `today`, for a single application (as
/// drafting needs). Reading many, build an [`Index`] once instead: this
/// scans every application for offers and feedback each time.
pub fn application_facts<'a>(
    facts: &'a Facts,
    settings: &Settings,
    today: Date,
    id: ApplicationId,
) -> Option<ApplicationFacts<'a>> {
    Index::new(facts, settings, today).application(id)
}

/// The loaded facts, ready to read application by application: what spans
/// applications (open offers for F5, the latest feedback for F7) is found
/// once. Each application's share of a list is a slice, since the store
/// loads every list ordered by application: [`Index::applications`] walks
/// the lists in step with forward cursors, [`Index::application`] finds one
/// application's share by binary search.
#[derive(Debug, Clone)]
pub struct Index<'a> {
    facts: &'a Facts,
    today: Date,
    default_region: Region,
    /// Offers with a deadline not yet passed on `today`, from applications
    /// whose status is `offer`, the one F5 picks first: most recently
    /// recorded, and of two recorded on one day the later loaded (as
    /// `max_by_key` would pick). An application hears about the first one
    /// not its own, so at most two are ever read.
    offers: Vec<OfferElsewhere<'a>>,
    /// The latest feedback any employer gave, with its company.
    latest_feedback: Option<(&'a str, &'a str)>,
}

/// One application's share of each list the store loads by application.
#[derive(Debug, Clone, Copy)]
struct Shares<'a> {
    interviews: &'a [Record<InterviewId, Interview>],
    involvements: &'a [Involvement],
    messages: &'a [Record<MessageId, Message>],
    outcomes: &'a [Record<OutcomeId, Outcome>],
}

impl<'a> Index<'a> {
    pub fn new(facts: &'a Facts, settings: &Settings, today: Date) -> Self {
        let latest_feedback = facts
            .outcomes
            .iter()
            .filter_map(|o| Some((o.value.date, o.value.application, o.value.feedback.as_deref()?)))
            .max_by_key(|(d, _, _)| *d)
            .and_then(|(_, a, f)| {
                let company = facts.applications.iter().find(|x| x.id == a)?.value.company.as_str();
                Some((company, f))
            });
        let mut offers: Vec<(usize, OfferElsewhere<'a>)> = facts
            .applications
            .iter()
            .filter(|a| a.value.status == ApplicationStatus::Offer)
            .flat_map(|a| {
                share(&facts.outcomes, a.id, |o| o.value.application).iter().filter_map(move |o| {
                    let o = &o.value;
                    let deadline = o.deadline.filter(|_| o.kind == OutcomeKind::Offer)?;
                    let company = a.value.company.as_str();
                    Some(OfferElsewhere { application: a.id, company, deadline, recorded: o.date })
                })
            })
            .filter(|o| o.deadline >= today)
            .enumerate()
            .collect();
        // Latest recorded first; on a tie the later loaded first, as
        // `max_by_key` over the list in load order would choose.
        offers.sort_unstable_by(|(i, a), (j, b)| (b.recorded, j).cmp(&(a.recorded, i)));
        let offers = offers.into_iter().map(|(_, o)| o).collect();
        Self { facts, today, default_region: settings.region(), offers, latest_feedback }
    }

    /// The application with this id, if it was loaded.
    pub fn application(&self, id: ApplicationId) -> Option<ApplicationFacts<'a>> {
        let (f, apps) = (self.facts, &self.facts.applications);
        let n = apps.binary_search_by_key(&id, |a| a.id).ok()?;
        let shares = Shares {
            interviews: share(&f.interviews, id, |r| r.value.application),
            involvements: share(&f.involvements, id, |i| i.application),
            messages: share(&f.messages, id, |m| m.value.application),
            outcomes: share(&f.outcomes, id, |o| o.value.application),
        };
        Some(self.of(&apps[n], shares))
    }

    /// Every loaded application, in id order. The lists are walked once,
    /// front to back: a binary search per list and application would miss
    /// the cache at nearly every step.
    pub fn applications(&self) -> impl Iterator<Item = ApplicationFacts<'a>> + '_ {
        self.applications_in(0..self.facts.applications.len())
    }

    /// The loaded applications at these positions (in id order), read as
    /// [`Index::applications`] reads them: so several threads can each take
    /// a run of them.
    pub fn applications_in(&self, range: Range<usize>) -> impl Iterator<Item = ApplicationFacts<'a>> + '_ {
        let f = self.facts;
        let apps = f.applications.get(range).unwrap_or_default();
        // Each cursor starts at the first application's share.
        let first = apps.first().map(|a| a.id);
        fn after<T>(items: &[T], first: Option<ApplicationId>, of: impl Fn(&T) -> ApplicationId) -> &[T] {
            first.map_or(&items[items.len()..], |id| &items[items.partition_point(|x| of(x) < id)..])
        }
        let (mut interviews, mut involvements) = (
            Cursor::new(after(&f.interviews, first, |r| r.value.application)),
            Cursor::new(after(&f.involvements, first, |i| i.application)),
        );
        let (mut messages, mut outcomes) = (
            Cursor::new(after(&f.messages, first, |m| m.value.application)),
            Cursor::new(after(&f.outcomes, first, |o| o.value.application)),
        );
        apps.iter().map(move |a| {
            let shares = Shares {
                interviews: interviews.next(a.id, |r| r.value.application),
                involvements: involvements.next(a.id, |i| i.application),
                messages: messages.next(a.id, |m| m.value.application),
                outcomes: outcomes.next(a.id, |o| o.value.application),
            };
            self.of(a, shares)
        })
    }

    fn of(&self, app: &'a Record<ApplicationId, Application>, shares: Shares<'a>) -> ApplicationFacts<'a> {
        let interviews = shares.interviews;
        let latest = interviews
            .iter()
            .map(|r| &r.value)
            .filter(|iv| iv.day() <= self.today)
            .max_by_key(|iv| &iv.start);
        let a = &app.value;
        let other_offer = if a.status.is_open() && a.status != ApplicationStatus::Offer {
            self.offers.iter().find(|o| o.application != app.id).copied()
        } else {
            None
        };
        ApplicationFacts {
            id: app.id,
            application: a,
            interviews,
            latest,
            plan: latest.map(|iv| self.planner_facts(app, shares, iv, other_offer)),
            region: a.region.as_deref().and_then(|r| r.parse().ok()).unwrap_or(self.default_region),
            other_offer,
            outcomes: shares.outcomes,
            latest_feedback: self.latest_feedback,
            holidays: &self.facts.holidays,
        }
    }

    /// The record turned into what the planner reads about `iv`.
    fn planner_facts(
        &self,
        app: &'a Record<ApplicationId, Application>,
        shares: Shares<'a>,
        iv: &'a Interview,
        other_offer: Option<OfferElsewhere<'a>>,
    ) -> plan::Facts<'a> {
        let a = &app.value;
        let involved = shares.involvements;
        let contact = |id: PersonId| self.contact(id);
        let with_role = |role: PersonRole| {
            involved.iter().filter(move |i| i.role == role).filter_map(move |i| contact(i.person))
        };
        let recruiter = with_role(PersonRole::AgencyRecruiter)
            .next()
            .map(|c| (c, true))
            .or_else(|| with_role(PersonRole::InHouseRecruiter).next().map(|c| (c, false)));
        let (messages, outcomes) = (shares.messages, shares.outcomes);
        plan::Facts {
            // The application, not the interview: see plan::Facts::key.
            key: key(ApplicationId::PREFIX, app.id.0),
            start: iv.start.clone(),
            duration_minutes: iv.duration_minutes,
            stage: iv.stage,
            company: Cow::Borrowed(&a.company),
            culture: a.culture,
            first_contact: a.first_contact,
            interviewers: iv.interviewers.iter().filter_map(|p| contact(*p)).collect(),
            recruiter,
            references: with_role(PersonRole::Reference).collect(),
            references_requested: iv.references_requested,
            follow_ups_invited: iv.follow_ups_invited,
            promised: Cow::Borrowed(&iv.promised),
            timeline: iv.next_steps.as_deref().map(Cow::Borrowed),
            history: messages.iter().map(|m| sent(&m.value)).collect(),
            other_offer: other_offer.map(|o| OtherOffer {
                company: Cow::Borrowed(o.company),
                deadline: o.deadline,
                recorded: o.recorded,
            }),
            outcome: latest_outcome(outcomes).map(|o| plan::Decided {
                kind: o.kind,
                date: o.date,
                deadline: o.deadline,
            }),
        }
    }
}

/// The outcome the planner goes by: the latest recorded, and of two on one
/// day the later loaded.
pub(super) fn latest_outcome(outcomes: &[Record<OutcomeId, Outcome>]) -> Option<&Outcome> {
    outcomes.iter().map(|o| &o.value).max_by_key(|o| o.date)
}

/// A forward walk over a list ordered by application, handing out each
/// application's share in turn; applications must be asked for in order.
struct Cursor<'a, T> {
    rest: &'a [T],
}

impl<'a, T> Cursor<'a, T> {
    fn new(items: &'a [T]) -> Self {
        Self { rest: items }
    }

    /// `app`'s share, skipping what belongs to applications before it.
    fn next(&mut self, app: ApplicationId, of: impl Fn(&T) -> ApplicationId) -> &'a [T] {
        let rest = self.rest;
        let start = rest.iter().position(|x| of(x) >= app).unwrap_or(rest.len());
        let len = rest[start..].iter().position(|x| of(x) != app).unwrap_or(rest.len() - start);
        self.rest = &rest[start + len..];
        &rest[start..start + len]
    }
}

/// Each application's share of a list ordered by application.
fn share<T>(items: &[T], app: ApplicationId, of: impl Fn(&T) -> ApplicationId) -> &[T] {
    let start = items.partition_point(|x| of(x) < app);
    let end = start + items[start..].partition_point(|x| of(x) == app);
    &items[start..end]
}

/// A person by id, from the list sorted by id.
pub(super) fn person(people: &[Record<PersonId, Person>], id: PersonId) -> Option<&Person> {
    people.binary_search_by_key(&id, |p| p.id).ok().map(|n| &people[n].value)
}

impl<'a> Index<'a> {
    /// A person as the planner sees them.
    fn contact(&self, id: PersonId) -> Option<Contact<'a>> {
        let p = person(&self.facts.people, id)?;
        // The name carries its zone, found once when it was read.
        let time_zone = p.time_zone.as_ref().map(|z| z.zone());
        Some(Contact {
            key: key(PersonId::PREFIX, id.0),
            name: Cow::Borrowed(&p.name),
            title: p.title.as_deref().map(Cow::Borrowed),
            email: p.email.as_ref().map(|e| Cow::Borrowed(e.as_str())),
            time_zone,
        })
    }
}

/// An id as it prints (`a12`, `p3`), written digit by digit: the agenda
/// writes one for every application, person and message it reads.
fn key(prefix: char, n: i64) -> String {
    let mut digits = [0u8; 20];
    let (mut at, mut rest) = (digits.len(), n.unsigned_abs());
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(2 + digits.len() - at);
    out.push(prefix);
    if n < 0 {
        out.push('-');
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    out
}

fn sent(m: &Message) -> Sent<'_> {
    Sent {
        kind: m.kind,
        direction: m.direction,
        date: m.date,
        to: m.person.map(|p| key(PersonId::PREFIX, p.0)),
        channel: Some(m.channel),
        // A reply's body may say when they will decide (F4).
        timeline: if m.direction == Direction::In { m.body.as_deref().map(Cow::Borrowed) } else { None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::tests::facts_with_history as facts_from;
    use crate::demo::showcase;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 20)
    }

    fn by_company<'a>(facts: &'a Facts, company: &str) -> ApplicationFacts<'a> {
        let id = facts.applications.iter().find(|a| a.value.company == company).unwrap().id;
        application_facts(facts, &Settings::default(), today(), id).unwrap()
    }

    #[test]
    fn f5_the_offer_elsewhere_is_the_latest_open_one_held_by_another_application() {
        let facts = facts_from(&showcase(today()));
        let acme = by_company(&facts, "Acme Robotics");
        let offer = acme.other_offer.expect("the demo holds an offer from Globex");
        assert_eq!(offer.company, "Globex");
        assert_eq!(acme.plan.as_ref().unwrap().other_offer.as_ref().unwrap().company, "Globex");
        // The application holding the offer hears about no other.
        assert_eq!(by_company(&facts, "Globex").other_offer, None);
        // Past its deadline, the offer is no news.
        let later = offer.deadline.tomorrow().unwrap();
        let acme = application_facts(&facts, &Settings::default(), later, acme.id).unwrap();
        assert_eq!(acme.other_offer, None);
    }

    #[test]
    fn f5_of_two_offers_recorded_on_one_day_the_later_loaded_counts() {
        let mut facts = facts_from(&showcase(today()));
        let globex = by_company(&facts, "Globex").id;
        let offer = facts.outcomes.iter().find(|o| o.value.application == globex).unwrap().value.clone();
        let last = facts.applications.last().unwrap().id;
        assert!(last > globex);
        facts.applications.last_mut().unwrap().value.status = ApplicationStatus::Offer;
        facts.outcomes.push(Record { id: OutcomeId(999), value: Outcome { application: last, ..offer } });
        facts.outcomes.sort_by_key(|o| o.value.application);
        let acme = by_company(&facts, "Acme Robotics");
        assert_eq!(acme.other_offer.map(|o| o.application), Some(last));
        let index = Index::new(&facts, &Settings::default(), today());
        let walked = index.applications().find(|a| a.id == acme.id).unwrap();
        assert_eq!(walked.other_offer, acme.other_offer, "walking and looking up agree");
    }

    #[test]
    fn keys_print_as_the_ids_do() {
        for n in [1, 9, 10, 12, 99, 100, 4_096, 1_000_000_007, i64::MAX, 0, -3, i64::MIN] {
            assert_eq!(key(PersonId::PREFIX, n), PersonId(n).to_string());
            assert_eq!(key(ApplicationId::PREFIX, n), ApplicationId(n).to_string());
        }
    }

    #[test]
    fn the_planner_keys_by_application_and_people_by_id() {
        let facts = facts_from(&showcase(today()));
        let acme = by_company(&facts, "Acme Robotics");
        let plan = acme.plan.unwrap();
        assert_eq!(plan.key, "a1");
        assert!(plan.interviewers.iter().all(|c| c.key.starts_with('p')), "{:?}", plan.interviewers);
        assert_eq!(acme.latest.map(|iv| iv.start.clone()), Some(plan.start));
    }

    #[test]
    fn region_falls_back_to_the_settings_and_before_an_interview_nothing_is_planned() {
        let mut facts = facts_from(&showcase(today()));
        facts.applications[0].value.region = Some("UK".into());
        facts.interviews.retain(|i| i.value.application != ApplicationId(2));
        let settings = Settings::default();
        let first = application_facts(&facts, &settings, today(), ApplicationId(1)).unwrap();
        assert_eq!((first.region, first.calendar().region()), (Region::UK, Region::UK));
        let second = application_facts(&facts, &settings, today(), ApplicationId(2)).unwrap();
        assert_eq!(second.region, settings.region());
        assert!(second.latest.is_none() && second.plan.is_none());
        assert!(application_facts(&facts, &settings, today(), ApplicationId(999)).is_none());
    }

    #[test]
    fn f7_own_feedback_first_else_the_latest_anyone_gave() {
        let mut facts = facts_from(&showcase(today()));
        let outcome = |app, date, feedback: &str| Record {
            id: OutcomeId(100 + app),
            value: Outcome {
                application: ApplicationId(app),
                kind: OutcomeKind::Rejection,
                date,
                deadline: None,
                feedback: Some(feedback.into()),
            },
        };
        facts.outcomes = vec![
            outcome(1, jiff::civil::date(2026, 11, 2), "more system design"),
            outcome(3, jiff::civil::date(2026, 11, 9), "more testing"),
        ];
        let settings = Settings::default();
        let first = application_facts(&facts, &settings, today(), ApplicationId(1)).unwrap();
        assert_eq!(first.feedback(), Some(Feedback::Own("more system design")));
        let second = application_facts(&facts, &settings, today(), ApplicationId(2)).unwrap();
        let company = facts.applications[2].value.company.as_str();
        assert_eq!(second.feedback(), Some(Feedback::Elsewhere { company, text: "more testing" }));
    }
}
