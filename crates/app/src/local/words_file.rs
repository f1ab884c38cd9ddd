//! The personal word list: words the spelling check should accept (a
//! product, a surname, jargon), one per line in `words.txt` beside the
//! settings file. A plain file, so `afterview check` stays stateless and a
//! user can edit it by hand.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::local::paths::{Paths, create_private_dir, with_lock, write_atomically};

/// Where the word list is kept.
pub(crate) fn path(paths: &Paths) -> PathBuf {
    paths.config_file.with_file_name("words.txt")
}

/// The words, in the order they were added.
pub fn load(paths: &Paths) -> Result<Vec<String>> {
    let p = path(paths);
    match std::fs::read_to_string(&p) {
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(Error::Storage(afterview_store::Error::io(p, e))),
    }
}

fn save(paths: &Paths, words: &[String]) -> Result<()> {
    let p = path(paths);
    if let Some(dir) = p.parent() {
        create_private_dir(dir)?;
    }
    write_atomically(&p, &text(words))
}

/// The file's text for these words.
pub(crate) fn text(words: &[String]) -> String {
    let mut text = String::from("# Words afterview's spelling check accepts, one per line.\n");
    for w in words {
        text.push_str(w);
        text.push('\n');
    }
    text
}

/// Adds words, ignoring ones already there (any capitalisation). Returns
/// the words that were new.
pub fn add(paths: &Paths, new: &[String]) -> Result<Vec<String>> {
    with_lock(paths, || add_locked(paths, new))
}

fn add_locked(paths: &Paths, new: &[String]) -> Result<Vec<String>> {
    let mut words = load(paths)?;
    let mut added = Vec::new();
    for w in new {
        if !words.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            words.push(w.clone());
            added.push(w.clone());
        }
    }
    save(paths, &words)?;
    Ok(added)
}

/// Removes words (any capitalisation). Returns the ones that were there.
pub fn remove(paths: &Paths, gone: &[String]) -> Result<Vec<String>> {
    with_lock(paths, || remove_locked(paths, gone))
}

fn remove_locked(paths: &Paths, gone: &[String]) -> Result<Vec<String>> {
    let mut words = load(paths)?;
    let removed: Vec<String> =
        words.iter().filter(|w| gone.iter().any(|g| g.eq_ignore_ascii_case(w))).cloned().collect();
    words.retain(|w| !gone.iter().any(|g| g.eq_ignore_ascii_case(w)));
    save(paths, &words)?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_added_once_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(dir.path());
        assert!(load(&paths).unwrap().is_empty());
        assert_eq!(add(&paths, &["Grafanix".into(), "kubectl".into()]).unwrap().len(), 2);
        assert_eq!(add(&paths, &["grafanix".into()]).unwrap().len(), 0, "already there");
        assert_eq!(load(&paths).unwrap(), ["Grafanix", "kubectl"]);
        assert_eq!(remove(&paths, &["KUBECTL".into()]).unwrap(), ["kubectl"]);
        assert_eq!(load(&paths).unwrap(), ["Grafanix"]);
    }
}
