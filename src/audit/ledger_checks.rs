//! Checks on facts the books compute rather than on single vouchers: budget execution, the 2%
//! status, each month's bank reconciliation, the hash chain. Pure: the read layer computes the
//! facts, these turn them into findings, each citing the rule of the pack.

use super::checks::{finding, AuditVoucher};
use super::pack::Pack;
use super::Finding;
use crate::allocation::status::YearStatus;
use crate::budget::{by_account, Budget, Flag};
use crate::import::reconcile::{Reconciliation, Statement};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::Period;
use crate::money::Amount;

/// Spending without a budget or over it in `year`, on the deepest account flagged, with the
/// vouchers that spent on it.
pub fn budget(
    pack: &Pack,
    chart: &ChartView,
    budget: &Budget,
    turnover: &[BalanceRow],
    vouchers: &[&AuditVoucher],
    year: i32,
) -> Vec<Finding> {
    let rows = by_account(chart, budget, turnover, Class::Expenditure);
    let flagged: Vec<_> = rows.iter().filter(|e| e.flag.is_some()).collect();
    let mut out = Vec::new();
    for e in &flagged {
        if flagged.iter().any(|o| o.code != e.code && o.code.starts_with(&e.code) && o.flag == e.flag) {
            continue; // a detail account below says it more precisely
        }
        let nos: Vec<String> = vouchers
            .iter()
            .filter(|v| {
                v.lines.iter().any(|l| l.account.starts_with(&e.code) && l.debit.fen() > 0)
                    && !crate::ledger::closing::is_closing(&v.source_ref)
            })
            .map(|v| v.no.clone())
            .collect();
        let (rule, amount, message) = match e.flag {
            Some(Flag::Unbudgeted) => (
                "budget_none",
                e.actual,
                format!("{year} 年 {} {} 没有预算，实际支出 {} 元", e.code, e.name, e.actual.grouped()),
            ),
            _ => (
                "budget_over",
                e.actual - e.plan.adjusted(),
                format!(
                    "{year} 年 {} {} 调整后预算 {} 元，实际支出 {} 元，超支 {} 元",
                    e.code,
                    e.name,
                    e.plan.adjusted().grouped(),
                    e.actual.grouped(),
                    (e.actual - e.plan.adjusted()).grouped()
                ),
            ),
        };
        out.push(finding(rule, message, &pack.budget_control.cite(), amount, nos, Vec::new()));
    }
    out
}

/// The 2% unpaid at the end of `to` (a month of `year`), and, at year end, the upward share not
/// remitted (`owed`: what 211 still holds).
pub fn allocation(pack: &Pack, status: &YearStatus, year: i32, to: Period) -> Vec<Finding> {
    if status.rows.iter().all(|r| r.wage_bill.is_none()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let arrears = status.rows.iter().find(|r| r.period == to).map(|r| r.arrears).unwrap_or(status.arrears_at_year_end);
    if arrears.fen() > 0 {
        let months: Vec<String> = status
            .issues
            .iter()
            .filter(|i| i.received < i.expected && i.period <= to)
            .map(|i| format!("{}（应收 {}，实收 {}）", i.period.label(), i.expected.grouped(), i.received.grouped()))
            .collect();
        let mut f = finding(
            "allocation_arrears",
            format!("截至 {} 拨缴经费欠缴 {} 元：{}", to.label(), arrears.grouped(), months.join("、")),
            &pack.allocation_due.cite(),
            arrears,
            Vec::new(),
            Vec::new(),
        );
        f.subject = to.to_string();
        out.push(f);
    }
    if to.month() == 12 && status.upward_unremitted.fen() > 0 {
        let mut f = finding(
            "upward_unremitted",
            format!("{year} 年应上解上级工会的经费尚有 {} 元未上解（211 科目）", status.upward_unremitted.grouped()),
            &pack.upward_share.cite(),
            status.upward_unremitted,
            Vec::new(),
            Vec::new(),
        );
        f.subject = year.to_string();
        out.push(f);
    }
    out
}

/// A month in which a bank account moved (`vouchers_moved` vouchers): a finding unless its
/// statement was obtained and the adjusted balances agree.
pub fn reconciliation(pack: &Pack, vouchers_moved: usize, r: &Reconciliation) -> Option<Finding> {
    let (account, month) = (&r.account, r.month);
    let (message, amount) = match (r.statement, r.adjusted_bank()) {
        _ if r.balances() => return None,
        (Statement::Missing, _) => (
            format!(
                "{} {account} 有 {vouchers_moved} 笔收付，但没有取得该月银行对账单（未导入流水，也未录入对账单余额），未对账",
                month.label()
            ),
            Amount::ZERO,
        ),
        (_, None) => (
            format!("{} {account} 的银行对账单没有余额，无法对账", month.label()),
            Amount::ZERO,
        ),
        (_, Some(bank)) => (
            format!(
                "{} {account} 调节后余额不符：账面调节后 {} 元，银行调节后 {} 元",
                month.label(),
                r.adjusted_book().grouped(),
                bank.grouped()
            ),
            (r.adjusted_book() - bank).abs(),
        ),
    };
    let mut f = finding("bank_unreconciled", message, &pack.bank_reconciliation.cite(), amount, Vec::new(), Vec::new());
    f.subject = format!("{month} {account}");
    Some(f)
}

/// The chain or a voucher's balance broken (`problems` as `verify` names them).
pub fn chain(pack: &Pack, problems: &[String], first_broken: Option<&str>) -> Option<Finding> {
    if problems.is_empty() {
        return None;
    }
    Some(finding(
        "chain_broken",
        format!("已记账凭证校验未通过：{}", problems.join("；")),
        &pack.books_integrity.cite(),
        Amount::ZERO,
        first_broken.map(str::to_string).into_iter().collect(),
        Vec::new(),
    ))
}

/// 库存现金 or 银行存款 (`account`) negative on `day` with `balance`: the first such day in the period.
pub fn negative_balance(pack: &Pack, account: &str, day: chrono::NaiveDate, balance: Amount) -> Finding {
    let name = if account.starts_with("101") { "库存现金" } else { "银行存款" };
    let mut f = finding(
        "negative_balance",
        format!(
            "{name}（{account}）{day} 日终余额为 {} 元：账面余额不可能为负，可能漏记收入、多记支出或记错科目",
            balance.grouped()
        ),
        &pack.cash_nonnegative.cite(),
        -balance,
        Vec::new(),
        Vec::new(),
    );
    f.subject = format!("{account} {day}");
    f
}

/// A closed month or year reopened (反结账) in the period: allowed with a reason, and shown to the
/// auditor so the vouchers entered after it are looked at.
pub fn reopened(pack: &Pack, r: &crate::ledger::closing::Reopening) -> Finding {
    let mut f = finding(
        "reopened",
        format!("{}。请核对反结账后补记或更正的凭证", r.describe()),
        &pack.books_integrity.cite(),
        Amount::ZERO,
        Vec::new(),
        Vec::new(),
    );
    f.subject = format!("{} {} {}", r.scope, r.period.0, r.reopened_at);
    f
}

/// 资产基金 (301) against the assets it stands for at the end of `at`: 库存物品 141, 投资 151,
/// 在建工程 161, 固定资产 162 less 累计折旧 163, 无形资产 171 less 累计摊销 172, 长期待摊费用 181
/// and 待处理财产价值 18201. `net` is each account's debit less credit up to then.
pub fn asset_fund(at: Period, net: &[(String, Amount)]) -> Option<Finding> {
    let sum = |prefixes: &[&str]| -> Amount {
        net.iter().filter(|(a, _)| prefixes.iter().any(|p| a.starts_with(p))).map(|(_, v)| *v).sum()
    };
    let assets = sum(&["141", "151", "161", "162", "163", "171", "172", "181", "18201"]);
    let fund = Amount::ZERO - sum(&["301"]);
    if assets == fund {
        return None;
    }
    let mut f = finding(
        "asset_fund_mismatch",
        format!(
            "{} 末资产基金（301）{} 元，而库存物品、固定资产净值等非货币资产合计 {} 元，相差 {} 元：购置、折旧或处置可能只记了一半",
            at.label(),
            fund.grouped(),
            assets.grouped(),
            (fund - assets).abs().grouped()
        ),
        ASSET_FUND_DOC,
        (fund - assets).abs(),
        Vec::new(),
        Vec::new(),
    );
    f.subject = at.to_string();
    Some(f)
}

/// The invariant of 301, as ../shared/domain/union-finance-rules.md derives it from the account
/// notes of 《工会会计制度》.
pub const ASSET_FUND_DOC: &str =
    "《工会会计制度》301 资产基金科目说明：资产基金反映库存物品、固定资产、在建工程、无形资产等非货币性资产占用的金额，余额应与这些资产的账面价值相等（由科目说明推得）（未核实，默认值）";

/// Dispositions of findings recorded by the person who prepared a voucher the finding names: the
/// committee judges work it did not do (the tool refuses it now; books kept before, or changed
/// behind its back, may hold one).
pub fn self_disposed(
    pack: &Pack,
    kept: &[crate::audit::Kept],
    vouchers: &[super::checks::AuditVoucher],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for k in kept {
        let Some(d) = &k.disposition else { continue };
        let own: Vec<String> = k
            .finding
            .vouchers
            .iter()
            .filter(|no| vouchers.iter().any(|v| &v.no == *no && crate::names::same(&v.prepared_by, &d.decided_by)))
            .cloned()
            .collect();
        if own.is_empty() {
            continue;
        }
        let mut f = finding(
            "self_disposed",
            format!(
                "发现“{}”由 {} 作出处理结论（{}），而凭证 {} 正是此人制单",
                k.finding.title,
                d.decided_by,
                crate::audit::outcome_label(&d.outcome),
                own.join("、")
            ),
            &pack.separation_of_duties.cite(),
            k.finding.amount,
            own,
            Vec::new(),
        );
        f.subject = k.key.clone();
        out.push(f);
    }
    out
}

/// A count of the cash on hand that differs from the cash book.
pub fn cash_count(pack: &Pack, c: &crate::ledger::cash_count::CashCount) -> Option<Finding> {
    if c.difference().is_zero() {
        return None;
    }
    let mut f = finding(
        "cash_count_mismatch",
        format!("{}；账实不符，请查明原因并按规定处理（先记 182 待处理财产损溢）", c.text()),
        &pack.cash_count.cite(),
        c.difference().abs(),
        Vec::new(),
        Vec::new(),
    );
    f.subject = c.date.to_string();
    Some(f)
}

/// A closed year in which cash moved and no count of it was recorded.
pub fn cash_uncounted(pack: &Pack, year: i32) -> Finding {
    let mut f = finding(
        "cash_uncounted",
        format!("{year} 年有库存现金收付，已年终结账，但没有库存现金盘点记录（gonghui cash count --date --amount）"),
        &pack.cash_count.cite(),
        Amount::ZERO,
        Vec::new(),
        Vec::new(),
    );
    f.subject = year.to_string();
    f
}

/// 未达账项 (items on one side only) older than the union's limit (`reconcile_age_days`) at the
/// end of the last month reconciled against an imported statement: one finding per account,
/// naming the vouchers and statement lines.
pub fn old_reconciling_items(pack: &Pack, r: &Reconciliation) -> Option<Finding> {
    if r.statement != Statement::Imported {
        return None;
    }
    let old = r.old_items();
    if old.is_empty() {
        return None;
    }
    let total: Amount = old.iter().map(|(i, _)| i.3.abs()).sum();
    let listed: Vec<String> = old
        .iter()
        .take(10)
        .map(|((date, reference, summary, amount), age)| {
            format!("{date} {reference}（{summary}）{} 元，{age} 天", amount.abs().grouped())
        })
        .collect();
    // Book-side items are vouchers (by number); bank-side ones statement lines (`流水 N`).
    let vouchers: Vec<String> = old.iter().map(|(i, _)| i.1.clone()).filter(|n| !n.starts_with("流水 ")).collect();
    let mut f = finding(
        "reconciling_item_old",
        format!(
            "{} 末 {} 有 {} 笔未达账项超过 {} 天仍未达，合计 {} 元：{}{}",
            r.month.label(),
            r.account,
            old.len(),
            r.age_limit,
            total.grouped(),
            listed.join("；"),
            if old.len() > listed.len() { " 等" } else { "" }
        ),
        &pack.bank_reconciliation.cite(),
        total,
        vouchers,
        Vec::new(),
    );
    f.subject = format!("{} {}", r.month, r.account);
    Some(f)
}
