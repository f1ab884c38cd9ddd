//! Money written as figures ("$1,500 a month", "£34,500", "85k") that reads
//! as the candidate's pay, for the `salary` rule. A figure alone is not pay:
//! "I cut costs by $40,000 a year" is a fit statement and "12k subscribers"
//! no money at all. A figure counts when its sentence gives it a period of
//! pay ("a month", "per annum") or a word of asking or expecting ("my
//! expectation is around 70k"), and has no word of business results
//! (costs, revenue, budget, raised).

use super::text::Text;

/// Words after a figure that make it a rate of pay.
const PERIODS: &[&str] =
    &["year", "yr", "month", "week", "hour", "hr", "day", "annum", "annually", "hourly", "monthly", "pa"];

/// Words in a figure's sentence that make it the candidate's asking pay.
const PAY: &[&str] = &[
    "expect",
    "expecting",
    "expectation",
    "expectations",
    "hoping",
    "looking",
    "seeking",
    "asking",
    "ask",
    "comfortable",
    "require",
    "requirement",
    "minimum",
    "least",
    "target",
    "range",
    "earn",
    "earning",
    "earnings",
    "paid",
    "pay",
    "paying",
    "rate",
    "base",
    "package",
    "currently",
    "making",
    "accept",
    "settle",
    "negotiable",
    "stipend",
    "ctc",
];

/// Words in a figure's sentence that make it a business result, not pay.
const BUSINESS: &[&str] = &[
    "saved",
    "save",
    "saving",
    "savings",
    "cut",
    "cutting",
    "reduced",
    "reduce",
    "reducing",
    "reduction",
    "revenue",
    "revenues",
    "sales",
    "sold",
    "budget",
    "budgets",
    "cost",
    "costs",
    "funding",
    "funds",
    "raised",
    "raising",
    "grant",
    "grants",
    "generated",
    "generating",
    "grew",
    "growth",
    "profit",
    "profits",
    "spend",
    "spending",
    "spent",
    "turnover",
    "deal",
    "deals",
    "contract",
    "contracts",
    "donations",
    "donors",
    "fundraising",
    "arr",
    "mrr",
    "invoices",
    "billing",
    "portfolio",
    "assets",
    "loans",
    "claims",
    "project",
    "projects",
    "prize",
    "award",
    "scholarship",
];

const CURRENCY_WORDS: &[&str] = &["dollars", "pounds", "euros", "usd", "gbp", "eur", "cad", "aud"];

/// Byte spans of figures that read as pay, in text order.
pub fn pay_figures(text: &Text<'_>) -> Vec<(usize, usize)> {
    let raw = text.raw;
    let mut figures: Vec<(usize, usize)> = Vec::new();
    // "$1,500", "£34,500", "€60k", "$1.2M".
    for (i, c) in raw.char_indices() {
        if matches!(c, '$' | '£' | '€') && raw[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        {
            let digits = raw[i + c.len_utf8()..]
                .char_indices()
                .take_while(|&(k, d)| {
                    d.is_ascii_digit()
                        || (matches!(d, ',' | '.')
                            && raw[i + c.len_utf8() + k + 1..].starts_with(|e: char| e.is_ascii_digit()))
                })
                .last()
                .map_or(0, |(k, _)| k + 1);
            let mut end = i + c.len_utf8() + digits;
            if raw[end..].starts_with(['k', 'K', 'm', 'M'])
                && !raw[end + 1..].starts_with(|e: char| e.is_alphanumeric())
            {
                end += 1;
            }
            figures.push((i, end));
        }
    }
    // "85k", "70K"; "60,000 pounds".
    for (k, w) in text.words.iter().enumerate() {
        let t = w.text;
        let before = raw[..w.start].chars().next_back();
        if matches!(before, Some('$' | '£' | '€' | ',' | '.')) {
            continue;
        }
        let k_figure =
            t.len() >= 2 && t.ends_with(['k', 'K']) && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit());
        // "60,000 pounds": the number's groups of three, then the currency.
        let with_currency = if t.chars().all(|c| c.is_ascii_digit()) {
            let groups = text.lower[k + 1..]
                .iter()
                .take_while(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
                .count();
            text.lower
                .get(k + 1 + groups)
                .filter(|cw| CURRENCY_WORDS.contains(&cw.as_str()))
                .map(|_| k + 1 + groups)
        } else {
            None
        };
        if let Some(c) = with_currency {
            figures.push((w.start, text.words[c].end));
        } else if k_figure {
            figures.push((w.start, w.end));
        }
    }
    figures.sort_unstable();
    figures.retain(|&(s, e)| reads_as_pay(text, s, e));
    figures
}

fn reads_as_pay(text: &Text<'_>, start: usize, end: usize) -> bool {
    let Some(first) = text.words.iter().position(|w| w.end > start) else {
        return false;
    };
    let sentence = text.words[first].sentence;
    let in_sentence: Vec<&str> = (0..text.words.len())
        .filter(|&k| text.words[k].sentence == sentence)
        .map(|k| text.lower[k].as_str())
        .collect();
    if in_sentence.iter().any(|w| BUSINESS.contains(w)) {
        return false;
    }
    let after = text.words.iter().position(|w| w.start >= end).unwrap_or(text.words.len());
    let period = (after..text.words.len().min(after + 3))
        .take_while(|&k| text.words[k].sentence == sentence)
        .any(|k| PERIODS.contains(&text.lower[k].as_str()));
    period || in_sentence.iter().any(|w| PAY.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(s: &str) -> Vec<&str> {
        let t = Text::new(s);
        pay_figures(&t).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn asking_pay_and_rates_are_pay() {
        assert_eq!(pay("I would be comfortable at $1,500 a month."), ["$1,500"]);
        assert_eq!(pay("My expectation is around 85k."), ["85k"]);
        assert_eq!(pay("I'm looking for £45,000 or so."), ["£45,000"]);
        assert_eq!(pay("I currently earn 60,000 dollars."), ["60,000 dollars"]);
        assert_eq!(pay("Anything from $95K would work for me as a base."), ["$95K"]);
    }

    #[test]
    fn results_counts_and_bare_figures_are_not() {
        assert!(pay("I cut event costs by $4,000 a year.").is_empty());
        assert!(pay("We raised $50k for the shelter.").is_empty());
        assert!(pay("I grew the newsletter to 12k subscribers.").is_empty());
        assert!(pay("The $10 lunch was lovely.").is_empty());
        assert!(pay("We met in room 1500 at 10am.").is_empty());
    }
}
