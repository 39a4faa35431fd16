//! Imported statement lines and imports.

use super::{values_clause_prefixed, with_db, Org, Store, DEFAULT_CACHE, IMPORT_CACHE, ROWS_PER_INSERT, SCAN_CACHE};
use crate::error::{Error, Result};
use crate::import::fingerprint::Fingerprint;
pub use crate::import::lines::{BankMovement, PendingLine, StoredLine};
use crate::import::parse::BankLine;
use crate::ledger::voucher::Status;
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::Connection;
use sqlx::{AssertSqlSafe, Row};
use std::collections::{BTreeMap, HashSet};

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

/// A line to store, with its fingerprint.
pub struct NewBankLine {
    pub line: BankLine,
    pub fingerprint: Fingerprint,
}

/// How a streamed import ends.
pub enum Finish {
    Commit { imp: BankImport, reverse: bool },
    Abort,
}

impl Store {
    /// The fingerprints of an account's lines, read as a stream (a million of them as text
    /// would take a hundred megabytes; as bytes, a third of that).
    pub async fn bank_fingerprints(&self, org: &Org, account: &str) -> Result<HashSet<Fingerprint>> {
        with_db!(self, |c| {
            let mut out = HashSet::new();
            let sqlite = self.is_sqlite();
            if sqlite {
                // Reading a million keys must not fill the page cache.
                sqlx::query(SCAN_CACHE).execute(&mut *c).await?;
            }
            // Sixteen values, one per high nibble of the first byte, each read along the key's
            // index and joined by one aggregate: a million rows one by one cost seconds, and
            // grouping them costs memory. SQLite has no bytes aggregate, so it joins hex text.
            let sql = if sqlite {
                "SELECT group_concat(hex(fingerprint), '') FROM bank_lines
                 WHERE org_id = $1 AND account = $2 AND fingerprint >= $3 AND fingerprint < $4"
            } else {
                "SELECT encode(string_agg(fingerprint, ''::bytea), 'hex') FROM bank_lines
                 WHERE org_id = $1 AND account = $2 AND fingerprint >= $3 AND fingerprint < $4"
            };
            for nibble in 0u8..16 {
                let from = vec![nibble << 4];
                // Above every 16-byte key whose first byte is 0xf…
                let to = if nibble == 15 { vec![0xff; 17] } else { vec![(nibble + 1) << 4] };
                let part: Option<String> =
                    sqlx::query_scalar(sql).bind(org.id).bind(account).bind(from).bind(to).fetch_one(&mut *c).await?;
                for hex_fp in part.unwrap_or_default().as_bytes().chunks(32) {
                    let mut fp = [0u8; 16];
                    if hex::decode_to_slice(hex_fp, &mut fp).is_ok() {
                        out.insert(fp);
                    }
                }
            }
            if sqlite {
                sqlx::query(DEFAULT_CACHE).execute(&mut *c).await?;
            }
            Ok(out)
        })
    }

    /// Record an import and its new lines in one transaction, the lines arriving in chunks on
    /// `rows` while the file is still being read. When `rows` closes, `finish` says whether to
    /// commit (with the import's record) or to roll everything back. Returns the import's id and the sequence number of its first line, or None when
    /// rolled back.
    pub async fn insert_bank_stream(
        &self,
        org: &Org,
        account: &str,
        mut rows: tokio::sync::mpsc::Receiver<Vec<NewBankLine>>,
        finish: tokio::sync::oneshot::Receiver<Finish>,
    ) -> Result<Option<(i64, i64)>> {
        let now = crate::now_text();
        let numbered = self.numbered();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            sqlx::query("UPDATE orgs SET last_event_id = last_event_id WHERE id = $1")
                .bind(org.id)
                .execute(&mut *tx)
                .await?;
            let id: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM bank_imports WHERE org_id = $1",
            )
            .bind(org.id)
            .fetch_one(&mut *tx)
            .await?;
            let seq0: i64 =
                sqlx::query_scalar("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM bank_lines WHERE org_id = $1")
                    .bind(org.id)
                    .fetch_one(&mut *tx)
                    .await?;
            if self.is_sqlite() {
                // The import's own page cache size (see IMPORT_CACHE).
                sqlx::query(IMPORT_CACHE).execute(&mut *tx).await?;
            }
            // The values every row shares are written into the SQL (numbers, and an account code
            // checked to be digits), leaving 11 parameters a row.
            let prefix = format!("{}, '{}', {id}, ", org.id, account.replace('\'', "''"));
            let sql = |n: usize| {
                format!(
                    "INSERT INTO bank_lines (org_id, account, import_id, fingerprint, seq, file_line, date, time, amount, balance,
                     counterparty, counter_account, summary, serial) VALUES {}",
                    values_clause_prefixed(n, &prefix, 11, 1, numbered)
                )
            };
            let full_sql = sql(ROWS_PER_INSERT);
            let mut done = 0usize;
            while let Some(mut chunk) = rows.recv().await {
                while !chunk.is_empty() {
                    let rest = chunk.split_off(chunk.len().min(ROWS_PER_INSERT));
                    let text = if chunk.len() == ROWS_PER_INSERT { full_sql.clone() } else { sql(chunk.len()) };
                    let mut q = sqlx::query(AssertSqlSafe(text));
                    let n = chunk.len();
                    for (k, r) in chunk.into_iter().enumerate() {
                        let l = r.line;
                        q = q
                            .bind(&r.fingerprint[..])
                            .bind(seq0 + (done + k) as i64 + 1)
                            .bind(l.line as i64)
                            .bind(Day(l.date))
                            .bind(l.time)
                            .bind(l.amount.fen())
                            .bind(l.balance.map(|b| b.fen()))
                            .bind(l.counterparty)
                            .bind(l.counter_account)
                            .bind(l.summary)
                            .bind(l.serial);
                    }
                    q.execute(&mut *tx).await?;
                    done += n;
                    chunk = rest;
                }
            }
            let Ok(Finish::Commit { imp, reverse }) = finish.await else {
                return Ok(None);
            };
            if reverse && done > 1 {
                // The file listed the newest first: number its lines oldest first.
                sqlx::query("UPDATE bank_lines SET seq = $3 - seq WHERE org_id = $1 AND import_id = $2")
                    .bind(org.id)
                    .bind(id)
                    .bind(2 * seq0 + done as i64 + 1)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO bank_imports (org_id, id, account, file_name, layout, encoding, read_count, imported, duplicate, skipped, imported_by, imported_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(org.id).bind(id).bind(&imp.account).bind(&imp.file_name).bind(&imp.layout).bind(&imp.encoding)
            .bind(imp.read).bind(imp.imported).bind(imp.duplicate).bind(imp.skipped).bind(&imp.imported_by).bind(&now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            if self.is_sqlite() {
                sqlx::query(DEFAULT_CACHE).execute(&mut *c).await?;
            }
            Ok(Some((id, seq0 + 1)))
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
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT l.fingerprint, l.seq, l.date, l.amount, l.balance, l.counterparty, l.summary, l.voucher_no,
                        l.import_id, COALESCE(g.reason, '') AS ignored
                 FROM bank_lines l LEFT JOIN bank_ignored g
                   ON g.org_id = l.org_id AND g.account = l.account AND g.fingerprint = l.fingerprint
                 WHERE l.org_id = $1 AND l.account = $2 AND l.date >= $3 AND l.date <= $4 ORDER BY l.date, l.seq",
            )
            .bind(org.id)
            .bind(account)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(StoredLine {
                    fingerprint: hex::encode(r.try_get::<Vec<u8>, _>("fingerprint")?),
                    seq: r.try_get("seq")?,
                    date: r.try_get("date")?,
                    amount: Amount(r.try_get("amount")?),
                    balance: r.try_get::<Option<i64>, _>("balance")?.map(Amount),
                    counterparty: r.try_get("counterparty")?,
                    summary: r.try_get("summary")?,
                    voucher_no: r.try_get("voucher_no")?,
                    import_id: r.try_get("import_id")?,
                    ignored: r.try_get("ignored")?,
                });
            }
            Ok(out)
        })
    }
}

impl Store {
    /// Undo every link to a voucher (it was voided): its lines wait to be booked again, or keep
    /// another voucher they are linked to.
    pub async fn unlink_voucher(&self, org: &Org, no: &str) -> Result<()> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            for table in ["bank_links", "bank_booked"] {
                sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE org_id = $1 AND voucher_no = $2")))
                    .bind(org.id)
                    .bind(no)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "UPDATE bank_lines SET voucher_no = COALESCE((SELECT MIN(k.voucher_no) FROM bank_links k
                   WHERE k.org_id = bank_lines.org_id AND k.account = bank_lines.account
                     AND k.fingerprint = bank_lines.fingerprint), '')
                 WHERE org_id = $1 AND voucher_no = $2",
            )
            .bind(org.id)
            .bind(no)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Lines without a voucher (all bank accounts), or the one with sequence number `seq`.
    pub async fn pending_lines(&self, org: &Org, seq: Option<i64>) -> Result<Vec<PendingLine>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT l.account, l.fingerprint, l.seq, l.date, l.amount, l.counterparty, l.summary, l.file_line, i.file_name
                 FROM bank_lines l JOIN bank_imports i ON i.org_id = l.org_id AND i.id = l.import_id
                 WHERE l.org_id = $1 AND l.voucher_no = '' AND ($2 < 0 OR l.seq = $2)
                   AND NOT EXISTS (SELECT 1 FROM bank_ignored g WHERE g.org_id = l.org_id AND g.account = l.account
                                   AND g.fingerprint = l.fingerprint)
                 ORDER BY l.date, l.seq",
            )
            .bind(org.id)
            .bind(seq.unwrap_or(-1))
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(PendingLine {
                    account: r.try_get("account")?,
                    fingerprint: hex::encode(r.try_get::<Vec<u8>, _>("fingerprint")?),
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
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT voucher_no FROM bank_lines WHERE org_id = $1 AND counterparty = $2 AND voucher_no <> ''
                 ORDER BY date DESC, seq DESC LIMIT 1",
            )
            .bind(org.id)
            .bind(counterparty)
            .fetch_optional(&mut *c)
            .await?)
        })
    }
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
        let sql = format!(
            "SELECT {MOVEMENT_COLUMNS}
             FROM vouchers v JOIN entries e ON e.org_id = v.org_id AND e.voucher_id = v.id
             WHERE v.org_id = $1 AND e.account = $2 AND v.date >= $3 AND v.date <= $4
               AND e.period >= $5 AND e.period <= $6
             GROUP BY {MOVEMENT_GROUP}
             ORDER BY v.date, v.period, v.seq"
        );
        self.movements_between(org, account, from, to, sql).await
    }

    /// The movements a query finds, given (org, account, from, to, from's month, to's month) as
    /// $1…$6: a voucher's month is its date's, so the months let the index on (account, period)
    /// narrow the entries read to the dates asked for.
    async fn movements_between(
        &self,
        org: &Org,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        sql: String,
    ) -> Result<Vec<BankMovement>> {
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(org.id)
                .bind(account)
                .bind(from)
                .bind(to)
                .bind(crate::ledger::period::Period::of(from).0)
                .bind(crate::ledger::period::Period::of(to).0)
                .fetch_all(&mut *c)
                .await?;
            rows.iter().map(|r| movement_from_row!(r)).collect()
        })
    }

    /// Vouchers (any status) moving exactly one of `amounts` on `account` between two dates, in
    /// date order: each month's entries of the account are totalled per voucher from the index,
    /// and only the vouchers whose total is asked for are read (CROSS JOIN keeps SQLite's
    /// planner from walking every voucher instead; PostgreSQL plans it as any join).
    pub async fn movements_matching(
        &self,
        org: &Org,
        account: &str,
        from: NaiveDate,
        to: NaiveDate,
        amounts: &[Amount],
    ) -> Result<Vec<BankMovement>> {
        if amounts.is_empty() {
            return Ok(Vec::new());
        }
        // Amounts in fen: integers, written into the query.
        let list = amounts.iter().map(|a| a.fen().to_string()).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT v.id, v.reverses, v.no, v.date, v.status, v.summary, m.amount
             FROM (SELECT e.voucher_id, CAST(SUM(e.debit - e.credit) AS BIGINT) AS amount FROM entries e
                   WHERE e.org_id = $1 AND e.account = $2 AND e.period >= $5 AND e.period <= $6
                   GROUP BY e.voucher_id HAVING SUM(e.debit - e.credit) IN ({list})) m
             CROSS JOIN vouchers v
             WHERE v.org_id = $1 AND v.id = m.voucher_id AND v.date >= $3 AND v.date <= $4
             ORDER BY v.date, v.period, v.seq"
        );
        self.movements_between(org, account, from, to, sql).await
    }

    /// The movements on `account` of the vouchers with these numbers (whatever their dates), in
    /// number order; a number that is no voucher, or does not touch the account, is left out.
    /// Each is looked up by its month and sequence, the vouchers' key.
    pub async fn movements_of(&self, org: &Org, account: &str, numbers: &[String]) -> Result<Vec<BankMovement>> {
        let mut by_month: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for no in numbers {
            if let Some((period, seq)) = crate::ledger::period::Period::parse_voucher_no(no) {
                by_month.entry(period).or_default().push(seq);
            }
        }
        let mut out = Vec::new();
        for (period, seqs) in by_month {
            for chunk in seqs.chunks(500) {
                // Numbers parsed from 记-YYYYMM-NNNN: integers, written into the query.
                let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
                let sql = format!(
                    "SELECT {MOVEMENT_COLUMNS}
                     FROM vouchers v JOIN entries e ON e.org_id = v.org_id AND e.voucher_id = v.id
                     WHERE v.org_id = $1 AND v.period = $2 AND v.seq IN ({list}) AND e.account = $3
                     GROUP BY {MOVEMENT_GROUP}
                     ORDER BY v.period, v.seq"
                );
                let found: Vec<BankMovement> = with_db!(self, |c| {
                    let rows = sqlx::query(AssertSqlSafe(sql))
                        .bind(org.id)
                        .bind(period)
                        .bind(account)
                        .fetch_all(&mut *c)
                        .await?;
                    rows.iter().map(|r| movement_from_row!(r)).collect::<Result<Vec<_>>>()
                })?;
                out.extend(found);
            }
        }
        Ok(out)
    }

    /// Voucher numbers already linked to a statement line of `account`.
    pub async fn linked_vouchers(&self, org: &Org, account: &str) -> Result<HashSet<String>> {
        with_db!(self, |c| {
            let v: Vec<String> = sqlx::query_scalar(
                "SELECT voucher_no FROM bank_lines WHERE org_id = $1 AND account = $2 AND voucher_no <> ''",
            )
            .bind(org.id)
            .bind(account)
            .fetch_all(&mut *c)
            .await?;
            Ok(v.into_iter().collect())
        })
    }
}

/// A fingerprint as shown (hex) back to the bytes stored; text that is not hex matches nothing.
pub(crate) fn fingerprint_bytes(hex_fp: &str) -> Vec<u8> {
    hex::decode(hex_fp).unwrap_or_default()
}

/// A date bound as a parameter: SQLite stores dates as text, and chrono's formatting costs a
/// second over a million lines; PostgreSQL takes a real date.
struct Day(NaiveDate);

impl sqlx::Type<sqlx::Sqlite> for Day {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Day {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        use chrono::Datelike;
        let d = self.0;
        let mut s = String::with_capacity(10);
        let push = |s: &mut String, n: u32, width: usize| {
            let digits = n.to_string();
            for _ in digits.len()..width {
                s.push('0');
            }
            s.push_str(&digits);
        };
        push(&mut s, d.year() as u32, 4);
        s.push('-');
        push(&mut s, d.month(), 2);
        s.push('-');
        push(&mut s, d.day(), 2);
        <String as sqlx::Encode<sqlx::Sqlite>>::encode(s, buf)
    }
}

impl sqlx::Type<sqlx::Postgres> for Day {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <NaiveDate as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Postgres> for Day {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Postgres as sqlx::Database>::ArgumentBuffer,
    ) -> std::result::Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <NaiveDate as sqlx::Encode<sqlx::Postgres>>::encode_by_ref(&self.0, buf)
    }
}

/// The columns of a voucher's movement on one account (with `MOVEMENT_GROUP`).
const MOVEMENT_COLUMNS: &str =
    "v.id, v.reverses, v.no, v.date, v.status, v.summary, CAST(SUM(e.debit - e.credit) AS BIGINT) AS amount";
const MOVEMENT_GROUP: &str = "v.id, v.reverses, v.no, v.date, v.status, v.summary, v.period, v.seq";

/// A `BankMovement` from a row of `MOVEMENT_COLUMNS` (either engine's row).
macro_rules! movement_from_row {
    ($r:expr) => {{
        let r = $r;
        let status: String = r.try_get("status")?;
        Ok::<_, Error>(BankMovement {
            id: r.try_get("id")?,
            reverses: r.try_get("reverses")?,
            no: r.try_get("no")?,
            date: r.try_get("date")?,
            status: Status::stored(&status)
                .ok_or_else(|| Error::database(format!("凭证状态“{status}”无法识别（数据库可能被改动）")))?,
            amount: Amount(r.try_get("amount")?),
            summary: r.try_get("summary")?,
        })
    }};
}
use movement_from_row;
