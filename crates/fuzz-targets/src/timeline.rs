//! The timeline reader (RULEBOOK §2) as `afterview when` and the planner
//! call it: a phrase, the day it was said, a region and a date order.
//!
//! Input: the phrase, optionally after a first line
//! `@YYYY-MM-DD REGION ORDER` (any part may be left out or be wrong; the
//! defaults are 2026-11-20, US, month-day), so seeds stay readable.

use afterview_app::calendar::{describe, when};
use afterview_core::kinds::DateOrder;
use afterview_core::settings::{Settings, parse_region};
use afterview_core::timeline::ReadingKind;
use jiff::civil::{Date, date};

use crate::assert_span_in;

pub fn timeline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut from = date(2026, 11, 20);
    let mut settings = Settings::default();
    let mut region = None;
    let phrase = match text.strip_prefix('@').map(|rest| rest.split_once('\n').unwrap_or((rest, ""))) {
        Some((header, phrase)) => {
            let mut parts = header.split_whitespace();
            if let Some(day) = parts.next().and_then(|d| d.parse::<Date>().ok()) {
                from = day;
            }
            region = parts.next().and_then(|r| parse_region(r).ok());
            if let Some(order) = parts.next().and_then(|o| o.parse::<DateOrder>().ok()) {
                settings.calendar.date_order = order;
            }
            phrase
        }
        None => text,
    };

    let reading = when(&settings, phrase, from, region);
    if let Some(span) = &reading.span {
        assert_span_in(phrase, span, "the span read");
    }
    if let Some(span) = &reading.instruction {
        assert_span_in(phrase, span, "the instruction");
    }
    match reading.kind {
        ReadingKind::None => {
            assert!(reading.span.is_none() && reading.earliest.is_none() && reading.latest.is_none());
            assert!(reading.date.is_none() && reading.channel.is_none());
        }
        ReadingKind::Decision => {
            let (Some(a), Some(b)) = (reading.earliest, reading.latest) else {
                panic!("a decision without its window: {reading:?}")
            };
            assert!(a <= b, "a window that ends before it starts: {reading:?}");
            assert!(reading.span.is_some() && reading.date.is_none() && reading.channel.is_none());
        }
        ReadingKind::Contact => {
            let d = reading.date.expect("a contact reading has its day");
            assert_eq!((reading.earliest, reading.latest), (Some(d), Some(d)), "{reading:?}");
            assert!(reading.channel.is_some() && reading.instruction.is_some() && reading.span.is_some());
        }
    }
    // What `when --json` prints, and the line `when` prints.
    let json = serde_json::to_string(&reading).expect("a reading serialises");
    assert!(json.starts_with("{\"kind\":"), "{json}");
    let line = describe(phrase, from, &reading);
    assert!(!line.is_empty());
}
