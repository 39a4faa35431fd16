//! The ledger on both engines: lifecycle, balances to the fen, refused inputs leave the store
//! unchanged, month locks in the code and in the database, reversal, tamper evidence, concurrent
//! numbering, several organisations in one database.

mod common;

use common::*;
use gonghui::ledger::period::{Period, Span};
use gonghui::ledger::voucher::{Line, Status};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::report::trial_balance;
use gonghui::store::{PostTarget, Store};

async fn tb_closing(ctx: &Ctx, code: &str) -> Amount {
    trial_balance::lines(ctx, Span::year(2025))
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.code == code)
        .map(|l| l.closing)
        .unwrap_or_default()
}

#[tokio::test]
async fn lifecycle_and_balances_to_the_fen() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let nos = post_all(
            &mut ctx,
            &[
                voucher(
                    "2025-03-02",
                    "收到会费",
                    vec![Line::debit("102", Amount(540_012), ""), Line::credit("401", Amount(540_012), "")],
                ),
                voucher(
                    "2025-03-10",
                    "收到拨缴经费",
                    vec![
                        Line::debit("102", yuan(40_000), ""),
                        Line::credit("402", yuan(24_000), ""),
                        Line::credit("211", yuan(16_000), ""),
                    ],
                ),
                spend("2025-03-08", "50102", Amount(120_001), "A01"),
            ],
        )
        .await;
        assert_eq!(nos, vec!["记-202503-0001", "记-202503-0002", "记-202503-0003"], "{}", db.engine);
        assert_eq!(tb_closing(&ctx, "102").await, Amount(540_012 + 4_000_000 - 120_001), "{}", db.engine);
        assert_eq!(tb_closing(&ctx, "401").await, Amount(-540_012));
        assert_eq!(tb_closing(&ctx, "501").await, Amount(120_001), "detail 50102 rolls up into 501");
        let lines = trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
        let top: Vec<_> = lines.iter().filter(|l| l.level == 0).collect();
        let d: Amount = top.iter().map(|l| l.debit).sum();
        let c: Amount = top.iter().map(|l| l.credit).sum();
        assert_eq!(d, c);
        assert_eq!(d, Amount(540_012 + 4_000_000 + 120_001));
        let v = ctx.store.voucher(&ctx.org, "记-202503-0003").await.unwrap().unwrap();
        assert_eq!(
            (v.status, v.prepared_by.as_str(), v.reviewed_by.as_deref()),
            (Status::Posted, "张敏", Some("刘洋"))
        );
        assert!(ctx.books().verify().await.unwrap().ok());
    }
}

#[tokio::test]
async fn the_preparer_cannot_review_unless_waived_and_the_waiver_is_recorded() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let ids = ops::vouchers::add_batch(&ctx, &[spend("2025-03-08", "50102", yuan(100), "")], PostTarget::Draft)
            .await
            .unwrap();
        let nos = vec![ids[0].1.clone()];
        let e = ops::vouchers::review(&ctx, &nos).await.unwrap_err();
        assert!(e.message().contains("另一人"), "{e}");
        let e = ops::vouchers::post(&ctx, &nos).await.unwrap_err();
        assert!(e.message().contains("审核"), "{e}");
        let e = ops::setup::set_setting(&ctx, ops::REVIEW_WAIVER, "on", "").await.unwrap_err();
        assert!(e.message().contains("理由"), "{e}");
        // One person alone cannot switch it on: asked for, not in force, not twice by her.
        ops::setup::set_setting(&ctx, ops::REVIEW_WAIVER, "on", "本会仅一名兼职财务，经委员会决定").await.unwrap();
        assert!(!ctx.review_waived().await.unwrap());
        let e = ops::setup::set_setting(&ctx, ops::REVIEW_WAIVER, "on", "再次").await.unwrap_err();
        assert!(e.message().contains("须由另一人确认"), "{e}");
        assert!(ops::vouchers::review(&ctx, &nos).await.is_err());
        let chair = gonghui::ops::Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: "王主席".into() };
        ops::setup::set_setting(&chair, ops::REVIEW_WAIVER, "on", "经委员会决定").await.unwrap();
        ops::vouchers::review(&ctx, &nos).await.unwrap();
        ops::vouchers::post(&ctx, &nos).await.unwrap();
        let v = ctx.store.voucher(&ctx.org, &nos[0]).await.unwrap().unwrap();
        assert!(v.review_waived);
        let events = ctx.store.events(&ctx.org, None).await.unwrap();
        assert!(events
            .iter()
            .any(|e| e.kind == "setting" && e.subject == "review_waiver=on" && e.detail.contains("委员会")));
        assert!(events.iter().any(|e| e.kind == "review_waived"));
    }
}

#[tokio::test]
async fn refused_vouchers_leave_the_store_unchanged() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        post_all(&mut ctx, &[spend("2025-01-05", "50102", yuan(10), "")]).await;
        ops::close::close_month(&ctx, Period(202501)).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let bad = [
            (
                voucher(
                    "2025-03-01",
                    "不平",
                    vec![Line::debit("50102", yuan(100), ""), Line::credit("102", yuan(99), "")],
                ),
                "借贷不平",
            ),
            (
                voucher(
                    "2025-03-01",
                    "零",
                    vec![Line::debit("50102", Amount(0), ""), Line::credit("102", Amount(0), "")],
                ),
                "金额为零",
            ),
            (
                voucher(
                    "2025-03-01",
                    "负",
                    vec![Line::debit("50102", yuan(-5), ""), Line::credit("102", yuan(-5), "")],
                ),
                "为负",
            ),
            (spend("2025-03-01", "1002", yuan(5), ""), "不存在"),
            (spend("2025-03-01", "501", yuan(5), ""), "末级科目"),
            (spend("2025-03-01", "50102", yuan(5), "A99"), "活动编码"),
            (spend("2025-01-20", "50102", yuan(5), ""), "已结账"),
        ];
        for (v, why) in &bad {
            let e = ops::vouchers::add(&ctx, v.clone(), false).await.unwrap_err();
            assert!(e.message().contains(why), "{}: expected {why}, got {e}", db.engine);
        }
        // A batch with one bad voucher is refused whole.
        let batch = vec![
            spend("2025-03-01", "50102", yuan(5), ""),
            bad[0].0.clone(),
            spend("2025-03-02", "50102", yuan(5), ""),
        ];
        let e = ops::vouchers::add_batch(&ctx, &batch, PostTarget::Draft).await.unwrap_err();
        assert!(e.message().contains("第 2 张凭证") && e.message().contains("全部未保存"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing written", db.engine);
        ctx.user = "刘洋".into();
        let _ = ctx;
    }
}

#[tokio::test]
async fn a_closed_month_is_refused_by_the_code_and_by_the_database() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let ids = ops::vouchers::add_batch(&ctx, &[spend("2025-02-03", "50102", yuan(7), "")], PostTarget::Draft)
            .await
            .unwrap();
        let e = ops::close::close_month(&ctx, Period(202502)).await.unwrap_err();
        assert!(e.message().contains("未记账") && e.message().contains(&ids[0].1), "{e}");
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, &[ids[0].1.clone()]).await.unwrap();
        ops::vouchers::post(&ctx, &[ids[0].1.clone()]).await.unwrap();
        ops::close::close_month(&ctx, Period(202502)).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        // Behind the tool's back: the database's triggers refuse too.
        for sql in [
            "UPDATE vouchers SET summary = 'x' WHERE period = 202502",
            "DELETE FROM entries WHERE period = 202502",
            "UPDATE balances SET debit = 1 WHERE period = 202502",
            "DELETE FROM closed_periods",
            "INSERT INTO entries (org_id, voucher_id, line_no, period, account, activity, debit, credit) VALUES (1, 1, 9, 202502, '102', '', 1, 0)",
        ] {
            let e = ctx.store.raw_execute_for_tests(sql).await.unwrap_err();
            assert!(e.message().contains("已结账") || e.message().contains("不能"), "{}: {sql}: {e}", db.engine);
        }
        assert_eq!(before, ctx.store.content_dump().await.unwrap());
    }
}

#[tokio::test]
async fn posted_vouchers_never_change_and_a_reversal_cancels_them() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let nos = post_all(&mut ctx, &[spend("2025-04-01", "50405", Amount(88_888), "A02")]).await;
        let e = ctx.store.raw_execute_for_tests("UPDATE vouchers SET summary = 'changed'").await.unwrap_err();
        assert!(e.message().contains("已记账凭证不能"), "{}: {e}", db.engine);
        let e = ctx.store.raw_execute_for_tests("UPDATE entries SET debit = 1").await.unwrap_err();
        assert!(e.message().contains("分录不能修改"), "{e}");
        let rev = ops::vouchers::reverse(&ctx, &nos[0], Some(date("2025-04-20"))).await.unwrap().no;
        assert_eq!(rev, "记-202504-0002");
        let e = ops::vouchers::reverse(&ctx, &nos[0], None).await.unwrap_err();
        assert!(e.message().contains("已有冲销凭证"), "{e}");
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&rev)).await.unwrap();
        ops::vouchers::post(&ctx, std::slice::from_ref(&rev)).await.unwrap();
        assert_eq!(tb_closing(&ctx, "50405").await, Amount::ZERO);
        assert_eq!(tb_closing(&ctx, "102").await, Amount::ZERO);
        let lines = trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
        // Red ink: the bank's debit and credit turnover both net to zero, so the row drops out.
        let bank = lines.iter().find(|l| l.code == "102").map(|l| (l.debit, l.credit));
        assert_eq!(bank.unwrap_or_default(), (Amount::ZERO, Amount::ZERO));
        let orig = ctx.store.voucher(&ctx.org, &nos[0]).await.unwrap().unwrap();
        assert_eq!(orig.status, Status::Reversed);
        // Asked for by status, the reversed voucher alone is 已冲销; posted vouchers include it.
        let by = |status| gonghui::books::VoucherFilter { status: Some(status), ..Default::default() };
        let numbers = |hs: Vec<gonghui::store::VoucherHeader>| hs.into_iter().map(|h| h.no).collect::<Vec<_>>();
        let b = ctx.books();
        assert_eq!(numbers(b.voucher_headers(&by(Status::Reversed)).await.unwrap()), vec![nos[0].clone()]);
        assert_eq!(numbers(b.voucher_headers(&by(Status::Posted)).await.unwrap()), vec![nos[0].clone(), rev.clone()]);
        let q = gonghui::store::VoucherQuery { status: Some(Status::Reversed), ..Default::default() };
        assert_eq!(numbers(b.voucher_page(&q, 0, 50).await.unwrap().1), vec![nos[0].clone()], "{}", db.engine);
        assert!(ctx.books().verify().await.unwrap().ok());
    }
}

#[tokio::test]
async fn verify_names_the_first_voucher_changed_behind_the_tools_back() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let vs: Vec<_> = (1..=5).map(|i| spend(&format!("2025-05-0{i}"), "50102", yuan(100 * i), "")).collect();
        let nos = post_all(&mut ctx, &vs).await;
        assert!(ctx.books().verify().await.unwrap().ok());
        let drop_guard = if db.engine == "sqlite" {
            "DROP TRIGGER entries_upd;"
        } else {
            "ALTER TABLE entries DISABLE TRIGGER USER;"
        };
        ctx.store
            .raw_execute_for_tests(&format!(
                "{drop_guard} UPDATE entries SET debit = 30001 WHERE voucher_id = 3 AND line_no = 1"
            ))
            .await
            .unwrap();
        let v = ctx.books().verify().await.unwrap();
        assert!(!v.ok());
        assert_eq!(v.first_broken.as_deref(), Some(nos[2].as_str()), "{}: {:?}", db.engine, v.problems);
        assert!(v.problems.iter().any(|p| p.contains("借贷不平")));
        assert!(v.problems.iter().any(|p| p.contains("月余额")), "{:?}", v.problems);
    }
}

#[tokio::test]
async fn concurrent_writers_get_numbers_without_gap_or_duplicate() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let org = ctx.org.clone();
        const WRITERS: usize = 8;
        const EACH: usize = 15;
        let mut handles = Vec::new();
        for w in 0..WRITERS {
            let url = db.url.clone();
            let org = org.clone();
            handles.push(tokio::spawn(async move {
                let store = Store::open(&url).await.unwrap();
                let mut ctx = Ctx { store, org, user: format!("会计{w}") };
                let mut mine = Vec::new();
                for i in 0..EACH {
                    let v = spend("2025-06-15", "50102", Amount((w * 100 + i) as i64 + 1), "");
                    let nos = post_all(&mut ctx, &[v]).await;
                    mine.extend(nos);
                }
                mine
            }));
        }
        let mut all = Vec::new();
        for h in handles {
            all.extend(h.await.unwrap());
        }
        all.sort();
        let expected: Vec<String> = (1..=(WRITERS * EACH) as i64).map(|n| Period(202506).voucher_no(n)).collect();
        assert_eq!(all, expected, "{}: numbers 1..N, no gap, no duplicate", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        assert_eq!(v.vouchers_checked, WRITERS * EACH);
    }
}

#[tokio::test]
async fn several_organisations_live_in_one_database() {
    for db in databases().await {
        let mut a = setup(&db.url).await;
        let store = Store::open(&db.url).await.unwrap();
        let org_b = ops::setup::init(&store, "hospital", "某医院工会", "", Some(2025), "王芳").await.unwrap();
        let mut b = Ctx { store, org: org_b, user: "王芳".into() };
        post_all(&mut a, &[spend("2025-03-01", "50102", yuan(100), "")]).await;
        let nos = post_all(&mut b, &[spend("2025-03-02", "50102", yuan(7), "")]).await;
        assert_eq!(nos, vec!["记-202503-0001"], "numbering is per organisation");
        assert_eq!(tb_closing(&a, "102").await, yuan(-100));
        assert_eq!(tb_closing(&b, "102").await, yuan(-7));
        let e = ops::setup::resolve_org(&b.store, None).await.unwrap_err();
        assert!(e.message().contains("--org"), "{e}");
        assert!(a.books().verify().await.unwrap().ok() && b.books().verify().await.unwrap().ok());
    }
}

#[tokio::test]
async fn detail_accounts_can_be_added_only_where_they_belong() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let a = ops::setup::add_account(&ctx, "5010501", "节日慰问").await.unwrap();
        assert_eq!(a.parent.as_deref(), Some("50105"));
        let e = spend("2025-03-01", "50105", yuan(1), "");
        let err = ops::vouchers::add(&ctx, e, false).await.unwrap_err();
        assert!(err.message().contains("5010501"), "the message suggests the leaf: {err}");
        assert!(ops::setup::add_account(&ctx, "501051", "x").await.is_err());
        assert!(ops::setup::add_account(&ctx, "601", "x").await.is_err());
        post_all(&mut ctx, &[spend("2025-03-01", "50102", yuan(1), "")]).await;
        let err = ops::setup::add_account(&ctx, "5010201", "x").await.unwrap_err();
        assert!(err.message().contains("现有余额 1.00") && err.message().contains("余额为零时增设"), "{err}");
        // What moves when 102 gets its first detail is said.
        let moving = ops::setup::defaults_moving(&ctx, "102", "10201").await.unwrap();
        assert!(moving.iter().any(|m| m.contains("改用 10201")), "{moving:?}");
    }
}

#[tokio::test]
async fn a_search_by_amount_range_finds_the_vouchers_whose_total_lies_within() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        post_all(
            &mut ctx,
            &[
                spend("2025-03-08", "50102", yuan(300), "A01"),
                spend("2025-03-09", "50405", yuan(80), "A02"),
                spend("2025-03-10", "50102", yuan(1_080), "A01"),
            ],
        )
        .await;
        let found = |min: Option<i64>, max: Option<i64>, account: Option<&str>| {
            let q = gonghui::store::VoucherQuery {
                month: Some(Period(202503)),
                min: min.map(yuan),
                max: max.map(yuan),
                account: account.map(String::from),
                ..Default::default()
            };
            let b = ctx.books();
            async move {
                let (n, hs) = b.voucher_page(&q, 0, 50).await.unwrap();
                assert_eq!(n as usize, hs.len());
                hs.into_iter().map(|h| h.total).collect::<Vec<_>>()
            }
        };
        assert_eq!(found(Some(100), Some(1_000), None).await, vec![yuan(300)], "{}", db.engine);
        assert_eq!(found(Some(300), None, None).await, vec![yuan(300), yuan(1_080)], "bounds included");
        assert_eq!(found(None, Some(300), None).await, vec![yuan(300), yuan(80)]);
        assert_eq!(found(Some(100), Some(2_000), Some("501")).await, vec![yuan(300), yuan(1_080)]);
        assert_eq!(found(Some(2_000), None, None).await, Vec::<Amount>::new());
    }
}
