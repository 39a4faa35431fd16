//! 记账凭证 in its printed form (会计基础工作规范 第五十一条): 记字第 N 号, the date, 附件 N 张,
//! 摘要 / 总账科目 / 明细科目 / 借方金额 / 贷方金额, 合计 with the amount in capitals, and the boxes
//! 会计主管 / 记账 / 出纳 / 审核 / 制单 with the names; and a month's posted vouchers bound as one
//! document behind a 凭证封面, two to an A4 sheet or one.

use super::{Binding, Cell, Column, Report, Row, RowStyle, Section, Table};
use crate::books::{Books, VoucherFilter};
use crate::error::{Error, Result};
use crate::ledger::chart::ChartView;
use crate::ledger::period::Period;
use crate::ledger::profile::Profile;
use crate::ledger::voucher::{Source, Status, Voucher};
use chrono::Datelike;
use std::collections::BTreeMap;

/// What the forms read: the vouchers, the chart and activities to name their lines, the profile
/// for who signs as 会计主管 and 出纳.
pub struct Input {
    pub org: String,
    pub vouchers: Vec<Voucher>,
    pub chart: ChartView,
    pub activities: BTreeMap<String, String>,
    pub profile: Profile,
    /// The month bound (`voucher print --month`), None for one voucher (`voucher show`).
    pub month: Option<Period>,
}

async fn input(b: &Books<'_>, vouchers: Vec<Voucher>, month: Option<Period>) -> Result<Input> {
    Ok(Input {
        org: b.org().name.clone(),
        vouchers,
        chart: b.chart().await?,
        activities: b.activity_names().await?,
        profile: Profile::from_setting(b.setting(crate::ledger::profile::SETTING).await?.as_deref())?,
        month,
    })
}

/// One voucher, any status.
pub async fn load_one(b: &Books<'_>, no: &str) -> Result<Input> {
    let voucher = b
        .voucher(no)
        .await?
        .ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在（gonghui voucher list 列出凭证）")))?;
    input(b, vec![voucher], None).await
}

/// A month's posted vouchers, in the order of their numbers.
pub async fn load_month(b: &Books<'_>, month: Period) -> Result<Input> {
    let f = VoucherFilter { from: Some(month), to: Some(month), status: Some(Status::Posted), ..Default::default() };
    let mut vouchers: Vec<Voucher> =
        b.with_lines(&f).await?.into_iter().map(|(header, lines)| Voucher { header, lines }).collect();
    if vouchers.is_empty() {
        return Err(Error::not_found(format!(
            "{} 没有已记账的凭证可装订打印（草稿须审核记账后再打印；gonghui voucher list --month {} 查看）",
            month.label(),
            month
        )));
    }
    vouchers.sort_by_key(|v| Period::parse_voucher_no(&v.no).map(|(_, n)| n).unwrap_or(i64::MAX));
    input(b, vouchers, Some(month)).await
}

/// 记字第 N 号: the number within its month.
fn seq_of(no: &str) -> String {
    Period::parse_voucher_no(no).map(|(_, n)| n.to_string()).unwrap_or_else(|| no.to_string())
}

/// The form of one voucher; `full` adds its hash (one voucher shown; a bound month's footers carry
/// the state root instead).
pub fn form(i: &Input, v: &Voucher, full: bool) -> Report {
    let date = crate::cn_date(v.date);
    let mut r = Report::new("voucher", "记账凭证", &i.org, &format!("日期：{date}"));
    r.unit = format!("记字第 {} 号    附件 {} 张", seq_of(&v.no), v.attachments);
    let named = |code: &str| format!("{code} {}", i.chart.get(code).map(|a| a.name.as_str()).unwrap_or(""));
    let mut rows: Vec<Row> = v
        .lines
        .iter()
        .map(|l| {
            let top = ChartView::top(&l.account);
            let mut detail = if l.account == top { String::new() } else { named(&l.account) };
            if !l.activity.is_empty() {
                let name = i.activities.get(&l.activity).map(String::as_str).unwrap_or("");
                detail = format!("{detail}（{} {name}）", l.activity).trim_start().to_string();
            }
            if !l.econ.is_empty() {
                // A code the line carries itself (an account's default is not printed).
                let name = crate::ledger::econ::for_year(v.date.year()).item(&l.econ).map(|x| x.name.as_str());
                detail = format!("{detail} 经济分类 {} {}", l.econ, name.unwrap_or("")).trim().to_string();
            }
            Row::new(vec![
                Cell::text(&v.summary),
                Cell::text(named(top)),
                Cell::text(detail),
                Cell::amount_or_empty(l.debit),
                Cell::amount_or_empty(l.credit),
            ])
        })
        .collect();
    let total = v.total_debit();
    rows.push(Row::styled(
        vec![
            Cell::text(format!("合计（人民币大写：{}）", crate::money::capital(total))),
            Cell::Empty,
            Cell::Empty,
            Cell::Amount(total),
            Cell::Amount(total),
        ],
        RowStyle::Total,
    ));
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("摘要", 20),
            Column::text("总账科目", 12),
            Column::text("明细科目", 16),
            Column::amount("借方金额"),
            Column::amount("贷方金额"),
        ],
        rows,
    }));
    let mut about = format!("凭证号 {}；{}；来源：{}", v.no, v.status.label(), Source::label(&v.source_kind));
    if !v.source_ref.is_empty() {
        about.push_str(&format!("（{}）", v.source_ref));
    }
    if !v.decision_ref.is_empty() {
        about.push_str(&format!("；会议纪要号：{}", v.decision_ref));
    }
    r.notes.push(about);
    if full {
        if let Some(h) = &v.hash {
            r.notes.push(format!("哈希：{h}"));
        }
    }
    // Who signs: 出纳 only where cash or bank moves (the cashier paid or received it).
    let moves_money = v.lines.iter().any(|l| l.account.starts_with("101") || l.account.starts_with("102"));
    let cashier = if moves_money { i.profile.cashier.as_str() } else { "" };
    let reviewed = match (&v.reviewed_by, v.review_waived) {
        (Some(r), true) => format!("{r}（免除单独审核）"),
        (Some(r), false) => r.clone(),
        (None, _) => String::new(),
    };
    let boxes = [
        ("会计主管", i.profile.accounting_head.clone()),
        ("记账", v.posted_by.clone().unwrap_or_default()),
        ("出纳", cashier.to_string()),
        ("审核", reviewed),
        ("制单", v.prepared_by.clone()),
    ];
    r.signatures = boxes
        .iter()
        .map(|(role, name)| if name.is_empty() { role.to_string() } else { format!("{role}：{name}") })
        .collect();
    r.dated = false;
    r
}

/// The common size of 凭证纸 (记账凭证 printing paper), width × height in mm.
pub const VOUCHER_PAPER: (u32, u32) = (240, 140);

/// What vouchers are printed on: A4 sheets holding one or two, or 凭证纸 of a size, one each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Paper {
    A4 {
        per_sheet: u8,
    },
    /// Width × height in whole mm.
    Voucher(u32, u32),
}

impl Paper {
    /// `a4` (with `per_sheet`), `凭证纸` / `voucher` (240×140 mm), or a size `WxH` in mm.
    pub fn parse(text: &str, per_sheet: u8) -> Result<Paper> {
        let t = text.trim().to_lowercase().replace(['×', '*', 'х'], "x").replace("mm", "");
        let size = |t: &str| -> Option<(u32, u32)> {
            let (w, h) = t.split_once('x')?;
            let (w, h) = (w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?);
            ((100..=420).contains(&w) && (90..=297).contains(&h)).then_some((w, h))
        };
        if !(1..=2).contains(&per_sheet) {
            return Err(Error::input("--per-sheet 只能是 2（每张 A4 纸印两张凭证，默认）或 1（每张纸一张）"));
        }
        match t.as_str() {
            "a4" => Ok(Paper::A4 { per_sheet }),
            "凭证纸" | "voucher" => Ok(Paper::Voucher(VOUCHER_PAPER.0, VOUCHER_PAPER.1)),
            _ => size(&t).map(|(w, h)| Paper::Voucher(w, h)).ok_or_else(|| {
                Error::input(format!(
                    "--paper “{text}”不认识：a4（默认）、凭证纸（240×140 毫米），或写明尺寸如 212x120（宽×高，毫米，宽 100–420，高 90–297）"
                ))
            }),
        }
    }
}

/// A month bound: the 凭证封面 (起止号, 张数, 附件, 册数, who binds), then every voucher's form.
pub fn bundle(i: &Input, paper: Paper) -> Report {
    let month = i.month.expect("a month's vouchers");
    let mut r = Report::new("vouchers", "记账凭证", &i.org, &month.label());
    r.unit.clear();
    r.signatures.clear();
    let (first, last) = (i.vouchers.first().expect("vouchers"), i.vouchers.last().expect("vouchers"));
    let attachments: i64 = i.vouchers.iter().map(|v| v.attachments).sum();
    let mut paragraphs = vec![
        format!(
            "凭证起止号：记字第 {} 号至第 {} 号（{} 至 {}）",
            seq_of(&first.no),
            seq_of(&last.no),
            first.no,
            last.no
        ),
        format!("凭证张数：{} 张    附件：{attachments} 张", i.vouchers.len()),
    ];
    // Numbers within the range not bound: voided, or not yet posted.
    let bound: Vec<i64> = i.vouchers.iter().filter_map(|v| Period::parse_voucher_no(&v.no).map(|(_, n)| n)).collect();
    if let (Some(lo), Some(hi)) = (bound.first(), bound.last()) {
        let missing: Vec<String> = (*lo..=*hi).filter(|n| !bound.contains(n)).map(|n| format!("第 {n} 号")).collect();
        if !missing.is_empty() {
            paragraphs.push(format!("未装订（作废或未记账）：{}", missing.join("、")));
        }
    }
    paragraphs.extend([
        "本月凭证共 1 册    本册为第 1 册".to_string(),
        format!("会计主管：{}    装订人：________", super::or_line(&i.profile.accounting_head)),
        "装订日期：        年    月    日".into(),
    ]);
    r.sections.push(Section::Text { heading: None, paragraphs });
    (r.binding, r.paper) = match paper {
        Paper::A4 { per_sheet: 2 } => (Binding::TwoPerSheet, None),
        Paper::A4 { .. } => (Binding::OnePerSheet, None),
        Paper::Voucher(w, h) => (Binding::OnePerSheet, Some((w, h))),
    };
    r.parts = i.vouchers.iter().map(|v| form(i, v, false)).collect();
    r
}
