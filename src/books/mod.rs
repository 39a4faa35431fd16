//! The read layer: one organisation's books as reports, use cases and the audit read them. The
//! queries they share — operating turnover, the chosen rule pack, the kept findings, the
//! allocation status, reconciliation, the chain check — are written here once, over the store.
//! Nothing here writes.
//!
//! Layers run one way (../shared/design/service-and-web.md): `cli`/`web` → `ops` (writes) and
//! `report` (builders) → `books` → `store`; the pure domain (`ledger`, `budget`, `allocation`,
//! `audit`, `import`) imports none of them.

pub mod audit;
pub mod checklist;
pub mod federation;
mod reconciling;
mod signatures;
pub use signatures::voucher_parts;
pub mod state;
pub mod todo;
mod turnover;
pub mod verify;

pub use crate::store::{
    BankMovement, EntryOrder, EntryRow, Event, Org, PendingLine, Reopening, StoredLine, VoucherFilter, VoucherQuery,
};

use crate::allocation::status::{compute, Due, Payroll, Receipt, YearStatus};
use crate::allocation::Settings;
use crate::audit::{Benefit, Kept, Member};
use crate::budget::Budget;
use crate::error::{Error, Result};
use crate::ledger::activity::Activity;
use crate::ledger::assets::Asset;
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::{Account, ChartView};
use crate::ledger::dates::OpenRange;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Header, Line, Status, Voucher};
use crate::money::Amount;
use crate::store::{ImportRecord, Store};
pub use reconciling::Reconciled;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One organisation's books, for reading.
#[derive(Clone, Copy)]
pub struct Books<'a> {
    store: &'a Store,
    org: &'a Org,
    /// Where reconciliations computed through this handle are kept, if anywhere (see
    /// [`Books::sharing`]).
    reconciled: Option<&'a Reconciled>,
}

/// Whatever knows whose books to read: the read layer itself, or a use case's context.
pub trait HasBooks {
    fn books(&self) -> Books<'_>;
}

impl HasBooks for Books<'_> {
    fn books(&self) -> Books<'_> {
        *self
    }
}

/// The organisations a database holds.
pub async fn organisations(store: &Store) -> Result<Vec<Org>> {
    store.orgs().await
}

/// Reads that are the store's own, scoped to the organisation.
macro_rules! reads {
    ($($(#[$m:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        impl Books<'_> {
            $(
                $(#[$m])*
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$ret> {
                    self.store.$name(self.org, $($arg),*).await
                }
            )*
        }
    };
}

reads! {
    fn accounts() -> Vec<Account>;
    /// Whether any voucher line (draft or posted) uses the account.
    fn account_used(code: &str) -> bool;
    fn activities() -> Vec<Activity>;
    fn payroll(from: Period, to: Period) -> Vec<Payroll>;
    fn allocation_settings(year: i32) -> Settings;
    fn assets() -> Vec<Asset>;
    fn depreciation_runs() -> Vec<(Period, String, Amount)>;
    fn members() -> Vec<Member>;
    fn benefits() -> Vec<Benefit>;
    /// The findings the last audit of a period kept, with their dispositions.
    fn findings_kept(period: &str) -> Vec<Kept>;
    /// Totals per account over the months `from..=to`.
    fn balance_totals(from: Period, to: Period) -> Vec<BalanceRow>;
    /// Totals per account and activity over the months `from..=to`.
    fn balance_totals_by_activity(from: Period, to: Period) -> Vec<BalanceRow>;
    fn bank_lines(account: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<StoredLine>;
    /// Lines without a voucher, or the one with that sequence number.
    fn pending_lines(seq: Option<i64>) -> Vec<PendingLine>;
    fn last_voucher_for_counterparty(counterparty: &str) -> Option<String>;
    /// Vouchers (any status) moving money on `account` between two dates.
    fn bank_movements(account: &str, from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<BankMovement>;
    /// Vouchers (any status) moving exactly one of `amounts` on `account` between two dates.
    fn movements_matching(account: &str, from: chrono::NaiveDate, to: chrono::NaiveDate, amounts: &[Amount]) -> Vec<BankMovement>;
    fn linked_vouchers(account: &str) -> HashSet<String>;
    fn budget(year: i32) -> Budget;
    /// Operating spending by account, activity and the lines' own 经济分类 code.
    fn econ_spending(from: Period, to: Period) -> Vec<crate::ledger::econ::Spent>;
    fn closed_periods() -> Vec<Period>;
    fn is_closed(p: Period) -> bool;
    /// Numbers of the month's vouchers not yet posted.
    fn unposted_in(p: Period) -> Vec<String>;
    /// Posted entries of the months `from..=to`, of one account and its details or all, with
    /// their 对方科目 when `counter`.
    fn posted_entries(from: Period, to: Period, account: Option<&str>, counter: bool) -> Vec<EntryRow>;
    /// The accounts with posted movement in the months `from..=to`.
    fn moved_accounts(from: Period, to: Period) -> Vec<String>;
    /// (month, entries) of one account and its details, or of all, drafts' included.
    fn entry_counts(from: Period, to: Period, account: Option<&str>) -> Vec<(i64, i64)>;
    fn setting(key: &str) -> Option<String>;
    fn settings() -> Vec<(String, String)>;
    fn events(kind: Option<&str>) -> Vec<Event>;
    /// Every version of the union's own text of the year's 附注.
    fn notes(year: i32) -> Vec<crate::ledger::notes::Note>;
    /// The last `n` events, newest first.
    fn recent_events(n: i64) -> Vec<Event>;
    /// Every user with the roles they hold in this union.
    fn users_with_roles() -> Vec<(crate::store::User, Vec<crate::ledger::roles::Role>)>;
    fn voucher_headers(f: &VoucherFilter) -> Vec<Header>;
    /// One page of a voucher search, with how many it finds in all.
    fn voucher_page(q: &VoucherQuery, offset: i64, limit: i64) -> (i64, Vec<Header>);
    fn voucher_lines(ids: &[i64]) -> HashMap<i64, Vec<Line>>;
    fn voucher(no: &str) -> Option<Voucher>;
    /// The number of a reversal of the voucher with this id (draft or posted), if any.
    fn reversal_of(id: i64) -> Option<String>;
    /// The sequence number and hash of the last posted voucher.
    fn chain_head() -> (i64, String);
    /// The opening-balance voucher (voided ones aside), if the books have one.
    fn opening_voucher() -> Option<String>;
    /// Who locked a month and when.
    fn lock_of(p: Period) -> Option<(String, String)>;
    /// Every reopening of a month or year.
    fn reopenings() -> Vec<Reopening>;
    fn first_voucher_period() -> Option<Period>;
    fn last_voucher_period() -> Option<Period>;
    /// The imports of statements, newest first.
    fn bank_imports() -> Vec<ImportRecord>;
    /// Vouchers made for an allocation booking (by source reference): (number, total).
    fn allocation_vouchers(source_ref: &str) -> Vec<(String, Amount)>;
}

impl<'a> Books<'a> {
    pub fn new(store: &'a Store, org: &'a Org) -> Books<'a> {
        Books { store, org, reconciled: None }
    }

    pub fn org(&self) -> &'a Org {
        self.org
    }

    /// Posted entries handed one by one to `f` as they are read (see `Store::each_posted_entry`).
    pub async fn each_posted_entry(
        &self,
        from: Period,
        to: Period,
        account: Option<&str>,
        order: EntryOrder,
        counter: bool,
        f: &mut (dyn FnMut(EntryRow) -> Result<()> + Send),
    ) -> Result<()> {
        self.store.each_posted_entry(self.org, from, to, account, order, counter, f).await
    }

    pub async fn chart(&self) -> Result<ChartView> {
        Ok(ChartView::new(self.accounts().await?))
    }

    /// The codes of the earmarked (专项) activities.
    pub async fn earmarked(&self) -> Result<BTreeSet<String>> {
        Ok(self.activities().await?.into_iter().filter(|a| a.earmarked).map(|a| a.code).collect())
    }

    /// Activity code → name.
    pub async fn activity_names(&self) -> Result<BTreeMap<String, String>> {
        Ok(self.activities().await?.into_iter().map(|a| (a.code, a.name)).collect())
    }

    /// The bank account meant when none is named: 102 itself, or its only detail account; with
    /// several, the user is asked to name one.
    pub async fn default_bank_account(&self) -> Result<String> {
        let chart = self.chart().await?;
        if chart.is_leaf("102") {
            return Ok("102".into());
        }
        let leaves: Vec<&Account> = chart
            .accounts
            .values()
            .filter(|a| a.code.starts_with("102") && a.enabled && chart.is_leaf(&a.code))
            .collect();
        match leaves.as_slice() {
            [only] => Ok(only.code.clone()),
            _ => Err(crate::error::Error::input(format!(
                "银行存款（102）下有多个明细账户：{}；请用 --account 指定",
                leaves.iter().map(|a| format!("{} {}", a.code, a.name)).collect::<Vec<_>>().join("、")
            ))),
        }
    }

    /// The year the books were started for (`init --year`), if set.
    pub async fn year_setting(&self) -> Result<Option<i32>> {
        Ok(self.setting("year").await?.and_then(|y| y.parse().ok()))
    }

    /// The span a command or a page asks for: a month, a year, or from..to (months or dates);
    /// none of them: the books' year, else this year.
    pub async fn asked_span(
        &self,
        month: Option<&str>,
        year: Option<i32>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<crate::ledger::period::Span> {
        use crate::ledger::period::{parse_date, Period, Span};
        let period_of = |s: &str| {
            Period::parse(s)
                .or_else(|_| parse_date(s).map(Period::of).ok_or_else(|| Error::input(format!("“{s}”不是月份或日期"))))
        };
        if let Some(m) = month {
            return Ok(Span::month(Period::parse(m)?));
        }
        if let Some(y) = year {
            return Ok(Span::year(y));
        }
        if from.is_some() || to.is_some() {
            let (Some(f), Some(t)) = (from, to) else {
                return Err(Error::input("起始月份（--from）和截止月份（--to）要一起给出"));
            };
            let (from, to) = (period_of(f)?, period_of(t)?);
            if from > to {
                return Err(Error::input("起始月份晚于截止月份"));
            }
            return Ok(Span { from, to });
        }
        let year = match self.year_setting().await? {
            Some(y) => y,
            None => chrono::Datelike::year(&crate::today()),
        };
        Ok(Span::year(year))
    }

    /// The dates the books take (from the first open year to a month after today).
    pub async fn open_range(&self) -> Result<OpenRange> {
        Ok(OpenRange { first_year: self.year_setting().await?, today: crate::today() })
    }

    /// Posted vouchers matching a filter, with their lines.
    pub async fn with_lines(&self, f: &VoucherFilter) -> Result<Vec<(Header, Vec<Line>)>> {
        let headers = self.voucher_headers(f).await?;
        let ids: Vec<i64> = headers.iter().map(|h| h.id).collect();
        let mut lines = self.voucher_lines(&ids).await?;
        Ok(headers
            .into_iter()
            .map(|h| {
                let ls = lines.remove(&h.id).unwrap_or_default();
                (h, ls)
            })
            .collect())
    }

    /// Numbers of the vouchers with a stored status, in a month or in all.
    pub async fn numbers_with_status(&self, status: Status, month: Option<Period>) -> Result<Vec<String>> {
        if status == Status::Reversed {
            let f = VoucherFilter { from: month, to: month, status: Some(status), ..Default::default() };
            return Ok(self.voucher_headers(&f).await?.into_iter().map(|h| h.no).collect());
        }
        self.store.voucher_numbers(self.org, status, month).await
    }

    /// Opening 结转结余 of a year: the credit balances of 321 and 322 before 1 January.
    pub async fn opening_surplus(&self, year: i32) -> Result<Amount> {
        let rows = self.balance_totals(Period(0), Period::new(year - 1, 12)).await?;
        Ok(rows
            .iter()
            .filter(|b| b.account.starts_with("321") || b.account.starts_with("322"))
            .map(|b| b.credit - b.debit)
            .sum())
    }

    /// The 2% received, remitted and accrued, and the dues, recognised from the posted entries
    /// whoever booked them ([`crate::allocation::recognise`]).
    pub async fn allocation_receipts(&self) -> Result<Vec<Receipt>> {
        Ok(crate::allocation::recognise::receipts(&self.store.allocation_booked(self.org).await?))
    }

    /// The year's allocation status (2% due, received, remitted, arrears; dues).
    pub async fn allocation_status(&self, year: i32) -> Result<YearStatus> {
        let s = self.allocation_settings(year).await?;
        let payroll = self.payroll(Period::new(year, 1), Period::new(year, 12)).await?;
        let receipts = self.allocation_receipts().await?;
        let due_by = Due::parse(&self.setting(Due::SETTING).await?.unwrap_or_default())?;
        Ok(compute(year, &s, due_by, &payroll, &receipts))
    }

    /// The closing balance of 211 应付上级经费 at the end of `year` (credit positive).
    pub async fn owed_upward(&self, year: i32) -> Result<Amount> {
        self.owed_upward_at(Period::new(year, 12)).await
    }

    /// 应付上级经费 (211) at the end of month `p`: the upward share owed and not yet remitted.
    pub async fn owed_upward_at(&self, p: Period) -> Result<Amount> {
        let rows = self.balance_totals(Period(0), p).await?;
        Ok(rows.iter().filter(|b| b.account.starts_with("211")).map(|b| b.credit - b.debit).sum())
    }

    /// How the same counterparty was booked last time: (account, activity) of that voucher's
    /// line that is not the bank's.
    pub async fn suggestion(&self, l: &PendingLine) -> Result<Option<(String, String)>> {
        if l.counterparty.is_empty() {
            return Ok(None);
        }
        let Some(no) = self.last_voucher_for_counterparty(&l.counterparty).await? else { return Ok(None) };
        let Some(v) = self.voucher(&no).await? else { return Ok(None) };
        Ok(v.lines.iter().find(|x| !x.account.starts_with("102")).map(|x| (x.account.clone(), x.activity.clone())))
    }
}
