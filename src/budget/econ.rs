//! Budget against actual by 部门预算支出经济分类 (款级): every spending budget line and posted
//! spending line counts under its own code, else its account's default, else 未分类
//! ([`crate::ledger::econ`]). Pure.

use super::{Budget, Execution, Flag, Plan};
use crate::ledger::chart::ChartView;
use crate::ledger::econ::{applies_to, Classification, Spent};
use crate::money::Amount;
use std::collections::{BTreeMap, BTreeSet};

/// Spending budget by resolved code: (code) → plan.
fn plans_by_code(list: &Classification, budget: &Budget, keep: impl Fn(&str) -> bool) -> BTreeMap<String, Plan> {
    let mut out: BTreeMap<String, Plan> = BTreeMap::new();
    for v in &budget.versions {
        for l in v.lines.iter().filter(|l| applies_to(&l.account) && keep(&l.account)) {
            let e = out.entry(list.resolve(&l.account, &l.econ).to_string()).or_default();
            if v.version == 0 {
                e.original += l.amount;
            } else {
                e.adjustment += l.amount;
            }
        }
    }
    out
}

fn actual_by_code(list: &Classification, spent: &[Spent], keep: impl Fn(&str) -> bool) -> BTreeMap<String, Amount> {
    let mut out: BTreeMap<String, Amount> = BTreeMap::new();
    for s in spent.iter().filter(|s| keep(&s.account)) {
        *out.entry(list.resolve(&s.account, &s.econ).to_string()).or_default() += s.amount;
    }
    out
}

fn rows(list: &Classification, plans: &BTreeMap<String, Plan>, actual: &BTreeMap<String, Amount>) -> Vec<Execution> {
    let used: BTreeSet<String> = plans
        .iter()
        .filter(|(_, p)| !p.original.is_zero() || !p.adjustment.is_zero())
        .map(|(c, _)| c.clone())
        .chain(actual.iter().filter(|(_, a)| !a.is_zero()).map(|(c, _)| c.clone()))
        .collect();
    list.rows_for(&used)
        .into_iter()
        .map(|(code, name, level)| {
            let mut plan = Plan::default();
            for (_, p) in plans.iter().filter(|(c, _)| Classification::under(c, &code)) {
                plan.original += p.original;
                plan.adjustment += p.adjustment;
            }
            let act: Amount = actual.iter().filter(|(c, _)| Classification::under(c, &code)).map(|(_, a)| *a).sum();
            // Judged on items (and on what carries no code): a 类 row adds them up.
            let judged = !list.is_class(&code);
            let covered = !plan.original.is_zero() || !plan.adjustment.is_zero();
            let flag = if !judged || act.fen() <= 0 {
                None
            } else if !covered {
                Some(Flag::Unbudgeted)
            } else if act > plan.adjusted() {
                Some(Flag::Over)
            } else {
                None
            };
            Execution { code, name, level, plan, actual: act, flag }
        })
        .collect()
}

/// Spending budget and actual by classification: each 类 (level 0) with its 款 (level 1), then
/// 未分类. The level-0 rows add up to the spending total of the account view.
pub fn by_econ(list: &Classification, budget: &Budget, spent: &[Spent]) -> Vec<Execution> {
    rows(list, &plans_by_code(list, budget, |_| true), &actual_by_code(list, spent, |_| true))
}

/// The same, account by account: each spending account with a budget or spending (level 0), its
/// codes below it (level 1), unflagged.
pub fn by_account_and_econ(
    chart: &ChartView,
    list: &Classification,
    budget: &Budget,
    spent: &[Spent],
) -> Vec<Execution> {
    let mut accounts: BTreeSet<String> = spent.iter().map(|s| s.account.clone()).collect();
    for v in &budget.versions {
        accounts.extend(v.lines.iter().filter(|l| applies_to(&l.account)).map(|l| l.account.clone()));
    }
    let mut out = Vec::new();
    for account in accounts {
        let this = |a: &str| a == account;
        let plans = plans_by_code(list, budget, this);
        let actual = actual_by_code(list, spent, this);
        let items: Vec<Execution> =
            rows(list, &plans, &actual).into_iter().filter(|e| !list.is_class(&e.code)).collect();
        let plan = plans.values().fold(Plan::default(), |mut p, x| {
            p.original += x.original;
            p.adjustment += x.adjustment;
            p
        });
        let act: Amount = actual.values().copied().sum();
        if plan == Plan::default() && act.is_zero() {
            continue;
        }
        let name = chart.get(&account).map(|a| a.name.clone()).unwrap_or_default();
        out.push(Execution { code: account.clone(), name, level: 0, plan, actual: act, flag: None });
        out.extend(items.into_iter().map(|mut e| {
            // 无预算 and 超预算 are judged by account (the account view) and by code (the view
            // by classification), not again for each pair.
            e.flag = None;
            e.level = 1;
            if e.code.is_empty() {
                e.code = "—".into();
            }
            e
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, Version};
    use crate::ledger::econ::for_year;

    fn line(account: &str, amount: i64, econ: &str) -> BudgetLine {
        BudgetLine {
            account: account.into(),
            activity: String::new(),
            amount: Amount(amount),
            note: String::new(),
            econ: econ.into(),
        }
    }

    fn spent(account: &str, econ: &str, amount: i64) -> Spent {
        Spent { account: account.into(), activity: String::new(), econ: econ.into(), amount: Amount(amount) }
    }

    #[test]
    fn lines_count_under_their_code_then_their_accounts_default_and_the_classes_add_up() {
        let list = for_year(2025);
        let budget = Budget {
            year: 2025,
            versions: vec![Version {
                version: 0,
                approved_on: String::new(),
                doc_no: String::new(),
                reason: String::new(),
                lines: vec![line("50105", 50_000, ""), line("50102", 30_000, "30214"), line("401", 90_000, "")],
            }],
        };
        let spent = [
            spent("50105", "", 36_000),      // 慰问品: the default, 30229 福利费
            spent("50105", "30399", 4_000),  // the union's own choice on the line
            spent("50102", "30214", 31_000), // 场地租赁: over its 30,000
            spent("510", "", 500),           // no default: 未分类
        ];
        let rows = by_econ(list, &budget, &spent);
        let get = |code: &str| rows.iter().find(|r| r.code == code).unwrap_or_else(|| panic!("{code}: {rows:?}"));
        assert_eq!((get("30229").plan.original, get("30229").actual), (Amount(50_000), Amount(36_000)));
        assert_eq!(get("30399").actual, Amount(4_000));
        assert_eq!(get("30399").flag, Some(Flag::Unbudgeted));
        assert_eq!(get("30214").flag, Some(Flag::Over));
        assert_eq!(get("302").actual, Amount(67_000), "the 类 adds its items");
        assert_eq!(get("302").flag, None, "judged on items");
        assert_eq!((get("").name.as_str(), get("").actual), ("未分类", Amount(500)));
        let top: Amount = rows.iter().filter(|r| r.level == 0).map(|r| r.actual).sum();
        assert_eq!(top, Amount(71_500), "the top rows add up to the spending total");
        assert!(rows.iter().all(|r| !r.code.starts_with('4')), "income has no classification");

        let by_acct = by_account_and_econ(
            &crate::ledger::chart::ChartView::new(crate::ledger::chart::builtin_chart()),
            list,
            &budget,
            &spent,
        );
        let codes: Vec<(&str, u8)> = by_acct.iter().map(|r| (r.code.as_str(), r.level)).collect();
        assert_eq!(
            codes,
            [("50102", 0), ("30214", 1), ("50105", 0), ("30229", 1), ("30399", 1), ("510", 0), ("—", 1)],
            "{by_acct:?}"
        );
        assert_eq!(by_acct[2].actual, Amount(40_000));
    }
}
