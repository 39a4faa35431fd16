//! The 2% allocation and dues on both engines: the worked example, each collection mode's
//! vouchers, late and short months, awkward amounts, bad payroll files refused whole.

mod common;

use common::*;
use gonghui::allocation::Mode;
use gonghui::ledger::period::{Period, Span};
use gonghui::ledger::voucher::Line;
use gonghui::money::Amount;
use gonghui::ops::allocation::{self as alloc, Booking, SettingsChange};
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Request};
use std::path::Path;

fn payroll_file(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("月份,工资总额,职工人数,会员人数,会费基数\n{body}")).unwrap();
    p
}

fn twelve_months(wage: &str) -> String {
    (1..=12).map(|m| format!("2025-{m:02},{wage},130,120,1400000.00\n")).collect()
}

async fn book_and_post(ctx: &mut Ctx, b: Booking) -> String {
    let no = alloc::book(ctx, b, "102", false).await.unwrap().no;
    let me = ctx.user.clone();
    ctx.user = "刘洋".into();
    ops::vouchers::review(ctx, std::slice::from_ref(&no)).await.unwrap();
    ctx.user = me;
    ops::vouchers::post(ctx, std::slice::from_ref(&no)).await.unwrap();
    no
}

fn change() -> SettingsChange {
    SettingsChange { mode: None, rate: None, retention: None, upward: None, tax_fee: None, dues_rate: None }
}

#[tokio::test]
async fn worked_example_two_million_a_month() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let f = payroll_file(dir.path(), "p.csv", &twelve_months("\"2,000,000.00\""));
        assert_eq!(alloc::import_payroll(&ctx, &f, None, false).await.unwrap(), (12, 0));
        for m in 1..=12 {
            let b = Booking::Receive {
                period: Period::new(2025, m),
                amount: yuan(40_000),
                date: date(&format!("2025-{m:02}-10")),
            };
            book_and_post(&mut ctx, b).await;
        }
        let r = report::build(
            &ctx,
            "allocation",
            &Request { span: Span::year(2025), account: None, by: None, chair: None },
        )
        .await
        .unwrap();
        let csv = String::from_utf8(gonghui::render::csv::render(&r)[3..].to_vec()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "月份,职工人数,工资总额,应拨缴,应留成,应上解,实收拨缴,已上解,应上解未上解（211）,累计欠缴,应收会费,实收会费,上解日期及收据号"
        );
        assert_eq!(
            lines[1],
            "2025-01,130,2000000.00,40000.00,24000.00,16000.00,40000.00,0.00,16000.00,0.00,7000.00,0.00,"
        );
        assert_eq!(
            *lines.last().unwrap(),
            "合计,,24000000.00,480000.00,288000.00,192000.00,480000.00,0.00,192000.00,0.00,84000.00,0.00,",
            "{}: {csv}",
            db.engine
        );
        let tb = gonghui::report::trial_balance::lines(&ctx, Span::year(2025)).await.unwrap();
        let bal = |c: &str| tb.iter().find(|l| l.code == c).map(|l| l.closing).unwrap();
        assert_eq!((bal("402"), bal("211"), bal("102")), (yuan(-288_000), yuan(-192_000), yuan(480_000)));
        // The 211 column is the trial balance's 应付上级经费 (a credit balance), month by month.
        let t = r.tables().next().unwrap();
        let owed = t.columns.iter().position(|c| c.name == "应上解未上解（211）").unwrap();
        assert_eq!(t.rows.last().unwrap().cells[owed], gonghui::report::Cell::Amount(Amount::ZERO - bal("211")));
        assert_eq!(t.rows[5].cells[owed], gonghui::report::Cell::Amount(yuan(96_000)), "June: six months' share");
        assert_eq!(ctx.books().owed_upward(2025).await.unwrap(), yuan(192_000));
    }
}

async fn lines_of(ctx: &Ctx, no: &str) -> Vec<Line> {
    ctx.store.voucher(&ctx.org, no).await.unwrap().unwrap().lines
}

#[tokio::test]
async fn each_collection_mode_books_its_own_entries() {
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // 自主拨缴: the split, then the remittance.
        let no = book_and_post(
            &mut ctx,
            Booking::Receive { period: Period(202503), amount: yuan(40_000), date: date("2025-03-10") },
        )
        .await;
        assert_eq!(
            lines_of(&ctx, &no).await,
            vec![
                Line::debit("102", yuan(40_000), ""),
                Line::credit("402", yuan(24_000), ""),
                Line::credit("211", yuan(16_000), "")
            ]
        );
        let remit =
            Booking::Remit { amount: yuan(16_000), date: date("2025-03-25"), receipt: Some("No.0012345".into()) };
        let no = book_and_post(&mut ctx, remit).await;
        assert_eq!(
            lines_of(&ctx, &no).await,
            vec![Line::debit("211", yuan(16_000), ""), Line::credit("102", yuan(16_000), "")]
        );
        // The upper union's receipt number travels with the remittance to the allocation report.
        let receipts = ctx.books().allocation_receipts().await.unwrap();
        let r = receipts.iter().find(|r| r.voucher == no).unwrap();
        assert_eq!(r.receipt.as_deref(), Some("No.0012345"), "{}", db.engine);
        let before = ctx.store.content_dump().await.unwrap();
        let bad =
            Booking::Remit { amount: yuan(1), date: date("2025-03-26"), receipt: Some("收据 12 号！".into()) };
        let e = alloc::book(&ctx, bad, "102", false).await.unwrap_err();
        assert!(e.message().contains("收据号“收据 12 号！”不对"), "{}", e.message());
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "nothing written");
        // Dues are kept whole.
        let no = book_and_post(
            &mut ctx,
            Booking::Dues { period: Period(202503), amount: Amount(540_012), date: date("2025-03-05") },
        )
        .await;
        assert_eq!(
            lines_of(&ctx, &no).await,
            vec![Line::debit("102", Amount(540_012), ""), Line::credit("401", Amount(540_012), "")]
        );
        // 税务代收 from 2026: the returned share is all 402; a notified, unpaid return accrues at year end.
        let c = SettingsChange { mode: Some("tax".into()), tax_fee: Some("2%".into()), ..change() };
        let s = alloc::set_settings(&ctx, 2026, &c).await.unwrap();
        assert_eq!(s.mode, Mode::TaxCollected);
        let no = book_and_post(
            &mut ctx,
            Booking::Receive { period: Period(202603), amount: yuan(23_520), date: date("2026-04-20") },
        )
        .await;
        assert_eq!(
            lines_of(&ctx, &no).await,
            vec![Line::debit("102", yuan(23_520), ""), Line::credit("402", yuan(23_520), "")]
        );
        let no = book_and_post(&mut ctx, Booking::Accrue { year: 2026, amount: yuan(23_520) }).await;
        let v = ctx.store.voucher(&ctx.org, &no).await.unwrap().unwrap();
        assert_eq!(v.date, date("2026-12-31"));
        assert_eq!(v.lines, vec![Line::debit("13102", yuan(23_520), ""), Line::credit("402", yuan(23_520), "")]);
        // 全额返还 from 2027: the whole 2% is 402.
        alloc::set_settings(&ctx, 2027, &SettingsChange { mode: Some("refund".into()), ..change() }).await.unwrap();
        let no = book_and_post(
            &mut ctx,
            Booking::Receive { period: Period(202701), amount: yuan(40_000), date: date("2027-02-01") },
        )
        .await;
        assert_eq!(
            lines_of(&ctx, &no).await,
            vec![Line::debit("102", yuan(40_000), ""), Line::credit("402", yuan(40_000), "")]
        );
        // An accrual makes no sense when the employer pays the union directly.
        let e = alloc::book(&ctx, Booking::Accrue { year: 2025, amount: yuan(1) }, "102", false).await.unwrap_err();
        assert!(e.message().contains("自主拨缴"), "{e}");
        assert!(ctx.books().verify().await.unwrap().ok());
    }
}

#[tokio::test]
async fn late_and_short_months_show_as_arrears() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let f = payroll_file(dir.path(), "p.csv", &twelve_months("1500000"));
        alloc::import_payroll(&ctx, &f, None, false).await.unwrap();
        for m in 1..=12u32 {
            let (amount, day) = match m {
                5 => continue,
                9 => (yuan(28_000), "2025-09-10".to_string()),
                _ => (yuan(30_000), format!("2025-{m:02}-10")),
            };
            book_and_post(&mut ctx, Booking::Receive { period: Period::new(2025, m), amount, date: date(&day) }).await;
        }
        book_and_post(
            &mut ctx,
            Booking::Receive { period: Period(202505), amount: yuan(30_000), date: date("2025-07-15") },
        )
        .await;
        let st = ctx.books().allocation_status(2025).await.unwrap();
        let arrears: Vec<Amount> = st.rows.iter().map(|r| r.arrears).collect();
        assert_eq!(arrears[4], yuan(30_000), "{}: May in arrears at its month end", db.engine);
        assert_eq!(arrears[5], yuan(30_000), "still in arrears at June's end");
        assert_eq!(arrears[6], Amount::ZERO, "paid in July");
        assert_eq!(arrears[11], yuan(2_000), "September's shortfall at year end");
        assert_eq!(st.arrears_at_year_end, yuan(2_000));
        let late: Vec<_> = st.issues.iter().filter(|i| i.late).map(|i| i.period).collect();
        assert_eq!(late, vec![Period(202505)]);
        let short: Vec<_> =
            st.issues.iter().filter(|i| i.received < i.expected).map(|i| (i.period, i.expected - i.received)).collect();
        assert_eq!(short, vec![(Period(202509), yuan(2_000))]);
        assert_eq!(st.dues_short, yuan(84_000), "no dues booked at all");
        assert_eq!(ctx.books().owed_upward(2025).await.unwrap(), yuan(143_200), "40% of 358,000 not remitted");
    }
}

#[tokio::test]
async fn awkward_amounts_split_exactly() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let f = payroll_file(dir.path(), "p.csv", "2025-03,1234567.89,10,9,1000000\n");
        alloc::import_payroll(&ctx, &f, None, false).await.unwrap();
        let st = ctx.books().allocation_status(2025).await.unwrap();
        let m = &st.rows[2];
        assert_eq!((m.due, m.retained_due, m.upward_due), (Amount(2_469_136), Amount(1_481_482), Amount(987_654)));
        assert_eq!(m.retained_due + m.upward_due, m.due);
        // Each amount for a month of its own: a month received in full refuses more (issue 14).
        for (i, fen) in [1, 3, 7, 2_469_136, 99_999_999].into_iter().enumerate() {
            let no = book_and_post(
                &mut ctx,
                Booking::Receive { period: Period(202503 + i as i64), amount: Amount(fen), date: date("2025-03-10") },
            )
            .await;
            let ls = lines_of(&ctx, &no).await;
            let credits: Amount = ls.iter().map(|l| l.credit).sum();
            assert_eq!(credits, Amount(fen), "{fen}: parts add up");
            assert!(ls.iter().all(|l| !(l.debit.is_zero() && l.credit.is_zero())));
        }
    }
}

#[tokio::test]
async fn bad_payroll_files_are_refused_whole_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let cases = [
            ("neg.csv", "2025-01,1500000,130,120,1000000\n2025-02,-5,130,120,1000000\n", "neg.csv 第 3 行", "负数"),
            (
                "nan.csv",
                "2025-01,1500000,130,120,1000000\n2025-02,abc,130,120,1000000\n",
                "nan.csv 第 3 行",
                "不是金额",
            ),
            (
                "gap.csv",
                "2025-01,1500000,130,120,1000000\n2025-03,1500000,130,120,1000000\n",
                "缺少 2025年2月",
                "第 2 行",
            ),
            (
                "dup.csv",
                "2025-01,1500000,130,120,1000000\n2025-01,1500000,130,120,1000000\n",
                "dup.csv 第 3 行",
                "重复",
            ),
            ("prec.csv", "2025-01,1500000.123,130,120,1000000\n", "prec.csv 第 2 行", "两位小数"),
            ("month.csv", "2025-13,1500000,130,120,1000000\n", "month.csv 第 2 行", "月份"),
            ("count.csv", "2025-01,1500000,-1,120,1000000\n", "count.csv 第 2 行", "职工人数"),
        ];
        for (name, body, at, why) in cases {
            let f = payroll_file(dir.path(), name, body);
            let e = alloc::import_payroll(&ctx, &f, None, false).await.unwrap_err();
            assert!(e.message().contains(at) && e.message().contains(why), "{name}: {e}");
        }
        let e = alloc::set_settings(&ctx, 2025, &SettingsChange { retention: Some("120%".into()), ..change() })
            .await
            .unwrap_err();
        assert!(e.message().contains("0–100%"), "{e}");
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing imported", db.engine);
        // A month imported again needs --replace, and the replacement is recorded.
        let f = payroll_file(dir.path(), "ok.csv", "2025-01,1500000,130,120,1000000\n");
        alloc::import_payroll(&ctx, &f, None, false).await.unwrap();
        let f2 = payroll_file(dir.path(), "fix.csv", "2025-01,1510000,130,120,1000000\n");
        let e = alloc::import_payroll(&ctx, &f2, None, false).await.unwrap_err();
        assert!(e.message().contains("--replace"), "{e}");
        assert_eq!(alloc::import_payroll(&ctx, &f2, None, true).await.unwrap(), (0, 1));
        let changes = ctx.store.payroll_changes(&ctx.org).await.unwrap();
        assert_eq!(changes.len(), 1);
        assert!(changes[0].3.contains("1500000.00") && changes[0].4.contains("1510000.00") && changes[0].2 == "张敏");
    }
}

#[tokio::test]
async fn under_tax_collection_the_report_shows_no_upward_share_the_union_does_not_owe() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let c = SettingsChange { mode: Some("税务代收".into()), ..change() };
        alloc::set_settings(&ctx, 2025, &c).await.unwrap();
        let f = payroll_file(dir.path(), "p.csv", &twelve_months("\"2,000,000.00\""));
        alloc::import_payroll(&ctx, &f, None, false).await.unwrap();
        for m in 1..=3 {
            let b = Booking::Receive {
                period: Period::new(2025, m),
                amount: yuan(24_000),
                date: date(&format!("2025-{:02}-20", m + 1)),
            };
            book_and_post(&mut ctx, b).await;
        }
        let req = Request { span: Span::year(2025), account: None, by: None, chair: None };
        let r = report::build(&ctx, "allocation", &req).await.unwrap();
        let t = r.tables().next().unwrap();
        for name in ["应上解", "已上解"] {
            let at = t.columns.iter().position(|c| c.name == name).unwrap();
            for row in &t.rows {
                assert_eq!(row.cells[at], gonghui::report::Cell::text("由税务代收"), "{} {name}: {:?}", db.engine, row);
            }
        }
        let owed = t.columns.iter().position(|c| c.name == "应上解未上解（211）").unwrap();
        assert_eq!(
            t.rows.last().unwrap().cells[owed],
            gonghui::report::Cell::Amount(Amount::ZERO),
            "nothing owed upward"
        );
    }
}

/// Issue 22, point 4: a union that books its 2% by ordinary vouchers — typed, or imported from a
/// voucher file — is not told that its year is in arrears. Receipts and remittances are read from
/// the entries (Dr 102 / Cr 402 / Cr 211, Dr 211 / Cr 102), the month from the summary where it
/// names one, else from the date; a reversed receipt counts as taken back.
#[tokio::test]
async fn receipts_booked_by_ordinary_vouchers_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        let f = payroll_file(dir.path(), "p.csv", &twelve_months("1500000"));
        alloc::import_payroll(&ctx, &f, None, false).await.unwrap();
        // 2% of 1,500,000 is 30,000: 18,000 kept (402), 12,000 owed upward (211).
        let receipt = |d: &str, summary: &str| {
            voucher(
                d,
                summary,
                vec![
                    Line::debit("102", yuan(30_000), ""),
                    Line::credit("402", yuan(18_000), ""),
                    Line::credit("211", yuan(12_000), ""),
                ],
            )
        };
        // January to June typed, each month's money arriving early in the next month and named.
        let typed: Vec<_> =
            (1..=6).map(|m| receipt(&format!("2025-{:02}-08", m + 1), &format!("收到{m}月拨缴"))).collect();
        let nos = post_all(&mut ctx, &typed).await;
        // March booked twice by mistake, then reversed.
        let twice = post_all(&mut ctx, &[receipt("2025-04-09", "收到3月拨缴")]).await;
        let back = ops::vouchers::reverse(&ctx, &twice[0], None).await.unwrap().no;
        let me = ctx.user.clone();
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, std::slice::from_ref(&back)).await.unwrap();
        ctx.user = me;
        ops::vouchers::post(&ctx, std::slice::from_ref(&back)).await.unwrap();
        // July to December imported from a voucher file; September's summary names no month and
        // is read by its date (September); December's money arrives in December.
        let mut csv = String::from("凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码\n");
        for (n, (d, summary)) in [
            ("2025-08-08", "收到七月份工会经费"),
            ("2025-09-05", "收到2025年8月拨缴经费"),
            ("2025-09-28", "收到工会经费拨缴款"),
            ("2025-11-06", "收到10月拨缴"),
            ("2025-12-05", "收到11月拨缴"),
            ("2025-12-28", "收到12月拨缴"),
        ]
        .iter()
        .enumerate()
        {
            csv.push_str(&format!("{},{d},{summary},102,30000,,\n{0},,,402,,18000,\n{0},,,211,,12000,\n", n + 1));
        }
        // The upward share of the first half remitted in July.
        csv.push_str("7,2025-07-15,上解上级工会经费（收据号 No.0012）,211,72000,,\n7,,,102,,72000,\n");
        let file = dir.path().join(format!("v-{}.csv", db.engine));
        std::fs::write(&file, csv).unwrap();
        let done = ops::vouchers::import(&ctx, &file, None, false, None).await.unwrap();
        assert_eq!(done.imported, 7);
        let me = ctx.user.clone();
        ctx.user = "刘洋".into();
        ops::vouchers::review(&ctx, &done.vouchers).await.unwrap();
        ctx.user = me;
        ops::vouchers::post(&ctx, &done.vouchers).await.unwrap();

        let st = ctx.books().allocation_status(2025).await.unwrap();
        assert_eq!(st.arrears_at_year_end, Amount::ZERO, "{}: every month received", db.engine);
        assert!(st.issues.iter().all(|i| !(i.received < i.expected)), "{:?}", st.issues);
        let received: Amount = st.rows.iter().map(|r| r.received).sum();
        assert_eq!(received, yuan(360_000), "twelve months, the double taken back");
        assert_eq!(
            st.rows[3].received,
            yuan(30_000 + 30_000 - 30_000),
            "April: March's money, its double and reversal"
        );
        assert_eq!(st.rows[6].remitted, yuan(72_000));
        assert_eq!(st.upward_unremitted, yuan(72_000), "the second half's 12,000 a month");
        // Paid in the month after, before its end: nothing late.
        assert!(st.issues.is_empty(), "{:?}", st.issues);
        // The remittance carries the upper union's receipt number into the report.
        let remits: Vec<_> = ctx
            .books()
            .allocation_receipts()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == gonghui::allocation::Kind::Remit)
            .collect();
        assert_eq!(remits.len(), 1);
        assert_eq!(remits[0].receipt.as_deref(), Some("No.0012"));
        // The audit raises no arrears.
        let (_, kept) = ops::audit::run(&ctx, Span::year(2025), None).await.unwrap();
        assert!(
            kept.iter().all(|k| k.finding.rule != "allocation_arrears"),
            "{}: {:?}",
            db.engine,
            kept.iter().map(|k| &k.finding.message).collect::<Vec<_>>()
        );
        assert_eq!(nos.len(), 6);
    }
}
