//! The state log's storage: the digest of each table of one union's books, and the log itself.

use super::dump::cell_text;
use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::state::{heads_text, parse_heads, Entry};
use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, Row};

/// The tables a state covers: (name, the rows of one union, key order). Posted vouchers and their
/// entries are covered by their own hash chain (whose head is folded in as `vouchers`); the
/// monthly balances are checked against the entries by `verify`.
const COVERED: &[(&str, &str, &str)] = &[
    ("orgs", "SELECT id, code, name, province, created_at FROM orgs WHERE id = $1", ""),
    ("settings", "settings", "key"),
    ("events", "events", "id"),
    ("accounts", "accounts", "code"),
    ("activities", "activities", "code"),
    ("voucher_seq", "voucher_seq", "period"),
    ("open_vouchers", "SELECT * FROM vouchers WHERE org_id = $1 AND status <> 'posted' ORDER BY id", ""),
    ("closed_periods", "closed_periods", "period"),
    ("reopenings", "reopenings", "id"),
    ("payroll", "payroll", "period"),
    ("payroll_changes", "payroll_changes", "period, changed_at"),
    ("allocation_settings", "allocation_settings", "year"),
    ("budget_versions", "budget_versions", "year, version"),
    ("budget_lines", "budget_lines", "year, version, line_no"),
    ("assets", "assets", "id"),
    ("depreciation_runs", "depreciation_runs", "period"),
    ("bank_imports", "bank_imports", "id"),
    ("bank_lines", "bank_lines", "account, fingerprint"),
    ("bank_links", "bank_links", "account, fingerprint, voucher_no"),
    ("bank_booked", "bank_booked", "account, fingerprint"),
    ("bank_ignored", "bank_ignored", "account, fingerprint"),
    ("bank_statements", "bank_statements", "account, period"),
    ("members", "members", "no"),
    ("benefits", "benefits", "voucher_no, line_no"),
    ("audit_findings", "audit_findings", "period, key"),
    ("audit_dispositions", "audit_dispositions", "period, key"),
    ("voucher_files", "voucher_files", "id"),
];

fn covered_sql(source: &str, order: &str) -> String {
    if order.is_empty() {
        source.to_string()
    } else {
        format!("SELECT * FROM {source} WHERE org_id = $1 ORDER BY {order}")
    }
}

impl Store {
    /// The digest of each covered table's rows of this union, and the voucher chain's head.
    pub async fn state_heads(&self, org: &Org) -> Result<Vec<(String, String)>> {
        let (chain_seq, chain_hash) = self.chain_head(org).await?;
        let mut heads = vec![("vouchers".to_string(), format!("{chain_seq}:{chain_hash}"))];
        for (name, source, order) in COVERED {
            let sql = covered_sql(source, order);
            let digest = with_db!(self, |c| {
                use futures_util::TryStreamExt;
                let mut h = Sha256::new();
                let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(org.id).fetch(&mut *c);
                let mut n = 0u64;
                while let Some(r) = rows.try_next().await? {
                    n += 1;
                    for i in 0..r.len() {
                        let v: String = cell_text!(r, i);
                        h.update((v.len() as u64).to_le_bytes());
                        h.update(v.as_bytes());
                    }
                    h.update(b"\n");
                }
                h.update(n.to_le_bytes());
                hex::encode(h.finalize())
            });
            heads.push((name.to_string(), digest));
        }
        Ok(heads)
    }

    /// The state log of a union, oldest first (from entry `from` on).
    pub async fn state_log(&self, org: &Org, from: i64) -> Result<Vec<Entry>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT seq, version, at, actor, heads, prev_root, root FROM state_log
                 WHERE org_id = $1 AND seq >= $2 ORDER BY seq",
            )
            .bind(org.id)
            .bind(from)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(Entry {
                    seq: r.try_get("seq")?,
                    version: r.try_get("version")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    heads: parse_heads(&r.try_get::<String, _>("heads")?),
                    prev_root: r.try_get("prev_root")?,
                    root: r.try_get("root")?,
                });
            }
            Ok(out)
        })
    }

    /// The last entry of a union's state log.
    pub async fn state_head(&self, org: &Org) -> Result<Option<Entry>> {
        let seq: Option<i64> = with_db!(self, |c| {
            sqlx::query_scalar("SELECT MAX(seq) FROM state_log WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?
        });
        match seq {
            Some(s) => Ok(self.state_log(org, s).await?.into_iter().next()),
            None => Ok(None),
        }
    }

    pub async fn append_state(&self, org: &Org, e: &Entry) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO state_log (org_id, seq, version, at, actor, heads, prev_root, root)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(e.seq)
            .bind(e.version)
            .bind(&e.at)
            .bind(&e.actor)
            .bind(heads_text(&e.heads))
            .bind(&e.prev_root)
            .bind(&e.root)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }
}
