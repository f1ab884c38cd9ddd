//! Checker behaviour beyond the corpus: severities by kind, the JSON shape,
//! the batch rule, what the spelling check accepts, and robustness.

use super::*;
use crate::settings::Checker as Limits;

fn ctx() -> Context {
    Context {
        recipient: Some("Maria Lopez".into()),
        company: Some("Acme Robotics".into()),
        names: vec!["Maya Patel".into(), "Tom Chen".into()],
        ..Context::default()
    }
}

fn codes(text: &str, kind: MessageKind, c: &Context) -> Vec<(Code, Severity)> {
    check(text, kind, c, &Limits::default()).into_iter().map(|f| (f.code, f.severity)).collect()
}

#[test]
fn missing_thanks_is_an_error_only_where_thanks_are_the_point() {
    let note = "Dear Maria,\n\nI'm still very interested in the role.\n\nMaya";
    assert!(
        codes(note, MessageKind::StatusCheck, &ctx()).contains(&(Code::MissingThanks, Severity::Warning))
    );
    assert!(
        codes(note, MessageKind::RejectionReply, &ctx()).contains(&(Code::MissingThanks, Severity::Error))
    );
    assert!(codes(note, MessageKind::ThankYou, &ctx()).contains(&(Code::MissingThanks, Severity::Error)));
}

#[test]
fn findings_serialise_as_the_contract() {
    let f = check(
        "Dear Maria,\n\nThank you! What is the salary?",
        MessageKind::Other,
        &ctx(),
        &Limits::default(),
    );
    let json = serde_json::to_value(&f[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"code": "salary", "severity": "error", "line": 3, "column": 24, "excerpt": "salary",
            "message": "\"salary\": leave pay, benefits and time off until they make you an offer", "rule": "§6 salary"})
    );
}

#[test]
fn leverage_is_negotiation_but_not_in_an_offer_notice_or_an_honest_note() {
    let negotiation =
        |note: &str, kind| codes(note, kind, &ctx()).iter().any(|(c, _)| *c == Code::Negotiation);
    let leverage =
        "Dear Maria,\n\nThank you. I have another offer, so unless you can match it I will move on.\n\nMaya";
    assert!(negotiation(leverage, MessageKind::StatusCheck));
    assert!(!negotiation(leverage, MessageKind::OfferNotice), "the rulebook exempts offer notices");
    let honest = "Dear Maria,\n\nThank you. I have another offer, with a deadline of Friday; could you tell me whether you expect to decide before then?\n\nMaya";
    assert!(!negotiation(honest, MessageKind::StatusCheck), "naming a deadline is not leverage");
}

#[test]
fn names_and_personal_words_are_not_spelling_mistakes() {
    let note = "Dear Maria,\n\nThank you. Grafanix and Zorblat look great, and I'm excited. Say hi to Tom and Xiomara.\n\nMaya Patel";
    let mut c = ctx();
    let flagged = |c: &Context| -> Vec<String> {
        check(note, MessageKind::Other, c, &Limits::default())
            .into_iter()
            .filter(|f| f.code == Code::Spelling)
            .map(|f| f.excerpt)
            .collect()
    };
    assert_eq!(flagged(&c), Vec::<String>::new(), "capitalised unknown words are taken as names or products");
    let lower = "Dear Maria,\n\nThank you, the grafanix work was great.\n\nMaya";
    assert_eq!(
        check(lower, MessageKind::Other, &c, &Limits::default())
            .iter()
            .filter(|f| f.code == Code::Spelling)
            .count(),
        1
    );
    c.words.push("grafanix".into());
    assert_eq!(
        check(lower, MessageKind::Other, &c, &Limits::default())
            .iter()
            .filter(|f| f.code == Code::Spelling)
            .count(),
        0
    );
}

#[test]
fn suggestions_put_the_likeliest_slip_first() {
    let f =
        check("Dear Maria,\n\nThank you for the interveiw.", MessageKind::Other, &ctx(), &Limits::default());
    let spelling = f.iter().find(|f| f.code == Code::Spelling).unwrap();
    assert!(spelling.message.contains("did you mean \"interview\""), "{}", spelling.message);
}

#[test]
fn panel_notes_that_differ_only_in_the_greeting_are_too_similar() {
    let body = "Thank you for meeting me about the Platform Engineer role. I enjoyed our talk about the fleet dashboard, \
                and my experience running large fleets fits what you need. I'm excited about joining Acme Robotics.\n\nBest,\nMaya";
    let to = |name: &str| Context { recipient: Some(name.into()), ..ctx() };
    let notes = [
        (format!("Dear Maria,\n\n{body}"), to("Maria Lopez")),
        (format!("Hi Tom,\n\n{body}"), to("Tom Chen")),
    ];
    let batch: Vec<(&str, Context)> = notes.iter().map(|(t, c)| (t.as_str(), c.clone())).collect();
    let results = check_batch(&batch, MessageKind::ThankYou, &Limits::default());
    assert!(results[0].iter().all(|f| f.code != Code::TooSimilar));
    let similar: Vec<_> = results[1].iter().filter(|f| f.code == Code::TooSimilar).collect();
    assert_eq!(similar.len(), 1);
    assert!(similar[0].message.contains("the one to Maria Lopez"));
    // Different notes pass.
    let other = "Hi Tom,\n\nThank you for the deep dive into on-call. Your idea of alert budgets matches what I built at \
                 my last job, and I'm excited to bring it to Acme Robotics.\n\nBest,\nMaya";
    let batch = [(batch[0].0, to("Maria Lopez")), (other, to("Tom Chen"))];
    assert!(
        check_batch(&batch, MessageKind::ThankYou, &Limits::default())
            .iter()
            .flatten()
            .all(|f| f.code != Code::TooSimilar)
    );
}

#[test]
fn positions_count_characters_not_bytes() {
    let f = check(
        "Dear Maria,\n\nThank you — café talk was great. What salary?",
        MessageKind::Other,
        &ctx(),
        &Limits::default(),
    );
    let salary = f.iter().find(|f| f.code == Code::Salary).unwrap();
    // "—" is 3 bytes and "é" 2: the column counts characters (39), not bytes (42).
    assert_eq!((salary.line, salary.column), (3, 39));
}

#[test]
fn a_page_of_gibberish_reports_a_bounded_number_of_words() {
    let junk: String = (0..5000).map(|i| format!("qzx{i}vbn wqpl{} ", i % 97)).collect();
    let f = check(&junk, MessageKind::Other, &ctx(), &Limits::default());
    assert!(f.iter().filter(|f| f.code == Code::Spelling).count() <= 50);
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(120))]

        #[test]
        fn any_text_is_checked_without_panicking(text in "\\PC{0,400}") {
            for f in check(&text, MessageKind::ThankYou, &ctx(), &Limits::default()) {
                prop_assert!(f.line >= 1 && f.column >= 1);
            }
        }

        #[test]
        fn any_bytes_are_checked_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let text = String::from_utf8_lossy(&bytes);
            let _ = check(&text, MessageKind::StatusCheck, &ctx(), &Limits::default());
        }
    }
}

#[test]
fn codes_are_spelled_as_the_rulebook_and_each_phrase_rule_has_its_own() {
    assert_eq!(Code::ALL.len(), 19, "RULEBOOK §6 lists 19 codes");
    for &code in Code::ALL {
        assert_eq!(code.as_str().parse::<Code>(), Ok(code));
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
    }
    let mut seen = HashSet::new();
    for rule in rules::PHRASE_RULES {
        assert!(seen.insert(rule.code), "{} has two phrase rules", rule.code);
        assert!(!rule.phrases.is_empty(), "{}", rule.code);
        // The advice follows the quoted phrase: "\"salary\": leave pay …".
        assert!(rule.advice.starts_with([':', ' ']), "{}", rule.code);
    }
}

/// Regression (issue 9): a draft starts with its subject line, and the
/// greeting was looked for only in the note's first words, so a note to
/// the wrong person passed; a bare first-name greeting was never checked.
#[test]
fn the_greeting_is_found_after_a_subject_line_and_alone() {
    let to_tom = Context { recipient: Some("Tom Chen".into()), names: vec!["Maria Lopez".into()], ..ctx() };
    let wrong = |note: &str| {
        codes(note, MessageKind::ThankYou, &to_tom).contains(&(Code::RecipientName, Severity::Error))
    };
    let body = "\n\nThank you for the talk about the fleet dashboard. I'm keen on the role; my experience fits.\n\nMaya";
    assert!(wrong(&format!("Subject: Thank you - Platform Engineer\n\nDear Maria,{body}")));
    assert!(wrong(&format!("Maria,{body}")));
    assert!(wrong(&format!("Subject: Thanks\n\nMaria Lopez,{body}")));
    assert!(!wrong(&format!("Subject: Thanks\n\nDear Tom,{body}")));
    assert!(!wrong(&format!("Tom,{body}")));
    // A first line that is a sentence is no greeting, nor a word alone.
    assert!(!wrong(&format!("Maria mentioned you would like a note.{body}")));
    for opener in ["Thanks,", "Congratulations,", "Apologies,"] {
        assert!(!wrong(&format!("{opener}{body}")), "{opener}");
    }
    assert!(wrong(&format!("Mraia,{body}")), "a slip of a known name is still checked");
}

/// Regression (issue 9): a reproach for not replying passed unflagged.
#[test]
fn a_reproach_for_silence_is_pressure() {
    let note = "Dear Maria,\n\nYou never replied to my last two messages about the role. I remain interested.\n\nMaya";
    assert!(codes(note, MessageKind::StatusCheck, &ctx()).contains(&(Code::Pressure, Severity::Warning)));
    let fine = "Dear Maria,\n\nI never expected such a warm welcome; thank you for your time.\n\nMaya";
    assert!(!codes(fine, MessageKind::ThankYou, &ctx()).iter().any(|(c, _)| *c == Code::Pressure));
}

/// Regression (issue 9): an offer notice skipped the company check
/// altogether, so "Acme remains my first choice", sent to Contoso, passed.
/// The company that made the offer is named on purpose, in its sentence.
#[test]
fn an_offer_notice_names_the_offering_company_and_no_other() {
    let c = Context {
        recipient: Some("Olu Adeyemi".into()),
        company: Some("Contoso".into()),
        other_companies: vec!["Globex".into(), "Acme Robotics".into()],
        ..Context::default()
    };
    let honest = "Dear Olu,\n\nThank you again for the conversations. I have received an offer from Globex and must respond by Tue 8 Dec.\n\nI remain very interested in Contoso, so I wanted to ask whether an update might be possible.\n\nBest regards,\nSam";
    assert!(!codes(honest, MessageKind::OfferNotice, &c).iter().any(|(code, _)| *code == Code::CompanyName));
    let slip = honest.replace("I remain very interested in Contoso", "Acme Robotics remains my first choice");
    let found = check(&slip, MessageKind::OfferNotice, &c, &Limits::default());
    let slips: Vec<&str> =
        found.iter().filter(|f| f.code == Code::CompanyName).map(|f| f.excerpt.as_str()).collect();
    assert_eq!(slips, ["Acme Robotics"], "{found:#?}");
}

/// Regression (issue 9): "Dear Maria Chen," to Maria Lopez said "the
/// greeting names Maria Lopez, but this note is to Maria Lopez".
#[test]
fn a_mixed_up_greeting_names_the_other_person() {
    let c = Context { names: vec!["Maria Lopez".into(), "Tom Chen".into()], ..ctx() };
    let found = check("Dear Maria Chen,\n\nThank you.\n", MessageKind::ThankYou, &c, &Limits::default());
    let name = found.iter().find(|f| f.code == Code::RecipientName).expect("a wrong name");
    assert_eq!(name.message, "the greeting names Tom Chen, but this note is to Maria Lopez");
}

/// Issue 10, checker pattern 1: a plain seasonal wish needs no thanks, nor
/// does a connection note; a status check still does.
#[test]
fn a_holiday_greeting_needs_no_thanks() {
    let wish =
        "Dear Maria,\n\nWishing you a peaceful holiday season and a happy new year.\n\nWarm wishes,\nMaya";
    for kind in [MessageKind::HolidayGreeting, MessageKind::Connect, MessageKind::Other] {
        assert!(!codes(wish, kind, &ctx()).iter().any(|(c, _)| *c == Code::MissingThanks), "{kind}");
    }
    assert!(
        codes(wish, MessageKind::StatusCheck, &ctx()).contains(&(Code::MissingThanks, Severity::Warning))
    );
}

/// Issue 10, pattern 2: money talk in the reply to an offer, or on an
/// application that holds one, is no `salary` finding; before, it is.
#[test]
fn money_talk_is_fine_once_they_have_made_an_offer() {
    let note = "Dear Maria,\n\nThank you for the offer. I'm happy to accept the salary of $78,000 a year and the 20 days of paid time off.\n\nMaya";
    let salary = |kind, c: &Context| codes(note, kind, c).iter().filter(|(c, _)| *c == Code::Salary).count();
    assert_eq!(
        salary(MessageKind::Other, &ctx()),
        2,
        "before an offer: \"salary\" and \"paid time off\"; the figure in their sentence adds none"
    );
    assert_eq!(salary(MessageKind::OfferReply, &ctx()), 0);
    assert_eq!(salary(MessageKind::Other, &Context { offer_made: true, ..ctx() }), 0);
}

/// Issue 10, pattern 3: a common nickname of the recipient's first name is
/// their name; someone else's name is still an error.
#[test]
fn nicknames_greet_the_recipient() {
    let body = "\n\nThank you for the talk about the fleet dashboard. I'm keen on the role; my experience fits.\n\nMaya";
    let wrong = |greeting: &str, to: &str| {
        let c = Context { recipient: Some(to.into()), ..ctx() };
        codes(&format!("{greeting}{body}"), MessageKind::ThankYou, &c)
            .contains(&(Code::RecipientName, Severity::Error))
    };
    assert!(!wrong("Dear Bill,", "William Okafor"));
    assert!(!wrong("Hi Liz,", "Elizabeth Grant"));
    assert!(!wrong("Dear William,", "Bill Okafor"), "either way round");
    assert!(!wrong("Dear Bill Okafor,", "William Okafor"));
    assert!(wrong("Dear Bob,", "William Okafor"));
    assert!(wrong("Dear Tom,", "William Okafor"), "a name on the record that is not theirs");
}

/// Issue 10, pattern 4: the signature names the sender, set or not.
#[test]
fn the_senders_name_in_the_signature_is_no_typo() {
    let note = "Dear Maria,\n\nThank you for the talk; I'm keen on the role.\n\nSincerely,\n\nMaya Bakker\nBakker Design";
    let no_names = Context { names: vec![], ..ctx() };
    assert!(!codes(note, MessageKind::Other, &no_names).iter().any(|(c, _)| *c == Code::Spelling));
    // A slip of a lowercase word in the sign-off line is still one.
    let slip = "Dear Maria,\n\nThank you for the talk.\n\nBest regrads,\nMaya Bakker";
    assert!(codes(slip, MessageKind::Other, &no_names).iter().any(|(c, _)| *c == Code::Spelling));
}

/// Issue 10, pattern 5: the subject line, greeting, sign-off and signature
/// are not paragraphs, and their words do not count towards the length.
#[test]
fn length_counts_the_body_only() {
    let para = "This paragraph is short.\n\n";
    let five = format!(
        "Subject: Thank you\n\nDear Maria,\n\n{}Thank you again,\n\nMaya Patel\nPlatform Engineer\nmaya@mail.example",
        para.repeat(5)
    );
    assert!(!codes(&five, MessageKind::Other, &ctx()).iter().any(|(c, _)| *c == Code::Length));
    let six = five.replacen(para, &para.repeat(2), 1);
    assert!(codes(&six, MessageKind::Other, &ctx()).iter().any(|(c, _)| *c == Code::Length));
    // 148 body words, 160 with the greeting and signature: under 150.
    let body = "word ".repeat(147);
    let note = format!(
        "Dear Maria,\n\nThanks {body}\n\nWith best regards and thanks,\nMaya Patel, Platform Engineer\n555 0100 extension nine"
    );
    assert!(!codes(&note, MessageKind::Other, &ctx()).iter().any(|(c, _)| *c == Code::Length));
}

/// Issue 10, pattern 6: slots without brackets or holding a slash, needy
/// closers, money as figures.
#[test]
fn unbracketed_and_slash_slots_needy_closers_and_figures() {
    let found = |note: &str, kind| -> Vec<String> {
        check(note, kind, &ctx(), &Limits::default())
            .into_iter()
            .map(|f| format!("{} {}", f.code, f.excerpt))
            .collect()
    };
    let slots = "Dear Mr./Ms. Lopez,\n\nThank you for meeting [you/the team] at Company Name about the Job Title.\n\nBest,\nYour Name";
    assert_eq!(
        found(slots, MessageKind::Other),
        [
            "placeholder Mr./Ms.",
            "placeholder [you/the team]",
            "placeholder Company Name",
            "placeholder Job Title",
            "placeholder Your Name"
        ]
    );
    let prose =
        "Dear Maria,\n\nThank you; I didn't catch your name at the desk, and the job title is clear.\n\nMaya";
    assert!(found(prose, MessageKind::Other).is_empty(), "{:?}", found(prose, MessageKind::Other));
    for closer in [
        "Waiting for your positive reply.",
        "Hoping for a favourable response.",
        "I look forward to a favorable decision.",
    ] {
        let note = format!("Dear Maria,\n\nThank you for your time. {closer}\n\nMaya");
        assert_eq!(found(&note, MessageKind::Other).len(), 1, "{closer}");
    }
    let fine =
        "Dear Maria,\n\nThank you. I look forward to a positive working relationship with the team.\n\nMaya";
    assert!(found(fine, MessageKind::Other).is_empty());
    let money =
        "Dear Maria,\n\nThank you. I'd be comfortable at $1,500 a month. My expectation is 85k.\n\nMaya";
    assert_eq!(found(money, MessageKind::Other), ["salary $1,500", "salary 85k"]);
}

/// Blind evaluation (issue 10): asking when to expect news is what the
/// rulebook advises, not pressure; demanding it by a day is.
#[test]
fn asking_when_to_expect_news_is_not_pressure() {
    let pressure =
        |text: &str| codes(text, MessageKind::StatusCheck, &ctx()).iter().any(|(c, _)| *c == Code::Pressure);
    assert!(!pressure(
        "Dear Maria,\n\nThank you again. When might I expect to hear about next steps?\n\nMaya"
    ));
    assert!(pressure("Dear Maria,\n\nThank you. I expect to hear from you by Friday.\n\nMaya"));
    assert!(pressure("Dear Maria,\n\nI expect an answer this week.\n\nMaya"));
}
