//! Exports of the posted books to plain-text accounting formats.

pub mod beancount;
pub mod hledger;

use crate::error::Result;
use crate::ledger::voucher::Line;
use crate::ops::Ctx;
use crate::store::{VoucherFilter, VoucherHeader};

/// Every posted voucher with its lines, in date and number order.
pub async fn posted_vouchers(ctx: &Ctx) -> Result<Vec<(VoucherHeader, Vec<Line>)>> {
    let f = VoucherFilter { status: Some("posted"), ..Default::default() };
    let mut hs = ctx.store.voucher_headers(&ctx.org, &f).await?;
    hs.sort_by(|a, b| (a.date, a.period, a.id).cmp(&(b.date, b.period, b.id)));
    let mut out = Vec::with_capacity(hs.len());
    for chunk in hs.chunks(2000) {
        let ids: Vec<i64> = chunk.iter().map(|h| h.id).collect();
        let mut lines = ctx.store.voucher_lines(&ctx.org, &ids).await?;
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
