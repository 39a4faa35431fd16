//! 年度工会经费收支情况公开 (`disclosure`) and 福利慰问发放汇总 (`welfare`). Both are for the
//! members to read: amounts in aggregate only — no one member's name, hardship or illness.

use super::audit::shares_table;
use super::figures::{self, Figures};
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::audit::opinion::{Opinion, DRAFT_MARK};
use crate::audit::pack::{Pack, BENEFIT_TYPES};
use crate::audit::{Benefit, Kept, Member, MemberStatus};
use crate::books::{Books, VoucherFilter};
use crate::error::Result;
use crate::ledger::period::Span;
use crate::ledger::voucher::Status;
use crate::money::{percent, Amount};
use std::collections::{BTreeMap, BTreeSet};

/// One benefit type of the period: (type, people, times, standard, total).
pub type WelfareRow = (String, usize, usize, String, Amount);

/// What the welfare summary reads: the period's posted vouchers, the benefit lists, the pack.
pub struct WelfareInput {
    pub org: String,
    pub span: Span,
    pub rows: Vec<WelfareRow>,
}

async fn posted_numbers(b: &Books<'_>, span: Span) -> Result<BTreeSet<String>> {
    let f =
        VoucherFilter { status: Some(Status::Posted), from: Some(span.from), to: Some(span.to), ..Default::default() };
    Ok(b.voucher_headers(&f).await?.into_iter().map(|h| h.no).collect())
}

async fn welfare_rows(b: &Books<'_>, span: Span) -> Result<Vec<WelfareRow>> {
    let nos = posted_numbers(b, span).await?;
    let pack = b.pack(span).await?;
    Ok(summarise_benefits(&nos, &pack, &b.benefits().await?))
}

/// The people on the benefit lists of the vouchers `nos`, each counted once however many times
/// and kinds they received: (people, of whom not members in service by the register).
pub fn distinct_people(nos: &BTreeSet<String>, benefits: &[Benefit], members: &[Member]) -> (usize, usize) {
    let people: BTreeSet<&str> = benefits
        .iter()
        .filter(|b| nos.contains(&b.voucher_no))
        .map(|b| if b.member_no.is_empty() { b.name.as_str() } else { b.member_no.as_str() })
        .collect();
    let in_service: BTreeSet<&str> =
        members.iter().filter(|m| m.status == MemberStatus::InService).map(|m| m.no.as_str()).collect();
    let outside = people.iter().filter(|p| !in_service.contains(*p)).count();
    (people.len(), outside)
}

pub async fn load_welfare(b: &Books<'_>, req: &Request) -> Result<WelfareInput> {
    Ok(WelfareInput { org: b.org().name.clone(), span: req.span, rows: welfare_rows(b, req.span).await? })
}

/// Benefits paid on the vouchers `nos` per type, with the pack's standard.
pub fn summarise_benefits(nos: &BTreeSet<String>, pack: &Pack, benefits: &[Benefit]) -> Vec<WelfareRow> {
    let mut by_kind: BTreeMap<&str, (BTreeSet<String>, usize, Amount)> = BTreeMap::new();
    for b in benefits.iter().filter(|b| nos.contains(&b.voucher_no)) {
        let key = BENEFIT_TYPES.iter().copied().find(|k| *k == b.kind).unwrap_or("其他");
        let e = by_kind.entry(key).or_default();
        e.0.insert(if b.member_no.is_empty() { b.name.clone() } else { b.member_no.clone() });
        e.1 += 1;
        e.2 += b.amount;
    }
    let order = |k: &str| BENEFIT_TYPES.iter().position(|t| *t == k).unwrap_or(usize::MAX);
    let mut kinds: Vec<&str> = by_kind.keys().copied().collect();
    kinds.sort_by_key(|k| order(k));
    kinds
        .into_iter()
        .map(|k| {
            let (people, times, total) = &by_kind[k];
            let standard = pack
                .benefits
                .get(k)
                .map(|r| match (r.per_member_year, r.per_event) {
                    (Some(y), _) => format!("每人每年不超过 {} 元", y.grouped()),
                    (None, Some(e)) => format!("每次不超过 {} 元", e.grouped()),
                    _ => "按规定".into(),
                })
                .unwrap_or_else(|| "按规定".into());
            (k.to_string(), people.len(), *times, standard, *total)
        })
        .collect()
}

/// The welfare table; its total row's 人数 counts each person once (`people`), if known.
fn welfare_table(rows: &[(String, usize, usize, String, Amount)], people: Option<usize>) -> Table {
    let mut out: Vec<Row> = rows
        .iter()
        .map(|(k, people, times, standard, total)| {
            Row::new(vec![
                Cell::text(k),
                Cell::Int(*people as i64),
                Cell::Int(*times as i64),
                Cell::text(standard),
                Cell::Amount(*total),
                Cell::Amount(if *times > 0 { Amount(total.fen() / *times as i64) } else { Amount::ZERO }),
            ])
        })
        .collect();
    let total: Amount = rows.iter().map(|r| r.4).sum();
    let times: usize = rows.iter().map(|r| r.2).sum();
    out.push(Row::styled(
        vec![
            Cell::text("合计"),
            people.map_or(Cell::Empty, |p| Cell::Int(p as i64)),
            Cell::Int(times as i64),
            Cell::Empty,
            Cell::Amount(total),
            Cell::Empty,
        ],
        RowStyle::Total,
    ));
    Table {
        title: Some("福利慰问发放汇总".into()),
        columns: vec![
            Column::text("类型", 6),
            Column::number("人数"),
            Column::number("人次"),
            Column::text("标准", 18),
            Column::amount("合计"),
            Column::amount("人次均额"),
        ],
        rows: out,
    }
}

/// `welfare`.
pub fn welfare(i: &WelfareInput) -> Report {
    let rows = &i.rows;
    let mut r = Report::new("welfare", "福利慰问发放汇总表", &i.org, &i.span.label());
    r.sections.push(Section::Table(welfare_table(rows, None)));
    r.notes.push("按发放名单汇总，只列人数和金额，不列个人信息。".into());
    if rows.is_empty() {
        r.notes.push("本期没有导入慰问发放名单（gonghui benefits import）。".into());
    }
    r
}

/// What the disclosure reads.
pub struct Input {
    pub org: String,
    pub span: Span,
    pub figures: Figures,
    pub budget: Vec<(i32, figures::Execution)>,
    /// Spending per activity (code → amount) and the activities' names.
    pub by_activity: BTreeMap<String, Amount>,
    pub activity_names: BTreeMap<String, String>,
    pub welfare: Vec<WelfareRow>,
    /// Distinct people on the period's benefit lists, and how many of them are not members in
    /// service.
    pub people: (usize, usize),
    pub upward: figures::Upward,
    /// Balance-sheet items at the span's end.
    pub position: Vec<(&'static str, Amount)>,
    pub publication: Publication,
    pub findings: Vec<Kept>,
    /// The committee's opinion on the year, as last entered.
    pub opinion: Option<Opinion>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let span = req.span;
    let mut by_activity: BTreeMap<String, Amount> = BTreeMap::new();
    for t in b.turnover(span.from, span.to).await? {
        if t.account.starts_with('5') && !t.activity.is_empty() {
            *by_activity.entry(t.activity.clone()).or_default() += t.debit - t.credit;
        }
    }
    let nos = posted_numbers(b, span).await?;
    Ok(Input {
        org: b.org().name.clone(),
        span,
        figures: figures::compute(b, span).await?,
        budget: figures::budget_execution(b, span).await?,
        by_activity,
        activity_names: b.activity_names().await?,
        welfare: welfare_rows(b, span).await?,
        people: distinct_people(&nos, &b.benefits().await?, &b.members().await?),
        upward: figures::upward(b, span).await?,
        position: figures::position(b, span.to).await?,
        publication: Publication {
            date: crate::today(),
            days: b.setting(PUBLICATION_DAYS).await?.and_then(|d| d.parse().ok()),
            channel: b.setting(PUBLICATION_CHANNEL).await?,
            contact: b.setting(PUBLICATION_CONTACT).await?,
        },
        findings: b.findings(span).await?,
        opinion: super::audit::year_opinion(b, span).await?,
    })
}

/// Spending by activity or project (major items), by name — no voucher summaries, which may name
/// a member — and the spending booked to no activity, so that the lines add up to the year's
/// spending.
fn activity_table(by: &BTreeMap<String, Amount>, names: &BTreeMap<String, String>, spending: Amount) -> Table {
    let mut rows: Vec<Row> = by
        .iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(code, a)| {
            Row::new(vec![
                Cell::text(names.get(code).cloned().unwrap_or_else(|| code.clone())),
                Cell::Amount(*a),
                Cell::Percent(percent(*a, spending)),
            ])
        })
        .collect();
    let outside = spending - by.values().copied().sum::<Amount>();
    if !outside.is_zero() {
        rows.push(Row::new(vec![
            Cell::text(UNASSIGNED),
            Cell::Amount(outside),
            Cell::Percent(percent(outside, spending)),
        ]));
    }
    rows.push(Row::styled(
        vec![Cell::text("支出合计"), Cell::Amount(spending), Cell::Percent(percent(spending, spending))],
        RowStyle::Total,
    ));
    Table {
        title: Some("三、主要活动和项目支出".into()),
        columns: vec![Column::text("活动/项目", 24), Column::amount("金额"), Column::percent("占支出比例")],
        rows,
    }
}

/// Settings a union keeps for its disclosure: how long it is posted (days), where, and whom
/// members ask.
pub const PUBLICATION_DAYS: &str = "disclosure_days";
pub const PUBLICATION_CHANNEL: &str = "disclosure_channel";
pub const PUBLICATION_CONTACT: &str = "disclosure_contact";

/// When, how long, where the disclosure is posted and whom members ask.
pub struct Publication {
    pub date: chrono::NaiveDate,
    pub days: Option<u32>,
    pub channel: Option<String>,
    pub contact: Option<String>,
}

impl Publication {
    /// The paragraphs of 公开说明; what is not set says so (and `unset` names the settings).
    fn paragraphs(&self, period: &str) -> (Vec<String>, Vec<&'static str>) {
        let mut unset = Vec::new();
        let span = match self.days {
            Some(d) if d > 0 => {
                let end = self.date + chrono::Duration::days(d as i64 - 1);
                format!("，公示期 {} 天（至 {}）", d, crate::cn_date(end))
            }
            _ => {
                unset.push(PUBLICATION_DAYS);
                "，公示期（尚未设置）".into()
            }
        };
        let or_unset = |v: &Option<String>, key: &'static str, unset: &mut Vec<&'static str>| match v {
            Some(t) if !t.trim().is_empty() => t.clone(),
            _ => {
                unset.push(key);
                "（尚未设置）".into()
            }
        };
        let channel = or_unset(&self.channel, PUBLICATION_CHANNEL, &mut unset);
        let contact = or_unset(&self.contact, PUBLICATION_CONTACT, &mut unset);
        (
            vec![
                format!(
                    "公开内容：本会{period}工会经费收支情况。公开日期：{}{span}。公开渠道：{channel}。",
                    crate::cn_date(self.date)
                ),
                format!("会员对公开内容有疑问或意见的，可在公示期内向本会经费审查委员会反映：{contact}。"),
            ],
            unset,
        )
    }
}

/// 拨缴经费和上解上级 in words, by the year's mode.
fn upward_paragraphs(u: &figures::Upward) -> Vec<String> {
    use crate::allocation::Mode;
    match u.mode {
        Mode::SelfRemit => vec![format!(
            "本期收到行政拨缴的工会经费 {} 元，其中本会留成（拨缴经费收入）{} 元，应上解上级工会 {} 元；本期已上解 {} 元，期末尚未上解 {} 元。",
            (u.retained + u.booked).grouped(),
            u.retained.grouped(),
            u.booked.grouped(),
            u.remitted.grouped(),
            u.owed.grouped()
        )],
        Mode::TaxCollected => vec![format!(
            "本会工会经费由税务部门代收，上级工会部分由税务部门直接划转，本会不经手上解；本期收到返还的本会留成部分（拨缴经费收入）{} 元。",
            u.retained.grouped()
        )],
        Mode::FullRefund => vec![format!(
            "本会工会经费按规定全额返还本会，不上解上级工会；本期收到拨缴经费收入 {} 元。",
            u.retained.grouped()
        )],
    }
}

/// 资产和结转结余 at the span's end: the items members ask about.
fn position_table(position: &[(&'static str, Amount)]) -> Table {
    let keep = ["货币资金", "库存物品", "固定资产原值", "累计折旧", "固定资产净值", "负债合计"];
    let mut rows: Vec<Row> = position
        .iter()
        .filter(|(l, _)| keep.contains(l) || l.starts_with("工会资金"))
        .map(|(l, a)| Row::new(vec![Cell::text(l.replace("（含本期未结转收支）", "")), Cell::Amount(*a)]))
        .collect();
    let fund: Amount = position.iter().filter(|(l, _)| l.starts_with("工会资金")).map(|(_, a)| *a).sum();
    rows.push(Row::styled(vec![Cell::text("结转结余合计"), Cell::Amount(fund)], RowStyle::Total));
    Table {
        title: Some("六、资产和结转结余（期末）".into()),
        columns: vec![Column::text("项目", 20), Column::amount("金额")],
        rows,
    }
}

/// The line of the activity table for spending booked to no activity or project.
pub const UNASSIGNED: &str = "未列入活动、项目的支出";

/// `disclosure`.
pub fn disclosure(i: &Input) -> Report {
    let (span, f) = (i.span, &i.figures);
    let title = if i.opinion.is_some() {
        "工会经费收支情况公开".to_string()
    } else {
        format!("工会经费收支情况公开{DRAFT_MARK}")
    };
    let mut r = Report::new("disclosure", &title, &i.org, &span.label());
    let (start, end) = if span.is_year() { ("年初", "年末") } else { ("期初", "期末") };
    r.sections.push(Section::Text {
        heading: Some("一、收支总表".into()),
        paragraphs: vec![format!(
            "{start}结转结余 {} 元，本期收入 {} 元，本期支出 {} 元，{end}结转结余 {} 元。",
            f.opening.grouped(),
            f.income_total().grouped(),
            f.spending_total().grouped(),
            f.closing.grouped()
        )],
    });
    r.sections.push(Section::Table(shares_table("收入", &f.income, false)));
    r.sections.push(Section::Table(shares_table("支出", &f.spending, false)));
    let mut rows = Vec::new();
    for (year, (bi, ai, bs, a_s)) in &i.budget {
        for (label, b, a) in [("收入", *bi, *ai), ("支出", *bs, *a_s)] {
            rows.push(Row::new(vec![
                // Part of a year is set against the whole year's budget, and says so.
                Cell::text(if span.is_year() {
                    format!("{year} 年{label}")
                } else {
                    format!("{year} 年{label}（全年预算）")
                }),
                Cell::Amount(b),
                Cell::Amount(a),
                Cell::Amount(b - a),
                Cell::Percent(percent(a, b)),
            ]));
        }
    }
    r.sections.push(Section::Table(Table {
        title: Some("二、预算执行情况".into()),
        columns: vec![
            Column::text("项目", 10),
            Column::amount("调整后预算"),
            Column::amount("实际"),
            Column::amount("差异"),
            Column::percent("执行率"),
        ],
        rows,
    }));
    r.sections.push(Section::Table(activity_table(&i.by_activity, &i.activity_names, f.spending_total())));
    let mut welfare = welfare_table(&i.welfare, Some(i.people.0));
    welfare.title = Some("四、福利慰问发放汇总（只列人数和金额）".into());
    r.sections.push(Section::Table(welfare));
    let (people, outside) = i.people;
    if people > 0 {
        let mut line = format!("人数为不重复计算的人数：本期共有 {people} 人领取福利慰问");
        if outside > 0 {
            line.push_str(&format!("，其中 {outside} 人不是本会在职会员（见审查意见）"));
        }
        line.push_str("；人次为发放次数。");
        r.sections.push(Section::Text { heading: None, paragraphs: vec![line] });
    }
    r.sections.push(Section::Text {
        heading: Some("五、拨缴经费和上解上级".into()),
        paragraphs: upward_paragraphs(&i.upward),
    });
    r.sections.push(Section::Table(position_table(&i.position)));
    let kept = &i.findings;
    let rectified = kept.iter().filter(|k| k.disposition.as_ref().is_some_and(|d| d.outcome == "rectified")).count();
    // The committee's own word, never one made up from the findings.
    let mut opinion = crate::audit::opinion::conclusion_paragraphs(i.opinion.as_ref());
    let problems = super::audit::problem_count(kept);
    if problems > 0 {
        opinion.push(format!("审查发现的 {problems} 个问题中，已整改 {rectified} 个，其余正在整改。"));
    }
    if i.opinion.is_none() {
        r.notes.push("本公开稿尚缺经审会审查意见，意见录入前为草稿，不宜公布。".into());
    }
    r.sections
        .push(Section::Text { heading: Some("七、经费审查委员会审查意见".into()), paragraphs: opinion });
    let (publication, unset) = i.publication.paragraphs(&span.label());
    r.sections.push(Section::Text { heading: Some("八、公开说明".into()), paragraphs: publication });
    if !unset.is_empty() {
        r.notes.push(format!(
            "公开说明尚缺：{}；请设置，例如 gonghui settings disclosure_days 7、gonghui settings disclosure_channel 校务公开栏、gonghui settings disclosure_contact \"经审会 王芳，电话 0551-1234567\"。",
            unset.join("、")
        ));
    }
    r.signatures = vec!["工会（盖章）".into(), "工会主席".into(), "经费审查委员会主任".into(), "财务负责人".into()];
    r
}
