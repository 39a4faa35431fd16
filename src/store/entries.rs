//! Posted entries with their voucher, in date order: the ledger (明细账) and journal (序时账).

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::{AssertSqlSafe, Row};

#[derive(Clone, Debug)]
pub struct EntryRow {
    pub voucher_id: i64,
    pub no: String,
    pub date: NaiveDate,
    pub summary: String,
    pub line_no: i64,
    pub account: String,
    pub activity: String,
    pub debit: Amount,
    pub credit: Amount,
}

impl Store {
    /// Posted entries in the months `from..=to`, optionally of one account and its detail accounts,
    /// ordered by date and voucher number.
    pub async fn posted_entries(
        &self,
        org: &Org,
        from: Period,
        to: Period,
        account: Option<&str>,
    ) -> Result<Vec<EntryRow>> {
        // A prefix match on the code takes in the detail accounts (50105 → 5010501, 5010502…).
        let sql = "SELECT e.voucher_id, v.no, v.date, v.summary, e.line_no, e.account, e.activity, e.debit, e.credit
             FROM entries e JOIN vouchers v ON v.org_id = e.org_id AND v.id = e.voucher_id
             WHERE e.org_id = $1 AND e.period >= $2 AND e.period <= $3 AND v.status = 'posted'
               AND ($4 = '' OR e.account = $4 OR e.account LIKE $5)
             ORDER BY v.date, v.period, v.seq, e.line_no";
        let acct = account.unwrap_or("");
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(org.id)
                .bind(from.0)
                .bind(to.0)
                .bind(acct)
                .bind(format!("{acct}%"))
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(EntryRow {
                    voucher_id: r.try_get("voucher_id")?,
                    no: r.try_get("no")?,
                    date: r.try_get("date")?,
                    summary: r.try_get("summary")?,
                    line_no: r.try_get("line_no")?,
                    account: r.try_get("account")?,
                    activity: r.try_get("activity")?,
                    debit: Amount(r.try_get("debit")?),
                    credit: Amount(r.try_get("credit")?),
                });
            }
            Ok(out)
        })
    }
}

impl Store {
    /// The net movement (debit − credit) of posted entries per account and day, for the accounts
    /// under `prefix` (e.g. 101, 102), in date order: what daily balances are made of.
    pub async fn daily_movements(&self, org: &Org, prefix: &str) -> Result<Vec<(String, NaiveDate, Amount)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT e.account, v.date, CAST(SUM(e.debit - e.credit) AS BIGINT) AS net
                 FROM entries e JOIN vouchers v ON v.org_id = e.org_id AND v.id = e.voucher_id
                 WHERE e.org_id = $1 AND v.status = 'posted' AND (e.account = $2 OR e.account LIKE $3)
                 GROUP BY e.account, v.date ORDER BY v.date, e.account",
            )
            .bind(org.id)
            .bind(prefix)
            .bind(format!("{prefix}%"))
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("account")?, r.try_get("date")?, Amount(r.try_get("net")?)));
            }
            Ok(out)
        })
    }
}
