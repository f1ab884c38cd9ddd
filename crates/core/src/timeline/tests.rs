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
            // Up to five days count business days (RULEBOOK §2): Mon 23,
            // Tue 24, Wed 25.
            ("in 3 days", "decision 2026-11-25..2026-11-25"),
            ("after three days", "decision 2026-11-25..2026-11-25"),
            ("in about 10 days", "decision 2026-11-30..2026-11-30"),
            (
                "the recruiter reckons they will wrap things up in ten days or so",
                "decision 2026-11-30..2026-11-30",
            ),
            ("in two weeks", "decision 2026-12-04..2026-12-04"),
            ("we'll decide in two weeks' time", "decision 2026-12-04..2026-12-04"),
            ("in a couple of weeks", "decision 2026-12-04..2026-12-04"),
            ("in a few days", "decision 2026-11-25..2026-11-25"),
            ("in a fortnight", "decision 2026-12-04..2026-12-04"),
            ("in a month", "decision 2026-12-20..2026-12-20"),
            ("give it a month or so", "decision 2026-12-20..2026-12-20"),
            ("about 3 weeks from now", "decision 2026-12-11..2026-12-11"),
            ("within a week", "decision 2026-11-21..2026-11-27"),
            ("within 10 days", "decision 2026-11-21..2026-11-30"),
            ("within the next two weeks", "decision 2026-11-21..2026-12-04"),
            ("over the next few days", "decision 2026-11-21..2026-11-25"),
            ("within a month", "decision 2026-11-21..2026-12-20"),
        ],
    );
}

/// Regression (issue 9 leftover): "two weeks from Monday" was read as
/// "Monday", "a week from tomorrow" as "tomorrow": an offset counted from a
/// named day counts from that day.
#[test]
fn offsets_counted_from_a_named_day() {
    check(
        FRI,
        &[
            // Fri 20 Nov: Monday is the 23rd, Friday the 27th.
            ("two weeks from Monday", "decision 2026-12-07..2026-12-07"),
            ("we'll know a week from Friday", "decision 2026-12-04..2026-12-04"),
            ("a week from tomorrow", "decision 2026-11-28..2026-11-28"),
            ("a week after next Tuesday", "decision 2026-12-01..2026-12-01"),
            ("ten days from December 4", "decision 2026-12-14..2026-12-14"),
            ("within two weeks from Monday", "decision 2026-11-21..2026-12-07"),
            // The tails that count from R are unchanged.
            ("two weeks from today", "decision 2026-12-04..2026-12-04"),
            ("two weeks after the interview", "decision 2026-12-04..2026-12-04"),
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
            ("in 2 or 3 days", "decision 2026-11-24..2026-11-25"),
            ("they need a week or two", "decision 2026-11-27..2026-12-04"),
            // A bare duration standing alone is the answer (issue 10).
            ("one or two weeks", "decision 2026-11-27..2026-12-04"),
            ("in one or two weeks", "decision 2026-11-27..2026-12-04"),
            ("it will take between 2 and 3 weeks", "decision 2026-12-04..2026-12-11"),
            // Business days: Wed 25, (Thanksgiving) Fri 27.
            ("in 3-4 days", "decision 2026-11-25..2026-11-27"),
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
            ("the recruiter said 3 work days", "decision 2026-11-25..2026-11-25"),
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
            // Regression (issue 9, item 19): the year's end read as no date.
            ("by the end of the year", "decision 2026-11-21..2026-12-31"),
            ("we hope to decide before the end of this year", "decision 2026-11-21..2026-12-31"),
            ("by year-end", "decision 2026-11-21..2026-12-31"),
            ("year end", "decision 2026-11-21..2026-12-31"),
            ("by EOY", "decision 2026-11-21..2026-12-31"),
            ("by the end of the calendar year", "decision 2026-11-21..2026-12-31"),
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
            ("follow up after 3 days", "contact any 2026-11-25"),
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

// Issue 10: the ten ways the reader misread real employer sentences. Calendar
// notes: Wed 18, Thu 19, Fri 20 Nov 2026; Thanksgiving Thu 26 Nov; Christmas
// Fri 25 Dec; New Year's Day Fri 1 Jan 2027, so the first business day after
// it is Mon 4 Jan; Easter Sunday 28 Mar 2027.
const THU: &str = "2026-11-19";
const WED: &str = "2026-11-18";
const DEC10: &str = "2026-12-10";

#[test]
fn short_day_counts_are_business_days() {
    // Said on a Thursday: Fri 20, Mon 23, Tue 24, not the weekend.
    check(
        THU,
        &[
            ("they'll let me know in a day or two", "decision 2026-11-20..2026-11-23"),
            ("in a couple of days", "decision 2026-11-23..2026-11-23"),
            ("over the next few days", "decision 2026-11-20..2026-11-24"),
            ("within the next day or two", "decision 2026-11-20..2026-11-23"),
            ("within 5 days", "decision 2026-11-20..2026-11-27"),
            // Longer counts stay calendar days, and so do calendar days.
            ("within 10 days", "decision 2026-11-20..2026-11-29"),
            ("in 3 calendar days", "decision 2026-11-22..2026-11-22"),
        ],
    );
    check(WED, &[("two to three days after the interview", "decision 2026-11-20..2026-11-23")]);
}

#[test]
fn hours_count_whole_business_days() {
    check(
        THU,
        &[
            ("within 24 hours", "decision 2026-11-20..2026-11-20"),
            ("within 48 hours", "decision 2026-11-20..2026-11-23"),
            ("in the next 72 hours", "decision 2026-11-20..2026-11-24"),
            ("in 24-48 hours", "decision 2026-11-20..2026-11-23"),
            ("in a few hours", "decision 2026-11-20..2026-11-20"),
        ],
    );
}

#[test]
fn another_more_and_further_counts_read_as_the_count() {
    check(
        FRI,
        &[
            ("another week", "decision 2026-11-27..2026-11-27"),
            ("two more weeks", "decision 2026-12-04..2026-12-04"),
            ("they need an additional ten days", "decision 2026-11-30..2026-11-30"),
            ("a further fortnight", "decision 2026-12-04..2026-12-04"),
            ("it may take another couple of weeks or so", "decision 2026-12-04..2026-12-04"),
            ("it'll be a further two weeks before we know", "decision 2026-12-04..2026-12-04"),
        ],
    );
}

#[test]
fn negated_limits_open_the_window() {
    check(
        FRI,
        &[
            ("we won't have an answer before the 15th", "decision 2026-12-15..2026-12-15"),
            ("nothing will move until February", "decision 2027-02-01..2027-02-28"),
            ("not before December 9", "decision 2026-12-09..2026-12-09"),
            ("they won't decide until Monday", "decision 2026-11-23..2026-11-23"),
            ("not until after Thanksgiving", "decision 2026-11-27..2026-11-27"),
            ("we don't expect to hear until mid-January", "decision 2027-01-11..2027-01-20"),
            // The limit without a negation still closes the window.
            ("we should hear before the 15th", "decision 2026-11-21..2026-12-14"),
            // A negation in another clause does not reach the limit.
            ("we don't have a date yet, but hopefully before Christmas", "decision 2026-11-21..2026-12-24"),
        ],
    );
    check(
        DEC10,
        &[
            ("don't expect to hear before the new year", "decision 2027-01-04..2027-01-04"),
            ("not until after Christmas", "decision 2026-12-26..2026-12-26"),
            ("not until after the first of the year", "decision 2027-01-04..2027-01-04"),
            // Un-negated, the new year is New Year's Day: the last business
            // day before it is Thu 31 Dec.
            ("hopefully before the new year", "decision 2026-12-11..2026-12-31"),
        ],
    );
    // "Don't expect to hear before the new year" said in December is the
    // season's reading: the planner's T7 and T8 apply.
    let cal = Calendar::new(Region::US);
    let reading = read(
        "don't expect to hear before the new year",
        DEC10.parse().unwrap(),
        Context { calendar: &cal, date_order: DateOrder::MonthDay },
    );
    assert!(reading.after_holidays);
}

#[test]
fn same_day_phrases_are_the_interview_day() {
    check(
        FRI,
        &[
            ("we'll ring you later today", "decision 2026-11-20..2026-11-20"),
            ("by end of day", "decision 2026-11-20..2026-11-20"),
            ("by the end of the day", "decision 2026-11-20..2026-11-20"),
            ("this evening", "decision 2026-11-20..2026-11-20"),
            ("this afternoon", "decision 2026-11-20..2026-11-20"),
            ("by close of business today", "decision 2026-11-20..2026-11-20"),
        ],
    );
}

#[test]
fn who_acts_decides_between_decision_and_contact() {
    check(
        FRI,
        &[
            ("we'll phone the people we want to move forward on Tuesday", "decision 2026-11-21..2026-11-24"),
            ("phone me Tuesday", "contact call 2026-11-24"),
            ("she'll be calling all the successful applicants on Monday", "decision 2026-11-21..2026-11-23"),
            ("you can expect a call from me on Monday", "decision 2026-11-21..2026-11-23"),
            ("you'll get an email from us by Monday", "decision 2026-11-21..2026-11-23"),
            ("ring us on Monday for an update", "contact call 2026-11-23"),
        ],
    );
}

#[test]
fn close_of_business_with_a_day_is_that_day() {
    check(
        FRI,
        &[
            ("by COB Wednesday", "decision 2026-11-21..2026-11-25"),
            ("by end of day Thursday", "decision 2026-11-21..2026-11-26"),
            ("close of play Friday", "decision 2026-11-21..2026-11-27"),
            ("EOD Monday", "decision 2026-11-21..2026-11-23"),
            ("by Monday EOD", "decision 2026-11-21..2026-11-23"),
            ("by end of day tomorrow", "decision 2026-11-21..2026-11-21"),
        ],
    );
}

#[test]
fn bare_durations_are_the_answer() {
    check(
        FRI,
        &[
            ("HR said three weeks", "decision 2026-12-11..2026-12-11"),
            ("2-3 weeks, they told me", "decision 2026-12-04..2026-12-11"),
            ("a fortnight, probably", "decision 2026-12-04..2026-12-04"),
            ("two weeks max", "decision 2026-12-04..2026-12-04"),
            ("I was told one or two weeks", "decision 2026-11-27..2026-12-04"),
            // Durations that are not about the decision stay unread.
            ("the contract is 12 months", "none"),
            ("I waited two weeks for this interview", "none"),
            ("two weeks ago they called me", "none"),
        ],
    );
}

#[test]
fn spans_inside_a_month() {
    check(
        FRI,
        &[
            ("the first week or two of March", "decision 2027-03-01..2027-03-14"),
            ("the first week or two of January", "decision 2027-01-01..2027-01-14"),
            ("the second half of January", "decision 2027-01-16..2027-01-31"),
            ("the first half of December", "decision 2026-12-01..2026-12-15"),
            // The 7th after Fri 20 Nov is Mon 7 Dec: its working week.
            ("the week of the 7th", "decision 2026-12-07..2026-12-11"),
            ("the week of December 16", "decision 2026-12-14..2026-12-18"),
        ],
    );
}

#[test]
fn spans_around_a_holiday() {
    check(
        FRI,
        &[
            ("shortly after Thanksgiving", "decision 2026-11-21..2026-11-27"),
            ("the week after Thanksgiving", "decision 2026-11-30..2026-12-04"),
            ("before the end of the year", "decision 2026-11-21..2026-12-31"),
            ("in the new year", "decision 2027-01-04..2027-01-04"),
            // "The week after" with no day named is still next week.
            ("the week after", "decision 2026-11-23..2026-11-27"),
            ("the week after next", "decision 2026-11-30..2026-12-04"),
        ],
    );
    check("2027-03-10", &[("the week after Easter", "decision 2027-03-29..2027-04-02")]);
}

#[test]
fn two_weekdays_close_on_the_later() {
    check(MON, &[("a decision on Wednesday or Thursday", "decision 2026-11-17..2026-11-19")]);
    check(MON, &[("they'll decide between Tuesday and Thursday", "decision 2026-11-17..2026-11-19")]);
    check(MON, &[("call me Wednesday or Thursday", "contact call 2026-11-18")]);
}

// Issue 10, the second held-out batch: what its first run got wrong.
#[test]
fn hyphenated_ranges_in_words() {
    check(FRI, &[("probably one-to-two weeks", "decision 2026-11-27..2026-12-04")]);
    check(FRI, &[("in two-or-three weeks", "decision 2026-12-04..2026-12-11")]);
}

#[test]
fn if_they_have_not_called_the_instruction_waits_for_the_deadline() {
    check(
        "2026-11-17",
        &[("if he hasn't called by Friday, give him a call on Monday", "contact call 2026-11-23")],
    );
}

#[test]
fn an_instruction_may_name_whom_to_contact() {
    check(
        FRI,
        &[
            ("drop Priya a line on Monday", "contact email 2026-11-23"),
            ("give Sam a call on Monday", "contact call 2026-11-23"),
            // The employer's own promise stays theirs.
            ("I'll give you a call on Monday", "decision 2026-11-21..2026-11-23"),
        ],
    );
}

#[test]
fn within_the_week_is_this_week() {
    check(MON, &[("should be within the week", "decision 2026-11-17..2026-11-20")]);
}

#[test]
fn a_conclusion_outranks_what_led_to_it() {
    check(
        DEC10,
        &[(
            "We're closed between Christmas and New Year, so early January",
            "decision 2027-01-01..2027-01-10",
        )],
    );
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

/// bench/phrases-heldout.tsv is the held-out half of issue 10's real-text
/// corpus: no test tunes against it. This only counts it, for the report
/// (`cargo test -p afterview-core heldout_report -- --ignored --nocapture`).
#[test]
#[ignore = "a report, not a gate: the held-out phrases must stay unseen by the tests"]
fn heldout_report() {
    let (mut right, mut total) = (0, 0);
    for line in include_str!("../../../../bench/phrases-heldout.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [phrase, r, region, expected] = cols[..] else { panic!("bad line {line:?}") };
        let got = read_in(phrase, r, region.parse().unwrap(), DateOrder::MonthDay);
        let want: Vec<&str> = expected.split(' ').collect();
        let want = match want[0] {
            "none" => "none".to_owned(),
            "decision" => format!("decision {}..{}", want[1], want[2]),
            _ => format!("contact {} {}", want[4], want[3]),
        };
        total += 1;
        if got == want {
            right += 1;
        } else {
            println!("  {phrase:?} on {r}: expected {want}, got {got}");
        }
    }
    println!("held-out: {right}/{total} read right");
}
