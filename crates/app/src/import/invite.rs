//! Interview invitations as a use case: [`invite_preview`] says what a set
//! of invite files would record (nothing is written), [`invite_import`]
//! records exactly that in one transaction.
//!
//! The rules, so that the plan a user reads is the record they get:
//!
//! - **Who.** The user's own address (`user.email`) is never a person. The
//!   attendees are the interviewers; the names a Greenhouse schedule lists
//!   are interviewers too. The organizer is an interviewer when they
//!   attend, or when nobody else does (a Calendly call with the person who
//!   booked it); an organizer who invites others and does not attend is
//!   the coordinator, recorded as the in-house recruiter on the
//!   application, not on the interview. Addresses of scheduling tools and
//!   `no-reply` senders are nobody. A person is matched by email to one
//!   already recorded, else added (named by the invite's `CN`, else from
//!   the address); someone who already plays a part on the application
//!   keeps it.
//! - **Which application.** `--application` decides. Else: the
//!   applications of people already recorded with these addresses, then
//!   of people at the same employer domain, then those whose company the
//!   title or the description names; open ones first. Two or more left is
//!   refused, naming them, rather than guessed. None: a new application,
//!   its company from the title or the domain (never a public mail
//!   domain), its role from the title or "(role unknown)", which the plan
//!   says and `application edit` changes: asking for a role per file would
//!   stop a batch import, and a placeholder is easier to spot than a guess.
//! - **Updates.** An invite whose UID is recorded on an interview moves it
//!   when its SEQUENCE is higher (start, length, place; the planner
//!   re-plans, its tasks being computed), and changes nothing otherwise. A
//!   cancellation removes the interview; one for an invite never recorded
//!   changes nothing. A cancelled UID is remembered (in the meta table),
//!   so importing the first invite again does not bring it back. Several
//!   files of one UID in one call: the latest wins, the others are said to
//!   be superseded.

use std::collections::HashMap;

use afterview_core::ids::{ApplicationId, InterviewId, PersonId};
use afterview_core::import::invite::{self as reader, Invite, InviteError, Method, Party};
use afterview_core::kinds::{PersonRole, Stage};
use afterview_core::model::{Application, Interview, InviteRef, Person, Record};
use afterview_core::settings::Settings;
use afterview_core::values::{Email, TimeZoneName};
use afterview_store::{Store, Tx};
use jiff::Zoned;
use jiff::civil::Date;
use serde::Serialize;

use crate::error::{Error, Result};

/// One file handed to the import: its name (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct InviteFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What the user said about the files.
#[derive(Debug, Clone, Default)]
pub struct InviteOptions {
    /// Every invite is for this application (`--application`).
    pub application: Option<ApplicationId>,
    /// The zone the invites' times are in when they do not say so in a
    /// way afterview knows (`--time-zone`).
    pub time_zone: Option<TimeZoneName>,
}

/// An application: one already recorded, or the n-th of the plan's new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppRef {
    Recorded(ApplicationId),
    New(usize),
}

/// A person: one already recorded, or the n-th of the plan's new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonRef {
    Recorded(PersonId),
    New(usize),
}

/// What the import does with one invite.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum InviteAction {
    /// A new interview.
    Add,
    /// The recorded interview moves (an update: a higher SEQUENCE).
    Move { interview: InterviewId, from: Zoned, from_minutes: u32 },
    /// The recorded interview is removed (a cancellation).
    Cancel { interview: InterviewId },
    /// The same invite, or an older one, is recorded: nothing changes.
    AlreadyRecorded { interview: InterviewId },
    /// This invite was cancelled before: nothing changes.
    AlreadyCancelled,
    /// A cancellation of an invite never recorded: nothing changes.
    NotRecorded,
    /// Another file of this import holds the same invite, or a later one.
    Superseded { by: String },
}

impl InviteAction {
    /// Whether the import writes anything for it.
    pub fn changes(&self) -> bool {
        matches!(self, Self::Add | Self::Move { .. } | Self::Cancel { .. })
    }
}

/// A person an invite names, and what they become.
#[derive(Debug, Clone, Serialize)]
pub struct PersonPlan {
    pub name: String,
    pub email: Option<Email>,
    pub person: PersonRef,
    /// Their part on the application (kept when they already have one).
    pub part: PersonRole,
    /// On the interview's panel.
    pub interviewer: bool,
    /// Why: "attends", "organized it and does not attend: the coordinator".
    pub why: String,
}

/// What one invite would record.
#[derive(Debug, Clone, Serialize)]
pub struct InvitePlanned {
    pub file: String,
    pub method: Method,
    pub uid: String,
    pub sequence: u32,
    pub summary: String,
    #[serde(flatten)]
    pub action: InviteAction,
    /// `None` for an invite that touches nothing recorded (a cancellation
    /// of an invite never imported, one superseded by another file).
    pub application: Option<AppRef>,
    pub company: String,
    pub role: String,
    /// How the application was found, or why a new one.
    pub matched_by: String,
    pub people: Vec<PersonPlan>,
    /// The start in the invite's zone.
    pub start: Zoned,
    /// The same instant in the user's zone.
    pub start_yours: Zoned,
    pub duration_minutes: u32,
    pub stage: Stage,
    /// The video link, else the invite's location.
    pub location: Option<String>,
    /// The interviews the invite's description lists (Greenhouse), one
    /// line each, kept in the interview's notes.
    pub schedule: Vec<String>,
    /// Anything the user should know: how the zone was read, a time the
    /// invite does not give, a role not named.
    pub notes: Vec<String>,
}

/// What importing a set of invite files would record.
#[derive(Debug, Clone, Serialize)]
pub struct InvitePlan {
    pub invites: Vec<InvitePlanned>,
    /// The applications it adds, referred to as [`AppRef::New`].
    pub new_applications: Vec<Application>,
    /// The people it adds, referred to as [`PersonRef::New`].
    pub new_people: Vec<Person>,
}

impl InvitePlan {
    /// How many invites change something.
    pub fn changes(&self) -> usize {
        self.invites.iter().filter(|i| i.action.changes()).count()
    }
}

/// What an import recorded.
#[derive(Debug, Clone, Serialize)]
pub struct InviteImported {
    pub plan: InvitePlan,
    /// The ids the plan's new applications got, in its order.
    pub applications: Vec<ApplicationId>,
    /// The ids the plan's new people got, in its order.
    pub people: Vec<PersonId>,
    pub added: Vec<InterviewId>,
    pub moved: Vec<InterviewId>,
    pub cancelled: Vec<InterviewId>,
    /// Every application whose interviews changed, for showing its plan.
    pub touched: Vec<ApplicationId>,
}

/// The meta key remembering that an invite was cancelled, at which SEQUENCE.
fn cancelled_key(uid: &str) -> String {
    format!("invite-cancelled:{uid}")
}

fn bad_file(file: &str, e: InviteError) -> Error {
    let InviteError { line, problem, fix } = e;
    let at = line.map_or_else(|| format!("{file}: "), |l| format!("{file}, line {l}: "));
    Error::Invalid {
        field: None,
        problem: format!("{at}{problem}"),
        fix: Some(format!("{fix}; nothing was recorded")),
    }
}

/// The role a new application gets when the invite names none.
pub const ROLE_UNKNOWN: &str = "(role unknown)";

/// What is recorded, read once for matching.
struct Known {
    applications: Vec<Record<ApplicationId, Application>>,
    people_by_email: HashMap<String, (PersonId, String)>,
    /// Employer domain → applications of people at it.
    domains: HashMap<String, Vec<ApplicationId>>,
    /// Person → their applications and part on each.
    parts: HashMap<PersonId, Vec<(ApplicationId, PersonRole)>>,
    /// Person id → name and email, for schedule names.
    names: HashMap<PersonId, String>,
    /// Recorded interviews by invite UID.
    by_uid: HashMap<String, Record<afterview_core::ids::InterviewId, Interview>>,
}

fn known(store: &impl Store) -> Result<Known> {
    let applications = store.applications()?;
    let people = store.people()?;
    let involvements = store.involvements(None)?;
    let mut parts: HashMap<PersonId, Vec<(ApplicationId, PersonRole)>> = HashMap::new();
    for i in &involvements {
        parts.entry(i.person).or_default().push((i.application, i.role));
    }
    let mut people_by_email = HashMap::new();
    let mut domains: HashMap<String, Vec<ApplicationId>> = HashMap::new();
    let mut names = HashMap::new();
    for p in &people {
        names.insert(p.id, p.value.name.clone());
        let Some(email) = &p.value.email else { continue };
        people_by_email.insert(email.as_str().to_lowercase(), (p.id, p.value.name.clone()));
        if let Some(d) = reader::employer_domain(email.as_str()) {
            let apps = domains.entry(d).or_default();
            for (a, _) in parts.get(&p.id).into_iter().flatten() {
                if !apps.contains(a) {
                    apps.push(*a);
                }
            }
        }
    }
    let by_uid = store
        .interviews(None)?
        .into_iter()
        .filter_map(|iv| iv.value.invite.clone().map(|r| (r.uid, iv)))
        .collect();
    Ok(Known { applications, people_by_email, domains, parts, names, by_uid })
}

/// The plan being built: new applications and people with the keys that
/// let a later invite of the same import find them.
#[derive(Default)]
struct Pending {
    applications: Vec<Application>,
    app_domains: Vec<Vec<String>>,
    people: Vec<Person>,
    people_apps: Vec<Vec<AppRef>>,
}

/// What importing `files` would record; nothing is written.
pub fn invite_preview(
    store: &impl Store,
    files: &[InviteFile],
    options: &InviteOptions,
    settings: &Settings,
    today: Date,
) -> Result<InvitePlan> {
    let user_email = settings.user.email.trim().to_lowercase();
    if user_email.is_empty() {
        return Err(Error::refused(
            "your email address (the setting user.email) is not set, so afterview cannot tell you from \
             the interviewers on an invite; set it to the address your invites are sent to, then import again",
        ));
    }
    if let Some(id) = options.application {
        store.application(id)?;
    }
    let user_zone = crate::local::user_zone(settings);
    let read_options = reader::Options {
        time_zone: options.time_zone.as_ref().map(TimeZoneName::zone),
        user_zone: user_zone.clone(),
    };
    let mut invites: Vec<(usize, Invite)> = Vec::new();
    for (n, file) in files.iter().enumerate() {
        let read = reader::read(&file.bytes, &read_options).map_err(|e| bad_file(&file.name, e))?;
        invites.extend(read.into_iter().map(|i| (n, i)));
    }
    // The invite of each UID that counts: the highest SEQUENCE, a
    // cancellation over a request of the same one, the later file on a tie.
    let mut winner: HashMap<&str, usize> = HashMap::new();
    for (k, (_, inv)) in invites.iter().enumerate() {
        let rank = |i: &Invite| (i.sequence, i.method == Method::Cancel);
        match winner.get(inv.uid.as_str()) {
            Some(&w) if rank(&invites[w].1) > rank(inv) => {}
            _ => {
                winner.insert(inv.uid.as_str(), k);
            }
        }
    }
    let known = known(store)?;
    let mut pending = Pending::default();
    let mut out = Vec::new();
    for (k, (n, inv)) in invites.iter().enumerate() {
        let file = files[*n].name.clone();
        let w = winner[inv.uid.as_str()];
        let recorded = known.by_uid.get(&inv.uid);
        let action = if w != k {
            InviteAction::Superseded { by: files[invites[w].0].name.clone() }
        } else {
            match (recorded, inv.method) {
                (Some(r), Method::Cancel) => {
                    let seq = r.value.invite.as_ref().map_or(0, |i| i.sequence);
                    if inv.sequence >= seq {
                        InviteAction::Cancel { interview: r.id }
                    } else {
                        InviteAction::AlreadyRecorded { interview: r.id }
                    }
                }
                (Some(r), _) => {
                    let seq = r.value.invite.as_ref().map_or(0, |i| i.sequence);
                    if inv.sequence > seq {
                        InviteAction::Move {
                            interview: r.id,
                            from: r.value.start.clone(),
                            from_minutes: r.value.duration_minutes,
                        }
                    } else {
                        InviteAction::AlreadyRecorded { interview: r.id }
                    }
                }
                (None, Method::Cancel) => InviteAction::NotRecorded,
                (None, _) => {
                    let cancelled_at =
                        store.meta(&cancelled_key(&inv.uid))?.and_then(|s| s.parse::<u32>().ok());
                    match cancelled_at {
                        Some(seq) if inv.sequence <= seq => InviteAction::AlreadyCancelled,
                        _ => InviteAction::Add,
                    }
                }
            }
        };
        let mut notes = Vec::new();
        if let Some(z) = &inv.zone_note {
            notes.push(format!("Time zone: {z}."));
        }
        if inv.all_day {
            notes.push(
                "The invite gives a day but no time: recorded at 09:00; change it with interview edit."
                    .into(),
            );
        }
        if inv.start.date() < today && action == InviteAction::Add {
            notes.push(format!("This interview was on {}, before today.", inv.start.date()));
        }
        let (application, matched_by, people) = match (&action, recorded) {
            (InviteAction::Add, _) => {
                let (app, why) = match_application(&known, &mut pending, inv, options, &user_email)?;
                let people = plan_people(&known, &mut pending, inv, app, &user_email);
                (Some(app), why, people)
            }
            (InviteAction::Move { .. }, Some(r)) => {
                // An update may invite someone more: they join the panel.
                // Those already on it are not listed again.
                let app = AppRef::Recorded(r.value.application);
                let joining = plan_people(&known, &mut pending, inv, app, &user_email)
                    .into_iter()
                    .filter(|p| {
                        p.interviewer
                            && !matches!(p.person, PersonRef::Recorded(id) if r.value.interviewers.contains(&id))
                    })
                    .collect();
                (Some(app), "the interview recorded from this invite".to_owned(), joining)
            }
            (_, Some(r)) => (
                Some(AppRef::Recorded(r.value.application)),
                "the interview recorded from this invite".to_owned(),
                Vec::new(),
            ),
            (_, None) => (None, String::new(), Vec::new()),
        };
        let (company, role) = match application {
            None => Default::default(),
            Some(AppRef::Recorded(id)) => known
                .applications
                .iter()
                .find(|a| a.id == id)
                .map(|a| (a.value.company.clone(), a.value.role.clone()))
                .unwrap_or_default(),
            Some(AppRef::New(i)) => {
                pending.applications.get(i).map(|a| (a.company.clone(), a.role.clone())).unwrap_or_default()
            }
        };
        if matches!(application, Some(AppRef::New(_))) && role == ROLE_UNKNOWN && action == InviteAction::Add
        {
            notes.push(
                "The invite names no role: recorded as \"(role unknown)\"; set it with application edit."
                    .into(),
            );
        }
        out.push(InvitePlanned {
            file,
            method: inv.method,
            uid: inv.uid.clone(),
            sequence: inv.sequence,
            summary: inv.summary.clone(),
            action,
            application,
            company,
            role,
            matched_by,
            people,
            start_yours: inv.start.with_time_zone(user_zone.clone()),
            start: inv.start.clone(),
            duration_minutes: inv.duration_minutes,
            stage: inv.stage,
            location: inv.place().map(str::to_owned),
            schedule: inv.schedule.iter().map(|s| s.line.clone()).collect(),
            notes,
        });
    }
    Ok(InvitePlan { invites: out, new_applications: pending.applications, new_people: pending.people })
}

/// The parties of an invite that are people (not the user, not a tool).
fn parties<'a>(inv: &'a Invite, user_email: &str) -> (Option<&'a Party>, Vec<&'a Party>) {
    let person = |p: &&Party| {
        !p.email.as_str().eq_ignore_ascii_case(user_email) && !reader::is_tool_address(p.email.as_str())
    };
    let organizer = inv.organizer.as_ref().filter(person);
    let attendees = inv.attendees.iter().filter(person).collect();
    (organizer, attendees)
}

/// Whether a recorded company is named in `text`, as whole words.
fn names_company(text: &str, company: &str) -> bool {
    let (t, c) = (text.to_lowercase(), company.trim().to_lowercase());
    if c.chars().count() < 2 {
        return false;
    }
    t.match_indices(&c).any(|(i, _)| {
        let before = t[..i].chars().next_back();
        let after = t[i + c.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn match_application(
    known: &Known,
    pending: &mut Pending,
    inv: &Invite,
    options: &InviteOptions,
    user_email: &str,
) -> Result<(AppRef, String)> {
    if let Some(id) = options.application {
        return Ok((AppRef::Recorded(id), "--application".into()));
    }
    let (organizer, attendees) = parties(inv, user_email);
    let all: Vec<&Party> = organizer.into_iter().chain(attendees.iter().copied()).collect();
    let open = |id: &ApplicationId| {
        known.applications.iter().find(|a| a.id == *id).is_some_and(|a| a.value.status.is_open())
    };
    let describe = |id: ApplicationId| {
        known
            .applications
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| format!("{id} ({}, {})", a.value.company, a.value.role))
    };
    let text = format!("{}\n{}", inv.summary, inv.description.as_deref().unwrap_or(""));
    // Candidates by each kind of evidence, strongest first.
    let mut by_email: Vec<(ApplicationId, String)> = Vec::new();
    let mut by_domain: Vec<(ApplicationId, String)> = Vec::new();
    for p in &all {
        let email = p.email.as_str().to_lowercase();
        if let Some((pid, name)) = known.people_by_email.get(&email) {
            for (a, _) in known.parts.get(pid).into_iter().flatten() {
                by_email.push((*a, format!("{name} ({email}) is on it")));
            }
        }
        if let Some(d) = reader::employer_domain(&email) {
            for a in known.domains.get(&d).into_iter().flatten() {
                by_domain.push((*a, format!("people at {d} are on it")));
            }
        }
    }
    let by_name: Vec<(ApplicationId, String)> = known
        .applications
        .iter()
        .filter(|a| names_company(&inv.summary, &a.value.company))
        .map(|a| (a.id, format!("the title names {}", a.value.company)))
        .chain(
            known
                .applications
                .iter()
                .filter(|a| names_company(&text, &a.value.company))
                .map(|a| (a.id, format!("the invite names {}", a.value.company))),
        )
        .collect();
    for candidates in [by_email, by_domain, by_name] {
        let mut ids: Vec<ApplicationId> = Vec::new();
        for (id, _) in &candidates {
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        if ids.is_empty() {
            continue;
        }
        if ids.iter().any(open) {
            ids.retain(open);
        }
        if ids.len() > 1 {
            // The company the title names decides between them.
            let named: Vec<ApplicationId> = ids
                .iter()
                .copied()
                .filter(|id| {
                    known
                        .applications
                        .iter()
                        .any(|a| a.id == *id && names_company(&inv.summary, &a.value.company))
                })
                .collect();
            if named.len() == 1 {
                ids = named;
            }
        }
        if ids.len() > 1 {
            let list: Vec<String> = ids.iter().map(|id| describe(*id)).collect();
            return Err(Error::Refused {
                reason: format!(
                    "the invite \"{}\" could be for {}; say which with --application, and import that file alone",
                    inv.summary,
                    list.join(" or ")
                ),
            });
        }
        let id = ids[0];
        let why = candidates.iter().find(|(a, _)| *a == id).map(|(_, w)| w.clone()).unwrap_or_default();
        return Ok((AppRef::Recorded(id), why));
    }
    // A new application of this import, by domain or company.
    let domains: Vec<String> = all.iter().filter_map(|p| reader::employer_domain(p.email.as_str())).collect();
    for (i, a) in pending.applications.iter().enumerate() {
        if pending.app_domains[i].iter().any(|d| domains.contains(d))
            || names_company(&inv.summary, &a.company)
        {
            return Ok((AppRef::New(i), format!("{} is added by another invite of this import", a.company)));
        }
    }
    // A new one.
    let names: Vec<String> = all.iter().map(|p| p.display_name()).collect();
    let mut people: Vec<&str> = names.iter().map(String::as_str).collect();
    for a in &inv.attendees {
        if let Some(n) = &a.name {
            people.push(n);
        }
    }
    let title = reader::title(&inv.summary, &people);
    let from_domain = domains.first().and_then(|d| reader::company_from_domain(d));
    let squash = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let (company, why) = match (&title.company, &from_domain) {
        (Some(t), Some(d)) if squash(t).starts_with(&squash(d)) || squash(d).starts_with(&squash(t)) => {
            (t.clone(), "named by the title and the address domain".to_owned())
        }
        (_, Some(d)) => (d.clone(), format!("from the address domain {}", domains[0])),
        (Some(t), None) => (t.clone(), "named by the title".to_owned()),
        (None, None) => {
            return Err(Error::Refused {
                reason: format!(
                    "the invite \"{}\" names no company afterview can read, and its addresses are at no employer's domain; \
                     add the application first and import it with --application",
                    inv.summary
                ),
            });
        }
    };
    let mut app = Application::new(company, title.role.unwrap_or_else(|| ROLE_UNKNOWN.to_owned()));
    app.notes = Some(format!("Added from the invite \"{}\".", inv.summary));
    pending.applications.push(app);
    pending.app_domains.push(domains);
    Ok((AppRef::New(pending.applications.len() - 1), why))
}

fn plan_people(
    known: &Known,
    pending: &mut Pending,
    inv: &Invite,
    app: AppRef,
    user_email: &str,
) -> Vec<PersonPlan> {
    let (organizer, attendees) = parties(inv, user_email);
    let schedule_names: Vec<&str> =
        inv.schedule.iter().flat_map(|s| &s.interviewers).map(String::as_str).collect();
    let organizer_attends = inv.organizer_attends;
    let others = attendees
        .iter()
        .filter(|a| organizer.is_none_or(|o| !a.email.as_str().eq_ignore_ascii_case(o.email.as_str())))
        .count()
        + schedule_names.len();
    let recruiter_title = inv.summary.to_lowercase().contains("recruit");
    let company = match app {
        AppRef::Recorded(id) => {
            known.applications.iter().find(|a| a.id == id).map(|a| a.value.company.clone())
        }
        AppRef::New(i) => pending.applications.get(i).map(|a| a.company.clone()),
    };
    let mut out: Vec<PersonPlan> = Vec::new();
    let mut add = |out: &mut Vec<PersonPlan>,
                   name: String,
                   email: Option<&Email>,
                   interviewer: bool,
                   part: PersonRole,
                   why: &str| {
        let key = email.map(|e| e.as_str().to_lowercase());
        if out.iter().any(|p| match (&key, &p.email) {
            (Some(k), Some(e)) => e.as_str().eq_ignore_ascii_case(k),
            (None, None) => p.name.eq_ignore_ascii_case(&name),
            _ => false,
        }) {
            return;
        }
        // Recorded: by email; a name alone only among the application's own people.
        let recorded = match &key {
            Some(k) => known.people_by_email.get(k).map(|(id, _)| *id),
            None => match app {
                AppRef::Recorded(a) => known
                    .parts
                    .iter()
                    .find(|(pid, parts)| {
                        parts.iter().any(|(x, _)| *x == a)
                            && known.names.get(pid).is_some_and(|n| n.eq_ignore_ascii_case(&name))
                    })
                    .map(|(pid, _)| *pid),
                AppRef::New(_) => None,
            },
        };
        let existing_part = match (recorded, app) {
            (Some(pid), AppRef::Recorded(a)) => {
                known.parts.get(&pid).and_then(|ps| ps.iter().find(|(x, _)| *x == a).map(|(_, r)| *r))
            }
            _ => None,
        };
        let person = match recorded {
            Some(id) => PersonRef::Recorded(id),
            None => {
                // A new person of an earlier invite of this import: by email,
                // or by name on the same application.
                let found = pending.people.iter().enumerate().position(|(i, p)| match (&key, &p.email) {
                    (Some(k), Some(e)) => e.as_str().eq_ignore_ascii_case(k),
                    (None, None) => {
                        p.name.eq_ignore_ascii_case(&name) && pending.people_apps[i].contains(&app)
                    }
                    _ => false,
                });
                match found {
                    Some(i) => {
                        if !pending.people_apps[i].contains(&app) {
                            pending.people_apps[i].push(app);
                        }
                        PersonRef::New(i)
                    }
                    None => {
                        let mut p = Person::new(name.clone());
                        p.email = email.cloned();
                        p.organisation = company.clone();
                        pending.people.push(p);
                        pending.people_apps.push(vec![app]);
                        PersonRef::New(pending.people.len() - 1)
                    }
                }
            }
        };
        let part = existing_part.unwrap_or(part);
        let why = match existing_part {
            Some(r) if r != PersonRole::Interviewer || !interviewer => {
                format!("{why}; already the {r} on it")
            }
            _ => why.to_owned(),
        };
        out.push(PersonPlan { name, email: email.cloned(), person, part, interviewer, why });
    };
    if let Some(o) = organizer {
        // A coordinator by their name or address ("Talent Acquisition",
        // recruiting@…) does not interview when others do.
        let coordinator =
            ["recruit", "talent", "coordinat", "scheduling", "people ops", "hr team"].iter().any(|w| {
                o.display_name().to_lowercase().contains(w) || o.email.as_str().to_lowercase().contains(w)
            });
        if others == 0 || (organizer_attends && !coordinator) {
            let part = if recruiter_title { PersonRole::InHouseRecruiter } else { PersonRole::Interviewer };
            let why = if organizer_attends {
                "organized it and attends"
            } else {
                "organized it, and nobody else is invited"
            };
            add(&mut out, o.display_name(), Some(&o.email), true, part, why);
        } else {
            add(
                &mut out,
                o.display_name(),
                Some(&o.email),
                false,
                PersonRole::InHouseRecruiter,
                "organized it and does not attend: the coordinator",
            );
        }
    }
    for a in &attendees {
        add(&mut out, a.display_name(), Some(&a.email), true, PersonRole::Interviewer, "invited to it");
    }
    for n in schedule_names {
        add(&mut out, n.to_owned(), None, true, PersonRole::Interviewer, "named in the schedule");
    }
    out
}

/// Records what [`invite_preview`] shows for `files`, in one transaction:
/// new applications and people, interviews added, moved and removed, or,
/// when anything fails, nothing.
/// Records the people an invite names on `app` (new ones once, however
/// many invites name them) with their parts, and gives its panel: the ones
/// who interview, in order.
fn record_people<T: afterview_store::Tx>(
    tx: &mut T,
    new_people: &[Person],
    people: &mut [Option<PersonId>],
    app: ApplicationId,
    named: &[PersonPlan],
) -> afterview_store::Result<Vec<PersonId>> {
    let mut panel = Vec::new();
    for p in named {
        let id = match p.person {
            PersonRef::Recorded(id) => id,
            PersonRef::New(i) => match people[i] {
                Some(id) => id,
                None => {
                    let id = tx.add_person(&new_people[i])?;
                    people[i] = Some(id);
                    id
                }
            },
        };
        if p.interviewer {
            panel.push(id);
        }
        // The interview involves its panel as interviewers unless they play
        // another part; any other part is recorded here.
        if !p.interviewer || p.part != PersonRole::Interviewer {
            tx.involve(app, id, p.part)?;
        }
    }
    Ok(panel)
}

pub fn invite_import(
    store: &mut impl Store,
    files: &[InviteFile],
    options: &InviteOptions,
    settings: &Settings,
    today: Date,
) -> Result<InviteImported> {
    let plan = invite_preview(store, files, options, settings, today)?;
    // The interviews an update moves, as recorded (the plan was made from
    // the same reads).
    let mut current: HashMap<InterviewId, Interview> = HashMap::new();
    for item in &plan.invites {
        if let InviteAction::Move { interview, .. } = item.action {
            current.insert(interview, store.interview(interview)?.value);
        }
    }
    let (applications, people, added, moved, cancelled, touched) = store.write(|tx| {
        let mut apps: Vec<Option<ApplicationId>> = vec![None; plan.new_applications.len()];
        let mut people: Vec<Option<PersonId>> = vec![None; plan.new_people.len()];
        let (mut added, mut moved, mut cancelled, mut touched) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for item in &plan.invites {
            match &item.action {
                InviteAction::Add => {
                    let app = match item.application {
                        Some(AppRef::Recorded(id)) => id,
                        // An invite to add always has its application.
                        None => continue,
                        Some(AppRef::New(i)) => match apps[i] {
                            Some(id) => id,
                            None => {
                                let id = tx.add_application(&plan.new_applications[i])?;
                                apps[i] = Some(id);
                                id
                            }
                        },
                    };
                    let panel = record_people(tx, &plan.new_people, &mut people, app, &item.people)?;
                    let mut iv = Interview::new(app, item.start.clone(), item.stage);
                    iv.duration_minutes = item.duration_minutes;
                    iv.interviewers = panel;
                    iv.location = item.location.clone();
                    iv.invite = Some(InviteRef { uid: item.uid.clone(), sequence: item.sequence });
                    let mut notes = format!("From the invite \"{}\".", item.summary);
                    if !item.schedule.is_empty() {
                        notes.push_str("\nSchedule:\n");
                        notes.push_str(&item.schedule.join("\n"));
                    }
                    iv.notes = Some(notes);
                    added.push(tx.add_interview(&iv)?);
                    touched.push(app);
                }
                InviteAction::Move { interview, .. } => {
                    let Some(mut iv) = current.get(interview).cloned() else { continue };
                    for id in record_people(tx, &plan.new_people, &mut people, iv.application, &item.people)?
                    {
                        if !iv.interviewers.contains(&id) {
                            iv.interviewers.push(id);
                        }
                    }
                    iv.start = item.start.clone();
                    iv.duration_minutes = item.duration_minutes;
                    if item.location.is_some() {
                        iv.location = item.location.clone();
                    }
                    iv.invite = Some(InviteRef { uid: item.uid.clone(), sequence: item.sequence });
                    tx.update_interview(*interview, &iv)?;
                    moved.push(*interview);
                    touched.push(iv.application);
                }
                InviteAction::Cancel { interview } => {
                    tx.remove_interview(*interview)?;
                    tx.set_meta(&cancelled_key(&item.uid), &item.sequence.to_string())?;
                    cancelled.push(*interview);
                    if let Some(AppRef::Recorded(a)) = item.application {
                        touched.push(a);
                    }
                }
                _ => {}
            }
        }
        touched.dedup();
        Ok((
            apps.into_iter().flatten().collect(),
            people.into_iter().flatten().collect(),
            added,
            moved,
            cancelled,
            touched,
        ))
    })?;
    Ok(InviteImported { plan, applications, people, added, moved, cancelled, touched })
}
