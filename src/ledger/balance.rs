//! Totals of posted entries: what the monthly balances hold and what reports and closing read.

use crate::money::Amount;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Debit and credit totals of one account (and activity, where asked) over a span of months.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BalanceRow {
    pub account: String,
    pub activity: String,
    pub debit: Amount,
    pub credit: Amount,
}

/// The first day each account's running balance is below zero — within `days` when given (the
/// balance still counts every movement before) — with that day's balance. `moves` are the net
/// movements (debit − credit) per account and day, in date order.
pub fn first_negative(
    moves: &[(String, NaiveDate, Amount)],
    days: Option<(NaiveDate, NaiveDate)>,
) -> Vec<(String, NaiveDate, Amount)> {
    let mut running: BTreeMap<&str, Amount> = BTreeMap::new();
    let mut out: Vec<(String, NaiveDate, Amount)> = Vec::new();
    for (account, date, net) in moves {
        let b = running.entry(account.as_str()).or_default();
        *b += *net;
        let within = days.is_none_or(|(from, to)| *date >= from && *date <= to);
        if b.fen() < 0 && within && !out.iter().any(|(a, _, _)| a == account) {
            out.push((account.clone(), *date, *b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_negative_day_of_each_account() {
        let d = |s: &str| crate::ledger::period::parse_date(s).unwrap();
        let moves = vec![
            ("102".to_string(), d("2025-01-05"), Amount(-2_000)),
            ("102".to_string(), d("2025-01-09"), Amount(5_000)),
            ("101".to_string(), d("2025-02-01"), Amount(100)),
            ("102".to_string(), d("2025-03-01"), Amount(-9_000)),
        ];
        assert_eq!(first_negative(&moves, None), vec![("102".to_string(), d("2025-01-05"), Amount(-2_000))]);
        let march = Some((d("2025-03-01"), d("2025-03-31")));
        assert_eq!(first_negative(&moves, march), vec![("102".to_string(), d("2025-03-01"), Amount(-6_000))]);
    }
}
