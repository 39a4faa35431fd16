//! Budgets (预算) by account and by activity: the original and its adjustments, budget against
//! actual with variance and execution rate, the 无预算 / 超预算 flags, and the check made when a
//! voucher is posted. Pure: no I/O. Practice and formats: union-finance-rules.md §2.5 and §5.

use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::money::Amount;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod control;
pub mod econ;
pub mod package;
pub use control::Control;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BudgetLine {
    pub account: String,
    /// Empty for a line not tied to an activity.
    pub activity: String,
    pub amount: Amount,
    pub note: String,
    /// 经济分类 (款级) of a spending line, empty when it carries none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub econ: String,
}

/// Version 0 is the original budget; later versions are approved adjustments whose lines hold
/// the change.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub version: i64,
    pub approved_on: String,
    pub doc_no: String,
    pub reason: String,
    pub lines: Vec<BudgetLine>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Budget {
    pub year: i32,
    pub versions: Vec<Version>,
}

/// Original and adjustment of one budget key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub original: Amount,
    pub adjustment: Amount,
}

impl Plan {
    pub fn adjusted(self) -> Amount {
        self.original + self.adjustment
    }
    fn add(&mut self, o: Plan) {
        self.original += o.original;
        self.adjustment += o.adjustment;
    }
}

impl Budget {
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// (account, activity) → plan.
    pub fn plans(&self) -> BTreeMap<(String, String), Plan> {
        let mut out: BTreeMap<(String, String), Plan> = BTreeMap::new();
        for v in &self.versions {
            for l in &v.lines {
                let e = out.entry((l.account.clone(), l.activity.clone())).or_default();
                if v.version == 0 {
                    e.original += l.amount;
                } else {
                    e.adjustment += l.amount;
                }
            }
        }
        out
    }
}

/// The plan of an account: its own lines and those of its detail accounts.
pub fn account_plan(plans: &BTreeMap<(String, String), Plan>, code: &str) -> Plan {
    let mut p = Plan::default();
    for ((acct, _), x) in plans {
        if acct.starts_with(code) {
            p.add(*x);
        }
    }
    p
}

pub fn activity_plan(plans: &BTreeMap<(String, String), Plan>, activity: &str) -> Plan {
    let mut p = Plan::default();
    for ((_, act), x) in plans {
        if act == activity {
            p.add(*x);
        }
    }
    p
}

/// Actual of a class's account from turnover: income credit − debit, spending debit − credit.
pub fn actual(class: Class, debit: Amount, credit: Amount) -> Amount {
    match class {
        Class::Income => credit - debit,
        _ => debit - credit,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Flag {
    /// 无预算支出: spending where neither the account (nor a parent or detail) nor the activity
    /// has a budget.
    Unbudgeted,
    /// 超预算: actual above the adjusted budget.
    Over,
}

impl Flag {
    pub fn label(self) -> &'static str {
        match self {
            Flag::Unbudgeted => "无预算支出",
            Flag::Over => "超预算",
        }
    }
}

/// A row of budget against actual.
#[derive(Clone, Debug, Serialize)]
pub struct Execution {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub plan: Plan,
    pub actual: Amount,
    pub flag: Option<Flag>,
}

impl Execution {
    pub fn variance(&self) -> Amount {
        self.plan.adjusted() - self.actual
    }
}

fn flag_for(plan: Plan, covered: bool, actual: Amount, spending: bool) -> Option<Flag> {
    if !spending {
        return None;
    }
    if !covered && actual.fen() > 0 {
        Some(Flag::Unbudgeted)
    } else if covered && actual > plan.adjusted() {
        Some(Flag::Over)
    } else {
        None
    }
}

/// The account view of one class (收入 or 支出): every account with a budget or an actual,
/// parents before their details.
pub fn by_account(chart: &ChartView, budget: &Budget, turnover: &[BalanceRow], class: Class) -> Vec<Execution> {
    let plans = budget.plans();
    let mut actual_by: BTreeMap<String, Amount> = BTreeMap::new();
    for b in turnover {
        let Some(a) = chart.get(&b.account) else { continue };
        if a.class != class {
            continue;
        }
        let v = actual(class, b.debit, b.credit);
        for code in std::iter::once(b.account.as_str()).chain(ChartView::ancestors(&b.account)) {
            *actual_by.entry(code.to_string()).or_default() += v;
        }
    }
    let mut codes: BTreeSet<String> = actual_by.keys().cloned().collect();
    for (acct, _) in plans.keys() {
        if chart.get(acct).is_some_and(|a| a.class == class) {
            codes.insert(acct.clone());
            for anc in ChartView::ancestors(acct) {
                codes.insert(anc.to_string());
            }
        }
    }
    let spending = class == Class::Expenditure;
    codes
        .into_iter()
        .map(|code| {
            let plan = account_plan(&plans, &code);
            // Covered when the account, a parent or a detail account has a budget line.
            let covered = plans.keys().any(|(a, _)| a.starts_with(&code) || code.starts_with(a.as_str()));
            let act = actual_by.get(&code).copied().unwrap_or_default();
            // Over-budget is judged where the budget is set: on accounts whose own subtree has lines.
            let has_lines = plans.keys().any(|(a, _)| a.starts_with(&code));
            Execution {
                name: chart.get(&code).map(|a| a.name.clone()).unwrap_or_default(),
                level: ((code.len().saturating_sub(3)) / 2) as u8,
                flag: flag_for(plan, covered, act, spending).filter(|f| *f == Flag::Unbudgeted || has_lines),
                code,
                plan,
                actual: act,
            }
        })
        .collect()
}

/// The activity view of spending: every activity with a budget or an actual, then the spending
/// and budget not tied to any activity, so that the total equals the account view's.
pub fn by_activity(
    chart: &ChartView,
    budget: &Budget,
    turnover_by_activity: &[BalanceRow],
    names: &BTreeMap<String, String>,
) -> Vec<Execution> {
    let plans = budget.plans();
    let mut actual_by: BTreeMap<String, Amount> = BTreeMap::new();
    for b in turnover_by_activity {
        if chart.get(&b.account).is_some_and(|a| a.class == Class::Expenditure) {
            *actual_by.entry(b.activity.clone()).or_default() += b.debit - b.credit;
        }
    }
    let mut keys: BTreeSet<String> = actual_by.keys().cloned().collect();
    for (acct, act) in plans.keys() {
        if chart.get(acct).is_some_and(|a| a.class == Class::Expenditure) {
            keys.insert(act.clone());
        }
    }
    let spend_plans: BTreeMap<(String, String), Plan> =
        plans.into_iter().filter(|((a, _), _)| chart.get(a).is_some_and(|x| x.class == Class::Expenditure)).collect();
    let mut rows: Vec<Execution> = keys
        .into_iter()
        .map(|act| {
            let plan = activity_plan(&spend_plans, &act);
            let covered = spend_plans.keys().any(|(_, a)| *a == act);
            let actual = actual_by.get(&act).copied().unwrap_or_default();
            let (code, name) = if act.is_empty() {
                (String::new(), "（未分活动）".to_string())
            } else {
                (act.clone(), names.get(&act).cloned().unwrap_or_default())
            };
            // Spending without an activity is judged by the account view, not flagged here.
            let flag = if act.is_empty() { None } else { flag_for(plan, covered, actual, true) };
            Execution { code, name, level: 0, plan, actual, flag }
        })
        .collect();
    // The row without an activity goes last.
    rows.sort_by_key(|r| r.code.is_empty());
    rows
}

/// What a voucher would do to the budget when posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub flag: Flag,
    /// "科目 50105 会员活动支出" or "活动 A04 中秋节慰问".
    pub subject: String,
    pub budget: Amount,
    /// Actual after posting this voucher.
    pub after: Amount,
}

impl Breach {
    pub fn message(&self) -> String {
        match self.flag {
            Flag::Unbudgeted => format!("{}没有预算（无预算支出 {}）", self.subject, self.after.grouped()),
            Flag::Over => format!(
                "{}记账后实际 {} 将超过调整后预算 {}（超出 {}）",
                self.subject,
                self.after.grouped(),
                self.budget.grouped(),
                (self.after - self.budget).grouped()
            ),
        }
    }
}
