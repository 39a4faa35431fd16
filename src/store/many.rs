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
    /// year-end closing entries), by union, account and activity (in that order), over `from..=to`.
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
             GROUP BY v.org_id, e.account, e.activity ORDER BY v.org_id, e.account, e.activity",
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

impl Store {
    /// Each union's members (会员人数) in its last payroll month within `from..=to`.
    pub async fn members_of(&self, ids: &[i64], from: Period, to: Period) -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            "SELECT p.org_id, p.members FROM payroll p WHERE p.org_id IN {} AND p.period = (
                 SELECT MAX(q.period) FROM payroll q WHERE q.org_id = p.org_id AND q.period >= $1 AND q.period <= $2)",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).bind(from.0).bind(to.0).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("members")?));
            }
            Ok(out)
        })
    }

    /// Each union's spending budget for `year` after its adjustments: every version's lines on
    /// 5xx accounts added up (an adjustment's lines hold the change).
    pub async fn spending_budget_of(&self, ids: &[i64], year: i32) -> Result<Vec<(i64, Amount)>> {
        let sql = format!(
            "SELECT org_id, CAST(SUM(amount) AS BIGINT) AS total FROM budget_lines
             WHERE org_id IN {} AND year = $1 AND account LIKE '5%' GROUP BY org_id",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).bind(year as i64).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, Amount(r.try_get("total")?)));
            }
            Ok(out)
        })
    }

    /// Each union's findings of `severity` kept by the audit of `period` (a year: `2025`) and not
    /// disposed of.
    pub async fn open_findings_of(&self, ids: &[i64], period: &str, severity: &str) -> Result<Vec<(i64, i64)>> {
        let sql = format!(
            "SELECT f.org_id, CAST(COUNT(*) AS BIGINT) AS n FROM audit_findings f
             WHERE f.org_id IN {} AND f.period = $1 AND f.severity = $2
               AND NOT EXISTS (SELECT 1 FROM audit_dispositions d
                               WHERE d.org_id = f.org_id AND d.period = f.period AND d.key = f.key)
             GROUP BY f.org_id",
            in_list(ids)
        );
        with_db!(self, |c| {
            let rows = sqlx::query(AssertSqlSafe(sql.clone())).bind(period).bind(severity).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("org_id")?, r.try_get("n")?));
            }
            Ok(out)
        })
    }
}

impl Store {
    /// Money in on `org`'s bank accounts (102 and its details) dated `from..=to`, lines set aside
    /// left out: (date, amount, counterparty, counterparty's account, summary).
    pub async fn bank_inflows(
        &self,
        org: &super::Org,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<(chrono::NaiveDate, Amount, String, String, String)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT l.date, l.amount, l.counterparty, l.counter_account, l.summary FROM bank_lines l
                 WHERE l.org_id = $1 AND l.account LIKE '102%' AND l.amount > 0 AND l.date >= $2 AND l.date <= $3
                   AND NOT EXISTS (SELECT 1 FROM bank_ignored g
                                   WHERE g.org_id = l.org_id AND g.account = l.account AND g.fingerprint = l.fingerprint)
                 ORDER BY l.date, l.seq",
            )
            .bind(org.id)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((
                    r.try_get("date")?,
                    Amount(r.try_get("amount")?),
                    r.try_get("counterparty")?,
                    r.try_get("counter_account")?,
                    r.try_get("summary")?,
                ));
            }
            Ok(out)
        })
    }
}
