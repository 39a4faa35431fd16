//! The posted vouchers in chain order, with their lines, streamed: bounded memory and few rows,
//! for `verify` over a million vouchers.
//!
//! Each row read through the driver costs far more than its width (a row per voucher made the
//! walk of a million take 16–19 s), so one query returns a block of the chain — every voucher
//! whose chain number falls in a range, header and lines — as one text, and the walk steps
//! through the ranges. A block is put in order here: sorting it in SQL cost more than the rest.
//! Numbers end with `;` (nothing before it: NULL); texts are written `LEN:BYTES` (no length:
//! NULL), so that nothing a text holds can break the split, even in books edited by hand; each
//! line starts with `L`.

use super::{with_db, Org, Store, VoucherHeader};
use crate::error::{Error, Result};
use crate::ledger::voucher::{Line, Status};
use crate::money::Amount;
use sqlx::{AssertSqlSafe, Row};

/// Chain numbers per query: large enough that rows cost nothing, small enough that a block's
/// text (about 350 bytes a voucher) stays small.
const BLOCK: i64 = 2000;

/// The vouchers whose chain number is in ($2, $2 + $3], packed, in no particular order.
fn block_sql(sqlite: bool) -> String {
    let numbers = [
        "v.id",
        "v.period",
        "v.attachments",
        "v.reverses",
        "CASE WHEN v.review_waived THEN 1 ELSE 0 END",
        "v.chain_seq",
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
    let header = numbers
        .iter()
        .map(|n| format!("{n}, ';'"))
        .chain(texts.iter().map(|t| format!("octet_length({t}), ':', {t}")))
        .collect::<Vec<_>>()
        .join(", ");
    let line = "concat('L', e.line_no, ';', e.debit, ';', e.credit, ';', e.period, ';', \
                octet_length(e.account), ':', e.account, octet_length(e.activity), ':', e.activity)";
    format!(
        "SELECT string_agg(rec, '') AS block FROM (
           SELECT concat({header},
             (SELECT string_agg({line}, '') FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id)) AS rec
           FROM vouchers v
           WHERE v.org_id = $1 AND v.chain_seq > $2 AND v.chain_seq <= $2 + $3) b"
    )
}

/// Reads the fields of a packed text in turn.
struct Fields<'a> {
    rest: &'a str,
}

fn bad() -> Error {
    Error::database("记账凭证无法读取（数据库可能被改动）")
}

impl<'a> Fields<'a> {
    fn opt_int(&mut self) -> Result<Option<i64>> {
        let (n, r) = self.rest.split_once(';').ok_or_else(bad)?;
        self.rest = r;
        if n.is_empty() {
            return Ok(None);
        }
        n.parse().map(Some).map_err(|_| bad())
    }

    fn int(&mut self) -> Result<i64> {
        self.opt_int()?.ok_or_else(bad)
    }

    fn opt(&mut self) -> Result<Option<&'a str>> {
        let (len, r) = self.rest.split_once(':').ok_or_else(bad)?;
        if len.is_empty() {
            self.rest = r;
            return Ok(None);
        }
        let len: usize = len.parse().map_err(|_| bad())?;
        let value = r.get(..len).ok_or_else(bad)?;
        self.rest = &r[len..];
        Ok(Some(value))
    }

    fn text(&mut self) -> Result<String> {
        self.opt()?.map(str::to_string).ok_or_else(bad)
    }

    fn opt_text(&mut self) -> Result<Option<String>> {
        Ok(self.opt()?.map(str::to_string))
    }
}

/// A chained voucher with its lines (in line order) and the month each line's entry is stored under.
type Chained = (VoucherHeader, Vec<Line>, Vec<i64>);

/// One voucher of a block.
fn next_voucher(f: &mut Fields) -> Result<Chained> {
    let (id, period, attachments, reverses) = (f.int()?, f.int()?, f.int()?, f.opt_int()?);
    let (review_waived, chain_seq) = (f.int()? != 0, f.opt_int()?);
    let no = f.text()?;
    let date = f.text()?.parse().map_err(|_| bad())?;
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
        let (account, activity) = (f.text()?, f.text()?);
        lines.push((line_no, Line { account, activity, debit: Amount(debit), credit: Amount(credit) }, period));
    }
    lines.sort_by_key(|l| l.0);
    let periods = lines.iter().map(|l| l.2).collect();
    Ok((h, lines.into_iter().map(|l| l.1).collect(), periods))
}

/// A block's vouchers in chain order (a chain number given twice, by tampering, in id order).
fn unpack(block: &str) -> Result<Vec<Chained>> {
    let mut f = Fields { rest: block };
    let mut out = Vec::new();
    while !f.rest.is_empty() {
        out.push(next_voucher(&mut f)?);
    }
    out.sort_by_key(|(h, _, _)| (h.chain_seq, h.id));
    Ok(out)
}

impl Store {
    /// The blocks of the chain in order, sent to `out` until it is closed, on one connection held
    /// throughout (taking one from the pool for each block waits for a check of it, and the next
    /// block would not be asked for until the walk had finished this one).
    async fn send_blocks(&self, org: &Org, out: tokio::sync::mpsc::Sender<Result<String>>) {
        let sql = block_sql(self.is_sqlite());
        let next_sql = "SELECT min(chain_seq) FROM vouchers WHERE org_id = $1 AND chain_seq > $2";
        let read: Result<()> = async {
            with_db!(self, |c| {
                // Blocks start after `from`; past a gap wider than a block (only in books someone
                // has changed), the next block starts at the next chain number there is.
                let mut from = i64::MIN;
                loop {
                    let block: Option<String> = sqlx::query(AssertSqlSafe(sql.clone()))
                        .bind(org.id)
                        .bind(from)
                        .bind(BLOCK)
                        .fetch_one(&mut *c)
                        .await?
                        .try_get("block")?;
                    match block {
                        Some(b) => {
                            if out.send(Ok(b)).await.is_err() {
                                return Ok(());
                            }
                            from = from.saturating_add(BLOCK);
                        }
                        None => {
                            let next: Option<i64> =
                                sqlx::query_scalar(next_sql).bind(org.id).bind(from).fetch_one(&mut *c).await?;
                            match next {
                                Some(n) => from = n - 1,
                                None => return Ok(()),
                            }
                        }
                    }
                }
            })
        }
        .await;
        if let Err(e) = read {
            let _ = out.send(Err(e)).await;
        }
    }

    /// Call `each` with every chained voucher, its lines and the month each line's entry is stored
    /// under, in chain order (a voucher whose lines are gone comes with none). Stops at the first
    /// error `each` returns. The next block is read while `each` works through this one (the
    /// database works on its own thread or server), and no more than two are held.
    pub async fn walk_chain<F>(&self, org: &Org, mut each: F) -> Result<()>
    where
        F: FnMut(VoucherHeader, Vec<Line>, Vec<i64>) -> Result<()>,
    {
        let (out, mut blocks) = tokio::sync::mpsc::channel(1);
        let reading = self.send_blocks(org, out);
        let walking = async move {
            while let Some(block) = blocks.recv().await {
                for (h, lines, periods) in unpack(&block?)? {
                    each(h, lines, periods)?;
                }
            }
            Ok(())
        };
        // Once the walk stops (done or failed), its receiver is dropped and the reading stops.
        tokio::join!(reading, walking).1
    }
}
