//! Budget control at posting (无预算 / 超预算 of a voucher about to be posted): an account with no
//! budget line on itself, a parent or a detail is 无预算; accounts are checked for 超预算 at every
//! level that has budget lines; an activity against its own lines. The year's plans and posted turnover are loaded once into running
//! totals (by account at every level, by exact account, by activity), so that each voucher of a
//! batch is checked in time proportional to its own lines, then added to the totals. Pure.

use super::{account_plan, activity_plan, Breach, Budget, Flag, Plan};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::voucher::Line;
use crate::money::Amount;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the plans say of one account code.
#[derive(Clone, Copy)]
struct AccountPlan {
    /// A line on the account, a parent or a detail (else its spending is 无预算).
    covered: bool,
    /// A line on the account or a detail (over-budget is judged there).
    has_lines: bool,
    plan: Plan,
}

/// The running state of budget control over one year.
pub struct Control<'a> {
    chart: &'a ChartView,
    names: &'a BTreeMap<String, String>,
    plans: BTreeMap<(String, String), Plan>,
    /// Debit − credit by exact account code.
    exact: HashMap<String, Amount>,
    /// Debit − credit by every leading part of the account code (an account and its parents).
    prefix: HashMap<String, Amount>,
    /// Spending (debit − credit on 支出 accounts) by activity.
    activity: HashMap<String, Amount>,
    accounts: HashMap<String, AccountPlan>,
    activities: HashMap<String, (bool, Plan)>,
}

impl<'a> Control<'a> {
    /// Control over a year whose posted turnover by account and activity is `before`.
    pub fn new(
        chart: &'a ChartView,
        budget: &Budget,
        before: &[BalanceRow],
        names: &'a BTreeMap<String, String>,
    ) -> Control<'a> {
        let mut c = Control {
            chart,
            names,
            plans: budget.plans(),
            exact: HashMap::new(),
            prefix: HashMap::new(),
            activity: HashMap::new(),
            accounts: HashMap::new(),
            activities: HashMap::new(),
        };
        for b in before {
            c.add_one(&b.account, &b.activity, b.debit - b.credit);
        }
        c
    }

    fn is_spending(&self, account: &str) -> bool {
        self.chart.get(account).is_some_and(|a| a.class == Class::Expenditure)
    }

    fn add_one(&mut self, account: &str, activity: &str, net: Amount) {
        *self.exact.entry(account.to_string()).or_default() += net;
        for (i, _) in account.char_indices().skip(1) {
            *self.prefix.entry(account[..i].to_string()).or_default() += net;
        }
        *self.prefix.entry(account.to_string()).or_default() += net;
        if self.is_spending(account) {
            *self.activity.entry(activity.to_string()).or_default() += net;
        }
    }

    /// Add a posted voucher's lines to the running totals.
    pub fn add(&mut self, lines: &[Line]) {
        for l in lines {
            self.add_one(&l.account, &l.activity, l.debit - l.credit);
        }
    }

    fn account(&mut self, code: &str) -> AccountPlan {
        if let Some(p) = self.accounts.get(code) {
            return *p;
        }
        let p = AccountPlan {
            covered: self.plans.keys().any(|(a, _)| a.starts_with(code) || code.starts_with(a.as_str())),
            has_lines: self.plans.keys().any(|(a, _)| a.starts_with(code)),
            plan: account_plan(&self.plans, code),
        };
        self.accounts.insert(code.to_string(), p);
        p
    }

    fn activity_plan(&mut self, act: &str) -> (bool, Plan) {
        if let Some(p) = self.activities.get(act) {
            return *p;
        }
        let p = (self.plans.keys().any(|(_, a)| a == act), activity_plan(&self.plans, act));
        self.activities.insert(act.to_string(), p);
        p
    }

    /// What posting these lines would do to the budget (nothing is added to the totals).
    pub fn check(&mut self, lines: &[Line]) -> Vec<Breach> {
        if self.plans.is_empty() {
            return Vec::new();
        }
        let spend: Vec<&Line> = lines.iter().filter(|l| self.is_spending(&l.account)).collect();
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for l in &spend {
            let own = self.account(&l.account);
            if !own.covered && seen.insert(format!("u:{}", l.account)) {
                let this: Amount = spend.iter().filter(|x| x.account == l.account).map(|x| x.debit - x.credit).sum();
                let prior = self.exact.get(&l.account).copied().unwrap_or_default();
                if this.fen() > 0 {
                    let name = self.chart.get(&l.account).map(|a| a.name.clone()).unwrap_or_default();
                    out.push(Breach {
                        flag: Flag::Unbudgeted,
                        subject: format!("科目 {} {name}", l.account),
                        budget: Amount::ZERO,
                        after: prior + this,
                    });
                }
            }
            for code in std::iter::once(l.account.as_str()).chain(ChartView::ancestors(&l.account)) {
                if !seen.insert(format!("a:{code}")) {
                    continue;
                }
                let p = self.account(code);
                let prior = self.prefix.get(code).copied().unwrap_or_default();
                let this: Amount =
                    spend.iter().filter(|x| x.account.starts_with(code)).map(|x| x.debit - x.credit).sum();
                let after = prior + this;
                if p.has_lines && after > p.plan.adjusted() && this.fen() > 0 {
                    let name = self.chart.get(code).map(|a| a.name.clone()).unwrap_or_default();
                    let subject = format!("科目 {code} {name}");
                    out.push(Breach { flag: Flag::Over, subject, budget: p.plan.adjusted(), after });
                }
            }
            if !l.activity.is_empty() && seen.insert(format!("v:{}", l.activity)) {
                let (covered, plan) = self.activity_plan(&l.activity);
                let prior = self.activity.get(&l.activity).copied().unwrap_or_default();
                let this: Amount = spend.iter().filter(|x| x.activity == l.activity).map(|x| x.debit - x.credit).sum();
                let after = prior + this;
                let subject =
                    format!("活动 {} {}", l.activity, self.names.get(&l.activity).cloned().unwrap_or_default());
                if !covered && this.fen() > 0 {
                    out.push(Breach { flag: Flag::Unbudgeted, subject, budget: Amount::ZERO, after });
                } else if covered && after > plan.adjusted() && this.fen() > 0 {
                    out.push(Breach { flag: Flag::Over, subject, budget: plan.adjusted(), after });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, Version};
    use crate::ledger::chart::builtin_chart;

    fn budget() -> Budget {
        let line = |account: &str, activity: &str, fen: i64| BudgetLine {
            account: account.into(),
            activity: activity.into(),
            amount: Amount(fen),
            note: String::new(),
            econ: String::new(),
        };
        Budget {
            year: 2025,
            versions: vec![
                Version {
                    version: 0,
                    approved_on: String::new(),
                    doc_no: String::new(),
                    reason: String::new(),
                    lines: vec![line("50101", "", 300_000), line("501", "A01", 200_000), line("502", "", 150_000)],
                },
                Version {
                    version: 1,
                    approved_on: String::new(),
                    doc_no: String::new(),
                    reason: String::new(),
                    lines: vec![line("50101", "", 50_000)],
                },
            ],
        }
    }

    /// Checking a batch with running totals gives what checking each voucher against the turnover
    /// recomputed from scratch gives, breach for breach.
    #[test]
    fn running_totals_equal_a_fresh_load_for_every_voucher() {
        let chart = ChartView::new(builtin_chart());
        let names = BTreeMap::from([("A01".to_string(), "春游".to_string())]);
        let budget = budget();
        let accounts = ["50101", "50102", "50105", "50201", "503", "50405", "401", "102"];
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut before: Vec<BalanceRow> = Vec::new();
        let mut control = Control::new(&chart, &budget, &before, &names);
        let mut breaches = 0;
        for _ in 0..300 {
            let mut lines = Vec::new();
            let mut total = 0;
            for _ in 0..=next(3) {
                let amt = next(40_000) as i64 - 5_000;
                total += amt;
                let act = if next(2) == 0 { "A01" } else { "" };
                lines.push(Line::debit(accounts[next(accounts.len() as u64) as usize], Amount(amt), act));
            }
            lines.push(Line::credit("102", Amount(total), ""));
            let fresh = Control::new(&chart, &budget, &before, &names).check(&lines);
            let running = control.check(&lines);
            assert_eq!(running, fresh);
            breaches += running.len();
            control.add(&lines);
            before.extend(lines.iter().map(|l| BalanceRow {
                account: l.account.clone(),
                activity: l.activity.clone(),
                debit: l.debit,
                credit: l.credit,
            }));
        }
        assert!(breaches > 50, "the sequence must run over the budget: {breaches}");
    }

    #[test]
    fn over_budget_after_the_adjustment_and_unbudgeted_accounts() {
        let chart = ChartView::new(builtin_chart());
        let names = BTreeMap::new();
        let budget = budget();
        let mut c = Control::new(&chart, &budget, &[], &names);
        // 50101: 3,000.00 + adjustment 500.00 = 3,500.00.
        let within = [Line::debit("50101", Amount(350_000), ""), Line::credit("102", Amount(350_000), "")];
        assert!(c.check(&within).iter().all(|b| b.subject != "科目 50101 会员活动支出" || b.flag != Flag::Over));
        c.add(&within);
        let over = [Line::debit("50101", Amount(1), ""), Line::credit("102", Amount(1), "")];
        let b = c.check(&over);
        let own = b.iter().find(|b| b.subject.starts_with("科目 50101")).expect("50101 over budget");
        assert_eq!((own.flag, own.budget, own.after), (Flag::Over, Amount(350_000), Amount(350_001)));
        let none = [Line::debit("50405", Amount(100), ""), Line::credit("102", Amount(100), "")];
        let b = c.check(&none);
        assert_eq!(b[0].flag, Flag::Unbudgeted);
        assert_eq!(b[0].after, Amount(100));
    }
}
