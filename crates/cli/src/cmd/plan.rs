//! `afterview plan`: one interview's facts as JSON in, its tasks out.
//! Stateless: it reads the settings, never the database.

use std::io::{Read, Write};

use afterview_app::agenda::plan_one;
use afterview_app::local::Local;
use afterview_core::plan::{self, Plan};
use anyhow::{Context as _, Result};

use crate::UsageError;
use crate::cli::PlanArgs;
use crate::render::short_day;

/// Input larger than this is not one interview's facts.
const MAX_INPUT: u64 = 4 * 1024 * 1024;

pub fn plan(local: &Local, args: &PlanArgs, out: &mut dyn Write) -> Result<()> {
    let mut text = String::new();
    let what = if args.input.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_string(&mut text)
            .context("cannot read the facts from standard input")?;
        "standard input".to_owned()
    } else {
        let file = std::fs::File::open(&args.input)
            .with_context(|| format!("cannot read {}", args.input.display()))?;
        file.take(MAX_INPUT + 1)
            .read_to_string(&mut text)
            .with_context(|| format!("{} is not a UTF-8 text file", args.input.display()))?;
        args.input.display().to_string()
    };
    if text.len() as u64 > MAX_INPUT {
        return Err(UsageError(format!("{what} is larger than 4 MB: give the facts of one interview")).into());
    }
    let (request, result) =
        plan_one(&local.settings, &text, &local.zone()).map_err(|e| UsageError(format!("{what}: {e}")))?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &result)?;
        writeln!(out)?;
        return Ok(());
    }
    write!(out, "{}", render(&request.facts, &result))?;
    Ok(())
}

fn render(f: &plan::Facts, p: &Plan) -> String {
    let mut out = format!(
        "Follow-up plan: {} {} interview, {}\n",
        f.company,
        f.stage,
        f.start.strftime("%a %-d %b %Y %H:%M %Z")
    );
    if let Some(r) = &p.reading
        && let (Some(text), Some(span)) = (&f.timeline, &r.span)
    {
        out.push_str(&format!("They said: \"{}\" (read: \"{}\")\n", text.trim(), &text[span.clone()]));
    }
    out.push('\n');
    for t in &p.tasks {
        let when = if t.latest > t.due {
            format!("{} – {}", short_day(t.due), short_day(t.latest))
        } else {
            short_day(t.due)
        };
        let how = t.channels();
        let to = t.to.as_deref().map(|n| format!(" to {n}")).unwrap_or_default();
        let by = if how.is_empty() { String::new() } else { format!(" by {how}") };
        out.push_str(&format!("{when:<24} {}{to}{by}  [{}]\n", t.kind.as_str(), t.id));
        out.push_str(&format!("{:<24} {} ({})\n", "", t.why, plan::Rule::list(&t.rules)));
        if let Some(w) = t.call_windows.first() {
            let windows: Vec<String> = t
                .call_windows
                .iter()
                .map(|w| format!("{}–{}", w.from.strftime("%H:%M"), w.to.strftime("%H:%M")))
                .collect();
            out.push_str(&format!("{:<24} call {} {}\n", "", windows.join(" or "), w.from.strftime("%Z")));
        }
    }
    if p.tasks.is_empty() {
        out.push_str("Nothing to do for this interview.\n");
    }
    for n in &p.notes {
        out.push_str(&format!("\nNote: {n}\n"));
    }
    out
}
