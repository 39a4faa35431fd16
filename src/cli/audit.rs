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
#[command(args_conflicts_with_subcommands = true)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub sub: Option<AuditCmd>,
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
    /// 整改证据（已整改时必填）：收回款项的记账凭证号，或整改文件、收据的编号
    #[arg(long, requires = "dispose")]
    pub evidence: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum PackCmd {
    /// 显示规则包在某日有效的规则（每条注明依据和来源可靠程度）
    Show {
        /// 规则包编号（如 hubei-2018，见 audit packs）或本会规则包文件
        name: String,
        /// 日期（默认今天）
        #[arg(long)]
        date: Option<String>,
        /// 按这些条件选用条件标准（逗号分隔，如 经费充裕企业工会；默认不选）
        #[arg(long)]
        conditions: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCmd {
    /// 列出内置经审规则包：省份、层级、文件、施行日期、现行节日慰问标准
    Packs,
    /// 经审规则包
    Pack {
        #[command(subcommand)]
        cmd: PackCmd,
    },
    /// 经审会审查意见：录入（--file，经审委员，每次录入为新版本）、查看（不带 --file）或取得模板（--template）
    Opinion {
        /// 年度，如 2025
        #[arg(long, required_unless_present = "template")]
        year: Option<i32>,
        /// 意见文件（TOML，写法见 --template）
        #[arg(long, conflicts_with = "template")]
        file: Option<String>,
        /// 输出意见文件模板
        #[arg(long)]
        template: bool,
    },
    /// 整改台账：输出认定为问题的审计发现及其整改责任人、期限和状态（--format csv|xlsx|pdf）；带 --finding 时登记一条整改记录（经审委员，每次登记为新记录）
    Rectification {
        #[command(flatten)]
        period: PeriodArgs,
        /// 要登记的审计发现编号（见 gonghui audit 输出的“编号”列）
        #[arg(long, value_name = "编号")]
        finding: Option<String>,
        /// 整改责任人（姓名，可附职务）；不写则沿用上次登记的
        #[arg(long, requires = "finding")]
        responsible: Option<String>,
        /// 整改期限，如 2026-03-31；不写则沿用上次登记的
        #[arg(long, requires = "finding")]
        deadline: Option<String>,
        /// 整改状态：整改中（默认）、已整改、无法整改
        #[arg(long, requires = "finding")]
        status: Option<String>,
        /// 整改措施，或无法整改的原因（无法整改时必填）
        #[arg(long, requires = "finding")]
        note: Option<String>,
        /// 整改证据（已整改时必填）：收回款项的记账凭证号，或整改文件、收据的编号
        #[arg(long, requires = "finding")]
        evidence: Option<String>,
    },
    /// 离任经济责任审计记录（审计组、审计评价、主要业绩、离任交接、被审计人意见）：录入（--file，经审委员，每次为新版本）、查看或取得模板（--template）
    Departure {
        /// 离任的工会主席姓名
        #[arg(long, required_unless_present = "template")]
        chair: Option<String>,
        /// 任期起始月份，如 2023-01
        #[arg(long, required_unless_present = "template")]
        from: Option<String>,
        /// 任期截止月份，如 2025-12
        #[arg(long, required_unless_present = "template")]
        to: Option<String>,
        /// 记录文件（TOML，写法见 --template）
        #[arg(long, conflicts_with = "template")]
        file: Option<String>,
        /// 输出记录文件模板
        #[arg(long)]
        template: bool,
    },
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

/// `audit opinion`.
async fn departure(
    g: &Global,
    chair: Option<String>,
    from: Option<String>,
    to: Option<String>,
    file: Option<String>,
    template: bool,
) -> Result<i32> {
    use crate::audit::departure::TEMPLATE;
    if template {
        emit(g, TEMPLATE.as_bytes())?;
        return Ok(0);
    }
    let ctx = g.ctx().await?;
    let chair = chair.unwrap_or_default();
    let tenure = span(&ctx, &PeriodArgs { year: None, month: None, from, to }).await?;
    if let Some(f) = file {
        let r = ops::enter_departure(&ctx, &chair, tenure, Path::new(&f)).await?;
        if g.format_or(Format::Table) == Format::Json {
            emit_json_pretty(g, &r)?;
        } else {
            let s = format!(
                "已录入 {chair} 同志离任审计记录（{}）第 {} 版（录入人 {}）\n",
                tenure.label(),
                r.version,
                r.entered_by
            );
            emit(g, s.as_bytes())?;
        }
        return Ok(0);
    }
    match ctx.books().departure(&chair, tenure).await? {
        Some(r) => {
            let s = format!(
                "{chair} 同志离任审计记录（{}，第 {} 版，{} 录入于 {}）\n{}",
                tenure.label(),
                r.version,
                r.entered_by,
                crate::shown_time(&r.entered_at),
                r.body
            );
            emit(g, s.as_bytes())?;
        }
        None => {
            let s = format!(
                "{chair} 同志任期（{}）尚未录入离任审计记录。\n录入：gonghui audit departure --template > 离任审计.toml，填写后 gonghui audit departure --chair {chair} --from {} --to {} --file 离任审计.toml\n",
                tenure.label(),
                tenure.from,
                tenure.to
            );
            emit(g, s.as_bytes())?;
        }
    }
    Ok(0)
}

async fn opinion(g: &Global, year: Option<i32>, file: Option<String>, template: bool) -> Result<i32> {
    use crate::audit::opinion::TEMPLATE;
    if template {
        emit(g, TEMPLATE.as_bytes())?;
        return Ok(0);
    }
    let year = year.unwrap_or_default();
    let ctx = g.ctx().await?;
    let versions = match file {
        Some(f) => {
            let o = ops::enter_opinion(&ctx, year, Path::new(&f)).await?;
            if g.format_or(Format::Table) == Format::Json {
                emit_json_pretty(g, &o)?;
            } else {
                let s = format!(
                    "已录入 {year} 年度经审会审查意见第 {} 版（结论：{}，录入人 {}）\n",
                    o.version,
                    o.draft.conclusion.label(),
                    o.entered_by
                );
                emit(g, s.as_bytes())?;
            }
            return Ok(0);
        }
        None => ctx.books().opinion_versions(year).await?,
    };
    if g.format_or(Format::Table) == Format::Json {
        emit_json_pretty(g, &versions)?;
        return Ok(0);
    }
    let Some(last) = versions.last() else {
        let s = format!(
            "{year} 年度尚未录入经审会审查意见。\n录入：gonghui audit opinion --template > 意见.toml，填写后 gonghui audit opinion --year {year} --file 意见.toml\n"
        );
        emit(g, s.as_bytes())?;
        return Ok(0);
    };
    let d = &last.draft;
    let mut s = format!(
        "{year} 年度经审会审查意见（第 {} 版，{} 录入于 {}）\n结论：{}\n",
        last.version,
        last.entered_by,
        crate::shown_time(&last.entered_at),
        d.conclusion.label()
    );
    for p in d.paragraphs() {
        s.push_str(&format!("  {p}\n"));
    }
    for (i, x) in d.suggestions.iter().enumerate() {
        s.push_str(&format!("建议 {}：{x}\n", i + 1));
    }
    s.push_str(&format!("审查过程：{}\n", d.process_text()));
    if !d.response.is_empty() {
        s.push_str(&format!("被审计人意见：{}\n", d.response));
    }
    for o in &versions[..versions.len() - 1] {
        s.push_str(&format!(
            "早先版本：第 {} 版，{} 录入于 {}，结论 {}\n",
            o.version,
            o.entered_by,
            crate::shown_time(&o.entered_at),
            o.draft.conclusion.label()
        ));
    }
    emit(g, s.as_bytes())?;
    Ok(0)
}

pub async fn audit(g: &Global, a: AuditArgs) -> Result<i32> {
    match a.sub {
        Some(AuditCmd::Packs) => {
            let r = crate::report::listings::packs(&crate::audit::pack::builtin()?);
            super::output::emit_report(g, &r)?;
            return Ok(0);
        }
        Some(AuditCmd::Pack { cmd: PackCmd::Show { name, date, conditions } }) => {
            let (p, _) = crate::audit::pack::choose(&name)?;
            let on = match date {
                Some(d) => crate::ledger::period::parse_date(&d)
                    .ok_or_else(|| crate::error::Error::input(format!("--date“{d}”不是日期，写成 2025-06-01")))?,
                None => crate::today(),
            };
            let conditions = crate::audit::pack::conditions_of(conditions.as_deref().unwrap_or(""));
            super::output::emit_report(g, &crate::report::listings::pack_rules(&p, on, &conditions))?;
            return Ok(0);
        }
        Some(AuditCmd::Opinion { year, file, template }) => return opinion(g, year, file, template).await,
        Some(AuditCmd::Departure { chair, from, to, file, template }) => {
            return departure(g, chair, from, to, file, template).await
        }
        Some(AuditCmd::Rectification { period, finding, responsible, deadline, status, note, evidence }) => {
            let ctx = g.ctx().await?;
            let span = span(&ctx, &period).await?;
            let Some(key) = finding else {
                let req = crate::report::Request { span, account: None, by: None, chair: None };
                emit_listing(g, &ctx, crate::report::build(&ctx, "rectification", &req).await?).await?;
                return Ok(0);
            };
            let deadline = deadline.map(|d| crate::ledger::period::parse_date_arg(&d)).transpose()?;
            let asked = ops::Rectify {
                responsible,
                deadline,
                status,
                note: note.unwrap_or_default(),
                evidence: evidence.unwrap_or_default(),
            };
            let r = ops::rectify(&ctx, span, &key, asked).await?;
            if g.format_or(Format::Table) == Format::Json {
                emit_json_pretty(g, &r)?;
            } else {
                let s = format!(
                    "已登记审计发现 {key} 的整改：责任人 {}，期限 {}，{}（登记人 {}）\n",
                    r.responsible,
                    r.deadline,
                    r.status.label(),
                    r.by
                );
                emit(g, s.as_bytes())?;
            }
            return Ok(0);
        }
        None => {}
    }
    let ctx = g.ctx().await?;
    let period = span(&ctx, &a.period).await?;
    if let Some(key) = &a.dispose {
        let outcome = a.outcome.as_deref().unwrap_or("");
        ops::dispose(&ctx, period, key, outcome, a.note.as_deref().unwrap_or(""), a.evidence.as_deref().unwrap_or(""))
            .await?;
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
