//! Every mistake can be put right, on both engines: drafts edited and voided, reviews taken back,
//! files and receipts not booked twice, dates the books cannot take refused, months closed in
//! order and reopened with a reason, closed years reopened or corrected; and books that cannot
//! exist (negative bank) found. Every refusal leaves the database as it was.

mod common;

use common::*;
use gonghui::error::Kind;
use gonghui::ledger::period::{Period, Span};
use gonghui::ledger::voucher::{Line, NewVoucher, Status};
use gonghui::ops::allocation::Booking;
use gonghui::ops::{self, Ctx};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The dues of a month, received into the bank: money for the books to spend.
fn dues(d: &str, yuan_: i64) -> NewVoucher {
    voucher(d, "收到会费", vec![Line::debit("102", yuan(yuan_), ""), Line::credit("401", yuan(yuan_), "")])
}

async fn add(ctx: &Ctx, v: NewVoucher) -> String {
    ops::vouchers::add(ctx, v, false).await.unwrap().no
}

async fn review_post(ctx: &mut Ctx, nos: &[String]) {
    let me = ctx.user.clone();
    ctx.user = "刘洋".into();
    ops::vouchers::review(ctx, nos).await.unwrap();
    ctx.user = me;
    ops::vouchers::post(ctx, nos).await.unwrap();
}

#[tokio::test]
async fn a_draft_is_edited_voided_or_unreviewed_then_its_month_closes() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let no = add(&ctx, spend("2025-03-08", "50102", yuan(12_000), "A01")).await;
        // The amount was typed with a zero too many: edited under the same number.
        let saved = ops::drafts::edit(&ctx, &no, spend("2025-03-09", "50102", yuan(1_200), "A01")).await.unwrap();
        assert_eq!(saved.no, no);
        let v = ctx.books().voucher(&no).await.unwrap().unwrap();
        assert_eq!((v.date, v.total_debit()), (date("2025-03-09"), yuan(1_200)), "{}", db.engine);
        // Not into another month: the number belongs to March.
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::drafts::edit(&ctx, &no, spend("2025-04-01", "50102", yuan(1_200), "A01")).await.unwrap_err();
        assert!(e.message().contains("不能改到 2025年4月"), "{e}");
        // Reviewed: only the reviewer takes the review back, and a reviewed voucher is not edited.
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&no)).await.unwrap();
        ctx.user = "张敏".into();
        let e = ops::drafts::edit(&ctx, &no, spend("2025-03-09", "50102", yuan(1), "A01")).await.unwrap_err();
        assert!(e.message().contains("取消审核"), "{e}");
        assert_eq!(ops::drafts::unreview(&ctx, &no).await.unwrap_err().kind, Kind::Refused);
        ctx.user = "刘洋".into();
        ops::drafts::unreview(&ctx, &no).await.unwrap();
        ctx.user = "张敏".into();
        // A second draft, voided: the reason is required, the number stays.
        let wrong = add(&ctx, spend("2025-03-20", "50405", yuan(999), "A02")).await;
        let dump = ctx.store.content_dump().await.unwrap();
        assert_eq!(ops::drafts::void(&ctx, &wrong, "  ").await.unwrap_err().kind, Kind::Invalid);
        assert_eq!(dump, ctx.store.content_dump().await.unwrap(), "a refused void changes nothing");
        ops::drafts::void(&ctx, &wrong, "重复录入").await.unwrap();
        let v = ctx.books().voucher(&wrong).await.unwrap().unwrap();
        assert_eq!((v.status, v.lines.len(), v.void_reason.as_str()), (Status::Void, 0, "重复录入"));
        assert!(ops::drafts::void(&ctx, &wrong, "再作废").await.is_err(), "voided once");
        assert_ne!(before, ctx.store.content_dump().await.unwrap());
        // The month: the draft reviewed and posted, the void left as it is; then closed.
        review_post(&mut ctx, std::slice::from_ref(&no)).await;
        let closed = ops::close::close_month(&ctx, Period(202503)).await.unwrap();
        assert_eq!(closed, vec![Period(202501), Period(202502), Period(202503)], "{}: earlier months too", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok() && v.voided == 1, "{}: {v:?}", db.engine);
        // A posted voucher stays: edit and void are refused and say what to do.
        let e = ops::drafts::void(&ctx, &no, "x").await.unwrap_err();
        assert!(e.message().contains("红字冲销"), "{e}");
        // Behind the tool's back a voucher cannot be deleted either.
        let e = ctx.store.raw_execute_for_tests("DELETE FROM vouchers WHERE status = 'void'").await.unwrap_err();
        assert!(e.message().contains("删除"), "{}: {e}", db.engine);
    }
}

#[tokio::test]
async fn nothing_is_booked_twice() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let csv = "凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码\n1,2025-03-02,收到会费,102,5400,,\n1,,,401,,5400,\n";
        let file = write(dir.path(), "v.csv", csv);
        let first = ops::vouchers::import(&ctx, &file, None, false, None).await.unwrap();
        assert_eq!(first.imported, 1);
        // The same file again (renamed, even): refused whole, nothing written.
        let again = write(dir.path(), "v-副本.csv", csv);
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::vouchers::import(&ctx, &again, None, false, None).await.unwrap_err();
        assert_eq!(e.kind, Kind::Conflict, "{e}");
        assert!(e.message().contains("v.csv") && e.message().contains("--again"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}", db.engine);
        assert!(ops::vouchers::import(&ctx, &again, None, false, Some(" ")).await.is_err(), "a reason is required");
        // Forced with a reason: imported, recorded, and each voucher flagged as a likely double.
        let forced = ops::vouchers::import(&ctx, &again, None, false, Some("上次导入后误作废")).await.unwrap();
        assert_eq!(forced.warnings.len(), 1, "{:?}", forced.warnings);
        assert!(forced.warnings[0].text().contains(&first.vouchers[0]), "{:?}", forced.warnings);
        assert_eq!(ctx.books().events(Some("voucher_import_again")).await.unwrap().len(), 1);
        // A voucher typed twice is flagged with the other's number.
        let a = ops::vouchers::add(&ctx, spend("2025-03-08", "50102", yuan(300), "A01"), false).await.unwrap();
        assert!(a.warnings.is_empty());
        let b = ops::vouchers::add(&ctx, spend("2025-03-08", "50102", yuan(300), "A01"), false).await.unwrap();
        assert!(
            b.warnings.iter().any(|w| w.text().contains(&a.no) && w.text().contains("疑似重复")),
            "{:?}",
            b.warnings
        );
        // Opening balances: once.
        let open = write(dir.path(), "o.csv", "科目编码,借方余额,贷方余额\n102,1000,\n32205,,1000\n");
        ops::yearend::import_opening(&ctx, &open, None, Some("2024-12-31")).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::yearend::import_opening(&ctx, &open, None, Some("2024-12-31")).await.unwrap_err();
        assert!(e.message().contains("期初余额只导入一次"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
        // The 2% of a month: received in full once, then refused; in part, the earlier receipt said.
        let payroll =
            write(dir.path(), "p.csv", "月份,工资总额,职工人数,会员人数,会费基数\n2025-03,1000000,100,90,900000\n");
        ops::allocation::import_payroll(&ctx, &payroll, None, false).await.unwrap();
        let receive =
            |yuan_: i64| Booking::Receive { period: Period(202503), amount: yuan(yuan_), date: date("2025-03-10") };
        let part = ops::allocation::book(&ctx, receive(15_000), "102", false).await.unwrap();
        assert!(part.warnings.is_empty());
        let rest = ops::allocation::book(&ctx, receive(5_000), "102", false).await.unwrap();
        assert!(rest.warnings.iter().any(|w| w.text().contains("此前已收 15,000.00")), "{:?}", rest.warnings);
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::allocation::book(&ctx, receive(20_000), "102", false).await.unwrap_err();
        assert!(e.message().contains("已收齐") && e.message().contains(&part.no), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}", db.engine);
        ctx.user = "张敏".into();
    }
}

#[tokio::test]
async fn dates_the_books_cannot_take_are_refused_with_the_range() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        for d in ["2019-03-01", "2031-03-01", "2024-12-31"] {
            let e = ops::vouchers::add(&ctx, spend(d, "50102", yuan(1), "A01"), false).await.unwrap_err();
            assert!(e.message().contains("可记账的日期为 2025-01-01 至 2027-02-15"), "{d}: {e}");
        }
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
        // The opening balances may be dated the day before the first open year.
        let open = write(dir.path(), "o.csv", "科目编码,借方余额,贷方余额\n102,1000,\n32205,,1000\n");
        assert!(ops::yearend::import_opening(&ctx, &open, None, Some("2024-12-31")).await.is_ok());
        // A statement with lines before the books began: those are skipped with the reason.
        let text = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
                    2024-12-20,CNY,100.00,100.00,旧年流水,,\n2025-01-20,CNY,12.34,112.34,结息,,\n";
        let s = ops::bank::import(
            &ctx,
            &write(dir.path(), "s.csv", text),
            "auto",
            None,
            "102",
            false,
            &ops::bank::rules(None).unwrap(),
            None,
        )
        .await
        .unwrap();
        assert_eq!((s.imported, s.skipped), (1, 1), "{}", db.engine);
        assert!(s.skipped_lines[0].reason.contains("不在本会账套的记账期间内"), "{:?}", s.skipped_lines);
    }
}

#[tokio::test]
async fn months_close_in_order_and_reopen_with_a_reason() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let jan = add(&ctx, dues("2025-01-05", 5_000)).await;
        let feb = add(&ctx, spend("2025-02-10", "50102", yuan(300), "A01")).await;
        review_post(&mut ctx, std::slice::from_ref(&jan)).await;
        // February has a draft: closing March is refused, naming February; nothing is locked.
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::close::close_month(&ctx, Period(202503)).await.unwrap_err();
        assert!(e.message().contains("2025年2月 还有 1 张凭证未记账") && e.message().contains(&feb), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
        // A month that has not ended (today is 15 January 2027) is not closed.
        let e = ops::close::close_month(&ctx, Period(202712)).await.unwrap_err();
        assert!(e.message().contains("还没有结束"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing locked", db.engine);
        review_post(&mut ctx, std::slice::from_ref(&feb)).await;
        assert_eq!(
            ops::close::close_month(&ctx, Period(202503)).await.unwrap(),
            vec![Period(202501), Period(202502), Period(202503)]
        );
        // Reopening: with a reason, the latest month only, by someone other than who closed it.
        assert_eq!(ops::close::reopen_month(&ctx, Period(202503), "").await.unwrap_err().kind, Kind::Invalid);
        let e = ops::close::reopen_month(&ctx, Period(202503), "漏记手续费").await.unwrap_err();
        assert!(e.message().contains("另一人"), "{e}");
        ctx.user = "刘洋".into();
        let e = ops::close::reopen_month(&ctx, Period(202502), "漏记").await.unwrap_err();
        assert!(e.message().contains("最近结账的是 2025年3月"), "{e}");
        ops::close::reopen_month(&ctx, Period(202503), "3月31日银行手续费漏记").await.unwrap();
        ctx.user = "张敏".into();
        // The adjusting voucher, then March closed again; the books verify, the reopening is kept.
        let fee = add(&ctx, spend("2025-03-31", "50102", yuan(5), "A01")).await;
        review_post(&mut ctx, std::slice::from_ref(&fee)).await;
        assert_eq!(ops::close::close_month(&ctx, Period(202503)).await.unwrap(), vec![Period(202503)]);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok());
        assert!(v.reopenings.len() == 1 && v.reopenings[0].contains("3月31日银行手续费漏记"), "{v:?}");
        let found = ctx
            .books()
            .check(Span::year(2025), &gonghui::audit::pack::select("national", date("2025-01-01")).unwrap())
            .await
            .unwrap();
        assert!(found.iter().any(|f| f.rule == "reopened" && f.message.contains("刘洋")), "{found:?}");
        let r = ctx.books().reopenings().await.unwrap();
        assert_eq!(
            (r.len(), r[0].reason.as_str(), r[0].reopened_by.as_str(), r[0].closed_by.as_str()),
            (1, "3月31日银行手续费漏记", "刘洋", "张敏")
        );
        assert_eq!(ctx.books().events(Some("reopen_month")).await.unwrap().len(), 1);
        // Behind the tool's back, a lock without its reopening does not go.
        let e = ctx.store.raw_execute_for_tests("DELETE FROM closed_periods WHERE period = 202503").await.unwrap_err();
        assert!(e.message().contains("反结账"), "{}: {e}", db.engine);
    }
}

#[tokio::test]
async fn a_closed_year_is_reopened_or_corrected_in_the_next() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let nos = vec![
            add(&ctx, dues("2025-03-02", 5_400)).await,
            add(&ctx, spend("2025-03-08", "50102", yuan(1_200), "A01")).await,
        ];
        review_post(&mut ctx, &nos).await;
        let tb = gonghui::report::trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
        close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap();
        assert!(ctx.books().year_closed(2025).await.unwrap());
        // 反年结: by another, with a reason; the closing entries reversed, December open again.
        ctx.user = "刘洋".into();
        let undo = ops::close::reopen_year(&ctx, 2025, "补记12月银行利息").await.unwrap();
        assert!(!undo.is_empty());
        // The reversals are drafts by the one who reopened, reviewed and posted by another; the
        // year cannot close again while they wait.
        ctx.user = "张敏".into();
        let e = ops::yearend::close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap_err();
        assert!(e.message().contains(&undo[0]), "{e}");
        let e =
            ops::vouchers::review(&Ctx { user: "刘洋".into(), store: ctx.store.handle(), org: ctx.org.clone() }, &undo)
                .await
                .unwrap_err();
        assert!(e.message().contains("另一人"), "the reopener does not review: {e}");
        ops::vouchers::review(&ctx, &undo).await.unwrap();
        ops::vouchers::post(&ctx, &undo).await.unwrap();
        assert!(!ctx.books().year_closed(2025).await.unwrap() && !ctx.books().is_closed(Period(202512)).await.unwrap());
        let after = gonghui::report::trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
        let net = |ls: &[gonghui::report::trial_balance::TbLine], code: &str| {
            ls.iter().find(|l| l.code == code).map(|l| l.closing).unwrap_or_default()
        };
        assert_eq!(net(&tb, "401"), net(&after, "401"), "{}: income as before closing", db.engine);
        let interest = add(
            &ctx,
            voucher(
                "2025-12-21",
                "第四季度利息",
                vec![Line::debit("102", yuan(12), ""), Line::credit("408", yuan(12), "")],
            ),
        )
        .await;
        review_post(&mut ctx, std::slice::from_ref(&interest)).await;
        close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap();
        assert!(ctx.books().verify().await.unwrap().ok());
        // Corrected in 2026 through 32201: refused without it, listed in the 2026 notes with it.
        let wrong = voucher(
            "2026-02-01",
            "更正2025年多记的支出",
            vec![Line::debit("102", yuan(100), ""), Line::credit("50102", yuan(100), "A01")],
        );
        assert!(ops::drafts::adjust_prior_year(&ctx, wrong).await.unwrap_err().message().contains("32201"));
        let right = voucher(
            "2026-02-01",
            "更正2025年多记的支出",
            vec![Line::debit("102", yuan(100), ""), Line::credit("32201", yuan(100), "")],
        );
        let adj = ops::drafts::adjust_prior_year(&ctx, right).await.unwrap();
        review_post(&mut ctx, std::slice::from_ref(&adj.no)).await;
        let year = Span::year(2026);
        let req = gonghui::report::Request { span: year, account: None, by: None, chair: None };
        let r = gonghui::report::build(&ctx, "income-expense", &req).await.unwrap();
        let notes: Vec<String> = r
            .sections
            .iter()
            .filter_map(|s| match s {
                gonghui::report::Section::Text { paragraphs, .. } => Some(paragraphs.join("")),
                _ => None,
            })
            .collect();
        assert!(notes.iter().any(|n| n.contains("以前年度调整") && n.contains(&adj.no)), "{notes:?}");
    }
}

#[tokio::test]
async fn books_that_cannot_exist_are_found_and_the_year_does_not_close_on_them() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // Paid before the money came in: the bank is below zero from 8 March to 20 March.
        let nos = vec![
            add(&ctx, spend("2025-03-08", "50102", yuan(1_200), "A01")).await,
            add(&ctx, dues("2025-03-20", 5_000)).await,
        ];
        review_post(&mut ctx, &nos).await;
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "a warning, not a failure");
        assert!(
            v.warnings.iter().any(|w| w.contains("银行存款（102）2025-03-08 日终余额为 -1,200.00")),
            "{}: {:?}",
            db.engine,
            v.warnings
        );
        let kept = ctx
            .books()
            .check(Span::year(2025), &gonghui::audit::pack::select("anhui", date("2025-01-01")).unwrap())
            .await
            .unwrap();
        let neg: Vec<_> = kept.iter().filter(|f| f.rule == "negative_balance").collect();
        assert_eq!(neg.len(), 1, "{kept:?}");
        assert_eq!(neg[0].severity, gonghui::audit::Severity::High);
        // A year ending with the bank negative is refused, unless accepted with a reason.
        let out = add(&ctx, spend("2025-11-08", "50102", yuan(9_000), "A01")).await;
        review_post(&mut ctx, std::slice::from_ref(&out)).await;
        let before = ctx.store.content_dump().await.unwrap();
        let e = close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap_err();
        assert!(e.message().contains("银行存款（102）年末余额 -5,200.00") && e.message().contains("--accept"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}", db.engine);
        let accept = ops::yearend::Acceptance {
            risk: "negative".into(),
            reason: "经委员会研究，次年初由行政补足".into(),
        };
        let done = close_year(&ctx, 2025, &BTreeSet::new(), Some(&accept)).await.unwrap();
        assert!(done.accepted.is_some());
        // Months with bank movements and no statement: warned and recorded.
        assert!(done.warnings.iter().any(|w| w.contains("2025年3月 102 有银行收付但未对账")), "{:?}", done.warnings);
        assert!(!ctx.books().events(Some("close_year_warning")).await.unwrap().is_empty());
        assert_eq!(ctx.books().events(Some("close_year_accept")).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn strict_year_close_refuses_unreconciled_months() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let nos = vec![add(&ctx, dues("2025-03-02", 5_000)).await];
        review_post(&mut ctx, &nos).await;
        ops::setup::set_setting(&ctx, "year_close", "strict", "委员会决定").await.unwrap();
        let e = close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap_err();
        assert!(e.message().contains("严格模式") && e.message().contains("2025年3月"), "{}: {e}", db.engine);
        // The month's paper statement entered: the month reconciles and the year closes.
        ops::matching::statement(&ctx, "102", Period(202503), yuan(5_000)).await.unwrap();
        let r = ctx.books().reconciliation("102", Period(202503)).await.unwrap();
        assert!(r.balances(), "{}: {r:?}", db.engine);
        close_year(&ctx, 2025, &BTreeSet::new(), None).await.unwrap();
    }
}

#[tokio::test]
async fn statement_lines_and_vouchers_are_matched_set_aside_and_undone() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        let rules = ops::bank::rules(None).unwrap();
        // A voucher typed before the statement came: the import matches it.
        let typed = add(&ctx, spend("2025-03-08", "50102", yuan(1_080), "A01")).await;
        let text = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
                    2025-03-01,CNY,5000.00,5000.00,会员缴费,,\n\
                    2025-03-09,CNY,-1080.00,3920.00,花店,,\n\
                    2025-03-15,CNY,-300.00,3620.00,购物,某商店,\n\
                    2025-03-16,CNY,-200.00,3420.00,购物,某商店,\n\
                    2025-03-20,CNY,-50.00,3420.00,交易关闭,,\n";
        let s = ops::bank::import(&ctx, &write(dir.path(), "s.csv", text), "auto", None, "102", false, &rules, None)
            .await
            .unwrap();
        assert_eq!((s.imported, s.matched), (5, 1), "{}: the hand-typed voucher is matched", db.engine);
        let pending = ctx.books().pending_lines(None).await.unwrap();
        let seq = |amount: i64| pending.iter().find(|l| l.amount == yuan(amount)).unwrap().seq;
        // Typed after its line came in: matched as it is saved.
        let dues_v = ops::vouchers::add(
            &ctx,
            voucher(
                "2025-03-01",
                "收到会费",
                vec![Line::debit("102", yuan(5_000), ""), Line::credit("401", yuan(5_000), "")],
            ),
            false,
        )
        .await
        .unwrap();
        assert_eq!(dues_v.matched, vec![seq(5_000)], "{}", db.engine);
        // Two lines to one voucher, the sums checked.
        let shop = add(&ctx, spend("2025-03-16", "50102", yuan(500), "A01")).await;
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::matching::match_lines(&ctx, &[seq(-300)], std::slice::from_ref(&shop)).await.unwrap_err();
        assert!(e.message().contains("金额不符"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
        ops::matching::match_lines(&ctx, &[seq(-300), seq(-200)], std::slice::from_ref(&shop)).await.unwrap();
        // A closed trade set aside with its reason; without one, refused.
        assert!(ops::matching::ignore(&ctx, seq(-50), "").await.is_err());
        ops::matching::ignore(&ctx, seq(-50), "交易关闭，款项未发生").await.unwrap();
        assert!(ctx.books().pending_lines(None).await.unwrap().is_empty(), "{}", db.engine);
        ops::matching::unignore(&ctx, seq(-50), "").await.unwrap();
        assert_eq!(ctx.books().pending_lines(None).await.unwrap().len(), 1);
        ops::matching::ignore(&ctx, seq(-50), "交易关闭").await.unwrap();
        // March reconciles once the vouchers are posted.
        review_post(&mut ctx, &[typed.clone(), dues_v.no.clone(), shop.clone()]).await;
        let r = ctx.books().reconciliation("102", Period(202503)).await.unwrap();
        assert!(r.balances(), "{}: {r:?}", db.engine);
        // Undo: refused while a line is booked, allowed for an import of lines not booked.
        let id = s.import_id.unwrap();
        let e = ops::matching::undo_import(&ctx, id, "导错了").await.unwrap_err();
        assert!(e.message().contains("已对应凭证"), "{e}");
        let other =
            "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2025-04-02,CNY,-20.00,3400.00,年费,,\n";
        let s2 = ops::bank::import(&ctx, &write(dir.path(), "s2.csv", other), "auto", None, "102", false, &[], None)
            .await
            .unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        assert!(ops::matching::undo_import(&ctx, s2.import_id.unwrap(), "").await.is_err());
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
        assert_eq!(ops::matching::undo_import(&ctx, s2.import_id.unwrap(), "误导入信用卡流水").await.unwrap(), 1);
        let kinds: Vec<String> = ctx.books().events(None).await.unwrap().into_iter().map(|e| e.kind).collect();
        for k in ["bank_match", "bank_ignore", "bank_unignore", "bank_undo_import"] {
            assert!(kinds.iter().any(|x| x == k), "{k} recorded");
        }
    }
}

#[tokio::test]
async fn a_month_without_its_statement_never_agrees_and_the_audit_keeps_each_month() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let nos = vec![
            add(&ctx, dues("2025-03-02", 5_000)).await,
            add(&ctx, dues("2025-04-02", 5_000)).await,
            add(&ctx, dues("2025-05-02", 5_000)).await,
        ];
        review_post(&mut ctx, &nos).await;
        let req = gonghui::report::Request { span: Span::month(Period(202504)), account: None, by: None, chair: None };
        let r = gonghui::report::build(&ctx, "reconciliation", &req).await.unwrap();
        assert!(r.notes.iter().any(|n| n.contains("未取得该月银行对账单，不能确认账实相符")), "{:?}", r.notes);
        assert!(!r.notes.iter().any(|n| n.contains("账实相符。")), "{:?}", r.notes);
        // Three months unreconciled: three findings with three keys, kept twice without a clash.
        for _ in 0..2 {
            let (_, kept) = ops::audit::run(&ctx, Span::year(2025), None).await.unwrap();
            let months: Vec<_> = kept.iter().filter(|k| k.finding.rule == "bank_unreconciled").collect();
            assert_eq!(months.len(), 3, "{}: {kept:?}", db.engine);
            let keys: BTreeSet<&str> = months.iter().map(|k| k.key.as_str()).collect();
            assert_eq!(keys.len(), 3);
        }
    }
}

#[tokio::test]
async fn the_todo_list_says_what_waits_and_how() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        add(&ctx, spend("2025-03-08", "50102", yuan(100), "A01")).await;
        let todo = ctx.books().todo().await.unwrap();
        let text: Vec<String> = todo.iter().map(|t| format!("{} → {}", t.what, t.command)).collect();
        assert!(
            text[0].contains("待审核的草稿凭证 1 张") && text[0].contains("voucher review --month 2025-03"),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("尚未结账的月份") && t.contains("close --month 2026-12")), "{text:?}");
        assert!(
            text.iter().any(|t| t.contains("2025 年尚未年终结账") && t.contains("close --year 2025")),
            "{}: {text:?}",
            db.engine
        );
    }
}
