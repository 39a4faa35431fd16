//! Report builders: one per report, each reads the store and returns a `Report` (data only).

pub mod allocation;
pub mod assets;
pub mod audit;
pub mod budget;
pub mod departure;
pub mod disclosure;
pub mod figures;
pub mod journal;
pub mod ledger;
pub mod model;
pub mod reconciliation;
pub mod statements;
pub mod trial_balance;

pub use model::{Cell, Chart, ChartKind, ColKind, Column, Report, Row, RowStyle, Section, Series, Table};

use crate::error::{Error, Result};
use crate::ledger::period::Span;
use crate::ops::Ctx;

/// What a report is asked for.
#[derive(Clone, Debug)]
pub struct Request {
    pub span: Span,
    pub account: Option<String>,
    /// `account` or `activity`, for the budget report.
    pub by: Option<String>,
    /// The departing chair's name, for the departure report.
    pub chair: Option<String>,
}

/// The reports that exist, by command name (and Chinese alias), with their titles.
pub const REPORTS: &[(&str, &str)] = &[
    ("trial-balance", "科目余额表"),
    ("ledger", "明细账"),
    ("journal", "序时账"),
    ("cash-journal", "库存现金日记账"),
    ("bank-journal", "银行存款日记账"),
    ("allocation", "经费拨缴情况表"),
    ("budget", "预算执行情况表"),
    ("balance-sheet", "资产负债表"),
    ("income-expense", "收入支出表"),
    ("assets", "固定资产及库存物品登记表"),
    ("reconciliation", "银行存款余额调节表"),
    ("welfare", "福利慰问发放汇总表"),
    ("audit-review", "经费审查委员会审查报告"),
    ("departure", "工会主席离任经济责任审计报告"),
    ("disclosure", "工会经费收支情况公开"),
];

/// The command name of a report given by name or Chinese title.
pub fn canonical(name: &str) -> Option<&'static str> {
    REPORTS.iter().find(|(n, t)| *n == name || *t == name).map(|(n, _)| *n)
}

pub async fn build(ctx: &Ctx, name: &str, req: &Request) -> Result<Report> {
    match canonical(name) {
        Some("trial-balance") => trial_balance::build(ctx, req).await,
        Some("ledger") => ledger::build(ctx, req, None).await,
        Some("journal") => journal::build(ctx, req).await,
        Some("cash-journal") => ledger::build(ctx, req, Some(("101", "cash-journal", "库存现金日记账"))).await,
        Some("allocation") => allocation::build(ctx, req).await,
        Some("assets") => assets::build(ctx, req).await,
        Some("reconciliation") => reconciliation::build(ctx, req).await,
        Some("balance-sheet") => statements::balance_sheet(ctx, req).await,
        Some("income-expense") => statements::income_expense(ctx, req).await,
        Some("budget") => budget::build(ctx, req, req.by.as_deref().unwrap_or("account")).await,
        Some("welfare") => disclosure::welfare(ctx, req).await,
        Some("audit-review") => audit::review(ctx, req).await,
        Some("departure") => departure::build(ctx, req).await,
        Some("disclosure") => disclosure::disclosure(ctx, req).await,
        Some("bank-journal") => ledger::build(ctx, req, Some(("102", "bank-journal", "银行存款日记账"))).await,
        _ => Err(Error::input(format!(
            "没有名为“{name}”的报表；可用：{}",
            REPORTS.iter().map(|(n, t)| format!("{n}（{t}）")).collect::<Vec<_>>().join("、")
        ))),
    }
}
