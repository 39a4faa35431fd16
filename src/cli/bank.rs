//! import bank

use super::output::{emit, emit_report};
use super::Global;
use crate::error::Result;
use crate::render::Format;
use crate::report::{Cell, Column, Report, Row, Section, Table};
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
        /// 分类规则文件（默认内置规则：会费、拨缴、上解、利息、手续费）
        #[arg(long)]
        rules: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BankCmd {
    /// 列出尚未生成凭证的银行流水（附按往来单位的建议科目）
    Pending,
    /// 把一笔银行流水生成记账凭证（草稿）
    Classify {
        /// 流水序号（bank pending 中的序号）
        line: i64,
        /// 对方科目，如 50105；不写则按该往来单位上次的科目
        #[arg(long)]
        account: Option<String>,
        /// 活动编码
        #[arg(long)]
        activity: Option<String>,
        /// 凭证摘要
        #[arg(long)]
        summary: Option<String>,
    },
}

pub async fn bank(g: &Global, cmd: BankCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        BankCmd::Pending => {
            let mut r = Report::new("bank-pending", "待分类银行流水", &ctx.org.name, "");
            r.signatures.clear();
            let mut rows = Vec::new();
            for l in ctx.store.pending_lines(&ctx.org, None).await? {
                let s = crate::ops::classify::suggestion(&ctx, &l).await?;
                rows.push(Row::new(vec![
                    Cell::Int(l.seq),
                    Cell::text(l.date.to_string()),
                    Cell::Amount(l.amount),
                    Cell::text(&l.counterparty),
                    Cell::text(&l.summary),
                    Cell::text(
                        s.map(|(a, act)| if act.is_empty() { a } else { format!("{a}@{act}") }).unwrap_or_default(),
                    ),
                ]));
            }
            r.sections.push(Section::Table(Table {
                title: None,
                columns: vec![
                    Column::number("序号"),
                    Column::date("日期"),
                    Column::amount("金额"),
                    Column::text("对方", 14),
                    Column::text("摘要", 18),
                    Column::text("建议科目", 10),
                ],
                rows,
            }));
            r.notes.push("金额为正是收入、为负是支出。用 gonghui bank classify 序号 --account 科目 生成凭证；不写 --account 时按建议科目。".into());
            emit_report(g, &r)
        }
        BankCmd::Classify { line, account, activity, summary } => {
            let no =
                crate::ops::classify::by_hand(&ctx, line, account.as_deref(), activity.as_deref(), summary.as_deref())
                    .await?;
            emit(g, format!("已为流水 {line} 生成凭证 {no}（草稿，待审核）\n").as_bytes())
        }
    }
}

pub async fn run(g: &Global, cmd: ImportCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        ImportCmd::Bank { file, layout, account, encoding, dry_run, rules } => {
            let rules = match rules {
                Some(p) => {
                    let text = std::fs::read_to_string(&p)
                        .map_err(|e| crate::error::Error::input(format!("无法读取分类规则 {p}：{e}")))?;
                    crate::import::classify::parse(&text, &p)?
                }
                None => crate::import::classify::parse(crate::import::classify::DEFAULT, "内置规则")?,
            };
            let path = std::path::Path::new(&file);
            let s =
                crate::ops::bank::import(&ctx, path, &layout, encoding.as_deref(), &account, dry_run, &rules).await?;
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
            if s.matched > 0 {
                out.push_str(&format!("  与账上已有凭证对上 {} 笔\n", s.matched));
            }
            if !s.vouchers.is_empty() {
                out.push_str(&format!(
                    "  按分类规则生成凭证 {} 张（草稿，待审核）：{}\n",
                    s.vouchers.len(),
                    s.vouchers.join("、")
                ));
            }
            if s.pending > 0 {
                out.push_str(&format!(
                    "  待分类 {} 笔（gonghui bank pending 查看，bank classify 生成凭证）\n",
                    s.pending
                ));
                for (seq, date, amount, why) in &s.pending_sample {
                    out.push_str(&format!("    序号 {seq}  {date}  {:>14}  {why}\n", amount.grouped()));
                }
                if s.pending > s.pending_sample.len() {
                    out.push_str(&format!("    ……另有 {} 笔\n", s.pending - s.pending_sample.len()));
                }
            }
            emit(g, out.as_bytes())
        }
    }
}
