//! The budget and final-accounts package from the command line: the 年初预算 replaced until
//! approved, then changed only by adjustment; the package's 决算表 equal to the budget report.

mod common;

use common::csv_row as row;

use common::cli::{add, db_bytes_dump, fails, init, ok};

#[test]
fn a_budget_is_replaced_until_approved_then_adjusted_and_filed_with_its_final_accounts() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    init(d);
    ok(d, &["activities", "add", "P01", "教职工运动会", "--account", "50105", "--project"]);
    std::fs::write(
        d.join("预算.csv"),
        "科目编码,活动编码,金额,说明\n401,,60000.00,按工资0.5%\n50102,A03,20000.00,\n50105,P01,10000.00,\n",
    )
    .unwrap();
    ok(d, &["budget", "import", "预算.csv", "--year", "2025"]);
    // Before approval the 年初预算 is replaced by importing it again.
    std::fs::write(
        d.join("预算.csv"),
        "科目编码,活动编码,金额,说明\n401,,60000.00,按工资0.5%\n50102,A03,24000.00,\n50105,P01,10000.00,\n",
    )
    .unwrap();
    let out = ok(d, &["budget", "import", "预算.csv", "--year", "2025"]);
    assert!(out.contains("已导入 2025 年年初预算"), "{out}");
    let shown = ok(d, &["budget", "show", "--year", "2025", "--format", "csv"]);
    assert!(shown.contains("24000.00") && !shown.contains("20000.00"), "{shown}");
    let err = fails(d, &["budget", "submit", "--year", "2025"]);
    assert!(err.contains("尚未经工会委员会审议通过"), "{err}");
    let out = ok(
        d,
        &[
            "--user",
            "王建国",
            "budget",
            "approve",
            "--year",
            "2025",
            "--meeting",
            "第三届第五次工会委员会",
            "--audit-meeting",
            "经审会2025年第一次会议",
            "--date",
            "2025-01-15",
        ],
    );
    assert!(out.contains("2025-01-15 经第三届第五次工会委员会审议通过"), "{out}");
    // Once approved, the 年初预算 changes only by adjustment; nothing is written by the refusal.
    let before = db_bytes_dump(d);
    let err = fails(d, &["budget", "import", "预算.csv", "--year", "2025"]);
    assert!(err.contains("已于 2025-01-15 经第三届第五次工会委员会审议通过") && err.contains("--adjustment"), "{err}");
    assert_eq!(db_bytes_dump(d), before, "the refusal wrote nothing");
    std::fs::write(
        d.join("调整.csv"),
        "科目编码,活动编码,金额,说明\n50105,P01,5000.00,增设项目\n50102,A03,-2000.00,\n",
    )
    .unwrap();
    ok(
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
            "运动会增设项目",
        ],
    );
    add(d, "2025-03-02", "收到会费", "102=5400.00", "401=5400.00");
    add(d, "2025-03-08", "三八节活动", "50102=1200.00@A03", "102=1200.00");
    add(d, "2025-05-20", "运动会奖品", "50105=3000.00@P01", "102=3000.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    // The union's words for the 说明书, given after approval and then corrected, until it is sent.
    let explained = |text: &str| {
        std::fs::write(d.join("说明.txt"), text).unwrap();
        ok(d, &["budget", "explain", "--year", "2025", "--file", "说明.txt"]);
    };
    explained("本年预算按量入为出编制。\n");
    explained("本年预算按量入为出、收支平衡编制。\n");
    ok(d, &["budget", "package", "--year", "2025", "--out", "说明书.pdf"]);
    let words = common::pdf_pages(&std::fs::read(d.join("说明书.pdf")).unwrap()).concat();
    assert!(words.contains("本年预算按量入为出、收支平衡编制。") && !words.contains("量入为出编制。"), "{words}");
    ok(d, &["--user", "王建国", "budget", "submit", "--year", "2025"]);
    let before = db_bytes_dump(d);
    let err = fails(d, &["budget", "explain", "--year", "2025", "--file", "说明.txt"]);
    assert!(err.contains("已于") && err.contains("报送，说明书随之锁定"), "{err}");
    assert_eq!(db_bytes_dump(d), before, "the refusal wrote nothing");
    let err = fails(d, &["--user", "王建国", "budget", "submit", "--year", "2025"]);
    assert!(err.contains("已于") && err.contains("报送"), "{err}");
    // A change after the package was sent is a further adjustment, left out of the package.
    ok(
        d,
        &[
            "budget",
            "import",
            "调整.csv",
            "--year",
            "2025",
            "--adjustment",
            "--approved-on",
            "2025-09-01",
            "--doc",
            "纪要8号",
            "--reason",
            "报送后的调整",
        ],
    );
    ok(d, &["budget", "package", "--year", "2025", "--out", "预算报表.pdf"]);
    let pages = common::pdf_pages(&std::fs::read(d.join("预算报表.pdf")).unwrap());
    let cover = &pages[0];
    for line in [
        "2025年度工会经费收支预算及决算",
        "经第三届第五次工会委员会讨论通过（2025年1月15日）",
        "经费审查委员会审查：经审会2025年第一次会议",
        "报出日期：2027年1月15日",
        "目　录",
    ] {
        assert!(cover.contains(line), "{line}: {cover}");
    }
    let all = pages.concat();
    for text in [
        "工会经费收支预算表",
        "工会经费收支预算调整表",
        "工会经费收支决算表",
        "预算编制及执行情况说明书",
        "报送后另有预算调整 1 次",
    ] {
        assert!(all.contains(text), "{text}: {all}");
    }
    // The 决算表 equals the budget report: the budget report counts the later adjustment, so
    // compare the package's first tables as CSV with the report's figures before it.
    let package = ok(d, &["budget", "package", "--year", "2025", "--format", "csv"]);
    let final_table = &package[package.find("工会经费收支决算表").unwrap()..];
    let final_table = &final_table[..final_table.find("支出按基本支出和项目支出").unwrap()];
    assert_eq!(row(final_table, "（一）会费收入")[1..4], ["60000.00", "5400.00", "9.00%"]);
    // 501: 24,000 + 10,000 − 2,000 + 5,000 (the adjustment before submission) = 37,000 approved.
    assert_eq!(row(final_table, "（一）职工活动支出")[1..4], ["37000.00", "4200.00", "11.35%"]);
    let adjusted = &package[package.find("工会经费收支预算调整表").unwrap()..];
    assert_eq!(row(adjusted, "（一）职工活动支出")[1..6], ["34000.00", "5000.00", "2000.00", "37000.00", "108.82%"]);
    let by_nature = &package[package.rfind("支出按基本支出和项目支出").unwrap()..];
    assert_eq!(row(by_nature, "基本支出")[1..3], ["22000.00", "1200.00"]);
    assert_eq!(row(by_nature, "P01 教职工运动会")[1..3], ["15000.00", "3000.00"]);
    let report = ok(d, &["report", "budget", "--year", "2025", "--format", "csv"]);
    // The report has both adjustments: 37,000 + 3,000 = 40,000, actual the same 4,200.
    assert_eq!(row(&report, "501")[4..6], ["40000.00", "4200.00"]);
    assert_eq!(row(&report, "401")[4..6], ["60000.00", "5400.00"]);
    // As XLSX, amounts are numbers.
    ok(d, &["budget", "package", "--year", "2025", "--out", "预算报表.xlsx"]);
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(d.join("预算报表.xlsx")).unwrap();
    let names = book.sheet_names().to_vec();
    let numbers: usize = names
        .iter()
        .map(|n| {
            book.worksheet_range(n).unwrap().cells().filter(|(_, _, c)| matches!(c, calamine::Data::Float(_))).count()
        })
        .sum();
    assert!(numbers > 40, "{names:?}: {numbers} numeric cells");
}
