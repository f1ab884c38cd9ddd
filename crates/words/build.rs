//! Builds the spelling dictionary once, at compile time: every word of
//! harper-core's curated English dictionary (inflections included),
//! lowercased, into a finite-state set that the binary embeds and reads in
//! place, with the project's own additions from extra.txt. Building it at
//! run time would cost ~150 ms on every start.

use std::io::Write;

use harper_core::spell::{Dictionary, MutableDictionary};

fn main() {
    let dictionary = MutableDictionary::curated();
    let mut words: Vec<String> = dictionary
        .words_iter()
        .map(|w| w.iter().collect::<String>().to_lowercase().replace('\u{2019}', "'"))
        .filter(|w| !w.is_empty())
        .collect();
    // The project's own additions: workplace words the dictionary lacks.
    let extra = std::fs::read_to_string("extra.txt").expect("extra.txt");
    words.extend(
        extra.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_lowercase),
    );
    words.sort_unstable();
    words.dedup();
    let set = fst::Set::from_iter(words.iter()).expect("sorted, deduplicated words");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("words.fst");
    let mut file = std::fs::File::create(&out).expect("create words.fst");
    file.write_all(set.as_fst().as_bytes()).expect("write words.fst");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=extra.txt");
}
