//! The asset register and the depreciation runs.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::assets::Asset;
use crate::ledger::period::Period;
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::Connection;
use sqlx::Row;

impl Store {
    pub async fn assets(&self, org: &Org) -> Result<Vec<Asset>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT id, name, category, kind, cost, life_months, acquired_on, voucher_no, disposed_on FROM assets
                 WHERE org_id = $1 ORDER BY id",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                let kind: String = r.try_get("kind")?;
                let acquired: String = r.try_get("acquired_on")?;
                let disposed: Option<String> = r.try_get("disposed_on")?;
                out.push(Asset {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    category: r.try_get("category")?,
                    stock: kind == "stock",
                    cost: Amount(r.try_get("cost")?),
                    life_months: r.try_get("life_months")?,
                    acquired_on: NaiveDate::parse_from_str(&acquired, "%Y-%m-%d").unwrap_or_default(),
                    voucher_no: r.try_get("voucher_no")?,
                    disposed_on: disposed.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                });
            }
            Ok(out)
        })
    }

    /// Register an asset (its voucher number is set once the voucher exists). Returns its id.
    pub async fn add_asset(&self, org: &Org, a: &Asset) -> Result<i64> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            sqlx::query("UPDATE orgs SET last_event_id = last_event_id WHERE id = $1")
                .bind(org.id)
                .execute(&mut *tx)
                .await?;
            let id: i64 =
                sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM assets WHERE org_id = $1")
                    .bind(org.id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "INSERT INTO assets (org_id, id, name, category, kind, cost, life_months, acquired_on, voucher_no)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(org.id)
            .bind(id)
            .bind(&a.name)
            .bind(&a.category)
            .bind(if a.stock { "stock" } else { "fixed" })
            .bind(a.cost.fen())
            .bind(a.life_months)
            .bind(a.acquired_on.to_string())
            .bind(&a.voucher_no)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    pub async fn set_asset_voucher(&self, org: &Org, id: i64, no: &str) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE assets SET voucher_no = $3 WHERE org_id = $1 AND id = $2")
                .bind(org.id)
                .bind(id)
                .bind(no)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// A voided draft leaves nothing behind in the register: the month it depreciated is free to
    /// run again, the asset it bought was never bought, the disposal it made did not happen.
    pub async fn release_asset_voucher(&self, org: &Org, no: &str) -> Result<()> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            for sql in [
                "DELETE FROM depreciation_runs WHERE org_id = $1 AND voucher_no = $2",
                "DELETE FROM assets WHERE org_id = $1 AND voucher_no = $2",
                "UPDATE assets SET disposed_on = NULL, disposal_no = NULL WHERE org_id = $1 AND disposal_no = $2",
            ] {
                sqlx::query(sql).bind(org.id).bind(no).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// A posted voucher reversed (by id): the depreciation month it booked is free to run again,
    /// the disposal it booked did not happen. (A reversed purchase keeps its asset in the
    /// register: its depreciation, if any, is reversed voucher by voucher.)
    pub async fn release_reversed_asset_voucher(&self, org: &Org, id: i64) -> Result<()> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            for sql in [
                "DELETE FROM depreciation_runs WHERE org_id = $1
                   AND voucher_no = (SELECT no FROM vouchers WHERE org_id = $1 AND id = $2)",
                "UPDATE assets SET disposed_on = NULL, disposal_no = NULL WHERE org_id = $1
                   AND disposal_no = (SELECT no FROM vouchers WHERE org_id = $1 AND id = $2)",
            ] {
                sqlx::query(sql).bind(org.id).bind(id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn set_asset_disposed(&self, org: &Org, id: i64, date: NaiveDate, no: &str) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE assets SET disposed_on = $3, disposal_no = $4 WHERE org_id = $1 AND id = $2")
                .bind(org.id)
                .bind(id)
                .bind(date.to_string())
                .bind(no)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    pub async fn depreciation_runs(&self, org: &Org) -> Result<Vec<(Period, String, Amount)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT period, voucher_no, amount FROM depreciation_runs WHERE org_id = $1 ORDER BY period",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push((Period(r.try_get("period")?), r.try_get("voucher_no")?, Amount(r.try_get("amount")?)));
            }
            Ok(out)
        })
    }

    pub async fn add_depreciation_run(&self, org: &Org, p: Period, no: &str, amount: Amount) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("INSERT INTO depreciation_runs (org_id, period, voucher_no, amount) VALUES ($1, $2, $3, $4)")
                .bind(org.id)
                .bind(p.0)
                .bind(no)
                .bind(amount.fen())
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// Turnover by account and activity of the posted vouchers whose source starts with `prefix`
    /// (e.g. the closing entries of a year), over months `from..=to`, by account and activity.
    pub async fn generated_turnover(
        &self,
        org: &Org,
        prefix: &str,
        from: Period,
        to: Period,
    ) -> Result<Vec<crate::store::BalanceRow>> {
        Ok(self.generated_turnover_of(&[org.id], prefix, from, to).await?.into_iter().map(|(_, r)| r).collect())
    }
}
