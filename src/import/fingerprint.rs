//! A stable key per statement line: the bank's serial number (流水号) where the file has one;
//! otherwise the normalised fields, the running balance and the line's occurrence among
//! identical lines of the same file — so two genuine payments of 200.00 to the same person on the
//! same day stay two, and a re-import or an overlapping statement adds nothing twice.

use super::statement::LineRef;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write;

/// A fingerprint: the first 16 bytes of a SHA-256 (stored as 32 hex digits).
pub type Fingerprint = [u8; 16];

fn digest(text: &str) -> Fingerprint {
    let h = Sha256::digest(text.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&h[..16]);
    out
}

/// Fingerprints lines one after another, counting identical lines.
pub struct Fingerprinter {
    account: String,
    // Occurrences per key, the key kept as its digest (a million keys as text would not fit).
    seen: HashMap<Fingerprint, u32>,
    key: String,
}

impl Fingerprinter {
    pub fn new(account: &str) -> Self {
        Fingerprinter { account: account.to_string(), seen: HashMap::new(), key: String::new() }
    }

    pub fn next(&mut self, l: &LineRef) -> Fingerprint {
        let (key, account) = (&mut self.key, &self.account);
        key.clear();
        if !l.serial.is_empty() {
            // Some exports repeat a serial (a refund under its order number): count them too.
            let _ = write!(key, "sn|{account}|{}", l.serial);
        } else {
            let _ = write!(key, "{account}|{}|{}|{}|", l.date, l.time, l.amount.fen());
            if let Some(b) = l.balance {
                let _ = write!(key, "{}", b.fen());
            }
            let _ = write!(key, "|{}|{}|{}", l.counterparty, l.counter_account, l.summary);
        }
        let n = self.seen.entry(digest(key)).or_default();
        *n += 1;
        let _ = write!(key, "|#{n}");
        digest(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse::BankLine;
    use crate::money::Amount;

    /// The fingerprints of a statement's lines. Which of several identical lines is counted first
    /// does not matter: they are identical.
    pub fn fingerprints<'a>(account: &str, lines: impl Iterator<Item = LineRef<'a>>) -> Vec<Fingerprint> {
        let mut f = Fingerprinter::new(account);
        lines.map(|l| f.next(&l)).collect()
    }

    fn line(serial: &str, amount: i64) -> BankLine {
        BankLine {
            unreadable_balance: None,
            line: 2,
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
            time: String::new(),
            amount: Amount(amount),
            balance: None,
            counterparty: "张三".into(),
            counter_account: String::new(),
            summary: "报销".into(),
            serial: serial.into(),
        }
    }

    #[test]
    fn identical_lines_stay_distinct_and_stable() {
        let ls = [line("", -20000), line("", -20000), line("", -30000)];
        let a = fingerprints("102", ls.iter().map(|l| l.as_ref()));
        assert_eq!(a.len(), 3);
        assert_ne!(a[0], a[1]);
        // The value the format had when it was written as text: imports made before stay found.
        assert_eq!(
            hex::encode(a[0]),
            hex::encode(&Sha256::digest("102|2025-03-01||-20000||张三||报销|#1".as_bytes())[..16])
        );
        assert_eq!(a, fingerprints("102", ls.iter().map(|l| l.as_ref())));
        let s = fingerprints("102", [line("SN1", 5), line("SN1", 6)].iter().map(|l| l.as_ref()));
        assert_ne!(s[0], s[1]);
        assert_ne!(fingerprints("10201", ls.iter().map(|l| l.as_ref()))[0], a[0]);
    }
}
