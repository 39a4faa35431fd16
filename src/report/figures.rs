//! The figures the audit reports share: a span's opening and closing fund balance (结转结余),
//! income by source and spending by category (top-level 4xx / 5xx, year-end closing entries left
//! out), budget execution, and the balance-sheet items at a date. The audit review, the
//! departure report and the disclosure all read them from here, so that they agree.

use crate::books::{Books, HasBooks};
use crate::budget::by_account;
use crate::error::Result;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::ledger::statement::{self, evaluate, Snapshot};
use crate::money::Amount;
use std::collections::{BTreeMap, BTreeSet};

/// One income source or spending category.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub code: String,
    pub name: String,
    pub amount: Amount,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// 年初结转结余: 321 + 322 and income less spending not yet closed, before the span.
    pub opening: Amount,
    pub income: Vec<Item>,
    pub spending: Vec<Item>,
    /// 年末结转结余 at the end of the span.
    pub closing: Amount,
}

impl Figures {
    pub fn income_total(&self) -> Amount {
        self.income.iter().map(|i| i.amount).sum()
    }
    pub fn spending_total(&self) -> Amount {
        self.spending.iter().map(|i| i.amount).sum()
    }
}

/// The fund balance (结转结余) from balances up to some month: 321 and 322 plus income less
/// spending not yet closed into them.
fn fund(chart: &ChartView, rows: &[BalanceRow]) -> Amount {
    rows.iter()
        .filter(|b| {
            b.account.starts_with("321")
                || b.account.starts_with("322")
                || chart.get(&b.account).is_some_and(|a| matches!(a.class, Class::Income | Class::Expenditure))
        })
        .map(|b| b.credit - b.debit)
        .sum()
}

fn items(chart: &ChartView, turnover: &BTreeMap<String, Amount>, class: Class) -> Vec<Item> {
    chart
        .accounts
        .values()
        .filter(|a| a.class == class && a.parent.is_none() && a.enabled)
        .map(|a| Item {
            code: a.code.clone(),
            name: a.name.clone(),
            amount: turnover.get(&a.code).copied().unwrap_or_default(),
        })
        .filter(|i| !i.amount.is_zero() || chart.accounts.get(&i.code).is_some_and(|a| a.builtin))
        .collect()
}

/// A span's figures, read from the books.
pub async fn compute(src: &impl HasBooks, span: Span) -> Result<Figures> {
    let b = src.books();
    let chart = b.chart().await?;
    let before = b.balance_totals(Period(0), span.from.prev()).await?;
    let through = b.balance_totals(Period(0), span.to).await?;
    let turnover = b.turnover(span.from, span.to).await?;
    Ok(from_rows(&chart, &before, &through, &turnover))
}

/// A span's figures from the balances before it and through its end and its operating turnover.
pub fn from_rows(chart: &ChartView, before: &[BalanceRow], through: &[BalanceRow], turnover: &[BalanceRow]) -> Figures {
    let mut by_top: BTreeMap<String, Amount> = BTreeMap::new();
    for b in turnover {
        let Some(a) = chart.get(&b.account) else { continue };
        let top = ChartView::top(&b.account).to_string();
        let net = match a.class {
            Class::Income => b.credit - b.debit,
            _ => b.debit - b.credit,
        };
        *by_top.entry(top).or_default() += net;
    }
    Figures {
        opening: fund(chart, before),
        income: items(chart, &by_top, Class::Income),
        spending: items(chart, &by_top, Class::Expenditure),
        closing: fund(chart, through),
    }
}

/// Budget against actual of a year's part within a span: (income budget, income actual,
/// spending budget, spending actual), budgets adjusted.
pub type Execution = (Amount, Amount, Amount, Amount);

/// Each year of the span with its budget execution.
pub async fn budget_execution(b: &Books<'_>, span: Span) -> Result<Vec<(i32, Execution)>> {
    let chart = b.chart().await?;
    let mut out = Vec::new();
    for year in span.from.year()..=span.to.year() {
        let budget = b.budget(year).await?;
        let (from, to) = (Period::new(year, 1).max(span.from), Period::new(year, 12).min(span.to));
        let turnover = b.turnover(from, to).await?;
        let sum = |class| {
            let rows = by_account(&chart, &budget, &turnover, class);
            let top = rows.iter().filter(|e| e.level == 0);
            (top.clone().map(|e| e.plan.adjusted()).sum::<Amount>(), top.map(|e| e.actual).sum::<Amount>())
        };
        let (bi, ai) = sum(Class::Income);
        let (bs, a_s) = sum(Class::Expenditure);
        out.push((year, (bi, ai, bs, a_s)));
    }
    Ok(out)
}

/// Balance-sheet items at the end of a month (before any month: all zero), as (label, amount),
/// assets then liabilities and net assets: the lines of 工会01表 (reports/balance-sheet.toml).
pub async fn position(b: &Books<'_>, at: Period) -> Result<Vec<(&'static str, Amount)>> {
    let chart = b.chart().await?;
    let earmarked = b.earmarked().await?;
    let rows = b.balance_totals_by_activity(Period(0), at).await?;
    Ok(position_of(&chart, &earmarked, &rows))
}

pub fn position_of(
    chart: &ChartView,
    earmarked: &BTreeSet<String>,
    rows: &[BalanceRow],
) -> Vec<(&'static str, Amount)> {
    let v = evaluate(&statement::balance_sheet(), &Snapshot::at(chart, earmarked, rows), true);
    let line = |ids: &[&str]| -> Amount { ids.iter().map(|id| v.get(*id).copied().unwrap_or_default()).sum() };
    vec![
        ("货币资金", line(&["cash"])),
        ("应收及暂付款项", line(&["recv_upper", "recv_lower", "recv_other"])),
        ("库存物品", line(&["stock"])),
        ("固定资产原值", line(&["fa_cost"])),
        ("累计折旧", line(&["fa_dep"])),
        ("固定资产净值", line(&["fa_net"])),
        ("负债合计", line(&["liab"])),
        ("资产基金", line(&["asset_fund"])),
        ("工会资金结转（含本期未结转收支）", line(&["carry"])),
        ("工会资金结余（含本期未结转收支）", line(&["surplus"])),
    ]
}

/// The 2% money of a span as the documents tell it: the year's mode, what the union keeps
/// (拨缴经费收入 402), the upper union's share booked (211 credited), what was remitted (211
/// debited) and what is still owed at the span's end (211's balance, the figure the upper union
/// reconciles).
#[derive(Clone, Debug, PartialEq)]
pub struct Upward {
    pub mode: crate::allocation::Mode,
    pub retained: Amount,
    pub booked: Amount,
    pub remitted: Amount,
    pub owed: Amount,
}

pub async fn upward(b: &Books<'_>, span: Span) -> Result<Upward> {
    let turnover = b.turnover(span.from, span.to).await?;
    let of = |prefix: &str| -> (Amount, Amount) {
        turnover
            .iter()
            .filter(|t| t.account.starts_with(prefix))
            .fold((Amount::ZERO, Amount::ZERO), |(d, c), t| (d + t.debit, c + t.credit))
    };
    let ((d402, c402), (d211, c211)) = (of("402"), of("211"));
    Ok(Upward {
        mode: b.allocation_settings(span.to.year()).await?.mode,
        retained: c402 - d402,
        booked: c211,
        remitted: d211,
        owed: b.owed_upward_at(span.to).await?,
    })
}
