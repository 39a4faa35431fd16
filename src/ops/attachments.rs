//! `voucher attach` and `voucher attachment`: receipts kept with their voucher, never paid twice.

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::attachment::{self, Kind, MAX_BYTES};
use crate::ledger::roles::Act;
use crate::ledger::voucher::Status;
use crate::store::{Attachment, NewAttachment};
use serde::Serialize;
use std::path::Path;

/// What attaching did: each file's number on the voucher, what it is, and the e-invoice read from
/// it.
#[derive(Debug, Serialize)]
pub struct Attached {
    pub voucher: String,
    pub files: Vec<AttachedFile>,
    /// PDF invoices are checked by their bytes only: their number is not read.
    pub unread_pdfs: usize,
}

#[derive(Debug, Serialize)]
pub struct AttachedFile {
    pub n: i64,
    pub file_name: String,
    pub kind: &'static str,
    pub invoice_no: String,
    pub invoice_amount: Option<String>,
}

/// A file read and checked, ready to be stored.
struct Checked {
    file_name: String,
    kind: Kind,
    sha256: String,
    invoice: Option<attachment::Invoice>,
    bytes: Vec<u8>,
}

fn check_file(path: &Path) -> Result<Checked> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|e| crate::error::read_failed(&shown, &e))?.len();
    too_large(&shown, size)?;
    let bytes = std::fs::read(path).map_err(|e| crate::error::read_failed(&shown, &e))?;
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or(shown.clone());
    check_bytes(&shown, file_name, bytes)
}

fn too_large(shown: &str, size: u64) -> Result<()> {
    if size > MAX_BYTES as u64 {
        return Err(Error::input(format!(
            "{shown}：文件 {}，超过每个附件 20 MB 的上限；请压缩或分成几个文件",
            attachment::size_text(size)
        )));
    }
    Ok(())
}

/// A file's content checked: its kind by its first bytes, an e-invoice's number and amount.
fn check_bytes(shown: &str, file_name: String, bytes: Vec<u8>) -> Result<Checked> {
    let kind = attachment::sniff(&bytes)
        .ok_or_else(|| Error::input(format!("{shown}：不是可作附件的文件；可附 PDF、OFD、JPG、PNG 或 XML 电子发票")))?;
    if kind == Kind::Ofd && !attachment::is_ofd(&bytes) {
        return Err(Error::input(format!("{shown}：是压缩包而不是 OFD 文件；请附发票的 OFD、PDF 或 XML 文件本身")));
    }
    let invoice = match kind {
        Kind::Xml => attachment::invoice_from_xml(&bytes),
        Kind::Ofd => attachment::invoice_from_ofd(&bytes),
        _ => None,
    };
    Ok(Checked { file_name, kind, sha256: attachment::sha256_hex(&bytes), invoice, bytes })
}

/// Files uploaded through the web desk, as (name, content): checked and attached as `attach`
/// attaches files read from disk.
pub async fn attach_uploaded(ctx: &Ctx, no: &str, uploads: Vec<(String, Vec<u8>)>) -> Result<Attached> {
    if uploads.is_empty() {
        return Err(Error::input("请选择要附上的文件（PDF、OFD、JPG、PNG 或 XML 电子发票）"));
    }
    let files = uploads
        .into_iter()
        .map(|(name, bytes)| {
            too_large(&name, bytes.len() as u64)?;
            check_bytes(&name, name.clone(), bytes)
        })
        .collect::<Result<Vec<_>>>()?;
    attach_checked(ctx, no, files).await
}

/// `voucher attach NO FILE…`: all the files or none. A voucher already posted keeps the receipts
/// it was posted with; the same file, or the same e-invoice number, on another voucher (not voided)
/// is refused as 重复报销, naming that voucher.
pub async fn attach(ctx: &Ctx, no: &str, paths: &[std::path::PathBuf]) -> Result<Attached> {
    if paths.is_empty() {
        return Err(Error::input("请给出要附上的文件：gonghui voucher attach 凭证号 文件…"));
    }
    let files: Vec<Checked> = paths.iter().map(|p| check_file(p)).collect::<Result<_>>()?;
    attach_checked(ctx, no, files).await
}

async fn attach_checked(ctx: &Ctx, no: &str, files: Vec<Checked>) -> Result<Attached> {
    for (i, f) in files.iter().enumerate() {
        if let Some(j) = files[..i].iter().position(|g| g.sha256 == f.sha256) {
            return Err(Error::input(format!("{} 与 {} 是同一个文件，只需附一次", f.file_name, files[j].file_name)));
        }
        let number = f.invoice.as_ref().map(|x| x.number.as_str()).unwrap_or("");
        if let Some(g) =
            files[..i].iter().find(|g| !number.is_empty() && g.invoice.as_ref().is_some_and(|x| x.number == number))
        {
            return Err(Error::input(format!(
                "{} 与 {} 是同一张发票（号码 {number}）的两个文件，只需附一个",
                f.file_name, g.file_name
            )));
        }
    }
    let tx = ctx.act(Act::Prepare).await?;
    let v = tx
        .books()
        .voucher(no)
        .await?
        .ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在（gonghui voucher list 列出凭证）")))?;
    match v.status {
        Status::Draft | Status::Reviewed => {}
        Status::Void => return Err(Error::refused(format!("凭证 {no} 已作废，不能再附单据"))),
        _ => {
            return Err(Error::refused(format!(
                "凭证 {no} 已记账，附件随记账一起锁定，不能再添加；漏附的单据请随更正凭证附上"
            )))
        }
    }
    for f in &files {
        let number = f.invoice.as_ref().map(|x| x.number.as_str()).unwrap_or("");
        if let Some((other, same_file)) = tx.store.attached_elsewhere(&tx.org, &f.sha256, number).await? {
            let what = if same_file {
                "同一文件".to_string()
            } else {
                format!("同一张电子发票（号码 {number}）")
            };
            return Err(Error::conflict(format!(
                "{}：{what}已附在凭证 {other} 上，重复报销，未附任何文件；如确属误附，请先作废凭证 {other}",
                f.file_name
            )));
        }
    }
    let mut out = Vec::new();
    for f in &files {
        let invoice_no = f.invoice.as_ref().map(|x| x.number.clone()).unwrap_or_default();
        let amount = f.invoice.as_ref().and_then(|x| x.amount);
        let n = tx
            .store
            .add_attachment(
                &tx.org,
                v.id,
                &NewAttachment {
                    file_name: &f.file_name,
                    media_type: f.kind.media_type(),
                    sha256: &f.sha256,
                    invoice_no: &invoice_no,
                    invoice_amount: amount.map(|a| a.fen()),
                    content: &f.bytes,
                },
                &tx.user,
            )
            .await?;
        out.push(AttachedFile {
            n,
            file_name: f.file_name.clone(),
            kind: f.kind.label(),
            invoice_no,
            invoice_amount: amount.map(|a| a.grouped()),
        });
    }
    let count = tx.store.attachments(&tx.org, v.id).await?.len() as i64;
    tx.store.set_attachment_count(&tx.org, v.id, count).await?;
    let names: Vec<&str> = out.iter().map(|f| f.file_name.as_str()).collect();
    tx.store.log_event(&tx.org, &tx.user, "voucher_attach", no, &names.join("、")).await?;
    tx.commit().await?;
    let unread_pdfs = files.iter().filter(|f| f.kind == Kind::Pdf).count();
    Ok(Attached { voucher: no.to_string(), files: out, unread_pdfs })
}

/// The attachments of a voucher.
pub async fn list(ctx: &Ctx, no: &str) -> Result<Vec<Attachment>> {
    let v = ctx.books().voucher(no).await?.ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在")))?;
    ctx.store.attachments(&ctx.org, v.id).await
}

/// `voucher attachment NO N`: one attachment's file name and bytes.
pub async fn content(ctx: &Ctx, no: &str, n: i64) -> Result<(String, Vec<u8>)> {
    let v = ctx.books().voucher(no).await?.ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在")))?;
    ctx.store
        .attachment_content(&ctx.org, v.id, n)
        .await?
        .ok_or_else(|| Error::not_found(format!("凭证 {no} 没有第 {n} 个附件（gonghui voucher show {no} 列出附件）")))
}
