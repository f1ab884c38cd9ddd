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

    /// Paragraphs of the body: blocks of non-empty lines, less a one-line
    /// greeting ("Dear Maria,") at the top and a sign-off block ("Best,"
    /// and the signature) at the bottom.
    pub fn paragraphs(&self) -> usize {
        let mut blocks: Vec<Vec<&str>> = Vec::new();
        let mut in_block = false;
        for line in self.raw.lines() {
            let blank = line.trim().is_empty();
            if !blank {
                if !in_block {
                    blocks.push(Vec::new());
                }
                if let Some(b) = blocks.last_mut() {
                    b.push(line.trim());
                }
            }
            in_block = !blank;
        }
        let short = |l: &str| l.split_whitespace().count() <= 4;
        if blocks.len() > 1
            && blocks[0].len() == 1
            && short(blocks[0][0])
            && blocks[0][0].ends_with([',', ':', '!'])
        {
            blocks.remove(0);
        }
        if blocks.len() > 1 && blocks.last().is_some_and(|b| b.len() <= 4 && short(b[0])) {
            blocks.pop();
        }
        blocks.len()
    }
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
