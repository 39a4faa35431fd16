//! Listings of bank statement lines: those waiting to be booked (`bank pending`), what an import
//! would do with each line (`import bank --dry-run`), and the imports made.

use super::listing;
use crate::books::{Books, PendingLine};
use crate::error::Result;
use crate::report::{Cell, Column, Report, Row, Section, Table};

/// A table of statement lines: number, date, amount, counterparty, summary and one more column
/// (`last`: its name and width), the rows already made.
fn lines_table(first: Column, last: (&str, u16), rows: Vec<Row>) -> Section {
    Section::Table(Table {
        title: None,
        columns: vec![
            first,
            Column::date("日期"),
            Column::amount("金额"),
            Column::text("对方", 14),
            Column::text("摘要", 18),
            Column::text(last.0, last.1),
        ],
        rows,
    })
}

/// Statement lines not yet booked, each with how its counterparty was booked last time.
pub struct Pending {
    pub org: String,
    pub lines: Vec<(PendingLine, Option<(String, String)>)>,
}

pub async fn load_pending(b: &Books<'_>) -> Result<Pending> {
    let mut lines = Vec::new();
    for l in b.pending_lines(None).await? {
        let s = b.suggestion(&l).await?;
        lines.push((l, s));
    }
    Ok(Pending { org: b.org().name.clone(), lines })
}

pub fn pending(p: &Pending) -> Report {
    let mut r = listing("bank-pending", "待分类银行流水", &p.org, "");
    let rows = p
        .lines
        .iter()
        .map(|(l, s)| {
            Row::new(vec![
                Cell::Int(l.seq),
                Cell::text(l.date.to_string()),
                Cell::Amount(l.amount),
                Cell::text(&l.counterparty),
                Cell::text(&l.summary),
                Cell::text(
                    s.as_ref()
                        .map(|(a, act)| if act.is_empty() { a.clone() } else { format!("{a}@{act}") })
                        .unwrap_or_default(),
                ),
            ])
        })
        .collect();
    r.sections.push(lines_table(Column::number("序号"), ("建议科目", 10), rows));
    r.notes.push(
        "金额为正是收入、为负是支出。用 gonghui bank classify 序号 --account 科目 生成凭证；不写 --account 时按建议科目。"
            .into(),
    );
    r
}

/// `import bank --dry-run`: every line of the file with what the import would do with it.
/// What a dry run found, as its listing shows it.
pub struct DryRun<'a> {
    pub file: &'a str,
    pub layout: &'a str,
    pub layout_label: &'a str,
    pub encoding: &'a str,
    pub account: &'a str,
    pub imported: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub lines: &'a [crate::import::lines::DryLine],
}

pub fn dry_run(org: &str, s: &DryRun) -> Report {
    let mut r = listing("bank-dry-run", "银行流水导入试运行（未写入）", org, s.file);
    let rows = s
        .lines
        .iter()
        .map(|l| {
            Row::new(vec![
                Cell::Int(l.line as i64),
                l.date.map(|d| Cell::text(d.to_string())).unwrap_or(Cell::Empty),
                l.amount.map(Cell::Amount).unwrap_or(Cell::Empty),
                Cell::text(&l.counterparty),
                Cell::text(&l.summary),
                Cell::text(&l.what),
            ])
        })
        .collect();
    r.sections.push(lines_table(Column::number("行号"), ("处理", 30), rows));
    r.notes.push(format!(
        "版式 {}（{}），编码 {}，科目 {}：将导入 {} 笔，已存在 {} 笔，跳过 {} 行。金额为正是收入、为负是支出。去掉 --dry-run 即按此导入。",
        s.layout, s.layout_label, s.encoding, s.account, s.imported, s.duplicate, s.skipped
    ));
    r
}

/// The imports of statements.
pub struct Imports {
    pub org: String,
    pub imports: Vec<crate::store::ImportRecord>,
}

pub async fn load_imports(b: &Books<'_>) -> Result<Imports> {
    Ok(Imports { org: b.org().name.clone(), imports: b.bank_imports().await? })
}

pub fn imports(i: &Imports) -> Report {
    let mut r = listing("bank-imports", "银行流水导入记录", &i.org, "");
    r.unit.clear();
    let rows = i
        .imports
        .iter()
        .map(|x| {
            Row::new(vec![
                Cell::Int(x.id),
                Cell::text(&x.account),
                Cell::text(&x.file_name),
                Cell::Int(x.imported),
                Cell::text(&x.imported_by),
                Cell::text(crate::shown_date(&x.imported_at)),
                Cell::text(match &x.undone_at {
                    Some(at) => format!("已撤销（{}）", crate::shown_date(at)),
                    None => String::new(),
                }),
            ])
        })
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![
            Column::number("编号"),
            Column::text("科目", 6),
            Column::text("文件", 24),
            Column::number("导入笔数"),
            Column::text("导入人", 6),
            Column::date("日期"),
            Column::text("状态", 10),
        ],
        rows,
    }));
    r.notes.push("撤销一次导入：gonghui bank undo-import 编号 --reason 理由（其流水均未生成凭证时）。".into());
    r
}
