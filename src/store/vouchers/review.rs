//! Changing vouchers once written: review and its withdrawal, posting (chained and added to the
//! balances), a draft's edit and its voiding.

use super::line_insert_sql;
use super::{add_to_sums, values_clause, with_db, Org, Store, VoucherHeader, ROWS_PER_INSERT};
use crate::error::{Error, Result};
use crate::ledger::hash::posted_hash;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Status};
use crate::store::Placeholders;
use sqlx::Connection;
use sqlx::{AssertSqlSafe, Row};
use std::collections::{BTreeMap, HashMap};

/// Remove a draft's lines (before they are written anew, or as it is voided).
macro_rules! drop_lines {
    ($tx:expr, $org_id:expr, $id:expr) => {
        sqlx::query("DELETE FROM entries WHERE org_id = $1 AND voucher_id = $2")
            .bind($org_id)
            .bind($id)
            .execute(&mut *$tx)
            .await?
    };
}

impl Store {
    /// Mark drafts as reviewed: one UPDATE per chunk of ids. Returns how many changed; the caller
    /// has checked the rules.
    pub async fn mark_reviewed(&self, org: &Org, ids: &[i64], reviewer: &str, waived: bool) -> Result<u64> {
        let now = crate::now_text();
        let numbered = self.numbered();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let mut n = 0;
            for chunk in ids.chunks(ROWS_PER_INSERT) {
                let mut ph = Placeholders::new(numbered);
                let sql = format!(
                    "UPDATE vouchers SET status = 'reviewed', reviewed_by = {}, reviewed_at = {}, review_waived = {}
                     WHERE org_id = {} AND status = 'draft' AND id IN ({})",
                    ph.one(),
                    ph.one(),
                    ph.one(),
                    ph.one(),
                    ph.list(chunk.len())
                );
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(reviewer).bind(&now).bind(waived).bind(org.id);
                for id in chunk {
                    q = q.bind(*id);
                }
                n += q.execute(&mut *tx).await?.rows_affected();
            }
            tx.commit().await?;
            Ok(n)
        })
    }

    /// Post reviewed vouchers, in the order given, as read in the caller's transaction (headers
    /// and lines by voucher id): chain each, add to the balances, all in one transaction (one
    /// UPDATE per chunk of vouchers). Refuses if any of them is not (or no longer) reviewed.
    pub async fn post_reviewed(
        &self,
        org: &Org,
        headers: &[VoucherHeader],
        lines: &HashMap<i64, Vec<Line>>,
        poster: &str,
    ) -> Result<()> {
        let now = crate::now_text();
        if let Some(h) = headers.iter().find(|h| h.status != Status::Reviewed) {
            return Err(Error::input(format!("凭证 {} 状态为“{}”，只有已审核的凭证才能记账", h.no, h.status.label())));
        }
        let numbered = self.numbered();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let row =
                sqlx::query("UPDATE orgs SET chain_seq = chain_seq WHERE id = $1 RETURNING chain_seq, chain_hash")
                    .bind(org.id)
                    .fetch_one(&mut *tx)
                    .await?;
            let mut chain_seq: i64 = row.try_get("chain_seq")?;
            let mut chain_hash: String = row.try_get("chain_hash")?;
            let mut sums = BTreeMap::new();
            for chunk in headers.chunks(ROWS_PER_INSERT) {
                // (id, chain position, previous hash, hash) of each voucher of the chunk.
                let mut chained = Vec::with_capacity(chunk.len());
                for h in chunk {
                    let ls = lines.get(&h.id).map(Vec::as_slice).unwrap_or(&[]);
                    chain_seq += 1;
                    let mut c = h.clone();
                    c.chain_seq = Some(chain_seq);
                    c.posted_by = Some(poster.to_string());
                    let hash = posted_hash(&org.code, &c, ls, &chain_hash);
                    chained.push((h.id, chain_seq, std::mem::replace(&mut chain_hash, hash.clone()), hash));
                    add_to_sums(&mut sums, h.period, ls);
                }
                let mut ph = Placeholders::new(numbered);
                let sql = format!(
                    "UPDATE vouchers SET status = 'posted', posted_by = {}, posted_at = {}, chain_seq = x.column2,
                     prev_hash = x.column3, hash = x.column4
                     FROM (VALUES {}) AS x
                     WHERE vouchers.org_id = {} AND vouchers.id = x.column1 AND vouchers.status = 'reviewed'{}",
                    ph.one(),
                    ph.one(),
                    ph.rows(chunk.len(), 4),
                    ph.one(),
                    // On PostgreSQL the ids again, as a list the planner reads: it then reaches the
                    // vouchers by their key. Without it, on the statistics of a table filled the
                    // same day, it scanned every voucher of the union for each chunk (977
                    // vouchers/s posted at 100,000). SQLite finds the key on its own.
                    if numbered {
                        let ids: Vec<String> = chunk.iter().map(|h| h.id.to_string()).collect();
                        format!(" AND vouchers.id IN ({})", ids.join(","))
                    } else {
                        String::new()
                    }
                );
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(poster).bind(&now);
                for (id, seq, prev, hash) in &chained {
                    q = q.bind(*id).bind(*seq).bind(prev.as_str()).bind(hash.as_str());
                }
                q = q.bind(org.id);
                let n = q.execute(&mut *tx).await?.rows_affected();
                if n != chunk.len() as u64 {
                    return Err(Error::input("有凭证已被他人处理，请重新查看后再记账（本次未记账）"));
                }
            }
            finish_posting!(tx, org.id, sums, numbered, chain_seq, chain_hash);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Replace a draft's date, summary, attachments, minutes number and lines, keeping its number
    /// (the date stays in its month). False when it is no longer a draft.
    pub async fn replace_draft(&self, org: &Org, id: i64, v: &NewVoucher) -> Result<bool> {
        let period = Period::of(v.date).0;
        let numbered = self.numbered();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let n = sqlx::query(
                "UPDATE vouchers SET date = $3, summary = $4, attachments = $5, decision_ref = $6
                 WHERE org_id = $1 AND id = $2 AND status = 'draft' AND period = $7",
            )
            .bind(org.id)
            .bind(id)
            .bind(v.date)
            .bind(v.summary.as_str())
            .bind(v.attachments)
            .bind(v.decision_ref.as_str())
            .bind(period)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Ok(false);
            }
            drop_lines!(tx, org.id, id);
            let mut q = sqlx::query(AssertSqlSafe(line_insert_sql(v.lines.len(), numbered, true)));
            for (n, l) in v.lines.iter().enumerate() {
                q = q
                    .bind(org.id)
                    .bind(id)
                    .bind(n as i64 + 1)
                    .bind(period)
                    .bind(l.account.as_str())
                    .bind(l.activity.as_str())
                    .bind(l.debit.fen())
                    .bind(l.credit.fen())
                    .bind(l.econ.as_str());
            }
            q.execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Void a draft (作废): its lines go, its number stays with who voided it, when and why.
    /// False when it is no longer a draft.
    pub async fn void_draft(&self, org: &Org, id: i64, actor: &str, reason: &str) -> Result<bool> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let n = sqlx::query(
                "UPDATE vouchers SET status = 'void', voided_by = $3, voided_at = $4, void_reason = $5
                 WHERE org_id = $1 AND id = $2 AND status = 'draft'",
            )
            .bind(org.id)
            .bind(id)
            .bind(actor)
            .bind(&now)
            .bind(reason)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Ok(false);
            }
            drop_lines!(tx, org.id, id);
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Take back a review: the voucher is a draft again. False when it is no longer reviewed.
    pub async fn unreview(&self, org: &Org, id: i64) -> Result<bool> {
        with_db!(self, |c| {
            let n = sqlx::query(
                "UPDATE vouchers SET status = 'draft', reviewed_by = NULL, reviewed_at = NULL, review_waived = FALSE
                 WHERE org_id = $1 AND id = $2 AND status = 'reviewed'",
            )
            .bind(org.id)
            .bind(id)
            .execute(&mut *c)
            .await?
            .rows_affected();
            Ok(n == 1)
        })
    }
}
