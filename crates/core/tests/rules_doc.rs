//! Keeps `docs/rules.md` true to the code. Every rule id the planner can
//! cite (a [`Rule`]) and every checker finding code (a [`Code`]) must have an
//! anchor on the page (a task's rules link there from the web app), and the
//! page must explain nothing else. The code can cite a rule only through
//! those two enums, so a new variant without its section fails here.

use std::collections::BTreeSet;

use afterview_core::check::Code;
use afterview_core::plan::Rule;

const PAGE: &str = include_str!("../../../docs/rules.md");

/// Every id the code can cite: the planner's rules and the checker's codes.
fn cited() -> BTreeSet<&'static str> {
    Rule::ALL.iter().map(|r| r.as_str()).chain(Code::ALL.iter().map(|c| c.as_str())).collect()
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
    let on_page: BTreeSet<&str> = anchors(PAGE).into_iter().collect();
    let cited = cited();

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
