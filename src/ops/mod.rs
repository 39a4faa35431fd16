//! Use cases: each combines the pure rules of `ledger` with the `store`, in the order a
//! treasurer's request needs them. The CLI calls these and nothing deeper.

pub mod allocation;
pub mod assets;
pub mod audit;
pub mod bank;
pub mod budget;
pub mod classify;
pub mod close;
pub mod setup;
pub mod verify;
pub mod vouchers;
pub mod yearend;

use crate::store::{Org, Store};

/// Who acts, on which organisation, in which store.
pub struct Ctx {
    pub store: Store,
    pub org: Org,
    pub user: String,
}

/// Setting: a one-person union may waive separate review (the waiver is recorded).
pub const REVIEW_WAIVER: &str = "review_waiver";

impl Ctx {
    pub async fn review_waived(&self) -> crate::error::Result<bool> {
        Ok(self.store.setting(&self.org, REVIEW_WAIVER).await?.as_deref() == Some("on"))
    }
}
