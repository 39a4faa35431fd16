//! The web desk in a real browser (issue 19): the treasurer and the 会计主管 at work, and what
//! the desk refuses — on SQLite and on PostgreSQL. Screenshots go to target/screenshots/.

#[path = "common/browser.rs"]
mod browser;
mod common;

use browser::{csrf, el, post};
use common::cli::{ok, PASSWORD};
use common::databases;
use std::path::Path;
use thirtyfour::prelude::*;

/// Books with four people, each with the test password: 王主席 (工会主席, 管理员), 张敏 (会计),
/// 刘洋 (会计主管), 陈静 (经审委员); three drafts of March 2025 by 张敏, one with a script in its
/// summary. Returns the drafts' numbers.
fn books(dir: &Path, db: &str) -> Vec<String> {
    let run = |user: &str, args: &[&str]| {
        let mut c = common::cli::command(dir, &["--db", db, "--user", user]);
        c.args(args).env("GONGHUI_NEW_PASSWORD", PASSWORD);
        let o = c.output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    run("王主席", &["init", "--name", "测试学校工会", "--code", "school", "--year", "2025"]);
    run("王主席", &["users", "add", "王主席", "--role", "工会主席", "--role", "管理员"]);
    run("王主席", &["users", "add", "张敏", "--role", "会计"]);
    run("王主席", &["users", "add", "刘洋", "--role", "会计主管"]);
    run("王主席", &["users", "add", "陈静", "--role", "经审委员"]);
    run("张敏", &["activities", "add", "A05", "节日慰问", "--account", "50105"]);
    let mut nos = Vec::new();
    for (date, summary, dr, cr) in [
        ("2025-03-03", "收到3月会费", "102=5000.00", "401=5000.00"),
        ("2025-03-08", "三八节活动鲜花", "50102=1200.00", "102=1200.00"),
        ("2025-03-09", "<script>window.pwned=1</script>购书", "50102=300.00", "102=300.00"),
    ] {
        let out = run("张敏", &["voucher", "add", "--date", date, "--summary", summary, "--dr", dr, "--cr", cr]);
        let no = out.split_whitespace().find(|w| w.starts_with("记-")).unwrap();
        nos.push(no.split('（').next().unwrap().to_string());
    }
    nos
}

/// Drop a file (bytes, name) on the voucher's drop zone, as a file manager would: dragover, then
/// drop with the file in the event's DataTransfer.
const DROP: &str = "const [bytes, name] = arguments;
    const file = new File([new Uint8Array(bytes)], name, { type: 'application/xml' });
    const data = new DataTransfer();
    data.items.add(file);
    const zone = document.querySelector('.drop');
    for (const kind of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: data }));
    }";

/// Click what navigates, and wait until the new page has replaced the old one.
async fn click(d: &WebDriver, by: By) {
    let old = d.find(By::Tag("html")).await.unwrap();
    el(d, by).await.click().await.unwrap();
    old.wait_until().stale().await.unwrap();
}

/// March's statement as 建设银行's corporate online banking exports it: the income and the book
/// purchase match typed vouchers within three days (linked on import); the flowers were paid six
/// days after the voucher (matched by hand); stationery and a hospital visit have no voucher yet.
fn statement(dir: &Path) -> std::path::PathBuf {
    let mut s = String::from("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n");
    for (day, out, inc, bal, who, what) in [
        ("03", "0", "5000.00", "5000.00", "江城市第一中学", "转账收入"),
        ("10", "300.00", "0", "4700.00", "新华书店", "购书款"),
        ("14", "1200.00", "0", "3500.00", "春风花店", "货款"),
        ("18", "86.00", "0", "3414.00", "文具店", "办公用品"),
        ("21", "420.00", "0", "2994.00", "鲜花店", "慰问住院会员"),
    ] {
        s.push_str(&format!(
            "4400****0001,测试学校工会,202503{day} 10:00:00,{out},{inc},{bal},人民币元,{who},6222****,建行,202503{day},{what},,SN202503{day}\n"
        ));
    }
    s.push_str("合计,,,,,,,,,,,,,\n");
    let path = dir.join("建设银行对账单-202503.csv");
    let (gbk, _, _) = encoding_rs::GBK.encode(&s);
    std::fs::write(&path, gbk).unwrap();
    path
}

async fn login(d: &WebDriver, base: &str, name: &str, password: &str) {
    d.goto(format!("{base}/login")).await.unwrap();
    el(d, By::Id("name")).await.send_keys(name).await.unwrap();
    el(d, By::Id("password")).await.send_keys(password).await.unwrap();
    click(d, By::Id("login")).await;
}

async fn logout(d: &WebDriver) {
    click(d, By::Css("form.logout button")).await;
    el(d, By::Id("login")).await;
}

async fn text(d: &WebDriver, id: &str) -> String {
    el(d, By::Id(id)).await.text().await.unwrap()
}

/// Type into a search cell and pick the match that reads `pick`.
async fn search_pick(d: &WebDriver, cell: &WebElement, typed: &str, pick: &str) {
    cell.send_keys(typed).await.unwrap();
    let xpath = format!("//button[@data-pick and normalize-space(.)='{pick}']");
    el(d, By::XPath(&xpath)).await.click().await.unwrap();
    assert_eq!(cell.value().await.unwrap().as_deref(), Some(pick));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_treasurer_and_the_chief_at_the_desk_and_what_it_refuses() {
    let Some((chromium, driver)) = browser::browser_paths("the_treasurer_and_the_chief_at_the_desk") else { return };
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let nos = books(dir.path(), &db.url);
        let (_server, base) = browser::serve(dir.path(), &db.url);
        let (_driver, d) = browser::open(&chromium, &driver, &dir.path().join("profile")).await;
        let first = db.engine == "sqlite";
        let shot = |name: &'static str| {
            let d = d.clone();
            async move {
                if first {
                    browser::shot(&d, name).await
                }
            }
        };

        // Not logged in: the login page. A wrong password is said beside the form, the name kept.
        d.goto(&base).await.unwrap();
        assert!(d.current_url().await.unwrap().path().ends_with("/login"));
        login(&d, &base, "张敏", "wrong-password").await;
        assert!(text(&d, "error").await.contains("密码不正确"), "{}", text(&d, "error").await);
        assert_eq!(d.find(By::Id("name")).await.unwrap().value().await.unwrap().as_deref(), Some("张敏"));
        shot("01-login-refused").await;

        // The treasurer's 工作台: what waits, the balances, the last actions.
        login(&d, &base, "张敏", PASSWORD).await;
        let todo = text(&d, "todo").await;
        assert!(todo.contains("待审核的草稿凭证 3 张（2025年3月 3 张）"), "{todo}");
        shot("02-desk-treasurer").await;

        // The list of March: the script in a summary is text, never run.
        d.goto(format!("{base}/vouchers?month=2025-03")).await.unwrap();
        let list = text(&d, "vouchers").await;
        assert!(list.contains("<script>window.pwned=1</script>购书"), "{list}");
        assert!(list.contains("三八节活动鲜花") && list.contains("1,200.00"), "{list}");
        let pwned = d.execute("return window.pwned === undefined", vec![]).await.unwrap();
        assert_eq!(pwned.json().as_bool(), Some(true), "the summary's script ran");
        shot("03-vouchers").await;

        // A voucher typed in the form: accounts and the activity found by their pinyin initials,
        // the balancing amount filled with "=", the totals checked as she types.
        click(&d, By::LinkText("录入凭证")).await;
        let date = el(&d, By::Id("date")).await;
        date.clear().await.unwrap();
        date.send_keys("2025-03-20").await.unwrap();
        el(&d, By::Id("summary")).await.send_keys("节日慰问品").await.unwrap();
        let accounts = d.find_all(By::Css("input.account")).await.unwrap();
        let activities = d.find_all(By::Css("input.activity")).await.unwrap();
        let debits = d.find_all(By::Css("input.debit")).await.unwrap();
        let credits = d.find_all(By::Css("input.credit")).await.unwrap();
        search_pick(&d, &accounts[0], "hyhd", "50105 会员活动支出").await;
        search_pick(&d, &activities[0], "jrww", "A05 节日慰问").await;
        debits[0].send_keys("800").await.unwrap();
        // The spending line's 经济分类, typed in its own cell.
        d.find_all(By::Css("input.econ")).await.unwrap()[0].send_keys("30229").await.unwrap();
        assert!(text(&d, "balance-check").await.contains("借贷不平：差额 800.00"));
        search_pick(&d, &accounts[1], "yhck", "102 银行存款").await;
        credits[1].send_keys("=").await.unwrap();
        assert_eq!(credits[1].value().await.unwrap().as_deref(), Some("800.00"));
        assert_eq!(text(&d, "balance-check").await, "借贷平衡");
        assert_eq!(text(&d, "sum-credit").await, "800.00");
        shot("05-voucher-form").await;
        click(&d, By::Id("save")).await;
        let saved = text(&d, "saved").await;
        assert!(saved.contains("记-202503-0004"), "{saved}");
        assert_eq!(el(&d, By::Id("date")).await.value().await.unwrap().as_deref(), Some("2025-03-20"));

        // A voucher that does not balance is refused beside its lines, with what she typed kept.
        el(&d, By::Id("summary")).await.send_keys("打印纸").await.unwrap();
        let accounts = d.find_all(By::Css("input.account")).await.unwrap();
        accounts[0].send_keys("50105").await.unwrap();
        d.find_all(By::Css("input.debit")).await.unwrap()[0].send_keys("100").await.unwrap();
        accounts[1].send_keys("102").await.unwrap();
        d.find_all(By::Css("input.credit")).await.unwrap()[1].send_keys("90").await.unwrap();
        click(&d, By::Id("save")).await;
        assert!(text(&d, "error").await.contains("借贷不平"), "{}", text(&d, "error").await);
        assert_eq!(el(&d, By::Id("summary")).await.value().await.unwrap().as_deref(), Some("打印纸"));
        let debit = d.find_all(By::Css("input.debit")).await.unwrap()[0].value().await.unwrap();
        assert_eq!(debit.as_deref(), Some("100"));
        shot("06-voucher-refused").await;

        // A receipt attached with the file picker, shown beside the voucher.
        d.goto(format!("{base}/vouchers/记-202503-0004")).await.unwrap();
        let lines = d.find(By::Css("table.lines")).await.unwrap().text().await.unwrap();
        assert!(lines.contains("A05 节日慰问（经济分类 30229）"), "{lines}");
        let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invoices/taxi-receipt.pdf");
        el(&d, By::Id("files-input")).await.send_keys(pdf.display().to_string()).await.unwrap();
        click(&d, By::Id("attach")).await;
        assert!(text(&d, "done").await.contains("已附上单据"));
        assert!(text(&d, "files").await.contains("taxi-receipt.pdf"));
        assert!(d.find(By::Css("iframe.attachment")).await.is_ok());
        // And an e-invoice dropped on the zone, as from the file manager: the page's script puts
        // it in the form and sends it.
        let xml = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invoices/books.xml")).unwrap();
        let old = d.find(By::Tag("html")).await.unwrap();
        d.execute(DROP, vec![serde_json::json!(xml), serde_json::json!("图书发票.xml")]).await.unwrap();
        old.wait_until().stale().await.unwrap();
        assert!(text(&d, "done").await.contains("已附上单据"), "{}", text(&d, "done").await);
        let files = text(&d, "files").await;
        assert!(files.contains("1. taxi-receipt.pdf") && files.contains("2. 图书发票.xml"), "{files}");
        shot("07-voucher-attached").await;

        // The bank: a file that is no statement is refused by its name, nothing imported.
        click(&d, By::LinkText("银行")).await;
        let odd = dir.path().join("名单.csv");
        std::fs::write(&odd, "姓名,部门\n张三,语文组\n").unwrap();
        el(&d, By::Id("statement-file")).await.send_keys(odd.display().to_string()).await.unwrap();
        click(&d, By::Id("upload")).await;
        let refused = text(&d, "error").await;
        assert!(refused.starts_with("名单.csv：无法识别银行流水的版式"), "{refused}");
        // The statement uploaded, read line by line before anything is written, imported.
        let file = statement(dir.path());
        el(&d, By::Id("statement-file")).await.send_keys(file.display().to_string()).await.unwrap();
        click(&d, By::Id("upload")).await;
        assert_eq!(text(&d, "will-import").await, "5");
        let dry = text(&d, "dry-run").await;
        assert!(dry.contains("对上账上凭证 记-202503-0001") && dry.contains("对上账上凭证 记-202503-0003"), "{dry}");
        assert!(dry.contains("春风花店") && dry.contains("待分类"), "{dry}");
        shot("08-bank-dry-run").await;
        click(&d, By::Id("confirm-import")).await;
        let done = text(&d, "done").await;
        assert!(done.contains("导入 5 笔") && done.contains("待分类 3 笔"), "{done}");
        shot("09-bank-imported").await;

        // The three lines left: one matched to the flowers' voucher, two classified.
        click(&d, By::LinkText("回到银行")).await;
        let pending = text(&d, "pending").await;
        assert!(pending.contains("春风花店") && pending.contains("文具店") && pending.contains("鲜花店"), "{pending}");
        let rows = d.find_all(By::Css("#pending tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 3);
        let seq_of = |who: &'static str| {
            let d = d.clone();
            async move {
                let row =
                    el(&d, By::XPath(&format!("//table[@id='pending']//tr[td[normalize-space(.)='{who}']]"))).await;
                row.attr("id").await.unwrap().unwrap().trim_start_matches("line-").to_string()
            }
        };
        let flowers = seq_of("春风花店").await;
        let choice = el(&d, By::Id(&format!("voucher-{flowers}"))).await.text().await.unwrap();
        assert!(choice.contains("记-202503-0002"), "the voucher of the same amount is offered: {choice}");
        click(&d, By::Id(&format!("match-{flowers}"))).await;
        assert!(text(&d, "done").await.contains("已与凭证对应"));
        let stationery = seq_of("文具店").await;
        let row = el(&d, By::Id(&format!("line-{stationery}"))).await;
        let cell = row.find(By::Css("input.account")).await.unwrap();
        search_pick(&d, &cell, "wthd", "50102 文体活动支出").await;
        click(&d, By::Id(&format!("classify-{stationery}"))).await;
        assert!(text(&d, "done").await.contains("已生成凭证"));
        let visit = seq_of("鲜花店").await;
        let row = el(&d, By::Id(&format!("line-{visit}"))).await;
        let cell = row.find(By::Css("input.activity")).await.unwrap();
        search_pick(&d, &cell, "jrww", "A05 节日慰问").await;
        click(&d, By::Id(&format!("classify-{visit}"))).await;
        assert!(text(&d, "done").await.contains("已生成凭证"));
        assert!(d.find(By::Id("pending")).await.is_err(), "no line left pending");
        shot("10-bank-pending-done").await;

        // Her own draft: no review button for its preparer.
        d.goto(format!("{base}/vouchers/{}", nos[1])).await.unwrap();
        assert!(d.find(By::Id("act-review")).await.is_err(), "the preparer may not review her own voucher");
        assert!(d.find(By::Id("act-void")).await.is_ok());
        logout(&d).await;

        // The 会计主管 follows the 工作台's link, reviews and posts.
        login(&d, &base, "刘洋", PASSWORD).await;
        click(&d, By::LinkText("待审核的草稿凭证 6 张（2025年3月 6 张）")).await;
        let list = text(&d, "vouchers").await;
        assert!(list.contains(&nos[0]) && list.contains(&nos[2]), "{list}");
        click(&d, By::LinkText(&nos[0])).await;
        click(&d, By::Id("act-review")).await;
        assert!(text(&d, "done").await.contains("已审核"));
        assert_eq!(text(&d, "status").await, "已审核");
        click(&d, By::Id("act-post")).await;
        assert!(text(&d, "done").await.contains("已记账"));
        assert_eq!(text(&d, "status").await, "已记账");
        shot("04-voucher-posted").await;

        // A form without the CSRF token is refused, and nothing changes.
        assert_eq!(post(&d, &format!("/vouchers/{}/review", nos[1]), &[]).await, 403);
        d.goto(format!("{base}/vouchers/{}", nos[1])).await.unwrap();
        assert_eq!(text(&d, "status").await, "草稿");

        // The rest of March ticked on the list: reviewed together, then posted together.
        d.goto(format!("{base}/vouchers?month=2025-03&status=draft")).await.unwrap();
        el(&d, By::Id("tick-all")).await.click().await.unwrap();
        click(&d, By::Id("review-ticked")).await;
        assert_eq!(text(&d, "done").await, "已审核 5 张凭证");
        d.goto(format!("{base}/vouchers?month=2025-03&status=reviewed")).await.unwrap();
        el(&d, By::Id("tick-all")).await.click().await.unwrap();
        click(&d, By::Id("post-ticked")).await;
        assert!(text(&d, "done").await.starts_with("已记账 5 张凭证"), "{}", text(&d, "done").await);
        logout(&d).await;

        // The treasurer reconciles March (the 800.00 paid by the bank later is the one item left)
        // and closes it.
        login(&d, &base, "张敏", PASSWORD).await;
        d.goto(format!("{base}/bank/reconcile?month=2025-03")).await.unwrap();
        assert_eq!(text(&d, "bank").await, "2,994.00");
        assert_eq!(text(&d, "book").await, "2,194.00");
        assert_eq!(text(&d, "difference").await, "0.00");
        assert_eq!(text(&d, "agrees").await, "调节后相符");
        assert!(text(&d, "adjust").await.contains("记-202503-0004"));
        shot("11-reconcile").await;
        click(&d, By::LinkText("结账")).await;
        d.goto(format!("{base}/close?month=2025-03")).await.unwrap();
        let checks = text(&d, "month-checks").await;
        assert!(!checks.contains('✗'), "{checks}");
        click(&d, By::Id("close-month")).await;
        assert!(text(&d, "done").await.contains("已结账"));
        assert!(text(&d, "closed").await.contains("张敏"));
        shot("12-close").await;
        logout(&d).await;

        // A member of the 经审会 may not reverse a voucher: a forged POST with a valid token gets
        // 403, and no reversal appears.
        login(&d, &base, "陈静", PASSWORD).await;
        assert!(d.find(By::LinkText("录入凭证")).await.is_err(), "the menu shows only what the role may do");
        d.goto(format!("{base}/vouchers/{}", nos[1])).await.unwrap();
        assert!(d.find(By::Id("act-reverse")).await.is_err());
        let token = csrf(&d).await;
        assert_eq!(post(&d, &format!("/vouchers/{}/reverse", nos[1]), &[("csrf", &token)]).await, 403);
        d.goto(format!("{base}/vouchers/{}", nos[1])).await.unwrap();
        assert_eq!(text(&d, "status").await, "已记账");
        assert!(!d.source().await.unwrap().contains("冲销凭证："));

        // SQLite: the database file alone holds what the desk wrote (no waiting log).
        if first {
            std::fs::copy(&db.url, dir.path().join("copy.db")).unwrap();
            let listed = ok(dir.path(), &["--db", "copy.db", "voucher", "list", "--status", "posted"]);
            assert!(listed.contains(&nos[0]), "{listed}");
        }
        d.quit().await.unwrap();
    }
}

/// The desk listens on this computer only, unless told `--insecure-lan` (and then says why it is
/// risky); a port already taken is said in Chinese.
#[test]
fn the_desk_stays_on_this_computer_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["init", "--name", "测试学校工会", "--code", "school", "--year", "2025"]);
    let e = common::cli::fails(dir.path(), &["serve", "--listen", "0.0.0.0:0"]);
    assert!(e.contains("--insecure-lan") && e.contains("明文 HTTP"), "{e}");
    let e = common::cli::fails(dir.path(), &["serve", "--listen", "本机"]);
    assert!(e.contains("不是地址:端口"), "{e}");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let e = common::cli::fails(dir.path(), &["serve", "--listen", &format!("127.0.0.1:{port}")]);
    assert!(e.contains("无法在") && e.contains("端口被占用"), "{e}");
    // Stopped as a service manager stops it (SIGTERM): it says so, exits 0, and the database
    // file is left whole, without its write-ahead log beside it.
    #[cfg(unix)]
    {
        drop(taken);
        let mut c = common::cli::command(dir.path(), &["serve", "--listen", &format!("127.0.0.1:{port}")]);
        let mut child = c.stdout(std::process::Stdio::piped()).spawn().unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        assert!(line.contains(&format!("网页工作台：http://127.0.0.1:{port}/")), "{line}");
        let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
        assert_eq!(status.code(), Some(0), "{rest}");
        assert!(rest.contains("网页工作台已停止"), "{rest}");
        assert!(!dir.path().join("gonghui.db-wal").exists(), "the log was folded into the file");
    }
}

/// One treasurer keeping the books of two unions: the switcher lists both, and each page then
/// shows the union chosen — its vouchers, not the other's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_treasurer_of_two_unions_switches_between_them() {
    let Some((chromium, driver)) = browser::browser_paths("a_treasurer_of_two_unions_switches_between_them") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("books.db").display().to_string();
    let run = |org: &str, user: &str, args: &[&str]| {
        let mut c = common::cli::command(dir.path(), &["--db", &db, "--org", org, "--user", user]);
        c.args(args).env("GONGHUI_NEW_PASSWORD", PASSWORD);
        let o = c.output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    for (code, name) in [("school", "第一中学工会"), ("clinic", "社区医院工会")] {
        run(code, "王主席", &["init", "--name", name, "--code", code, "--year", "2025"]);
        run(code, "王主席", &["users", "add", "张敏", "--role", "会计"]);
        let summary = format!("{name}的三八节鲜花");
        run(
            code,
            "张敏",
            &["voucher", "add", "--date", "2025-03-08", "--summary", &summary, "--dr", "50102=100", "--cr", "101=100"],
        );
    }
    let (_server, base) = browser::serve(dir.path(), &db);
    let (_driver, d) = browser::open(&chromium, &driver, &dir.path().join("profile")).await;
    login(&d, &base, "张敏", PASSWORD).await;
    let options = d.find_all(By::Css("select[name=org] option")).await.unwrap();
    assert_eq!(options.len(), 2, "both unions are offered");
    d.goto(format!("{base}/vouchers?month=2025-03")).await.unwrap();
    let first = text(&d, "vouchers").await;
    let other = if first.contains("第一中学工会的三八节鲜花") { "clinic" } else { "school" };
    assert!(!first.contains(if other == "clinic" { "社区医院工会的" } else { "第一中学工会的" }));
    let pick = format!("select[name=org] option[value='{other}']");
    let old = d.find(By::Tag("html")).await.unwrap();
    el(&d, By::Css(&pick)).await.click().await.unwrap();
    old.wait_until().stale().await.unwrap();
    d.goto(format!("{base}/vouchers?month=2025-03")).await.unwrap();
    let now = text(&d, "vouchers").await;
    let expect =
        if other == "clinic" { "社区医院工会的三八节鲜花" } else { "第一中学工会的三八节鲜花" };
    assert!(now.contains(expect) && now != first, "{now}");
    d.quit().await.unwrap();
}

/// Three wrong passwords at the login page, and the fourth try waits even with the right one:
/// the page says how long, and no session is given. (Through the desk's router, no browser.)
#[tokio::test]
async fn the_login_page_pauses_after_three_wrong_passwords() {
    use axum::body::Body;
    use axum::http::{header, Request, StatusCode};
    use tower::ServiceExt;
    for db in databases().await {
        let store = gonghui::store::Store::open(&db.url).await.unwrap();
        let org = gonghui::ops::setup::init(&store, "school", "测试学校工会", "", Some(2025), "王主席").await.unwrap();
        let ctx = gonghui::ops::Ctx { store: store.handle(), org, user: "王主席".into() };
        use gonghui::ledger::roles::Role;
        gonghui::ops::users::add(&ctx, "王主席", &[Role::Chair, Role::Admin], Some(PASSWORD)).await.unwrap();
        gonghui::ops::users::add(&ctx, "张敏", &[Role::Accountant], Some(PASSWORD)).await.unwrap();
        let app = gonghui::web::router(store.handle());
        let try_login = |password: &str| {
            let app = app.clone();
            let body = format!("name=%E5%BC%A0%E6%95%8F&password={password}&nonce=n0nce");
            async move {
                let req = Request::post("/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, "gonghui_login=n0nce")
                    .body(Body::from(body))
                    .unwrap();
                let res = app.oneshot(req).await.unwrap();
                let (status, session) = (
                    res.status(),
                    res.headers().get_all(header::SET_COOKIE).iter().any(|c| {
                        c.to_str().unwrap().starts_with("gonghui_session=")
                            && !c.to_str().unwrap().starts_with("gonghui_session=;")
                    }),
                );
                let page = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
                (status, session, String::from_utf8_lossy(&page).to_string())
            }
        };
        for n in 1..=3 {
            let (status, session, page) = try_login("wrong-one").await;
            assert!(!status.is_success() && !session, "{}: try {n}", db.engine);
            assert!(page.contains("张敏 的密码不正确"), "{}: {page}", db.engine);
            if n == 3 {
                assert!(page.contains("已连续 3 次，请 30 秒后再试"), "{}: {page}", db.engine);
            }
        }
        let (status, session, page) = try_login(PASSWORD).await;
        assert!(!session, "{}: no session while paused", db.engine);
        assert_ne!(status, StatusCode::SEE_OTHER);
        assert!(page.contains("已连续 3 次密码错误") && page.contains("秒后再试"), "{}: {page}", db.engine);
        assert!(page.contains("value=\"张敏\""), "{}: the name stays typed", db.engine);
        drop(app);
        store.close().await;
    }
}
