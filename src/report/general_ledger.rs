//! 总账 (总分类账): each first-level account by month — the balance brought forward, then for
//! every month its 本月合计 and 本年累计 with the balance at the month's end — from the monthly
//! balances, as a union's 总账 is kept (《会计基础工作规范》第五十七条; the 明细账 gives the entries).

use super::ledger::direction;
use super::trial_balance::{self, TbLine};
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::HasBooks;
use crate::error::Result;
use crate::ledger::period::{Period, Span};
use crate::money::Amount;

/// What the 总账 reads: per month of the span, the figures of the month and of the year to its end.
pub struct Input {
    pub org: String,
    pub span: Span,
    /// The first-level accounts at the span's start (their opening balances).
    pub opening: Vec<TbLine>,
    /// (month, the month's figures, the year's figures to the month's end).
    pub months: Vec<(Period, Vec<TbLine>, Vec<TbLine>)>,
}

pub async fn load(src: &impl HasBooks, req: &Request) -> Result<Input> {
    let span = req.span;
    let first = |lines: Vec<TbLine>| -> Vec<TbLine> { lines.into_iter().filter(|l| l.level == 0).collect() };
    let mut months = Vec::new();
    let mut m = span.from;
    while m <= span.to {
        let month = first(trial_balance::lines(src, Span::month(m)).await?);
        let year = first(trial_balance::lines(src, Span { from: Period::new(m.year(), 1), to: m }).await?);
        months.push((m, month, year));
        m = m.next();
    }
    // The first month's figures carry every account's balance at the span's start.
    let opening = months.first().map(|(_, month, _)| month.clone()).unwrap_or_default();
    Ok(Input { org: src.books().org().name.clone(), span, opening, months })
}

fn columns() -> Vec<Column> {
    vec![
        Column::date("日期"),
        Column::text("摘要", 12),
        Column::amount("借方"),
        Column::amount("贷方"),
        Column::text("方向", 3),
        Column::amount("余额"),
    ]
}

fn row(date: String, summary: &str, debit: Option<Amount>, credit: Option<Amount>, net: Amount) -> Row {
    let (dir, balance) = direction(net);
    let amount = |a: Option<Amount>| a.map(Cell::Amount).unwrap_or(Cell::Empty);
    let style = if debit.is_some() { RowStyle::Subtotal } else { RowStyle::Normal };
    Row {
        cells: vec![
            Cell::text(date),
            Cell::text(summary),
            amount(debit),
            amount(credit),
            Cell::text(dir),
            Cell::Amount(balance),
        ],
        style,
        indent: 0,
    }
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new("general-ledger", "总账", &i.org, &i.span.label());
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    // Every first-level account with a balance or a movement in the span, in code order.
    let mut codes: Vec<(&str, &str)> = i.opening.iter().map(|l| (l.code.as_str(), l.name.as_str())).collect();
    for (_, month, _) in &i.months {
        codes.extend(month.iter().map(|l| (l.code.as_str(), l.name.as_str())));
    }
    codes.sort();
    codes.dedup_by_key(|c| c.0);
    let find = |lines: &[TbLine], code: &str| lines.iter().find(|l| l.code == code).cloned();
    for (code, name) in codes {
        let open = find(&i.opening, code).map(|l| l.opening).unwrap_or_default();
        let label = if i.span.from.month() == 1 { "上年结转" } else { "期初余额" };
        let mut rows = vec![row(i.span.from.first_day().to_string(), label, None, None, open)];
        for (m, month, year) in &i.months {
            let Some(l) = find(month, code) else {
                continue;
            };
            if l.debit.is_zero() && l.credit.is_zero() {
                continue;
            }
            let net = l.closing;
            let ytd = find(year, code).unwrap_or_else(|| l.clone());
            let last = m.last_day().to_string();
            rows.push(row(last.clone(), "本月合计", Some(l.debit), Some(l.credit), net));
            rows.push(row(last, "本年累计", Some(ytd.debit), Some(ytd.credit), net));
        }
        if rows.len() == 1 && open.is_zero() {
            continue;
        }
        r.sections.push(Section::Table(Table {
            title: Some(format!("科目：{code} {name}")),
            columns: columns(),
            rows,
        }));
    }
    if r.sections.is_empty() {
        r.notes.push("本期没有发生额，也没有余额。".into());
    }
    r
}
