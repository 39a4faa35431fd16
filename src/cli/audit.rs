//! members import; benefits import; audit (findings, dispositions)

use super::books::span;
use super::output::{emit, emit_json_pretty, emit_listing};
use super::{Global, PeriodArgs};
use crate::error::Result;
use crate::ops::audit as ops;
use crate::render::Format;
use clap::{Args, Subcommand};
use std::path::Path;

#[derive(Subcommand, Debug)]
pub enum MembersCmd {
    /// 导入会员名册（CSV/XLSX：工号,姓名,部门,入会日期,状态；状态为 在职、退休 或 调离）
    Import {
        file: String,
        /// 文件编码（默认自动识别）
        #[arg(long)]
        encoding: Option<String>,
    },
    /// 列出会员名册（按工号），附各状态人数
    List,
}

#[derive(Subcommand, Debug)]
pub enum BenefitsCmd {
    /// 导入慰问发放名单（CSV/XLSX：凭证号,工号,姓名,类型,金额,形式,签收）；同一凭证再次导入则替换其名单
    Import {
        file: String,
        /// 文件编码（默认自动识别）
        #[arg(long)]
        encoding: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// 规则包：内置编号（如 anhui-2025）或 TOML 文件；默认按本会省份和年度选用
    #[arg(long)]
    pub rules: Option<String>,
    /// 有“严重”级别的发现时以状态 3 退出
    #[arg(long)]
    pub strict: bool,
    /// 记录某条发现的处理结论（编号见列表的“编号”列）
    #[arg(long, value_name = "编号")]
    pub dispose: Option<String>,
    /// 处理结论：认定（accepted，认定为问题）、已说明（explained）、已整改（rectified）
    #[arg(long = "as", value_name = "结论", requires = "dispose")]
    pub outcome: Option<String>,
    /// 处理情况说明
    #[arg(long, requires = "dispose")]
    pub note: Option<String>,
}

pub async fn members(g: &Global, c: MembersCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    let (file, encoding) = match c {
        MembersCmd::List => {
            let list = ctx.books().members().await?;
            return emit_listing(g, &ctx, crate::report::listings::members(&ctx.org.name, &list)).await;
        }
        MembersCmd::Import { file, encoding } => (file, encoding),
    };
    let r = ops::import_members(&ctx, Path::new(&file), encoding.as_deref()).await?;
    emit(g, format!("已导入会员名册：新增 {} 人，更新 {} 人\n", r.added, r.updated).as_bytes())
}

pub async fn benefits(g: &Global, c: BenefitsCmd) -> Result<()> {
    let BenefitsCmd::Import { file, encoding } = c;
    let ctx = g.ctx().await?;
    let r = ops::import_benefits(&ctx, Path::new(&file), encoding.as_deref()).await?;
    if g.format_or(Format::Table) == Format::Json {
        return super::output::emit_json(g, &r);
    }
    let mut s = format!("已导入发放名单：{} 张凭证，{} 人次", r.vouchers, r.rows);
    if !r.replaced.is_empty() {
        s.push_str(&format!("（替换了凭证 {} 原有的名单）", r.replaced.join("、")));
    }
    s.push('\n');
    for (no, list, spending) in &r.mismatched {
        s.push_str(&format!(
            "注意：凭证 {no} 的名单合计 {} 元，与凭证支出 {} 元不符，请核对\n",
            list.grouped(),
            spending.grouped()
        ));
    }
    emit(g, s.as_bytes())
}

pub async fn audit(g: &Global, a: AuditArgs) -> Result<i32> {
    let ctx = g.ctx().await?;
    let period = span(&ctx, &a.period).await?;
    if let Some(key) = &a.dispose {
        let outcome = a.outcome.as_deref().unwrap_or("");
        ops::dispose(&ctx, period, key, outcome, a.note.as_deref().unwrap_or("")).await?;
        let said = crate::audit::outcome_code(outcome).map(crate::audit::outcome_label).unwrap_or("");
        emit(g, format!("已记录发现 {key} 的处理结论：{said}\n").as_bytes())?;
        return Ok(0);
    }
    let (pack, kept) = ops::run(&ctx, period, a.rules.as_deref()).await?;
    if g.format_or(Format::Table) == Format::Json {
        let list: Vec<crate::audit::Listed> = kept.iter().map(crate::audit::Listed::from).collect();
        emit_json_pretty(g, &list)?;
    } else {
        let r = crate::report::audit::findings(&ctx.org.name, period, &pack, &kept);
        emit_listing(g, &ctx, r).await?;
    }
    let high = kept.iter().any(|k| k.finding.severity == crate::audit::Severity::High);
    Ok(if a.strict && high { 3 } else { 0 })
}
