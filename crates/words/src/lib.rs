//! English words for the spelling check: harper-core's curated dictionary,
//! compiled into a finite-state set at build time and embedded in the
//! binary, so a lookup needs no start-up work and no file at run time.

use std::sync::OnceLock;

use fst::automaton::Levenshtein;
use fst::{IntoStreamer, Set, Streamer};

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.fst"));

/// The embedded set. `None` only if the build wrote a broken file, in which
/// case no word is known and every word is reported, which a test catches.
fn set() -> Option<&'static Set<&'static [u8]>> {
    static SET: OnceLock<Option<Set<&'static [u8]>>> = OnceLock::new();
    SET.get_or_init(|| Set::new(BYTES).ok()).as_ref()
}

/// Folds a word as the dictionary stores it: lowercase, straight apostrophe.
pub fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(|c| if c == '\u{2019}' { '\'' } else { c }).collect()
}

/// Whether `word` (any capitalisation) is an English word.
pub fn contains(word: &str) -> bool {
    set().is_some_and(|s| s.contains(fold(word)))
}

/// How many words the dictionary holds.
pub fn len() -> usize {
    set().map_or(0, Set::len)
}

/// No dictionary word has more characters than this (a test checks).
const LONGEST_WORD: usize = 48;

/// Up to `max` dictionary words near `word`, nearest first: one edit away
/// or two neighbouring letters swapped ("interveiw"), and only when there
/// are none of those, two edits away (the slower search).
pub fn suggest(word: &str, max: usize) -> Vec<String> {
    let folded = fold(word);
    let Some(set) = set() else { return Vec::new() };
    // Every suggestion is at most two edits away, so a word longer than the
    // longest dictionary word plus two has none; and trying every swap and
    // building the automaton for a pasted 100,000-letter "word" would take
    // minutes.
    if folded.chars().count() > LONGEST_WORD + 2 {
        return Vec::new();
    }
    let mut found: Vec<(usize, String)> = Vec::new();
    let add = |distance: usize, s: String, found: &mut Vec<(usize, String)>| {
        if s != folded && !found.iter().any(|(_, f)| *f == s) {
            found.push((distance, s));
        }
    };
    // Swapped neighbours: the commonest slip of the keys.
    let chars: Vec<char> = folded.chars().collect();
    for i in 1..chars.len() {
        let mut swapped = chars.clone();
        swapped.swap(i - 1, i);
        let candidate: String = swapped.into_iter().collect();
        if set.contains(&candidate) {
            add(1, candidate, &mut found);
        }
    }
    for distance in 1..=2u32 {
        if distance == 2 && !found.is_empty() {
            break;
        }
        let Ok(automaton) = Levenshtein::new(&folded, distance) else { break };
        let mut stream = set.search(automaton).into_stream();
        while let Some(key) = stream.next() {
            if let Ok(s) = std::str::from_utf8(key) {
                add(distance as usize, s.to_owned(), &mut found);
            }
        }
    }
    // Nearest first; among equals, a word of the same length and first
    // letter is the likelier slip.
    found.sort_by_key(|(d, s)| {
        (*d, s.len().abs_diff(folded.len()), s.chars().next() != folded.chars().next(), s.clone())
    });
    found.into_iter().take(max).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_english_with_its_inflections() {
        assert!(len() > 100_000);
        for w in [
            "compensation",
            "Interviewing",
            "looked",
            "I'm",
            "don\u{2019}t",
            "portfolio",
            "colour",
            "Kubernetes",
        ] {
            assert!(contains(w), "{w}");
        }
        for w in ["compensaton", "teh", "recieve", "Contoso"] {
            assert!(!contains(w), "{w}");
        }
    }

    #[test]
    fn suggests_the_likely_word() {
        assert_eq!(suggest("compensaton", 3).first().map(String::as_str), Some("compensation"));
        assert!(suggest("recieve", 3).contains(&"receive".to_owned()));
        assert!(suggest("zzzzqqqq", 3).is_empty());
    }

    #[test]
    fn no_word_is_longer_than_the_longest() {
        let Some(set) = set() else { panic!("the dictionary is built") };
        let mut stream = set.stream();
        let mut longest = 0;
        while let Some(key) = stream.next() {
            longest = longest.max(std::str::from_utf8(key).map_or(0, |w| w.chars().count()));
        }
        assert!(longest <= LONGEST_WORD, "a {longest}-letter word: raise LONGEST_WORD");
    }

    /// Regression (fuzzing the checker): a pasted run of letters with no
    /// space in it took minutes to find no suggestion.
    #[test]
    fn a_huge_word_has_no_suggestion_at_once() {
        let started = std::time::Instant::now();
        assert!(suggest(&"interveiw".repeat(5_000), 3).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }
}
