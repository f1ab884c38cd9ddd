//! The command line, declared once with clap's derive: parsing, `--help`,
//! shell completions and the man page all come from these definitions.

use std::path::PathBuf;

use afterview_core::calendar::Region;
use afterview_core::ids::{ApplicationId, InterviewId, MessageId, OutcomeId, PersonId};
use afterview_core::kinds::{
    ApplicationStatus, Channel, Choice, Culture, Direction, FirstContact, MessageKind, OutcomeKind,
    PersonRole, Stage,
};
use afterview_core::values::{Email, TimeZoneName, parse_day};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;

/// A job seeker's follow-up assistant: after every interview, what to do
/// next, when, to whom and how.
///
/// Your data stays on this computer, in the data folder (see `afterview
/// config path`); set AFTERVIEW_HOME to use another folder.
#[derive(Debug, Parser)]
#[command(name = "afterview", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// What to do today, what is overdue, what is coming up, and who you are waiting on.
    Agenda(AgendaArgs),
    /// Record, change, list, show or remove applications.
    #[command(subcommand, visible_alias = "app")]
    Application(ApplicationCmd),
    /// Record, change, list, show or remove people (interviewers, recruiters, references).
    #[command(subcommand)]
    Person(PersonCmd),
    /// Record, change, list, show or remove interviews.
    #[command(subcommand)]
    Interview(InterviewCmd),
    /// Record an offer, a rejection, a withdrawal or an acceptance.
    #[command(subcommand)]
    Outcome(OutcomeCmd),
    /// Record a message you sent or received.
    Log(LogArgs),
    /// List, show, correct or remove the messages you recorded.
    #[command(subcommand)]
    Message(MessageCmd),
    /// Export your tasks to a calendar, your applications to a spreadsheet, your
    /// contacts, a proof-of-applications report, or everything as a snapshot.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Bring in what you already keep elsewhere (a spreadsheet of applications, saved emails), or restore a snapshot.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Send today's tasks (and overdue ones) to your phone: email or an ntfy push.
    ///
    /// The channel is set in settings ([notify]; see `afterview config list`).
    /// A task is sent once a day: a second run the same day sends only what
    /// became due since. Meant to run each morning from a systemd timer
    /// (`--install-timer`) or cron.
    Notify(NotifyArgs),
    /// Mark a task from the agenda as done.
    Done(TaskArgs),
    /// Skip a task from the agenda: it will not be suggested again.
    Skip(TaskArgs),
    /// Put a task from the agenda off until a later day.
    Snooze(SnoozeArgs),
    /// Read what an employer said about next steps, and put dates on it.
    When(WhenArgs),
    /// Plan the follow-up of one interview described as JSON (stateless).
    Plan(PlanArgs),
    /// Check a message for the mistakes that cost people jobs.
    Check(CheckArgs),
    /// Write a first draft of the message a task calls for.
    Draft(DraftArgs),
    /// Your personal word list: words the spelling check should accept.
    #[command(subcommand)]
    Words(WordsCmd),
    /// The draft templates: see a built-in one, or where to put your own.
    #[command(subcommand)]
    Templates(TemplatesCmd),
    /// Closure days on top of your region's public holidays (import from .ics).
    #[command(subcommand)]
    Holidays(HolidaysCmd),
    /// Load a realistic demo data set, or N synthetic applications for benchmarks.
    Demo(DemoArgs),
    /// Read or change settings.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Make a consistent copy of the database, safe while afterview is in use.
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
    /// Check the database for damage, list the backups, or restore one.
    ///
    /// afterview keeps a copy of the database from the start of each of the
    /// last 7 days in the data folder's `backups/`. `--restore` puts one
    /// back (the newest whole one, unless you name a day or a file) and
    /// keeps the file it replaces beside it, renamed, so nothing is lost.
    /// Run it while no other afterview is running.
    Doctor {
        /// Restore a backup: a day (YYYY-MM-DD) from the list, a backup file, or nothing for the newest.
        #[arg(long, value_name = "BACKUP", num_args = 0..=1, default_missing_value = "")]
        restore: Option<String>,
    },
    /// Use afterview in your browser: a local web app over the same data.
    ///
    /// Prints a sign-in link that works once (it sets a cookie in the
    /// browser that opens it). Listens on this computer only unless you
    /// give another address; the command line keeps working beside it.
    ///
    /// With --database postgres://… it is a server for many job seekers
    /// instead (a career service): people sign in with accounts an admin
    /// invites (`afterview admin invite`), each sees only their own data.
    /// See docs/deploy.md.
    Serve {
        /// The address and port to listen on (0.0.0.0:7878 lets your phone
        /// on the same network reach it).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        listen: std::net::SocketAddr,
        /// Open the sign-in link in your browser.
        #[arg(long, conflicts_with = "database")]
        open: bool,
        /// Serve many users' accounts from this PostgreSQL database
        /// (postgres://user:password@host/db) instead of your own data folder.
        #[arg(long, value_name = "URL", env = "AFTERVIEW_DATABASE", hide_env_values = true)]
        database: Option<String>,
        /// With --database: the address people reach the server at, such as
        /// https://jobs.example.edu behind a reverse proxy (its host is
        /// accepted, https makes the session cookie Secure).
        #[arg(long, value_name = "URL", env = "AFTERVIEW_PUBLIC_URL", requires = "database")]
        public_url: Option<afterview_web::security::PublicUrl>,
        #[command(flatten)]
        oidc: OidcArgs,
    },
    /// Look after an afterview server for many people: invitations, accounts, sign-up, moving a data folder in.
    ///
    /// Works on the server's PostgreSQL database, named by --database or
    /// AFTERVIEW_DATABASE (postgres://USER@HOST/DB), never on your own data
    /// folder. Run it where the server runs, as whoever may change its
    /// database.
    Admin(AdminArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Write the man pages (to stdout, or one file per command into a folder).
    Man {
        /// A folder to write afterview.1 and one page per command into.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// A parser that offers `T`'s spellings to help and completions.
pub fn choice<T: Choice + Clone>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::NAMES).try_map(|s| s.parse::<T>())
}

fn day(s: &str) -> Result<Date, String> {
    parse_day(s).map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The day to plan for (default: today in your time zone).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Print what would be sent; send nothing, record nothing.
    #[arg(long, conflicts_with_all = ["to_stdout", "install_timer"])]
    pub dry_run: bool,
    /// Print the digest instead of sending it, and record it as sent (for
    /// cron to mail); prints nothing when nothing is due.
    #[arg(long, conflicts_with = "install_timer")]
    pub to_stdout: bool,
    /// Write a systemd user timer that runs `afterview notify` each day at notify.at.
    #[arg(long)]
    pub install_timer: bool,
    /// With --install-timer: replace unit files that were changed.
    #[arg(long, requires = "install_timer")]
    pub force: bool,
    /// The day to send for (default: today in your time zone).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// Remove without asking.
    #[arg(long, short)]
    pub yes: bool,
}

// ----- applications ------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum ApplicationCmd {
    /// Record a new application.
    Add(ApplicationFields),
    /// Change fields of an application (an empty value clears an optional field).
    Edit {
        id: ApplicationId,
        #[command(flatten)]
        fields: ApplicationFields,
    },
    /// List applications.
    List {
        /// Only applications that stand so today (`stalled`: as many status
        /// checks as `planner.max_unanswered_checks` went unanswered).
        #[arg(long, value_parser = choice::<ApplicationStatus>())]
        status: Option<ApplicationStatus>,
        /// The day to judge from (default: today in your time zone).
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one application with its people, interviews, messages and outcomes.
    Show {
        id: ApplicationId,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Remove an application with its interviews, messages and outcomes.
    Remove {
        id: ApplicationId,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Args, Default)]
pub struct ApplicationFields {
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long, value_parser = choice::<ApplicationStatus>())]
    pub status: Option<ApplicationStatus>,
    #[arg(long, value_parser = choice::<Culture>())]
    pub culture: Option<Culture>,
    /// Holiday region for this employer (US, UK, none); default: your setting.
    #[arg(long)]
    pub region: Option<String>,
    /// How the first contact came about.
    #[arg(long, value_parser = choice::<FirstContact>())]
    pub first_contact: Option<FirstContact>,
    /// The day you applied or were first in touch.
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub applied: Option<Date>,
    /// Link to the job posting.
    #[arg(long)]
    pub posting_url: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

// ----- people ------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum PersonCmd {
    /// Record a new person, optionally with their part on an application.
    Add {
        #[command(flatten)]
        fields: PersonFields,
        #[command(flatten)]
        link: PersonLink,
    },
    /// Change a person's fields, or their part on an application.
    Edit {
        id: PersonId,
        #[command(flatten)]
        fields: PersonFields,
        #[command(flatten)]
        link: PersonLink,
    },
    /// List people.
    List {
        /// Only the people on this application.
        #[arg(long)]
        application: Option<ApplicationId>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one person.
    Show {
        id: PersonId,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Remove a person.
    Remove {
        id: PersonId,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Args, Default)]
pub struct PersonFields {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, value_parser = optional::<Email>)]
    pub email: Option<Clearable<Email>>,
    #[arg(long)]
    pub phone: Option<String>,
    /// LinkedIn profile URL.
    #[arg(long)]
    pub linkedin: Option<String>,
    #[arg(long)]
    pub organisation: Option<String>,
    /// IANA time zone, e.g. America/New_York.
    #[arg(long, value_parser = optional::<TimeZoneName>)]
    pub time_zone: Option<Clearable<TimeZoneName>>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args, Default)]
pub struct PersonLink {
    /// The application this person is part of.
    #[arg(long)]
    pub application: Option<ApplicationId>,
    /// Their part on that application.
    #[arg(long, value_parser = choice::<PersonRole>(), requires = "application")]
    pub role: Option<PersonRole>,
}

/// A flag's value where an empty string means "clear the field".
#[derive(Debug, Clone)]
pub enum Clearable<T> {
    Set(T),
    Clear,
}

impl<T> Clearable<T> {
    pub fn into_option(self) -> Option<T> {
        match self {
            Self::Set(v) => Some(v),
            Self::Clear => None,
        }
    }
}

fn optional<T: std::str::FromStr>(s: &str) -> Result<Clearable<T>, String>
where
    T::Err: std::fmt::Display,
{
    if s.trim().is_empty() {
        Ok(Clearable::Clear)
    } else {
        s.parse().map(Clearable::Set).map_err(|e: T::Err| e.to_string())
    }
}

// ----- interviews --------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum InterviewCmd {
    /// Record an interview.
    Add(InterviewFields),
    /// Change an interview (list options replace the whole list).
    Edit {
        id: InterviewId,
        #[command(flatten)]
        fields: InterviewFields,
    },
    /// List interviews.
    List {
        #[arg(long)]
        application: Option<ApplicationId>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one interview.
    Show {
        id: InterviewId,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Remove an interview.
    Remove {
        id: InterviewId,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Args, Default)]
pub struct InterviewFields {
    #[arg(long)]
    pub application: Option<ApplicationId>,
    /// Local start time, e.g. 2026-11-20T14:00 (in --time-zone).
    #[arg(long, value_name = "YYYY-MM-DDTHH:MM")]
    pub start: Option<String>,
    /// The interview's time zone (default: the first interviewer's, else yours).
    #[arg(long)]
    pub time_zone: Option<TimeZoneName>,
    #[arg(long, value_name = "MINUTES")]
    pub duration: Option<u32>,
    #[arg(long, value_parser = choice::<Stage>())]
    pub stage: Option<Stage>,
    /// A person id; repeat for a panel.
    #[arg(long = "interviewer", value_name = "PERSON")]
    pub interviewers: Vec<PersonId>,
    /// Something you talked about; repeat for more.
    #[arg(long = "topic", value_name = "TEXT")]
    pub topics: Vec<String>,
    /// Something you promised to send; repeat for more.
    #[arg(long = "promised", value_name = "TEXT")]
    pub promised: Vec<String>,
    /// What they said about next steps, in your words ("we'll decide in 2-3 weeks").
    #[arg(long)]
    pub next_steps: Option<String>,
    /// They asked for references.
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub references_requested: Option<bool>,
    /// They invited further follow-ups ("feel free to check in").
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    pub follow_ups_invited: Option<bool>,
    #[arg(long)]
    pub notes: Option<String>,
    /// Where it happens: a video link or an address.
    #[arg(long)]
    pub location: Option<String>,
}

// ----- outcomes ----------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum OutcomeCmd {
    /// Record an outcome; the application's status follows it.
    Add(OutcomeFields),
    /// Change an outcome.
    Edit {
        id: OutcomeId,
        #[command(flatten)]
        fields: OutcomeFields,
    },
    /// List outcomes.
    List {
        #[arg(long)]
        application: Option<ApplicationId>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one outcome.
    Show {
        id: OutcomeId,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Remove an outcome.
    Remove {
        id: OutcomeId,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Args, Default)]
pub struct OutcomeFields {
    #[arg(long)]
    pub application: Option<ApplicationId>,
    #[arg(long, value_parser = choice::<OutcomeKind>())]
    pub kind: Option<OutcomeKind>,
    /// The day it happened (default: today).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// For an offer: the day they need your answer by.
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub deadline: Option<Date>,
    /// Feedback they gave.
    #[arg(long)]
    pub feedback: Option<String>,
}

// ----- messages and tasks ------------------------------------------------------

#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long)]
    pub application: Option<ApplicationId>,
    /// Who it went to or came from.
    #[arg(long)]
    pub person: Option<PersonId>,
    #[arg(long, value_parser = choice::<MessageKind>())]
    pub kind: Option<MessageKind>,
    #[arg(long, value_parser = choice::<Direction>(), default_value = "out")]
    pub direction: Direction,
    /// The day (default: today).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    #[arg(long, value_parser = choice::<Channel>(), default_value = "email")]
    pub channel: Channel,
    #[arg(long)]
    pub subject: Option<String>,
    /// The message text.
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the message text from a file.
    #[arg(long)]
    pub body_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MessageCmd {
    /// List messages, oldest first.
    List {
        #[arg(long)]
        application: Option<ApplicationId>,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Show one message with its text.
    Show {
        id: MessageId,
        #[command(flatten)]
        list: ListArgs,
    },
    /// Correct a message (an empty --subject or --body clears it).
    Edit {
        id: MessageId,
        #[command(flatten)]
        fields: MessageFields,
    },
    /// Remove a message logged by mistake.
    Remove {
        id: MessageId,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Args, Default)]
pub struct MessageFields {
    /// Who it went to or came from.
    #[arg(long)]
    pub person: Option<PersonId>,
    #[arg(long, value_parser = choice::<MessageKind>())]
    pub kind: Option<MessageKind>,
    #[arg(long, value_parser = choice::<Direction>())]
    pub direction: Option<Direction>,
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    #[arg(long, value_parser = choice::<Channel>())]
    pub channel: Option<Channel>,
    #[arg(long)]
    pub subject: Option<String>,
    /// The message text.
    #[arg(long)]
    pub body: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Write the upcoming tasks as an iCalendar (.ics) file: import it into any
    /// calendar app; importing a newer export updates the events.
    Ics {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The day to plan from (default: today in your time zone).
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
    /// Write your applications as a spreadsheet (CSV), one row per application.
    ///
    /// The columns are the ones `afterview import csv` reads (Company, Role, Status,
    /// Applied Date, URL, Source, Contact Name, Contact Email, Notes), then what
    /// afterview works out: Standing, Latest Stage, Latest Stage Date, Last Contact,
    /// Next Task, Next Task Due. Importing the file keeps those last ones in each
    /// application's notes, so no column is lost on the way back.
    Csv {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The day the standings and next tasks are for (default: today).
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
    /// Write everything in the data folder as one JSON snapshot (a backup).
    ///
    /// Applications, people, interviews, messages, outcomes, task states, closure
    /// days, the last calendar export, the calendar feed's secret, the settings
    /// file, your word list and your templates: see docs/snapshot.md. Keep it as
    /// private as the data folder. `afterview import json` restores it into an
    /// empty data folder.
    Json {
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write the people you recorded as contacts (vCard 3.0), for your phone or
    /// Google Contacts.
    ///
    /// Each card has the name, company, title, email, phone, LinkedIn and a note of
    /// where you met them ("Interviewer on Thu 19 Nov for Data Engineer at
    /// Acme"). A card's UID comes from this data folder and the person, so
    /// importing a newer export updates the cards in apps that honour UIDs.
    /// Exporting marks the "save the interviewers to your contacts" tasks done.
    Contacts {
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE.vcf")]
        out: Option<PathBuf>,
        /// Leave the "save the interviewers to your contacts" tasks as they are.
        #[arg(long)]
        no_tick: bool,
        /// The day to mark those tasks done on (default: today).
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
    /// Write a proof-of-applications report of a period (what an unemployment
    /// office asks for): every application with activity in it, its applied day,
    /// interviews, the messages with their days and channels, and the outcome.
    ///
    /// The HTML version is one page with nothing to fetch, for printing to PDF.
    /// Days are written 2026-11-01, or with the year last in the date order of
    /// your settings (01/11/2026 day first, 11/01/2026 month first).
    Report {
        /// The first day of the period.
        #[arg(long, value_name = "DAY")]
        from: String,
        /// The last day of the period.
        #[arg(long, value_name = "DAY")]
        to: String,
        /// csv (one row per activity) or html (a page to print).
        #[arg(long, default_value = "html", value_parser = ["csv", "html"])]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import your applications from a spreadsheet saved as CSV.
    ///
    /// The headings are matched by name in any capitalisation: reactive-resume's
    /// (Company, Role, Stage, Stage Date, URL, Contact Name, Contact Email…),
    /// JobSync's export (Company, JobTitle, Status, appliedDate, JobSource…) and
    /// LinkedIn's `Jobs/Job Applications.csv` read as they are. Columns afterview
    /// has no field for are kept in each application's notes. It shows where each
    /// heading goes and the first rows, then asks; a row whose company and role
    /// are already recorded is skipped. A bad row stops the import with its line
    /// and column, and nothing is recorded.
    Csv {
        /// The CSV file (comma, semicolon or tab separated; UTF-8, or Windows-1252 as Excel saves it).
        file: PathBuf,
        #[command(flatten)]
        review: Review,
    },
    /// Log saved emails (.eml files or an .mbox export) on their applications.
    ///
    /// Each message is matched to an application by its addresses: a recorded
    /// person's email first, then the company domain of the people on an
    /// application (never a public one such as gmail.com). It is sent when it
    /// is from your `user.email`, else received. Its kind is recognised, with the
    /// phrase that decided it: a thank-you, a status check, a reply with a new
    /// timeline (the plan moves), a rejection or an offer (the outcome is
    /// recorded too; an offer's "let us know by Friday" is its deadline), an
    /// interview invitation, or other. Messages that fit no application are
    /// listed, not guessed; an email already imported is left out by its
    /// Message-ID. It shows what it will record and asks; nothing is recorded
    /// if anything fails.
    Email {
        /// The .eml or .mbox files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Put every message on this application (for a file about one application).
        #[arg(long)]
        application: Option<ApplicationId>,
        #[command(flatten)]
        review: Review,
        /// The day to read from (default: today in your time zone); later messages are left out.
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
    /// Restore a snapshot that `afterview export json` wrote into an empty data folder.
    ///
    /// Every record comes back under its own id, with the settings file, word list
    /// and templates, in one transaction: a snapshot that fails halfway restores
    /// nothing. A data folder that already holds anything is refused.
    Json {
        /// The snapshot file.
        file: PathBuf,
    },
    /// Import interview invitations: .ics files, or emails (.eml) holding one.
    ///
    /// Reads the invites Google Calendar, Outlook and Teams send, and the .ics
    /// files Greenhouse and Calendly attach: the interview (its start in the zone
    /// it was set in, length, stage from the title, video link), its interviewers
    /// (your own address, user.email, left out; an organizer who does not attend
    /// is recorded as the coordinator), and the application, matched by the
    /// people's addresses and the company named, or proposed new. An update of an
    /// invite already imported (a higher SEQUENCE) moves its interview; a
    /// cancellation removes it; the same invite twice changes nothing. It shows
    /// what it will record, then asks. All the files are one transaction: a bad
    /// one records nothing.
    Invite {
        /// The .ics or .eml files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        review: Review,
        /// Record every invite on this application (such as a3) instead of matching one.
        #[arg(long)]
        application: Option<ApplicationId>,
        /// The time zone (IANA, such as America/Los_Angeles) of times the invites
        /// give in a zone afterview does not know, or in none; UTC times are shown in it.
        #[arg(long)]
        time_zone: Option<TimeZoneName>,
        /// The day to judge from (default: today in your time zone).
        #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
        today: Option<Date>,
    },
}

/// How an import asks before it records: the same three flags on each.
#[derive(Debug, Args, Clone, Copy)]
pub struct Review {
    /// Record without asking (for scripts).
    #[arg(long)]
    pub yes: bool,
    /// Show what would be recorded, and record nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the preview (with --dry-run) or what was recorded as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct TaskArgs {
    /// The task id, as the agenda shows it.
    pub id: String,
    /// The day to plan for (default: today in your time zone).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    #[command(flatten)]
    pub task: TaskArgs,
    /// The day to bring it back.
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub until: Date,
}

fn region(s: &str) -> Result<Region, String> {
    s.parse().map_err(|e: afterview_core::InvalidValue| e.to_string())
}

#[derive(Debug, Args)]
pub struct WhenArgs {
    /// What they said, e.g. "we should decide in two to three weeks".
    #[arg(required = true, num_args = 1.., value_name = "PHRASE")]
    pub phrase: Vec<String>,
    /// The interview day the phrase was said on (default: today).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub from: Option<Date>,
    /// Holiday region for business days: US, UK, none, or a country (default: your setting).
    #[arg(long, value_parser = region)]
    pub region: Option<Region>,
    /// Print JSON: {"kind", "earliest", "latest", "date", "channel"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The interview's facts as JSON (RULEBOOK §7), or - for standard input.
    #[arg(long, value_name = "FILE|-")]
    pub input: PathBuf,
    /// Print JSON: {"tasks": [...], "notes": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The message file(s), or - for standard input. Several files are
    /// checked together as the notes of one interview (one --to each).
    #[arg(required = true, value_name = "FILE|-")]
    pub files: Vec<PathBuf>,
    /// What kind of message it is.
    #[arg(long, value_parser = choice::<MessageKind>())]
    pub kind: MessageKind,
    /// The recipient's name; repeat, in file order, for several files.
    #[arg(long = "to", value_name = "NAME")]
    pub to: Vec<String>,
    /// The company the message is to.
    #[arg(long)]
    pub company: Option<String>,
    /// The role applied for.
    #[arg(long)]
    pub role: Option<String>,
    /// Another company you applied to, which must not appear; repeat for more.
    #[arg(long = "other-company", value_name = "NAME")]
    pub other_companies: Vec<String>,
    /// Something discussed in the interview; repeat for more.
    #[arg(long = "topic", value_name = "TEXT")]
    pub topics: Vec<String>,
    /// Take the company, role, topics, people and other companies from this application.
    #[arg(long)]
    pub application: Option<ApplicationId>,
    /// Print JSON: {"findings": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The task id, as the agenda shows it (e.g. thank-you:a1:p1).
    #[arg(conflicts_with_all = ["kind", "to"])]
    pub task: Option<String>,
    /// Without a task: the kind of message.
    #[arg(long, value_parser = choice::<MessageKind>(), requires_all = ["to", "application"])]
    pub kind: Option<MessageKind>,
    /// Without a task: who it is to (a name or a person id).
    #[arg(long)]
    pub to: Option<String>,
    /// Without a task: the application it is about.
    #[arg(long)]
    pub application: Option<ApplicationId>,
    /// Write the draft to this file.
    #[arg(long, conflicts_with_all = ["eml", "mailto"])]
    pub out: Option<PathBuf>,
    /// Write a ready-to-send email file (.eml) to open in your mail program.
    #[arg(long, conflicts_with = "mailto")]
    pub eml: Option<PathBuf>,
    /// Print a mailto: link that opens the draft in your mail program.
    #[arg(long)]
    pub mailto: bool,
    /// The day to plan from (default: today in your time zone).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum WordsCmd {
    /// Add words the spelling check should accept.
    Add {
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// List your words.
    List,
    /// Remove words.
    Remove {
        #[arg(required = true)]
        words: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCmd {
    /// Print the built-in template of a kind, to start your own from.
    Show {
        #[arg(value_parser = choice::<MessageKind>())]
        kind: MessageKind,
    },
    /// Print where your own templates go (one file per kind, e.g. thank-you.txt).
    Path,
    /// Check your own templates and say which ones are in use.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum HolidaysCmd {
    /// Add the days of every event in an iCalendar (.ics) file as closure days.
    Import { file: PathBuf },
    /// List your region's public holidays and your imported closure days.
    List {
        /// The year to list (default: this year).
        #[arg(long, value_parser = clap::value_parser!(i16).range(1900..=2200))]
        year: Option<i16>,
        #[arg(long)]
        json: bool,
    },
    /// Remove one imported closure day.
    Remove {
        #[arg(value_parser = day, value_name = "YYYY-MM-DD")]
        date: Date,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Instead of the hand-written demo, generate this many synthetic applications.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub applications: Option<u32>,
    /// Load into this folder (created if needed) instead of your data folder.
    #[arg(long)]
    pub folder: Option<PathBuf>,
    /// The day the demo is anchored on (default: today).
    #[arg(long, value_parser = day, value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print one setting's effective value.
    Get { key: String },
    /// Change one setting in the settings file.
    Set { key: String, value: String },
    /// List every setting with its value and where it came from.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print where the settings file and the data folder are.
    Path,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}

// ----- serve --oidc-… (an institution's identity provider) -------------------------

/// Sign-in through an OpenID Connect provider, beside passwords (`serve --database`).
#[derive(Debug, Args)]
pub struct OidcArgs {
    /// With --database and --public-url: let people sign in through your
    /// institution's OpenID Connect provider, named by its issuer address
    /// (https://login.example.edu/realms/students). Register afterview there
    /// with the redirect URI PUBLIC_URL/login/oidc/callback; the client
    /// secret is read from AFTERVIEW_OIDC_CLIENT_SECRET only, never a flag.
    #[arg(
        long,
        value_name = "URL",
        env = "AFTERVIEW_OIDC_ISSUER",
        requires_all = ["database", "oidc_client_id"]
    )]
    pub oidc_issuer: Option<String>,
    /// The client id the provider gave afterview.
    #[arg(long, value_name = "ID", env = "AFTERVIEW_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,
    /// What the sign-in button calls the provider ("Sign in with NAME"); its host by default.
    #[arg(long, value_name = "NAME", env = "AFTERVIEW_OIDC_NAME", requires = "oidc_issuer")]
    pub oidc_name: Option<String>,
    /// People whose verified email is at this domain get an account at their
    /// first sign-in, without an invitation (repeat for more; exactly this
    /// domain, not its subdomains). AFTERVIEW_OIDC_ALLOWED_DOMAINS takes them
    /// separated by commas.
    #[arg(
        long = "oidc-allowed-domain",
        value_name = "DOMAIN",
        env = "AFTERVIEW_OIDC_ALLOWED_DOMAINS",
        value_delimiter = ',',
        requires = "oidc_issuer"
    )]
    pub oidc_allowed_domains: Vec<String>,
}

// ----- admin (a server's accounts) ---------------------------------------------

#[derive(Debug, Args)]
pub struct AdminArgs {
    /// The server's PostgreSQL database (postgres://USER@HOST:PORT/DB).
    #[arg(long, global = true, env = "AFTERVIEW_DATABASE", hide_env_values = true, value_name = "URL")]
    pub database: Option<String>,
    #[command(subcommand)]
    pub command: AdminCmd,
}

/// Where the server is reached, for printing whole links.
#[derive(Debug, Args)]
pub struct PublicUrl {
    /// The server's address as people reach it (https://jobs.example.edu), put before each link.
    #[arg(long, env = "AFTERVIEW_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AdminCmd {
    /// Make an invitation link for someone to join (good for 7 days).
    Invite {
        email: String,
        /// Invite them as an administrator.
        #[arg(long)]
        admin: bool,
        #[command(flatten)]
        url: PublicUrl,
    },
    /// Make a password reset link for an account (good for 24 hours); following it ends its sessions.
    Reset {
        email: String,
        #[command(flatten)]
        url: PublicUrl,
    },
    /// List, disable, enable or remove accounts.
    #[command(subcommand)]
    User(AdminUserCmd),
    /// Whether anyone who reaches the server may make an account: open, closed, or status.
    SignUp {
        #[arg(value_enum)]
        state: SignUpState,
    },
    /// Move a single-user data folder (what AFTERVIEW_HOME named) into an account.
    ///
    /// The account is made when there is none (its owner sets a password
    /// through the reset link printed); one that holds anything is refused.
    /// Everything lands in one transaction: on any failure, nothing changed.
    /// The folder itself is left as it was.
    ImportUser {
        /// The data folder (holding afterview.db and config.toml).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// The account to move it into.
        #[arg(long)]
        email: String,
        #[command(flatten)]
        url: PublicUrl,
    },
    /// Write an account's snapshot (the JSON of `afterview export json`) to a file.
    ExportUser {
        email: String,
        /// The file to write (private to you: it holds the account's secrets).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminUserCmd {
    /// Every account: email, name, role, whether disabled, when made.
    List(ListArgs),
    /// Stop an account from signing in; its sessions end at once.
    Disable { email: String },
    /// Let a disabled account sign in again.
    Enable { email: String },
    /// Erase an account and everything it holds.
    Remove {
        email: String,
        #[command(flatten)]
        remove: RemoveArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignUpState {
    /// Anyone who reaches the server may make an account.
    Open,
    /// People join by invitation only.
    Closed,
    /// Say which it is.
    Status,
}
