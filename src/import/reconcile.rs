//! 银行存款余额调节表 for a month, computed from what the books and the statement say: the book
//! balance of the bank account against the bank's balance at month end, with 银行已收企业未收,
//! 银行已付企业未付, 企业已收银行未收, 企业已付银行未付, and whether the adjusted balances agree. A
//! statement line counts as booked when it is linked to a voucher posted by month end; a posted
//! movement counts as on the statement when a line dated by month end is linked to it. Pure.

use super::lines::{BankMovement, StoredLine};
use crate::ledger::balance::BalanceRow;
use crate::ledger::period::Period;
use crate::ledger::voucher::Status;
use crate::money::Amount;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// How far before the first statement line and after the month's end vouchers are looked at.
pub const WINDOW_DAYS: i64 = 60;

/// One reconciling item: date, reference (voucher number or statement line), summary, amount.
pub type Item = (NaiveDate, String, String, Amount);

/// The figures of one month's reconciliation.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconciliation {
    pub account: String,
    pub month: Period,
    pub book: Amount,
    pub bank: Option<Amount>,
    pub bank_in_only: Vec<Item>,
    pub bank_out_only: Vec<Item>,
    pub book_in_only: Vec<Item>,
    pub book_out_only: Vec<Item>,
}

pub fn sum(v: &[Item]) -> Amount {
    v.iter().map(|x| x.3.abs()).sum()
}

impl Reconciliation {
    pub fn adjusted_book(&self) -> Amount {
        self.book + sum(&self.bank_in_only) - sum(&self.bank_out_only)
    }
    pub fn adjusted_bank(&self) -> Option<Amount> {
        self.bank.map(|b| b + sum(&self.book_in_only) - sum(&self.book_out_only))
    }
    pub fn balances(&self) -> bool {
        self.adjusted_bank() == Some(self.adjusted_book())
    }
}

/// What a month's reconciliation is computed from.
pub struct Input<'a> {
    pub account: &'a str,
    pub month: Period,
    /// Balances per account from the beginning up to the month's end.
    pub balances: &'a [BalanceRow],
    /// The account's statement lines dated by the month's end, in date order (at least one).
    pub lines: &'a [StoredLine],
    /// Vouchers moving money on the account from `WINDOW_DAYS` before the first line to as many
    /// after the month's end.
    pub movements: &'a [BankMovement],
}

pub fn compute(i: &Input) -> Reconciliation {
    let end = i.month.last_day();
    let since = i.lines.first().map(|l| l.date).unwrap_or(end);
    let book: Amount = i.balances.iter().filter(|b| b.account == i.account).map(|b| b.debit - b.credit).sum();
    let bank = i.lines.iter().rev().find_map(|l| l.balance);
    let by_no: HashMap<&str, &BankMovement> = i.movements.iter().map(|m| (m.no.as_str(), m)).collect();
    let mut r = Reconciliation {
        account: i.account.to_string(),
        month: i.month,
        book,
        bank,
        bank_in_only: vec![],
        bank_out_only: vec![],
        book_in_only: vec![],
        book_out_only: vec![],
    };
    let posted = |m: &BankMovement| m.status == Status::Posted;
    let mut on_statement: HashSet<&str> = HashSet::new();
    for l in i.lines {
        let booked = by_no.get(l.voucher_no.as_str()).is_some_and(|m| posted(m) && m.date <= end);
        if booked {
            on_statement.insert(l.voucher_no.as_str());
            continue;
        }
        let item = (
            l.date,
            format!("流水 {}", l.seq),
            format!("{} {}", l.summary, l.counterparty).trim().to_string(),
            l.amount,
        );
        if l.amount.fen() > 0 {
            r.bank_in_only.push(item);
        } else {
            r.bank_out_only.push(item);
        }
    }
    for m in i.movements.iter().filter(|m| posted(m) && m.date >= since && m.date <= end) {
        if on_statement.contains(m.no.as_str()) || m.amount.is_zero() {
            continue;
        }
        let item = (m.date, m.no.clone(), m.summary.clone(), m.amount);
        if m.amount.fen() > 0 {
            r.book_in_only.push(item);
        } else {
            r.book_out_only.push(item);
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::ledger::period::parse_date(s).unwrap()
    }

    fn line(seq: i64, date: &str, amount: i64, balance: i64, voucher: &str) -> StoredLine {
        StoredLine {
            fingerprint: format!("{seq:032}"),
            seq,
            date: d(date),
            amount: Amount(amount),
            balance: Some(Amount(balance)),
            counterparty: "某单位".into(),
            summary: "摘要".into(),
            voucher_no: voucher.into(),
        }
    }

    fn moved(no: &str, date: &str, amount: i64, status: Status) -> BankMovement {
        BankMovement { no: no.into(), date: d(date), status, amount: Amount(amount), summary: no.into() }
    }

    #[test]
    fn a_payment_in_transit_and_a_fee_not_yet_booked_reconcile() {
        // Books: opening 10,000 received 5,000 (on the statement), paid 800 on 31 May (not yet on it).
        let balances = vec![BalanceRow {
            account: "102".into(),
            activity: String::new(),
            debit: Amount(1_500_000),
            credit: Amount(80_000),
        }];
        // The statement: the 5,000 receipt, and a 12.00 fee the books do not have yet.
        let lines = vec![
            line(1, "2025-05-10", 500_000, 1_500_000, "记-202505-0001"),
            line(2, "2025-05-31", -1_200, 1_498_800, ""),
        ];
        let movements = vec![
            moved("记-202505-0001", "2025-05-10", 500_000, Status::Posted),
            moved("记-202505-0002", "2025-05-31", -80_000, Status::Posted),
            moved("记-202505-0003", "2025-05-31", -5_000, Status::Draft),
        ];
        let r = compute(&Input {
            account: "102",
            month: Period::new(2025, 5),
            balances: &balances,
            lines: &lines,
            movements: &movements,
        });
        assert_eq!(r.book, Amount(1_420_000));
        assert_eq!(r.bank, Some(Amount(1_498_800)));
        assert_eq!(sum(&r.bank_out_only), Amount(1_200), "the fee: bank paid, books not yet");
        assert_eq!(r.book_out_only.len(), 1, "the payment in transit; the draft does not count");
        assert_eq!(r.adjusted_book(), Amount(1_418_800));
        assert_eq!(r.adjusted_bank(), Some(Amount(1_418_800)));
        assert!(r.balances());
    }

    #[test]
    fn a_statement_without_balances_cannot_reconcile() {
        let mut l = line(1, "2025-05-10", 100, 100, "");
        l.balance = None;
        let r =
            compute(&Input { account: "102", month: Period::new(2025, 5), balances: &[], lines: &[l], movements: &[] });
        assert_eq!(r.bank, None);
        assert!(!r.balances());
    }
}
