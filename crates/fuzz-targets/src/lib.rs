//! The bodies of afterview's fuzz targets, one plain function per reader of
//! untrusted text: `fuzz/` (cargo-fuzz, nightly) calls each from a
//! two-line target, and `tests/corpus.rs` replays every kept input through
//! the same function on stable, so `cargo test` catches a regression
//! without libFuzzer.
//!
//! Each function takes the raw bytes a user could hand afterview, goes in
//! where the real command goes in, and asserts what must hold beyond "no
//! panic": spans inside their text, findings placed where their excerpt is,
//! output that serialises, task ids that parse back, settings that load
//! being inside their ranges and usable. A failed assertion is a bug in the
//! crate under test, never in the input.

mod check;
mod csv;
mod email;
mod ics;
mod invite;
mod plan;
mod settings;
mod snapshot;
mod timeline;

pub use check::check;
pub use csv::csv;
pub use email::email;
pub use ics::ics;
pub use invite::invite;
pub use plan::plan;
pub use settings::settings;
pub use snapshot::snapshot;
pub use timeline::timeline;

/// A target's body: the bytes of one input.
pub type Target = fn(&[u8]);

/// Every target by the name of its `fuzz/` target and corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("timeline", timeline),
    ("check", check),
    ("plan", plan),
    ("ics", ics),
    ("settings", settings),
    ("csv", csv),
    ("snapshot", snapshot),
    ("email", email),
    ("invite", invite),
];

/// `span` lies inside `text` on character boundaries and is not empty.
fn assert_span_in(text: &str, span: &std::ops::Range<usize>, what: &str) {
    assert!(span.start < span.end, "{what}: empty or reversed span {span:?}");
    assert!(
        text.get(span.clone()).is_some(),
        "{what}: span {span:?} is outside {} bytes or splits a character",
        text.len()
    );
}
