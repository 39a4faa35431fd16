//! What is done to statement lines after they are imported: links to the vouchers that book them
//! (one line to several vouchers, several lines to one), lines set aside with a reason, imports
//! undone, and the closing balances of paper statements.

use super::bank::fingerprint_bytes;
use super::{with_db, Org, Placeholders, Store, ROWS_PER_INSERT};
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::{AssertSqlSafe, Connection, Row};
use std::collections::HashMap;

/// One statement line as the commands about lines need it.
#[derive(Clone, Debug)]
pub struct LineRef {
    pub account: String,
    pub fingerprint: String,
    pub seq: i64,
    pub date: NaiveDate,
    pub amount: Amount,
    pub import_id: i64,
    pub summary: String,
    pub counterparty: String,
    /// Every voucher the line is linked to.
    pub vouchers: Vec<String>,
    pub ignored: String,
}

/// An import as listed (and undone).
#[derive(Clone, Debug, serde::Serialize)]
pub struct ImportRecord {
    pub id: i64,
    pub account: String,
    pub file_name: String,
    pub imported: i64,
    pub imported_by: String,
    pub imported_at: String,
    pub undone_at: Option<String>,
}

impl Store {
    /// Record the voucher made from each statement line (a rule's or `bank classify`'s). A line
    /// that already has one is refused: the schema allows one, whoever comes second.
    pub async fn claim_bank_lines(&self, org: &Org, account: &str, made: &[(String, String)]) -> Result<()> {
        let numbered = self.numbered();
        with_db!(self, |c| {
            // A chunk per statement: each statement inside a large transaction costs SQLite in
            // proportion to the pages the transaction has written (one per line took minutes).
            for chunk in made.chunks(ROWS_PER_INSERT) {
                let sql = format!(
                    "INSERT INTO bank_booked (org_id, account, fingerprint, voucher_no) VALUES {}",
                    Placeholders::new(numbered).rows(chunk.len(), 4)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (fp, no) in chunk {
                    q = q.bind(org.id).bind(account).bind(fingerprint_bytes(fp)).bind(no.as_str());
                }
                match q.execute(&mut *c).await {
                    Ok(_) => {}
                    Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                        return Err(Error::conflict(
                            "这笔银行流水已经生成了凭证（可能有人刚刚处理过）；gonghui bank pending 查看仍待分类的流水",
                        ))
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(())
        })
    }

    /// Link statement lines (by fingerprint) to vouchers, in one transaction; a line keeps its
    /// first voucher as `voucher_no`.
    pub async fn link_bank_lines(
        &self,
        org: &Org,
        account: &str,
        links: &[(String, String)],
        actor: &str,
    ) -> Result<()> {
        let now = crate::now_text();
        let numbered = self.numbered();
        // A line keeps its first voucher: the first link of each line sets it.
        let mut seen = std::collections::HashSet::new();
        let firsts: Vec<&(String, String)> = links.iter().filter(|(fp, _)| seen.insert(fp.as_str())).collect();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            if numbered {
                // PostgreSQL's planner, on statistics of lines written in this same transaction,
                // would scan them all for each chunk; their key is the way in.
                sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await?;
            }
            for chunk in links.chunks(ROWS_PER_INSERT) {
                let sql = format!(
                    "INSERT INTO bank_links (org_id, account, fingerprint, voucher_no, linked_by, linked_at)
                     VALUES {} ON CONFLICT (org_id, account, fingerprint, voucher_no) DO NOTHING",
                    Placeholders::new(numbered).rows(chunk.len(), 6)
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (fp, no) in chunk {
                    q = q
                        .bind(org.id)
                        .bind(account)
                        .bind(fingerprint_bytes(fp))
                        .bind(no.as_str())
                        .bind(actor)
                        .bind(&now);
                }
                q.execute(&mut *tx).await?;
            }
            for chunk in firsts.chunks(ROWS_PER_INSERT) {
                let mut ph = Placeholders::new(numbered);
                let sql = format!(
                    "UPDATE bank_lines SET voucher_no = x.column2 FROM (VALUES {}) AS x
                     WHERE bank_lines.org_id = {} AND bank_lines.account = {} AND bank_lines.fingerprint = x.column1
                       AND bank_lines.voucher_no = ''",
                    ph.rows(chunk.len(), 2),
                    ph.one(),
                    ph.one()
                );
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for (fp, no) in chunk {
                    q = q.bind(fingerprint_bytes(fp)).bind(no.as_str());
                }
                q.bind(org.id).bind(account).execute(&mut *tx).await?;
            }
            if numbered {
                sqlx::query("SET LOCAL enable_seqscan = on").execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The vouchers each line of an account is linked to, by the line's fingerprint (hex).
    pub async fn bank_links(&self, org: &Org, account: &str) -> Result<HashMap<String, Vec<String>>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT fingerprint, voucher_no FROM bank_links WHERE org_id = $1 AND account = $2
                 ORDER BY fingerprint, voucher_no",
            )
            .bind(org.id)
            .bind(account)
            .fetch_all(&mut *c)
            .await?;
            let mut out: HashMap<String, Vec<String>> = HashMap::new();
            for r in rows {
                let fp: Vec<u8> = r.try_get("fingerprint")?;
                out.entry(hex::encode(fp)).or_default().push(r.try_get("voucher_no")?);
            }
            Ok(out)
        })
    }

    /// The line with sequence number `seq`, whatever its state.
    pub async fn bank_line(&self, org: &Org, seq: i64) -> Result<Option<LineRef>> {
        let row = with_db!(self, |c| {
            let r = sqlx::query(
                "SELECT l.account, l.fingerprint, l.seq, l.date, l.amount, l.import_id, l.summary, l.counterparty,
                        COALESCE(g.reason, '') AS ignored
                 FROM bank_lines l LEFT JOIN bank_ignored g
                   ON g.org_id = l.org_id AND g.account = l.account AND g.fingerprint = l.fingerprint
                 WHERE l.org_id = $1 AND l.seq = $2",
            )
            .bind(org.id)
            .bind(seq)
            .fetch_optional(&mut *c)
            .await?;
            match r {
                Some(r) => Some(LineRef {
                    account: r.try_get("account")?,
                    fingerprint: hex::encode(r.try_get::<Vec<u8>, _>("fingerprint")?),
                    seq: r.try_get("seq")?,
                    date: r.try_get("date")?,
                    amount: Amount(r.try_get("amount")?),
                    import_id: r.try_get("import_id")?,
                    summary: r.try_get("summary")?,
                    counterparty: r.try_get("counterparty")?,
                    vouchers: Vec::new(),
                    ignored: r.try_get("ignored")?,
                }),
                None => None,
            }
        });
        let Some(mut line) = row else { return Ok(None) };
        line.vouchers = self.bank_links(org, &line.account).await?.remove(&line.fingerprint).unwrap_or_default();
        Ok(Some(line))
    }

    /// Set a line aside with a reason, or (reason None) take it back.
    pub async fn ignore_bank_line(&self, org: &Org, l: &LineRef, reason: Option<&str>, actor: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            match reason {
                Some(r) => {
                    sqlx::query(
                        "INSERT INTO bank_ignored (org_id, account, fingerprint, reason, ignored_by, ignored_at)
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(org.id)
                    .bind(&l.account)
                    .bind(fingerprint_bytes(&l.fingerprint))
                    .bind(r)
                    .bind(actor)
                    .bind(&now)
                    .execute(&mut *c)
                    .await?;
                }
                None => {
                    sqlx::query("DELETE FROM bank_ignored WHERE org_id = $1 AND account = $2 AND fingerprint = $3")
                        .bind(org.id)
                        .bind(&l.account)
                        .bind(fingerprint_bytes(&l.fingerprint))
                        .execute(&mut *c)
                        .await?;
                }
            }
            Ok(())
        })
    }

    /// The imports of statements, newest first.
    pub async fn bank_imports(&self, org: &Org) -> Result<Vec<ImportRecord>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT id, account, file_name, imported, imported_by, imported_at, undone_at FROM bank_imports
                 WHERE org_id = $1 ORDER BY id DESC",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(ImportRecord {
                    id: r.try_get("id")?,
                    account: r.try_get("account")?,
                    file_name: r.try_get("file_name")?,
                    imported: r.try_get("imported")?,
                    imported_by: r.try_get("imported_by")?,
                    imported_at: r.try_get("imported_at")?,
                    undone_at: r.try_get("undone_at")?,
                });
            }
            Ok(out)
        })
    }

    /// Sequence numbers of an import's lines that are linked to a voucher (those block an undo).
    pub async fn booked_lines_of_import(&self, org: &Org, id: i64) -> Result<Vec<i64>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT seq FROM bank_lines WHERE org_id = $1 AND import_id = $2 AND voucher_no <> '' ORDER BY seq",
            )
            .bind(org.id)
            .bind(id)
            .fetch_all(&mut *c)
            .await?)
        })
    }

    /// Remove an import's lines (none of them booked) and mark the import undone, with who and why.
    /// Returns how many lines went.
    pub async fn undo_bank_import(&self, org: &Org, id: i64, actor: &str, reason: &str) -> Result<u64> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            sqlx::query(
                "DELETE FROM bank_ignored WHERE org_id = $1 AND EXISTS (SELECT 1 FROM bank_lines l
                   WHERE l.org_id = bank_ignored.org_id AND l.account = bank_ignored.account
                     AND l.fingerprint = bank_ignored.fingerprint AND l.import_id = $2)",
            )
            .bind(org.id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let n = sqlx::query("DELETE FROM bank_lines WHERE org_id = $1 AND import_id = $2 AND voucher_no = ''")
                .bind(org.id)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(
                "UPDATE bank_imports SET undone_by = $3, undone_at = $4, undo_reason = $5 WHERE org_id = $1 AND id = $2",
            )
            .bind(org.id)
            .bind(id)
            .bind(actor)
            .bind(&now)
            .bind(reason)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(n)
        })
    }

    /// Record the closing balance of a month's paper statement (replacing an earlier entry).
    pub async fn set_statement_balance(
        &self,
        org: &Org,
        account: &str,
        p: Period,
        balance: Amount,
        actor: &str,
    ) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO bank_statements (org_id, account, period, balance, entered_by, entered_at)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (org_id, account, period) DO UPDATE SET balance = excluded.balance,
                   entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            )
            .bind(org.id)
            .bind(account)
            .bind(p.0)
            .bind(balance.fen())
            .bind(actor)
            .bind(&now)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// The closing balances entered for the account's statements, by month.
    pub async fn statement_balances(&self, org: &Org, account: &str) -> Result<HashMap<Period, Amount>> {
        with_db!(self, |c| {
            let rows: Vec<(i64, i64)> =
                sqlx::query_as("SELECT period, balance FROM bank_statements WHERE org_id = $1 AND account = $2")
                    .bind(org.id)
                    .bind(account)
                    .fetch_all(&mut *c)
                    .await?;
            Ok(rows.into_iter().map(|(p, b)| (Period(p), Amount(b))).collect())
        })
    }

    /// Whether the account has a statement line dated after `date` (a statement reaching past it).
    pub async fn bank_line_after(&self, org: &Org, account: &str, date: NaiveDate) -> Result<bool> {
        with_db!(self, |c| {
            let v: Option<i64> = sqlx::query_scalar(
                "SELECT seq FROM bank_lines WHERE org_id = $1 AND account = $2 AND date > $3 LIMIT 1",
            )
            .bind(org.id)
            .bind(account)
            .bind(date)
            .fetch_optional(&mut *c)
            .await?;
            Ok(v.is_some())
        })
    }
}
