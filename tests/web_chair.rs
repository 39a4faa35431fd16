//! The web desk's audit and chair flows (issue 23, points 3, 4, 6 and 7) on the demo's books, in
//! a real browser on both engines: the 经审委员 enters the committee's opinion in a form (refused
//! with what is missing, nothing written) and reads the books' state root in the audit review's
//! PDF; the chair reads where the opinion stands, downloads the disclosure naming the same root,
//! and asks for the review waiver that the 会计主管 confirms; neither page lets the treasurer act;
//! each page at a phone's size without horizontal scroll.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{csrf, el, fetched, login, post, submit, text};
use common::*;
use thirtyfour::prelude::*;

async fn logout(d: &WebDriver) {
    submit(d, el(d, By::Css("form.logout button")).await).await;
}

/// The root named by the page's state line.
async fn root(d: &WebDriver) -> String {
    let state = text(d, "state").await;
    state.split("verify --anchor ").nth(1).unwrap().split_whitespace().next().unwrap().to_string()
}

/// The command line on the demo's books as `user` (PostgreSQL's books prove who it is).
fn cli(d: &std::path::Path, books: &str, user: &str, password: &str, args: &[&str]) -> String {
    let mut c = common::cli::command(d, &["--db", books, "--user", user]);
    let o = c.args(args).env("GONGHUI_PASSWORD", password).output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auditor_gives_the_opinion_and_the_chair_downloads_the_disclosure_in_the_browser() {
    let Some((chromium, driver)) = browser::browser_paths("web_chair") else { return };
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let first = db.engine == "sqlite";
        let desk = browser::demo_desk(d, db.engine, &db.url, &chromium, &driver).await;
        let (books, base, b) = (desk.books.clone(), desk.base.clone(), desk.b.clone());
        let shot = |name: &'static str| if first { Some(name) } else { None };

        // The 经审委员 from the audit desk to the opinion: the demo's first version is in force.
        login(&b, &base, "陈静", "chenjing2025").await;
        b.goto(format!("{base}/audit?year=2025")).await.unwrap();
        submit(&b, el(&b, By::Id("opinion-link")).await).await;
        let versions = text(&b, "versions").await;
        assert!(versions.contains("第 1 版（现行）") && versions.contains("陈静"), "{}: {versions}", db.engine);
        // The opinion left empty: refused, said what is missing, nothing entered.
        let form = el(&b, By::Id("opinion-form")).await;
        form.find(By::Css("textarea[name=opinion]")).await.unwrap().clear().await.unwrap();
        submit(&b, form.find(By::Id("enter-opinion")).await.unwrap()).await;
        let error = text(&b, "error").await;
        assert!(error.contains("“意见”一栏：请写上经审会的“意见”"), "{}: {error}", db.engine);
        assert!(!text(&b, "versions").await.contains("第 2 版"), "{}: nothing entered", db.engine);
        let said = cli(d, &books, "陈静", "chenjing2025", &["audit", "opinion", "--year", "2025"]);
        assert!(!said.contains("第 2 版") && !said.contains("v2"), "{}: {said}", db.engine);
        // Written and entered: the second version, the first kept.
        b.goto(format!("{base}/audit/opinion?year=2025")).await.unwrap();
        let form = el(&b, By::Id("opinion-form")).await;
        form.find(By::Css("select[name=conclusion] option[value=mostly]")).await.unwrap().click().await.unwrap();
        let opinion = form.find(By::Css("textarea[name=opinion]")).await.unwrap();
        opinion.clear().await.unwrap();
        opinion
            .send_keys("经复核，除教师节慰问品超出规定范围须按整改台账整改外，本会年度收支基本合规。")
            .await
            .unwrap();
        submit(&b, form.find(By::Id("enter-opinion")).await.unwrap()).await;
        let done = text(&b, "done").await;
        assert!(done.contains("第 2 版：基本合规"), "{}: {done}", db.engine);
        assert!(text(&b, "versions").await.contains("第 2 版（现行）"), "{}", db.engine);
        let said = cli(d, &books, "陈静", "chenjing2025", &["audit", "opinion", "--year", "2025"]);
        assert!(said.contains("教师节慰问品超出规定范围"), "{}: the command line sees it: {said}", db.engine);
        if first {
            browser::shot(&b, "opinion-entered").await;
        }
        // The review's PDF carries the new conclusion and the root the page shows.
        let root_now = root(&b).await;
        let href = el(&b, By::Id("review-pdf")).await.attr("href").await.unwrap().unwrap();
        let review = pdf_pages(&fetched(&b, &href).await).join("");
        assert!(review.contains("审查结论：基本合规") && review.contains("教师节慰问品超出规定范围"), "{}", db.engine);
        assert!(review.contains(&root_now), "{}: the review's PDF names the root {root_now}", db.engine);
        browser::fits_a_phone(&b, shot("opinion-phone")).await;
        // The audit group's departure record: the template's ellipsis refused with its line, the
        // text typed kept; a corrected evaluation entered as the second version.
        b.goto(format!("{base}/audit/departure?chair=%E7%8E%8B%E5%BB%BA%E5%9B%BD&year=2025")).await.unwrap();
        assert!(text(&b, "current").await.contains("第 1 版，陈静"), "{}", db.engine);
        let form = el(&b, By::Id("departure-form")).await;
        let area = form.find(By::Css("textarea")).await.unwrap();
        let kept = area.value().await.unwrap().unwrap();
        area.clear().await.unwrap();
        area.send_keys(&kept.replace("建成教职工活动室和职工书屋", "……")).await.unwrap();
        submit(&b, form.find(By::Id("enter-departure")).await.unwrap()).await;
        let error = text(&b, "error").await;
        assert!(error.contains("离任审计记录 第") && error.contains("省略号"), "{}: {error}", db.engine);
        assert!(text(&b, "current").await.contains("第 1 版"), "{}: nothing entered", db.engine);
        let form = el(&b, By::Id("departure-form")).await;
        let area = form.find(By::Css("textarea")).await.unwrap();
        assert!(area.value().await.unwrap().unwrap().contains("……"), "what was typed is kept");
        area.clear().await.unwrap();
        area.send_keys(&kept.replace("建成教职工活动室和职工书屋", "建成教职工活动室、职工书屋和母婴室"))
            .await
            .unwrap();
        submit(&b, form.find(By::Id("enter-departure")).await.unwrap()).await;
        let done = text(&b, "done").await;
        assert!(done.contains("王建国 同志离任审计记录") && done.contains("第 2 版"), "{}: {done}", db.engine);
        let href = el(&b, By::Id("departure-pdf")).await.attr("href").await.unwrap().unwrap();
        let report = pdf_pages(&fetched(&b, &href).await).join("");
        assert!(report.contains("母婴室"), "{}: the departure report prints the second version", db.engine);
        // The treasurer may neither enter an opinion nor act as the chair.
        logout(&b).await;
        login(&b, &base, "张敏", "zhangmin2025").await;
        let token = csrf(&b).await;
        let fields = [("csrf", token.as_str()), ("year", "2025"), ("conclusion", "compliant"), ("opinion", "x")];
        assert_eq!(post(&b, "/audit/opinion", &fields).await, 403, "{}", db.engine);
        let fields = [("csrf", token.as_str()), ("year", "2025"), ("act", "waive"), ("reason", "x")];
        assert_eq!(post(&b, "/chair/act", &fields).await, 403, "{}", db.engine);
        let menu = el(&b, By::Css("header.top nav")).await.text().await.unwrap();
        assert!(!menu.contains("主席"), "{}: {menu}", db.engine);
        logout(&b).await;

        // The chair: where the opinion stands, the budget's approval and submission, the
        // disclosure to print, naming the books' root.
        login(&b, &base, "王建国", "wangjianguo2025").await;
        submit(&b, el(&b, By::LinkText("主席")).await).await;
        let said = text(&b, "opinion-state").await;
        assert!(said.contains("第 2 版") && said.contains("审查结论 基本合规"), "{}: {said}", db.engine);
        assert!(text(&b, "approved").await.contains("经第五届第三次工会委员会审议通过"), "{}", db.engine);
        assert!(text(&b, "submitted").await.contains("报送上级工会"), "{}", db.engine);
        let root_now = root(&b).await;
        let href = el(&b, By::Id("disclosure-pdf")).await.attr("href").await.unwrap().unwrap();
        let disclosure = pdf_pages(&fetched(&b, &href).await).join("");
        assert!(disclosure.contains("工会经费收支情况公开"), "{}", db.engine);
        assert!(!disclosure.contains("草稿"), "{}: the opinion is given, no draft", db.engine);
        assert!(disclosure.contains(&root_now), "{}: the disclosure's PDF names {root_now}: {disclosure}", db.engine);
        if first {
            browser::shot(&b, "chair").await;
        }
        browser::fits_a_phone(&b, shot("chair-phone")).await;
        submit(&b, el(&b, By::Id("disclosure-page")).await).await;
        let page = text(&b, "report").await;
        assert!(page.contains("工会经费收支情况公开") && page.contains(&root_now), "{}", db.engine);
        browser::fits_a_phone(&b, shot("disclosure-phone")).await;
        // The review waiver: asked without a reason, refused; asked, it waits for the second
        // person, who confirms it.
        b.goto(format!("{base}/chair?year=2025")).await.unwrap();
        submit(&b, el(&b, By::Css("#waiver-form button")).await).await;
        assert!(text(&b, "error").await.contains("请写明理由"), "{}", db.engine);
        assert!(text(&b, "waiver-state").await.contains("未免除单独审核"), "{}", db.engine);
        let form = el(&b, By::Id("waiver-form")).await;
        form.find(By::Css("input[name=reason]")).await.unwrap().send_keys("寒假期间仅一人在校").await.unwrap();
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        assert!(text(&b, "done").await.contains("须由另一人"), "{}", db.engine);
        assert!(text(&b, "waiver-state").await.contains("王建国 已提出免除单独审核"), "{}", db.engine);
        logout(&b).await;
        login(&b, &base, "刘洋", "liuyang2025").await;
        b.goto(format!("{base}/chair?year=2025")).await.unwrap();
        let form = el(&b, By::Id("waiver-form")).await;
        let button = form.find(By::Css("button")).await.unwrap();
        assert_eq!(button.text().await.unwrap(), "确认 王建国 的提议", "{}", db.engine);
        form.find(By::Css("input[name=reason]")).await.unwrap().send_keys("同意").await.unwrap();
        submit(&b, button).await;
        assert!(text(&b, "done").await.contains("免除单独审核已生效"), "{}", db.engine);
        let report = cli(d, &books, "王建国", "wangjianguo2025", &["report", "trial-balance", "--year", "2025"]);
        assert!(report.contains("本会已免除单独审核（王建国 提出，刘洋 确认：同意"), "{}: {report}", db.engine);
        b.quit().await.unwrap();
    }
}
