//! backup, restore: a consistent copy of SQLite books while others may be using them, and books
//! put back from such a copy (never over books that hold something, unless told).

use super::output::emit;
use super::Global;
use crate::error::{Error, Result};
use crate::store::{shown, sqlite_path, Store};
use clap::Args;
use std::path::Path;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// 备份文件（gonghui backup 生成的 .db 文件）
    pub file: String,
    /// 覆盖已有内容的账套
    #[arg(long)]
    pub force: bool,
}

fn pg_hint(url: &str, what: &str) -> Error {
    Error::refused(format!(
        "PostgreSQL 账套请用数据库自带的工具{what}：备份 pg_dump --format=custom --file 工会账套.dump \"{}\"；\
         恢复 pg_restore --clean --dbname \"{}\" 工会账套.dump（恢复后运行 gonghui verify）",
        shown(url),
        shown(url)
    ))
}

/// Verify every organisation of the books at `url`; a line per organisation.
async fn verified(url: &str) -> Result<String> {
    let store = Store::open_existing(url).await?;
    let mut out = String::new();
    for org in crate::books::organisations(&store).await? {
        let v = crate::books::Books::new(&store, &org).verify().await?;
        out.push_str(&if v.ok() {
            format!("  {}：校验通过（{} 张已记账凭证）\n", org.name, v.vouchers_checked)
        } else {
            format!("  {}：校验未通过：{}\n", org.name, v.problems.join("；"))
        });
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

/// `backup --out FILE`.
pub async fn backup(g: &Global) -> Result<()> {
    let Some(db) = sqlite_path(&g.db) else { return Err(pg_hint(&g.db, "备份")) };
    let out = g
        .out
        .as_deref()
        .ok_or_else(|| Error::input("请用 --out 指定备份文件，例如 --out 备份/工会账套-2025-12-31.db"))?;
    if Path::new(out).exists() {
        // (This also keeps a backup from being written over the books themselves.)
        return Err(Error::conflict(format!("{out} 已存在：请换一个文件名（备份不覆盖已有文件）")));
    }
    if let Some(dir) = Path::new(out).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let store = g.store().await?;
    let part = format!("{out}.part");
    remove_sqlite(&part)?;
    store.backup_to(&part).await?;
    std::fs::rename(&part, out).map_err(|e| Error::io(format!("无法写入 {out}：{}", crate::error::os(&e))))?;
    let check = verified(out).await?;
    // The message goes to the terminal: --out named the backup itself.
    let to_terminal = Global { out: None, ..g.clone() };
    emit(
        &to_terminal,
        format!("已把账套 {db} 备份到 {out}（一致的副本，可在他人使用时备份）。备份文件的校验：\n{check}").as_bytes(),
    )
}

/// `restore FILE [--force]`.
pub async fn restore(g: &Global, a: RestoreArgs) -> Result<()> {
    let Some(db) = sqlite_path(&g.db) else { return Err(pg_hint(&g.db, "恢复")) };
    if !Path::new(&a.file).exists() {
        return Err(Error::not_found(format!("找不到备份文件 {}", a.file)));
    }
    // The copy must be books: read it without changing it.
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&a.file).read_only(true);
    let source = sqlx::SqlitePool::connect_with(opts)
        .await
        .map_err(|e| Error::input(format!("{} 无法打开：{}", a.file, crate::error::db_reason(&e))))?;
    let is_books: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'gonghui_migrations'")
            .fetch_optional(&source)
            .await
            .map_err(|e| {
                Error::input(format!("{} 不是 gonghui 的账套文件：{}", a.file, crate::error::db_reason(&e)))
            })?;
    if is_books.is_none() {
        return Err(Error::input(format!("{} 不是 gonghui 的账套文件", a.file)));
    }
    if Path::new(db).exists() {
        let target = Store::open_existing(&g.db).await?;
        let orgs = crate::books::organisations(&target).await?;
        target.close().await;
        if !orgs.is_empty() && !a.force {
            let names: Vec<String> = orgs.iter().map(|o| o.name.clone()).collect();
            return Err(Error::refused(format!(
                "账套 {db} 已有内容（{}）：恢复会整个覆盖它。请先 gonghui backup --out … 保存现有账套；确认覆盖请加 --force",
                names.join("、")
            )));
        }
    }
    let part = format!("{db}.part");
    remove_sqlite(&part)?;
    sqlx::query("VACUUM INTO $1").bind(&part).execute(&source).await?;
    source.close().await;
    remove_sqlite(db)?;
    std::fs::rename(&part, db).map_err(|e| Error::io(format!("无法写入 {db}：{}", crate::error::os(&e))))?;
    let check = verified(&g.db).await?;
    emit(g, format!("已从 {} 恢复账套 {db}。恢复后的校验：\n{check}", a.file).as_bytes())
}
