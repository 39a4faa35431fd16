//! Exports of the posted books to plain-text accounting formats.

pub mod beancount;
pub mod hledger;

use crate::books::{Books, VoucherFilter};
use crate::error::Result;
use crate::ledger::voucher::{Header, Line, Status};

/// Every posted voucher with its lines, in date and number order.
pub async fn posted_vouchers(b: &Books<'_>) -> Result<Vec<(Header, Vec<Line>)>> {
    let f = VoucherFilter { status: Some(Status::Posted), ..Default::default() };
    let mut hs = b.voucher_headers(&f).await?;
    hs.sort_by_key(|a| (a.date, a.period, a.id));
    let mut out = Vec::with_capacity(hs.len());
    for chunk in hs.chunks(2000) {
        let ids: Vec<i64> = chunk.iter().map(|h| h.id).collect();
        let mut lines = b.voucher_lines(&ids).await?;
        for h in chunk {
            let ls = lines.remove(&h.id).unwrap_or_default();
            out.push((h.clone(), ls));
        }
    }
    Ok(out)
}

/// Text safe for a one-line description: no line breaks, no comment characters.
pub fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").replace(';', "；").replace('"', "'")
}
