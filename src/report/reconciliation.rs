//! 银行存款余额调节表 for a month (the figures: `import::reconcile`).

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::books::Books;
use crate::error::Result;
use crate::import::reconcile::{sum, Reconciliation, Statement};
use crate::ledger::period::Span;
use crate::money::Amount;

pub struct Input {
    pub org: String,
    pub reconciliation: Reconciliation,
}

pub async fn load(b: &Books<'_>, req: &Request) -> Result<Input> {
    let month = req.span.to;
    let account = match &req.account {
        Some(a) => a.clone(),
        None => b.default_bank_account().await?,
    };
    let reconciliation = b.reconciliation(&account, month).await?;
    Ok(Input { org: b.org().name.clone(), reconciliation })
}

pub fn build(i: &Input) -> Report {
    let x = &i.reconciliation;
    let (account, month) = (x.account.as_str(), x.month);
    let mut r =
        Report::new("reconciliation", "银行存款余额调节表", &i.org, &format!("{} 月末", Span::month(month).label()));
    let line = |label: &str, a: Option<Amount>, style: RowStyle| {
        Row::styled(vec![Cell::text(label), a.map(Cell::Amount).unwrap_or_else(|| Cell::text("未知"))], style)
    };
    let rows = vec![
        line(&format!("单位银行存款日记账余额（{account}）"), Some(x.book), RowStyle::Normal),
        line("加：银行已收、单位未收", Some(sum(&x.bank_in_only)), RowStyle::Normal),
        line("减：银行已付、单位未付", Some(sum(&x.bank_out_only)), RowStyle::Normal),
        line("调节后余额（单位方）", Some(x.adjusted_book()), RowStyle::Subtotal),
        line(
            if x.statement == Statement::Entered {
                "银行对账单余额（手工录入）"
            } else {
                "银行对账单余额"
            },
            x.bank,
            RowStyle::Normal,
        ),
        line("加：单位已收、银行未收", Some(sum(&x.book_in_only)), RowStyle::Normal),
        line("减：单位已付、银行未付", Some(sum(&x.book_out_only)), RowStyle::Normal),
        line("调节后余额（银行方）", x.adjusted_bank(), RowStyle::Subtotal),
    ];
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![Column::text("项目", 24), Column::amount("金额")],
        rows,
    }));
    for (title, items) in [
        ("银行已收、单位未收", &x.bank_in_only),
        ("银行已付、单位未付", &x.bank_out_only),
        ("单位已收、银行未收", &x.book_in_only),
        ("单位已付、银行未付", &x.book_out_only),
    ] {
        if items.is_empty() {
            continue;
        }
        let end = month.last_day();
        let rows = items
            .iter()
            .map(|(d, reference, summary, a)| {
                let age = (end - *d).num_days();
                Row::new(vec![
                    Cell::text(d.to_string()),
                    Cell::text(reference),
                    Cell::text(summary),
                    Cell::Amount(a.abs()),
                    Cell::Int(age),
                    Cell::text(if age > x.age_limit { "逾期未达" } else { "" }),
                ])
            })
            .collect();
        r.sections.push(Section::Table(Table {
            title: Some(title.into()),
            columns: vec![
                Column::date("日期"),
                Column::text("凭证号/流水", 14),
                Column::text("摘要", 24),
                Column::amount("金额"),
                Column::number("天数"),
                Column::text("提示", 8),
            ],
            rows,
        }));
    }
    r.notes.push(match (x.statement, x.balances(), x.adjusted_bank()) {
        (Statement::Missing, _, _) => format!(
            "未取得该月银行对账单，不能确认账实相符：请导入{}的银行流水（gonghui import bank），或录入纸质对账单的月末余额（gonghui bank statement --account {account} --month {} --balance 金额）。",
            month.label(),
            month
        ),
        (_, true, _) => "调节后余额相等，账实相符。".to_string(),
        (_, false, Some(b)) => {
            format!("调节后余额不等，相差 {}：请核对未达账项和记账差错。", (x.adjusted_book() - b).abs().grouped())
        }
        (_, false, None) => "银行流水没有余额列，无法取得银行对账单余额：请导入带余额的对账单，或录入对账单余额。".to_string(),
    });
    let old = x.old_items();
    if !old.is_empty() {
        let list: Vec<String> =
            old.iter().map(|(i, age)| format!("{} {}（{} 元，{age} 天）", i.0, i.1, i.3.abs().grouped())).collect();
        r.notes.push(format!(
            "超过 {} 天的未达账项 {} 笔：{}。请查明原因（漏记、错记或款项被退回）并及时处理。",
            x.age_limit,
            old.len(),
            list.join("；")
        ));
    }
    r.signatures = vec!["财务负责人".into(), "出纳".into(), "制表".into()];
    r
}
