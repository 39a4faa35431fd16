//! The union's own text of the notes to a year's statements (附注), in versions: added, never changed.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::notes::Note;

impl Store {
    /// Add a version of item `item` of the year's notes (one past the last) and return it.
    pub async fn add_note(&self, org: &Org, year: i32, item: u8, body: &str, actor: &str) -> Result<Note> {
        let at = crate::now_text();
        with_db!(self, |c| {
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(version) FROM statement_notes WHERE org_id = $1 AND year = $2 AND item = $3",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(item as i64)
            .fetch_one(&mut *c)
            .await?;
            let version = last.unwrap_or(0) + 1;
            sqlx::query(
                "INSERT INTO statement_notes (org_id, year, item, version, body, entered_by, entered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(item as i64)
            .bind(version)
            .bind(body)
            .bind(actor)
            .bind(&at)
            .execute(&mut *c)
            .await?;
            Ok(Note {
                year,
                item,
                version,
                body: body.to_string(),
                entered_by: actor.to_string(),
                entered_at: at.clone(),
            })
        })
    }

    /// Every version of every item of the year's notes, oldest first.
    pub async fn notes(&self, org: &Org, year: i32) -> Result<Vec<Note>> {
        type Stored = (i64, i64, String, String, String);
        let rows: Vec<Stored> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT item, version, body, entered_by, entered_at FROM statement_notes
                 WHERE org_id = $1 AND year = $2 ORDER BY item, version",
            )
            .bind(org.id)
            .bind(year as i64)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(item, version, body, entered_by, entered_at)| Note {
                year,
                item: item as u8,
                version,
                body,
                entered_by,
                entered_at,
            })
            .collect())
    }
}
