//! End-to-end: the binary as a treasurer and a script use it, on temporary SQLite files.

mod common;

use common::cli::{add, books_with_dues, db_bytes_dump, fails, gh, init, ok};
use std::path::Path;
use std::process::Command;

#[test]
fn add_prints_json_for_scripts_and_bad_flags_change_nothing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    let out = ok(
        d,
        &[
            "voucher",
            "add",
            "--date",
            "2025-03-08",
            "--summary",
            "三八节活动",
            "--dr",
            "50102=1200.00@A03",
            "--cr",
            "102=1200.00",
            "--attachments",
            "3",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v, serde_json::json!({"no": "记-202503-0001", "status": "draft"}));
    let before = db_bytes_dump(d);
    let cases: &[(&[&str], &str)] = &[
        (&["--dr", "50102=1200.00", "--cr", "102=1100.00"], "借贷不平"),
        (&["--dr", "50102=12.345", "--cr", "102=12.345"], "两位小数"),
        (&["--dr", "50102:1200", "--cr", "102=1200"], "格式不对"),
        (&["--dr", "1002=10", "--cr", "102=10"], "不存在"),
        (&["--dr", "501=10", "--cr", "102=10"], "末级科目"),
        (&["--dr", "50102=0", "--cr", "102=0"], "金额为零"),
        (&["--dr", "50102=-5", "--cr", "102=-5"], "为负"),
    ];
    for (flags, why) in cases {
        let mut args = vec!["voucher", "add", "--date", "2025-03-09", "--summary", "测试"];
        args.extend_from_slice(flags);
        let err = fails(d, &args);
        assert!(err.contains(why) && err.starts_with("错误："), "{flags:?}: {err}");
    }
    assert_eq!(before, db_bytes_dump(d));
    // A usage error is exit status 2.
    assert_eq!(gh(d, &["voucher", "add", "--date", "2025-03-09"]).status.code(), Some(2));
}

#[test]
fn voucher_import_names_the_bad_line_and_imports_nothing() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    let good = "凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码,附件数\n\
                1,2025-03-02,收到会费,102,\"5,400.00\",,,1\n\
                1,2025-03-02,收到会费,401,,5400,,\n\
                2,2025-03-08,三八节活动,50102,1200,,A03,3\n\
                2,2025-03-08,三八节活动,102,,1200,,\n";
    // GBK, as Excel on Chinese Windows saves it.
    let (gbk, _, _) = encoding_rs::GBK.encode(good);
    std::fs::write(d.join("good.csv"), &gbk).unwrap();
    let out = ok(d, &["voucher", "import", "good.csv"]);
    assert!(out.contains("已导入 2 张凭证"), "{out}");
    let before = db_bytes_dump(d);
    let bad = good
        .replace("2,2025-03-08,三八节活动,102,,1200,,", "2,2025-03-08,三八节活动,102,,12.001,,")
        .replace("2025-03", "2025-04");
    std::fs::write(d.join("bad.csv"), bad).unwrap();
    let err = fails(d, &["voucher", "import", "bad.csv"]);
    assert!(err.contains("bad.csv 第 5 行") && err.contains("贷方金额") && err.contains("两位小数"), "{err}");
    let unbalanced = good.replace("102,,1200,,", "102,,1100,,").replace("2025-03", "2025-04");
    std::fs::write(d.join("unbalanced.csv"), unbalanced).unwrap();
    let err = fails(d, &["voucher", "import", "unbalanced.csv"]);
    assert!(
        err.contains("unbalanced.csv 第 4 行") && err.contains("借贷不平") && err.contains("整个文件未导入"),
        "{err}"
    );
    let unknown = good.replace("50102,1200", "1002,1200").replace("2025-03", "2025-04");
    std::fs::write(d.join("unknown.csv"), unknown).unwrap();
    let err = fails(d, &["voucher", "import", "unknown.csv"]);
    assert!(err.contains("unknown.csv 第 4 行") && err.contains("1002"), "{err}");
    assert_eq!(before, db_bytes_dump(d), "a refused file imports nothing");
    let list = ok(d, &["voucher", "list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["no"], "记-202503-0001");
    assert_eq!(list[0]["status"], "draft");
}

#[test]
fn review_post_close_and_report_csv_conventions() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    add(d, "2025-03-02", "收到会费", "102=5400.00", "401=5400.00");
    add(d, "2025-03-08", "三八节活动", "50102=1234.56@A03", "102=1234.56");
    assert!(fails(d, &["voucher", "review", "--all"]).contains("另一人"));
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    ok(d, &["close", "--month", "2025-03"]);
    let err =
        fails(d, &["voucher", "add", "--date", "2025-03-30", "--summary", "补记", "--dr", "50102=1", "--cr", "102=1"]);
    assert!(err.contains("已结账"), "{err}");
    ok(d, &["report", "trial-balance", "--year", "2025", "--format", "csv", "--out", "tb.csv"]);
    let bytes = std::fs::read(d.join("tb.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "科目编码,科目名称,期初借方,期初贷方,本期借方,本期贷方,期末借方,期末贷方");
    assert!(lines.contains(&"102,银行存款,0.00,0.00,5400.00,1234.56,4165.44,0.00"), "{text}");
    assert_eq!(*lines.last().unwrap(), "合计,,0.00,0.00,6634.56,6634.56,5400.00,5400.00");
    let json = ok(d, &["report", "trial-balance", "--month", "2025-03", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["sections"][0]["rows"][0]["本期借方"], "5400.00");
    let ledger = ok(d, &["report", "ledger", "--account", "102", "--year", "2025", "--format", "csv"]);
    assert!(ledger.contains("本月合计") && ledger.contains("4165.44"), "{ledger}");
    let journal = ok(d, &["report", "序时账", "--year", "2025", "--format", "csv"]);
    assert!(journal.contains("记-202503-0002") && journal.lines().last().unwrap().starts_with("合计"));
    assert!(ok(d, &["verify"]).contains("校验通过"));
}

#[test]
fn verify_finds_an_amount_changed_directly_in_the_sqlite_file() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    // The waiver needs two people: asked for by one, in force once another confirms it.
    let asked = ok(d, &["settings", "review_waiver", "on", "--reason", "本会仅一名兼职财务"]);
    assert!(asked.contains("尚未生效"), "{asked}");
    ok(d, &["--user", "王主席", "settings", "review_waiver", "on", "--reason", "经委员会决定"]);
    for day in 1..=3 {
        let date = format!("2025-03-0{day}");
        ok(
            d,
            &["voucher", "add", "--date", &date, "--summary", "支出", "--dr", "50102=100", "--cr", "102=100", "--post"],
        );
    }
    assert!(ok(d, &["verify"]).contains("3 张"));
    // Someone opens the file with a SQLite tool, removes the guard and edits an amount.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = format!("sqlite:{}", d.join("gonghui.db").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::raw_sql("DROP TRIGGER entries_upd; UPDATE entries SET debit = 90000, credit = 0 WHERE voucher_id = 2 AND line_no = 1; UPDATE entries SET credit = 90000 WHERE voucher_id = 2 AND line_no = 2;")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let err = fails(d, &["verify"]);
    assert!(err.contains("首个异常凭证 记-202503-0002") && err.contains("哈希不符"), "{err}");
}

#[test]
fn hledger_agrees_with_the_trial_balance_on_the_demo() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let out = ok(d, &["demo", "--out", "demo"]);
    assert!(out.contains("试算平衡"), "{out}");
    let reports = d.join("demo/reports");
    for f in [
        "trial-balance-科目余额表.csv",
        "journal-序时账.csv",
        "ledger-明细账.csv",
        "bank-journal-银行存款日记账.csv",
        "cash-journal-库存现金日记账.csv",
    ] {
        assert!(reports.join(f).exists(), "{f}");
    }
    // The 总账 (printed with the demo) agrees with the trial balance: for every first-level
    // account that moved, the last 本年累计 and balance are the year's debits, credits and closing
    // balance (a month without movement has no line).
    let general = std::fs::read_to_string(reports.join("general-ledger-总账.csv")).unwrap();
    let trial = std::fs::read_to_string(reports.join("trial-balance-科目余额表.csv")).unwrap();
    let mut accounts = 0;
    for line in
        trial.lines().filter(|l| l.len() > 4 && l.as_bytes()[3] == b',' && l[..3].bytes().all(|b| b.is_ascii_digit()))
    {
        let f: Vec<&str> = line.split(',').collect();
        let (code, debit, credit, closing_dr, closing_cr) = (f[0], f[4], f[5], f[6], f[7]);
        let table = general.split(&format!("科目：{code} ")).nth(1).unwrap_or_else(|| panic!("{code} in the 总账"));
        let last = table
            .lines()
            .take_while(|l| !l.starts_with('"') && !l.starts_with("科目："))
            .filter(|l| l.contains(",本年累计,"))
            .last();
        let closing = if closing_dr != "0.00" {
            format!("借,{closing_dr}")
        } else if closing_cr != "0.00" {
            format!("贷,{closing_cr}")
        } else {
            "平,0.00".into()
        };
        if debit == "0.00" && credit == "0.00" {
            continue;
        }
        let last = last.unwrap_or_else(|| panic!("{code}: 本年累计 in {table}"));
        assert!(last.ends_with(&format!(",{debit},{credit},{closing}")), "{code}: {last} against {line}");
        accounts += 1;
    }
    assert!(accounts >= 10, "{accounts} accounts compared");
    if Command::new("hledger").arg("--version").output().is_err() {
        eprintln!("hledger is not installed: skipping the hledger agreement check (CI installs it)");
        return;
    }
    let db = d.join("demo/gonghui.db").display().to_string();
    ok(d, &["--db", &db, "export", "hledger", "--out", "demo.journal"]);
    let o = Command::new("hledger")
        .current_dir(d)
        .args(["-f", "demo.journal", "bal", "--flat", "--no-total", "-E", "-O", "csv"])
        .output()
        .unwrap();
    assert!(o.status.success(), "hledger: {}", String::from_utf8_lossy(&o.stderr));
    let hl = String::from_utf8(o.stdout).unwrap();
    let mut from_hledger = std::collections::BTreeMap::new();
    for line in hl.lines().skip(1) {
        let cells: Vec<String> = line.split("\",\"").map(|c| c.trim_matches('"').to_string()).collect();
        let code = cells[0].split(':').nth(1).unwrap().split(' ').next().unwrap().to_string();
        let amount = gonghui::money::Amount::parse(cells[1].trim_end_matches("CNY")).unwrap();
        from_hledger.insert(code, amount);
    }
    let tb = ok(d, &["--db", &db, "report", "trial-balance", "--year", "2025", "--format", "csv"]);
    let mut checked = 0;
    for line in tb.trim_start_matches('\u{feff}').lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c[0] == "合计" {
            continue;
        }
        let closing = gonghui::money::Amount::parse(c[6]).unwrap() - gonghui::money::Amount::parse(c[7]).unwrap();
        // hledger lists leaf accounts; compare each leaf, and the first-level rows via their leaves.
        if let Some(h) = from_hledger.get(c[0]) {
            assert_eq!(*h, closing, "account {}", c[0]);
            checked += 1;
        } else {
            let sum: gonghui::money::Amount =
                from_hledger.iter().filter(|(k, _)| k.starts_with(c[0])).map(|(_, v)| *v).sum();
            assert_eq!(sum, closing, "account {} (sum of its detail accounts)", c[0]);
        }
    }
    assert_eq!(checked, from_hledger.len(), "every account hledger shows is in the trial balance");
    assert!(checked >= 10);
}

#[test]
fn reports_print_to_pdf_from_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    let err = fails(d, &["report", "trial-balance", "--format", "pdf"]);
    assert!(err.contains("--out"), "{err}");
    ok(d, &["report", "trial-balance", "--year", "2025", "--out", "科目余额表.pdf"]);
    let pdf = std::fs::read(d.join("科目余额表.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("科目余额表") && text.contains("测试学校工会") && text.contains("5,400.00"), "{text}");
    let err = fails(d, &["--font", "nope.ttf", "report", "trial-balance", "--out", "x.pdf"]);
    assert!(err.contains("nope.ttf"), "{err}");
    assert!(!d.join("x.pdf").exists(), "nothing half-written");
}

#[test]
fn the_demo_allocation_report_shows_the_late_and_the_short_month_made_up() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["demo", "--out", "demo"]);
    let db = d.join("demo/gonghui.db").display().to_string();
    let csv = ok(d, &["--db", &db, "report", "allocation", "--year", "2025", "--format", "csv"]);
    let rows: Vec<Vec<&str>> = csv.trim_start_matches('\u{feff}').lines().map(|l| l.split(',').collect()).collect();
    let at = rows[0].iter().position(|c| *c == "累计欠缴").unwrap();
    let arrears = |month: &str| rows.iter().find(|r| r[0] == month).unwrap()[at].to_string();
    assert_eq!(arrears("2025-04"), "0.00");
    assert_ne!(arrears("2025-05"), "0.00", "May unpaid at its month end");
    assert_eq!(arrears("2025-05"), arrears("2025-06"), "still unpaid at June's end");
    assert_eq!(arrears("2025-07"), "0.00", "paid in July");
    assert_eq!(arrears("2025-09"), "2000.00", "September paid short");
    assert_eq!(arrears("2025-11"), "2000.00", "still short at November's end");
    assert_eq!(arrears("2025-12"), "0.00", "made up in December");
    assert_eq!(rows.last().unwrap()[0], "合计");
    assert_eq!(rows.last().unwrap()[at], "0.00", "no arrears at year end");
    let owed = rows[0].iter().position(|c| *c == "应上解未上解（211）").unwrap();
    assert_eq!(rows.last().unwrap()[owed], "0.00", "the upward share all remitted, as 211 in the trial balance");
    // Remitted quarterly: at February's end 211 holds January's and February's upward share.
    let up = rows[0].iter().position(|c| *c == "应上解").unwrap();
    let fen = |month: &str, col: usize| -> i64 {
        (rows.iter().find(|r| r[0] == month).unwrap()[col].parse::<f64>().unwrap() * 100.0).round() as i64
    };
    assert!(fen("2025-01", up) > 0);
    assert_eq!(fen("2025-02", owed), fen("2025-01", up) + fen("2025-02", up));
    assert_eq!(fen("2025-03", owed), 0, "the first quarter remitted in March");
    let table = ok(d, &["--db", &db, "report", "经费拨缴情况表", "--year", "2025"]);
    assert!(
        table.contains("2025年5月的拨缴款逾期到账")
            && table.contains("2025年9月的拨缴款逾期到账（应于次月末前到账，最后到账 2025-12-10）"),
        "{table}"
    );
    assert!(d.join("demo/reports/allocation-经费拨缴情况表.pdf").exists());
    // Each remittance with its date and the upper union's receipt number; December's has not
    // come back yet.
    let at = rows[0].iter().position(|c| *c == "上解日期及收据号").unwrap();
    let remitted = |month: &str| rows.iter().find(|r| r[0] == month).unwrap()[at].to_string();
    assert_eq!(remitted("2025-03"), "03-25 No.2025-0313");
    assert_eq!(remitted("2025-04"), "");
    assert_eq!(remitted("2025-12"), "12-25 收据号未录入");
    assert!(table.contains("1 笔上解款尚未录入"), "{table}");
    // The due date is a setting: by the 15th, May and September are still late, and so is any
    // month paid between the 16th and the month's end.
    let e = fails(d, &["--db", &db, "settings", "allocation_due", "31"]);
    assert!(e.contains("1–28"), "{e}");
    ok(d, &["--db", &db, "--user", "王建国", "settings", "allocation_due", "15"]);
    let table = ok(d, &["--db", &db, "report", "经费拨缴情况表", "--year", "2025"]);
    assert!(table.contains("（应于次月 15 日前到账，最后到账 2025-12-10）"), "{table}");
    let e = fails(d, &["--db", &db, "allocation", "remit", "--amount", "100", "--receipt", "收据 12 号！"]);
    assert!(e.contains("收据号“收据 12 号！”不对"), "{e}");
    // A voucher printed carries its total in capitals and the boxes of who signs it.
    let pdf = d.join("v.pdf");
    ok(d, &["--db", &db, "voucher", "show", "202509-7", "--out", pdf.to_str().unwrap()]);
    let text = common::pdf_pages(&std::fs::read(&pdf).unwrap()).concat().replace('\n', "");
    assert!(text.contains("合计（人民币大写：叁万玖仟陆佰元整）"), "{text}");
    for role in ["会计主管", "记账", "出纳", "审核", "制单"] {
        assert!(text.contains(&format!("{role}：")), "{role}: {text}");
    }
}

#[test]
fn payroll_and_allocation_from_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    std::fs::write(d.join("p.csv"), "月份,工资总额,职工人数,会员人数,会费基数\n2025-01,1500000,130,120,1000000\n2025-02,1500000.001,130,120,1000000\n").unwrap();
    let before = db_bytes_dump(d);
    let err = fails(d, &["payroll", "import", "p.csv"]);
    assert!(err.contains("p.csv 第 3 行") && err.contains("工资总额"), "{err}");
    assert_eq!(before, db_bytes_dump(d));
    std::fs::write(d.join("p.csv"), "月份,工资总额,职工人数,会员人数,会费基数\n2025-01,1500000,130,120,1000000\n")
        .unwrap();
    assert!(ok(d, &["payroll", "import", "p.csv"]).contains("新增 1 个月"));
    let err = fails(d, &["allocation", "settings", "--year", "2025", "--retention", "150%"]);
    assert!(err.contains("0–100%"), "{err}");
    let out = ok(d, &["allocation", "settings", "--year", "2025", "--retention", "70%"]);
    assert!(out.contains("留成 70%") && out.contains("上解 30%"), "{out}");
    let out = ok(
        d,
        &[
            "allocation",
            "receive",
            "--month",
            "2025-01",
            "--amount",
            "30000.00",
            "--date",
            "2025-01-10",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["status"], "draft");
    let show = ok(d, &["voucher", "show", v["no"].as_str().unwrap(), "--format", "csv"]);
    assert!(show.contains("402 拨缴经费收入,,,21000.00") && show.contains("211 应付上级经费,,,9000.00"), "{show}");
}

#[test]
fn the_demo_audit_lists_exactly_its_planted_violations() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let out = ok(d, &["demo", "--out", "demo"]);
    assert!(out.contains("发现 7 个问题"), "{out}");
    let db = d.join("demo/gonghui.db").display().to_string();
    let json = ok(d, &["--db", &db, "audit", "--year", "2025", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let mut found: Vec<(String, String)> = list
        .iter()
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["amount"].as_str().unwrap().to_string()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("administration_cost".to_string(), "4500.00".to_string()), // the 教代会's costs (issue 22)
            ("benefit_cap".to_string(), "100.00".to_string()),          // one birthday voucher of 600 against 500
            ("benefit_eligibility".to_string(), "400.00".to_string()),  // a retiree on the 春节 list
            ("benefit_form".to_string(), "39600.00".to_string()),       // 中秋 gifts as shopping cards
            ("budget_none".to_string(), "3600.00".to_string()),         // 职工书屋 without a budget
            ("collective_decision".to_string(), "18000.00".to_string()), // the gym equipment without minutes
            ("festival_other".to_string(), "36000.00".to_string()),     // 教师节 gifts (issue 22)
            ("reopened".to_string(), "0.00".to_string()),               // June reopened for a missed refund: a 提示
        ]
    );
    let (info, problems): (Vec<_>, Vec<_>) = list.iter().partition(|f| f["rule"] == "reopened");
    assert!(problems.iter().all(|f| !f["vouchers"].as_array().unwrap().is_empty()));
    // Severity by rule, raised at the pack's amount: 100 over a birthday cap is not 严重.
    let rated: std::collections::BTreeMap<&str, &str> =
        problems.iter().map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap())).collect();
    assert_eq!(
        rated.into_iter().collect::<Vec<_>>(),
        [
            ("administration_cost", "low"),
            ("benefit_cap", "medium"),
            ("benefit_eligibility", "medium"),
            ("benefit_form", "high"),
            ("budget_none", "medium"),
            ("collective_decision", "high"),
            ("festival_other", "high")
        ]
    );
    assert!(info[0]["severity"] == "info" && info[0]["message"].as_str().unwrap().contains("短信服务费"), "{info:?}");
    let disposed: Vec<_> = list.iter().filter(|f| !f["disposition"].is_null()).collect();
    // The refund of the birthday money (已整改), and the 教师节 gifts and 教代会 costs accepted and
    // entered in the 整改台账 (issue 22, point 6).
    let mut outcomes: Vec<(&str, &str)> =
        disposed.iter().map(|f| (f["rule"].as_str().unwrap(), f["disposition"]["outcome"].as_str().unwrap())).collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        [("administration_cost", "rectified"), ("benefit_cap", "rectified"), ("festival_other", "accepted")],
        "the demo's dispositions"
    );
    let ledger = ok(d, &["--db", &db, "audit", "rectification", "--year", "2025", "--format", "csv"]);
    assert!(ledger.contains("王建国（工会主席）") && ledger.contains("校办发〔2026〕3号"), "{ledger}");
    // --strict: exit status 3 with a high-severity finding.
    assert_eq!(gh(d, &["--db", &db, "audit", "--year", "2025", "--strict"]).status.code(), Some(3));
    // A disposition from the command line; a bad outcome is refused with exit status 1.
    let key = list[1]["key"].as_str().unwrap();
    let e = fails(d, &["--db", &db, "audit", "--year", "2025", "--dispose", key, "--as", "maybe", "--note", "x"]);
    assert!(e.contains("rectified"), "{e}");
    // The treasurer cannot record the committee's decision; its member 陈静 does (issue 17).
    let e = fails(d, &["--db", &db, "audit", "--year", "2025", "--dispose", key, "--as", "explained", "--note", "x"]);
    assert!(e.contains("须由经审委员办理"), "{e}");
    ok(
        d,
        &[
            "--db",
            &db,
            "--user",
            "陈静",
            "audit",
            "--year",
            "2025",
            "--dispose",
            key,
            "--as",
            "explained",
            "--note",
            "已作说明",
        ],
    );
    let table = ok(d, &["--db", &db, "audit", "--year", "2025"]);
    assert!(table.contains("已作说明：已作说明"), "{table}");
    // The reports exist as CSV and PDF, and the disclosure names no member.
    for name in [
        "audit-review-经费审查委员会审查报告",
        "departure-工会主席离任经济责任审计报告",
        "disclosure-工会经费收支情况公开",
        "welfare-福利慰问发放汇总表",
    ] {
        assert!(d.join(format!("demo/reports/{name}.pdf")).exists(), "{name}");
        assert!(d.join(format!("demo/reports/{name}.csv")).exists(), "{name}");
    }
    let disclosure = std::fs::read_to_string(d.join("demo/reports/disclosure-工会经费收支情况公开.csv")).unwrap();
    for private in ["老师", "郑桂兰", "E0", "住院慰问金（"] {
        assert!(!disclosure.contains(private), "the disclosure shows {private}");
    }
    assert!(disclosure.contains("住院") && disclosure.contains("2200.00"), "hospital visits in aggregate");
}

#[test]
fn members_import_refuses_a_bad_file_with_its_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    std::fs::write(
        d.join("m.csv"),
        "工号,姓名,部门,入会日期,状态\nE001,张三,语文组,2010-09-01,在职\nE002,李四,数学组,2010-13-01,在职\n",
    )
    .unwrap();
    let before = db_bytes_dump(d);
    let e = fails(d, &["members", "import", "m.csv"]);
    assert!(e.contains("m.csv 第 3 行") && e.contains("入会日期"), "{e}");
    assert_eq!(db_bytes_dump(d), before);
    std::fs::write(d.join("m.csv"), "工号,姓名,部门,入会日期,状态\nE001,张三,语文组,2010-09-01,在职\n").unwrap();
    assert!(ok(d, &["members", "import", "m.csv"]).contains("新增 1 人"));
}

/// Run and expect exit status 2 (a usage error); return stderr.
fn usage_error(dir: &Path, args: &[&str]) -> String {
    let o = gh(dir, args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn the_command_line_speaks_chinese_clap_included() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let english = ["Usage:", "Options:", "Commands:", "Arguments:", "Print help", "error:", "[default:", "tip:"];
    for args in [&["--help"][..], &["voucher", "--help"], &["voucher", "add", "--help"], &["report", "--help"]] {
        let help = ok(d, args);
        assert!(help.contains("用法：") && help.contains("显示帮助"), "{args:?}: {help}");
        for w in english {
            assert!(!help.contains(w), "{args:?} shows “{w}”: {help}");
        }
    }
    let cases: &[(&[&str], &str)] = &[
        (&["vouchr"], "没有“vouchr”这个命令；是不是要用“voucher”？"),
        (&["voucher", "add", "--date", "2025-03-08"], "缺少必需的参数：--summary"),
        (&["report", "trial-balance", "--year", "二〇二五"], "--year <年度> 的值“二〇二五”无效：应为整数"),
        (&["--format", "xml", "verify"], "可选：table、csv、json、pdf"),
        (&["voucher", "add", "--bogus", "1"], "不认识的选项或参数“--bogus”"),
    ];
    for (args, said) in cases {
        let err = usage_error(d, args);
        assert!(err.starts_with("错误：") && err.contains(said), "{args:?}: {err}");
        for w in english {
            assert!(!err.contains(w), "{args:?} shows “{w}”: {err}");
        }
    }
    // An OS error is explained, not passed on in English.
    init(d);
    let err = fails(d, &["voucher", "import", "没有这个文件.csv"]);
    assert!(err.contains("找不到该文件或文件夹") && !err.contains("No such file"), "{err}");
}

#[test]
fn mistakes_are_put_right_from_the_command_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    add(d, "2025-03-02", "收到会费", "102=5400", "401=5400");
    // Typed twice: saved, the JSON keeps its shape, the warning goes to stderr with the other number.
    let o = gh(
        d,
        &[
            "voucher",
            "add",
            "--date",
            "2025-03-02",
            "--summary",
            "收到会费",
            "--dr",
            "102=5400",
            "--cr",
            "401=5400",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v, serde_json::json!({"no": "记-202503-0002", "status": "draft"}));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("疑似重复") && err.contains("记-202503-0001"), "{err}");
    // The double voided (a reason required), the first edited under its number.
    assert!(fails(d, &["voucher", "void", "记-202503-0002", "--reason", " "]).contains("理由"));
    ok(d, &["voucher", "void", "记-202503-0002", "--reason", "重复录入"]);
    ok(
        d,
        &[
            "voucher",
            "edit",
            "记-202503-0001",
            "--date",
            "2025-03-03",
            "--summary",
            "收到3月会费",
            "--dr",
            "102=5500",
            "--cr",
            "401=5500",
        ],
    );
    let list = ok(d, &["voucher", "list", "--format", "csv"]);
    assert!(list.contains("记-202503-0001,2025-03-03,收到3月会费,5500.00"), "{list}");
    assert!(list.contains("记-202503-0002") && list.contains("作废"), "{list}");
    // A month not yet ended (today is 15 January 2027) is not closed, and nothing is locked.
    let before = db_bytes_dump(d);
    let e = fails(d, &["close", "--month", "2027-12", "--yes"]);
    assert!(e.contains("还没有结束"), "{e}");
    assert_eq!(before, db_bytes_dump(d));
    ok(d, &["voucher", "review", "记-202503-0001", "--user", "刘洋"]);
    ok(d, &["voucher", "post", "记-202503-0001"]);
    let out = ok(d, &["close", "--month", "2025-03", "--yes"]);
    assert!(out.contains("2025年1月") && out.contains("2025年3月"), "the earlier months listed: {out}");
    let todo = ok(d, &["todo"]);
    assert!(todo.contains("close --month"), "{todo}");
}

/// `users` and `settings auth` from the command line: passwords come from the environment (never
/// a flag), a wrong one is exit status 1 with nothing written, and `log --user` lists one
/// person's acts.
#[test]
fn enforced_books_ask_for_the_password_and_log_names_who_acted() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    let with = |pw: &str, new: Option<&str>, args: &[&str]| {
        let mut c = common::cli::command(d, args);
        c.env("GONGHUI_PASSWORD", pw);
        if let Some(n) = new {
            c.env("GONGHUI_NEW_PASSWORD", n);
        }
        c.output().unwrap()
    };
    let e = fails(d, &["users", "add", "李四", "--role", "出纳", "--role", "审核"]);
    assert!(e.contains("出纳不得兼任审核"), "{e}");
    let o = with("", Some("admin-pass-1"), &["--user", "管理员甲", "users", "add", "管理员甲", "--role", "管理员"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = with("", Some("zhangmin-1"), &["--user", "管理员甲", "users", "add", "张敏", "--role", "会计"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    ok(d, &["--user", "管理员甲", "settings", "auth", "enforced"]);
    let db = d.join("gonghui.db");
    let before = common::cli::books_dump(&db);
    let o = with(
        "wrong-pass",
        None,
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--dr", "50102=1", "--cr", "102=1"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("张敏 的密码不正确"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(common::cli::books_dump(&db), before, "a refused password writes nothing to the books");
    let o = with(
        "zhangmin-1",
        None,
        &["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--dr", "50102=1", "--cr", "102=1"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = with("admin-pass-1", None, &["--user", "管理员甲", "log", "--format", "json"]);
    let log = String::from_utf8(o.stdout).unwrap();
    assert!(log.contains("管理员甲") && log.contains("auth=enforced") && !log.contains("\"actor\":\"张敏\""), "{log}");
}

/// `login` opens an 8-hour session: later commands need no password (and still sign), `logout`
/// ends it.
#[test]
fn a_login_session_lets_commands_run_and_sign_without_the_password() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    let sessions = d.join("sessions");
    let run = |user: &str, pw: Option<&str>, new: Option<&str>, args: &[&str]| {
        let mut c = common::cli::command(d, args);
        c.env("GONGHUI_USER", user).env("GONGHUI_SESSION_DIR", &sessions).env_remove("GONGHUI_PASSWORD");
        if let Some(p) = pw {
            c.env("GONGHUI_PASSWORD", p);
        }
        if let Some(n) = new {
            c.env("GONGHUI_NEW_PASSWORD", n);
        }
        let o = c.output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr))
    };
    for (who, role, pw) in
        [("管理员甲", "管理员", "admin-pass-1"), ("张敏", "会计", "zhangmin-1"), ("刘洋", "审核", "liuyang-1")]
    {
        let (code, out) = run("管理员甲", None, Some(pw), &["users", "add", who, "--role", role]);
        assert_eq!(code, Some(0), "{out}");
    }
    assert_eq!(run("管理员甲", None, None, &["settings", "auth", "enforced"]).0, Some(0));
    let add = ["voucher", "add", "--date", "2025-03-01", "--summary", "x", "--dr", "50102=1", "--cr", "102=1"];
    let (code, out) = run("张敏", None, None, &add);
    assert_eq!(code, Some(1), "no password, no session: {out}");
    let (code, out) = run("张敏", Some("zhangmin-1"), None, &["login"]);
    assert!(code == Some(0) && out.contains("已登录"), "{out}");
    let (code, out) = run("张敏", None, None, &add);
    assert_eq!(code, Some(0), "within the session: {out}");
    // 张敏 cannot review her own voucher by naming 刘洋: she would need 刘洋's password.
    let (code, out) = run("刘洋", Some("zhangmin-1"), None, &["voucher", "review", "记-202503-0001"]);
    assert!(code == Some(1) && out.contains("刘洋 的密码不正确"), "{out}");
    // 刘洋's own session signs her review.
    assert_eq!(run("刘洋", Some("liuyang-1"), None, &["login"]).0, Some(0));
    let (code, out) = run("刘洋", None, None, &["voucher", "review", "记-202503-0001"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out) = run("刘洋", None, None, &["verify"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(run("刘洋", None, None, &["logout"]).0, Some(0));
    let (code, out) = run("刘洋", None, None, &["voucher", "list"]);
    assert_eq!(code, Some(1), "after logout: {out}");
}

#[test]
fn statements_are_signed_by_the_people_the_profile_names() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    let profile = "\"单位负责人\" = \"王建国\"\n\"主管会计工作负责人\" = \"王建国\"\n\"会计机构负责人\" = \"刘洋\"\n\"出纳\" = \"张敏\"\n";
    // A code whose check character is wrong is refused with the file and what to fix; nothing kept.
    std::fs::write(d.join("错的单位信息.toml"), format!("{profile}\"统一社会信用代码\" = \"81340100MC0012345H\"\n"))
        .unwrap();
    let before = db_bytes_dump(d);
    let err = fails(d, &["settings", "profile", "错的单位信息.toml"]);
    assert!(err.contains("错的单位信息.toml") && err.contains("校验位应为“G”"), "{err}");
    assert_eq!(db_bytes_dump(d), before, "the books unchanged after the refusal");
    // Without a profile the statement has lines to sign on; with one, the names (第六十四条).
    ok(d, &["report", "balance-sheet", "--year", "2025", "--out", "01-before.pdf"]);
    let text = common::pdf_pages(&std::fs::read(d.join("01-before.pdf")).unwrap()).concat();
    assert!(text.contains("单位负责人") && !text.contains("王建国"), "{text}");
    std::fs::write(d.join("单位信息.toml"), format!("{profile}\"统一社会信用代码\" = \"81340100MC0012345G\"\n"))
        .unwrap();
    ok(d, &["settings", "profile", "单位信息.toml"]);
    ok(d, &["report", "balance-sheet", "--year", "2025", "--out", "01.pdf"]);
    let pages = common::pdf_pages(&std::fs::read(d.join("01.pdf")).unwrap());
    // The printed 01表 is two-sided (账户式), dated at its date, with no check line, and fits one
    // page with its signatures.
    assert_eq!(pages.len(), 1, "{pages:?}");
    let text = &pages[0];
    for signed in ["单位负责人：王建国", "主管会计工作负责人：王建国", "会计机构负责人：刘洋", "单位（盖章）"]
    {
        assert!(text.contains(signed), "{signed} in {text}");
    }
    // The last row: 资产总计 beside 负债与净资产总计 (the PDF's text comes cell by cell).
    let cells: Vec<&str> = text.lines().map(str::trim).collect();
    let at = cells.iter().position(|c| *c == "资产总计").expect("资产总计");
    assert_eq!(
        cells[at..at + 8],
        ["资产总计", "19", "0.00", "5,400.00", "负债与净资产总计", "34", "0.00", "5,400.00"],
        "{text}"
    );
    assert!(text.contains("2025年12月31日") && text.contains("负债和净资产") && !text.contains("检查"), "{text}");
    // The CSV keeps one row per line item.
    let csv = ok(d, &["report", "balance-sheet", "--year", "2025", "--format", "csv"]);
    assert!(
        csv.lines().any(|l| l.starts_with("资产总计,19,"))
            && csv.lines().any(|l| l.starts_with("负债与净资产总计,34,")),
        "{csv}"
    );
    let table = ok(d, &["report", "income-expense", "--year", "2025"]);
    assert!(table.contains("会计机构负责人：刘洋    单位（盖章）：________"), "{table}");
}
