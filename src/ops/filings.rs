//! Filings with the upper union (报送): a union's budget package arrives at its upper union as
//! 已报送; the upper union returns it with a reason (已退回) or receives it (已接收). Every step is
//! kept; `books::federation::filings` reads them.

use super::Ctx;
use crate::books::federation::{filing_status, org_by_code};
use crate::error::{Error, Result};
use crate::ledger::federation::FilingStatus;
use crate::ledger::roles::Act;

/// Record that `tx`'s union filed (inside the use case that files: `budget submit`). A filing
/// with the upper union (报送 and not returned, or received) is not filed again.
pub(crate) async fn filed(tx: &Ctx, year: i32, kind: &str) -> Result<()> {
    match filing_status(&tx.store, &tx.org, year, kind).await? {
        Some(s @ (FilingStatus::Submitted | FilingStatus::Accepted)) => {
            Err(Error::conflict(format!("{year} 年的报送{}，不能再次报送；上级工会退回后才能重新报送", s.label())))
        }
        _ => {
            tx.store.add_filing_step(&tx.org, year, kind, FilingStatus::Submitted.code(), "", &tx.user).await.map(drop)
        }
    }
}

/// What the upper union decides on a filing.
pub enum Decision<'a> {
    Return(&'a str),
    Accept,
}

/// `filings return CODE --year Y --reason TEXT` / `filings accept CODE --year Y`: the upper union
/// (the acting one) returns a filing with its reason, or receives it. Only a filing waiting with
/// it (已报送) is decided, and only by the union directly above.
pub async fn decide(ctx: &Ctx, code: &str, year: i32, kind: &str, d: Decision<'_>) -> Result<FilingStatus> {
    if let Decision::Return(reason) = d {
        if reason.trim().is_empty() {
            return Err(Error::input("退回须写明理由（--reason），例如“支出预算未按功能分类填列，请修改后重报”"));
        }
    }
    let tx = ctx.act(Act::Receive).await?;
    let sub = org_by_code(&tx.store, code).await?;
    if sub.upper != Some(tx.org.id) {
        return Err(Error::refused(format!(
            "{}（{}）不是{}的直属下级工会，其报送由它的上级工会接收（gonghui orgs tree 查看隶属关系）",
            sub.name, sub.code, tx.org.name
        )));
    }
    match filing_status(&tx.store, &sub, year, kind).await? {
        Some(FilingStatus::Submitted) => {}
        other => {
            return Err(Error::refused(format!(
                "{} {year} 年的预算报送{}，没有待接收的报送",
                sub.name,
                other.map(|s| format!("状态为{}", s.label())).unwrap_or_else(|| "还没有".into())
            )))
        }
    }
    let (to, reason) = match d {
        Decision::Return(r) => (FilingStatus::Returned, r.trim()),
        Decision::Accept => (FilingStatus::Accepted, ""),
    };
    tx.store.add_filing_step(&sub, year, kind, to.code(), reason, &tx.user).await?;
    let detail = if reason.is_empty() { String::new() } else { format!("理由：{reason}") };
    tx.store
        .log_event(&tx.org, &tx.user, "filing", &format!("{} {year} 年预算报送{}", sub.name, to.label()), &detail)
        .await?;
    tx.commit().await?;
    Ok(to)
}

/// The due day as the upper union sets it, checked (`MM-DD`).
pub fn check_due(value: &str) -> Result<()> {
    chrono::NaiveDate::parse_from_str(&format!("2024-{}", value.trim()), "%Y-%m-%d")
        .map(drop)
        .map_err(|_| Error::input(format!("budget_due 应为报送截止的月-日，如 03-31；“{value}”不是")))
}
