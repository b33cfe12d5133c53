//! Identity numbers in file names: GB 11643-1999 resident ID numbers
//! (公民身份号码) and the other identifiers a profile allows.
//!
//! An 18-digit number is 6 digits of region (GB/T 2260), 8 of birth date
//! (YYYYMMDD), 3 of sequence and an ISO 7064 MOD 11-2 check character
//! (`0`–`9` or `X`). The 15-digit numbers issued before 1999 have a 6-digit
//! date (YYMMDD, 19xx) and no check character; CHSI no longer accepts them,
//! and [`upgrade_15`] gives the 18-digit form.

use regex::Regex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::params::IdParams;

/// What a file name says about the person's identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct IdInfo {
    /// The file stem (name without extension), as found.
    pub value: String,
    /// `resident-id` (18 digits), `resident-id-15`, the name of a profile
    /// pattern (e.g. `student-number`), or `unknown`.
    pub kind: String,
    /// Whether the profile accepts this identifier.
    pub valid: bool,
}

/// Province-level region codes (GB/T 2260): the first two digits of an ID.
/// 71 Taiwan, 81 Hong Kong, 82 Macao, 83 residence permits of Taiwan residents.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71, 81, 82, 83,
];

/// Weights 2^(17-i) mod 11 of ISO 7064 MOD 11-2.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The check character for the first 17 digits of an ID number, or `None`
/// if they are not 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes.iter().zip(WEIGHTS).map(|(&b, w)| u32::from(b - b'0') * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize] as char)
}

/// The 18-digit form of a 15-digit ID number (birth year 19YY, check
/// character appended), or `None` if it is not 15 digits.
pub fn upgrade_15(id15: &str) -> Option<String> {
    if id15.len() != 15 || !id15.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first17 = format!("{}19{}", &id15[..6], &id15[6..]);
    let check = check_char(&first17)?;
    Some(format!("{first17}{check}"))
}

/// Why an identifier was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdProblem {
    /// An old 15-digit number; carries the 18-digit upgrade.
    FifteenDigit {
        /// The upgraded number.
        upgraded: String,
    },
    /// The check character does not match.
    CheckDigit {
        /// What it should be.
        expected: char,
        /// What it is.
        found: char,
    },
    /// A lower-case `x` as check character.
    LowerCaseX,
    /// The first two digits are no province-level region.
    Region(String),
    /// The birth date is not a calendar date.
    BirthDate(String),
    /// The birth date is in the future.
    FutureBirth(String),
    /// The birth date is before 1900.
    AncientBirth(String),
    /// Neither an ID number nor any pattern the profile allows.
    Unrecognised,
}

impl IdProblem {
    /// The finding's message, Chinese and English.
    pub fn message(&self, value: &str) -> (String, String) {
        match self {
            IdProblem::FifteenDigit { upgraded } => (
                format!("文件名 {value} 是 15 位旧身份证号，须升级为 18 位：{upgraded}"),
                format!("file name {value} is an old 15-digit ID number; upgrade it to 18 digits: {upgraded}"),
            ),
            IdProblem::CheckDigit { expected, found } => (
                format!("身份证号 {value} 校验码错误：应为 {expected}，实为 {found}"),
                format!("ID number {value} has a wrong check character: {found}, expected {expected}"),
            ),
            IdProblem::LowerCaseX => (
                format!("身份证号 {value} 的校验码应为大写 X"),
                format!("ID number {value}: the check character must be an upper-case X"),
            ),
            IdProblem::Region(code) => (
                format!("身份证号 {value} 的地区码 {code} 不是有效的省级行政区划代码"),
                format!("ID number {value}: region code {code} is no province-level region"),
            ),
            IdProblem::BirthDate(d) => (
                format!("身份证号 {value} 的出生日期 {d} 不存在"),
                format!("ID number {value}: birth date {d} is not a calendar date"),
            ),
            IdProblem::FutureBirth(d) => (
                format!("身份证号 {value} 的出生日期 {d} 在未来"),
                format!("ID number {value}: birth date {d} is in the future"),
            ),
            IdProblem::AncientBirth(d) => (
                format!("身份证号 {value} 的出生日期 {d} 早于 1900 年"),
                format!("ID number {value}: birth date {d} is before 1900"),
            ),
            IdProblem::Unrecognised => (
                format!("文件名 {value} 不是 18 位身份证号，也不是本规范允许的其他证件号"),
                format!("file name {value} is not an 18-digit ID number nor another identifier this profile allows"),
            ),
        }
    }
}

/// The compiled identifier policy of a profile.
#[derive(Clone, Debug)]
pub struct IdPolicy {
    resident_id: bool,
    patterns: Vec<(String, Regex)>,
}

impl IdPolicy {
    /// Compile a profile's `id.filename` parameters.
    ///
    /// # Errors
    /// A pattern that is not a valid regular expression.
    pub fn new(params: &IdParams) -> Result<IdPolicy, regex::Error> {
        let patterns = params
            .patterns
            .iter()
            .map(|p| Ok((p.name.clone(), Regex::new(&format!("^(?:{})$", p.regex))?)))
            .collect::<Result<_, regex::Error>>()?;
        Ok(IdPolicy {
            resident_id: params.resident_id,
            patterns,
        })
    }

    /// Classify a file stem; `today` bounds birth dates.
    pub fn classify(&self, stem: &str, today: Date) -> (IdInfo, Option<IdProblem>) {
        let info = |kind: &str, valid| IdInfo {
            value: stem.to_owned(),
            kind: kind.to_owned(),
            valid,
        };
        let resident = self.resident_id.then(|| resident_id(stem, today)).flatten();
        if let Some(Ok(())) = resident {
            return (info("resident-id", true), None);
        }
        if let Some((name, _)) = self.patterns.iter().find(|(_, re)| re.is_match(stem)) {
            return (info(name, true), None);
        }
        match resident {
            Some(Err(problem @ IdProblem::FifteenDigit { .. })) => (info("resident-id-15", false), Some(problem)),
            Some(Err(problem)) => (info("resident-id", false), Some(problem)),
            _ => (info("unknown", false), Some(IdProblem::Unrecognised)),
        }
    }
}

/// `None` if `s` does not look like a resident ID at all (wrong length or
/// characters); otherwise whether it is a valid one.
fn resident_id(s: &str, today: Date) -> Option<Result<(), IdProblem>> {
    let b = s.as_bytes();
    if b.len() == 15 && b.iter().all(u8::is_ascii_digit) {
        let upgraded = upgrade_15(s)?;
        // Report a broken date or region before the upgrade: the upgrade of a
        // wrong number is no help.
        return Some(match validate_body(&upgraded, today) {
            Ok(()) => Err(IdProblem::FifteenDigit { upgraded }),
            Err(e) => Err(e),
        });
    }
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
    {
        return None;
    }
    Some(validate_body(s, today).and_then(|()| {
        let expected = check_char(&s[..17]).expect("17 digits");
        match b[17] as char {
            'x' if expected == 'X' => Err(IdProblem::LowerCaseX),
            found if found == expected => Ok(()),
            found => Err(IdProblem::CheckDigit { expected, found }),
        }
    }))
}

/// Region and birth date of an 18-character number.
fn validate_body(s: &str, today: Date) -> Result<(), IdProblem> {
    let region: u8 = s[..2].parse().expect("digits");
    if !PROVINCES.contains(&region) {
        return Err(IdProblem::Region(s[..6].to_owned()));
    }
    let text = format!("{}-{}-{}", &s[6..10], &s[10..12], &s[12..14]);
    let year: i32 = s[6..10].parse().expect("digits");
    let month: u8 = s[10..12].parse().expect("digits");
    let day: u8 = s[12..14].parse().expect("digits");
    let date = Month::try_from(month)
        .ok()
        .and_then(|m| Date::from_calendar_date(year, m, day).ok())
        .ok_or_else(|| IdProblem::BirthDate(text.clone()))?;
    if year < 1900 {
        return Err(IdProblem::AncientBirth(text));
    }
    if date > today {
        return Err(IdProblem::FutureBirth(text));
    }
    Ok(())
}

/// Today's date in China (UTC+8), which bounds birth dates.
pub fn today_in_china() -> Date {
    let offset = time::UtcOffset::from_hms(8, 0, 0).expect("valid offset");
    time::OffsetDateTime::now_utc().to_offset(offset).date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::IdPattern;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn policy() -> IdPolicy {
        IdPolicy::new(&IdParams::default()).unwrap()
    }

    fn check(stem: &str) -> (IdInfo, Option<IdProblem>) {
        policy().classify(stem, TODAY)
    }

    #[test]
    fn check_characters_follow_iso_7064() {
        // The worked example of GB 11643-1999.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(check_char("1101051949123100"), None);
        assert_eq!(check_char("1101051949123100a"), None);
    }

    #[test]
    fn valid_numbers_pass() {
        for id in ["11010519491231002X", "440524198001010014", "110105200002290018"] {
            let expected = check_char(&id[..17]).unwrap();
            let id = format!("{}{expected}", &id[..17]);
            let (info, problem) = check(&id);
            assert_eq!(problem, None, "{id}");
            assert_eq!((info.kind.as_str(), info.valid), ("resident-id", true));
        }
    }

    #[test]
    fn wrong_check_character_is_named() {
        let (info, problem) = check("110105194912310021");
        assert!(!info.valid);
        assert_eq!(
            problem,
            Some(IdProblem::CheckDigit {
                expected: 'X',
                found: '1'
            })
        );
        let (_, problem) = check("11010519491231002x");
        assert_eq!(problem, Some(IdProblem::LowerCaseX));
    }

    #[test]
    fn impossible_future_and_ancient_dates_fail() {
        let with_check = |first17: &str| format!("{first17}{}", check_char(first17).unwrap());
        assert!(
            matches!(check(&with_check("11010520010229001")).1, Some(IdProblem::BirthDate(_))),
            "2001 is no leap year"
        );
        assert!(
            matches!(check(&with_check("11010519991301001")).1, Some(IdProblem::BirthDate(_))),
            "month 13"
        );
        assert!(
            matches!(check(&with_check("11010520000000001")).1, Some(IdProblem::BirthDate(_))),
            "day 0"
        );
        assert!(
            matches!(
                check(&with_check("11010520261124001")).1,
                Some(IdProblem::FutureBirth(_))
            ),
            "tomorrow"
        );
        assert_eq!(check(&with_check("11010520261123001")).1, None, "born today");
        assert!(matches!(
            check(&with_check("11010518991231001")).1,
            Some(IdProblem::AncientBirth(_))
        ));
        assert!(matches!(
            check(&with_check("99010519900101001")).1,
            Some(IdProblem::Region(_))
        ));
    }

    #[test]
    fn fifteen_digit_numbers_get_their_upgrade() {
        assert_eq!(upgrade_15("110105491231002").as_deref(), Some("11010519491231002X"));
        let (info, problem) = check("110105491231002");
        assert_eq!((info.kind.as_str(), info.valid), ("resident-id-15", false));
        let Some(IdProblem::FifteenDigit { upgraded }) = &problem else {
            panic!("{problem:?}")
        };
        assert_eq!(upgraded, "11010519491231002X");
        let (zh, en) = problem.unwrap().message("110105491231002");
        assert!(zh.contains("11010519491231002X") && en.contains("11010519491231002X"));
        assert!(matches!(check("110105491331002").1, Some(IdProblem::BirthDate(_))));
    }

    #[test]
    fn other_names_are_unrecognised_unless_a_pattern_allows_them() {
        for stem in ["photo", "1101051949123100", "IMG_0001", ""] {
            let (info, problem) = check(stem);
            assert_eq!(
                (info.kind.as_str(), info.valid, problem),
                ("unknown", false, Some(IdProblem::Unrecognised)),
                "{stem}"
            );
        }
        let params = IdParams {
            resident_id: true,
            patterns: vec![IdPattern {
                name: "student-number".into(),
                regex: "[0-9]{8}".into(),
            }],
        };
        let p = IdPolicy::new(&params).unwrap();
        let (info, problem) = p.classify("22110001", TODAY);
        assert_eq!(
            (info.kind.as_str(), info.valid, problem),
            ("student-number", true, None)
        );
        assert!(!p.classify("221100011", TODAY).0.valid, "patterns are anchored");
        let only_patterns = IdPolicy::new(&IdParams {
            resident_id: false,
            ..params
        })
        .unwrap();
        assert!(!only_patterns.classify("11010519491231002X", TODAY).0.valid);
    }
}
