//! The statements' line layouts (`reports/*.toml`: 工会01表 资产负债表, 工会02表 收入支出表) and
//! their evaluation over balances. Data decides which accounts make up a line; this adds them up.
//! Pure: the read layer hands in the balances.

use super::balance::BalanceRow;
use super::chart::{ChartView, Class};
use crate::money::Amount;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
pub struct Layout {
    pub title: String,
    pub code: String,
    pub lines: Vec<LineDef>,
    /// Checks printed with the statement.
    #[serde(default)]
    pub checks: Vec<Check>,
    /// Identities the books must satisfy that do not print (checked by `verify`).
    #[serde(default)]
    pub identities: Vec<Check>,
}

#[derive(Deserialize, Clone)]
pub struct LineDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub row: Option<u32>,
    #[serde(default)]
    pub header: bool,
    #[serde(default)]
    pub accounts: Vec<String>,
    #[serde(default)]
    pub side: Option<String>,
    #[serde(default)]
    pub negate: bool,
    #[serde(default)]
    pub sum: Vec<String>,
    #[serde(default)]
    pub minus: Vec<String>,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub surplus: Option<String>,
    #[serde(default)]
    pub annual_only: bool,
    /// A line of the monthly statements only (not printed on the annual one).
    #[serde(default)]
    pub interim_only: bool,
    #[serde(default)]
    pub bold: bool,
    #[serde(default)]
    pub indent: u8,
}

#[derive(Deserialize)]
pub struct Check {
    #[serde(default)]
    pub id: String,
    pub label: String,
    pub left: Vec<String>,
    pub right: Vec<String>,
    #[serde(default)]
    pub annual_only: bool,
}

impl Check {
    /// (left, right) over evaluated lines.
    pub fn sides(&self, values: &BTreeMap<String, Amount>) -> (Amount, Amount) {
        let side = |ids: &[String]| ids.iter().map(|id| values.get(id).copied().unwrap_or_default()).sum();
        (side(&self.left), side(&self.right))
    }
}

const BALANCE_SHEET: &str = include_str!("../../reports/balance-sheet.toml");
const INCOME_EXPENSE: &str = include_str!("../../reports/income-expense.toml");

pub fn balance_sheet() -> Layout {
    toml::from_str(BALANCE_SHEET).expect("embedded layout")
}

pub fn income_expense() -> Layout {
    toml::from_str(INCOME_EXPENSE).expect("embedded layout")
}

/// What one column needs: balances at the start and the end of its period, and its turnover
/// without the year-end closing entries.
#[derive(Default)]
pub struct Snapshot {
    /// Net debit per account, all months up to the day before the period.
    pub opening: BTreeMap<String, Amount>,
    /// Net debit per account, all months up to the end of the period.
    pub closing: BTreeMap<String, Amount>,
    /// Debit and credit of the period per account, without the year-end closing entries.
    pub turnover: BTreeMap<String, (Amount, Amount)>,
    /// Income less spending not yet closed at the start / end: (earmarked, the rest).
    pub unclosed_open: (Amount, Amount),
    pub unclosed_close: (Amount, Amount),
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

impl Snapshot {
    /// From balances by account and activity: before the period, through its end, and the
    /// period's operating turnover.
    pub fn new(
        chart: &ChartView,
        earmarked: &BTreeSet<String>,
        open_rows: &[BalanceRow],
        close_rows: &[BalanceRow],
        turnover_rows: &[BalanceRow],
    ) -> Snapshot {
        let mut turnover: BTreeMap<String, (Amount, Amount)> = BTreeMap::new();
        for b in turnover_rows {
            let e = turnover.entry(b.account.clone()).or_default();
            e.0 += b.debit;
            e.1 += b.credit;
        }
        Snapshot {
            opening: by_account(open_rows),
            closing: by_account(close_rows),
            turnover,
            unclosed_open: unclosed(chart, open_rows, earmarked),
            unclosed_close: unclosed(chart, close_rows, earmarked),
        }
    }

    /// Only the position at the end of a period (the balance sheet's closing column).
    pub fn at(chart: &ChartView, earmarked: &BTreeSet<String>, rows: &[BalanceRow]) -> Snapshot {
        Snapshot::new(chart, earmarked, &[], rows, &[])
    }
}

fn sum_prefix<T: Copy>(m: &BTreeMap<String, T>, accounts: &[String], f: impl Fn(T) -> Amount) -> Amount {
    m.iter().filter(|(k, _)| accounts.iter().any(|a| k.starts_with(a.as_str()))).map(|(_, v)| f(*v)).sum()
}

/// Every line's amount, by id.
pub fn evaluate(layout: &Layout, s: &Snapshot, balance_sheet: bool) -> BTreeMap<String, Amount> {
    let mut values: BTreeMap<String, Amount> = BTreeMap::new();
    // Account lines first, each knowing which side of the statement it is on.
    let mut credit_side = false;
    for l in &layout.lines {
        if let Some(side) = &l.side {
            credit_side = side == "贷";
        }
        if l.header || l.is_total() {
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
    add_totals(layout, &mut values);
    values
}

/// The totals of a layout over its lines' values, each as soon as everything it adds up is known
/// (a total may come before its parts on the form).
fn add_totals(layout: &Layout, values: &mut BTreeMap<String, Amount>) {
    let totals: Vec<&LineDef> = layout.lines.iter().filter(|l| !l.header && l.is_total()).collect();
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
}

impl LineDef {
    /// A line that adds up others (a total), not one read from accounts.
    pub fn is_total(&self) -> bool {
        !self.sum.is_empty() || !self.minus.is_empty()
    }
}

/// Every line's amount from the amounts of the lines that are not totals (as copied from a
/// printed statement: lines not given are zero), the totals added up as `evaluate` does.
pub fn from_lines(layout: &Layout, given: &BTreeMap<String, Amount>) -> BTreeMap<String, Amount> {
    let mut values: BTreeMap<String, Amount> = layout
        .lines
        .iter()
        .filter(|l| !l.header && !l.is_total())
        .map(|l| (l.id.clone(), given.get(&l.id).copied().unwrap_or_default()))
        .collect();
    add_totals(layout, &mut values);
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::chart::builtin_chart;

    fn row(account: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: String::new(), debit: Amount(debit), credit: Amount(credit) }
    }

    #[test]
    fn the_balance_sheet_balances_before_the_year_is_closed() {
        let chart = ChartView::new(builtin_chart());
        // Opening: bank 1,000 against 322; dues 500 received; 200 spent; a 300 laptop (162/301).
        let rows = vec![
            row("102", 100_000 + 50_000, 20_000 + 30_000),
            row("32205", 0, 100_000),
            row("401", 0, 50_000),
            row("50101", 20_000, 0),
            row("50701", 30_000, 0),
            row("162", 30_000, 0),
            row("30101", 0, 30_000),
        ];
        let bs = balance_sheet();
        let v = evaluate(&bs, &Snapshot::at(&chart, &BTreeSet::new(), &rows), true);
        assert_eq!(v["cash"], Amount(100_000));
        assert_eq!(v["assets"], Amount(130_000));
        assert_eq!(v["surplus"], Amount(100_000), "322 plus 500 dues less 500 spent");
        assert_eq!(v["liab_net"], v["assets"]);
        let fund = bs.identities.iter().find(|c| c.id == "asset_fund").unwrap();
        let (l, r) = fund.sides(&v);
        assert_eq!((l, r), (Amount(30_000), Amount(30_000)));
    }
}
