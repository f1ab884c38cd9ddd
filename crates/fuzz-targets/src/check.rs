//! The message checker (RULEBOOK §6) over arbitrary notes, with each
//! message kind, a recipient, companies, topics, names, words and limits,
//! alone or as a panel's notes checked together (`too-similar`).
//!
//! Input: the header of the checker's corpus notes (`kind: thank-you`,
//! `to: Maria Lopez; Tom Chen`, `company:`, `role:`, `other:`, `topics:`,
//! `names:`, `words:`, `limits: 250 150 5 2`, one a line), a `---` line,
//! then the notes, separated by `===` lines. Without a `---` line the whole
//! input is one note, of a kind picked by its length.

use afterview_core::check::{Context, Finding, check_batch};
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Checker;

fn list(v: &str) -> Vec<String> {
    v.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The limits a settings file can hold (`Settings::validate`'s ranges).
fn limits(v: &str) -> Checker {
    let mut n = v.split_whitespace().map(|w| w.parse::<u32>().unwrap_or(0));
    let mut take = |min: u32, max: u32, default: u32| n.next().map_or(default, |x| min + x % (max - min + 1));
    let d = Checker::default();
    Checker {
        thank_you_max_words: take(1, 5000, d.thank_you_max_words),
        other_max_words: take(1, 5000, d.other_max_words),
        max_paragraphs: take(1, 100, d.max_paragraphs),
        max_questions: take(0, 100, d.max_questions),
    }
}

pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut ctx = Context::default();
    let mut to = Vec::new();
    let mut kind = MessageKind::ALL[text.len() % MessageKind::ALL.len()];
    let mut limit = Checker::default();
    let body = match text.split_once("---\n") {
        Some((header, body)) if header.is_empty() || header.ends_with('\n') => {
            for line in header.lines() {
                let Some((key, value)) = line.split_once(':') else { continue };
                let value = value.trim();
                match key.trim() {
                    "kind" => kind = value.parse().unwrap_or(kind),
                    "to" => to = list(value),
                    "company" => ctx.company = Some(value.to_owned()),
                    "role" => ctx.role = Some(value.to_owned()),
                    "other" => ctx.other_companies = list(value),
                    "topics" => ctx.topics = list(value),
                    "names" => ctx.names = list(value),
                    "words" => ctx.words = list(value),
                    "limits" => limit = limits(value),
                    _ => {}
                }
            }
            body
        }
        _ => text,
    };
    let notes: Vec<&str> = body.split("\n===\n").collect();
    // As `check_notes` does: one name per note, or one for them all.
    let batch: Vec<(&str, Context)> = notes
        .iter()
        .enumerate()
        .map(|(i, note)| (*note, Context { recipient: to.get(i).or(to.first()).cloned(), ..ctx.clone() }))
        .collect();
    let context_bytes = text.len() - body.len();

    let all = check_batch(&batch, kind, &limit);
    assert_eq!(all.len(), notes.len(), "one list of findings per note");
    for (note, findings) in notes.iter().zip(&all) {
        for f in findings {
            placed(note, f, context_bytes);
        }
        let keys: Vec<_> = findings.iter().map(|f| (f.line, f.column)).collect();
        // `too-similar` is added after the sort, at the note's first line.
        let sorted = findings.iter().filter(|f| f.code.as_str() != "too-similar").count();
        assert!(keys[..sorted].is_sorted(), "findings are ordered by place: {keys:?}");
        // Output grows with the note, not with the note times its findings.
        assert!(findings.len() <= note.len() + 16, "{} findings for {} bytes", findings.len(), note.len());
        serde_json::to_string(findings).expect("findings serialise");
    }
}

/// A finding's excerpt is the text at its line and column, and its message
/// quotes no more than the excerpt and the context.
fn placed(note: &str, f: &Finding, context_bytes: usize) {
    let lines = note.split('\n').count();
    assert!((1..=lines).contains(&f.line), "line {} of {lines}: {f:?}", f.line);
    let line_start: usize = note.split('\n').take(f.line - 1).map(|l| l.len() + 1).sum();
    let line = note.split('\n').nth(f.line - 1).unwrap_or_default();
    assert!(f.column >= 1, "{f:?}");
    let offset = match line.char_indices().nth(f.column - 1) {
        Some((i, _)) => line_start + i,
        None => {
            assert_eq!(f.column - 1, line.chars().count(), "column past the end of its line: {f:?}");
            line_start + line.len()
        }
    };
    assert!(note[offset..].starts_with(&f.excerpt), "the excerpt is not at {}:{}: {f:?}", f.line, f.column);
    assert!(!f.message.is_empty());
    let bound = 2 * f.excerpt.len() + 2 * context_bytes + 1000;
    assert!(
        f.message.len() <= bound,
        "a {}-byte message for a {}-byte excerpt",
        f.message.len(),
        f.excerpt.len()
    );
    assert_eq!(f.rule, format!("§6 {}", f.code));
}
