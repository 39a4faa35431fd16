//! A count of the cash on hand (库存现金盘点): what was counted on a day against the cash book's
//! balance that day, recorded as an event (`cash count --date --amount`). The audit names a count
//! that differs from the book, and a closed year with cash movements and no count. Pure.

use crate::money::Amount;
use chrono::NaiveDate;

pub const EVENT: &str = "cash_count";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CashCount {
    pub date: NaiveDate,
    /// The cash counted.
    pub counted: Amount,
    /// 库存现金 (101) in the books at the end of that day.
    pub book: Amount,
    pub by: String,
    pub note: String,
}

impl CashCount {
    /// Counted less book: a surplus (长款) when positive, a shortage (短款) when negative.
    pub fn difference(&self) -> Amount {
        self.counted - self.book
    }

    /// The event's detail: `实点 X｜账面 Y｜NOTE`.
    pub fn detail(&self) -> String {
        format!("实点 {}｜账面 {}｜{}", self.counted.plain(), self.book.plain(), self.note.replace('｜', "|"))
    }

    pub fn from_event(subject: &str, by: &str, detail: &str) -> Option<CashCount> {
        let date = NaiveDate::parse_from_str(subject, "%Y-%m-%d").ok()?;
        let mut parts = detail.splitn(3, '｜');
        let counted = Amount::parse(parts.next()?.strip_prefix("实点 ")?).ok()?;
        let book = Amount::parse(parts.next()?.strip_prefix("账面 ")?).ok()?;
        Some(CashCount { date, counted, book, by: by.to_string(), note: parts.next().unwrap_or("").to_string() })
    }

    /// 2025-12-31 库存现金实点 1,200.00 元，账面 1,200.00 元，账实相符
    pub fn text(&self) -> String {
        let d = self.difference();
        let verdict = if d.is_zero() {
            "账实相符".to_string()
        } else if d.fen() > 0 {
            format!("长款 {} 元", d.grouped())
        } else {
            format!("短款 {} 元", (Amount::ZERO - d).grouped())
        };
        format!(
            "{} 库存现金实点 {} 元，现金日记账余额 {} 元，{verdict}（盘点人 {}）",
            self.date,
            self.counted.grouped(),
            self.book.grouped(),
            self.by
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_kept_in_its_event_and_read_back() {
        let c = CashCount {
            date: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            counted: Amount(119_000),
            book: Amount(120_000),
            by: "刘洋".into(),
            note: "监盘 陈静｜经审会".into(),
        };
        let back = CashCount::from_event("2025-12-31", "刘洋", &c.detail()).unwrap();
        assert_eq!(back.counted, c.counted);
        assert_eq!(back.book, c.book);
        assert_eq!(back.note, "监盘 陈静|经审会");
        assert!(c.text().contains("短款 10.00 元"), "{}", c.text());
        assert!(CashCount::from_event("2025-12-31", "x", "实点 abc｜账面 1").is_none());
    }
}
