//! Budgets on both engines: execution rates, the two views agreeing, adjustments, control at
//! posting (warn records, strict refuses and leaves the books unchanged), bad files refused whole.

mod common;

use common::*;
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::Line;
use gonghui::ops::budget::{self as ops_budget, Adjustment};
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Cell, Report, Request};
use gonghui::store::PostTarget;
use std::path::{Path, PathBuf};

fn file(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("科目编码,活动编码,金额,说明\n{body}")).unwrap();
    p
}

const BUDGET: &str =
    "401,,60000,会费\n402,,240000,拨缴\n50102,A01,10000,三八节\n50405,A02,3000,送温暖\n50501,,7000,培训\n";

async fn with_budget(url: &str, dir: &Path) -> Ctx {
    let ctx = setup(url).await;
    ops_budget::import(&ctx, &file(dir, "b.csv", BUDGET), None, 2025, None).await.unwrap();
    ctx
}

fn cell(r: &Report, table: usize, code: &str, col: &str) -> String {
    let t = r.tables().nth(table).unwrap();
    let i = t.columns.iter().position(|c| c.name == col).unwrap();
    let row = t.rows.iter().find(|row| row.cells[0] == Cell::text(code)).unwrap_or_else(|| panic!("row {code}"));
    gonghui::render::plain(&row.cells[i])
}

async fn build(ctx: &Ctx, by: &str) -> Report {
    report::build(ctx, "budget", &Request { span: Span::year(2025), account: None, by: Some(by.into()), chair: None })
        .await
        .unwrap()
}

#[tokio::test]
async fn rates_views_and_adjustments() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = with_budget(&db.url, dir.path()).await;
        // `budget show` totals income and spending apart (300,000 and 20,000), never together.
        let shown = gonghui::report::listings::budget_lines("测试", &ctx.books().budget(2025).await.unwrap());
        let t = shown.tables().next().unwrap();
        let totals: Vec<(String, String)> = t.rows[t.rows.len() - 2..]
            .iter()
            .map(|r| (gonghui::render::plain(&r.cells[0]), gonghui::render::plain(&r.cells[2])))
            .collect();
        assert_eq!(
            totals,
            [("收入合计".to_string(), "300000.00".to_string()), ("支出合计".to_string(), "20000.00".to_string())]
        );
        let adj = Adjustment {
            approved_on: Some("2025-07-01".into()),
            doc_no: "工〔2025〕3号".into(),
            reason: "增加活动".into(),
        };
        let (v, n) = ops_budget::import(
            &ctx,
            &file(dir.path(), "adj.csv", "50102,A01,2000,增加\n50501,,-1000,压缩\n"),
            None,
            2025,
            Some(adj),
        )
        .await
        .unwrap();
        assert_eq!((v, n), (1, 2));
        post_all(
            &mut ctx,
            &[
                spend("2025-03-08", "50102", yuan(11_111), "A01"),
                spend("2025-04-01", "50405", yuan(3_500), "A02"),
                spend("2025-05-01", "50501", yuan(5_000), ""),
                spend("2025-06-01", "50105", yuan(700), ""),
            ],
        )
        .await;
        let by_account = build(&ctx, "account").await;
        assert_eq!(cell(&by_account, 1, "50102", "年初预算"), "10000.00", "{}", db.engine);
        assert_eq!(cell(&by_account, 1, "50102", "调整数"), "2000.00");
        assert_eq!(cell(&by_account, 1, "50102", "调整后预算"), "12000.00");
        assert_eq!(cell(&by_account, 1, "50102", "执行率"), "92.59%", "11,111 / 12,000");
        assert_eq!(cell(&by_account, 1, "50501", "执行率"), "83.33%", "5,000 / 6,000");
        assert_eq!(cell(&by_account, 1, "50405", "说明"), "超预算");
        assert_eq!(
            cell(&by_account, 1, "50105", "说明"),
            "无预算支出",
            "no line on 50105, on 501 itself or below 50105"
        );
        assert_eq!(cell(&by_account, 1, "501", "说明"), "", "501 as a whole is within its budget");
        let by_activity = build(&ctx, "activity").await;
        assert_eq!(cell(&by_activity, 0, "A01", "执行率"), "92.59%");
        assert_eq!(cell(&by_activity, 0, "A02", "说明"), "超预算");
        // The two views agree on the spending totals.
        for col in ["年初预算", "调整数", "调整后预算", "实际", "差异"] {
            assert_eq!(cell(&by_account, 1, "合计", col), cell(&by_activity, 0, "合计", col), "{col}");
        }
        assert_eq!(cell(&by_account, 1, "合计", "实际"), "20311.00");
        let text = String::from_utf8(gonghui::render::table::render(&by_account, None)).unwrap();
        assert!(text.contains("第 1 次预算调整：2025-07-01 批准，文号 工〔2025〕3号"), "{text}");
        assert!(text.contains("符合量入为出"), "{text}");
    }
}

#[tokio::test]
async fn warn_mode_posts_and_records_strict_mode_refuses_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = with_budget(&db.url, dir.path()).await;
        // Warn (default): over budget and unbudgeted spending post, and the events are kept.
        post_all(
            &mut ctx,
            &[spend("2025-03-01", "50102", yuan(10_500), "A01"), spend("2025-03-02", "50304", yuan(100), "")],
        )
        .await;
        let events = ctx.store.events(&ctx.org, None).await.unwrap();
        assert!(events.iter().any(|e| e.kind == "budget_over" && e.detail.contains("活动 A01")), "{events:?}");
        assert!(events.iter().any(|e| e.kind == "budget_none" && e.detail.contains("科目 50304")), "{events:?}");
        // Strict: refused, the books unchanged, the refusal recorded.
        ops::setup::set_setting(&ctx, ops_budget::BUDGET_CONTROL, "strict", "委员会决定").await.unwrap();
        let ids =
            ops::vouchers::add_batch(&ctx, &[spend("2025-04-01", "50405", yuan(3_001), "A02")], PostTarget::Draft)
                .await
                .unwrap();
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, &[ids[0].1.clone()]).await.unwrap();
        ctx.user = "张敏".into();
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::vouchers::post(&ctx, &[ids[0].1.clone()]).await.unwrap_err();
        assert!(
            e.message().contains("严格模式") && e.message().contains(&ids[0].1) && e.message().contains("3,001.00"),
            "{e}"
        );
        let after = ctx.store.content_dump().await.unwrap();
        let books = |d: &str| {
            d.split("## ")
                .filter(|s| !s.starts_with("events") && !s.starts_with("orgs") && !s.starts_with("state_log"))
                .collect::<Vec<_>>()
                .join("## ")
        };
        assert_eq!(books(&before), books(&after), "{}: books unchanged", db.engine);
        let events = ctx.store.events(&ctx.org, Some("budget_refused")).await.unwrap();
        // 50405, its parent 504 and activity A02 are each over.
        assert_eq!(events.len(), 3, "{events:?}");
        assert!(events.iter().all(|e| e.subject == ids[0].1));
        // Within budget still posts in strict mode.
        post_all(&mut ctx, &[spend("2025-04-02", "50405", yuan(2_999), "A02")]).await;
        // A voucher with a line on an activity that has no budget is refused too.
        let v =
            voucher("2025-04-03", "x", vec![Line::debit("50405", yuan(1), "A99"), Line::credit("102", yuan(1), "")]);
        assert!(ops::vouchers::add(&ctx, v, false).await.is_err(), "unknown activity is a validation error first");
    }
}

#[tokio::test]
async fn bad_budget_files_are_refused_whole_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let cases = [
            ("a.csv", "401,,100,x\n1002,,100,x\n", "a.csv 第 3 行", "1002"),
            ("b.csv", "50102,A77,100,x\n", "b.csv 第 2 行", "A77"),
            ("c.csv", "401,,abc,x\n", "c.csv 第 2 行", "不是金额"),
            ("d.csv", "401,,1.234,x\n", "d.csv 第 2 行", "两位小数"),
            ("e.csv", "401,,100,x\n401,,200,y\n", "e.csv 第 3 行", "重复"),
            ("f.csv", "102,,100,x\n", "f.csv 第 2 行", "不是收入或支出"),
            ("g.csv", "501,A01,100,x\n50102,A01,100,y\n", "g.csv 第 3 行", "上下级"),
            ("h.csv", "401,,-5,x\n", "h.csv 第 2 行", "不能为负"),
        ];
        for (name, body, at, why) in cases {
            let e = ops_budget::import(&ctx, &file(dir.path(), name, body), None, 2025, None).await.unwrap_err();
            assert!(e.message().contains(at) && e.message().contains(why), "{name}: {e}");
        }
        let no_date = Adjustment { approved_on: None, doc_no: "x".into(), reason: "y".into() };
        let e = ops_budget::import(&ctx, &file(dir.path(), "adj.csv", "401,,5,x\n"), None, 2025, Some(no_date))
            .await
            .unwrap_err();
        assert!(e.message().contains("批准日期"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing imported", db.engine);
        // An adjustment before any original budget is refused; a second original replaces the
        // first until an adjustment (or the committee's approval) fixes it.
        let adj = Adjustment { approved_on: Some("2025-07-01".into()), doc_no: String::new(), reason: "y".into() };
        let e = ops_budget::import(&ctx, &file(dir.path(), "adj.csv", "401,,5,x\n"), None, 2025, Some(adj))
            .await
            .unwrap_err();
        assert!(e.message().contains("还没有年初预算"), "{e}");
        ops_budget::import(&ctx, &file(dir.path(), "ok.csv", "401,,5,x\n"), None, 2025, None).await.unwrap();
        ops_budget::import(&ctx, &file(dir.path(), "ok.csv", "401,,7,x\n"), None, 2025, None).await.unwrap();
        let b = ctx.books().budget(2025).await.unwrap();
        assert_eq!(
            (b.versions.len(), b.versions[0].lines[0].amount),
            (1, gonghui::money::Amount(700)),
            "{}",
            db.engine
        );
        let adj =
            Adjustment { approved_on: Some("2025-07-01".into()), doc_no: "纪要1号".into(), reason: "y".into() };
        ops_budget::import(&ctx, &file(dir.path(), "adj.csv", "401,,1,x\n"), None, 2025, Some(adj)).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let e =
            ops_budget::import(&ctx, &file(dir.path(), "ok.csv", "401,,5,x\n"), None, 2025, None).await.unwrap_err();
        assert!(e.message().contains("已经有调整"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: refused whole", db.engine);
    }
}

#[tokio::test]
async fn draft_and_balanced_budget_check() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        post_all(
            &mut ctx,
            &[
                voucher(
                    "2025-02-01",
                    "会费",
                    vec![Line::debit("102", yuan(50_000), ""), Line::credit("401", yuan(50_000), "")],
                ),
                spend("2025-03-08", "50102", yuan(9_000), "A01"),
            ],
        )
        .await;
        let csv = ops_budget::draft(&ctx, 2026).await.unwrap();
        assert!(csv.contains("401,,50000.00,2025年实际") && csv.contains("50102,A01,9000.00"), "{csv}");
        // Once 2025 is closed (when next year's budget is drafted), the draft still reads its
        // income and spending, not the closing entries that net them to zero.
        close_year(&ctx, 2025, &std::collections::BTreeSet::new(), None).await.unwrap();
        assert_eq!(ops_budget::draft(&ctx, 2026).await.unwrap(), csv, "{}", db.engine);
        // A deficit budget: spending above income and the 41,000 carried over from 2025.
        ops_budget::import(&ctx, &file(dir.path(), "d.csv", "401,,1000,x\n50102,A01,50000,y\n"), None, 2026, None)
            .await
            .unwrap();
        let r =
            report::build(&ctx, "budget", &Request { span: Span::year(2026), account: None, by: None, chair: None })
                .await
                .unwrap();
        let text = String::from_utf8(gonghui::render::table::render(&r, None)).unwrap();
        assert!(text.contains("不符合量入为出"), "{}: {text}", db.engine);
    }
}
