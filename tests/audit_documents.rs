//! The documents a 经审会 signs and members read (issue 20), on both engines: the committee's
//! opinion is its own — entered by a member who did no work of the year, kept in versions, held
//! to its record by `verify` — and until it is entered the review and the disclosure say so and
//! are drafts; neither source marks nor members' names reach the text meant for members.

mod common;

use common::*;
use gonghui::audit::opinion::{Conclusion, NOT_GIVEN, TEMPLATE};
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::Line;
use gonghui::ops::{self, Ctx};
use gonghui::render::pdf::{render, Font};
use gonghui::report::{self, Report, Request, Section};
use std::path::{Path, PathBuf};

const MEMBERS: &str =
    "工号,姓名,部门,入会日期,状态\nE001,张三丰,语文组,2010-09-01,在职\nE002,李四海,数学组,2012-09-01,在职\nR01,赵六福,退休,1990-09-01,退休\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The template filled in as a committee member would.
fn opinion_file(conclusion: &str, opinion: &str) -> String {
    TEMPLATE
        .replace("\"结论\" = \"基本合规\"", &format!("\"结论\" = \"{conclusion}\""))
        .replace("经审查，本会本年度工会经费收支……", opinion)
        .replace("  \"……\",\n", "  \"节日慰问改发实物\",\n")
        .replace("[\"……（主任）\", \"……\"]", "[\"王芳（经审会主任）\", \"赵敏（经审委员）\"]")
        .replace("\"被审计人意见\" = \"\"", "\"被审计人意见\" = \"同意审查意见，按期整改。\"")
}

/// A year with a festival gift paid as shopping cards, one of them to a retired member: a finding
/// that names her and cites a second-hand source.
async fn year_with_a_finding(ctx: &mut Ctx, dir: &Path) {
    ops::audit::import_members(ctx, &write(dir, "members.csv", MEMBERS), None).await.unwrap();
    let nos = post_all(
        ctx,
        &[
            voucher(
                "2025-01-05",
                "收到行政补助",
                vec![Line::debit("102", yuan(10_000), ""), Line::credit("405", yuan(10_000), "")],
            ),
            spend("2025-09-20", "50105", yuan(1200), ""),
        ],
    )
    .await;
    let list = format!(
        "凭证号,工号,姓名,类型,金额,形式,签收\n{0},E001,张三丰,节日,400.00,购物卡,是\n{0},E002,李四海,节日,400.00,购物卡,是\n{0},R01,赵六福,节日,400.00,购物卡,是\n",
        nos[1]
    );
    ops::audit::import_benefits(ctx, &write(dir, "list.csv", &list), None).await.unwrap();
    let (_, kept) = ops::audit::run(ctx, Span::year(2025), Some("anhui-2025")).await.unwrap();
    assert!(kept.iter().any(|k| k.finding.rule == "benefit_form"), "the shopping cards are found");
    let f = &kept.iter().find(|k| k.finding.rule == "benefit_eligibility").expect("the retiree is found").finding;
    assert!(f.message.contains("R01 赵六福") && f.doc.contains("（二手来源）"), "{} / {}", f.message, f.doc);
}

async fn build(ctx: &Ctx, name: &str) -> Report {
    let chair = (name == "departure").then(|| "王建国".to_string());
    let req = Request { span: Span::year(2025), account: None, by: None, chair };
    report::build(ctx, name, &req).await.unwrap()
}

fn section_text(r: &Report, heading: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for s in &r.sections {
        if let Section::Text { heading: h, paragraphs } = s {
            if h.is_some() {
                inside = h.as_deref().is_some_and(|h| h.contains(heading));
            }
            if inside {
                out.push_str(&paragraphs.join("\n"));
            }
        }
    }
    out
}

/// A PDF's text with the lines joined, so that a name wrapped in a narrow cell is still found.
fn pdf_text(r: &Report) -> String {
    pdf_pages(&render(r, &Font::embedded()).unwrap()).concat().replace('\n', "")
}

#[tokio::test]
async fn the_review_and_the_disclosure_are_drafts_until_the_committee_enters_its_own_opinion() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;

        // No opinion yet: nobody's opinion is printed, and both documents are drafts.
        let review = build(&ctx, "audit-review").await;
        assert_eq!(review.title, "关于2025年度工会经费收支情况的审查报告（草稿）", "{}", db.engine);
        assert_eq!(section_text(&review, "七、审查结论"), NOT_GIVEN);
        assert!(section_text(&review, "九、意见和建议").starts_with(NOT_GIVEN));
        let disclosure = build(&ctx, "disclosure").await;
        assert!(disclosure.title.ends_with("（草稿）"), "{}", disclosure.title);
        assert!(section_text(&disclosure, "经费审查委员会审查意见").starts_with(NOT_GIVEN));
        for r in [&review, &disclosure] {
            let text = pdf_text(r);
            assert!(!text.contains("总体真实"), "{}: an opinion nobody gave", r.name);
        }

        // Refused: the treasurer (she prepared the year's vouchers), and a file with a mistake —
        // each with what and where, and nothing written.
        let before = ctx.store.content_dump().await.unwrap();
        let good = write(
            dir.path(),
            "意见.toml",
            &opinion_file("存在问题", "经审查，收支真实。\n\n节日慰问发放购物卡 800 元，须整改。"),
        );
        let e = ops::audit::enter_opinion(&ctx, 2025, &good).await.unwrap_err();
        assert!(e.message().contains("张敏 经手了 2025 年度的 2 张凭证"), "{}", e.message());
        let bad = write(dir.path(), "错.toml", &opinion_file("大体还行", "经审查，收支真实。"));
        ctx.user = "王芳".into();
        let e = ops::audit::enter_opinion(&ctx, 2025, &bad).await.unwrap_err();
        assert!(e.message().contains("错.toml 第 5 行") && e.message().contains("大体还行"), "{}", e.message());
        let e = ops::audit::enter_opinion(&ctx, 2025, &write(dir.path(), "t.toml", TEMPLATE)).await.unwrap_err();
        assert!(e.message().contains("省略号"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: a refused opinion writes nothing", db.engine);

        // A committee member who did no work of the year enters it; the documents print it.
        let first = ops::audit::enter_opinion(&ctx, 2025, &good).await.unwrap();
        assert_eq!(
            (first.version, first.draft.conclusion, first.entered_by.as_str()),
            (1, Conclusion::Problems, "王芳")
        );
        let review = build(&ctx, "audit-review").await;
        assert_eq!(review.title, "关于2025年度工会经费收支情况的审查报告");
        let conclusion = section_text(&review, "七、审查结论");
        assert!(conclusion.starts_with("审查结论：存在问题。\n经审查，收支真实。\n节日慰问发放购物卡"), "{conclusion}");
        let work = section_text(&review, "一、审查工作开展情况");
        assert!(
            work.contains("审查时间：2026年1月5日 至 2026年1月16日。审查人员：王芳（经审会主任）、赵敏（经审委员）"),
            "{work}"
        );
        assert_eq!(section_text(&review, "九、意见和建议"), "1. 节日慰问改发实物");
        assert_eq!(section_text(&review, "十、被审查单位意见"), "同意审查意见，按期整改。");
        let disclosure = build(&ctx, "disclosure").await;
        assert_eq!(disclosure.title, "工会经费收支情况公开");
        assert!(section_text(&disclosure, "审查意见").starts_with("审查结论：存在问题。"));

        // What members read: the finding without the members' names or the source's mark.
        for r in [&review, &disclosure, &build(&ctx, "departure").await] {
            let text = pdf_text(r);
            for private in ["赵六福", "R01", "二手来源", "已核实原文", "未核实"] {
                assert!(!text.contains(private), "{} {}: the PDF shows {private}", db.engine, r.name);
            }
        }
        assert!(pdf_text(&review).contains("购物卡"), "the finding itself is there");
        // The committee's own findings list keeps both, for the committee.
        let (b, year) = (ctx.books(), Span::year(2025));
        let kept = b.findings(year).await.unwrap();
        let list = pdf_text(&report::audit::findings("测试学校工会", year, &b.pack(year).await.unwrap(), &kept));
        assert!(list.contains("赵六福") && list.contains("二手来源"), "{}: {list}", db.engine);

        // A second version: the documents take it, the first is kept.
        let second = write(dir.path(), "意见2.toml", &opinion_file("基本合规", "经审查，购物卡已收回，改发实物。"));
        assert_eq!(ops::audit::enter_opinion(&ctx, 2025, &second).await.unwrap().version, 2);
        let versions = ctx.books().opinion_versions(2025).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0], first, "the first version is kept as entered");
        assert!(section_text(&build(&ctx, "audit-review").await, "七、审查结论").starts_with("审查结论：基本合规。"));
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
    }
}

#[tokio::test]
async fn an_opinion_is_never_changed_and_one_changed_behind_the_tools_back_is_caught() {
    for db in databases().await.into_iter().filter(|d| d.engine == "sqlite") {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        ctx.user = "王芳".into();
        let f = write(dir.path(), "意见.toml", &opinion_file("存在问题", "经审查，收支真实。"));
        ops::audit::enter_opinion(&ctx, 2025, &f).await.unwrap();
        ctx.store.close().await;
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.url)).await.unwrap();
        let e = sqlx::query("UPDATE audit_opinions SET conclusion = 'compliant'").execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("经审会意见不能修改"), "{e}");
        // Past the trigger, as someone with the file in hand could.
        sqlx::query("DROP TRIGGER audit_opinions_upd").execute(&pool).await.unwrap();
        sqlx::query("UPDATE audit_opinions SET conclusion = 'compliant'").execute(&pool).await.unwrap();
        pool.close().await;
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        let ctx = Ctx { store, org: ctx.org.clone(), user: "王芳".into() };
        let v = ctx.books().verify().await.unwrap();
        assert!(
            v.problems.iter().any(|p| p.contains("2025 年度经审会意见第 1 版") && p.contains("被绕过本工具改动")),
            "{:?}",
            v.problems
        );
    }
}

#[test]
fn the_command_line_gives_a_template_enters_an_opinion_and_refuses_a_bad_file_with_its_line() {
    use common::cli::{fails, ok};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    let template = ok(d, &["audit", "opinion", "--template"]);
    assert_eq!(template, TEMPLATE);
    let said = ok(d, &["audit", "opinion", "--year", "2025"]);
    assert!(said.contains("2025 年度尚未录入经审会审查意见"), "{said}");
    let before = common::cli::books_dump(&d.join("gonghui.db"));
    std::fs::write(d.join("错.toml"), opinion_file("大体还行", "经审查，收支真实。")).unwrap();
    let e = fails(d, &["--user", "王芳", "audit", "opinion", "--year", "2025", "--file", "错.toml"]);
    assert!(e.contains("错.toml 第 5 行：结论“大体还行”不认识；可写：真实合规、基本合规、存在问题、不予认可"), "{e}");
    assert_eq!(common::cli::books_dump(&d.join("gonghui.db")), before, "nothing written");
    std::fs::write(d.join("意见.toml"), opinion_file("真实合规", "经审查，收支真实、合规。")).unwrap();
    let said = ok(d, &["--user", "王芳", "audit", "opinion", "--year", "2025", "--file", "意见.toml"]);
    assert!(said.contains("已录入 2025 年度经审会审查意见第 1 版（结论：真实合规，录入人 王芳）"), "{said}");
    let shown = ok(d, &["audit", "opinion", "--year", "2025"]);
    assert!(shown.contains("结论：真实合规") && shown.contains("审查人员：王芳（经审会主任）"), "{shown}");
}

#[tokio::test]
async fn a_rectification_needs_its_evidence_and_every_disposition_is_kept() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        let year = Span::year(2025);
        let key = ctx
            .books()
            .findings(year)
            .await
            .unwrap()
            .into_iter()
            .find(|k| k.finding.rule == "benefit_eligibility")
            .unwrap()
            .key;
        // The refund, typed but not yet posted.
        let ids = ops::vouchers::add_batch(
            &ctx,
            &[voucher(
                "2025-12-29",
                "收回退休人员节日慰问款",
                vec![Line::debit("102", yuan(400), ""), Line::credit("50105", yuan(400), "")],
            )],
            gonghui::store::PostTarget::Draft,
        )
        .await
        .unwrap();
        let refund = ids[0].1.clone();
        ctx.user = "王芳".into();
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::audit::dispose(&ctx, year, &key, "已整改", "已收回", "").await.unwrap_err();
        assert!(e.message().contains("--evidence"), "{}", e.message());
        let e = ops::audit::dispose(&ctx, year, &key, "已整改", "已收回", "记-202512-0099").await.unwrap_err();
        assert!(e.message().contains("整改证据凭证 记-202512-0099 不存在"), "{}", e.message());
        let e = ops::audit::dispose(&ctx, year, &key, "已整改", "已收回", &refund).await.unwrap_err();
        assert!(e.message().contains(&format!("整改证据凭证 {refund} 尚未记账")), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refusals write nothing", db.engine);

        // Posted (reviewed by another), the refund is the evidence; written short, kept in full.
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&refund)).await.unwrap();
        ctx.user = "张敏".into();
        ops::vouchers::post(&ctx, std::slice::from_ref(&refund)).await.unwrap();
        ctx.user = "王芳".into();
        let short = refund.trim_start_matches("记-").replace("-000", "-");
        ops::audit::dispose(&ctx, year, &key, "已整改", "已收回退休人员慰问款", &short).await.unwrap();
        let kept = ctx.books().findings(year).await.unwrap();
        let d = kept.iter().find(|k| k.key == key).unwrap().disposition.clone().unwrap();
        assert_eq!((d.outcome.as_str(), d.evidence.as_str()), ("rectified", refund.as_str()));
        let review = pdf_text(&build(&ctx, "audit-review").await);
        assert!(review.contains(&format!("已整改：已收回退休人员慰问款（证据：{refund}）")), "{review}");

        // A later disposition is in force; the earlier one stays in the record.
        ops::audit::dispose(&ctx, year, &key, "已说明", "经核实为会员家属代领", "").await.unwrap();
        let history = ctx.store.disposition_history(&ctx.org, "2025", &key).await.unwrap();
        let seen: Vec<(&str, &str)> = history.iter().map(|d| (d.outcome.as_str(), d.evidence.as_str())).collect();
        assert_eq!(seen, vec![("rectified", refund.as_str()), ("explained", "")], "{}", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
    }
}

#[tokio::test]
async fn the_disclosure_speaks_in_words_and_its_activity_lines_add_up_to_the_years_spending() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        post_all(
            &mut ctx,
            &[spend("2025-03-08", "50102", yuan(300), "A01"), spend("2025-11-20", "50405", yuan(500), "A02")],
        )
        .await;
        let d = build(&ctx, "disclosure").await;
        let tables: Vec<&gonghui::report::Table> = d.tables().collect();
        // No account codes: members read the names.
        for t in &tables {
            assert!(!t.columns.iter().any(|c| c.name.contains("编码")), "{}: {:?}", db.engine, t.title);
        }
        let spending = tables.iter().find(|t| t.title.as_deref() == Some("支出")).unwrap();
        assert_eq!(spending.rows[0].cells[0], gonghui::report::Cell::text("职工活动支出"), "{:?}", spending.rows[0]);
        let total = match spending.rows.last().unwrap().cells[1] {
            gonghui::report::Cell::Amount(a) => a,
            ref c => panic!("{c:?}"),
        };
        assert_eq!(total, yuan(2000));
        // 三八节活动 300 and 送温暖 500, the 1,200 of gifts booked to no activity, and the total.
        let activities = tables.iter().find(|t| t.title.as_deref() == Some("三、主要活动和项目支出")).unwrap();
        let lines: Vec<(String, gonghui::money::Amount)> = activities
            .rows
            .iter()
            .map(|r| match (&r.cells[0], &r.cells[1]) {
                (gonghui::report::Cell::Text(n), gonghui::report::Cell::Amount(a)) => (n.clone(), *a),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            lines,
            vec![
                ("三八节活动".to_string(), yuan(300)),
                ("送温暖".to_string(), yuan(500)),
                (gonghui::report::disclosure::UNASSIGNED.to_string(), yuan(1200)),
                ("支出合计".to_string(), total),
            ],
            "{}",
            db.engine
        );
    }
}

#[tokio::test]
async fn the_departure_report_flags_every_voucher_a_finding_names_and_proposes_2019_responsibility_kinds() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        ops::audit::import_members(&ctx, &write(dir.path(), "members.csv", MEMBERS), None).await.unwrap();
        let budget = "科目编码,活动编码,金额,说明\n50105,,200000,慰问\n50102,,100000,文体活动\n";
        ops::budget::import(&ctx, &write(dir.path(), "budget.csv", budget), None, 2025, None).await.unwrap();
        let minuted = |mut v: gonghui::ledger::voucher::NewVoucher, r: &str| {
            v.decision_ref = r.into();
            v
        };
        let nos = post_all(
            &mut ctx,
            &[
                voucher(
                    "2025-01-05",
                    "收到行政补助",
                    vec![Line::debit("102", yuan(200_000), ""), Line::credit("405", yuan(200_000), "")],
                ),
                // At or over the 50,000 of the pack in force: minuted, but paid as shopping
                // cards (not compliant).
                minuted(spend("2025-09-20", "50105", yuan(60_000), ""), "委纪〔2025〕5号"),
                // Minuted and clean.
                minuted(spend("2025-09-08", "50105", yuan(55_000), ""), "委纪〔2025〕4号"),
                // Not minuted.
                spend("2025-10-15", "50102", yuan(52_000), ""),
            ],
        )
        .await;
        let list = format!(
            "凭证号,工号,姓名,类型,金额,形式,签收\n{0},E001,张三丰,节日,400.00,购物卡,是\n{0},E002,李四海,节日,400.00,购物卡,是\n{1},E001,张三丰,节日,300.00,实物,是\n",
            nos[1], nos[2]
        );
        ops::audit::import_benefits(&ctx, &write(dir.path(), "list.csv", &list), None).await.unwrap();
        let (_, kept) = ops::audit::run(&ctx, Span::year(2025), Some("anhui-2025")).await.unwrap();
        let dep = build(&ctx, "departure").await;
        let t4 = dep.tables().find(|t| t.title.as_deref().is_some_and(|t| t.starts_with("表4"))).unwrap();
        let col = |name: &str| t4.columns.iter().position(|c| c.name == name).unwrap();
        let text = |c: &gonghui::report::Cell| match c {
            gonghui::report::Cell::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        };
        let mut marks = Vec::new();
        for row in &t4.rows {
            let no = text(&row.cells[col("凭证")]);
            let mark = text(&row.cells[col("是否合规")]);
            let named = kept
                .iter()
                .any(|k| k.finding.severity != gonghui::audit::Severity::Info && k.finding.vouchers.contains(&no));
            assert_eq!(mark.starts_with("否"), named, "{}: {no} is marked {mark}", db.engine);
            marks.push((no, mark));
        }
        assert_eq!(
            marks,
            [
                (nos[1].clone(), "否：慰问发放形式违规（现金、购物卡）".to_string()),
                (nos[2].clone(), "是".to_string()),
                (nos[3].clone(), "否：未经集体研究决定".to_string()),
            ],
            "{}",
            db.engine
        );
        // The responsibility kinds of 2019 with their source; no 主管责任.
        let problems = dep.tables().find(|t| t.columns.iter().any(|c| c.name == "责任界定")).unwrap();
        let kinds: Vec<String> = problems.rows.iter().map(|r| text(r.cells.last().unwrap())).collect();
        assert!(kinds.iter().all(|k| k == "直接责任" || k == "领导责任"), "{kinds:?}");
        assert!(kinds.contains(&"直接责任".to_string()) && kinds.contains(&"领导责任".to_string()), "{kinds:?}");
        let note = dep.notes.iter().find(|n| n.starts_with("责任界定依据")).expect("the scheme's source");
        assert!(note.contains("2019") && !pdf_text(&dep).contains("主管责任"), "{note}");

        // The scheme is data: a union's own file (checked first) changes what is proposed.
        let own = include_str!("../rules/responsibility.toml")
            .replace("rules = [\"collective_decision\"", "rules = [\"benefit_form\", \"collective_decision\"");
        let bad = write(dir.path(), "坏.toml", &own.replace("\"benefit_form\"", "\"benefit_forms\""));
        let e = ops::setup::set_setting(&ctx, "responsibility", bad.to_str().unwrap(), "").await.unwrap_err();
        assert!(e.message().contains("坏.toml") && e.message().contains("benefit_forms"), "{}", e.message());
        let good = write(dir.path(), "本会.toml", &own);
        ops::setup::set_setting(&ctx, "responsibility", good.to_str().unwrap(), "本会经审会决定").await.unwrap();
        let dep = build(&ctx, "departure").await;
        let problems = dep.tables().find(|t| t.columns.iter().any(|c| c.name == "责任界定")).unwrap();
        let form = problems
            .rows
            .iter()
            .find(|r| r.cells.iter().any(|c| matches!(c, gonghui::report::Cell::Text(t) if t.contains("购物卡"))))
            .unwrap();
        assert_eq!(text(form.cells.last().unwrap()), "直接责任", "{}", db.engine);
    }
}

#[tokio::test]
async fn the_disclosure_tells_the_upward_share_the_assets_the_funds_and_where_it_is_posted() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        // The same three people get a birthday gift too: 3 people, 5 times.
        let nos = post_all(
            &mut ctx,
            &[
                voucher(
                    "2025-03-10",
                    "收到 2 月拨缴经费",
                    vec![
                        Line::debit("102", yuan(10_000), ""),
                        Line::credit("402", yuan(6_000), ""),
                        Line::credit("211", yuan(4_000), ""),
                    ],
                ),
                voucher(
                    "2025-04-10",
                    "上解上级工会经费",
                    vec![Line::debit("211", yuan(3_000), ""), Line::credit("102", yuan(3_000), "")],
                ),
                spend("2025-05-20", "50105", yuan(400), ""),
            ],
        )
        .await;
        let list = format!(
            "凭证号,工号,姓名,类型,金额,形式,签收\n{0},E001,张三丰,生日,200.00,实物,是\n{0},E002,李四海,生日,200.00,实物,是\n",
            nos[2]
        );
        ops::audit::import_benefits(&ctx, &write(dir.path(), "birthday.csv", &list), None).await.unwrap();

        let d = build(&ctx, "disclosure").await;
        let upward = section_text(&d, "五、拨缴经费和上解上级");
        assert_eq!(
            upward,
            "本期收到行政拨缴的工会经费 10,000.00 元，其中本会留成（拨缴经费收入）6,000.00 元，应上解上级工会 4,000.00 元；本期已上解 3,000.00 元，期末尚未上解 1,000.00 元。",
            "{}",
            db.engine
        );
        assert_eq!(ctx.books().owed_upward(2025).await.unwrap(), yuan(1_000), "the owed figure is 211's balance");
        // Assets and funds at the end: 结转 and 结余 add up to the closing balance of the 收支总表.
        let t = d.tables().find(|t| t.title.as_deref() == Some("六、资产和结转结余（期末）")).unwrap();
        let get = |label: &str| {
            let row = t.rows.iter().find(|r| r.cells[0] == gonghui::report::Cell::text(label)).unwrap();
            match row.cells[1] {
                gonghui::report::Cell::Amount(a) => a,
                ref other => panic!("{other:?}"),
            }
        };
        let f = gonghui::report::figures::compute(&ctx.books(), Span::year(2025)).await.unwrap();
        assert_eq!(get("工会资金结转") + get("工会资金结余"), f.closing);
        assert_eq!(get("结转结余合计"), f.closing);
        assert_eq!(get("货币资金"), yuan(10_000 - 1_200 + 10_000 - 3_000 - 400));
        // People counted once: three people (one of them retired) in five times.
        let w = d.tables().find(|t| t.title.as_deref().is_some_and(|t| t.starts_with("四、福利慰问"))).unwrap();
        let total = w.rows.last().unwrap();
        assert_eq!(
            (&total.cells[1], &total.cells[2]),
            (&gonghui::report::Cell::Int(3), &gonghui::report::Cell::Int(5))
        );
        let said = d.sections.iter().any(|s| {
            matches!(s, Section::Text { paragraphs, .. } if paragraphs.iter().any(|p| p.contains("本期共有 3 人领取福利慰问，其中 1 人不是本会在职会员")))
        });
        assert!(said, "{}", db.engine);
        // Where it is posted: unset, it says so and the note names the settings.
        let posted = section_text(&d, "八、公开说明");
        assert!(posted.contains("公示期（尚未设置）") && posted.contains("公开渠道：（尚未设置）"), "{posted}");
        assert!(d.notes.iter().any(|n| n.contains("disclosure_channel")));
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::setup::set_setting(&ctx, "disclosure_days", "一周", "").await.unwrap_err();
        assert!(e.message().contains("disclosure_days"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "a refused setting writes nothing");
        for (k, v) in
            [("disclosure_days", "7"), ("disclosure_channel", "校务公开栏"), ("disclosure_contact", "经审会 王芳")]
        {
            ops::setup::set_setting(&ctx, k, v, "").await.unwrap();
        }
        let d = build(&ctx, "disclosure").await;
        let posted = section_text(&d, "八、公开说明");
        assert!(
            posted.contains("公示期 7 天") && posted.contains("公开渠道：校务公开栏") && posted.contains("经审会 王芳"),
            "{posted}"
        );
        assert!(!d.notes.iter().any(|n| n.contains("disclosure_channel")));
        assert!(d.signatures.iter().any(|s| s.contains("盖章")), "the seal's place");

        // Under 税务代收 the union owes nothing upward itself: no such figure is printed.
        let c = ops::allocation::SettingsChange {
            mode: Some("tax".into()),
            rate: None,
            retention: None,
            upward: None,
            tax_fee: None,
            dues_rate: None,
        };
        ops::allocation::set_settings(&ctx, 2025, &c).await.unwrap();
        let upward = section_text(&build(&ctx, "disclosure").await, "五、拨缴经费和上解上级");
        assert!(upward.contains("由税务部门代收") && !upward.contains("应上解"), "{upward}");

        // By month: 期初/期末, not 年初/年末.
        let req = Request {
            span: Span::month(gonghui::ledger::period::Period::new(2025, 3)),
            account: None,
            by: None,
            chair: None,
        };
        let m = report::build(&ctx, "disclosure", &req).await.unwrap();
        let total = section_text(&m, "一、收支总表");
        assert!(total.starts_with("期初结转结余") && total.contains("期末结转结余"), "{total}");
        let budget = m.tables().find(|t| t.title.as_deref() == Some("二、预算执行情况")).unwrap();
        assert!(
            budget
                .rows
                .iter()
                .all(|r| matches!(&r.cells[0], gonghui::report::Cell::Text(t) if t.ends_with("（全年预算）"))),
            "a month is set against the whole year's budget and says so"
        );
    }
}

/// The audit group's record filled in as the group would, with the cash counted at `cash`.
fn departure_file(cash: &str) -> String {
    gonghui::audit::departure::TEMPLATE
        .replace("[\"……（组长）\", \"……\"]", "[\"王芳（组长）\", \"赵敏\"]")
        .replace(
            "\"\"\"\n……\n\"\"\"\n\n# 主要业绩",
            "\"\"\"\n任期内经费收支基本真实，但有购物卡问题。\n\"\"\"\n\n# 主要业绩",
        )
        .replace("\"\"\"\n……\n\"\"\"", "\"\"\"\n建成职工书屋。\n\"\"\"")
        .replace("\"被审计人意见\" = \"\"", "\"被审计人意见\" = \"无异议。\"")
        .replace("\"移交人\" = \"……\"", "\"移交人\" = \"王建国\"")
        .replace("\"接交人\" = \"……\"", "\"接交人\" = \"李新华\"")
        .replace("\"监交人\" = \"……\"", "\"监交人\" = \"党委 孙书记\"")
        .replace("\"……项，已逐项清点\"", "\"无\"")
        .replace("[\"会计凭证……册\", \"会计账簿……本\", \"财务印章\"]", "[\"会计凭证 2 册\", \"财务印章\"]")
        .replace("\"库存现金\" = \"0.00\"", &format!("\"库存现金\" = \"{cash}\""))
        .replace("\"银行存款\" = \"0.00\"", "\"银行存款\" = \"8,800.00\"")
}

#[tokio::test]
async fn the_departure_report_prints_the_audit_groups_own_record_and_is_a_draft_until_then() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        let year = Span::year(2025);

        // Nothing entered: a draft that says what is missing, and no evaluation made up.
        let dep = build(&ctx, "departure").await;
        assert!(dep.title.ends_with("（草稿）"), "{}", dep.title);
        for part in ["三、履行经济责任情况", "四、离任交接", "六、审计评价", "八、被审计人意见"]
        {
            assert_eq!(section_text(&dep, part), gonghui::audit::departure::NOT_GIVEN, "{part}");
        }
        assert!(!pdf_text(&dep).contains("经济责任履行有欠缺"), "an evaluation nobody gave");

        // Refused, with what and where, writing nothing: the chair himself, whoever handled the
        // tenure's vouchers, a file with a mistake.
        let before = ctx.store.content_dump().await.unwrap();
        let good = write(dir.path(), "离任.toml", &departure_file("0.00"));
        ctx.user = "王建国".into();
        let e = ops::audit::enter_departure(&ctx, "王建国", year, &good).await.unwrap_err();
        assert!(e.message().contains("王建国 是被审计人"), "{}", e.message());
        ctx.user = "张敏".into();
        let e = ops::audit::enter_departure(&ctx, "王建国", year, &good).await.unwrap_err();
        assert!(e.message().contains("张敏 经手了任期内（2025年度）的 2 张凭证"), "{}", e.message());
        ctx.user = "王芳".into();
        let bad = write(dir.path(), "错.toml", &departure_file("一千元"));
        let e = ops::audit::enter_departure(&ctx, "王建国", year, &bad).await.unwrap_err();
        assert!(e.message().contains("错.toml 第 30 行") && e.message().contains("库存现金"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: nothing written", db.engine);

        // Entered by a committee member who did no work of the tenure: printed as written; the
        // cash counted is held against the books.
        let first = ops::audit::enter_departure(&ctx, "王建国", year, &good).await.unwrap();
        assert_eq!((first.version, first.entered_by.as_str()), (1, "王芳"));
        let dep = build(&ctx, "departure").await;
        assert!(!dep.title.contains("草稿"), "{}", dep.title);
        assert!(section_text(&dep, "一、基本情况").contains("审计组：王芳（组长）、赵敏。"));
        assert_eq!(section_text(&dep, "三、履行经济责任情况"), "建成职工书屋。");
        assert_eq!(section_text(&dep, "六、审计评价"), "任期内经费收支基本真实，但有购物卡问题。");
        assert_eq!(section_text(&dep, "八、被审计人意见"), "无异议。");
        let handover = section_text(&dep, "四、离任交接");
        assert!(
            handover.contains("移交人：王建国；接交人：李新华；监交人：党委 孙书记")
                && handover.contains("会计凭证 2 册")
        );
        let t5 = dep.tables().find(|t| t.title.as_deref() == Some("表5 离任交接时货币资金核对表")).unwrap();
        let cash = &t5.rows[0].cells;
        assert_eq!(
            (&cash[1], &cash[2], &cash[3]),
            (
                &gonghui::report::Cell::Amount(yuan(0)),
                &gonghui::report::Cell::Amount(yuan(0)),
                &gonghui::report::Cell::Amount(yuan(0))
            )
        );
        let bank = &t5.rows[1].cells;
        assert_eq!(bank[1], gonghui::report::Cell::Amount(yuan(10_000 - 1_200)), "{}", db.engine);
        assert_eq!(bank[3], gonghui::report::Cell::Amount(yuan(0)), "the bank at the handover agrees");

        // A second version with 100 of cash that the books do not have: shown as a difference,
        // the first version kept; verify holds both to their records.
        let second = write(dir.path(), "离任2.toml", &departure_file("100.00"));
        assert_eq!(ops::audit::enter_departure(&ctx, "王建国", year, &second).await.unwrap().version, 2);
        let dep = build(&ctx, "departure").await;
        let t5 = dep.tables().find(|t| t.title.as_deref() == Some("表5 离任交接时货币资金核对表")).unwrap();
        assert_eq!(t5.rows[0].cells[3], gonghui::report::Cell::Amount(yuan(100)));
        assert!(dep.notes.iter().any(|n| n.starts_with("审计组记录第 2 版，王芳 录入于")), "{:?}", dep.notes);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        assert_eq!(ctx.store.departures(&ctx.org, None).await.unwrap().len(), 2, "the first version is kept");
    }
}

#[tokio::test]
async fn a_departure_record_changed_behind_the_tools_back_is_caught() {
    for db in databases().await.into_iter().filter(|d| d.engine == "sqlite") {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        ctx.user = "王芳".into();
        let f = write(dir.path(), "离任.toml", &departure_file("0.00"));
        ops::audit::enter_departure(&ctx, "王建国", Span::year(2025), &f).await.unwrap();
        ctx.store.close().await;
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.url)).await.unwrap();
        let e = sqlx::query("UPDATE departure_audits SET body = ''").execute(&pool).await.unwrap_err();
        assert!(e.to_string().contains("离任审计记录不能修改"), "{e}");
        sqlx::query("DROP TRIGGER departure_audits_upd").execute(&pool).await.unwrap();
        sqlx::query("UPDATE departure_audits SET body = replace(body, '无异议。', '审计组说的都不对。')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        let ctx = Ctx { store, org: ctx.org.clone(), user: "王芳".into() };
        let v = ctx.books().verify().await.unwrap();
        assert!(
            v.problems
                .iter()
                .any(|p| p.contains("王建国 同志离任审计记录（2025年度）第 1 版") && p.contains("被绕过本工具改动")),
            "{:?}",
            v.problems
        );
    }
}

#[tokio::test]
async fn the_review_reports_the_2_percent_the_assets_and_last_years_findings_with_their_rectification() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let _ = setup(&db.url).await;
        // Books begun in 2024, so that a year was audited before the one reviewed.
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        let org = ops::setup::init(&store, "s2024", "测试工会", "anhui", Some(2024), "张敏").await.unwrap();
        let mut ctx = Ctx { store, org, user: "张敏".into() };
        ops::audit::import_members(&ctx, &write(dir.path(), "members.csv", MEMBERS), None).await.unwrap();
        // 2024: festival gifts as shopping cards, one of them to a retiree; audited, one finding
        // explained by the committee.
        let nos = post_all(
            &mut ctx,
            &[
                voucher(
                    "2024-01-05",
                    "收到行政补助",
                    vec![Line::debit("102", yuan(10_000), ""), Line::credit("405", yuan(10_000), "")],
                ),
                spend("2024-09-20", "50105", yuan(1200), ""),
                voucher(
                    "2025-03-10",
                    "收到 2 月拨缴经费",
                    vec![
                        Line::debit("102", yuan(10_000), ""),
                        Line::credit("402", yuan(6_000), ""),
                        Line::credit("211", yuan(4_000), ""),
                    ],
                ),
            ],
        )
        .await;
        let list = format!(
            "凭证号,工号,姓名,类型,金额,形式,签收\n{0},E001,张三丰,节日,400.00,购物卡,是\n{0},E002,李四海,节日,400.00,购物卡,是\n{0},R01,赵六福,节日,400.00,购物卡,是\n",
            nos[1]
        );
        ops::audit::import_benefits(&ctx, &write(dir.path(), "list.csv", &list), None).await.unwrap();
        let (_, kept) = ops::audit::run(&ctx, Span::year(2024), Some("anhui-2025")).await.unwrap();
        let problems: Vec<_> = kept.iter().filter(|k| k.finding.severity != gonghui::audit::Severity::Info).collect();
        let eligibility = problems.iter().find(|k| k.finding.rule == "benefit_eligibility").unwrap();
        ctx.user = "王芳".into();
        ops::audit::dispose(&ctx, Span::year(2024), &eligibility.key, "explained", "退休教师系返聘，已说明", "")
            .await
            .unwrap();

        let review = build(&ctx, "audit-review").await;
        let last = section_text(&review, "六、上年度审查发现问题的整改情况");
        let n = problems.len();
        assert!(
            last.starts_with(&format!(
                "2024 年度审查发现问题 {n} 个：已整改 0 个，已作说明 1 个，认定为问题尚未整改 0 个，未处理 {} 个。",
                n - 1
            )),
            "{}: {last}",
            db.engine
        );
        assert!(
            last.contains("尚未整改的：") && last.contains("慰问发放形式违规") && !last.contains("向非会员"),
            "{last}"
        );
        let funds = section_text(&review, "三、拨缴经费、会费和上解情况");
        assert!(funds.contains("期末应付上级经费（211）余额 4,000.00 元"), "{funds}");
        assert!(funds.contains("其中 12 个月未导入工资数据"), "{funds}");
        assert_eq!(section_text(&review, "四、资产管理情况"), "本会期末没有固定资产。");
        let controls = section_text(&review, "五、内部控制情况");
        assert!(controls.contains("均由制单人以外的人审核"), "{controls}");
        // Who prepared and who reviewed the year's vouchers (one of the three is 2025's).
        assert!(controls.contains("制单和审核：张敏 制单 1 张；"), "{controls}");
        // A year with nothing audited before says so.
        let req = Request { span: Span::year(2024), account: None, by: None, chair: None };
        let r2024 = report::build(&ctx, "audit-review", &req).await.unwrap();
        assert_eq!(section_text(&r2024, "六、上年度"), "2023 年度未在本系统中进行审计检查，无可核对的整改记录。");
    }
}

#[tokio::test]
async fn an_asset_count_is_recorded_and_the_review_reports_it_against_the_register() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = setup(&db.url).await;
        year_with_a_finding(&mut ctx, dir.path()).await;
        let mut ids = Vec::new();
        for (name, cost) in [("钢琴", 6_000), ("投影仪", 3_000)] {
            let p = ops::assets::Purchase {
                date: common::date("2025-05-20"),
                name: name.into(),
                category: "文艺体育娱乐设备".into(),
                cost: yuan(cost),
                life_years: Some(5),
                pay_from: "102".into(),
                spend_account: None,
                activity: String::new(),
                decision_ref: String::new(),
            };
            let bought = ops::assets::add(&ctx, p, false).await.unwrap();
            ids.push(bought.id);
            ctx.user = "刘洋".into();
            ops::vouchers::review(&ctx, std::slice::from_ref(&bought.voucher.no)).await.unwrap();
            ctx.user = "张敏".into();
            ops::vouchers::post(&ctx, &[bought.voucher.no]).await.unwrap();
        }
        let review = build(&ctx, "audit-review").await;
        let assets = section_text(&review, "四、资产管理情况");
        assert!(assets.contains("账卡相符") && assets.contains("本期没有固定资产实物盘点的记录"), "{assets}");

        // A number that is not an asset in use is refused, naming those that are; nothing written.
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::assets::count(&ctx, common::date("2025-12-28"), &[99], "").await.unwrap_err();
        assert!(
            e.message().contains("资产编号 99 不是 2025-12-28 在用的固定资产") && e.message().contains("钢琴"),
            "{}",
            e.message()
        );
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}", db.engine);

        // The projector was not found at the count: the review says which.
        ops::assets::count(&ctx, common::date("2025-12-28"), &[ids[1]], "盘点人 张敏，监盘人 王芳").await.unwrap();
        let assets = section_text(&build(&ctx, "audit-review").await, "四、资产管理情况");
        assert!(
            assets.contains(&format!(
                "2025年12月28日盘点（张敏）：在用固定资产 2 项，其中 1 项未找到：投影仪（编号 {}）；盘点人 张敏，监盘人 王芳。",
                ids[1]
            )),
            "{}: {assets}",
            db.engine
        );
        assert!(!assets.contains("本期没有固定资产实物盘点的记录"));
    }
}
