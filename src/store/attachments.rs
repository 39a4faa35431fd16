//! Receipts attached to vouchers: the files, their digests and e-invoice numbers.

use super::{with_db, Org, Store};
use crate::error::Result;
use serde::Serialize;

/// An attachment as listed (without its bytes).
#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    pub n: i64,
    pub file_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub invoice_no: String,
    pub invoice_amount: Option<i64>,
    pub added_by: String,
    pub added_at: String,
}

/// A new attachment of a voucher.
pub struct NewAttachment<'a> {
    pub file_name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub invoice_no: &'a str,
    pub invoice_amount: Option<i64>,
    pub content: &'a [u8],
}

type Row = (i64, String, String, i64, String, String, Option<i64>, String, String);

impl Store {
    /// The attachments of a voucher, in the order they were added.
    pub async fn attachments(&self, org: &Org, voucher_id: i64) -> Result<Vec<Attachment>> {
        let rows: Vec<Row> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT n, file_name, media_type, size, sha256, invoice_no, invoice_amount, added_by, added_at
                 FROM attachments WHERE org_id = $1 AND voucher_id = $2 ORDER BY n",
            )
            .bind(org.id)
            .bind(voucher_id)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(n, file_name, media_type, size, sha256, invoice_no, invoice_amount, added_by, added_at)| {
                Attachment { n, file_name, media_type, size, sha256, invoice_no, invoice_amount, added_by, added_at }
            })
            .collect())
    }

    /// One attachment's file name and bytes.
    pub async fn attachment_content(&self, org: &Org, voucher_id: i64, n: i64) -> Result<Option<(String, Vec<u8>)>> {
        with_db!(self, |c| {
            Ok(sqlx::query_as(
                "SELECT file_name, content FROM attachments WHERE org_id = $1 AND voucher_id = $2 AND n = $3",
            )
            .bind(org.id)
            .bind(voucher_id)
            .bind(n)
            .fetch_optional(&mut *c)
            .await?)
        })
    }

    /// The voucher (not voided) that already carries a file of this digest, or this e-invoice
    /// number: its number.
    pub async fn attached_elsewhere(
        &self,
        org: &Org,
        sha256: &str,
        invoice_no: &str,
    ) -> Result<Option<(String, bool)>> {
        with_db!(self, |c| {
            let row: Option<(String, String)> = sqlx::query_as(
                "SELECT v.no, a.sha256 FROM attachments a JOIN vouchers v ON v.org_id = a.org_id AND v.id = a.voucher_id
                 WHERE a.org_id = $1 AND v.status <> 'void' AND (a.sha256 = $2 OR ($3 <> '' AND a.invoice_no = $3))
                 ORDER BY v.id LIMIT 1",
            )
            .bind(org.id)
            .bind(sha256)
            .bind(invoice_no)
            .fetch_optional(&mut *c)
            .await?;
            Ok(row.map(|(no, sha)| (no, sha == sha256)))
        })
    }

    /// Add an attachment as the voucher's next; returns its number.
    pub async fn add_attachment(&self, org: &Org, voucher_id: i64, a: &NewAttachment<'_>, by: &str) -> Result<i64> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let n: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(n), 0) + 1 AS BIGINT) FROM attachments WHERE org_id = $1 AND voucher_id = $2",
            )
            .bind(org.id)
            .bind(voucher_id)
            .fetch_one(&mut *c)
            .await?;
            sqlx::query(
                "INSERT INTO attachments (org_id, voucher_id, n, file_name, media_type, size, sha256, invoice_no,
                 invoice_amount, added_by, added_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(org.id)
            .bind(voucher_id)
            .bind(n)
            .bind(a.file_name)
            .bind(a.media_type)
            .bind(a.content.len() as i64)
            .bind(a.sha256)
            .bind(a.invoice_no)
            .bind(a.invoice_amount)
            .bind(by)
            .bind(&now)
            .bind(a.content)
            .execute(&mut *c)
            .await?;
            Ok(n)
        })
    }

    /// Set a draft's 附件数 (the receipts it carries).
    pub async fn set_attachment_count(&self, org: &Org, voucher_id: i64, count: i64) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE vouchers SET attachments = $3 WHERE org_id = $1 AND id = $2 AND attachments < $3")
                .bind(org.id)
                .bind(voucher_id)
                .bind(count)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// Attachments whose bytes no longer have their recorded digest: (voucher number, n). The
    /// files are read one at a time.
    pub async fn altered_attachments(&self, org: &Org) -> Result<Vec<(String, i64)>> {
        with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut out = Vec::new();
            let mut rows = sqlx::query_as::<_, (String, i64, String, Vec<u8>)>(
                "SELECT v.no, a.n, a.sha256, a.content FROM attachments a
                 JOIN vouchers v ON v.org_id = a.org_id AND v.id = a.voucher_id WHERE a.org_id = $1 ORDER BY v.id, a.n",
            )
            .bind(org.id)
            .fetch(&mut *c);
            while let Some((no, n, sha, content)) = rows.try_next().await? {
                if crate::ledger::attachment::sha256_hex(&content) != sha {
                    out.push((no, n));
                }
            }
            Ok(out)
        })
    }
}
