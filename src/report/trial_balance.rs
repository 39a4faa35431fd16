//! 科目余额表: per account, opening balance, debits and credits of the span, closing balance;
//! detail accounts roll up into their parents; totals over the first-level accounts.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::{Books, HasBooks};
use crate::error::Result;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use std::collections::BTreeMap;

/// One account's figures. Balances are net debit (debit − credit); a negative value is a credit
/// balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TbLine {
    pub code: String,
    pub name: String,
    pub class: Class,
    pub level: u8,
    pub opening: Amount,
    pub debit: Amount,
    pub credit: Amount,
    pub closing: Amount,
}

/// What the trial balance reads: the chart and the balances before and within the span.
pub struct Input {
    pub org: String,
    pub span: Span,
    pub chart: ChartView,
    /// Totals per account of every month before the span.
    pub opening: Vec<BalanceRow>,
    /// Totals per account of the span's months.
    pub moved: Vec<BalanceRow>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let span = req.span;
    Ok(Input {
        org: b.org().name.clone(),
        span,
        chart: b.chart().await?,
        opening: b.balance_totals(Period(0), span.from.prev()).await?,
        moved: b.balance_totals(span.from, span.to).await?,
    })
}

/// Figures per account (with parents rolled up) for a span, from the monthly balances.
pub async fn lines(src: &impl HasBooks, span: Span) -> Result<Vec<TbLine>> {
    let req = Request { span, account: None, by: None, chair: None };
    Ok(compute(&load(&src.books(), &req).await?))
}

/// Figures per account, parents rolled up, accounts with nothing left out.
pub fn compute(i: &Input) -> Vec<TbLine> {
    let mut acc: BTreeMap<String, (Amount, Amount, Amount)> = BTreeMap::new();
    let mut add = |code: &str, open: Amount, d: Amount, c: Amount| {
        for a in std::iter::once(code).chain(ChartView::ancestors(code)) {
            let e = acc.entry(a.to_string()).or_default();
            e.0 += open;
            e.1 += d;
            e.2 += c;
        }
    };
    for b in &i.opening {
        add(&b.account, b.debit - b.credit, Amount::ZERO, Amount::ZERO);
    }
    for b in &i.moved {
        add(&b.account, Amount::ZERO, b.debit, b.credit);
    }
    let mut out = Vec::new();
    for (code, (open, d, c)) in acc {
        if open.is_zero() && d.is_zero() && c.is_zero() {
            continue;
        }
        let (name, class) = i
            .chart
            .get(&code)
            .map(|a| (a.name.clone(), a.class))
            .unwrap_or_else(|| ("（未知科目）".into(), Class::Asset));
        out.push(TbLine {
            level: ((code.len().saturating_sub(3)) / 2) as u8,
            code,
            name,
            class,
            opening: open,
            debit: d,
            credit: c,
            closing: open + d - c,
        });
    }
    out
}

/// A net balance as (debit column, credit column).
pub fn split(net: Amount) -> (Amount, Amount) {
    if net.fen() >= 0 {
        (net, Amount::ZERO)
    } else {
        (Amount::ZERO, -net)
    }
}

pub fn build(i: &Input) -> Report {
    let ls = compute(i);
    let mut r = Report::new("trial-balance", "科目余额表", &i.org, &i.span.label());
    r.landscape = true;
    let columns = vec![
        Column::text("科目编码", 9),
        Column::text("科目名称", 16),
        Column::amount("期初借方"),
        Column::amount("期初贷方"),
        Column::amount("本期借方"),
        Column::amount("本期贷方"),
        Column::amount("期末借方"),
        Column::amount("期末贷方"),
    ];
    let mut rows = Vec::new();
    let mut tot = [Amount::ZERO; 6];
    for l in &ls {
        let (od, oc) = split(l.opening);
        let (cd, cc) = split(l.closing);
        if l.level == 0 {
            for (t, v) in tot.iter_mut().zip([od, oc, l.debit, l.credit, cd, cc]) {
                *t += v;
            }
        }
        rows.push(Row {
            cells: vec![
                Cell::text(&l.code),
                Cell::text(&l.name),
                Cell::Amount(od),
                Cell::Amount(oc),
                Cell::Amount(l.debit),
                Cell::Amount(l.credit),
                Cell::Amount(cd),
                Cell::Amount(cc),
            ],
            style: RowStyle::Normal,
            indent: l.level,
        });
    }
    let mut total = vec![Cell::text("合计"), Cell::Empty];
    total.extend(tot.iter().map(|a| Cell::Amount(*a)));
    rows.push(Row::styled(total, RowStyle::Total));
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    let balanced = tot[0] == tot[1] && tot[2] == tot[3] && tot[4] == tot[5];
    r.notes.push(if balanced {
        "试算平衡：期初、本期发生额、期末的借方合计与贷方合计分别相等。".to_string()
    } else {
        format!(
            "试算不平衡！期初 {} / {}，本期 {} / {}，期末 {} / {}。请运行 gonghui verify 检查。",
            tot[0].grouped(),
            tot[1].grouped(),
            tot[2].grouped(),
            tot[3].grouped(),
            tot[4].grouped(),
            tot[5].grouped()
        )
    });
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::chart::builtin_chart;
    use crate::ledger::period::Period;

    fn row(account: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: String::new(), debit: Amount(debit), credit: Amount(credit) }
    }

    #[test]
    fn details_roll_up_and_the_totals_balance() {
        let i = Input {
            org: "测试工会".into(),
            span: Span::month(Period::new(2025, 3)),
            chart: ChartView::new(builtin_chart()),
            opening: vec![row("102", 100_000, 0), row("32205", 0, 100_000)],
            moved: vec![row("102", 540_000, 123_456), row("401", 0, 540_000), row("50102", 123_456, 0)],
        };
        let ls = compute(&i);
        let bank = ls.iter().find(|l| l.code == "102").unwrap();
        assert_eq!(
            (bank.opening, bank.debit, bank.credit, bank.closing),
            (Amount(100_000), Amount(540_000), Amount(123_456), Amount(516_544))
        );
        let parent = ls.iter().find(|l| l.code == "501").unwrap();
        assert_eq!((parent.level, parent.debit), (0, Amount(123_456)), "50102 rolls up into 501");
        let r = build(&i);
        let t = r.tables().next().unwrap();
        let total = t.rows.last().unwrap();
        assert_eq!(total.cells[0], Cell::text("合计"));
        assert_eq!(total.cells[4], total.cells[5], "debits equal credits");
        assert!(r.notes[0].starts_with("试算平衡"), "{:?}", r.notes);
    }
}
