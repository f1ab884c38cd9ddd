//! `/rules`: docs/rules.md, built into the binary and rendered simply
//! (headings, paragraphs, lists, tables, code, emphasis), with each rule's
//! `<a id="…">` anchor kept, so a task's rule ids link to `/rules#T2`.
//! Everything else in the file is escaped: only the anchors' ids, checked
//! to be plain, become markup.

use std::sync::OnceLock;

use askama::Template;
use axum::Extension;

use super::{PageResult, csrf, html};
use crate::security::Session;

const RULES_MD: &str = include_str!("../../../../docs/rules.md");

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    csrf: String,
    nav: &'static str,
    body: &'static str,
}

pub async fn page(Extension(session): Extension<Session>) -> PageResult {
    static BODY: OnceLock<String> = OnceLock::new();
    html(&RulesPage { csrf: csrf(&session), nav: "rules", body: BODY.get_or_init(|| render(RULES_MD)) })
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `**bold**`, `*em*` and `` `code` ``; `[text](link)` keeps its text.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
            continue;
        }
        let part = unlink(part);
        let mut text = String::new();
        for (j, bold) in part.split("**").enumerate() {
            let mut em_text = String::new();
            for (k, em) in bold.split('*').enumerate() {
                if k % 2 == 1 {
                    em_text.push_str("<em>");
                    em_text.push_str(&escape(em));
                    em_text.push_str("</em>");
                } else {
                    em_text.push_str(&escape(em));
                }
            }
            if j % 2 == 1 {
                text.push_str("<strong>");
                text.push_str(&em_text);
                text.push_str("</strong>");
            } else {
                text.push_str(&em_text);
            }
        }
        out.push_str(&text);
    }
    out
}

/// `[text](target)` → `text`.
fn unlink(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|m| open + m) else { break };
        let Some(close) = rest[mid..].find(')').map(|c| mid + c) else { break };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..mid]);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The anchor id of an `<a id="X"></a>` line, when X is plain.
fn anchor(line: &str) -> Option<&str> {
    let id = line.trim().strip_prefix("<a id=\"")?.strip_suffix("\"></a>")?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(id)
}

pub fn render(md: &str) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list = false;
    let mut table = false;
    let mut code = false;
    let mut pending: Option<&str> = None;
    let flush = |out: &mut String, para: &mut Vec<&str>| {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline(&para.join(" ")));
            out.push_str("</p>\n");
            para.clear();
        }
    };
    for line in md.lines() {
        if code {
            if line.starts_with("```") {
                out.push_str("</code></pre>\n");
                code = false;
            } else {
                out.push_str(&escape(line));
                out.push('\n');
            }
            continue;
        }
        let t = line.trim_start();
        let in_list = t.starts_with("- ") || t.starts_with("* ");
        let in_table = t.starts_with('|');
        if list && !in_list && !(t.is_empty() || line.starts_with("  ")) {
            out.push_str("</ul>\n");
            list = false;
        }
        if table && !in_table {
            out.push_str("</tbody></table>\n");
            table = false;
        }
        if let Some(id) = anchor(line) {
            flush(&mut out, &mut para);
            pending = Some(id);
        } else if line.starts_with("```") {
            flush(&mut out, &mut para);
            out.push_str("<pre><code>");
            code = true;
        } else if let Some(level) = (1..=4).find(|n| line.starts_with(&format!("{} ", "#".repeat(*n)))) {
            flush(&mut out, &mut para);
            let text = &line[level + 1..];
            match pending.take() {
                Some(id) => out.push_str(&format!(
                    "<h{level} id=\"{id}\">{} <a class=\"anchor\" href=\"#{id}\" aria-label=\"link to {id}\">#</a></h{level}>\n",
                    inline(text)
                )),
                None => out.push_str(&format!("<h{level}>{}</h{level}>\n", inline(text))),
            }
        } else if in_table {
            flush(&mut out, &mut para);
            let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
            if cells.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':') && !c.is_empty()) {
                continue;
            }
            if !table {
                out.push_str("<table><thead><tr>");
                for c in &cells {
                    out.push_str(&format!("<th>{}</th>", inline(c)));
                }
                out.push_str("</tr></thead><tbody>\n");
                table = true;
            } else {
                out.push_str("<tr>");
                for c in &cells {
                    out.push_str(&format!("<td>{}</td>", inline(c)));
                }
                out.push_str("</tr>\n");
            }
        } else if in_list {
            flush(&mut out, &mut para);
            if !list {
                out.push_str("<ul>\n");
                list = true;
            }
            out.push_str(&format!("<li>{}</li>\n", inline(&t[2..])));
        } else if t.is_empty() {
            flush(&mut out, &mut para);
        } else if list {
            // A list item's continuation line.
            if out.ends_with("</li>\n") {
                out.truncate(out.len() - "</li>\n".len());
                out.push(' ');
                out.push_str(&inline(t));
                out.push_str("</li>\n");
            }
        } else {
            para.push(t);
        }
    }
    flush(&mut out, &mut para);
    if list {
        out.push_str("</ul>\n");
    }
    if table {
        out.push_str("</tbody></table>\n");
    }
    if code {
        out.push_str("</code></pre>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_become_heading_ids_and_the_rest_is_escaped() {
        let html = render(
            "<a id=\"T2\"></a>\n### T2 · A note\n\nSay <b>hi</b> **now**, `x<y`.\n<a id=\"x\" onclick=\"y\"></a>\n",
        );
        assert!(html.contains("<h3 id=\"T2\">T2 · A note"), "{html}");
        assert!(
            html.contains("Say &lt;b&gt;hi&lt;/b&gt; <strong>now</strong>, <code>x&lt;y</code>."),
            "{html}"
        );
        assert!(html.contains("&lt;a id=&quot;x&quot; onclick"), "only plain anchors pass: {html}");
    }

    #[test]
    fn every_rule_of_the_page_has_its_anchor() {
        let html = render(RULES_MD);
        for id in ["T1", "T2", "F5", "C3", "salary", "recipient-name"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }
}
