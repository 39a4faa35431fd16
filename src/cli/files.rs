//! backup, restore: a consistent copy of SQLite books while others may be using them, and books
//! put back from such a copy (never over books that hold something, unless told).

use super::output::emit;
use super::Global;
use crate::error::{Error, Result};
use crate::ops;
use crate::store::shown;
use clap::Args;

#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// 备份文件（gonghui backup 生成的 .db 文件）
    pub file: String,
    /// 覆盖已有内容的账套
    #[arg(long)]
    pub force: bool,
}

fn checked_text(checked: &[ops::files::Checked]) -> String {
    checked
        .iter()
        .map(|c| {
            let v = &c.verification;
            if v.ok() {
                format!("  {}：校验通过（{} 张已记账凭证）\n", c.org, v.vouchers_checked)
            } else {
                format!("  {}：校验未通过：{}\n", c.org, v.problems.join("；"))
            }
        })
        .collect()
}

/// `backup --out FILE`.
pub async fn backup(g: &Global) -> Result<()> {
    let out = g
        .out
        .as_deref()
        .ok_or_else(|| Error::input("请用 --out 指定备份文件，例如 --out 备份/工会账套-2025-12-31.db"))?;
    let store = g.store().await?;
    let checked = ops::files::backup(&store, &g.db, out).await?;
    // The message goes to the terminal: --out named the backup itself.
    let to_terminal = Global { out: None, ..g.clone() };
    emit(
        &to_terminal,
        format!(
            "已把账套 {} 备份到 {out}（一致的副本，可在他人使用时备份）。备份文件的校验：\n{}",
            shown(&g.db),
            checked_text(&checked)
        )
        .as_bytes(),
    )
}

/// `restore FILE [--force]`.
pub async fn restore(g: &Global, a: RestoreArgs) -> Result<()> {
    let checked = ops::files::restore(&g.db, &a.file, a.force).await?;
    emit(g, format!("已从 {} 恢复账套 {}。恢复后的校验：\n{}", a.file, shown(&g.db), checked_text(&checked)).as_bytes())
}
