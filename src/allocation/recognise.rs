//! The 2% and dues recognised from the books themselves (issue 22, point 4): a posted voucher that
//! credits 402 拨缴经费收入 or 211 应付上级经费 against money received is a receipt, one that
//! debits 211 against money paid out is a remittance, one that credits 401 会费收入 against
//! money received is dues, and one that credits 402 against a receivable (131) is a year-end
//! accrual — whoever booked it: the allocation commands, a classified bank line, or an ordinary
//! voucher typed or imported. A voucher made by an allocation command keeps the kind and month its
//! source names. A reversal counts as its original taken back. The month a receipt is for is read
//! from its summary where it names one month (`3月拨缴`, `2025年3月`, `三月份`), else from its date.
//! Pure: the store gives each voucher's sums by account.

use super::status::Receipt;
use super::{parse_source_ref, receipt_of, Kind};
use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// A posted voucher touching 401, 402 or 211, with its sums by the accounts that tell what it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Booked {
    pub id: i64,
    pub no: String,
    pub date: NaiveDate,
    pub summary: String,
    /// `allocation/receive/2025-03` when an allocation command (or a classified bank line) made it.
    pub source_ref: String,
    /// The voucher this one reverses.
    pub reverses: Option<i64>,
    /// The voucher's debit total.
    pub total: Amount,
    /// Debits to money (101 库存现金, 102 银行存款 and their details).
    pub money_in: Amount,
    /// Credits to money.
    pub money_out: Amount,
    /// Credits less debits on 402.
    pub net_402: Amount,
    /// Credits to 211, and debits to it.
    pub credit_211: Amount,
    pub debit_211: Amount,
    /// Credits less debits on 401.
    pub net_401: Amount,
    /// Debits less credits on 131 (应收上级经费 and the like).
    pub receivable: Amount,
}

/// The receipts, remittances, accruals and dues of the vouchers, in their order.
pub fn receipts(vouchers: &[Booked]) -> Vec<Receipt> {
    let mut by_id: HashMap<i64, Vec<Receipt>> = HashMap::new();
    let mut out = Vec::new();
    for v in vouchers {
        let found = match v.reverses.and_then(|o| by_id.get(&o)) {
            // A reversal takes its original back: the same kinds and months, negated, on its own date.
            Some(original) => original
                .iter()
                .map(|r| Receipt {
                    kind: r.kind,
                    period: r.period,
                    date: v.date,
                    amount: -r.amount,
                    voucher: v.no.clone(),
                    receipt: None,
                })
                .collect(),
            None => of(v),
        };
        out.extend(found.iter().cloned());
        by_id.insert(v.id, found);
    }
    out
}

/// What one voucher is, from its source when an allocation command made it, else its entries.
fn of(v: &Booked) -> Vec<Receipt> {
    let make = |kind: Kind, period: Period, amount: Amount| Receipt {
        kind,
        period,
        date: v.date,
        amount,
        voucher: v.no.clone(),
        receipt: if kind == Kind::Remit { receipt_of(&v.summary) } else { None },
    };
    if let Some((kind, period)) = parse_source_ref(&v.source_ref) {
        return vec![make(kind, period, v.total)];
    }
    let named = month_named(&v.summary, v.date).unwrap_or_else(|| Period::of(v.date));
    let mut out = Vec::new();
    let received = v.net_402 + v.credit_211;
    if !received.is_zero() && !v.money_in.is_zero() {
        out.push(make(Kind::Receive, named, received));
    } else if !v.net_402.is_zero() && !v.receivable.is_zero() {
        out.push(make(Kind::Accrue, named, v.net_402));
    }
    if !v.debit_211.is_zero() && !v.money_out.is_zero() {
        out.push(make(Kind::Remit, Period::of(v.date), v.debit_211));
    }
    if !v.net_401.is_zero() && !v.money_in.is_zero() {
        out.push(make(Kind::Dues, named, v.net_401));
    }
    out
}

/// The one month a summary names (`3月`, `03月份`, `2025年3月`, `三月`, `十二月份`), in the year it
/// names or else the voucher's — the year before when the month is later than the voucher's own
/// (December's money received in January). None when it names no month or several.
pub fn month_named(summary: &str, date: NaiveDate) -> Option<Period> {
    let chars: Vec<char> = summary.chars().collect();
    let mut found: Option<(Option<i32>, u32)> = None;
    for (i, c) in chars.iter().enumerate() {
        if *c != '月' {
            continue;
        }
        // The number just before 月: digits, or a Chinese numeral of one to twelve.
        let mut start = i;
        while start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1].is_ascii_whitespace()) {
            start -= 1;
        }
        let month = if start < i {
            let digits: String = chars[start..i].iter().filter(|c| c.is_ascii_digit()).collect();
            digits.parse::<u32>().ok()
        } else {
            let mut s = i;
            while s > 0 && "一二三四五六七八九十".contains(chars[s - 1]) {
                s -= 1;
            }
            start = s;
            chinese_month(&chars[s..i].iter().collect::<String>())
        };
        let Some(month) = month.filter(|m| (1..=12).contains(m)) else { continue };
        // A year just before: `2025年3月`.
        let year = (start >= 5 && chars[start - 1] == '年')
            .then(|| chars[start - 5..start - 1].iter().collect::<String>().parse::<i32>().ok())
            .flatten()
            .filter(|y| (1900..=2199).contains(y));
        match found {
            None => found = Some((year, month)),
            Some((_, m)) if m == month => {}
            Some(_) => return None,
        }
    }
    let (year, month) = found?;
    let year = year.unwrap_or(if month > date.month() { date.year() - 1 } else { date.year() });
    Some(Period::new(year, month))
}

fn chinese_month(s: &str) -> Option<u32> {
    Some(match s {
        "一" => 1,
        "二" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "七" => 7,
        "八" => 8,
        "九" => 9,
        "十" => 10,
        "十一" => 11,
        "十二" => 12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_month_a_summary_names() {
        let apr = d(2025, 4, 10);
        assert_eq!(month_named("收到3月拨缴", apr), Some(Period::new(2025, 3)));
        assert_eq!(month_named("收到 03 月份工会经费", apr), Some(Period::new(2025, 3)));
        assert_eq!(month_named("收到三月份拨缴经费", apr), Some(Period::new(2025, 3)));
        assert_eq!(month_named("收到2024年12月拨缴", apr), Some(Period::new(2024, 12)));
        assert_eq!(month_named("收到十二月拨缴", d(2026, 1, 8)), Some(Period::new(2025, 12)), "last December");
        assert_eq!(month_named("收到12月拨缴", d(2025, 12, 20)), Some(Period::new(2025, 12)));
        assert_eq!(month_named("1月至3月拨缴", apr), None, "several months: read from the date");
        assert_eq!(month_named("3月拨缴（3月工资）", apr), Some(Period::new(2025, 3)), "the same month twice");
        assert_eq!(month_named("收到拨缴经费", apr), None);
        assert_eq!(month_named("13月", apr), None);
        assert_eq!(month_named("岁月", apr), None);
    }

    fn booked(id: i64, date: NaiveDate, summary: &str) -> Booked {
        Booked { id, no: format!("记-{id}"), date, summary: summary.into(), ..Booked::default() }
    }

    #[test]
    fn an_ordinary_voucher_is_recognised_by_its_entries() {
        // Dr 102 10,000 / Cr 402 6,000 / Cr 211 4,000, "收到3月拨缴" on 10 April.
        let mut v = booked(1, d(2025, 4, 10), "收到3月拨缴");
        v.total = Amount(1_000_000);
        v.money_in = Amount(1_000_000);
        v.net_402 = Amount(600_000);
        v.credit_211 = Amount(400_000);
        let r = receipts(&[v]);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].kind, r[0].period, r[0].amount), (Kind::Receive, Period::new(2025, 3), Amount(1_000_000)));
        // Without a month in the summary, its date's.
        let mut v = booked(2, d(2025, 4, 10), "收到工会经费");
        v.money_in = Amount(600_000);
        v.net_402 = Amount(600_000);
        assert_eq!(receipts(&[v])[0].period, Period::new(2025, 4));
    }

    #[test]
    fn remittances_dues_accruals_and_reversals() {
        let mut remit = booked(1, d(2025, 5, 6), "上解上级工会经费（收据号 No.0012）");
        remit.money_out = Amount(400_000);
        remit.debit_211 = Amount(400_000);
        let mut dues = booked(2, d(2025, 5, 7), "收到4月会费");
        dues.money_in = Amount(12_000);
        dues.net_401 = Amount(12_000);
        let mut accrue = booked(3, d(2025, 12, 31), "确认应收上级转拨经费");
        accrue.receivable = Amount(50_000);
        accrue.net_402 = Amount(50_000);
        // Closing 402 into 322: no money, no receivable — nothing.
        let mut closing = booked(4, d(2025, 12, 31), "结转本年收入");
        closing.net_402 = Amount(-9_000_000);
        // A receipt and its reversal (red ink: the same sides, negative).
        let mut got = booked(5, d(2025, 6, 10), "收到5月拨缴");
        got.money_in = Amount(1_000_000);
        got.net_402 = Amount(1_000_000);
        let mut back = booked(6, d(2025, 6, 12), "冲销 记-5");
        back.reverses = Some(5);
        back.money_in = Amount(-1_000_000);
        back.net_402 = Amount(-1_000_000);
        let r = receipts(&[remit, dues, accrue, closing, got, back]);
        let kinds: Vec<(Kind, Period, Amount)> = r.iter().map(|x| (x.kind, x.period, x.amount)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Remit, Period::new(2025, 5), Amount(400_000)),
                (Kind::Dues, Period::new(2025, 4), Amount(12_000)),
                (Kind::Accrue, Period::new(2025, 12), Amount(50_000)),
                (Kind::Receive, Period::new(2025, 5), Amount(1_000_000)),
                (Kind::Receive, Period::new(2025, 5), Amount(-1_000_000)),
            ]
        );
        assert_eq!(r[0].receipt.as_deref(), Some("No.0012"));
    }

    #[test]
    fn a_voucher_made_by_a_command_keeps_its_source() {
        let mut v = booked(1, d(2025, 4, 2), "收到2025年3月工会经费拨缴款");
        v.source_ref = "allocation/receive/2025-02".into();
        v.total = Amount(100);
        v.money_in = Amount(100);
        v.net_402 = Amount(100);
        let r = receipts(&[v]);
        assert_eq!((r[0].period, r[0].amount), (Period::new(2025, 2), Amount(100)));
    }
}
