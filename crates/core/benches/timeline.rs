//! Throughput of the timeline reader over a mixed set of real phrases
//! (bench/phrases.tsv): decisions, contacts and undatable ones, with one
//! calendar reused as the planner does. Target: 200,000 phrases a second.

use afterview_core::calendar::{Calendar, Region};
use afterview_core::kinds::DateOrder;
use afterview_core::timeline::{Context, read};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiff::civil::Date;

fn phrases() -> Vec<(String, Date)> {
    include_str!("../../../bench/phrases.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?.to_owned(), cols.next()?.parse().ok()?))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let phrases = phrases();
    let calendar = Calendar::new(Region::US);
    let ctx = Context { calendar: &calendar, date_order: DateOrder::MonthDay };
    let mut group = c.benchmark_group("timeline");
    group.throughput(Throughput::Elements(phrases.len() as u64));
    group.bench_function("read mixed phrases", |b| {
        b.iter(|| {
            for (phrase, day) in &phrases {
                std::hint::black_box(read(std::hint::black_box(phrase), *day, ctx));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
