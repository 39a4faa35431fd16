//! voucher add | import | list | show | review | post | reverse

use super::output::{emit, emit_report};
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::chart::ChartView;
use crate::ledger::period::{parse_date_arg, Period};
use crate::ledger::voucher::{parse_line_spec, NewVoucher, Source, Status};
use crate::ops::vouchers as ops;
use crate::render::Format;
use crate::report::{Cell, Column, Report, Row, RowStyle, Section, Table};
use crate::store::VoucherFilter;
use clap::Subcommand;
use serde_json::json;

#[derive(Subcommand, Debug)]
pub enum VoucherCmd {
    /// 录入一张凭证：--dr 科目=金额[@活动] … --cr 科目=金额 …
    Add {
        /// 凭证日期，如 2025-03-08
        #[arg(long)]
        date: String,
        /// 摘要
        #[arg(long)]
        summary: String,
        /// 借方分录，如 50102=1200.00@A03（可多次）
        #[arg(long = "dr", required = true)]
        dr: Vec<String>,
        /// 贷方分录，如 102=1200.00（可多次）
        #[arg(long = "cr", required = true)]
        cr: Vec<String>,
        /// 附件张数
        #[arg(long, default_value_t = 0)]
        attachments: i64,
        /// 集体决策的会议纪要号（大额支出）
        #[arg(long, default_value = "")]
        decision: String,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
    },
    /// 从 CSV/XLSX 批量导入凭证（整批导入或整批拒绝）
    Import {
        file: String,
        /// 文件编码（默认自动识别）：utf-8、gbk
        #[arg(long)]
        encoding: Option<String>,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
    },
    /// 列出凭证
    List {
        /// 月份，如 2025-03
        #[arg(long)]
        month: Option<String>,
        /// 状态：draft、reviewed、posted
        #[arg(long)]
        status: Option<String>,
    },
    /// 显示一张凭证
    Show { no: String },
    /// 审核凭证（审核人须不是制单人）
    Review {
        nos: Vec<String>,
        /// 审核该月全部草稿
        #[arg(long)]
        month: Option<String>,
        /// 审核全部草稿
        #[arg(long)]
        all: bool,
    },
    /// 记账（已审核的凭证）
    Post {
        nos: Vec<String>,
        /// 记账该月全部已审核凭证
        #[arg(long)]
        month: Option<String>,
        /// 记账全部已审核凭证
        #[arg(long)]
        all: bool,
    },
    /// 红字冲销一张已记账凭证
    Reverse {
        no: String,
        /// 冲销凭证日期（默认原凭证日期）
        #[arg(long)]
        date: Option<String>,
    },
}

async fn pick(
    ctx: &crate::ops::Ctx,
    nos: Vec<String>,
    month: Option<String>,
    all: bool,
    status: &'static str,
) -> Result<Vec<String>> {
    if !nos.is_empty() {
        return Ok(nos);
    }
    let m = month.as_deref().map(Period::parse).transpose()?;
    if m.is_none() && !all {
        return Err(Error::input("请给出凭证号，或用 --month YYYY-MM / --all"));
    }
    let list = ops::numbers_with_status(ctx, status, m).await?;
    if list.is_empty() {
        return Err(Error::input("没有符合条件的凭证"));
    }
    Ok(list)
}

pub async fn run(g: &Global, cmd: VoucherCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    let json = g.format_or(Format::Table) == Format::Json;
    match cmd {
        VoucherCmd::Add { date, summary, dr, cr, attachments, decision, post } => {
            let mut lines = Vec::new();
            for s in &dr {
                lines.push(parse_line_spec(s, true).map_err(Error::input)?);
            }
            for s in &cr {
                lines.push(parse_line_spec(s, false).map_err(Error::input)?);
            }
            let v = NewVoucher {
                date: parse_date_arg(&date)?,
                summary: summary.trim().to_string(),
                attachments,
                lines,
                source: Source::Manual,
                decision_ref: decision,
                reverses: None,
            };
            let (no, status) = ops::add(&ctx, v, post).await?;
            if json {
                emit(g, format!("{}\n", json!({"no": no, "status": status.code()})).as_bytes())
            } else {
                emit(g, format!("已保存凭证 {no}（{}）\n", status.label()).as_bytes())
            }
        }
        VoucherCmd::Import { file, encoding, post } => {
            let nos = ops::import(&ctx, std::path::Path::new(&file), encoding.as_deref(), post).await?;
            if json {
                emit(g, format!("{}\n", json!({"imported": nos.len(), "vouchers": nos})).as_bytes())
            } else {
                let range = match (nos.first(), nos.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a} … {b}"),
                    (Some(a), _) => a.clone(),
                    _ => String::new(),
                };
                emit(
                    g,
                    format!(
                        "已导入 {} 张凭证（{range}），状态：{}\n",
                        nos.len(),
                        if post { "已记账" } else { "草稿，待审核" }
                    )
                    .as_bytes(),
                )
            }
        }
        VoucherCmd::List { month, status } => {
            let m = month.as_deref().map(Period::parse).transpose()?;
            let st: Option<&'static str> = match status.as_deref() {
                None => None,
                Some("draft") => Some("draft"),
                Some("reviewed") => Some("reviewed"),
                Some("posted") | Some("reversed") => Some("posted"),
                Some(o) => return Err(Error::input(format!("状态“{o}”无效：draft、reviewed、posted"))),
            };
            let f = VoucherFilter { from: m, to: m, status: st, ..Default::default() };
            let mut hs = ctx.store.voucher_headers(&ctx.org, &f).await?;
            if status.as_deref() == Some("reversed") {
                hs.retain(|h| h.status == Status::Reversed);
            }
            if json {
                let list: Vec<_> = hs
                    .iter()
                    .map(|h| json!({"no": h.no, "date": h.date.to_string(), "summary": h.summary, "status": h.status.code(), "amount": h.total.plain()}))
                    .collect();
                return emit(g, format!("{}\n", serde_json::to_string_pretty(&list).unwrap()).as_bytes());
            }
            let mut r = Report::new(
                "voucher-list",
                "凭证列表",
                &ctx.org.name,
                &m.map(|p| p.label()).unwrap_or_else(|| "全部".into()),
            );
            r.signatures.clear();
            let rows = hs
                .iter()
                .map(|h| {
                    Row::new(vec![
                        Cell::text(&h.no),
                        Cell::text(h.date.to_string()),
                        Cell::text(&h.summary),
                        Cell::Amount(h.total),
                        Cell::text(h.status.label()),
                        Cell::text(&h.prepared_by),
                        Cell::text(h.reviewed_by.clone().unwrap_or_default()),
                    ])
                })
                .collect();
            r.sections.push(Section::Table(Table {
                title: None,
                columns: vec![
                    Column::text("凭证号", 14),
                    Column::date("日期"),
                    Column::text("摘要", 24),
                    Column::amount("金额"),
                    Column::text("状态", 6),
                    Column::text("制单", 6),
                    Column::text("审核", 6),
                ],
                rows,
            }));
            emit_report(g, &r)
        }
        VoucherCmd::Show { no } => {
            let v = ctx.store.voucher(&ctx.org, &no).await?.ok_or_else(|| Error::input(format!("凭证 {no} 不存在")))?;
            if json {
                return emit(g, format!("{}\n", serde_json::to_string_pretty(&v).unwrap()).as_bytes());
            }
            let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
            let mut r = Report::new("voucher", "记账凭证", &ctx.org.name, &format!("{}  {}", v.no, v.date));
            r.signatures.clear();
            let mut rows: Vec<Row> = v
                .lines
                .iter()
                .map(|l| {
                    Row::new(vec![
                        Cell::text(&v.summary),
                        Cell::text(&l.account),
                        Cell::text(chart.get(&l.account).map(|a| a.name.clone()).unwrap_or_default()),
                        Cell::text(&l.activity),
                        Cell::amount_or_empty(l.debit),
                        Cell::amount_or_empty(l.credit),
                    ])
                })
                .collect();
            let total = v.total_debit();
            rows.push(Row::styled(
                vec![
                    Cell::text("合计"),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Amount(total),
                    Cell::Amount(total),
                ],
                RowStyle::Total,
            ));
            r.sections.push(Section::Table(Table {
                title: None,
                columns: vec![
                    Column::text("摘要", 20),
                    Column::text("科目编码", 8),
                    Column::text("科目名称", 14),
                    Column::text("活动", 6),
                    Column::amount("借方金额"),
                    Column::amount("贷方金额"),
                ],
                rows,
            }));
            let mut notes = vec![format!(
                "状态：{}；附件 {} 张；来源：{}{}",
                v.status.label(),
                v.attachments,
                Source::label(&v.source_kind),
                if v.source_ref.is_empty() { String::new() } else { format!("（{}）", v.source_ref) }
            )];
            notes.push(format!(
                "制单：{}；审核：{}{}；记账：{}",
                v.prepared_by,
                v.reviewed_by.clone().unwrap_or_else(|| "—".into()),
                if v.review_waived { "（免除单独审核）" } else { "" },
                v.posted_by.clone().unwrap_or_else(|| "—".into())
            ));
            if !v.decision_ref.is_empty() {
                notes.push(format!("会议纪要号：{}", v.decision_ref));
            }
            if let Some(h) = &v.hash {
                notes.push(format!("哈希：{h}"));
            }
            r.notes = notes;
            emit_report(g, &r)
        }
        VoucherCmd::Review { nos, month, all } => {
            let nos = pick(&ctx, nos, month, all, "draft").await?;
            let n = ops::review(&ctx, &nos).await?;
            emit(g, format!("{} 已审核 {n} 张凭证\n", ctx.user).as_bytes())
        }
        VoucherCmd::Post { nos, month, all } => {
            let nos = pick(&ctx, nos, month, all, "reviewed").await?;
            let n = ops::post(&ctx, &nos).await?;
            emit(g, format!("已记账 {n} 张凭证\n").as_bytes())
        }
        VoucherCmd::Reverse { no, date } => {
            let d = date.as_deref().map(parse_date_arg).transpose()?;
            let new_no = ops::reverse(&ctx, &no, d).await?;
            if json {
                emit(g, format!("{}\n", json!({"no": new_no, "status": "draft", "reverses": no})).as_bytes())
            } else {
                emit(g, format!("已生成红字冲销凭证 {new_no}（草稿，审核记账后生效）\n").as_bytes())
            }
        }
    }
}
