//! Classification rules (data, `rules/bank-classify.toml`): conditions on a line's counterparty,
//! summary, direction and amount; the result is the other side of the bank account, or one of the
//! allocation bookings. Pure.

use crate::error::{Error, Result};
use crate::money::Amount;
use serde::Deserialize;

/// Which way the money goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    In,
    Out,
}

/// What an allocation rule books.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Booking {
    /// The 2%, split into 402 and 211.
    Receive,
    /// Members' dues into 401.
    Dues,
    /// The upper union's share out of 211.
    Remit,
}

/// A rule as read and checked.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub counterparty: Vec<String>,
    pub summary: Vec<String>,
    pub direction: Option<Direction>,
    pub min: Option<Amount>,
    pub max: Option<Amount>,
    pub account: Option<String>,
    pub activity: Option<String>,
    pub text: Option<String>,
    pub allocation: Option<Booking>,
}

/// A rule as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: String,
    #[serde(default)]
    counterparty: Vec<String>,
    #[serde(default)]
    summary: Vec<String>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    min: Option<String>,
    #[serde(default)]
    max: Option<String>,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    activity: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    allocation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    rule: Vec<RawRule>,
}

pub const DEFAULT: &str = include_str!("../../rules/bank-classify.toml");

/// Read a rules file; every value is checked here, once (a typo is refused, never ignored).
pub fn parse(text: &str, source: &str) -> Result<Vec<Rule>> {
    let f: File = toml::from_str(text).map_err(|e| Error::input(format!("分类规则文件 {source} 有误：{e}")))?;
    let mut out = Vec::with_capacity(f.rule.len());
    for r in f.rule {
        // Where a key of this rule is written: the line after the rule's name that sets it.
        let line_of = |key: &str| -> String {
            let lines: Vec<&str> = text.lines().collect();
            let start =
                lines.iter().position(|l| l.trim_start().starts_with("name") && l.contains(&format!("\"{}\"", r.name)));
            let found = start.and_then(|s| {
                lines[s..]
                    .iter()
                    .take_while(|l| !l.trim_start().starts_with("[[rule]]"))
                    .position(|l| l.trim_start().starts_with(key))
                    .map(|i| s + i + 1)
            });
            found.map(|n| format!("第 {n} 行")).unwrap_or_default()
        };
        let at = format!("分类规则文件 {source} 的规则“{}”", r.name);
        if r.account.is_none() && r.allocation.is_none() {
            return Err(Error::input(format!("{at}既没有 account 也没有 allocation")));
        }
        let direction = match r.direction.as_deref() {
            None => None,
            Some("in" | "收入" | "收") => Some(Direction::In),
            Some("out" | "支出" | "付") => Some(Direction::Out),
            Some(d) => {
                return Err(Error::input(format!(
                    "{at}（{}）：direction 只能是 in（收入）或 out（支出），实为“{d}”",
                    line_of("direction")
                )))
            }
        };
        let allocation = match r.allocation.as_deref() {
            None => None,
            Some("receive") => Some(Booking::Receive),
            Some("dues") => Some(Booking::Dues),
            Some("remit") => Some(Booking::Remit),
            Some(a) => {
                return Err(Error::input(format!(
                    "{at}（{}）：allocation 只能是 receive、dues 或 remit，实为“{a}”",
                    line_of("allocation")
                )));
            }
        };
        let bound = |k: &str, v: &Option<String>| -> Result<Option<Amount>> {
            v.as_deref().map(|t| Amount::parse(t).map_err(|e| Error::input(format!("{at} 的 {k}：{e}")))).transpose()
        };
        out.push(Rule {
            min: bound("min", &r.min)?,
            max: bound("max", &r.max)?,
            name: r.name,
            counterparty: r.counterparty,
            summary: r.summary,
            direction,
            account: r.account,
            activity: r.activity,
            text: r.text,
            allocation,
        });
    }
    Ok(out)
}

impl Rule {
    /// Whether the rule applies to a line (amount: inflow positive).
    pub fn matches(&self, counterparty: &str, summary: &str, amount: Amount) -> bool {
        let any = |words: &[String], hay: &str| words.is_empty() || words.iter().any(|w| hay.contains(w.as_str()));
        let dir_ok = match self.direction {
            Some(Direction::In) => amount.fen() > 0,
            Some(Direction::Out) => amount.fen() < 0,
            None => true,
        };
        let size = amount.abs();
        dir_ok
            && any(&self.counterparty, counterparty)
            && any(&self.summary, summary)
            && self.min.is_none_or(|m| size >= m)
            && self.max.is_none_or(|m| size <= m)
    }
}

pub fn first_match<'a>(rules: &'a [Rule], counterparty: &str, summary: &str, amount: Amount) -> Option<&'a Rule> {
    rules.iter().find(|r| r.matches(counterparty, summary, amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rules_classify_the_usual_lines() {
        let rules = parse(DEFAULT, "default").unwrap();
        let m = |cp: &str, s: &str, a: i64| first_match(&rules, cp, s, Amount(a)).map(|r| r.name.clone());
        assert_eq!(m("某某中学", "3月会费", 540_000).as_deref(), Some("会费（单位代扣转入）"));
        assert_eq!(m("某某中学", "工会经费拨缴", 3_000_000).as_deref(), Some("工会经费拨缴（单位拨入或上级返还）"));
        assert_eq!(m("区总工会", "上解经费", -1_200_000).as_deref(), Some("上解上级工会经费"));
        assert_eq!(m("", "结息", 38_000).as_deref(), Some("银行存款利息"));
        assert_eq!(m("花店", "三八节鲜花", -120_000), None);
        assert!(parse("[[rule]]\nname = \"x\"\n", "bad").is_err());
        let typo = "[[rule]]\nname = \"x\"\naccount = \"408\"\ndirection = \"收入x\"\n";
        assert!(parse(typo, "bad").unwrap_err().message().contains("direction 只能是"));
        let unknown = "[[rule]]\nname = \"x\"\naccount = \"408\"\ndirektion = \"in\"\n";
        assert!(parse(unknown, "bad").unwrap_err().message().contains("direktion"));
    }
}
