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
        BudgetCmd::Draft { year } => {
            let csv = ops::draft(&ctx, year).await?;
            emit(g, csv.as_bytes())
        }
    }
}
