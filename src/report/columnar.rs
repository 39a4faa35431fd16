//! 多栏式明细账 of the spending accounts (501–510): for each first-level account that moved, its
//! entries with the debit spread over one column per detail account (借方金额分析), the credit
//! (corrections and the year-end closing) and the balance, each month closed with 本月合计 and
//! 本年累计 — the form a union keeps its 支出 ledgers in.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::{Books, EntryRow};
use crate::error::{Error, Result};
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use std::collections::BTreeMap;

pub struct Input {
    pub org: String,
    pub span: Span,
    pub chart: ChartView,
    /// Posted entries of the spending accounts in the span, by date and voucher.
    pub entries: Vec<EntryRow>,
    /// Each account's balance before the span (spending accounts: the year's spending so far).
    pub opening: BTreeMap<String, Amount>,
}

/// The accounts shown: one (`--account 501`), or every first-level spending account.
fn wanted(chart: &ChartView, account: Option<&str>) -> Result<Vec<String>> {
    match account {
        Some(code) => {
            let a = chart
                .get(code)
                .ok_or_else(|| Error::input(format!("科目 {code} 不存在（gonghui accounts 列出科目）")))?;
            if a.class != Class::Expenditure || code.len() != 3 {
                return Err(Error::input(format!(
                    "多栏式明细账按一级支出科目设置（501–510），{code} {} 不是；其他科目请用 gonghui report ledger --account {code}",
                    a.name
                )));
            }
            Ok(vec![code.to_string()])
        }
        None => Ok(chart_codes(chart)),
    }
}

fn chart_codes(chart: &ChartView) -> Vec<String> {
    (501..=510).map(|c| c.to_string()).filter(|c| chart.get(c).is_some()).collect()
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let chart = b.chart().await?;
    let codes = wanted(&chart, req.account.as_deref())?;
    let span = req.span;
    let mut entries = Vec::new();
    for code in &codes {
        entries.extend(b.posted_entries(span.from, span.to, Some(code), false).await?);
    }
    let mut opening = BTreeMap::new();
    let year_start = Period::new(span.from.year(), 1);
    if span.from > year_start {
        for row in b.balance_totals(year_start, span.from.prev()).await? {
            if codes.iter().any(|c| row.account.starts_with(c.as_str())) {
                *opening.entry(ChartView::top(&row.account).to_string()).or_default() += row.debit - row.credit;
            }
        }
    }
    entries.sort_by(|a, b| {
        (a.account.get(..3), a.date, &a.no, a.line_no).cmp(&(b.account.get(..3), b.date, &b.no, b.line_no))
    });
    Ok(Input { org: b.org().name.clone(), span, chart, entries, opening })
}

/// The column an entry's debit goes to: its detail account under the first level (5 digits).
fn column_of(account: &str) -> &str {
    account.get(..5).unwrap_or(account)
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new("columnar", "多栏式明细账", &i.org, &i.span.label());
    r.landscape = true;
    r.signatures.clear();
    let mut by_top: BTreeMap<&str, Vec<&EntryRow>> = BTreeMap::new();
    for e in &i.entries {
        by_top.entry(ChartView::top(&e.account)).or_default().push(e);
    }
    for (top, entries) in by_top {
        r.sections.push(Section::Table(table(i, top, &entries)));
    }
    if r.sections.is_empty() {
        r.notes.push(format!("{} 支出科目（501–510）没有已记账的发生额。", i.span.label()));
    }
    r
}

fn table(i: &Input, top: &str, entries: &[&EntryRow]) -> Table {
    let name = |code: &str| i.chart.get(code).map(|a| a.name.clone()).unwrap_or_else(|| code.to_string());
    let mut details: Vec<&str> = entries.iter().map(|e| column_of(&e.account)).collect();
    details.sort();
    details.dedup();
    let n = details.len();
    let mut columns = vec![Column::date("日期"), Column::text("凭证号", 14), Column::text("摘要", 16)];
    columns.extend(details.iter().map(|d| Column::amount(&if *d == top { "未分明细".to_string() } else { name(d) })));
    columns.extend([Column::amount("借方合计"), Column::amount("贷方"), Column::amount("余额")]);
    let mut net = i.opening.get(top).copied().unwrap_or_default();
    let blank = |k: usize| vec![Cell::Empty; k];
    let mut rows = Vec::new();
    if !net.is_zero() {
        let mut cells = vec![Cell::Empty, Cell::Empty, Cell::text("期初余额")];
        cells.extend(blank(n + 2));
        cells.push(Cell::Amount(net));
        rows.push(Row::styled(cells, RowStyle::Subtotal));
    }
    // (per detail debit, debit, credit) of the month and of the year.
    let zero = || (vec![Amount::ZERO; n], Amount::ZERO, Amount::ZERO);
    let (mut month, mut year) = (zero(), zero());
    let close = |rows: &mut Vec<Row>, label: &str, sums: &(Vec<Amount>, Amount, Amount), net: Amount, date: String| {
        let mut cells = vec![Cell::text(date), Cell::Empty, Cell::text(label)];
        cells.extend(sums.0.iter().map(|a| Cell::Amount(*a)));
        cells.extend([Cell::Amount(sums.1), Cell::Amount(sums.2), Cell::Amount(net)]);
        rows.push(Row::styled(cells, RowStyle::Subtotal));
    };
    let mut current: Option<Period> = None;
    for e in entries {
        let p = Period::of(e.date);
        if let Some(m) = current.filter(|m| *m != p) {
            close(&mut rows, "本月合计", &month, net, m.last_day().to_string());
            close(&mut rows, "本年累计", &year, net, m.last_day().to_string());
            month = zero();
            if m.year() != p.year() {
                year = zero();
            }
        }
        current = Some(p);
        net += e.debit - e.credit;
        let col = details.iter().position(|d| *d == column_of(&e.account)).expect("a column");
        let mut cells = vec![Cell::text(e.date.to_string()), Cell::text(&e.no), Cell::text(&e.summary)];
        for k in 0..n {
            cells.push(if k == col && !e.debit.is_zero() { Cell::Amount(e.debit) } else { Cell::Empty });
        }
        cells.extend([Cell::amount_or_empty(e.debit), Cell::amount_or_empty(e.credit), Cell::Amount(net)]);
        rows.push(Row::new(cells));
        for sums in [&mut month, &mut year] {
            sums.0[col] += e.debit;
            sums.1 += e.debit;
            sums.2 += e.credit;
        }
    }
    if let Some(m) = current {
        close(&mut rows, "本月合计", &month, net, m.last_day().to_string());
        close(&mut rows, "本年累计", &year, net, m.last_day().to_string());
    }
    Table { title: Some(format!("科目：{top} {}", name(top))), columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::chart::builtin_chart;
    use chrono::NaiveDate;

    fn entry(date: (u32, u32), no: &str, account: &str, debit: i64, credit: i64) -> EntryRow {
        EntryRow {
            voucher_id: 0,
            no: no.into(),
            date: NaiveDate::from_ymd_opt(2025, date.0, date.1).unwrap(),
            summary: "摘要".into(),
            line_no: 1,
            account: account.into(),
            activity: String::new(),
            debit: Amount(debit),
            credit: Amount(credit),
            counter: Vec::new(),
        }
    }

    #[test]
    fn each_detail_account_has_its_column_and_the_months_add_up() {
        let i = Input {
            org: "测试工会".into(),
            span: Span::year(2025),
            chart: ChartView::new(builtin_chart()),
            entries: vec![
                entry((3, 8), "记-202503-0002", "50102", 120_000, 0),
                entry((3, 20), "记-202503-0005", "50101", 30_000, 0),
                entry((4, 2), "记-202504-0001", "50102", 50_000, 0),
                entry((12, 31), "记-202512-0009", "50102", 0, 170_000),
                entry((12, 31), "记-202512-0009", "50101", 0, 30_000),
            ],
            opening: BTreeMap::new(),
        };
        let r = build(&i);
        let t = r.tables().next().unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[3..], ["职工教育支出", "文体活动支出", "借方合计", "贷方", "余额"], "{names:?}");
        let find =
            |label: &str, nth: usize| t.rows.iter().filter(|r| r.cells[2] == Cell::text(label)).nth(nth).unwrap();
        // March: 300.00 in 50101, 1,200.00 in 50102; April's 本年累计 adds 500.00 to 50102.
        let march = find("本月合计", 0);
        assert_eq!(
            march.cells[3..8],
            [
                Cell::Amount(Amount(30_000)),
                Cell::Amount(Amount(120_000)),
                Cell::Amount(Amount(150_000)),
                Cell::Amount(Amount::ZERO),
                Cell::Amount(Amount(150_000))
            ]
        );
        let april = find("本年累计", 1);
        assert_eq!(april.cells[4], Cell::Amount(Amount(170_000)));
        // The year-end closing credits it back to nothing.
        let december = find("本年累计", 2);
        assert_eq!(
            (&december.cells[6], &december.cells[7]),
            (&Cell::Amount(Amount(200_000)), &Cell::Amount(Amount::ZERO))
        );
    }
}
