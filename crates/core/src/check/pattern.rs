//! Small word patterns for the checker's phrase rules, written like
//! `"(signing|annual) bonus"` or `"(a|small) gift !(for|of)"`:
//! - `word`     the word itself (any capitalisation, either apostrophe);
//! - `(a|b c)`  one of the alternatives, each one or more words;
//! - `word?`    an optional word; `(a|b)?` an optional choice;
//! - `*`        any one word;
//! - `!(a|b)`   at the end: the next word must not be one of these.
//!
//! Rules decide on a phrase and its neighbours, never on a bare word alone
//! where the word has an everyday sense ("a gift for storytelling").

use super::text::Text;

#[derive(Debug, Clone)]
enum Item {
    /// One of these word sequences, longest first.
    One(Vec<Vec<&'static str>>),
    Optional(Vec<Vec<&'static str>>),
    Wild,
}

#[derive(Debug, Clone)]
pub struct Pattern {
    items: Vec<Item>,
    not_next: Vec<&'static str>,
}

/// "(a b|c)" → [["a", "b"], ["c"]], longest first.
fn alternatives(group: &'static str) -> Vec<Vec<&'static str>> {
    let mut alts: Vec<Vec<&'static str>> = group
        .split('|')
        .map(|a| a.split_whitespace().collect::<Vec<_>>())
        .filter(|a| !a.is_empty())
        .collect();
    alts.sort_by_key(|a| std::cmp::Reverse(a.len()));
    alts
}

impl Pattern {
    pub fn new(source: &'static str) -> Self {
        let mut items = Vec::new();
        let mut not_next = Vec::new();
        let mut rest = source.trim();
        while !rest.is_empty() {
            let negative = rest.starts_with('!');
            if negative {
                rest = &rest[1..];
            }
            // A group "(…)" optionally followed by "?", or a word ending in "?".
            let (token, after, optional) = if let Some(inner) = rest.strip_prefix('(') {
                let close = inner.find(')').unwrap_or(inner.len());
                let after = inner.get(close + 1..).unwrap_or("");
                match after.strip_prefix('?') {
                    Some(a) => (&inner[..close], a, true),
                    None => (&inner[..close], after, false),
                }
            } else {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let word = &rest[..end];
                match word.strip_suffix('?') {
                    Some(w) => (w, &rest[end..], true),
                    None => (word, &rest[end..], false),
                }
            };
            if negative {
                not_next = token.split('|').collect();
            } else if token == "*" {
                items.push(Item::Wild);
            } else if optional {
                items.push(Item::Optional(alternatives(token)));
            } else {
                items.push(Item::One(alternatives(token)));
            }
            rest = after.trim_start();
        }
        Pattern { items, not_next }
    }

    /// The length of the first alternative that matches at word `j`.
    fn alt_at(text: &Text<'_>, j: usize, alts: &[Vec<&'static str>]) -> Option<usize> {
        alts.iter()
            .find(|alt| alt.iter().enumerate().all(|(k, a)| text.lower.get(j + k).is_some_and(|w| w == a)))
            .map(Vec::len)
    }

    /// Matches starting at word `i`: the index after the last word matched.
    fn match_at(&self, text: &Text<'_>, i: usize) -> Option<usize> {
        let words = &text.words;
        let mut j = i;
        for item in &self.items {
            match item {
                Item::One(alts) => j += Self::alt_at(text, j, alts)?,
                Item::Optional(alts) => j += Self::alt_at(text, j, alts).unwrap_or(0),
                Item::Wild => {
                    words.get(j)?;
                    j += 1;
                }
            }
        }
        if j == i {
            return None;
        }
        // A phrase does not run across sentences.
        if words[i].sentence != words[j - 1].sentence {
            return None;
        }
        if let Some(next) = words.get(j)
            && next.sentence == words[j - 1].sentence
            && self.not_next.iter().any(|o| text.lower[j] == *o)
        {
            return None;
        }
        Some(j)
    }

    /// Every match as (first word, index after the last).
    pub fn find(&self, text: &Text<'_>) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.words.len() {
            match self.match_at(text, i) {
                Some(end) => {
                    out.push((i, end));
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// The first match of any of the patterns, in text order.
pub fn first_match(patterns: &[Pattern], text: &Text<'_>) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = patterns.iter().flat_map(|p| p.find(text)).collect();
    // At one position, the longest phrase wins: "salary range", not "salary".
    all.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    // Overlapping matches count once.
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in all {
        if out.last().is_none_or(|last| m.0 >= last.1) {
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(pattern: &'static str, text: &str) -> Vec<String> {
        let t = Text::new(text);
        Pattern::new(pattern)
            .find(&t)
            .into_iter()
            .map(|(a, b)| t.raw[t.span(a, b).0..t.span(a, b).1].to_owned())
            .collect()
    }

    #[test]
    fn alternatives_options_wildcards_and_negative_lookahead() {
        assert_eq!(
            found("(signing|annual) bonus", "A Signing bonus and an annual bonus."),
            ["Signing bonus", "annual bonus"]
        );
        assert_eq!(found("the? salary", "What salary? The salary."), ["salary", "The salary"]);
        assert_eq!(found("(a|small) gift !(for|of)", "She has a gift for words. I sent a gift."), ["a gift"]);
        assert_eq!(found("i * anything", "I would do anything"), Vec::<String>::new());
        assert_eq!(found("i * * anything", "I would do anything"), ["I would do anything"]);
        assert!(found("pay range", "the pay. Range").is_empty(), "not across sentences");
        assert_eq!(
            found("(as good as|like) (michael jordan|lebron)", "I am as good as Michael Jordan."),
            ["as good as Michael Jordan"]
        );
        assert_eq!(
            found("(reply|let me know) (asap|right away)", "Let me know right away"),
            ["Let me know right away"]
        );
        assert_eq!(found("(very|really)? keen", "really keen, keen"), ["really keen", "keen"]);
    }
}
