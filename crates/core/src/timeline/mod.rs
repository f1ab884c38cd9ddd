//! Reading what an employer said about next steps (RULEBOOK §2): "we should
//! decide in two to three weeks", "give me a ring on Monday", "after the
//! holidays". The reader finds the time expression in a whole sentence,
//! works out its days from the interview day `R` on the region's business
//! calendar, and says whether it is a `decision` window, an instruction to
//! `contact` them (with a channel), or `none` when nothing can be dated —
//! never a guess. It also returns the byte span it read, for highlighting.

mod contact;
mod lex;
mod parse;

use std::ops::Range;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::calendar::{Calendar, monday_of, next_weekday_after};
use crate::kinds::DateOrder;
use lex::Unit;
use parse::{Expr, Found, Named, Part, Rel, WeekOf};

/// The kind of a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadingKind {
    Decision,
    Contact,
    None,
}

/// How the employer asked to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactChannel {
    Call,
    Email,
    Any,
}

/// What a timeline phrase means. Serialises to exactly the `when --json`
/// contract of RULEBOOK §7; the spans and flags are for the planner and the
/// interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub kind: ReadingKind,
    pub earliest: Option<Date>,
    pub latest: Option<Date>,
    pub date: Option<Date>,
    pub channel: Option<ContactChannel>,
    /// The bytes of the time expression that was read.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// The bytes of the contact instruction, for a `contact` reading.
    #[serde(skip)]
    pub instruction: Option<Range<usize>>,
    /// The phrase was "after the holidays" (or the new year) said in the
    /// season: RULEBOOK T7 and T8 apply.
    #[serde(skip)]
    pub after_holidays: bool,
    /// For a contact: the part of the day they named ("call me Tuesday
    /// afternoon"), which narrows the hours to call (C4).
    #[serde(skip)]
    pub part_of_day: Option<PartOfDay>,
}

/// A part of the day an instruction names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
}

impl PartOfDay {
    /// The part a word names: "morning", "afternoon", "evening", "tonight".
    fn of(word: &str) -> Option<Self> {
        Some(match word {
            "morning" | "mornings" => Self::Morning,
            "afternoon" | "afternoons" | "lunchtime" => Self::Afternoon,
            "evening" | "evenings" | "tonight" => Self::Evening,
            _ => return None,
        })
    }

    /// Its hours, start and end, as the day's clock reads them.
    pub fn hours(self) -> (jiff::civil::Time, jiff::civil::Time) {
        use jiff::civil::time;
        match self {
            Self::Morning => (time(0, 0, 0, 0), time(12, 0, 0, 0)),
            Self::Afternoon => (time(12, 0, 0, 0), time(18, 0, 0, 0)),
            Self::Evening => (time(17, 0, 0, 0), time(21, 0, 0, 0)),
        }
    }

    /// A polite hour or two within it, when none of the settings' call
    /// windows falls in it.
    pub fn suggested(self) -> (jiff::civil::Time, jiff::civil::Time) {
        use jiff::civil::time;
        match self {
            Self::Morning => (time(9, 0, 0, 0), time(11, 30, 0, 0)),
            Self::Afternoon => (time(14, 0, 0, 0), time(16, 30, 0, 0)),
            Self::Evening => (time(17, 30, 0, 0), time(19, 0, 0, 0)),
        }
    }
}

impl Reading {
    pub const NONE: Reading = Reading {
        kind: ReadingKind::None,
        earliest: None,
        latest: None,
        date: None,
        channel: None,
        span: None,
        instruction: None,
        after_holidays: false,
        part_of_day: None,
    };
}

/// Options for reading: the calendar and how to read 12/4.
#[derive(Debug, Clone, Copy)]
pub struct Context<'c> {
    pub calendar: &'c Calendar,
    pub date_order: DateOrder,
}

/// Days an expression stands for: the decision window and the expression's
/// own first day (where a contact instruction points).
#[derive(Debug, Clone, Copy)]
struct Window {
    earliest: Date,
    latest: Date,
    first: Date,
    after_holidays: bool,
}

/// Words that make a sentence about the employer's decision.
const DECISION_CUES: &[&str] = &[
    "decide",
    "decision",
    "decisions",
    "hear",
    "back",
    "know",
    "update",
    "touch",
    "feedback",
    "answer",
    "news",
    "result",
    "results",
    "offer",
    "step",
    "steps",
    "finalise",
    "finalize",
    "wrap",
    "conclude",
    "respond",
    "reply",
    "contact",
    "call",
    "email",
    "choose",
    "pick",
    "shortlist",
    "interviews",
    "interviewing",
    "timeline",
    "expect",
];

/// Words after which a sentence gives its conclusion.
const CONCLUSIONS: &[&str] = &["so", "then", "therefore", "hence", "meaning"];

/// Reads `text`, said on the interview day `r`.
pub fn read(text: &str, r: Date, ctx: Context<'_>) -> Reading {
    let lower = text.to_ascii_lowercase();
    let toks = lex::tokenize(&lower);
    if toks.is_empty() {
        return Reading::NONE;
    }
    let found = parse::find_all(&toks);
    let instructions = contact::instructions(&toks);

    // Prefer an expression that goes with an instruction, then one in a
    // sentence about the decision, then the first; and only those we can date.
    let mut best: Option<(u8, Found, Window)> = None;
    for f in found {
        let Some(window) = evaluate(&f, r, ctx) else { continue };
        let sentence = toks[f.start].sentence;
        let instructed = instructions.iter().any(|i| i.sentence == sentence);
        let cued = toks.iter().any(|t| t.sentence == sentence && DECISION_CUES.contains(&t.text));
        // "We're closed between Christmas and New Year, so early January":
        // what follows "so" or "then" is the conclusion, and outranks what
        // came before it in the sentence.
        let concluded = toks[..f.start]
            .iter()
            .any(|t| t.sentence == sentence && CONCLUSIONS.contains(&t.text) && t.kind == lex::Kind::Word);
        let score = if instructed { 4 } else { 2 * u8::from(cued) } + u8::from(concluded);
        if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, f, window));
        }
    }
    let Some((_, f, w)) = best else { return Reading::NONE };
    let span = toks[f.start].start..toks[f.end - 1].end;
    let sentence = toks[f.start].sentence;
    if let Some(ins) = instructions.iter().find(|i| i.sentence == sentence) {
        let cal = ctx.calendar;
        let deadline = ins.unless_heard.is_some_and(|heard| f.start > heard);
        let date = if deadline { cal.next_business_day(w.latest) } else { cal.roll_forward(w.first) };
        return Reading {
            kind: ReadingKind::Contact,
            earliest: Some(date),
            latest: Some(date),
            date: Some(date),
            channel: Some(ins.channel),
            span: Some(span),
            instruction: Some(toks[ins.start].start..toks[ins.end - 1].end),
            after_holidays: w.after_holidays,
            // "Call me Tuesday afternoon", "ring me tomorrow morning".
            part_of_day: toks.iter().filter(|t| t.sentence == sentence).find_map(|t| PartOfDay::of(t.text)),
        };
    }
    Reading {
        kind: ReadingKind::Decision,
        earliest: Some(w.earliest),
        latest: Some(w.latest),
        date: None,
        channel: None,
        span: Some(span),
        instruction: None,
        after_holidays: w.after_holidays,
        part_of_day: None,
    }
}

/// Hours as business days: "within 48 hours" is two of them, "in 3 hours"
/// one (RULEBOOK §2).
fn hours_as_days(hours: u32) -> u32 {
    hours.div_ceil(24).max(1)
}

fn add(d: Date, n: u32, unit: Unit, cal: &Calendar) -> Date {
    match unit {
        Unit::Hour => return cal.add_business_days(d, hours_as_days(n)),
        Unit::BusinessDay => return cal.add_business_days(d, n),
        _ => {}
    }
    let n = n as i32;
    match unit {
        Unit::Day | Unit::CalendarDay => d.saturating_add(n.days()),
        Unit::Week => d.saturating_add((7 * n).days()),
        // jiff clamps to the month's end: Jan 31 + 1 month = Feb 28.
        Unit::Month => d.saturating_add(n.months()),
        Unit::BusinessDay | Unit::Hour => d,
    }
}

fn month_window(year: i16, month: i8, part: Part) -> Option<(Date, Date)> {
    let first = Date::new(year, month, 1).ok()?;
    let last = first.last_of_month();
    let day = |d: i8| Date::new(year, month, d).ok();
    Some(match part {
        Part::Whole | Part::End => (first, last),
        Part::Early => (first, day(10)?),
        Part::Mid => (day(11)?, day(20)?),
        Part::Late => (day(21)?, last),
        Part::Week(99) => (last.saturating_sub(6.days()), last),
        Part::Week(n @ 1..=4) => {
            let start = first.saturating_add((7 * (n as i32 - 1)).days());
            (start, start.saturating_add(6.days()).min(last))
        }
        Part::Week(_) => return None,
        Part::Weeks(a @ 1..=4, b @ 2..=5) => {
            let start = first.saturating_add((7 * (a as i32 - 1)).days());
            (start, first.saturating_add((7 * b as i32 - 1).days()).min(last))
        }
        Part::Weeks(..) => return None,
        Part::Half(1) => (first, day(15)?),
        Part::Half(_) => (day(16)?, last),
    })
}

/// The next date of `(month, day)` on or after `r`, or in `year` if given.
fn next_date(r: Date, month: i8, day: i8, year: Option<i16>) -> Option<Date> {
    match year {
        Some(y) => Date::new(y, month, day).ok(),
        None => {
            let this = Date::new(r.year(), month, day).ok();
            match this {
                Some(d) if d >= r => Some(d),
                _ => (1..=8).find_map(|n| Date::new(r.year() + n, month, day).ok()),
            }
        }
    }
}

fn named_date(named: Named, year: i16) -> Option<Date> {
    let nth =
        |month: i8, n: i8, wd: Weekday| Date::new(year, month, 1).ok()?.nth_weekday_of_month(n, wd).ok();
    let fixed = |month: i8, day: i8| Date::new(year, month, day).ok();
    let easter = || {
        let e = holidays_rs::Date::easter(i32::from(year))?;
        Date::new(e.year as i16, e.month as i8, e.day as i8).ok()
    };
    match named {
        Named::NewYear => fixed(1, 1),
        Named::MlkDay => nth(1, 3, Weekday::Monday),
        Named::PresidentsDay => nth(2, 3, Weekday::Monday),
        Named::GoodFriday => easter().map(|e| e.saturating_sub(2.days())),
        Named::Easter => easter(),
        Named::EasterMonday => easter().map(|e| e.saturating_add(1.days())),
        Named::MemorialDay => nth(5, -1, Weekday::Monday),
        Named::Juneteenth => fixed(6, 19),
        Named::IndependenceDay => fixed(7, 4),
        Named::LaborDay => nth(9, 1, Weekday::Monday),
        Named::ColumbusDay => nth(10, 2, Weekday::Monday),
        Named::Halloween => fixed(10, 31),
        Named::VeteransDay => fixed(11, 11),
        Named::Thanksgiving => nth(11, 4, Weekday::Thursday),
        Named::ChristmasEve => fixed(12, 24),
        Named::Christmas => fixed(12, 25),
        Named::BoxingDay => fixed(12, 26),
        Named::NewYearsEve => fixed(12, 31),
    }
}

/// A day relative to a point: after it, before it, or on it. For a holiday,
/// "by" means before it too: nobody decides on the day itself.
fn around(day: Date, rel: Rel, holiday: bool, cal: &Calendar) -> Date {
    match rel {
        Rel::After => cal.next_business_day(day),
        Rel::Before => cal.previous_business_day(day),
        Rel::By if holiday => cal.previous_business_day(day),
        Rel::By | Rel::None | Rel::Within => day,
    }
}

/// Whether "after the holidays" can be dated from `r`: said in November,
/// December or on the first two days of January.
fn in_holiday_season(r: Date) -> bool {
    r.month() >= 11 || (r.month() == 1 && r.day() <= 2)
}

/// What an expression means from `r`, with the two readings that wrap
/// another: the week around a day ("the week after Easter"), and a negated
/// limit, which opens the window at its day instead of closing it there
/// ("not until January": 1–31 January; "won't … before the 15th": the 15th).
fn evaluate(f: &Found, r: Date, ctx: Context<'_>) -> Option<Window> {
    let plain = || Found { rel: Rel::None, negated: false, week: None, ..*f };
    if let Some(week) = f.week {
        let day = evaluate_plain(&plain(), r, ctx)?.first;
        let monday = monday_of(day).saturating_add((if week == WeekOf::After { 7 } else { 0 }).days());
        let w = Window {
            earliest: monday,
            latest: monday.saturating_add(4.days()),
            first: monday,
            after_holidays: false,
        };
        return Some(settle(w, r, false));
    }
    if f.negated && matches!(f.rel, Rel::By | Rel::Before | Rel::After) {
        let x = evaluate_plain(&plain(), r, ctx)?;
        let new_year = matches!(f.expr, Expr::Holidays | Expr::Holiday(Named::NewYear));
        let w = if new_year {
            // The holidays, the new year, the first of the year: the first
            // business day after New Year's Day.
            let jan1 = Date::new(if r.month() == 1 { r.year() } else { r.year() + 1 }, 1, 1).ok()?;
            let day = ctx.calendar.next_business_day(jan1);
            Window { earliest: day, latest: day, first: day, after_holidays: in_holiday_season(r) }
        } else if f.rel == Rel::After {
            // "not until after X": the day after X.
            let day = x.latest.tomorrow().ok()?;
            Window { earliest: day, latest: day, first: day, after_holidays: false }
        } else {
            Window { earliest: x.first, latest: x.latest, first: x.first, after_holidays: x.after_holidays }
        };
        return Some(settle(w, r, false));
    }
    evaluate_plain(f, r, ctx)
}

fn evaluate_plain(f: &Found, r: Date, ctx: Context<'_>) -> Option<Window> {
    let cal = ctx.calendar;
    let tomorrow = r.tomorrow().ok()?;
    let point = |day: Date| Window { earliest: tomorrow, latest: day, first: day, after_holidays: false };
    let span = |a: Date, b: Date| Window { earliest: a, latest: b, first: a, after_holidays: false };
    let friday_of = |d: Date| monday_of(d).saturating_add(4.days());
    let next_monday = monday_of(r).saturating_add(7.days());

    let mut w = match f.expr {
        Expr::Offset { lo, hi, unit, from: Some(anchor) } => {
            // The anchor's day, then the same offset counted from it.
            let day = evaluate_plain(&Found { expr: anchor.expr(), rel: Rel::None, ..*f }, r, ctx)?.first;
            let counted = Found { expr: Expr::Offset { lo, hi, unit, from: None }, ..*f };
            let w = evaluate_plain(&counted, day, ctx)?;
            // "within two weeks from Monday" may come any day until then.
            let earliest = if f.rel == Rel::Within { tomorrow } else { w.earliest.max(tomorrow) };
            Window { earliest, ..w }
        }
        Expr::Offset { lo, hi, unit, from: None } => {
            // Up to five days are business days: employers mean working days.
            let unit = match unit {
                Unit::Day if hi <= 5 => Unit::BusinessDay,
                u => u,
            };
            match f.rel {
                _ if unit == Unit::Hour => Window {
                    earliest: tomorrow,
                    latest: add(r, hi, unit, cal),
                    first: tomorrow,
                    after_holidays: false,
                },
                Rel::Within => Window {
                    earliest: tomorrow,
                    latest: add(r, hi, unit, cal),
                    first: tomorrow,
                    after_holidays: false,
                },
                _ => span(add(r, lo, unit, cal), add(r, hi, unit, cal)),
            }
        }
        Expr::Today => Window { earliest: r, latest: r, first: r, after_holidays: false },
        Expr::Tomorrow => span(tomorrow, tomorrow),
        Expr::DayAfterTomorrow => {
            let d = r.saturating_add(2.days());
            span(d, d)
        }
        Expr::ThisWeek => {
            // On a weekend, "this week" is the coming ISO week.
            let weekend = matches!(r.weekday(), Weekday::Saturday | Weekday::Sunday);
            let friday = if weekend { friday_of(next_monday) } else { friday_of(r) };
            Window { earliest: tomorrow, latest: friday, first: tomorrow, after_holidays: false }
        }
        Expr::NextWeek(part) => {
            let d = |n: i32| next_monday.saturating_add(n.days());
            match part {
                Part::Early => span(d(0), d(1)),
                Part::Mid => span(d(2), d(2)),
                Part::Late => span(d(3), d(4)),
                _ => span(d(0), d(4)),
            }
        }
        Expr::WeekAfterNext => {
            span(next_monday.saturating_add(7.days()), next_monday.saturating_add(11.days()))
        }
        Expr::Weekday { day, next, or } => {
            let target = if next {
                next_monday.saturating_add((day.to_monday_zero_offset() as i32).days())
            } else {
                next_weekday_after(r, day)
            };
            let mut w = point(target);
            // "Wednesday or Thursday": the later of the two closes the window.
            if let Some(later) = or.filter(|later| *later != day) {
                w.latest = next_weekday_after(target, later);
            }
            w
        }
        Expr::Month { month, year, part } => {
            let y = year.unwrap_or(if month >= r.month() { r.year() } else { r.year() + 1 });
            let (mut a, mut b) = month_window(y, month, part)?;
            if year.is_none() && b < r {
                (a, b) = month_window(y + 1, month, part)?;
            }
            let w = span(a, b);
            match f.rel {
                Rel::Before | Rel::By if part == Part::Whole && b > r && a > r => {
                    point(cal.previous_business_day(a))
                }
                Rel::After if part == Part::Whole => point(cal.next_business_day(b)),
                _ => w,
            }
        }
        Expr::RelMonth { offset, part } => {
            let base = r.first_of_month().saturating_add((offset as i32).months());
            let (a, b) = month_window(base.year(), base.month(), part)?;
            match part {
                Part::End => point(b),
                _ => span(a, b),
            }
        }
        Expr::Date { month, day, year } => {
            let (m, d) = match ctx.date_order {
                DateOrder::MonthDay => (month, day),
                DateOrder::DayMonth => (day, month),
            };
            if !(1..=12).contains(&m) {
                return None;
            }
            let date = next_date(r, m, d, year)?;
            point(around(date, f.rel, false, cal))
        }
        Expr::DayOfMonth(day) => {
            let mut month = r.first_of_month();
            let date = loop {
                if let Ok(d) = Date::new(month.year(), month.month(), day)
                    && d >= r
                {
                    break d;
                }
                // Past the last month there is, there is no such day:
                // a saturating add would stay on it and loop forever.
                month = month.checked_add(1.month()).ok()?;
                if month > r.saturating_add(1.year()) {
                    return None;
                }
            };
            point(around(date, f.rel, false, cal))
        }
        Expr::QuarterEnd(q) => {
            let quarter_end =
                |year: i16, q: u8| Date::new(year, (q * 3) as i8, 1).ok().map(|d| d.last_of_month());
            let end = match q {
                None => quarter_end(r.year(), ((r.month() - 1) / 3 + 1) as u8)?,
                Some(q) => {
                    let this = quarter_end(r.year(), q)?;
                    if this >= r { this } else { quarter_end(r.year() + 1, q)? }
                }
            };
            point(end)
        }
        Expr::YearEnd => point(Date::new(r.year(), 12, 31).ok()?),
        Expr::Holidays => {
            if !in_holiday_season(r) {
                return None;
            }
            if matches!(f.rel, Rel::Before | Rel::By) {
                // Before the holidays: the last business day before Christmas.
                if r.month() == 1 {
                    return None;
                }
                let christmas = Date::new(r.year(), 12, 25).ok()?;
                let day = cal.previous_business_day(christmas);
                // Said after that day, the holidays have begun: nothing to
                // date. On it, the window is that day (by the rules below).
                if day < r {
                    return None;
                }
                point(day)
            } else {
                let year = if r.month() == 1 { r.year() } else { r.year() + 1 };
                let day = cal.next_business_day(Date::new(year, 1, 1).ok()?);
                Window { earliest: day, latest: day, first: day, after_holidays: true }
            }
        }
        Expr::Holiday(named) => {
            let date = (0..=1).find_map(|n| named_date(named, r.year() + n).filter(|d| *d >= r))?;
            let day = around(date, f.rel, true, cal);
            let mut w = point(day);
            if named == Named::NewYear && f.rel == Rel::After && in_holiday_season(r) {
                w = Window { earliest: day, latest: day, first: day, after_holidays: true };
            }
            w
        }
        Expr::BankHoliday => {
            let next =
                (0..=1).flat_map(|n| cal.holidays_in(r.year() + n)).map(|h| h.date).find(|d| *d > r)?;
            point(around(next, f.rel, true, cal))
        }
        Expr::Weekend => {
            let saturday = if r.weekday() == Weekday::Saturday {
                r
            } else if r.weekday() == Weekday::Sunday {
                r.yesterday().ok()?
            } else {
                next_weekday_after(r, Weekday::Saturday)
            };
            let sunday = saturday.saturating_add(1.day());
            match f.rel {
                Rel::After => point(cal.next_business_day(sunday)),
                _ => point(sunday),
            }
        }
    };
    // "Before" a window means no later than the day before it starts.
    if f.rel == Rel::Before && matches!(f.expr, Expr::NextWeek(_) | Expr::WeekAfterNext) {
        w = point(cal.previous_business_day(w.earliest));
    }
    Some(settle(w, r, matches!(f.expr, Expr::Today)))
}

/// A decision cannot come before the interview: a window that starts on or
/// before R starts the day after (unless it is today's), and never after it
/// ends.
fn settle(mut w: Window, r: Date, today: bool) -> Window {
    if !today && w.earliest <= r {
        w.earliest = r.tomorrow().unwrap_or(r);
    }
    if w.earliest > w.latest {
        w.earliest = w.latest;
    }
    if w.first < w.earliest && !today {
        w.first = w.earliest;
    }
    w
}

#[cfg(test)]
mod tests;
