//! What the audit reads: the union's rule pack, every check over a period (the pure ones of
//! `audit::checks` and those on facts the books compute), and the findings the last audit kept.

use super::{Books, VoucherFilter};
use crate::audit::checks::{self, AuditVoucher, Payment};
use crate::audit::pack::{self, Pack};
use crate::audit::{ledger_checks, period_key, rectification, Finding, Kept};
use crate::budget::by_account;
use crate::error::Result;
use crate::ledger::balance::first_negative;
use crate::ledger::chart::Class;
use crate::ledger::period::{Period, Span};
use crate::ledger::voucher::Status;
use crate::money::Amount;
use chrono::Datelike;
use std::collections::BTreeSet;

impl Books<'_> {
    /// The union's pack: the one it chose the last time it gave one to `audit --rules` (kept in
    /// its settings), else the one in force for its province at the start of the period; with
    /// the union's own decision amount where it set one.
    pub async fn pack(&self, span: Span) -> Result<Pack> {
        let p = match self.setting(pack::SETTING).await? {
            Some(kept) if !kept.is_empty() => pack::choose(&kept)?.0,
            _ => pack::select(&self.org.province, span.from.first_day())?,
        };
        Ok(match self.setting(pack::DECISION_AMOUNT).await?.and_then(|a| Amount::parse(&a).ok()) {
            Some(amount) => p.with_decision_amount(amount),
            None => p,
        })
    }

    /// Posted vouchers up to the end of the span, as the checks need them.
    async fn audit_vouchers(&self, span: Span) -> Result<Vec<AuditVoucher>> {
        let f = VoucherFilter { status: Some(Status::Posted), to: Some(span.to), ..Default::default() };
        Ok(self
            .with_lines(&f)
            .await?
            .into_iter()
            .map(|(h, lines)| AuditVoucher {
                lines,
                no: h.no,
                date: h.date,
                summary: h.summary,
                attachments: h.attachments,
                source_kind: h.source_kind,
                source_ref: h.source_ref,
                decision_ref: h.decision_ref,
                prepared_by: h.prepared_by,
                reviewed_by: h.reviewed_by,
                review_waived: h.review_waived,
            })
            .collect())
    }

    /// Run every check over `span` with `pack`, in the order of `checks::RULES`. Nothing is kept.
    pub async fn check(&self, span: Span, pack: &Pack) -> Result<Vec<Finding>> {
        let (from, to) = (span.from.first_day(), span.to.last_day());
        let vouchers = self.audit_vouchers(span).await?;
        let bank_accounts: BTreeSet<String> = vouchers
            .iter()
            .flat_map(|v| v.lines.iter())
            .filter(|l| l.account.starts_with("102"))
            .map(|l| l.account.clone())
            .collect();
        let mut payments = Vec::new();
        for account in &bank_accounts {
            for l in self.bank_lines(account, from, to).await? {
                if l.amount.fen() < 0 {
                    payments.push(Payment {
                        date: l.date,
                        counterparty: l.counterparty,
                        amount: -l.amount,
                        voucher_no: l.voucher_no,
                    });
                }
            }
        }
        let chart = self.chart().await?;
        let mut budgeted_income = Amount::ZERO;
        let mut year_findings = Vec::new();
        for year in span.from.year()..=span.to.year() {
            let budget = self.budget(year).await?;
            let (y_from, y_to) = (Period::new(year, 1).max(span.from), Period::new(year, 12).min(span.to));
            let turnover = self.turnover(y_from, y_to).await?;
            budgeted_income += by_account(&chart, &budget, &turnover, Class::Income)
                .iter()
                .filter(|e| e.level == 0)
                .map(|e| e.plan.adjusted())
                .sum();
            let in_year: Vec<&AuditVoucher> =
                vouchers.iter().filter(|v| v.date >= y_from.first_day() && v.date <= y_to.last_day()).collect();
            year_findings.extend(ledger_checks::budget(pack, &chart, &budget, &turnover, &in_year, year));
            let status = self.allocation_status(year).await?;
            year_findings.extend(ledger_checks::allocation(pack, &status, year, y_to));
        }
        let members = self.members().await?;
        let benefits = self.benefits().await?;
        // Retained 拨缴 income of the span: 402 as booked, the year-end closing aside.
        let retained_income: Amount = vouchers
            .iter()
            .filter(|v| v.date >= from && v.date <= to && !crate::ledger::closing::is_closing(&v.source_ref))
            .flat_map(|v| v.lines.iter())
            .filter(|l| l.account.starts_with("402"))
            .map(|l| l.credit - l.debit)
            .sum();
        let conditions = pack::conditions_of(self.setting(pack::CONDITIONS).await?.as_deref().unwrap_or(""));
        let input = checks::Input {
            from,
            to,
            pack,
            vouchers: &vouchers,
            members: &members,
            benefits: &benefits,
            payments: &payments,
            budgeted_income,
            retained_income,
            conditions,
        };
        let mut out = checks::run(&input);
        out.extend(year_findings);
        let people: Vec<(String, Vec<crate::ledger::roles::Role>)> = self
            .store
            .users_with_roles(self.org)
            .await?
            .into_iter()
            .filter(|(u, _)| u.disabled_at.is_none())
            .map(|(u, r)| (u.name, r))
            .collect();
        out.extend(checks::staff(pack, &people));
        // Each month of the span in which a bank account moved, up to the current month.
        let today = Period::of(crate::today());
        for account in &bank_accounts {
            let mut p = span.from;
            let mut last = None;
            while p <= span.to && p < today {
                let moved = vouchers
                    .iter()
                    .filter(|v| Period::of(v.date) == p && v.lines.iter().any(|l| &l.account == account))
                    .count();
                if moved > 0 {
                    let r = self.reconciliation(account, p).await?;
                    out.extend(ledger_checks::reconciliation(pack, moved, &r));
                    last = Some(r);
                }
                p = p.next();
            }
            // 未达账项 still open at the last reconciled month, older than the union's limit.
            out.extend(last.and_then(|r| ledger_checks::old_reconciling_items(pack, &r)));
        }
        // 库存现金 / 银行存款 below zero on some day of the span (the first day, per account).
        for prefix in ["101", "102"] {
            let moves = self.store.daily_movements(self.org, prefix).await?;
            for (account, day, balance) in first_negative(&moves, Some((from, to))) {
                out.push(ledger_checks::negative_balance(pack, &account, day, balance));
            }
        }
        // 资产基金 against the assets it stands for, at the end of the span.
        let net: Vec<(String, Amount)> = self
            .balance_totals(Period(0), span.to)
            .await?
            .into_iter()
            .map(|b| (b.account, b.debit - b.credit))
            .collect();
        out.extend(ledger_checks::asset_fund(span.to, &net));
        // Counts of the cash on hand: one that differs from the book; a closed year in which cash
        // moved and none was made.
        let counts: Vec<_> = self.cash_counts().await?.into_iter().filter(|c| c.date >= from && c.date <= to).collect();
        for year in span.from.year()..=span.to.year() {
            let whole = span.from <= Period::new(year, 1) && span.to >= Period::new(year, 12);
            let moved =
                vouchers.iter().any(|v| v.date.year() == year && v.lines.iter().any(|l| l.account.starts_with("101")));
            let counted = counts.iter().any(|c| c.date.year() == year);
            if whole && moved && !counted && self.is_closed(Period::new(year, 12)).await? {
                out.push(ledger_checks::cash_uncounted(pack, year));
            }
        }
        out.extend(counts.iter().filter_map(|c| ledger_checks::cash_count(pack, c)));
        // Dispositions recorded by a voucher's own preparer (kept from an earlier run).
        out.extend(ledger_checks::self_disposed(pack, &self.findings_kept(&period_key(span)).await?, &vouchers));
        // Items of the 整改台账 of earlier periods still being put right past their deadline.
        let on = to.min(crate::today());
        out.extend(rectification::overdue(pack, &self.rectification_before(span).await?, on));
        for r in self.reopenings().await?.iter().filter(|r| r.period >= span.from && r.period <= span.to) {
            out.push(ledger_checks::reopened(pack, r));
        }
        let v = self.verify().await?;
        out.extend(ledger_checks::chain(pack, &v.problems, v.first_broken.as_deref()));
        for f in &mut out {
            f.severity = pack.rate(&f.rule, f.severity, f.amount);
        }
        out.sort_by_key(|f| checks::RULES.iter().position(|(r, _, _)| *r == f.rule).unwrap_or(usize::MAX));
        Ok(out)
    }

    /// The findings of a period: those kept by the last `audit` run, or (none kept) found now
    /// with the pack in force, not kept.
    pub async fn findings(&self, span: Span) -> Result<Vec<Kept>> {
        let kept = self.findings_kept(&period_key(span)).await?;
        if !kept.is_empty() {
            return Ok(kept);
        }
        let pack = self.pack(span).await?;
        Ok(self
            .check(span, &pack)
            .await?
            .into_iter()
            .map(|f| Kept { key: f.key(), finding: f, disposition: None })
            .collect())
    }

    /// The committee's opinion on the year: the last version entered, if any.
    pub async fn opinion(&self, year: i32) -> Result<Option<crate::audit::opinion::Opinion>> {
        Ok(self.store.opinions(self.org, Some(year)).await?.pop())
    }

    /// 库存现金 (101 and its details) at the end of a day, from the posted entries.
    pub async fn cash_on(&self, day: chrono::NaiveDate) -> Result<Amount> {
        let moves = self.store.daily_movements(self.org, "101").await?;
        Ok(moves.iter().filter(|(_, d, _)| *d <= day).map(|(_, _, a)| *a).sum())
    }

    /// Every record of the 整改台账, oldest first.
    pub async fn rectification_records(&self) -> Result<Vec<rectification::Record>> {
        Ok(self
            .store
            .events(self.org, Some(rectification::EVENT))
            .await?
            .iter()
            .filter_map(|e| rectification::Record::from_event(&e.subject, &e.actor, &e.at, &e.detail))
            .collect())
    }

    /// The 整改台账 of an audited period: its kept findings accepted as problems, each with its
    /// last record.
    pub async fn rectification(&self, span: Span) -> Result<Vec<rectification::Item>> {
        let key = period_key(span);
        Ok(rectification::ledger(&key, &self.findings_kept(&key).await?, &self.rectification_records().await?))
    }

    /// The 台账 items of the periods audited before `span` began (those with records).
    async fn rectification_before(&self, span: Span) -> Result<Vec<rectification::Item>> {
        let records = self.rectification_records().await?;
        let periods: BTreeSet<&str> = records
            .iter()
            .map(|r| r.period.as_str())
            .filter(|p| rectification::period_end(p).is_some_and(|end| end < span.from))
            .collect();
        let mut out = Vec::new();
        for p in periods {
            out.extend(rectification::ledger(p, &self.findings_kept(p).await?, &records));
        }
        Ok(out)
    }

    /// The counts of the cash on hand recorded (`cash count`), oldest first.
    pub async fn cash_counts(&self) -> Result<Vec<crate::ledger::cash_count::CashCount>> {
        use crate::ledger::cash_count::{CashCount, EVENT};
        Ok(self
            .store
            .events(self.org, Some(EVENT))
            .await?
            .iter()
            .filter_map(|e| CashCount::from_event(&e.subject, &e.actor, &e.detail))
            .collect())
    }

    /// The physical counts of the fixed assets recorded (`asset count`), oldest first.
    pub async fn asset_counts(&self) -> Result<Vec<crate::ledger::assets::Count>> {
        use crate::ledger::assets::{Count, COUNT_EVENT};
        let register = self.assets().await?;
        Ok(self
            .store
            .events(self.org, Some(COUNT_EVENT))
            .await?
            .iter()
            .filter_map(|e| Count::from_event(&e.subject, &e.actor, &e.detail, &register))
            .collect())
    }

    /// The audit group's record of `chair`'s tenure `span`: the last version entered, if any.
    pub async fn departure(&self, chair: &str, span: Span) -> Result<Option<crate::audit::departure::Record>> {
        Ok(self.store.departures(self.org, Some((chair, span))).await?.pop())
    }

    /// Every version of the year's opinion, oldest first.
    pub async fn opinion_versions(&self, year: i32) -> Result<Vec<crate::audit::opinion::Opinion>> {
        self.store.opinions(self.org, Some(year)).await
    }
}
