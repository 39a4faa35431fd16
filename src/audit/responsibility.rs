//! The kinds of responsibility a departing chair's report proposes for each problem, as data
//! (rules/responsibility.toml, or the union's own scheme kept in the settings): which kinds
//! exist, what each means, which audit rules' problems it is proposed for, and the document the
//! scheme follows with how sure that source is.

use super::checks::RULES;
use super::pack::Confidence;
use crate::error::{Error, Result};
use serde::Deserialize;

/// The setting that keeps a union's own scheme (`toml:` and its text).
pub const SETTING: &str = "responsibility";

const BUILTIN: &str = include_str!("../../rules/responsibility.toml");

#[derive(Clone, Debug)]
pub struct Kind {
    pub name: String,
    pub meaning: String,
    pub rules: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Scheme {
    pub doc: String,
    pub confidence: Confidence,
    pub default: String,
    pub kinds: Vec<Kind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    name: String,
    meaning: String,
    #[serde(default)]
    rules: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    doc: String,
    confidence: String,
    default: String,
    kind: Vec<RawKind>,
}

impl Scheme {
    pub fn builtin() -> Scheme {
        Scheme::parse(BUILTIN, "rules/responsibility.toml").expect("the embedded responsibility scheme")
    }

    /// The union's scheme as kept in the settings (`toml:` and its text), else the built-in one.
    pub fn from_setting(kept: Option<&str>) -> Result<Scheme> {
        match kept.and_then(|k| k.strip_prefix("toml:")) {
            Some(text) => Scheme::parse(text, "本会的责任界定方案"),
            None => Ok(Scheme::builtin()),
        }
    }

    /// A scheme file; every kind named once, the default among them, every rule a known one.
    pub fn parse(text: &str, source: &str) -> Result<Scheme> {
        let raw: Raw = toml::from_str(text).map_err(|e| Error::input(format!("责任界定方案 {source} 有误：{e}")))?;
        let confidence = Confidence::parse(&raw.confidence).ok_or_else(|| {
            Error::input(format!("责任界定方案 {source}：confidence 应为 V、S 或 U（实为“{}”）", raw.confidence))
        })?;
        let mut kinds: Vec<Kind> = Vec::new();
        for k in raw.kind {
            if k.name.trim().is_empty() || kinds.iter().any(|x| x.name == k.name) {
                return Err(Error::input(format!("责任界定方案 {source}：责任类型“{}”为空或重复", k.name)));
            }
            if let Some(r) = k.rules.iter().find(|r| !RULES.iter().any(|(id, _, _)| id == r)) {
                return Err(Error::input(format!(
                    "责任界定方案 {source}：“{}”下的检查项“{r}”不存在；可用：{}",
                    k.name,
                    RULES.iter().map(|(id, _, _)| *id).collect::<Vec<_>>().join("、")
                )));
            }
            if let Some(r) = k.rules.iter().find(|r| kinds.iter().any(|x| x.rules.contains(r))) {
                return Err(Error::input(format!("责任界定方案 {source}：检查项“{r}”列在两种责任下")));
            }
            kinds.push(Kind { name: k.name, meaning: k.meaning, rules: k.rules });
        }
        if !kinds.iter().any(|k| k.name == raw.default) {
            return Err(Error::input(format!(
                "责任界定方案 {source}：default“{}”不是所列的责任类型（{}）",
                raw.default,
                kinds.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join("、")
            )));
        }
        Ok(Scheme { doc: raw.doc, confidence, default: raw.default, kinds })
    }

    /// The kind proposed for a problem found by `rule`.
    pub fn kind_of(&self, rule: &str) -> &str {
        self.kinds.iter().find(|k| k.rules.iter().any(|r| r == rule)).map_or(self.default.as_str(), |k| &k.name)
    }

    /// The note under the problems table: the kinds with their meaning and the scheme's
    /// document (without the mark of how sure it is: the report is not the committee's list).
    pub fn note(&self) -> String {
        let kinds: Vec<String> = self.kinds.iter().map(|k| format!("{}指{}", k.name, k.meaning)).collect();
        format!(
            "责任界定依据{}：{}。所列为依据问题性质的初步意见，由审计组根据事实（谁决定、批准或组织实施）最终认定。",
            self.doc,
            kinds.join("；")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_scheme_has_the_two_kinds_of_2019_and_a_bad_scheme_is_named() {
        let s = Scheme::builtin();
        assert_eq!(s.kinds.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["直接责任", "领导责任"]);
        assert_eq!(s.kind_of("collective_decision"), "直接责任");
        assert_eq!(s.kind_of("benefit_form"), "领导责任");
        assert!(!s.note().contains("主管责任") && s.note().contains("2019"), "{}", s.note());
        let bad = BUILTIN.replace("\"split_payment\"", "\"splitting\"");
        let e = Scheme::parse(&bad, "x.toml").unwrap_err();
        assert!(e.message().contains("x.toml") && e.message().contains("splitting"), "{}", e.message());
        let bad = BUILTIN.replace("default = \"领导责任\"", "default = \"主管责任\"");
        assert!(Scheme::parse(&bad, "x.toml").unwrap_err().message().contains("主管责任"));
    }
}
