//! A stable key per statement line: the bank's serial number (流水号) where the file has one;
//! otherwise the normalised fields, the running balance and the line's occurrence among
//! identical lines of the same file — so two genuine payments of 200.00 to the same person on the
//! same day stay two, and a re-import or an overlapping statement adds nothing twice.

use super::parse::BankLine;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

pub fn fingerprints(account: &str, lines: &[BankLine]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    lines
        .iter()
        .map(|l| {
            let base = if !l.serial.is_empty() {
                // Some exports repeat a serial (a refund under its order number): count them too.
                let key = format!("sn|{account}|{}", l.serial);
                let n = seen.entry(key.clone()).or_default();
                *n += 1;
                format!("{key}|#{n}")
            } else {
                let key = format!(
                    "{account}|{}|{}|{}|{}|{}|{}|{}",
                    l.date,
                    l.time,
                    l.amount.fen(),
                    l.balance.map(|b| b.fen().to_string()).unwrap_or_default(),
                    l.counterparty,
                    l.counter_account,
                    l.summary
                );
                let n = seen.entry(key.clone()).or_default();
                *n += 1;
                format!("{key}|#{n}")
            };
            let h = Sha256::digest(base.as_bytes());
            hex::encode(&h[..16])
        })
        .collect()
}
