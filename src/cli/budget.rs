//! budget import | show | draft

use super::output::{emit, emit_report};
use super::Global;
use crate::error::Result;
use crate::ops::budget::{self as ops, Adjustment};
use crate::report::{Cell, Column, Report, Row, RowStyle, Section, Table};
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
    Ok(ctx
        .store
        .setting(&ctx.org, "year")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| chrono::Datelike::year(&chrono::Local::now().date_naive())))
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
            let b = ctx.store.budget(&ctx.org, year).await?;
            let mut r = Report::new("budget-lines", "预算明细", &ctx.org.name, &format!("{year}年度"));
            r.signatures.clear();
            for v in &b.versions {
                let title = if v.version == 0 {
                    "年初预算".to_string()
                } else {
                    format!("第 {} 次调整（{} 批准，文号 {}，理由：{}）", v.version, v.approved_on, v.doc_no, v.reason)
                };
                let mut rows: Vec<Row> = v
                    .lines
                    .iter()
                    .map(|l| {
                        Row::new(vec![
                            Cell::text(&l.account),
                            Cell::text(&l.activity),
                            Cell::Amount(l.amount),
                            Cell::text(&l.note),
                        ])
                    })
                    .collect();
                let total = v.lines.iter().map(|l| l.amount).sum();
                rows.push(Row::styled(
                    vec![Cell::text("合计"), Cell::Empty, Cell::Amount(total), Cell::Empty],
                    RowStyle::Total,
                ));
                r.sections.push(Section::Table(Table {
                    title: Some(title),
                    columns: vec![
                        Column::text("科目编码", 8),
                        Column::text("活动编码", 8),
                        Column::amount("金额"),
                        Column::text("说明", 20),
                    ],
                    rows,
                }));
            }
            if b.versions.is_empty() {
                r.notes.push(format!("{year} 年尚未导入预算"));
            }
            emit_report(g, &r)
        }
        BudgetCmd::Draft { year } => {
            let csv = ops::draft(&ctx, year).await?;
            emit(g, csv.as_bytes())
        }
    }
}
