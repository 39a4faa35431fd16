//! Month locks. The database refuses writes dated in a closed month (triggers in the migrations);
//! the code checks first so that the user gets a clear message.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::closing::Reopening;
use crate::ledger::period::Period;
use sqlx::Row;

impl Store {
    pub async fn closed_periods(&self, org: &Org) -> Result<Vec<Period>> {
        with_db!(self, |c| {
            let v: Vec<i64> = sqlx::query_scalar("SELECT period FROM closed_periods WHERE org_id = $1 ORDER BY period")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?;
            Ok(v.into_iter().map(Period).collect())
        })
    }

    pub async fn is_closed(&self, org: &Org, p: Period) -> Result<bool> {
        with_db!(self, |c| {
            let v: Option<i64> =
                sqlx::query_scalar("SELECT period FROM closed_periods WHERE org_id = $1 AND period = $2")
                    .bind(org.id)
                    .bind(p.0)
                    .fetch_optional(&mut *c)
                    .await?;
            Ok(v.is_some())
        })
    }

    /// Vouchers of the month still waiting to be reviewed or posted (voided ones are done with),
    /// read through the index of vouchers not posted (the redundant condition names it).
    pub async fn unposted_in(&self, org: &Org, p: Period) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT no FROM vouchers WHERE org_id = $1 AND period = $2
                   AND status IN ('draft', 'reviewed') AND status <> 'posted' ORDER BY seq",
            )
            .bind(org.id)
            .bind(p.0)
            .fetch_all(&mut *c)
            .await?)
        })
    }

    /// Lock a month and record who did it.
    pub async fn close_period(&self, org: &Org, p: Period, actor: &str) -> Result<()> {
        let now = crate::now_text();
        let tx = self.begin().await?;
        with_db!(tx, |c| {
            sqlx::query("INSERT INTO closed_periods (org_id, period, closed_by, closed_at) VALUES ($1, $2, $3, $4)")
                .bind(org.id)
                .bind(p.0)
                .bind(actor)
                .bind(&now)
                .execute(&mut *c)
                .await?;
        });
        tx.log_event(org, actor, "close_month", &p.to_string(), "").await?;
        tx.commit().await
    }

    /// Who locked a month and when: (closed_by, closed_at), if it is locked.
    pub async fn lock_of(&self, org: &Org, p: Period) -> Result<Option<(String, String)>> {
        with_db!(self, |c| {
            let r = sqlx::query("SELECT closed_by, closed_at FROM closed_periods WHERE org_id = $1 AND period = $2")
                .bind(org.id)
                .bind(p.0)
                .fetch_optional(&mut *c)
                .await?;
            match r {
                Some(r) => Ok(Some((r.try_get("closed_by")?, r.try_get("closed_at")?))),
                None => Ok(None),
            }
        })
    }

    /// Reopen a locked month (反结账): the reopening is kept for good (who closed it and when, who
    /// reopened it, when, why), then the lock goes — the database refuses the second without the
    /// first. `scope` is "month", or "year" to record the reopening of a year (its December).
    pub async fn reopen(&self, org: &Org, scope: &str, p: Period, actor: &str, reason: &str) -> Result<()> {
        let now = crate::now_text();
        let Some((closed_by, closed_at)) = self.lock_of(org, p).await? else {
            return Err(crate::error::Error::refused(format!("{} 没有结账，不需要反结账", p.label())));
        };
        let tx = self.begin().await?;
        for scope in if scope == "year" { &["year", "month"][..] } else { &["month"][..] } {
            with_db!(tx, |c| {
                let id: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM reopenings WHERE org_id = $1",
                )
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?;
                sqlx::query(
                    "INSERT INTO reopenings (org_id, id, scope, period, closed_by, closed_at, reopened_by, reopened_at, reason)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(org.id)
                .bind(id)
                .bind(*scope)
                .bind(p.0)
                .bind(&closed_by)
                .bind(&closed_at)
                .bind(actor)
                .bind(&now)
                .bind(reason)
                .execute(&mut *c)
                .await?;
            });
        }
        with_db!(tx, |c| {
            sqlx::query("DELETE FROM closed_periods WHERE org_id = $1 AND period = $2")
                .bind(org.id)
                .bind(p.0)
                .execute(&mut *c)
                .await?;
        });
        let kind = if scope == "year" { "reopen_year" } else { "reopen_month" };
        let subject = if scope == "year" { p.year().to_string() } else { p.to_string() };
        tx.log_event(org, actor, kind, &subject, reason).await?;
        tx.commit().await
    }

    /// Every reopening: (scope, period, closed_by, reopened_by, reopened_at, reason).
    pub async fn reopenings(&self, org: &Org) -> Result<Vec<Reopening>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT scope, period, closed_by, closed_at, reopened_by, reopened_at, reason FROM reopenings
                 WHERE org_id = $1 ORDER BY id",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(Reopening {
                    scope: r.try_get("scope")?,
                    period: Period(r.try_get("period")?),
                    closed_by: r.try_get("closed_by")?,
                    closed_at: r.try_get("closed_at")?,
                    reopened_by: r.try_get("reopened_by")?,
                    reopened_at: r.try_get("reopened_at")?,
                    reason: r.try_get("reason")?,
                });
            }
            Ok(out)
        })
    }

    /// The earliest month any voucher is dated in, if any.
    pub async fn first_voucher_period(&self, org: &Org) -> Result<Option<Period>> {
        with_db!(self, |c| {
            let p: Option<i64> = sqlx::query_scalar("SELECT MIN(period) FROM vouchers WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?;
            Ok(p.map(Period))
        })
    }

    pub async fn last_voucher_period(&self, org: &Org) -> Result<Option<Period>> {
        with_db!(self, |c| {
            let p: Option<i64> = sqlx::query_scalar("SELECT MAX(period) FROM vouchers WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?;
            Ok(p.map(Period))
        })
    }
}
