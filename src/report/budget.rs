//! 预算执行情况表: by account (income and spending) or by activity; 年初预算 / 调整数 / 调整后预算 /
//! 实际 / 差异 / 执行率, year to date; 无预算 and 超预算 flagged; the adjustments with their
//! approval; the 量入为出 check; a chart of budget against actual and the spending composition.

use super::{Cell, Chart, ChartKind, Column, Report, Request, Row, RowStyle, Section, Series, Table};
use crate::books::Books;
use crate::budget::{by_account, by_activity, Budget, Execution};
use crate::error::{Error, Result};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::econ::Spent;
use crate::ledger::period::Period;
use crate::money::{percent, Amount};
use std::collections::BTreeMap;

/// The two ways of reading budget execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Account,
    Activity,
    /// 部门预算支出经济分类 (款级), and account by account.
    Econ,
}

pub struct Input {
    pub org: String,
    pub to: Period,
    pub by: By,
    pub chart: ChartView,
    pub budget: Budget,
    /// Operating turnover from January to `to`, by account and activity.
    pub turnover: Vec<BalanceRow>,
    pub activity_names: BTreeMap<String, String>,
    /// 年初结转结余.
    pub opening: Amount,
    /// Spending by the lines' own 经济分类 code (read for the view by classification only).
    pub spent: Vec<Spent>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let by = match req.by.as_deref().unwrap_or("account") {
        "account" => By::Account,
        "activity" => By::Activity,
        "econ" => By::Econ,
        other => {
            return Err(Error::input(format!(
                "--by 只能是 account（按科目）、activity（按活动）或 econ（按经济分类）（实为“{other}”）"
            )))
        }
    };
    let (to, year) = (req.span.to, req.span.to.year());
    Ok(Input {
        org: b.org().name.clone(),
        to,
        by,
        chart: b.chart().await?,
        budget: b.budget(year).await?,
        turnover: b.turnover(Period::new(year, 1), to).await?,
        activity_names: b.activity_names().await?,
        opening: b.opening_surplus(year).await?,
        spent: if by == By::Econ { b.econ_spending(Period::new(year, 1), to).await? } else { Vec::new() },
    })
}

fn columns() -> Vec<Column> {
    vec![
        Column::text("编码", 7),
        Column::text("名称", 14),
        Column::amount("年初预算"),
        Column::amount("调整数"),
        Column::amount("调整后预算"),
        Column::amount("实际"),
        Column::amount("差异"),
        Column::percent("执行率"),
        Column::text("说明", 8),
    ]
}

fn row(e: &Execution) -> Row {
    Row {
        cells: vec![
            Cell::text(&e.code),
            Cell::text(&e.name),
            Cell::Amount(e.plan.original),
            Cell::Amount(e.plan.adjustment),
            Cell::Amount(e.plan.adjusted()),
            Cell::Amount(e.actual),
            Cell::Amount(e.variance()),
            Cell::Percent(percent(e.actual, e.plan.adjusted())),
            Cell::text(e.flag.map(|f| f.label()).unwrap_or("")),
        ],
        style: RowStyle::Normal,
        indent: e.level,
    }
}

fn total_row(rows: &[&Execution]) -> Row {
    let o: Amount = rows.iter().map(|e| e.plan.original).sum();
    let a: Amount = rows.iter().map(|e| e.plan.adjustment).sum();
    let act: Amount = rows.iter().map(|e| e.actual).sum();
    Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Amount(o),
            Cell::Amount(a),
            Cell::Amount(o + a),
            Cell::Amount(act),
            Cell::Amount(o + a - act),
            Cell::Percent(percent(act, o + a)),
            Cell::Empty,
        ],
        RowStyle::Total,
    )
}

fn table(title: &str, rows: &[Execution]) -> (Table, Amount, Amount) {
    let top: Vec<&Execution> = rows.iter().filter(|e| e.level == 0).collect();
    let budget: Amount = top.iter().map(|e| e.plan.adjusted()).sum();
    let actual: Amount = top.iter().map(|e| e.actual).sum();
    let mut out: Vec<Row> = rows.iter().map(row).collect();
    out.push(total_row(&top));
    (Table { title: Some(title.into()), columns: columns(), rows: out }, budget, actual)
}

pub fn build(i: &Input) -> Report {
    let to = i.to;
    let year = to.year();
    let (chart, budget) = (&i.chart, &i.budget);
    let period = if to.month() == 12 {
        format!("{year}年度")
    } else {
        format!("{year}年1月—{}月（累计）", to.month())
    };
    let mut r = Report::new("budget", "预算执行情况表", &i.org, &period);
    r.landscape = true;
    if budget.is_empty() {
        r.notes.push(format!("{year} 年尚未导入预算（gonghui budget import）。"));
    }
    let spending_rows = match i.by {
        By::Account => {
            let income = by_account(chart, budget, &i.turnover, Class::Income);
            let spending = by_account(chart, budget, &i.turnover, Class::Expenditure);
            let (t_in, b_in, a_in) = table("一、收入预算执行情况", &income);
            let (t_out, b_out, a_out) = table("二、支出预算执行情况", &spending);
            r.sections.push(Section::Table(t_in));
            r.sections.push(Section::Table(t_out));
            let opening = i.opening;
            let holds = b_out <= b_in + opening;
            r.sections.push(Section::Text {
                heading: Some("量入为出（收支平衡）检查".into()),
                paragraphs: vec![
                    format!(
                        "调整后支出预算 {}；调整后收入预算 {} 加年初结转结余 {}，合计 {}。{}",
                        b_out.grouped(),
                        b_in.grouped(),
                        opening.grouped(),
                        (b_in + opening).grouped(),
                        if holds {
                            "支出预算未超过可用资金，符合量入为出、收支平衡的要求。"
                        } else {
                            "支出预算超过可用资金，不符合量入为出的要求（赤字预算）！"
                        }
                    ),
                    format!(
                        "收入执行率 {}，支出执行率 {}。",
                        percent(a_in, b_in).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into()),
                        percent(a_out, b_out).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
                    ),
                ],
            });
            spending
        }
        By::Activity => {
            let rows = by_activity(chart, budget, &i.turnover, &i.activity_names);
            let (t, _, _) = table("支出预算执行情况（按活动/项目）", &rows);
            r.sections.push(Section::Table(t));
            r.notes.push("活动合计与按科目的支出合计相等：未分活动的预算和支出列在“（未分活动）”一行。".into());
            Vec::new()
        }
        By::Econ => {
            let list = crate::ledger::econ::for_year(year);
            let (t, _, _) =
                table("支出预算执行情况（按经济分类）", &crate::budget::econ::by_econ(list, budget, &i.spent));
            r.sections.push(Section::Table(t));
            let rows = crate::budget::econ::by_account_and_econ(chart, list, budget, &i.spent);
            let (t, _, _) = table("支出按科目和经济分类", &rows);
            r.sections.push(Section::Table(t));
            r.notes.push(format!(
                "经济分类按{}（{}，可信度 {}）：分录或预算行自带的经济分类优先，未填的按科目默认归类，无默认的列“未分类”。合计与按科目的支出合计相等。",
                list.name, list.source, list.confidence
            ));
            Vec::new()
        }
    };
    if !spending_rows.is_empty() {
        let top: Vec<&Execution> = spending_rows.iter().filter(|e| e.level == 0).collect();
        r.sections.push(Section::Chart(Chart {
            title: "支出预算与实际（按科目）".into(),
            kind: ChartKind::Bars,
            categories: top.iter().map(|e| e.name.clone()).collect(),
            series: vec![
                Series { name: "调整后预算".into(), values: top.iter().map(|e| e.plan.adjusted()).collect() },
                Series { name: "实际".into(), values: top.iter().map(|e| e.actual).collect() },
            ],
        }));
        r.sections.push(Section::Chart(Chart {
            title: "支出构成".into(),
            kind: ChartKind::Shares,
            categories: top.iter().map(|e| e.name.clone()).collect(),
            series: vec![Series { name: "实际".into(), values: top.iter().map(|e| e.actual).collect() }],
        }));
    }
    for v in budget.versions.iter().filter(|v| v.version > 0) {
        let total: Amount = v.lines.iter().map(|l| l.amount).sum();
        r.notes.push(format!(
            "第 {} 次预算调整：{} 批准，文号 {}，理由：{}；调整数合计 {}。",
            v.version,
            v.approved_on,
            if v.doc_no.is_empty() { "—" } else { &v.doc_no },
            v.reason,
            total.grouped()
        ));
    }
    let flagged: Vec<String> = r
        .tables()
        .flat_map(|t| t.rows.iter())
        .filter_map(|row| match (&row.cells[0], &row.cells[1], &row.cells[8]) {
            (Cell::Text(code), Cell::Text(name), Cell::Text(flag)) if !flag.is_empty() => {
                Some(format!("{code} {name}（{flag}）"))
            }
            _ => None,
        })
        .collect();
    if !flagged.is_empty() {
        r.notes.push(format!("需经审关注：{}。严禁无预算、超预算列支。", flagged.join("、")));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, Version};
    use crate::ledger::chart::builtin_chart;

    fn row(account: &str, activity: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: activity.into(), debit: Amount(debit), credit: Amount(credit) }
    }

    fn input(by: By) -> Input {
        let line = |account: &str, activity: &str, yuan: i64| BudgetLine {
            account: account.into(),
            activity: activity.into(),
            amount: Amount(yuan * 100),
            note: String::new(),
            econ: String::new(),
        };
        Input {
            org: "测试工会".into(),
            to: Period::new(2025, 12),
            by,
            chart: ChartView::new(builtin_chart()),
            budget: Budget {
                year: 2025,
                versions: vec![Version {
                    version: 0,
                    approved_on: String::new(),
                    doc_no: String::new(),
                    reason: String::new(),
                    lines: vec![line("401", "", 10_000), line("50102", "A01", 3_000)],
                }],
            },
            turnover: vec![row("401", "", 0, 1_000_000), row("50102", "A01", 360_000, 0), row("50105", "", 50_000, 0)],
            activity_names: [("A01".to_string(), "三八节活动".to_string())].into(),
            opening: Amount::ZERO,
            spent: vec![
                Spent {
                    account: "50102".into(),
                    activity: "A01".into(),
                    econ: "30214".into(),
                    amount: Amount(360_000),
                },
                Spent { account: "50105".into(), activity: String::new(), econ: String::new(), amount: Amount(50_000) },
            ],
        }
    }

    #[test]
    fn overspent_and_unbudgeted_accounts_are_flagged() {
        let r = build(&input(By::Account));
        let spending = r.tables().nth(1).unwrap();
        let flag = |code: &str| {
            spending.rows.iter().find(|row| row.cells[0] == Cell::text(code)).map(|row| row.cells[8].clone()).unwrap()
        };
        assert_eq!(flag("50102"), Cell::text("超预算"));
        assert_eq!(flag("50105"), Cell::text("无预算支出"));
        let total = spending.rows.last().unwrap();
        assert_eq!(total.cells[5], Cell::Amount(Amount(410_000)), "actual spending 4,100.00");
    }

    #[test]
    fn by_classification_adds_up_to_the_spending_and_names_its_source() {
        let r = build(&input(By::Econ));
        let mut tables = r.tables();
        let (by_code, by_account) = (tables.next().unwrap(), tables.next().unwrap());
        for t in [by_code, by_account] {
            assert_eq!(t.rows.last().unwrap().cells[5], Cell::Amount(Amount(410_000)), "{:?}", t.title);
        }
        let cell = |code: &str, i: usize| {
            by_code.rows.iter().find(|row| row.cells[0] == Cell::text(code)).map(|row| row.cells[i].clone()).unwrap()
        };
        // 50102's budget has no code: its account's default (30299) holds it, the spending went to 30214.
        assert_eq!(cell("30214", 8), Cell::text("无预算支出"));
        assert_eq!(cell("30299", 4), Cell::Amount(Amount(300_000)));
        assert_eq!(cell("30229", 5), Cell::Amount(Amount(50_000)), "50105 counts as 福利费 by default");
        assert!(r.notes.iter().any(|n| n.contains("可信度 U")), "{:?}", r.notes);
    }

    #[test]
    fn by_activity_adds_up_to_the_spending() {
        let r = build(&input(By::Activity));
        let t = r.tables().next().unwrap();
        assert_eq!(t.rows.last().unwrap().cells[5], Cell::Amount(Amount(410_000)));
    }
}
