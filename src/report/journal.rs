//! 序时账: every posted voucher of the span with its lines, in date order.

use super::{Cell, Collect, Column, Report, Request, Row, RowStyle, Section, Sink};
use crate::books::{Books, EntryOrder, EntryRow};
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
        entries: b.posted_entries(req.span.from, req.span.to, req.account.as_deref(), false).await?,
    })
}

fn columns() -> Vec<Column> {
    vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 22),
        Column::text("科目编码", 8),
        Column::text("科目名称", 14),
        Column::text("活动", 6),
        Column::amount("借方金额"),
        Column::amount("贷方金额"),
    ]
}

/// The journal's one table, written as its entries arrive, with 合计 last.
pub struct Writer<'a> {
    chart: &'a ChartView,
    debit: Amount,
    credit: Amount,
}

impl<'a> Writer<'a> {
    pub fn new(chart: &'a ChartView, sink: &mut dyn Sink) -> Result<Writer<'a>> {
        sink.begin(1)?;
        sink.table(None, &columns())?;
        Ok(Writer { chart, debit: Amount::ZERO, credit: Amount::ZERO })
    }

    pub fn push(&mut self, e: &EntryRow, sink: &mut dyn Sink) -> Result<()> {
        self.debit += e.debit;
        self.credit += e.credit;
        let name = self.chart.get(&e.account).map(|a| a.name.clone()).unwrap_or_default();
        sink.row(Row::new(vec![
            Cell::text(e.date.to_string()),
            Cell::text(&e.no),
            Cell::text(&e.summary),
            Cell::text(&e.account),
            Cell::text(name),
            Cell::text(&e.activity),
            Cell::amount_or_empty(e.debit),
            Cell::amount_or_empty(e.credit),
        ]))
    }

    pub fn finish(self, sink: &mut dyn Sink) -> Result<()> {
        let mut cells = vec![Cell::text("合计")];
        cells.extend(std::iter::repeat_n(Cell::Empty, 5));
        cells.extend([Cell::Amount(self.debit), Cell::Amount(self.credit)]);
        sink.row(Row::styled(cells, RowStyle::Total))
    }
}

/// The report around the table.
fn shell(org: &str, span: &Span) -> Report {
    let mut r = Report::new("journal", "序时账", org, &span.label());
    r.landscape = true;
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    r
}

pub fn build(i: &Input) -> Report {
    let mut sink = Collect::default();
    let written = Writer::new(&i.chart, &mut sink).and_then(|mut w| {
        for e in &i.entries {
            w.push(e, &mut sink)?;
        }
        w.finish(&mut sink)
    });
    written.expect("a collecting sink never fails");
    let mut r = shell(&i.org, &i.span);
    r.sections.extend(sink.tables.into_iter().map(Section::Table));
    r
}

/// The journal read from the books straight into `sink`; returns the report around the table.
pub async fn stream(b: &Books<'_>, req: &Request, sink: &mut dyn Sink) -> Result<Report> {
    let chart = b.chart().await?;
    let mut w = Writer::new(&chart, sink)?;
    let (from, to, account) = (req.span.from, req.span.to, req.account.as_deref());
    b.each_posted_entry(from, to, account, EntryOrder::Date, false, &mut |e| w.push(&e, sink)).await?;
    w.finish(sink)?;
    Ok(shell(&b.org().name, &req.span))
}
