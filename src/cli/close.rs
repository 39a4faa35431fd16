//! close (month, year) and reopen (month, year).

use super::output::emit;
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::ops;
use clap::{Args, Subcommand};
use std::io::IsTerminal;

#[derive(Args, Debug)]
pub struct CloseArgs {
    /// 结账月份，如 2025-03（此前未结账的月份一并结账）
    #[arg(long, conflicts_with = "year")]
    pub month: Option<String>,
    /// 年终结账：结转收支到 321/322、滚存明细科目、锁定全年
    #[arg(long)]
    pub year: Option<i32>,
    /// 本年已完成的项目（活动编码，逗号分隔）：剩余资金从 321 转入 322
    #[arg(long, requires = "year")]
    pub finished: Option<String>,
    /// 不再询问（脚本用）
    #[arg(long)]
    pub yes: bool,
    /// 年终结账时接受的风险：negative（年末余额为负数），须同时用 --reason 写明理由
    #[arg(long, requires = "year", requires = "reason")]
    pub accept: Option<String>,
    /// 接受风险的理由（记录在案，列入年度报表附注）
    #[arg(long)]
    pub reason: Option<String>,
}

/// Ask on a terminal; scripts say --yes (and without a terminal nobody can answer: go on).
fn confirm(question: &str, yes: bool) -> Result<bool> {
    if yes || !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    eprint!("{question}（y/N）");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "是"))
}

pub async fn close(g: &Global, a: CloseArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match (a.month, a.year) {
        (Some(m), None) => {
            let p = Period::parse(&m)?;
            let months = ops::close::months_to_close(&ctx, p).await?;
            let list: Vec<String> = months.iter().map(|m| m.label()).collect();
            if !confirm(&format!("将结账并锁定：{}。结账后这些月份不能再记账，确定吗？", list.join("、")), a.yes)?
            {
                return emit(g, "未结账。\n".as_bytes());
            }
            let done = ops::close::close_month(&ctx, p).await?;
            let list: Vec<String> = done.iter().map(|m| m.label()).collect();
            emit(g, format!("已结账：{}；此后这些月份的凭证不能再新增、修改或删除\n", list.join("、")).as_bytes())
        }
        (None, Some(y)) => {
            let finished: std::collections::BTreeSet<String> = a
                .finished
                .unwrap_or_default()
                .split([',', '，'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let accept =
                a.accept.map(|risk| ops::yearend::Acceptance { risk, reason: a.reason.clone().unwrap_or_default() });
            let done = ops::yearend::close_year(&ctx, y, &finished, accept.as_ref()).await?;
            if done.awaiting_review {
                return emit(
                    g,
                    format!(
                        "已生成 {y} 年年终结转凭证（草稿）：{}\n请由制单人以外的人审核（gonghui voucher review {}），\
                         再运行 gonghui close --year {y} 记账并锁定全年\n",
                        done.vouchers.join("、"),
                        done.vouchers.join(" ")
                    )
                    .as_bytes(),
                );
            }
            let mut out = format!("{y} 年已年终结账：生成结转凭证 {}；全年 12 个月已锁定\n", done.vouchers.join("、"));
            for w in &done.warnings {
                out.push_str(&format!("注意：{w}（已记录）\n"));
            }
            if let Some(a) = &done.accepted {
                out.push_str(&format!("已接受的风险：{a}（已记录，列入年度报表附注）\n"));
            }
            emit(g, out.as_bytes())
        }
        _ => Err(Error::input("请用 --month YYYY-MM（月结）或 --year YYYY（年终结账）")),
    }
}

#[derive(Args, Debug)]
pub struct ReopenArgs {
    /// 反结账的月份（只能是最近结账的月份）
    #[arg(long, conflicts_with = "year", required_unless_present = "year")]
    pub month: Option<String>,
    /// 反年结的年度（只能是最近年终结账的年度，且下一年尚无记账凭证）
    #[arg(long)]
    pub year: Option<i32>,
    /// 理由（记录在案）
    #[arg(long)]
    pub reason: String,
}

pub async fn reopen(g: &Global, a: ReopenArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match (a.month, a.year) {
        (Some(m), _) => {
            let p = Period::parse(&m)?;
            ops::close::reopen_month(&ctx, p, &a.reason).await?;
            emit(g, format!("{} 已反结账（理由已记录）：可以更正后再结账\n", p.label()).as_bytes())
        }
        (None, Some(y)) => {
            let nos = ops::close::reopen_year(&ctx, y, &a.reason).await?;
            emit(
                g,
                format!(
                    "{y} 年已反年结（理由已记录），12 月已重新打开；冲回年终结转的凭证 {}（未免除单独审核时为草稿，须另一人审核、记账）；更正后请再次年终结账\n",
                    nos.join("、")
                )
                .as_bytes(),
            )
        }
        (None, None) => Err(Error::input("请用 --month YYYY-MM 或 --year YYYY 指定反结账的期间")),
    }
}

#[derive(Subcommand, Debug)]
pub enum NotesCmd {
    /// 录入一项附注说明（本会自己写的文字，纯文本，一段一行；每次录入为新版本，报表用最新版本）
    Set {
        /// 年度，如 2025
        #[arg(long)]
        year: i32,
        /// 附注项目 1–8：1 遵循制度声明，2 财务状况和预算执行，3 会计政策和估计及变更，4 重要项目明细，5 资产处置和重大损失，6 名义金额计量的资产，7 以前年度结转结余调整，8 其他事项
        #[arg(long)]
        item: String,
        /// 说明文字所在的文件（UTF-8 纯文本）
        #[arg(long)]
        file: String,
    },
    /// 列出一个年度各项附注已录入的说明及其版本
    Show {
        /// 年度，如 2025
        #[arg(long)]
        year: i32,
    },
}

/// `notes set` and `notes show`.
pub async fn notes(g: &Global, c: NotesCmd) -> Result<()> {
    use crate::ledger::notes::{current, ITEMS, NUMERALS};
    let ctx = g.ctx().await?;
    match c {
        NotesCmd::Set { year, item, file } => {
            let n = ops::notes::set(&ctx, year, &item, std::path::Path::new(&file)).await?;
            let i = n.item as usize - 1;
            emit(
                g,
                format!(
                    "已录入 {year} 年度附注 {}、{}（第 {} 版，{}）；年度报表（工会01表、02表）的附注将使用这一版\n",
                    NUMERALS[i], ITEMS[i], n.version, n.entered_by
                )
                .as_bytes(),
            )
        }
        NotesCmd::Show { year } => {
            let all = ctx.books().notes(year).await?;
            let now = current(&all);
            let mut out = format!("{year} 年度报表附注（本会录入的说明）\n");
            for (i, title) in ITEMS.iter().enumerate() {
                out.push_str(&format!("{}、{title}：", NUMERALS[i]));
                match now.get(&(i as u8 + 1)) {
                    Some(n) => {
                        let versions = all.iter().filter(|x| x.item == n.item).count();
                        out.push_str(&format!(
                            "第 {} 版（共 {versions} 版），{} 录入于 {}\n",
                            n.version, n.entered_by, n.entered_at
                        ));
                        for p in n.body.lines() {
                            out.push_str(&format!("    {p}\n"));
                        }
                    }
                    None => out.push_str("未录入（报表只列账上可得的内容）\n"),
                }
            }
            out.push_str(&format!("录入或更正：gonghui notes set --year {year} --item N --file 说明.txt\n"));
            emit(g, out.as_bytes())
        }
    }
}
