//! The email reader behind `afterview import email`: an `.eml` or mbox
//! file's bytes to messages (`core::import::email::Reader`, as the command
//! streams a file), each classified as sent and as received.

use afterview_core::calendar::{Calendar, Region};
use afterview_core::import::email::{Reader, classify};
use afterview_core::kinds::{DateOrder, Direction};
use afterview_core::timeline::Context;

pub fn email(data: &[u8]) {
    let zone = jiff::tz::db().get("America/New_York").expect("a bundled zone");
    let reader = match Reader::new(data, zone) {
        Ok(r) => r,
        Err(e) => {
            assert!(!e.problem.is_empty() && !e.fix.is_empty(), "an error says what and the fix: {e:?}");
            return;
        }
    };
    let calendar = Calendar::new(Region::US);
    let ctx = Context { calendar: &calendar, date_order: DateOrder::MonthDay };
    let mut last = (0, 0);
    for item in reader {
        let mail = match item {
            Ok(m) => m,
            Err(e) => {
                assert!(!e.problem.is_empty() && !e.fix.is_empty(), "{e:?}");
                assert!(e.message.is_some_and(|m| m > last.0), "an error names the next message: {e:?}");
                break;
            }
        };
        assert_eq!(mail.number, last.0 + 1, "messages are numbered in file order");
        assert!(mail.line > last.1, "each message starts after the one before");
        last = (mail.number, mail.line);
        assert!(!mail.message_id.trim().is_empty(), "every message has an id to import it once by");
        assert!(
            !mail.body.lines().any(|l| l.trim_start().starts_with('>')),
            "no quoted line is kept: {:?}",
            mail.body
        );
        for a in mail.from.iter().chain(&mail.to) {
            assert!(a.email.contains('@') && a.email == a.email.to_lowercase(), "{a:?}");
        }
        for direction in [Direction::Out, Direction::In] {
            let c = classify(&mail, direction, ctx);
            assert!(!c.reason.is_empty(), "a kind always says why");
            if let Some(p) = &c.phrase {
                assert!(c.reason.contains(p.as_str()), "the reason quotes the phrase");
            }
            serde_json::to_string(&c).expect("a kind serialises");
        }
        serde_json::to_string(&mail).expect("a message serialises");
    }
}
