//! Year-end closing (年终结转) by 《工会会计制度》 §1.6 of the domain rules: earmarked (专项)
//! income and spending close to 321—32103 per project, the rest to 322—32203 (401 always to 322);
//! then 32101–32103 roll up into 32104 and 32201–32204 into 32205; finished projects move from
//! 32104 to 32204, which rolls up again. Pure: from balances to vouchers.

use super::balance::BalanceRow;
use super::chart::{ChartView, Class};
use super::voucher::{Line, NewVoucher, Source};
use crate::money::Amount;
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("valid")
}

/// What the source reference of every closing voucher of `year` starts with.
pub fn source_prefix(year: i32) -> String {
    format!("closing/{year}/")
}

/// Whether a voucher is one of the closing entries of `year` (not a reversal of them made when
/// the year was reopened, `closing/2025/undo`).
pub fn is_closing_entry(source_ref: &str, year: i32) -> bool {
    closing_year(source_ref) == Some(year) && !is_reopen_undo(source_ref)
}

/// Whether a voucher reverses closing entries, made when a year was reopened.
pub fn is_reopen_undo(source_ref: &str) -> bool {
    closing_year(source_ref).is_some() && source_ref.ends_with("/undo")
}

/// The year a closing voucher closes, read from its source reference (`closing/2025/1`); None for
/// any other voucher.
pub fn closing_year(source_ref: &str) -> Option<i32> {
    let rest = source_ref.strip_prefix("closing/")?;
    rest.split_once('/')?.0.parse().ok()
}

/// Whether a voucher is a year-end closing voucher (by its source reference).
pub fn is_closing(source_ref: &str) -> bool {
    closing_year(source_ref).is_some()
}

fn voucher(year: i32, step: &str, summary: &str, lines: Vec<Line>) -> NewVoucher {
    NewVoucher {
        date: year_end(year),
        summary: summary.into(),
        attachments: 0,
        lines,
        source: Source::Generated(format!("{}{step}", source_prefix(year))),
        decision_ref: String::new(),
        reverses: None,
    }
}

/// A line moving `net` (a credit balance when positive) out of `account`.
fn clear_credit(account: &str, activity: &str, net: Amount) -> Line {
    if net.fen() >= 0 {
        Line::debit(account, net, activity)
    } else {
        Line::credit(account, -net, activity)
    }
}

/// A line putting `net` (credit when positive) into `account`.
fn into_credit(account: &str, activity: &str, net: Amount) -> Line {
    if net.fen() >= 0 {
        Line::credit(account, net, activity)
    } else {
        Line::debit(account, -net, activity)
    }
}

/// The 结转 vouchers of the year from its turnover by account and activity: one for non-earmarked
/// income and spending (to 32203), one for earmarked (to 32103, per project). Gross, not net:
/// the income is closed into 32203 (32103) by one line and the spending by another, so that
/// 工会02表's income and spending totals are lines of the closing vouchers.
pub fn closing_entries(
    year: i32,
    chart: &ChartView,
    turnover: &[BalanceRow],
    earmarked: &BTreeSet<String>,
) -> Vec<NewVoucher> {
    let mut plain = Vec::new();
    // Per activity ("" for the plain voucher): (income, spending) as credit amounts.
    let mut plain_net = (Amount::ZERO, Amount::ZERO);
    let mut marked = Vec::new();
    let mut marked_net: BTreeMap<String, (Amount, Amount)> = BTreeMap::new();
    // Net per (account, activity), as a credit amount (income positive, spending negative).
    let mut nets: BTreeMap<(String, String), (Amount, bool)> = BTreeMap::new();
    for b in turnover {
        let Some(a) = chart.get(&b.account) else { continue };
        if matches!(a.class, Class::Income | Class::Expenditure) {
            let e =
                nets.entry((b.account.clone(), b.activity.clone())).or_insert((Amount::ZERO, a.class == Class::Income));
            e.0 += b.credit - b.debit;
        }
    }
    let add = |sums: &mut (Amount, Amount), income: bool, net: Amount| {
        if income {
            sums.0 += net;
        } else {
            sums.1 += net;
        }
    };
    for ((account, activity), (net, income)) in nets {
        if net.is_zero() {
            continue;
        }
        let is_earmarked = earmarked.contains(&activity) && !account.starts_with("401");
        let line = clear_credit(&account, &activity, net);
        if is_earmarked {
            marked.push(line);
            add(marked_net.entry(activity).or_default(), income, net);
        } else {
            plain.push(line);
            add(&mut plain_net, income, net);
        }
    }
    let gross = |lines: &mut Vec<Line>, account: &str, activity: &str, (income, spending): (Amount, Amount)| {
        for part in [income, spending] {
            if !part.is_zero() {
                lines.push(into_credit(account, activity, part));
            }
        }
    };
    let mut out = Vec::new();
    if !plain.is_empty() {
        gross(&mut plain, "32203", "", plain_net);
        out.push(voucher(year, "1", &format!("{year}年终结转：非专项收入、支出转入工会资金结余"), plain));
    }
    if !marked.is_empty() {
        for (act, sums) in marked_net {
            gross(&mut marked, "32103", &act, sums);
        }
        out.push(voucher(year, "2", &format!("{year}年终结转：专项收入、支出转入工会资金结转"), marked));
    }
    out
}

/// Net credit balances of the 321 and 322 detail accounts, by activity.
pub type NetAssets = BTreeMap<(String, String), Amount>;

pub fn apply(net: &mut NetAssets, v: &NewVoucher) {
    for l in &v.lines {
        if l.account.starts_with("321") || l.account.starts_with("322") {
            *net.entry((l.account.clone(), l.activity.clone())).or_default() += l.credit - l.debit;
        }
    }
}

/// Roll 32101–32103 into 32104 (per project) and 32201–32204 into 32205.
pub fn rollup(year: i32, step: &str, net: &NetAssets) -> Option<NewVoucher> {
    let mut lines = Vec::new();
    let mut into_321: BTreeMap<String, Amount> = BTreeMap::new();
    let mut into_322 = Amount::ZERO;
    for ((account, activity), bal) in net {
        if bal.is_zero() {
            continue;
        }
        if ["32101", "32102", "32103"].contains(&account.as_str()) {
            lines.push(clear_credit(account, activity, *bal));
            *into_321.entry(activity.clone()).or_default() += *bal;
        } else if ["32201", "32202", "32203", "32204"].contains(&account.as_str()) {
            lines.push(clear_credit(account, activity, *bal));
            into_322 += *bal;
        }
    }
    if lines.is_empty() {
        return None;
    }
    for (act, bal) in into_321 {
        if !bal.is_zero() {
            lines.push(into_credit("32104", &act, bal));
        }
    }
    if !into_322.is_zero() {
        lines.push(into_credit("32205", "", into_322));
    }
    Some(voucher(year, step, &format!("{year}年末结转结余明细科目滚存至累计结转、累计结余"), lines))
}

/// Move the accumulated balance of finished projects from 32104 to 32204.
pub fn move_finished(year: i32, net: &NetAssets, finished: &BTreeSet<String>) -> Option<NewVoucher> {
    let mut lines = Vec::new();
    let mut total = Amount::ZERO;
    for ((account, activity), bal) in net {
        if account == "32104" && finished.contains(activity) && !bal.is_zero() {
            lines.push(clear_credit(account, activity, *bal));
            total += *bal;
        }
    }
    if lines.is_empty() {
        return None;
    }
    lines.push(into_credit("32204", "", total));
    Some(voucher(year, "4", &format!("{year}年末已完成项目的剩余资金转入工会资金结余"), lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_source_references_are_read_back() {
        let v = voucher(2025, "1", "x", Vec::new());
        assert_eq!(closing_year(&v.source.reference()), Some(2025));
        assert!(is_closing("closing/2024/3"));
        assert!(!is_closing("closing/x"));
        assert!(!is_closing("allocation/receive/2025-01"));
    }
}

/// A reopened month or year (反结账), as kept.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Reopening {
    pub scope: String,
    pub period: crate::ledger::period::Period,
    pub closed_by: String,
    pub closed_at: String,
    pub reopened_by: String,
    pub reopened_at: String,
    pub reason: String,
}

impl Reopening {
    /// As people read it: what, who closed it and when, who reopened it, when and why.
    pub fn describe(&self) -> String {
        let what = if self.scope == "year" { format!("{} 年度", self.period.year()) } else { self.period.label() };
        format!(
            "{what}：{} 于 {} 结账，{} 于 {} 反结账，原因：{}",
            self.closed_by,
            crate::shown_time(&self.closed_at),
            self.reopened_by,
            crate::shown_time(&self.reopened_at),
            self.reason
        )
    }
}
