//! 序时账: every posted voucher of the span with its lines, in date order.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::{Books, EntryRow};
use crate::error::Result;
use crate::ledger::chart::ChartView;
use crate::ledger::period::Span;
use crate::money::Amount;

pub struct Input {
    pub org: String,
    pub span: Span,
    pub chart: ChartView,
    pub entries: Vec<EntryRow>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    Ok(Input {
        org: b.org().name.clone(),
        span: req.span,
        chart: b.chart().await?,
        entries: b.posted_entries(req.span.from, req.span.to, req.account.as_deref()).await?,
    })
}

pub fn build(i: &Input) -> Report {
    let (chart, entries) = (&i.chart, &i.entries);
    let mut r = Report::new("journal", "序时账", &i.org, &i.span.label());
    r.landscape = true;
    let columns = vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 22),
        Column::text("科目编码", 8),
        Column::text("科目名称", 14),
        Column::text("活动", 6),
        Column::amount("借方金额"),
        Column::amount("贷方金额"),
    ];
    let mut rows = Vec::with_capacity(entries.len() + 1);
    let (mut d, mut c) = (Amount::ZERO, Amount::ZERO);
    for e in entries {
        d += e.debit;
        c += e.credit;
        let name = chart.get(&e.account).map(|a| a.name.clone()).unwrap_or_default();
        rows.push(Row::new(vec![
            Cell::text(e.date.to_string()),
            Cell::text(&e.no),
            Cell::text(&e.summary),
            Cell::text(&e.account),
            Cell::text(name),
            Cell::text(&e.activity),
            Cell::amount_or_empty(e.debit),
            Cell::amount_or_empty(e.credit),
        ]));
    }
    rows.push(Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(d),
            Cell::Amount(c),
        ],
        RowStyle::Total,
    ));
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    r
}
