//! Totals of posted entries: what the monthly balances hold and what reports and closing read.

use crate::money::Amount;

/// Debit and credit totals of one account (and activity, where asked) over a span of months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceRow {
    pub account: String,
    pub activity: String,
    pub debit: Amount,
    pub credit: Amount,
}
