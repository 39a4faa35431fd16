//! 明细账 of one account (with its detail accounts) or of every account with movement; the same
//! builder prints 库存现金日记账 (101) and 银行存款日记账 (102). Each table opens with 期初余额 and
//! closes every month with 本月合计 and 本年累计.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::{Books, EntryRow};
use crate::error::{Error, Result};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::ChartView;
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use std::collections::BTreeMap;

/// A journal of one account: (account, report name, title).
pub type Fixed = (&'static str, &'static str, &'static str);
pub const CASH: Fixed = ("101", "cash-journal", "库存现金日记账");
pub const BANK: Fixed = ("102", "bank-journal", "银行存款日记账");

fn direction(net: Amount) -> (&'static str, Amount) {
    match net.fen() {
        0 => ("平", Amount::ZERO),
        n if n > 0 => ("借", net),
        _ => ("贷", -net),
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 24),
        Column::text("活动", 6),
        Column::amount("借方"),
        Column::amount("贷方"),
        Column::text("方向", 3),
        Column::amount("余额"),
    ]
}

fn balance_row(date: String, summary: &str, d: Option<Amount>, c: Option<Amount>, net: Amount, style: RowStyle) -> Row {
    let (dir, bal) = direction(net);
    Row::styled(
        vec![
            Cell::text(date),
            Cell::Empty,
            Cell::text(summary),
            Cell::Empty,
            d.map(Cell::Amount).unwrap_or(Cell::Empty),
            c.map(Cell::Amount).unwrap_or(Cell::Empty),
            Cell::text(dir),
            Cell::Amount(bal),
        ],
        style,
    )
}

/// One account's table: opening, entries, monthly and year-to-date totals.
fn account_table(title: String, opening_before_year: Amount, entries: &[&EntryRow], from: Period, to: Period) -> Table {
    let mut rows = Vec::new();
    let mut net = opening_before_year;
    // Entries of the same year before the span roll into the opening balance.
    let (mut ytd_d, mut ytd_c) = (Amount::ZERO, Amount::ZERO);
    let mut i = 0;
    while i < entries.len() && Period::of(entries[i].date) < from {
        net += entries[i].debit - entries[i].credit;
        ytd_d += entries[i].debit;
        ytd_c += entries[i].credit;
        i += 1;
    }
    let first_day = from.first_day().to_string();
    let label = if from.month() == 1 { "上年结转" } else { "期初余额" };
    rows.push(balance_row(first_day, label, None, None, net, RowStyle::Normal));
    let mut month = from;
    while month <= to {
        let (mut md, mut mc) = (Amount::ZERO, Amount::ZERO);
        let mut any = false;
        while i < entries.len() && Period::of(entries[i].date) == month {
            let e = entries[i];
            net += e.debit - e.credit;
            md += e.debit;
            mc += e.credit;
            any = true;
            let (dir, bal) = direction(net);
            rows.push(Row::new(vec![
                Cell::text(e.date.to_string()),
                Cell::text(&e.no),
                Cell::text(&e.summary),
                Cell::text(&e.activity),
                Cell::amount_or_empty(e.debit),
                Cell::amount_or_empty(e.credit),
                Cell::text(dir),
                Cell::Amount(bal),
            ]));
            i += 1;
        }
        ytd_d += md;
        ytd_c += mc;
        if any {
            let last = month.last_day().to_string();
            rows.push(balance_row(last.clone(), "本月合计", Some(md), Some(mc), net, RowStyle::Subtotal));
            rows.push(balance_row(last, "本年累计", Some(ytd_d), Some(ytd_c), net, RowStyle::Subtotal));
        }
        if month.month() == 12 {
            ytd_d = Amount::ZERO;
            ytd_c = Amount::ZERO;
        }
        month = month.next();
    }
    Table { title: Some(title), columns: columns(), rows }
}

/// What a ledger reads: the balances before the span's year, and the year's entries up to the
/// span's end (of the account asked for, or all).
pub struct Input {
    pub org: String,
    pub name: &'static str,
    pub title: &'static str,
    pub account: Option<String>,
    pub span: Span,
    pub chart: ChartView,
    pub before: Vec<BalanceRow>,
    pub entries: Vec<EntryRow>,
}

/// `fixed`: the cash or bank journal; else the ledger of `req.account` (or of every account).
pub async fn load(b: &Books<'_>, req: &Request, fixed: Option<Fixed>) -> Result<Input> {
    let chart = b.chart().await?;
    let (name, title, account) = match fixed {
        Some((acct, name, title)) => (name, title, Some(acct.to_string())),
        None => ("ledger", "明细账", req.account.clone()),
    };
    if let Some(a) = &account {
        if chart.get(a).is_none() {
            return Err(Error::not_found(format!("科目编码“{a}”不存在")));
        }
    }
    let year_start = Period::new(req.span.from.year(), 1);
    Ok(Input {
        org: b.org().name.clone(),
        name,
        title,
        before: b.balance_totals(Period(0), year_start.prev()).await?,
        entries: b.posted_entries(year_start, req.span.to, account.as_deref()).await?,
        account,
        span: req.span,
        chart,
    })
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new(i.name, i.title, &i.org, &i.span.label());
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    let (before, entries, chart) = (&i.before, &i.entries, &i.chart);

    // Which accounts get a table: the one asked for (its details pooled), or every leaf account
    // with an opening balance or an entry.
    let mut groups: BTreeMap<String, (Amount, Vec<&EntryRow>)> = BTreeMap::new();
    match &i.account {
        Some(a) => {
            let open: Amount =
                before.iter().filter(|b| b.account.starts_with(a.as_str())).map(|b| b.debit - b.credit).sum();
            groups.insert(a.clone(), (open, entries.iter().collect()));
        }
        None => {
            for b in before {
                groups.entry(b.account.clone()).or_default().0 += b.debit - b.credit;
            }
            for e in entries {
                groups.entry(e.account.clone()).or_default().1.push(e);
            }
            groups.retain(|_, (open, es)| !open.is_zero() || !es.is_empty());
        }
    }
    for (code, (open, es)) in groups {
        let acct_name = chart.get(&code).map(|a| a.name.clone()).unwrap_or_default();
        let t = account_table(format!("科目：{code} {acct_name}"), open, &es, i.span.from, i.span.to);
        r.sections.push(Section::Table(t));
    }
    if r.sections.is_empty() {
        r.notes.push("本期没有已记账的分录。".into());
    }
    r
}
