//! The 整改台账 (`audit rectification --year Y`, `report rectification`): each finding of the
//! audited period the committee accepted as a problem, with the person responsible, the deadline,
//! where it stands on the day printed and what was done, for the committee and the upper union.
//! The annual review and the departure report cite it with `cited`.

use super::{Cell, Column, Report, Request, Row, Section, Table};
use crate::audit::rectification::{tally, Item, Standing};
use crate::books::Books;
use crate::error::Result;
use crate::ledger::period::Span;
use chrono::NaiveDate;

pub struct Input {
    pub org: String,
    pub span: Span,
    pub items: Vec<Item>,
    /// The day the items' standing is told on: today.
    pub on: NaiveDate,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    Ok(Input { org: b.org().name.clone(), span: req.span, items: b.rectification(req.span).await?, on: crate::today() })
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new("rectification", "审计发现问题整改台账", &i.org, &i.span.label());
    r.landscape = true;
    r.signatures = vec!["经费审查委员会主任".into(), "登记人".into()];
    let columns = vec![
        Column::text("编号", 9),
        Column::text("问题", 10),
        Column::text("事实", 40),
        Column::amount("金额"),
        Column::text("依据", 18),
        Column::text("责任人", 8),
        Column::text("整改期限", 10),
        Column::text("状态", 8),
        Column::text("整改情况", 24),
        Column::text("登记", 12),
    ];
    let rows = i
        .items
        .iter()
        .map(|it| {
            let f = &it.kept.finding;
            let entered = |by: &str, at: &str| format!("{by} {}", crate::shown_date(at));
            let (who, deadline, by) = match (&it.record, &it.kept.disposition) {
                (Some(rec), _) => (rec.responsible.clone(), rec.deadline.to_string(), entered(&rec.by, &rec.at)),
                // Rectified when the audit disposed of it: who recorded that, and when.
                (None, Some(d)) => (String::new(), String::new(), entered(&d.decided_by, &d.decided_at)),
                (None, None) => (String::new(), String::new(), String::new()),
            };
            Row::new(vec![
                Cell::text(&it.kept.key),
                Cell::text(&f.title),
                Cell::text(&f.message),
                Cell::amount_or_empty(f.amount),
                Cell::text(&f.doc),
                Cell::text(who),
                Cell::text(deadline),
                Cell::text(it.standing(i.on).label()),
                Cell::text(it.account_of_work()),
                Cell::text(by),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table { title: None, columns, rows }));
    let year = i.span.from.year();
    if i.items.is_empty() {
        r.notes.push(format!(
            "本期没有认定为问题的审计发现。认定：gonghui audit --year {year} --dispose 编号 --as 认定 --note 说明"
        ));
    } else {
        r.notes.push(format!("截至 {}，{}。", i.on, tally(&i.items, i.on).text()));
        r.notes.push(format!(
            "登记整改：gonghui audit rectification --year {year} --finding 编号 --responsible 责任人 --deadline 期限 [--status 整改中|已整改|无法整改] [--note 整改措施或原因] [--evidence 凭证号或文件编号]（已整改须附证据，无法整改须写明原因；经审委员登记，每次登记为新记录）"
        ));
    }
    r
}

/// What the annual review and the departure report say of a period's 台账: the tally, and the
/// items not yet put right with who answers for them and by when. Empty when nothing of the
/// period was accepted as a problem.
pub fn cited(label: &str, items: &[Item], on: NaiveDate) -> Vec<String> {
    if items.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("据{label}整改台账（截至 {on}），{}。", tally(items, on).text())];
    let open: Vec<String> = items
        .iter()
        .filter_map(|it| {
            let f = &it.kept.finding;
            match (it.standing(on), &it.record) {
                (Standing::Unassigned, _) => {
                    Some(format!("{}（{} 元，尚未明确责任人和期限）", f.title, f.amount.grouped()))
                }
                (s @ (Standing::InProgress | Standing::Overdue(_)), Some(r)) => Some(format!(
                    "{}（{} 元，责任人 {}，期限 {}{}）",
                    f.title,
                    f.amount.grouped(),
                    r.responsible,
                    r.deadline,
                    if let Standing::Overdue(d) = s { format!("，已逾期 {d} 天") } else { String::new() }
                )),
                (Standing::Impossible, Some(r)) => Some(format!("{}（无法整改：{}）", f.title, r.note)),
                _ => None,
            }
        })
        .collect();
    if !open.is_empty() {
        out.push(format!("尚未整改完成的：{}。", open.join("；")));
    }
    out
}
