//! The posted vouchers in chain order, with their lines, streamed: one query, bounded memory,
//! for `verify` over a million vouchers.

use super::{with_db, Org, Store, VoucherHeader};
use crate::error::{Error, Result};
use crate::ledger::voucher::{Line, Status};
use crate::money::Amount;
use sqlx::{AssertSqlSafe, Row};

/// The header columns as stored (a posted voucher reads as posted: whether a reversal cancels it
/// is not part of what was chained), and its lines in one text — one row per voucher, since each
/// row read costs far more than its width.
fn chain_sql(sqlite: bool) -> String {
    let (sep_field, sep_line) = if sqlite { ("char(31)", "char(30)") } else { ("chr(31)", "chr(30)") };
    format!(
        "SELECT v.id, v.no, v.period, v.date, v.summary, v.attachments, v.status, v.source_kind,
         v.source_ref, v.decision_ref, v.reverses, v.prepared_by, v.reviewed_by, v.review_waived, v.posted_by,
         v.chain_seq, v.prev_hash, v.hash, v.voided_by, v.void_reason, CAST(0 AS BIGINT) AS total,
         CAST(0 AS BIGINT) AS reversed,
         (SELECT string_agg(e.account || {sep_field} || e.activity || {sep_field} || CAST(e.debit AS TEXT)
                 || {sep_field} || CAST(e.credit AS TEXT) || {sep_field} || CAST(e.period AS TEXT), {sep_line}
                 ORDER BY e.line_no)
          FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id) AS lines
         FROM vouchers v WHERE v.org_id = $1 AND v.chain_seq IS NOT NULL ORDER BY v.chain_seq"
    )
}

/// The lines packed by [`chain_sql`], each with the month its entry is stored under.
fn unpack(text: Option<String>) -> Result<(Vec<Line>, Vec<i64>)> {
    let Some(text) = text else { return Ok((Vec::new(), Vec::new())) };
    let bad = || Error::database("分录无法读取（数据库可能被改动）");
    let mut lines = Vec::new();
    let mut periods = Vec::new();
    for l in text.split('\u{1e}') {
        let mut f = l.split('\u{1f}');
        let (Some(account), Some(activity), Some(d), Some(c), Some(p), None) =
            (f.next(), f.next(), f.next(), f.next(), f.next(), f.next())
        else {
            return Err(bad());
        };
        lines.push(Line {
            account: account.to_string(),
            activity: activity.to_string(),
            debit: Amount(d.parse().map_err(|_| bad())?),
            credit: Amount(c.parse().map_err(|_| bad())?),
        });
        periods.push(p.parse().map_err(|_| bad())?);
    }
    Ok((lines, periods))
}

impl Store {
    /// Call `each` with every chained voucher, its lines and the month each line's entry is stored
    /// under, in chain order (a voucher whose lines are gone comes with none). Stops at the first
    /// error `each` returns.
    pub async fn walk_chain<F>(&self, org: &Org, mut each: F) -> Result<()>
    where
        F: FnMut(VoucherHeader, Vec<Line>, Vec<i64>) -> Result<()>,
    {
        let sql = chain_sql(self.is_sqlite());
        with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(org.id).fetch(&mut *c);
            while let Some(r) = rows.try_next().await? {
                let h = header_from_row!(&r);
                let (lines, periods) = unpack(r.try_get("lines")?)?;
                each(h, lines, periods)?;
            }
            Ok(())
        })
    }
}
