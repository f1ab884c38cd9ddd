//! Splitting free text into tokens (words, numbers, ordinals, punctuation)
//! with their byte spans, and the small vocabularies the reader knows:
//! number words, units, weekdays and months.

use jiff::civil::Weekday;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// A run of digits.
    Num(u32),
    /// 4th, 21st.
    Ord(u32),
    /// One punctuation character; dashes of every width become '-', and a
    /// line break is '\n'.
    Punct(char),
}

#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Sentence number, for keeping an instruction with its time.
    pub sentence: u32,
}

const NOT_SENTENCE_END: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr", "mrs", "ms",
    "dr", "st", "approx", "e", "g", "i", "etc", "vs", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "no",
];

/// Tokenises `lower`, the ASCII-lowercased input (so byte offsets match the
/// original text exactly).
pub fn tokenize(lower: &str) -> Vec<Tok<'_>> {
    let bytes = lower.as_bytes();
    let mut toks: Vec<Tok<'_>> = Vec::with_capacity(lower.len() / 4 + 1);
    let mut sentence = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &lower[start..i];
            let n = if digits.len() <= 9 { digits.parse::<u32>().unwrap_or(u32::MAX) } else { u32::MAX };
            let suffix_end = {
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_alphabetic() && j - i < 2 {
                    j += 1;
                }
                j
            };
            let suffix = &lower[i..suffix_end];
            let at_word_end = suffix_end >= bytes.len() || !bytes[suffix_end].is_ascii_alphanumeric();
            if matches!(suffix, "st" | "nd" | "rd" | "th") && at_word_end {
                toks.push(Tok {
                    text: &lower[start..suffix_end],
                    kind: Kind::Ord(n),
                    start,
                    end: suffix_end,
                    sentence,
                });
                i = suffix_end;
            } else {
                toks.push(Tok { text: digits, kind: Kind::Num(n), start, end: i, sentence });
            }
        } else if b.is_ascii_alphabetic() || b >= 0x80 && is_letter_at(lower, i) {
            let start = i;
            while i < bytes.len() {
                if bytes[i].is_ascii_alphabetic() {
                    i += 1;
                } else if bytes[i] >= 0x80 && is_letter_at(lower, i) {
                    i += utf8_len(bytes[i]);
                } else {
                    break;
                }
            }
            toks.push(Tok { text: &lower[start..i], kind: Kind::Word, start, end: i, sentence });
        } else if b >= 0x80 {
            let len = utf8_len(b);
            let c = lower[i..].chars().next().unwrap_or(' ');
            if matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}') {
                toks.push(Tok {
                    text: &lower[i..i + len],
                    kind: Kind::Punct('-'),
                    start: i,
                    end: i + len,
                    sentence,
                });
            }
            i += len;
        } else {
            let c = b as char;
            let start = i;
            i += 1;
            match c {
                '.' | '!' | '?' | ';' | '\n' => {
                    let prev = toks.last();
                    let abbreviation = c == '.'
                        && prev.is_some_and(|t| {
                            t.end == start && (t.kind == Kind::Word && NOT_SENTENCE_END.contains(&t.text))
                        });
                    let decimal = c == '.' && i < bytes.len() && bytes[i].is_ascii_digit();
                    if c == '.' && (abbreviation || decimal) {
                        toks.push(Tok {
                            text: &lower[start..i],
                            kind: Kind::Punct('.'),
                            start,
                            end: i,
                            sentence,
                        });
                    } else {
                        sentence += 1;
                    }
                }
                '-' | '/' | ':' | ',' | '(' | ')' | '&' | '+' => {
                    toks.push(Tok { text: &lower[start..i], kind: Kind::Punct(c), start, end: i, sentence });
                }
                _ => {}
            }
        }
    }
    toks
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

fn is_letter_at(s: &str, i: usize) -> bool {
    s.get(i..).and_then(|rest| rest.chars().next()).is_some_and(char::is_alphabetic)
}

/// A cardinal number written as a word ("a" and "an" are one).
pub fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "couple" => 2,
        "few" => 3,
        _ => return None,
    })
}

/// "first" … "thirty-first" are rare in timelines; the common ones suffice.
pub fn ordinal_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "last" => 99,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days as said: up to five of them count business days (RULEBOOK §2).
    Day,
    /// "N calendar days": never business days, however few.
    CalendarDay,
    BusinessDay,
    /// Hours count as business days, ⌈N / 24⌉ of them.
    Hour,
    Week,
    Month,
}

/// A unit of time; the multiplier turns a fortnight into two weeks.
pub fn unit_word(w: &str) -> Option<(Unit, u32)> {
    Some(match w {
        "day" | "days" => (Unit::Day, 1),
        "hour" | "hours" | "hr" | "hrs" => (Unit::Hour, 1),
        "week" | "weeks" | "wk" | "wks" => (Unit::Week, 1),
        "month" | "months" | "mo" | "mos" => (Unit::Month, 1),
        "fortnight" | "fortnights" => (Unit::Week, 2),
        "weekday" | "weekdays" | "workday" | "workdays" | "bd" | "bds" => (Unit::BusinessDay, 1),
        _ => return None,
    })
}

pub fn weekday_word(w: &str, strict: bool) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" | "mondays" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" | "weds" => Weekday::Wednesday,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
        "friday" | "fri" | "fridays" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        "sat" if !strict => Weekday::Saturday,
        "sun" if !strict => Weekday::Sunday,
        _ => return None,
    })
}

/// A month by name or abbreviation. "may" and "march" are also common words,
/// so the caller decides from context whether they are months (`strict`
/// refuses them).
pub fn month_word(w: &str, strict: bool) -> Option<i8> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" | "febuary" => 2,
        "march" | "mar" if !strict => 3,
        "april" | "apr" => 4,
        "may" if !strict => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Kind> {
        tokenize(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn numbers_ordinals_and_dashes() {
        assert_eq!(kinds("2-3"), [Kind::Num(2), Kind::Punct('-'), Kind::Num(3)]);
        assert_eq!(kinds("2\u{2013}3"), [Kind::Num(2), Kind::Punct('-'), Kind::Num(3)]);
        assert_eq!(kinds("the 4th"), [Kind::Word, Kind::Ord(4)]);
        assert_eq!(kinds("12/4"), [Kind::Num(12), Kind::Punct('/'), Kind::Num(4)]);
        assert_eq!(kinds("10am"), [Kind::Num(10), Kind::Word]);
    }

    #[test]
    fn spans_and_sentences() {
        let text = "ok. by jan. 15, call me";
        let toks = tokenize(text);
        let jan = toks.iter().find(|t| t.text == "jan").unwrap();
        let call = toks.iter().find(|t| t.text == "call").unwrap();
        assert_eq!(&text[jan.start..jan.end], "jan");
        assert_eq!(jan.sentence, call.sentence, "an abbreviation's dot ends no sentence");
        assert_eq!(toks[0].sentence + 1, jan.sentence);
    }

    #[test]
    fn apostrophes_split_words() {
        let toks = tokenize("we\u{2019}ll decide in two weeks' time");
        let words: Vec<&str> = toks.iter().map(|t| t.text).collect();
        assert_eq!(words, ["we", "ll", "decide", "in", "two", "weeks", "time"]);
    }
}
