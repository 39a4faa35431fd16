//! Fixed assets and stock: the categories (data), the double entry of a purchase, the monthly
//! straight-line depreciation with no residual value from the month of acquisition, disposal.
//! Depreciation touches only 301 and 163, never spending. Pure.

use super::period::Period;
use super::voucher::{Line, NewVoucher, Source};
use crate::error::{Error, Result};
use crate::money::Amount;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize)]
pub struct Category {
    pub name: String,
    pub min_years: u32,
    pub account: String,
    #[serde(default)]
    pub kind: Option<String>,
}

impl Category {
    pub fn is_stock(&self) -> bool {
        self.kind.as_deref() == Some("stock")
    }
}

#[derive(Deserialize)]
struct File {
    categories: Vec<Category>,
}

pub fn categories() -> Vec<Category> {
    toml::from_str::<File>(include_str!("../../chart/asset-categories.toml")).expect("embedded categories").categories
}

pub fn category(name: &str) -> Result<Category> {
    let all = categories();
    all.iter().find(|c| c.name == name).cloned().ok_or_else(|| {
        Error::input(format!(
            "资产类别“{name}”不认识；可用：{}",
            all.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join("、")
        ))
    })
}

/// An asset in the register.
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    pub id: i64,
    pub name: String,
    pub category: String,
    pub stock: bool,
    pub cost: Amount,
    pub life_months: i64,
    pub acquired_on: NaiveDate,
    pub voucher_no: String,
    pub disposed_on: Option<NaiveDate>,
}

/// Depreciation of the k-th month of service (1-based): straight line to the fen, the months
/// together adding up exactly to the cost.
pub fn monthly(cost: Amount, life_months: i64, k: i64) -> Amount {
    if k < 1 || k > life_months || life_months <= 0 {
        return Amount::ZERO;
    }
    let c = cost.fen() as i128;
    let l = life_months as i128;
    Amount(((c * k as i128) / l - (c * (k as i128 - 1)) / l) as i64)
}

/// Months of service of an asset in month `p` (1 in the month of acquisition), if it is
/// depreciated that month: not after its life, not in or after the month it was disposed of.
pub fn month_of_service(a: &Asset, p: Period) -> Option<i64> {
    if a.stock {
        return None;
    }
    let start = Period::of(a.acquired_on);
    if p < start {
        return None;
    }
    if let Some(d) = a.disposed_on {
        if p >= Period::of(d) {
            return None;
        }
    }
    let k = (p.year() as i64 - start.year() as i64) * 12 + p.month() as i64 - start.month() as i64 + 1;
    (k <= a.life_months).then_some(k)
}

/// Depreciation charged up to and including month `p`.
pub fn accumulated(a: &Asset, through: Period) -> Amount {
    let start = Period::of(a.acquired_on);
    let mut total = Amount::ZERO;
    let mut p = start;
    while p <= through {
        if let Some(k) = month_of_service(a, p) {
            total += monthly(a.cost, a.life_months, k);
        }
        p = p.next();
    }
    total
}

fn voucher(date: NaiveDate, summary: String, reference: String, lines: Vec<Line>) -> NewVoucher {
    NewVoucher {
        date,
        summary,
        attachments: 1,
        lines,
        source: Source::Generated(reference),
        decision_ref: String::new(),
        reverses: None,
    }
}

/// The purchase, booked twice: the spending (507 detail, or the given spending account for stock)
/// against the bank, and the asset (162 or 141) against 资产基金 (30104 or 30101).
pub fn purchase(
    date: NaiveDate,
    name: &str,
    c: &Category,
    cost: Amount,
    pay_from: &str,
    spend_account: &str,
    activity: &str,
) -> NewVoucher {
    let (asset, fund, spend) =
        if c.is_stock() { ("141", "30101", spend_account) } else { ("162", "30104", c.account.as_str()) };
    let lines = vec![
        Line::debit(spend, cost, activity),
        Line::credit(pay_from, cost, ""),
        Line::debit(asset, cost, ""),
        Line::credit(fund, cost, ""),
    ];
    let what = if c.is_stock() { "购入库存物品" } else { "购置固定资产" };
    voucher(date, format!("{what}：{name}"), format!("asset/add/{}", Period::of(date)), lines)
}

/// A month's depreciation: Dr 30104 / Cr 163.
pub fn depreciation(p: Period, total: Amount) -> NewVoucher {
    let lines = vec![Line::debit("30104", total, ""), Line::credit("163", total, "")];
    voucher(p.last_day(), format!("计提{}固定资产折旧", p.label()), format!("asset/depreciate/{p}"), lines)
}

/// Disposal of a fixed asset (Dr 163 accumulated, Dr 30104 net value / Cr 162 cost; proceeds
/// Dr bank / Cr 408), or issue of stock (Dr 30101 / Cr 141).
pub fn disposal(a: &Asset, date: NaiveDate, proceeds: Amount, bank: &str) -> NewVoucher {
    let mut lines = Vec::new();
    let summary = if a.stock {
        lines.push(Line::debit("30101", a.cost, ""));
        lines.push(Line::credit("141", a.cost, ""));
        format!("发出库存物品：{}", a.name)
    } else {
        let acc = accumulated(a, Period::of(date).prev());
        let net = a.cost - acc;
        if !acc.is_zero() {
            lines.push(Line::debit("163", acc, ""));
        }
        if !net.is_zero() {
            lines.push(Line::debit("30104", net, ""));
        }
        lines.push(Line::credit("162", a.cost, ""));
        format!("处置固定资产：{}（原值 {}，已提折旧 {}）", a.name, a.cost.grouped(), acc.grouped())
    };
    if proceeds.fen() > 0 {
        lines.push(Line::debit(bank, proceeds, ""));
        lines.push(Line::credit("408", proceeds, ""));
    }
    voucher(date, summary, format!("asset/dispose/{}", a.id), lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depreciation_adds_up_to_the_cost() {
        let cost = Amount(600_000);
        assert_eq!(monthly(cost, 72, 1), Amount(8_333));
        let total: Amount = (1..=72).map(|k| monthly(cost, 72, k)).sum();
        assert_eq!(total, cost);
        assert_eq!(monthly(cost, 72, 73), Amount::ZERO);
        let a = Asset {
            id: 1,
            name: "笔记本电脑".into(),
            category: "计算机设备".into(),
            stock: false,
            cost,
            life_months: 72,
            acquired_on: NaiveDate::from_ymd_opt(2025, 3, 20).unwrap(),
            voucher_no: String::new(),
            disposed_on: None,
        };
        assert_eq!(month_of_service(&a, Period(202503)), Some(1), "depreciated from the month of acquisition");
        assert_eq!(month_of_service(&a, Period(202502)), None);
        // March to December: 10 months of 6,000.00 / 72 = 833.33 in all.
        assert_eq!(accumulated(&a, Period(202512)), Amount(83_333));
        let disposed = Asset { disposed_on: Some(NaiveDate::from_ymd_opt(2025, 6, 5).unwrap()), ..a };
        assert_eq!(month_of_service(&disposed, Period(202506)), None, "not in the month of disposal");
    }
}

/// A physical count of the fixed assets (固定资产盘点): when, who counted, how many in use, which
/// of them were not found, and a note. Kept as the event `asset_count` (subject the date,
/// detail `在用 N 项｜未找到 3,5｜note`), which only ever grows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Count {
    pub date: NaiveDate,
    pub by: String,
    pub in_use: usize,
    /// Register numbers not found, with their names.
    pub missing: Vec<(i64, String)>,
    pub note: String,
}

/// The event kind of a count.
pub const COUNT_EVENT: &str = "asset_count";

impl Count {
    /// The event's detail.
    pub fn detail(&self) -> String {
        let missing: Vec<String> = self.missing.iter().map(|(id, _)| id.to_string()).collect();
        format!("在用 {} 项｜未找到 {}｜{}", self.in_use, missing.join(","), self.note)
    }

    /// A count from its event (`names` gives the register's names); None for a detail not so
    /// written.
    pub fn from_event(subject: &str, by: &str, detail: &str, names: &[Asset]) -> Option<Count> {
        let date = NaiveDate::parse_from_str(subject, "%Y-%m-%d").ok()?;
        let mut parts = detail.splitn(3, '｜');
        let in_use = parts.next()?.strip_prefix("在用 ")?.strip_suffix(" 项")?.parse().ok()?;
        let missing = parts
            .next()?
            .strip_prefix("未找到 ")?
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let id: i64 = s.parse().ok()?;
                Some((id, names.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Count { date, by: by.to_string(), in_use, missing, note: parts.next().unwrap_or("").to_string() })
    }

    /// What a report says of it.
    pub fn text(&self) -> String {
        let found = if self.missing.is_empty() {
            format!("在用固定资产 {} 项全部在位", self.in_use)
        } else {
            let list: Vec<String> = self.missing.iter().map(|(id, n)| format!("{n}（编号 {id}）")).collect();
            format!("在用固定资产 {} 项，其中 {} 项未找到：{}", self.in_use, self.missing.len(), list.join("、"))
        };
        let note =
            if self.note.is_empty() { String::new() } else { format!("；{}", self.note.trim_end_matches('。')) };
        format!("{}盘点（{}）：{found}{note}。", crate::cn_date(self.date), self.by)
    }
}
