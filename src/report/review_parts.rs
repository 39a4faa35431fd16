//! The audit review's sections on what the committee checks beyond income and spending: the 2%
//! and the dues (due, received, kept, owed and remitted upward), the assets (the register
//! against 162/163) and last year's findings with their rectification.

use super::figures::{self, Upward};
use crate::allocation::{percent_text, Mode};
use crate::audit::rectification::Item;
use crate::audit::{period_key, Kept, Severity};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The 2% and the dues over the span's months.
#[derive(Debug, Clone)]
pub struct Funds {
    pub upward: Upward,
    pub wage_bill: Amount,
    /// What the union should receive in its mode, and what it received.
    pub expected: Amount,
    pub received: Amount,
    /// Arrears at the span's end.
    pub arrears: Amount,
    pub months_without_payroll: usize,
    pub dues_rate: Decimal,
    pub dues_due: Amount,
    pub dues_received: Amount,
}

/// The register's fixed assets against the ledger at the span's end.
#[derive(Debug, Clone, Default)]
pub struct AssetCheck {
    pub register_cost: Amount,
    pub register_depreciation: Amount,
    pub ledger_cost: Amount,
    pub ledger_depreciation: Amount,
    /// The physical counts recorded in the span.
    pub counts: Vec<crate::ledger::assets::Count>,
}

pub struct Parts {
    pub funds: Funds,
    pub assets: AssetCheck,
    /// The year before the span's, and its kept findings (None: not audited with this tool).
    pub last_year: (i32, Option<Vec<Kept>>),
    /// That year's 整改台账, and the day its standing is told on (today).
    pub last_year_ledger: (Vec<Item>, NaiveDate),
}

pub async fn load(b: &Books<'_>, span: Span) -> Result<Parts> {
    let mut funds = Funds {
        upward: figures::upward(b, span).await?,
        wage_bill: Amount::ZERO,
        expected: Amount::ZERO,
        received: Amount::ZERO,
        arrears: Amount::ZERO,
        months_without_payroll: 0,
        dues_rate: b.allocation_settings(span.to.year()).await?.dues_rate,
        dues_due: Amount::ZERO,
        dues_received: Amount::ZERO,
    };
    for year in span.from.year()..=span.to.year() {
        let st = b.allocation_status(year).await?;
        for m in st.rows.iter().filter(|m| m.period >= span.from && m.period <= span.to) {
            match m.wage_bill {
                Some(w) => funds.wage_bill += w,
                None => funds.months_without_payroll += 1,
            }
            funds.expected += m.expected;
            funds.received += m.received;
            funds.dues_due += m.dues_due;
            funds.dues_received += m.dues_received;
            if m.period == span.to {
                funds.arrears = m.arrears;
            }
        }
    }
    let (register_cost, register_depreciation) = super::assets::fixed_totals(
        &b.assets().await?,
        &b.depreciation_runs().await?.into_iter().map(|(p, _, _)| p).collect::<Vec<_>>(),
        span.to,
    );
    let rows = b.balance_totals(Period(0), span.to).await?;
    let of = |p: &str| -> Amount { rows.iter().filter(|r| r.account.starts_with(p)).map(|r| r.debit - r.credit).sum() };
    let assets = AssetCheck {
        register_cost,
        register_depreciation,
        ledger_cost: of("162"),
        ledger_depreciation: -of("163"),
        counts: b
            .asset_counts()
            .await?
            .into_iter()
            .filter(|c| c.date >= span.from.first_day() && c.date <= span.to.last_day())
            .collect(),
    };
    let prior = span.from.year() - 1;
    let kept = b.findings_kept(&period_key(Span::year(prior))).await?;
    Ok(Parts {
        funds,
        assets,
        last_year: (prior, (!kept.is_empty()).then_some(kept)),
        last_year_ledger: (b.rectification(Span::year(prior)).await?, crate::today()),
    })
}

/// 拨缴经费、会费和上解情况.
pub fn funds_text(f: &Funds) -> Vec<String> {
    let u = &f.upward;
    let mut out = vec![match u.mode {
        Mode::SelfRemit => format!(
            "本期职工工资总额 {} 元，按 2% 应拨缴工会经费 {} 元，实收 {} 元，期末欠缴 {} 元。其中本会留成（拨缴经费收入）{} 元，应上解上级工会 {} 元，已上解 {} 元，期末应付上级经费（211）余额 {} 元。",
            f.wage_bill.grouped(),
            f.expected.grouped(),
            f.received.grouped(),
            f.arrears.grouped(),
            u.retained.grouped(),
            u.booked.grouped(),
            u.remitted.grouped(),
            u.owed.grouped()
        ),
        Mode::TaxCollected => format!(
            "本会工会经费由税务部门代收。本期职工工资总额 {} 元，应返还本会 {} 元，实收返还 {} 元，期末尚欠 {} 元；上级工会部分由税务部门划转，本会不经手上解。",
            f.wage_bill.grouped(),
            f.expected.grouped(),
            f.received.grouped(),
            f.arrears.grouped()
        ),
        Mode::FullRefund => format!(
            "本会工会经费全额返还本会，不上解上级工会。本期职工工资总额 {} 元，应收 {} 元，实收 {} 元，期末尚欠 {} 元。",
            f.wage_bill.grouped(),
            f.expected.grouped(),
            f.received.grouped(),
            f.arrears.grouped()
        ),
    }];
    if f.months_without_payroll > 0 {
        out.push(format!("其中 {} 个月未导入工资数据，应拨缴数不全，须补充核对。", f.months_without_payroll));
    }
    let short = f.dues_due - f.dues_received;
    out.push(format!(
        "会费按会员工资收入的 {} 计收，本期应收 {} 元，实收 {} 元{}；会费全额留本会。",
        percent_text(f.dues_rate),
        f.dues_due.grouped(),
        f.dues_received.grouped(),
        if short > Amount::ZERO { format!("，少收 {} 元", short.grouped()) } else { String::new() }
    ));
    out
}

/// 资产管理情况.
pub fn assets_text(a: &AssetCheck) -> Vec<String> {
    if [a.register_cost, a.register_depreciation, a.ledger_cost, a.ledger_depreciation].iter().all(|x| x.is_zero()) {
        return vec!["本会期末没有固定资产。".into()];
    }
    let agree = a.register_cost == a.ledger_cost && a.register_depreciation == a.ledger_depreciation;
    let mut out = vec![format!(
        "固定资产登记表在用资产原值 {} 元、累计折旧 {} 元；账面固定资产（162）{} 元、累计折旧（163）{} 元，{}。",
        a.register_cost.grouped(),
        a.register_depreciation.grouped(),
        a.ledger_cost.grouped(),
        a.ledger_depreciation.grouped(),
        if agree {
            "账卡相符".to_string()
        } else {
            format!(
                "账卡不符（原值相差 {} 元，累计折旧相差 {} 元），须查明原因",
                (a.ledger_cost - a.register_cost).grouped(),
                (a.ledger_depreciation - a.register_depreciation).grouped()
            )
        }
    )];
    if a.counts.is_empty() {
        out.push("本期没有固定资产实物盘点的记录（盘点后用 gonghui asset count 记录），须实地盘点核实。".into());
    }
    out.extend(a.counts.iter().map(|c| c.text()));
    out
}

/// 上年度审查发现问题的整改情况.
pub fn last_year_text((year, kept): &(i32, Option<Vec<Kept>>), (ledger, on): &(Vec<Item>, NaiveDate)) -> Vec<String> {
    let Some(kept) = kept else {
        return vec![format!("{year} 年度未在本系统中进行审计检查，无可核对的整改记录。")];
    };
    let problems: Vec<&Kept> = kept.iter().filter(|k| k.finding.severity != Severity::Info).collect();
    let count = |outcome: &str| {
        problems.iter().filter(|k| k.disposition.as_ref().is_some_and(|d| d.outcome == outcome)).count()
    };
    let (rectified, explained, accepted) = (count("rectified"), count("explained"), count("accepted"));
    let open = problems.len() - rectified - explained - accepted;
    let mut out = vec![format!(
        "{year} 年度审查发现问题 {} 个：已整改 {rectified} 个，已作说明 {explained} 个，认定为问题尚未整改 {accepted} 个，未处理 {open} 个。",
        problems.len()
    )];
    // The 台账, where the committee keeps one, tells who answers for each and by when.
    if !ledger.is_empty() {
        out.extend(super::rectification::cited(&format!(" {year} 年度"), ledger, *on));
        return out;
    }
    let pending: Vec<String> = problems
        .iter()
        .filter(|k| k.disposition.as_ref().is_none_or(|d| d.outcome == "accepted"))
        .map(|k| format!("{}（{} 元）", k.finding.title, k.finding.amount.grouped()))
        .collect();
    if !pending.is_empty() {
        out.push(format!("尚未整改的：{}。", pending.join("；")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_register_against_the_ledger_says_whether_they_agree() {
        let a = AssetCheck {
            register_cost: Amount(2_400_000),
            register_depreciation: Amount(173_333),
            ledger_cost: Amount(2_400_000),
            ledger_depreciation: Amount(173_333),
            counts: Vec::new(),
        };
        assert!(assets_text(&a)[0].ends_with("账卡相符。"), "{:?}", assets_text(&a));
        assert!(assets_text(&a)[1].starts_with("本期没有固定资产实物盘点的记录"));
        let b = AssetCheck { ledger_cost: Amount(3_000_000), ..a.clone() };
        assert!(
            assets_text(&b)[0].contains("账卡不符（原值相差 6,000.00 元，累计折旧相差 0.00 元）"),
            "{:?}",
            assets_text(&b)
        );
        assert_eq!(assets_text(&AssetCheck::default()), ["本会期末没有固定资产。"]);
    }
}
