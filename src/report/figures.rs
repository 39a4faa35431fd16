//! The figures the audit reports share: a span's opening and closing fund balance (结转结余),
//! income by source and spending by category (top-level 4xx / 5xx, year-end closing entries left
//! out), budget execution, and the balance-sheet items at a date. The audit review, the
//! departure report and the disclosure all read them from here, so that they agree.

use crate::budget::by_account;
use crate::error::Result;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use crate::ops::Ctx;
use crate::store::BalanceRow;
use std::collections::BTreeMap;

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

pub async fn compute(ctx: &Ctx, span: Span) -> Result<Figures> {
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let before = ctx.store.balance_totals(&ctx.org, Period(0), span.from.prev()).await?;
    let through = ctx.store.balance_totals(&ctx.org, Period(0), span.to).await?;
    let mut turnover: BTreeMap<String, Amount> = BTreeMap::new();
    for b in crate::ops::yearend::operating_turnover(ctx, span.from, span.to).await? {
        let Some(a) = chart.get(&b.account) else { continue };
        let top = ChartView::top(&b.account).to_string();
        let net = match a.class {
            Class::Income => b.credit - b.debit,
            _ => b.debit - b.credit,
        };
        *turnover.entry(top).or_default() += net;
    }
    Ok(Figures {
        opening: fund(&chart, &before),
        income: items(&chart, &turnover, Class::Income),
        spending: items(&chart, &turnover, Class::Expenditure),
        closing: fund(&chart, &through),
    })
}

/// Budget against actual for a year's part within `span`: (income budget, income actual,
/// spending budget, spending actual), budgets adjusted.
pub async fn budget_execution(ctx: &Ctx, year: i32, span: Span) -> Result<(Amount, Amount, Amount, Amount)> {
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let budget = ctx.store.budget(&ctx.org, year).await?;
    let (from, to) = (Period::new(year, 1).max(span.from), Period::new(year, 12).min(span.to));
    let turnover = crate::ops::yearend::operating_turnover(ctx, from, to).await?;
    let sum = |class| {
        let rows = by_account(&chart, &budget, &turnover, class);
        let top = rows.iter().filter(|e| e.level == 0);
        (top.clone().map(|e| e.plan.adjusted()).sum::<Amount>(), top.map(|e| e.actual).sum::<Amount>())
    };
    let (bi, ai) = sum(Class::Income);
    let (bs, a_s) = sum(Class::Expenditure);
    Ok((bi, ai, bs, a_s))
}

/// Balance-sheet items at the end of a month (before any month: all zero), as (label, amount),
/// assets then liabilities and net assets.
pub async fn position(ctx: &Ctx, at: Period) -> Result<Vec<(&'static str, Amount)>> {
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let rows = ctx.store.balance_totals(&ctx.org, Period(0), at).await?;
    let net = |prefixes: &[&str]| -> Amount {
        rows.iter().filter(|b| prefixes.iter().any(|p| b.account.starts_with(p))).map(|b| b.debit - b.credit).sum()
    };
    let cash = net(&["101", "102", "103"]);
    let receivable = net(&["13"]);
    let stock = net(&["141"]);
    let cost = net(&["162"]);
    let depreciation = -net(&["163"]);
    let liabilities = -net(&["2"]);
    let asset_fund = -net(&["301"]);
    let fund_total = fund(&chart, &rows);
    Ok(vec![
        ("货币资金", cash),
        ("应收及暂付款项", receivable),
        ("库存物品", stock),
        ("固定资产原值", cost),
        ("累计折旧", depreciation),
        ("固定资产净值", cost - depreciation),
        ("负债合计", liabilities),
        ("资产基金", asset_fund),
        ("结转结余（含本期未结转收支）", fund_total),
    ])
}
