//! Backup and restore of SQLite books: a consistent copy while others may be using them, and books
//! put back from such a copy (never over books that hold something, unless told). Each copy is
//! verified. PostgreSQL books are backed up with the database's own tools (the refusal says how).

use crate::books::verify::Verification;
use crate::books::{organisations, Books};
use crate::error::{Error, Result};
use crate::store::{shown, sqlite_path, Store};
use std::path::Path;

/// One organisation's books in a copy, verified.
#[derive(Debug, serde::Serialize)]
pub struct Checked {
    pub org: String,
    pub verification: Verification,
}

/// After a write while the books stay open (the web desk): on SQLite the database file alone
/// then holds the books, as after a command of the command line.
pub async fn settle(store: &Store) {
    store.checkpoint().await
}

fn pg_hint(url: &str, what: &str) -> Error {
    Error::refused(format!(
        "PostgreSQL 账套请用数据库自带的工具{what}：备份 pg_dump --format=custom --file 工会账套.dump \"{}\"；\
         恢复 pg_restore --clean --dbname \"{}\" 工会账套.dump（恢复后运行 gonghui verify）",
        shown(url),
        shown(url)
    ))
}

/// Verify every organisation of the books at `url`.
pub async fn verified(url: &str) -> Result<Vec<Checked>> {
    let store = Store::open_existing(url).await?;
    let mut out = Vec::new();
    for org in organisations(&store).await? {
        let verification = Books::new(&store, &org).verify().await?;
        out.push(Checked { org: org.name.clone(), verification });
    }
    store.close().await;
    Ok(out)
}

/// Remove a SQLite file with its log and shared-memory files.
fn remove_sqlite(path: &str) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = format!("{path}{suffix}");
        if Path::new(&p).exists() {
            std::fs::remove_file(&p).map_err(|e| Error::io(format!("无法删除 {p}：{}", crate::error::os(&e))))?;
        }
    }
    Ok(())
}

fn rename(from: &str, to: &str) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io(format!("无法写入 {to}：{}", crate::error::os(&e))))
}

/// Copy the books of `store` (at `url`) to the new file `out`, then verify the copy. A file
/// already at `out` is never overwritten (nor, so, the books themselves).
pub async fn backup(store: &Store, url: &str, out: &str) -> Result<Vec<Checked>> {
    if sqlite_path(url).is_none() {
        return Err(pg_hint(url, "备份"));
    }
    if Path::new(out).exists() {
        return Err(Error::conflict(format!("{out} 已存在：请换一个文件名（备份不覆盖已有文件）")));
    }
    if let Some(dir) = Path::new(out).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let part = format!("{out}.part");
    remove_sqlite(&part)?;
    store.backup_to(&part).await?;
    rename(&part, out)?;
    verified(out).await
}

/// Put the books at `url` back from the backup `file`, then verify them. Refused when the books
/// hold an organisation, unless `force`.
pub async fn restore(url: &str, file: &str, force: bool) -> Result<Vec<Checked>> {
    let Some(db) = sqlite_path(url) else { return Err(pg_hint(url, "恢复")) };
    if !Path::new(file).exists() {
        return Err(Error::not_found(format!("找不到备份文件 {file}")));
    }
    if Path::new(db).exists() {
        let target = Store::open_existing(url).await?;
        let orgs = organisations(&target).await;
        target.close().await;
        let orgs = orgs?;
        if !orgs.is_empty() && !force {
            let names: Vec<String> = orgs.iter().map(|o| o.name.clone()).collect();
            return Err(Error::refused(format!(
                "账套 {db} 已有内容（{}）：恢复会整个覆盖它。请先 gonghui backup --out … 保存现有账套；确认覆盖请加 --force",
                names.join("、")
            )));
        }
    }
    let part = format!("{db}.part");
    remove_sqlite(&part)?;
    Store::copy_sqlite_books(file, &part).await?;
    remove_sqlite(db)?;
    rename(&part, db)?;
    verified(url).await
}
