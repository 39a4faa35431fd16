//! The web desk's 设置 and 用户 (issue 23, point 5) on the demo's books, in a real browser on both
//! engines: the 管理员 changes a setting with its reason (a value that is not one refused, the
//! setting unchanged), edits the union's profile (checked as its file), registers a person whose
//! roles may not go together (refused with the rule, nobody registered), then with one role, and
//! disables the account; the 经审委员 sees neither page and cannot post to them.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{csrf, el, login, post, submit, text};
use common::*;
use thirtyfour::prelude::*;

fn cli(d: &std::path::Path, books: &str, args: &[&str]) -> String {
    let mut c = common::cli::command(d, &["--db", books, "--user", "王建国"]);
    let o = c.args(args).env("GONGHUI_PASSWORD", "wangjianguo2025").output().unwrap();
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Fill the form of one setting's row and save it.
async fn set(d: &WebDriver, key: &str, value: &str, reason: &str) {
    let row = el(d, By::Id(format!("s-{key}"))).await;
    let input = row.find(By::Css("input[name=value]")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys(value).await.unwrap();
    row.find(By::Css("input[name=reason]")).await.unwrap().send_keys(reason).await.unwrap();
    submit(d, row.find(By::Css("button")).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_keeps_settings_profile_and_users_in_the_browser() {
    let Some((chromium, driver)) = browser::browser_paths("web_admin") else { return };
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let first = db.engine == "sqlite";
        let desk = browser::demo_desk(d, db.engine, &db.url, &chromium, &driver).await;
        let (books, base, b) = (desk.books.clone(), desk.base.clone(), desk.b.clone());
        login(&b, &base, "王建国", "wangjianguo2025").await;
        submit(&b, el(&b, By::LinkText("设置")).await).await;
        let before = cli(d, &books, &["settings", "decision_amount"]);

        // A decision amount that is not an amount: refused, said why, unchanged.
        set(&b, "decision_amount", "一万", "议事规则修订").await;
        let error = text(&b, "error").await;
        assert!(error.contains("decision_amount 应为金额"), "{}: {error}", db.engine);
        assert_eq!(cli(d, &books, &["settings", "decision_amount"]), before, "{}", db.engine);
        // Changed with its reason: the row says who changed it and why; the command line sees it.
        set(&b, "decision_amount", "20000", "第五届第九次工会委员会修订议事规则").await;
        assert!(text(&b, "done").await.contains("已设置集体决策金额（元）：20000"), "{}", db.engine);
        let row = text(&b, "s-decision_amount").await;
        assert!(row.contains("20000") && row.contains("王建国 于") && row.contains("修订议事规则"), "{row}");
        assert_eq!(cli(d, &books, &["settings", "decision_amount"]), "decision_amount = 20000.00\n", "{}", db.engine);
        if first {
            browser::shot(&b, "settings").await;
        }

        // The profile: a credit code that is not one is refused with its line; a new bank kept.
        let form = el(&b, By::Id("profile-form")).await;
        let area = form.find(By::Css("textarea")).await.unwrap();
        let kept = area.value().await.unwrap().unwrap();
        assert!(kept.contains("\"开户行\" = \"建设银行江城支行\""), "{kept}");
        area.clear().await.unwrap();
        area.send_keys(&kept.replace("81340100MC0012345G", "81340100MC0012345X")).await.unwrap();
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        let error = text(&b, "error").await;
        assert!(error.contains("单位信息 第 7 行：统一社会信用代码"), "{}: {error}", db.engine);
        let form = el(&b, By::Id("profile-form")).await;
        let area = form.find(By::Css("textarea")).await.unwrap();
        assert!(area.value().await.unwrap().unwrap().contains("0012345X"), "what was typed is kept");
        area.clear().await.unwrap();
        area.send_keys(&kept.replace("建设银行江城支行", "工商银行江城分行")).await.unwrap();
        form.find(By::Css("input[name=reason]")).await.unwrap().send_keys("账户迁移").await.unwrap();
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        assert!(text(&b, "done").await.contains("已保存单位信息"), "{}", db.engine);
        let profile = cli(d, &books, &["settings", "profile"]);
        assert!(profile.contains("工商银行江城分行") && !profile.contains("建设银行江城支行"), "{profile}");

        // Users: 出纳 with 审核 refused with the rule, nobody registered; 出纳 alone registered.
        submit(&b, el(&b, By::LinkText("用户")).await).await;
        assert!(text(&b, "rules").await.contains("出纳不得兼任审核、会计主管"), "{}", db.engine);
        let form = el(&b, By::Id("add-user")).await;
        form.find(By::Css("input[name=name]")).await.unwrap().send_keys("李四").await.unwrap();
        form.find(By::Css("input[value=cashier]")).await.unwrap().click().await.unwrap();
        form.find(By::Css("input[value=reviewer]")).await.unwrap().click().await.unwrap();
        form.find(By::Css("input[name=password]")).await.unwrap().send_keys("lisi-pass-2025").await.unwrap();
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        let error = text(&b, "error").await;
        assert!(error.contains("李四 不能同时担任出纳、审核：出纳不得兼任审核"), "{}: {error}", db.engine);
        assert!(!text(&b, "users").await.contains("李四"), "{}: nobody registered", db.engine);
        let form = el(&b, By::Id("add-user")).await;
        assert!(form.find(By::Css("input[value=cashier]")).await.unwrap().is_selected().await.unwrap(), "kept");
        form.find(By::Css("input[value=reviewer]")).await.unwrap().click().await.unwrap();
        form.find(By::Css("input[name=password]")).await.unwrap().send_keys("lisi-pass-2025").await.unwrap();
        submit(&b, form.find(By::Css("button")).await.unwrap()).await;
        assert!(text(&b, "done").await.contains("已登记用户 李四：出纳"), "{}", db.engine);
        let listed = cli(d, &books, &["users", "list"]);
        assert!(listed.contains("李四") && listed.contains("出纳"), "{listed}");
        if first {
            browser::shot(&b, "users").await;
        }
        // Disabling asks first; confirmed, the account stays listed as disabled.
        let row = el(&b, By::Id("u-李四")).await;
        let old = b.find(By::Tag("html")).await.unwrap();
        row.find(By::Css("button")).await.unwrap().click().await.unwrap();
        assert!(b.get_alert_text().await.unwrap().contains("停用 李四"), "{}", db.engine);
        b.accept_alert().await.unwrap();
        old.wait_until().stale().await.unwrap();
        assert!(text(&b, "done").await.contains("已停用用户 李四"), "{}", db.engine);
        assert!(text(&b, "u-李四").await.contains("已停用"), "{}", db.engine);
        browser::fits_a_phone(&b, first.then_some("users-phone")).await;

        // The 经审委员: neither page in her menu, and a forged form refused.
        submit(&b, el(&b, By::Css("form.logout button")).await).await;
        login(&b, &base, "陈静", "chenjing2025").await;
        let menu = el(&b, By::Css("header.top nav")).await.text().await.unwrap();
        assert!(!menu.contains("设置") && !menu.contains("用户"), "{menu}");
        let token = csrf(&b).await;
        let forged = [("csrf", token.as_str()), ("act", "add"), ("name", "王五"), ("role", "chair")];
        assert_eq!(post(&b, "/users", &forged).await, 403, "{}", db.engine);
        assert!(!cli(d, &books, &["users", "list"]).contains("王五"), "{}", db.engine);
        b.quit().await.unwrap();
    }
}
