//! Accounts and activities of an organisation.

use super::{with_db, Org, Store};
use crate::error::{Error, Result};
use crate::ledger::activity::Activity;
use crate::ledger::chart::{Account, Class, Side};
use sqlx::Row;

impl Store {
    pub async fn accounts(&self, org: &Org) -> Result<Vec<Account>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT code, name, class, side, parent, builtin, enabled FROM accounts WHERE org_id = $1 ORDER BY code",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let class: String = r.try_get("class")?;
                let side: String = r.try_get("side")?;
                out.push(Account {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    class: Class::parse(&class).ok_or_else(|| Error::database(format!("科目类别“{class}”无效")))?,
                    side: Side::parse(&side).ok_or_else(|| Error::database(format!("余额方向“{side}”无效")))?,
                    parent: r.try_get("parent")?,
                    builtin: r.try_get("builtin")?,
                    enabled: r.try_get("enabled")?,
                });
            }
            Ok(out)
        })
    }

    pub async fn add_account(&self, org: &Org, a: &Account) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO accounts (org_id, code, name, class, side, parent, builtin, enabled)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(&a.code)
            .bind(&a.name)
            .bind(a.class.label())
            .bind(a.side.label())
            .bind(a.parent.as_deref())
            .bind(a.builtin)
            .bind(a.enabled)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    pub async fn set_account_enabled(&self, org: &Org, code: &str, enabled: bool) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE accounts SET enabled = $3 WHERE org_id = $1 AND code = $2")
                .bind(org.id)
                .bind(code)
                .bind(enabled)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// Whether any voucher line (draft or posted) uses the account.
    pub async fn account_used(&self, org: &Org, code: &str) -> Result<bool> {
        with_db!(self, |c| {
            let n: Option<i64> =
                sqlx::query_scalar("SELECT CAST(1 AS BIGINT) FROM entries WHERE org_id = $1 AND account = $2 LIMIT 1")
                    .bind(org.id)
                    .bind(code)
                    .fetch_optional(&mut *c)
                    .await?;
            Ok(n.is_some())
        })
    }

    pub async fn activities(&self, org: &Org) -> Result<Vec<Activity>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT code, name, account, project, earmarked FROM activities WHERE org_id = $1 ORDER BY code",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(Activity {
                    code: r.try_get("code")?,
                    name: r.try_get("name")?,
                    account: r.try_get("account")?,
                    project: r.try_get("project")?,
                    earmarked: r.try_get("earmarked")?,
                });
            }
            Ok(out)
        })
    }

    /// Where an activity is used: voucher lines (any status), budget lines.
    pub async fn activity_uses(&self, org: &Org, code: &str) -> Result<(i64, i64)> {
        with_db!(self, |c| {
            let lines: i64 =
                sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM entries WHERE org_id = $1 AND activity = $2")
                    .bind(org.id)
                    .bind(code)
                    .fetch_one(&mut *c)
                    .await?;
            let budget: i64 = sqlx::query_scalar(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM budget_lines WHERE org_id = $1 AND activity = $2",
            )
            .bind(org.id)
            .bind(code)
            .fetch_one(&mut *c)
            .await?;
            Ok((lines, budget))
        })
    }

    /// Rename an activity or change its usual account.
    pub async fn update_activity(&self, org: &Org, a: &Activity) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE activities SET name = $3, account = $4 WHERE org_id = $1 AND code = $2")
                .bind(org.id)
                .bind(&a.code)
                .bind(&a.name)
                .bind(a.account.as_deref())
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    pub async fn remove_activity(&self, org: &Org, code: &str) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("DELETE FROM activities WHERE org_id = $1 AND code = $2")
                .bind(org.id)
                .bind(code)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    pub async fn add_activity(&self, org: &Org, a: &Activity) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO activities (org_id, code, name, account, project, earmarked) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(org.id)
            .bind(&a.code)
            .bind(&a.name)
            .bind(a.account.as_deref())
            .bind(a.project)
            .bind(a.earmarked)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }
}
