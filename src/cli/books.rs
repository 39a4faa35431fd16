//! verify, report, export.

use super::output::{emit, emit_json_pretty, emit_report};
use super::{Global, PeriodArgs};
use crate::error::{Error, Result};
use crate::ledger::period::{Period, Span};
use crate::ops;
use crate::render::Format;
use crate::report::{self, Request};
use clap::{Args, ValueEnum};

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// 审计时签署的状态根（报表页脚的“状态根”，如 12:3fa9c0d1e2b3a4f5c6d7e8f9）：证明账簿仍是在其基础上续记的
    #[arg(long, value_name = "序号:哈希")]
    pub anchor: Option<String>,
}

pub async fn verify(g: &Global, a: &VerifyArgs) -> Result<()> {
    let anchor = a.anchor.as_deref().map(crate::ledger::state::Anchor::parse).transpose().map_err(Error::input)?;
    let ctx = g.ctx().await?;
    let v = ctx.books().verify_with(anchor.as_ref()).await?;
    if g.format_or(Format::Table) == Format::Json {
        emit_json_pretty(g, &v)?;
    } else if v.ok() {
        let mut out = format!(
            "校验通过：{} 张已记账凭证的哈希链完整，每张凭证借贷平衡，科目余额与分录一致，试算平衡，凭证编号连续{}。\n",
            v.vouchers_checked,
            if v.voided > 0 { format!("（含作废凭证 {} 张）", v.voided) } else { String::new() }
        );
        if let Some(s) = &v.state {
            out.push_str(&format!(
                "当前状态根：{s}（审计签署时抄下，日后用 gonghui verify --anchor {s} 证明账簿未被改写）\n"
            ));
        }
        if let Some(a) = &anchor {
            out.push_str(&format!(
                "锚点 {}:{} 相符：账簿是在签署时的状态上续记的；此后记录的写入 {} 次{}\n",
                a.seq,
                a.root,
                v.since_anchor.len(),
                if v.since_anchor.is_empty() { String::new() } else { "：".to_string() }
            ));
            for l in &v.since_anchor {
                out.push_str(&format!("  {l}\n"));
            }
        }
        for w in &v.warnings {
            out.push_str(&format!("警告：{w}\n"));
        }
        if !v.reopenings.is_empty() {
            out.push_str(&format!("反结账记录 {} 条（结账后重新打开，均已留痕）：\n", v.reopenings.len()));
            for r in &v.reopenings {
                out.push_str(&format!("  {r}\n"));
            }
        }
        emit(g, out.as_bytes())?;
    }
    if v.ok() {
        Ok(())
    } else {
        Err(Error::refused(format!(
            "校验未通过（共检查 {} 张已记账凭证）{}：\n  {}",
            v.vouchers_checked,
            v.first_broken.map(|n| format!("，首个异常凭证 {n}")).unwrap_or_default(),
            v.problems.join("\n  ")
        )))
    }
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// 报表名：trial-balance、ledger、journal …，或中文名（科目余额表、余额表、01表 …）；list 列出全部
    pub name: String,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// 科目（ledger 明细账）
    #[arg(long)]
    pub account: Option<String>,
    /// 预算执行表的口径：account（按科目）、activity（按活动/项目）或 econ（按经济分类）
    #[arg(long)]
    pub by: Option<String>,
    /// 离任的工会主席姓名（departure 离任经济责任审计报告）
    #[arg(long)]
    pub chair: Option<String>,
    /// 上级工会汇总：direct（本级及直属下级）或 all（本级及各级下级），用于 01表、02表
    #[arg(long)]
    pub scope: Option<String>,
    /// 汇总报表按工会逐行列示（一个工会一行）
    #[arg(long)]
    pub by_union: bool,
}

/// The span a report covers: --month, --year, --from/--to, else the organisation's year.
pub async fn span(ctx: &ops::Ctx, p: &PeriodArgs) -> Result<Span> {
    ctx.books().asked_span(p.month.as_deref(), p.year, p.from.as_deref(), p.to.as_deref()).await
}

pub async fn report(g: &Global, a: ReportArgs) -> Result<()> {
    if a.name == "list" {
        return super::output::emit(g, report::list_text().as_bytes());
    }
    let ctx = g.ctx().await?;
    let req = Request { span: span(&ctx, &a.period).await?, account: a.account, by: a.by, chair: a.chair };
    if a.scope.is_some() || a.by_union || report::is_unions(&a.name) || report::is_upward(&a.name) {
        let scope =
            crate::ledger::federation::Scope::parse(a.scope.as_deref().unwrap_or("direct")).map_err(Error::input)?;
        let (tree, members) = ops::federation::members(&ctx, scope).await?;
        let r = report::consolidate(&ctx.store, &tree, &members, scope, &a.name, &req, a.by_union).await?;
        return emit_report(g, &r);
    }
    let format = super::output::report_format(g)?;
    if report::streams(&a.name) && format == Format::Csv {
        return super::output::stream_report(g, &ctx, &a.name, &req).await;
    }
    if report::streams(&a.name) && format == Format::Pdf && pdf_volumes(g, &ctx, &a.name, &req).await? {
        return Ok(());
    }
    let r = report::build(&ctx, &a.name, &req).await?;
    emit_report(g, &r)
}

/// Pages past which a printed ledger or journal is written as volumes by month: printpdf holds a
/// whole document in memory. `GONGHUI_PDF_PAGE_LIMIT` lowers it (tests, small machines).
const PDF_PAGE_LIMIT: i64 = 2_000;
/// Table rows on a printed page, for the estimate (a ledger page holds about 40).
const ROWS_PER_PAGE: i64 = 40;

/// A ledger or journal too large for one PDF: one file per month (`明细账-2025-01.pdf` …), each a
/// month's ledger with its opening balance, and a message naming them. False when one file does.
async fn pdf_volumes(g: &Global, ctx: &ops::Ctx, name: &str, req: &Request) -> Result<bool> {
    let limit = std::env::var("GONGHUI_PDF_PAGE_LIMIT").ok().and_then(|v| v.parse().ok()).unwrap_or(PDF_PAGE_LIMIT);
    let account = match report::canonical(name) {
        Some("cash-journal") => Some(report::ledger::CASH.0),
        Some("bank-journal") => Some(report::ledger::BANK.0),
        _ => req.account.as_deref(),
    };
    let counts = ctx.books().entry_counts(req.span.from, req.span.to, account).await?;
    let pages = |rows: i64| rows / ROWS_PER_PAGE + 1;
    if pages(counts.iter().map(|(_, n)| n).sum()) <= limit {
        return Ok(false);
    }
    let Some(out) = &g.out else { return Ok(false) };
    if let Some((p, n)) = counts.iter().find(|(_, n)| pages(*n) > limit) {
        return Err(Error::input(format!(
            "{} 一个月就有 {n} 行分录（约 {} 页），超过 PDF 单册 {limit} 页的上限，打印不了：请用 --format csv 输出，或用 --account 只打印一个科目",
            Period(*p).label(),
            pages(*n)
        )));
    }
    let stem = out.strip_suffix(".pdf").or_else(|| out.strip_suffix(".PDF")).unwrap_or(out);
    let mut written = Vec::new();
    for (p, _) in &counts {
        let month = Request { span: Span::month(Period(*p)), ..req.clone() };
        let r = report::build(ctx, name, &month).await?;
        let path = format!("{stem}-{}-{:02}.pdf", Period(*p).year(), Period(*p).month());
        super::output::emit_to(g, &path, &super::output::render_report(g, &r, Format::Pdf)?)?;
        written.push(path);
    }
    eprintln!(
        "共约 {} 页，超过 PDF 单册 {limit} 页的上限，已按月分册输出 {} 个文件：{}",
        pages(counts.iter().map(|(_, n)| n).sum()),
        written.len(),
        written.join("、")
    );
    Ok(true)
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportTo {
    Hledger,
    Beancount,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// hledger 或 beancount
    #[arg(value_enum)]
    pub to: ExportTo,
}

pub async fn export(g: &Global, a: ExportArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    let text = match a.to {
        ExportTo::Hledger => crate::export::hledger::export(&ctx.books()).await?,
        ExportTo::Beancount => crate::export::beancount::export(&ctx.books()).await?,
    };
    emit(g, text.as_bytes())
}

/// `todo`: what is waiting, each with the command that does it.
#[derive(Args, Debug)]
pub struct TodoArgs {
    /// 列出本人有角色的每个工会的待办（代记账时一次看全）
    #[arg(long)]
    pub all_orgs: bool,
}

pub async fn todo(g: &Global, a: TodoArgs) -> Result<()> {
    if !a.all_orgs {
        let ctx = g.ctx().await?;
        let items = ctx.books().todo().await?;
        if g.format_or(Format::Table) == Format::Json {
            return emit_json_pretty(g, &items);
        }
        return emit(g, crate::report::listings::todo_text(&ctx.org.name, &items).as_bytes());
    }
    let store = g.store().await?;
    // The unions in which the user holds a role; in books kept by names only (no roles given
    // anywhere), every union of the database.
    let mut orgs: Vec<crate::store::Org> =
        ops::users::orgs_of(&store, &g.user).await?.into_iter().map(|(o, _)| o).collect();
    if orgs.is_empty() {
        orgs = crate::books::organisations(&store).await?;
    }
    let (mut text, mut all) = (String::new(), Vec::new());
    for o in orgs {
        // Each union through the door as if named with --org: its own identity check.
        let ctx = Global { org: Some(o.code.clone()), ..g.clone() }.ctx().await?;
        let mut items = ctx.books().todo().await?;
        for t in &mut items {
            t.command = t.command.replace("gonghui ", &format!("gonghui --org {} ", o.code));
        }
        text.push_str(&crate::report::listings::todo_text(&format!("{}（{}）", o.name, o.code), &items));
        all.push(serde_json::json!({ "org": o.code, "name": o.name, "todo": items }));
    }
    if g.format_or(Format::Table) == Format::Json {
        return emit_json_pretty(g, &all);
    }
    emit(g, text.as_bytes())
}
