//! Use cases that write: each combines the pure rules of the domain with the store, in the order a
//! treasurer's request needs them, reads through the read layer (`books`), writes in one
//! transaction, and returns a typed outcome — it never prints, draws or asks. The command line and
//! the web desk render the outcome.

pub mod acts;
pub mod allocation;
pub mod assets;
pub mod attachments;
pub mod audit;
pub mod bank;
pub mod budget;
pub mod cash;
pub mod classify;
pub mod close;
pub mod drafts;
pub mod federation;
pub mod files;
pub mod filings;
pub mod matching;
pub mod notes;
pub mod prior_year;
pub mod seal;
pub mod setup;
pub mod users;
pub mod voucher_file;
pub mod vouchers;
pub mod yearend;

use crate::books::{Books, HasBooks};
use crate::error::Result;
use crate::store::{Org, Store};
use serde::Serialize;

/// Who acts, on which organisation, in which store (or in which transaction of it).
pub struct Ctx {
    pub store: Store,
    pub org: Org,
    pub user: String,
}

/// Setting: a one-person union may waive separate review (the waiver is recorded).
pub const REVIEW_WAIVER: &str = "review_waiver";

impl Ctx {
    /// `user` acting on `org`'s books in the store a long-running door keeps open (the web desk):
    /// a handle of its pool, so each request's transaction is its own.
    pub fn acting(store: &Store, org: Org, user: String) -> Ctx {
        Ctx { store: store.handle(), org, user }
    }

    /// The organisation's books, read in this context's store (inside its transaction, if any).
    pub fn books(&self) -> Books<'_> {
        Books::new(&self.store, &self.org)
    }

    /// The same actor and organisation in a transaction: everything done through the returned
    /// context is kept by [`Ctx::commit`], or by nothing. Inside a transaction already, the same one.
    pub async fn begin(&self) -> Result<Ctx> {
        let tx =
            Ctx { store: self.store.begin_for(self.org.id).await?, org: self.org.clone(), user: self.user.clone() };
        if tx.store.is_owner() {
            seal::check_unchanged(&tx.store, &tx.org).await?;
        }
        Ok(tx)
    }

    /// A transaction for `act`, refused unless the acting user may do it ([`users::require`]).
    pub async fn act(&self, act: crate::ledger::roles::Act) -> Result<Ctx> {
        let tx = self.begin().await?;
        users::require(&tx, act).await?;
        Ok(tx)
    }

    /// The roles the acting user holds in this union.
    pub async fn roles(&self) -> Result<Vec<crate::ledger::roles::Role>> {
        self.store.user_roles(&self.org, &self.user).await
    }

    /// Keep what was done: the new state is recorded in the state log, then committed.
    pub async fn commit(self) -> Result<()> {
        if self.store.is_owner() {
            seal::record(&self.store, &self.org, &self.user).await?;
        }
        self.store.commit().await
    }

    pub async fn review_waived(&self) -> Result<bool> {
        Ok(self.books().setting(REVIEW_WAIVER).await?.as_deref() == Some("on"))
    }
}

impl HasBooks for Ctx {
    fn books(&self) -> Books<'_> {
        Ctx::books(self)
    }
}

/// Voucher numbers as an event's subject: all of a few, else the first and last and how many.
pub(crate) fn numbers_text<S: AsRef<str>>(nos: &[S]) -> String {
    match nos {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        _ if nos.len() <= 5 => nos.iter().map(AsRef::as_ref).collect::<Vec<_>>().join("、"),
        [first, .., last] => format!("{} 至 {} 等 {} 张", first.as_ref(), last.as_ref(), nos.len()),
    }
}

/// What a use case wants the user to know that did not stop it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum Warning {
    /// Posting went over the budget or had none (warn mode); recorded for the audit.
    Budget { voucher: String, message: String },
    /// The voucher equals another one (date, summary, lines and amounts): typed or imported twice?
    Duplicate { voucher: String, other: String },
    /// Money for a month that had already come in part: how much, on which vouchers.
    EarlierReceipts { message: String },
}

impl Warning {
    /// The warning as the user reads it.
    pub fn text(&self) -> String {
        match self {
            Warning::Budget { voucher, message } => {
                format!("预算提醒：凭证 {voucher}：{message}（已记录，供经审查阅）")
            }
            Warning::EarlierReceipts { message } => format!("注意：{message}"),
            Warning::Duplicate { voucher, other } => format!(
                "疑似重复：凭证 {voucher} 与 {other} 的日期、摘要、科目和金额完全相同；如是重复录入，请作废（gonghui voucher void {voucher} --reason 重复录入）"
            ),
        }
    }
}
