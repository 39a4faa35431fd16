//! What unions filed with their upper union: every step appended (报送, 退回, 接收).

use super::{with_db, Org, Store};
use crate::error::Result;
use serde::Serialize;
use sqlx::Row;

/// One step of a filing.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FilingStep {
    pub org_id: i64,
    pub year: i32,
    pub kind: String,
    pub n: i64,
    /// `submitted`, `returned` or `accepted`.
    pub status: String,
    pub reason: String,
    pub actor: String,
    pub at: String,
}

impl Store {
    /// Append a step to `org`'s filing of `kind` for `year`; its number.
    pub async fn add_filing_step(
        &self,
        org: &Org,
        year: i32,
        kind: &str,
        status: &str,
        reason: &str,
        actor: &str,
    ) -> Result<i64> {
        let at = crate::now_text();
        with_db!(self, |c| {
            let n: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(n), 0) + 1 AS BIGINT) FROM filings WHERE org_id = $1 AND year = $2 AND kind = $3",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(kind)
            .fetch_one(&mut *c)
            .await?;
            sqlx::query(
                "INSERT INTO filings (org_id, year, kind, n, status, reason, actor, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(kind)
            .bind(n)
            .bind(status)
            .bind(reason)
            .bind(actor)
            .bind(&at)
            .execute(&mut *c)
            .await?;
            Ok(n)
        })
    }

    /// The steps of the filings of `kind` for `year` of the unions `org_ids`, by union and step.
    pub async fn filing_steps(&self, org_ids: &[i64], year: i32, kind: &str) -> Result<Vec<FilingStep>> {
        if org_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = org_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        // Only integers are spliced in.
        let sql = format!(
            "SELECT org_id, year, kind, n, status, reason, actor, at FROM filings
             WHERE org_id IN ({ids}) AND year = $1 AND kind = $2 ORDER BY org_id, n"
        );
        with_db!(self, |c| {
            let rows =
                sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(year as i64).bind(kind).fetch_all(&mut *c).await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(FilingStep {
                    org_id: r.try_get("org_id")?,
                    year: r.try_get::<i64, _>("year")? as i32,
                    kind: r.try_get("kind")?,
                    n: r.try_get("n")?,
                    status: r.try_get("status")?,
                    reason: r.try_get("reason")?,
                    actor: r.try_get("actor")?,
                    at: r.try_get("at")?,
                });
            }
            Ok(out)
        })
    }
}
