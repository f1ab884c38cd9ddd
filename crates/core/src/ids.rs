//! Newtype ids, so an interview id can never be passed where a person id is
//! expected. They print with a one-letter prefix (`a12`, `p3`, `i7`) so that a
//! user can tell them apart on the command line, and parse with or without it.

use std::fmt;
use std::str::FromStr;

use crate::error::InvalidValue;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub const PREFIX: char = $prefix;
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}{}", $prefix, self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let trimmed = s.trim();
                let digits = trimmed
                    .strip_prefix($prefix)
                    .or_else(|| trimmed.strip_prefix($prefix.to_ascii_uppercase()))
                    .unwrap_or(trimmed);
                match digits.parse::<i64>() {
                    Ok(n) if n > 0 => Ok(Self(n)),
                    _ => Err(InvalidValue::new(
                        s,
                        concat!($what, " id such as ", $prefix, "12 (see the list command)"),
                    )),
                }
            }
        }
    };
}

id_type!(/** An application to one role at one company. */ ApplicationId, 'a', "an application");
id_type!(/** A person: interviewer, recruiter, reference. */ PersonId, 'p', "a person");
id_type!(/** One interview. */ InterviewId, 'i', "an interview");
id_type!(/** One message sent or received. */ MessageId, 'm', "a message");
id_type!(/** One recorded outcome. */ OutcomeId, 'o', "an outcome");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_print_with_prefix_and_parse_either_way() {
        assert_eq!(ApplicationId(12).to_string(), "a12");
        assert_eq!("a12".parse(), Ok(ApplicationId(12)));
        assert_eq!("12".parse(), Ok(ApplicationId(12)));
        assert_eq!("P3".parse(), Ok(PersonId(3)));
    }

    #[test]
    fn bad_ids_name_the_form() {
        let err = "x7".parse::<InterviewId>().unwrap_err();
        assert_eq!(err.to_string(), "\"x7\" is not an interview id such as i12 (see the list command)");
        assert!("0".parse::<PersonId>().is_err());
        assert!("-4".parse::<PersonId>().is_err());
    }
}
