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
                let norm = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
                $(
                    if norm == $text $(|| norm == $alias)* {
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
        ReferenceAlert = "reference-alert",
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
    /// How to read an all-numeric date such as 12/4.
    pub enum DateOrder ("date order") {
        MonthDay = "month-day" | "mdy" | "us",
        DayMonth = "day-month" | "dmy" | "uk",
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
    fn serde_uses_the_spelling() {
        let json = serde_json::to_string(&MessageKind::ThankYou).unwrap();
        assert_eq!(json, "\"thank-you\"");
        let back: MessageKind = serde_json::from_str(&json).unwrap();
        assert_eq!(back, MessageKind::ThankYou);
        assert!(serde_json::from_str::<MessageKind>("\"memo\"").is_err());
    }
}
