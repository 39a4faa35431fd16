//! Bank layouts (data, `layouts/*.toml`): which header cells hold which field, the amount model,
//! direction words, footer markers. Header detection for `--layout auto`.

use crate::error::{Error, Result};
use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub name: String,
    #[serde(default)]
    pub bank: String,
    #[serde(default)]
    pub kind: String,
    pub date: Vec<String>,
    #[serde(default)]
    pub time: Vec<String>,
    /// Header cells that must also be present for this layout to match (tells layouts apart).
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub amount: Vec<String>,
    #[serde(default)]
    pub amount_in: Vec<String>,
    #[serde(default)]
    pub amount_out: Vec<String>,
    #[serde(default)]
    pub direction: Vec<String>,
    #[serde(default)]
    pub inflow: Vec<String>,
    #[serde(default)]
    pub outflow: Vec<String>,
    /// Direction values of rows that are not money movements (支付宝 不计收支).
    #[serde(default)]
    pub skip_direction: Vec<String>,
    /// A signed amount whose sign is the other way round (credit-card bills: spending positive).
    #[serde(default)]
    pub negate: bool,
    #[serde(default)]
    pub balance: Vec<String>,
    #[serde(default)]
    pub counterparty: Vec<String>,
    #[serde(default)]
    pub counter_account: Vec<String>,
    #[serde(default)]
    pub summary: Vec<String>,
    #[serde(default)]
    pub serial: Vec<String>,
    #[serde(default)]
    pub currency: Vec<String>,
    /// The column with the state of a trade (支付宝 交易状态), and the states of trades that never
    /// happened (交易关闭): such rows are skipped with that reason.
    #[serde(default)]
    pub status: Vec<String>,
    #[serde(default)]
    pub skip_status: Vec<String>,
    /// First-cell markers of footer, total and subtotal rows.
    #[serde(default)]
    pub footer: Vec<String>,
    /// A credit-card statement: imported into a liability account, not 银行存款.
    #[serde(default)]
    pub credit: bool,
}

macro_rules! builtin {
    ($($f:literal),* $(,)?) => { &[$(($f, include_str!(concat!("../../layouts/", $f, ".toml")))),*] };
}

pub const BUILTIN: &[(&str, &str)] = builtin!(
    "icbc-debit",
    "icbc-credit",
    "icbc-corporate",
    "ccb-debit",
    "ccb-corporate",
    "abc-debit",
    "boc-debit",
    "boc-credit",
    "boc-corporate",
    "cmb-debit",
    "cmb-credit",
    "cmb-corporate",
    "bocom-debit",
    "bocom-credit",
    "bocom-corporate",
    "spdb-debit",
    "citic-credit",
    "cgb-credit",
    "cmbc-corporate",
    "alipay",
    "generic-corporate",
);

pub fn parse(text: &str, source: &str) -> Result<Layout> {
    let l: Layout = toml::from_str(text).map_err(|e| Error::input(format!("版式文件 {source} 有误：{e}")))?;
    if l.date.is_empty() {
        return Err(Error::input(format!("版式文件 {source}：缺少 date（日期列的表头名）")));
    }
    let models = [!l.amount.is_empty(), !l.amount_in.is_empty() || !l.amount_out.is_empty()];
    if !models.iter().any(|m| *m) {
        return Err(Error::input(format!(
            "版式文件 {source}：需要 amount（带符号金额）或 amount_in / amount_out（收入/支出两列）"
        )));
    }
    Ok(l)
}

pub fn builtin() -> Vec<Layout> {
    BUILTIN.iter().map(|(n, t)| parse(t, n).expect("built-in layouts are valid")).collect()
}

/// A header cell as compared: spaces, TABs and a bilingual ` [ English ]` part removed.
pub fn header_key(cell: &str) -> String {
    let base = cell.split(['[', '［']).next().unwrap_or(cell);
    base.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{feff}').collect()
}

/// Column positions of a layout's fields in a header row.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub date: usize,
    /// Another date column, used where the first is empty (CMB credit: 交易日 blank, 记账日 set).
    pub date_alt: Option<usize>,
    pub time: Option<usize>,
    pub amount: Option<usize>,
    pub amount_in: Option<usize>,
    pub amount_out: Option<usize>,
    pub direction: Option<usize>,
    pub balance: Option<usize>,
    pub counterparty: Vec<usize>,
    pub counter_account: Vec<usize>,
    pub summary: Vec<usize>,
    pub serial: Option<usize>,
    pub currency: Option<usize>,
    pub status: Option<usize>,
    /// How many of the layout's names were found (to prefer the closest layout).
    pub matched: usize,
}

fn find(keys: &[String], names: &[String]) -> Option<usize> {
    names.iter().find_map(|n| {
        let k = header_key(n);
        keys.iter().position(|h| *h == k)
    })
}

fn find_all(keys: &[String], names: &[String]) -> Vec<usize> {
    names.iter().filter_map(|n| keys.iter().position(|h| *h == header_key(n))).collect()
}

impl Layout {
    /// The bank and kind of export, as people say it (工商银行 企业网银 历史明细).
    pub fn label(&self) -> String {
        format!("{} {}", self.bank, self.kind).trim().to_string()
    }

    /// Whether this is a credit-card statement (money owed, not money held).
    pub fn is_credit(&self) -> bool {
        self.credit
    }

    /// How well a header (its cells as keys) fits this layout: the number of the layout's columns
    /// found, and the ones missing (each by its first name).
    pub fn fit(&self, keys: &[String]) -> (usize, Vec<String>) {
        let has = |names: &[String]| names.iter().any(|n| keys.contains(&header_key(n)));
        let mut groups: Vec<&[String]> = vec![&self.date];
        if self.amount.is_empty() {
            groups.push(&self.amount_in);
            groups.push(&self.amount_out);
        } else {
            groups.push(&self.amount);
        }
        for g in [&self.direction, &self.balance, &self.summary, &self.time] {
            if !g.is_empty() {
                groups.push(g);
            }
        }
        let mut found = 0;
        let mut missing = Vec::new();
        for g in groups {
            if has(g) {
                found += 1;
            } else {
                missing.push(g[0].clone());
            }
        }
        for r in &self.require {
            if keys.contains(&header_key(r)) {
                found += 1;
            } else {
                missing.push(r.clone());
            }
        }
        (found, missing)
    }

    /// The columns of this layout in `header`, if it is this layout's header row.
    pub fn columns(&self, header: &[String]) -> Option<Columns> {
        let keys: Vec<String> = header.iter().map(|c| header_key(c)).collect();
        let date = find(&keys, &self.date)?;
        if !self.require.iter().all(|r| keys.contains(&header_key(r))) {
            return None;
        }
        let date_alt =
            self.date.iter().filter_map(|n| keys.iter().position(|h| *h == header_key(n))).find(|&i| i != date);
        let c = Columns {
            date,
            date_alt,
            time: find(&keys, &self.time),
            amount: find(&keys, &self.amount),
            amount_in: find(&keys, &self.amount_in),
            amount_out: find(&keys, &self.amount_out),
            direction: find(&keys, &self.direction),
            balance: find(&keys, &self.balance),
            counterparty: find_all(&keys, &self.counterparty),
            counter_account: find_all(&keys, &self.counter_account),
            summary: find_all(&keys, &self.summary),
            serial: find(&keys, &self.serial),
            currency: find(&keys, &self.currency),
            status: find(&keys, &self.status),
            matched: 0,
        };
        let split = c.amount_in.is_some() && c.amount_out.is_some();
        let signed = c.amount.is_some() && (self.direction.is_empty() || c.direction.is_some());
        if !split && !signed {
            return None;
        }
        let matched = 1
            + [c.time, c.amount, c.amount_in, c.amount_out, c.direction, c.balance, c.serial, c.currency]
                .iter()
                .filter(|x| x.is_some())
                .count()
            + c.counterparty.len()
            + c.counter_account.len()
            + c.summary.len()
            + self.require.len();
        Some(Columns { matched, ..c })
    }
}
