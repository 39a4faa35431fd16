//! `voucher import` reads the file in two passes and stores it a chunk of 10,000 vouchers at a
//! time inside one transaction (issue 16): on both engines, a file of more than one chunk is
//! stored whole and in file order (a voucher whose lines are apart included), a duplicate in a
//! later chunk is told, and a bad line or a strict budget breach in the second chunk refuses the
//! whole file with the books unchanged.

mod common;

use common::*;
use gonghui::ledger::voucher::Status;
use gonghui::ops;
use std::path::Path;

const HEADER: &str = "凭证序号,日期,摘要,科目编码,活动编码,借方金额,贷方金额\n";

/// `n` two-line vouchers of 1.00 each on 50102/102, numbered 1..=n; voucher 2's lines are the
/// first and the last line of the file.
fn file(dir: &Path, name: &str, n: usize, edit: impl Fn(usize, &mut String)) -> std::path::PathBuf {
    let mut text = String::from(HEADER);
    text.push_str("2,2025-03-02,第 2 张,50102,A01,1.00,\n");
    for i in (1..=n).filter(|i| *i != 2) {
        let mut v = format!("{i},2025-03-{:02},第 {i} 张,50102,A01,1.00,\n{i},,,102,,,1.00\n", 1 + i % 28);
        edit(i, &mut v);
        text.push_str(&v);
    }
    text.push_str("2,,,102,,,1.00\n");
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The books without what a refusal itself writes (events, state log, the org's counters).
fn books(dump: &str) -> String {
    dump.split("## ")
        .filter(|s| !s.starts_with("events") && !s.starts_with("orgs") && !s.starts_with("state_log"))
        .collect::<Vec<_>>()
        .join("## ")
}

#[tokio::test]
async fn a_file_of_several_chunks_is_stored_whole_in_file_order_or_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_050;
    for db in databases().await {
        let ctx = setup(&db.url).await;
        waive(&ctx, "一人工会").await;

        // A bad line in the second chunk: refused with its file line, nothing stored.
        let before = ctx.store.content_dump().await.unwrap();
        let bad = file(dir.path(), "bad.csv", n, |i, v| {
            if i == 10_030 {
                *v = v.replace("\n10030,,,102,", "\n10030,,,1002,");
            }
        });
        let e = ops::vouchers::import(&ctx, &bad, None, true, None).await.unwrap_err();
        // Voucher 10,030 sits on lines 2 + 2 × 10,028 + 1 and + 2 (voucher 2 has its first line on
        // line 2); its second line names an enterprise account.
        let line = 2 + 2 * 10_028 + 2;
        assert!(e.message().contains(&format!("bad.csv 第 {line} 行")), "{}: {e}", db.engine);
        assert!(e.message().contains("整个文件未导入"), "{e}");
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: the database unchanged", db.engine);

        // The good file: every voucher, numbered in the order each first appears.
        let good = file(dir.path(), "good.csv", n, |_, _| {});
        let r = ops::vouchers::import(&ctx, &good, None, true, None).await.unwrap();
        assert_eq!(r.imported, n);
        let b = ctx.books();
        let second = b.voucher(&r.vouchers[0]).await.unwrap().unwrap();
        assert_eq!((second.header.summary.as_str(), second.lines.len()), ("第 2 张", 2), "{}", db.engine);
        let last = b.voucher(&r.vouchers[n - 1]).await.unwrap().unwrap();
        assert_eq!(last.header.summary, format!("第 {n} 张"));
        assert_eq!(last.header.status, Status::Posted);
        let tb = b
            .balance_totals(gonghui::ledger::period::Period(0), gonghui::ledger::period::Period(999_999))
            .await
            .unwrap();
        let spent: i64 = tb.iter().filter(|r| r.account == "50102").map(|r| (r.debit - r.credit).fen()).sum();
        assert_eq!(spent, 100 * n as i64, "{}: 1.00 for each voucher", db.engine);
        assert!(b.verify().await.unwrap().ok());

        // A later file repeating one voucher of the first, far into it, is told so.
        let again = dir.path().join("again.csv");
        std::fs::write(
            &again,
            format!("{HEADER}1,2025-03-{:02},第 10040 张,50102,A01,1.00,\n1,,,102,,,1.00\n", 1 + 10_040 % 28),
        )
        .unwrap();
        let r2 = ops::vouchers::import(&ctx, &again, None, false, None).await.unwrap();
        let told: Vec<String> = r2.warnings.iter().map(|w| w.text()).collect();
        assert!(told.iter().any(|w| w.contains(&r.vouchers[10_039])), "{}: {told:?}", db.engine);
    }
}

#[tokio::test]
async fn a_strict_budget_breach_in_the_second_chunk_refuses_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_020;
    for db in databases().await {
        let ctx = setup(&db.url).await;
        waive(&ctx, "一人工会").await;
        let budget = dir.path().join("b.csv");
        std::fs::write(&budget, "科目编码,活动编码,金额,说明\n50102,,10010,活动\n50102,A01,10010,活动\n").unwrap();
        ops::budget::import(&ctx, &budget, None, 2025, None).await.unwrap();
        ops::setup::set_setting(&ctx, "budget_control", "strict", "委员会决定").await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let f = file(dir.path(), "v.csv", n, |_, _| {});
        let e = ops::vouchers::import(&ctx, &f, None, true, None).await.unwrap_err();
        // The budget holds 10,010 vouchers of 1.00: the 10,011th breaks it.
        assert!(e.message().contains("严格模式") && e.message().contains("第 10011 张"), "{}: {e}", db.engine);
        let after = ctx.store.content_dump().await.unwrap();
        assert_eq!(books(&before), books(&after), "{}: no voucher of the file kept", db.engine);
        assert!(!ctx.store.events(&ctx.org, Some("budget_refused")).await.unwrap().is_empty(), "the refusal kept");
    }
}
