//! 部门预算支出经济分类 (款级): the classification a spending line may carry, as data
//! (`chart/economic-classification.toml`, a list per year it applies from, with its source and how
//! sure it is), the default code of each spending account, and how a line's code is resolved for
//! reports. Pure.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize)]
pub struct Item {
    pub code: String,
    pub name: String,
}

/// One year's list.
#[derive(Clone, Debug, Deserialize)]
pub struct Classification {
    /// The first year it applies to.
    pub from: i32,
    pub name: String,
    pub source: String,
    /// V / S / U as in the domain notes.
    pub confidence: String,
    /// 类 (three digits).
    pub classes: Vec<Item>,
    /// 款 (five digits).
    pub items: Vec<Item>,
    /// Account-code prefix → the code its lines get when they carry none.
    #[serde(default)]
    pub defaults: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct File {
    lists: Vec<Classification>,
}

const DATA: &str = include_str!("../../chart/economic-classification.toml");

/// Operating spending of an account and activity under a lines' own code ("" for none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spent {
    pub account: String,
    pub activity: String,
    pub econ: String,
    pub amount: crate::money::Amount,
}

/// What a spending line without a code of its own (and without a default) is shown as.
pub const UNCLASSIFIED: &str = "未分类";

/// Every list, oldest first (read once).
pub fn lists() -> &'static [Classification] {
    static LISTS: std::sync::OnceLock<Vec<Classification>> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        let mut l = toml::from_str::<File>(DATA).expect("embedded classification").lists;
        l.sort_by_key(|c| c.from);
        l
    })
}

/// The list that applies to `year`: the latest one from that year or before (the oldest for a
/// year before every list).
pub fn for_year(year: i32) -> &'static Classification {
    let all = lists();
    &all[all.iter().rposition(|c| c.from <= year).unwrap_or(0)]
}

/// Whether an account takes a code: spending (5xx) only.
pub fn applies_to(account: &str) -> bool {
    account.starts_with('5')
}

impl Classification {
    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    /// Whether `code` is a 类 (a row adding up its items) rather than an item.
    pub fn is_class(&self, code: &str) -> bool {
        self.classes.iter().any(|c| c.code == code)
    }

    pub fn class(&self, code: &str) -> Option<&Item> {
        self.classes.iter().find(|c| code.starts_with(c.code.as_str()))
    }

    /// The default code of an account's lines: that of its longest prefix listed.
    pub fn default_for(&self, account: &str) -> Option<&str> {
        (1..=account.len()).rev().find_map(|n| self.defaults.get(&account[..n])).map(String::as_str)
    }

    /// The code a spending line counts under: its own, else its account's default, else "".
    pub fn resolve<'a>(&'a self, account: &str, own: &'a str) -> &'a str {
        if !own.is_empty() {
            own
        } else {
            self.default_for(account).unwrap_or("")
        }
    }

    /// Whether a line counting under `resolved` belongs to the row of `code`: a 类 takes its
    /// items, an item itself, "" (未分类) the lines without a code.
    pub fn under(resolved: &str, code: &str) -> bool {
        if code.is_empty() {
            resolved.is_empty()
        } else {
            resolved.starts_with(code)
        }
    }

    /// The rows of a table by classification for the codes `used`: each 类 with any of them
    /// (level 0), its items used (level 1), in the list's order; then 未分类 where "" is used, and
    /// any code not on the list as its own row.
    pub fn rows_for(&self, used: &std::collections::BTreeSet<String>) -> Vec<(String, String, u8)> {
        let mut out = Vec::new();
        for c in &self.classes {
            let items: Vec<&Item> =
                self.items.iter().filter(|i| i.code.starts_with(c.code.as_str()) && used.contains(&i.code)).collect();
            if items.is_empty() {
                continue;
            }
            out.push((c.code.clone(), c.name.clone(), 0));
            out.extend(items.into_iter().map(|i| (i.code.clone(), i.name.clone(), 1)));
        }
        for u in used.iter().filter(|u| !u.is_empty() && self.item(u).is_none()) {
            out.push((u.clone(), "（不在分类表中）".into(), 0));
        }
        if used.contains("") {
            out.push((String::new(), UNCLASSIFIED.to_string(), 0));
        }
        out
    }

    /// A code and its name as printed (`30229 福利费`), 未分类 for "".
    pub fn label(&self, code: &str) -> String {
        match self.item(code) {
            Some(i) => format!("{} {}", i.code, i.name),
            None if code.is_empty() => UNCLASSIFIED.to_string(),
            None => code.to_string(),
        }
    }

    /// Why a code cannot go on a line of `account`, if it cannot.
    pub fn check(&self, account: &str, code: &str) -> Result<(), String> {
        if code.is_empty() {
            return Ok(());
        }
        if !applies_to(account) {
            return Err(format!("经济分类“{code}”只能用于支出科目（5 开头），科目 {account} 不填经济分类"));
        }
        if self.item(code).is_none() {
            let hint = match self.class(code) {
                Some(c) => format!(
                    "；{} {} 下可用：{}",
                    c.code,
                    c.name,
                    self.items
                        .iter()
                        .filter(|i| i.code.starts_with(c.code.as_str()))
                        .map(|i| i.code.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
                None => "（gonghui accounts econ 列出全部款级科目）".to_string(),
            };
            return Err(format!("经济分类“{code}”不在{}中{hint}", self.name));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_whole_and_its_defaults_are_items() {
        let c = for_year(2025);
        assert!(c.items.len() >= 60 && c.classes.len() == 4);
        for (acct, code) in &c.defaults {
            assert!(c.item(code).is_some(), "{acct} → {code}");
            assert!(applies_to(acct), "{acct}");
        }
        for i in &c.items {
            assert_eq!(i.code.len(), 5, "{}", i.code);
            assert!(c.class(&i.code).is_some(), "{}", i.code);
        }
        assert_eq!(c.confidence, "U", "unverified until checked against a published year");
    }

    #[test]
    fn a_line_counts_under_its_own_code_then_its_accounts_default() {
        let c = for_year(2025);
        assert_eq!(c.resolve("50105", ""), "30229");
        assert_eq!(c.resolve("5010501", ""), "30229", "a detail the union added inherits");
        assert_eq!(c.resolve("50105", "30399"), "30399");
        assert_eq!(c.resolve("510", ""), "");
        assert_eq!(c.label(""), "未分类");
        assert!(c.check("50105", "30229").is_ok());
        assert!(c.check("102", "30229").unwrap_err().contains("只能用于支出科目"));
        let e = c.check("50105", "30230").unwrap_err();
        assert!(e.contains("30230") && e.contains("30229"), "{e}");
    }
}
