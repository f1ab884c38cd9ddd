//! The reader against the RULEBOOK §2 table. Every expected day here was
//! worked out by hand from the rulebook and a calendar, not copied from the
//! program's output. Calendar notes: Fri 20 Nov 2026; Thanksgiving is Thu 26
//! Nov 2026; Christmas is Fri 25 Dec 2026; New Year's Day is Fri 1 Jan 2027.

use super::*;
use crate::calendar::Region;

/// Reads `phrase` said on `r` in `region`, as a compact string:
/// "decision EARLIEST..LATEST", "contact CHANNEL DATE" or "none".
fn read_in(phrase: &str, r: &str, region: Region, order: DateOrder) -> String {
    let cal = Calendar::new(region);
    let reading = read(phrase, r.parse().unwrap(), Context { calendar: &cal, date_order: order });
    match reading.kind {
        ReadingKind::None => {
            assert!(reading.earliest.is_none() && reading.latest.is_none() && reading.date.is_none());
            "none".into()
        }
        ReadingKind::Decision => {
            assert!(reading.date.is_none() && reading.channel.is_none());
            let (a, b) = (reading.earliest.unwrap(), reading.latest.unwrap());
            assert!(a <= b, "{phrase}: {a} after {b}");
            format!("decision {a}..{b}")
        }
        ReadingKind::Contact => {
            let d = reading.date.unwrap();
            assert_eq!((reading.earliest, reading.latest), (Some(d), Some(d)));
            let channel = serde_json::to_value(reading.channel.unwrap()).unwrap();
            format!("contact {} {d}", channel.as_str().unwrap())
        }
    }
}

fn us(phrase: &str, r: &str) -> String {
    read_in(phrase, r, Region::US, DateOrder::MonthDay)
}

fn check(r: &str, cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (phrase, expected) in cases {
        let got = us(phrase, r);
        if got != *expected {
            failures.push(format!("  {phrase:?} on {r}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} misread:\n{}", failures.len(), failures.join("\n"));
}

const FRI: &str = "2026-11-20";
const MON: &str = "2026-11-16";

#[test]
fn offsets_in_days_weeks_and_months() {
    check(
        FRI,
        &[
            ("in 3 days", "decision 2026-11-23..2026-11-23"),
            ("after three days", "decision 2026-11-23..2026-11-23"),
            ("in about 10 days", "decision 2026-11-30..2026-11-30"),
            (
                "the recruiter reckons they will wrap things up in ten days or so",
                "decision 2026-11-30..2026-11-30",
            ),
            ("in two weeks", "decision 2026-12-04..2026-12-04"),
            ("we'll decide in two weeks' time", "decision 2026-12-04..2026-12-04"),
            ("in a couple of weeks", "decision 2026-12-04..2026-12-04"),
            ("in a few days", "decision 2026-11-23..2026-11-23"),
            ("in a fortnight", "decision 2026-12-04..2026-12-04"),
            ("in a month", "decision 2026-12-20..2026-12-20"),
            ("give it a month or so", "decision 2026-12-20..2026-12-20"),
            ("about 3 weeks from now", "decision 2026-12-11..2026-12-11"),
            ("within a week", "decision 2026-11-21..2026-11-27"),
            ("within 10 days", "decision 2026-11-21..2026-11-30"),
            ("within the next two weeks", "decision 2026-11-21..2026-12-04"),
            ("over the next few days", "decision 2026-11-21..2026-11-23"),
            ("within a month", "decision 2026-11-21..2026-12-20"),
        ],
    );
}

#[test]
fn ranges_in_every_written_form() {
    check(
        FRI,
        &[
            ("we should decide in 2-3 weeks", "decision 2026-12-04..2026-12-11"),
            ("in 2\u{2013}3 weeks", "decision 2026-12-04..2026-12-11"),
            ("in 2 - 3 weeks", "decision 2026-12-04..2026-12-11"),
            ("in two to three weeks", "decision 2026-12-04..2026-12-11"),
            ("in 2 to 3 weeks", "decision 2026-12-04..2026-12-11"),
            ("Maria said we should decide in two to three weeks", "decision 2026-12-04..2026-12-11"),
            ("in 2 or 3 days", "decision 2026-11-22..2026-11-23"),
            ("they need a week or two", "decision 2026-11-27..2026-12-04"),
            ("one or two weeks", "none"),
            ("in one or two weeks", "decision 2026-11-27..2026-12-04"),
            ("it will take between 2 and 3 weeks", "decision 2026-12-04..2026-12-11"),
            ("in 3-4 days", "decision 2026-11-23..2026-11-24"),
            ("in a month or two", "decision 2026-12-20..2027-01-20"),
        ],
    );
}

#[test]
fn business_days_skip_weekends_and_holidays() {
    check(
        FRI,
        &[
            // Mon 23, Tue 24, Wed 25, (Thanksgiving) Fri 27, Mon 30 …
            ("in 5 business days", "decision 2026-11-30..2026-11-30"),
            ("within 5 working days", "decision 2026-11-21..2026-11-30"),
            ("in 10 business days", "decision 2026-12-07..2026-12-07"),
            ("the recruiter said 3 work days", "none"),
            ("we aim to respond within three business days", "decision 2026-11-21..2026-11-25"),
            ("in 4 business days", "decision 2026-11-27..2026-11-27"),
        ],
    );
}

#[test]
fn days_and_weeks() {
    check(
        FRI,
        &[
            ("tomorrow", "decision 2026-11-21..2026-11-21"),
            ("you'll hear from us next week", "decision 2026-11-23..2026-11-27"),
            ("early next week", "decision 2026-11-23..2026-11-24"),
            ("mid next week", "decision 2026-11-25..2026-11-25"),
            ("by the middle of next week", "decision 2026-11-25..2026-11-25"),
            ("late next week", "decision 2026-11-26..2026-11-27"),
            ("end of next week", "decision 2026-11-23..2026-11-27"),
            ("by the end of next week", "decision 2026-11-23..2026-11-27"),
            ("the week after next", "decision 2026-11-30..2026-12-04"),
            ("by Thursday", "decision 2026-11-21..2026-11-26"),
            ("on Tuesday", "decision 2026-11-21..2026-11-24"),
            ("we'll call you on Thursday", "decision 2026-11-21..2026-11-26"),
            ("next Tuesday", "decision 2026-11-21..2026-11-24"),
        ],
    );
    check(
        MON,
        &[
            ("by end of the week", "decision 2026-11-17..2026-11-20"),
            ("by the end of this week", "decision 2026-11-17..2026-11-20"),
            ("this week", "decision 2026-11-17..2026-11-20"),
            ("by Friday", "decision 2026-11-17..2026-11-20"),
            // "next Tuesday" is the Tuesday of the next ISO week, not tomorrow.
            ("next Tuesday", "decision 2026-11-17..2026-11-24"),
            ("Tuesday", "decision 2026-11-17..2026-11-17"),
            ("next week", "decision 2026-11-23..2026-11-27"),
        ],
    );
    // On a weekend, "this week" is the coming ISO week.
    check("2026-11-21", &[("sometime this week", "decision 2026-11-22..2026-11-27")]);
    // Every weekday as the reference: "next week" is always the next ISO week.
    for (r, monday) in [
        ("2026-11-16", "2026-11-23"),
        ("2026-11-17", "2026-11-23"),
        ("2026-11-18", "2026-11-23"),
        ("2026-11-19", "2026-11-23"),
        ("2026-11-20", "2026-11-23"),
        ("2026-11-21", "2026-11-23"),
        ("2026-11-22", "2026-11-23"),
    ] {
        let got = us("next week", r);
        assert!(got.starts_with(&format!("decision {monday}..")), "{r}: {got}");
    }
}

#[test]
fn months_and_parts_of_months_roll_into_next_year() {
    check(
        FRI,
        &[
            ("in February", "decision 2027-02-01..2027-02-28"),
            ("by end of February", "decision 2027-02-01..2027-02-28"),
            ("Feb end", "decision 2027-02-01..2027-02-28"),
            ("early December", "decision 2026-12-01..2026-12-10"),
            ("by mid-December", "decision 2026-12-11..2026-12-20"),
            ("in the middle of January", "decision 2027-01-11..2027-01-20"),
            ("late January", "decision 2027-01-21..2027-01-31"),
            ("the first week of January", "decision 2027-01-01..2027-01-07"),
            ("in December", "decision 2026-12-01..2026-12-31"),
            // The current month: the window starts after the interview day.
            ("later in November", "decision 2026-11-21..2026-11-30"),
            ("end of the month", "decision 2026-11-21..2026-11-30"),
            ("they aim to finalise by the end of the month", "decision 2026-11-21..2026-11-30"),
            ("end of next month", "decision 2026-11-21..2026-12-31"),
            ("next month", "decision 2026-12-01..2026-12-31"),
            ("early next month", "decision 2026-12-01..2026-12-10"),
            ("end of the quarter", "decision 2026-11-21..2026-12-31"),
            ("by the end of Q1", "decision 2026-11-21..2027-03-31"),
            ("end of q2", "decision 2026-11-21..2027-06-30"),
        ],
    );
    // Leap years: February has 29 days in 2028, and months clamp to their end.
    check(
        "2028-01-31",
        &[
            ("in one month", "decision 2028-02-29..2028-02-29"),
            ("in February", "decision 2028-02-01..2028-02-29"),
        ],
    );
    check("2027-01-31", &[("in a month", "decision 2027-02-28..2027-02-28")]);
    check(
        "2026-12-28",
        &[
            ("next week", "decision 2027-01-04..2027-01-08"),
            ("in January", "decision 2027-01-01..2027-01-31"),
            ("end of the month", "decision 2026-12-29..2026-12-31"),
        ],
    );
}

#[test]
fn dates_in_common_written_forms() {
    check(
        FRI,
        &[
            ("December 4", "decision 2026-11-21..2026-12-04"),
            ("by Dec 4th", "decision 2026-11-21..2026-12-04"),
            ("4 Dec", "decision 2026-11-21..2026-12-04"),
            ("by the 4th of December", "decision 2026-11-21..2026-12-04"),
            ("by 12/4", "decision 2026-11-21..2026-12-04"),
            ("decision by 12/4/2026", "decision 2026-11-21..2026-12-04"),
            ("by 2026-12-04", "decision 2026-11-21..2026-12-04"),
            ("by the 4th", "decision 2026-11-21..2026-12-04"),
            ("we aim to finalise by Jan. 15", "decision 2026-11-21..2027-01-15"),
            ("we'll get back to you by Friday, December 4", "decision 2026-11-21..2026-12-04"),
            ("on Thursday the 10th", "decision 2026-11-21..2026-12-10"),
            ("January 15th, 2027", "decision 2026-11-21..2027-01-15"),
            // A date earlier in the year than R is next year's.
            ("by March 3", "decision 2026-11-21..2027-03-03"),
            ("12/40", "none"),
        ],
    );
    assert_eq!(read_in("by 4/12", FRI, Region::US, DateOrder::DayMonth), "decision 2026-11-21..2026-12-04");
}

#[test]
fn holidays_named_and_the_season() {
    check(
        FRI,
        &[
            ("after the holidays", "decision 2027-01-04..2027-01-04"),
            ("we'll pick this up after the holidays", "decision 2027-01-04..2027-01-04"),
            ("after New Year's", "decision 2027-01-04..2027-01-04"),
            ("after new year", "decision 2027-01-04..2027-01-04"),
            ("after Thanksgiving", "decision 2026-11-21..2026-11-27"),
            ("before Christmas", "decision 2026-11-21..2026-12-24"),
            ("We'll decide after Christmas", "decision 2026-11-21..2026-12-28"),
            ("before the holidays", "decision 2026-11-21..2026-12-24"),
            ("by Christmas", "decision 2026-11-21..2026-12-24"),
            ("by December", "decision 2026-11-21..2026-11-30"),
        ],
    );
    // Said in the first days of January.
    check("2027-01-02", &[("after New Year", "decision 2027-01-04..2027-01-04")]);
    // Out of season, "the holidays" cannot be dated.
    check("2026-07-08", &[("after the holidays", "none")]);
    // Labor Day 2027 is Mon 6 Sep; the first business day after is Tue 7 Sep.
    check("2027-08-20", &[("after Labor Day", "decision 2027-08-21..2027-09-07")]);
}

#[test]
fn regions_change_business_days() {
    // Thu 24 Dec 2026. US: Fri 25 holiday → Mon 28, Tue 29.
    // UK: Fri 25 and Mon 28 (Boxing Day substitute) → Tue 29, Wed 30.
    let r = "2026-12-24";
    assert_eq!(
        read_in("within 2 business days", r, Region::US, DateOrder::MonthDay),
        "decision 2026-12-25..2026-12-29"
    );
    assert_eq!(
        read_in("within 2 business days", r, Region::UK, DateOrder::MonthDay),
        "decision 2026-12-25..2026-12-30"
    );
    assert_eq!(
        read_in("within 2 business days", r, Region::None, DateOrder::MonthDay),
        "decision 2026-12-25..2026-12-28"
    );
    // Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar in the UK.
    assert_eq!(
        read_in("in 2 business days", "2027-03-25", Region::UK, DateOrder::MonthDay),
        "decision 2027-03-31..2027-03-31"
    );
    assert_eq!(
        read_in("in 2 business days", "2027-03-25", Region::US, DateOrder::MonthDay),
        "decision 2027-03-29..2027-03-29"
    );
    // The UK has a bank holiday on Mon 31 May 2027.
    assert_eq!(
        read_in("after the bank holiday", "2027-05-20", Region::UK, DateOrder::MonthDay),
        "decision 2027-05-21..2027-06-01"
    );
}

#[test]
fn contact_instructions_with_their_channel() {
    check(
        FRI,
        &[
            ("give me a ring on Monday", "contact call 2026-11-23"),
            ("Gavin said: give me a call on Monday", "contact call 2026-11-23"),
            // Thursday 26 Nov is Thanksgiving: rolled forward to Friday.
            ("call me Thursday", "contact call 2026-11-27"),
            ("follow up after 3 days", "contact any 2026-11-23"),
            ("check back next week", "contact any 2026-11-23"),
            ("feel free to email me on Tuesday", "contact email 2026-11-24"),
            // The 5th is Sat 5 Dec: rolled forward to Mon 7 Dec.
            ("email me on the 5th", "contact email 2026-12-07"),
            ("please follow up by email in about a week", "contact email 2026-11-27"),
            ("she asked me to touch base early next week", "contact any 2026-11-23"),
            ("you can reach out after the holidays", "contact any 2027-01-04"),
            ("drop me a line next Wednesday", "contact email 2026-11-25"),
            ("I should follow up on Monday", "contact any 2026-11-23"),
            ("Sam told me to phone him on Dec 1", "contact call 2026-12-01"),
            // The employer acts: decisions, not instructions.
            ("we'll be in touch next week", "decision 2026-11-23..2026-11-27"),
            ("they will call me on Monday", "decision 2026-11-21..2026-11-23"),
            (
                "Sam (the agency recruiter) will call me after they decide, probably end of next week",
                "decision 2026-11-23..2026-11-27",
            ),
            ("we'll get back to you by Dec 4", "decision 2026-11-21..2026-12-04"),
            ("I'll email you on Tuesday", "decision 2026-11-21..2026-11-24"),
            // An instruction with no day is not datable on its own.
            ("feel free to email me", "none"),
            (
                "feel free to email me with questions; we decide within 10 days",
                "decision 2026-11-21..2026-11-30",
            ),
        ],
    );
    // "If you haven't heard by Friday, call me": the call is after Friday.
    check(
        MON,
        &[("If you haven't heard from us by Friday, feel free to give me a call", "contact call 2026-11-23")],
    );
}

#[test]
fn nothing_datable_is_none_never_a_guess() {
    check(
        FRI,
        &[
            ("", "none"),
            ("we'll be in touch", "none"),
            ("soon", "none"),
            ("TBD", "none"),
            ("shortly, hopefully", "none"),
            ("They will let you know.", "none"),
            ("The contract is 12 months", "none"),
            ("I interviewed last Monday", "none"),
            ("there were three rounds and two interviewers", "none"),
            ("we may have more questions", "none"),
            ("🎉🎉 great chat!", "none"),
            ("24/7 on-call rotation", "none"),
        ],
    );
}

/// Regression (fuzzing): "the 8th" said in the last days of the calendar
/// looked for the next 8th forever, the month saturating at 9999-12-31.
#[test]
fn a_day_of_month_past_the_last_date_is_none() {
    check("9999-12-30", &[("by the 8th", "none"), ("on the 31st", "decision 9999-12-31..9999-12-31")]);
}

/// Regression (fuzzing): "before the holidays" said after the last
/// business day before Christmas gave a window that ended before it began,
/// and before the interview.
#[test]
fn before_the_holidays_said_after_christmas_eve_is_none() {
    check("2026-12-28", &[("we will decide before the holidays", "none"), ("by the holidays", "none")]);
    check("2026-12-24", &[("we will decide before the holidays", "decision 2026-12-24..2026-12-24")]);
    check("2026-12-23", &[("we will decide before the holidays", "decision 2026-12-24..2026-12-24")]);
}

#[test]
fn the_span_shows_what_was_read() {
    let cal = Calendar::new(Region::US);
    let text = "Maria said we should decide in two to three weeks, hopefully.";
    let reading =
        read(text, FRI.parse().unwrap(), Context { calendar: &cal, date_order: DateOrder::MonthDay });
    assert_eq!(&text[reading.span.clone().unwrap()], "in two to three weeks");
    let text = "Gavin said: give me a call on Thursday";
    let reading =
        read(text, MON.parse().unwrap(), Context { calendar: &cal, date_order: DateOrder::MonthDay });
    assert_eq!(&text[reading.span.clone().unwrap()], "on Thursday");
    assert_eq!(&text[reading.instruction.clone().unwrap()], "give me a call");
}

#[test]
fn json_is_the_rulebook_contract() {
    let cal = Calendar::new(Region::US);
    let ctx = Context { calendar: &cal, date_order: DateOrder::MonthDay };
    let r = FRI.parse().unwrap();
    let json = |s: &str| serde_json::to_string(&read(s, r, ctx)).unwrap();
    assert_eq!(
        json("in 2-3 weeks"),
        r#"{"kind":"decision","earliest":"2026-12-04","latest":"2026-12-11","date":null,"channel":null}"#
    );
    assert_eq!(
        json("call me Monday"),
        r#"{"kind":"contact","earliest":"2026-11-23","latest":"2026-11-23","date":"2026-11-23","channel":"call"}"#
    );
    assert_eq!(json("soon"), r#"{"kind":"none","earliest":null,"latest":null,"date":null,"channel":null}"#);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn day() -> impl Strategy<Value = Date> {
        (2000i16..2090, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| jiff::civil::date(y, m, d))
    }

    fn region() -> impl Strategy<Value = Region> {
        prop_oneof![Just(Region::US), Just(Region::UK), Just(Region::None)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_text_reads_without_panicking(text in ".{0,200}", r in day()) {
            let cal = Calendar::new(Region::US);
            let reading = read(&text, r, Context { calendar: &cal, date_order: DateOrder::MonthDay });
            if let (Some(a), Some(b)) = (reading.earliest, reading.latest) {
                prop_assert!(a <= b);
            }
            if let Some(span) = reading.span {
                prop_assert!(text.get(span).is_some(), "the span falls on character boundaries");
            }
        }

        #[test]
        fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..300), r in day()) {
            let text = String::from_utf8_lossy(&bytes);
            let cal = Calendar::new(Region::UK);
            let _ = read(&text, r, Context { calendar: &cal, date_order: DateOrder::DayMonth });
        }

        #[test]
        fn windows_never_start_before_the_interview(
            phrase in prop::sample::select(vec![
                "in 2-3 weeks", "next week", "by Friday", "end of the month", "in February", "the 4th",
                "after the holidays", "within 5 business days", "early December", "end of the quarter",
                "after Thanksgiving", "call me Thursday", "follow up after 3 days", "next Tuesday",
            ]),
            r in day(),
            region in region(),
        ) {
            let cal = Calendar::new(region);
            let reading = read(phrase, r, Context { calendar: &cal, date_order: DateOrder::MonthDay });
            // A window starts after the interview day, unless it ends on it
            // ("end of the month" said on the month's last day).
            if let (Some(a), Some(b)) = (reading.earliest, reading.latest) {
                prop_assert!(a > r || (a == r && b == r), "{phrase} on {r}: {a}..{b}");
            }
            if reading.kind == ReadingKind::Contact {
                prop_assert!(cal.is_business_day(reading.date.unwrap()), "{phrase} on {r}: contact day is rolled forward");
            }
        }
    }
}

/// bench/phrases.tsv holds the benchmark's phrases with their answers
/// worked out by hand (half of them written after the reader, as a held-out
/// check); the reader must get every one right.
#[test]
fn the_benchmark_phrase_list_reads_right() {
    let mut failures = Vec::new();
    for line in include_str!("../../../../bench/phrases.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [phrase, r, region, expected] = cols[..] else { panic!("bad line {line:?}") };
        let region: Region = region.parse().unwrap();
        let got = read_in(phrase, r, region, DateOrder::MonthDay);
        let want: Vec<&str> = expected.split(' ').collect();
        let want = match want[0] {
            "none" => "none".to_owned(),
            "decision" => format!("decision {}..{}", want[1], want[2]),
            _ => format!("contact {} {}", want[4], want[3]),
        };
        if got != want {
            failures.push(format!("  {phrase:?} on {r}: expected {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} misread:\n{}", failures.len(), failures.join("\n"));
}
