//! 工会主席离任经济责任审计报告 (`departure --from --to --chair NAME`): basic facts; income and
//! spending by year of the tenure with opening and closing balances; assets and liabilities at
//! the start against the end; budget execution by year; major economic decisions; problems with
//! the kind of responsibility; evaluation; suggestions; signatures.

use super::audit::{findings_table, in_service, rule_pack_name, suggestions};
use super::figures::{self, Figures};
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::audit::departure::{Draft, Record, NOT_GIVEN};
use crate::audit::opinion::{paragraphs, DRAFT_MARK};
use crate::audit::responsibility::{self, Scheme};
use crate::audit::{Kept, Severity};
use crate::books::{Books, VoucherFilter};
use crate::error::{Error, Result};
use crate::ledger::closing::is_closing;
use crate::ledger::period::{Period, Span};
use crate::ledger::voucher::{Header, Status};
use crate::money::{apply_rate, percent, Amount};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The tenure cut into its calendar years (the first and last may be partial).
pub fn years(span: Span) -> Vec<Span> {
    (span.from.year()..=span.to.year())
        .map(|y| Span { from: Period::new(y, 1).max(span.from), to: Period::new(y, 12).min(span.to) })
        .collect()
}

/// The months of a span.
pub fn months(span: Span) -> i64 {
    (span.to.year() - span.from.year()) as i64 * 12 + span.to.month() as i64 - span.from.month() as i64 + 1
}

/// The tenure's years cut at the month the books begin: the parts the books hold, and the part
/// before them (which this report cannot speak for).
pub fn within_books(span: Span, books_from: Option<Period>) -> (Vec<Span>, Option<Span>) {
    let Some(start) = books_from.filter(|s| *s > span.from) else {
        return (years(span), None);
    };
    if start > span.to {
        return (Vec::new(), Some(span));
    }
    let inside = Span { from: start, to: span.to };
    (years(inside), Some(Span { from: span.from, to: start.prev() }))
}

/// A year's budget against actual, the budget pro-rated by months when the year is only partly
/// in the tenure (its label says so).
pub fn prorated(year: Span, e: figures::Execution) -> (String, figures::Execution) {
    let m = months(year);
    if m >= 12 {
        return (year.label(), e);
    }
    let share = Decimal::from(m) / Decimal::from(12);
    let (bi, ai, bs, a_s) = e;
    (format!("{}（预算按 {m}/12 折算）", year.label()), (apply_rate(bi, share), ai, apply_rate(bs, share), a_s))
}

/// Table 1: one row per year, the tenure's total last.
pub fn income_spending_table(per_year: &[(Span, Figures)]) -> Table {
    let Some((_, first)) = per_year.first() else {
        return Table { title: None, columns: Vec::new(), rows: Vec::new() };
    };
    let mut columns = vec![Column::text("年度", 10), Column::amount("年初结转结余")];
    columns.extend(first.income.iter().map(|i| Column::amount(&i.name)));
    columns.push(Column::amount("收入合计"));
    columns.extend(first.spending.iter().map(|i| Column::amount(&i.name)));
    columns.extend([Column::amount("支出合计"), Column::amount("收支差额"), Column::amount("年末结转结余")]);
    let row = |label: String, f: &Figures, style| {
        let mut cells = vec![Cell::text(label), Cell::Amount(f.opening)];
        cells.extend(f.income.iter().map(|i| Cell::Amount(i.amount)));
        cells.push(Cell::Amount(f.income_total()));
        cells.extend(f.spending.iter().map(|i| Cell::Amount(i.amount)));
        cells.extend([
            Cell::Amount(f.spending_total()),
            Cell::Amount(f.income_total() - f.spending_total()),
            Cell::Amount(f.closing),
        ]);
        Row::styled(cells, style)
    };
    let mut rows: Vec<Row> = per_year.iter().map(|(s, f)| row(s.label(), f, RowStyle::Normal)).collect();
    let total = sum(per_year.iter().map(|(_, f)| f));
    rows.push(row("合计".into(), &total, RowStyle::Total));
    Table { title: Some("表1 任期内收支情况表".into()), columns, rows }
}

/// The tenure's figures as the sum of its years: opening of the first, closing of the last.
pub fn sum<'a>(mut years: impl Iterator<Item = &'a Figures>) -> Figures {
    let Some(first) = years.next() else {
        return Figures { opening: Amount::ZERO, income: Vec::new(), spending: Vec::new(), closing: Amount::ZERO };
    };
    let mut total = first.clone();
    for f in years {
        for (t, i) in total.income.iter_mut().zip(&f.income) {
            t.amount += i.amount;
        }
        for (t, i) in total.spending.iter_mut().zip(&f.spending) {
            t.amount += i.amount;
        }
        total.closing = f.closing;
    }
    total
}

/// What the departure report reads: each year of the tenure, the findings, the position at
/// start and end, and the spending that needed a collective decision.
pub struct Input {
    pub org: String,
    pub span: Span,
    pub chair: String,
    pub rules: String,
    pub members: usize,
    pub per_year: Vec<(Span, Figures)>,
    pub budget: Vec<(Span, figures::Execution)>,
    pub findings: Vec<Kept>,
    /// Each year's 整改台账 (the year's label, its items), and the day their standing is told on.
    pub ledgers: Vec<(String, Vec<crate::audit::rectification::Item>)>,
    pub on: chrono::NaiveDate,
    /// The position when the tenure began; `None` when that is before the books begin.
    pub start: Option<Vec<(&'static str, Amount)>>,
    pub end: Vec<(&'static str, Amount)>,
    /// The collective-decision amount, and the posted vouchers spending at least that much.
    pub threshold: Amount,
    pub decisions: Vec<(Header, Amount)>,
    /// The part of the tenure before the books begin, if any.
    pub outside: Option<Span>,
    pub books_from: Option<Period>,
    pub scheme: Scheme,
    /// The audit group's record as last entered (its version, who, when), if any.
    pub record: Option<(Draft, Record)>,
    /// 库存现金 (101) and 银行存款 (102) in the books at the tenure's end.
    pub cash_bank: (Amount, Amount),
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let span = req.span;
    let chair = req.chair.clone().filter(|c| !c.trim().is_empty()).ok_or_else(|| {
        Error::input("离任审计报告须用 --chair 写明离任的工会主席姓名，并用 --from/--to 给出任期，例如 --from 2023-01 --to 2025-12 --chair 王建国")
    })?;
    let mut per_year = Vec::new();
    let mut budget = Vec::new();
    let mut findings: Vec<Kept> = Vec::new();
    let mut ledgers = Vec::new();
    let books_from = b.first_voucher_period().await?;
    let (inside, outside) = within_books(span, books_from);
    for y in inside {
        per_year.push((y, figures::compute(b, y).await?));
        budget.extend(figures::budget_execution(b, y).await?.into_iter().map(|(_, e)| (y, e)));
        findings.extend(b.findings(y).await?);
        ledgers.push((y.label(), b.rectification(y).await?));
    }
    let req_chair = chair.clone();
    let threshold = b.pack(span).await?.collective_decision.value;
    let f =
        VoucherFilter { status: Some(Status::Posted), from: Some(span.from), to: Some(span.to), ..Default::default() };
    let decisions = b
        .with_lines(&f)
        .await?
        .into_iter()
        .filter(|(h, _)| !is_closing(&h.source_ref))
        .map(|(h, lines)| {
            let spending = crate::ledger::voucher::spending(&lines);
            (h, spending)
        })
        .filter(|(_, spending)| *spending >= threshold)
        .collect();
    Ok(Input {
        org: b.org().name.clone(),
        span,
        chair,
        rules: rule_pack_name(b, span).await?,
        members: in_service(b).await?,
        per_year,
        budget,
        findings,
        ledgers,
        on: crate::today(),
        start: match outside {
            Some(_) => None,
            None => Some(figures::position(b, span.from.prev()).await?),
        },
        end: figures::position(b, span.to).await?,
        threshold,
        decisions,
        outside,
        books_from,
        scheme: Scheme::from_setting(b.setting(responsibility::SETTING).await?.as_deref())?,
        record: match b.departure(&req_chair, span).await? {
            Some(r) => Some((r.draft()?, r)),
            None => None,
        },
        cash_bank: {
            let rows = b.balance_totals(Period(0), span.to).await?;
            let of = |p: &str| rows.iter().filter(|r| r.account.starts_with(p)).map(|r| r.debit - r.credit).sum();
            (of("101"), of("102"))
        },
    })
}

pub fn build(i: &Input) -> Report {
    let (span, chair, members) = (i.span, &i.chair, i.members);
    let record = i.record.as_ref().map(|(d, _)| d);
    let mut title = format!("关于{chair}同志任{}主席期间经济责任履行情况的审计报告", i.org);
    if record.is_none() {
        title.push_str(DRAFT_MARK);
    }
    let mut r = Report::new("departure", &title, &i.org, &format!("{}（任期）", span.label()));
    r.landscape = true;
    r.signatures = vec!["审计组组长".into(), "经费审查委员会主任".into(), "被审计人".into()];
    r.sections.push(Section::Text {
        heading: Some("一、基本情况".into()),
        paragraphs: vec![
            format!(
                "审计依据：《中华人民共和国工会法》、《中国工会审计条例》第二十四条及干部管理部门的委托；检查规则：{}。",
                i.rules
            ),
            format!("审计范围：{chair}同志任职期间（{}）本会经费收支、预算执行、资产负债、重大经济事项决策和内部控制。", span.label()),
            "审计方式：审阅记账凭证、账簿和报表，核对银行对账单、会员名册和慰问发放名单，询问有关人员。被审计人及本会对所提供资料的真实性、完整性负责。".into(),
            format!("本会现有在职会员 {members} 人。"),
            match record {
                Some(d) => format!("审计组：{}。", d.group.join("、")),
                None => format!("审计组：{NOT_GIVEN}"),
            },
        ],
    });
    if let (Some(out), Some(start)) = (i.outside, i.books_from) {
        r.sections.push(Section::Text {
            heading: None,
            paragraphs: vec![format!(
                "本账簿自 {} 起记账，任期中 {} 不在本账簿内：该期间的收支、预算执行和任职初的资产负债未列入以下各表，须依据原账簿另行审计。",
                start.label(),
                out.label()
            )],
        });
    }
    let (per_year, kept) = (&i.per_year, &i.findings);
    let total = sum(per_year.iter().map(|(_, f)| f));
    r.sections.push(Section::Text {
        heading: Some("二、任期内经费收支及财务状况".into()),
        paragraphs: vec![format!(
            "任期内收入合计 {} 元，支出合计 {} 元；任期初结转结余 {} 元，离任时 {} 元。",
            total.income_total().grouped(),
            total.spending_total().grouped(),
            total.opening.grouped(),
            total.closing.grouped()
        )],
    });
    r.sections.push(Section::Table(income_spending_table(per_year)));
    let end = &i.end;
    let start_label = if i.start.is_some() { "任职初" } else { "任职初（不在本账簿内）" };
    r.sections.push(Section::Table(Table {
        title: Some("表2 资产负债对比表".into()),
        columns: vec![
            Column::text("项目", 16),
            Column::amount(start_label),
            Column::amount("离任时"),
            Column::amount("增减"),
        ],
        rows: end
            .iter()
            .enumerate()
            .map(|(n, (label, b))| match i.start.as_ref().map(|s| s[n].1) {
                Some(a) => Row::new(vec![Cell::text(*label), Cell::Amount(a), Cell::Amount(*b), Cell::Amount(*b - a)]),
                None => Row::new(vec![Cell::text(*label), Cell::text("—"), Cell::Amount(*b), Cell::text("—")]),
            })
            .collect(),
    }));
    let mut budget_rows = Vec::new();
    for (y, e) in &i.budget {
        let (label, (bi, ai, bs, a_s)) = prorated(*y, *e);
        budget_rows.push(Row::new(vec![
            Cell::text(label),
            Cell::Amount(bi),
            Cell::Amount(ai),
            Cell::Percent(percent(ai, bi)),
            Cell::Amount(bs),
            Cell::Amount(a_s),
            Cell::Percent(percent(a_s, bs)),
        ]));
    }
    r.sections.push(Section::Table(Table {
        title: Some("表3 预算执行情况表".into()),
        columns: vec![
            Column::text("年度", 10),
            Column::amount("收入预算（调整后）"),
            Column::amount("实际收入"),
            Column::percent("执行率"),
            Column::amount("支出预算（调整后）"),
            Column::amount("实际支出"),
            Column::percent("执行率"),
        ],
        rows: budget_rows,
    }));
    r.sections.push(Section::Text {
        heading: Some("三、履行经济责任情况（主要业绩）".into()),
        paragraphs: record.map_or_else(|| vec![NOT_GIVEN.to_string()], |d| paragraphs(&d.achievements)),
    });
    r.sections.push(Section::Table(decisions_table(i.threshold, &i.decisions, kept)));
    handover(&mut r, record, span, i.cash_bank);
    r.sections
        .push(Section::Text { heading: Some("五、审计发现的主要问题".into()), paragraphs: Vec::new() });
    if kept.is_empty() {
        r.sections.push(Section::Text { heading: None, paragraphs: vec!["未发现问题。".into()] });
    } else {
        let mut t = findings_table(kept, false);
        t.columns.push(Column::text("责任界定", 8));
        for (row, k) in t.rows.iter_mut().zip(kept) {
            row.cells.push(Cell::text(i.scheme.kind_of(&k.finding.rule)));
        }
        r.sections.push(Section::Table(t));
        r.notes.push(i.scheme.note());
        let cited: Vec<String> =
            i.ledgers.iter().flat_map(|(label, items)| super::rectification::cited(label, items, i.on)).collect();
        if !cited.is_empty() {
            r.sections.push(Section::Text { heading: None, paragraphs: cited });
        }
    }
    // The evaluation, suggestions and response are the group's and the chair's own words.
    r.sections.push(Section::Text {
        heading: Some("六、审计评价".into()),
        paragraphs: record.map_or_else(|| vec![NOT_GIVEN.to_string()], |d| paragraphs(&d.evaluation)),
    });
    let own: Vec<String> = record
        .map(|d| d.suggestions.iter().enumerate().map(|(n, s)| format!("{}. {s}", n + 1)).collect())
        .unwrap_or_default();
    let mut advice = own.clone();
    if own.is_empty() {
        advice = suggestions(kept);
        advice.insert(0, "（以下依据审计发现整理，供审计组参考）".into());
    }
    r.sections.push(Section::Text { heading: Some("七、审计意见和建议".into()), paragraphs: advice });
    r.sections.push(Section::Text {
        heading: Some("八、被审计人意见".into()),
        paragraphs: vec![match record {
            Some(d) if !d.response.is_empty() => d.response.clone(),
            Some(_) => "（被审计人未提出书面意见）".into(),
            None => NOT_GIVEN.into(),
        }],
    });
    match &i.record {
        Some((_, rec)) => r.notes.push(format!(
            "审计组记录第 {} 版，{} 录入于 {}。",
            rec.version,
            rec.entered_by,
            crate::shown_time(&rec.entered_at)
        )),
        None => r.notes.push(format!(
            "本报告尚缺审计组的记录（审计组、主要业绩、离任交接、审计评价、被审计人意见），录入前为草稿：gonghui audit departure --template > 离任审计.toml，填写后 gonghui audit departure --chair {chair} --from {} --to {} --file 离任审计.toml",
            span.from, span.to
        )),
    }
    r
}

/// 四、离任交接: who handed over to whom before whom, cash and bank as counted against the books
/// at the tenure's end, the assets and documents handed over.
fn handover(r: &mut Report, record: Option<&Draft>, span: Span, (cash, bank): (Amount, Amount)) {
    let heading = Some("四、离任交接".to_string());
    let Some(d) = record else {
        r.sections.push(Section::Text { heading, paragraphs: vec![NOT_GIVEN.to_string()] });
        return;
    };
    let h = &d.handover;
    let mut paragraphs = vec![format!(
        "交接日期：{}。移交人：{}；接交人：{}；监交人：{}。",
        crate::cn_date(h.date),
        h.from,
        h.to,
        h.witness
    )];
    if !h.assets.is_empty() {
        paragraphs.push(format!("固定资产：{}。", h.assets.trim_end_matches('。')));
    }
    if !h.documents.is_empty() {
        paragraphs.push(format!("移交资料：{}。", h.documents.join("；")));
    }
    r.sections.push(Section::Text { heading, paragraphs });
    let row = |label: &str, books: Amount, counted: Option<Amount>| {
        Row::new(vec![
            Cell::text(label),
            Cell::Amount(books),
            counted.map_or(Cell::text("未填写"), Cell::Amount),
            counted.map_or(Cell::Empty, |c| Cell::Amount(c - books)),
        ])
    };
    r.sections.push(Section::Table(Table {
        title: Some("表5 离任交接时货币资金核对表".into()),
        columns: vec![
            Column::text("项目", 10),
            Column::amount(&format!("账面数（{}末）", span.to.label())),
            Column::amount("交接实有数"),
            Column::amount("差额"),
        ],
        rows: vec![row("库存现金", cash, h.cash), row("银行存款", bank, h.bank)],
    }));
}

/// What the findings say against each voucher they name (提示 aside): the checks' names.
fn named_by(kept: &[Kept]) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for k in kept.iter().filter(|k| k.finding.severity != Severity::Info) {
        for no in &k.finding.vouchers {
            let titles = out.entry(no.as_str()).or_default();
            if !titles.contains(&k.finding.title.as_str()) {
                titles.push(&k.finding.title);
            }
        }
    }
    out
}

/// Table 4: spending at or above the collective-decision amount, with its minutes reference;
/// a voucher is compliant only when it was minuted and no finding names it.
fn decisions_table(threshold: Amount, decisions: &[(Header, Amount)], kept: &[Kept]) -> Table {
    let named = named_by(kept);
    let rows = decisions
        .iter()
        .map(|(h, spending)| {
            let minuted = !h.decision_ref.trim().is_empty();
            let mut problems: Vec<&str> = Vec::new();
            if !minuted {
                problems.push("未经集体研究决定");
            }
            let collective = crate::audit::checks::RULES
                .iter()
                .find(|(r, _, _)| *r == "collective_decision")
                .map_or("", |(_, t, _)| *t);
            problems.extend(named.get(h.no.as_str()).into_iter().flatten().filter(|t| **t != collective || minuted));
            Row::new(vec![
                Cell::text(h.date.to_string()),
                Cell::text(&h.no),
                Cell::text(&h.summary),
                Cell::Amount(*spending),
                Cell::text(if minuted { h.decision_ref.clone() } else { "无".into() }),
                Cell::text(if problems.is_empty() {
                    "是".to_string()
                } else {
                    format!("否：{}", problems.join("；"))
                }),
            ])
        })
        .collect();
    Table {
        title: Some(format!("表4 重大经济事项决策情况（支出 {} 元及以上）", threshold.grouped())),
        columns: vec![
            Column::date("日期"),
            Column::text("凭证", 8),
            Column::text("事项", 28),
            Column::amount("金额"),
            Column::text("会议纪要号", 14),
            Column::text("是否合规", 16),
        ],
        rows,
    }
}
