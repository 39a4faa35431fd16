//! Turnover without the year-end closing entries: what budgets, statements and the audit compare,
//! also after the year is closed.

use super::Books;
use crate::error::Result;
use crate::ledger::balance::BalanceRow;
use crate::ledger::closing;
use crate::ledger::period::Period;
use std::collections::BTreeSet;

impl Books<'_> {
    /// Turnover by account and activity over `from..=to`, the year-end closing entries left out.
    pub async fn turnover(&self, from: Period, to: Period) -> Result<Vec<BalanceRow>> {
        let mut rows = self.balance_totals_by_activity(from, to).await?;
        // Closing entries are dated 31 December of a closed year: look only there. (A year
        // reopened has its closing entries reversed by entries of the same source: they net out.)
        let closed = self.closed_years().await?;
        for year in from.year()..=to.year() {
            let dec = Period::new(year, 12);
            if dec < from || dec > to || !closed.contains(&year) {
                continue;
            }
            for c in self.store.generated_turnover(self.org, &closing::source_prefix(year), dec, dec).await? {
                rows.push(BalanceRow { account: c.account, activity: c.activity, debit: -c.debit, credit: -c.credit });
            }
        }
        Ok(rows)
    }

    /// The years closed (年终结账) and not reopened since.
    pub async fn closed_years(&self) -> Result<BTreeSet<i32>> {
        let mut events = self.events(Some("close_year")).await?;
        events.extend(self.events(Some("reopen_year")).await?);
        events.sort_by_key(|e| e.id);
        Ok(closed_years_of(events.iter().map(|e| (e.kind.as_str(), e.subject.as_str()))))
    }

    /// Whether the year is closed (and not reopened since).
    pub async fn year_closed(&self, year: i32) -> Result<bool> {
        Ok(self.closed_years().await?.contains(&year))
    }
}

/// The events that close and reopen years (`close_year` / `reopen_year`, the year as subject), in
/// the order they happened: the years closed at the end.
pub(crate) fn closed_years_of<'a>(events: impl Iterator<Item = (&'a str, &'a str)>) -> BTreeSet<i32> {
    let mut closed = BTreeSet::new();
    for (kind, subject) in events {
        let Ok(year) = subject.parse::<i32>() else { continue };
        match kind {
            "close_year" => {
                closed.insert(year);
            }
            "reopen_year" => {
                closed.remove(&year);
            }
            _ => {}
        }
    }
    closed
}
