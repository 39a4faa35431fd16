//! A form a union fills in as TOML with Chinese keys (the committee's opinion, the departure
//! audit's record, the organisation profile): reading it with messages that name the file, the
//! line and what to write, written once for every such form.

use crate::error::{Error, Result};
use crate::money::Amount;
use chrono::NaiveDate;

pub struct Form<'a> {
    text: &'a str,
    source: &'a str,
    pub table: toml::Table,
}

impl<'a> Form<'a> {
    /// Parse `text`; `template` is the command that prints the form's template.
    pub fn parse(text: &'a str, source: &'a str, template: &str) -> Result<Form<'a>> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1)).unwrap_or(1);
            Error::input(format!(
                "{source} 第 {line} 行：不是有效的 TOML（{}）；可用 {template} 取得模板",
                e.message().trim()
            ))
        })?;
        Ok(Form { text, source, table })
    }

    /// "file 第 N 行", where `key` is first written.
    pub fn at(&self, key: &str) -> String {
        let quoted = format!("\"{key}\"");
        let line = self
            .text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.starts_with(&quoted) || l.starts_with(key) || l.starts_with(&format!("[{quoted}]"))
            })
            .map(|i| i + 1)
            .unwrap_or(1);
        format!("{} 第 {line} 行", self.source)
    }

    pub fn source(&self) -> &str {
        self.source
    }

    /// Refuse a key of `t` not among `known` (`what` says where: "" or "审查过程中").
    pub fn only(&self, t: &toml::Table, known: &[&str], what: &str) -> Result<()> {
        match t.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => {
                Err(Error::input(format!("{}：{what}不认识的项“{k}”；可写的项：{}", self.at(k), known.join("、"))))
            }
            None => Ok(()),
        }
    }

    /// A text; a required one must be there and not empty.
    pub fn text(&self, t: &toml::Table, key: &str, required: bool) -> Result<String> {
        match t.get(key) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() || !required => Ok(s.trim().to_string()),
            Some(toml::Value::String(_)) | None if required => {
                Err(Error::input(format!("{}：缺少“{key}”，或“{key}”为空；请按模板填写", self.source)))
            }
            None => Ok(String::new()),
            Some(_) => Err(Error::input(format!("{}：“{key}”应为文字，用引号括起", self.at(key)))),
        }
    }

    /// A text that must not still be the template's ellipsis.
    pub fn written(&self, t: &toml::Table, key: &str, required: bool) -> Result<String> {
        let s = self.text(t, key, required)?;
        if s.contains('…') {
            return Err(Error::input(format!("{}：“{key}”还是模板里的省略号，请写上或删去", self.at(key))));
        }
        Ok(s)
    }

    /// A list of texts (empty items dropped); missing is empty.
    pub fn list(&self, t: &toml::Table, key: &str) -> Result<Vec<String>> {
        match t.get(key) {
            None => Ok(Vec::new()),
            Some(toml::Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        toml::Value::String(_) => {}
                        _ => {
                            return Err(Error::input(format!("{}：“{key}”的每一项应为文字，用引号括起", self.at(key))))
                        }
                    }
                }
                Ok(out)
            }
            Some(_) => Err(Error::input(format!("{}：“{key}”应为列表，如 [\"第一项\", \"第二项\"]", self.at(key)))),
        }
    }

    /// A date written as 2026-01-05 (or "2026-01-05").
    pub fn date(&self, t: &toml::Table, key: &str, within: &str) -> Result<NaiveDate> {
        let bad = || Error::input(format!("{}：“{key}”应为日期，如 2026-01-05（不加引号）", self.at(key)));
        match t.get(key) {
            Some(toml::Value::Datetime(d)) => {
                let d = d.date.ok_or_else(bad)?;
                NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32).ok_or_else(bad)
            }
            Some(toml::Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad()),
            Some(_) => Err(bad()),
            None => Err(Error::input(format!("{}：{within}缺少“{key}”", self.at(within)))),
        }
    }

    /// An amount written "1,234.50" (or a number).
    pub fn amount(&self, t: &toml::Table, key: &str) -> Result<Option<Amount>> {
        let text = match t.get(key) {
            None => return Ok(None),
            Some(toml::Value::String(s)) => s.trim().to_string(),
            Some(toml::Value::Integer(i)) => i.to_string(),
            Some(toml::Value::Float(f)) => f.to_string(),
            Some(_) => return Err(Error::input(format!("{}：“{key}”应为金额，如 \"1,234.50\"", self.at(key)))),
        };
        Amount::parse(&text).map(Some).map_err(|e| Error::input(format!("{}：“{key}”写法不对：{e}", self.at(key))))
    }

    /// A section `["key"]` of the form.
    pub fn section(&self, key: &str, what: &str) -> Result<&toml::Table> {
        match self.table.get(key) {
            None => Err(Error::input(format!("{}：缺少 [\"{key}\"]（{what}）", self.source))),
            Some(toml::Value::Table(t)) => Ok(t),
            Some(_) => Err(Error::input(format!("{}：“{key}”应为一节：[\"{key}\"]，其下写{what}", self.at(key)))),
        }
    }
}
