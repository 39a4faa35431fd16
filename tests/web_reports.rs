//! The web desk's 报表 (issue 23, point 1): every report of `gonghui report list` opens as a page
//! with its filters in the URL, and downloads as CSV, XLSX and PDF that are the command line's
//! own (through the desk's router, both engines); and in a real browser on the demo's books, the
//! auditor reads the audit review's state root on the page and in its PDF, at desk and phone size.

#[path = "common/browser.rs"]
mod browser;
mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::cli::{ok, PASSWORD};
use common::*;
use gonghui::ledger::period::Span;
use gonghui::ledger::roles::Role;
use gonghui::ledger::voucher::Line;
use gonghui::report::{self, REPORTS};
use thirtyfour::prelude::*;
use tower::ServiceExt;

/// A session of `name` on the router: its cookie.
async fn session(app: &axum::Router, name: &str) -> String {
    let body = format!("name={}&password={PASSWORD}&nonce=n0nce", gonghui_url(name));
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, "gonghui_login=n0nce")
        .body(Body::from(body))
        .unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let cookie = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap().to_string())
        .find(|c| c.starts_with("gonghui_session=") && !c.starts_with("gonghui_session=;"))
        .unwrap_or_else(|| panic!("{name} logs in: {}", res.status()));
    cookie.split(';').next().unwrap().to_string()
}

fn gonghui_url(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

async fn get(app: &axum::Router, cookie: &str, path: &str) -> (StatusCode, Vec<u8>, String) {
    let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let kind = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec(), kind)
}

#[tokio::test]
async fn every_report_opens_as_a_page_and_downloads_as_the_command_line_writes_it() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        post_all(
            &mut ctx,
            &[
                voucher(
                    "2025-03-03",
                    "收到3月会费",
                    vec![Line::debit("102", yuan(5_000), ""), Line::credit("401", yuan(5_000), "")],
                ),
                spend("2025-03-08", "50102", yuan(1_200), "A01"),
                voucher(
                    "2025-09-08",
                    "教师节慰问品<b>",
                    vec![Line::debit("50105", yuan(600), ""), Line::credit("102", yuan(600), "")],
                ),
            ],
        )
        .await;
        gonghui::ops::audit::run(&ctx, Span::year(2025), None).await.unwrap();
        gonghui::ops::users::add(&ctx, "陈静", &[Role::Auditor], Some(PASSWORD)).await.unwrap();
        let app = gonghui::web::router(ctx.store.handle());
        let cookie = session(&app, "陈静").await;
        let (status, list, _) = get(&app, &cookie, "/reports").await;
        let list = String::from_utf8(list).unwrap();
        assert_eq!(status, StatusCode::OK, "{list}");
        for (name, title) in REPORTS {
            assert!(list.contains(&format!("/reports/{name}?year=2025")) && list.contains(title), "{name}");
            let path = format!("/reports/{name}?year=2025{}", if *name == "departure" { "&chair=王建国" } else { "" });
            let path = path.replace("王建国", &gonghui_url("王建国"));
            let (status, page, _) = get(&app, &cookie, &path).await;
            let page = String::from_utf8(page).unwrap();
            assert_eq!(status, StatusCode::OK, "{} {name}: {page}", db.engine);
            assert!(page.contains("id=\"report\"") && page.contains("format=pdf"), "{} {name}", db.engine);
            assert!(!page.contains("慰问品<b>"), "{} {name}: a summary is escaped", db.engine);
        }
        // The trial balance's page shows the model's figures; its downloads are the command
        // line's files.
        let req = report::Request { span: Span::year(2025), account: None, by: None, chair: None };
        let model = report::build(&ctx, "trial-balance", &req).await.unwrap();
        let (_, page, _) = get(&app, &cookie, "/reports/trial-balance?year=2025").await;
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("5,000.00") && page.contains("1,800.00"), "{page}");
        let (status, csv, kind) = get(&app, &cookie, "/reports/trial-balance?year=2025&format=csv").await;
        assert_eq!((status, kind.as_str()), (StatusCode::OK, "text/csv; charset=utf-8"));
        assert_eq!(csv, gonghui::render::csv::render(&model), "{}: the same CSV", db.engine);
        let (_, xlsx, _) = get(&app, &cookie, "/reports/trial-balance?year=2025&format=xlsx").await;
        assert!(xlsx.starts_with(b"PK"));
        let (_, pdf, kind) = get(&app, &cookie, "/reports/audit-review?year=2025&format=pdf").await;
        assert_eq!(kind, "application/pdf");
        let text = pdf_pages(&pdf).join("");
        assert!(text.contains("审查报告"), "{text}");
        // Filters in the URL: one month, one account.
        let (_, page, _) = get(&app, &cookie, "/reports/ledger?month=2025-09&account=102").await;
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("2025年9月") && page.contains("600.00") && !page.contains("1,200.00"), "{page}");
        // What cannot be: an unknown report, a year that is not one, a format not offered.
        for (path, status) in [
            ("/reports/nothing?year=2025", StatusCode::NOT_FOUND),
            ("/reports/journal?year=twenty", StatusCode::BAD_REQUEST),
            ("/reports/journal?year=2025&format=exe", StatusCode::BAD_REQUEST),
        ] {
            let (got, page, _) = get(&app, &cookie, path).await;
            assert_eq!(got, status, "{path}: {}", String::from_utf8_lossy(&page));
        }
        // Signed out: no report.
        let req = Request::get("/reports/journal?year=2025").body(Body::empty()).unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert!(!res.status().is_success(), "{}", res.status());
    }
}

/// The demo's books served, and a browser signed in as its 经审委员 陈静.
async fn auditor_on_the_demo(
    d: &std::path::Path,
    chromium: &std::path::Path,
    driver: &std::path::Path,
) -> (browser::Running, browser::Running, WebDriver, String) {
    ok(d, &["demo", "--out", "demo"]);
    let (server, base) = browser::serve(d, "demo/gonghui.db");
    let (driver, b) = browser::open(chromium, driver, &d.join("profile")).await;
    browser::login(&b, &base, "陈静", "chenjing2025").await;
    (server, driver, b, base)
}

/// The auditor on the demo's books: the reports list, the audit review with its state root, the
/// same root in the PDF she downloads, and the page at a phone's size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auditor_reads_the_review_and_its_state_root_in_the_browser() {
    let Some((chromium, driver)) = browser::browser_paths("web_reports") else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_server, _driver, b, base) = auditor_on_the_demo(d, &chromium, &driver).await;
    b.goto(format!("{base}/reports")).await.unwrap();
    let list = b.query(By::Id("reports")).first().await.unwrap().text().await.unwrap();
    assert!(list.contains("经费审查委员会审查报告") && list.contains("审计发现问题整改台账"), "{list}");
    browser::shot(&b, "reports-list").await;
    b.query(By::LinkText("经费审查委员会审查报告")).first().await.unwrap().click().await.unwrap();
    let report = b.query(By::Id("report")).first().await.unwrap().text().await.unwrap();
    assert!(report.contains("关于2025年度工会经费收支情况的审查报告"), "{report}");
    assert!(report.contains("据整改台账"), "the review cites the 整改台账: {report}");
    let state = b.query(By::Id("state")).first().await.unwrap().text().await.unwrap();
    let root = state.split("verify --anchor ").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    assert!(root.contains(':'), "{state}");
    browser::shot(&b, "report-audit-review").await;
    // The PDF behind the download link, fetched by the page: it names the same root.
    let href = b.query(By::LinkText("PDF")).first().await.unwrap().attr("href").await.unwrap().unwrap();
    let text = pdf_pages(&browser::fetched(&b, &href).await).join("");
    assert!(text.contains(&root), "the PDF names the root {root}");
    // The budget's execution with its chart, its total as the command line prints it.
    b.goto(format!("{base}/reports/budget?year=2025")).await.unwrap();
    let page = b.query(By::Id("report")).first().await.unwrap().text().await.unwrap();
    let csv = ok(d, &["--db", "demo/gonghui.db", "report", "budget", "--year", "2025", "--format", "csv"]);
    let total = csv.lines().find(|l| l.starts_with("合计")).unwrap_or_else(|| panic!("{csv}"));
    let figure: String = total.split(",").nth(5).unwrap().to_string();
    let grouped = gonghui::money::Amount::parse(&figure).unwrap().grouped();
    assert!(page.contains(&grouped), "the page's total {grouped} is the command line's: {page}");
    assert!(!b.find_all(By::Css("figure.chart svg")).await.unwrap().is_empty(), "the chart is drawn");
    browser::shot(&b, "report-budget").await;
    b.execute("document.querySelector('figure.chart').scrollIntoView()", vec![]).await.unwrap();
    browser::shot(&b, "report-budget-chart").await;
    b.back().await.unwrap();
    // A phone: nothing wider than the screen.
    browser::fits_a_phone(&b, Some("report-audit-review-phone")).await;
    b.quit().await.unwrap();
}

/// The auditor at the audit desk on the demo's books: filters, a disposition, a 台账 record put
/// right with its evidence, and a refusal shown on the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auditor_disposes_a_finding_and_keeps_the_rectification_ledger_in_the_browser() {
    let Some((chromium, driver)) = browser::browser_paths("web_reports") else { return };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_server, _driver, b, base) = auditor_on_the_demo(d, &chromium, &driver).await;
    // Undisposed findings only.
    b.goto(format!("{base}/audit?year=2025&status=open")).await.unwrap();
    let list = b.query(By::Id("findings")).first().await.unwrap().text().await.unwrap();
    assert!(list.contains("无预算支出") && !list.contains("非法定节日发放慰问"), "{list}");
    browser::shot(&b, "audit-open").await;
    // Explain the unbudgeted 职工书屋 spending.
    let item = b.query(By::Css("li[data-rule=budget_none]")).first().await.unwrap();
    item.find(By::Css("details.act summary")).await.unwrap().click().await.unwrap();
    let form = item.find(By::Css("form.dispose")).await.unwrap();
    form.find(By::Css("select[name=outcome] option[value=explained]")).await.unwrap().click().await.unwrap();
    form.find(By::Css("input[name=note]"))
        .await
        .unwrap()
        .send_keys("职工书屋经工会委员会研究，已补入调整预算")
        .await
        .unwrap();
    let old = b.find(By::Tag("html")).await.unwrap();
    form.find(By::Css("button")).await.unwrap().click().await.unwrap();
    old.wait_until().stale().await.unwrap();
    let done = b.query(By::Id("done")).first().await.unwrap().text().await.unwrap();
    assert!(done.contains("的处理结论：已作说明"), "{done}");
    let csv = ok(d, &["--db", "demo/gonghui.db", "audit", "--year", "2025", "--format", "json"]);
    assert!(csv.contains("职工书屋经工会委员会研究"), "the command line sees it: {csv}");
    // The 教师节 gifts, accepted and being put right: put right without evidence is refused on
    // the page; with the administration's document it is recorded.
    b.goto(format!("{base}/audit?year=2025&rule=festival_other")).await.unwrap();
    let rectify = |evidence: &'static str| {
        let b = b.clone();
        async move {
            let item = b.query(By::Css("li[data-rule=festival_other]")).first().await.unwrap();
            let summaries = item.find_all(By::Css("details.act summary")).await.unwrap();
            summaries[1].click().await.unwrap();
            let form = item.find(By::Css("form.rectify")).await.unwrap();
            form.find(By::Css("select[name=status] option:nth-child(2)")).await.unwrap().click().await.unwrap();
            form.find(By::Css("input[name=evidence]")).await.unwrap().send_keys(evidence).await.unwrap();
            let old = b.find(By::Tag("html")).await.unwrap();
            form.find(By::Css("button")).await.unwrap().click().await.unwrap();
            old.wait_until().stale().await.unwrap();
        }
    };
    rectify("").await;
    let error = b.query(By::Id("error")).first().await.unwrap().text().await.unwrap();
    assert!(error.contains("须写明整改的证据"), "{error}");
    browser::shot(&b, "audit-refused").await;
    b.goto(format!("{base}/audit?year=2025&rule=festival_other")).await.unwrap();
    rectify("校办发〔2026〕9号").await;
    let done = b.query(By::Id("done")).first().await.unwrap().text().await.unwrap();
    assert!(done.contains("已整改"), "{done}");
    let item = b.query(By::Css("li[data-rule=festival_other]")).first().await.unwrap().text().await.unwrap();
    assert!(
        item.contains("整改台账：已整改，责任人 王建国（工会主席）") && item.contains("校办发〔2026〕9号"),
        "{item}"
    );
    browser::shot(&b, "audit-rectified").await;
    b.quit().await.unwrap();
}

/// A ledger longer than a page streams: the page shows its first 1,000 rows and says how many
/// more there are; the download holds every one (both engines).
#[tokio::test]
async fn a_long_ledger_page_shows_its_head_and_the_download_holds_it_all() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let vs: Vec<_> = (0..1_010)
            .map(|i| {
                voucher(
                    &format!("2025-05-{:02}", i % 28 + 1),
                    &format!("会费{i}"),
                    vec![Line::debit("102", yuan(10), ""), Line::credit("401", yuan(10), "")],
                )
            })
            .collect();
        post_all(&mut ctx, &vs).await;
        gonghui::ops::users::add(&ctx, "陈静", &[Role::Auditor], Some(PASSWORD)).await.unwrap();
        let app = gonghui::web::router(ctx.store.handle());
        let cookie = session(&app, "陈静").await;
        let (status, page, _) = get(&app, &cookie, "/reports/ledger?month=2025-05&account=102").await;
        let page = String::from_utf8(page).unwrap();
        assert_eq!(status, StatusCode::OK, "{}", db.engine);
        let shown = page.matches("<tr").count();
        assert!((1_000..=1_002).contains(&shown), "{}: {shown} rows on the page", db.engine);
        let said = page.split("另有 ").nth(1).and_then(|s| s.split(' ').next()).unwrap_or_else(|| panic!("{page}"));
        let (_, csv, _) = get(&app, &cookie, "/reports/ledger?month=2025-05&account=102&format=csv").await;
        let csv = String::from_utf8(csv).unwrap();
        let entries = csv.lines().filter(|l| l.contains(",会费")).count();
        assert_eq!(entries, 1_010, "{}: the download holds every entry", db.engine);
        let rows = csv.lines().count();
        let hidden: usize = said.parse().unwrap();
        assert!(hidden >= 10 && hidden + 1_000 <= rows, "{}: {hidden} hidden of {rows} lines", db.engine);
    }
}
