//! The federation's listings: the unions (with level and upper union), the tree, and the
//! filings of the unions under an upper union.

use super::listing;
use crate::books::federation::Filing;
use crate::books::Org;
use crate::ledger::federation::Tree;
use crate::report::{Cell, Column, Report, Row, Section, Table};

/// `orgs`: every union of the database, with its level and upper union.
pub fn orgs(orgs: &[Org]) -> Report {
    let mut r = listing("orgs", "工会列表", "", "");
    r.unit.clear();
    let upper_of =
        |o: &Org| o.upper.and_then(|u| orgs.iter().find(|x| x.id == u)).map(|u| u.code.clone()).unwrap_or_default();
    let rows = orgs
        .iter()
        .map(|o| {
            Row::new(vec![
                Cell::text(&o.code),
                Cell::text(&o.name),
                Cell::text(&o.province),
                Cell::text(o.kind.label()),
                Cell::text(upper_of(o)),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("代码", 10),
            Column::text("名称", 20),
            Column::text("省份", 8),
            Column::text("级别", 6),
            Column::text("上级工会", 10),
        ],
        rows,
    }));
    r
}

/// `orgs tree`: each union with the unions under it, indented.
pub fn tree(t: &Tree) -> Report {
    let mut r = listing("orgs-tree", "工会隶属关系", "", "");
    r.unit.clear();
    let rows = t
        .lines()
        .into_iter()
        .map(|(depth, n)| Row {
            cells: vec![
                Cell::text(&n.code),
                Cell::text(&n.name),
                Cell::text(n.kind.label()),
                Cell::text(n.upper.and_then(|u| t.node(u)).map(|u| u.code.clone()).unwrap_or_default()),
                Cell::Int(t.children(n.id).len() as i64),
            ],
            style: crate::report::RowStyle::Normal,
            indent: depth as u8,
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("代码", 10),
            Column::text("名称", 24),
            Column::text("级别", 6),
            Column::text("上级工会", 10),
            Column::number("直属下级"),
        ],
        rows,
    }));
    r
}

/// `filings --year Y`: each union under the upper union, its budget filing's status, when and by
/// whom, the reason of a return, and whether it is late.
pub fn filings(upper: &str, year: i32, due: Option<&str>, list: &[Filing]) -> Report {
    let mut r = listing("filings", &format!("{year} 年预算报送情况"), upper, &format!("{year}年"));
    r.unit.clear();
    let rows = list
        .iter()
        .map(|f| {
            let last = f.last.as_ref();
            Row::new(vec![
                Cell::text(&f.code),
                Cell::text(&f.name),
                Cell::text(f.status.map(|s| s.label()).unwrap_or("未报送")),
                Cell::text(last.map(|s| crate::shown_time(&s.at)).unwrap_or_default()),
                Cell::text(last.map(|s| s.actor.clone()).unwrap_or_default()),
                Cell::text(last.map(|s| s.reason.clone()).unwrap_or_default()),
                Cell::text(if f.late { "逾期" } else { "" }),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("代码", 10),
            Column::text("工会", 20),
            Column::text("状态", 6),
            Column::text("时间", 16),
            Column::text("办理人", 6),
            Column::text("退回理由", 24),
            Column::text("逾期", 4),
        ],
        rows,
    }));
    let count = |p: &dyn Fn(&Filing) -> bool| list.iter().filter(|f| p(f)).count();
    r.notes.push(format!(
        "下级工会 {} 个：已接收 {}，已报送待接收 {}，已退回 {}，未报送 {}。",
        list.len(),
        count(&|f| f.status == Some(crate::ledger::federation::FilingStatus::Accepted)),
        count(&|f| f.status == Some(crate::ledger::federation::FilingStatus::Submitted)),
        count(&|f| f.status == Some(crate::ledger::federation::FilingStatus::Returned)),
        count(&|f| f.status.is_none()),
    ));
    r.notes.push(match due {
        Some(d) => format!("报送截止日：{year}-{d}；逾期的是截止日后仍未报送或退回后未重报的工会。"),
        None => "未设报送截止日，不判断逾期（上级工会可设：gonghui settings budget_due 03-31）。".into(),
    });
    r
}
