//! Review and post in batches, on both engines: a month of vouchers goes through in one command,
//! in number order with an unbroken chain, and a list with one bad number is refused whole, the
//! database unchanged. A voucher file with several mistakes is refused naming them all.

mod common;

use common::*;
use gonghui::ledger::period::Period;
use gonghui::ledger::voucher::{Line, NewVoucher, Status};
use gonghui::ops;
use gonghui::store::PostTarget;

/// 2,500 drafts over March and April (more than one chunk of 1,000 per month), with the lines of
/// each voucher of a different size.
fn drafts() -> Vec<NewVoucher> {
    (0..2_500)
        .map(|i| {
            let d = if i % 2 == 0 { "2025-03-10" } else { "2025-04-10" };
            let a = yuan(1 + i % 97);
            let mut lines = vec![Line::debit("50102", a, "A01"), Line::credit("102", a, "")];
            if i % 3 == 0 {
                lines.push(Line::debit("50405", yuan(2), ""));
                lines.push(Line::credit("101", yuan(2), ""));
            }
            voucher(d, &format!("批量 {i}"), lines)
        })
        .collect()
}

#[tokio::test]
async fn a_month_is_reviewed_and_posted_in_one_command_and_a_bad_number_refuses_the_whole_list() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // Money to spend, posted under the waiver's path of the setup.
        post_all(
            &mut ctx,
            &[voucher(
                "2025-03-01",
                "会费",
                vec![
                    Line::debit("102", yuan(500_000), ""),
                    Line::debit("101", yuan(10_000), ""),
                    Line::credit("401", yuan(510_000), ""),
                ],
            )],
        )
        .await;
        let vs = drafts();
        ops::vouchers::add_batch(&ctx, &vs, PostTarget::Draft).await.unwrap();
        let march = ctx.books().numbers_with_status(Status::Draft, Some(Period::new(2025, 3))).await.unwrap();
        assert_eq!(march.len(), 1_250, "{}", db.engine);

        // One number that does not exist, among a thousand good ones: nothing is reviewed.
        ctx.user = "刘洋".into();
        let before = ctx.store.content_dump().await.unwrap();
        let mut list = march[..1_000].to_vec();
        list.insert(500, "记-202503-9999".into());
        let e = ops::vouchers::review(&ctx, &list).await.unwrap_err();
        assert!(e.message().contains("记-202503-9999") && e.message().contains("整批未处理"), "{}: {e}", db.engine);
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refused review changed the books", db.engine);

        // The whole month, listed twice over: reviewed once.
        let mut twice = march.clone();
        twice.extend(march.iter().take(10).cloned());
        assert_eq!(ops::vouchers::review(&ctx, &twice).await.unwrap(), 1_250, "{}", db.engine);

        // A draft among the reviewed ones refuses the posting of the whole list.
        let april = ctx.books().numbers_with_status(Status::Draft, Some(Period::new(2025, 4))).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let mut list = march.clone();
        list.push(april[0].clone());
        let e = ops::vouchers::post(&ctx, &list).await.unwrap_err();
        assert!(e.message().contains(&april[0]) && e.message().contains("不能记账"), "{}: {e}", db.engine);
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refused posting changed the books", db.engine);

        // The month posts, in number order, and the books verify.
        assert_eq!(ops::vouchers::post(&ctx, &march).await.unwrap().posted, 1_250);
        let posted = ctx.books().numbers_with_status(Status::Posted, Some(Period::new(2025, 3))).await.unwrap();
        assert_eq!(posted.len(), 1_251, "{}: March's dues and 1,250 drafts", db.engine);
        let v = ctx.books().verify().await.unwrap();
        assert!(v.ok(), "{}: {:?}", db.engine, v.problems);
        // Balances to the fen: 50102 holds the sum of March's even-numbered drafts.
        let want: i64 = (0..2_500).filter(|i| i % 2 == 0).map(|i| 1 + i % 97).sum();
        let tb = ctx.books().balance_totals(Period::new(2025, 3), Period::new(2025, 3)).await.unwrap();
        let got: i64 = tb.iter().filter(|b| b.account == "50102").map(|b| (b.debit - b.credit).fen()).sum();
        assert_eq!(got, want * 100, "{}", db.engine);
    }
}

/// A voucher file with a title row above its header and three mistakes: all three are named
/// with their lines in one refusal and nothing is written; put right, it imports.
#[tokio::test]
async fn a_voucher_file_names_every_error_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "某某学校工会 2025年3月 凭证导入表\n\
               凭证序号,日期,摘要,科目编码,借方金额,贷方金额\n\
               1,2025-03-01,鲜花,50102,300,\n1,2025-03-01,鲜花,102,,300\n\
               2,2025-03-32,讲座,50102,10,\n2,2025-03-32,讲座,102,,10\n\
               3,2025-03-05,慰问,50405,10,\n3,2025-03-05,慰问,102,,9\n\
               4,2025-03-07,文具,1002,5,\n4,2025-03-07,文具,102,,5\n";
    let file = dir.path().join("三月凭证.csv");
    std::fs::write(&file, bad).unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let e = ops::vouchers::import(&ctx, &file, None, false, None).await.unwrap_err();
        let m = e.message();
        assert!(m.contains("有 3 处错误，整个文件未导入"), "{}: {m}", db.engine);
        for (line, what) in [(5, "2025-03-32"), (7, "借贷不平"), (9, "1002")] {
            assert!(m.contains(&format!("第 {line} 行")) && m.contains(what), "line {line}: {m}");
        }
        assert_eq!(e.location.as_ref().and_then(|l| l.line), Some(5), "the first error's place");
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: nothing written", db.engine);
        let good = bad.replace("2025-03-32", "2025-03-02").replace(",,9\n", ",,10\n").replace(",1002,", ",50101,");
        let fixed = dir.path().join("三月凭证-改.csv");
        std::fs::write(&fixed, good).unwrap();
        let done = ops::vouchers::import(&ctx, &fixed, None, false, None).await.unwrap();
        assert_eq!(done.vouchers.len(), 4, "{}", db.engine);
    }
}
