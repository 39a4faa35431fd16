//! 年度工会经费收支情况公开 (`disclosure`) and 福利慰问发放汇总 (`welfare`). Both are for the
//! members to read: amounts in aggregate only — no one member's name, hardship or illness.

use super::audit::{conclusion, shares_table};
use super::figures;
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::audit::pack::BENEFIT_TYPES;
use crate::error::Result;
use crate::ledger::period::Span;
use crate::money::{percent, Amount};
use crate::ops::Ctx;
use crate::store::VoucherFilter;
use std::collections::{BTreeMap, BTreeSet};

/// Benefits paid in the span per type: (type, people, times, standard, total).
pub async fn welfare_rows(ctx: &Ctx, span: Span) -> Result<Vec<(String, usize, usize, String, Amount)>> {
    let f = VoucherFilter { status: Some("posted"), from: Some(span.from), to: Some(span.to), ..Default::default() };
    let nos: BTreeSet<String> = ctx.store.voucher_headers(&ctx.org, &f).await?.into_iter().map(|h| h.no).collect();
    let pack = crate::ops::audit::load_pack(ctx, span).await?;
    let mut by_kind: BTreeMap<&str, (BTreeSet<String>, usize, Amount)> = BTreeMap::new();
    let benefits = ctx.store.benefits(&ctx.org).await?;
    for b in benefits.iter().filter(|b| nos.contains(&b.voucher_no)) {
        let key = BENEFIT_TYPES.iter().copied().find(|k| *k == b.kind).unwrap_or("其他");
        let e = by_kind.entry(key).or_default();
        e.0.insert(if b.member_no.is_empty() { b.name.clone() } else { b.member_no.clone() });
        e.1 += 1;
        e.2 += b.amount;
    }
    let order = |k: &str| BENEFIT_TYPES.iter().position(|t| *t == k).unwrap_or(usize::MAX);
    let mut kinds: Vec<&str> = by_kind.keys().copied().collect();
    kinds.sort_by_key(|k| order(k));
    Ok(kinds
        .into_iter()
        .map(|k| {
            let (people, times, total) = &by_kind[k];
            let standard = pack
                .benefits
                .get(k)
                .map(|r| match (r.per_member_year, r.per_event) {
                    (Some(y), _) => format!("每人每年不超过 {} 元", y.grouped()),
                    (None, Some(e)) => format!("每次不超过 {} 元", e.grouped()),
                    _ => "按规定".into(),
                })
                .unwrap_or_else(|| "按规定".into());
            (k.to_string(), people.len(), *times, standard, *total)
        })
        .collect())
}

fn welfare_table(rows: &[(String, usize, usize, String, Amount)]) -> Table {
    let mut out: Vec<Row> = rows
        .iter()
        .map(|(k, people, times, standard, total)| {
            Row::new(vec![
                Cell::text(k),
                Cell::Int(*people as i64),
                Cell::Int(*times as i64),
                Cell::text(standard),
                Cell::Amount(*total),
                Cell::Amount(if *times > 0 { Amount(total.fen() / *times as i64) } else { Amount::ZERO }),
            ])
        })
        .collect();
    let total: Amount = rows.iter().map(|r| r.4).sum();
    let times: usize = rows.iter().map(|r| r.2).sum();
    out.push(Row::styled(
        vec![Cell::text("合计"), Cell::Empty, Cell::Int(times as i64), Cell::Empty, Cell::Amount(total), Cell::Empty],
        RowStyle::Total,
    ));
    Table {
        title: Some("福利慰问发放汇总".into()),
        columns: vec![
            Column::text("类型", 6),
            Column::number("人数"),
            Column::number("人次"),
            Column::text("标准", 18),
            Column::amount("合计"),
            Column::amount("人次均额"),
        ],
        rows: out,
    }
}

/// `welfare`.
pub async fn welfare(ctx: &Ctx, req: &Request) -> Result<Report> {
    let rows = welfare_rows(ctx, req.span).await?;
    let mut r = Report::new("welfare", "福利慰问发放汇总表", &ctx.org.name, &req.span.label());
    r.sections.push(Section::Table(welfare_table(&rows)));
    r.notes.push("按发放名单汇总，只列人数和金额，不列个人信息。".into());
    if rows.is_empty() {
        r.notes.push("本期没有导入慰问发放名单（gonghui benefits import）。".into());
    }
    Ok(r)
}

/// Spending by activity or project (major items): name, vouchers, amount — no voucher summaries,
/// which may name a member.
async fn activity_table(ctx: &Ctx, span: Span) -> Result<Table> {
    let names: BTreeMap<String, String> =
        ctx.store.activities(&ctx.org).await?.into_iter().map(|a| (a.code, a.name)).collect();
    let mut by: BTreeMap<String, Amount> = BTreeMap::new();
    for b in crate::ops::yearend::operating_turnover(ctx, span.from, span.to).await? {
        if b.account.starts_with('5') && !b.activity.is_empty() {
            *by.entry(b.activity.clone()).or_default() += b.debit - b.credit;
        }
    }
    let total: Amount = by.values().copied().sum();
    let mut rows: Vec<Row> = by
        .iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(code, a)| {
            Row::new(vec![
                Cell::text(code),
                Cell::text(names.get(code).cloned().unwrap_or_default()),
                Cell::Amount(*a),
                Cell::Percent(percent(*a, total)),
            ])
        })
        .collect();
    rows.push(Row::styled(
        vec![Cell::text("合计"), Cell::Empty, Cell::Amount(total), Cell::Percent(percent(total, total))],
        RowStyle::Total,
    ));
    Ok(Table {
        title: Some("三、主要活动和项目支出".into()),
        columns: vec![
            Column::text("编码", 6),
            Column::text("活动/项目", 18),
            Column::amount("金额"),
            Column::percent("占比"),
        ],
        rows,
    })
}

/// `disclosure`.
pub async fn disclosure(ctx: &Ctx, req: &Request) -> Result<Report> {
    let span = req.span;
    let f = figures::compute(ctx, span).await?;
    let mut r = Report::new("disclosure", "工会经费收支情况公开", &ctx.org.name, &span.label());
    r.sections.push(Section::Text {
        heading: Some("一、收支总表".into()),
        paragraphs: vec![format!(
            "年初结转结余 {} 元，本期收入 {} 元，本期支出 {} 元，年末结转结余 {} 元。",
            f.opening.grouped(),
            f.income_total().grouped(),
            f.spending_total().grouped(),
            f.closing.grouped()
        )],
    });
    r.sections.push(Section::Table(shares_table("收入", &f.income)));
    r.sections.push(Section::Table(shares_table("支出", &f.spending)));
    let mut rows = Vec::new();
    for year in span.from.year()..=span.to.year() {
        let (bi, ai, bs, a_s) = figures::budget_execution(ctx, year, span).await?;
        for (label, b, a) in [("收入", bi, ai), ("支出", bs, a_s)] {
            rows.push(Row::new(vec![
                Cell::text(format!("{year} 年{label}")),
                Cell::Amount(b),
                Cell::Amount(a),
                Cell::Amount(b - a),
                Cell::Percent(percent(a, b)),
            ]));
        }
    }
    r.sections.push(Section::Table(Table {
        title: Some("二、预算执行情况".into()),
        columns: vec![
            Column::text("项目", 10),
            Column::amount("调整后预算"),
            Column::amount("实际"),
            Column::amount("差异"),
            Column::percent("执行率"),
        ],
        rows,
    }));
    r.sections.push(Section::Table(activity_table(ctx, span).await?));
    let mut welfare = welfare_table(&welfare_rows(ctx, span).await?);
    welfare.title = Some("四、福利慰问发放汇总（只列人数和金额）".into());
    r.sections.push(Section::Table(welfare));
    let kept = crate::ops::audit::findings(ctx, span).await?;
    let rectified = kept.iter().filter(|k| k.disposition.as_ref().is_some_and(|d| d.outcome == "rectified")).count();
    let mut opinion = vec![conclusion(&kept)];
    if !kept.is_empty() {
        opinion.push(format!("审查发现的 {} 个问题中，已整改 {rectified} 个，其余正在整改。", kept.len()));
    }
    r.sections
        .push(Section::Text { heading: Some("五、经费审查委员会审查意见".into()), paragraphs: opinion });
    r.signatures = vec!["工会主席".into(), "经费审查委员会主任".into(), "财务负责人".into()];
    Ok(r)
}
