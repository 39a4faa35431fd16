//! Books that no input, crash or race can break (issue 15): amounts that would overflow are
//! refused, concurrent commands make one reversal and one voucher per statement line, and a
//! process killed at any transaction boundary leaves whole books that a re-run completes.

mod common;

use common::cli::{command, fails, ok};
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
            ok(dir.path(), &["--db", &url, "init", "--name", "测试学校工会", "--year", "2025"]);
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
        ok(d, &["--db", &db, "--user", "刘洋", "voucher", "review", "--all"]);
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
