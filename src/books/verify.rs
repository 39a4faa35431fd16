//! `verify`: recompute the hash chain and check the ledger's invariants. Names the first voucher
//! where the chain or the balance breaks. Reads the chain in pages, in chain order.

use super::Books;
use crate::error::Result;
use crate::ledger::balance::{first_negative, BalanceRow};
use crate::ledger::hash::hash_matches;
use crate::ledger::statement::{self, Snapshot};
use crate::ledger::voucher::{Line, Status};
use crate::money::Amount;
use crate::store::VoucherHeader;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Serialize)]
pub struct Verification {
    /// True when nothing is wrong.
    pub ok: bool,
    #[serde(rename = "checked")]
    pub vouchers_checked: usize,
    /// The first voucher where the chain or a voucher's balance breaks.
    pub first_broken: Option<String>,
    /// Each problem found, the first chain break first. Empty when the books are intact.
    pub problems: Vec<String>,
    /// Drafts voided (作废): their numbers stay in the sequence.
    pub voided: usize,
    /// What cannot be right although the books are intact (库存现金 or 银行存款 negative on some
    /// day): said, not failed.
    pub warnings: Vec<String>,
    /// Every month or year reopened after closing (反结账), as kept: who, when, why.
    pub reopenings: Vec<String>,
    /// The books' state root (`SEQ:ROOT…`), to be signed; None for books without a state log.
    pub state: Option<String>,
    /// With an anchor: the writes recorded since it.
    pub since_anchor: Vec<String>,
}

/// Totals of the posted vouchers' entries, gathered as the chain is walked.
#[derive(Default)]
struct Sums {
    /// (month the entry is stored under, account, activity) → (debit, credit).
    balances: BTreeMap<(i64, String, String), (Amount, Amount)>,
    /// (day, account) → net movement, for the cash and bank accounts.
    daily: BTreeMap<(chrono::NaiveDate, String), Amount>,
    /// Vouchers with an entry stored under another month than theirs.
    out_of_period: BTreeSet<String>,
}

impl Sums {
    fn add(&mut self, h: &VoucherHeader, lines: &[Line], periods: &[i64]) {
        if h.status != Status::Posted {
            return;
        }
        for (l, p) in lines.iter().zip(periods) {
            let b = self.balances.entry((*p, l.account.clone(), l.activity.clone())).or_default();
            b.0 += l.debit;
            b.1 += l.credit;
            if l.account.starts_with("101") || l.account.starts_with("102") {
                *self.daily.entry((h.date, l.account.clone())).or_default() += l.debit - l.credit;
            }
            if *p != h.period {
                self.out_of_period.insert(h.no.clone());
            }
        }
    }
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Books<'_> {
    pub async fn verify(&self) -> Result<Verification> {
        self.verify_with(None).await
    }

    /// Verify, and prove the books still extend the state an auditor signed (`anchor`).
    pub async fn verify_with(&self, anchor: Option<&crate::ledger::state::Anchor>) -> Result<Verification> {
        let mut problems = Vec::new();
        let mut first_broken: Option<String> = None;
        let mut checked = 0usize;
        let mut expected_seq = 1i64;
        let mut prev = String::new();
        let mut chain_intact = true;
        let code = self.org.code.clone();
        // What the posted entries add up to, gathered on the same walk: the monthly balances,
        // the daily movements of cash and bank, the vouchers whose entries sit in another month.
        let mut sums = Sums::default();
        self.store
            .walk_chain(self.org, |h, ls, periods| {
                let (h, ls) = (&h, &ls);
                checked += 1;
                sums.add(h, ls, &periods);
                let debit: Amount = ls.iter().map(|l| l.debit).sum();
                let credit: Amount = ls.iter().map(|l| l.credit).sum();
                let mut fault = None;
                if debit != credit || ls.len() < 2 {
                    fault = Some(format!("借贷不平（借方 {}，贷方 {}）", debit.grouped(), credit.grouped()));
                }
                if crate::ledger::period::Period::of(h.date).0 != h.period {
                    fault.get_or_insert(format!(
                        "日期 {} 与所属月份 {} 不符（凭证被移到别的月份）",
                        h.date,
                        crate::ledger::period::Period(h.period).label()
                    ));
                }
                if chain_intact {
                    let seq = h.chain_seq.unwrap_or(-1);
                    if seq != expected_seq {
                        fault.get_or_insert(format!("链序号应为 {expected_seq}，实为 {seq}（有记账凭证被删除或插入）"));
                    } else if h.prev_hash.as_deref() != Some(prev.as_str()) {
                        fault.get_or_insert("前一哈希与链不符（前面的凭证被删除或替换）".to_string());
                    } else if !h.hash.as_deref().is_some_and(|stored| hash_matches(&code, h, ls, &prev, stored)) {
                        fault.get_or_insert("内容与记账时的哈希不符（凭证或分录在记账后被改动）".to_string());
                    }
                }
                if let Some(f) = fault {
                    if first_broken.is_none() {
                        first_broken = Some(h.no.clone());
                    }
                    problems.push(format!("凭证 {}：{f}", h.no));
                    chain_intact = false;
                }
                prev = h.hash.clone().unwrap_or_default();
                expected_seq = h.chain_seq.unwrap_or(expected_seq) + 1;
                Ok(())
            })
            .await?;
        for no in std::mem::take(&mut sums.out_of_period) {
            if first_broken.is_none() {
                first_broken = Some(no.clone());
            }
            problems.push(format!("凭证 {no}：分录所属月份与凭证不符（分录被移到别的月份）"));
        }
        let (head_seq, head_hash) = self.chain_head().await?;
        if chain_intact && (head_seq != expected_seq - 1 || head_hash != prev) {
            problems.push(format!(
                "链尾不符：记录的最后记账序号为 {head_seq}，实际检查到 {}（有记账凭证被删除）",
                expected_seq - 1
            ));
        }
        // The monthly balances must equal the posted entries, and the whole must balance.
        let nonzero = |v: Vec<(i64, BalanceRow)>| -> Vec<(i64, BalanceRow)> {
            v.into_iter().filter(|(_, b)| !(b.debit.is_zero() && b.credit.is_zero())).collect()
        };
        let stored = nonzero(self.store.balance_rows(self.org).await?);
        let recomputed = nonzero(
            std::mem::take(&mut sums.balances)
                .into_iter()
                .map(|((p, account, activity), (debit, credit))| (p, BalanceRow { account, activity, debit, credit }))
                .collect(),
        );
        if stored != recomputed {
            let diff = stored
                .iter()
                .zip(recomputed.iter())
                .find(|(a, b)| a != b)
                .map(|((p, a), _)| format!("{p} 月 科目 {}", a.account))
                .unwrap_or_else(|| "行数不同".into());
            problems.push(format!("科目月余额与已记账分录不符（首个差异：{diff}）"));
        }
        let d: Amount = stored.iter().map(|(_, b)| b.debit).sum();
        let c: Amount = stored.iter().map(|(_, b)| b.credit).sum();
        if d != c {
            problems.push(format!("科目余额表不平：借方发生额合计 {}，贷方发生额合计 {}", d.grouped(), c.grouped()));
        }
        // Identities of the balance sheet's layout (资产基金 = the non-cash assets it stands for).
        let chart = self.chart().await?;
        let rows: Vec<BalanceRow> = stored.into_iter().map(|(_, b)| b).collect();
        let layout = statement::balance_sheet();
        let values = statement::evaluate(&layout, &Snapshot::at(&chart, &BTreeSet::new(), &rows), true);
        for c in &layout.identities {
            let (left, right) = c.sides(&values);
            if left != right {
                problems.push(format!(
                    "{} 不成立：左边 {}，右边 {}（相差 {}）",
                    c.label,
                    left.grouped(),
                    right.grouped(),
                    (left - right).grouped()
                ));
            }
        }
        // Every number given stays: each month's vouchers are numbered 1 to the last without a gap
        // (a voided draft keeps its number; nothing is ever deleted).
        let counts: std::collections::BTreeMap<i64, (i64, i64)> =
            self.store.voucher_counts(self.org).await?.into_iter().map(|(p, n, top)| (p, (n, top))).collect();
        for (p, last) in self.store.voucher_sequences(self.org).await? {
            let (n, top) = counts.get(&p).copied().unwrap_or((0, 0));
            if n != last || top != last {
                problems.push(format!(
                    "{} 的凭证应编号 1–{last}，实有 {n} 张（最大编号 {top}）：有凭证被删除或编号被改动",
                    crate::ledger::period::Period(p).label()
                ));
            }
        }
        problems.extend(self.signature_problems().await?);
        for (no, n) in self.store.altered_attachments(self.org).await? {
            problems.push(format!("凭证 {no} 的第 {n} 个附件：内容与附上时的摘要不符（附件文件被替换）"));
        }
        let voided = self.store.count_with_status(self.org, Status::Void).await? as usize;
        let mut warnings = Vec::new();
        for (prefix, name) in [("101", "库存现金"), ("102", "银行存款")] {
            let moves: Vec<(String, chrono::NaiveDate, Amount)> = sums
                .daily
                .iter()
                .filter(|((_, a), _)| a.starts_with(prefix))
                .map(|((d, a), n)| (a.clone(), *d, *n))
                .collect();
            for (account, day, balance) in first_negative(&moves, None) {
                warnings.push(format!(
                    "{name}（{account}）{day} 日终余额为 {}：账面不可能为负，请检查是否漏记收入、多记支出或记错科目",
                    balance.grouped()
                ));
            }
        }
        let reopenings = self.reopenings().await?.iter().map(|r| r.describe()).collect();
        let state = self.check_state(anchor).await?;
        problems.extend(state.problems);
        Ok(Verification {
            state: state.state,
            since_anchor: state.since_anchor,
            ok: problems.is_empty(),
            reopenings,
            vouchers_checked: checked,
            problems,
            first_broken,
            voided,
            warnings,
        })
    }
}
