//! The budget and final-accounts package a grassroots union files with its upper union each year
//! (provincial-caps-and-filing.md §4): 收支预算表, 预算调整表 and 决算表, each by account and by
//! 基本支出 / 项目支出, from layouts that are data (`reports/budget/*.toml`, an upper union's own
//! layout being a new file). Pure: the figures come in, rows of values go out.

use super::{Budget, Plan};
use crate::error::{Error, Result};
use crate::ledger::activity::Activity;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::econ::{applies_to, Classification, Spent};
use crate::money::{percent, Amount};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Deserialize)]
pub struct RowDef {
    pub label: String,
    #[serde(default)]
    pub accounts: Vec<String>,
    /// "income" or "spending": every account row of that class above.
    #[serde(default)]
    pub total: Option<String>,
    /// Income less spending.
    #[serde(default)]
    pub difference: bool,
    #[serde(default)]
    pub indent: u8,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ColumnDef {
    pub label: String,
    pub value: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub title: String,
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub rows: Vec<RowDef>,
}

#[derive(Deserialize)]
struct Rows {
    rows: Vec<RowDef>,
}

/// The values a column may show.
pub const VALUES: [&str; 9] =
    ["prior_actual", "original", "up", "down", "adjusted", "versus_original", "actual", "rate", "note"];

const ROWS: &str = include_str!("../../reports/budget/rows.toml");
/// The built-in templates, in the order the package prints them: (file name, text).
pub const BUILT_IN: [(&str, &str); 3] = [
    ("budget.toml", include_str!("../../reports/budget/budget.toml")),
    ("adjustment.toml", include_str!("../../reports/budget/adjustment.toml")),
    ("final.toml", include_str!("../../reports/budget/final.toml")),
];

impl Template {
    /// A template's text, checked: known values only; the default rows where it lists none.
    pub fn parse(text: &str, source: &str) -> Result<Template> {
        let mut t: Template =
            toml::from_str(text).map_err(|e| Error::input(format!("预算报表模板 {source} 有误：{e}")))?;
        for c in &t.columns {
            if !VALUES.contains(&c.value.as_str()) && c.value != "reason" {
                return Err(Error::input(format!(
                    "预算报表模板 {source}：列“{}”的 value = \"{}\" 不认识；可用：{}、reason",
                    c.label,
                    c.value,
                    VALUES.join("、")
                )));
            }
        }
        if t.rows.is_empty() {
            t.rows = toml::from_str::<Rows>(ROWS).expect("embedded rows").rows;
        }
        Ok(t)
    }
}

/// What the tables are computed from.
pub struct Figures<'a> {
    pub chart: &'a ChartView,
    pub budget: &'a Budget,
    /// The year's operating turnover (closing entries aside), by account and activity.
    pub actual: &'a [BalanceRow],
    /// Last year's, the same way.
    pub prior: &'a [BalanceRow],
    pub activities: &'a [Activity],
    /// The year's 经济分类 list, and spending by the lines' own codes this year and last.
    pub econ: &'a Classification,
    pub spent: &'a [Spent],
    pub prior_spent: &'a [Spent],
}

/// A part of the budget: all of it, 基本支出 (lines without a project), or one project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    All,
    Basic,
    /// Every 项目支出 (lines of a project activity).
    Projects,
    Project(String),
}

/// One row's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figure {
    pub prior_actual: Amount,
    pub plan: Plan,
    pub up: Amount,
    pub down: Amount,
    pub actual: Amount,
    pub note: String,
    pub reason: String,
}

/// A cell of a row: an amount, a percentage, or text.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Amount(Amount),
    Percent(Option<rust_decimal::Decimal>),
    Text(String),
}

impl Figure {
    pub fn value(&self, v: &str) -> Value {
        match v {
            "prior_actual" => Value::Amount(self.prior_actual),
            "original" => Value::Amount(self.plan.original),
            "up" => Value::Amount(self.up),
            "down" => Value::Amount(self.down),
            "adjusted" => Value::Amount(self.plan.adjusted()),
            "versus_original" => Value::Percent(percent(self.plan.adjusted(), self.plan.original)),
            "actual" => Value::Amount(self.actual),
            "rate" => Value::Percent(percent(self.actual, self.plan.adjusted())),
            "reason" => Value::Text(self.reason.clone()),
            _ => Value::Text(self.note.clone()),
        }
    }

    fn add(&mut self, o: &Figure) {
        self.prior_actual += o.prior_actual;
        self.plan.original += o.plan.original;
        self.plan.adjustment += o.plan.adjustment;
        self.up += o.up;
        self.down += o.down;
        self.actual += o.actual;
    }

    /// Income less spending: the adjustments' net effect is an increase or a decrease.
    fn minus(&self, o: &Figure) -> Figure {
        let adjustment = self.plan.adjustment - o.plan.adjustment;
        Figure {
            prior_actual: self.prior_actual - o.prior_actual,
            plan: Plan { original: self.plan.original - o.plan.original, adjustment },
            up: adjustment.max(Amount::ZERO),
            down: (-adjustment).max(Amount::ZERO),
            actual: self.actual - o.actual,
            note: String::new(),
            reason: String::new(),
        }
    }
}

impl Figures<'_> {
    fn projects(&self) -> BTreeSet<&str> {
        self.activities.iter().filter(|a| a.project).map(|a| a.code.as_str()).collect()
    }

    fn in_part(&self, activity: &str, part: &Part) -> bool {
        match part {
            Part::All => true,
            Part::Basic => !self.projects().contains(activity),
            Part::Projects => self.projects().contains(activity),
            Part::Project(p) => p == activity,
        }
    }

    /// The figures of accounts starting with one of `prefixes`, in `part`.
    pub fn figure(&self, prefixes: &[String], part: &Part) -> Figure {
        let ours = |account: &str, activity: &str| {
            prefixes.iter().any(|p| account.starts_with(p.as_str())) && self.in_part(activity, part)
        };
        let class_of = |account: &str| self.chart.get(account).map(|a| a.class);
        let turnover = |rows: &[BalanceRow]| -> Amount {
            rows.iter()
                .filter(|r| ours(&r.account, &r.activity))
                .map(|r| match class_of(&r.account) {
                    Some(Class::Income) => r.credit - r.debit,
                    _ => r.debit - r.credit,
                })
                .sum()
        };
        self.planned(turnover(self.actual), turnover(self.prior), |l| ours(&l.account, &l.activity))
    }

    /// The spending figures of a 经济分类 row (a 类, an item, or "" for 未分类), in `part`.
    pub fn econ_figure(&self, code: &str, part: &Part) -> Figure {
        let list = self.econ;
        let ours = |account: &str, activity: &str, own: &str| {
            applies_to(account)
                && self.in_part(activity, part)
                && Classification::under(list.resolve(account, own), code)
        };
        let spent = |rows: &[Spent]| -> Amount {
            rows.iter().filter(|s| ours(&s.account, &s.activity, &s.econ)).map(|s| s.amount).sum()
        };
        self.planned(spent(self.spent), spent(self.prior_spent), |l| ours(&l.account, &l.activity, &l.econ))
    }

    /// The codes with a budget or spending this year or last, as rows (类, then items, 未分类).
    pub fn econ_rows(&self) -> Vec<(String, String, u8)> {
        let list = self.econ;
        let used = self
            .spent
            .iter()
            .chain(self.prior_spent)
            .filter(|s| !s.amount.is_zero())
            .map(|s| list.resolve(&s.account, &s.econ).to_string())
            .chain(self.budget.versions.iter().flat_map(|v| {
                v.lines.iter().filter(|l| applies_to(&l.account)).map(|l| list.resolve(&l.account, &l.econ).to_string())
            }))
            .collect();
        list.rows_for(&used)
    }

    /// A figure from its actual and prior actual and the budget lines `ours` keeps: the 年初预算,
    /// the adjustments up and down, their notes and reasons.
    fn planned(&self, actual: Amount, prior_actual: Amount, ours: impl Fn(&super::BudgetLine) -> bool) -> Figure {
        let mut f = Figure { actual, prior_actual, ..Figure::default() };
        let (mut notes, mut reasons) = (Vec::new(), Vec::new());
        for v in &self.budget.versions {
            for l in v.lines.iter().filter(|l| ours(l)) {
                if v.version == 0 {
                    f.plan.original += l.amount;
                    if !l.note.is_empty() && !notes.contains(&l.note) {
                        notes.push(l.note.clone());
                    }
                } else {
                    f.plan.adjustment += l.amount;
                    if l.amount.fen() >= 0 {
                        f.up += l.amount;
                    } else {
                        f.down -= l.amount;
                    }
                    let why = if l.note.is_empty() { v.reason.clone() } else { l.note.clone() };
                    if !why.is_empty() && !reasons.contains(&why) {
                        reasons.push(why);
                    }
                }
            }
        }
        f.note = notes.join("；");
        f.reason = reasons.join("；");
        f
    }

    /// Every row of a template for `part`, with its figures (a row of totals adds up its class's
    /// account rows above it; the difference is the income total less the spending total).
    pub fn rows(&self, t: &Template, part: &Part) -> Vec<(RowDef, Figure)> {
        let mut out: Vec<(RowDef, Figure)> = Vec::new();
        let mut totals: BTreeMap<String, Figure> = BTreeMap::new();
        // Totals come before their rows on the form: add them up first.
        for r in t.rows.iter().filter(|r| !r.accounts.is_empty()) {
            let class = self.chart.get(&r.accounts[0]).map(|a| a.class);
            let key = if class == Some(Class::Income) { "income" } else { "spending" };
            totals.entry(key.to_string()).or_default().add(&self.figure(&r.accounts, part));
        }
        for r in &t.rows {
            let f = if let Some(k) = &r.total {
                totals.get(k).cloned().unwrap_or_default()
            } else if r.difference {
                let (i, s) = (
                    totals.get("income").cloned().unwrap_or_default(),
                    totals.get("spending").cloned().unwrap_or_default(),
                );
                i.minus(&s)
            } else {
                self.figure(&r.accounts, part)
            };
            out.push((r.clone(), f));
        }
        out
    }
}

/// The committee's approval of a year's budget (`budget approve`), kept as a setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    /// 第×届×次工会委员会 (会议).
    pub meeting: String,
    /// The 经费审查委员会's review (会议 or 文号).
    pub audit_meeting: String,
    pub approved_on: String,
    pub by: String,
    /// The union's own words for the 说明书.
    pub text: String,
}

/// The package sent to the upper union (`budget submit`): when, by whom, with how many budget
/// versions; later changes are further adjustments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    pub on: String,
    pub by: String,
    pub versions: usize,
}

pub fn approval_setting(year: i32) -> String {
    format!("budget_approval:{year}")
}

/// The union's own words for the 说明书, as last entered (`budget explain`).
pub fn text_setting(year: i32) -> String {
    format!("budget_text:{year}")
}

pub fn submission_setting(year: i32) -> String {
    format!("budget_submitted:{year}")
}

const SEP: char = '\u{1f}';

impl Approval {
    pub fn encode(&self) -> String {
        [&self.meeting, &self.audit_meeting, &self.approved_on, &self.by, &self.text]
            .map(|s| s.as_str())
            .join(&SEP.to_string())
    }
    pub fn decode(s: &str) -> Option<Approval> {
        let v: Vec<&str> = s.split(SEP).collect();
        let [meeting, audit_meeting, approved_on, by, text] = v.try_into().ok()?;
        Some(Approval {
            meeting: meeting.into(),
            audit_meeting: audit_meeting.into(),
            approved_on: approved_on.into(),
            by: by.into(),
            text: text.into(),
        })
    }
}

impl Submission {
    pub fn encode(&self) -> String {
        format!("{}{SEP}{}{SEP}{}", self.on, self.by, self.versions)
    }
    pub fn decode(s: &str) -> Option<Submission> {
        let mut it = s.split(SEP);
        Some(Submission { on: it.next()?.into(), by: it.next()?.into(), versions: it.next()?.parse().ok()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, Version};
    use crate::ledger::chart::builtin_chart;

    fn row(account: &str, activity: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: activity.into(), debit: Amount(debit), credit: Amount(credit) }
    }

    fn line(account: &str, activity: &str, amount: i64, note: &str) -> BudgetLine {
        BudgetLine {
            account: account.into(),
            activity: activity.into(),
            amount: Amount(amount),
            note: note.into(),
            econ: String::new(),
        }
    }

    #[test]
    fn the_final_accounts_add_up_by_account_and_by_nature() {
        let chart = ChartView::new(builtin_chart());
        let budget = Budget {
            year: 2025,
            versions: vec![
                Version {
                    version: 0,
                    approved_on: String::new(),
                    doc_no: String::new(),
                    reason: String::new(),
                    lines: vec![
                        line("401", "", 60_000, "按工资 0.5%"),
                        line("50102", "A01", 30_000, ""),
                        line("50105", "P01", 20_000, ""),
                    ],
                },
                Version {
                    version: 1,
                    approved_on: "2025-07-01".into(),
                    doc_no: "纪要5号".into(),
                    reason: "运动会".into(),
                    lines: vec![line("50105", "P01", 5_000, ""), line("50102", "A01", -2_000, "")],
                },
            ],
        };
        let activities = vec![
            Activity { code: "A01".into(), name: "三八节".into(), account: None, project: false, earmarked: false },
            Activity { code: "P01".into(), name: "运动会".into(), account: None, project: true, earmarked: false },
        ];
        let actual = [row("401", "", 0, 61_000), row("50102", "A01", 27_000, 0), row("50105", "P01", 24_000, 0)];
        let prior = [row("401", "", 0, 58_000), row("50102", "", 40_000, 0)];
        let spent = [
            Spent { account: "50102".into(), activity: "A01".into(), econ: "30214".into(), amount: Amount(27_000) },
            Spent { account: "50105".into(), activity: "P01".into(), econ: String::new(), amount: Amount(24_000) },
        ];
        let f = Figures {
            chart: &chart,
            budget: &budget,
            actual: &actual,
            prior: &prior,
            activities: &activities,
            econ: crate::ledger::econ::for_year(2025),
            spent: &spent,
            prior_spent: &[],
        };
        let t = Template::parse(BUILT_IN[2].1, "final.toml").unwrap();
        let rows = f.rows(&t, &Part::All);
        let get = |label: &str| rows.iter().find(|(r, _)| r.label == label).unwrap().1.clone();
        let spending = get("二、支出合计");
        assert_eq!((spending.plan.adjusted(), spending.actual), (Amount(53_000), Amount(51_000)));
        assert_eq!((spending.up, spending.down), (Amount(5_000), Amount(2_000)));
        assert_eq!(get("一、收入合计").prior_actual, Amount(58_000));
        assert_eq!(get("三、收支差额").actual, Amount(10_000));
        // The adjustments lowered the difference by 3,000: a decrease, not a negative increase.
        assert_eq!((get("三、收支差额").up, get("三、收支差额").down), (Amount::ZERO, Amount(3_000)));
        assert_eq!(get("（一）会费收入").note, "按工资 0.5%");
        assert_eq!(get("（一）职工活动支出").reason, "运动会");
        let basic = f.rows(&t, &Part::Basic);
        let project = f.rows(&t, &Part::Project("P01".into()));
        let total = |rows: &[(RowDef, Figure)]| rows.iter().find(|(r, _)| r.label == "二、支出合计").unwrap().1.actual;
        assert_eq!((total(&basic), total(&project)), (Amount(27_000), Amount(24_000)));
        assert_eq!(total(&f.rows(&t, &Part::Projects)), Amount(24_000), "every project together");
        assert_eq!(get("（一）职工活动支出").value("rate"), Value::Percent(percent(Amount(51_000), Amount(53_000))));
        // By 经济分类: the budget of 50102 (no code) under its default 30299, its spending under
        // the line's own 30214; 50105 under 30229 both ways; the 类 adds up to the spending.
        let codes: Vec<String> = f.econ_rows().into_iter().map(|(c, _, _)| c).collect();
        assert_eq!(codes, ["302", "30214", "30229", "30299"]);
        let e = |code: &str| f.econ_figure(code, &Part::All);
        assert_eq!((e("30299").plan.adjusted(), e("30299").actual), (Amount(28_000), Amount::ZERO));
        assert_eq!((e("30214").plan.adjusted(), e("30214").actual), (Amount::ZERO, Amount(27_000)));
        assert_eq!((e("30229").plan.adjusted(), e("30229").actual), (Amount(25_000), Amount(24_000)));
        assert_eq!((e("302").plan.adjusted(), e("302").actual), (spending.plan.adjusted(), spending.actual));
        assert_eq!(f.econ_figure("30229", &Part::Basic).actual, Amount::ZERO, "P01 is a project");
    }

    #[test]
    fn a_template_with_an_unknown_value_is_refused_with_its_name() {
        let e = Template::parse("title = \"x\"\ncolumns = [{ label = \"甲\", value = \"plan\" }]\n", "我的.toml")
            .unwrap_err();
        assert!(e.to_string().contains("我的.toml") && e.to_string().contains("“甲”"), "{e}");
    }
}
