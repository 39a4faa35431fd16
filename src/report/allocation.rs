//! 经费拨缴情况表: per month the head count and wage bill (the 2% base), the 2% due and its split,
//! what was received and remitted, cumulative arrears, 应付上级经费 (211) at the month's end, dues
//! due and collected; totals; the audit's figures as notes. Where the union remits nothing itself
//! (税务代收, 全额返还) the upward columns say so instead of showing figures that are not owed.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::allocation::status::{Receipt, YearStatus};
use crate::allocation::{percent_text, Settings};
use crate::books::Books;
use crate::error::Result;
use crate::money::Amount;
use chrono::Datelike;

pub struct Input {
    pub org: String,
    pub year: i32,
    pub status: YearStatus,
    pub settings: Settings,
    /// 211 at year end.
    pub owed: Amount,
    /// 211 at the end of each month of the year.
    pub owed_by_month: Vec<Amount>,
    /// The year's remittances upward, with the upper union's receipt numbers.
    pub remittances: Vec<Receipt>,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let year = req.span.from.year();
    Ok(Input {
        org: b.org().name.clone(),
        year,
        status: b.allocation_status(year).await?,
        remittances: b
            .allocation_receipts()
            .await?
            .into_iter()
            .filter(|r| r.kind == crate::allocation::Kind::Remit && r.date.year() == year)
            .collect(),
        settings: b.allocation_settings(year).await?,
        owed: b.owed_upward(year).await?,
        owed_by_month: {
            let mut out = Vec::with_capacity(12);
            for m in 1..=12 {
                out.push(b.owed_upward_at(crate::ledger::period::Period::new(year, m)).await?);
            }
            out
        },
    })
}

pub fn build(i: &Input) -> Report {
    let (year, st, s) = (i.year, &i.status, &i.settings);
    let mut r = Report::new("allocation", "经费拨缴情况表", &i.org, &format!("{year}年度"));
    r.landscape = true;
    // What the union itself remits upward only under 自主拨缴; otherwise the share is settled
    // before the money reaches it.
    let remits = s.mode == crate::allocation::Mode::SelfRemit;
    let not_owed =
        || Cell::text(if s.mode == crate::allocation::Mode::TaxCollected { "由税务代收" } else { "不适用" });
    let columns = vec![
        Column::text("月份", 8),
        Column::number("职工人数"),
        Column::amount("工资总额"),
        Column::amount("应拨缴"),
        Column::amount("应留成"),
        Column::amount("应上解"),
        Column::amount("实收拨缴"),
        Column::amount("已上解"),
        Column::amount("应上解未上解（211）"),
        Column::amount("累计欠缴"),
        Column::amount("应收会费"),
        Column::amount("实收会费"),
        Column::text("上解日期及收据号", 18),
    ];
    let mut rows = Vec::new();
    let mut t = [Amount::ZERO; 8];
    for (n, m) in st.rows.iter().enumerate() {
        let vals = [
            m.wage_bill.unwrap_or_default(),
            m.due,
            m.retained_due,
            m.upward_due,
            m.received,
            m.remitted,
            m.dues_due,
            m.dues_received,
        ];
        for (a, v) in t.iter_mut().zip(vals) {
            *a += v;
        }
        let (wage, people) = match (m.wage_bill, m.headcount) {
            (Some(w), Some(h)) => (Cell::Amount(w), Cell::Int(h)),
            _ => (Cell::text("未导入"), Cell::Empty),
        };
        rows.push(Row::new(vec![
            Cell::text(m.period.to_string()),
            people,
            wage,
            Cell::Amount(m.due),
            Cell::Amount(m.retained_due),
            if remits { Cell::Amount(m.upward_due) } else { not_owed() },
            Cell::Amount(m.received),
            if remits { Cell::Amount(m.remitted) } else { not_owed() },
            Cell::Amount(i.owed_by_month.get(n).copied().unwrap_or_default()),
            Cell::Amount(m.arrears),
            Cell::Amount(m.dues_due),
            Cell::Amount(m.dues_received),
            remitted_on(&i.remittances, m.period),
        ]));
    }
    rows.push(Row::styled(
        vec![
            Cell::text("合计"),
            Cell::Empty,
            Cell::Amount(t[0]),
            Cell::Amount(t[1]),
            Cell::Amount(t[2]),
            if remits { Cell::Amount(t[3]) } else { not_owed() },
            Cell::Amount(t[4]),
            if remits { Cell::Amount(t[5]) } else { not_owed() },
            Cell::Amount(i.owed),
            Cell::Amount(st.arrears_at_year_end),
            Cell::Amount(t[6]),
            Cell::Amount(t[7]),
            Cell::Empty,
        ],
        RowStyle::Total,
    ));
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    if !i.remittances.is_empty() {
        let missing = i.remittances.iter().filter(|x| x.receipt.is_none()).count();
        if missing > 0 {
            r.notes.push(format!(
                "{missing} 笔上解款尚未录入上级工会的工会经费收入专用收据号；收到收据后附于原凭证（gonghui voucher attach 凭证号 收据扫描件）。以后上解时可用 allocation remit --receipt 收据号 一并录入。"
            ));
        }
    }
    r.notes.push(format!(
        "拨缴方式：{}；拨缴比例 {}（工会法第四十三条），留成 {}、上解 {}{}；会费按会费基数的 {} 计收，全额留本会。",
        s.mode.label(),
        percent_text(s.rate),
        percent_text(s.retention),
        percent_text(s.upward),
        if s.tax_fee.is_zero() { String::new() } else { format!("，代收手续费 {}", percent_text(s.tax_fee)) },
        percent_text(s.dues_rate)
    ));
    r.notes.push(
        "实收拨缴、已上解、实收会费按到账（付款）日期计入当月；累计欠缴为截至月末应收未收的金额（只计已记账凭证）。"
            .into(),
    );
    for i in &st.issues {
        let paid = i.last_paid.map(|d| format!("，最后到账 {d}")).unwrap_or_default();
        if i.received < i.expected {
            r.notes.push(format!(
                "{} 应收 {}，实收 {}，欠缴 {}{paid}。",
                i.period.label(),
                i.expected.grouped(),
                i.received.grouped(),
                (i.expected - i.received).grouped()
            ));
        } else if i.late {
            r.notes.push(format!("{}的拨缴款逾期到账（应于{}到账{paid}）。", i.period.label(), st.due_by.label()));
        }
    }
    if !st.missing_payroll.is_empty() {
        r.notes.push(format!(
            "以下月份未导入工资数据，应拨缴无法计算：{}。",
            st.missing_payroll.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("、")
        ));
    }
    let owed = i.owed;
    if !owed.is_zero() {
        r.notes.push(format!("年末“应付上级经费”（211）余额 {}，尚未上解。", owed.grouped()));
    }
    if !st.dues_short.is_zero() {
        r.notes.push(format!("会费少收 {}。", st.dues_short.grouped()));
    }
    r
}

/// A month's remittances as one cell: date and the upper union's receipt number (未录入 when
/// it has not been entered), several joined by "；".
fn remitted_on(rs: &[Receipt], month: crate::ledger::period::Period) -> Cell {
    let cell: Vec<String> = rs
        .iter()
        .filter(|r| crate::ledger::period::Period::of(r.date) == month)
        .map(|r| format!("{} {}", r.date.format("%m-%d"), r.receipt.as_deref().unwrap_or("收据号未录入")))
        .collect();
    if cell.is_empty() {
        Cell::Empty
    } else {
        Cell::text(cell.join("；"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allocation::status::{compute, Payroll, Receipt};
    use crate::allocation::Kind;
    use crate::ledger::period::Period;

    #[test]
    fn a_short_month_shows_its_arrears_and_the_totals() {
        let s = Settings::default();
        let payroll: Vec<Payroll> = (1..=2)
            .map(|m| Payroll {
                period: Period::new(2025, m),
                wage_bill: Amount(100_000_000),
                headcount: 100,
                members: 95,
                dues_base: Amount(90_000_000),
            })
            .collect();
        let paid = |m: u32, amount: i64| Receipt {
            kind: Kind::Receive,
            period: Period::new(2025, m),
            date: Period::new(2025, m).first_day() + chrono::Duration::days(9),
            amount: Amount(amount),
            voucher: String::new(),
            receipt: None,
        };
        let status = compute(
            2025,
            &s,
            crate::allocation::status::Due::default(),
            &payroll,
            &[paid(1, 2_000_000), paid(2, 1_500_000)],
        );
        let owed_by_month = vec![Amount::ZERO; 12];
        let r = build(&Input {
            org: "测试工会".into(),
            year: 2025,
            status,
            settings: s,
            owed: Amount::ZERO,
            owed_by_month,
            remittances: Vec::new(),
        });
        let t = r.tables().next().unwrap();
        let col = |name: &str| t.columns.iter().position(|c| c.name == name).unwrap();
        assert_eq!(t.rows[0].cells[col("职工人数")], Cell::Int(100));
        assert_eq!(t.rows[0].cells[col("应拨缴")], Cell::Amount(Amount(2_000_000)), "January: 2% of 1,000,000.00");
        assert_eq!(t.rows[1].cells[col("累计欠缴")], Cell::Amount(Amount(500_000)), "February short by 5,000.00");
        assert!(r.notes.iter().any(|n| n.contains("欠缴 5,000.00")), "{:?}", r.notes);
    }
}
