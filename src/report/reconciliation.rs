//! 银行存款余额调节表 for a month: the book balance of the bank account against the bank's
//! balance at month end, with 银行已收企业未收, 银行已付企业未付, 企业已收银行未收, 企业已付银行未付,
//! and whether the adjusted balances agree. A statement line counts as booked when it is linked to
//! a voucher posted by month end; a posted movement counts as on the statement when a line dated by
//! month end is linked to it.

use super::{Cell, Column, Report, Request, Row, RowStyle, Section, Table};
use crate::error::{Error, Result};
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use crate::ops::Ctx;
use std::collections::{HashMap, HashSet};

/// The figures of one month's reconciliation.
#[derive(Clone, Debug)]
pub struct Reconciliation {
    pub book: Amount,
    pub bank: Option<Amount>,
    /// (date, reference, summary, amount) of each kind.
    pub bank_in_only: Vec<(chrono::NaiveDate, String, String, Amount)>,
    pub bank_out_only: Vec<(chrono::NaiveDate, String, String, Amount)>,
    pub book_in_only: Vec<(chrono::NaiveDate, String, String, Amount)>,
    pub book_out_only: Vec<(chrono::NaiveDate, String, String, Amount)>,
}

fn sum(v: &[(chrono::NaiveDate, String, String, Amount)]) -> Amount {
    v.iter().map(|x| x.3.abs()).sum()
}

impl Reconciliation {
    pub fn adjusted_book(&self) -> Amount {
        self.book + sum(&self.bank_in_only) - sum(&self.bank_out_only)
    }
    pub fn adjusted_bank(&self) -> Option<Amount> {
        self.bank.map(|b| b + sum(&self.book_in_only) - sum(&self.book_out_only))
    }
    pub fn balances(&self) -> bool {
        self.adjusted_bank() == Some(self.adjusted_book())
    }
}

pub async fn compute(ctx: &Ctx, account: &str, month: Period) -> Result<Reconciliation> {
    let end = month.last_day();
    let earliest = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
    let first = ctx.store.bank_lines(&ctx.org, account, earliest, end).await?;
    let Some(since) = first.first().map(|l| l.date) else {
        return Err(Error::input(format!(
            "科目 {account} 在 {} 之前没有导入银行流水（gonghui import bank）",
            month.label()
        )));
    };
    let rows = ctx.store.balance_totals(&ctx.org, Period(0), month).await?;
    let book: Amount = rows.iter().filter(|b| b.account == account).map(|b| b.debit - b.credit).sum();
    let bank = first.iter().rev().find_map(|l| l.balance);
    let window = chrono::Duration::days(60);
    let movements = ctx.store.bank_movements(&ctx.org, account, since - window, end + window).await?;
    let by_no: HashMap<&str, &crate::store::BankMovement> = movements.iter().map(|m| (m.no.as_str(), m)).collect();
    let mut r = Reconciliation {
        book,
        bank,
        bank_in_only: vec![],
        bank_out_only: vec![],
        book_in_only: vec![],
        book_out_only: vec![],
    };
    let mut on_statement: HashSet<&str> = HashSet::new();
    for l in &first {
        let booked = by_no.get(l.voucher_no.as_str()).is_some_and(|m| m.status == "posted" && m.date <= end);
        if booked {
            on_statement.insert(l.voucher_no.as_str());
            continue;
        }
        let item = (
            l.date,
            format!("流水 {}", l.seq),
            format!("{} {}", l.summary, l.counterparty).trim().to_string(),
            l.amount,
        );
        if l.amount.fen() > 0 {
            r.bank_in_only.push(item);
        } else {
            r.bank_out_only.push(item);
        }
    }
    for m in movements.iter().filter(|m| m.status == "posted" && m.date >= since && m.date <= end) {
        if on_statement.contains(m.no.as_str()) || m.amount.is_zero() {
            continue;
        }
        let item = (m.date, m.no.clone(), m.summary.clone(), m.amount);
        if m.amount.fen() > 0 {
            r.book_in_only.push(item);
        } else {
            r.book_out_only.push(item);
        }
    }
    Ok(r)
}

pub async fn build(ctx: &Ctx, req: &Request) -> Result<Report> {
    let month = req.span.to;
    let account = req.account.clone().unwrap_or_else(|| "102".into());
    let x = compute(ctx, &account, month).await?;
    let mut r = Report::new(
        "reconciliation",
        "银行存款余额调节表",
        &ctx.org.name,
        &format!("{} 月末", Span::month(month).label()),
    );
    let line = |label: &str, a: Option<Amount>, style: RowStyle| {
        Row::styled(vec![Cell::text(label), a.map(Cell::Amount).unwrap_or_else(|| Cell::text("未知"))], style)
    };
    let rows = vec![
        line(&format!("企业银行存款日记账余额（{account}）"), Some(x.book), RowStyle::Normal),
        line("加：银行已收、企业未收", Some(sum(&x.bank_in_only)), RowStyle::Normal),
        line("减：银行已付、企业未付", Some(sum(&x.bank_out_only)), RowStyle::Normal),
        line("调节后余额（企业方）", Some(x.adjusted_book()), RowStyle::Subtotal),
        line("银行对账单余额", x.bank, RowStyle::Normal),
        line("加：企业已收、银行未收", Some(sum(&x.book_in_only)), RowStyle::Normal),
        line("减：企业已付、银行未付", Some(sum(&x.book_out_only)), RowStyle::Normal),
        line("调节后余额（银行方）", x.adjusted_bank(), RowStyle::Subtotal),
    ];
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![Column::text("项目", 24), Column::amount("金额")],
        rows,
    }));
    for (title, items) in [
        ("银行已收、企业未收", &x.bank_in_only),
        ("银行已付、企业未付", &x.bank_out_only),
        ("企业已收、银行未收", &x.book_in_only),
        ("企业已付、银行未付", &x.book_out_only),
    ] {
        if items.is_empty() {
            continue;
        }
        let rows = items
            .iter()
            .map(|(d, reference, summary, a)| {
                Row::new(vec![
                    Cell::text(d.to_string()),
                    Cell::text(reference),
                    Cell::text(summary),
                    Cell::Amount(a.abs()),
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
            ],
            rows,
        }));
    }
    r.notes.push(match (x.balances(), x.adjusted_bank()) {
        (true, _) => "调节后余额相等，账实相符。".to_string(),
        (false, Some(b)) => {
            format!("调节后余额不等，相差 {}：请核对未达账项和记账差错。", (x.adjusted_book() - b).abs().grouped())
        }
        (false, None) => "银行流水没有余额列，无法取得银行对账单余额：请导入带余额的对账单。".to_string(),
    });
    r.signatures = vec!["财务负责人".into(), "出纳".into(), "制表".into()];
    Ok(r)
}
