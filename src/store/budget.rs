//! Budget versions and lines.

use super::{with_db, Org, Store};
use crate::budget::{Budget, BudgetLine, Version};
use crate::error::{Error, Result};
use crate::money::Amount;
use sqlx::Row;
use sqlx::{AssertSqlSafe, Connection};

impl Store {
    pub async fn budget(&self, org: &Org, year: i32) -> Result<Budget> {
        with_db!(self, |c| {
            let vs = sqlx::query(
                "SELECT version, approved_on, doc_no, reason FROM budget_versions WHERE org_id = $1 AND year = $2 ORDER BY version",
            )
            .bind(org.id)
            .bind(year as i64)
            .fetch_all(&mut *c)
            .await?;
            let ls = sqlx::query(
                "SELECT version, account, activity, amount, note, econ FROM budget_lines WHERE org_id = $1 AND year = $2
                 ORDER BY version, line_no",
            )
            .bind(org.id)
            .bind(year as i64)
            .fetch_all(&mut *c)
            .await?;
            let mut versions = Vec::new();
            for v in vs {
                versions.push(Version {
                    version: v.try_get("version")?,
                    approved_on: v.try_get("approved_on")?,
                    doc_no: v.try_get("doc_no")?,
                    reason: v.try_get("reason")?,
                    lines: Vec::new(),
                });
            }
            for l in ls {
                let ver: i64 = l.try_get("version")?;
                let line = BudgetLine {
                    account: l.try_get("account")?,
                    activity: l.try_get("activity")?,
                    amount: Amount(l.try_get("amount")?),
                    note: l.try_get("note")?,
                    econ: l.try_get("econ")?,
                };
                versions
                    .iter_mut()
                    .find(|v| v.version == ver)
                    .ok_or_else(|| Error::database(format!("预算行属于不存在的版本 {ver}")))?
                    .lines
                    .push(line);
            }
            Ok(Budget { year, versions })
        })
    }

    /// Store a new version (0 = the original) with its lines, in one transaction. Refuses a second
    /// original and numbers adjustments 1, 2, … in order.
    pub async fn add_budget_version(
        &self,
        org: &Org,
        year: i32,
        v: &Version,
        source: &str,
        actor: &str,
    ) -> Result<i64> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            // Lock the organisation's row so that two adjustments cannot take the same number.
            sqlx::query("UPDATE orgs SET last_event_id = last_event_id WHERE id = $1")
                .bind(org.id)
                .execute(&mut *tx)
                .await?;
            let last: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM budget_versions WHERE org_id = $1 AND year = $2")
                    .bind(org.id)
                    .bind(year as i64)
                    .fetch_one(&mut *tx)
                    .await?;
            let version = match (v.version, last) {
                (0, Some(_)) => {
                    return Err(Error::input(format!(
                        "{year} 年的年初预算已经导入；改动预算请用预算调整（--adjustment --approved-on … --doc … --reason …）"
                    )))
                }
                (0, None) => 0,
                (_, None) => return Err(Error::input(format!("{year} 年还没有年初预算，不能调整；请先导入年初预算"))),
                (_, Some(n)) => n + 1,
            };
            sqlx::query(
                "INSERT INTO budget_versions (org_id, year, version, approved_on, doc_no, reason, source, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(version)
            .bind(&v.approved_on)
            .bind(&v.doc_no)
            .bind(&v.reason)
            .bind(source)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            for (i, l) in v.lines.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO budget_lines (org_id, year, version, line_no, account, activity, amount, note, econ)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(org.id)
                .bind(year as i64)
                .bind(version)
                .bind(i as i64 + 1)
                .bind(&l.account)
                .bind(&l.activity)
                .bind(l.amount.fen())
                .bind(&l.note)
                .bind(&l.econ)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(version)
        })
    }

    /// Take back a year's 年初预算 that has no adjustment yet (it is replaced before approval).
    pub async fn remove_original_budget(&self, org: &Org, year: i32) -> Result<()> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            for table in ["budget_lines", "budget_versions"] {
                sqlx::query(AssertSqlSafe(format!(
                    "DELETE FROM {table} WHERE org_id = $1 AND year = $2 AND version = 0"
                )))
                .bind(org.id)
                .bind(year as i64)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }
}
