//! The official forms from the command line: the 附注 a union writes itself, the prior year's
//! figures of a union new to gonghui.

mod common;

use common::cli::{books_with_dues, db_bytes_dump, fails, ok};

#[test]
fn the_notes_print_all_eight_items_with_the_unions_own_text_in_its_latest_version() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    // Bad input is refused with what and where, and nothing is kept.
    std::fs::write(d.join("空.txt"), " \n\n").unwrap();
    std::fs::write(d.join("政策.txt"), "本年会计政策和会计估计未发生变更。\n").unwrap();
    let before = db_bytes_dump(d);
    let err = fails(d, &["notes", "set", "--year", "2025", "--item", "9", "--file", "政策.txt"]);
    assert!(err.contains("附注项目“9”不存在") && err.contains("8 其他需要说明的事项"), "{err}");
    let err = fails(d, &["notes", "set", "--year", "2025", "--item", "3", "--file", "空.txt"]);
    assert!(err.contains("空.txt 是空的"), "{err}");
    let err = fails(d, &["notes", "set", "--year", "2025", "--item", "3", "--file", "没有.txt"]);
    assert!(err.contains("没有.txt"), "{err}");
    assert_eq!(db_bytes_dump(d), before, "the books unchanged after the refusals");
    // Before the union writes anything, every item prints what the books say, and those only
    // the union can write say they are not written yet.
    ok(d, &["report", "income-expense", "--year", "2025", "--out", "02-before.pdf"]);
    let text = common::pdf_pages(&std::fs::read(d.join("02-before.pdf")).unwrap()).concat();
    for heading in [
        "一、遵循《工会会计制度》的声明",
        "二、财务状况和预算执行情况",
        "三、会计政策和会计估计及其变更",
        "四、重要项目的明细",
        "五、重要资产处置和重大损失",
        "六、以名义金额计量的资产",
        "七、以前年度结转结余调整",
        "八、其他需要说明的事项",
    ] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    assert!(text.contains("银行存款 5,400.00 元") && text.contains("会费收入 5,400.00（100.00%）"), "{text}");
    assert!(text.contains("会计政策和会计估计的变更：（本会尚未录入说明）"), "{text}");
    // The union's text, then a corrected version: the statement prints the latest.
    let out = ok(d, &["notes", "set", "--year", "2025", "--item", "3", "--file", "政策.txt"]);
    assert!(out.contains("三、会计政策和会计估计及其变更（第 1 版，张敏）"), "{out}");
    std::fs::write(d.join("政策.txt"), "本年起库存物品改按先进先出法计价，\n对本年收支无影响。\n").unwrap();
    ok(d, &["notes", "set", "--year", "2025", "--item", "三", "--file", "政策.txt"]);
    ok(d, &["report", "income-expense", "--year", "2025", "--out", "02.pdf"]);
    let text = common::pdf_pages(&std::fs::read(d.join("02.pdf")).unwrap()).concat();
    assert!(text.contains("本年起库存物品改按先进先出法计价") && text.contains("对本年收支无影响"), "{text}");
    assert!(!text.contains("未发生变更") && !text.contains("三、会计政策和会计估计的变更：（本会尚未"), "{text}");
    let shown = ok(d, &["notes", "show", "--year", "2025"]);
    assert!(shown.contains("三、会计政策和会计估计及其变更：第 2 版（共 2 版），张敏"), "{shown}");
    assert!(shown.contains("八、其他需要说明的事项：未录入"), "{shown}");
    // The 01表 points to them instead of printing them twice.
    let bs = ok(d, &["report", "balance-sheet", "--year", "2025"]);
    assert!(bs.contains("报表附注见工会02表（收入支出表）之后") && !bs.contains("一、遵循"), "{bs}");
    // Every version is kept in the log of who did what.
    let log = ok(d, &["log"]);
    let entered: Vec<&str> = log.lines().filter(|l| l.contains("录入报表附注")).collect();
    assert!(entered.len() == 2 && entered.iter().all(|l| l.contains("张敏")), "{log}");
    assert!(log.contains("2025/3/v2") && log.contains("本年起库存物品改按先进先出法计价"), "{log}");
}

/// The prior year's 02表 of the demo's union, line by line as copied (本年数), with one line to
/// change per case.
fn prior_year(change: Option<(&str, &str)>) -> String {
    let text =
        "行次,项目,金额\n1,一、年初资金结转结余,62000.00\n3,（二）年初资金结余,62000.00\n5,三、收入合计,269500.00\n\
                6,（一）会费收入,60000.00\n7,（二）拨缴经费收入,209500.00\n15,四、支出合计,251500.00\n\
                16,（一）职工活动支出,251500.00\n27,五、本期收支差额,18000.00\n28,六、年末资金结转结余,80000.00\n\
                30,（二）年末资金结余,80000.00\n";
    match change {
        Some((from, to)) => text.replace(from, to),
        None => text.to_string(),
    }
}

#[test]
fn the_prior_years_statement_gives_this_years_statement_its_prior_year_column() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    common::cli::init(d);
    std::fs::write(d.join("期初.csv"), "科目编码,借方余额,贷方余额\n102,80000.00,\n32205,,80000.00\n").unwrap();
    ok(d, &["opening", "import", "期初.csv"]);
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    common::cli::add(d, "2025-03-02", "收到会费", "102=5400.00", "401=5400.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    // Without it, the 上年数 column is empty and its check fails.
    let checks = ok(d, &["report", "statement-checks", "--year", "2025", "--format", "csv"]);
    assert!(checks.contains("一 + 二 + 五 = 六,上年数,0.00,80000.00,-80000.00,不成立"), "{checks}");
    // Mistakes in the copy are refused with the line and what to check; nothing is kept.
    let before = db_bytes_dump(d);
    let cases = [
        (
            Some(("5,三、收入合计,269500.00", "5,三、收入合计,269000.00")),
            "第 4 行：行次 5 三、收入合计 为 269,000.00，但各分项相加为 269,500.00，相差 500.00",
        ),
        (
            Some(("16,（一）职工活动支出", "17,（一）职工活动支出")),
            "第 8 行：行次 17 是“（二）职工活动组织支出”，这一行写的是“（一）职工活动支出”",
        ),
        (Some(("3,（二）年初资金结余", "31,（二）年初资金结余")), "第 3 行：行次 31 不在工会02表收入支出表上（1–30）"),
        (Some(("28,六、年末资金结转结余", "1,六、年末资金结转结余")), "第 10 行：行次 1 重复（第 2 行已有）"),
        (
            Some(("62000.00\n3", "61000.00\n3")),
            "上年末资金结转结余与已记账的期初余额不一致：行次 30 （二）年末资金结余 为 79,000.00",
        ),
    ];
    for (change, why) in cases {
        let text = match change {
            // The last case: every total right, but the year ends 1,000 short of the opening balance.
            Some(("62000.00\n3", _)) => {
                prior_year(None).replace("62000.00", "61000.00").replace("80000.00", "79000.00")
            }
            _ => prior_year(change),
        };
        std::fs::write(d.join("2024年02表.csv"), text).unwrap();
        let err = fails(d, &["opening", "import", "--prior-year", "2024年02表.csv"]);
        assert!(err.contains(why) && err.contains("2024年02表.csv"), "{why}: {err}");
    }
    assert_eq!(db_bytes_dump(d), before, "the books unchanged after the refusals");
    std::fs::write(d.join("2024年02表.csv"), prior_year(None)).unwrap();
    let out = ok(d, &["opening", "import", "--prior-year", "2024年02表.csv"]);
    assert!(out.contains("已录入 2024 年工会02表 10 行，作为 2025 年工会02表的上年数"), "{out}");
    let csv = ok(d, &["report", "income-expense", "--year", "2025", "--format", "csv"]);
    for line in [
        "一、年初资金结转结余,1,80000.00,62000.00",
        "（一）会费收入,6,5400.00,60000.00",
        "（二）拨缴经费收入,7,0.00,209500.00",
        "四、支出合计,15,0.00,251500.00",
        "六、年末资金结转结余,28,85400.00,80000.00",
    ] {
        assert!(csv.lines().any(|l| l == line), "{line} in {csv}");
    }
    let checks = ok(d, &["report", "statement-checks", "--year", "2025", "--format", "csv"]);
    assert!(checks.contains("一 + 二 + 五 = 六,上年数,80000.00,80000.00,0.00,成立"), "{checks}");
    let table = ok(d, &["report", "income-expense", "--year", "2025"]);
    assert!(table.contains("上年数按本会上年度报出的工会02表录入（账簿始于本年）"), "{table}");
}

#[test]
fn the_annual_report_has_a_cover_with_its_contents_and_its_pages_numbered_through() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    let profile = "\"单位负责人\" = \"王建国\"\n\"主管会计工作负责人\" = \"王建国\"\n\"会计机构负责人\" = \"刘洋\"\n\
                   \"出纳\" = \"张敏\"\n\"统一社会信用代码\" = \"81340100MC0012345G\"\n\"隶属工会\" = \"江城市教育工会\"\n";
    std::fs::write(d.join("单位信息.toml"), profile).unwrap();
    ok(d, &["settings", "profile", "单位信息.toml"]);
    let err = fails(d, &["report", "annual-report", "--month", "2025-03"]);
    assert!(err.contains("年度财务报告按年度编制：请用 --year 2025"), "{err}");
    ok(d, &["report", "年报", "--year", "2025", "--out", "年报.pdf"]);
    let pages = common::pdf_pages(&std::fs::read(d.join("年报.pdf")).unwrap());
    let cover = &pages[0];
    for line in [
        "测试学校工会",
        "2025年度财务报告",
        "统一社会信用代码：81340100MC0012345G",
        "隶属工会：江城市教育工会",
        "单位负责人：王建国",
        "会计机构负责人：刘洋",
        "报出日期",
        "单位（盖章）",
        "目　录",
    ] {
        assert!(cover.contains(line), "{line} on the cover: {cover}");
    }
    assert!(!cover.contains("第 1 页 共"), "the cover is not numbered: {cover}");
    // Each part starts on the page the contents give, and the pages after the cover are
    // numbered through.
    let total = pages.len() - 1;
    for (title, first_line) in [("资产负债表", "负债和净资产"), ("收入支出表", "三、收入合计")] {
        let at = cover.find(title).expect(title);
        let page: usize = cover[at..].split("第 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        let p = &pages[page];
        assert!(p.contains(title) && p.contains(first_line), "{title} on page {page}: {p}");
        assert!(p.contains(&format!("第 {page} 页 共 {total} 页")), "{p}");
    }
    let all = pages.concat();
    assert!(all.contains("八、其他需要说明的事项") && all.contains("2025年12月31日"), "{all}");
    // The other formats print the parts one after another.
    let csv = ok(d, &["report", "annual-report", "--year", "2025", "--format", "csv"]);
    assert!(csv.contains("资产负债表") && csv.contains("收入支出表") && csv.contains("资产总计,19,"), "{csv}");
}

#[test]
fn a_months_vouchers_print_two_to_a_sheet_behind_their_cover_with_the_names_in_the_boxes() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    std::fs::write(d.join("单位信息.toml"), "\"会计机构负责人\" = \"赵主任\"\n\"出纳\" = \"张敏\"\n").unwrap();
    ok(d, &["settings", "profile", "单位信息.toml"]);
    let add = common::cli::add;
    add(d, "2025-03-08", "三八节插花活动", "50102=1200.00@A03", "102=1200.00");
    add(d, "2025-03-09", "作废的一张", "50102=1.00@A03", "102=1.00");
    ok(d, &["voucher", "void", "202503-3", "--reason", "录错"]);
    add(d, "2025-03-20", "应付未付的活动费", "50102=300.00@A03", "215=300.00");
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    let err = fails(d, &["voucher", "print", "--month", "2025-04", "--out", "四月.pdf"]);
    assert!(err.contains("2025年4月 没有已记账的凭证"), "{err}");
    assert!(!d.join("四月.pdf").exists());
    ok(d, &["voucher", "print", "--month", "2025-03", "--out", "三月.pdf"]);
    let pages = common::pdf_pages(&std::fs::read(d.join("三月.pdf")).unwrap());
    // The cover, then three vouchers two to a sheet.
    assert_eq!(pages.len(), 3, "{pages:?}");
    let cover = &pages[0];
    for line in
        ["记字第 1 号至第 4 号", "凭证张数：3 张", "未装订（作废或未记账）：第 3 号", "会计主管：赵主任", "装订人"]
    {
        assert!(cover.contains(line), "{line}: {cover}");
    }
    let first = &pages[1];
    assert!(
        first.contains("记字第 1 号") && first.contains("记字第 2 号") && !first.contains("记字第 4 号"),
        "{first}"
    );
    assert!(pages[2].contains("记字第 4 号") && pages[2].contains("第 2 页 共 2 页"), "{}", pages[2]);
    // A voucher's form: 总账科目 and 明细科目 apart, the total in capitals, the names in the boxes;
    // 出纳 signs only where money moved.
    let second = first.split("记字第 2 号").nth(1).unwrap();
    for text in [
        "501 职工活动支出",
        "50102 文体活动支出（A03 三八节活动）",
        "合计（人民币大写：壹仟贰佰元整）",
        "会计主管：赵主任",
        "记账：张敏",
        "出纳：张敏",
        "审核：刘洋",
        "制单：张敏",
        "附件 0 张",
    ] {
        assert!(second.contains(text), "{text}: {second}");
    }
    assert!(!pages[2].contains("出纳：张敏") && pages[2].contains("出纳"), "{}", pages[2]);
    // One to a sheet.
    ok(d, &["voucher", "print", "--month", "2025-03", "--per-sheet", "1", "--out", "三月单张.pdf"]);
    assert_eq!(common::pdf_pages(&std::fs::read(d.join("三月单张.pdf")).unwrap()).len(), 4);
    // On 凭证纸 (240×140 mm), one to a sheet, the cover the same size; a size of its own too.
    for (paper, (w, h)) in [("凭证纸", (240.0, 140.0)), ("212x120", (212.0, 120.0))] {
        ok(d, &["voucher", "print", "--month", "2025-03", "--paper", paper, "--out", "凭证纸.pdf"]);
        let pdf = std::fs::read(d.join("凭证纸.pdf")).unwrap();
        let pages = common::pdf_pages(&pdf);
        assert_eq!(pages.len(), 4, "{paper}");
        assert!(pages[0].contains("凭证起止号") && pages[1].contains("人民币大写"), "{paper}: {pages:?}");
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        for (_, id) in doc.get_pages() {
            let media = doc.get_object(id).unwrap().as_dict().unwrap().get(b"MediaBox").unwrap().as_array().unwrap();
            let pt = |o: &lopdf::Object| o.as_float().unwrap();
            let mm = |p: f32| p * 25.4 / 72.0;
            assert!((mm(pt(&media[2])) - w).abs() < 0.5 && (mm(pt(&media[3])) - h).abs() < 0.5, "{paper}: {media:?}");
        }
    }
    let before = db_bytes_dump(d);
    let err = fails(d, &["voucher", "print", "--month", "2025-03", "--paper", "B5", "--out", "x.pdf"]);
    assert!(err.contains("--paper “B5”不认识") && err.contains("凭证纸"), "{err}");
    assert!(!d.join("x.pdf").exists(), "nothing written");
    assert_eq!(db_bytes_dump(d), before);
}

#[test]
fn the_columnar_ledgers_of_the_demo_agree_with_the_trial_balance() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["demo", "--out", "demo"]);
    let db = d.join("demo/gonghui.db").display().to_string();
    let tb = ok(d, &["--db", &db, "report", "trial-balance", "--year", "2025", "--format", "csv"]);
    let columnar = ok(d, &["--db", &db, "report", "多栏账", "--year", "2025", "--format", "csv"]);
    let mut checked = 0;
    for table in columnar.split("科目：").skip(1) {
        let code = &table[..3];
        let header: Vec<&str> = table.lines().nth(1).unwrap().split(',').collect();
        // A column per detail account between 摘要 and 借方合计.
        assert!(header[3..header.len() - 3].iter().all(|h| !h.is_empty()) && header.len() > 6, "{header:?}");
        let last: Vec<&str> = table.lines().filter(|l| l.contains(",本年累计,")).last().unwrap().split(',').collect();
        let n = last.len();
        let details: f64 = last[3..n - 3].iter().map(|a| a.parse::<f64>().unwrap()).sum();
        let line: Vec<&str> = tb.lines().find(|l| l.starts_with(&format!("{code},"))).unwrap().split(',').collect();
        // The year's debits and credits equal the trial balance's, the detail columns add up to
        // the debits, and the closed year ends at nothing.
        assert_eq!((last[n - 3], last[n - 2]), (line[4], line[5]), "{code}");
        assert!((details - last[n - 3].parse::<f64>().unwrap()).abs() < 0.001, "{code}: {last:?}");
        assert_eq!(last[n - 1], "0.00", "{code}");
        checked += 1;
    }
    assert_eq!(checked, 5, "501, 503, 504, 505 and 507 moved in the demo: {columnar}");
    let err = fails(d, &["--db", &db, "report", "columnar", "--year", "2025", "--account", "102"]);
    assert!(err.contains("多栏式明细账按一级支出科目设置") && err.contains("report ledger --account 102"), "{err}");
}

#[test]
fn the_book_cover_names_the_book_its_start_and_who_keeps_it() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    books_with_dues(d);
    std::fs::write(d.join("单位信息.toml"), "\"单位负责人\" = \"王建国\"\n\"会计机构负责人\" = \"刘洋\"\n").unwrap();
    ok(d, &["settings", "profile", "单位信息.toml"]);
    ok(d, &["report", "启用表", "--account", "102", "--out", "启用表.pdf"]);
    let text = common::pdf_pages(&std::fs::read(d.join("启用表.pdf")).unwrap()).concat();
    for s in ["账簿启用及交接表", "银行存款日记账", "2025年1月1日", "王建国", "刘洋", "经管人员", "交接记录", "监交人"]
    {
        assert!(text.contains(s), "{s}: {text}");
    }
    let csv = ok(d, &["report", "book-cover", "--format", "csv"]);
    assert!(csv.contains("账簿名称,总账"), "{csv}");
    // Books without registered users: who the log shows keeping them, from their first act.
    assert!(csv.lines().any(|l| l.starts_with("张敏,制单、记账,20")), "{csv}");
    assert!(!csv.lines().any(|l| l.starts_with("刘洋,")), "刘洋 only reviewed: {csv}");
}

#[test]
fn opening_balances_of_32104_by_project_let_a_finished_project_close_to_322() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["activities", "add", "P01", "项目一", "--project", "--earmarked"]);
    ok(d, &["activities", "add", "P02", "项目二", "--project", "--earmarked"]);
    std::fs::write(
        d.join("期初.csv"),
        "科目编码,借方余额,贷方余额,活动编码\n102,5000.00,,\n32104,,3000.00,P01\n32104,,2000.00,P02\n",
    )
    .unwrap();
    ok(d, &["opening", "import", "期初.csv"]);
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    ok(d, &["close", "--year", "2025", "--finished", "P01", "--yes"]);
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["close", "--year", "2025", "--finished", "P01", "--yes"]);
    // P01's 3,000 carried in from the old books went to 322; P02's 2,000 stays in 32104.
    let tb = ok(d, &["report", "trial-balance", "--year", "2025", "--format", "csv"]);
    assert!(tb.lines().any(|l| l == "32104,累计结转,0.00,5000.00,3000.00,0.00,0.00,2000.00"), "{tb}");
    assert!(tb.lines().any(|l| l == "32205,累计结余,0.00,0.00,0.00,3000.00,0.00,3000.00"), "{tb}");
}
