//! The shapes real mail arrives in, each written for this project: plain,
//! multipart/alternative, quoted-printable, base64, Latin-1, HTML only,
//! replies with quoted history, an invite, and mboxes with `>From ` lines.

use super::*;
use crate::calendar::{Calendar, Region};
use crate::kinds::DateOrder;

fn ny() -> TimeZone {
    jiff::tz::db().get("America/New_York").unwrap()
}

fn one(raw: &str) -> Mail {
    let mut all = read(raw.as_bytes(), &ny()).unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn kind_of(raw: &str, direction: Direction) -> Classified {
    let calendar = Calendar::new(Region::US);
    classify(&one(raw), direction, Context { calendar: &calendar, date_order: DateOrder::MonthDay })
}

const PLAIN: &str = "Message-ID: <abc.123@acme.example>\r\n\
Date: Tue, 1 Dec 2026 03:30:00 +0000\r\n\
From: \"Maria Lopez\" <Maria.Lopez@Acme.example>\r\n\
To: Jordan Lee <jordan@mail.example>\r\n\
Cc: hr@acme.example\r\n\
Subject: Re: Data Engineer interview\r\n\
\r\n\
Hi Jordan,\r\n\
\r\n\
Thanks for your patience. We expect to make a decision by\r\n\
next Friday.\r\n\
\r\n\
Maria\r\n\
\r\n\
On Mon, Nov 30, 2026 at 9:12 AM Jordan Lee <jordan@mail.example>\r\n\
wrote:\r\n\
> Hi Maria, I wanted to follow up on my interview.\r\n\
> Is there any update?\r\n";

#[test]
fn plain_message_gives_its_headers_and_new_text() {
    let m = one(PLAIN);
    assert_eq!(m.message_id, "abc.123@acme.example");
    // 03:30 UTC on Dec 1 is still Nov 30 in New York.
    assert_eq!(m.date, Some(jiff::civil::date(2026, 11, 30)));
    let from = m.from.unwrap();
    assert_eq!(from.email, "maria.lopez@acme.example");
    assert_eq!(from.name.as_deref(), Some("Maria Lopez"));
    assert_eq!(from.domain(), "acme.example");
    let to: Vec<&str> = m.to.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(to, ["jordan@mail.example", "hr@acme.example"]);
    assert_eq!(m.subject.as_deref(), Some("Re: Data Engineer interview"));
    assert_eq!(
        m.body,
        "Hi Jordan,\n\nThanks for your patience. We expect to make a decision by\nnext Friday.\n\nMaria"
    );
    assert!(!m.invite);
}

#[test]
fn multipart_alternative_prefers_the_plain_text() {
    let raw = "Message-ID: <alt@x.example>\nDate: Wed, 2 Dec 2026 10:00:00 -0500\nFrom: a@x.example\n\
To: jordan@mail.example\nSubject: Hello\nMIME-Version: 1.0\n\
Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n\
The plain words.\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>The <b>HTML</b> words.</p>\n--b1--\n";
    assert_eq!(one(raw).body, "The plain words.");
}

#[test]
fn quoted_printable_and_base64_are_decoded() {
    let qp = "Message-ID: <qp@x.example>\nFrom: a@x.example\nSubject: =?utf-8?q?Caf=C3=A9_chat?=\n\
Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n\
We=E2=80=99d like to move forward with a long line that is soft-wrapped =\nhere.\n";
    let m = one(qp);
    assert_eq!(m.subject.as_deref(), Some("Café chat"));
    assert_eq!(m.body, "We’d like to move forward with a long line that is soft-wrapped here.");
    // "Thank you for your time." in base64.
    let b64 = "Message-ID: <b64@x.example>\nFrom: a@x.example\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\nVGhhbmsgeW91IGZvciB5b3VyIHRpbWUu\n";
    assert_eq!(one(b64).body, "Thank you for your time.");
}

#[test]
fn latin1_charset_is_read() {
    let mut raw = b"Message-ID: <l1@x.example>\nFrom: =?iso-8859-1?q?Ren=E9e?= <renee@x.example>\n\
Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
        .to_vec();
    raw.extend_from_slice(b"Gr\xfc\xdfe, Ren\xe9e\n");
    let m = read(&raw, &ny()).unwrap().remove(0);
    assert_eq!(m.body, "Grüße, Renée");
    assert_eq!(m.from.unwrap().name.as_deref(), Some("Renée"));
}

#[test]
fn html_only_is_turned_to_text_and_its_quote_cut() {
    let raw = "Message-ID: <h@x.example>\nFrom: a@x.example\nContent-Type: text/html; charset=utf-8\n\n\
<html><body><div>Hi Jordan,</div><div><br></div><div>We would like to invite you to an onsite interview.</div>\
<div><br></div><div class=\"gmail_quote\">On Mon, Nov 30, 2026 at 9:12 AM Jordan wrote:<br>\
<blockquote>Thank you for your time.</blockquote></div></body></html>\n";
    let m = one(raw);
    assert!(m.body.contains("We would like to invite you to an onsite interview."), "{:?}", m.body);
    assert!(!m.body.contains("wrote"), "{:?}", m.body);
    assert!(!m.body.contains("<div>"), "{:?}", m.body);
}

#[test]
fn outlook_history_and_signature_are_cut() {
    let body = "Thanks, we will be in touch.\n\nSam\n\n-----Original Message-----\nFrom: Jordan\nSent: Monday\n\nold";
    assert_eq!(new_text(body), "Thanks, we will be in touch.\n\nSam");
    let block = "Noted.\n\nFrom: Jordan Lee <jordan@mail.example>\nSent: Monday, November 30, 2026 9:00 AM\nTo: Sam\n";
    assert_eq!(new_text(block), "Noted.");
    let sig = "See you then.\n-- \nSam Reed | Recruiter\n+1 555 0100 by Friday";
    assert_eq!(new_text(sig), "See you then.");
    assert_eq!(new_text("Yes.\n\nGet Outlook for iOS\nFrom: x\n"), "Yes.");
    let rule = "Short answer.\n\n________________________________\nFrom: x\n";
    assert_eq!(new_text(rule), "Short answer.");
    // A line that only begins like an attribution is kept.
    assert_eq!(new_text("On Monday we will decide.\nThanks"), "On Monday we will decide.\nThanks");
}

#[test]
fn a_calendar_part_marks_an_invite_and_is_not_the_body() {
    let raw = "Message-ID: <inv@x.example>\nFrom: a@x.example\nSubject: Invitation: Onsite\n\
Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/calendar; method=REQUEST\n\n\
BEGIN:VCALENDAR\nEND:VCALENDAR\n--m\nContent-Type: text/plain\n\nSee the invite.\n--m--\n";
    let m = one(raw);
    assert!(m.invite);
    assert_eq!(m.body, "See the invite.");
}

#[test]
fn mbox_reads_every_message_with_its_line_and_unescapes_from() {
    let mbox = "From maria@acme.example Mon Nov 30 14:00:00 2026\nMessage-ID: <m1@acme.example>\n\
From: maria@acme.example\nSubject: one\n\n>From the team: hello.\n\n\
From jordan@mail.example Tue Dec  1 09:00:00 2026\nMessage-ID: <m2@mail.example>\nFrom: jordan@mail.example\n\
Subject: two\n\nSecond.\n";
    let all = read(mbox.as_bytes(), &ny()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].body, "From the team: hello.");
    assert_eq!((all[0].number, all[0].line), (1, 1));
    assert_eq!((all[1].number, all[1].line), (2, 8));
    assert_eq!(all[1].subject.as_deref(), Some("two"));
    // No Date header: the day of the `From ` line, in the user's zone.
    assert_eq!(all[1].date, Some(jiff::civil::date(2026, 12, 1)));
}

#[test]
fn a_message_without_an_id_gets_the_same_one_on_every_read() {
    let raw = "From: a@x.example\nSubject: hi\n\nbody\n";
    let a = one(raw).message_id;
    assert!(a.starts_with("no-id-") && a.ends_with("@afterview"), "{a}");
    assert_eq!(a, one(raw).message_id);
    assert_ne!(a, one("From: a@x.example\nSubject: hi\n\nanother\n").message_id);
}

#[test]
fn files_that_are_not_mail_are_refused_with_the_reason() {
    let err = |bytes: &[u8]| read(bytes, &ny()).unwrap_err().to_string();
    assert!(err(b"").starts_with("the file is empty;"), "{}", err(b""));
    assert!(err(b"%PDF-1.4\n\x00\x01\x02").contains("binary"));
    let csv = err(b"Company,Role\nAcme,Engineer\n");
    assert!(csv.starts_with("message 1 (line 1): it is not an email"), "{csv}");
    let mbox = err(
        b"From nobody Mon Nov 30 14:00:00 2026\nMessage-ID: <a@b>\n\nok\nFrom the desk of\nnot headers\n",
    );
    assert!(mbox.starts_with("message 2 (line 5): it is not an email"), "{mbox}");
    // Regression (a newcomer's find): an invitation given here is pointed
    // to the command that reads it.
    let ics = err(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    assert!(ics.contains("a calendar invitation") && ics.contains("afterview import invite"), "{ics}");
}

#[test]
fn rejection_outranks_the_offer_and_invitation_words_in_it() {
    let raw = "Message-ID: <r@acme.example>\nDate: Tue, 1 Dec 2026 15:00:00 -0500\nFrom: hr@acme.example\n\n\
Thank you for interviewing. Unfortunately we are unable to offer you the position, and we won't\n\
be inviting you to the next round.\n";
    let c = kind_of(raw, Direction::In);
    assert_eq!(c.kind, EmailKind::Rejection);
    assert_eq!(c.phrase.as_deref(), Some("unable to offer you"));
}

#[test]
fn an_offer_reads_its_deadline() {
    let raw = "Message-ID: <o@acme.example>\nDate: Tue, 1 Dec 2026 15:00:00 -0500\nFrom: hr@acme.example\n\
Subject: Your offer\n\nWe are delighted to offer you the role of Data Engineer. Please let us know\nby Friday.\n";
    let c = kind_of(raw, Direction::In);
    assert_eq!(c.kind, EmailKind::Offer, "{c:?}");
    assert_eq!(c.deadline(), Some(jiff::civil::date(2026, 12, 4)));
}

#[test]
fn a_reply_with_a_timeline_is_a_reply_with_the_phrase() {
    let c = kind_of(PLAIN, Direction::In);
    assert_eq!(c.kind, EmailKind::Reply, "{c:?}");
    assert!(c.reason.contains("next Friday"), "{}", c.reason);
    // Read from the message's day (Mon 30 Nov): Friday of the next week.
    assert_eq!(c.reading.unwrap().latest, Some(jiff::civil::date(2026, 12, 11)));
}

#[test]
fn sent_status_check_before_thank_you() {
    let raw = "Message-ID: <s@mail.example>\nFrom: jordan@mail.example\nSubject: Following up\n\n\
Thank you again for the interview last week. I wanted to follow up on where things stand.\n";
    assert_eq!(kind_of(raw, Direction::Out).kind, EmailKind::StatusCheck);
    let thanks = "Message-ID: <t@mail.example>\nFrom: jordan@mail.example\n\nThank you for taking the time to\nmeet with me today.\n";
    let c = kind_of(thanks, Direction::Out);
    assert_eq!(c.kind, EmailKind::ThankYou);
    assert_eq!(c.phrase.as_deref(), Some("Thank you for taking the time"));
}

#[test]
fn a_long_body_is_cut_not_dropped() {
    let long = format!("We will decide by Friday. {}", "é".repeat(30_000));
    let cut = new_text(&long);
    assert!(cut.starts_with("We will decide by Friday.") && cut.len() <= MAX_BODY, "{}", cut.len());
}

#[test]
fn an_offer_deadline_is_read_from_the_sentence_that_asks_for_an_answer() {
    let raw = "Message-ID: <o2@acme.example>\nDate: Tue, 1 Dec 2026 15:00:00 -0500\nFrom: hr@acme.example\n\n\
We are pleased to offer you the role, starting January 11. Please sign and return the letter\nby Monday.\n";
    let c = kind_of(raw, Direction::In);
    assert_eq!(c.kind, EmailKind::Offer);
    assert_eq!(c.deadline(), Some(jiff::civil::date(2026, 12, 7)), "{c:?}");
}
