//! Messages: `check` (the RULEBOOK §7 checker contract), `draft`, the
//! personal word list and the draft templates.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use afterview_core::agenda::Item;
use afterview_core::calendar::{Calendar, short_day};
use afterview_core::check::{self, Context, Finding, Severity};
use afterview_core::draft::{self, DraftContext, OfferElsewhere, Recipient, Sender};
use afterview_core::ids::{ApplicationId, PersonId};
use afterview_core::kinds::{ApplicationStatus, MessageKind, OutcomeKind};
use afterview_core::timeline::{self, ReadingKind};
use afterview_store::{Store, words_file};
use anyhow::{Context as _, Result, bail};

use crate::UsageError;
use crate::cli::{CheckArgs, DraftArgs, TemplatesCmd, WordsCmd};
use crate::context::Ctx;
use crate::render::print_json;

/// A note is a few kilobytes; anything past this is not a note.
const MAX_NOTE: u64 = 1024 * 1024;

/// Reads a note, refusing what is not one with a message that says why.
fn read_note(path: &Path) -> Result<(String, String)> {
    let (name, mut reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("<stdin>".into(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
        (path.display().to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(MAX_NOTE + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_NOTE {
        return Err(UsageError(format!(
            "{name} is larger than 1 MB; a note is a few paragraphs, so check the note itself"
        ))
        .into());
    }
    if bytes.contains(&0) {
        return Err(UsageError(format!("{name} looks like a binary file, not a text note")).into());
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        UsageError(format!(
            "{name} is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(UsageError(format!("{name} is empty: there is nothing to check")).into());
    }
    Ok((name, text))
}

/// What every check knows: the user's own name and signature, and their words.
fn base_context(ctx: &Ctx) -> Result<Context> {
    let user = &ctx.settings.user;
    let mut names: Vec<String> = Vec::new();
    if !user.name.is_empty() {
        names.push(user.name.clone());
    }
    names.extend(user.signature.lines().map(str::to_owned).filter(|l| !l.trim().is_empty()));
    Ok(Context { names, words: words_file::load(&ctx.paths)?, ..Context::default() })
}

/// Fills the context from an application in the store.
fn application_context(store: &Store, app: ApplicationId, c: &mut Context) -> Result<()> {
    let a = store.application(app)?.value;
    c.company.get_or_insert(a.company.clone());
    c.role.get_or_insert(a.role.clone());
    for other in store.applications()? {
        if other.id != app && !other.value.company.eq_ignore_ascii_case(&a.company) {
            c.other_companies.push(other.value.company);
        }
    }
    if c.topics.is_empty()
        && let Some(iv) =
            store.interviews(Some(app))?.into_iter().max_by(|x, y| x.value.start.cmp(&y.value.start))
    {
        c.topics = iv.value.topics;
    }
    for inv in store.involvements(Some(app))? {
        c.names.push(store.person(inv.person)?.value.name);
    }
    Ok(())
}

pub fn check(ctx: &Ctx, args: &CheckArgs) -> Result<ExitCode> {
    if args.to.len() > 1 && args.to.len() != args.files.len() {
        return Err(UsageError(format!(
            "{} files but {} --to names: give one --to per file, in the same order",
            args.files.len(),
            args.to.len()
        ))
        .into());
    }
    let notes = args.files.iter().map(|p| read_note(p)).collect::<Result<Vec<_>>>()?;
    let mut base = base_context(ctx)?;
    base.company = args.company.clone();
    base.role = args.role.clone();
    base.other_companies = args.other_companies.clone();
    base.topics = args.topics.clone();
    if let Some(app) = args.application {
        application_context(&ctx.store()?, app, &mut base)?;
    }
    let contexts: Vec<Context> = (0..notes.len())
        .map(|i| Context { recipient: args.to.get(i).or(args.to.first()).cloned(), ..base.clone() })
        .collect();
    let batch: Vec<(&str, Context)> = notes.iter().map(|(_, t)| t.as_str()).zip(contexts).collect();
    let results = check::check_batch(&batch, args.kind, &ctx.settings.checker);
    let errors = results.iter().flatten().any(|f| f.severity == Severity::Error);
    if args.json {
        // A struct, not a json! map: the fields keep the contract's order.
        #[derive(serde::Serialize)]
        struct One<'a> {
            findings: &'a [Finding],
        }
        if results.len() == 1 {
            print_json(&One { findings: &results[0] })?;
        } else {
            let files: Vec<_> = notes
                .iter()
                .zip(&results)
                .map(|((name, _), f)| serde_json::json!({ "file": name, "findings": f }))
                .collect();
            print_json(&serde_json::json!({ "files": files }))?;
        }
    } else {
        for ((name, text), findings) in notes.iter().zip(&results) {
            print!("{}", render_findings(name, text, findings));
        }
    }
    Ok(if errors { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Compiler-style: `note.txt:3:12: warning[salary]: …`, the line, a caret
/// under the excerpt; then a one-line summary.
fn render_findings(name: &str, text: &str, findings: &[Finding]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{name}:{}:{}: {}[{}]: {}\n",
            f.line,
            f.column,
            f.severity.as_str(),
            f.code,
            f.message
        ));
        if let Some(line) = lines.get(f.line - 1) {
            let gutter = f.line.to_string();
            let width = f.excerpt.lines().next().unwrap_or_default().chars().count().max(1);
            out.push_str(&format!(" {gutter} | {line}\n"));
            out.push_str(&format!(
                " {} | {}{}\n",
                " ".repeat(gutter.len()),
                " ".repeat(f.column - 1),
                "^".repeat(width)
            ));
        }
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if findings.is_empty() {
        out.push_str(&format!("{name}: no findings: good to send.\n"));
    } else {
        out.push_str(&format!("{name}: {}, {}\n", plural(errors, "error"), plural(warnings, "warning")));
    }
    out
}

// ----- drafts ------------------------------------------------------------------

fn templates_dir(ctx: &Ctx) -> PathBuf {
    ctx.paths.config_file.with_file_name("templates")
}

fn template_path(ctx: &Ctx, kind: MessageKind) -> PathBuf {
    templates_dir(ctx).join(format!("{kind}.txt"))
}

/// The user's own template of a kind, if there is one.
fn own_template(ctx: &Ctx, kind: MessageKind) -> Result<Option<String>> {
    let path = template_path(ctx, kind);
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn message_kind(task_kind: &str) -> Result<MessageKind> {
    Ok(match task_kind {
        "thank-you" | "send-promised" => MessageKind::ThankYou,
        "status-check" | "contact-as-instructed" => MessageKind::StatusCheck,
        "holiday-greeting" => MessageKind::HolidayGreeting,
        "offer-notice" => MessageKind::OfferNotice,
        "rejection-reply" => MessageKind::RejectionReply,
        "alert-references" => MessageKind::ReferenceAlert,
        "connect" => MessageKind::Other,
        "debrief-recruiter" => {
            bail!("a debrief is a call, not a message: tell the recruiter how it went and what they asked")
        }
        "save-contacts" => {
            bail!("saving contacts needs no message: add the interviewers to your address book")
        }
        other => bail!("there is nothing to draft for a {other} task"),
    })
}

fn find_task(ctx: &Ctx, store: &Store, id: &str, today: jiff::civil::Date) -> Result<Item> {
    let facts = store.facts(afterview_core::agenda::closed_since(today))?;
    let a =
        afterview_core::agenda::build_with(&facts, &ctx.settings, today, afterview_core::agenda::Later::Keep);
    let found = a
        .due_today
        .into_iter()
        .chain(a.overdue)
        .chain(a.coming_up)
        .chain(a.later)
        .find(|i| i.task.as_ref().is_some_and(|t| t.as_str() == id));
    found.ok_or_else(|| {
        anyhow::anyhow!(
            "there is no task \"{id}\" to draft; `afterview agenda` shows each task's id in [brackets]"
        )
    })
}

pub fn draft(ctx: &Ctx, args: &DraftArgs) -> Result<()> {
    let store = ctx.store()?;
    let today = ctx.today(args.today);
    let (kind, app, to) = match (&args.task, args.kind, &args.to, args.application) {
        (Some(id), _, _, _) => {
            let item = find_task(ctx, &store, id, today)?;
            let kind = message_kind(item.kind)?;
            (kind, item.application, item.to.clone())
        }
        (None, Some(kind), Some(to), Some(app)) => (kind, app, Some(to.clone())),
        _ => {
            return Err(UsageError(
                "give a task id (afterview draft thank-you:a1:p1), or --kind, --to and --application".into(),
            )
            .into());
        }
    };
    let (dc, check_ctx) = draft_context(ctx, &store, app, to.as_deref(), today)?;
    let template = own_template(ctx, kind)?;
    let d = draft::render(kind, &dc, template.as_deref()).map_err(|e| {
        let source = if template.is_some() {
            template_path(ctx, kind).display().to_string()
        } else {
            "the built-in template".into()
        };
        anyhow::anyhow!("{source}: {e}")
    })?;
    let findings = check::check(&d.body, kind, &check_ctx, &ctx.settings.checker);
    let email = dc.to.email.clone().unwrap_or_default();
    match (&args.out, &args.eml, args.mailto) {
        (Some(path), _, _) => {
            write_new(path, &format!("Subject: {}\n\n{}", d.subject, d.body))?;
            println!("Wrote the draft to {}.", path.display());
        }
        (_, Some(path), _) => {
            write_new(path, &eml(&dc, &d.subject, &d.body))?;
            println!("Wrote {}: open it in your mail program, read it over, and send.", path.display());
        }
        (_, _, true) => println!("mailto:{}?subject={}&body={}", pct(&email), pct(&d.subject), pct(&d.body)),
        _ => print!("Subject: {}\n\n{}", d.subject, d.body),
    }
    if dc.user.name.is_empty() {
        eprintln!("Tip: set your name for the signature: afterview config set user.name \"Your Name\"");
    }
    if !findings.is_empty() {
        eprint!("{}", render_findings("draft", &d.body, &findings));
    }
    Ok(())
}

/// Writes a file that must not already exist, atomically.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(UsageError(format!("{} already exists; choose another name", path.display())).into());
    }
    Ok(afterview_store::write_atomically(path, text)?)
}

/// Percent-encoding for a mailto: link (RFC 6068).
fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An RFC 2047 encoded word for a header with non-ASCII text.
fn header_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else if b == b' ' {
            out.push('_');
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    out.push_str("?=");
    out
}

/// A ready-to-send message (RFC 5322), marked unsent so mail programs open
/// it as a draft.
fn eml(dc: &DraftContext, subject: &str, body: &str) -> String {
    let mut headers = Vec::new();
    if !dc.user.email.is_empty() {
        headers.push(format!("From: {} <{}>", header_text(&dc.user.name), dc.user.email));
    }
    if let Some(to) = &dc.to.email {
        headers.push(format!("To: {} <{to}>", header_text(&dc.to.name)));
    }
    headers.push(format!("Subject: {}", header_text(subject)));
    headers.push(format!("Date: {}", jiff::Zoned::now().strftime("%a, %d %b %Y %H:%M:%S %z")));
    headers.push("MIME-Version: 1.0".into());
    headers.push("Content-Type: text/plain; charset=utf-8".into());
    headers.push("Content-Transfer-Encoding: 8bit".into());
    headers.push("X-Unsent: 1".into());
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&body.replace('\n', "\r\n"));
    out
}

/// The draft's context from the record, and the checker's for checking it.
fn draft_context(
    ctx: &Ctx,
    store: &Store,
    app: ApplicationId,
    to: Option<&str>,
    today: jiff::civil::Date,
) -> Result<(DraftContext, Context)> {
    let a = store.application(app)?.value;
    let people: Vec<_> = store
        .involvements(Some(app))?
        .into_iter()
        .map(|i| store.person(i.person))
        .collect::<Result<Vec<_>, _>>()?;
    let interview = store
        .interviews(Some(app))?
        .into_iter()
        .filter(|i| i.value.day() <= today)
        .max_by(|x, y| x.value.start.cmp(&y.value.start))
        .map(|r| r.value);
    // The recipient: a person id, or a name on the application (or not).
    let person = match to {
        Some(t) => match t.parse::<PersonId>() {
            Ok(id) if t.trim_start().starts_with(['p', 'P']) => Some(store.person(id)?),
            _ => people.iter().find(|p| p.value.name.eq_ignore_ascii_case(t)).cloned(),
        },
        None => None,
    };
    let to_name = person.as_ref().map(|p| p.value.name.clone()).or(to.map(str::to_owned)).unwrap_or_default();
    if to_name.is_empty() {
        bail!("this task has no recipient to write to; use --kind, --to and --application");
    }
    let mut recipient = Recipient::new(&to_name);
    if let Some(p) = &person {
        recipient.title = p.value.title.clone();
        recipient.email = p.value.email.as_ref().map(ToString::to_string);
    }
    let variant = match (&interview, &person) {
        (Some(iv), Some(p)) => iv.interviewers.iter().position(|x| *x == p.id).unwrap_or(0),
        _ => 0,
    };
    let user = &ctx.settings.user;
    let (when, interview_day, topics, promised, decision) = match &interview {
        Some(iv) => {
            let day = iv.day();
            let when = if day == today {
                "today".to_owned()
            } else if today.yesterday().ok() == Some(day) {
                "yesterday".to_owned()
            } else if day >= today.saturating_sub(jiff::ToSpan::days(6)) {
                format!("on {}", day.strftime("%A"))
            } else {
                format!("on {}", short_day(day))
            };
            let region =
                a.region.as_deref().and_then(|r| r.parse().ok()).unwrap_or_else(|| ctx.settings.region());
            let cal = Calendar::new(region);
            let reading = iv.next_steps.as_deref().map(|t| {
                timeline::read(
                    t,
                    day,
                    timeline::Context { calendar: &cal, date_order: ctx.settings.calendar.date_order },
                )
            });
            let decision =
                reading.filter(|r| r.kind == ReadingKind::Decision).and_then(|r| r.latest).map(short_day);
            (when, day.strftime("%A").to_string(), iv.topics.clone(), iv.promised.clone(), decision)
        }
        None => ("recently".to_owned(), "our call".to_owned(), Vec::new(), Vec::new(), None),
    };
    // F5 as the agenda reads it: the most recently recorded offer, still
    // open, from an application that holds it.
    let holding: std::collections::HashMap<ApplicationId, String> = store
        .applications()?
        .into_iter()
        .filter(|o| o.id != app && o.value.status == ApplicationStatus::Offer)
        .map(|o| (o.id, o.value.company))
        .collect();
    let offer = store
        .outcomes(None)?
        .into_iter()
        .map(|r| r.value)
        .filter(|o| o.kind == OutcomeKind::Offer && o.deadline.is_some_and(|d| d >= today))
        .filter_map(|o| Some((o.date, o.deadline?, holding.get(&o.application)?.clone())))
        .max_by_key(|(recorded, _, _)| *recorded)
        .map(|(_, d, company)| OfferElsewhere { company, deadline: short_day(d) });
    let feedback = store.outcomes(Some(app))?.into_iter().rev().find_map(|o| o.value.feedback);
    let dc = DraftContext {
        to: recipient,
        user: Sender {
            name: user.name.clone(),
            first_name: user.name.split_whitespace().next().unwrap_or_default().to_owned(),
            email: user.email.clone(),
            signature: user.signature.replace("\\n", "\n"),
            profile: user.profile.clone(),
        },
        company: a.company.clone(),
        role: a.role.clone(),
        topic: (!topics.is_empty()).then(|| topics[variant % topics.len()].clone()),
        topics,
        // What was promised goes with the first interviewer's note (T11).
        promised: if variant == 0 { promised } else { Vec::new() },
        when,
        interview_day,
        decision,
        offer,
        feedback,
        variant,
    };
    let mut check_ctx = base_context(ctx)?;
    check_ctx.recipient = Some(dc.to.name.clone());
    application_context(store, app, &mut check_ctx)?;
    Ok((dc, check_ctx))
}

// ----- words and templates -----------------------------------------------------

pub fn words(ctx: &Ctx, cmd: WordsCmd) -> Result<()> {
    match cmd {
        WordsCmd::Add { words } => {
            let added = words_file::add(&ctx.paths, &words).map_err(|e| UsageError(e.to_string()))?;
            match added.len() {
                0 => println!("Your word list already has {}.", words.join(", ")),
                _ => println!("Added {} to your word list.", added.join(", ")),
            }
        }
        WordsCmd::List => {
            let words = words_file::load(&ctx.paths)?;
            if words.is_empty() {
                println!("Your word list is empty. Add words with `afterview words add WORD`.");
            }
            for w in words {
                println!("{w}");
            }
        }
        WordsCmd::Remove { words } => {
            let removed = words_file::remove(&ctx.paths, &words)?;
            if removed.is_empty() {
                bail!("none of {} is in your word list", words.join(", "));
            }
            println!("Removed {} from your word list.", removed.join(", "));
        }
    }
    Ok(())
}

pub fn templates(ctx: &Ctx, cmd: TemplatesCmd) -> Result<()> {
    match cmd {
        TemplatesCmd::Show { kind } => print!("{}", draft::builtin(kind)),
        TemplatesCmd::Path => {
            println!("{}", templates_dir(ctx).display());
            eprintln!(
                "Put your own template there as KIND.txt (e.g. thank-you.txt); `afterview templates show thank-you` prints the built-in one to start from."
            );
        }
        TemplatesCmd::Check => {
            let mut broken = 0;
            for kind in MessageKind::ALL {
                let path = template_path(ctx, *kind);
                match own_template(ctx, *kind)? {
                    None => println!("{kind}: built-in"),
                    Some(t) => match draft::validate(&t) {
                        Ok(()) => println!("{kind}: {} (ok)", path.display()),
                        Err(e) => {
                            broken += 1;
                            println!("{kind}: {}: {e}", path.display());
                        }
                    },
                }
            }
            if broken > 0 {
                bail!(
                    "{broken} template{} cannot be used; fix the line named above",
                    if broken == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(())
}
