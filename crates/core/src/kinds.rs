//! The closed sets of words afterview knows: statuses, stages, kinds of
//! message and so on. Each is an enum that parses from (and prints as) the
//! exact spelling the RULEBOOK and the command line use, and whose parse
//! error lists every accepted spelling.

/// Declares an enum of fixed spellings with `FromStr`, `Display`, serde and
/// the list of its names (for help texts, completions and error messages).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)*),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every canonical spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The canonical spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl $crate::kinds::Exact for $name {
            fn exact(bytes: &[u8]) -> Option<Self> {
                $(
                    if bytes == $text.as_bytes() {
                        return Some($name::$variant);
                    }
                )+
                None
            }
        }

        impl $crate::kinds::Choice for $name {
            const NAMES: &'static [&'static str] = $name::NAMES;
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // The exact spelling, as stored, needs no normalising.
                if let Some(v) = <Self as $crate::kinds::Exact>::exact(s.as_bytes()) {
                    return Ok(v);
                }
                // Case-blind: most spellings are lower case, rule ids ("T2")
                // are not, and users type either.
                let norm = s.trim().replace(['_', ' '], "-");
                $(
                    if norm.eq_ignore_ascii_case($text) $(|| norm.eq_ignore_ascii_case($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::error::UnknownValue::new($what, s, Self::NAMES))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}
// For closed sets declared beside the code that uses them (the checker's
// finding codes).
pub(crate) use string_enum;

/// A closed set whose canonical spellings can be recognised as bytes, with
/// no copying or normalising: how a store reads back what it wrote.
pub trait Exact: Sized {
    /// The value spelled exactly so, if any.
    fn exact(bytes: &[u8]) -> Option<Self>;
}

/// A closed set of spellings, for command-line help and completions.
pub trait Choice: std::str::FromStr<Err = crate::error::UnknownValue> + Copy + Send + Sync + 'static {
    const NAMES: &'static [&'static str];
}

string_enum! {
    /// Where an application stands.
    pub enum ApplicationStatus ("application status") {
        Active = "active",
        Offer = "offer",
        Accepted = "accepted",
        Rejected = "rejected",
        Withdrawn = "withdrawn",
        /// Two status checks went unanswered (RULEBOOK F2).
        Stalled = "stalled",
    }
}

impl ApplicationStatus {
    /// Still waiting on the employer: chasing tasks apply.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Active | Self::Offer | Self::Stalled)
    }
}

string_enum! {
    /// The company's culture, which decides whether a paper card is worth it (C2).
    pub enum Culture ("company culture") {
        Startup = "startup",
        Corporate = "corporate",
        Traditional = "traditional",
        Creative = "creative",
        Unknown = "unknown",
    }
}

string_enum! {
    /// How the first contact with the employer came about.
    pub enum FirstContact ("first-contact channel") {
        Email = "email",
        Linkedin = "linkedin",
        Recruiter = "recruiter",
        Referral = "referral",
        JobBoard = "job-board" | "jobboard",
        Other = "other",
    }
}

string_enum! {
    /// The part a person plays on one application.
    pub enum PersonRole ("person role") {
        Interviewer = "interviewer",
        AgencyRecruiter = "agency-recruiter",
        InHouseRecruiter = "in-house-recruiter" | "recruiter",
        HiringManager = "hiring-manager",
        Reference = "reference",
    }
}

impl PersonRole {
    pub fn is_recruiter(self) -> bool {
        matches!(self, Self::AgencyRecruiter | Self::InHouseRecruiter)
    }
}

string_enum! {
    /// The stage of an interview.
    pub enum Stage ("interview stage") {
        PhoneScreen = "phone-screen" | "phone",
        Video = "video",
        Onsite = "onsite" | "on-site",
        Panel = "panel",
        Final = "final",
    }
}

string_enum! {
    /// The kind of a message, sent or received (RULEBOOK §6).
    pub enum MessageKind ("message kind") {
        ThankYou = "thank-you" | "thankyou",
        StatusCheck = "status-check",
        HolidayGreeting = "holiday-greeting",
        RejectionReply = "rejection-reply",
        OfferNotice = "offer-notice",
        /// Accepting, declining or negotiating this employer's offer, or
        /// asking for more time: where money talk belongs.
        OfferReply = "offer-reply",
        ReferenceAlert = "reference-alert",
        /// The short note that goes with a LinkedIn connection request.
        Connect = "connect",
        Other = "other",
    }
}

string_enum! {
    /// Whether a message went out from the candidate or came in from the employer.
    pub enum Direction ("message direction") {
        Out = "out" | "sent",
        In = "in" | "received",
    }
}

string_enum! {
    /// How a message travels.
    pub enum Channel ("channel") {
        Email = "email",
        Call = "call" | "phone",
        Card = "card",
        Linkedin = "linkedin",
        Other = "other",
    }
}

string_enum! {
    /// How an application ended, or a step towards its end.
    pub enum OutcomeKind ("outcome") {
        Offer = "offer",
        Rejection = "rejection" | "rejected",
        Withdrawal = "withdrawal" | "withdrawn",
        Acceptance = "acceptance" | "accepted",
    }
}

impl OutcomeKind {
    /// The status an application takes when this outcome is recorded.
    pub fn resulting_status(self) -> ApplicationStatus {
        match self {
            Self::Offer => ApplicationStatus::Offer,
            Self::Rejection => ApplicationStatus::Rejected,
            Self::Withdrawal => ApplicationStatus::Withdrawn,
            Self::Acceptance => ApplicationStatus::Accepted,
        }
    }
}

string_enum! {
    /// Whether a status check may be a phone call (RULEBOOK C1).
    pub enum PhonePolicy ("phone policy") {
        WhenInvited = "when-invited",
        Allowed = "allowed",
    }
}

string_enum! {
    /// Where `afterview notify` sends the day's digest: nowhere, an email
    /// over SMTP, or a push to an ntfy topic.
    pub enum NotifyChannel ("notify channel") {
        None = "none" | "off",
        Email = "email" | "smtp" | "mail",
        Ntfy = "ntfy" | "push",
    }
}

string_enum! {
    /// How the SMTP connection is protected: STARTTLS on the submission
    /// port, TLS from the first byte (port 465), or nothing (loopback only).
    pub enum SmtpSecurity ("SMTP security") {
        Starttls = "starttls",
        Tls = "tls" | "ssl" | "smtps",
        None = "none" | "plain",
    }
}

impl SmtpSecurity {
    /// The usual port of each: 587 (submission), 465 (submissions), 25.
    pub const fn usual_port(self) -> u16 {
        match self {
            Self::Starttls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }
}

string_enum! {
    /// How to read an all-numeric date such as 12/4.
    pub enum DateOrder ("date order") {
        MonthDay = "month-day" | "mdy" | "us",
        DayMonth = "day-month" | "dmy" | "uk",
    }
}

string_enum! {
    /// A rule of RULEBOOK §3–§5 that a planned task or note rests on. Tasks
    /// cite them (`"rules": ["T2", "C2"]`) so a reader can look each one up.
    pub enum Rule ("rule id") {
        /// Ask for the timeline; meanwhile assume a week.
        T1 = "T1",
        /// A thank-you note to each interviewer, within 48 hours.
        T2 = "T2",
        /// Debrief the agency recruiter first.
        T3 = "T3",
        /// A status check the business day after the decision window.
        T4 = "T4",
        /// No date given: a status check about a week on.
        T5 = "T5",
        /// Contact exactly as instructed.
        T6 = "T6",
        /// A holiday greeting when the decision reaches past Christmas Eve.
        T7 = "T7",
        /// "After the holidays": check in early in January.
        T8 = "T8",
        /// Save the interviewers to contacts.
        T9 = "T9",
        /// Alert the references.
        T10 = "T10",
        /// Send what was promised, with the thank-you.
        T11 = "T11",
        /// No reply: one more check a week later; never two messages within a few business days.
        F1 = "F1",
        /// At most two unanswered checks, then stop and mark it stalled.
        F2 = "F2",
        /// An invitation to keep in touch sets the cadence.
        F3 = "F3",
        /// A reply restarts the count, and its timeline re-plans.
        F4 = "F4",
        /// An offer elsewhere: an honest notice before its deadline.
        F5 = "F5",
        /// An outcome ends the chase; a rejection gets a gracious reply.
        F6 = "F6",
        /// Feedback shown when preparing for later interviews.
        F7 = "F7",
        /// Keep searching while few applications are active.
        F8 = "F8",
        /// Patience: waiting, never overdue, until a check is due.
        F9 = "F9",
        /// An offer from this employer: answer it, or ask for time, before its deadline.
        F10 = "F10",
        /// Status checks by email unless a call is invited or allowed.
        C1 = "C1",
        /// Thank-yous by email, a card for traditional cultures, LinkedIn without an email.
        C2 = "C2",
        /// With an agency recruiter, checks go to the recruiter.
        C3 = "C3",
        /// Calls at the contact's morning or late-afternoon hours.
        C4 = "C4",
        /// No personal social networks, ever.
        C5 = "C5",
    }
}

impl Rule {
    /// Rule ids as a sentence or a calendar entry lists them: "T2, C2".
    pub fn list(rules: &[Rule]) -> String {
        rules.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_canonical_and_alias_spellings() {
        assert_eq!("active".parse(), Ok(ApplicationStatus::Active));
        assert_eq!(" Job_Board ".parse(), Ok(FirstContact::JobBoard));
        assert_eq!("phone".parse(), Ok(Stage::PhoneScreen));
        assert_eq!("rejected".parse(), Ok(OutcomeKind::Rejection));
    }

    #[test]
    fn error_lists_the_accepted_values_and_a_suggestion() {
        let err = "activ".parse::<ApplicationStatus>().unwrap_err().to_string();
        assert_eq!(
            err,
            "\"activ\" is not a known application status; use one of: active, offer, accepted, \
             rejected, withdrawn, stalled (did you mean \"active\"?)"
        );
    }

    #[test]
    fn names_round_trip() {
        for (value, name) in Stage::ALL.iter().zip(Stage::NAMES) {
            assert_eq!(value.as_str(), *name);
            assert_eq!(name.parse::<Stage>(), Ok(*value));
        }
    }

    #[test]
    fn rule_ids_keep_their_capitals() {
        assert_eq!(Rule::ALL.len(), 26, "T1–T11, F1–F10, C1–C5");
        for rule in Rule::ALL {
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(*rule));
            assert_eq!(serde_json::to_string(rule).unwrap(), format!("\"{rule}\""));
        }
        assert_eq!("t10".parse(), Ok(Rule::T10));
        assert_eq!(Rule::list(&[Rule::T2, Rule::C2]), "T2, C2");
        let err = "T12".parse::<Rule>().unwrap_err().to_string();
        assert!(err.starts_with("\"T12\" is not a known rule id; use one of: T1, T2,"), "{err}");
    }

    #[test]
    fn serde_uses_the_spelling() {
        let json = serde_json::to_string(&MessageKind::ThankYou).unwrap();
        assert_eq!(json, "\"thank-you\"");
        let back: MessageKind = serde_json::from_str(&json).unwrap();
        assert_eq!(back, MessageKind::ThankYou);
        assert!(serde_json::from_str::<MessageKind>("\"memo\"").is_err());
    }
}
