//! What a month or a year still needs before it can be trusted: months with bank movements not
//! reconciled, depreciation not run, vouchers waiting. `close --year` and `todo` read the same.

use super::Books;
use crate::error::Result;
use crate::ledger::assets::{self, Asset};
use crate::ledger::period::Period;
use crate::ledger::voucher::Status;
use std::collections::BTreeSet;

impl Books<'_> {
    /// Fixed assets whose purchase voucher is posted.
    pub async fn assets_in_books(&self) -> Result<Vec<Asset>> {
        let mut out = Vec::new();
        for a in self.assets().await? {
            if let Some(v) = self.voucher(&a.voucher_no).await? {
                if matches!(v.status, Status::Posted | Status::Reversed) {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }

    /// Months of `from..=to` in which a fixed asset was in service but no depreciation was run.
    pub async fn depreciation_missing(&self, from: Period, to: Period) -> Result<Vec<Period>> {
        let runs: BTreeSet<Period> = self.depreciation_runs().await?.into_iter().map(|(p, _, _)| p).collect();
        let list = self.assets_in_books().await?;
        let mut out = Vec::new();
        let mut m = from;
        while m <= to {
            if !runs.contains(&m) && list.iter().any(|a| assets::month_of_service(a, m).is_some()) {
                out.push(m);
            }
            m = m.next();
        }
        Ok(out)
    }

    /// (bank account, month) of `from..=to` with posted bank movements whose reconciliation does
    /// not agree against an imported or entered statement.
    pub async fn unreconciled(&self, from: Period, to: Period) -> Result<Vec<(String, Period)>> {
        let mut out = Vec::new();
        let moved = self.balance_totals(from, to).await?;
        let accounts: BTreeSet<String> =
            moved.iter().filter(|b| b.account.starts_with("102")).map(|b| b.account.clone()).collect();
        for account in accounts {
            let mut m = from;
            while m <= to {
                let month = self.balance_totals(m, m).await?;
                let any = month.iter().any(|b| b.account == account && !(b.debit.is_zero() && b.credit.is_zero()));
                if any && !self.reconciliation(&account, m).await?.balances() {
                    out.push((account.clone(), m));
                }
                m = m.next();
            }
        }
        Ok(out)
    }
}
