//! 资产负债表 (工会01表) and 收入支出表 (工会02表): the line layouts are data (`reports/*.toml`);
//! this evaluates them over balances. Monthly: 年初余额 / 期末余额 and 本月数 / 本年累计数;
//! annual: 年初余额 / 年末余额 and 本年数 / 上年数. The checks of each statement print on it, and
//! the annual statements carry the basic notes (附注).

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::error::Result;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::money::{percent, Amount};
use crate::ops::Ctx;
use crate::store::BalanceRow;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
struct Layout {
    title: String,
    code: String,
    lines: Vec<LineDef>,
    #[serde(default)]
    checks: Vec<Check>,
}

#[derive(Deserialize, Clone)]
struct LineDef {
    id: String,
    label: String,
    #[serde(default)]
    row: Option<u32>,
    #[serde(default)]
    header: bool,
    #[serde(default)]
    accounts: Vec<String>,
    #[serde(default)]
    side: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    sum: Vec<String>,
    #[serde(default)]
    minus: Vec<String>,
    #[serde(default)]
    measure: Option<String>,
    #[serde(default)]
    surplus: Option<String>,
    #[serde(default)]
    annual_only: bool,
    #[serde(default)]
    bold: bool,
    #[serde(default)]
    indent: u8,
}

#[derive(Deserialize)]
struct Check {
    label: String,
    left: Vec<String>,
    right: Vec<String>,
    #[serde(default)]
    annual_only: bool,
}

const BALANCE_SHEET: &str = include_str!("../../reports/balance-sheet.toml");
const INCOME_EXPENSE: &str = include_str!("../../reports/income-expense.toml");

/// What one column needs: balances at the start and the end of its period, and its turnover
/// without the year-end closing entries.
struct Snapshot {
    /// Net debit per account, all months up to the day before the period.
    opening: BTreeMap<String, Amount>,
    /// Net debit per account, all months up to the end of the period.
    closing: BTreeMap<String, Amount>,
    /// Debit and credit of the period per account, without the year-end closing entries.
    turnover: BTreeMap<String, (Amount, Amount)>,
    /// Income less spending not yet closed at the start / end: (earmarked, the rest).
    unclosed_open: (Amount, Amount),
    unclosed_close: (Amount, Amount),
}

fn unclosed(chart: &ChartView, rows: &[BalanceRow], earmarked: &BTreeSet<String>) -> (Amount, Amount) {
    let (mut e, mut p) = (Amount::ZERO, Amount::ZERO);
    for b in rows {
        if chart.get(&b.account).is_some_and(|a| matches!(a.class, Class::Income | Class::Expenditure)) {
            let net = b.credit - b.debit;
            if earmarked.contains(&b.activity) && !b.account.starts_with("401") {
                e += net;
            } else {
                p += net;
            }
        }
    }
    (e, p)
}

fn by_account(rows: &[BalanceRow]) -> BTreeMap<String, Amount> {
    let mut m = BTreeMap::new();
    for b in rows {
        *m.entry(b.account.clone()).or_default() += b.debit - b.credit;
    }
    m
}

async fn snapshot(ctx: &Ctx, chart: &ChartView, earmarked: &BTreeSet<String>, span: Span) -> Result<Snapshot> {
    let open_rows = ctx.store.balance_totals_by_activity(&ctx.org, Period(0), span.from.prev()).await?;
    let close_rows = ctx.store.balance_totals_by_activity(&ctx.org, Period(0), span.to).await?;
    let mut turnover: BTreeMap<String, (Amount, Amount)> = BTreeMap::new();
    for b in crate::ops::yearend::operating_turnover(ctx, span.from, span.to).await? {
        let e = turnover.entry(b.account.clone()).or_default();
        e.0 += b.debit;
        e.1 += b.credit;
    }
    Ok(Snapshot {
        opening: by_account(&open_rows),
        closing: by_account(&close_rows),
        turnover,
        unclosed_open: unclosed(chart, &open_rows, earmarked),
        unclosed_close: unclosed(chart, &close_rows, earmarked),
    })
}

fn sum_prefix<T: Copy>(m: &BTreeMap<String, T>, accounts: &[String], f: impl Fn(T) -> Amount) -> Amount {
    m.iter().filter(|(k, _)| accounts.iter().any(|a| k.starts_with(a.as_str()))).map(|(_, v)| f(*v)).sum()
}

fn evaluate(layout: &Layout, s: &Snapshot, balance_sheet: bool) -> BTreeMap<String, Amount> {
    let mut values: BTreeMap<String, Amount> = BTreeMap::new();
    // Account lines first, each knowing which side of the statement it is on.
    let mut credit_side = false;
    for l in &layout.lines {
        if let Some(side) = &l.side {
            credit_side = side == "贷";
        }
        if l.header || !l.sum.is_empty() || !l.minus.is_empty() {
            continue;
        }
        let surplus = |u: (Amount, Amount)| match l.surplus.as_deref() {
            Some("earmarked") => u.0,
            Some("plain") => u.1,
            _ => Amount::ZERO,
        };
        let measure = l.measure.as_deref().unwrap_or(if balance_sheet { "closing" } else { "movement" });
        let raw = match measure {
            "opening" => -sum_prefix(&s.opening, &l.accounts, |v| v) + surplus(s.unclosed_open),
            "closing" if balance_sheet && !credit_side => sum_prefix(&s.closing, &l.accounts, |v| v),
            "closing" => -sum_prefix(&s.closing, &l.accounts, |v| v) + surplus(s.unclosed_close),
            "income" | "movement" => sum_prefix(&s.turnover, &l.accounts, |(d, c)| c - d),
            "expense" => sum_prefix(&s.turnover, &l.accounts, |(d, c)| d - c),
            _ => Amount::ZERO,
        };
        values.insert(l.id.clone(), if l.negate { -raw } else { raw });
    }
    // Then the totals, as soon as everything they add up is known (a total may come before
    // its parts on the form).
    let totals: Vec<&LineDef> =
        layout.lines.iter().filter(|l| !l.header && (!l.sum.is_empty() || !l.minus.is_empty())).collect();
    for _ in 0..totals.len() {
        for l in &totals {
            if values.contains_key(&l.id) || !l.sum.iter().chain(&l.minus).all(|id| values.contains_key(id)) {
                continue;
            }
            let add: Amount = l.sum.iter().map(|id| values[id]).sum();
            let sub: Amount = l.minus.iter().map(|id| values[id]).sum();
            values.insert(l.id.clone(), add - sub);
        }
    }
    values
}

async fn statement(ctx: &Ctx, req: &Request, balance_sheet: bool) -> Result<Report> {
    let layout: Layout =
        toml::from_str(if balance_sheet { BALANCE_SHEET } else { INCOME_EXPENSE }).expect("embedded layout");
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let earmarked: BTreeSet<String> =
        ctx.store.activities(&ctx.org).await?.into_iter().filter(|a| a.earmarked).map(|a| a.code).collect();
    let span = req.span;
    let year = span.to.year();
    let annual = span.from == Period::new(year, 1) && span.to == Period::new(year, 12);
    let (headers, columns): ([String; 2], [Span; 2]) = if balance_sheet {
        let end = if annual { "年末余额" } else { "期末余额" };
        let start = Period::new(year, 1);
        (["年初余额".into(), end.into()], [Span { from: start, to: start.prev() }, Span { from: start, to: span.to }])
    } else if annual {
        (["本年数".into(), "上年数".into()], [Span::year(year), Span::year(year - 1)])
    } else {
        (
            ["本月数".into(), "本年累计数".into()],
            [Span::month(span.to), Span { from: Period::new(year, 1), to: span.to }],
        )
    };
    let mut values = Vec::new();
    for c in columns {
        let s = snapshot(ctx, &chart, &earmarked, c).await?;
        values.push(evaluate(&layout, &s, balance_sheet));
    }
    let name = if balance_sheet { "balance-sheet" } else { "income-expense" };
    let period = if annual { format!("{year}年度") } else { span.to.label() };
    let mut r = Report::new(name, &layout.title, &ctx.org.name, &period);
    r.unit = format!("{}    单位：元", layout.code);
    let mut rows = Vec::new();
    for l in &layout.lines {
        if l.annual_only && !annual {
            continue;
        }
        let cells = if l.header {
            vec![Cell::text(&l.label), Cell::Empty, Cell::Empty, Cell::Empty]
        } else {
            vec![
                Cell::text(&l.label),
                l.row.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Empty),
                Cell::Amount(values[0][&l.id]),
                Cell::Amount(values[1][&l.id]),
            ]
        };
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
    for c in &layout.checks {
        if c.annual_only && !annual {
            continue;
        }
        for (h, v) in headers.iter().zip(&values) {
            let left: Amount = c.left.iter().map(|id| v[id]).sum();
            let right: Amount = c.right.iter().map(|id| v[id]).sum();
            r.notes.push(if left == right {
                format!("检查（{h}）：{} 成立（{}）。", c.label, left.grouped())
            } else {
                format!(
                    "检查（{h}）：{} 不成立！左边 {}，右边 {}，相差 {}。",
                    c.label,
                    left.grouped(),
                    right.grouped(),
                    (left - right).grouped()
                )
            });
        }
    }
    if !annual && !crate::ops::yearend::year_closed(ctx, year).await? {
        r.notes
            .push("本年尚未年终结转：本年收支差额已并入“工会资金结转”（专项）与“工会资金结余”（非专项）列示。".into());
    }
    if annual {
        notes(ctx, &mut r, year).await?;
    }
    Ok(r)
}

/// 附注: the statement of compliance and the budget execution summary.
async fn notes(ctx: &Ctx, r: &mut Report, year: i32) -> Result<()> {
    let mut paragraphs = vec![format!(
        "一、遵循《工会会计制度》的声明：本会 {year} 年度财务报表按照《工会会计制度》（财会〔2021〕7号）编制，真实、完整地反映了本会的财务状况和收支情况。"
    )];
    let budget = ctx.store.budget(&ctx.org, year).await?;
    if budget.is_empty() {
        paragraphs.push(format!("二、预算执行情况：{year} 年度未导入预算。"));
    } else {
        let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
        let t = crate::ops::yearend::operating_turnover(ctx, Period::new(year, 1), Period::new(year, 12)).await?;
        let part = |class: Class| {
            let rows = crate::budget::by_account(&chart, &budget, &t, class);
            let top: Vec<_> = rows.iter().filter(|e| e.level == 0).collect();
            let b: Amount = top.iter().map(|e| e.plan.adjusted()).sum();
            let a: Amount = top.iter().map(|e| e.actual).sum();
            (b, a)
        };
        let (bi, ai) = part(Class::Income);
        let (bo, ao) = part(Class::Expenditure);
        let rate = |a, b| percent(a, b).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into());
        let adjustments = budget.versions.iter().filter(|v| v.version > 0).count();
        paragraphs.push(format!(
            "二、预算执行情况：收入调整后预算 {}，实际 {}，执行率 {}；支出调整后预算 {}，实际 {}，执行率 {}；本年预算调整 {adjustments} 次。详见预算执行情况表。",
            bi.grouped(), ai.grouped(), rate(ai, bi), bo.grouped(), ao.grouped(), rate(ao, bo)
        ));
    }
    r.sections.push(Section::Text { heading: Some("附注".into()), paragraphs });
    Ok(())
}

pub async fn balance_sheet(ctx: &Ctx, req: &Request) -> Result<Report> {
    statement(ctx, req, true).await
}

pub async fn income_expense(ctx: &Ctx, req: &Request) -> Result<Report> {
    statement(ctx, req, false).await
}
