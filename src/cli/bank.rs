//! import bank

use super::output::emit;
use super::Global;
use crate::error::Result;
use crate::render::Format;
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// 导入银行流水（CSV、TXT、XLS、XLSX；GBK 或 UTF-8），同一笔流水不会重复导入
    Bank {
        file: String,
        /// 版式：auto（按表头识别）、内置版式名（icbc、ccb-corporate …）或版式文件 .toml
        #[arg(long, default_value = "auto")]
        layout: String,
        /// 银行存款科目（102 或其明细科目）
        #[arg(long, default_value = "102")]
        account: String,
        /// 文件编码（默认自动识别）：utf-8、gbk
        #[arg(long)]
        encoding: Option<String>,
        /// 只显示将导入的结果，不写入
        #[arg(long = "dry-run")]
        dry_run: bool,
    },
}

pub async fn run(g: &Global, cmd: ImportCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        ImportCmd::Bank { file, layout, account, encoding, dry_run } => {
            let s = crate::ops::bank::import(
                &ctx,
                std::path::Path::new(&file),
                &layout,
                encoding.as_deref(),
                &account,
                dry_run,
            )
            .await?;
            if g.format_or(Format::Table) == Format::Json {
                let v = json!({
                    "read": s.read, "imported": s.imported, "duplicate": s.duplicate, "skipped": s.skipped,
                    "inflow": s.inflow.plain(), "outflow": s.outflow.plain(),
                    "closing_balance": s.closing_balance.map(|b| b.plain()),
                });
                return emit(g, format!("{v}\n").as_bytes());
            }
            let mut out = format!(
                "{}{}（版式 {}，编码 {}，科目 {}）：读取 {} 行，导入 {} 笔，已存在 {} 笔，跳过 {} 行；导入的收入 {}，支出 {}{}\n",
                if s.dry_run { "【试运行，未写入】" } else { "" },
                s.file,
                s.layout,
                s.encoding,
                s.account,
                s.read,
                s.imported,
                s.duplicate,
                s.skipped,
                s.inflow.grouped(),
                s.outflow.grouped(),
                s.closing_balance.map(|b| format!("；银行余额 {}", b.grouped())).unwrap_or_default()
            );
            for k in &s.skipped_lines {
                out.push_str(&format!("  跳过第 {} 行：{}\n", k.line, k.reason));
            }
            for (a, b, expected, found) in &s.breaks {
                out.push_str(&format!(
                    "  余额不连续：第 {a} 行之后第 {b} 行应为 {}，实为 {}（中间可能缺少流水）\n",
                    expected.grouped(),
                    found.grouped()
                ));
            }
            emit(g, out.as_bytes())
        }
    }
}
