//! The time zone an invite's times are in. Google and Apple write IANA
//! names (`TZID=America/Los_Angeles`); Outlook and Teams write Windows
//! names (`TZID=Pacific Standard Time`) with a VTIMEZONE describing the
//! zone's offsets beside them, and for a zone set by hand
//! `TZID=Customized Time Zone`. A Windows name is looked up in
//! [`WINDOWS_ZONES`] (the "001" rows of CLDR's `windowsZones.xml`, the zone
//! each Windows name stands for, written out for this project); an unknown
//! name is read from its VTIMEZONE only when that gives the offset at the
//! interview exactly (a fixed offset, or yearly "n-th weekday of a month"
//! changes, which is how Outlook writes every zone); otherwise the invite
//! is refused with the zone's name and the fix (`--time-zone`).

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::{Offset, TimeZone};

use super::lines::Part;

/// Windows time zone names and the IANA zone CLDR maps each to (its
/// territory "001" row). All of the Americas, Europe, Africa, Asia,
/// Oceania and the Atlantic are here, and the UTC offsets Windows names
/// as zones.
pub const WINDOWS_ZONES: &[(&str, &str)] = &[
    // The Americas.
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Aleutian Standard Time", "America/Adak"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Bahia Standard Time", "America/Bahia"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Central Brazilian Standard Time", "America/Cuiaba"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Cuba Standard Time", "America/Havana"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Eastern Standard Time", "America/New_York"),
    ("Eastern Standard Time (Mexico)", "America/Cancun"),
    ("Greenland Standard Time", "America/Godthab"),
    ("Haiti Standard Time", "America/Port-au-Prince"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Magallanes Standard Time", "America/Punta_Arenas"),
    ("Mountain Standard Time", "America/Denver"),
    ("Mountain Standard Time (Mexico)", "America/Mazatlan"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Pacific Standard Time (Mexico)", "America/Tijuana"),
    ("Paraguay Standard Time", "America/Asuncion"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("Saint Pierre Standard Time", "America/Miquelon"),
    ("Tocantins Standard Time", "America/Araguaina"),
    ("Turks And Caicos Standard Time", "America/Grand_Turk"),
    ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Venezuela Standard Time", "America/Caracas"),
    ("Montevideo Standard Time", "America/Montevideo"),
    ("Yukon Standard Time", "America/Whitehorse"),
    // The Atlantic and Europe.
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Romance Standard Time", "Europe/Paris"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kiev"),
    ("Kaliningrad Standard Time", "Europe/Kaliningrad"),
    ("Belarus Standard Time", "Europe/Minsk"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Astrakhan Standard Time", "Europe/Astrakhan"),
    ("Russia Time Zone 3", "Europe/Samara"),
    ("Saratov Standard Time", "Europe/Saratov"),
    ("Volgograd Standard Time", "Europe/Volgograd"),
    // Africa.
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("Namibia Standard Time", "Africa/Windhoek"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Libya Standard Time", "Africa/Tripoli"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("South Sudan Standard Time", "Africa/Juba"),
    ("Sudan Standard Time", "Africa/Khartoum"),
    ("E. Africa Standard Time", "Africa/Nairobi"),
    ("Sao Tome Standard Time", "Africa/Sao_Tome"),
    // Asia.
    ("Jordan Standard Time", "Asia/Amman"),
    ("Middle East Standard Time", "Asia/Beirut"),
    ("Syria Standard Time", "Asia/Damascus"),
    ("West Bank Standard Time", "Asia/Hebron"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    ("Arabic Standard Time", "Asia/Baghdad"),
    ("Arab Standard Time", "Asia/Riyadh"),
    ("Iran Standard Time", "Asia/Tehran"),
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Azerbaijan Standard Time", "Asia/Baku"),
    ("Georgian Standard Time", "Asia/Tbilisi"),
    ("Caucasus Standard Time", "Asia/Yerevan"),
    ("Mauritius Standard Time", "Indian/Mauritius"),
    ("Afghanistan Standard Time", "Asia/Kabul"),
    ("West Asia Standard Time", "Asia/Tashkent"),
    ("Ekaterinburg Standard Time", "Asia/Yekaterinburg"),
    ("Pakistan Standard Time", "Asia/Karachi"),
    ("Qyzylorda Standard Time", "Asia/Qyzylorda"),
    ("India Standard Time", "Asia/Kolkata"),
    ("Sri Lanka Standard Time", "Asia/Colombo"),
    ("Nepal Standard Time", "Asia/Kathmandu"),
    ("Central Asia Standard Time", "Asia/Bishkek"),
    ("Bangladesh Standard Time", "Asia/Dhaka"),
    ("Omsk Standard Time", "Asia/Omsk"),
    ("Myanmar Standard Time", "Asia/Yangon"),
    ("SE Asia Standard Time", "Asia/Bangkok"),
    ("Altai Standard Time", "Asia/Barnaul"),
    ("W. Mongolia Standard Time", "Asia/Hovd"),
    ("North Asia Standard Time", "Asia/Krasnoyarsk"),
    ("N. Central Asia Standard Time", "Asia/Novosibirsk"),
    ("Tomsk Standard Time", "Asia/Tomsk"),
    ("China Standard Time", "Asia/Shanghai"),
    ("North Asia East Standard Time", "Asia/Irkutsk"),
    ("Singapore Standard Time", "Asia/Singapore"),
    ("Taipei Standard Time", "Asia/Taipei"),
    ("Ulaanbaatar Standard Time", "Asia/Ulaanbaatar"),
    ("Transbaikal Standard Time", "Asia/Chita"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("North Korea Standard Time", "Asia/Pyongyang"),
    ("Korea Standard Time", "Asia/Seoul"),
    ("Yakutsk Standard Time", "Asia/Yakutsk"),
    ("Vladivostok Standard Time", "Asia/Vladivostok"),
    ("Magadan Standard Time", "Asia/Magadan"),
    ("Sakhalin Standard Time", "Asia/Sakhalin"),
    ("Russia Time Zone 10", "Asia/Srednekolymsk"),
    ("Russia Time Zone 11", "Asia/Kamchatka"),
    // Oceania.
    ("W. Australia Standard Time", "Australia/Perth"),
    ("Aus Central W. Standard Time", "Australia/Eucla"),
    ("Cen. Australia Standard Time", "Australia/Adelaide"),
    ("AUS Central Standard Time", "Australia/Darwin"),
    ("E. Australia Standard Time", "Australia/Brisbane"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Tasmania Standard Time", "Australia/Hobart"),
    ("West Pacific Standard Time", "Pacific/Port_Moresby"),
    ("Lord Howe Standard Time", "Australia/Lord_Howe"),
    ("Bougainville Standard Time", "Pacific/Bougainville"),
    ("Central Pacific Standard Time", "Pacific/Guadalcanal"),
    ("Norfolk Standard Time", "Pacific/Norfolk"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
    ("Fiji Standard Time", "Pacific/Fiji"),
    ("Chatham Islands Standard Time", "Pacific/Chatham"),
    ("Tonga Standard Time", "Pacific/Tongatapu"),
    ("Samoa Standard Time", "Pacific/Apia"),
    ("Line Islands Standard Time", "Pacific/Kiritimati"),
    ("Easter Island Standard Time", "Pacific/Easter"),
    ("Marquesas Standard Time", "Pacific/Marquesas"),
    // Windows' names for fixed offsets.
    ("UTC", "Etc/UTC"),
    ("Coordinated Universal Time", "Etc/UTC"),
    ("UTC-11", "Etc/GMT+11"),
    ("UTC-09", "Etc/GMT+9"),
    ("UTC-08", "Etc/GMT+8"),
    ("UTC-02", "Etc/GMT+2"),
    ("UTC+12", "Etc/GMT-12"),
    ("UTC+13", "Etc/GMT-13"),
    ("Dateline Standard Time", "Etc/GMT+12"),
];

/// The IANA zone a Windows zone name stands for, in any capitalisation.
pub fn windows_zone(name: &str) -> Option<&'static str> {
    let name = name.trim();
    WINDOWS_ZONES.iter().find(|(w, _)| w.eq_ignore_ascii_case(name)).map(|(_, iana)| *iana)
}

/// How a TZID was understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// An IANA zone, named by the invite or by its Windows name.
    Zone(TimeZone),
    /// Not a name afterview knows.
    Unknown,
}

/// The zone a TZID names: an IANA name, a Windows name, or an IANA name at
/// the end of a path (`/mozilla.org/20050126_1/America/New_York`, as
/// Thunderbird and Lotus wrote them).
pub fn known(tzid: &str) -> Known {
    let tzid = tzid.trim().trim_matches('"');
    if tzid.is_empty() || tzid.len() > 200 {
        return Known::Unknown;
    }
    if let Some(iana) = windows_zone(tzid)
        && let Ok(tz) = TimeZone::get(iana)
    {
        return Known::Zone(tz);
    }
    // An IANA name has no spaces; "Pacific Standard Time" was handled above,
    // and any other spaced name is Windows' or made up.
    if !tzid.contains(' ') {
        let parts: Vec<&str> = tzid.split('/').filter(|p| !p.is_empty()).collect();
        for skip in 0..parts.len() {
            let candidate = parts[skip..].join("/");
            // A bare "Pacific" at the end of a path is not a zone.
            if (parts.len() - skip == 1 && skip > 0) || candidate.is_empty() {
                continue;
            }
            if let Ok(tz) = TimeZone::get(&candidate) {
                return Known::Zone(tz);
            }
        }
    }
    Known::Unknown
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE, reduced to what an exact
/// reading needs.
#[derive(Debug, Clone, Copy)]
struct Observance {
    from: Offset,
    to: Offset,
    /// The local time of day of the change (in `from`).
    at: jiff::civil::Time,
    /// `None`: a change that happens once, at `start`.
    rule: Option<(i8, i8, Weekday)>,
    start: DateTime,
}

fn offset(value: &str) -> Option<Offset> {
    let v = value.trim();
    let (sign, digits) = match v.as_bytes().first()? {
        b'+' => (1, &v[1..]),
        b'-' => (-1, &v[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..4].parse().ok()?;
    let s: i32 = if digits.len() == 6 { digits[4..].parse().ok()? } else { 0 };
    if h > 18 || m > 59 || s > 59 {
        return None;
    }
    Offset::from_seconds(sign * (h * 3600 + m * 60 + s)).ok()
}

fn local(value: &str) -> Option<DateTime> {
    let v = value.trim();
    if v.len() != 15 || v.as_bytes()[8] != b'T' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<i16> {
        v.get(r).filter(|s| s.bytes().all(|b| b.is_ascii_digit()))?.parse().ok()
    };
    let small = |r: std::ops::Range<usize>| -> Option<i8> { i8::try_from(n(r)?).ok() };
    DateTime::new(
        n(0..4)?,
        small(4..6)?,
        small(6..8)?,
        small(9..11)?,
        small(11..13)?,
        small(13..15)?.min(59),
        0,
    )
    .ok()
}

/// `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD` (with `INTERVAL=1` allowed): the
/// month, the week (1–5, or -1 for the last) and the weekday. Any other
/// rule is not followed.
fn yearly_rule(rrule: &str) -> Option<(i8, i8, Weekday)> {
    let (mut yearly, mut month, mut byday) = (false, None, None);
    for part in rrule.split(';') {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => yearly = v.eq_ignore_ascii_case("YEARLY"),
            "INTERVAL" if v.trim() == "1" => {}
            "BYMONTH" => month = v.trim().parse::<i8>().ok().filter(|m| (1..=12).contains(m)),
            "BYDAY" => {
                let v = v.trim();
                let split = v.len().checked_sub(2)?;
                let (n, day) = (v.get(..split)?, v.get(split..)?);
                let n: i8 = n.trim_start_matches('+').parse().ok().filter(|n| matches!(n, 1..=5 | -1))?;
                let day = match day.to_ascii_uppercase().as_str() {
                    "MO" => Weekday::Monday,
                    "TU" => Weekday::Tuesday,
                    "WE" => Weekday::Wednesday,
                    "TH" => Weekday::Thursday,
                    "FR" => Weekday::Friday,
                    "SA" => Weekday::Saturday,
                    "SU" => Weekday::Sunday,
                    _ => return None,
                };
                byday = Some((n, day));
            }
            _ => return None,
        }
    }
    let (n, day) = byday?;
    yearly.then_some((month?, n, day))
}

/// The instant (as seconds) an observance changes the offset in `year`.
fn change_in(o: &Observance, year: i16) -> Option<i64> {
    let local = match o.rule {
        None => {
            if o.start.year() != year {
                return None;
            }
            o.start
        }
        Some((month, n, weekday)) => {
            if year < o.start.year() {
                return None;
            }
            let first = Date::new(year, month, 1).ok()?;
            // Week 5 is "the last", as Windows means it.
            let day = if n == -1 || n == 5 {
                first.last_of_month().nth_weekday_of_month(-1, weekday).ok()?
            } else {
                first.nth_weekday_of_month(n, weekday).ok()?
            };
            day.to_datetime(o.at)
        }
    };
    let ts = local.to_zoned(TimeZone::fixed(o.from)).ok()?.timestamp();
    Some(ts.as_second())
}

/// The offset the VTIMEZONE `tzid` gives the local time `at`, when it can
/// be known exactly; `None` when the VTIMEZONE is missing or describes its
/// changes in a way not followed here.
pub fn from_vtimezone(calendar: &Part, tzid: &str, at: DateTime) -> Option<Offset> {
    let tzid = tzid.trim().trim_matches('"');
    let vtz = calendar
        .parts("VTIMEZONE")
        .find(|z| z.prop("TZID").is_some_and(|p| p.value.trim().trim_matches('"') == tzid))?;
    let mut obs = Vec::new();
    for o in vtz.parts.iter().filter(|p| p.name == "STANDARD" || p.name == "DAYLIGHT") {
        if o.prop("RDATE").is_some() {
            return None;
        }
        let from = offset(&o.prop("TZOFFSETFROM")?.value)?;
        let to = offset(&o.prop("TZOFFSETTO")?.value)?;
        let start = local(&o.prop("DTSTART")?.value)?;
        let rule = match o.prop("RRULE") {
            Some(r) => Some(yearly_rule(&r.value)?),
            None => None,
        };
        obs.push(Observance { from, to, at: start.time(), rule, start });
    }
    let first = obs.first()?;
    if obs.iter().all(|o| o.to == first.to) {
        return Some(first.to);
    }
    // Every change near the interview: its year and the one before.
    let year = at.year();
    let mut changes: Vec<(i64, Offset)> = obs
        .iter()
        .flat_map(|o| [year - 1, year].into_iter().filter_map(move |y| change_in(o, y).map(|t| (t, o.to))))
        .collect();
    changes.sort_by_key(|c| c.0);
    // The offset in force at an instant: that of the last change before it.
    let in_force = |t: i64| changes.iter().rev().find(|c| c.0 <= t).map(|c| c.1);
    // The local time read with each offset the zone has; the one that is
    // in force at the instant it gives is the answer (the earlier of two
    // in an hour that happens twice).
    let mut offsets: Vec<Offset> = obs.iter().map(|o| o.to).collect();
    offsets.sort();
    offsets.dedup();
    offsets.reverse();
    offsets.into_iter().find(|&off| {
        at.to_zoned(TimeZone::fixed(off))
            .ok()
            .is_some_and(|z| in_force(z.timestamp().as_second()) == Some(off))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_windows_name_maps_to_a_zone_of_the_bundled_database() {
        for (windows, iana) in WINDOWS_ZONES {
            assert!(TimeZone::get(iana).is_ok(), "{windows} → {iana}");
        }
        let mut names: Vec<String> = WINDOWS_ZONES.iter().map(|(w, _)| w.to_lowercase()).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a Windows name is listed twice");
    }

    #[test]
    fn names_of_three_kinds() {
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        assert_eq!(known("Pacific Standard Time"), Known::Zone(la.clone()));
        assert_eq!(known("\"pacific standard time\""), Known::Zone(la.clone()));
        assert_eq!(known("America/Los_Angeles"), Known::Zone(la));
        assert_eq!(
            known("/mozilla.org/20050126_1/America/New_York"),
            Known::Zone(TimeZone::get("America/New_York").unwrap())
        );
        assert_eq!(known("Customized Time Zone"), Known::Unknown);
        assert_eq!(known("Mars/Olympus_Mons"), Known::Unknown);
        assert_eq!(known(""), Known::Unknown);
    }

    fn outlook_zone(tzid: &str) -> Part {
        let text = format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:{tzid}\r\n\
BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\n\
END:VTIMEZONE\r\nEND:VCALENDAR\r\n"
        );
        super::super::lines::read(&text).unwrap()
    }

    /// Outlook's own description of a zone, read exactly: the same offsets
    /// as the IANA zone on both sides of each change.
    #[test]
    fn a_vtimezone_with_yearly_changes_gives_the_exact_offset() {
        let cal = outlook_zone("Customized Time Zone");
        let la = TimeZone::get("America/Los_Angeles").unwrap();
        for at in [
            date(2026, 12, 3).at(10, 0, 0, 0),
            date(2026, 7, 1).at(9, 30, 0, 0),
            date(2026, 3, 8).at(1, 59, 0, 0),
            date(2026, 3, 8).at(3, 0, 0, 0),
            date(2026, 11, 1).at(0, 30, 0, 0),
            date(2026, 11, 1).at(2, 30, 0, 0),
            date(2027, 1, 1).at(0, 0, 0, 0),
        ] {
            let want = at.to_zoned(la.clone()).unwrap().offset();
            assert_eq!(from_vtimezone(&cal, "Customized Time Zone", at), Some(want), "{at}");
        }
        assert_eq!(from_vtimezone(&cal, "Other", date(2026, 12, 3).at(10, 0, 0, 0)), None);
    }

    #[test]
    fn rules_not_followed_give_nothing() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Odd\r\n\
BEGIN:STANDARD\r\nDTSTART:19700101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\nRRULE:FREQ=YEARLY;BYMONTHDAY=5;BYMONTH=11\r\nEND:STANDARD\r\n\
BEGIN:DAYLIGHT\r\nDTSTART:19700101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\nRDATE:20260308T020000\r\nEND:DAYLIGHT\r\n\
END:VTIMEZONE\r\nEND:VCALENDAR\r\n";
        let cal = super::super::lines::read(text).unwrap();
        assert_eq!(from_vtimezone(&cal, "Odd", date(2026, 12, 3).at(10, 0, 0, 0)), None);
        let fixed = "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Fixed\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n";
        let cal = super::super::lines::read(fixed).unwrap();
        assert_eq!(
            from_vtimezone(&cal, "Fixed", date(2026, 12, 3).at(10, 0, 0, 0)),
            Some(Offset::from_seconds(19_800).unwrap())
        );
    }
}
