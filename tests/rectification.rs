//! The 整改台账 (issue 22, point 6), on both engines: a committee member who did not handle the
//! vouchers names who puts an accepted finding right and by when; refusals leave the books as
//! they were; the 台账 prints; an item still being put right past its deadline is a finding of
//! the next year's audit and goes when it is put right; the annual review and the departure
//! report cite it. And the command line: the 台账 as CSV, XLSX and PDF, a bad date refused.

mod common;

use common::*;
use gonghui::audit::Kept;
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::Line;
use gonghui::ops::audit::Rectify;
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Cell, Report, Request, Section};

/// A year with 教师节 gifts (not a statutory festival) paid from the bank: the audit of 2025
/// keeps them as a finding.
async fn year(ctx: &mut Ctx) -> Kept {
    post_all(
        ctx,
        &[
            voucher(
                "2025-01-05",
                "收到行政补助",
                vec![Line::debit("102", yuan(20_000), ""), Line::credit("405", yuan(20_000), "")],
            ),
            voucher(
                "2025-09-08",
                "教师节慰问品",
                vec![Line::debit("50105", yuan(6_000), ""), Line::credit("102", yuan(6_000), "")],
            ),
        ],
    )
    .await;
    let (_, kept) = ops::audit::run(ctx, Span::year(2025), Some("anhui-2025")).await.unwrap();
    kept.into_iter().find(|k| k.finding.rule == "festival_other").expect("the 教师节 gifts are a finding")
}

fn as_user(ctx: &Ctx, user: &str) -> Ctx {
    Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: user.into() }
}

async fn build(ctx: &Ctx, name: &str, span: Span) -> Report {
    let chair = (name == "departure").then(|| "王建国".to_string());
    report::build(ctx, name, &Request { span, account: None, by: None, chair }).await.unwrap()
}

fn all_text(r: &Report) -> String {
    let mut out = r.notes.join("\n");
    for s in &r.sections {
        match s {
            Section::Text { paragraphs, .. } => out.push_str(&paragraphs.join("\n")),
            Section::Table(t) => {
                for row in &t.rows {
                    for c in &row.cells {
                        if let Cell::Text(x) = c {
                            out.push_str(x);
                            out.push('\t');
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn plan(responsible: Option<&str>, deadline: Option<&str>) -> Rectify {
    Rectify {
        responsible: responsible.map(str::to_string),
        deadline: deadline.map(date),
        note: "与行政协商由行政经费负担后调账".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_accepted_finding_gets_a_person_a_deadline_and_a_status_and_an_overdue_one_is_found_next_year() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let k = year(&mut ctx).await;
        let y2025 = Span::year(2025);
        let judge = as_user(&ctx, "陈静");
        let refused = |what: &str, r: gonghui::error::Result<_>, says: &str| {
            let e = r.err().unwrap_or_else(|| panic!("{} {what}: must be refused", db.engine));
            assert!(e.message().contains(says), "{} {what}: {}", db.engine, e.message());
        };
        let before = ctx.store.content_dump().await.unwrap();
        // Not yet accepted as a problem: not on the 台账.
        refused(
            "not accepted",
            ops::audit::rectify(&judge, y2025, &k.key, plan(Some("王建国"), Some("2026-03-31"))).await,
            "尚未认定为问题（现为：未处理）",
        );
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: nothing written", db.engine);
        ops::audit::dispose(&judge, y2025, &k.key, "认定", "教师节不是法定节日", "").await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        // The treasurer prepared the voucher: she does not judge it.
        refused(
            "by the preparer",
            ops::audit::rectify(&ctx, y2025, &k.key, plan(Some("王建国"), Some("2026-03-31"))).await,
            "不能由本人处理",
        );
        refused(
            "no person",
            ops::audit::rectify(&judge, y2025, &k.key, plan(None, Some("2026-03-31"))).await,
            "--responsible",
        );
        refused(
            "no deadline",
            ops::audit::rectify(&judge, y2025, &k.key, plan(Some("王建国"), None)).await,
            "--deadline",
        );
        refused(
            "unknown status",
            ops::audit::rectify(
                &judge,
                y2025,
                &k.key,
                Rectify { status: Some("差不多".into()), ..plan(Some("王建国"), Some("2026-03-31")) },
            )
            .await,
            "整改状态“差不多”不认识",
        );
        refused(
            "no finding",
            ops::audit::rectify(&judge, y2025, "nothing", plan(Some("王建国"), Some("2026-03-31"))).await,
            "没有编号为 nothing",
        );
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refusals write nothing", db.engine);

        let rec = ops::audit::rectify(&judge, y2025, &k.key, plan(Some("王建国（工会主席）"), Some("2026-03-31")))
            .await
            .unwrap();
        assert_eq!((rec.by.as_str(), rec.status.label()), ("陈静", "整改中"));
        // Put right and impossible need their evidence and their reason; a voucher named as
        // evidence must exist.
        let before = ctx.store.content_dump().await.unwrap();
        let done =
            |evidence: &str| Rectify {
                status: Some("已整改".into()), evidence: evidence.into(), ..Default::default()
            };
        refused("done without evidence", ops::audit::rectify(&judge, y2025, &k.key, done("")).await, "--evidence");
        refused(
            "done on no voucher",
            ops::audit::rectify(&judge, y2025, &k.key, done("记-202603-0009")).await,
            "记-202603-0009 不存在",
        );
        refused(
            "done on no voucher number",
            ops::audit::rectify(&judge, y2025, &k.key, done("记-202699-0001")).await,
            "凭证号“记-202699-0001”无法识别",
        );
        refused(
            "impossible without reason",
            ops::audit::rectify(
                &judge,
                y2025,
                &k.key,
                Rectify { status: Some("无法整改".into()), ..Default::default() },
            )
            .await,
            "无法整改的原因",
        );
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refusals write nothing", db.engine);

        // The 台账 on 15 January 2027: overdue since 31 March 2026.
        let t = build(&ctx, "rectification", y2025).await;
        let row = &t.tables().next().unwrap().rows[0];
        let cells: Vec<String> =
            row.cells.iter().map(|c| if let Cell::Text(x) = c { x.clone() } else { String::new() }).collect();
        assert_eq!(cells[0], k.key);
        assert_eq!(&cells[5..8], ["王建国（工会主席）", "2026-03-31", "逾期 290 天"], "{}", db.engine);
        assert!(
            t.notes[0].contains("截至 2027-01-15，认定为问题 1 个：已整改 0 个，整改中 1 个（其中逾期 1 个）"),
            "{:?}",
            t.notes
        );

        // The next year's audit names it, with who answers for it; the review of 2026 cites the
        // 2025 台账.
        let found =
            ctx.books().check(Span::year(2026), &ctx.books().pack(Span::year(2026)).await.unwrap()).await.unwrap();
        let f = found
            .iter()
            .find(|f| f.rule == "rectification_overdue")
            .unwrap_or_else(|| panic!("{}: {found:?}", db.engine));
        assert!(
            f.message.contains("整改责任人 王建国（工会主席），整改期限 2026-03-31；至 2026-12-31 逾期 275 天"),
            "{}",
            f.message
        );
        assert_eq!(f.amount, yuan(6_000));
        assert!(f.doc.contains("整改台账"), "{}", f.doc);
        assert!(
            !ctx.books()
                .check(y2025, &ctx.books().pack(y2025).await.unwrap())
                .await
                .unwrap()
                .iter()
                .any(|f| f.rule == "rectification_overdue"),
            "the year's own findings are not overdue in its own audit"
        );
        let review = all_text(&build(&ctx, "audit-review", Span::year(2026)).await);
        assert!(
            review.contains(
                "据 2025 年度整改台账（截至 2027-01-15），认定为问题 1 个：已整改 0 个，整改中 1 个（其中逾期 1 个）"
            ),
            "{review}"
        );
        assert!(review.contains("责任人 王建国（工会主席），期限 2026-03-31，已逾期 290 天"), "{review}");

        // Put right, on the administration's document: the fields not given are the last
        // record's; the disposition says 已整改 too, and the overdue finding is gone.
        let rec = ops::audit::rectify(&judge, y2025, &k.key, done("校办发〔2026〕5号")).await.unwrap();
        assert_eq!((rec.responsible.as_str(), rec.deadline), ("王建国（工会主席）", date("2026-03-31")));
        let items = ctx.books().rectification(y2025).await.unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].records, 2, "the earlier record is kept");
        let d = items[0].kept.disposition.as_ref().unwrap();
        assert_eq!((d.outcome.as_str(), d.evidence.as_str()), ("rectified", "校办发〔2026〕5号"));
        let found =
            ctx.books().check(Span::year(2026), &ctx.books().pack(Span::year(2026)).await.unwrap()).await.unwrap();
        assert!(!found.iter().any(|f| f.rule == "rectification_overdue"), "{}: {found:?}", db.engine);
        let review = all_text(&build(&ctx, "audit-review", y2025).await);
        assert!(review.contains("据整改台账（截至 2027-01-15），认定为问题 1 个：已整改 1 个。"), "{review}");
        let departure = all_text(&build(&ctx, "departure", y2025).await);
        assert!(
            departure.contains("据2025年度整改台账（截至 2027-01-15），认定为问题 1 个：已整改 1 个。"),
            "{departure}"
        );
        // Each record is in the signed, append-only record.
        let events = ctx.store.events(&ctx.org, Some(gonghui::audit::rectification::EVENT)).await.unwrap();
        assert_eq!(events.len(), 2);
        assert!(ctx.books().verify().await.unwrap().ok());
    }
}

#[test]
fn the_command_line_records_and_prints_the_ledger() {
    use common::cli::{books_dump, fails, ok};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::cli::init(d);
    common::cli::add(d, "2025-01-05", "收到行政补助", "102=20000.00", "405=20000.00");
    common::cli::add(d, "2025-09-08", "教师节慰问品", "50105=6000.00", "102=6000.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    let json = ok(d, &["--user", "陈静", "audit", "--year", "2025", "--rules", "anhui-2025", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let key = list.as_array().unwrap().iter().find(|f| f["rule"] == "festival_other").unwrap()["key"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        d,
        &[
            "--user",
            "陈静",
            "audit",
            "--year",
            "2025",
            "--dispose",
            &key,
            "--as",
            "认定",
            "--note",
            "教师节不是法定节日",
        ],
    );
    let db = d.join("gonghui.db");
    let before = books_dump(&db);
    let run = |extra: &[&str], expect_ok: bool| {
        let mut args = vec!["--user", "陈静", "audit", "rectification", "--year", "2025", "--finding", &key];
        args.extend_from_slice(extra);
        if expect_ok {
            ok(d, &args)
        } else {
            fails(d, &args)
        }
    };
    let e = run(&["--responsible", "王建国", "--deadline", "2026-13-01"], false);
    assert!(e.contains("日期“2026-13-01”无法识别，应写成 2025-03-08"), "{e}");
    let e = run(&["--deadline", "2026-03-31"], false);
    assert!(e.contains("请写明整改责任人（命令行用 --responsible）"), "{e}");
    assert_eq!(books_dump(&db), before, "nothing written");
    let said = run(&["--responsible", "王建国", "--deadline", "2026-03-31", "--note", "改由行政负担"], true);
    assert!(
        said.contains(&format!("已登记审计发现 {key} 的整改：责任人 王建国，期限 2026-03-31，整改中（登记人 陈静）")),
        "{said}"
    );
    let csv = ok(d, &["audit", "rectification", "--year", "2025", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let row = rows.records().map(Result::unwrap).find(|r| &r[0] == key.as_str()).expect("the finding's row");
    assert_eq!(
        row.iter().skip(5).take(4).collect::<Vec<_>>(),
        ["王建国", "2026-03-31", "逾期 290 天", "改由行政负担"],
        "{csv}"
    );
    ok(d, &["audit", "rectification", "--year", "2025", "--out", "台账.xlsx"]);
    let xlsx = std::fs::read(d.join("台账.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX file");
    ok(d, &["report", "整改台账", "--year", "2025", "--out", "台账.pdf"]);
    let pages = pdf_pages(&std::fs::read(d.join("台账.pdf")).unwrap());
    assert!(pages[0].contains("审计发现问题整改台账") && pages[0].contains("王建国"), "{pages:?}");
}
