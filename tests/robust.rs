//! Books that no input, crash or race can break (issue 15): amounts that would overflow are
//! refused, concurrent commands make one reversal and one voucher per statement line, and a
//! process killed at any transaction boundary leaves whole books that a re-run completes.

mod common;

use common::cli::{command, fails, ok, PASSWORD};
use common::*;
use gonghui::ledger::voucher::Line;
use gonghui::money::{Amount, MAX_AMOUNT};
use gonghui::ops;
use gonghui::store::Store;
use proptest::prelude::*;
use std::path::Path;

fn dump(db: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s = Store::open(db).await.unwrap();
        let d = s.content_dump().await.unwrap();
        s.close().await;
        d
    })
}

/// A table's row count, through the dump (one line per row after its `## table` heading).
fn rows(dump: &str, table: &str) -> Vec<String> {
    let head = format!("## {table}\n");
    let start = dump.find(&head).unwrap() + head.len();
    dump[start..].lines().take_while(|l| !l.starts_with("## ")).map(str::to_string).collect()
}

/// Every database the tests have (SQLite file; PostgreSQL schema when GONGHUI_TEST_PG is set),
/// each with a new union made by the command line.
fn books() -> Vec<(tempfile::TempDir, String, &'static str)> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dbs = rt.block_on(databases());
    dbs.into_iter()
        .map(|db| {
            let dir = tempfile::tempdir().unwrap();
            let url = if db.engine == "sqlite" { dir.path().join("gonghui.db").display().to_string() } else { db.url };
            // PostgreSQL books check identity: 张敏 sets them up (管理员) and registers the others.
            let init = ["--db", &url, "init", "--name", "测试学校工会", "--year", "2025"];
            let o = common::cli::command(dir.path(), &init).env("GONGHUI_NEW_PASSWORD", PASSWORD).output().unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            if db.engine == "postgres" {
                for (who, roles) in
                    [("张敏", &["会计", "会计主管"][..]), ("刘洋", &["审核"]), ("王主席", &["工会主席"])]
                {
                    let mut args = vec!["--db", url.as_str(), "users", "add", who];
                    for r in roles {
                        args.extend(["--role", r]);
                    }
                    let o =
                        common::cli::command(dir.path(), &args).env("GONGHUI_NEW_PASSWORD", PASSWORD).output().unwrap();
                    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                }
            }
            (dir, url, db.engine)
        })
        .collect()
}

fn gh_db(dir: &Path, db: &str, args: &[&str]) -> String {
    let mut all = vec!["--db", db];
    all.extend_from_slice(args);
    ok(dir, &all)
}

#[test]
fn amounts_that_would_overflow_are_refused_and_nothing_is_written() {
    for (t, db, engine) in books() {
        let d = t.path();
        gh_db(d, &db, &["settings", "review_waiver", "on", "--reason", "测试：一人兼职"]);
        gh_db(d, &db, &["--user", "王主席", "settings", "review_waiver", "on", "--reason", "测试：确认"]);
        let before = dump(&db);
        // The reproducer: 92,233,720,368,547,758.07 × 2 + 0.03 against 0.01 wraps an i64 to equal totals.
        let big = "50102=92233720368547758.07";
        let err = fails(
            d,
            &[
                "--db",
                &db,
                "voucher",
                "add",
                "--date",
                "2025-03-08",
                "--summary",
                "溢出",
                "--dr",
                big,
                "--dr",
                big,
                "--dr",
                "50105=0.03",
                "--cr",
                "102=0.01",
                "--post",
            ],
        );
        assert!(err.contains("过大") && err.contains("999,999,999,999.99"), "{engine}: {err}");
        // At the limit itself, a line is accepted; one fen above, refused.
        let err = fails(
            d,
            &[
                "--db",
                &db,
                "voucher",
                "add",
                "--date",
                "2025-03-08",
                "--summary",
                "上限",
                "--dr",
                "50102=1000000000000.00",
                "--cr",
                "102=1000000000000.00",
            ],
        );
        assert!(err.contains("过大"), "{engine}: {err}");
        assert_eq!(dump(&db), before, "{engine}: a refused voucher writes nothing");
        let out = gh_db(
            d,
            &db,
            &[
                "voucher",
                "add",
                "--date",
                "2025-03-08",
                "--summary",
                "上限",
                "--dr",
                "50102=999999999999.99",
                "--cr",
                "102=999999999999.99",
                "--post",
            ],
        );
        assert!(out.contains("记-202503-0001"), "{engine}: {out}");
        let tb = gh_db(d, &db, &["report", "trial-balance", "--year", "2025", "--format", "csv"]);
        assert!(tb.contains("999999999999.99"), "{engine}: {tb}");
        gh_db(d, &db, &["verify"]);
    }
}

#[tokio::test]
async fn validation_refuses_lines_beyond_the_limit_whatever_their_origin() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        for (debits, credit) in [
            (vec![Amount(i64::MAX), Amount(i64::MAX), Amount(3)], Amount(1)),
            (vec![Amount(MAX_AMOUNT.fen() + 1)], Amount(MAX_AMOUNT.fen() + 1)),
            (vec![Amount(i64::MIN + 1)], Amount(i64::MIN + 1)),
        ] {
            let mut lines: Vec<Line> = debits.iter().map(|a| Line::debit("50102", *a, "")).collect();
            lines.push(Line::credit("102", credit, ""));
            let e = ops::vouchers::add(&ctx, voucher("2025-03-08", "溢出", lines), false).await.unwrap_err();
            assert!(e.message().contains("上限") || e.message().contains("为负"), "{}: {e}", db.engine);
            assert!(e.message().contains("第 1 个分录"), "{}: the line is named: {e}", db.engine);
        }
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}", db.engine);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text: parsed within the limit, or refused; never a panic, never a wrap.
    #[test]
    fn parse_never_wraps(text in "[-+(]?[0-9]{0,22}(\\.[0-9]{0,3})?\\)?元?") {
        if let Ok(Some(a)) = gonghui::money::parse_optional(&text) {
            prop_assert!(a.within_limit());
        }
    }

    /// At the i64 edges: an integer's text is accepted exactly when it is within the limit.
    #[test]
    fn integers_at_the_edges(v in prop_oneof![any::<i64>(), (i64::MAX - 1000)..=i64::MAX, i64::MIN..(i64::MIN + 1000),
                                              (MAX_AMOUNT.fen() / 100 - 5)..(MAX_AMOUNT.fen() / 100 + 5)]) {
        let r = Amount::parse(&v.to_string());
        let fits = (v as i128).abs() * 100 <= MAX_AMOUNT.fen() as i128;
        prop_assert_eq!(r.is_ok(), fits, "{}", v);
    }

    /// Sums of up to the most lines a voucher may have, each within the limit, fit.
    #[test]
    fn voucher_sized_sums_fit(n in 1usize..=gonghui::money::MAX_LINES, sign in any::<bool>()) {
        let a = if sign { MAX_AMOUNT } else { -MAX_AMOUNT };
        prop_assert!(Amount::checked_sum(std::iter::repeat_n(a, n)).is_some());
    }
}

/// Start `n` copies of one command at once; returns (exit code, stderr) of each.
fn race(dir: &Path, n: usize, args: &[&str]) -> Vec<(Option<i32>, String)> {
    let children: Vec<_> = (0..n)
        .map(|_| {
            command(dir, args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            (o.status.code(), String::from_utf8_lossy(&o.stderr).to_string())
        })
        .collect()
}

#[test]
fn eight_concurrent_reversals_of_one_voucher_make_one() {
    for (t, db, engine) in books() {
        let d = t.path();
        gh_db(
            d,
            &db,
            &["voucher", "add", "--date", "2025-03-08", "--summary", "购书", "--dr", "50102=300", "--cr", "102=300"],
        );
        ok(d, &["--db", &db, "--user", "刘洋", "voucher", "review", "--all", "--yes"]);
        gh_db(d, &db, &["voucher", "post", "--all"]);
        let results = race(d, 8, &["--db", &db, "voucher", "reverse", "记-202503-0001"]);
        let won = results.iter().filter(|r| r.0 == Some(0)).count();
        assert_eq!(won, 1, "{engine}: {results:?}");
        for (code, err) in results.iter().filter(|r| r.0 != Some(0)) {
            assert_eq!(*code, Some(1), "{engine}: {err}");
            assert!(err.contains("已有冲销凭证") || err.contains("已被冲销"), "{engine}: {err}");
        }
        let all = dump(&db);
        let reversals = rows(&all, "vouchers").iter().filter(|r| cell(r, "reverses") != "NULL").count();
        assert_eq!(reversals, 1, "{engine}");
        gh_db(d, &db, &["verify"]);
    }
}

const STATEMENT: &str = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
                         2025-03-01,CNY,5000.00,5000.00,会员缴费,,\n\
                         2025-03-15,CNY,-300.00,4700.00,购物,某商店,\n";

#[test]
fn six_concurrent_classifications_of_one_line_make_one_voucher() {
    for (t, db, engine) in books() {
        let d = t.path();
        std::fs::write(d.join("s.csv"), STATEMENT).unwrap();
        gh_db(d, &db, &["import", "bank", "s.csv", "--account", "102"]);
        let pending = json_rows(&gh_db(d, &db, &["bank", "pending", "--format", "json"]));
        let line = pending.iter().find(|l| l["金额"] == "-300.00").expect("the shop line waits");
        let seq = line["序号"].to_string();
        let results = race(d, 6, &["--db", &db, "bank", "classify", &seq, "--account", "50105"]);
        let won = results.iter().filter(|r| r.0 == Some(0)).count();
        assert_eq!(won, 1, "{engine}: {results:?}");
        for (code, err) in results.iter().filter(|r| r.0 != Some(0)) {
            assert_eq!(*code, Some(1), "{engine}: {err}");
            assert!(err.contains("待分类") || err.contains("已经生成了凭证"), "{engine}: {err}");
        }
        let all = dump(&db);
        assert_eq!(rows(&all, "bank_booked").len(), 1, "{engine}");
        let vouchers = rows(&all, "vouchers").iter().filter(|r| r.contains("某商店")).count();
        assert_eq!(vouchers, 1, "{engine}: one voucher for the line");
    }
}

/// A rule-made voucher for the dues line, so that an import writes lines, vouchers and links.
const RULES: &str = "[[rule]]\nname = \"会费\"\nsummary = [\"会员缴费\"]\ndirection = \"in\"\nallocation = \"dues\"\n";

/// The rows of a report printed with `--format json`.
fn json_rows(out: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(out).unwrap();
    v["sections"][0]["rows"].as_array().cloned().unwrap_or_default()
}

/// A column of a dumped row (`name=value|…`).
fn cell<'a>(row: &'a str, name: &str) -> &'a str {
    let key = format!("{name}=");
    row.split('|').find_map(|c| c.strip_prefix(key.as_str())).unwrap()
}

#[test]
fn an_import_killed_at_any_boundary_leaves_all_or_nothing_and_a_rerun_completes() {
    for (t, db, engine) in books() {
        let d = t.path();
        std::fs::write(d.join("s.csv"), STATEMENT).unwrap();
        std::fs::write(d.join("rules.toml"), RULES).unwrap();
        let import = ["--db", db.as_str(), "import", "bank", "s.csv", "--account", "102", "--rules", "rules.toml"];
        for point in ["bank:classify", "bank:linked", "commit", "committed"] {
            let empty = dump(&db);
            let o = command(d, &import).env("GONGHUI_CRASH_AT", point).output().unwrap();
            assert_eq!(
                o.status.code(),
                None,
                "{engine} {point}: killed, not exited: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let after = dump(&db);
            let lines = rows(&after, "bank_lines").len();
            if point == "committed" {
                assert_eq!(lines, 2, "{engine}: killed after the commit, the import is whole");
                assert_eq!(rows(&after, "bank_booked").len(), 1, "{engine}: its rule-made voucher");
                assert_eq!(rows(&after, "bank_links").len(), 1, "{engine}: linked to its line");
            } else if lines != 0 {
                panic!("{engine} {point}: killed before the commit, {lines} lines remain");
            } else {
                assert_eq!(after, empty, "{engine} {point}: killed before the commit, nothing remains");
            }
            gh_db(d, &db, &["verify"]);
            // The re-run completes, or finds everything already there.
            let out = gh_db(d, &db, &["import", "bank", "s.csv", "--account", "102", "--rules", "rules.toml"]);
            let again = dump(&db);
            assert_eq!(rows(&again, "bank_lines").len(), 2, "{engine} {point}: {out}");
            assert_eq!(rows(&again, "bank_booked").len(), 1, "{engine} {point}: one voucher for the dues line");
            let pending = json_rows(&gh_db(d, &db, &["bank", "pending", "--format", "json"]));
            assert_eq!(pending.len(), 1, "{engine} {point}: only the shop line waits");
            // Back to books without a statement for the next point: void the rule's voucher, undo the import.
            let booked = rows(&again, "bank_booked");
            gh_db(d, &db, &["voucher", "void", cell(&booked[0], "voucher_no"), "--reason", "测试"]);
            let imports = json_rows(&gh_db(d, &db, &["bank", "imports", "--format", "json"]));
            let id = imports.iter().find(|i| i["状态"] == "" && i["导入笔数"] != 0).unwrap()["编号"].to_string();
            let out = gh_db(d, &db, &["bank", "undo-import", &id, "--reason", "测试"]);
            assert_eq!(rows(&dump(&db), "bank_lines").len(), 0, "{engine} {point}: {out} {imports:?}");
        }
    }
}

#[test]
fn names_that_only_look_different_are_the_same_person() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["voucher", "add", "--date", "2025-03-08", "--summary", "购书", "--dr", "50102=300", "--cr", "102=300"]);
    let err = fails(d, &["--user", "张敏 ", "voucher", "review", "--all", "--yes"]);
    assert!(err.contains("另一人"), "a trailing space is the same person: {err}");
    let err = fails(d, &["--user", "张\u{200b}敏", "voucher", "review", "--all", "--yes"]);
    assert!(err.contains("看不见的字符") && err.contains("U+200B"), "{err}");
    let err = fails(d, &["--user", "　张敏", "voucher", "review", "--all", "--yes"]);
    assert!(err.contains("另一人"), "a full-width space too: {err}");
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_written_as_text() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    std::fs::write(
        d.join("s.csv"),
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n\
         2025-03-15,CNY,-300.00,4700.00,+购物,\"=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",\n\
         2025-03-16,CNY,-20.00,4680.00,@SUM(A1),-2+3,\n",
    )
    .unwrap();
    ok(d, &["import", "bank", "s.csv"]);
    let csv = ok(d, &["bank", "pending", "--format", "csv"]);
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'+购物") && csv.contains("'@SUM(A1)") && csv.contains("'-2+3"), "{csv}");
    assert!(csv.contains(",-300.00,") || csv.contains(",-300.00\n"), "amounts stay numbers: {csv}");
    assert!(!csv.contains("\n=") && !csv.contains(",=") && !csv.contains(",+") && !csv.contains(",@"), "{csv}");
}

#[test]
fn out_never_replaces_the_books_or_follows_a_link() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    let db = d.join("gonghui.db").display().to_string();
    let before = dump(&db);
    let tb = ["report", "trial-balance", "--year", "2025"];
    fn with<'a>(tb: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [tb, extra].concat()
    }
    let err = fails(d, &with(&tb, &["--out", "gonghui.db"]));
    assert!(err.contains("数据库"), "{err}");
    std::fs::copy(d.join("gonghui.db"), d.join("备份")).unwrap();
    let err = fails(d, &with(&tb, &["--out", "备份"]));
    assert!(err.contains("SQLite 数据库文件"), "{err}");
    std::fs::create_dir(d.join("报表")).unwrap();
    let err = fails(d, &with(&tb, &["--out", "报表"]));
    assert!(err.contains("文件夹"), "{err}");
    let err = fails(d, &with(&tb, &["--format", "csv", "--out", "科目余额表.pdf"]));
    assert!(err.contains("扩展名"), "{err}");
    let err = fails(d, &with(&tb, &["--out", "x.sqlite"]));
    assert!(err.contains("数据库文件的扩展名"), "{err}");
    assert_eq!(dump(&db), before);
    assert_eq!(std::fs::read(d.join("备份")).unwrap(), std::fs::read(d.join("gonghui.db")).unwrap());
    // A link at the target is replaced by the report; what it pointed to is untouched.
    #[cfg(unix)]
    {
        std::fs::write(d.join("别处.txt"), "原有内容").unwrap();
        std::os::unix::fs::symlink(d.join("别处.txt"), d.join("余额表.csv")).unwrap();
        ok(d, &with(&tb, &["--out", "余额表.csv"]));
        assert_eq!(std::fs::read_to_string(d.join("别处.txt")).unwrap(), "原有内容");
        assert!(!std::fs::symlink_metadata(d.join("余额表.csv")).unwrap().file_type().is_symlink());
        assert!(std::fs::read_to_string(d.join("余额表.csv")).unwrap().contains("科目"));
    }
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");
}

#[test]
fn typos_in_rule_and_layout_files_are_refused_with_their_line() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    std::fs::write(d.join("s.csv"), STATEMENT).unwrap();
    std::fs::write(
        d.join("r.toml"),
        "[[rule]]\nname = \"手续费\"\nsummary = [\"手续费\"]\ndirection = \"收款\"\naccount = \"510\"\n",
    )
    .unwrap();
    let err = fails(d, &["import", "bank", "s.csv", "--rules", "r.toml"]);
    assert!(err.contains("r.toml") && err.contains("第 4 行") && err.contains("收款"), "{err}");
    std::fs::write(d.join("l.toml"), "name = \"my\"\ndate = [\"记账日期\"]\nammount = [\"交易金额\"]\n").unwrap();
    let err = fails(d, &["import", "bank", "s.csv", "--layout", "l.toml"]);
    assert!(err.contains("line 3") && err.contains("ammount"), "{err}");
    // A balance cell that is not a number is said, not dropped.
    std::fs::write(
        d.join("b.csv"),
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2025-03-01,CNY,5000.00,五千,会员缴费,,\n",
    )
    .unwrap();
    let out = ok(d, &["import", "bank", "b.csv"]);
    assert!(out.contains("余额无法识别 1 行") && out.contains("第 2 行“五千”"), "{out}");
}

#[test]
fn a_closed_months_benefit_list_is_locked_like_its_vouchers() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["voucher", "add", "--date", "2025-01-20", "--summary", "春节慰问", "--dr", "50405=400", "--cr", "102=400"]);
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    std::fs::write(d.join("m.csv"), "工号,姓名,部门,入会日期,状态\nE001,王晓燕,语文组,2006-09-01,在职\n").unwrap();
    ok(d, &["members", "import", "m.csv"]);
    let list = "凭证号,工号,姓名,类型,金额,形式,签收\n记-202501-0001,E001,王晓燕,节日,400.00,实物,是\n";
    std::fs::write(d.join("b.csv"), list).unwrap();
    ok(d, &["benefits", "import", "b.csv"]);
    ok(d, &["close", "--month", "2025-01"]);
    let db = d.join("gonghui.db").display().to_string();
    let before = dump(&db);
    let err = fails(d, &["benefits", "import", "b.csv"]);
    assert!(err.contains("已结账") && err.contains("第 2 行") && err.contains("reopen"), "{err}");
    assert_eq!(dump(&db), before);
}

#[test]
fn database_passwords_are_masked_wherever_an_address_is_shown() {
    use gonghui::store::shown;
    assert_eq!(shown("postgres://tr:秘密@db:5432/union"), "postgres://tr:***@db:5432/union");
    assert_eq!(
        shown("postgres://tr@db/union?password=s3cret&sslmode=require"),
        "postgres://tr@db/union?password=***&sslmode=require"
    );
    assert_eq!(shown("gonghui.db"), "gonghui.db");
    // And in the message of a connection that fails.
    let t = tempfile::tempdir().unwrap();
    let o = command(t.path(), &["--db", "postgresql://u:s3cret@127.0.0.1:9/x", "verify"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("s3cret") && err.contains("***"), "{err}");
}

/// A total too large to represent can only come from books edited behind the tool's back; the
/// report is then refused with a message (exit 1), never printed wrapped and never a crash.
#[test]
fn report_totals_that_cannot_be_represented_are_refused() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["voucher", "add", "--date", "2025-03-08", "--summary", "购书", "--dr", "50102=300", "--cr", "102=300"]);
    ok(d, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(d, &["voucher", "post", "--all"]);
    let db = d.join("gonghui.db").display().to_string();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s = Store::open(&db).await.unwrap();
        s.raw_execute_for_tests(
            "UPDATE balances SET debit = 9000000000000000000 WHERE account = '50102';
             UPDATE balances SET credit = 9000000000000000000 WHERE account = '102';
             INSERT INTO balances (org_id, period, account, activity, debit, credit)
                 VALUES (1, 202503, '50105', '', 9000000000000000000, 0);",
        )
        .await
        .unwrap();
        s.close().await;
    });
    let o = command(d, &["report", "trial-balance", "--year", "2025"]).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("错误：金额合计超出可表示的范围") && !err.contains("panicked"), "{err}");
}
