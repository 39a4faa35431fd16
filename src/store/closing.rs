//! Month locks. The database refuses writes dated in a closed month (triggers in the migrations);
//! the code checks first so that the user gets a clear message.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::period::Period;

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

    /// Vouchers of the month that are not posted yet (number, status).
    pub async fn unposted_in(&self, org: &Org, p: Period) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT no FROM vouchers WHERE org_id = $1 AND period = $2 AND status <> 'posted' ORDER BY seq",
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
}
