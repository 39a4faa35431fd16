//! Posted entries with their voucher, in date order: the ledger (明细账) and journal (序时账).

use super::packing::{num, text, Fields};
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
    /// 对方科目: the first-level accounts on the voucher's other side, in line order, each once
    /// (read only where asked for: ledgers and cash and bank journals).
    pub counter: Vec<String>,
}

/// SQL for the accounts on the other side of an entry's voucher (`402,211`, in line order), one
/// lookup by the voucher's key; ends with the field's ';'. SQLite reads a voucher's lines in
/// their key's order (entries is WITHOUT ROWID, keyed by voucher and line), so it is spared the
/// sort an ORDER BY costs each of a million lookups; PostgreSQL is told the order.
fn sides(sqlite: bool) -> String {
    let order = if sqlite { "" } else { " ORDER BY o.line_no" };
    format!(
        "COALESCE((SELECT string_agg(o.account, ','{order}) FROM entries o
          WHERE o.org_id = e.org_id AND o.voucher_id = e.voucher_id AND (o.debit = 0) <> (e.debit = 0)), ''), ';'"
    )
}

/// The first-level accounts, each once, of the other side's accounts.
fn counter_of(other_side: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for account in other_side.split(',').filter(|a| !a.is_empty()) {
        let code = account.get(..3).unwrap_or(account);
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    out
}

/// The order posted entries are read in: by date and voucher number, or by account first (each
/// account's entries still in that order) for a ledger of every account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryOrder {
    Date,
    Account,
}

/// The first string past every string that starts with `prefix` (`102` → `103`): a prefix
/// becomes a range an index serves, where `LIKE '102%'` is not served on either engine.
fn prefix_end(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(c) = chars.pop() {
        if let Some(next) = char::from_u32(c as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    "\u{10FFFF}".to_string()
}

/// Posted entries one row per day (per account and day, by account), the day's entries packed
/// into one text ([`super::packing`]) in voucher and line order: each row read through the
/// driver costs far more than its width, and a year's ledger of a busy account is a million rows
/// otherwise.
fn entries_sql(one_account: bool, order: EntryOrder, counter: bool, sqlite: bool) -> String {
    let fields = [num("e.voucher_id"), num("e.line_no"), num("e.debit"), num("e.credit")]
        .into_iter()
        .chain(["v.no", "v.summary", "e.account", "e.activity"].map(text))
        .chain(counter.then(|| sides(sqlite)))
        .collect::<Vec<_>>()
        .join(", ");
    let (group, key) = match order {
        EntryOrder::Date => ("v.date", "v.date"),
        EntryOrder::Account => ("e.account, v.date", "e.account, v.date"),
    };
    format!(
        "SELECT v.date, string_agg(concat({fields}), '' ORDER BY v.period, v.seq, e.line_no)
         FROM entries e JOIN vouchers v ON v.org_id = e.org_id AND v.id = e.voucher_id
         WHERE {} AND v.status = 'posted'
         GROUP BY {group} ORDER BY {key}",
        // One side's conditions only, so that the other is reached by its key: given both, the
        // PostgreSQL planner, on the statistics of a table filled the same day, scanned a year's
        // vouchers for every entry of the account.
        if one_account {
            "e.org_id = $1 AND e.period >= $2 AND e.period <= $3 AND e.account >= $4 AND e.account < $5"
        } else {
            "v.org_id = $1 AND v.period >= $2 AND v.period <= $3"
        }
    )
}

/// The entries of one row of [`entries_sql`], dated `date`, handed to `f` in order.
fn unpack(
    date: NaiveDate,
    packed: &str,
    counter: bool,
    f: &mut (dyn FnMut(EntryRow) -> Result<()> + Send),
) -> Result<()> {
    let mut fields = Fields { rest: packed };
    while !fields.rest.is_empty() {
        let (voucher_id, line_no, debit, credit) = (fields.int()?, fields.int()?, fields.int()?, fields.int()?);
        let (no, summary, account, activity) = (fields.text()?, fields.text()?, fields.text()?, fields.text()?);
        let counter = if counter { counter_of(fields.raw()?) } else { Vec::new() };
        f(EntryRow {
            voucher_id,
            no,
            date,
            summary,
            line_no,
            account,
            activity,
            debit: Amount(debit),
            credit: Amount(credit),
            counter,
        })?;
    }
    Ok(())
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
        counter: bool,
    ) -> Result<Vec<EntryRow>> {
        let mut out = Vec::new();
        self.each_posted_entry(org, from, to, account, EntryOrder::Date, counter, &mut |e| {
            out.push(e);
            Ok(())
        })
        .await?;
        Ok(out)
    }

    /// The same entries handed one by one to `f` as they are read, never all held: what a
    /// ledger or journal of a million lines is streamed from.
    pub async fn each_posted_entry(
        &self,
        org: &Org,
        from: Period,
        to: Period,
        account: Option<&str>,
        order: EntryOrder,
        counter: bool,
        f: &mut (dyn FnMut(EntryRow) -> Result<()> + Send),
    ) -> Result<()> {
        // A prefix takes in the detail accounts (50105 → 5010501, 5010502…).
        let acct = account.unwrap_or("");
        let sql = entries_sql(!acct.is_empty(), order, counter, self.is_sqlite());
        with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut q = sqlx::query(AssertSqlSafe(sql.clone())).bind(org.id).bind(from.0).bind(to.0);
            if !acct.is_empty() {
                q = q.bind(acct).bind(prefix_end(acct));
            }
            let mut rows = q.fetch(&mut *c);
            while let Some(r) = rows.try_next().await? {
                let date: NaiveDate = r.try_get(0)?;
                let packed: String = r.try_get(1)?;
                unpack(date, &packed, counter, &mut *f)?;
            }
            Ok(())
        })
    }

    /// How many entries (of one account and its details, or all) each month of `from..=to` has,
    /// drafts' included: what a printed ledger's size is estimated from.
    pub async fn entry_counts(
        &self,
        org: &Org,
        from: Period,
        to: Period,
        account: Option<&str>,
    ) -> Result<Vec<(i64, i64)>> {
        let acct = account.unwrap_or("");
        let sql = format!(
            "SELECT period, COUNT(*) FROM entries WHERE org_id = $1 AND period >= $2 AND period <= $3{}
             GROUP BY period ORDER BY period",
            if acct.is_empty() { "" } else { " AND account >= $4 AND account < $5" }
        );
        with_db!(self, |c| {
            let mut q =
                sqlx::query_as::<_, (i64, i64)>(AssertSqlSafe(sql.clone())).bind(org.id).bind(from.0).bind(to.0);
            if !acct.is_empty() {
                q = q.bind(acct).bind(prefix_end(acct));
            }
            Ok(q.fetch_all(&mut *c).await?)
        })
    }

    /// The accounts with posted movement in the months `from..=to` (from the monthly balances).
    pub async fn moved_accounts(&self, org: &Org, from: Period, to: Period) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT DISTINCT account FROM balances WHERE org_id = $1 AND period >= $2 AND period <= $3
                 ORDER BY account",
            )
            .bind(org.id)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(&mut *c)
            .await?)
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

impl Store {
    /// Posted spending (debit − credit on 5xx accounts) per account, activity and the lines' own
    /// 经济分类 code over the months `from..=to`, the year-end closing vouchers (and their
    /// reversals when a year was reopened) left out: operating figures, as the budget reads them.
    pub async fn econ_spending(&self, org: &Org, from: Period, to: Period) -> Result<Vec<crate::ledger::econ::Spent>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT e.account, e.activity, e.econ, CAST(SUM(e.debit - e.credit) AS BIGINT) AS net
                 FROM entries e JOIN vouchers v ON v.org_id = e.org_id AND v.id = e.voucher_id
                 WHERE e.org_id = $1 AND e.period >= $2 AND e.period <= $3 AND v.status = 'posted'
                   AND e.account LIKE '5%'
                   AND NOT (v.source_kind = 'generated' AND v.source_ref LIKE 'closing/%')
                 GROUP BY e.account, e.activity, e.econ ORDER BY e.account, e.activity, e.econ",
            )
            .bind(org.id)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(crate::ledger::econ::Spent {
                    account: r.try_get("account")?,
                    activity: r.try_get("activity")?,
                    econ: r.try_get("econ")?,
                    amount: Amount(r.try_get("net")?),
                });
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::counter_of;

    #[test]
    fn the_other_side_is_each_first_level_account_once_in_line_order() {
        assert_eq!(counter_of("402,211"), ["402", "211"]);
        assert_eq!(counter_of("50102,50105,21501"), ["501", "215"]);
        assert!(counter_of("").is_empty());
    }
}
