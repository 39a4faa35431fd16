//! 汇总 工会01表 and 工会02表 over an upper union and the unions under it (`--scope direct|all`):
//! the members' statements added up line by line, less the flows inside the federation, which
//! are listed — 403 上级补助收入 against 508 补助下级支出 on the 02表, 131 应收上级经费 against 212
//! 应付下级经费 and 211 应付上级经费 against 132 应收下级经费 on the 01表 — with the list of who is
//! included and who has not closed the year. `--by-union` shows one row per union instead.

use super::statements::{self, Kind};
use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::Org;
use crate::error::Result;
use crate::ledger::federation::{Scope, Tree};
use crate::ledger::statement::{self, Layout};
use crate::money::Amount;
use crate::store::Store;
use std::collections::BTreeMap;

/// One union of a consolidation with its statement's line values (per column).
pub struct Member {
    pub org: Org,
    /// Its upper union is in the consolidation: what it owes or is owed upward, and its 上级补助收入,
    /// are flows inside it.
    pub upper_inside: bool,
    /// The unions under it are in the consolidation: its side of those flows is inside it.
    pub lower_inside: bool,
    pub year_closed: bool,
    pub values: [BTreeMap<String, Amount>; 2],
}

pub struct Input {
    pub root: Org,
    pub scope: Scope,
    pub kind: Kind,
    pub annual: bool,
    pub period: String,
    pub headers: [String; 2],
    pub members: Vec<Member>,
}

/// Read every member's statement (figures only: the same snapshots as its own statement, read
/// for all members at once). `members` is the upper union first, as `Tree::members` gives them.
pub async fn load(
    store: &Store,
    tree: &Tree,
    members: &[Org],
    scope: Scope,
    req: &Request,
    kind: Kind,
) -> Result<Input> {
    let ids: Vec<i64> = members.iter().map(|o| o.id).collect();
    let (annual, headers, spans) = statements::columns(kind, req.span);
    let figures =
        crate::books::federation::figures(store, members, spans, &statements::prior_setting(req.span)).await?;
    let mut out = Vec::with_capacity(figures.len());
    let mut period = String::new();
    for f in figures {
        let i = statements::Input {
            org: f.org.name.clone(),
            kind,
            span: req.span,
            annual,
            headers: headers.clone(),
            columns: f.columns,
            given: statements::given(kind, annual, f.prior.as_deref()),
            year_closed: f.year_closed,
            notes: None,
            signatures: Vec::new(),
        };
        if period.is_empty() {
            period = statements::build(&i).period;
        }
        let values = statements::column_values(&i, &layout(kind));
        let children = tree.children(f.org.id);
        out.push(Member {
            upper_inside: f.org.upper.is_some_and(|u| ids.contains(&u)),
            lower_inside: !children.is_empty() && children.iter().all(|c| ids.contains(c)),
            year_closed: f.year_closed,
            values: [values[0].clone(), values[1].clone()],
            org: f.org,
        });
    }
    Ok(Input { root: members[0].clone(), scope, kind, annual, period, headers, members: out })
}

fn layout(kind: Kind) -> Layout {
    match kind {
        Kind::BalanceSheet => statement::balance_sheet(),
        Kind::IncomeExpense => statement::income_expense(),
    }
}

/// The lines of a member that are flows inside the federation: (lines of a union whose upper
/// union is inside, lines of a union whose subordinates are inside), paired in that order.
fn internal_lines(kind: Kind) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        Kind::IncomeExpense => (&["i403"], &["e508"]),
        Kind::BalanceSheet => (&["recv_upper", "owe_upper"], &["owe_lower", "recv_lower"]),
    }
}

/// One eliminated amount: whose, which line, per column.
pub struct Elimination {
    pub org: String,
    pub line: String,
    pub row: Option<u32>,
    pub amounts: [Amount; 2],
}

/// What the consolidation takes out, member by member.
pub fn eliminations(i: &Input) -> Vec<Elimination> {
    let l = layout(i.kind);
    let (up, down) = internal_lines(i.kind);
    let mut out = Vec::new();
    for m in &i.members {
        let mut take = |ids: &[&str]| {
            for id in ids {
                let def = l.lines.iter().find(|d| d.id == *id).expect("a line of the layout");
                let amounts = [m.values[0][*id], m.values[1][*id]];
                if amounts.iter().any(|a| !a.is_zero()) {
                    out.push(Elimination { org: m.org.name.clone(), line: def.label.clone(), row: def.row, amounts });
                }
            }
        };
        if m.upper_inside {
            take(up);
        }
        if m.lower_inside {
            take(down);
        }
    }
    out
}

/// The consolidated lines per column: the members' lines added up, less the eliminated ones,
/// the totals added up again from them.
pub fn consolidated(i: &Input) -> [BTreeMap<String, Amount>; 2] {
    let l = layout(i.kind);
    let (up, down) = internal_lines(i.kind);
    let column = |c: usize| {
        let mut leaves: BTreeMap<String, Amount> = BTreeMap::new();
        for d in l.lines.iter().filter(|d| !d.header && !d.is_total()) {
            let mut sum = Amount::ZERO;
            for m in &i.members {
                let internal = (m.upper_inside && up.contains(&d.id.as_str()))
                    || (m.lower_inside && down.contains(&d.id.as_str()));
                if !internal {
                    sum += m.values[c][&d.id];
                }
            }
            leaves.insert(d.id.clone(), sum);
        }
        statement::from_lines(&l, &leaves)
    };
    [column(0), column(1)]
}

/// The two sides of each pair of internal flows, added up over the members, and their difference
/// (money in transit at the period's end, or one side booked wrongly): (label, upper side, lower
/// side) per column.
pub fn unmatched(i: &Input) -> Vec<(String, [Amount; 2], [Amount; 2])> {
    let l = layout(i.kind);
    let (up, down) = internal_lines(i.kind);
    let label = |id: &str| l.lines.iter().find(|d| d.id == id).map(|d| d.label.clone()).unwrap_or_default();
    up.iter()
        .zip(down)
        .map(|(u, d)| {
            let side = |id: &str, inside: fn(&Member) -> bool| {
                let mut a = [Amount::ZERO; 2];
                for m in i.members.iter().filter(|m| inside(m)) {
                    a[0] += m.values[0][id];
                    a[1] += m.values[1][id];
                }
                a
            };
            (
                format!("下级“{}”与上级“{}”", label(u), label(d)),
                side(d, |m| m.lower_inside),
                side(u, |m| m.upper_inside),
            )
        })
        .collect()
}

fn title(i: &Input) -> (String, String) {
    let l = layout(i.kind);
    (format!("{}（汇总）", l.title), l.code)
}

/// The consolidated statement, the eliminations, and who is included.
pub fn build(i: &Input) -> Report {
    let l = layout(i.kind);
    let (name, code) = title(i);
    let report_name = match i.kind {
        Kind::BalanceSheet => "balance-sheet",
        Kind::IncomeExpense => "income-expense",
    };
    let mut r = Report::new(report_name, &name, &i.root.name, &i.period);
    r.unit = format!("{code}（汇总）    单位：元");
    let values = consolidated(i);
    let shown = l.lines.iter().filter(|d| !((d.annual_only && !i.annual) || (d.interim_only && i.annual)));
    let rows = shown
        .map(|d| Row {
            cells: statements::line_cells(d, &values, &d.label),
            style: if d.bold || d.header { RowStyle::Subtotal } else { RowStyle::Normal },
            indent: d.indent,
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("项目", 24),
            Column::number("行次"),
            Column::amount(&i.headers[0]),
            Column::amount(&i.headers[1]),
        ],
        rows,
    }));
    let elim = eliminations(i);
    let mut rows: Vec<Row> = elim
        .iter()
        .map(|e| {
            Row::new(vec![
                Cell::text(&e.org),
                Cell::text(&e.line),
                e.row.map(|n| Cell::Int(n as i64)).unwrap_or(Cell::Empty),
                Cell::Amount(e.amounts[0]),
                Cell::Amount(e.amounts[1]),
            ])
        })
        .collect();
    for (label, upper, lower) in unmatched(i) {
        let diff = [upper[0] - lower[0], upper[1] - lower[1]];
        rows.push(Row::styled(
            vec![
                Cell::text("差额"),
                Cell::text(format!("{label}之差")),
                Cell::Empty,
                Cell::Amount(diff[0]),
                Cell::Amount(diff[1]),
            ],
            RowStyle::Subtotal,
        ));
        if diff.iter().any(|d| !d.is_zero()) {
            r.notes.push(format!(
                "{label}不相等（{}差额 {}，{}差额 {}）：多为期末在途的拨付，或一方记错科目，请上下级工会逐笔核对；{}",
                i.headers[0],
                diff[0].grouped(),
                i.headers[1],
                diff[1].grouped(),
                match i.kind {
                    Kind::IncomeExpense => "期末结转结余是各工会之和，“一 + 二 + 五 = 六”因此相差同一数额。",
                    Kind::BalanceSheet => "资产总计与负债和净资产总计因此相差同一数额。",
                }
            ));
        }
    }
    r.sections.push(Section::Table(Table {
        title: Some("内部往来抵销".into()),
        columns: vec![
            Column::text("工会", 16),
            Column::text("项目", 24),
            Column::number("行次"),
            Column::amount(&i.headers[0]),
            Column::amount(&i.headers[1]),
        ],
        rows,
    }));
    r.sections.push(Section::Table(scope_table(i)));
    let open: Vec<&str> = i.members.iter().filter(|m| !m.year_closed).map(|m| m.org.name.as_str()).collect();
    r.notes.insert(
        0,
        format!(
            "汇总范围：{}，共 {} 个工会；各工会报表逐行相加，减去上表所列的内部往来。",
            i.scope.label(),
            i.members.len()
        ),
    );
    if !open.is_empty() {
        r.notes.push(format!("{} 个工会本年尚未年终结账，其数字可能变动：{}", open.len(), open.join("、")));
    }
    r
}

fn scope_table(i: &Input) -> Table {
    let name_of = |id: Option<i64>| {
        i.members.iter().find(|m| Some(m.org.id) == id).map(|m| m.org.code.clone()).unwrap_or_default()
    };
    Table {
        title: Some("汇总范围".into()),
        columns: vec![
            Column::text("代码", 10),
            Column::text("名称", 20),
            Column::text("级别", 6),
            Column::text("上级工会", 10),
            Column::text("年终结账", 8),
        ],
        rows: i
            .members
            .iter()
            .map(|m| {
                Row::new(vec![
                    Cell::text(&m.org.code),
                    Cell::text(&m.org.name),
                    Cell::text(m.org.kind.label()),
                    Cell::text(name_of(m.org.upper)),
                    Cell::text(if m.year_closed { "已结账" } else { "未结账" }),
                ])
            })
            .collect(),
    }
}

/// The lines `--by-union` shows, per statement: (line id, column name). The column read is the
/// statement's second (本年累计数 / 期末余额) on a monthly statement and the first (本年数) on the
/// annual 02表; the annual 01表's second (年末余额).
fn by_union_lines(kind: Kind) -> &'static [(&'static str, &'static str)] {
    match kind {
        Kind::IncomeExpense => &[
            ("i401", "会费收入"),
            ("i402", "拨缴经费收入"),
            ("i403", "上级补助收入"),
            ("income", "收入合计"),
            ("e508", "补助下级支出"),
            ("spend", "支出合计"),
            ("diff", "收支差额"),
        ],
        Kind::BalanceSheet => &[
            ("cash", "货币资金"),
            ("assets", "资产总计"),
            ("owe_upper", "应付上级经费"),
            ("liab", "负债合计"),
            ("net", "净资产合计"),
        ],
    }
}

fn by_union_column(i: &Input) -> usize {
    if i.kind == Kind::IncomeExpense && i.annual {
        0
    } else {
        1
    }
}

/// `--by-union`: one row per union, then the members added up, what is eliminated, and the
/// consolidated figures.
pub fn by_union(i: &Input) -> Report {
    let (name, code) = title(i);
    let lines = by_union_lines(i.kind);
    let c = by_union_column(i);
    let mut r = Report::new(
        match i.kind {
            Kind::BalanceSheet => "balance-sheet-by-union",
            Kind::IncomeExpense => "income-expense-by-union",
        },
        &format!("{name}——分工会"),
        &i.root.name,
        &i.period,
    );
    r.unit = format!("{code}（{}）    单位：元", i.headers[c]);
    let mut rows = Vec::new();
    let mut added: Vec<Amount> = vec![Amount::ZERO; lines.len()];
    for m in &i.members {
        let mut cells = vec![Cell::text(&m.org.code), Cell::text(&m.org.name)];
        for (k, (id, _)) in lines.iter().enumerate() {
            cells.push(Cell::Amount(m.values[c][*id]));
            added[k] += m.values[c][*id];
        }
        rows.push(Row::new(cells));
    }
    let whole = consolidated(i);
    let mut sum_row = vec![Cell::text("合计"), Cell::text("各工会相加")];
    sum_row.extend(added.iter().map(|a| Cell::Amount(*a)));
    rows.push(Row::styled(sum_row, RowStyle::Subtotal));
    let mut less = vec![Cell::text("抵销"), Cell::text("内部往来")];
    less.extend(lines.iter().enumerate().map(|(k, (id, _))| Cell::Amount(added[k] - whole[c][*id])));
    rows.push(Row::styled(less, RowStyle::Normal));
    let mut total = vec![Cell::text("汇总"), Cell::text(i.scope.label())];
    total.extend(lines.iter().map(|(id, _)| Cell::Amount(whole[c][*id])));
    rows.push(Row::styled(total, RowStyle::Total));
    let mut columns = vec![Column::text("代码", 10), Column::text("工会", 16)];
    columns.extend(lines.iter().map(|(_, label)| Column::amount(label)));
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    r.notes.push(format!("共 {} 个工会；抵销行为上下级之间的往来（见汇总表的内部往来抵销）。", i.members.len()));
    r
}

/// `report unions`: 各工会情况表 — one row per union with its members, income, spending, 收支差额,
/// its year's spending budget and execution rate, and the high findings of its audit not yet
/// disposed of; the unions not closed said beside them.
pub fn unions(i: &Input, facts: &BTreeMap<i64, crate::books::federation::UnionFacts>) -> Report {
    let c = by_union_column(i);
    let mut r = Report::new("unions", "各工会情况表", &i.root.name, &i.period);
    r.unit = format!("{}    单位：元", i.headers[c]);
    let mut rows = Vec::new();
    let mut without_budget = 0;
    for m in &i.members {
        let f = facts.get(&m.org.id).cloned().unwrap_or_default();
        let v = &m.values[c];
        let rate = match f.budget {
            Some(b) if !b.is_zero() => Cell::Percent(crate::money::percent(v["spend"], b)),
            _ => {
                without_budget += 1;
                Cell::text("无预算")
            }
        };
        rows.push(Row::new(vec![
            Cell::text(&m.org.code),
            Cell::text(&m.org.name),
            Cell::text(m.org.kind.label()),
            f.members.map(Cell::Int).unwrap_or(Cell::Empty),
            Cell::Amount(v["income"]),
            Cell::Amount(v["spend"]),
            Cell::Amount(v["diff"]),
            f.budget.map(Cell::Amount).unwrap_or(Cell::Empty),
            rate,
            Cell::Int(f.open_high),
            Cell::text(if m.year_closed { "已结账" } else { "未结账" }),
        ]));
    }
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::text("代码", 10),
            Column::text("工会", 16),
            Column::text("级别", 4),
            Column::number("会员"),
            Column::amount("收入合计"),
            Column::amount("支出合计"),
            Column::amount("收支差额"),
            Column::amount("支出预算"),
            Column::percent("预算执行率"),
            Column::number("未处理严重问题"),
            Column::text("年终结账", 6),
        ],
        rows,
    }));
    r.notes.push(format!(
        "{}，共 {} 个工会；收入、支出为各工会本身的数字（未抵销上下级往来，汇总数见 02表 --scope）。",
        i.scope.label(),
        i.members.len()
    ));
    if without_budget > 0 {
        r.notes.push(format!("{without_budget} 个工会未导入本年预算，执行率无从计算。"));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::federation::Kind as Level;

    fn org(id: i64, code: &str, kind: Level, upper: Option<i64>) -> Org {
        Org { id, code: code.into(), name: format!("{code}工会"), province: String::new(), upper, kind }
    }

    fn values(pairs: &[(&str, i64)]) -> BTreeMap<String, Amount> {
        let l = statement::income_expense();
        let given: BTreeMap<String, Amount> = pairs.iter().map(|(k, v)| (k.to_string(), Amount(*v))).collect();
        statement::from_lines(&l, &given)
    }

    /// A county union (subsidy 500.00 to S1, 300.00 to S2, upward shares 2,000.00 received) and
    /// its two schools (dues, 2% retained, the subsidy received — S2 books only 200.00 of its 300.00).
    fn county() -> Input {
        let c = org(1, "X", Level::County, None);
        let s1 = org(2, "S1", Level::Grassroots, Some(1));
        let s2 = org(3, "S2", Level::Grassroots, Some(1));
        let member = |o: Org, upper_inside, lower_inside, v: BTreeMap<String, Amount>| Member {
            org: o,
            upper_inside,
            lower_inside,
            year_closed: false,
            values: [v.clone(), v],
        };
        Input {
            root: c.clone(),
            scope: Scope::Direct,
            kind: Kind::IncomeExpense,
            annual: true,
            period: "2025年度".into(),
            headers: ["本年数".into(), "上年数".into()],
            members: vec![
                member(c, false, true, values(&[("i402", 200_000), ("e508", 80_000), ("e501", 10_000)])),
                member(
                    s1,
                    true,
                    false,
                    values(&[("i401", 30_000), ("i402", 120_000), ("i403", 50_000), ("e501", 90_000)]),
                ),
                member(s2, true, false, values(&[("i401", 10_000), ("i403", 20_000), ("e502", 5_000)])),
            ],
        }
    }

    #[test]
    fn the_consolidated_02_is_the_members_added_up_less_the_flows_inside() {
        let i = county();
        let [v, _] = consolidated(&i);
        // Every line: the sum of the members' lines less the eliminated ones.
        assert_eq!(v["i401"], Amount(40_000));
        assert_eq!(v["i402"], Amount(320_000));
        assert_eq!(v["i403"], Amount::ZERO, "the schools' subsidy from the county is inside");
        assert_eq!(v["e508"], Amount::ZERO, "the county's subsidy to its schools is inside");
        assert_eq!(v["income"], Amount(360_000));
        assert_eq!(v["spend"], Amount(105_000));
        let summed: i64 = i.members.iter().map(|m| m.values[0]["income"].fen()).sum();
        assert_eq!(v["income"].fen(), summed - 70_000, "income less the two schools' 403");
        let e = eliminations(&i);
        let listed: Vec<(&str, &str, i64)> =
            e.iter().map(|e| (e.org.as_str(), e.line.as_str(), e.amounts[0].fen())).collect();
        assert_eq!(
            listed,
            [
                ("X工会", "（八）补助下级支出", 80_000),
                ("S1工会", "（三）上级补助收入", 50_000),
                ("S2工会", "（三）上级补助收入", 20_000)
            ]
        );
        let (_, upper, lower) = &unmatched(&i)[0];
        assert_eq!(
            (upper[0], lower[0]),
            (Amount(80_000), Amount(70_000)),
            "100.00 of subsidy the school has not booked"
        );
        let r = build(&i);
        assert!(r.notes.iter().any(|n| n.contains("不相等（本年数差额 100.00")), "{:?}", r.notes);
    }

    #[test]
    fn by_union_shows_one_row_per_union_then_the_sum_the_eliminated_and_the_consolidated() {
        let r = by_union(&county());
        let t = r.tables().next().unwrap();
        assert_eq!(t.rows.len(), 3 + 3);
        let income = t.columns.iter().position(|c| c.name == "收入合计").unwrap();
        let cell = |row: usize| t.rows[row].cells[income].clone();
        assert_eq!(cell(1), Cell::Amount(Amount(200_000)), "S1: 300.00 + 1,200.00 + 500.00");
        assert_eq!(cell(3), Cell::Amount(Amount(430_000)), "added up");
        assert_eq!(cell(4), Cell::Amount(Amount(70_000)), "eliminated");
        assert_eq!(cell(5), Cell::Amount(Amount(360_000)), "consolidated");
    }
}
