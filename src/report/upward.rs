//! 上解经费对账表: an upper union's view of the upward share of each union directly under it —
//! due, remitted by the union (its books), received (the upper union's statements, told by the
//! payer map), in transit at the year's ends, and the difference — then every line that is in
//! transit or still to be found, so that the difference is explained line by line.

use super::{Cell, Column, Report, Row, RowStyle, Section, Table};
use crate::allocation::upward::Standing;
use crate::books::federation::Upward;
use crate::money::Amount;

pub fn build(upper: &str, year: i32, unions: &[Upward], untold: &[String]) -> Report {
    let mut r = Report::new("upward", "上解经费对账表", upper, &format!("{year}年度"));
    let mut rows = Vec::new();
    let mut totals = [Amount::ZERO; 7];
    for u in unions {
        let c = &u.reconciled;
        let figures = [u.due, c.sent, c.got, c.transit_start, c.transit_end, c.difference, u.due - c.sent];
        for (t, f) in totals.iter_mut().zip(figures) {
            *t += f;
        }
        let mut cells = vec![Cell::text(&u.org.code), Cell::text(&u.org.name)];
        cells.extend(figures.iter().map(|a| Cell::Amount(*a)));
        rows.push(Row::new(cells));
    }
    let mut total = vec![Cell::text("合计"), Cell::Empty];
    total.extend(totals.iter().map(|a| Cell::Amount(*a)));
    rows.push(Row::styled(total, RowStyle::Total));
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("代码", 8),
            Column::text("工会", 16),
            Column::amount("应上解"),
            Column::amount("下级已上解"),
            Column::amount("上级已收到"),
            Column::amount("年初在途"),
            Column::amount("年末在途"),
            Column::amount("差额"),
            Column::amount("欠缴"),
        ],
        rows,
    }));
    let mut lines = Vec::new();
    for u in unions {
        for p in u.reconciled.pairs.iter().filter(|p| p.standing != Standing::Matched) {
            lines.push(Row::new(vec![
                Cell::text(&u.org.name),
                Cell::text(p.sent.as_ref().map(|s| s.date.to_string()).unwrap_or_default()),
                Cell::text(p.sent.as_ref().map(|s| s.voucher.clone()).unwrap_or_default()),
                p.sent.as_ref().map(|s| Cell::Amount(s.amount)).unwrap_or(Cell::Empty),
                Cell::text(p.got.as_ref().map(|g| g.date.to_string()).unwrap_or_default()),
                p.got.as_ref().map(|g| Cell::Amount(g.amount)).unwrap_or(Cell::Empty),
                Cell::text(p.standing.label()),
            ]));
        }
    }
    let open = unions.iter().flat_map(|u| u.reconciled.unexplained()).count();
    r.sections.push(Section::Table(Table {
        title: Some("在途和待查明的款项".into()),
        columns: vec![
            Column::text("工会", 16),
            Column::text("上解日期", 10),
            Column::text("凭证", 14),
            Column::amount("上解金额"),
            Column::text("到账日期", 10),
            Column::amount("到账金额"),
            Column::text("情况", 20),
        ],
        rows: lines,
    }));
    r.notes.push("差额 = 下级已上解 − 上级已收到 − 年末在途 + 年初在途；欠缴 = 应上解 − 下级已上解。".into());
    r.notes.push(if open == 0 {
        "每笔上解都已到账或在途，两边账目相符。".into()
    } else {
        format!("有 {open} 笔款项待查明（见上表“情况”），差额由这些款项构成。")
    });
    let unknown: Vec<String> = unions
        .iter()
        .filter(|u| u.months_without_payroll > 0)
        .map(|u| format!("{}（{} 个月）", u.org.name, u.months_without_payroll))
        .collect();
    if !unknown.is_empty() {
        r.notes.push(format!(
            "以下工会有月份没有工资数据，这些月份的应上解按 0 计，欠缴为负数即已上解多于可计算的应上解：{}",
            unknown.join("、")
        ));
    }
    if !untold.is_empty() {
        r.notes.push(format!(
            "本会收到、未能对应到下级工会的款项 {} 笔（如是下级上解，请在付款单位对照表 payers 中补上其户名或账号）：{}",
            untold.len(),
            untold.join("；")
        ));
    }
    r
}
