//! The dates the books take: from 1 January of the first year the books were opened for
//! (`init --year`; the opening-balance voucher is dated the day before), to a month after today —
//! a later date is most likely a typo (2031 for 2013, 12 for 02). Closed months are refused
//! separately, by their locks.

use chrono::{Duration, NaiveDate};

/// How far after today a date is still taken.
pub const FUTURE_DAYS: i64 = 31;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenRange {
    /// The first open year; None for books that never said (no lower limit then).
    pub first_year: Option<i32>,
    pub today: NaiveDate,
}

impl OpenRange {
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.first_year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
    }

    pub fn last_day(&self) -> NaiveDate {
        self.today + Duration::days(FUTURE_DAYS)
    }

    /// The day opening balances are dated: the day before the first open year.
    pub fn opening_day(&self) -> Option<NaiveDate> {
        self.first_day().and_then(|d| d.pred_opt())
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_day().is_none_or(|f| date >= f) && date <= self.last_day()
    }

    /// The range as people read it.
    pub fn label(&self) -> String {
        let to = self.last_day();
        match self.first_day() {
            Some(f) => format!("{} 至 {to}", f),
            None => format!("{to} 之前"),
        }
    }

    /// Refuse a date outside the range, saying which and how to fix it. `opening`: the voucher is
    /// the opening balances, which may be dated the day before the first open year.
    pub fn check(&self, date: NaiveDate, opening: bool) -> Result<(), String> {
        if let Some(first) = self.first_day() {
            if date < first && !(opening && Some(date) == self.opening_day()) {
                return Err(format!(
                    "日期 {date} 早于本会账套的启用年度（{} 年），可记账的日期为 {}；期初余额请用 gonghui opening import（日期为 {}）",
                    first.format("%Y"),
                    self.label(),
                    self.opening_day().map(|d| d.to_string()).unwrap_or_default()
                ));
            }
        }
        if date > self.last_day() {
            return Err(format!(
                "日期 {date} 比今天（{}）晚一个多月，可能是笔误；可记账的日期为 {}",
                self.today,
                self.label()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::ledger::period::parse_date(s).unwrap()
    }

    #[test]
    fn books_started_for_2026_take_2026_and_the_opening_day_only() {
        let r = OpenRange { first_year: Some(2026), today: d("2026-01-20") };
        assert!(r.check(d("2026-01-05"), false).is_ok());
        assert!(r.check(d("2019-03-01"), false).unwrap_err().contains("早于本会账套的启用年度（2026 年）"));
        assert!(r.check(d("2031-03-01"), false).unwrap_err().contains("可能是笔误"));
        assert!(r.check(d("2026-02-20"), false).is_ok(), "within a month of today");
        assert!(r.check(d("2026-02-21"), false).is_err());
        assert!(r.check(d("2025-12-31"), true).is_ok(), "the opening balances");
        assert!(r.check(d("2025-12-31"), false).is_err());
        assert!(r.check(d("2025-12-30"), true).is_err());
        let open = OpenRange { first_year: None, today: d("2026-01-20") };
        assert!(open.check(d("2001-01-01"), false).is_ok());
    }
}
