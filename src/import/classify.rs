//! Classification rules (data, `rules/bank-classify.toml`): conditions on a line's counterparty,
//! summary, direction and amount; the result is the other side of the bank account, or one of the
//! allocation bookings. Pure.

use crate::error::{Error, Result};
use crate::money::Amount;
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize)]
pub struct Rule {
    pub name: String,
    #[serde(default)]
    pub counterparty: Vec<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub direction: Option<String>,
    #[serde(default)]
    pub min: Option<String>,
    #[serde(default)]
    pub max: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub activity: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub allocation: Option<String>,
}

#[derive(Deserialize)]
struct File {
    rule: Vec<Rule>,
}

pub const DEFAULT: &str = include_str!("../../rules/bank-classify.toml");

pub fn parse(text: &str, source: &str) -> Result<Vec<Rule>> {
    let f: File = toml::from_str(text).map_err(|e| Error::input(format!("分类规则文件 {source} 有误：{e}")))?;
    for r in &f.rule {
        if r.account.is_none() && r.allocation.is_none() {
            return Err(Error::input(format!("分类规则“{}”既没有 account 也没有 allocation", r.name)));
        }
        if let Some(a) = &r.allocation {
            if !["receive", "dues", "remit"].contains(&a.as_str()) {
                return Err(Error::input(format!("分类规则“{}”：allocation 只能是 receive、dues 或 remit", r.name)));
            }
        }
        for (k, v) in [("min", &r.min), ("max", &r.max)] {
            if let Some(t) = v {
                Amount::parse(t).map_err(|e| Error::input(format!("分类规则“{}”的 {k}：{e}", r.name)))?;
            }
        }
    }
    Ok(f.rule)
}

impl Rule {
    /// Whether the rule applies to a line (amount: inflow positive).
    pub fn matches(&self, counterparty: &str, summary: &str, amount: Amount) -> bool {
        let any = |words: &[String], hay: &str| words.is_empty() || words.iter().any(|w| hay.contains(w.as_str()));
        let dir_ok = match self.direction.as_deref() {
            Some("in") => amount.fen() > 0,
            Some("out") => amount.fen() < 0,
            _ => true,
        };
        let bound = |t: &Option<String>| t.as_deref().and_then(|t| Amount::parse(t).ok());
        let size = amount.abs();
        dir_ok
            && any(&self.counterparty, counterparty)
            && any(&self.summary, summary)
            && bound(&self.min).is_none_or(|m| size >= m)
            && bound(&self.max).is_none_or(|m| size <= m)
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
    }
}
