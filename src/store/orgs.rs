//! Organisations, their settings, and the event log.

use super::{with_db, Store};
use crate::error::{Error, Result};
use crate::ledger::chart::Account;
use crate::ledger::federation::Kind;
use serde::Serialize;
use sqlx::Connection;
use sqlx::Row;

#[derive(Clone, Debug, Serialize)]
pub struct Org {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub province: String,
    /// The union this one is under (its 上级工会), if it is in the same database.
    pub upper: Option<i64>,
    pub kind: Kind,
}

impl Org {
    /// The union as the federation's rules see it.
    pub fn node(&self) -> crate::ledger::federation::Node {
        crate::ledger::federation::Node {
            id: self.id,
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            upper: self.upper,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub subject: String,
    pub detail: String,
}

impl Store {
    /// Create an organisation with its chart of accounts, in one transaction.
    pub async fn create_org(
        &self,
        code: &str,
        name: &str,
        province: &str,
        kind: Kind,
        upper: Option<i64>,
        chart: &[Account],
    ) -> Result<Org> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM orgs WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?;
            if exists.is_some() {
                return Err(Error::input(format!(
                    "组织代码“{code}”已存在；一个数据库可存放多个工会，请用 --code 指定另一个代码"
                )));
            }
            let id: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM orgs")
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO orgs (id, code, name, province, created_at, kind, upper_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(code)
            .bind(name)
            .bind(province)
            .bind(&now)
            .bind(kind.code())
            .bind(upper)
                .execute(&mut *tx)
                .await?;
            for a in chart {
                sqlx::query(
                    "INSERT INTO accounts (org_id, code, name, class, side, parent, builtin, enabled)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(&a.code)
                .bind(&a.name)
                .bind(a.class.label())
                .bind(a.side.label())
                .bind(a.parent.as_deref())
                .bind(a.builtin)
                .bind(a.enabled)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(Org { id, code: code.into(), name: name.into(), province: province.into(), upper, kind })
        })
    }

    pub async fn orgs(&self) -> Result<Vec<Org>> {
        with_db!(self, |c| {
            let rows = sqlx::query("SELECT id, code, name, province, upper_id, kind FROM orgs ORDER BY id")
                .fetch_all(&mut *c)
                .await?;
            rows.iter()
                .map(|r| {
                    let kind: String = r.try_get("kind")?;
                    Ok(Org {
                        id: r.try_get("id")?,
                        code: r.try_get("code")?,
                        name: r.try_get("name")?,
                        province: r.try_get("province")?,
                        upper: r.try_get("upper_id")?,
                        kind: Kind::parse(&kind).unwrap_or(Kind::Grassroots),
                    })
                })
                .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
                .map_err(Error::from)
        })
    }

    /// Name the union's upper union (or none) and its kind.
    pub async fn set_place(&self, org: &Org, upper: Option<i64>, kind: Kind) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE orgs SET upper_id = $2, kind = $3 WHERE id = $1")
                .bind(org.id)
                .bind(upper)
                .bind(kind.code())
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    pub async fn setting(&self, org: &Org, key: &str) -> Result<Option<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT value FROM settings WHERE org_id = $1 AND key = $2")
                .bind(org.id)
                .bind(key)
                .fetch_optional(&mut *c)
                .await?)
        })
    }

    pub async fn settings(&self, org: &Org) -> Result<Vec<(String, String)>> {
        with_db!(self, |c| {
            let rows = sqlx::query("SELECT key, value FROM settings WHERE org_id = $1 ORDER BY key")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push((r.try_get("key")?, r.try_get("value")?));
            }
            Ok(out)
        })
    }

    /// Change a setting and record who changed it, when and why, in one transaction.
    pub async fn set_setting(&self, org: &Org, key: &str, value: &str, actor: &str, reason: &str) -> Result<()> {
        let tx = self.begin().await?;
        with_db!(tx, |c| {
            sqlx::query(
                "INSERT INTO settings (org_id, key, value) VALUES ($1, $2, $3)
                 ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value",
            )
            .bind(org.id)
            .bind(key)
            .bind(value)
            .execute(&mut *c)
            .await?;
        });
        tx.log_event(org, actor, "setting", &format!("{key}={value}"), reason).await?;
        tx.commit().await
    }

    /// Record an event (closing, a budget warning, a waiver used…).
    pub async fn log_event(&self, org: &Org, actor: &str, kind: &str, subject: &str, detail: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let id: i64 = sqlx::query_scalar(
                "UPDATE orgs SET last_event_id = last_event_id + 1 WHERE id = $1 RETURNING last_event_id",
            )
            .bind(org.id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO events (org_id, id, at, actor, kind, subject, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org.id)
            .bind(id)
            .bind(&now)
            .bind(actor)
            .bind(kind)
            .bind(subject)
            .bind(detail)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Record many events at once, in the order given: (kind, subject, detail).
    pub async fn log_events(&self, org: &Org, actor: &str, events: &[(&str, String, String)]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let now = crate::now_text();
        let numbered = self.numbered();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let last: i64 = sqlx::query_scalar(
                "UPDATE orgs SET last_event_id = last_event_id + $2 WHERE id = $1 RETURNING last_event_id",
            )
            .bind(org.id)
            .bind(events.len() as i64)
            .fetch_one(&mut *tx)
            .await?;
            let mut id = last - events.len() as i64;
            for chunk in events.chunks(super::ROWS_PER_INSERT) {
                let sql = format!(
                    "INSERT INTO events (org_id, id, at, actor, kind, subject, detail) VALUES {}",
                    super::values_clause(chunk.len(), 7, 1, numbered)
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (kind, subject, detail) in chunk {
                    id += 1;
                    q = q
                        .bind(org.id)
                        .bind(id)
                        .bind(&now)
                        .bind(actor)
                        .bind(*kind)
                        .bind(subject.as_str())
                        .bind(detail.as_str());
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    pub async fn events(&self, org: &Org, kind: Option<&str>) -> Result<Vec<Event>> {
        self.events_where(org, kind, None).await
    }

    /// The last `n` events, newest first.
    pub async fn recent_events(&self, org: &Org, n: i64) -> Result<Vec<Event>> {
        self.events_where(org, None, Some(n)).await
    }

    async fn events_where(&self, org: &Org, kind: Option<&str>, last: Option<i64>) -> Result<Vec<Event>> {
        let order = if last.is_some() { "ORDER BY id DESC LIMIT $3" } else { "ORDER BY id LIMIT $3" };
        let sql = format!(
            "SELECT id, at, actor, kind, subject, detail FROM events WHERE org_id = $1 AND ($2 = '' OR kind = $2) {order}"
        );
        with_db!(self, |c| {
            // Only `order`, one of two constant texts, is spliced in.
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(org.id)
                .bind(kind.unwrap_or(""))
                .bind(last.unwrap_or(i64::MAX))
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(Event {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    kind: r.try_get("kind")?,
                    subject: r.try_get("subject")?,
                    detail: r.try_get("detail")?,
                });
            }
            Ok(out)
        })
    }
}
