//! The federation as read: the tree of unions, a union by its code, and the filings of the unions
//! under an upper union (who has filed, who is late, who was returned).

use crate::error::{Error, Result};
use crate::ledger::federation::{FilingStatus, Scope, Tree};
use crate::store::{FilingStep, Org, Store};
use serde::Serialize;

/// The kind of filing a budget package is.
pub const BUDGET: &str = "budget";

/// Setting of the upper union: the day of the budget year by which its unions file the year's
/// budget package (`MM-DD`, e.g. `03-31`). Unset: nobody is judged late.
pub const DUE_SETTING: &str = "budget_due";

/// Every union of the database with its links.
pub async fn tree(store: &Store) -> Result<Tree> {
    Ok(Tree::new(super::organisations(store).await?.iter().map(Org::node)))
}

/// The union of a code, or a message naming the command that lists them.
pub async fn org_by_code(store: &Store, code: &str) -> Result<Org> {
    super::organisations(store)
        .await?
        .into_iter()
        .find(|o| o.code == code.trim())
        .ok_or_else(|| Error::not_found(format!("数据库中没有代码为“{}”的工会（gonghui orgs 列出全部）", code.trim())))
}

/// The status of `org`'s filing of `kind` for `year`.
pub async fn filing_status(store: &Store, org: &Org, year: i32, kind: &str) -> Result<Option<FilingStatus>> {
    Ok(store.filing_steps(&[org.id], year, kind).await?.last().and_then(|s| FilingStatus::parse(&s.status)))
}

/// One union's filing as its upper union sees it.
#[derive(Clone, Debug, Serialize)]
pub struct Filing {
    pub code: String,
    pub name: String,
    /// The status of the last step; `None`: not filed.
    pub status: Option<FilingStatus>,
    /// The last step: when, by whom, and the reason of a return.
    pub last: Option<FilingStep>,
    /// Not filed (or returned and not filed again) after the due day.
    pub late: bool,
    pub steps: Vec<FilingStep>,
}

/// The filings of `year`'s budget of every union under `upper` (direct or at every level).
pub async fn filings(store: &Store, upper: &Org, year: i32, scope: Scope) -> Result<Vec<Filing>> {
    let t = tree(store).await?;
    let orgs = super::organisations(store).await?;
    let below: Vec<&Org> = t.below(upper.id, scope).iter().filter_map(|id| orgs.iter().find(|o| o.id == *id)).collect();
    let ids: Vec<i64> = below.iter().map(|o| o.id).collect();
    let steps = store.filing_steps(&ids, year, BUDGET).await?;
    let due = store
        .setting(upper, DUE_SETTING)
        .await?
        .and_then(|md| chrono::NaiveDate::parse_from_str(&format!("{year}-{md}"), "%Y-%m-%d").ok());
    let overdue = due.is_some_and(|d| crate::today() > d);
    Ok(below
        .into_iter()
        .map(|o| {
            let mine: Vec<FilingStep> = steps.iter().filter(|s| s.org_id == o.id).cloned().collect();
            let last = mine.last().cloned();
            let status = last.as_ref().and_then(|s| FilingStatus::parse(&s.status));
            Filing {
                code: o.code.clone(),
                name: o.name.clone(),
                late: overdue && matches!(status, None | Some(FilingStatus::Returned)),
                status,
                last,
                steps: mine,
            }
        })
        .collect())
}
