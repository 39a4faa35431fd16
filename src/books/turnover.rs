//! Turnover without the year-end closing entries: what budgets, statements and the audit compare,
//! also after the year is closed.

use super::Books;
use crate::error::Result;
use crate::ledger::balance::BalanceRow;
use crate::ledger::closing;
use crate::ledger::period::Period;

impl Books<'_> {
    /// Turnover by account and activity over `from..=to`, the year-end closing entries left out.
    pub async fn turnover(&self, from: Period, to: Period) -> Result<Vec<BalanceRow>> {
        let mut rows = self.balance_totals_by_activity(from, to).await?;
        // Closing entries are dated 31 December of a closed year: look only there.
        let closed: Vec<String> = self.events(Some("close_year")).await?.into_iter().map(|e| e.subject).collect();
        for year in from.year()..=to.year() {
            let dec = Period::new(year, 12);
            if dec < from || dec > to || !closed.contains(&year.to_string()) {
                continue;
            }
            for c in self.store.generated_turnover(self.org, &closing::source_prefix(year), dec, dec).await? {
                rows.push(BalanceRow { account: c.account, activity: c.activity, debit: -c.debit, credit: -c.credit });
            }
        }
        Ok(rows)
    }

    /// Whether the year's closing entries exist.
    pub async fn year_closed(&self, year: i32) -> Result<bool> {
        let dec = Period::new(year, 12);
        Ok(!self.store.generated_turnover(self.org, &closing::source_prefix(year), dec, dec).await?.is_empty())
    }
}
