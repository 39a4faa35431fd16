//! The tamper-evident chain: each posted voucher stores SHA-256 over its content and the hash of
//! the voucher posted before it. Changing any posted field, line or amount — or removing a voucher
//! from the middle — breaks the chain at that voucher.
//!
//! Three formats: v1 (books posted before issue 15); v2, which also covers the voucher's month
//! (period), its id and whether the review was waived, stored as `v2:` + hex; and v3, which also
//! covers each line's 经济分类 code, stored as `v3:` + hex. A voucher whose lines carry no code is
//! posted in v2, so that books kept without codes hash as they always did; a v2 (or v1) hash
//! matches only lines without a code, so a code added to a posted line breaks the chain. Each
//! voucher keeps the format it was posted with, so earlier books still verify.

use super::voucher::{Header, Line};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// The fields of a posted voucher that the hash covers.
struct HashInput<'a> {
    pub org_code: &'a str,
    pub id: i64,
    pub period: i64,
    pub review_waived: bool,
    pub chain_seq: i64,
    pub no: &'a str,
    pub date: NaiveDate,
    pub summary: &'a str,
    pub attachments: i64,
    pub source_kind: &'a str,
    pub source_ref: &'a str,
    pub decision_ref: &'a str,
    pub reverses: Option<i64>,
    pub prepared_by: &'a str,
    pub reviewed_by: &'a str,
    pub posted_by: &'a str,
    pub lines: &'a [Line],
}

fn field(h: &mut Sha256, s: &str) {
    // Length-prefixed so that no choice of text can make two different vouchers hash alike.
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// The hash of a posted voucher (its chain position and poster set) chained to `prev`, in the
/// current format: the one function posting uses.
pub fn posted_hash(org_code: &str, h: &Header, lines: &[Line], prev: &str) -> String {
    let version = if lines.iter().any(|l| !l.econ.is_empty()) { 3 } else { 2 };
    format!("v{version}:{}", voucher_hash(&input(org_code, h, lines), prev, version))
}

/// Whether a stored hash is the voucher's, in the format it was written with: what `verify` uses.
pub fn hash_matches(org_code: &str, h: &Header, lines: &[Line], prev: &str, stored: &str) -> bool {
    let v = input(org_code, h, lines);
    if let Some(hex) = stored.strip_prefix("v3:") {
        return hex == voucher_hash(&v, prev, 3);
    }
    // The formats before v3 had no codes: a line with one was changed after posting.
    if lines.iter().any(|l| !l.econ.is_empty()) {
        return false;
    }
    match stored.strip_prefix("v2:") {
        Some(hex) => hex == voucher_hash(&v, prev, 2),
        None => stored == voucher_hash(&v, prev, 1),
    }
}

fn input<'a>(org_code: &'a str, h: &'a Header, lines: &'a [Line]) -> HashInput<'a> {
    HashInput {
        org_code,
        id: h.id,
        period: h.period,
        review_waived: h.review_waived,
        chain_seq: h.chain_seq.unwrap_or(-1),
        no: &h.no,
        date: h.date,
        summary: &h.summary,
        attachments: h.attachments,
        source_kind: &h.source_kind,
        source_ref: &h.source_ref,
        decision_ref: &h.decision_ref,
        reverses: h.reverses,
        prepared_by: &h.prepared_by,
        reviewed_by: h.reviewed_by.as_deref().unwrap_or(""),
        posted_by: h.posted_by.as_deref().unwrap_or(""),
        lines,
    }
}

/// Hex SHA-256 of the voucher's content chained to `prev`, in format `version`.
fn voucher_hash(v: &HashInput, prev: &str, version: u8) -> String {
    let mut h = Sha256::new();
    field(
        &mut h,
        match version {
            1 => "gonghui-voucher-v1",
            2 => "gonghui-voucher-v2",
            _ => "gonghui-voucher-v3",
        },
    );
    field(&mut h, prev);
    if version >= 2 {
        h.update(v.id.to_le_bytes());
        h.update(v.period.to_le_bytes());
        h.update([v.review_waived as u8]);
    }
    field(&mut h, v.org_code);
    h.update(v.chain_seq.to_le_bytes());
    field(&mut h, v.no);
    field(&mut h, &v.date.to_string());
    field(&mut h, v.summary);
    h.update(v.attachments.to_le_bytes());
    field(&mut h, v.source_kind);
    field(&mut h, v.source_ref);
    field(&mut h, v.decision_ref);
    h.update(v.reverses.unwrap_or(-1).to_le_bytes());
    field(&mut h, v.prepared_by);
    field(&mut h, v.reviewed_by);
    field(&mut h, v.posted_by);
    h.update((v.lines.len() as u64).to_le_bytes());
    for l in v.lines {
        field(&mut h, &l.account);
        field(&mut h, &l.activity);
        h.update(l.debit.fen().to_le_bytes());
        h.update(l.credit.fen().to_le_bytes());
        if version >= 3 {
            field(&mut h, &l.econ);
        }
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;

    #[test]
    fn any_change_changes_the_hash() {
        let lines = vec![Line::debit("50102", Amount(100), ""), Line::credit("102", Amount(100), "")];
        let base = HashInput {
            org_code: "x",
            id: 1,
            period: 202503,
            review_waived: false,
            chain_seq: 1,
            no: "记-202503-0001",
            date: NaiveDate::from_ymd_opt(2025, 3, 8).unwrap(),
            summary: "a",
            attachments: 1,
            source_kind: "manual",
            source_ref: "",
            decision_ref: "",
            reverses: None,
            prepared_by: "p",
            reviewed_by: "r",
            posted_by: "p",
            lines: &lines,
        };
        let h0 = voucher_hash(&base, "", 2);
        assert_eq!(h0.len(), 64);
        assert_ne!(h0, voucher_hash(&base, "0", 2));
        assert_ne!(h0, voucher_hash(&base, "", 1), "the formats differ");
        let lines2 = vec![Line::debit("50102", Amount(101), ""), Line::credit("102", Amount(101), "")];
        let changed = HashInput { lines: &lines2, ..base };
        assert_ne!(h0, voucher_hash(&changed, "", 2));
        let moved = HashInput { period: 202504, ..base };
        assert_ne!(h0, voucher_hash(&moved, "", 2), "v2 covers the month");
        assert_eq!(voucher_hash(&moved, "", 1), voucher_hash(&base, "", 1), "v1 did not");
        let coded = vec![lines[0].clone().with_econ("30299"), lines[1].clone()];
        let with_code = HashInput { lines: &coded, ..base };
        assert_ne!(voucher_hash(&with_code, "", 3), voucher_hash(&base, "", 3), "v3 covers the code");
        assert_eq!(voucher_hash(&with_code, "", 2), h0, "v2 does not: hence v2 refuses coded lines");
    }

    #[test]
    fn a_code_added_to_a_line_posted_without_one_breaks_the_chain() {
        let h = Header {
            id: 7,
            no: "记-202503-0001".into(),
            period: 202503,
            date: NaiveDate::from_ymd_opt(2025, 3, 8).unwrap(),
            summary: "a".into(),
            attachments: 0,
            status: crate::ledger::voucher::Status::Posted,
            source_kind: "manual".into(),
            source_ref: String::new(),
            decision_ref: String::new(),
            reverses: None,
            prepared_by: "p".into(),
            reviewed_by: Some("r".into()),
            review_waived: false,
            posted_by: Some("r".into()),
            chain_seq: Some(1),
            prev_hash: None,
            hash: None,
            total: Amount(100),
            voided_by: None,
            void_reason: String::new(),
        };
        let plain = vec![Line::debit("50105", Amount(100), ""), Line::credit("102", Amount(100), "")];
        let stored = posted_hash("x", &h, &plain, "");
        assert!(stored.starts_with("v2:") && hash_matches("x", &h, &plain, "", &stored));
        let coded = vec![plain[0].clone().with_econ("30229"), plain[1].clone()];
        assert!(!hash_matches("x", &h, &coded, "", &stored), "the code was not there when posted");
        let stored3 = posted_hash("x", &h, &coded, "");
        assert!(stored3.starts_with("v3:") && hash_matches("x", &h, &coded, "", &stored3));
        let other = vec![plain[0].clone().with_econ("30299"), plain[1].clone()];
        assert!(!hash_matches("x", &h, &other, "", &stored3), "nor can it change");
        assert!(!hash_matches("x", &h, &plain, "", &stored3), "nor go");
    }
}
