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
            let mut moved_months = Vec::new();
            let mut m = from;
            while m <= to {
                let month = self.balance_totals(m, m).await?;
                if month.iter().any(|b| b.account == account && !(b.debit.is_zero() && b.credit.is_zero())) {
                    moved_months.push(m);
                }
                m = m.next();
            }
            for m in self.not_agreeing(&account, &moved_months).await? {
                out.push((account.clone(), m));
            }
        }
        Ok(out)
    }
}

/// One point of a closing checklist: what, whether it holds, and what is still open.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Check {
    pub what: String,
    pub ok: bool,
    pub detail: String,
    /// Where it is put right: the month (and bank account) concerned.
    pub about: CheckAbout,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum CheckAbout {
    Vouchers(Period),
    Reconcile(String, Period),
    BankLines,
    Depreciation(Period),
    Months,
}

impl Books<'_> {
    /// What must hold before month `p` is closed (vouchers posted is the one `close` enforces;
    /// the others are what a careful treasurer checks first).
    pub async fn month_checklist(&self, p: Period) -> Result<Vec<Check>> {
        let moved = self.balance_totals(p, p).await?;
        let accounts: BTreeSet<String> = moved
            .iter()
            .filter(|b| b.account.starts_with("102") && !(b.debit.is_zero() && b.credit.is_zero()))
            .map(|b| b.account.clone())
            .collect();
        let reconciled = async {
            let mut out = Vec::new();
            for a in &accounts {
                out.push(self.reconciliation(a, p).await?);
            }
            Ok(out)
        };
        // Independent reads, made together.
        let (open, pending, reconciled, missing, assets) = tokio::try_join!(
            self.unposted_in(p),
            self.pending_lines(None),
            reconciled,
            self.depreciation_missing(p, p),
            self.assets_in_books()
        )?;
        let mut out = Vec::new();
        out.push(Check {
            what: "本月凭证全部审核、记账".into(),
            ok: open.is_empty(),
            detail: if open.is_empty() {
                String::new()
            } else {
                format!("还有 {} 张未记账：{}", open.len(), open.iter().take(8).cloned().collect::<Vec<_>>().join("、"))
            },
            about: CheckAbout::Vouchers(p),
        });
        let pending = pending.into_iter().filter(|l| Period::of(l.date) == p).count();
        out.push(Check {
            what: "本月银行流水全部入账或说明".into(),
            ok: pending == 0,
            detail: if pending == 0 { String::new() } else { format!("还有 {pending} 笔待分类") },
            about: CheckAbout::BankLines,
        });
        for r in reconciled {
            out.push(Check {
                what: format!("银行存款 {} 余额调节相符", r.account),
                ok: r.balances(),
                detail: match (r.bank, r.adjusted_bank()) {
                    (None, _) => "尚无本月对账单（导入对账单或登记对账单余额）".into(),
                    (_, Some(adj)) if adj != r.adjusted_book() => {
                        format!("调节后相差 {}", (adj - r.adjusted_book()).grouped())
                    }
                    _ => String::new(),
                },
                about: CheckAbout::Reconcile(r.account.clone(), p),
            });
        }
        if !missing.is_empty() || !assets.is_empty() {
            out.push(Check {
                what: "固定资产本月折旧已计提".into(),
                ok: missing.is_empty(),
                detail: if missing.is_empty() { String::new() } else { "未计提".into() },
                about: CheckAbout::Depreciation(p),
            });
        }
        Ok(out)
    }

    /// What must hold before year `y` is closed: every month closed, reconciled, depreciated.
    pub async fn year_checklist(&self, y: i32) -> Result<Vec<Check>> {
        let (from, to) = (Period::new(y, 1), Period::new(y, 12));
        let (closed, unreconciled, missing) =
            tokio::try_join!(self.closed_periods(), self.unreconciled(from, to), self.depreciation_missing(from, to))?;
        let closed: BTreeSet<Period> = closed.into_iter().collect();
        let open: Vec<String> =
            (1..=12).map(|m| Period::new(y, m)).filter(|p| !closed.contains(p)).map(|p| p.label()).collect();
        let list = |v: Vec<String>| v.join("、");
        Ok(vec![
            Check {
                what: "1 至 12 月均已结账".into(),
                ok: open.is_empty(),
                detail: if open.is_empty() { String::new() } else { format!("未结账：{}", list(open)) },
                about: CheckAbout::Months,
            },
            Check {
                what: "各月银行存款余额调节相符".into(),
                ok: unreconciled.is_empty(),
                detail: list(unreconciled.iter().map(|(a, m)| format!("{} {a}", m.label())).collect()),
                about: unreconciled
                    .first()
                    .map(|(a, m)| CheckAbout::Reconcile(a.clone(), *m))
                    .unwrap_or(CheckAbout::Months),
            },
            Check {
                what: "各月固定资产折旧已计提".into(),
                ok: missing.is_empty(),
                detail: list(missing.iter().map(|m| m.label()).collect()),
                about: missing.first().map(|m| CheckAbout::Depreciation(*m)).unwrap_or(CheckAbout::Months),
            },
        ])
    }
}
