//! Given names and their nicknames, for the greeting check: "Bill" is
//! William, "Liz" is Elizabeth (RULEBOOK §6, *Names*). The list is the
//! openly licensed `data/nicknames.csv` (see `data/README.md`), compiled
//! into the binary and read into a map the first time a greeting's name is
//! not the recipient's name as recorded.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::text::plain;

const CSV: &str = include_str!("data/nicknames.csv");

/// Each name with every name it is a nickname of, or has as a nickname.
fn related() -> &'static HashMap<&'static str, HashSet<&'static str>> {
    static MAP: OnceLock<HashMap<&'static str, HashSet<&'static str>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
        for line in CSV.lines().skip(1) {
            let mut cells = line.trim().split(',');
            if let (Some(name), Some("has_nickname"), Some(nick)) = (cells.next(), cells.next(), cells.next())
            {
                map.entry(name).or_default().insert(nick);
                map.entry(nick).or_default().insert(name);
            }
        }
        map
    })
}

/// Whether `written` is `recorded`'s nickname, or the full name of which
/// `recorded` is a nickname: "Bill" and "William", either way round. The
/// same name is not a nickname of itself (the caller compares that first).
pub fn is_nickname(written: &str, recorded: &str) -> bool {
    let (w, r) = (plain(written), plain(recorded));
    w != r && related().get(r.as_str()).is_some_and(|names| names.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_nicknames_either_way_round() {
        for (nick, name) in [
            ("Bill", "William"),
            ("Liz", "Elizabeth"),
            ("Bob", "Robert"),
            ("Kate", "Katherine"),
            ("Jen", "Jennifer"),
            ("Tom", "Thomas"),
            ("Peggy", "Margaret"),
        ] {
            assert!(is_nickname(nick, name), "{nick} for {name}");
            assert!(is_nickname(name, nick), "{name} for someone recorded as {nick}");
        }
        assert!(!is_nickname("Maria", "William"));
        assert!(!is_nickname("William", "William"), "the name itself is compared by the caller");
        assert!(!is_nickname("Bill", "Bills"));
    }

    #[test]
    fn the_data_reads_whole() {
        // The file has about 2,700 rows; a parse that silently failed (line
        // endings, a header change) would leave the map nearly empty.
        assert!(related().len() > 1000, "{} names", related().len());
    }
}
