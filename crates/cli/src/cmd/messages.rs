//! Messages: `check` (the RULEBOOK §7 checker contract), `draft`, the
//! personal word list and the draft templates.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;

use afterview_app::local::{Local, write_atomically};
use afterview_app::messages::{self, CheckRequest, DraftTarget};
use afterview_core::check::{Finding, Severity};
use afterview_core::draft::{self, mail};
use afterview_sqlite::SqliteStore;
use anyhow::{Context as _, Result};

use crate::UsageError;
use crate::cli::{CheckArgs, DraftArgs, TemplatesCmd, WordsCmd};
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
        // A folder opens on Unix and fails only when read, as an I/O error
        // (exit 1); it is a usage slip like a missing file.
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(UsageError(format!(
                "{} is a folder, not a note: give the note's file, or - to read standard input",
                path.display()
            ))
            .into());
        }
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

pub fn check(local: &Local, args: &CheckArgs, out: &mut dyn Write) -> Result<ExitCode> {
    if args.to.len() > 1 && args.to.len() != args.files.len() {
        return Err(UsageError(format!(
            "{} files but {} --to names: give one --to per file, in the same order",
            args.files.len(),
            args.to.len()
        ))
        .into());
    }
    let notes = args.files.iter().map(|p| read_note(p)).collect::<Result<Vec<_>>>()?;
    // `check` is stateless unless it is asked about a recorded application.
    let store = args.application.map(|_| super::open(local)).transpose()?;
    let request = CheckRequest {
        kind: Some(args.kind),
        to: args.to.clone(),
        company: args.company.clone(),
        role: args.role.clone(),
        other_companies: args.other_companies.clone(),
        topics: args.topics.clone(),
        application: args.application,
    };
    let texts: Vec<&str> = notes.iter().map(|(_, t)| t.as_str()).collect();
    let results = messages::check_notes::<SqliteStore>(
        store.as_ref(),
        &local.profile(),
        &local.settings,
        &texts,
        request,
    )?;
    let errors = results.iter().flatten().any(|f| f.severity == Severity::Error);
    if args.json {
        // A struct, not a json! map: the fields keep the contract's order.
        #[derive(serde::Serialize)]
        struct One<'a> {
            findings: &'a [Finding],
        }
        if results.len() == 1 {
            print_json(out, &One { findings: &results[0] })?;
        } else {
            let files: Vec<_> = notes
                .iter()
                .zip(&results)
                .map(|((name, _), f)| serde_json::json!({ "file": name, "findings": f }))
                .collect();
            print_json(out, &serde_json::json!({ "files": files }))?;
        }
    } else {
        for ((name, text), findings) in notes.iter().zip(&results) {
            write!(out, "{}", render_findings(name, text, findings))?;
        }
    }
    Ok(if errors { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Characters of context shown before a finding, and at most after its start.
const BEFORE: usize = 30;
const AFTER: usize = 80;
/// Findings listed in full per file; the rest are counted (all are in --json).
const MAX_SHOWN: usize = 200;

/// The part of `line` around the finding at char `col0` that is `width`
/// chars wide, with "…" where it was cut, and where the finding starts in it.
fn excerpt(line: &str, col0: usize, width: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = col0.saturating_sub(BEFORE).min(chars.len());
    let end = (col0 + width.max(AFTER)).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col0 - start + usize::from(start > 0))
}

/// Compiler-style: `note.txt:3:12: warning[salary]: …`, the line (cut
/// around the finding on a long line), a caret under the excerpt; then a
/// one-line summary. The output stays small whatever the note.
fn render_findings(name: &str, text: &str, findings: &[Finding]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for f in findings.iter().take(MAX_SHOWN) {
        out.push_str(&format!(
            "{name}:{}:{}: {}[{}]: {}\n",
            f.line,
            f.column,
            f.severity.as_str(),
            f.code,
            f.message
        ));
        if let Some(line) = lines.get(f.line.saturating_sub(1)) {
            let gutter = f.line.to_string();
            let width = f.excerpt.lines().next().unwrap_or_default().chars().count().clamp(1, AFTER);
            let (shown, at) = excerpt(line, f.column.saturating_sub(1), width);
            out.push_str(&format!(" {gutter} | {shown}\n"));
            out.push_str(&format!(
                " {} | {}{}\n",
                " ".repeat(gutter.len()),
                " ".repeat(at),
                "^".repeat(width)
            ));
        }
    }
    if findings.len() > MAX_SHOWN {
        out.push_str(&format!(
            "{name}: … and {} more findings (`--json` lists them all)\n",
            findings.len() - MAX_SHOWN
        ));
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

pub fn draft(local: &Local, args: &DraftArgs, out: &mut dyn Write) -> Result<()> {
    let store = super::open(local)?;
    let target = match (&args.task, args.kind, &args.to, args.application) {
        (Some(id), _, _, _) => DraftTarget::Task(id.clone()),
        (None, Some(kind), Some(to), Some(application)) => {
            DraftTarget::Direct { kind, to: to.clone(), application }
        }
        _ => {
            return Err(UsageError(
                "give a task id (afterview draft thank-you:a1:p1), or --kind, --to and --application".into(),
            )
            .into());
        }
    };
    let d = messages::draft(&store, &local.profile(), &local.settings, local.today(args.today), target)?;
    match (&args.out, &args.eml, args.mailto) {
        (Some(path), _, _) => {
            write_new(path, &format!("Subject: {}\n\n{}", d.subject, d.body))?;
            writeln!(out, "Wrote the draft to {}.", path.display())?;
        }
        (_, Some(path), _) => {
            write_new(path, &mail::eml(&d.context, &d.subject, &d.body, &jiff::Zoned::now()))?;
            writeln!(out, "Wrote {}: open it in your mail program, read it over, and send.", path.display())?;
        }
        (_, _, true) => {
            let email = d.context.to.email.clone().unwrap_or_default();
            writeln!(out, "{}", mail::mailto(&email, &d.subject, &d.body))?;
        }
        _ => write!(out, "Subject: {}\n\n{}", d.subject, d.body)?,
    }
    // Advice on stderr comes after the draft, as a person reads it.
    out.flush()?;
    if d.context.user.name.is_empty() {
        eprintln!("Tip: set your name for the signature: afterview config set user.name \"Your Name\"");
    }
    if !d.findings.is_empty() {
        eprint!("{}", render_findings("draft", &d.body, &d.findings));
    }
    Ok(())
}

/// Writes a file that must not already exist, atomically.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        return Err(UsageError(format!("{} already exists; choose another name", path.display())).into());
    }
    Ok(write_atomically(path, text)?)
}

// ----- words and templates -----------------------------------------------------

pub fn words(local: &Local, cmd: WordsCmd, out: &mut dyn Write) -> Result<()> {
    let profile = local.profile();
    match cmd {
        WordsCmd::Add { words } => {
            let added = messages::add_words(&profile, &words)?;
            match added.len() {
                0 => writeln!(out, "Your word list already has {}.", words.join(", "))?,
                _ => writeln!(out, "Added {} to your word list.", added.join(", "))?,
            }
        }
        WordsCmd::List => {
            let words = messages::words(&profile)?;
            if words.is_empty() {
                writeln!(out, "Your word list is empty. Add words with `afterview words add WORD`.")?;
            }
            for w in words {
                writeln!(out, "{w}")?;
            }
        }
        WordsCmd::Remove { words } => {
            let removed = messages::remove_words(&profile, &words)?;
            writeln!(out, "Removed {} from your word list.", removed.join(", "))?;
        }
    }
    Ok(())
}

pub fn templates(local: &Local, cmd: TemplatesCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        TemplatesCmd::Show { kind } => write!(out, "{}", draft::builtin(kind))?,
        TemplatesCmd::Path => {
            writeln!(out, "{}", local.templates_dir().display())?;
            eprintln!(
                "Put your own template there as KIND.txt (e.g. thank-you.txt); `afterview templates show thank-you` prints the built-in one to start from."
            );
        }
        TemplatesCmd::Check => {
            let statuses = messages::check_templates(&local.profile())?;
            let mut broken = 0;
            for s in &statuses {
                match (&s.source, &s.problem) {
                    (None, _) => writeln!(out, "{}: built-in", s.kind)?,
                    (Some(path), None) => writeln!(out, "{}: {path} (ok)", s.kind)?,
                    (Some(path), Some(problem)) => {
                        broken += 1;
                        writeln!(out, "{}: {path}: {problem}", s.kind)?;
                    }
                }
            }
            if broken > 0 {
                return Err(afterview_app::Error::refused(format!(
                    "{broken} template{} cannot be used; fix the line named above",
                    if broken == 1 { "" } else { "s" }
                ))
                .into());
            }
        }
    }
    Ok(())
}
