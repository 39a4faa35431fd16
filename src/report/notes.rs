//! 附注 of the annual statements: the eight items of 《工会会计制度》第六部分, each with what the
//! books say of it (budget execution, composition of money, income and spending, disposals,
//! nominal-amount assets, prior-year adjustments, accepted risks) followed by the text the union
//! wrote itself (`notes set`); an item that only the union can write and has not is marked so.

use crate::books::{Books, VoucherFilter};
use crate::budget::Budget;
use crate::error::Result;
use crate::ledger::assets::Asset;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{ChartView, Class, Side};
use crate::ledger::notes::{current, ITEMS, NUMERALS};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Source, Status};
use crate::money::{percent, Amount};
use std::collections::BTreeMap;

/// What the notes of a year read.
pub struct Annual {
    pub year: i32,
    pub budget: Budget,
    pub chart: ChartView,
    /// The year's operating turnover (closing entries aside).
    pub turnover: Vec<BalanceRow>,
    /// Balances by account at the year's end.
    pub closing: Vec<BalanceRow>,
    pub assets: Vec<Asset>,
    /// Corrections of earlier years booked this year (以前年度调整).
    pub adjustments: Vec<String>,
    /// Risks accepted when the year was closed.
    pub accepted: Vec<String>,
    /// The union's own text in force, by item (1–8).
    pub written: BTreeMap<u8, String>,
}

pub async fn load(b: &Books<'_>, year: i32) -> Result<Annual> {
    let (jan, dec) = (Period::new(year, 1), Period::new(year, 12));
    // Only the prior-year adjustments are read (a year's headers would be all its vouchers).
    let f = VoucherFilter {
        from: Some(jan),
        to: Some(dec),
        status: Some(Status::Posted),
        source_kind: Some(Source::PriorYear.kind().to_string()),
        ..Default::default()
    };
    let adjustments = b
        .voucher_headers(&f)
        .await?
        .into_iter()
        .map(|h| format!("凭证 {}（{}）{}，金额 {} 元", h.no, h.date, h.summary, h.total.grouped()))
        .collect();
    let accepted = b
        .events(Some("close_year_accept"))
        .await?
        .into_iter()
        .filter(|e| e.subject == year.to_string())
        .map(|e| format!("年终结账时经 {} 确认接受：{}", e.actor, e.detail))
        .collect();
    let notes = b.notes(year).await?;
    let written = current(&notes).into_iter().map(|(i, n)| (i, n.body.clone())).collect();
    Ok(Annual {
        year,
        budget: b.budget(year).await?,
        chart: b.chart().await?,
        turnover: b.turnover(jan, dec).await?,
        closing: b.balance_totals(Period(0), dec).await?,
        assets: b.assets().await?,
        adjustments,
        accepted,
        written,
    })
}

/// An account's balance on its normal side, from rows of any depth, for it and its details.
fn balance(chart: &ChartView, rows: &[BalanceRow], code: &str) -> Amount {
    let side = chart.get(code).map(|a| a.side).unwrap_or(Side::Debit);
    rows.iter()
        .filter(|r| r.account == code || ChartView::ancestors(&r.account).contains(&code))
        .map(|r| if side == Side::Debit { r.debit - r.credit } else { r.credit - r.debit })
        .sum()
}

fn rate(a: Amount, b: Amount) -> String {
    percent(a, b).map(|p| format!("{p:.2}%")).unwrap_or_else(|| "—".into())
}

/// The first-level accounts of a class with their turnover in the year, largest first.
fn composition(n: &Annual, class: Class) -> (Amount, Vec<(String, Amount)>) {
    let rows = crate::budget::by_account(&n.chart, &n.budget, &n.turnover, class);
    let mut top: Vec<(String, Amount)> =
        rows.iter().filter(|e| e.level == 0 && !e.actual.is_zero()).map(|e| (e.name.clone(), e.actual)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1));
    (top.iter().map(|t| t.1).sum(), top)
}

/// The notes' paragraphs: each item's heading line, then what the books say, then the union's text.
pub fn paragraphs(n: &Annual) -> Vec<String> {
    let year = n.year;
    let mut items: [Vec<String>; 8] = Default::default();
    items[0].push(format!(
        "本会 {year} 年度财务报表按照《工会会计制度》（财会〔2021〕7号）编制，真实、完整地反映了本会的财务状况和收支情况。"
    ));
    // 二: position and budget execution.
    let (income, income_parts) = composition(n, Class::Income);
    let (spending, spending_parts) = composition(n, Class::Expenditure);
    items[1].push(format!(
        "本年收入 {} 元，支出 {} 元，收支差额 {} 元。",
        income.grouped(),
        spending.grouped(),
        (income - spending).grouped()
    ));
    if n.budget.is_empty() {
        items[1].push(format!("{year} 年度未导入预算。"));
    } else {
        let part = |class: Class| {
            let rows = crate::budget::by_account(&n.chart, &n.budget, &n.turnover, class);
            let top: Vec<_> = rows.iter().filter(|e| e.level == 0).collect();
            let b: Amount = top.iter().map(|e| e.plan.adjusted()).sum();
            let a: Amount = top.iter().map(|e| e.actual).sum();
            (b, a)
        };
        let (bi, ai) = part(Class::Income);
        let (bo, ao) = part(Class::Expenditure);
        let adjustments = n.budget.versions.iter().filter(|v| v.version > 0).count();
        items[1].push(format!(
            "预算执行情况：收入调整后预算 {}，实际 {}，执行率 {}；支出调整后预算 {}，实际 {}，执行率 {}；本年预算调整 {adjustments} 次。详见预算执行情况表。",
            bi.grouped(), ai.grouped(), rate(ai, bi), bo.grouped(), ao.grouped(), rate(ao, bo)
        ));
    }
    // 三: the policies the books apply.
    items[2].push(
        "本会执行《工会会计制度》；固定资产按年限平均法逐月计提折旧（购置当月起计提），折旧年限不低于制度附录2规定的最低年限。"
            .into(),
    );
    // 四: composition of money, income and spending, and open receivables and payables.
    let cash = balance(&n.chart, &n.closing, "101");
    let bank = balance(&n.chart, &n.closing, "102");
    items[3].push(format!(
        "货币资金年末 {} 元，其中库存现金 {} 元、银行存款 {} 元。",
        (cash + bank).grouped(),
        cash.grouped(),
        bank.grouped()
    ));
    let listed = |total: Amount, parts: &[(String, Amount)]| -> String {
        parts
            .iter()
            .map(|(name, a)| format!("{name} {}（{}）", a.grouped(), rate(*a, total)))
            .collect::<Vec<_>>()
            .join("，")
    };
    if !income_parts.is_empty() {
        items[3].push(format!("收入构成：{}。", listed(income, &income_parts)));
    }
    if !spending_parts.is_empty() {
        items[3].push(format!("支出构成：{}。", listed(spending, &spending_parts)));
    }
    let open: Vec<String> = ["131", "135", "211", "215"]
        .iter()
        .filter_map(|code| {
            let a = balance(&n.chart, &n.closing, code);
            let name = n.chart.get(code).map(|a| a.name.as_str()).unwrap_or(code);
            (!a.is_zero()).then(|| format!("{name} {}", a.grouped()))
        })
        .collect();
    if !open.is_empty() {
        items[3].push(format!("年末往来余额：{}。", open.join("，")));
    }
    // 五: disposals.
    let disposed: Vec<String> = n
        .assets
        .iter()
        .filter(|a| a.disposed_on.is_some_and(|d| chrono::Datelike::year(&d) == year))
        .map(|a| format!("{}（原值 {} 元，{} 处置）", a.name, a.cost.grouped(), a.disposed_on.unwrap()))
        .collect();
    items[4].push(if disposed.is_empty() {
        "本年资产登记簿中无资产处置。".into()
    } else {
        format!("本年处置资产 {} 项：{}。", disposed.len(), disposed.join("；"))
    });
    // 六: assets carried at the nominal amount of 1 元.
    let nominal: Vec<String> = n
        .assets
        .iter()
        .filter(|a| a.cost == Amount(100) && a.disposed_on.is_none_or(|d| chrono::Datelike::year(&d) > year))
        .map(|a| a.name.clone())
        .collect();
    items[5].push(if nominal.is_empty() {
        "资产登记簿中无以名义金额（人民币1元）计量的资产。".into()
    } else {
        format!("以名义金额（人民币1元）计量的资产 {} 项：{}。", nominal.len(), nominal.join("、"))
    });
    // 七: prior-year adjustments.
    items[6].push(if n.adjustments.is_empty() {
        "本年无以前年度结转结余调整。".into()
    } else {
        format!("本年以前年度调整（通过 32101/32201 年初余额调整）：{}。", n.adjustments.join("；"))
    });
    // 八: risks accepted at closing.
    for a in &n.accepted {
        items[7].push(format!("{a}。"));
    }
    // The union's own text follows what the books say; items only it can write say when it has not.
    let mut out = Vec::new();
    for (i, lines) in items.iter_mut().enumerate() {
        match n.written.get(&(i as u8 + 1)) {
            Some(text) => lines.extend(text.lines().map(str::to_string)),
            None if i == 2 => lines.push("会计政策和会计估计的变更：（本会尚未录入说明）".into()),
            None if i == 7 && lines.is_empty() => lines.push("（本会尚未录入说明）".into()),
            None => {}
        }
        out.push(format!("{}、{}", NUMERALS[i], ITEMS[i]));
        out.extend(lines.drain(..).map(|l| format!("　　{l}")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::chart::builtin_chart;

    fn row(account: &str, debit: i64, credit: i64) -> BalanceRow {
        BalanceRow { account: account.into(), activity: String::new(), debit: Amount(debit), credit: Amount(credit) }
    }

    fn annual(written: &[(u8, &str)]) -> Annual {
        Annual {
            year: 2025,
            budget: Budget::default(),
            chart: ChartView::new(builtin_chart()),
            turnover: vec![row("401", 0, 40_000), row("402", 0, 60_000), row("50102", 30_000, 0)],
            closing: vec![row("101", 5_000, 1_000), row("102", 100_000, 30_000), row("215", 0, 2_500)],
            assets: vec![Asset {
                id: 1,
                name: "捐赠奖杯".into(),
                category: "用具装具".into(),
                stock: false,
                cost: Amount(100),
                life_months: 60,
                acquired_on: chrono::NaiveDate::from_ymd_opt(2025, 5, 1).unwrap(),
                voucher_no: "记-202505-0001".into(),
                disposed_on: None,
            }],
            adjustments: Vec::new(),
            accepted: Vec::new(),
            written: written.iter().map(|(i, t)| (*i, t.to_string())).collect(),
        }
    }

    #[test]
    fn all_eight_items_print_with_what_the_books_say() {
        let p = paragraphs(&annual(&[]));
        for (i, title) in ITEMS.iter().enumerate() {
            assert!(p.contains(&format!("{}、{title}", NUMERALS[i])), "item {} missing: {p:?}", i + 1);
        }
        let text = p.join("\n");
        assert!(text.contains("本年收入 1,000.00 元，支出 300.00 元，收支差额 700.00 元"), "{text}");
        assert!(text.contains("货币资金年末 740.00 元，其中库存现金 40.00 元、银行存款 700.00 元"), "{text}");
        assert!(text.contains("收入构成：拨缴经费收入 600.00（60.00%），会费收入 400.00（40.00%）"), "{text}");
        assert!(text.contains("其他应付款 25.00"), "{text}");
        assert!(text.contains("以名义金额（人民币1元）计量的资产 1 项：捐赠奖杯"), "{text}");
        assert!(text.contains("本年无以前年度结转结余调整"), "{text}");
        // What only the union can say is marked as not yet said.
        assert!(text.contains("会计政策和会计估计的变更：（本会尚未录入说明）"), "{text}");
    }

    #[test]
    fn the_unions_own_text_follows_its_item() {
        let p = paragraphs(&annual(&[
            (3, "本年会计政策和会计估计未发生变更。"),
            (8, "本会于2025年换届。\n新一届委员会已交接。"),
        ]));
        let at = |s: &str| p.iter().position(|x| x.contains(s)).unwrap_or_else(|| panic!("{s} missing: {p:?}"));
        assert!(at("三、会计政策") < at("未发生变更") && at("未发生变更") < at("四、重要项目"));
        assert!(at("八、其他") < at("本会于2025年换届") && at("本会于2025年换届") < at("新一届委员会已交接"));
        assert!(!p.iter().any(|x| x.contains("尚未录入")), "{p:?}");
    }
}
