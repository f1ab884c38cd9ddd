//! Finding time expressions among the tokens of a sentence: each parser
//! tries to match at one position and says where the match ends. What the
//! expression means in days is worked out later, from the interview day.

use jiff::civil::Weekday;

use super::lex::{Kind, Tok, Unit, month_word, number_word, ordinal_word, unit_word, weekday_word};

/// How the expression relates to its time: "within a week", "after
/// Christmas", "by Friday".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    None,
    Within,
    After,
    Before,
    /// "by", "until", "no later than": the day itself is still in time.
    By,
}

/// A part of a week or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Whole,
    Early,
    Mid,
    Late,
    /// "end of next week", "end of the month": the rulebook's own rows.
    End,
    /// "first week of …" (1–4, or 99 for the last).
    Week(u32),
    /// "the first week or two of March": from the first's start to the
    /// second's end.
    Weeks(u32, u32),
    /// "the first half" (1) or "the second half" (2) of a month.
    Half(u8),
}

/// "The week of the 7th", "the week after Easter": the working week that
/// holds the day an expression names, or the one after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekOf {
    Of,
    After,
}

/// Holidays known by name, whatever the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    NewYear,
    MlkDay,
    PresidentsDay,
    GoodFriday,
    Easter,
    EasterMonday,
    MemorialDay,
    Juneteenth,
    IndependenceDay,
    LaborDay,
    ColumbusDay,
    Halloween,
    VeteransDay,
    Thanksgiving,
    ChristmasEve,
    Christmas,
    BoxingDay,
    NewYearsEve,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expr {
    Offset {
        lo: u32,
        hi: u32,
        unit: Unit,
        /// "two weeks from Monday": counted from that day, not from R.
        from: Option<Anchor>,
    },
    Today,
    Tomorrow,
    DayAfterTomorrow,
    ThisWeek,
    NextWeek(Part),
    WeekAfterNext,
    Weekday {
        day: Weekday,
        next: bool,
        /// "Wednesday or Thursday": the later day ends the window.
        or: Option<Weekday>,
    },
    Month {
        month: i8,
        year: Option<i16>,
        part: Part,
    },
    /// This month (0) or next month (1).
    RelMonth {
        offset: i8,
        part: Part,
    },
    Date {
        month: i8,
        day: i8,
        year: Option<i16>,
    },
    DayOfMonth(i8),
    /// End of the current quarter, or of Q1–Q4.
    QuarterEnd(Option<u8>),
    /// "the end of the year", "year-end", "EOY": 31 December.
    YearEnd,
    /// "the holidays", "the new year".
    Holidays,
    Holiday(Named),
    BankHoliday,
    Weekend,
}

/// A day an offset counts from ("a week from Friday", "two weeks from
/// tomorrow", "ten days from December 4"), read as its own expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Tomorrow,
    Weekday { day: Weekday, next: bool },
    Date { month: i8, day: i8, year: Option<i16> },
    DayOfMonth(i8),
}

impl Anchor {
    /// The anchor as the expression it was read from.
    pub fn expr(self) -> Expr {
        match self {
            Anchor::Tomorrow => Expr::Tomorrow,
            Anchor::Weekday { day, next } => Expr::Weekday { day, next, or: None },
            Anchor::Date { month, day, year } => Expr::Date { month, day, year },
            Anchor::DayOfMonth(d) => Expr::DayOfMonth(d),
        }
    }
}

/// The day after "from" / "after" in "two weeks from Monday", if one is named.
fn anchor(p: &P<'_, '_>, j: usize) -> Option<(Anchor, usize)> {
    if p.any(j, &["tomorrow", "tmrw", "tomorow"]) {
        return Some((Anchor::Tomorrow, j + 1));
    }
    let (expr, end) = weekday(p, j).or_else(|| month_or_date(p, j, true))?;
    let anchor = match expr {
        Expr::Weekday { day, next, or: None } => Anchor::Weekday { day, next },
        Expr::Date { month, day, year } => Anchor::Date { month, day, year },
        Expr::DayOfMonth(d) => Anchor::DayOfMonth(d),
        _ => return None,
    };
    Some((anchor, end))
}

#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub expr: Expr,
    pub rel: Rel,
    /// "not until X", "won't … before X", "don't expect … before X": the
    /// window opens at X instead of closing there.
    pub negated: bool,
    /// The week of (or after) the day the expression names.
    pub week: Option<WeekOf>,
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
}

struct P<'t, 'a> {
    t: &'t [Tok<'a>],
}

impl<'a> P<'_, 'a> {
    fn word(&self, i: usize) -> Option<&'a str> {
        self.t.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text)
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    fn any(&self, i: usize, ws: &[&str]) -> bool {
        self.word(i).is_some_and(|w| ws.contains(&w))
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    fn num(&self, i: usize) -> Option<u32> {
        match self.t.get(i)?.kind {
            Kind::Num(n) => Some(n),
            _ => None,
        }
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        match (self.t.get(a), self.t.get(b)) {
            (Some(x), Some(y)) => x.sentence == y.sentence,
            _ => false,
        }
    }

    /// Skips an optional "the".
    fn the(&self, i: usize) -> usize {
        if self.is(i, "the") { i + 1 } else { i }
    }

    /// "end of", "the end of", "close of" → the index after "of".
    fn end_of(&self, i: usize) -> Option<usize> {
        let i = self.the(i);
        (self.any(i, &["end", "close"]) && self.is(i + 1, "of")).then_some(i + 2)
    }

    /// A count: 3, three, a, a couple (of), a few, 2-3, two to three,
    /// between 2 and 3. Returns (lo, hi, next).
    fn count(&self, i: usize) -> Option<(u32, u32, usize)> {
        if self.is(i, "between") {
            let (lo, _, j) = self.single(i + 1)?;
            if self.is(j, "and") {
                let (hi, _, k) = self.single(j + 1)?;
                return (lo <= hi).then_some((lo, hi, k));
            }
            return None;
        }
        // "a further two weeks", "an additional ten days", "an extra three days"
        if self.any(i, &["a", "an"])
            && self.any(i + 1, MORE)
            && let Some(c @ (_, _, _)) = self.count(i + 2)
        {
            return Some(c);
        }
        let (lo, one_word, j) = self.single(i)?;
        // "2-3", "two to three", "one or two", "one-to-two"
        let j = if self.punct(j, '-') && self.any(j + 1, &["to", "or"]) && self.punct(j + 2, '-') {
            j + 1
        } else {
            j
        };
        let joined = self.punct(j, '-') || self.any(j, &["to", "or", "till"]);
        let next = if self.any(j, &["to", "or"]) && self.punct(j + 1, '-') { j + 2 } else { j + 1 };
        if joined && let Some((hi, _, k)) = self.single(next).filter(|&(hi, w, _)| hi > lo && !(w && hi == 1))
        {
            return Some((lo, hi, k));
        }
        let _ = one_word;
        Some((lo, lo, j))
    }

    /// One number: digits, a number word, "a couple (of)", "a few".
    /// The flag says the number was the article "a"/"an".
    fn single(&self, i: usize) -> Option<(u32, bool, usize)> {
        if let Some(n) = self.num(i) {
            return (1..=400).contains(&n).then_some((n, false, i + 1));
        }
        let w = self.word(i)?;
        if matches!(w, "a" | "an") && self.any(i + 1, &["couple", "few"]) {
            let n = number_word(self.word(i + 1)?)?;
            let j = if self.is(i + 2, "of") { i + 3 } else { i + 2 };
            return Some((n, false, j));
        }
        if w == "couple" {
            return Some((2, false, if self.is(i + 1, "of") { i + 2 } else { i + 1 }));
        }
        // "twenty-one"
        if let (Some(tens @ (20 | 30)), true) = (number_word(w), self.punct(i + 1, '-'))
            && let Some(units @ 1..=9) = self.word(i + 2).and_then(number_word)
        {
            return Some((tens + units, false, i + 3));
        }
        number_word(w).map(|n| (n, matches!(w, "a" | "an"), i + 1))
    }

    /// A unit, with "business/working/work days" and "more/extra" allowed.
    fn unit(&self, i: usize) -> Option<(Unit, u32, usize)> {
        let i = if self.any(i, MORE) || self.is(i, "full") { i + 1 } else { i };
        if self.any(i, &["business", "working", "work", "biz", "office", "calendar"]) {
            let business = !self.is(i, "calendar");
            let (u, m, j) = self.unit(i + 1)?;
            return match (u, business) {
                (Unit::Day, true) => Some((Unit::BusinessDay, m, j)),
                (Unit::Day, false) => Some((Unit::CalendarDay, m, j)),
                (u, _) => Some((u, m, j)),
            };
        }
        let (u, m) = unit_word(self.word(i)?)?;
        Some((u, m, i + 1))
    }

    fn weekday(&self, i: usize) -> Option<Weekday> {
        let strict =
            !(i > 0 && self.any(i - 1, &["on", "by", "next", "this", "until", "before", "coming", "till"]));
        weekday_word(self.word(i)?, strict)
    }

    fn month(&self, i: usize, context: bool) -> Option<i8> {
        let w = self.word(i)?;
        let next_is_day =
            matches!(self.t.get(i + 1).map(|t| t.kind), Some(Kind::Num(1..=31) | Kind::Ord(1..=31)));
        month_word(w, !(context || next_is_day))
    }

    fn year(&self, i: usize) -> Option<(i16, usize)> {
        let i = if self.punct(i, ',') { i + 1 } else { i };
        let y = self.num(i).filter(|y| (1900..=2200).contains(y))?;
        Some((y as i16, i + 1))
    }

    /// A clause boundary before `i`: the start of the text or a sentence,
    /// or a punctuation mark.
    fn clause_starts(&self, i: usize) -> bool {
        i == 0 || !self.same_sentence(i - 1, i) || matches!(self.t[i - 1].kind, Kind::Punct(_))
    }

    /// A clause boundary at `i`: the end of the text or the sentence, or a
    /// punctuation mark.
    fn clause_ends(&self, i: usize) -> bool {
        i >= self.t.len() || !self.same_sentence(i - 1, i) || matches!(self.t[i].kind, Kind::Punct(_))
    }

    /// Whether a negation governs the limit word at `at` ("not until",
    /// "won't … until", "don't expect … before", "nothing … until"): a
    /// negative word earlier in the same clause, within a few words.
    fn negated_before(&self, at: usize) -> bool {
        let mut i = at;
        for _ in 0..10 {
            if i == 0 || !self.same_sentence(i - 1, at) {
                return false;
            }
            i -= 1;
            match self.t[i].kind {
                Kind::Punct(_) => return false,
                Kind::Word if CLAUSE_BREAKS.contains(&self.t[i].text) => return false,
                Kind::Word if NEGATORS.contains(&self.t[i].text) => return true,
                _ => {}
            }
        }
        false
    }

    fn day_number(&self, i: usize) -> Option<i8> {
        match self.t.get(i)?.kind {
            Kind::Num(n @ 1..=31) | Kind::Ord(n @ 1..=31) => Some(n as i8),
            _ => None,
        }
    }
}

/// "another", "more", "additional": a count on top of what was said, read
/// as the count itself (RULEBOOK §2).
const MORE: &[&str] = &["more", "extra", "additional", "further"];

/// Words that negate a limit after them in the same clause; "t" is the end
/// of "won't", "don't", "can't", "isn't".
const NEGATORS: &[&str] = &["not", "t", "no", "nothing", "never", "none", "nobody", "cannot"];

/// Words that end the reach of a negation: "we don't know yet, but hopefully
/// before Christmas".
const CLAUSE_BREAKS: &[&str] = &["but", "so", "though", "although", "however", "yet", "if", "once", "when"];

/// Words that report what was said: "HR said three weeks", "I was told one
/// or two weeks". A bare duration after one of them is the answer.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "reckons",
    "reckoned",
    "thinks",
    "thought",
    "estimated",
    "estimates",
    "estimate",
    "mentioned",
    "quoted",
    "guessed",
    "guesses",
    "suggested",
    "answer",
    "answered",
    "replied",
    "timeline",
    "timeframe",
    "eta",
];

/// Words after a bare duration that still end its clause: "two weeks max",
/// "a fortnight, probably", "three weeks at most".
const HEDGES: &[&str] = &[
    "max",
    "maximum",
    "tops",
    "probably",
    "maybe",
    "perhaps",
    "hopefully",
    "roughly",
    "approx",
    "approximately",
    "apparently",
    "at",
    "or",
    "minimum",
    "min",
    "give",
    "they",
    "he",
    "she",
    "i",
    "we",
];

/// Every time expression in the tokens, left to right, not overlapping.
pub fn find_all(toks: &[Tok<'_>]) -> Vec<Found> {
    let p = P { t: toks };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parse_at(&p, i) {
            Some(f) => {
                i = f.end.max(i + 1);
                out.push(f);
            }
            None => i += 1,
        }
    }
    out
}

const CUES: &[&str] = &[
    "in",
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "another",
    "maybe",
    "perhaps",
    "probably",
    "say",
    "need",
    "needs",
    "needed",
    "take",
    "takes",
    "taking",
    "give",
    "allow",
    "wait",
    "expect",
    "expecting",
];

fn parse_at(p: &P<'_, '_>, i: usize) -> Option<Found> {
    // Expressions about the past are not timelines.
    if i > 0 && p.any(i - 1, &["last", "previous", "past"]) {
        return None;
    }
    let mut j = i;
    let mut rel = Rel::None;
    let mut cue = false;
    // The word that set a limit ("until", "before"), for seeing whether a
    // negation governs it.
    let mut limit: Option<usize> = None;
    for _ in 0..6 {
        match p.word(j) {
            Some("within" | "inside") => {
                rel = Rel::Within;
                cue = true;
                j += 1;
            }
            Some("over" | "during" | "across" | "in" | "the")
                if p.any(j + 1, &["next", "coming", "following"]) && next_count(p, j + 2, rel) =>
            {
                rel = Rel::Within;
                cue = true;
                j += 2;
            }
            Some("next" | "coming" | "following")
                if p.count(j + 1).is_some_and(|(_, _, k)| p.unit(k).is_some()) =>
            {
                rel = Rel::Within;
                cue = true;
                j += 1;
            }
            Some("after" | "following") if !p.is(j + 1, "that") => {
                rel = Rel::After;
                cue = true;
                j += 1;
            }
            Some("before" | "ahead") => {
                rel = Rel::Before;
                limit = Some(j);
                j += if p.is(j + 1, "of") { 2 } else { 1 };
            }
            Some("prior") if p.is(j + 1, "to") => {
                rel = Rel::Before;
                limit = Some(j);
                j += 2;
            }
            Some("by" | "until" | "till" | "til" | "through" | "thru") => {
                if p.any(j, &["until", "till", "til"]) {
                    limit = Some(j);
                }
                rel = Rel::By;
                cue = true;
                j += 1;
            }
            Some("no" | "not") if p.any(j + 1, &["later", "after"]) => {
                rel = Rel::By;
                cue = true;
                j += if p.is(j + 2, "than") { 3 } else { 2 };
            }
            // "it'll be two weeks", "it would be another month"
            Some("be")
                if j > 0 && p.any(j - 1, &["ll", "will", "would", "should", "could", "might", "may"]) =>
            {
                cue = true;
                j += 1;
            }
            // "at least two weeks", "at the earliest"
            Some("at") if p.is(j + 1, "least") => {
                cue = true;
                j += 2;
            }
            Some(w) if CUES.contains(&w) => {
                cue = true;
                j += 1;
                // "give us a couple of days", "allow them two weeks"
                if p.any(j, &["us", "me", "them", "him", "her", "it"]) {
                    j += 1;
                }
            }
            Some("on" | "at" | "for" | "sometime" | "some" | "early" | "earliest") if j + 1 < p.t.len() => {
                // Only as a lead-in; "early" is also a part of a period, tried below.
                if p.any(j, &["early"]) {
                    break;
                }
                cue = true;
                j += 1;
            }
            _ => break,
        }
    }
    let negated = limit.is_some_and(|at| p.negated_before(at));
    // "the week of the 7th", "the week after Easter": a week around a day.
    let w = p.the(j);
    if p.is(w, "week")
        && p.any(w + 1, &["of", "after"])
        && !p.is(w + 2, "next")
        && let Some((expr, end)) = expression(p, w + 2, true, Rel::None)
        && matches!(expr, Expr::Date { .. } | Expr::DayOfMonth(_) | Expr::Holiday(_) | Expr::Weekday { .. })
    {
        let week = if p.is(w + 1, "of") { WeekOf::Of } else { WeekOf::After };
        return Some(Found { expr, rel, negated, week: Some(week), start: i, end });
    }
    let (expr, end) = expression(p, j, cue, rel)?;
    Some(Found { expr, rel, negated, week: None, start: i, end })
}

/// Whether a count follows "the next": "the next two weeks", and also a unit
/// with an implied one when it cannot be "next week" the calendar week:
/// "the next day or two", "within the next week".
fn next_count(p: &P<'_, '_>, k: usize, rel: Rel) -> bool {
    if p.count(k).is_some() {
        return true;
    }
    let Some((_, _, e)) = p.unit(k) else { return false };
    rel == Rel::Within || (p.is(e, "or") && p.single(e + 1).is_some())
}

fn expression(p: &P<'_, '_>, j: usize, cue: bool, rel: Rel) -> Option<(Expr, usize)> {
    relative_day(p, j)
        .or_else(|| week(p, j))
        .or_else(|| quarter(p, j, rel))
        .or_else(|| month_or_date(p, j, cue || rel != Rel::None))
        .or_else(|| holiday(p, j, rel))
        .or_else(|| weekday(p, j))
        .or_else(|| offset(p, j, cue || rel != Rel::None))
}

fn relative_day(p: &P<'_, '_>, j: usize) -> Option<(Expr, usize)> {
    let today = match p.word(j)? {
        "today" | "tonight" => Some(j + 1),
        "eod" | "cob" | "eob" | "cop" => Some(j + 1),
        "later" if p.is(j + 1, "today") => Some(j + 2),
        // "this afternoon", "later this evening"; not "this morning", which
        // is as often when the interview was.
        "this" | "that" if p.any(j + 1, &["afternoon", "evening"]) => Some(j + 2),
        "later" if p.is(j + 1, "this") && p.any(j + 2, &["afternoon", "evening"]) => Some(j + 3),
        "tomorrow" | "tmrw" | "tmr" | "tomorow" => return Some((Expr::Tomorrow, j + 1)),
        "the" | "next" | "following"
            if p.any(p.the(j), &["next", "following"])
                && p.is(p.the(j) + 1, "day")
                && !p.is(p.the(j) + 2, "or") =>
        {
            return Some((Expr::Tomorrow, p.the(j) + 2));
        }
        "the" | "day"
            if p.is(p.the(j), "day") && p.is(p.the(j) + 1, "after") && p.is(p.the(j) + 2, "tomorrow") =>
        {
            return Some((Expr::DayAfterTomorrow, p.the(j) + 3));
        }
        "the" | "end" | "close" if p.end_of(j).is_some() => {
            let k = p.end_of(j)?;
            let k = if p.any(k, &["the", "this"]) { k + 1 } else { k };
            // "end of day", "end of business", "end of business day", "close of play"
            if p.any(k, &["day", "business", "play"]) {
                Some(if p.is(k, "business") && p.is(k + 1, "day") { k + 2 } else { k + 1 })
            } else {
                None
            }
        }
        "the" | "this" if p.is(j + 1, "weekend") => return Some((Expr::Weekend, j + 2)),
        _ => None,
    }?;
    // "by COB Friday", "end of day Thursday", "EOD tomorrow": the day named.
    let k = if p.any(today, &["on", "this"]) { today + 1 } else { today };
    if p.any(k, &["tomorrow", "tmrw", "tomorow"]) {
        return Some((Expr::Tomorrow, k + 1));
    }
    if p.is(k, "today") {
        return Some((Expr::Today, k + 1));
    }
    if let Some((expr @ (Expr::Weekday { .. } | Expr::Date { .. } | Expr::DayOfMonth(_)), e)) =
        weekday(p, k).or_else(|| month_or_date(p, k, true))
        && p.same_sentence(j, k)
    {
        return Some((expr, e));
    }
    Some((Expr::Today, today))
}

fn part_lead(p: &P<'_, '_>, j: usize) -> Option<(Part, usize)> {
    let k = p.the(j);
    let part = match p.word(k)? {
        "early" | "earlier" => (Part::Early, k + 1),
        "beginning" | "start" if p.is(k + 1, "of") => (Part::Early, k + 2),
        "mid" | "midway" => (Part::Mid, if p.punct(k + 1, '-') { k + 2 } else { k + 1 }),
        "middle" if p.is(k + 1, "of") => (Part::Mid, k + 2),
        "late" | "later" => (Part::Late, if p.punct(k + 1, '-') { k + 2 } else { k + 1 }),
        "latter" if p.is(k + 1, "part") && p.is(k + 2, "of") => (Part::Late, k + 3),
        "end" | "close" if p.is(k + 1, "of") => (Part::End, k + 2),
        _ => return None,
    };
    let (part, k) = part;
    // "early in the month", "early in January"
    let k = if p.is(k, "in") { p.the(k + 1) } else { k };
    Some((part, k))
}

fn week(p: &P<'_, '_>, j: usize) -> Option<(Expr, usize)> {
    let (part, k) = part_lead(p, j).unwrap_or((Part::Whole, j));
    // "within the week" is this week; otherwise "the" is a lead-in.
    let k =
        if p.is(k, "the") && p.is(k + 1, "week") && !p.any(k + 2, &["of", "after"]) { k } else { p.the(k) };
    if p.any(k, &["eow"]) {
        return Some((Expr::ThisWeek, k + 1));
    }
    if p.any(k, &["this", "the"]) && p.is(k + 1, "week") && !p.is(k + 2, "of") {
        return match part {
            Part::Whole | Part::End | Part::Late => Some((Expr::ThisWeek, k + 2)),
            _ => None,
        };
    }
    if part == Part::End && p.is(k, "week") && !p.is(k + 1, "of") {
        return Some((Expr::ThisWeek, k + 1));
    }
    if (p.is(k, "next") || p.is(k, "following")) && p.is(k + 1, "week") {
        let after = k + 2;
        // "next week Tuesday"
        if part == Part::Whole
            && let Some(day) = p.word(after).and_then(|w| weekday_word(w, false))
        {
            return Some((Expr::Weekday { day, next: true, or: None }, after + 1));
        }
        return Some((Expr::NextWeek(part), after));
    }
    if part == Part::Whole && p.is(k, "week") && p.is(k + 1, "after") {
        if p.is(k + 2, "next") {
            return Some((Expr::WeekAfterNext, k + 3));
        }
        return Some((Expr::NextWeek(Part::Whole), k + 2));
    }
    if part == Part::Mid && p.is(k, "week") {
        return Some((Expr::ThisWeek, k + 1));
    }
    None
}

fn quarter(p: &P<'_, '_>, j: usize, rel: Rel) -> Option<(Expr, usize)> {
    let (k, has_end) = match p.end_of(j) {
        Some(k) => (k, true),
        None => (j, false),
    };
    let k = if p.any(k, &["the", "this"]) { k + 1 } else { k };
    // "quarter", "quarter end", "q4", "the fourth quarter"
    if p.is(k, "q")
        && let Some(n @ 1..=4) = p.num(k + 1)
    {
        let end = if p.any(k + 2, &["end"]) { k + 3 } else { k + 2 };
        return (has_end || matches!(rel, Rel::Before | Rel::By) || p.is(k + 2, "end"))
            .then_some((Expr::QuarterEnd(Some(n as u8)), end));
    }
    if let Some(n @ 1..=4) = p.word(k).and_then(ordinal_word)
        && p.is(k + 1, "quarter")
    {
        let end = if p.is(k + 2, "end") { k + 3 } else { k + 2 };
        return (has_end || matches!(rel, Rel::Before | Rel::By) || p.is(k + 2, "end"))
            .then_some((Expr::QuarterEnd(Some(n as u8)), end));
    }
    // "the end of the year", "the end of this year", "year end", "year-end", "EOY"
    if p.is(k, "eoy") {
        return Some((Expr::YearEnd, k + 1));
    }
    let y = if p.is(k, "calendar") { k + 1 } else { k };
    if p.is(y, "year") {
        if has_end {
            return Some((Expr::YearEnd, y + 1));
        }
        if p.is(y + 1, "end") {
            return Some((Expr::YearEnd, y + 2));
        }
        if p.punct(y + 1, '-') && p.is(y + 2, "end") {
            return Some((Expr::YearEnd, y + 3));
        }
    }
    if p.is(k, "quarter") {
        let ends = p.is(k + 1, "end") || (p.punct(k + 1, '-') && p.is(k + 2, "end"));
        if has_end {
            return Some((Expr::QuarterEnd(None), k + 1));
        }
        if ends {
            return Some((Expr::QuarterEnd(None), if p.is(k + 1, "end") { k + 2 } else { k + 3 }));
        }
    }
    None
}

fn month_or_date(p: &P<'_, '_>, j: usize, context: bool) -> Option<(Expr, usize)> {
    // ISO date 2026-12-04
    if let (Some(y @ 1900..=2200), true) = (p.num(j), p.punct(j + 1, '-'))
        && let (Some(m @ 1..=12), true, Some(d @ 1..=31)) = (p.num(j + 2), p.punct(j + 3, '-'), p.num(j + 4))
    {
        return Some((Expr::Date { month: m as i8, day: d as i8, year: Some(y as i16) }, j + 5));
    }
    // 12/4 or 12/4/2026: month first unless the caller swaps it.
    if let (Some(a @ 1..=31), true, Some(b @ 1..=31)) = (p.num(j), p.punct(j + 1, '/'), p.num(j + 2)) {
        let (year, end) = match (p.punct(j + 3, '/'), p.num(j + 4)) {
            (true, Some(y @ 1900..=2200)) => (Some(y as i16), j + 5),
            (true, Some(y @ 0..=99)) => (Some(2000 + y as i16), j + 5),
            _ => (None, j + 3),
        };
        if context || year.is_some() {
            // Encoded as month = a, day = b; DayMonth order is applied on evaluation.
            return Some((Expr::Date { month: a as i8, day: b as i8, year }, end));
        }
        return None;
    }
    let (part, k) = part_lead(p, j).unwrap_or((Part::Whole, j));
    let k0 = p.the(k);
    // "the first week of January", "the first week or two of March", "the
    // second half of January", "the last week of next month"
    if let Some(n) = p.word(k0).and_then(ordinal_word)
        && p.any(k0 + 1, &["week", "half"])
    {
        let mut of = k0 + 2;
        let mut part = Part::Week(n);
        if p.is(k0 + 1, "half") {
            part = match n {
                1 | 2 => Part::Half(n as u8),
                _ => return None,
            };
        } else if p.is(of, "or")
            && let Some((m, _, e)) = p.single(of + 1).filter(|&(m, _, _)| m > n && n < 99)
        {
            part = Part::Weeks(n, m);
            of = if p.is(e, "weeks") { e + 1 } else { e };
        }
        if p.is(of, "of") {
            let m = of + 1;
            if let Some(month) = p.month(m, true) {
                let (year, end) = p.year(m + 1).map_or((None, m + 1), |(y, e)| (Some(y), e));
                return Some((Expr::Month { month, year, part }, end));
            }
            let m = p.the(m);
            if p.any(m, &["next", "this"]) && p.is(m + 1, "month") {
                let offset = i8::from(p.is(m, "next"));
                return Some((Expr::RelMonth { offset, part }, m + 2));
            }
        }
    }
    // Relative months: "end of the month", "next month", "early next month", "month end"
    {
        let m = if p.any(k0, &["this", "the", "current"]) { k0 + 1 } else { k0 };
        if p.is(m, "month") && (p.any(k0, &["this", "current"]) || part != Part::Whole) {
            return Some((Expr::RelMonth { offset: 0, part }, m + 1));
        }
        if p.any(m, &["next", "following"]) && p.is(m + 1, "month") {
            return Some((Expr::RelMonth { offset: 1, part }, m + 2));
        }
        if part == Part::Whole
            && p.is(k0, "month")
            && (p.is(k0 + 1, "end") || (p.punct(k0 + 1, '-') && p.is(k0 + 2, "end")))
        {
            return Some((
                Expr::RelMonth { offset: 0, part: Part::End },
                if p.is(k0 + 1, "end") { k0 + 2 } else { k0 + 3 },
            ));
        }
        if p.is(k0, "eom") {
            return Some((Expr::RelMonth { offset: 0, part: Part::End }, k0 + 1));
        }
    }
    // "the 4th", "the 4th of December", "4th December", "4 Dec 2026"
    let d0 = p.the(k);
    if let Some(day) = p.day_number(d0) {
        let is_ordinal = matches!(p.t.get(d0).map(|t| t.kind), Some(Kind::Ord(_)));
        let m = if p.is(d0 + 1, "of") { d0 + 2 } else { d0 + 1 };
        if let Some(month) = p.month(m, true) {
            let m_end = if p.punct(m + 1, '.') { m + 2 } else { m + 1 };
            let (year, end) = p.year(m_end).map_or((None, m_end), |(y, e)| (Some(y), e));
            return Some((Expr::Date { month, day, year }, end));
        }
        let articled = d0 > k;
        if is_ordinal && (articled || context) && part == Part::Whole {
            return Some((Expr::DayOfMonth(day), d0 + 1));
        }
    }
    // "December 4", "Dec. 4th, 2026", "January", "mid-January", "Feb end", "February 2027"
    if let Some(month) = p.month(k, context || part != Part::Whole) {
        let mut m = k + 1;
        if p.punct(m, '.') {
            m += 1;
        }
        if part == Part::Whole
            && let Some(day) = p.day_number(m)
            && !p.t.get(m + 1).is_some_and(|t| matches!(t.kind, Kind::Word) && unit_word(t.text).is_some())
        {
            let (year, end) = p.year(m + 1).map_or((None, m + 1), |(y, e)| (Some(y), e));
            return Some((Expr::Date { month, day, year }, end));
        }
        let (year, mut end) = p.year(m).map_or((None, m), |(y, e)| (Some(y), e));
        let mut part = part;
        if p.is(end, "end") || (p.punct(end, '-') && p.is(end + 1, "end")) {
            end += if p.is(end, "end") { 1 } else { 2 };
            if part == Part::Whole {
                part = Part::End;
            }
        }
        return Some((Expr::Month { month, year, part }, end));
    }
    None
}

const NAMED: &[(&[&str], Named)] = &[
    (&["new", "year", "s", "eve"], Named::NewYearsEve),
    (&["new", "years", "eve"], Named::NewYearsEve),
    (&["nye"], Named::NewYearsEve),
    (&["christmas", "eve"], Named::ChristmasEve),
    (&["xmas", "eve"], Named::ChristmasEve),
    (&["christmas", "day"], Named::Christmas),
    (&["christmas"], Named::Christmas),
    (&["xmas"], Named::Christmas),
    (&["boxing", "day"], Named::BoxingDay),
    (&["thanksgiving", "day"], Named::Thanksgiving),
    (&["thanksgiving"], Named::Thanksgiving),
    (&["labor", "day"], Named::LaborDay),
    (&["labour", "day"], Named::LaborDay),
    (&["memorial", "day"], Named::MemorialDay),
    (&["independence", "day"], Named::IndependenceDay),
    (&["fourth", "of", "july"], Named::IndependenceDay),
    (&["july", "fourth"], Named::IndependenceDay),
    (&["good", "friday"], Named::GoodFriday),
    (&["easter", "monday"], Named::EasterMonday),
    (&["easter"], Named::Easter),
    (&["mlk", "day"], Named::MlkDay),
    (&["martin", "luther", "king", "jr", "day"], Named::MlkDay),
    (&["martin", "luther", "king", "day"], Named::MlkDay),
    (&["presidents", "day"], Named::PresidentsDay),
    (&["president", "s", "day"], Named::PresidentsDay),
    (&["washington", "s", "birthday"], Named::PresidentsDay),
    (&["juneteenth"], Named::Juneteenth),
    (&["columbus", "day"], Named::ColumbusDay),
    (&["halloween"], Named::Halloween),
    (&["veterans", "day"], Named::VeteransDay),
    (&["veteran", "s", "day"], Named::VeteransDay),
];

fn holiday(p: &P<'_, '_>, j: usize, rel: Rel) -> Option<(Expr, usize)> {
    let k = p.the(j);
    // "the first of the year", "the start of the new year": New Year's Day.
    if p.any(k, &["first", "start", "beginning", "turn"]) && p.is(k + 1, "of") {
        let y = p.the(k + 2);
        let y = if p.is(y, "new") { y + 1 } else { y };
        if p.is(y, "year") {
            return Some((Expr::Holiday(Named::NewYear), y + 1));
        }
    }
    // The season: "the holidays", "the holiday season", "the festive period", "the new year".
    let season_words: &[&[&str]] = &[
        &["holidays"],
        &["holiday", "season"],
        &["holiday", "period"],
        &["holiday", "break"],
        &["festive", "season"],
        &["festive", "period"],
        &["festive", "break"],
        &["christmas", "break"],
        &["christmas", "holidays"],
        &["winter", "break"],
        &["winter", "holidays"],
        &["end", "of", "year", "break"],
        &["new", "year", "s"],
        &["new", "years"],
        &["new", "year"],
    ];
    for seq in season_words {
        if seq.iter().enumerate().all(|(n, w)| p.is(k + n, w)) {
            let end = k + seq.len();
            // "New Year's Day" is the day itself; so is the new year when
            // something comes before it ("before the new year": 31 December).
            if seq[0] == "new" && p.is(end, "day") {
                return Some((Expr::Holiday(Named::NewYear), end + 1));
            }
            if seq[0] == "new" && matches!(rel, Rel::Before | Rel::By) {
                return Some((Expr::Holiday(Named::NewYear), end));
            }
            return Some((Expr::Holidays, end));
        }
    }
    if p.is(k, "bank") && p.is(k + 1, "holiday") {
        let end = if p.is(k + 2, "weekend") { k + 3 } else { k + 2 };
        return Some((Expr::BankHoliday, end));
    }
    if p.is(k, "long") && p.is(k + 1, "weekend") {
        return Some((Expr::BankHoliday, k + 2));
    }
    for (seq, named) in NAMED {
        if seq.iter().enumerate().all(|(n, w)| p.is(k + n, w)) {
            return Some((Expr::Holiday(*named), k + seq.len()));
        }
    }
    None
}

fn weekday(p: &P<'_, '_>, j: usize) -> Option<(Expr, usize)> {
    let (next, k) = match p.word(j) {
        Some("next") => (true, j + 1),
        Some("this") if p.is(j + 1, "coming") => (false, j + 2),
        Some("this" | "coming") => (false, j + 1),
        _ => (false, j),
    };
    let day = p.weekday(k)?;
    let mut end = k + 1;
    // "Friday, December 4" and "Thursday the 10th" name a date.
    let after = if p.punct(end, ',') { end + 1 } else { end };
    if let Some((expr @ (Expr::Date { .. } | Expr::DayOfMonth(_)), e)) = month_or_date(p, after, true)
        && p.same_sentence(k, after)
    {
        return Some((expr, e));
    }
    // "Tuesday next week", "Tuesday of next week"
    let nw = if p.is(end, "of") { end + 1 } else { end };
    if !next && p.is(nw, "next") && p.is(nw + 1, "week") {
        return Some((Expr::Weekday { day, next: true, or: None }, nw + 2));
    }
    if p.any(end, &["morning", "afternoon", "evening", "night", "am", "pm", "eod", "cob"]) {
        end += 1;
    }
    // "Wednesday or Thursday", "Monday to Wednesday", "between Monday and Wednesday"
    let mut or = None;
    let between = k > 0 && p.is(k - 1, "between") && p.is(end, "and");
    if (p.any(end, &["or", "to"]) || p.punct(end, '-') || between)
        && let Some(later) = p.word(end + 1).and_then(|w| weekday_word(w, false))
    {
        or = Some(later);
        end += 2;
    }
    Some((Expr::Weekday { day, next, or }, end))
}

const OFFSET_TAILS: &[&[&str]] = &[
    &["from", "now"],
    &["from", "today"],
    &["time"],
    &["or", "so"],
    &["out"],
    &["later"],
    &["away"],
    &["after", "the", "interview"],
    &["after", "today"],
    &["after", "that"],
    &["afterwards"],
];

fn offset(p: &P<'_, '_>, j: usize, cue: bool) -> Option<(Expr, usize)> {
    // "another week", "the next day or two": the lead-in was the count.
    let counted = p.count(j).or_else(|| {
        (j > 0 && p.any(j - 1, &["another", "next", "coming", "following"]) && p.unit(j).is_some())
            .then_some((1, 1, j))
    });
    let (lo, mut hi, k) = counted?;
    let (unit, mult, mut end) = p.unit(k)?;
    // "a week or two", "a day or two"
    if p.is(end, "or")
        && let Some((n, false, e)) = p.single(end + 1)
        && n > lo
        && p.unit(e).is_none()
    {
        hi = n;
        end = e;
    }
    // "two weeks ago" is the past.
    if p.is(end, "ago") {
        return None;
    }
    // "two weeks from Monday", "a week after Friday": counted from that day.
    if p.any(end, &["from", "after"])
        && let Some((from, e)) = anchor(p, end + 1)
    {
        return Some((Expr::Offset { lo: lo * mult, hi: hi * mult, unit, from: Some(from) }, e));
    }
    let mut tail = false;
    for seq in OFFSET_TAILS {
        if seq.iter().enumerate().all(|(n, w)| p.is(end + n, w)) {
            end += seq.len();
            tail = true;
            break;
        }
    }
    // A bare duration is the answer when it stands alone in its clause, or
    // follows what someone said: "HR said three weeks", "2-3 weeks, they
    // told me", "a fortnight, probably", "two weeks max". Not "the contract
    // is 12 months", "I waited two weeks".
    let said = j > 0
        && (p.any(j - 1, SPEECH)
            || (j > 1 && p.any(j - 1, &["me", "us", "him", "her"]) && p.any(j - 2, SPEECH)));
    let bare = (p.clause_starts(j) || said) && (p.clause_ends(end) || p.any(end, HEDGES));
    if !(cue || tail || bare) {
        return None;
    }
    Some((Expr::Offset { lo: lo * mult, hi: hi * mult, unit, from: None }, end))
}
