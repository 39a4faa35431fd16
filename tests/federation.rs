//! The upper union (issue 24), through the command line on both engines: three levels of unions
//! (a city, its district, the district's two schools) and a union outside the tree; one
//! accountant keeping both schools' books, each school with its own reviewer; the consolidated
//! 02表 of the district and of the city, each line the sum of the members' own 02表 less the
//! eliminated flows, which it lists; an upper-union inspector reading down its tree and nothing
//! else; a budget filing returned with its reason, filed again and received.

mod common;

use common::databases;
use std::collections::BTreeMap;
use std::path::Path;

const PASSWORD: &str = "test-pass-1";

struct Books<'a> {
    dir: &'a Path,
    url: &'a str,
}

impl Books<'_> {
    fn run(&self, user: &str, args: &[&str]) -> (Option<i32>, String, String) {
        let mut c = common::cli::command(self.dir, &["--db", self.url, "--user", user]);
        c.args(args).env("GONGHUI_PASSWORD", PASSWORD).env("GONGHUI_NEW_PASSWORD", PASSWORD);
        let o = c.output().unwrap();
        (o.status.code(), String::from_utf8_lossy(&o.stdout).into(), String::from_utf8_lossy(&o.stderr).into())
    }
    fn ok(&self, user: &str, args: &[&str]) -> String {
        let (code, out, err) = self.run(user, args);
        assert_eq!(code, Some(0), "{user} {args:?}: {err}");
        out
    }
    fn refused(&self, user: &str, args: &[&str]) -> String {
        let (code, out, err) = self.run(user, args);
        assert_eq!(code, Some(1), "{user} {args:?} should be refused: {out}");
        err
    }
    /// Prepare as `preparer`, review as `reviewer`, post as the preparer, in union `org`.
    #[allow(clippy::too_many_arguments)]
    fn voucher(&self, org: &str, preparer: &str, reviewer: &str, date: &str, summary: &str, dr: &str, cr: &str) {
        let out = self.ok(
            preparer,
            &[
                "--org",
                org,
                "voucher",
                "add",
                "--date",
                date,
                "--summary",
                summary,
                "--dr",
                dr,
                "--cr",
                cr,
                "--format",
                "json",
            ],
        );
        let no = serde_json::from_str::<serde_json::Value>(&out).unwrap()["no"].as_str().unwrap().to_string();
        self.ok(reviewer, &["--org", org, "voucher", "review", &no]);
        self.ok(preparer, &["--org", org, "voucher", "post", &no]);
    }
}

/// The first table of a CSV report: 项目 → its first amount column, as fen (headings left out).
fn lines_of(csv: &str) -> BTreeMap<String, i64> {
    let first = csv.trim_start_matches('\u{feff}').split("\"\"").next().unwrap();
    let mut r = csv::Reader::from_reader(first.as_bytes());
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| !rec[2].is_empty())
        .map(|rec| (rec[0].to_string(), gonghui::money::Amount::parse(&rec[2]).unwrap().fen()))
        .collect()
}

/// The rows of the CSV report's section titled `title`.
fn section(csv: &str, title: &str) -> Vec<Vec<String>> {
    let part =
        csv.split("\"\"").find(|p| p.trim_start().starts_with(title)).unwrap_or_else(|| panic!("{title}: {csv}"));
    let body = part.trim_start().trim_start_matches(title).trim_start();
    csv::Reader::from_reader(body.as_bytes()).records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[tokio::test]
async fn an_upper_union_reads_adds_up_and_receives_the_books_of_the_unions_under_it() {
    for db in databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = Books { dir: dir.path(), url: &db.url };
        let admin = "管理员甲";
        let year = ["--year", "2025"];
        b.ok(admin, &[&["init", "--name", "江城市总工会", "--code", "CITY", "--kind", "市级"][..], &year].concat());
        b.ok(
            admin,
            &[&["init", "--name", "江城区总工会", "--code", "DIST", "--kind", "县级", "--upper", "CITY"][..], &year]
                .concat(),
        );
        for (code, name) in [("S1", "江城一中工会"), ("S2", "江城二中工会")] {
            b.ok(admin, &[&["init", "--name", name, "--code", code, "--upper", "DIST"][..], &year].concat());
        }
        b.ok(admin, &[&["init", "--name", "外区某厂工会", "--code", "Z"][..], &year].concat());
        // A school cannot be the district's upper union (a cycle), nor a grassroots union anyone's.
        let e = b.refused(admin, &["--org", "DIST", "orgs", "set-upper", "S1"]);
        assert!(e.contains("循环"), "{e}");
        let e = b.refused(admin, &["--org", "Z", "orgs", "set-upper", "S1"]);
        assert!(e.contains("基层工会，不能作上级工会"), "{e}");
        let e = b.refused(admin, &["--org", "CITY", "orgs", "set-upper", "DIST"]);
        assert!(e.contains("循环"), "{e}");
        let tree = b.ok(admin, &["orgs", "tree", "--format", "csv"]);
        let rows: Vec<&str> = tree.lines().skip(1).collect();
        assert_eq!(rows.len(), 5, "{tree}");
        assert!(rows[0].starts_with("CITY,江城市总工会,市级,,1"), "{tree}");
        assert!(rows[1].starts_with("DIST,江城区总工会,县级,CITY,2"), "{tree}");
        assert!(rows[2].starts_with("S1,江城一中工会,基层,DIST,0") && rows[3].starts_with("S2,"), "{tree}");

        // People: each union's admin is 管理员甲; 张敏 keeps both schools' books, each with its own
        // reviewer; the district's inspector holds 上级工会 there, the city's at the city.
        let grant = |org: &str, name: &str, role: &str| {
            b.ok(admin, &["--org", org, "users", "add", name, "--role", role]);
        };
        for org in ["CITY", "DIST", "S1", "S2", "Z"] {
            if db.engine == "sqlite" {
                grant(org, admin, "管理员");
            }
        }
        grant("S1", "张敏", "会计");
        grant("S1", "刘洋", "审核");
        grant("S1", "王主席", "工会主席");
        grant("S2", "张敏", "会计");
        grant("S2", "李娜", "审核");
        grant("DIST", "周会计", "会计");
        grant("DIST", "吴审核", "审核");
        grant("CITY", "郑会计", "会计");
        grant("CITY", "冯审核", "审核");
        grant("Z", "孙会计", "会计");
        grant("Z", "钱审核", "审核");
        grant("DIST", "赵检查", "上级工会");
        grant("CITY", "钱督查", "上级工会");
        if db.engine == "sqlite" {
            for org in ["CITY", "DIST", "S1", "S2", "Z"] {
                b.ok(admin, &["--org", org, "settings", "auth", "enforced"]);
            }
        }

        // The year's books. The city passes 3,000.00 to the district, the district 500.00 and
        // 300.00 to its schools; the second school has booked only 200.00 of its 300.00.
        b.voucher("CITY", "郑会计", "冯审核", "2025-03-01", "上解经费收入", "102=100000.00", "402=100000.00");
        b.voucher("CITY", "郑会计", "冯审核", "2025-03-10", "补助江城区总工会", "50801=3000.00", "102=3000.00");
        b.voucher("DIST", "周会计", "吴审核", "2025-03-02", "拨缴经费收入", "102=20000.00", "402=20000.00");
        b.voucher("DIST", "周会计", "吴审核", "2025-03-12", "收市总工会补助", "102=3000.00", "40301=3000.00");
        b.voucher("DIST", "周会计", "吴审核", "2025-03-15", "补助一中", "50801=500.00", "102=500.00");
        b.voucher("DIST", "周会计", "吴审核", "2025-03-15", "补助二中", "50801=300.00", "102=300.00");
        b.voucher("S1", "张敏", "刘洋", "2025-03-20", "收区总工会补助", "102=500.00", "40301=500.00");
        b.voucher("S1", "张敏", "刘洋", "2025-03-21", "会费收入", "102=1200.00", "401=1200.00");
        b.voucher("S1", "张敏", "刘洋", "2025-04-08", "三八节活动", "50102=650.00", "102=650.00");
        b.voucher("S2", "张敏", "李娜", "2025-03-22", "收区总工会补助", "102=200.00", "40301=200.00");
        b.voucher("S2", "张敏", "李娜", "2025-03-23", "会费收入", "102=800.00", "401=800.00");
        b.voucher("Z", "孙会计", "钱审核", "2025-03-23", "会费收入", "102=999.00", "401=999.00");
        // Separation of duties holds per union: 刘洋 reviews in the first school, not the second.
        let out = b.ok(
            "张敏",
            &[
                "--org",
                "S2",
                "voucher",
                "add",
                "--date",
                "2025-05-01",
                "--summary",
                "慰问",
                "--dr",
                "50102=100.00",
                "--cr",
                "102=100.00",
                "--format",
                "json",
            ],
        );
        let no = serde_json::from_str::<serde_json::Value>(&out).unwrap()["no"].as_str().unwrap().to_string();
        let e = b.refused("刘洋", &["--org", "S2", "voucher", "review", &no]);
        assert!(e.contains("没有角色"), "{e}");
        let e = b.refused("张敏", &["--org", "S2", "voucher", "review", &no]);
        assert!(e.contains("审核"), "the preparer does not review her own voucher: {e}");
        b.ok("张敏", &["--org", "S2", "voucher", "void", &no, "--reason", "测试"]);
        // What waits in each of her unions, each command naming its union.
        b.ok(
            "张敏",
            &[
                "--org",
                "S1",
                "voucher",
                "add",
                "--date",
                "2025-05-02",
                "--summary",
                "慰问",
                "--dr",
                "50102=80.00",
                "--cr",
                "102=80.00",
            ],
        );
        let todo = b.ok("张敏", &["todo", "--all-orgs"]);
        assert!(todo.contains("江城一中工会（S1）") && todo.contains("江城二中工会（S2）"), "{todo}");
        assert!(!todo.contains("（Z）") && !todo.contains("（DIST）"), "only her unions: {todo}");
        assert!(todo.contains("待审核") && todo.contains("gonghui --org S1 voucher review"), "{todo}");
        assert!(
            !todo.contains("gonghui close") && !todo.contains("gonghui voucher"),
            "every command names its union: {todo}"
        );

        // The district's consolidated 02表: each line the members' own lines added up, less the
        // flows inside (the schools' 上级补助收入, the district's 补助下级支出), which it lists.
        let own: BTreeMap<&str, BTreeMap<String, i64>> = ["CITY", "DIST", "S1", "S2"]
            .into_iter()
            .map(|o| (o, lines_of(&b.ok(admin, &["--org", o, "report", "02表", "--year", "2025", "--format", "csv"]))))
            .collect();
        let dist = b.ok(
            "赵检查",
            &["--org", "DIST", "report", "02表", "--year", "2025", "--scope", "direct", "--format", "csv"],
        );
        let d = lines_of(&dist);
        let (sub_income, sub_spend) = ("（三）上级补助收入", "（八）补助下级支出");
        for (label, value) in &d {
            let summed: i64 = ["DIST", "S1", "S2"].iter().map(|o| own[o][label]).sum();
            let eliminated = match label.as_str() {
                l if l == sub_income => own["S1"][l] + own["S2"][l],
                l if l == sub_spend => own["DIST"][l],
                "三、收入合计" => own["S1"][sub_income] + own["S2"][sub_income],
                "四、支出合计" => own["DIST"][sub_spend],
                "五、本期收支差额" => own["S1"][sub_income] + own["S2"][sub_income] - own["DIST"][sub_spend],
                // Balances at the year's end are the members' own: a transfer inside moved money
                // between them, it made or lost none.
                _ => 0,
            };
            assert_eq!(*value, summed - eliminated, "{}: {label}", db.engine);
        }
        assert_eq!(d["（一）会费收入"], 200_000, "1,200.00 + 800.00");
        assert_eq!(d[sub_income], 300_000, "the district's 403 from the city stays: the city is outside");
        assert_eq!(d[sub_spend], 0);
        let listed = section(&dist, "内部往来抵销");
        let who: Vec<(&str, &str, &str)> =
            listed.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str())).collect();
        assert_eq!(
            who,
            [
                ("江城区总工会", sub_spend, "800.00"),
                ("江城一中工会", sub_income, "500.00"),
                ("江城二中工会", sub_income, "200.00"),
                ("差额", "下级“（三）上级补助收入”与上级“（八）补助下级支出”之差", "100.00"),
            ],
            "{dist}"
        );
        let scope: Vec<String> = section(&dist, "汇总范围").iter().map(|r| r[0].clone()).collect();
        assert_eq!(scope, ["DIST", "S1", "S2"]);

        // The city over every level: the district's 403 from the city is inside now.
        let city =
            b.ok("钱督查", &["--org", "CITY", "report", "02表", "--year", "2025", "--scope", "all", "--format", "csv"]);
        let c = lines_of(&city);
        let all = ["CITY", "DIST", "S1", "S2"];
        let sum = |l: &str| all.iter().map(|o| own[o][l]).sum::<i64>();
        assert_eq!(c[sub_income], 0);
        assert_eq!(c[sub_spend], 0);
        assert_eq!(c["三、收入合计"], sum("三、收入合计") - sum(sub_income));
        assert_eq!(c["三、收入合计"], (100_000 + 20_000 + 1_200 + 800) * 100, "outside money only");
        assert_eq!(c["四、支出合计"], 650 * 100, "the school's 三八节 spending only");
        let scope: Vec<String> = section(&city, "汇总范围").iter().map(|r| r[0].clone()).collect();
        assert_eq!(scope, ["CITY", "DIST", "S1", "S2"], "Z is outside the tree");
        let by = b.ok(
            "钱督查",
            &["--org", "CITY", "report", "02表", "--year", "2025", "--scope", "all", "--by-union", "--format", "csv"],
        );
        let rows: Vec<&str> = by.lines().skip(1).collect();
        assert_eq!(rows.len(), 4 + 3, "{by}");
        assert!(rows[2].starts_with("S1,江城一中工会,1200.00,0.00,500.00,1700.00,0.00,650.00,1050.00"), "{by}");
        assert!(
            rows[6].starts_with("汇总,本级及各级下级工会,2000.00,120000.00,0.00,122000.00,0.00,650.00,121350.00"),
            "{by}"
        );

        // The district's inspector reads down its tree and nothing else, and writes nothing.
        b.ok("赵检查", &["--org", "S1", "report", "trial-balance", "--year", "2025"]);
        for outside in ["Z", "CITY"] {
            let e = b.refused("赵检查", &["--org", outside, "report", "trial-balance", "--year", "2025"]);
            assert!(e.contains("没有角色"), "{outside}: {e}");
        }
        let e = b.refused("赵检查", &["--org", "CITY", "report", "02表", "--year", "2025", "--scope", "all"]);
        assert!(e.contains("没有角色"), "{e}");
        let e = b.refused(
            "赵检查",
            &[
                "--org",
                "S1",
                "voucher",
                "add",
                "--date",
                "2025-05-01",
                "--summary",
                "x",
                "--dr",
                "50102=1.00",
                "--cr",
                "102=1.00",
            ],
        );
        assert!(e.contains("不能办理“制单记账”"), "the inspector writes nothing: {e}");

        // A budget filing: submitted, returned with its reason, filed again, received.
        let budget = dir.path().join("预算.csv");
        std::fs::write(&budget, "科目编码,金额\n50102,5000.00\n401,1500.00\n").unwrap();
        b.ok("张敏", &["--org", "S1", "budget", "import", budget.to_str().unwrap(), "--year", "2025"]);
        b.ok(
            "王主席",
            &[
                "--org",
                "S1",
                "budget",
                "approve",
                "--year",
                "2025",
                "--meeting",
                "工会委员会",
                "--audit-meeting",
                "经审会",
            ],
        );
        b.ok("王主席", &["--org", "S1", "budget", "submit", "--year", "2025"]);
        let e = b.refused("王主席", &["--org", "S1", "budget", "submit", "--year", "2025"]);
        assert!(e.contains("已于"), "{e}");
        let e = b.refused("赵检查", &["--org", "DIST", "filings", "return", "S1", "--year", "2025", "--reason", " "]);
        assert!(e.contains("理由"), "{e}");
        let e = b.refused("钱督查", &["--org", "CITY", "filings", "accept", "S1", "--year", "2025"]);
        assert!(e.contains("不是江城市总工会的直属下级工会"), "{e}");
        let reason = "支出预算未按功能分类填列，请修改后重报";
        b.ok("赵检查", &["--org", "DIST", "filings", "return", "S1", "--year", "2025", "--reason", reason]);
        let listed = b.ok("赵检查", &["--org", "DIST", "filings", "--year", "2025", "--format", "csv"]);
        assert!(listed.contains("S1,江城一中工会,已退回,") && listed.contains(reason), "{listed}");
        assert!(listed.contains("S2,江城二中工会,未报送"), "{listed}");
        b.ok("王主席", &["--org", "S1", "budget", "submit", "--year", "2025"]);
        b.ok("赵检查", &["--org", "DIST", "filings", "accept", "S1", "--year", "2025"]);
        let json = b.ok("赵检查", &["--org", "DIST", "filings", "--year", "2025", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let s1 = v.as_array().unwrap().iter().find(|f| f["code"] == "S1").unwrap();
        assert_eq!(s1["status"], "Accepted");
        let steps: Vec<(&str, &str)> = s1["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["status"].as_str().unwrap(), s["reason"].as_str().unwrap()))
            .collect();
        assert_eq!(steps, [("submitted", ""), ("returned", reason), ("submitted", ""), ("accepted", "")]);

        // The table of unions: members, income, spending, budget and its execution, open findings.
        let payroll = dir.path().join("工资.csv");
        std::fs::write(&payroll, "月份,工资总额,职工人数,会员人数,会费基数\n2025-03,500000.00,120,118,480000.00\n")
            .unwrap();
        b.ok("张敏", &["--org", "S1", "payroll", "import", payroll.to_str().unwrap()]);
        let table = b.ok(
            "钱督查",
            &["--org", "CITY", "report", "unions", "--year", "2025", "--scope", "all", "--format", "csv"],
        );
        let rows: Vec<&str> = table.lines().skip(1).collect();
        assert_eq!(rows.len(), 4, "{table}");
        assert_eq!(rows[2], "S1,江城一中工会,基层,118,1700.00,650.00,1050.00,5000.00,13.00%,0,未结账", "{table}");
        assert!(rows[3].starts_with("S2,江城二中工会,基层,,1000.00,0.00,1000.00,,无预算,0,"), "{table}");

        // The upward share from both sides. S1 receives its 2% for March and remits the 40% on
        // 30 April; the district's statement shows it on 6 May (in transit at April's end). S2
        // remits 300.00 on 30 June that the district's first statement does not show.
        b.voucher("S1", "张敏", "刘洋", "2025-04-10", "3月拨缴经费", "102=10000.00", "402=10000.00");
        b.voucher("S1", "张敏", "刘洋", "2025-04-10", "3月拨缴经费应上解", "402=4000.00", "211=4000.00");
        b.voucher("S1", "张敏", "刘洋", "2025-04-30", "上解3月经费", "211=4000.00", "102=4000.00");
        b.voucher("S2", "张敏", "李娜", "2025-06-10", "拨缴经费应上解", "402=300.00", "211=300.00");
        b.voucher("S2", "张敏", "李娜", "2025-06-30", "上解经费", "211=300.00", "102=300.00");
        let payers = dir.path().join("付款单位.txt");
        std::fs::write(&payers, "# 下级工会的户名\n江城一中工会 = S1\n江城二中工会 = S2\n").unwrap();
        b.ok(admin, &["--org", "DIST", "settings", "payers", payers.to_str().unwrap(), "--reason", "上解对账"]);
        let statement = |name: &str, lines: &str| {
            let f = dir.path().join(name);
            std::fs::write(&f, format!("交易日期,交易时间,凭证号,摘要,借方发生额,贷方发生额,余额,对方户名\n{lines}"))
                .unwrap();
            b.ok("周会计", &["--org", "DIST", "import", "bank", f.to_str().unwrap()]);
        };
        statement(
            "区总工会5-7月.csv",
            "2025-05-06,10:00:00,0001,上解经费,,4000.00,4000.00,江城一中工会\n\
             2025-07-08,10:00:00,0002,往来款,,999.00,4999.00,某公司\n",
        );
        let upward = |who: &str| b.ok(who, &["--org", "DIST", "report", "upward", "--year", "2025", "--format", "csv"]);
        let first = upward("赵检查");
        let summary = section(&format!("上解\n{}", first.trim_start_matches('\u{feff}')), "上解");
        let row =
            |code: &str| summary.iter().find(|r| r[0] == code).unwrap_or_else(|| panic!("{code}: {first}")).clone();
        // 代码,工会,应上解,下级已上解,上级已收到,年初在途,年末在途,差额,欠缴
        assert_eq!(
            row("S1")[2..],
            ["4000.00", "4000.00", "4000.00", "0.00", "0.00", "0.00", "0.00"],
            "500,000.00 × 2% × 40%: {first}"
        );
        assert_eq!(row("S2")[3..8], ["300.00", "0.00", "0.00", "0.00", "300.00"], "{first}");
        let lines = section(&first, "在途和待查明的款项");
        let said: Vec<(&str, &str, &str)> =
            lines.iter().map(|r| (r[0].as_str(), r[1].as_str(), r[6].as_str())).collect();
        assert_eq!(
            said,
            [
                ("江城一中工会", "2025-04-30", "在途（月末已上解、上级次月收到）"),
                ("江城二中工会", "2025-06-30", "下级已上解、上级未收到"),
            ],
            "{first}"
        );
        // The next statement brings S2's money: nothing is left unexplained.
        statement("区总工会7月补.csv", "2025-07-02,09:00:00,0003,上解经费,,300.00,5299.00,江城二中工会\n");
        let second = upward("赵检查");
        let summary = section(&format!("上解\n{}", second.trim_start_matches('\u{feff}')), "上解");
        for r in summary.iter().filter(|r| r[0] == "S1" || r[0] == "S2" || r[0] == "合计") {
            assert_eq!(r[7], "0.00", "no difference left: {second}");
        }
        let lines = section(&second, "在途和待查明的款项");
        assert!(lines.iter().all(|r| r[6].starts_with("在途")), "only money in transit is listed: {second}");
    }
}

/// The consolidation reads all its members at once; what it reads of each is what that union's
/// own statement reads: the demo's closed year (closing entries left out of the 本年数), under a
/// county union with no books of its own, consolidates to the demo's own 01表 and 02表, to the fen.
#[test]
fn a_union_with_a_closed_year_consolidates_to_its_own_statements() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::cli::ok(d, &["demo", "--out", "demo"]);
    let db = d.join("demo/gonghui.db").display().to_string();
    let run = |user: &str, args: &[&str]| {
        let mut a = vec!["--db", db.as_str(), "--user", user];
        a.extend_from_slice(args);
        common::cli::ok(d, &a)
    };
    run("王建国", &["init", "--name", "江城区教育工会", "--code", "EDU", "--kind", "县级", "--year", "2025"]);
    run("王建国", &["--org", "demo", "orgs", "set-upper", "EDU"]);
    for statement in ["02表", "01表"] {
        let own = run("王建国", &["--org", "demo", "report", statement, "--year", "2025", "--format", "csv"]);
        let all = run(
            "王建国",
            &["--org", "EDU", "report", statement, "--year", "2025", "--scope", "direct", "--format", "csv"],
        );
        let first = |csv: &str| csv.split("\"\"").next().unwrap().trim_end().to_string();
        assert_eq!(first(&all), first(&own), "{statement}");
        let lines = lines_of(&own);
        assert!(lines.values().any(|v| *v != 0), "{statement} has figures: {own}");
    }
}
