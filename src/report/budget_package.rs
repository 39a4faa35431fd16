//! The budget and final-accounts package (`budget package`): a cover with the approvals and the
//! date it was sent, 收支预算表, 预算调整表 and 决算表 from their templates (each by account, then
//! by 基本支出 and 项目支出), and a 说明书 from the figures and the union's own words.

use super::{Binding, Cell, Column, Report, Row, RowStyle, Section, Table};
use crate::books::Books;
use crate::budget::package::{self, Approval, Figure, Figures, Part, Submission, Template, Value};
use crate::budget::Budget;
use crate::error::Result;
use crate::ledger::activity::Activity;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::econ::Spent;
use crate::ledger::period::Period;
use crate::ledger::profile::Profile;
use crate::money::{percent, Amount};
use std::path::Path;

pub struct Input {
    pub org: String,
    pub year: i32,
    pub chart: ChartView,
    pub budget: Budget,
    /// Budget versions made after the package was sent (left out of it).
    pub later: usize,
    pub actual: Vec<BalanceRow>,
    pub prior: Vec<BalanceRow>,
    /// Spending by the lines' own 经济分类 code, this year and last.
    pub spent: Vec<Spent>,
    pub prior_spent: Vec<Spent>,
    pub activities: Vec<Activity>,
    pub approval: Option<Approval>,
    pub submission: Option<Submission>,
    /// The union's own words for the 说明书: as last entered, else as given at approval.
    pub text: String,
    pub profile: Profile,
    pub templates: Vec<Template>,
    /// The last month with figures when the year is not closed.
    pub open_upto: Option<Period>,
}

/// The templates: the built-in ones, or those of the same names in `dir` where it has them.
pub fn templates(dir: Option<&Path>) -> Result<Vec<Template>> {
    package::BUILT_IN
        .iter()
        .map(|(name, text)| match dir.map(|d| d.join(name)).filter(|p| p.exists()) {
            Some(p) => {
                let shown = p.display().to_string();
                let t = std::fs::read_to_string(&p).map_err(|e| crate::error::read_failed(&shown, &e))?;
                Template::parse(&t, &shown)
            }
            None => Template::parse(text, name),
        })
        .collect()
}

pub async fn load(b: &Books<'_>, year: i32, templates: Vec<Template>) -> Result<Input> {
    let approval = b.setting(&package::approval_setting(year)).await?.as_deref().and_then(Approval::decode);
    let submission = b.setting(&package::submission_setting(year)).await?.as_deref().and_then(Submission::decode);
    let mut budget = b.budget(year).await?;
    let mut later = 0;
    if let Some(s) = &submission {
        later = budget.versions.len().saturating_sub(s.versions);
        budget.versions.truncate(s.versions);
    }
    let chart = b.chart().await?;
    let mut prior = b.turnover(Period::new(year - 1, 1), Period::new(year - 1, 12)).await?;
    // A year before the books holds at most the opening balances: its figures are the 02表 copied.
    let operating =
        |r: &BalanceRow| chart.get(&r.account).is_some_and(|a| matches!(a.class, Class::Income | Class::Expenditure));
    let mut prior_spent = b.econ_spending(Period::new(year - 1, 1), Period::new(year - 1, 12)).await?;
    if !prior.iter().any(operating) {
        prior = prior_from_statement(b, year - 1).await?;
        // A copied 02表 has no classification: its spending counts as its accounts' default
        // would have it, else 未分类, so that the columns still add up.
        prior_spent = prior
            .iter()
            .filter(|r| crate::ledger::econ::applies_to(&r.account))
            .map(|r| Spent {
                account: r.account.clone(),
                activity: r.activity.clone(),
                econ: String::new(),
                amount: r.debit - r.credit,
            })
            .collect();
    }
    let closed = b.year_closed(year).await?;
    let open_upto = (!closed).then(|| Period::new(year, 12).min(Period::of(crate::today())));
    Ok(Input {
        org: b.org().name.clone(),
        year,
        actual: b.turnover(Period::new(year, 1), Period::new(year, 12)).await?,
        spent: b.econ_spending(Period::new(year, 1), Period::new(year, 12)).await?,
        prior_spent,
        chart,
        budget,
        later,
        prior,
        activities: b.activities().await?,
        text: match b.setting(&package::text_setting(year)).await? {
            Some(t) => t,
            None => approval.as_ref().map(|a| a.text.clone()).unwrap_or_default(),
        },
        approval,
        submission,
        profile: Profile::from_setting(b.setting(crate::ledger::profile::SETTING).await?.as_deref())?,
        templates,
        open_upto,
    })
}

/// A year before the books, from its 02表 as copied (`opening import --prior-year`): each line of
/// one account as that account's turnover.
async fn prior_from_statement(b: &Books<'_>, year: i32) -> Result<Vec<BalanceRow>> {
    let kept = b.setting(&crate::ledger::prior_year::setting(year)).await?;
    let Some(values) = kept.as_deref().and_then(crate::ledger::prior_year::decode) else { return Ok(Vec::new()) };
    let layout = crate::ledger::statement::income_expense();
    Ok(layout
        .lines
        .iter()
        .filter(|l| matches!(l.measure.as_deref(), Some("income" | "expense")) && l.accounts.len() == 1)
        .filter_map(|l| {
            let v = values.get(&l.id).copied().unwrap_or_default();
            let income = l.measure.as_deref() == Some("income");
            (!v.is_zero()).then(|| BalanceRow {
                account: l.accounts[0].clone(),
                activity: String::new(),
                debit: if income { Amount::ZERO } else { v },
                credit: if income { v } else { Amount::ZERO },
            })
        })
        .collect())
}

/// A stored date ("2025-01-15") as printed (2025年1月15日).
fn cn(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(crate::cn_date).unwrap_or_else(|_| d.to_string())
}

fn cell(v: Value) -> Cell {
    match v {
        Value::Amount(a) => Cell::Amount(a),
        Value::Percent(p) => Cell::Percent(p),
        Value::Text(t) => Cell::Text(t),
    }
}

fn columns(t: &Template, first: &str) -> Vec<Column> {
    std::iter::once(Column::text(first, 20))
        .chain(t.columns.iter().map(|c| match c.value.as_str() {
            "versus_original" | "rate" => Column::percent(&c.label),
            "note" | "reason" => Column::text(&c.label, 16),
            _ => Column::amount(&c.label),
        }))
        .collect()
}

fn row(t: &Template, label: &str, f: &Figure, style: RowStyle, indent: u8) -> Row {
    let cells = std::iter::once(Cell::text(label)).chain(t.columns.iter().map(|c| cell(f.value(&c.value)))).collect();
    Row { cells, style, indent }
}

/// One template's table by account, and by nature of spending (基本支出, each 项目支出).
fn part(i: &Input, f: &Figures, t: &Template) -> Report {
    let mut r = Report::new("budget-package", &t.title, &i.org, &format!("{}年度", i.year));
    r.signatures = i.profile.statement_signatures();
    let rows = f
        .rows(t, &Part::All)
        .iter()
        .map(|(d, fig)| {
            let style = if d.total.is_some() || d.difference { RowStyle::Subtotal } else { RowStyle::Normal };
            row(t, &d.label, fig, style, d.indent)
        })
        .collect();
    r.sections.push(Section::Table(Table { title: None, columns: columns(t, "项目"), rows }));
    let spending = |part: Part| {
        f.rows(t, &part)
            .into_iter()
            .find(|(d, _)| d.total.as_deref() == Some("spending"))
            .map(|(_, x)| x)
            .unwrap_or_default()
    };
    let mut rows = vec![row(t, "基本支出", &spending(Part::Basic), RowStyle::Normal, 0)];
    let projects: Vec<&Activity> = i.activities.iter().filter(|a| a.project).collect();
    let total = spending(Part::All);
    rows.push(row(t, "项目支出", &spending(Part::Projects), RowStyle::Normal, 0));
    for a in projects {
        rows.push(row(
            t,
            &format!("{} {}", a.code, a.name),
            &spending(Part::Project(a.code.clone())),
            RowStyle::Normal,
            1,
        ));
    }
    rows.push(row(t, "支出合计", &total, RowStyle::Total, 0));
    r.sections.push(Section::Table(Table {
        title: Some("支出按基本支出和项目支出".into()),
        columns: columns(t, "支出性质"),
        rows,
    }));
    // By 经济分类 (款级): each 类 with its items; the 类 rows add up to the spending total.
    let mut rows: Vec<Row> = f
        .econ_rows()
        .into_iter()
        .map(|(code, name, level)| {
            let label = if code.is_empty() { name } else { format!("{code} {name}") };
            let style = if level == 0 { RowStyle::Subtotal } else { RowStyle::Normal };
            row(t, &label, &f.econ_figure(&code, &Part::All), style, level)
        })
        .collect();
    rows.push(row(t, "支出合计", &total, RowStyle::Total, 0));
    r.sections.push(Section::Table(Table {
        title: Some("支出按经济分类（款级）".into()),
        columns: columns(t, "经济分类"),
        rows,
    }));
    if let Some(p) = i.open_upto {
        r.notes.push(format!("截至 {}，{} 年尚未年终结账，决算数为截至该月的实际数", p.label(), i.year));
    }
    r
}

/// The 说明书: the budget against last year, its adjustments, its execution, and the union's words.
fn explanation(i: &Input, f: &Figures) -> Report {
    let mut r = Report::new("budget-package", "预算编制及执行情况说明书", &i.org, &format!("{}年度", i.year));
    r.unit.clear();
    r.signatures.clear();
    let t = &i.templates[0];
    let all = f.rows(t, &Part::All);
    let get =
        |k: &str| all.iter().find(|(d, _)| d.total.as_deref() == Some(k)).map(|(_, x)| x.clone()).unwrap_or_default();
    let (inc, sp) = (get("income"), get("spending"));
    let change = |now: Amount, before: Amount| match percent(now - before, before) {
        Some(p) => format!("较上年决算 {} 增减 {}（{p:.2}%）", before.grouped(), (now - before).grouped()),
        None => "上年无决算数".into(),
    };
    let mut p = vec![
        "一、预算编制情况".to_string(),
        format!(
            "　　本年收入预算 {} 元，{}；支出预算 {} 元，{}；收支差额 {} 元。其中基本支出预算 {} 元，项目支出预算 {} 元。",
            inc.plan.original.grouped(),
            change(inc.plan.original, inc.prior_actual),
            sp.plan.original.grouped(),
            change(sp.plan.original, sp.prior_actual),
            (inc.plan.original - sp.plan.original).grouped(),
            f.figure(&["5".into()], &Part::Basic).plan.original.grouped(),
            f.figure(&["5".into()], &Part::Projects).plan.original.grouped(),
        ),
        "二、预算调整情况".into(),
    ];
    let adjustments: Vec<_> = i.budget.versions.iter().filter(|v| v.version > 0).collect();
    if adjustments.is_empty() {
        p.push("　　本年预算未作调整。".into());
    }
    for v in adjustments {
        let net: Amount = v.lines.iter().map(|l| l.amount).sum();
        p.push(format!(
            "　　{} 经批准（{}）调整预算：{}，净调整 {} 元。",
            v.approved_on,
            v.doc_no,
            v.reason,
            net.grouped()
        ));
    }
    if i.later > 0 {
        p.push(format!("　　报送后另有预算调整 {} 次，未列入本套报表，见预算执行情况表。", i.later));
    }
    let rate = |a, b| percent(a, b).map(|x| format!("{x:.2}%")).unwrap_or_else(|| "—".into());
    p.push("三、预算执行情况".into());
    p.push(format!(
        "　　收入决算 {} 元，完成预算 {}；支出决算 {} 元，完成预算 {}；收支差额 {} 元。",
        inc.actual.grouped(),
        rate(inc.actual, inc.plan.adjusted()),
        sp.actual.grouped(),
        rate(sp.actual, sp.plan.adjusted()),
        (inc.actual - sp.actual).grouped()
    ));
    if let Some(m) = i.open_upto {
        p.push(format!("　　（截至 {}，本年尚未结账）", m.label()));
    }
    p.push("四、其他需要说明的事项".into());
    match i.text.as_str() {
        "" => p.push(format!("　　（本会尚未录入说明：gonghui budget explain --year {} --file 说明.txt）", i.year)),
        t => p.extend(t.lines().map(|l| format!("　　{l}"))),
    }
    r.sections.push(Section::Text { heading: None, paragraphs: p });
    r
}

pub fn build(i: &Input) -> Report {
    let draft = i.approval.is_none();
    let title = format!("{}年度工会经费收支预算及决算{}", i.year, if draft { "（草稿）" } else { "" });
    let mut r = Report::new("budget-package", &title, &i.org, "");
    r.unit.clear();
    r.signatures.clear();
    r.binding = Binding::Contents;
    let mut cover = match &i.approval {
        Some(a) => vec![
            format!("经{}讨论通过（{}）", a.meeting, cn(&a.approved_on)),
            format!("经费审查委员会审查：{}", a.audit_meeting),
        ],
        None => vec!["尚未经工会委员会审议通过（草稿）".to_string()],
    };
    cover.push(match &i.submission {
        Some(s) => format!("报出日期：{}", cn(&s.on)),
        None => "报出日期：        年    月    日".into(),
    });
    cover.push(format!("单位负责人：{}", super::or_line(&i.profile.head)));
    cover.push(format!("会计机构负责人：{}", super::or_line(&i.profile.accounting_head)));
    cover.push("单位（盖章）".into());
    r.sections.push(Section::Text { heading: None, paragraphs: cover });
    let f = Figures {
        chart: &i.chart,
        budget: &i.budget,
        actual: &i.actual,
        prior: &i.prior,
        activities: &i.activities,
        econ: crate::ledger::econ::for_year(i.year),
        spent: &i.spent,
        prior_spent: &i.prior_spent,
    };
    r.parts = i.templates.iter().map(|t| part(i, &f, t)).collect();
    r.parts.push(explanation(i, &f));
    r
}
