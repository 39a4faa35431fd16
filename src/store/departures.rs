//! The audit group's records of departing chairs' tenures, in versions: added, never changed.

use super::{with_db, Org, Store};
use crate::audit::departure::Record;
use crate::error::Result;
use crate::ledger::period::{Period, Span};

impl Store {
    /// Add a version of the record of `chair`'s tenure `span` (one past the last) and return it.
    pub async fn add_departure(&self, org: &Org, chair: &str, span: Span, body: &str, actor: &str) -> Result<Record> {
        let at = crate::now_text();
        with_db!(self, |c| {
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(version) FROM departure_audits WHERE org_id = $1 AND chair = $2 AND span_from = $3 AND span_to = $4",
            )
            .bind(org.id)
            .bind(chair)
            .bind(span.from.0)
            .bind(span.to.0)
            .fetch_one(&mut *c)
            .await?;
            let version = last.unwrap_or(0) + 1;
            sqlx::query(
                "INSERT INTO departure_audits (org_id, chair, span_from, span_to, version, body, entered_by, entered_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(chair)
            .bind(span.from.0)
            .bind(span.to.0)
            .bind(version)
            .bind(body)
            .bind(actor)
            .bind(&at)
            .execute(&mut *c)
            .await?;
            Ok(Record {
                chair: chair.to_string(),
                span,
                version,
                body: body.to_string(),
                entered_by: actor.to_string(),
                entered_at: at.clone(),
            })
        })
    }

    /// Every version of every record (of one chair's tenure when given), oldest first.
    pub async fn departures(&self, org: &Org, of: Option<(&str, Span)>) -> Result<Vec<Record>> {
        type Stored = (String, i64, i64, i64, String, String, String);
        let (chair, from, to) = of.map_or((String::new(), -1, -1), |(c, s)| (c.to_string(), s.from.0, s.to.0));
        let rows: Vec<Stored> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT chair, span_from, span_to, version, body, entered_by, entered_at FROM departure_audits
                 WHERE org_id = $1 AND ($3 < 0 OR (chair = $2 AND span_from = $3 AND span_to = $4))
                 ORDER BY chair, span_from, span_to, version",
            )
            .bind(org.id)
            .bind(&chair)
            .bind(from)
            .bind(to)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(chair, from, to, version, body, entered_by, entered_at)| Record {
                chair,
                span: Span { from: Period(from), to: Period(to) },
                version,
                body,
                entered_by,
                entered_at,
            })
            .collect())
    }
}
