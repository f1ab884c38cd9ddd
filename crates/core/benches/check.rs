//! Throughput of the checker on realistic notes: the 250-word thank-you in
//! bench/notes and every note of the test corpus. Target: 2,000 notes a
//! second in the library.

use afterview_core::check::{Context, check};
use afterview_core::kinds::MessageKind;
use afterview_core::settings::Checker;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let note = include_str!("../../../bench/notes/thank-you-250.txt");
    let ctx = Context {
        recipient: Some("Maria Lopez".into()),
        company: Some("Acme Robotics".into()),
        role: Some("Platform Engineer".into()),
        other_companies: vec!["Contoso".into(), "Globex".into(), "Initech".into()],
        topics: vec!["the warehouse-robot fleet dashboard".into(), "on-call load".into()],
        names: vec!["Maya Patel".into(), "Tom Chen".into()],
        ..Context::default()
    };
    let limits = Checker::default();
    assert!(
        check(note, MessageKind::ThankYou, &ctx, &limits).is_empty(),
        "the benchmark note is a good note"
    );
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Elements(1));
    group.bench_function("250-word thank-you note", |b| {
        b.iter(|| check(std::hint::black_box(note), MessageKind::ThankYou, &ctx, &limits))
    });
    let typo = note.replace("experience", "experiance").replace("deployment", "deploymnet");
    group.bench_function("250-word note with two typos", |b| {
        b.iter(|| check(std::hint::black_box(&typo), MessageKind::ThankYou, &ctx, &limits))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
