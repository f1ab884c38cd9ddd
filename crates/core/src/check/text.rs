//! The text of a message as the checker sees it: words with their byte
//! spans, sentences, lines and paragraphs, and byte offsets turned into the
//! line and column a person's editor shows.

/// A word: letters, with apostrophes and hyphens inside it.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// A message split into words and sentences.
pub struct Text<'a> {
    pub raw: &'a str,
    pub words: Vec<Word<'a>>,
    /// Each word folded once (lowercase, straight apostrophe), so rules
    /// compare plain strings.
    pub lower: Vec<String>,
    /// Byte offset where each line starts.
    line_starts: Vec<usize>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl<'a> Text<'a> {
    pub fn new(raw: &'a str) -> Self {
        let mut words = Vec::new();
        let mut sentence = 0;
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                let start = i;
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if is_word_char(d) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if matches!(d, '\'' | '\u{2019}' | '-') {
                        // Inside a word only when a letter follows: "don't", "on-call".
                        let mut look = chars.clone();
                        look.next();
                        match look.peek() {
                            Some(&(_, e)) if is_word_char(e) => {
                                chars.next();
                            }
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
                words.push(Word { text: &raw[start..end], start, end, sentence });
            } else if matches!(c, '.' | '!' | '?' | '\n' | ';') {
                // "e.g." and decimals aside, a full stop ends a sentence.
                let next_is_word = chars.peek().is_some_and(|&(_, d)| is_word_char(d));
                if !(c == '.' && next_is_word) {
                    sentence += 1;
                }
            }
        }
        let line_starts = std::iter::once(0).chain(raw.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let lower = words.iter().map(|w| fold(w.text)).collect();
        Text { raw, words, lower, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.raw.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// Every place where the lowercase word sequence `phrase` occurs:
    /// (index of first word, index after the last).
    pub fn find(&self, phrase: &[&str]) -> Vec<(usize, usize)> {
        if phrase.is_empty() || phrase.len() > self.words.len() {
            return Vec::new();
        }
        (0..=self.words.len() - phrase.len())
            .filter(|&i| phrase.iter().enumerate().all(|(k, p)| self.lower[i + k] == *p))
            .map(|i| (i, i + phrase.len()))
            .collect()
    }

    /// The text from word `a` to the end of word `b - 1`.
    pub fn span(&self, a: usize, b: usize) -> (usize, usize) {
        (self.words[a].start, self.words[b.max(a + 1) - 1].end)
    }

    /// The note's parts around its body (RULEBOOK §6: length counts the
    /// body only).
    pub fn layout(&self) -> Layout {
        layout(self.raw)
    }

    /// Paragraphs of the body: blocks of non-empty lines between the
    /// greeting and the sign-off.
    pub fn paragraphs(&self) -> usize {
        let (start, end) = self.layout().body;
        let mut blocks = 0;
        let mut in_block = false;
        for line in self.raw[start..end].lines() {
            let blank = line.trim().is_empty();
            if !blank && !in_block {
                blocks += 1;
            }
            in_block = !blank;
        }
        blocks
    }

    /// The words of the body.
    pub fn body_words(&self) -> usize {
        let (start, end) = self.layout().body;
        self.words.iter().filter(|w| w.start >= start && w.start < end).count()
    }
}

/// Where a note's body lies, and where its signature starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Byte range of the body: after the subject line and a greeting line
    /// of their own, before the sign-off ("Best regards,") and signature.
    pub body: (usize, usize),
    /// Where the lines after the sign-off start: the sender's name, title,
    /// phone. `None` when the note has no sign-off block.
    pub signature: Option<usize>,
}

/// Words a sign-off line starts with: "Best,", "Kind regards,", "Thanks
/// again,", "Yours truly, Michael Wilson".
const CLOSINGS: &[&str] = &[
    "best",
    "regards",
    "kind",
    "kindest",
    "warm",
    "warmest",
    "warmly",
    "sincerely",
    "yours",
    "thanks",
    "thank",
    "many",
    "cheers",
    "all",
    "with",
    "respectfully",
    "cordially",
    "happy",
    "talk",
    "speak",
    "take",
    "until",
    "wishing",
    "gratefully",
    "appreciatively",
    "fondly",
    "sincerest",
];

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

fn first_word(line: &str) -> String {
    fold(
        line.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}').next().unwrap_or_default(),
    )
}

fn layout(raw: &str) -> Layout {
    // Non-empty lines: byte offset, trimmed text, and whether a blank line
    // comes before it.
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut after_blank: Vec<bool> = Vec::new();
    let (mut at, mut blank) = (0, false);
    for line in raw.split_inclusive('\n') {
        if line.trim().is_empty() {
            blank = true;
        } else {
            lines.push((at, line.trim()));
            after_blank.push(blank);
            blank = false;
        }
        at += line.len();
    }
    let whole = Layout { body: (0, raw.len()), signature: None };
    if lines.len() < 2 {
        return whole;
    }
    let mut first = 0;
    if lines[0].1.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("subject:")) {
        first = 1;
    }
    // A greeting on a line of its own: "Dear Ms. Whitfield:", "Hi Liz,".
    let greeting = lines.get(first).is_some_and(|&(_, l)| {
        let greets = super::GREETINGS.iter().any(|g| first_word(l) == *g || fold(l).starts_with(g));
        word_count(l) <= 6 && (l.ends_with([',', ':', '!', '\u{2014}']) || greets)
    });
    if greeting && first + 1 < lines.len() {
        first += 1;
    }
    // The sign-off: the last short line ending in a comma, or starting with
    // a closing word, followed by at most five short lines (the signature).
    let closing = (first + 1..lines.len()).rev().take(6).find(|&i| {
        let l = lines[i].1;
        let after = &lines[i + 1..];
        let short = word_count(l) <= 6
            && (l.ends_with(',') || (CLOSINGS.contains(&first_word(l).as_str()) && word_count(l) <= 4));
        short
            && after.len() <= 5
            && after.iter().all(|&(_, a)| word_count(a) <= 8 && !a.ends_with(['.', '?', '!']))
    });
    let (end, signature) = match closing {
        Some(i) => (lines[i].0, lines.get(i + 1).map(|&(s, _)| s)),
        // No sign-off line: a last block of a few short lines is the
        // signature ("Maya" alone under the last paragraph).
        None => {
            let last = lines.len() - 1;
            let start = (last.saturating_sub(3).max(first + 1)..=last).rev().find(|&i| after_blank[i]);
            match start {
                Some(i) if lines[i..].iter().all(|&(_, l)| word_count(l) <= 4) => {
                    (lines[i].0, Some(lines[i].0))
                }
                _ => (raw.len(), None),
            }
        }
    };
    let start = lines[first].0;
    if start >= end {
        return whole;
    }
    Layout { body: (start, end), signature }
}

/// Lowercase with a straight apostrophe.
pub fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(|c| if c == '\u{2019}' { '\'' } else { c }).collect()
}

/// A letter without its accent, for comparing names: "María" is "Maria"
/// to a record that was typed without the accent.
pub fn unaccent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// A name folded for comparison: lowercase, unaccented, straight apostrophe.
pub fn plain(s: &str) -> String {
    fold(s).chars().map(unaccent).collect()
}

/// Case-insensitive comparison that treats a curly apostrophe as straight.
pub fn eq(word: &str, lower: &str) -> bool {
    let mut a = word.chars().flat_map(char::to_lowercase).map(|c| if c == '\u{2019}' { '\'' } else { c });
    let mut b = lower.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_apostrophes_and_hyphens() {
        let t = Text::new("Hi Maria,\nI don\u{2019}t mind on-call - really.");
        let words: Vec<&str> = t.words.iter().map(|w| w.text).collect();
        assert_eq!(words, ["Hi", "Maria", "I", "don\u{2019}t", "mind", "on-call", "really"]);
        assert_eq!(t.position(t.words[2].start), (2, 1));
        assert_eq!(t.position(t.words[5].start), (2, 14));
    }

    #[test]
    fn names_compare_without_accents() {
        assert_eq!(plain("María Ñúñez"), "maria nunez");
        assert_eq!(plain("Zoë O\u{2019}Brien"), "zoe o'brien");
    }

    #[test]
    fn phrases_and_paragraphs() {
        let t = Text::new("Dear Tom,\n\nThank you. The salary range?\n\nBest,\nMaya");
        assert_eq!(t.find(&["salary", "range"]).len(), 1);
        assert_eq!(t.paragraphs(), 1, "the greeting and the sign-off are not body paragraphs");
        assert_ne!(t.words[2].sentence, t.words[4].sentence, "a full stop ends a sentence");
    }
}
