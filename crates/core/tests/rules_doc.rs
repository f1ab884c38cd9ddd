//! Keeps `docs/rules.md` true to the code. Every rule id and checker code
//! that the core cites must have an anchor on the page (a task's rules link
//! there from the web app), and the page must explain nothing the code never
//! cites. The ids come from the core's own source, read at test time, so
//! the test needs no list of its own to keep up to date.
//!
//! A rule is cited wherever the code names it: in a task's rule list
//! (`vec!["T2", "C2"]` today, `T2 = "T2"` once rules are a `string_enum!`),
//! in a text the user sees ("F2: …", "(F8)"), or in a comment saying which
//! rule a piece of code carries out (`// F4: …`). All three count, because
//! F2, F4, F8, F9 and C4 are carried out by code that never lists them in a
//! task's rules. A checker code is cited where a finding is raised with it
//! (`"salary", Severity::Error`) or where a `string_enum!` named `Code`
//! declares it (`Salary = "salary"`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PAGE: &str = include_str!("../../../docs/rules.md");

/// The text of every `.rs` file under `crates/core/src`.
fn core_sources() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.push(text);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    assert!(!out.is_empty(), "no Rust files under crates/core/src");
    out
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Rule ids standing alone in `src`: `T1`…, `F1`…, `C1`…, whether quoted,
/// in prose or in a comment; not part of a longer word (`UTF8`, `0xC1`),
/// and not a time of day (`"T10:00"`).
fn rule_ids(src: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (i, c) in src.char_indices() {
        if !matches!(c, 'T' | 'F' | 'C') || src[..i].chars().next_back().is_some_and(is_word) {
            continue;
        }
        let rest = &src[i + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 || rest.starts_with('0') {
            continue;
        }
        let after = &rest[digits..];
        let time = after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit());
        if after.starts_with(is_word) || time {
            continue;
        }
        ids.insert(src[i..i + 1 + digits].to_owned());
    }
    ids
}

/// A checker code's spelling: lowercase words joined by hyphens.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// The plain string literals of `src`, as (start of the opening quote,
/// text, end after the closing quote). Comments, raw strings and character
/// literals are stepped over, so that a quote inside them cannot put the
/// scan out of step.
fn literals(src: &str) -> Vec<(usize, &str, usize)> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let at = |k: usize| b.get(k).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if at(i + 1) == b'/' => i = src[i..].find('\n').map_or(b.len(), |p| i + p),
            b'/' if at(i + 1) == b'*' => i = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2),
            b'r' if !(i > 0 && is_word(char::from(b[i - 1]))) && matches!(at(i + 1), b'#' | b'"') => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if at(i + 1 + hashes) != b'"' {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                i = src[body..].find(&close).map_or(b.len(), |p| body + p + close.len());
            }
            b'\'' => {
                // A character literal ('"', '\'', '\u{2019}'), or else a lifetime.
                let len = if at(i + 1) == b'\\' {
                    src[i + 2..].find('\'').map_or(1, |p| p + 3)
                } else {
                    let c = src[i + 1..].chars().next().map_or(0, char::len_utf8);
                    if at(i + 1 + c) == b'\'' { c + 2 } else { 1 }
                };
                i += len;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(b.len());
                out.push((start, &src[start + 1..i.min(b.len())], end));
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Checker codes cited in `src`: a literal followed by a severity
/// (`out.at("placeholder", Severity::Error, …)`, `("salary", Severity::Error, …)`),
/// or a canonical spelling inside a `string_enum!` whose enum is named
/// `Code` (or `…Code`): `Salary = "salary"`.
fn checker_codes(src: &str) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for (_, text, end) in literals(src) {
        let next = src[end..].trim_start();
        if is_code(text)
            && let Some(next) = next.strip_prefix(',')
            && next.trim_start().starts_with("Severity::")
        {
            codes.insert(text.to_owned());
        }
    }
    let mut from = 0;
    while let Some(p) = src[from..].find("enum ") {
        let at = from + p + "enum ".len();
        from = at;
        let name: String = src[at..].chars().take_while(|&c| is_word(c)).collect();
        if !name.ends_with("Code") {
            continue;
        }
        let Some(open) = src[at..].find('{').map(|o| at + o) else { continue };
        let mut depth = 0;
        let close = src[open..]
            .char_indices()
            .find_map(|(k, c)| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(open + k)
            })
            .unwrap_or(src.len());
        let body = &src[open..close];
        for (start, text, _) in literals(body) {
            // The canonical spelling follows `=`; aliases follow `|`.
            if is_code(text) && body[..start].trim_end().ends_with('=') {
                codes.insert(text.to_owned());
            }
        }
    }
    codes
}

/// The rule ids and the checker codes the core cites, read from its source.
fn cited() -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut rules, mut codes) = (BTreeSet::new(), BTreeSet::new());
    for src in core_sources() {
        rules.extend(rule_ids(&src));
        codes.extend(checker_codes(&src));
    }
    assert!(
        !rules.is_empty(),
        "no rule id found in crates/core/src; teach `rule_ids` in this test how the code writes them now"
    );
    assert!(
        !codes.is_empty(),
        "no checker code found in crates/core/src; teach `checker_codes` in this test how the checker writes them now"
    );
    (rules, codes)
}

/// The page's anchors, in order: each a line of its own,
/// `<a id="…"></a>`, just before its rule's heading. (Inline mentions of
/// the form, as in the page's introduction, are not anchors.)
fn anchors(page: &str) -> Vec<&str> {
    page.lines().filter_map(anchor).collect()
}

fn anchor(line: &str) -> Option<&str> {
    line.strip_prefix("<a id=\"").and_then(|l| l.strip_suffix("\"></a>"))
}

#[test]
fn every_cited_rule_and_code_has_an_anchor_and_nothing_else_does() {
    let (rules, codes) = cited();
    let on_page: BTreeSet<&str> = anchors(PAGE).into_iter().collect();
    let cited: BTreeSet<&str> = rules.iter().chain(&codes).map(String::as_str).collect();

    let missing: Vec<&str> = cited.difference(&on_page).copied().collect();
    assert!(
        missing.is_empty(),
        "the code cites {missing:?}, which docs/rules.md does not explain: add a section with \
         <a id=\"…\"></a> before its heading"
    );
    let extra: Vec<&str> = on_page.difference(&cited).copied().collect();
    assert!(
        extra.is_empty(),
        "docs/rules.md explains {extra:?}, which the code never cites: remove the section, or \
         check the rule's id"
    );
}

#[test]
fn each_anchor_sits_before_the_heading_of_its_rule() {
    let lines: Vec<&str> = PAGE.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        let Some(id) = anchor(line) else {
            assert!(
                !line.starts_with("<a "),
                "line {}: write an anchor exactly as <a id=\"ID\"></a>: {line}",
                n + 1
            );
            continue;
        };
        let heading = lines.get(n + 1).copied().unwrap_or_default();
        assert!(
            heading.starts_with(&format!("### {id} ")),
            "line {}: the anchor {id} is not followed by a heading \"### {id} …\" (found {heading:?})",
            n + 1
        );
    }
}

/// The fragment GitHub gives a heading: lowercase, punctuation dropped,
/// spaces as hyphens.
fn github_slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn every_anchor_is_unique() {
    let all = anchors(PAGE);
    let mut seen = BTreeSet::new();
    for id in &all {
        assert!(seen.insert(*id), "the anchor {id} appears twice in docs/rules.md");
    }
    // A heading whose own fragment equals an anchor would make a link to
    // that anchor ambiguous.
    let slugs: BTreeSet<String> = PAGE
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|h| github_slug(h.trim_start_matches('#').trim()))
        .collect();
    for id in all {
        assert!(!slugs.contains(&id.to_lowercase()), "a heading's own fragment is also the anchor {id}");
    }
}

#[test]
fn the_scanners_read_the_ways_the_code_writes_ids() {
    let src = r#"
        rules: vec!["T2", "C2"], // T11: promised items
        match self { Rule::T1 => "T1", Rule::F10 => "F10" }
        string_enum! { pub enum Rule ("rule") { T4 = "T4", } }
        "F2: two checks went unanswered" "... (F8)" /// RULEBOOK C4.
        "2026-11-20T14:00" "T09:00" UTF8 0xC1 T100 CLOSED_DAYS F0
    "#;
    let ids: Vec<String> = rule_ids(src).into_iter().collect();
    assert_eq!(ids, ["C2", "C4", "F10", "F2", "F8", "T1", "T11", "T2", "T4"]);

    let src = r#"
        out.at("placeholder", Severity::Error, span, msg);
        out.whole(
            "too-similar",
            Severity::Warning,
        let rules = [("salary", Severity::Error, salary(), "advice")];
        out.at(code, Severity::Warning, span, "not a code".into());
        assert_eq!(codes, ["spelling"]);
        string_enum! { pub enum Code ("finding code") { MissingThanks = "missing-thanks" | "thanks", } }
        string_enum! { pub enum MessageKind ("message kind") { ThankYou = "thank-you", } }
    "#;
    let codes: Vec<String> = checker_codes(src).into_iter().collect();
    assert_eq!(codes, ["missing-thanks", "placeholder", "salary", "too-similar"]);
}
