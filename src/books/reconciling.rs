//! The 银行存款余额调节表 of a bank account's months, read from the statement lines, their links
//! and the vouchers moving money on the account; and whether months agree.

use super::Books;
use crate::error::Result;
use crate::import::lines::StoredLine;
use crate::import::reconcile::{self, Reconciliation};
use crate::ledger::period::Period;
use crate::money::Amount;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// Reconciliations kept while one page is put together, by (account, month), so that the
/// month's and the year's checklists of a closing page compute a month once. Only for reads made
/// together, with no write between them.
#[derive(Default)]
pub struct Reconciled(Mutex<HashMap<(String, Period), Reconciliation>>);

/// The statements of a bank account as far as the months asked about: the balances entered from
/// paper statements, and whether the imported lines go on past the last month.
struct Statements {
    entered: HashMap<Period, Amount>,
    after_last: bool,
}

impl Statements {
    /// (the balance entered for `month`, whether the statement goes on past it), given the lines
    /// read after the month's end (up to the last month's).
    fn of(&self, month: Period, later_lines: &[StoredLine]) -> (Option<Amount>, bool) {
        (self.entered.get(&month).copied(), !later_lines.is_empty() || self.after_last)
    }
}

impl<'a> Books<'a> {
    /// What the statements say besides their lines, for months up to `last` (the lines being
    /// read up to its end).
    async fn statements(&self, account: &str, last: Period) -> Result<Statements> {
        Ok(Statements {
            entered: self.store.statement_balances(self.org, account).await?,
            after_last: self.store.bank_line_after(self.org, account, last.last_day()).await?,
        })
    }

    /// This handle, keeping the reconciliations it computes in `kept` and reusing those there.
    pub fn sharing(self, kept: &'a Reconciled) -> Books<'a> {
        Books { reconciled: Some(kept), ..self }
    }

    fn kept(&self, account: &str, month: Period) -> Option<Reconciliation> {
        let kept = self.reconciled?.0.lock().expect("not poisoned");
        kept.get(&(account.to_string(), month)).cloned()
    }

    /// One month's 银行存款余额调节表 of a bank account. Without the month's statement (neither
    /// imported nor entered) it has no bank balance and does not agree.
    pub async fn reconciliation(&self, account: &str, month: Period) -> Result<Reconciliation> {
        Ok(self.reconciliations(account, &[month]).await?.remove(0))
    }

    /// The months of `months` whose reconciliation of a bank account does not agree. A month
    /// without a statement (neither imported nor entered) cannot agree: it is named without
    /// reading the vouchers; the others are reconciled together.
    pub async fn not_agreeing(&self, account: &str, months: &[Period]) -> Result<Vec<Period>> {
        let Some(last) = months.iter().max() else { return Ok(Vec::new()) };
        let earliest = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
        let lines = self.bank_lines(account, earliest, last.last_day()).await?;
        let statements = self.statements(account, *last).await?;
        let (mut out, mut with_statement) = (Vec::new(), Vec::new());
        for &m in months {
            let upto = lines.partition_point(|l| l.date <= m.last_day());
            let (entered, continues) = statements.of(m, &lines[upto..]);
            if reconcile::statement_of(m, &lines[..upto], entered, continues) == reconcile::Statement::Missing {
                out.push(m);
            } else {
                with_statement.push(m);
            }
        }
        for r in self.reconcile_with(account, &lines, &statements, &with_statement).await? {
            if !r.balances() {
                out.push(r.month);
            }
        }
        out.sort();
        Ok(out)
    }

    /// The reconciliations of several months of one bank account, reading its statement lines,
    /// links and vouchers once (each month sees the lines dated by its end, as alone).
    pub async fn reconciliations(&self, account: &str, months: &[Period]) -> Result<Vec<Reconciliation>> {
        let Some(last) = months.iter().max() else { return Ok(Vec::new()) };
        if let Some(all) = months.iter().map(|m| self.kept(account, *m)).collect::<Option<Vec<_>>>() {
            return Ok(all);
        }
        let earliest = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid");
        let lines = self.bank_lines(account, earliest, last.last_day()).await?;
        let statements = self.statements(account, *last).await?;
        self.reconcile_with(account, &lines, &statements, months).await
    }

    /// The reconciliations of `months`, given the account's statement lines up to the last one's
    /// end and what its statements say: those kept (when this handle shares them) and the others
    /// computed.
    async fn reconcile_with(
        &self,
        account: &str,
        lines: &[StoredLine],
        statements: &Statements,
        months: &[Period],
    ) -> Result<Vec<Reconciliation>> {
        let missing: Vec<Period> = months.iter().copied().filter(|m| self.kept(account, *m).is_none()).collect();
        let fresh: HashMap<Period, Reconciliation> =
            self.compute(account, lines, statements, &missing).await?.into_iter().map(|r| (r.month, r)).collect();
        if let Some(kept) = self.reconciled {
            let mut kept = kept.0.lock().expect("not poisoned");
            for r in fresh.values() {
                kept.insert((account.to_string(), r.month), r.clone());
            }
        }
        Ok(months.iter().filter_map(|m| fresh.get(m).cloned().or_else(|| self.kept(account, *m))).collect())
    }

    /// The reconciliations of `months` computed from the books.
    async fn compute(
        &self,
        account: &str,
        lines: &[StoredLine],
        statements: &Statements,
        months: &[Period],
    ) -> Result<Vec<Reconciliation>> {
        let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else { return Ok(Vec::new()) };
        let since = lines.first().map(|l| l.date).unwrap_or(first.first_day()).min(first.first_day());
        let links = self.store.bank_links(self.org, account).await?;
        // The vouchers that may be open items (dated from the first line to the last month's
        // end), and those the lines are linked to, whatever their dates.
        let mut movements = self.bank_movements(account, since, last.last_day()).await?;
        let known: HashSet<i64> = movements.iter().map(|m| m.id).collect();
        let mut linked: Vec<String> =
            lines.iter().filter_map(|l| links.get(&l.fingerprint)).flatten().cloned().collect();
        linked.sort();
        linked.dedup();
        movements.extend(
            self.store.movements_of(self.org, account, &linked).await?.into_iter().filter(|m| !known.contains(&m.id)),
        );
        let age_limit = match self.setting(reconcile::AGE_SETTING).await? {
            Some(v) => v.parse().unwrap_or(reconcile::AGE_DAYS),
            None => reconcile::AGE_DAYS,
        };
        let mut out = Vec::with_capacity(months.len());
        for &month in months {
            let end = month.last_day();
            let upto = lines.partition_point(|l| l.date <= end);
            let (entered, continues) = statements.of(month, &lines[upto..]);
            let rows = self.balance_totals(Period(0), month).await?;
            out.push(reconcile::compute(&reconcile::Input {
                account,
                month,
                balances: &rows,
                lines: &lines[..upto],
                links: &links,
                movements: &movements,
                entered,
                continues,
                age_limit,
            }));
        }
        Ok(out)
    }
}
