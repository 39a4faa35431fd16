//! budget import | show | draft

use super::output::{emit, emit_listing};
use super::Global;
use crate::error::Result;
use crate::ops::budget::{self as ops, Adjustment};
use crate::report::listings;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum BudgetCmd {
    /// 导入年初预算或预算调整（CSV/XLSX：科目编码,活动编码,金额,说明）
    Import {
        file: String,
        /// 预算年度（默认本会设置的年度）
        #[arg(long)]
        year: Option<i32>,
        /// 这是预算调整：金额为调整数（可为负）
        #[arg(long)]
        adjustment: bool,
        /// 调整的批准日期
        #[arg(long = "approved-on")]
        approved_on: Option<String>,
        /// 批准文号
        #[arg(long, default_value = "")]
        doc: String,
        /// 调整理由
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long)]
        encoding: Option<String>,
    },
    /// 查看年初预算和各次调整
    Show {
        #[arg(long)]
        year: Option<i32>,
    },
    /// 记录工会委员会审议通过年初预算（此后只能通过预算调整改动）：--meeting 会议 --audit-meeting 经审会审查
    Approve {
        #[arg(long)]
        year: i32,
        /// 审议通过预算的会议，如“第三届第五次工会委员会”
        #[arg(long)]
        meeting: String,
        /// 经费审查委员会的审查（会议或文号），如“经审会2025年第一次会议”
        #[arg(long = "audit-meeting")]
        audit_meeting: String,
        /// 审议日期（默认今天）
        #[arg(long)]
        date: Option<String>,
        /// 说明书中本会自己写的说明（纯文本文件）
        #[arg(long)]
        text: Option<String>,
    },
    /// 录入或改写说明书中本会自己写的说明（纯文本文件），报送前可多次改写
    Explain {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        file: String,
    },
    /// 报送上级工会：锁定本年预算报表（此后的改动是新的预算调整）
    Submit {
        #[arg(long)]
        year: i32,
    },
    /// 输出预算及决算报表（封面、收支预算表、预算调整表、决算表、说明书）：--out 文件.pdf 或 .xlsx
    Package {
        #[arg(long)]
        year: i32,
        /// 上级工会自己的报表模板所在目录（budget.toml、adjustment.toml、final.toml，缺的用内置模板）
        #[arg(long)]
        templates: Option<String>,
    },
    /// 按上年实际生成下年预算草稿（CSV，供修改后导入）
    Draft {
        #[arg(long)]
        year: i32,
    },
}

async fn year_or_setting(ctx: &crate::ops::Ctx, y: Option<i32>) -> Result<i32> {
    if let Some(y) = y {
        return Ok(y);
    }
    Ok(ctx.books().year_setting().await?.unwrap_or_else(|| chrono::Datelike::year(&crate::today())))
}

pub async fn run(g: &Global, cmd: BudgetCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        BudgetCmd::Import { file, year, adjustment, approved_on, doc, reason, encoding } => {
            let year = year_or_setting(&ctx, year).await?;
            let adj = adjustment.then_some(Adjustment { approved_on, doc_no: doc, reason });
            let (version, n) = ops::import(&ctx, std::path::Path::new(&file), encoding.as_deref(), year, adj).await?;
            let what = if version == 0 { "年初预算".to_string() } else { format!("第 {version} 次预算调整") };
            emit(g, format!("已导入 {year} 年{what}，共 {n} 行\n").as_bytes())
        }
        BudgetCmd::Show { year } => {
            let year = year_or_setting(&ctx, year).await?;
            let b = ctx.books().budget(year).await?;
            emit_listing(g, &ctx, listings::budget_lines(&ctx.org.name, &b)).await
        }
        BudgetCmd::Approve { year, meeting, audit_meeting, date, text } => {
            let a = ops::approve(
                &ctx,
                year,
                &meeting,
                &audit_meeting,
                date.as_deref(),
                text.as_deref().map(std::path::Path::new),
            )
            .await?;
            emit(
                g,
                format!(
                    "已记录：{year} 年预算于 {} 经{}审议通过（经审会：{}）；此后改动预算须用预算调整\n",
                    a.approved_on, a.meeting, a.audit_meeting
                )
                .as_bytes(),
            )
        }
        BudgetCmd::Explain { year, file } => {
            ops::explain(&ctx, year, std::path::Path::new(&file)).await?;
            emit(g, format!("已录入 {year} 年预算说明书中本会的说明（报送前可再改写）\n").as_bytes())
        }
        BudgetCmd::Submit { year } => {
            let s = ops::submit(&ctx, year).await?;
            emit(
                g,
                format!(
                    "已报送 {year} 年预算（{}，{} 个预算版本）；输出报表：gonghui budget package --year {year} --out 预算报表.pdf\n",
                    s.on, s.versions
                )
                .as_bytes(),
            )
        }
        BudgetCmd::Package { year, templates } => {
            use crate::report::budget_package as bp;
            let t = bp::templates(templates.as_deref().map(std::path::Path::new))?;
            let r = bp::build(&bp::load(&ctx.books(), year, t).await?);
            emit_listing(g, &ctx, r).await
        }
        BudgetCmd::Draft { year } => {
            let csv = ops::draft(&ctx, year).await?;
            emit(g, csv.as_bytes())
        }
    }
}
