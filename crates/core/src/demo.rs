//! Demo data: a hand-written set of applications that shows every part of
//! the product at once (a panel, an agency recruiter, an offer, a rejection,
//! a contact instruction, an interview still to come), and a deterministic
//! generator of any number of synthetic applications for benchmarks.
//!
//! Both are anchored on a `today` parameter, so the demo always looks alive:
//! yesterday's panel needs thank-you notes, next week's interview is coming up.

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};

use crate::agenda::Facts;
use crate::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use crate::kinds::{
    ApplicationStatus, Channel, Culture, Direction, FirstContact, MessageKind, OutcomeKind, PersonRole, Stage,
};
use crate::model::{Application, Interview, Involvement, Message, Outcome, Person, Record};

/// One application with everything recorded about it, ready to store in one
/// go. Inside a bundle, ids are local: `PersonId(n)` means `people[n]`, and
/// every `application` field is ignored (the store assigns the real ids).
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub application: Application,
    pub people: Vec<(Person, PersonRole)>,
    pub interviews: Vec<Interview>,
    pub messages: Vec<Message>,
    pub outcomes: Vec<Outcome>,
}

/// The local id of `people[n]` inside a bundle.
pub const fn local(n: usize) -> PersonId {
    PersonId(n as i64)
}

const UNSET: ApplicationId = ApplicationId(0);

fn person(name: &str, title: &str, org: &str, email: &str, zone: &str) -> Person {
    Person {
        title: Some(title.to_owned()),
        email: email.parse().ok(),
        organisation: Some(org.to_owned()),
        time_zone: zone.parse().ok(),
        ..Person::new(name)
    }
}

/// Moves a weekend day to the nearest working day on the same side of
/// today: interviews happen on weekdays.
fn weekday(day: Date, today: Date) -> Date {
    use jiff::civil::Weekday::{Saturday, Sunday};
    let past = day < today;
    match (day.weekday(), past) {
        (Saturday, true) => day.saturating_sub(1.day()),
        (Sunday, true) => day.saturating_sub(2.days()),
        (Saturday, false) => day.saturating_add(2.days()),
        (Sunday, false) => day.saturating_add(1.day()),
        _ => day,
    }
}

fn at(day: Date, hour: i8, minute: i8, zone: &str) -> Zoned {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    day.at(hour, minute, 0, 0)
        .to_zoned(tz)
        .unwrap_or_else(|_| DateTime::from(day).to_zoned(TimeZone::UTC).unwrap_or_default())
}

fn interview(start: Zoned, stage: Stage, interviewers: &[usize]) -> Interview {
    Interview {
        interviewers: interviewers.iter().map(|&n| local(n)).collect(),
        ..Interview::new(UNSET, start, stage)
    }
}

fn message(
    person: Option<usize>,
    kind: MessageKind,
    direction: Direction,
    date: Date,
    subject: &str,
) -> Message {
    Message {
        application: UNSET,
        person: person.map(local),
        kind,
        direction,
        date,
        channel: Channel::Email,
        subject: Some(subject.to_owned()),
        body: None,
        source_id: None,
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// The hand-written demo: eight applications at different stages.
pub fn showcase(today: Date) -> Vec<Bundle> {
    let d = |days: i32| weekday(today.saturating_add(days.days()), today);
    let ny = "America/New_York";
    let london = "Europe/London";

    // A panel yesterday afternoon, with a timeline and a promise.
    let mut acme_panel = interview(at(d(-1), 14, 0, ny), Stage::Panel, &[0, 1]);
    acme_panel.duration_minutes = 90;
    acme_panel.topics = strings(&["the warehouse-robot fleet dashboard", "on-call load"]);
    acme_panel.promised = strings(&["a link to my portfolio"]);
    acme_panel.next_steps = Some("Maria said we should decide in two to three weeks".into());
    let acme = Bundle {
        application: Application {
            culture: Culture::Startup,
            first_contact: FirstContact::Email,
            posting_url: Some("https://acme-robotics.example/careers/platform".into()),
            ..Application::new("Acme Robotics", "Platform Engineer")
        },
        people: vec![
            (
                person(
                    "Maria Lopez",
                    "Engineering Manager",
                    "Acme Robotics",
                    "maria@acme-robotics.example",
                    ny,
                ),
                PersonRole::HiringManager,
            ),
            (
                person("Tom Chen", "Staff Engineer", "Acme Robotics", "tom@acme-robotics.example", ny),
                PersonRole::Interviewer,
            ),
        ],
        interviews: vec![acme_panel],
        messages: vec![],
        outcomes: vec![],
    };

    // An agency recruiter, a final round, and an offer with a deadline.
    let mut globex_final = interview(at(d(-12), 10, 0, ny), Stage::Final, &[1]);
    globex_final.topics = strings(&["migrating the billing service", "team rituals"]);
    globex_final.next_steps = Some("Sam says they will get back to him by end of next week".into());
    let globex = Bundle {
        application: Application {
            status: ApplicationStatus::Offer,
            culture: Culture::Corporate,
            first_contact: FirstContact::Recruiter,
            ..Application::new("Globex", "Senior Backend Developer")
        },
        people: vec![
            (
                person("Sam Reed", "Senior Recruiter", "Northbridge Talent", "sam@northbridge.example", ny),
                PersonRole::AgencyRecruiter,
            ),
            (
                person(
                    "Dana Whitfield",
                    "Director of Engineering",
                    "Globex",
                    "dana.whitfield@globex.example",
                    ny,
                ),
                PersonRole::Interviewer,
            ),
        ],
        interviews: vec![globex_final],
        messages: vec![
            message(Some(1), MessageKind::ThankYou, Direction::Out, d(-12), "Thank you for today"),
            message(Some(0), MessageKind::Other, Direction::In, d(-1), "Offer from Globex"),
        ],
        outcomes: vec![Outcome {
            application: UNSET,
            kind: OutcomeKind::Offer,
            date: d(-1),
            deadline: Some(d(6)),
            feedback: None,
        }],
    };

    // A phone screen, no timeline, one status check already sent.
    let mut initech_screen = interview(at(d(-16), 11, 30, ny), Stage::PhoneScreen, &[0]);
    initech_screen.next_steps = Some("we'll be in touch".into());
    let initech = Bundle {
        application: Application {
            culture: Culture::Traditional,
            first_contact: FirstContact::JobBoard,
            ..Application::new("Initech", "Data Engineer")
        },
        people: vec![(
            person("Bill Lumbergh", "Division Vice President", "Initech", "bill@initech.example", ny),
            PersonRole::HiringManager,
        )],
        interviews: vec![initech_screen],
        messages: vec![
            message(Some(0), MessageKind::ThankYou, Direction::Out, d(-16), "Thank you for the call"),
            message(
                Some(0),
                MessageKind::StatusCheck,
                Direction::Out,
                d(-8),
                "Checking in on the Data Engineer role",
            ),
        ],
        outcomes: vec![],
    };

    // A rejection that came in two days ago, with feedback.
    let mut contoso_onsite = interview(at(d(-21), 13, 0, ny), Stage::Onsite, &[0]);
    contoso_onsite.topics = strings(&["search relevance"]);
    let contoso = Bundle {
        application: Application {
            status: ApplicationStatus::Rejected,
            culture: Culture::Corporate,
            first_contact: FirstContact::Referral,
            ..Application::new("Contoso", "Software Engineer")
        },
        people: vec![(
            person("Priya Nair", "Principal Engineer", "Contoso", "priya@contoso.example", ny),
            PersonRole::Interviewer,
        )],
        interviews: vec![contoso_onsite],
        messages: vec![
            message(Some(0), MessageKind::ThankYou, Direction::Out, d(-21), "Thank you"),
            message(Some(0), MessageKind::Other, Direction::In, d(-2), "Your application at Contoso"),
        ],
        outcomes: vec![Outcome {
            application: UNSET,
            kind: OutcomeKind::Rejection,
            date: d(-2),
            deadline: None,
            feedback: Some("strong on systems design; wanted more experience with Kotlin".into()),
        }],
    };

    // An interview still to come, in London, with an in-house recruiter.
    let umbrella = Bundle {
        application: Application {
            culture: Culture::Creative,
            region: Some("UK".into()),
            first_contact: FirstContact::Linkedin,
            ..Application::new("Umbrella Health", "Backend Engineer")
        },
        people: vec![
            (
                person(
                    "Olivia Grant",
                    "Talent Partner",
                    "Umbrella Health",
                    "olivia.grant@umbrella.example",
                    london,
                ),
                PersonRole::InHouseRecruiter,
            ),
            (
                person(
                    "James Okafor",
                    "Head of Platform",
                    "Umbrella Health",
                    "james@umbrella.example",
                    london,
                ),
                PersonRole::Interviewer,
            ),
        ],
        interviews: vec![interview(at(d(3), 10, 0, london), Stage::Video, &[1])],
        messages: vec![],
        outcomes: vec![],
    };

    // A contact instruction: "call me Thursday".
    let mut hooli_video = interview(at(d(-2), 16, 0, "America/Los_Angeles"), Stage::Video, &[0]);
    hooli_video.next_steps = Some("Gavin said: give me a call early next week".into());
    hooli_video.topics = strings(&["incident reviews", "the compression pipeline"]);
    let hooli = Bundle {
        application: Application {
            culture: Culture::Corporate,
            first_contact: FirstContact::Linkedin,
            ..Application::new("Hooli", "Site Reliability Engineer")
        },
        people: vec![(
            person("Gavin Belson", "VP Engineering", "Hooli", "gavin@hooli.example", "America/Los_Angeles"),
            PersonRole::HiringManager,
        )],
        interviews: vec![hooli_video],
        messages: vec![message(
            Some(0),
            MessageKind::ThankYou,
            Direction::Out,
            d(-1),
            "Thanks for the conversation",
        )],
        outcomes: vec![],
    };

    // References requested, and a decision expected by the end of the month.
    let mut stark_onsite = interview(at(d(-3), 9, 0, ny), Stage::Onsite, &[0, 1]);
    stark_onsite.references_requested = true;
    stark_onsite.topics = strings(&["model monitoring", "feature stores"]);
    stark_onsite.next_steps = Some("they aim to finalise by the end of the month".into());
    stark_onsite.follow_ups_invited = true;
    let stark = Bundle {
        application: Application {
            culture: Culture::Startup,
            first_contact: FirstContact::Referral,
            ..Application::new("Stark Analytics", "Machine Learning Engineer")
        },
        people: vec![
            (
                person("Nadia Rahman", "Head of Data", "Stark Analytics", "nadia@stark.example", ny),
                PersonRole::HiringManager,
            ),
            (
                person("Leo Park", "Senior ML Engineer", "Stark Analytics", "leo@stark.example", ny),
                PersonRole::Interviewer,
            ),
            (
                person("Ruth Adams", "Former manager", "Vandelay Industries", "ruth.adams@mail.example", ny),
                PersonRole::Reference,
            ),
        ],
        interviews: vec![stark_onsite],
        messages: vec![
            message(Some(0), MessageKind::ThankYou, Direction::Out, d(-3), "Thank you, Nadia"),
            message(Some(1), MessageKind::ThankYou, Direction::Out, d(-3), "Thank you, Leo"),
        ],
        outcomes: vec![],
    };

    // An application the candidate withdrew from.
    let vandelay = Bundle {
        application: Application {
            status: ApplicationStatus::Withdrawn,
            culture: Culture::Traditional,
            first_contact: FirstContact::Other,
            notes: Some("withdrew: the role moved to a five-day office week".into()),
            ..Application::new("Vandelay Industries", "Logistics Software Developer")
        },
        people: vec![(
            person("Art Vandelay", "Owner", "Vandelay Industries", "art@vandelay.example", ny),
            PersonRole::HiringManager,
        )],
        interviews: vec![interview(at(d(-30), 15, 0, ny), Stage::Onsite, &[0])],
        messages: vec![],
        outcomes: vec![Outcome {
            application: UNSET,
            kind: OutcomeKind::Withdrawal,
            date: d(-25),
            deadline: None,
            feedback: None,
        }],
    };

    vec![acme, globex, initech, contoso, umbrella, hooli, stark, vandelay]
}

/// SplitMix64: a tiny, well-mixed deterministic generator, so that the same
/// `n` always gives the same synthetic data set.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Alex", "Sam", "Jordan", "Priya", "Wei", "Fatima", "Lucas", "Amara", "Noah", "Ines", "Kenji", "Olga",
    "Mateo", "Zara", "Ravi", "Elena",
];
const LAST: &[&str] = &[
    "Garcia", "Kim", "Okafor", "Schmidt", "Nguyen", "Rossi", "Haddad", "Larsen", "Silva", "Tanaka", "Murphy",
    "Kowalski", "Mensah", "Dubois",
];
const STEM: &[&str] = &[
    "North", "Blue", "Iron", "Bright", "Cedar", "Quantum", "Harbor", "Summit", "Pixel", "Granite", "Silver",
    "Orbit",
];
const TAIL: &[&str] = &[
    "Labs",
    "Systems",
    "Health",
    "Logistics",
    "Analytics",
    "Works",
    "Robotics",
    "Finance",
    "Media",
    "Energy",
];
const ROLES: &[&str] = &[
    "Backend Engineer",
    "Data Analyst",
    "Product Designer",
    "Site Reliability Engineer",
    "Frontend Developer",
    "Engineering Manager",
    "QA Engineer",
];
const TITLES: &[&str] =
    &["Engineering Manager", "Staff Engineer", "Product Manager", "Team Lead", "Designer", "Director"];
const TIMELINES: &[&str] = &[
    "we should decide in 2-3 weeks",
    "you'll hear from us next week",
    "call me on Thursday",
    "we'll be in touch",
    "within 10 business days",
    "by the end of the month",
    "a week or two",
];
const TOPICS: &[&str] = &[
    "system design",
    "the product roadmap",
    "on-call",
    "testing strategy",
    "hiring plans",
    "data pipelines",
];
const ZONES: &[&str] = &["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London"];

/// `n` synthetic applications in realistic proportions: one to three
/// interviewers, a recruiter on a third, one or two interviews, thank-you
/// notes and the odd status check, and about a quarter already decided.
pub fn synthetic(n: usize, today: Date) -> Vec<Bundle> {
    let mut rng = Rng(0x5EED_0FAF_7E00_u64 ^ n as u64);
    (0..n).map(|i| synthetic_one(&mut rng, i, today)).collect()
}

fn synthetic_one(rng: &mut Rng, i: usize, today: Date) -> Bundle {
    let company = format!("{} {} {}", rng.pick(STEM), rng.pick(TAIL), i + 1);
    let zone = *rng.pick(ZONES);
    let mut people = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let email = format!("{}@example.com", name.to_ascii_lowercase().replace(' ', "."));
        let title = *rng.pick::<&str>(TITLES);
        people.push((person(&name, title, &company, &email, zone), PersonRole::Interviewer));
    }
    let interviewers: Vec<usize> = (0..people.len()).collect();
    if rng.below(3) == 0 {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        people.push((
            person(&name, "Recruiter", "Talent Agency", "recruiter@agency.example", zone),
            PersonRole::AgencyRecruiter,
        ));
    }

    let first_day = today.saturating_add((rng.below(60) as i32 - 50).days());
    let mut interviews = Vec::new();
    let mut messages = Vec::new();
    for round in 0..1 + rng.below(2) {
        let day = first_day.saturating_add((round as i32 * 7).days());
        let mut iv =
            interview(at(day, 9 + rng.below(8) as i8, 0, zone), *rng.pick(Stage::ALL), &interviewers);
        iv.topics = vec![(*rng.pick(TOPICS)).to_owned()];
        iv.next_steps = Some((*rng.pick(TIMELINES)).to_owned());
        if day < today {
            messages.push(message(Some(0), MessageKind::ThankYou, Direction::Out, day, "Thank you"));
            if rng.below(4) == 0 {
                let check = day.saturating_add(8.days()).min(today);
                messages.push(message(
                    Some(0),
                    MessageKind::StatusCheck,
                    Direction::Out,
                    check,
                    "Checking in",
                ));
            }
        }
        interviews.push(iv);
    }

    let (status, outcomes) = match rng.below(20) {
        0..=3 => (ApplicationStatus::Rejected, vec![OutcomeKind::Rejection]),
        4 => (ApplicationStatus::Offer, vec![OutcomeKind::Offer]),
        5 => (ApplicationStatus::Withdrawn, vec![OutcomeKind::Withdrawal]),
        _ => (ApplicationStatus::Active, vec![]),
    };
    let outcomes = outcomes
        .into_iter()
        .map(|kind| Outcome {
            application: UNSET,
            kind,
            date: today.saturating_sub((rng.below(10) as i32).days()),
            deadline: (kind == OutcomeKind::Offer).then(|| today.saturating_add(7.days())),
            feedback: None,
        })
        .collect();

    Bundle {
        application: Application {
            status,
            culture: *rng.pick(Culture::ALL),
            first_contact: *rng.pick(FirstContact::ALL),
            ..Application::new(company, *rng.pick(ROLES))
        },
        people,
        interviews,
        messages,
        outcomes,
    }
}

/// The bundles as a store would load them for the agenda: ids assigned in
/// order, every list ordered by application, no task states. For
/// benchmarks and tests that plan without a database.
pub fn facts(bundles: &[Bundle]) -> Facts {
    let mut f = Facts::default();
    let mut next_person = 1;
    for (n, b) in bundles.iter().enumerate() {
        let app = ApplicationId(n as i64 + 1);
        f.applications.push(Record { id: app, value: b.application.clone() });
        let base = next_person;
        for (p, role) in &b.people {
            let id = PersonId(next_person);
            next_person += 1;
            f.people.push(Record { id, value: p.clone() });
            f.involvements.push(Involvement { application: app, person: id, role: *role });
        }
        let local = |p: PersonId| PersonId(base + p.0);
        for iv in &b.interviews {
            let mut iv = iv.clone();
            iv.application = app;
            iv.interviewers = iv.interviewers.iter().map(|p| local(*p)).collect();
            let id = InterviewId(f.interviews.len() as i64 + 1);
            f.interviews.push(Record { id, value: iv });
        }
        for m in &b.messages {
            let mut m = m.clone();
            m.application = app;
            m.person = m.person.map(local);
            let id = MessageId(f.messages.len() as i64 + 1);
            f.messages.push(Record { id, value: m });
        }
        for o in &b.outcomes {
            let mut o = o.clone();
            o.application = app;
            let id = OutcomeId(f.outcomes.len() as i64 + 1);
            f.outcomes.push(Record { id, value: o });
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn today() -> Date {
        jiff::civil::date(2026, 11, 20)
    }

    #[test]
    fn showcase_covers_the_stages_a_newcomer_should_see() {
        let set = showcase(today());
        assert!(set.len() >= 6);
        let statuses: HashSet<_> = set.iter().map(|b| b.application.status).collect();
        for s in [ApplicationStatus::Active, ApplicationStatus::Offer, ApplicationStatus::Rejected] {
            assert!(statuses.contains(&s), "missing {s}");
        }
        assert!(set.iter().any(|b| b.interviews.iter().any(|i| i.interviewers.len() >= 2)), "a panel");
        assert!(set.iter().any(|b| { b.people.iter().any(|(_, r)| *r == PersonRole::AgencyRecruiter) }));
        assert!(set.iter().any(|b| b.interviews.iter().any(|i| i.day() > today())), "an interview to come");
    }

    #[test]
    fn bundles_only_refer_to_their_own_people() {
        for b in showcase(today()).iter().chain(&synthetic(500, today())) {
            let n = b.people.len() as i64;
            for iv in &b.interviews {
                assert!(iv.interviewers.iter().all(|p| (0..n).contains(&p.0)), "{}", b.application.company);
            }
            assert!(b.messages.iter().all(|m| m.person.is_none_or(|p| (0..n).contains(&p.0))));
        }
    }

    #[test]
    fn synthetic_is_deterministic_and_realistic() {
        let a = synthetic(300, today());
        assert_eq!(a, synthetic(300, today()));
        let decided = a.iter().filter(|b| !b.application.status.is_open()).count();
        assert!((30..=120).contains(&decided), "{decided} decided of 300");
        let companies: HashSet<_> = a.iter().map(|b| &b.application.company).collect();
        assert_eq!(companies.len(), 300, "company names are unique");
    }
}
