//! Accounting periods (months) and date ranges of reports.

use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A month, stored as YYYYMM (e.g. 202503).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period(pub i64);

impl Period {
    pub fn of(date: NaiveDate) -> Period {
        Period(date.year() as i64 * 100 + date.month() as i64)
    }
    pub fn new(year: i32, month: u32) -> Period {
        Period(year as i64 * 100 + month as i64)
    }
    pub fn year(self) -> i32 {
        (self.0 / 100) as i32
    }
    pub fn month(self) -> u32 {
        (self.0 % 100) as u32
    }
    /// `2025-03`
    /// A month as people write it: 2025-03, 2025-3, 2025/3, 2025.3, 2025年3月, 202503 (full-width
    /// digits too).
    pub fn parse(s: &str) -> Result<Period> {
        let s = s.trim();
        let bad = || Error::input(format!("月份“{s}”格式不对，应写成 2025-03（或 2025年3月、2025/3）"));
        let norm: String = s
            .chars()
            .map(half_width)
            .map(|c| if matches!(c, '/' | '.' | '年') { '-' } else { c })
            .filter(|c| *c != '月')
            .collect();
        let (y, m) = match norm.split_once('-') {
            Some(ym) => ym,
            None if norm.len() == 6 && norm.chars().all(|c| c.is_ascii_digit()) => norm.split_at(4),
            None => return Err(bad()),
        };
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&m) || !(1900..=2999).contains(&y) {
            return Err(bad());
        }
        Ok(Period::new(y, m))
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap()
    }
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap()
    }
    pub fn next(self) -> Period {
        if self.month() == 12 {
            Period::new(self.year() + 1, 1)
        } else {
            Period::new(self.year(), self.month() + 1)
        }
    }
    pub fn prev(self) -> Period {
        if self.month() == 1 {
            Period::new(self.year() - 1, 12)
        } else {
            Period::new(self.year(), self.month() - 1)
        }
    }
    /// `记-202503-0001`
    pub fn voucher_no(self, seq: i64) -> String {
        format!("记-{}-{:04}", self.0, seq)
    }
    /// `记-202503-0001` → (202503, 1).
    pub fn parse_voucher_no(no: &str) -> Option<(i64, i64)> {
        let rest = no.trim().strip_prefix("记-")?;
        let (p, n) = rest.split_once('-')?;
        let p: i64 = p.parse().ok()?;
        let n: i64 = n.parse().ok()?;
        (p.to_string().len() == 6 && (1..=12).contains(&(p % 100)) && n > 0).then_some((p, n))
    }

    pub fn label(self) -> String {
        format!("{}年{}月", self.year(), self.month())
    }

    /// A voucher number as people type it, in full: `记-202503-0002`, `202503-2`, `2503-2`
    /// (this century), or `2` with the month given (`month`). Err says what to write.
    pub fn expand_voucher_no(text: &str, month: Option<Period>) -> std::result::Result<String, String> {
        let t: String = text.trim().chars().map(half_width).filter(|c| !c.is_whitespace()).collect();
        let rest = t.strip_prefix("记-").or_else(|| t.strip_prefix('记')).unwrap_or(&t);
        let how = || format!("凭证号“{}”无法识别：写成 记-202503-0002、202503-2 或 2503-2", text.trim());
        let period = |p: &str| -> Option<Period> {
            let p: i64 = match p.len() {
                6 => p.parse().ok()?,
                4 => 200_000 + p.parse::<i64>().ok()?,
                _ => return None,
            };
            (1..=12).contains(&(p % 100)).then_some(Period(p))
        };
        let number = |n: &str| n.parse::<i64>().ok().filter(|n| *n > 0 && *n < 1_000_000);
        match rest.split_once('-') {
            Some((p, n)) => match (period(p), number(n)) {
                (Some(p), Some(n)) => Ok(p.voucher_no(n)),
                _ => Err(how()),
            },
            None => match (number(rest), month) {
                (Some(n), Some(m)) => Ok(m.voucher_no(n)),
                (Some(_), None) => {
                    Err(format!("凭证号“{}”缺少月份：写成 202503-{} 这样，或同时给出 --month", text.trim(), rest))
                }
                _ => Err(how()),
            },
        }
    }
}

/// Serialised as `2025-03`.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year(), self.month())
    }
}

/// Parse a date as people write it: 2025-03-08, 2025/3/8, 20250308, 2025年3月8日, 2025.03.08.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_any_date(s).filter(|d| DATE_YEARS.contains(&d.year()))
}

/// The years a date of the books may fall in; anything else is a typo or a hostile file.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

/// Full-width digits and signs (a Chinese keyboard's) as ASCII.
pub fn half_width(c: char) -> char {
    crate::money::fullwidth_to_ascii(c)
}

fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let t: String = s.trim().chars().map(half_width).collect();
    let t = t.as_str();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    let norm: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .filter(|c| *c != '日')
        .collect();
    let mut parts = norm.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A required date with a Chinese message on failure.
pub fn parse_date_arg(s: &str) -> Result<NaiveDate> {
    parse_date(s).ok_or_else(|| match parse_any_date(s) {
        Some(_) => Error::input(format!(
            "日期“{}”超出 {}—{} 年的范围，请检查年份",
            s.trim(),
            DATE_YEARS.start(),
            DATE_YEARS.end()
        )),
        None => Error::input(format!("日期“{}”无法识别，应写成 2025-03-08", s.trim())),
    })
}

/// The span a report covers, in whole months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub from: Period,
    pub to: Period,
}

impl Span {
    pub fn year(y: i32) -> Span {
        Span { from: Period::new(y, 1), to: Period::new(y, 12) }
    }
    pub fn month(p: Period) -> Span {
        Span { from: p, to: p }
    }
    /// The span is one whole calendar year.
    pub fn is_year(self) -> bool {
        self.from.year() == self.to.year() && self.from.month() == 1 && self.to.month() == 12
    }
    pub fn label(self) -> String {
        if self.from == self.to {
            self.from.label()
        } else if self.is_year() {
            format!("{}年度", self.from.year())
        } else if self.from.year() == self.to.year() {
            format!("{}年{}月—{}月", self.from.year(), self.from.month(), self.to.month())
        } else {
            format!("{}—{}", self.from.label(), self.to.label())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_dates() {
        let p = Period::parse("2025-03").unwrap();
        assert_eq!(p, Period(202503));
        assert_eq!(p.voucher_no(7), "记-202503-0007");
        assert_eq!(Period::parse_voucher_no("记-202503-0007"), Some((202503, 7)));
        assert_eq!(Period::parse_voucher_no("记-202513-0007"), None);
        assert_eq!(p.last_day(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        assert_eq!(Period(202512).next(), Period(202601));
        assert_eq!(Period(202501).prev(), Period(202412));
        assert!(Period::parse("2025-13").is_err());
        let d = NaiveDate::from_ymd_opt(2025, 3, 8).unwrap();
        for s in ["2025-03-08", "2025/3/8", "20250308", "2025年3月8日", "2025.03.08", "2025-03-08 10:22:01"] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("2025-02-30"), None);
        assert_eq!(parse_date("２０２５－０３－０８"), Some(d));
        for s in ["2025-03", "2025-3", "2025/3", "2025.03", "2025年3月", "2025年03月", "202503", "２０２５年３月"]
        {
            assert_eq!(Period::parse(s).unwrap(), p, "{s}");
        }
        assert!(Period::parse("2025年13月").is_err() && Period::parse("3月").is_err());
        let full = |t: &str, m: Option<Period>| Period::expand_voucher_no(t, m);
        for t in ["记-202503-0002", "202503-2", "2503-2", "202503-0002", "记202503-2", "２５０３－２"] {
            assert_eq!(full(t, None).as_deref(), Ok("记-202503-0002"), "{t}");
        }
        assert_eq!(full("2", Some(p)).as_deref(), Ok("记-202503-0002"));
        assert!(full("2", None).unwrap_err().contains("缺少月份"));
        assert!(full("202513-2", None).is_err() && full("abc", None).is_err());
        assert_eq!(Span::year(2025).label(), "2025年度");
    }
}
