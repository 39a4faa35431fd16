//! 预算执行情况表: by account (income and spending) or by activity; 年初预算 / 调整数 / 调整后预算 /
//! 实际 / 差异 / 执行率, year to date; 无预算 and 超预算 flagged; the adjustments with their
//! approval; the 量入为出 check; a chart of budget against actual and the spending composition.

use super::{Cell, Chart, ChartKind, Column, Report, Request, Row, RowStyle, Section, Series, Table};
use crate::budget::{by_account, by_activity, Execution};
use crate::error::{Error, Result};
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::Period;
use crate::money::{percent, Amount};
use crate::ops::{budget as ops, Ctx};
use std::collections::BTreeMap;

fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", 7),
        Column::text("名称", 14),
        Column::amount("年初预算"),
        Column::amount("调整数"),
        Column::amount("调整后预算"),
        Column::amount("实际"),
        Column::amount("差异"),
        Column::percent("执行率"),
        Column::text("说明", 8),
    ]
}

fn row(e: &Execution) -> Row {
    Row {
        cells: vec![
            Cell::text(&e.code),
            Cell::text(&e.name),
            Cell::Amount(e.plan.original),
            Cell::Amount(e.plan.adjustment),
            Cell::Amount(e.plan.adjusted()),
            Cell::Amount(e.actual),
            Cell::Amount(e.variance()),
            Cell::Percent(percent(e.actual, e.plan.adjusted())),
            Cell::text(e.flag.map(|f| f.label()).unwrap_or("")),
        ],
        style: RowStyle::Normal,
        indent: e.level,
    }
}

fn total_row(rows: &[&Execution]) -> Row {
    let o: Amount = rows.iter().map(|e| e.plan.original).sum();
    let a: Amount = rows.iter().map(|e| e.plan.adjustment).sum();
    let act: Amount = rows.iter().map(|e| e.actual).sum();
    Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Amount(o),
            Cell::Amount(a),
            Cell::Amount(o + a),
            Cell::Amount(act),
            Cell::Amount(o + a - act),
            Cell::Percent(percent(act, o + a)),
            Cell::Empty,
        ],
        RowStyle::Total,
    )
}

fn table(title: &str, rows: &[Execution]) -> (Table, Amount, Amount) {
    let top: Vec<&Execution> = rows.iter().filter(|e| e.level == 0).collect();
    let budget: Amount = top.iter().map(|e| e.plan.adjusted()).sum();
    let actual: Amount = top.iter().map(|e| e.actual).sum();
    let mut out: Vec<Row> = rows.iter().map(row).collect();
    out.push(total_row(&top));
    (Table { title: Some(title.into()), columns: columns(), rows: out }, budget, actual)
}

pub async fn build(ctx: &Ctx, req: &Request, by: &str) -> Result<Report> {
    let year = req.span.to.year();
    let to = req.span.to;
    let from = Period::new(year, 1);
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let budget = ctx.store.budget(&ctx.org, year).await?;
    let period = if to.month() == 12 {
        format!("{year}年度")
    } else {
        format!("{year}年1月—{}月（累计）", to.month())
    };
    let mut r = Report::new("budget", "预算执行情况表", &ctx.org.name, &period);
    r.landscape = true;
    if budget.is_empty() {
        r.notes.push(format!("{year} 年尚未导入预算（gonghui budget import）。"));
    }
    let spending_rows;
    match by {
        "account" => {
            let turnover = crate::ops::yearend::operating_turnover(ctx, from, to).await?;
            let income = by_account(&chart, &budget, &turnover, Class::Income);
            let spending = by_account(&chart, &budget, &turnover, Class::Expenditure);
            let (t_in, b_in, a_in) = table("一、收入预算执行情况", &income);
            let (t_out, b_out, a_out) = table("二、支出预算执行情况", &spending);
            r.sections.push(Section::Table(t_in));
            r.sections.push(Section::Table(t_out));
            let opening = ops::opening_surplus(ctx, year).await?;
            let holds = b_out <= b_in + opening;
            r.sections.push(Section::Text {
                heading: Some("量入为出（收支平衡）检查".into()),
                paragraphs: vec![
                    format!(
                        "调整后支出预算 {}；调整后收入预算 {} 加年初结转结余 {}，合计 {}。{}",
                        b_out.grouped(),
                        b_in.grouped(),
                        opening.grouped(),
                        (b_in + opening).grouped(),
                        if holds {
                            "支出预算未超过可用资金，符合量入为出、收支平衡的要求。"
                        } else {
                            "支出预算超过可用资金，不符合量入为出的要求（赤字预算）！"
                        }
                    ),
                    format!(
                        "收入执行率 {}，支出执行率 {}。",
                        percent(a_in, b_in).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into()),
                        percent(a_out, b_out).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
                    ),
                ],
            });
            spending_rows = spending;
        }
        "activity" => {
            let turnover = crate::ops::yearend::operating_turnover(ctx, from, to).await?;
            let names: BTreeMap<String, String> =
                ctx.store.activities(&ctx.org).await?.into_iter().map(|a| (a.code, a.name)).collect();
            let rows = by_activity(&chart, &budget, &turnover, &names);
            let (t, _, _) = table("支出预算执行情况（按活动/项目）", &rows);
            r.sections.push(Section::Table(t));
            r.notes.push("活动合计与按科目的支出合计相等：未分活动的预算和支出列在“（未分活动）”一行。".into());
            spending_rows = Vec::new();
        }
        other => return Err(Error::input(format!("--by 只能是 account 或 activity（实为“{other}”）"))),
    }
    if !spending_rows.is_empty() {
        let top: Vec<&Execution> = spending_rows.iter().filter(|e| e.level == 0).collect();
        r.sections.push(Section::Chart(Chart {
            title: "支出预算与实际（按科目）".into(),
            kind: ChartKind::Bars,
            categories: top.iter().map(|e| e.name.clone()).collect(),
            series: vec![
                Series { name: "调整后预算".into(), values: top.iter().map(|e| e.plan.adjusted()).collect() },
                Series { name: "实际".into(), values: top.iter().map(|e| e.actual).collect() },
            ],
        }));
        r.sections.push(Section::Chart(Chart {
            title: "支出构成".into(),
            kind: ChartKind::Shares,
            categories: top.iter().map(|e| e.name.clone()).collect(),
            series: vec![Series { name: "实际".into(), values: top.iter().map(|e| e.actual).collect() }],
        }));
    }
    for v in budget.versions.iter().filter(|v| v.version > 0) {
        let total: Amount = v.lines.iter().map(|l| l.amount).sum();
        r.notes.push(format!(
            "第 {} 次预算调整：{} 批准，文号 {}，理由：{}；调整数合计 {}。",
            v.version,
            v.approved_on,
            if v.doc_no.is_empty() { "—" } else { &v.doc_no },
            v.reason,
            total.grouped()
        ));
    }
    let flagged: Vec<String> = r
        .tables()
        .flat_map(|t| t.rows.iter())
        .filter_map(|row| match (&row.cells[0], &row.cells[1], &row.cells[8]) {
            (Cell::Text(code), Cell::Text(name), Cell::Text(flag)) if !flag.is_empty() => {
                Some(format!("{code} {name}（{flag}）"))
            }
            _ => None,
        })
        .collect();
    if !flagged.is_empty() {
        r.notes.push(format!("需经审关注：{}。严禁无预算、超预算列支。", flagged.join("、")));
    }
    Ok(r)
}
