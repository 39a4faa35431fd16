//! `verify`: recompute the hash chain and check the ledger's invariants. Names the first voucher
//! where the chain or the balance breaks.

use super::Ctx;
use crate::error::Result;
use crate::ledger::hash::{voucher_hash, HashInput};
use crate::money::Amount;
use crate::store::VoucherFilter;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Verification {
    pub vouchers_checked: usize,
    /// Each problem found, the first chain break first. Empty when the books are intact.
    pub problems: Vec<String>,
    /// The first voucher where the chain or a voucher's balance breaks.
    pub first_broken: Option<String>,
}

impl Verification {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

const PAGE: i64 = 5000;

pub async fn verify(ctx: &Ctx) -> Result<Verification> {
    let mut problems = Vec::new();
    let mut first_broken: Option<String> = None;
    let mut checked = 0usize;
    let mut expected_seq = 1i64;
    let mut prev = String::new();
    let mut chain_intact = true;
    loop {
        let f = VoucherFilter {
            status: Some("posted"),
            chain_from: Some(expected_seq),
            limit: Some(PAGE),
            ..Default::default()
        };
        let hs = ctx.store.voucher_headers(&ctx.org, &f).await?;
        if hs.is_empty() {
            break;
        }
        let ids: Vec<i64> = hs.iter().map(|h| h.id).collect();
        let lines = ctx.store.voucher_lines(&ctx.org, &ids).await?;
        for h in &hs {
            checked += 1;
            let ls = lines.get(&h.id).map(Vec::as_slice).unwrap_or(&[]);
            let debit: Amount = ls.iter().map(|l| l.debit).sum();
            let credit: Amount = ls.iter().map(|l| l.credit).sum();
            let mut fault = None;
            if debit != credit || ls.len() < 2 {
                fault = Some(format!("借贷不平（借方 {}，贷方 {}）", debit.grouped(), credit.grouped()));
            }
            if chain_intact {
                let seq = h.chain_seq.unwrap_or(-1);
                let hash = voucher_hash(
                    &HashInput {
                        org_code: &ctx.org.code,
                        chain_seq: seq,
                        no: &h.no,
                        date: h.date,
                        summary: &h.summary,
                        attachments: h.attachments,
                        source_kind: &h.source_kind,
                        source_ref: &h.source_ref,
                        decision_ref: &h.decision_ref,
                        reverses: h.reverses,
                        prepared_by: &h.prepared_by,
                        reviewed_by: h.reviewed_by.as_deref().unwrap_or(""),
                        posted_by: h.posted_by.as_deref().unwrap_or(""),
                        lines: ls,
                    },
                    &prev,
                );
                if seq != expected_seq {
                    fault.get_or_insert(format!("链序号应为 {expected_seq}，实为 {seq}（有记账凭证被删除或插入）"));
                } else if h.prev_hash.as_deref() != Some(prev.as_str()) {
                    fault.get_or_insert("前一哈希与链不符（前面的凭证被删除或替换）".to_string());
                } else if h.hash.as_deref() != Some(hash.as_str()) {
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
        }
    }
    let (head_seq, head_hash) = ctx.store.chain_head(&ctx.org).await?;
    if chain_intact && (head_seq != expected_seq - 1 || head_hash != prev) {
        problems.push(format!(
            "链尾不符：记录的最后记账序号为 {head_seq}，实际检查到 {}（有记账凭证被删除）",
            expected_seq - 1
        ));
    }
    // The monthly balances must equal the posted entries, and the whole must balance.
    let stored = ctx.store.balance_rows(&ctx.org).await?;
    let recomputed = ctx.store.balance_rows_from_entries(&ctx.org).await?;
    let nonzero = |v: Vec<(i64, crate::store::BalanceRow)>| -> Vec<(i64, crate::store::BalanceRow)> {
        v.into_iter().filter(|(_, b)| !(b.debit.is_zero() && b.credit.is_zero())).collect()
    };
    let (stored, recomputed) = (nonzero(stored), nonzero(recomputed));
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
    // 资产基金 (301) equals the book value of the non-cash assets it stands for.
    let bal = |prefix: &str| -> Amount {
        stored.iter().filter(|(_, b)| b.account.starts_with(prefix)).map(|(_, b)| b.debit - b.credit).sum()
    };
    let non_cash =
        bal("141") + bal("151") + bal("161") + bal("162") + bal("163") + bal("171") + bal("172") + bal("181");
    let fund = -bal("301");
    if fund != non_cash {
        problems.push(format!(
            "资产基金（301）余额 {} 不等于库存物品、投资、在建工程、固定资产净值、无形资产净值和长期待摊费用之和 {}（相差 {}）",
            fund.grouped(),
            non_cash.grouped(),
            (fund - non_cash).grouped()
        ));
    }
    Ok(Verification { vouchers_checked: checked, problems, first_broken })
}
