//! The federation as read: the tree of unions, a union by its code, and the filings of the unions
//! under an upper union (who has filed, who is late, who was returned).

use crate::error::{Error, Result};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{builtin_chart, ChartView, Class, Side};
use crate::ledger::federation::{FilingStatus, Scope, Tree};
use crate::ledger::period::{Period, Span};
use crate::ledger::statement::Snapshot;
use crate::store::{FilingStep, Org, Store};
use chrono::Datelike;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

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

/// What one union's statement reads, for each of a statement's two columns: its snapshot (as
/// `Books` reads it for the union's own statement), whether the year of the columns' end is
/// closed, and the prior year's statement lines the union copied in (`opening import --prior-year`).
pub struct MemberFigures {
    pub org: Org,
    pub columns: [Snapshot; 2],
    pub year_closed: bool,
    pub prior: Option<String>,
}

/// The figures of many unions' statements at once (a consolidation's members): the same
/// snapshots each union's own statement reads, from a handful of queries over all of them.
pub async fn figures(store: &Store, orgs: &[Org], spans: [Span; 2], prior_key: &str) -> Result<Vec<MemberFigures>> {
    let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
    let mut charts: BTreeMap<i64, Vec<crate::ledger::chart::Account>> = BTreeMap::new();
    for (org, code, class, side) in store.added_accounts_of(&ids).await? {
        let (Some(class), Some(side)) = (Class::parse(&class), Side::parse(&side)) else { continue };
        let a = crate::ledger::chart::Account {
            parent: crate::ledger::chart::parent_code(&code).map(str::to_string),
            code,
            name: String::new(),
            class,
            side,
            builtin: false,
            enabled: true,
        };
        charts.entry(org).or_default().push(a);
    }
    let builtin = builtin_chart();
    let mut earmarked: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for (org, code) in store.earmarked_of(&ids).await? {
        earmarked.entry(org).or_default().insert(code);
    }
    let events = store.events_of(&ids, &["close_year", "reopen_year"]).await?;
    let closed: BTreeMap<i64, BTreeSet<i32>> = ids
        .iter()
        .map(|id| {
            let mine = events.iter().filter(|(o, _, _)| o == id).map(|(_, k, s)| (k.as_str(), s.as_str()));
            (*id, super::turnover::closed_years_of(mine))
        })
        .collect();
    let prior: BTreeMap<i64, String> = store.setting_of(&ids, prior_key).await?.into_iter().collect();
    let by_org = |rows: Vec<(i64, BalanceRow)>| {
        let mut m: BTreeMap<i64, Vec<BalanceRow>> = BTreeMap::new();
        for (o, r) in rows {
            m.entry(o).or_default().push(r);
        }
        m
    };
    // Per column: balances before it, through its end, and its turnover less the closing entries
    // of the years closed (dated December), as `Books::turnover` reads them for one union.
    let mut read = Vec::new();
    for s in spans {
        let open = by_org(store.balance_totals_of(&ids, Period(0), s.from.prev()).await?);
        let close = by_org(store.balance_totals_of(&ids, Period(0), s.to).await?);
        let mut turnover = by_org(store.balance_totals_of(&ids, s.from, s.to).await?);
        for year in s.from.year()..=s.to.year() {
            let dec = Period::new(year, 12);
            let closers: Vec<i64> = ids.iter().copied().filter(|id| closed[id].contains(&year)).collect();
            if dec < s.from || dec > s.to || closers.is_empty() {
                continue;
            }
            let prefix = crate::ledger::closing::source_prefix(year);
            for (o, c) in store.generated_turnover_of(&closers, &prefix, dec, dec).await? {
                let undone =
                    BalanceRow { account: c.account, activity: c.activity, debit: -c.debit, credit: -c.credit };
                turnover.entry(o).or_default().push(undone);
            }
        }
        read.push((open, close, turnover));
    }
    let none = Vec::new();
    let year = spans[1].to.year().max(spans[0].to.year());
    Ok(orgs
        .iter()
        .map(|o| {
            let mut accounts = builtin.clone();
            accounts.extend(charts.remove(&o.id).unwrap_or_default());
            let chart = ChartView::new(accounts);
            let marked = earmarked.get(&o.id).cloned().unwrap_or_default();
            let snap = |k: usize| {
                let (open, close, turnover) = &read[k];
                let get = |m: &BTreeMap<i64, Vec<BalanceRow>>| m.get(&o.id).unwrap_or(&none).clone();
                Snapshot::new(&chart, &marked, &get(open), &get(close), &get(turnover))
            };
            MemberFigures {
                org: o.clone(),
                columns: [snap(0), snap(1)],
                year_closed: closed[&o.id].contains(&year),
                prior: prior.get(&o.id).cloned(),
            }
        })
        .collect())
}

/// What the table of unions shows beside each union's statement figures.
#[derive(Clone, Debug, Default)]
pub struct UnionFacts {
    /// 会员人数 in the last payroll month of the span, if any was imported.
    pub members: Option<i64>,
    /// The year's spending budget after adjustments, if a budget was imported.
    pub budget: Option<crate::money::Amount>,
    /// Findings of high severity of the year's audit not disposed of.
    pub open_high: i64,
}

/// The facts of many unions at once, by union id.
pub async fn facts(store: &Store, ids: &[i64], span: Span) -> Result<BTreeMap<i64, UnionFacts>> {
    let mut out: BTreeMap<i64, UnionFacts> = ids.iter().map(|id| (*id, UnionFacts::default())).collect();
    for (o, n) in store.members_of(ids, span.from, span.to).await? {
        out.entry(o).or_default().members = Some(n);
    }
    for (o, a) in store.spending_budget_of(ids, span.to.year()).await? {
        out.entry(o).or_default().budget = Some(a);
    }
    let year = span.to.year().to_string();
    for (o, n) in store.open_findings_of(ids, &year, crate::audit::Severity::High.code()).await? {
        out.entry(o).or_default().open_high = n;
    }
    Ok(out)
}

/// One union's upward share for the year, both sides: what was due (its payroll × 2% × the
/// upward ratio), and its remittances matched to the upper union's receipts from it.
pub struct Upward {
    pub org: Org,
    pub due: crate::money::Amount,
    /// Months of the year without payroll, whose share due is not known.
    pub months_without_payroll: usize,
    pub reconciled: crate::allocation::upward::Reconciled,
}

/// The upward share of each union directly under `upper` for `year`. Receipts are the upper
/// union's bank lines told by its payer map (setting `payers`); a line it cannot tell is left out
/// and counted in `untold`.
pub async fn upward(store: &Store, upper: &Org, year: i32) -> Result<(Vec<Upward>, Vec<String>)> {
    use crate::allocation::upward::{reconcile, Got, PayerMap, Sent, PAYERS};
    use crate::allocation::Kind as Flow;
    // Kept as a settings file is kept: its text after `toml:`.
    let kept = store.setting(upper, PAYERS).await?.unwrap_or_default();
    let map = PayerMap::parse(kept.strip_prefix("toml:").unwrap_or(&kept)).map_err(Error::input)?;
    let t = tree(store).await?;
    let orgs = super::organisations(store).await?;
    let first = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("a date");
    // Remittances of the year's last days arrive in the next weeks.
    let last = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 31).expect("a date");
    let inflows = store.bank_inflows(upper, first, last).await?;
    let mut untold = Vec::new();
    let mut got: BTreeMap<String, Vec<Got>> = BTreeMap::new();
    for (date, amount, name, account, summary) in inflows {
        let line = format!("{date} {name} {summary}").trim().to_string();
        match map.payer(&name, &account) {
            Some(code) => got.entry(code.to_string()).or_default().push(Got { date, amount, line }),
            None if date.year() == year => untold.push(format!("{line} {}", amount.grouped())),
            None => {}
        }
    }
    let mut out = Vec::new();
    for id in t.children(upper.id) {
        let Some(o) = orgs.iter().find(|o| o.id == *id) else { continue };
        let b = super::Books::new(store, o);
        let status = b.allocation_status(year).await?;
        let from = chrono::NaiveDate::from_ymd_opt(year - 1, 12, 1).expect("a date");
        let sent: Vec<Sent> = b
            .allocation_receipts()
            .await?
            .into_iter()
            .filter(|r| r.kind == Flow::Remit && r.date >= from && r.date.year() <= year)
            .map(|r| Sent { date: r.date, amount: r.amount, voucher: r.voucher })
            .collect();
        let mine = got.remove(&o.code).unwrap_or_default();
        out.push(Upward {
            org: o.clone(),
            due: status.rows.iter().map(|r| r.upward_due).sum(),
            months_without_payroll: status.missing_payroll.len(),
            reconciled: reconcile(year, &sent, &mine),
        });
    }
    Ok((out, untold))
}
