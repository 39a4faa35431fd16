//! Property tests: random sequences of valid vouchers keep Σ debit = Σ credit and the trial
//! balance balanced; random invalid vouchers leave the store unchanged, byte for byte in content.

mod common;

use common::*;
use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::{Line, NewVoucher};
use gonghui::money::Amount;
use gonghui::ops;
use gonghui::report::trial_balance;
use gonghui::store::PostTarget;
use proptest::prelude::*;

const LEAVES: &[&str] = &["101", "102", "211", "401", "402", "408", "50102", "50105", "50405", "50501", "510"];

/// A balanced voucher of 2–4 lines.
fn valid_voucher() -> impl Strategy<Value = NewVoucher> {
    (
        1u32..=12,
        1u32..=28,
        prop::collection::vec((0..LEAVES.len(), 1i64..5_000_000), 1..=3),
        0..LEAVES.len(),
        any::<bool>(),
    )
        .prop_map(|(m, d, debits, credit_acct, act)| {
            let total: i64 = debits.iter().map(|(_, a)| a).sum();
            let mut lines: Vec<Line> = debits
                .iter()
                .map(|(i, a)| {
                    Line::debit(LEAVES[*i], Amount(*a), if act && LEAVES[*i].starts_with('5') { "A01" } else { "" })
                })
                .collect();
            lines.push(Line::credit(LEAVES[credit_acct], Amount(total), ""));
            voucher(&format!("2025-{m:02}-{d:02}"), "随机凭证", lines)
        })
}

/// A voucher broken in one of the ways a treasurer can get it wrong.
fn invalid_voucher() -> impl Strategy<Value = NewVoucher> {
    (valid_voucher(), 0u8..6, 1i64..1000).prop_map(|(mut v, how, n)| {
        match how {
            0 => v.lines[0].debit += Amount(n),       // unbalanced
            1 => v.lines[0].account = "1002".into(),  // enterprise code
            2 => v.lines[0].account = "501".into(),   // not a leaf
            3 => v.lines[0].activity = "NOPE".into(), // unknown activity
            4 => {
                let a = v.lines[0].debit;
                v.lines[0].credit = a; // both sides on one line
            }
            _ => v.lines.truncate(1), // one line only
        }
        v
    })
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn valid_sequences_keep_the_books_balanced(vs in prop::collection::vec(valid_voucher(), 1..40)) {
        rt().block_on(async {
            for db in databases().await {
                let mut ctx = setup(&db.url).await;
                ctx.user = "张敏".into();
                let half = vs.len() / 2;
                // Some posted in a batch, some through draft → review → post.
                ops::vouchers::add_batch(&ctx, &vs[..half], PostTarget::Posted { reviewer: "刘洋", waived: false, poster: "张敏" }).await.unwrap();
                if half < vs.len() {
                    post_all(&mut ctx, &vs[half..]).await;
                }
                let expected: Amount = vs.iter().flat_map(|v| v.lines.iter().map(|l| l.debit)).sum();
                let lines = trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
                let top: Vec<_> = lines.iter().filter(|l| l.level == 0).collect();
                let d: Amount = top.iter().map(|l| l.debit).sum();
                let c: Amount = top.iter().map(|l| l.credit).sum();
                assert_eq!(d, expected, "{}", db.engine);
                assert_eq!(d, c, "{}", db.engine);
                assert_eq!(top.iter().map(|l| l.closing).sum::<Amount>(), Amount::ZERO);
                let v = ctx.books().verify().await.unwrap();
                assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
            }
        });
    }

    #[test]
    fn invalid_vouchers_change_nothing(good in prop::collection::vec(valid_voucher(), 0..5), bad in invalid_voucher(), pos in 0usize..5) {
        rt().block_on(async {
            for db in databases().await {
                let mut ctx = setup(&db.url).await;
                if !good.is_empty() {
                    post_all(&mut ctx, &good).await;
                }
                let before = ctx.store.content_dump().await.unwrap();
                assert!(ops::vouchers::add(&ctx, bad.clone(), false).await.is_err());
                let mut batch = good.clone();
                batch.insert(pos.min(batch.len()), bad.clone());
                assert!(ops::vouchers::add_batch(&ctx, &batch, PostTarget::Draft).await.is_err());
                assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}", db.engine);
            }
        });
    }
}
