//! The service layer on both engines: a use case that writes twice is one transaction (a failure
//! injected between the two writes leaves the database as it was), errors carry their kind, and
//! budget breaches are recorded once however the vouchers' years interleave.

mod common;

use common::*;
use gonghui::error::Kind;
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::Line;
use gonghui::ops::{self, Ctx};
use gonghui::store::{PostTarget, Store};
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The same organisation through a second handle whose store fails at `point`.
async fn failing(url: &str, ctx: &Ctx, point: &str) -> Ctx {
    let mut store = Store::open(url).await.unwrap();
    store.fail_at(point);
    Ctx { store, org: ctx.org.clone(), user: ctx.user.clone() }
}

#[tokio::test]
async fn posting_and_its_budget_events_are_one_transaction() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let budget = write(dir.path(), "b.csv", "科目编码,活动编码,金额,说明\n50102,A01,1000,三八节\n");
        ops::budget::import(&ctx, &budget, None, 2025, None).await.unwrap();
        let ids =
            ops::vouchers::add_batch(&ctx, &[spend("2025-03-08", "50102", yuan(1_200), "A01")], PostTarget::Draft)
                .await
                .unwrap();
        let no = ids[0].1.clone();
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&no)).await.unwrap();
        ctx.user = "张敏".into();
        let before = ctx.store.content_dump().await.unwrap();
        let bad = failing(&db.url, &ctx, "post:event").await;
        let e = ops::vouchers::post(&bad, std::slice::from_ref(&no)).await.unwrap_err();
        assert_eq!(e.kind, Kind::Database, "{}: {e}", db.engine);
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: not posted, no event", db.engine);
        // Without the fault the same request posts and records the breach once.
        // (50102, its parent 501 and the activity A01 are each over.)
        let done = ops::vouchers::post(&ctx, std::slice::from_ref(&no)).await.unwrap();
        assert_eq!((done.posted, done.warnings.len()), (1, 3), "{}", db.engine);
        assert_eq!(ctx.books().events(Some("budget_over")).await.unwrap().len(), 3, "{}", db.engine);
        assert!(ctx.books().verify().await.unwrap().ok());
    }
}

#[tokio::test]
async fn an_audit_keeps_its_findings_and_the_chosen_pack_together() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // A cash payment at the cash limit: one finding to keep.
        let cash = voucher(
            "2025-05-06",
            "现金购买慰问品",
            vec![Line::debit("50105", yuan(1_000), ""), Line::credit("101", yuan(1_000), "")],
        );
        let opening = voucher(
            "2025-01-02",
            "提取备用金",
            vec![Line::debit("101", yuan(2_000), ""), Line::credit("102", yuan(2_000), "")],
        );
        post_all(&mut ctx, &[opening, cash]).await;
        let before = ctx.store.content_dump().await.unwrap();
        let bad = failing(&db.url, &ctx, "audit:setting").await;
        let e = ops::audit::run(&bad, Span::year(2025), Some("beijing-2019")).await.unwrap_err();
        assert_eq!(e.kind, Kind::Database, "{}", db.engine);
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: no findings kept, pack unchanged", db.engine);
        let (pack, kept) = ops::audit::run(&ctx, Span::year(2025), Some("beijing-2019")).await.unwrap();
        assert_eq!(pack.id, "beijing-2019");
        assert!(kept.iter().any(|k| k.finding.rule == "cash_limit"), "{}: {kept:?}", db.engine);
        assert_eq!(ctx.books().setting("audit_rules").await.unwrap().as_deref(), Some("beijing-2019"));
    }
}

#[tokio::test]
async fn a_statement_and_the_vouchers_its_rules_make_are_one_transaction() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let ctx = setup(&db.url).await;
        // Interest and a fee: the built-in rules make draft vouchers of both.
        let text = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
                    2025-03-21,CNY,12.34,10012.34,结息,,\n2025-03-25,CNY,-5.00,10007.34,手续费,,\n";
        let file = write(dir.path(), "s.csv", text);
        let rules = ops::bank::rules(None).unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let bad = failing(&db.url, &ctx, "bank:classify").await;
        let e = ops::bank::import(&bad, &file, "auto", None, "102", false, &rules, None).await.unwrap_err();
        assert_eq!(e.kind, Kind::Database, "{}", db.engine);
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: no line, no import, no voucher", db.engine);
        let s = ops::bank::import(&ctx, &file, "auto", None, "102", false, &rules, None).await.unwrap();
        assert_eq!((s.imported, s.vouchers.len(), s.pending), (2, 2, 0), "{}", db.engine);
        assert!(ctx.books().pending_lines(None).await.unwrap().is_empty(), "{}: every line linked", db.engine);
    }
}

#[tokio::test]
async fn errors_say_what_kind_of_failure_they_are() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let e = ops::vouchers::review(&ctx, &["记-202503-0009".into()]).await.unwrap_err();
        assert_eq!(e.kind, Kind::NotFound, "{e}");
        let nos = ops::vouchers::add_batch(&ctx, &[spend("2025-03-08", "50102", yuan(100), "A01")], PostTarget::Draft)
            .await
            .unwrap();
        let no = nos[0].1.clone();
        let e = ops::vouchers::review(&ctx, std::slice::from_ref(&no)).await.unwrap_err();
        assert_eq!(e.kind, Kind::Refused, "the preparer reviews her own voucher: {e}");
        let bad = write(
            dir.path(),
            "v.csv",
            "凭证序号,日期,摘要,科目编码,借方金额,贷方金额\n1,2025-03-09,x,50102,abc,\n1,,,102,,1\n",
        );
        let e = ops::vouchers::import(&ctx, &bad, None, false, None).await.unwrap_err();
        assert_eq!(e.kind, Kind::Invalid, "{e}");
        let at = e.location.as_ref().expect("the place in the file");
        assert_eq!((at.line, at.column.as_deref()), (Some(2), Some("借方金额")), "{e}");
        assert!(at.file.ends_with("v.csv") && e.message().contains("v.csv 第 2 行"), "{e}");
        let e = ops::vouchers::import(&ctx, &dir.path().join("none.csv"), None, false, None).await.unwrap_err();
        assert_eq!(e.kind, Kind::Io, "{e}");
        assert!(e.message().contains("找不到该文件"), "the OS error in Chinese: {e}");
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&no)).await.unwrap();
        ops::vouchers::post(&ctx, std::slice::from_ref(&no)).await.unwrap();
        let red = ops::vouchers::reverse(&ctx, &no, None).await.unwrap().no;
        let e = ops::vouchers::reverse(&ctx, &no, None).await.unwrap_err();
        assert_eq!(e.kind, Kind::Conflict, "{e}");
        assert!(e.message().contains(&red), "{e}");
        // A reversal voided as a draft reverses nothing: the voucher may be reversed again.
        ops::drafts::void(&ctx, &red, "日期录错，重新冲销").await.unwrap();
        let again = ops::vouchers::reverse(&ctx, &no, None).await.unwrap().no;
        assert_ne!(again, red);
    }
}

#[tokio::test]
async fn breaches_are_recorded_once_when_the_vouchers_years_interleave() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let ctx = setup(&db.url).await;
        waive(&ctx, "一人工会，经委员会决定").await;
        for year in [2025, 2026] {
            let b = write(dir.path(), &format!("b{year}.csv"), "科目编码,活动编码,金额,说明\n50102,A01,1000,三八节\n");
            ops::budget::import(&ctx, &b, None, year, None).await.unwrap();
        }
        // Three vouchers, each 200.00 over its year's budget: 2025, 2026, then 2025 again.
        let file = write(
            dir.path(),
            "v.csv",
            "凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码\n\
             1,2025-03-01,三八节,50102,1200,,A01\n1,,,102,,1200,\n\
             2,2026-03-01,三八节,50102,1200,,A01\n2,,,102,,1200,\n\
             3,2025-04-01,三八节,50102,1200,,A01\n3,,,102,,1200,\n",
        );
        // Each voucher is over on 50102, on its parent 501 and on the activity A01: nine breaches,
        // none twice (taking 2025 twice, as the unsorted dedup did, made fifteen).
        let done = ops::vouchers::import(&ctx, &file, None, true, None).await.unwrap();
        assert_eq!(done.warnings.len(), 9, "{}: {:?}", db.engine, done.warnings);
        let mut distinct = done.warnings.clone();
        distinct.sort_by_key(|w| w.text());
        distinct.dedup();
        assert_eq!(distinct.len(), 9);
        assert!(
            done.warnings.iter().any(|w| w.text().contains("2,400.00")),
            "the second 2025 voucher counts the first"
        );
        assert_eq!(ctx.books().events(Some("budget_over")).await.unwrap().len(), 9, "{}", db.engine);
    }
}
