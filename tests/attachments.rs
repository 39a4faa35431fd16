//! Receipts attached to vouchers (issue 17), on both engines: kept with their digest and e-invoice
//! number, never attached twice (the same file, or the same e-invoice in another file), refused
//! whole with nothing written, locked once the voucher is posted, counted as the voucher's 附件数,
//! given back byte for byte, and checked by `verify`.

mod common;

use common::*;
use gonghui::ops::{self, attachments};
use gonghui::store::PostTarget;
use std::path::PathBuf;

fn invoice(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/invoices").join(name)
}

#[tokio::test]
async fn receipts_are_attached_once_and_never_paid_twice() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let vs = [spend("2025-03-08", "50102", yuan(300), "A01"), spend("2025-03-12", "50102", yuan(300), "A01")];
        let ids = ops::vouchers::add_batch(&ctx, &vs, PostTarget::Draft).await.unwrap();
        let (first, second) = (ids[0].1.clone(), ids[1].1.clone());
        let done =
            attachments::attach(&ctx, &first, &[invoice("flowers.xml"), invoice("taxi-receipt.pdf")]).await.unwrap();
        assert_eq!(done.files[0].invoice_no, "25342000000012345678", "{}", db.engine);
        assert_eq!(done.files[0].invoice_amount.as_deref(), Some("300.00"));
        assert_eq!(done.unread_pdfs, 1);
        let v = ctx.store.voucher(&ctx.org, &first).await.unwrap().unwrap();
        assert_eq!(v.attachments, 2, "附件数 counts the files");
        let before = ctx.store.content_dump().await.unwrap();
        // The same PDF on the other voucher; the same e-invoice as OFD (other bytes, same number).
        let e =
            attachments::attach(&ctx, &second, &[invoice("books.xml"), invoice("taxi-receipt.pdf")]).await.unwrap_err();
        assert!(e.message().contains("同一文件已附在凭证") && e.message().contains(&first), "{e}");
        let e = attachments::attach(&ctx, &second, &[invoice("flowers.ofd")]).await.unwrap_err();
        assert!(
            e.message().contains("同一张电子发票（号码 25342000000012345678）") && e.message().contains(&first),
            "{e}"
        );
        // Not a receipt; over the limit.
        let e = attachments::attach(&ctx, &second, &[invoice("not-a-receipt.bin")]).await.unwrap_err();
        assert!(e.message().contains("PDF、OFD、JPG、PNG 或 XML"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.pdf");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(21 * 1024 * 1024).unwrap();
        let e = attachments::attach(&ctx, &second, &[big]).await.unwrap_err();
        assert!(e.message().contains("20 MB"), "{e}");
        assert!(ctx.store.content_dump().await.unwrap() == before, "{}: refusals write nothing", db.engine);
        // Given back byte for byte.
        let (name, bytes) = attachments::content(&ctx, &first, 1).await.unwrap();
        assert_eq!((name.as_str(), bytes), ("flowers.xml", std::fs::read(invoice("flowers.xml")).unwrap()));
        // Posted: the receipts are locked with the voucher.
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&first)).await.unwrap();
        ctx.user = "张敏".into();
        ops::vouchers::post(&ctx, std::slice::from_ref(&first)).await.unwrap();
        let e = attachments::attach(&ctx, &first, &[invoice("books.xml")]).await.unwrap_err();
        assert!(e.message().contains("已记账"), "{e}");
        // A voided voucher frees its receipts for the voucher that replaces it.
        attachments::attach(&ctx, &second, &[invoice("books.xml")]).await.unwrap();
        ops::drafts::void(&ctx, &second, "重复录入").await.unwrap();
        let third =
            ops::vouchers::add_batch(&ctx, &[spend("2025-03-13", "50102", yuan(1200), "A01")], PostTarget::Draft)
                .await
                .unwrap();
        attachments::attach(&ctx, &third[0].1, &[invoice("books.xml")]).await.unwrap();
        assert!(ctx.books().verify().await.unwrap().ok());
        if db.engine == "sqlite" {
            // A backup carries the receipts.
            let out = dir.path().join("backup.db").display().to_string();
            ops::files::backup(&ctx.store, &db.url, &out).await.unwrap();
            let copy = gonghui::store::Store::open(&out).await.unwrap();
            let back = gonghui::ops::Ctx { store: copy, org: ctx.org.clone(), user: "张敏".into() };
            let (_, bytes) = attachments::content(&back, &first, 1).await.unwrap();
            assert_eq!(bytes, std::fs::read(invoice("flowers.xml")).unwrap());
        }
    }
}

#[tokio::test]
async fn a_receipt_replaced_behind_the_tools_back_fails_verify() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let ids = ops::vouchers::add_batch(&ctx, &[spend("2025-03-08", "50102", yuan(300), "A01")], PostTarget::Draft)
            .await
            .unwrap();
        attachments::attach(&ctx, &ids[0].1, &[invoice("flowers.xml")]).await.unwrap();
        let sql = if db.engine == "sqlite" {
            "DROP TRIGGER attachments_upd; UPDATE attachments SET content = X'00'".to_string()
        } else {
            "SET session_replication_role = replica; UPDATE attachments SET content = '\\x00'::bytea".to_string()
        };
        ctx.store.raw_execute_for_tests(&sql).await.unwrap();
        let v = ctx.books().verify().await.unwrap();
        assert!(
            v.problems.iter().any(|p| p.contains(&ids[0].1) && p.contains("附件文件被替换")),
            "{}: {:?}",
            db.engine,
            v.problems
        );
    }
}
