//! The web desk's 经费 page (issue 23, point 2) on the demo's books, in a real browser on both
//! engines: the treasurer reads the year's budget versions and its approval; an adjustment
//! without its reason and one naming an account that does not exist are refused as `budget
//! import` refuses them (the file named by its own name and line, no version added); a good
//! adjustment becomes the next version and the execution report's total moves by its amount;
//! wage data with a month missing is refused; the next month's depreciation is prepared as a
//! draft voucher, which the 会计主管 reviews on a phone.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{el, login, submit, text};
use common::*;
use thirtyfour::prelude::*;

/// Choose a file in the form's file input, fill its other fields, and send it.
async fn send(d: &WebDriver, form: &str, file: &std::path::Path, fields: &[(&str, &str)]) {
    let f = el(d, By::Id(form)).await;
    f.find(By::Css("input[type=file]")).await.unwrap().send_keys(file.display().to_string()).await.unwrap();
    for (name, value) in fields {
        let input = f.find(By::Css(format!("[name={name}]"))).await.unwrap();
        if input.tag_name().await.unwrap() == "select" {
            input.find(By::Css(format!("option[value={value}]"))).await.unwrap().click().await.unwrap();
        } else {
            input.clear().await.unwrap();
            input.send_keys(*value).await.unwrap();
        }
    }
    submit(d, f.find(By::Css("button")).await.unwrap()).await;
}

/// The budget report's total of adjusted spending budget (its 调整后预算 column), as the
/// command line prints it.
fn budget_total(d: &std::path::Path, books: &str, user: &str, password: &str) -> String {
    let mut c = common::cli::command(d, &["--db", books, "--user", user]);
    let o = c
        .args(["report", "budget", "--year", "2025", "--format", "csv"])
        .env("GONGHUI_PASSWORD", password)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = String::from_utf8(o.stdout).unwrap();
    let header: Vec<&str> =
        csv.lines().find(|l| l.contains("调整后")).unwrap_or_else(|| panic!("{csv}")).split(',').collect();
    let col = header.iter().position(|h| h.contains("调整后")).unwrap();
    // The second table is the spending's; its 合计 is the last.
    let total = csv.lines().rfind(|l| l.starts_with("合计")).unwrap_or_else(|| panic!("{csv}"));
    total.split(',').nth(col).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_treasurer_adjusts_the_budget_and_depreciates_in_the_browser() {
    let Some((chromium, driver)) = browser::browser_paths("web_funds") else { return };
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let first = db.engine == "sqlite";
        let desk = browser::demo_desk(d, db.engine, &db.url, &chromium, &driver).await;
        let (books, base, b) = (desk.books.clone(), desk.base.clone(), desk.b.clone());
        login(&b, &base, "张敏", "zhangmin2025").await;
        submit(&b, el(&b, By::LinkText("经费")).await).await;
        b.goto(format!("{base}/funds?year=2025")).await.unwrap();
        let versions = text(&b, "versions").await;
        assert!(versions.contains("年初预算") && versions.contains("第 1 次调整"), "{}: {versions}", db.engine);
        assert!(!versions.contains("第 2 次调整"), "{versions}");
        assert!(text(&b, "budget").await.contains("经第五届第三次工会委员会审议通过"), "{}", db.engine);
        let before = budget_total(d, &books, "张敏", "zhangmin2025");

        // Refused as the command line refuses: no reason; an account that does not exist.
        let good = d.join("运动会追加.csv");
        std::fs::write(&good, "科目编码,活动编码,金额,说明\n50102,A09,1500,运动会追加奖品\n").unwrap();
        let adjustment = [("kind", "adjustment"), ("approved_on", "2025-10-10"), ("doc", "校工会〔2025〕9号")];
        send(&b, "budget-form", &good, &adjustment).await;
        let error = text(&b, "error").await;
        assert!(error.contains("预算调整须说明理由"), "{}: {error}", db.engine);
        let bad = d.join("错误科目.csv");
        std::fs::write(&bad, "科目编码,活动编码,金额,说明\n50102,A09,100,奖品\n59999,,200,没有的科目\n").unwrap();
        let with_reason = [adjustment.as_slice(), &[("reason", "运动会增设项目")]].concat();
        send(&b, "budget-form", &bad, &with_reason).await;
        let error = text(&b, "error").await;
        assert!(
            error.contains("错误科目.csv 第 3 行") && error.contains("科目编码“59999”不存在"),
            "{}: {error}",
            db.engine
        );
        assert!(!error.contains("gonghui-web-uploads"), "the temporary folder is not said: {error}");
        assert!(!text(&b, "versions").await.contains("第 2 次调整"), "{}: no version added", db.engine);
        assert_eq!(budget_total(d, &books, "张敏", "zhangmin2025"), before, "{}", db.engine);
        if first {
            browser::shot(&b, "funds-refused").await;
        }
        // The adjustment with its reason: the next version; the report's total moves by 1,500.
        send(&b, "budget-form", &good, &with_reason).await;
        assert!(text(&b, "done").await.contains("已导入 2025 年第 2 次预算调整：1 行"), "{}", db.engine);
        assert!(text(&b, "versions").await.contains("校工会〔2025〕9号"), "{}", db.engine);
        let after = budget_total(d, &books, "张敏", "zhangmin2025");
        let moved = gonghui::money::Amount::parse(&after).unwrap() - gonghui::money::Amount::parse(&before).unwrap();
        assert_eq!(moved, gonghui::money::Amount::parse("1500").unwrap(), "{}: {before} → {after}", db.engine);

        // Wage data with a month missing: refused with the months named.
        let payroll = d.join("工资.csv");
        std::fs::write(
            &payroll,
            "月份,工资总额,职工人数,会员人数,会费基数\n2026-01,1000000,128,120,900000\n2026-03,1000000,128,120,900000\n",
        )
        .unwrap();
        send(&b, "payroll-form", &payroll, &[]).await;
        let error = text(&b, "error").await;
        assert!(error.contains("工资.csv 缺少 2026年2月 的数据"), "{}: {error}", db.engine);

        // The next month's depreciation, prepared for another to review.
        let form = el(&b, By::Id("depreciate-form")).await;
        let month = form.find(By::Css("input[name=month]")).await.unwrap().value().await.unwrap().unwrap();
        assert_eq!(month, "2026-01", "{}: the month after the last depreciated", db.engine);
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        let done = text(&b, "done").await;
        assert!(done.contains("已计提 2026年1月 折旧") && done.contains("（待审核）"), "{}: {done}", db.engine);
        let no = done.split("凭证 ").nth(1).unwrap().split('（').next().unwrap().to_string();
        b.goto(format!("{base}/vouchers/{no}")).await.unwrap();
        let voucher = el(&b, By::Tag("main")).await.text().await.unwrap();
        assert!(voucher.contains("163") && voucher.contains("草稿"), "{}: {voucher}", db.engine);
        if first {
            b.goto(format!("{base}/funds?year=2025")).await.unwrap();
            browser::shot(&b, "funds").await;
        }
        // The 会计主管 reviews it on a phone: the 工作台, the drafts, the voucher, the review —
        // none wider than the screen.
        submit(&b, el(&b, By::Css("form.logout button")).await).await;
        b.set_window_rect(0, 0, 390, 844).await.unwrap();
        login(&b, &base, "刘洋", "liuyang2025").await;
        assert!(text(&b, "todo").await.contains("待审核"), "{}", db.engine);
        browser::fits(&b, first.then_some("desk-phone")).await;
        b.goto(format!("{base}/vouchers?month=2026-01&status=draft")).await.unwrap();
        assert!(text(&b, "vouchers").await.contains(&no), "{}", db.engine);
        browser::fits(&b, first.then_some("vouchers-phone")).await;
        submit(&b, el(&b, By::LinkText(&no)).await).await;
        browser::fits(&b, first.then_some("voucher-phone")).await;
        submit(&b, el(&b, By::Id("act-review")).await).await;
        assert!(text(&b, "done").await.contains("已审核"), "{}", db.engine);
        assert!(text(&b, "status").await.contains("已审核"), "{}", db.engine);
        browser::fits(&b, first.then_some("voucher-reviewed-phone")).await;
        b.quit().await.unwrap();
    }
}
