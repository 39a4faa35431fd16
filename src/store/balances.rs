//! Reading the per-month balances kept at posting. Reports read these, never every entry.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::period::Period;
use crate::money::Amount;
use sqlx::Row;

pub use crate::ledger::balance::BalanceRow;

/// Decode a row with `account`, optional `activity`, and debit/credit under the given names.
macro_rules! balance_row {
    ($r:expr, $activity:expr, $d:literal, $c:literal) => {
        BalanceRow {
            account: $r.try_get("account")?,
            activity: if $activity { $r.try_get("activity")? } else { String::new() },
            debit: Amount($r.try_get($d)?),
            credit: Amount($r.try_get($c)?),
        }
    };
}

pub(crate) use balance_row;

impl Store {
    /// Totals per account over the months `from..=to`.
    pub async fn balance_totals(&self, org: &Org, from: Period, to: Period) -> Result<Vec<BalanceRow>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT account, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c FROM balances
                 WHERE org_id = $1 AND period >= $2 AND period <= $3 GROUP BY account ORDER BY account",
            )
            .bind(org.id)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(balance_row!(r, false, "d", "c"));
            }
            Ok(out)
        })
    }

    /// Totals per account and activity over the months `from..=to`.
    pub async fn balance_totals_by_activity(&self, org: &Org, from: Period, to: Period) -> Result<Vec<BalanceRow>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT account, activity, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c FROM balances
                 WHERE org_id = $1 AND period >= $2 AND period <= $3 GROUP BY account, activity ORDER BY account, activity",
            )
            .bind(org.id)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(balance_row!(r, true, "d", "c"));
            }
            Ok(out)
        })
    }

    /// The stored monthly balances, every row, for `verify` to compare with the entries.
    pub async fn balance_rows(&self, org: &Org) -> Result<Vec<(i64, BalanceRow)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT period, account, activity, debit, credit FROM balances WHERE org_id = $1
                 ORDER BY period, account, activity",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("period")?, balance_row!(r, true, "debit", "credit")));
            }
            Ok(out)
        })
    }
}
