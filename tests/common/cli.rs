//! The binary run as a treasurer or a script runs it: in a directory, as 张敏, on 15 January 2027.

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_gonghui");

/// The password every test user is given where books check identity (PostgreSQL books always
/// do); set for every command, so it is only read where a password is asked for.
pub const PASSWORD: &str = "test-pass-1";

/// The command ready to run in `dir` (not yet run).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env_remove("GONGHUI_DB")
        .env("GONGHUI_PASSWORD", PASSWORD)
        .env_remove("GONGHUI_NEW_PASSWORD")
        .env("GONGHUI_USER", "张敏")
        .env("GONGHUI_TODAY", "2027-01-15")
        .args(args);
    c
}

pub fn gh(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().unwrap()
}

pub fn ok(dir: &Path, args: &[&str]) -> String {
    let o = gh(dir, args);
    assert!(o.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// Run and expect exit status 1; return stderr.
pub fn fails(dir: &Path, args: &[&str]) -> String {
    let o = gh(dir, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

/// Everything the database at `db` holds but the count of wrong passwords (which a refused
/// password does write): what "nothing written" means for a refusal at the door.
pub fn books_dump(db: &Path) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s = gonghui::store::Store::open_existing(&db.display().to_string()).await.unwrap();
        let d = s.content_dump().await.unwrap();
        s.close().await;
        d.split("## ").filter(|t| !t.starts_with("login_failures\n")).collect::<Vec<_>>().join("## ")
    })
}

pub fn db_bytes_dump(dir: &Path) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s = gonghui::store::Store::open(&dir.join("gonghui.db").display().to_string()).await.unwrap();
        let d = s.content_dump().await.unwrap();
        s.close().await;
        d
    })
}

/// `voucher add` of one debit and one credit line, as the treasurer 张敏.
pub fn add(d: &Path, date: &str, summary: &str, dr: &str, cr: &str) {
    ok(d, &["voucher", "add", "--date", date, "--summary", summary, "--dr", dr, "--cr", cr]);
}

pub fn init(dir: &Path) {
    ok(dir, &["init", "--name", "测试学校工会", "--year", "2025"]);
    ok(dir, &["activities", "add", "A03", "三八节活动", "--account", "50102"]);
}

/// New books with one voucher, 5,400.00 of dues, prepared, reviewed by another and posted.
pub fn books_with_dues(dir: &Path) {
    init(dir);
    add(dir, "2025-03-02", "收到会费", "102=5400.00", "401=5400.00");
    ok(dir, &["--user", "刘洋", "voucher", "review", "--all", "--yes"]);
    ok(dir, &["voucher", "post", "--all"]);
}
