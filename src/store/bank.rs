//! Imported statement lines and imports.

use super::{values_clause, with_db, Org, Store, ROWS_PER_INSERT};
use crate::error::Result;
use crate::import::parse::BankLine;
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::{AssertSqlSafe, Row};
use std::collections::HashSet;

/// What an import was: counts and where from.
#[derive(Clone, Debug)]
pub struct BankImport {
    pub account: String,
    pub file_name: String,
    pub layout: String,
    pub encoding: String,
    pub read: i64,
    pub imported: i64,
    pub duplicate: i64,
    pub skipped: i64,
    pub imported_by: String,
}

/// A line as stored.
#[derive(Clone, Debug)]
pub struct StoredLine {
    pub fingerprint: String,
    pub seq: i64,
    pub date: NaiveDate,
    pub amount: Amount,
    pub balance: Option<Amount>,
    pub counterparty: String,
    pub summary: String,
    pub voucher_no: String,
}

impl Store {
    /// The distinct texts one query returns for an organisation and account.
    async fn text_set(&self, sql: &'static str, org: &Org, account: &str) -> Result<HashSet<String>> {
        with_db!(self, pool => {
            let v: Vec<String> = sqlx::query_scalar(sql).bind(org.id).bind(account).fetch_all(pool).await?;
            Ok(v.into_iter().collect())
        })
    }

    pub async fn bank_fingerprints(&self, org: &Org, account: &str) -> Result<HashSet<String>> {
        self.text_set("SELECT fingerprint FROM bank_lines WHERE org_id = $1 AND account = $2", org, account).await
    }

    /// Record an import and its new lines in one transaction; `progress` is told of each chunk.
    pub async fn insert_bank_lines(
        &self,
        org: &Org,
        imp: &BankImport,
        lines: &[(&BankLine, String)],
        progress: &dyn Fn(usize),
    ) -> Result<i64> {
        let now = crate::now_text();
        let numbered = self.numbered();
        with_db!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE orgs SET last_event_id = last_event_id WHERE id = $1").bind(org.id).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM bank_imports WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *tx)
                .await?;
            let seq0: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM bank_lines WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO bank_imports (org_id, id, account, file_name, layout, encoding, read_count, imported, duplicate, skipped, imported_by, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(org.id).bind(id).bind(&imp.account).bind(&imp.file_name).bind(&imp.layout).bind(&imp.encoding)
            .bind(imp.read).bind(imp.imported).bind(imp.duplicate).bind(imp.skipped).bind(&imp.imported_by).bind(&now)
            .execute(&mut *tx)
            .await?;
            let mut done = 0;
            for (ci, chunk) in lines.chunks(ROWS_PER_INSERT).enumerate() {
                let sql = format!(
                    "INSERT INTO bank_lines (org_id, account, fingerprint, seq, import_id, file_line, date, time, amount, balance,
                     counterparty, counter_account, summary, serial) VALUES {}",
                    values_clause(chunk.len(), 14, 1, numbered)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (k, (l, fp)) in chunk.iter().enumerate() {
                    q = q
                        .bind(org.id)
                        .bind(&imp.account)
                        .bind(fp.as_str())
                        .bind(seq0 + (ci * ROWS_PER_INSERT + k) as i64 + 1)
                        .bind(id)
                        .bind(l.line as i64)
                        .bind(l.date)
                        .bind(l.time.as_str())
                        .bind(l.amount.fen())
                        .bind(l.balance.map(|b| b.fen()))
                        .bind(l.counterparty.as_str())
                        .bind(l.counter_account.as_str())
                        .bind(l.summary.as_str())
                        .bind(l.serial.as_str());
                }
                q.execute(&mut *tx).await?;
                done += chunk.len();
                progress(done);
            }
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Lines of an account dated `from..=to`, in date order.
    pub async fn bank_lines(
        &self,
        org: &Org,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<StoredLine>> {
        with_db!(self, pool => {
            let rows = sqlx::query(
                "SELECT fingerprint, seq, date, amount, balance, counterparty, summary, voucher_no FROM bank_lines
                 WHERE org_id = $1 AND account = $2 AND date >= $3 AND date <= $4 ORDER BY date, seq",
            )
            .bind(org.id)
            .bind(account)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(StoredLine {
                    fingerprint: r.try_get("fingerprint")?,
                    seq: r.try_get("seq")?,
                    date: r.try_get("date")?,
                    amount: Amount(r.try_get("amount")?),
                    balance: r.try_get::<Option<i64>, _>("balance")?.map(Amount),
                    counterparty: r.try_get("counterparty")?,
                    summary: r.try_get("summary")?,
                    voucher_no: r.try_get("voucher_no")?,
                });
            }
            Ok(out)
        })
    }
}

/// A line waiting to be turned into a voucher.
#[derive(Clone, Debug)]
pub struct PendingLine {
    pub account: String,
    pub fingerprint: String,
    pub seq: i64,
    pub date: NaiveDate,
    pub amount: Amount,
    pub counterparty: String,
    pub summary: String,
    pub file_name: String,
    pub file_line: i64,
}

impl Store {
    pub async fn set_bank_voucher(&self, org: &Org, account: &str, fingerprint: &str, no: &str) -> Result<()> {
        with_db!(self, pool => {
            sqlx::query("UPDATE bank_lines SET voucher_no = $4 WHERE org_id = $1 AND account = $2 AND fingerprint = $3")
                .bind(org.id).bind(account).bind(fingerprint).bind(no).execute(pool).await?;
            Ok(())
        })
    }

    /// Lines without a voucher (all bank accounts), or the one with sequence number `seq`.
    pub async fn pending_lines(&self, org: &Org, seq: Option<i64>) -> Result<Vec<PendingLine>> {
        with_db!(self, pool => {
            let rows = sqlx::query(
                "SELECT l.account, l.fingerprint, l.seq, l.date, l.amount, l.counterparty, l.summary, l.file_line, i.file_name
                 FROM bank_lines l JOIN bank_imports i ON i.org_id = l.org_id AND i.id = l.import_id
                 WHERE l.org_id = $1 AND l.voucher_no = '' AND ($2 < 0 OR l.seq = $2) ORDER BY l.date, l.seq",
            )
            .bind(org.id)
            .bind(seq.unwrap_or(-1))
            .fetch_all(pool)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(PendingLine {
                    account: r.try_get("account")?,
                    fingerprint: r.try_get("fingerprint")?,
                    seq: r.try_get("seq")?,
                    date: r.try_get("date")?,
                    amount: Amount(r.try_get("amount")?),
                    counterparty: r.try_get("counterparty")?,
                    summary: r.try_get("summary")?,
                    file_name: r.try_get("file_name")?,
                    file_line: r.try_get("file_line")?,
                });
            }
            Ok(out)
        })
    }

    /// The voucher of the latest classified line from the same counterparty, if any.
    pub async fn last_voucher_for_counterparty(&self, org: &Org, counterparty: &str) -> Result<Option<String>> {
        with_db!(self, pool => {
            Ok(sqlx::query_scalar(
                "SELECT voucher_no FROM bank_lines WHERE org_id = $1 AND counterparty = $2 AND voucher_no <> ''
                 ORDER BY date DESC, seq DESC LIMIT 1",
            )
            .bind(org.id)
            .bind(counterparty)
            .fetch_optional(pool)
            .await?)
        })
    }
}

/// A voucher's movement on a bank account, for matching and reconciliation.
#[derive(Clone, Debug)]
pub struct BankMovement {
    pub no: String,
    pub date: NaiveDate,
    pub status: String,
    /// Debit minus credit on the account (inflow positive).
    pub amount: Amount,
    pub summary: String,
}

impl Store {
    /// Vouchers (draft, reviewed or posted) moving money on `account` between two dates.
    pub async fn bank_movements(
        &self,
        org: &Org,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<BankMovement>> {
        with_db!(self, pool => {
            let rows = sqlx::query(
                "SELECT v.no, v.date, v.status, v.summary, CAST(SUM(e.debit - e.credit) AS BIGINT) AS amount
                 FROM vouchers v JOIN entries e ON e.org_id = v.org_id AND e.voucher_id = v.id
                 WHERE v.org_id = $1 AND e.account = $2 AND v.date >= $3 AND v.date <= $4
                 GROUP BY v.no, v.date, v.status, v.summary, v.period, v.seq ORDER BY v.date, v.period, v.seq",
            )
            .bind(org.id)
            .bind(account)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(BankMovement {
                    no: r.try_get("no")?,
                    date: r.try_get("date")?,
                    status: r.try_get("status")?,
                    amount: Amount(r.try_get("amount")?),
                    summary: r.try_get("summary")?,
                });
            }
            Ok(out)
        })
    }

    /// Voucher numbers already linked to a statement line of `account`.
    pub async fn linked_vouchers(&self, org: &Org, account: &str) -> Result<HashSet<String>> {
        self.text_set(
            "SELECT voucher_no FROM bank_lines WHERE org_id = $1 AND account = $2 AND voucher_no <> ''",
            org,
            account,
        )
        .await
    }
}
