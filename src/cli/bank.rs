//! import bank

use super::output::{emit, emit_json, emit_listing};
use super::Global;
use crate::error::Result;
use crate::ops::matching;
use crate::render::Format;
use crate::report::listings;
use clap::Subcommand;
use std::sync::OnceLock;

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// 导入银行流水（CSV、TXT、XLS、XLSX；GBK 或 UTF-8），同一笔流水不会重复导入
    Bank {
        /// 对账单文件（--layout list 时不需要）
        #[arg(required_unless_present = "layout")]
        file: Option<String>,
        /// 版式：auto（按表头识别）、内置版式名（icbc、ccb-corporate …）或版式文件 .toml
        #[arg(long, default_value = "auto")]
        layout: String,
        /// 银行存款科目（102 或其明细科目；默认 102 或其唯一的明细科目）；信用卡账单为负债科目
        #[arg(long)]
        account: Option<String>,
        /// 文件编码（默认自动识别）：utf-8、gbk
        #[arg(long)]
        encoding: Option<String>,
        /// 只显示将导入的结果，不写入
        #[arg(long = "dry-run")]
        dry_run: bool,
        /// 分类规则文件（默认内置规则：会费、拨缴、上解、利息、手续费）
        #[arg(long)]
        rules: Option<String>,
        /// 信用卡账单也记入银行存款（默认拒绝：信用卡欠款应记入负债科目）
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum LayoutsCmd {
    /// 列出内置版式：名称、银行、导出方式、表头
    List,
    /// 版式文件的写法（自己写一个 .toml 版式，用 --layout 文件.toml 导入）
    Guide,
    /// 输出一个内置版式的 TOML，作为自己版式文件的起点
    Show {
        /// 版式名称，如 icbc-corporate
        name: String,
    },
}

/// The guide to writing a layout, shipped inside the binary.
const GUIDE: &str = include_str!("../../layouts/guide.md");

/// `layouts list|guide|show`.
pub fn layouts(g: &Global, c: LayoutsCmd) -> Result<()> {
    use crate::import::layout;
    match c {
        LayoutsCmd::List => emit(g, layout_list().as_bytes()),
        LayoutsCmd::Guide => emit(g, GUIDE.as_bytes()),
        LayoutsCmd::Show { name } => match layout::BUILTIN.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => emit(g, text.as_bytes()),
            None => Err(crate::error::Error::not_found(format!(
                "没有名为“{name}”的内置版式；gonghui layouts list 列出全部"
            ))),
        },
    }
}

/// Every built-in layout: name, bank and kind, and the header cells it looks for.
fn layout_list() -> String {
    let mut out = String::from("内置版式（import bank --layout 名称；auto 按表头自动识别）：\n");
    for l in crate::import::layout::builtin() {
        let mut cols: Vec<&str> = vec![l.date[0].as_str()];
        for g in
            [&l.time, &l.amount, &l.amount_in, &l.amount_out, &l.direction, &l.balance, &l.counterparty, &l.summary]
        {
            if let Some(first) = g.first() {
                cols.push(first);
            }
        }
        cols.extend(l.require.iter().map(String::as_str));
        out.push_str(&format!(
            "  {:<18} {}{}\n    表头：{}\n",
            l.name,
            l.label(),
            if l.credit { "（信用卡，记入负债科目）" } else { "" },
            cols.join(",")
        ));
    }
    out.push_str("自己的版式：gonghui layouts show 名称 > 我的银行.toml，按 gonghui layouts guide 修改后用 --layout 我的银行.toml\n");
    out
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
    /// 把流水与已录入的凭证对应（金额须相符）：一笔对一张、多笔对一张、一笔对多张，如 bank match 17 记-202503-0002
    Match {
        /// 流水序号和凭证号
        #[arg(required = true, num_args = 2..)]
        items: Vec<String>,
    },
    /// 搁置一笔不需记账的流水（如交易关闭、误导入的信用卡流水），须写明理由
    Ignore {
        /// 流水序号
        line: i64,
        #[arg(long)]
        reason: String,
    },
    /// 取消搁置，流水回到待分类
    Unignore {
        /// 流水序号
        line: i64,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 列出历次导入（编号、文件、笔数）
    Imports,
    /// 撤销一次导入（其流水均未生成凭证时），须写明理由
    UndoImport {
        /// 导入编号（bank imports 中的编号）
        id: i64,
        #[arg(long)]
        reason: String,
    },
    /// 录入纸质或 PDF 对账单的月末余额，用于该月对账
    Statement {
        /// 银行存款科目（102 或其明细科目；默认 102 或其唯一的明细科目）
        #[arg(long)]
        account: Option<String>,
        /// 月份，如 2025-03
        #[arg(long)]
        month: String,
        /// 对账单上的月末余额
        #[arg(long)]
        balance: String,
    },
}

pub async fn bank(g: &Global, cmd: BankCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        BankCmd::Pending => {
            emit_listing(g, &ctx, listings::pending(&listings::load_pending(&ctx.books()).await?)).await
        }
        BankCmd::Match { items } => {
            let (lines, nos): (Vec<&String>, Vec<&String>) = items.iter().partition(|i| i.parse::<i64>().is_ok());
            let lines: Vec<i64> = lines.iter().filter_map(|l| l.parse().ok()).collect();
            let nos: Vec<String> = nos
                .into_iter()
                .map(|n| crate::ledger::period::Period::expand_voucher_no(n, None).map_err(crate::error::Error::input))
                .collect::<Result<_>>()?;
            matching::match_lines(&ctx, &lines, &nos).await?;
            emit(g, format!("已对应：流水 {:?} ↔ 凭证 {}\n", lines, nos.join("、")).as_bytes())
        }
        BankCmd::Ignore { line, reason } => {
            matching::ignore(&ctx, line, &reason).await?;
            emit(g, format!("流水 {line} 已搁置（理由已记录），不再列入待分类和对账\n").as_bytes())
        }
        BankCmd::Unignore { line, reason } => {
            matching::unignore(&ctx, line, &reason).await?;
            emit(g, format!("流水 {line} 已取消搁置，回到待分类\n").as_bytes())
        }
        BankCmd::Imports => {
            emit_listing(g, &ctx, listings::imports(&listings::load_imports(&ctx.books()).await?)).await
        }
        BankCmd::UndoImport { id, reason } => {
            let n = matching::undo_import(&ctx, id, &reason).await?;
            emit(g, format!("已撤销导入 {id}：删除流水 {n} 笔（撤销已记录）\n").as_bytes())
        }
        BankCmd::Statement { account, month, balance } => {
            let account = match account {
                Some(a) => a,
                None => ctx.books().default_bank_account().await?,
            };
            let p = crate::ledger::period::Period::parse(&month)?;
            let amount = crate::money::Amount::parse(&balance)
                .map_err(|e| crate::error::Error::input(format!("--balance：{e}")))?;
            matching::statement(&ctx, &account, p, amount).await?;
            emit(g, format!("已录入 {account} {} 对账单余额 {}\n", p.label(), amount.grouped()).as_bytes())
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
    match cmd {
        ImportCmd::Bank { file, layout, account, encoding, dry_run, rules, force } => {
            if layout == "list" {
                return emit(g, layout_list().as_bytes());
            }
            let Some(file) = file else {
                return Err(crate::error::Error::input("请给出对账单文件：gonghui import bank 文件 [--account 102]"));
            };
            let ctx = g.ctx().await?;
            let account = match account {
                Some(a) => a,
                None => ctx.books().default_bank_account().await?,
            };
            let rules = crate::ops::bank::rules(rules.as_deref())?;
            let path = std::path::Path::new(&file);
            // A spinner once a statement turns out long; nothing for a short one.
            let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
            let progress = |read: u64| {
                if read > 10_000 {
                    bar.get_or_init(|| {
                        let b = indicatif::ProgressBar::new_spinner();
                        b.set_style(
                            indicatif::ProgressStyle::with_template("导入 {spinner} 已读 {pos} 行").expect("template"),
                        );
                        b
                    })
                    .set_position(read);
                }
            };
            let done = crate::ops::bank::import_forced(
                &ctx,
                path,
                &layout,
                encoding.as_deref(),
                &account,
                dry_run,
                force,
                &rules,
                Some(&progress),
            )
            .await;
            if let Some(b) = bar.get() {
                b.finish_and_clear();
            }
            let s = done?;
            if g.format_or(Format::Table) == Format::Json {
                return emit_json(g, &s);
            }
            if s.dry_run {
                let view = listings::DryRun {
                    file: &s.file,
                    layout: &s.layout,
                    layout_label: &s.layout_label,
                    encoding: &s.encoding,
                    account: &s.account,
                    imported: s.imported,
                    duplicate: s.duplicate,
                    skipped: s.skipped,
                    lines: &s.lines,
                };
                return emit_listing(g, &ctx, listings::dry_run(&ctx.org.name, &view)).await;
            }
            let mut out = format!(
                "{}{}{}（版式 {}：{}，编码 {}，科目 {}）：读取 {} 行，导入 {} 笔，已存在 {} 笔，跳过 {} 行；导入的收入 {}，支出 {}{}\n",
                if s.dry_run { "【试运行，未写入】" } else { "" },
                s.import_id.map(|i| format!("导入编号 {i}：")).unwrap_or_default(),
                s.file,
                s.layout,
                s.layout_label,
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
            if s.unreadable_balance_count > 0 {
                out.push_str(&format!(
                    "  余额无法识别 {} 行（未用于余额核对）：{}{}\n",
                    s.unreadable_balance_count,
                    s.unreadable_balances.iter().map(|(l, t)| format!("第 {l} 行“{t}”")).collect::<Vec<_>>().join("、"),
                    if s.unreadable_balance_count > s.unreadable_balances.len() { " 等" } else { "" }
                ));
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
