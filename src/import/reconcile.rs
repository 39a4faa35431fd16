//! 银行存款余额调节表 for a month, computed from what the books and the statement say: the book
//! balance of the bank account against the bank's balance at month end, with 银行已收企业未收,
//! 银行已付企业未付, 企业已收银行未收, 企业已付银行未付, and whether the adjusted balances agree. A
//! statement line counts as booked when every voucher it is linked to is posted by month end; a
//! posted movement counts as on the statement when a booked line dated by month end is linked to
//! it. Lines set aside (ignored) are no item; a posted voucher and its posted reversal cancel. A
//! month whose statement was neither imported nor entered has no bank balance: it cannot be said to
//! agree. Pure.

use super::lines::{BankMovement, StoredLine};
use crate::ledger::balance::BalanceRow;
use crate::ledger::period::Period;
use crate::ledger::voucher::Status;
use crate::money::Amount;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// 未达账项 older than this many days are listed with their age (the setting `reconcile_age_days`
/// may change it).
pub const AGE_DAYS: i64 = 60;
pub const AGE_SETTING: &str = "reconcile_age_days";

/// One reconciling item: date, reference (voucher number or statement line), summary, amount.
pub type Item = (NaiveDate, String, String, Amount);

/// Where the month's bank balance comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statement {
    /// Imported statement lines cover the month.
    Imported,
    /// The closing balance of a paper or PDF statement was entered (`bank statement`).
    Entered,
    /// Neither: the month's statement was not obtained.
    Missing,
}

/// The figures of one month's reconciliation.
#[derive(Clone, Debug, PartialEq)]
pub struct Reconciliation {
    pub account: String,
    pub month: Period,
    pub statement: Statement,
    pub book: Amount,
    /// The bank's balance at month end (None without the month's statement, or when the imported
    /// statement has no balance column).
    pub bank: Option<Amount>,
    /// Items older than this many days at month end are listed with their age.
    pub age_limit: i64,
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
    /// Every 未达账项 older than the limit at month end, with its age in days.
    pub fn old_items(&self) -> Vec<(&Item, i64)> {
        let end = self.month.last_day();
        [&self.bank_in_only, &self.bank_out_only, &self.book_in_only, &self.book_out_only]
            .into_iter()
            .flatten()
            .map(|i| (i, (end - i.0).num_days()))
            .filter(|(_, age)| *age > self.age_limit)
            .collect()
    }
}

/// What a month's reconciliation is computed from.
pub struct Input<'a> {
    pub account: &'a str,
    pub month: Period,
    /// Balances per account from the beginning up to the month's end.
    pub balances: &'a [BalanceRow],
    /// The account's statement lines dated by the month's end, in date order.
    pub lines: &'a [StoredLine],
    /// The vouchers each line is linked to, by the line's fingerprint.
    pub links: &'a HashMap<String, Vec<String>>,
    /// Vouchers moving money on the account from the first line to the month's end, and those
    /// the lines are linked to, whatever their dates.
    pub movements: &'a [BankMovement],
    /// The closing balance entered for the month from a paper statement, if any.
    pub entered: Option<Amount>,
    /// Whether the account's imported statement goes on past the month's end.
    pub continues: bool,
    pub age_limit: i64,
}

/// Where a month's bank balance comes from: `lines` are the statement lines dated by the month's
/// end, `entered` a paper statement's balance, `continues` whether the imported statement goes on
/// past the month. Without a statement the month cannot agree, whatever the vouchers say.
pub fn statement_of(month: Period, lines: &[StoredLine], entered: Option<Amount>, continues: bool) -> Statement {
    let start = month.first_day();
    let in_month = lines.iter().any(|l| l.date >= start);
    let before = lines.iter().any(|l| l.date < start);
    match entered {
        Some(_) => Statement::Entered,
        None if in_month || (before && continues) => Statement::Imported,
        None => Statement::Missing,
    }
}

pub fn compute(i: &Input) -> Reconciliation {
    let end = i.month.last_day();
    let start = i.month.first_day();
    let since = i.lines.first().map(|l| l.date).unwrap_or(start);
    let book: Amount = i.balances.iter().filter(|b| b.account == i.account).map(|b| b.debit - b.credit).sum();
    let statement = statement_of(i.month, i.lines, i.entered, i.continues);
    let bank = match statement {
        Statement::Entered => i.entered,
        Statement::Imported => i.lines.iter().rev().find_map(|l| l.balance),
        Statement::Missing => None,
    };
    let by_no: HashMap<&str, &BankMovement> = i.movements.iter().map(|m| (m.no.as_str(), m)).collect();
    let mut r = Reconciliation {
        account: i.account.to_string(),
        month: i.month,
        statement,
        book,
        bank,
        age_limit: i.age_limit,
        bank_in_only: vec![],
        bank_out_only: vec![],
        book_in_only: vec![],
        book_out_only: vec![],
    };
    let posted_by_end = |no: &str| by_no.get(no).is_some_and(|m| m.status == Status::Posted && m.date <= end);
    let mut on_statement: HashSet<&str> = HashSet::new();
    for l in i.lines.iter().filter(|l| l.ignored.is_empty()) {
        let linked: &[String] = i.links.get(&l.fingerprint).map(Vec::as_slice).unwrap_or(&[]);
        if !linked.is_empty() && linked.iter().all(|no| posted_by_end(no)) {
            on_statement.extend(linked.iter().map(String::as_str));
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
    // A paper statement's closing balance alone names no lines: the book is compared with it
    // whole, and no voucher is listed as missing from a statement nobody has line by line.
    let paper_only = statement == Statement::Entered && i.lines.is_empty();
    let open: Vec<&BankMovement> = i
        .movements
        .iter()
        .filter(|_| !paper_only)
        .filter(|m| m.status == Status::Posted && m.date >= since && m.date <= end)
        .filter(|m| !on_statement.contains(m.no.as_str()) && !m.amount.is_zero())
        .collect();
    // A voucher and its reversal, both posted and neither on the statement, cancel out.
    let cancelled: HashSet<i64> = open
        .iter()
        .filter_map(|m| m.reverses)
        .filter(|id| open.iter().any(|o| o.id == *id))
        .flat_map(|id| open.iter().filter(move |o| o.id == id || o.reverses == Some(id)).map(|o| o.id))
        .collect();
    for m in open.into_iter().filter(|m| !cancelled.contains(&m.id)) {
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
            import_id: 1,
            ignored: String::new(),
        }
    }

    fn moved(id: i64, no: &str, date: &str, amount: i64, status: Status) -> BankMovement {
        BankMovement {
            id,
            reverses: None,
            no: no.into(),
            date: d(date),
            status,
            amount: Amount(amount),
            summary: no.into(),
        }
    }

    fn links(lines: &[StoredLine]) -> HashMap<String, Vec<String>> {
        lines
            .iter()
            .filter(|l| !l.voucher_no.is_empty())
            .map(|l| (l.fingerprint.clone(), vec![l.voucher_no.clone()]))
            .collect()
    }

    fn input<'a>(
        balances: &'a [BalanceRow],
        lines: &'a [StoredLine],
        links: &'a HashMap<String, Vec<String>>,
        movements: &'a [BankMovement],
    ) -> Input<'a> {
        Input {
            account: "102",
            month: Period::new(2025, 5),
            balances,
            lines,
            links,
            movements,
            entered: None,
            continues: false,
            age_limit: AGE_DAYS,
        }
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
            moved(1, "记-202505-0001", "2025-05-10", 500_000, Status::Posted),
            moved(2, "记-202505-0002", "2025-05-31", -80_000, Status::Posted),
            moved(3, "记-202505-0003", "2025-05-31", -5_000, Status::Draft),
        ];
        let l = links(&lines);
        let r = compute(&input(&balances, &lines, &l, &movements));
        assert_eq!(r.statement, Statement::Imported);
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
        let lines = [l];
        let r = compute(&input(&[], &lines, &HashMap::new(), &[]));
        assert_eq!(r.bank, None);
        assert!(!r.balances());
    }

    #[test]
    fn a_month_without_its_statement_never_agrees() {
        // The last statement line is of April: May's statement was never imported.
        let lines = [line(1, "2025-04-10", 100, 100, "")];
        let r = compute(&input(&[], &lines, &HashMap::new(), &[]));
        assert_eq!((r.statement, r.bank), (Statement::Missing, None));
        assert!(!r.balances());
        // A statement that runs on past May covers it; an entered balance does too.
        let r = compute(&Input { continues: true, ..input(&[], &lines, &HashMap::new(), &[]) });
        assert_eq!(r.statement, Statement::Imported);
        let r = compute(&Input { entered: Some(Amount(100)), ..input(&[], &[], &HashMap::new(), &[]) });
        assert_eq!((r.statement, r.bank), (Statement::Entered, Some(Amount(100))));
    }

    #[test]
    fn a_paper_statement_is_compared_with_the_book_whole() {
        let balances = vec![BalanceRow {
            account: "102".into(),
            activity: String::new(),
            debit: Amount(500_000),
            credit: Amount(0),
        }];
        let movements = [moved(1, "记-202505-0001", "2025-05-02", 500_000, Status::Posted)];
        let none = HashMap::new();
        let paper = |amount| Input { entered: Some(Amount(amount)), ..input(&balances, &[], &none, &movements) };
        let r = compute(&paper(500_000));
        assert!(r.balances() && r.book_in_only.is_empty(), "{r:?}");
        let r = compute(&paper(499_000));
        assert!(!r.balances(), "10.00 unexplained: {r:?}");
    }

    #[test]
    fn a_voucher_and_its_reversal_cancel_and_old_items_show_their_age() {
        let balances =
            vec![BalanceRow { account: "102".into(), activity: String::new(), debit: Amount(0), credit: Amount(0) }];
        let lines = [line(1, "2025-02-20", -3_000, -3_000, "")];
        let mut wrong = moved(7, "记-202505-0007", "2025-05-06", -90_000, Status::Posted);
        let mut undo = moved(8, "记-202505-0008", "2025-05-07", 90_000, Status::Posted);
        undo.reverses = Some(7);
        wrong.reverses = None;
        let movements = [wrong, undo];
        let r = compute(&Input { continues: true, ..input(&balances, &lines, &HashMap::new(), &movements) });
        assert!(r.book_in_only.is_empty() && r.book_out_only.is_empty(), "the pair cancels: {r:?}");
        let old = r.old_items();
        assert_eq!(old.len(), 1, "the February line, 100 days old at 31 May");
        assert_eq!(old[0].1, 100);
    }

    #[test]
    fn an_ignored_line_is_no_item_and_a_line_booked_by_two_vouchers_is_booked() {
        let mut ignored = line(1, "2025-05-03", -5_000, 95_000, "");
        ignored.ignored = "交易关闭".into();
        let split = line(2, "2025-05-10", 100_000, 195_000, "记-202505-0001");
        let lines = [ignored, split];
        let mut l = HashMap::new();
        l.insert(format!("{:032}", 2), vec!["记-202505-0001".to_string(), "记-202505-0002".to_string()]);
        let movements = [
            moved(1, "记-202505-0001", "2025-05-10", 60_000, Status::Posted),
            moved(2, "记-202505-0002", "2025-05-10", 40_000, Status::Posted),
        ];
        let r = compute(&input(&[], &lines, &l, &movements));
        assert!(r.bank_in_only.is_empty() && r.bank_out_only.is_empty() && r.book_in_only.is_empty());
    }
}
