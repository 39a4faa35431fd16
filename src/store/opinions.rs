//! The 经费审查委员会's opinions on a year, in versions: added, never changed.

use super::audit::split;
use super::{with_db, Org, Store};
use crate::audit::opinion::{Conclusion, Draft, Opinion, Process};
use crate::error::{Error, Result};
use chrono::NaiveDate;

/// Lists are kept as their items joined by U+001F (as [`super::audit::split`] reads them).
fn join(items: &[String]) -> String {
    items.join("\u{1f}")
}

impl Store {
    /// Add a version of the year's opinion (one past the last) and return it.
    pub async fn add_opinion(&self, org: &Org, year: i32, d: &Draft, actor: &str) -> Result<Opinion> {
        let at = crate::now_text();
        with_db!(self, |c| {
            let last: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM audit_opinions WHERE org_id = $1 AND year = $2")
                    .bind(org.id)
                    .bind(year as i64)
                    .fetch_one(&mut *c)
                    .await?;
            let version = last.unwrap_or(0) + 1;
            sqlx::query(
                "INSERT INTO audit_opinions (org_id, year, version, conclusion, opinion, suggestions, response,
                     review_from, review_to, reviewers, examined, entered_by, entered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(version)
            .bind(d.conclusion.code())
            .bind(&d.opinion)
            .bind(join(&d.suggestions))
            .bind(&d.response)
            .bind(d.process.from.to_string())
            .bind(d.process.to.to_string())
            .bind(join(&d.process.members))
            .bind(join(&d.process.examined))
            .bind(actor)
            .bind(&at)
            .execute(&mut *c)
            .await?;
            Ok(Opinion { year, version, draft: d.clone(), entered_by: actor.to_string(), entered_at: at.clone() })
        })
    }

    /// Every version of the year's opinion (every year's when `year` is None), oldest first.
    pub async fn opinions(&self, org: &Org, year: Option<i32>) -> Result<Vec<Opinion>> {
        type Stored = (i64, i64, String, String, String, String, String, String, String, String, String, String);
        let rows: Vec<Stored> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT year, version, conclusion, opinion, suggestions, response, review_from, review_to, reviewers,
                        examined, entered_by, entered_at
                 FROM audit_opinions WHERE org_id = $1 AND ($2 < 0 OR year = $2) ORDER BY year, version",
            )
            .bind(org.id)
            .bind(year.map(i64::from).unwrap_or(-1))
            .fetch_all(&mut *c)
            .await?
        });
        let date = |s: &str| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| Error::database(format!("经审会意见中的审查日期“{s}”无法读取")))
        };
        let mut out = Vec::with_capacity(rows.len());
        for (y, version, code, opinion, suggestions, response, from, to, reviewers, examined, by, at) in rows {
            let conclusion = Conclusion::parse(&code)
                .ok_or_else(|| Error::database(format!("经审会意见中的结论“{code}”无法识别")))?;
            out.push(Opinion {
                year: y as i32,
                version,
                draft: Draft {
                    conclusion,
                    opinion,
                    suggestions: split(suggestions),
                    process: Process {
                        from: date(&from)?,
                        to: date(&to)?,
                        members: split(reviewers),
                        examined: split(examined),
                    },
                    response,
                },
                entered_by: by,
                entered_at: at,
            });
        }
        Ok(out)
    }
}
