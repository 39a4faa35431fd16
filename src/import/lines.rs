//! Statement lines as the books hold them, and the vouchers that move money on a bank account.

use crate::ledger::voucher::Status;
use crate::money::Amount;
use chrono::NaiveDate;

/// A line as stored.
#[derive(Clone, Debug)]
pub struct StoredLine {
    pub fingerprint: String,
    pub seq: i64,
    pub date: NaiveDate,
    pub amount: Amount,
    pub balance: Option<Amount>,
    pub counterparty: String,
    pub summary: String,
    /// The first voucher the line is linked to ("" while pending).
    pub voucher_no: String,
    pub import_id: i64,
    /// Why the line was set aside ("" when it was not).
    pub ignored: String,
}

/// A line waiting to be turned into a voucher.
#[derive(Clone, Debug)]
pub struct PendingLine {
    pub account: String,
    pub fingerprint: String,
    pub seq: i64,
    pub date: NaiveDate,
    pub amount: Amount,
    pub counterparty: String,
    pub summary: String,
    pub file_name: String,
    pub file_line: i64,
}

/// A voucher's movement on a bank account, for matching and reconciliation.
#[derive(Clone, Debug)]
pub struct BankMovement {
    pub id: i64,
    /// The voucher this one reverses (its id), for a red-ink reversal.
    pub reverses: Option<i64>,
    pub no: String,
    pub date: NaiveDate,
    pub status: Status,
    /// Debit minus credit on the account (inflow positive).
    pub amount: Amount,
    pub summary: String,
}

/// What an import would do with one line of the file.
#[derive(Debug, serde::Serialize)]
pub struct DryLine {
    pub line: usize,
    pub date: Option<NaiveDate>,
    pub amount: Option<Amount>,
    pub counterparty: String,
    pub summary: String,
    pub what: String,
}

impl DryLine {
    pub(crate) fn of(l: &crate::import::parse::BankLine, what: String) -> DryLine {
        DryLine {
            line: l.line,
            date: Some(l.date),
            amount: Some(l.amount),
            counterparty: l.counterparty.clone(),
            summary: l.summary.clone(),
            what,
        }
    }
    pub(crate) fn skipped(line: usize, reason: &str) -> DryLine {
        DryLine {
            line,
            date: None,
            amount: None,
            counterparty: String::new(),
            summary: String::new(),
            what: format!("跳过：{reason}"),
        }
    }
}
