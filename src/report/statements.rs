//! 资产负债表 (工会01表) and 收入支出表 (工会02表): the line layouts are data (`reports/*.toml`,
//! evaluated by `ledger::statement`). Monthly: 年初余额 / 期末余额 and 本月数 / 本年累计数;
//! annual: 年初余额 / 年末余额 and 本年数 / 上年数. The checks are on the 校验表, and the annual
//! statements carry the eight items of the notes (附注, see `notes`).

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::period::{Period, Span};
use crate::ledger::statement::{self, evaluate, LineDef, Snapshot};
use crate::money::Amount;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    BalanceSheet,
    IncomeExpense,
}

/// What a statement reads: each of its two columns' balances, and for the annual statement the
/// year's budget and turnover for the notes.
pub struct Input {
    pub org: String,
    pub kind: Kind,
    pub span: Span,
    pub annual: bool,
    pub headers: [String; 2],
    pub columns: [Snapshot; 2],
    pub year_closed: bool,
    /// A column's lines as the union copied them from a statement printed before its books
    /// were kept here (the prior year's 02表: `opening import --prior-year`), in place of the books.
    pub given: [Option<BTreeMap<String, Amount>>; 2],
    /// What the annual statements' 附注 read.
    pub notes: Option<super::notes::Annual>,
    /// Who signs (第六十四条), named from the organisation profile where it names them.
    pub signatures: Vec<String>,
}

pub async fn load(b: &Books<'_>, req: &Request, kind: Kind) -> Result<Input> {
    let balance_sheet = kind == Kind::BalanceSheet;
    let chart = b.chart().await?;
    let earmarked = b.earmarked().await?;
    let span = req.span;
    let year = span.to.year();
    let (annual, headers, spans) = columns(kind, span);
    let snapshot = |c: Span| {
        let (chart, earmarked) = (&chart, &earmarked);
        async move {
            let open = b.balance_totals_by_activity(Period(0), c.from.prev()).await?;
            let close = b.balance_totals_by_activity(Period(0), c.to).await?;
            let turnover = b.turnover(c.from, c.to).await?;
            Ok::<_, crate::error::Error>(Snapshot::new(chart, earmarked, &open, &close, &turnover))
        }
    };
    let columns = [snapshot(spans[0]).await?, snapshot(spans[1]).await?];
    let kept = b.setting(&prior_setting(span)).await?;
    let given = given(kind, annual, kept.as_deref());
    let notes = if annual && !balance_sheet { Some(super::notes::load(b, year).await?) } else { None };
    let signatures =
        crate::ledger::profile::Profile::from_setting(b.setting(crate::ledger::profile::SETTING).await?.as_deref())?
            .statement_signatures();
    Ok(Input {
        org: b.org().name.clone(),
        kind,
        span,
        annual,
        headers,
        columns,
        given,
        year_closed: b.year_closed(year).await?,
        notes,
        signatures,
    })
}

/// A statement's two columns for `span`: whether it is the annual statement, the columns'
/// headings, and the span each column reads.
pub fn columns(kind: Kind, span: Span) -> (bool, [String; 2], [Span; 2]) {
    let year = span.to.year();
    let annual = span.from == Period::new(year, 1) && span.to == Period::new(year, 12);
    if kind == Kind::BalanceSheet {
        let end = if annual { "年末余额" } else { "期末余额" };
        let start = Period::new(year, 1);
        (
            annual,
            ["年初余额".into(), end.into()],
            [Span { from: start, to: start.prev() }, Span { from: start, to: span.to }],
        )
    } else if annual {
        (annual, ["本年数".into(), "上年数".into()], [Span::year(year), Span::year(year - 1)])
    } else {
        (
            annual,
            ["本月数".into(), "本年累计数".into()],
            [Span::month(span.to), Span { from: Period::new(year, 1), to: span.to }],
        )
    }
}

/// The setting that holds the prior year's 02表 as the union copied it, for a statement of `span`.
pub fn prior_setting(span: Span) -> String {
    crate::ledger::prior_year::setting(span.to.year() - 1)
}

/// The columns given as copied lines: the annual 02表's 上年数, where the union copied it in.
pub fn given(kind: Kind, annual: bool, kept: Option<&str>) -> [Option<BTreeMap<String, Amount>>; 2] {
    let prior = (annual && kind == Kind::IncomeExpense).then(|| kept.and_then(crate::ledger::prior_year::decode));
    [None, prior.flatten()]
}

pub fn build(i: &Input) -> Report {
    let balance_sheet = i.kind == Kind::BalanceSheet;
    let layout = if balance_sheet { statement::balance_sheet() } else { statement::income_expense() };
    let (span, annual, headers) = (i.span, i.annual, &i.headers);
    let year = span.to.year();
    let values = column_values(i, &layout);
    let name = if balance_sheet { "balance-sheet" } else { "income-expense" };
    // The balance sheet is dated at its date (2025年12月31日); the income statement covers a span.
    let period = match (balance_sheet, annual) {
        (true, _) => crate::cn_date(span.to.last_day()),
        (false, true) => format!("{year}年度"),
        (false, false) => span.to.label(),
    };
    let mut r = Report::new(name, &layout.title, &i.org, &period);
    r.unit = format!("{}    单位：元", layout.code);
    r.signatures = i.signatures.clone();
    let mut rows = Vec::new();
    let shown: Vec<_> =
        layout.lines.iter().filter(|l| !((l.annual_only && !annual) || (l.interim_only && annual))).collect();
    for l in shown.iter().copied() {
        let cells = line_cells(l, &values, &l.label);
        let style = if l.bold || l.header { RowStyle::Subtotal } else { RowStyle::Normal };
        rows.push(Row { cells, style, indent: l.indent });
    }
    let columns = vec![
        Column::text("项目", 24),
        Column::number("行次"),
        Column::amount(&headers[0]),
        Column::amount(&headers[1]),
    ];
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    let printed_table = balance_sheet.then(|| two_sided(&shown, &values, headers));
    let failed = check_rows(i).iter().filter(|r| r.cells[6] != Cell::text("成立")).count();
    if failed > 0 {
        // Said on the statement only when something does not hold; the checks are on the 校验表.
        r.notes.push(format!("本表有 {failed} 项校验不成立，见报表校验表（gonghui report statement-checks）。"));
    }
    for (h, _) in i.headers.iter().zip(&i.given).filter(|(_, g)| g.is_some()) {
        r.notes.push(format!("{h}按本会上年度报出的{}录入（账簿始于本年）。", layout.code));
    }
    if !annual && !i.year_closed {
        r.notes
            .push("本年尚未年终结转：本年收支差额已并入“工会资金结转”（专项）与“工会资金结余”（非专项）列示。".into());
    }
    // The 附注 are one for the year's statements: printed after 工会02表, the last of them.
    if let Some(n) = &i.notes {
        r.sections.push(Section::Text { heading: Some("附注".into()), paragraphs: super::notes::paragraphs(n) });
    } else if balance_sheet && annual {
        r.notes.push("报表附注见工会02表（收入支出表）之后。".into());
    }
    if r.sections.len() > 1 {
        // Signed under the table; the 附注 follow.
        r.signed_after = Some(0);
    }
    if let Some(t) = printed_table {
        // Printed: the same report with the two-sided table in place of the list of lines.
        let mut sections = r.sections.clone();
        sections[0] = Section::Table(t);
        r.printed = Some(sections);
    }
    r
}

/// Each column's lines: from the books, or as the union copied them from a statement printed
/// before its books were kept here.
pub(crate) fn column_values(i: &Input, layout: &statement::Layout) -> Vec<BTreeMap<String, Amount>> {
    let balance_sheet = i.kind == Kind::BalanceSheet;
    i.columns
        .iter()
        .zip(&i.given)
        .map(|(s, given)| match given {
            Some(g) => statement::from_lines(layout, g),
            None => evaluate(layout, s, balance_sheet),
        })
        .collect()
}

/// A statement line's cells: label, 行次 and its two columns' values (a heading: the label only).
pub(crate) fn line_cells(l: &LineDef, values: &[BTreeMap<String, Amount>], label: &str) -> Vec<Cell> {
    if l.header {
        vec![Cell::text(label), Cell::Empty, Cell::Empty, Cell::Empty]
    } else {
        vec![
            Cell::text(label),
            l.row.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Empty),
            Cell::Amount(values[0][&l.id]),
            Cell::Amount(values[1][&l.id]),
        ]
    }
}

/// 工会01表 in its printed form (账户式): 资产 on the left, 负债和净资产 on the right from the first
/// line of the 贷 side, each side's total on the last row.
fn two_sided(lines: &[&LineDef], values: &[BTreeMap<String, Amount>], headers: &[String; 2]) -> Table {
    let split = lines.iter().position(|l| l.side.as_deref() == Some("贷")).unwrap_or(lines.len());
    // A row of two sides has no indent of its own: a side's is written into its label.
    let cells = |l: &LineDef| line_cells(l, values, &format!("{}{}", "  ".repeat(l.indent as usize), l.label));
    let side = |ls: &[&LineDef]| -> Vec<Vec<Cell>> { ls.iter().map(|l| cells(l)).collect() };
    let (mut left, mut right) = (side(&lines[..split]), side(&lines[split..]));
    // The totals face each other on the last row: the shorter side is padded above its total.
    let n = left.len().max(right.len());
    for s in [&mut left, &mut right] {
        let total = s.pop();
        s.resize(n - 1, vec![Cell::Empty; 4]);
        s.extend(total);
    }
    let last = n.saturating_sub(1);
    let rows = left
        .into_iter()
        .zip(right)
        .enumerate()
        .map(|(i, (mut l, r))| {
            l.extend(r);
            Row { cells: l, style: if i == last { RowStyle::Total } else { RowStyle::Normal }, indent: 0 }
        })
        .collect();
    let columns = vec![
        Column::text("资产", 12),
        Column::number("行次"),
        Column::amount(&headers[0]),
        Column::amount(&headers[1]),
        Column::text("负债和净资产", 12),
        Column::number("行次"),
        Column::amount(&headers[0]),
        Column::amount(&headers[1]),
    ];
    Table { title: None, columns, rows }
}

/// The statement's consistency checks as rows of the 校验表: statement, check, column, left side,
/// right side, difference, 成立/不成立.
pub fn check_rows(i: &Input) -> Vec<Row> {
    let balance_sheet = i.kind == Kind::BalanceSheet;
    let layout = if balance_sheet { statement::balance_sheet() } else { statement::income_expense() };
    let values = column_values(i, &layout);
    let mut rows = Vec::new();
    for c in layout.checks.iter().filter(|c| i.annual || !c.annual_only) {
        for (h, v) in i.headers.iter().zip(&values) {
            let (left, right) = c.sides(v);
            rows.push(Row::new(vec![
                Cell::text(format!("{} {}", layout.code, layout.title)),
                Cell::text(&c.label),
                Cell::text(h),
                Cell::Amount(left),
                Cell::Amount(right),
                Cell::Amount(left - right),
                Cell::text(if left == right { "成立" } else { "不成立" }),
            ]));
        }
    }
    rows
}

/// 报表校验表: every check of 工会01表 and 工会02表 of the span, kept off the statements.
pub fn checks_report(org: &str, span: Span, statements: &[Input]) -> Report {
    let rows: Vec<Row> = statements.iter().flat_map(check_rows).collect();
    let failed = rows.iter().filter(|r| r.cells[6] != Cell::text("成立")).count();
    let mut r = Report::new("statement-checks", "报表校验表", org, &span.label());
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("报表", 14),
            Column::text("校验项", 24),
            Column::text("列", 8),
            Column::amount("左边"),
            Column::amount("右边"),
            Column::amount("差额"),
            Column::text("结论", 6),
        ],
        rows,
    }));
    r.notes.push(if failed == 0 {
        "各项校验均成立。".into()
    } else {
        format!("有 {failed} 项校验不成立：请按差额查找记错的科目或漏记的凭证。")
    });
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::ledger::balance::BalanceRow;
    use crate::ledger::chart::builtin_chart;
    use crate::ledger::chart::ChartView;
    use std::collections::BTreeSet;

    fn row(account: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: String::new(), debit: Amount(debit), credit: Amount(credit) }
    }

    fn input(kind: Kind, annual: bool, rows: &[BalanceRow], turnover: &[BalanceRow]) -> Input {
        let chart = ChartView::new(builtin_chart());
        let none = BTreeSet::new();
        let snap = Snapshot::new(&chart, &none, &[], rows, turnover);
        let again = Snapshot::new(&chart, &none, &[], rows, turnover);
        let span = if annual { Span::year(2025) } else { Span::month(Period::new(2025, 3)) };
        Input {
            org: "测试工会".into(),
            kind,
            span,
            annual,
            headers: ["年初余额".into(), "期末余额".into()],
            columns: [snap, again],
            given: [None, None],
            year_closed: false,
            notes: (annual && kind == Kind::IncomeExpense).then(|| crate::report::notes::Annual {
                year: 2025,
                budget: Budget::default(),
                chart,
                turnover: turnover.to_vec(),
                closing: rows.to_vec(),
                assets: Vec::new(),
                adjustments: vec!["凭证 记-202503-0001".into()],
                accepted: Vec::new(),
                written: Default::default(),
            }),
            signatures: crate::ledger::profile::Profile::default().statement_signatures(),
        }
    }

    fn amount(r: &Report, label: &str, col: usize) -> Cell {
        let t = r.tables().next().unwrap();
        t.rows.iter().find(|row| row.cells[0] == Cell::text(label)).unwrap().cells[col].clone()
    }

    #[test]
    fn a_monthly_balance_sheet_balances_and_says_so() {
        // Dues of 540.00 received, 123.45 spent, nothing closed yet.
        let rows = [row("102", 54_000, 12_345), row("401", 0, 54_000), row("50102", 12_345, 0)];
        let r = build(&input(Kind::BalanceSheet, false, &rows, &[]));
        assert_eq!(amount(&r, "货币资金", 3), Cell::Amount(Amount(41_655)));
        assert_eq!(amount(&r, "工会资金结余", 3), Cell::Amount(Amount(41_655)), "income less spending not closed");
        assert_eq!(amount(&r, "负债与净资产总计", 3), amount(&r, "资产总计", 3));
        assert!(r.notes.iter().any(|n| n.contains("本年尚未年终结转")));
        // The checks are on the 校验表, not on the statement.
        assert!(!r.notes.iter().any(|n| n.contains("成立")), "{:?}", r.notes);
        let i = input(Kind::BalanceSheet, false, &rows, &[]);
        let checks = checks_report("测试工会", i.span, std::slice::from_ref(&i));
        let t = checks.tables().next().unwrap();
        let held = t
            .rows
            .iter()
            .find(|r| r.cells[1] == Cell::text("资产总计 = 负债与净资产总计") && r.cells[2] == Cell::text("期末余额"));
        assert_eq!(held.map(|r| r.cells[6].clone()), Some(Cell::text("成立")), "{:?}", t.rows);
        assert_eq!(checks.notes, ["各项校验均成立。"]);
    }

    #[test]
    fn unbalanced_books_print_not_holding_with_the_difference() {
        // A one-sided entry of 100.00 (as books damaged outside the tool would hold).
        let rows = [row("102", 54_000, 0), row("401", 0, 44_000)];
        let i = input(Kind::BalanceSheet, false, &rows, &[]);
        let r = build(&i);
        assert!(r.notes.iter().any(|n| n.contains("校验不成立，见报表校验表")), "{:?}", r.notes);
        let checks = checks_report("测试工会", i.span, std::slice::from_ref(&i));
        let t = checks.tables().next().unwrap();
        let row = t
            .rows
            .iter()
            .find(|r| r.cells[1] == Cell::text("资产总计 = 负债与净资产总计") && r.cells[2] == Cell::text("期末余额"))
            .unwrap();
        assert_eq!((&row.cells[5], &row.cells[6]), (&Cell::Amount(Amount(10_000)), &Cell::text("不成立")));
        assert!(checks.notes[0].starts_with("有 "), "{:?}", checks.notes);
    }

    #[test]
    fn a_balance_sheet_is_dated_at_its_date_and_the_annual_one_has_no_interim_line() {
        let labels = |r: &Report| -> Vec<String> {
            r.tables().next().unwrap().rows.iter().map(|row| crate::render::plain(&row.cells[0])).collect()
        };
        let year = build(&input(Kind::BalanceSheet, true, &[], &[]));
        assert_eq!(year.period, "2025年12月31日");
        assert!(!labels(&year).iter().any(|l| l == "零余额账户用款额度"), "{:?}", labels(&year));
        let march = build(&input(Kind::BalanceSheet, false, &[], &[]));
        assert_eq!(march.period, "2025年3月31日");
        assert!(labels(&march).iter().any(|l| l == "零余额账户用款额度"));
    }

    #[test]
    fn the_annual_income_statement_carries_its_notes() {
        let turnover = [row("401", 0, 54_000), row("50102", 12_345, 0)];
        let r = build(&input(Kind::IncomeExpense, true, &[], &turnover));
        assert_eq!(r.period, "2025年度");
        assert_eq!(amount(&r, "五、本期收支差额", 2), Cell::Amount(Amount(41_655)));
        let Some(Section::Text { paragraphs, .. }) = r.sections.last() else { panic!("附注") };
        assert!(paragraphs.iter().any(|p| p.contains("未导入预算")), "{paragraphs:?}");
    }
}
