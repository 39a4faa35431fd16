//! The year's allocation status, month by month, from payroll and the 2% and dues recognised in
//! the posted entries (`recognise`):
//! what was due, what came in and when, what went upward, what is still owed. Pure.

use super::{Kind, Settings};
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One month of payroll (工资总额, headcount, members, dues base).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payroll {
    pub period: Period,
    pub wage_bill: Amount,
    pub headcount: i64,
    pub members: i64,
    pub dues_base: Amount,
}

/// A posted allocation voucher: what it was for, the month it covers, when, how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub kind: Kind,
    pub period: Period,
    pub date: NaiveDate,
    pub amount: Amount,
    /// The voucher's number, and the upper union's receipt number (工会经费收入专用收据) of a
    /// remittance when it was given.
    pub voucher: String,
    pub receipt: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthRow {
    pub period: Period,
    /// None when the month has no payroll.
    pub wage_bill: Option<Amount>,
    /// 职工人数 on the month's payroll (the 2% base's people), None without payroll.
    pub headcount: Option<i64>,
    pub due: Amount,
    pub retained_due: Amount,
    pub upward_due: Amount,
    /// What the union should receive in this mode.
    pub expected: Amount,
    /// 2% money received in this month (by date).
    pub received: Amount,
    /// Upward share remitted in this month.
    pub remitted: Amount,
    /// Cumulative arrears at the end of the month.
    pub arrears: Amount,
    pub dues_due: Amount,
    pub dues_received: Amount,
}

/// A month paid late or short, as the audit needs it.
#[derive(Clone, Debug, Serialize)]
pub struct MonthIssue {
    pub period: Period,
    pub expected: Amount,
    pub received: Amount,
    /// Date of the last receipt for the month, if any.
    pub last_paid: Option<NaiveDate>,
    pub late: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct YearStatus {
    pub year: i32,
    pub rows: Vec<MonthRow>,
    /// Months not fully received by year end, and months paid after their deadline.
    pub issues: Vec<MonthIssue>,
    pub missing_payroll: Vec<Period>,
    /// Upward share booked to 211 in the year but not remitted (from the receipts).
    pub upward_unremitted: Amount,
    /// Dues due less dues received over the months with payroll.
    pub dues_short: Amount,
    pub arrears_at_year_end: Amount,
    /// When a month's money was due.
    pub due_by: Due,
}

/// When a month's 2% is due. [U] — no source fixes the day (工会法 §43 says only "每月"): by
/// default the end of the following month; a union whose province or employer agreement sets a
/// day keeps it in the setting `allocation_due` ("次月末", or a day 1–28 of the next month).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Due {
    #[default]
    NextMonthEnd,
    NextMonthDay(u32),
}

impl Due {
    pub const SETTING: &'static str = "allocation_due";

    /// "次月末" (or "month_end"), or the day of the next month: "15", "次月15日".
    pub fn parse(text: &str) -> Result<Due> {
        let t = text.trim();
        if matches!(t, "次月末" | "month_end" | "") {
            return Ok(Due::NextMonthEnd);
        }
        let digits = t.trim_start_matches("次月").trim_end_matches('日').trim_end_matches('号').trim();
        match digits.parse::<u32>() {
            Ok(d) if (1..=28).contains(&d) => Ok(Due::NextMonthDay(d)),
            _ => Err(Error::input(format!(
                "allocation_due“{t}”不认识：写“次月末”，或次月的日期 1–28，如 15（次月 15 日前到账）"
            ))),
        }
    }

    /// The last day month `p`'s allocation may arrive.
    pub fn deadline(self, p: Period) -> NaiveDate {
        match self {
            Due::NextMonthEnd => p.next().last_day(),
            Due::NextMonthDay(d) => p.next().first_day().with_day(d).expect("a day 1-28"),
        }
    }

    /// 次月末前 / 次月 15 日前
    pub fn label(self) -> String {
        match self {
            Due::NextMonthEnd => "次月末前".into(),
            Due::NextMonthDay(d) => format!("次月 {d} 日前"),
        }
    }
}

pub fn compute(year: i32, s: &Settings, due_by: Due, payroll: &[Payroll], receipts: &[Receipt]) -> YearStatus {
    let mut rows = Vec::with_capacity(12);
    let mut issues = Vec::new();
    let mut missing = Vec::new();
    let mut expected_cum = Amount::ZERO;
    let mut received_upward = Amount::ZERO;
    let mut remitted_total = Amount::ZERO;
    let in_year = |r: &&Receipt| r.period.year() == year;
    for m in 1..=12 {
        let p = Period::new(year, m);
        let pay = payroll.iter().find(|x| x.period == p);
        if pay.is_none() {
            missing.push(p);
        }
        let wage = pay.map(|x| x.wage_bill);
        let due = wage.map(|w| s.due(w)).unwrap_or_default();
        let (retained_due, upward_due) = s.split(due);
        let expected = wage.map(|w| s.expected_receipt(w)).unwrap_or_default();
        expected_cum += expected;
        let month_end = p.last_day();
        let dated_in = |k: Kind| -> Amount {
            receipts.iter().filter(in_year).filter(|r| r.kind == k && Period::of(r.date) == p).map(|r| r.amount).sum()
        };
        let received = dated_in(Kind::Receive) + dated_in(Kind::Accrue);
        let remitted = dated_in(Kind::Remit);
        remitted_total += remitted;
        let received_to_date: Amount = receipts
            .iter()
            .filter(in_year)
            .filter(|r| matches!(r.kind, Kind::Receive | Kind::Accrue) && r.date <= month_end)
            .map(|r| r.amount)
            .sum();
        let for_month: Vec<&Receipt> =
            receipts.iter().filter(|r| matches!(r.kind, Kind::Receive | Kind::Accrue) && r.period == p).collect();
        let got: Amount = for_month.iter().map(|r| r.amount).sum();
        if s.mode == super::Mode::SelfRemit {
            received_upward += for_month.iter().filter(|r| r.kind == Kind::Receive).map(|r| s.split(r.amount).1).sum();
        }
        let last_paid = for_month.iter().map(|r| r.date).max();
        let late = last_paid.is_some_and(|d| d > due_by.deadline(p));
        if pay.is_some() && (got < expected || late) {
            issues.push(MonthIssue { period: p, expected, received: got, last_paid, late });
        }
        let dues_due = pay.map(|x| s.dues_due(x.dues_base)).unwrap_or_default();
        rows.push(MonthRow {
            period: p,
            wage_bill: wage,
            headcount: pay.map(|x| x.headcount),
            due,
            retained_due,
            upward_due,
            expected,
            received,
            remitted,
            arrears: (expected_cum - received_to_date).max(Amount::ZERO),
            dues_due,
            dues_received: dated_in(Kind::Dues),
        });
    }
    let dues_due: Amount = rows.iter().map(|r| r.dues_due).sum();
    let dues_got: Amount = rows.iter().map(|r| r.dues_received).sum();
    let arrears_at_year_end = rows.last().map(|r| r.arrears).unwrap_or_default();
    YearStatus {
        year,
        rows,
        issues,
        missing_payroll: missing,
        upward_unremitted: (received_upward - remitted_total).max(Amount::ZERO),
        dues_short: (dues_due - dues_got).max(Amount::ZERO),
        arrears_at_year_end,
        due_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allocation::Mode;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    fn payroll(wage: i64) -> Vec<Payroll> {
        (1..=12)
            .map(|m| Payroll {
                period: Period::new(2025, m),
                wage_bill: Amount(wage),
                headcount: 130,
                members: 120,
                dues_base: Amount(wage * 7 / 10),
            })
            .collect()
    }

    #[test]
    fn the_due_date_is_a_setting_and_a_bad_one_is_named() {
        let may = Period::new(2025, 5);
        assert_eq!(Due::parse("次月末").unwrap().deadline(may), d(6, 30));
        assert_eq!(Due::parse("").unwrap(), Due::NextMonthEnd, "unset: the end of the next month");
        assert_eq!(Due::parse("次月15日").unwrap().deadline(may), d(6, 15));
        assert_eq!(Due::parse("15").unwrap().label(), "次月 15 日前");
        assert!(Due::parse("31").unwrap_err().message().contains("1–28"));
        // May paid on 20 June: on time by the month's end, late by the 15th.
        let s = Settings::default();
        let pay = payroll(150_000_000);
        let receipts: Vec<Receipt> = (1..=12)
            .map(|m| Receipt {
                kind: Kind::Receive,
                period: Period::new(2025, m),
                date: if m == 5 { d(6, 20) } else { d(m, 10) },
                amount: Amount(3_000_000),
                voucher: String::new(),
                receipt: None,
            })
            .collect();
        assert!(compute(2025, &s, Due::NextMonthEnd, &pay, &receipts).issues.is_empty());
        let late = compute(2025, &s, Due::NextMonthDay(15), &pay, &receipts).issues;
        assert_eq!(late.len(), 1);
        assert!(late[0].late && late[0].period == may);
    }

    #[test]
    fn worked_example_two_million_a_month_at_60_40() {
        let s = Settings::default();
        let pay = payroll(200_000_000);
        let receipts: Vec<Receipt> = (1..=12)
            .map(|m| Receipt {
                kind: Kind::Receive,
                period: Period::new(2025, m),
                date: d(m, 10),
                amount: Amount(4_000_000),
                voucher: String::new(),
                receipt: None,
            })
            .collect();
        let st = compute(2025, &s, Due::default(), &pay, &receipts);
        let sum = |f: fn(&MonthRow) -> Amount| st.rows.iter().map(f).sum::<Amount>();
        assert_eq!(sum(|r| r.due), Amount(48_000_000));
        assert_eq!(sum(|r| r.retained_due), Amount(28_800_000));
        assert_eq!(sum(|r| r.upward_due), Amount(19_200_000));
        assert_eq!(st.arrears_at_year_end, Amount::ZERO);
        assert!(st.issues.is_empty());
        assert_eq!(st.upward_unremitted, Amount(19_200_000), "nothing remitted yet");
    }

    #[test]
    fn a_late_month_is_in_arrears_until_paid_and_a_short_month_stays_short() {
        let s = Settings::default();
        let pay = payroll(150_000_000); // 30,000.00 due a month
        let mut receipts = Vec::new();
        for m in 1..=12 {
            match m {
                5 => receipts.push(Receipt {
                    kind: Kind::Receive,
                    period: Period::new(2025, 5),
                    date: d(7, 15),
                    amount: Amount(3_000_000),
                    voucher: String::new(),
                    receipt: None,
                }),
                9 => receipts.push(Receipt {
                    kind: Kind::Receive,
                    period: Period::new(2025, 9),
                    date: d(9, 10),
                    amount: Amount(2_800_000),
                    voucher: String::new(),
                    receipt: None,
                }),
                _ => receipts.push(Receipt {
                    kind: Kind::Receive,
                    period: Period::new(2025, m),
                    date: d(m, 10),
                    amount: Amount(3_000_000),
                    voucher: String::new(),
                    receipt: None,
                }),
            }
        }
        let st = compute(2025, &s, Due::default(), &pay, &receipts);
        let arrears: Vec<i64> = st.rows.iter().map(|r| r.arrears.fen()).collect();
        assert_eq!(arrears, vec![0, 0, 0, 0, 3_000_000, 3_000_000, 0, 0, 200_000, 200_000, 200_000, 200_000]);
        assert_eq!(st.rows[6].received, Amount(6_000_000), "July received two months");
        assert_eq!(st.issues.len(), 2);
        assert!(st.issues[0].late && st.issues[0].period == Period(202505));
        assert!(!st.issues[1].late && st.issues[1].received == Amount(2_800_000));
    }

    #[test]
    fn each_mode_expects_its_own_amount() {
        let wage = Amount(200_000_000);
        let tax = Settings { mode: Mode::TaxCollected, tax_fee: Decimal::new(2, 2), ..Settings::default() };
        assert_eq!(tax.expected_receipt(wage), Amount(2_400_000 - 48_000), "60% of 40,000 less a 2% fee");
        let refund = Settings { mode: Mode::FullRefund, ..Settings::default() };
        assert_eq!(refund.expected_receipt(wage), Amount(4_000_000));
        assert_eq!(Settings::default().expected_receipt(wage), Amount(4_000_000));
    }

    use rust_decimal::Decimal;
}
