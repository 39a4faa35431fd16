//! The public keys a union's users signed with, and the signed acts.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::sign::Act;

/// A voucher as signed acts see it: who reviewed and posted it, when, and what it holds.
#[derive(Clone, Debug)]
pub struct SignedVoucher {
    pub id: i64,
    pub no: String,
    pub date: String,
    pub summary: String,
    pub prepared_by: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub posted_by: Option<String>,
    pub posted_at: Option<String>,
    pub hash: Option<String>,
}

type Raw = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn from_raw(r: Raw) -> SignedVoucher {
    let (id, no, date, summary, prepared_by, reviewed_by, reviewed_at, posted_by, posted_at, hash) = r;
    SignedVoucher { id, no, date, summary, prepared_by, reviewed_by, reviewed_at, posted_by, posted_at, hash }
}

impl Store {
    /// Keep a user's public key for this union (nothing when it is kept already).
    pub async fn register_key(&self, org: &Org, name: &str, public_key: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO user_keys (org_id, name, public_key, registered_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (org_id, public_key) DO NOTHING",
            )
            .bind(org.id)
            .bind(name)
            .bind(public_key)
            .bind(&now)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// The public keys kept for this union: (name, key).
    pub async fn user_keys(&self, org: &Org) -> Result<Vec<(String, String)>> {
        with_db!(self, |c| {
            Ok(sqlx::query_as("SELECT name, public_key FROM user_keys WHERE org_id = $1 ORDER BY registered_at")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?)
        })
    }

    /// The number the next act of this union takes.
    pub async fn next_act_seq(&self, org: &Org) -> Result<i64> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM signed_acts WHERE org_id = $1",
            )
            .bind(org.id)
            .fetch_one(&mut *c)
            .await?)
        })
    }

    pub async fn add_signed_act(&self, org: &Org, a: &Act) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO signed_acts (org_id, seq, at, name, kind, subject, digest, public_key, signature)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(org.id)
            .bind(a.seq)
            .bind(&a.at)
            .bind(&a.name)
            .bind(&a.kind)
            .bind(&a.subject)
            .bind(&a.digest)
            .bind(&a.public_key)
            .bind(&a.signature)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    pub async fn signed_acts(&self, org: &Org) -> Result<Vec<Act>> {
        type Row = (i64, String, String, String, String, String, String, String);
        let rows: Vec<Row> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT seq, at, name, kind, subject, digest, public_key, signature FROM signed_acts
                 WHERE org_id = $1 ORDER BY seq",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(seq, at, name, kind, subject, digest, public_key, signature)| Act {
                seq,
                at,
                name,
                kind,
                subject,
                digest,
                public_key,
                signature,
            })
            .collect())
    }

    /// The vouchers reviewed or posted at or after `since`, in id order.
    pub async fn vouchers_acted_since(&self, org: &Org, since: &str) -> Result<Vec<SignedVoucher>> {
        let rows: Vec<Raw> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT id, no, CAST(date AS TEXT), summary, prepared_by, reviewed_by, reviewed_at, posted_by, posted_at, hash
                 FROM vouchers WHERE org_id = $1 AND (reviewed_at >= $2 OR posted_at >= $2) ORDER BY id",
            )
            .bind(org.id)
            .bind(since)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows.into_iter().map(from_raw).collect())
    }
}

impl Store {
    /// The vouchers of these ids, as signed acts see them, in id order.
    pub async fn vouchers_for_acts(&self, org: &Org, ids: &[i64]) -> Result<Vec<SignedVoucher>> {
        let numbered = self.numbered();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(super::ROWS_PER_INSERT) {
            let mut ph = super::Placeholders::new(numbered);
            let sql = format!(
                "SELECT id, no, CAST(date AS TEXT), summary, prepared_by, reviewed_by, reviewed_at, posted_by, posted_at, hash
                 FROM vouchers WHERE org_id = {} AND id IN ({}) ORDER BY id",
                ph.one(),
                ph.list(chunk.len())
            );
            let rows: Vec<Raw> = with_db!(self, |c| {
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(org.id);
                for id in chunk {
                    q = q.bind(*id);
                }
                q.fetch_all(&mut *c).await?
            });
            out.extend(rows.into_iter().map(from_raw));
        }
        out.sort_by_key(|v| v.id);
        Ok(out)
    }
}
