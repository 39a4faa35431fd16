//! The file on disk holds everything: after any command the main SQLite file alone has every
//! committed write (a USB-stick copy of `gonghui.db` is a backup), `backup` makes a copy that
//! verifies, `restore` does not overwrite books by accident, a missing file is not created empty,
//! and a bank import killed half-way leaves nothing of itself.

mod common;

use common::cli::{command, fails, gh, ok};
use std::path::Path;
use std::time::{Duration, Instant};

fn voucher_count(dir: &Path, db: &str) -> usize {
    let json = ok(dir, &["--db", db, "voucher", "list", "--format", "json"]);
    serde_json::from_str::<Vec<serde_json::Value>>(&json).unwrap().len()
}

/// Bank statement imports kept, and the lines still waiting for a voucher.
fn bank_counts(dir: &Path, db: &str) -> (usize, usize) {
    let json = ok(dir, &["--db", db, "bank", "imports", "--format", "json"]);
    let imports: serde_json::Value = serde_json::from_str(&json).unwrap();
    let json = ok(dir, &["--db", db, "bank", "pending", "--format", "json"]);
    let pending: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = |v: &serde_json::Value| v["sections"][0]["rows"].as_array().map(Vec::len).unwrap_or(usize::MAX);
    (rows(&imports), if pending.is_array() { pending.as_array().unwrap().len() } else { rows(&pending) })
}

#[test]
fn the_main_file_alone_holds_the_demo_and_a_backup_verifies() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["demo", "--out", "demo"]);
    let all = voucher_count(d, "demo/gonghui.db");
    assert!(all > 50, "the demo's year: {all} vouchers");
    // The treasurer copies "the database file" and nothing else.
    assert!(
        !d.join("demo/gonghui.db-wal").exists() || std::fs::metadata(d.join("demo/gonghui.db-wal")).unwrap().len() == 0
    );
    std::fs::copy(d.join("demo/gonghui.db"), d.join("x.db")).unwrap();
    assert_eq!(voucher_count(d, "x.db"), all, "the main file alone opens with every voucher");
    let void = ok(d, &["--db", "x.db", "voucher", "list", "--status", "void", "--format", "json"]);
    assert_eq!(serde_json::from_str::<Vec<serde_json::Value>>(&void).unwrap().len(), 1, "the voided typo, listed");
    assert!(ok(d, &["--db", "x.db", "verify"]).contains("校验通过"));
    // backup → verify on the copy.
    let said = gh(d, &["--db", "demo/gonghui.db", "backup", "--out", "备份.db"]);
    assert!(said.status.success(), "{}", String::from_utf8_lossy(&said.stderr));
    assert_eq!(voucher_count(d, "备份.db"), all);
    assert!(ok(d, &["--db", "备份.db", "verify"]).contains("校验通过"));
    // A backup never overwrites a file already there.
    let e = fails(d, &["--db", "demo/gonghui.db", "backup", "--out", "x.db"]);
    assert!(e.contains("x.db") && e.contains("已存在"), "{e}");
    // restore: into empty books it goes; over books with content only with --force.
    ok(d, &["--db", "新.db", "restore", "备份.db"]);
    assert_eq!(voucher_count(d, "新.db"), all);
    let before = std::fs::read(d.join("x.db")).unwrap();
    let e = fails(d, &["--db", "x.db", "restore", "备份.db"]);
    assert!(e.contains("--force"), "{e}");
    assert_eq!(before, std::fs::read(d.join("x.db")).unwrap(), "refused: the books as they were");
    ok(d, &["--db", "x.db", "restore", "备份.db", "--force"]);
    assert!(ok(d, &["--db", "x.db", "verify"]).contains("校验通过"));
}

#[test]
fn a_database_file_that_does_not_exist_is_not_created_empty() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    for args in [&["voucher", "list"][..], &["verify"], &["report", "trial-balance", "--year", "2025"]] {
        let mut with = vec!["--db", "没有.db"];
        with.extend_from_slice(args);
        let e = fails(d, &with);
        assert!(e.contains("找不到账套文件") && e.contains("没有.db") && e.contains("init"), "{args:?}: {e}");
        assert!(!d.join("没有.db").exists(), "{args:?} created the file");
    }
    // init creates it.
    ok(d, &["--db", "没有.db", "init", "--name", "测试学校工会", "--year", "2025"]);
    assert!(d.join("没有.db").exists());
}

/// A statement of `n` lines over 2025 and 2026, one receipt and one payment a line apart.
fn big_statement(n: usize) -> String {
    let mut s = String::from("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut balance = 0i64;
    for i in 0..n {
        let day = start + chrono::Duration::days((i * 700 / n) as i64);
        let fen = if i % 2 == 0 { 10_000 + (i % 97) as i64 } else { -(5_000 + (i % 89) as i64) };
        balance += fen;
        s.push_str(&format!(
            "{day},CNY,{}.{:02},{}.{:02},流水{i},对方单位{},\n",
            fen / 100,
            (fen % 100).abs(),
            balance / 100,
            balance % 100,
            i % 50
        ));
    }
    s
}

#[test]
fn a_bank_import_killed_half_way_leaves_nothing_of_itself() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(d, &["voucher", "add", "--date", "2025-03-02", "--summary", "收到会费", "--dr", "102=5400", "--cr", "401=5400"]);
    let vouchers = voucher_count(d, "gonghui.db");
    std::fs::write(d.join("大.csv"), big_statement(200_000)).unwrap();
    let mut child = command(d, &["import", "bank", "大.csv", "--layout", "cmb", "--account", "102"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import is writing (its log grows past 1 MB), then kill it without warning.
    let wal = d.join("gonghui.db-wal");
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it could be killed: make the file larger"
        );
        if std::fs::metadata(&wal).map(|m| m.len() > 1 << 20).unwrap_or(false) {
            break;
        }
        assert!(Instant::now() < deadline, "the import never started writing");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL on Unix: no destructor, no checkpoint
    child.wait().unwrap();
    // The main file alone (what a copy to a USB stick takes): intact, no line of the statement.
    std::fs::copy(d.join("gonghui.db"), d.join("u盘.db")).unwrap();
    for db in ["u盘.db", "gonghui.db"] {
        assert!(ok(d, &["--db", db, "verify"]).contains("校验通过"), "{db}");
        assert_eq!(voucher_count(d, db), vouchers, "{db}");
        assert_eq!(bank_counts(d, db), (0, 0), "{db}: nothing partial");
    }
    // The statement imported again, whole.
    let out = ok(d, &["import", "bank", "大.csv", "--layout", "cmb", "--account", "102", "--format", "json"]);
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["imported"], 200_000, "{out}");
}
