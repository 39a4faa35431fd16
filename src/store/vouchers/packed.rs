//! Vouchers with their lines packed into one text per query ([`crate::store::packing`]), for
//! reads of thousands of vouchers (the chain walk of `verify`, the vouchers given by number to
//! review or post). Each line starts with `L`. The vouchers come in no particular order: sorting
//! them in SQL cost more than the rest, so the caller puts them in order.

use super::VoucherHeader;
use crate::error::{Error, Result};
use crate::ledger::voucher::{Line, Status};
use crate::money::Amount;
use crate::store::packing::{num, text, Fields};

/// The vouchers `v` that meet `condition`, packed into one text (`packed`), NULL when none do.
/// The header columns as stored: a posted voucher reads as posted, never as reversed.
pub(super) fn packed_sql(sqlite: bool, condition: &str) -> String {
    let numbers = [
        "v.id",
        "v.period",
        "v.attachments",
        "v.reverses",
        "CASE WHEN v.review_waived THEN 1 ELSE 0 END",
        "v.chain_seq",
        "v.seq",
    ];
    // The date as text, whatever the server's DateStyle.
    let date = if sqlite { "v.date" } else { "to_char(v.date, 'YYYY-MM-DD')" };
    let texts = [
        "v.no",
        date,
        "v.summary",
        "v.status",
        "v.source_kind",
        "v.source_ref",
        "v.decision_ref",
        "v.prepared_by",
        "v.reviewed_by",
        "v.posted_by",
        "v.prev_hash",
        "v.hash",
        "v.voided_by",
        "v.void_reason",
    ];
    let header = numbers.iter().map(|n| num(n)).chain(texts.iter().map(|t| text(t))).collect::<Vec<_>>().join(", ");
    let line = format!(
        "concat('L', {}, {}, {}, {}, {}, {}, {})",
        num("e.line_no"),
        num("e.debit"),
        num("e.credit"),
        num("e.period"),
        text("e.account"),
        text("e.activity"),
        text("e.econ")
    );
    format!(
        "SELECT string_agg(rec, '') AS packed FROM (
           SELECT concat({header},
             (SELECT string_agg({line}, '') FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id)) AS rec
           FROM vouchers v
           WHERE {condition}) b"
    )
}

/// A voucher as packed: its header, its number within its month, its lines.
pub(super) struct Packed {
    pub header: VoucherHeader,
    /// The voucher's number within its month.
    pub seq: i64,
    /// Its lines in line order…
    pub lines: Vec<Line>,
    /// …and the month each line's entry is stored under.
    pub periods: Vec<i64>,
}

/// One voucher of a block.
fn next_voucher(f: &mut Fields) -> Result<Packed> {
    let (id, period, attachments, reverses) = (f.int()?, f.int()?, f.int()?, f.opt_int()?);
    let (review_waived, chain_seq, seq) = (f.int()? != 0, f.opt_int()?, f.int()?);
    let no = f.text()?;
    let date = f.date()?;
    let summary = f.text()?;
    let status = f.text()?;
    let status = Status::stored(&status)
        .ok_or_else(|| Error::database(format!("凭证状态“{status}”无法识别（数据库可能被改动）")))?;
    let h = VoucherHeader {
        id,
        no,
        period,
        date,
        summary,
        attachments,
        status,
        source_kind: f.text()?,
        source_ref: f.text()?,
        decision_ref: f.text()?,
        reverses,
        prepared_by: f.text()?,
        reviewed_by: f.opt_text()?,
        review_waived,
        posted_by: f.opt_text()?,
        chain_seq,
        prev_hash: f.opt_text()?,
        hash: f.opt_text()?,
        total: Amount::ZERO,
        voided_by: f.opt_text()?,
        void_reason: f.text()?,
    };
    let mut lines = Vec::new();
    while let Some(r) = f.rest.strip_prefix('L') {
        f.rest = r;
        let (line_no, debit, credit, period) = (f.int()?, f.int()?, f.int()?, f.int()?);
        let (account, activity, econ) = (f.text()?, f.text()?, f.text()?);
        lines.push((line_no, Line { account, activity, debit: Amount(debit), credit: Amount(credit), econ }, period));
    }
    lines.sort_by_key(|l| l.0);
    let periods = lines.iter().map(|l| l.2).collect();
    Ok(Packed { header: h, seq, lines: lines.into_iter().map(|l| l.1).collect(), periods })
}

/// The vouchers of a packed text, in the order they came; each header's total is its lines'
/// debits.
pub(super) fn unpack(packed: &str) -> Result<Vec<Packed>> {
    let mut f = Fields { rest: packed };
    let mut out = Vec::new();
    while !f.rest.is_empty() {
        let mut v = next_voucher(&mut f)?;
        v.header.total = v.lines.iter().map(|l| l.debit).sum();
        out.push(v);
    }
    Ok(out)
}
