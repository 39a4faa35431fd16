//! The posted vouchers in chain order, with their lines, streamed: bounded memory and few rows,
//! for `verify` over a million vouchers.
//!
//! One query returns a block of the chain — every voucher whose chain number falls in a range,
//! header and lines, packed into one text ([`super::packed`]) — and the walk steps through the
//! ranges (a row per voucher made the walk of a million take 16–19 s). A block is put in order
//! here.

use super::packed::{packed_sql, unpack};
use super::{with_db, Org, Store, VoucherHeader};
use crate::error::Result;
use crate::ledger::voucher::Line;
use sqlx::{AssertSqlSafe, Row};

/// Chain numbers per query: large enough that rows cost nothing, small enough that a block's
/// text (about 350 bytes a voucher) stays small.
const BLOCK: i64 = 2000;

impl Store {
    /// The blocks of the chain in order, sent to `out` until it is closed, on one connection held
    /// throughout (taking one from the pool for each block waits for a check of it, and the next
    /// block would not be asked for until the walk had finished this one).
    async fn send_blocks(&self, org: &Org, out: tokio::sync::mpsc::Sender<Result<String>>) {
        let sql = packed_sql(self.is_sqlite(), "v.org_id = $1 AND v.chain_seq > $2 AND v.chain_seq <= $2 + $3");
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
                        .try_get("packed")?;
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
                let mut vouchers = unpack(&block?)?;
                // A chain number given twice (by tampering) comes in id order.
                vouchers.sort_by_key(|v| (v.header.chain_seq, v.header.id));
                for v in vouchers {
                    each(v.header, v.lines, v.periods)?;
                }
            }
            Ok(())
        };
        // Once the walk stops (done or failed), its receiver is dropped and the reading stops.
        tokio::join!(reading, walking).1
    }
}
