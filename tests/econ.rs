//! 部门预算支出经济分类 (款级) on spending lines (issue 21, point 5): typed with a voucher's lines
//! (`#30399`), read from voucher and budget files (an “经济分类” column), refused where it cannot
//! be, covered by the voucher hash, and carried into the budget report, the package's 决算表 and
//! the voucher form.

mod common;

use common::csv_row as row;

use common::cli::{add, db_bytes_dump, fails, init, ok};
use common::*;
use gonghui::ledger::period::Span;
use gonghui::report::{self, Request};

#[test]
fn a_code_goes_on_spending_lines_only_from_the_list_and_reports_carry_it() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    ok(d, &["activities", "add", "A07", "住院慰问", "--account", "50105"]);
    std::fs::write(
        d.join("预算.csv"),
        "科目编码,活动编码,金额,说明,经济分类\n401,,60000.00,会费,\n50102,A03,20000.00,,\n50105,A07,3000.00,慰问金,30399\n50105,,40000.00,节日慰问品,\n",
    )
    .unwrap();
    ok(d, &["budget", "import", "预算.csv", "--year", "2025"]);
    add(d, "2025-03-02", "收到会费", "102=5400.00", "401=5400.00");
    // The union's own code on the line (full-width as a Chinese keyboard types it).
    add(d, "2025-03-05", "住院慰问金", "50105=500.00@A07＃30399", "102=500.00");
    add(d, "2025-03-08", "三八节场地租用", "50102=1200.00@A03#30214", "102=1200.00");
    add(d, "2025-03-09", "三八节鲜花", "50102=800.00@A03", "102=800.00");
    add(d, "2025-03-20", "慰问品", "50105=6000.00", "102=6000.00");

    // Refused, naming the line and how to fix it, and nothing written.
    let before = db_bytes_dump(d);
    let cases =
        [(["102=500.00#30399", "401=500.00"], "只能用于支出科目"), (["50105=500.00@A07#30230", "102=500.00"], "30229")];
    for ([dr, cr], says) in cases {
        let err = fails(d, &["voucher", "add", "--date", "2025-03-10", "--summary", "错", "--dr", dr, "--cr", cr]);
        assert!(err.contains("第 1 个分录") && err.contains(says), "{dr}: {err}");
    }
    std::fs::write(
        d.join("凭证.csv"),
        "凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码,经济分类\n\
         1,2025-03-11,慰问,50105,100.00,,A07,30399\n1,2025-03-11,慰问,102,,100.00,,\n\
         2,2025-03-12,办公用品,50304,50.00,,,3O201\n2,2025-03-12,办公用品,102,,50.00,,\n",
    )
    .unwrap();
    let err = fails(d, &["voucher", "import", "凭证.csv"]);
    assert!(err.contains("凭证.csv") && err.contains("第 4 行") && err.contains("3O201"), "{err}");
    std::fs::write(d.join("调整.csv"), "科目编码,活动编码,金额,说明,经济分类\n401,,100.00,,30299\n").unwrap();
    let err = fails(
        d,
        &[
            "budget",
            "import",
            "调整.csv",
            "--year",
            "2025",
            "--adjustment",
            "--approved-on",
            "2025-07-01",
            "--doc",
            "纪要5号",
            "--reason",
            "x",
        ],
    );
    assert!(err.contains("第 2 行") && err.contains("“经济分类”列") && err.contains("只能用于支出科目"), "{err}");
    assert_eq!(db_bytes_dump(d), before, "the refusals wrote nothing");

    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    ok(d, &["verify"]);
    let shown = ok(d, &["voucher", "show", "记-202503-0002"]);
    assert!(shown.contains("经济分类 30399 其他对个人和家庭的补助"), "{shown}");
    let plain = ok(d, &["voucher", "show", "记-202503-0004"]);
    assert!(!plain.contains("经济分类"), "a default is not printed as the line's own: {plain}");

    // By classification: each line under its own code, else its account's default.
    let report = ok(d, &["report", "budget", "--year", "2025", "--by", "econ", "--format", "csv"]);
    assert_eq!(row(&report, "30399")[2..6], ["3000.00", "0.00", "3000.00", "500.00"]);
    assert_eq!(row(&report, "30229")[2..6], ["40000.00", "0.00", "40000.00", "6000.00"]);
    assert_eq!(row(&report, "30214")[5], "1200.00");
    assert_eq!(row(&report, "30214")[8], "无预算支出", "the budget of 50102 carries no code: 30299 holds it");
    assert_eq!(row(&report, "30299")[4..6], ["20000.00", "800.00"]);
    let by_account = ok(d, &["report", "budget", "--year", "2025", "--format", "csv"]);
    let spent = |csv: &str| {
        let t = &csv[csv.find("支出").unwrap()..];
        t.lines().filter(|l| l.starts_with("合计")).last().unwrap().split(',').nth(5).unwrap().to_string()
    };
    assert_eq!(spent(&report), "8500.00");
    assert_eq!(spent(&report), spent(&by_account), "the classification adds up to the spending");

    // The package's 决算表 by classification equals the report.
    let package = ok(d, &["budget", "package", "--year", "2025", "--format", "csv"]);
    let final_table = &package[package.find("工会经费收支决算表").unwrap()..];
    let econ = &final_table[final_table.find("支出按经济分类（款级）").unwrap()..];
    assert_eq!(row(econ, "30399 其他对个人和家庭的补助")[1..3], ["3000.00", "500.00"]);
    assert_eq!(row(econ, "302 商品和服务支出")[1..3], ["60000.00", "8000.00"]);
    assert_eq!(row(econ, "支出合计")[1..3], ["63000.00", "8500.00"]);

    // The list itself, with its source and the accounts that default to each item.
    let list = ok(d, &["accounts", "econ", "--year", "2025"]);
    assert!(list.contains("30229") && list.contains("50105 会员活动支出") && list.contains("可信度 U"), "{list}");
}

#[tokio::test]
async fn a_coded_voucher_is_posted_in_hash_format_v3_and_verifies_on_both_engines() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let mut coded = spend("2025-03-08", "50102", yuan(300), "A01");
        coded.lines[0].econ = "30214".into();
        post_all(&mut ctx, &[coded, spend("2025-03-12", "50102", yuan(420), "A01")]).await;
        let v = ctx.books().voucher("记-202503-0001").await.unwrap().unwrap();
        assert_eq!(v.lines[0].econ, "30214", "{}", db.engine);
        assert!(v.hash.as_deref().unwrap().starts_with("v3:"), "{}", db.engine);
        let plain = ctx.books().voucher("记-202503-0002").await.unwrap().unwrap();
        assert!(plain.hash.as_deref().unwrap().starts_with("v2:"), "{}: uncoded stays v2", db.engine);
        let checked = ctx.books().verify().await.unwrap();
        assert!(checked.ok(), "{}: {:?}", db.engine, checked.problems);
        let req = Request { span: Span::year(2025), account: None, by: Some("econ".into()), chair: None };
        let r = report::build(&ctx, "budget", &req).await.unwrap();
        let csv = String::from_utf8(gonghui::render::csv::render(&r)).unwrap();
        assert_eq!(row(&csv, "30214")[5], "300.00", "{}", db.engine);
        assert_eq!(row(&csv, "30299")[5], "420.00", "{}: 50102's default", db.engine);
    }
}
