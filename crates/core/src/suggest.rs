//! "Did you mean …?" suggestions: the closest candidate by edit distance,
//! offered only when it is close enough to be a plausible slip of the keys.

/// Levenshtein distance over Unicode scalar values, case-insensitive.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Edit distance where swapping two neighbouring letters is one edit
/// (optimal string alignment): "Mraia" is one slip from "Maria".
pub fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[n][m]
}

/// The candidate closest to `given`, if it is within a third of its length
/// (at least one edit): "activ" suggests "active", "xyz" suggests nothing.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (given.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(given, c), c))
        .filter(|&(d, _)| d > 0 && d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Acme", "acme"), 0);
    }

    #[test]
    fn a_swap_is_one_typo() {
        assert_eq!(typo_distance("Mraia", "Maria"), 1);
        assert_eq!(edit_distance("Mraia", "Maria"), 2);
        assert_eq!(typo_distance("Robtics", "Robotics"), 1);
    }

    #[test]
    fn suggests_only_near_misses() {
        let names = ["active", "offer", "rejected"];
        assert_eq!(closest("activ", names), Some("active"));
        assert_eq!(closest("rejectd", names), Some("rejected"));
        assert_eq!(closest("zzzzzz", names), None);
        assert_eq!(closest("offer", names), None, "an exact match is not a suggestion");
    }
}
