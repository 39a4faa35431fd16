//! The chart of accounts: classes, normal sides, the parent/child tree and what may take postings.
//! The chart itself is data (`chart/union-2021.toml`), embedded and loaded here.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Class {
    #[serde(rename = "资产")]
    Asset,
    #[serde(rename = "负债")]
    Liability,
    #[serde(rename = "净资产")]
    NetAssets,
    #[serde(rename = "收入")]
    Income,
    #[serde(rename = "支出")]
    Expenditure,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Asset => "资产",
            Class::Liability => "负债",
            Class::NetAssets => "净资产",
            Class::Income => "收入",
            Class::Expenditure => "支出",
        }
    }
    pub fn parse(s: &str) -> Option<Class> {
        Some(match s {
            "资产" => Class::Asset,
            "负债" => Class::Liability,
            "净资产" => Class::NetAssets,
            "收入" => Class::Income,
            "支出" => Class::Expenditure,
            _ => return None,
        })
    }
    /// Root name used by beancount.
    pub fn beancount_root(self) -> &'static str {
        match self {
            Class::Asset => "Assets",
            Class::Liability => "Liabilities",
            Class::NetAssets => "Equity",
            Class::Income => "Income",
            Class::Expenditure => "Expenses",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    #[serde(rename = "借")]
    Debit,
    #[serde(rename = "贷")]
    Credit,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Debit => "借",
            Side::Credit => "贷",
        }
    }
    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "借" => Some(Side::Debit),
            "贷" => Some(Side::Credit),
            _ => None,
        }
    }
}

/// One account of an organisation's chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    pub code: String,
    pub name: String,
    pub class: Class,
    pub side: Side,
    pub parent: Option<String>,
    pub builtin: bool,
    pub enabled: bool,
}

#[derive(Deserialize)]
struct ChartFile {
    accounts: Vec<ChartEntry>,
}

#[derive(Deserialize)]
struct ChartEntry {
    code: String,
    name: String,
    class: Option<Class>,
    side: Option<Side>,
    #[serde(default)]
    base: bool,
}

pub const UNION_2021: &str = include_str!("../../chart/union-2021.toml");

/// The parent code of a detail code: 5 digits → its 3-digit first-level account, longer codes
/// → the code two digits shorter. First-level codes have 3 digits.
pub fn parent_code(code: &str) -> Option<&str> {
    if code.len() <= 3 {
        None
    } else {
        Some(&code[..code.len() - 2])
    }
}

/// The built-in chart, with `enabled` set for the grassroots-union (基层工会) set.
pub fn builtin_chart() -> Vec<Account> {
    let file: ChartFile = toml::from_str(UNION_2021).expect("embedded chart is valid TOML");
    let mut by_code: BTreeMap<String, (Class, Side)> = BTreeMap::new();
    let mut out = Vec::with_capacity(file.accounts.len());
    for e in file.accounts {
        let parent = parent_code(&e.code).map(str::to_string);
        let (class, side) = match (&parent, e.class, e.side) {
            (_, Some(c), Some(s)) => (c, s),
            (Some(p), c, s) => {
                let (pc, ps) = by_code[p];
                (c.unwrap_or(pc), s.unwrap_or(ps))
            }
            (None, _, _) => panic!("first-level account {} needs class and side", e.code),
        };
        by_code.insert(e.code.clone(), (class, side));
        out.push(Account { code: e.code, name: e.name, class, side, parent, builtin: true, enabled: e.base });
    }
    out
}

/// Check a code for a new detail account under `parent`: the parent's code followed by two digits.
pub fn check_new_detail_code(code: &str, parent: &Account) -> Result<()> {
    if !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::input(format!("科目编码“{code}”只能由数字组成")));
    }
    if code.len() != parent.code.len() + 2 || !code.starts_with(&parent.code) {
        return Err(Error::input(format!(
            "科目编码“{code}”不符合规则：明细科目编码为上级科目编码加两位数字，例如 {}01",
            parent.code
        )));
    }
    Ok(())
}

/// A read-only view of an organisation's chart, used to validate postings.
#[derive(Clone, Debug, Default)]
pub struct ChartView {
    pub accounts: BTreeMap<String, Account>,
    /// Codes that have an enabled child (so take no postings).
    parents: std::collections::HashSet<String>,
}

impl ChartView {
    pub fn new(accounts: Vec<Account>) -> ChartView {
        let parents = accounts.iter().filter(|a| a.enabled).filter_map(|a| a.parent.clone()).collect();
        ChartView { accounts: accounts.into_iter().map(|a| (a.code.clone(), a)).collect(), parents }
    }
    pub fn get(&self, code: &str) -> Option<&Account> {
        self.accounts.get(code)
    }
    /// An enabled account with no enabled child: the only kind that takes postings.
    pub fn is_leaf(&self, code: &str) -> bool {
        !self.parents.contains(code)
    }
    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Account> + 'a {
        self.accounts.values().filter(move |a| a.parent.as_deref() == Some(code))
    }
    /// The enabled leaf codes under (and including) `code`.
    pub fn leaf_suggestions(&self, code: &str) -> Vec<String> {
        self.accounts
            .values()
            .filter(|a| a.enabled && a.code.starts_with(code) && a.code != code && self.is_leaf(&a.code))
            .map(|a| format!("{} {}", a.code, a.name))
            .take(8)
            .collect()
    }
    /// The accounts that take postings found by what was typed (a code's beginning, a part of the
    /// name, pinyin initials), at most `n`, in code order.
    pub fn find(&self, typed: &str, n: usize) -> Vec<&Account> {
        self.accounts
            .values()
            .filter(|a| a.enabled && self.is_leaf(&a.code) && crate::pinyin::finds(&a.code, &a.name, typed))
            .take(n)
            .collect()
    }
    /// First-level ancestor code (3 digits).
    pub fn top(code: &str) -> &str {
        &code[..code.len().min(3)]
    }
    /// All ancestors of a code, nearest first.
    pub fn ancestors(code: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut c = code;
        while let Some(p) = parent_code(c) {
            out.push(p);
            c = p;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_chart_has_the_base_set() {
        let chart = builtin_chart();
        let top_base: Vec<_> =
            chart.iter().filter(|a| a.parent.is_none() && a.enabled).map(|a| a.code.as_str()).collect();
        assert_eq!(top_base.len(), 24, "基层工会主要会计科目 are 24: {top_base:?}");
        let top_all = chart.iter().filter(|a| a.parent.is_none()).count();
        // 45 county-level accounts (§1.3) plus 401, 405 and 501, which the base chart (§1.2) adds.
        assert_eq!(top_all, 48);
        let a163 = chart.iter().find(|a| a.code == "163").unwrap();
        assert_eq!((a163.class, a163.side), (Class::Asset, Side::Credit));
        let a50105 = chart.iter().find(|a| a.code == "50105").unwrap();
        assert_eq!(
            (a50105.class, a50105.side, a50105.parent.as_deref()),
            (Class::Expenditure, Side::Debit, Some("501"))
        );
        assert!(chart.iter().all(|a| a.code.len() == 3 || a.code.len() == 5), "no 4-digit enterprise codes");
    }

    #[test]
    fn leaf_and_parent_rules() {
        let view = ChartView::new(builtin_chart());
        assert!(!view.is_leaf("501"));
        assert!(view.is_leaf("50105"));
        assert!(view.is_leaf("102"));
        assert_eq!(parent_code("5010501"), Some("50105"));
        let parent = view.get("50105").unwrap();
        assert!(check_new_detail_code("5010501", parent).is_ok());
        assert!(check_new_detail_code("501051", parent).is_err());
        assert!(check_new_detail_code("5020501", parent).is_err());
    }
}
