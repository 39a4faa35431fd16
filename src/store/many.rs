//! Reads over many unions at once, for an upper union's consolidations: each one query with
//! `org_id IN (…)` and grouped by `org_id`, so that adding up 500 unions costs a handful of
//! queries, not thousands. Each union's rows stay its own (nothing is joined across unions).

use super::balances::balance_row;
use super::{with_db, BalanceRow, Store};
use crate::error::Result;
use crate::ledger::period::Period;
use crate::money::Amount;
use sqlx::{AssertSqlSafe, Row};

/// `org_id IN (…)` for a list of ids (integers only are spliced in).
fn in_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "(NULL)".into();
    }
    format!("({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
}

impl Store {
    /// Totals by union, account and activity over the months `from..=to`.
    pub async fn balance_totals_of(&self, ids: &[i64], from: Period, to: Period) -> Result<Vec<(i64, BalanceRow)>> {
        let sql = format!(
            "SELECT org_id, account, activity, CAST(SUM(debit) AS BIGINT) AS d, CAST(SUM(credit) AS BIGINT) AS c
             FROM balances WHERE org_id IN {} AND period >= $1 AND period <= $2 GROUP BY org_id, account, activity",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).bind(from.0).bind(to.0).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, balance_row!(r, true, "d", "c")));
            }
            Ok(out)
        })
    }

    /// The turnover of the posted generated vouchers whose source starts with `prefix` (the
    /// year-end closing entries), by union, account and activity, over `from..=to`.
    pub async fn generated_turnover_of(
        &self,
        ids: &[i64],
        prefix: &str,
        from: Period,
        to: Period,
    ) -> Result<Vec<(i64, BalanceRow)>> {
        let sql = format!(
            "SELECT v.org_id, e.account, e.activity, CAST(SUM(e.debit) AS BIGINT) AS d, CAST(SUM(e.credit) AS BIGINT) AS c
             FROM vouchers v JOIN entries e ON e.org_id = v.org_id AND e.voucher_id = v.id
             WHERE v.org_id IN {} AND v.period >= $2 AND v.period <= $3 AND v.status = 'posted'
               AND v.source_kind = 'generated' AND v.source_ref LIKE $1
             GROUP BY v.org_id, e.account, e.activity",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone()))
                .bind(format!("{prefix}%"))
                .bind(from.0)
                .bind(to.0)
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, balance_row!(r, true, "d", "c")));
            }
            Ok(out)
        })
    }

    /// The accounts the unions added to the built-in chart: (union, code, class, side), as labels.
    pub async fn added_accounts_of(&self, ids: &[i64]) -> Result<Vec<(i64, String, String, String)>> {
        let sql =
            format!("SELECT org_id, code, class, side FROM accounts WHERE org_id IN {} AND NOT builtin", in_list(ids));
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("code")?, r.try_get("class")?, r.try_get("side")?));
            }
            Ok(out)
        })
    }

    /// The earmarked (专项) activities of the unions: (union, code).
    pub async fn earmarked_of(&self, ids: &[i64]) -> Result<Vec<(i64, String)>> {
        let sql = format!("SELECT org_id, code FROM activities WHERE org_id IN {} AND earmarked", in_list(ids));
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("code")?));
            }
            Ok(out)
        })
    }

    /// The events of `kinds` of the unions, in order: (union, kind, subject).
    pub async fn events_of(&self, ids: &[i64], kinds: &[&str]) -> Result<Vec<(i64, String, String)>> {
        let kinds = kinds.iter().map(|k| format!("'{}'", k.replace('\'', ""))).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT org_id, kind, subject FROM events WHERE org_id IN {} AND kind IN ({kinds}) ORDER BY org_id, id",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("kind")?, r.try_get("subject")?));
            }
            Ok(out)
        })
    }

    /// One setting of each of the unions that has it: (union, value).
    pub async fn setting_of(&self, ids: &[i64], key: &str) -> Result<Vec<(i64, String)>> {
        let sql = format!("SELECT org_id, value FROM settings WHERE org_id IN {} AND key = $1", in_list(ids));
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).bind(key).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("value")?));
            }
            Ok(out)
        })
    }
}
