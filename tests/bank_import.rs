//! Importing statements on both engines: nothing twice (re-import, overlap, identical-looking
//! lines), corporate layouts in generated files (GBK CSV, pipe TXT), bad input refused whole.

mod common;

use common::*;
use gonghui::money::Amount;
use gonghui::ops::bank;
use std::path::{Path, PathBuf};

fn rules() -> Vec<gonghui::import::classify::Rule> {
    gonghui::import::classify::parse(gonghui::import::classify::DEFAULT, "default").unwrap()
}

fn samples() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bank-samples");
    assert!(
        dir.exists(),
        "{} is missing: the tests read the bank samples from shared/ beside the checkout",
        dir.display()
    );
    dir
}

#[tokio::test]
async fn every_sample_imports_once_and_a_second_import_adds_nothing() {
    for db in databases().await {
        let ctx = setup(&db.url).await;
        // The samples are of 2019–2023: books opened for 2019 take them (lines before a book's
        // first year are skipped since issue 14).
        gonghui::ops::setup::set_setting(&ctx, "year", "2019", "样例对账单").await.unwrap();
        for f in [
            "icbc/example-icbc-debit-v2-records.csv",
            "ccb/example-ccb-debit-records.xls",
            "alipay_gbk/example-alipay-records.csv",
            "boc/example-boc-debit-records.csv",
            "spdb/example-spdb_debit-records.xls",
        ] {
            let first =
                bank::import(&ctx, &samples().join(f), "auto", None, "102", false, &rules(), None).await.unwrap();
            assert!(first.imported > 0 && first.duplicate == 0, "{f}");
            let again =
                bank::import(&ctx, &samples().join(f), "auto", None, "102", false, &rules(), None).await.unwrap();
            assert_eq!((again.imported, again.duplicate), (0, first.imported), "{}: {f} again", db.engine);
        }
    }
}

/// A CCB corporate (企业网银 账户明细) statement of `days` (month, day) with a running balance.
fn ccb_corporate(days: &[(u32, u32)], extra_same: bool) -> String {
    let mut s = String::from("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n");
    let mut bal = 100_000i64 * 100;
    for (m, d) in days {
        let income = (*d as i64 % 3 == 0) as i64;
        let amount = 1_000 * 100 + (*m as i64) * 100 + *d as i64;
        bal += if income == 1 { amount } else { -amount };
        let (dr, cr) = if income == 1 {
            ("0".to_string(), Amount(amount).plain())
        } else {
            (Amount(amount).plain(), "0".to_string())
        };
        s.push_str(&format!(
            "4400****0001,某某学校工会,2025{m:02}{d:02} 10:00:00,{dr},{cr},{},人民币元,某某商店,6222****,建行,2025{m:02}{d:02},货款,,SN2025{m:02}{d:02}\n",
            Amount(bal).plain(),
        ));
        if extra_same && *d == 15 {
            bal -= 20_000;
            s.push_str(&format!("4400****0001,某某学校工会,2025{m:02}{d:02} 10:00:00,200.00,0,{},人民币元,张三,6222****,建行,2025{m:02}{d:02},慰问金,,SN2025{m:02}{d:02}X\n", Amount(bal).plain()));
        }
    }
    s.push_str("合计,,,,,,,,,,,,,\n");
    s
}

fn gbk(path: &Path, text: &str) {
    let (b, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(path, b).unwrap();
}

#[tokio::test]
async fn overlapping_statements_add_only_the_new_lines() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let jan_mar: Vec<(u32, u32)> = (1..=3).flat_map(|m| [(m, 5), (m, 15), (m, 27)]).collect();
        let feb_apr: Vec<(u32, u32)> = (2..=4).flat_map(|m| [(m, 5), (m, 15), (m, 27)]).collect();
        let f1 = dir.path().join("q1.csv");
        gbk(&f1, &ccb_corporate(&jan_mar, false));
        let s1 = bank::import(&ctx, &f1, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!(
            (s1.layout.as_str(), s1.encoding.as_str(), s1.imported, s1.skipped),
            ("ccb-corporate", "GB18030", 9, 1)
        );
        // Feb–Apr recomputes the running balance from a different start: serial numbers decide.
        let f2 = dir.path().join("q2.csv");
        gbk(&f2, &ccb_corporate(&feb_apr, false));
        let s2 = bank::import(&ctx, &f2, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s2.imported, s2.duplicate), (3, 6), "{}: only April's lines", db.engine);
        let april = ctx.store.bank_lines(&ctx.org, "102", date("2025-04-01"), date("2025-04-30")).await.unwrap();
        assert_eq!(april.len(), 3);
    }
}

#[tokio::test]
async fn two_identical_looking_payments_both_import_and_stay_two() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        // A personal-style export without serial numbers or balances: two 200.00 to 张三 on one day.
        let text = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2025-03-08,CNY,-200.00,,慰问金,张三,\n2025-03-08,CNY,-200.00,,慰问金,张三,\n2025-03-09,CNY,\"1,000.00\",,会费,学校,\n";
        let f = dir.path().join("two.csv");
        std::fs::write(&f, text).unwrap();
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.imported, s.outflow, s.inflow), (3, Amount(40_000), Amount(100_000)));
        let again = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((again.imported, again.duplicate), (0, 3));
        let lines = ctx.store.bank_lines(&ctx.org, "102", date("2025-03-08"), date("2025-03-08")).await.unwrap();
        assert_eq!(lines.len(), 2, "{}: exactly two", db.engine);
    }
}

#[tokio::test]
async fn corporate_layouts_are_recognised_in_generated_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = &databases().await[0];
    let ctx = setup(&db.url).await;
    let files: Vec<(&str, &str, String)> = vec![
        ("icbc.csv", "icbc-corporate", "工商银行对公账户历史明细\n凭证号,本方账号,对方账号,交易时间,借/贷,借方发生额,贷方发生额,对方行号,摘要,用途,对方单位名称,余额,个性化信息\nP001,6222,6223,2025-03-10 09:00:00,贷,,\"30,470.00\",102,拨缴,工会经费,某某中学,\"130,470.00\",\nP002,6222,6224,2025-03-12 10:00:00,借,\"1,200.00\",,103,活动,三八节,花店,\"129,270.00\",\n合计,,,,,\"1,200.00\",\"30,470.00\",,,,,,\n".into()),
        ("cmb.csv", "cmb-corporate", "公司名称,某某学校工会,银行帐号,7559\n查询开始日期,20250301,查询结束日期,20250331\n交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,流水号,流程实例号,业务名称,用途,业务参考号,业务摘要,其它摘要,收/付方分行名,收/付方名称,收/付方帐号\n20250310,080024,20250310,汇入,,30470.00,130470.00,拨缴,C001,,,,,,,深圳,某某中学,6223\n20250311,093000,20250311,汇出,500.00,,129970.00,书籍,C002,,,,,,,深圳,书店,6225\n".into()),
        ("bocom.csv", "bocom-corporate", "查询账号,3100\n交易时间,借方发生额（支出）,贷方发生额（收入）,账户余额,对方账号,对方户名,摘要\n2025-03-10 09:00,,30470.00,130470.00,6223,某某中学,拨缴\n借方交易笔数,0,贷方交易笔数,1,,,\n2025-03-11 09:00,800.00,,129670.00,6226,商店,慰问\n".into()),
        ("cmbc.csv", "cmbc-corporate", "交易日期,主机交易流水号,借方发生额,贷方发生额,账户余额,凭证号,摘要,对方账号,对方账号名称,对方开户行,交易时间\n20250310,M001,,30470.00,130470.00,,拨缴,6223,某某中学,民生,09:00:00\n20250311,M002,500.00,,129970.00,,书籍,6225,书店,民生,10:00:00\n".into()),
        ("boc.txt", "boc-corporate", "查询账号[ Inquirer account number ]|2320|\n总笔数[ Total number ]|2|\n交易类型[ Transaction Type ]|业务类型[ Business type ]|付款人账号[ Debit Account No. ]|付款人名称[ Payer's Name ]|收款人账号[ Payee's Account Number ]|收款人名称[ Payee's Name ]|交易日期[ Transaction Date ]|交易时间[ Transaction time ]|交易货币[ Trade Currency ]|交易金额[ Trade Amount ]|交易后余额[ After-transaction balance ]|交易流水号[ Transaction reference number ]|摘要[ Reference ]|\n来账|转账收入|6223|某某中学|2320|某某学校工会|20250310|09:00:00|CNY|+30470.00|+130470.00|B001|拨缴|\n往账|转账支出|2320|某某学校工会|6225|书店|20250311|10:00:00|CNY|-500.00|+129970.00|B002|书籍|\n".into()),
    ];
    for (name, layout, text) in files {
        let f = dir.path().join(name);
        gbk(&f, &text);
        let s = bank::import(&ctx, &f, "auto", None, "102", true, &rules(), None)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.layout, layout, "{name}");
        assert_eq!(s.inflow, Amount(3_047_000), "{name}: inflow");
        assert!(s.outflow.fen() > 0 && s.breaks.is_empty(), "{name}: {:?}", s.breaks);
    }
}

#[tokio::test]
async fn bad_statements_are_refused_whole_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let header = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n";
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            (
                "date.csv",
                format!("{header}2025-03-08,CNY,-1.00,,a,b,\n2025-13-45,CNY,-1.00,,a,b,\n").into_bytes(),
                "第 3 行：“记账日期”列",
            ),
            ("amount.csv", format!("{header}2025-03-08,CNY,abc,,a,b,\n").into_bytes(), "第 2 行：“交易金额”列"),
            (
                "both.csv",
                "交易日期,交易时间,记账日,支出,收入,账户余额,币种,摘要\n20250308,10:00,20250308,5.00,6.00,1,人民币,x\n"
                    .as_bytes()
                    .to_vec(),
                "两列都有金额",
            ),
            ("empty.csv", Vec::new(), "空文件"),
            ("bytes.csv", [header.as_bytes(), &[0xff, 0xfe, 0xfd, b'\n']].concat(), "无法解码"),
            ("trunc.xlsx", b"PK\x03\x04 not really a workbook".to_vec(), "XLSX"),
            ("unknown.csv", "日期,金额,备注\n2025-01-01,1,x\n".as_bytes().to_vec(), "看到的表头：日期、金额、备注"),
        ];
        for (name, bytes, why) in cases {
            let f = dir.path().join(name);
            std::fs::write(&f, bytes).unwrap();
            let forced = if name == "bytes.csv" { Some("utf-8") } else { None };
            let e = bank::import(&ctx, &f, "auto", forced, "102", false, &rules(), None).await.unwrap_err();
            assert!(e.message().contains(why), "{name}: {e}");
        }
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing imported", db.engine);
    }
}

/// A statement of `n` CCB corporate lines, one a day from 2025-01-01, oldest first.
fn long_ccb(n: usize) -> Vec<String> {
    let mut bal = 0i64;
    (0..n)
        .map(|i| {
            let d = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(i as i64 / 10);
            let amount = 10_000 + i as i64;
            bal += amount;
            format!(
                "4400,工会,{} 09:00:00,0,{},{},人民币元,某某中学,6223,建行,{},货款,,S{i:06}",
                d.format("%Y%m%d"),
                Amount(amount).plain(),
                Amount(bal).plain(),
                d.format("%Y%m%d")
            )
        })
        .collect()
}

const CCB_HEADER: &str = "账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号";

#[tokio::test]
async fn an_error_late_in_a_long_file_keeps_none_of_its_lines() {
    // The lines are written while the file is still being read: an error on line 4,801 must
    // roll back the 4,799 lines before it.
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let mut lines = long_ccb(5_000);
        lines[4_799] = lines[4_799].replacen(",0,", ",0,12x.00", 1);
        let f = dir.path().join("long.csv");
        gbk(&f, &format!("{CCB_HEADER}\n{}\n", lines.join("\n")));
        let e = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap_err();
        assert!(e.message().contains("第 4801 行"), "{}: {e}", db.engine);
        assert_eq!(before, ctx.store.content_dump().await.unwrap(), "{}: nothing imported", db.engine);
        // The same file, mended, imports whole.
        let lines = long_ccb(5_000);
        gbk(&f, &format!("{CCB_HEADER}\n{}\n", lines.join("\n")));
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.read, s.imported, s.duplicate), (5_000, 5_000, 0), "{}", db.engine);
        assert_eq!(s.closing_balance, Some(Amount((0..5_000).map(|i| 10_000 + i).sum())));
    }
}

#[tokio::test]
async fn a_newest_first_statement_is_numbered_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let mut lines = long_ccb(30);
        lines.reverse();
        let f = dir.path().join("desc.csv");
        gbk(&f, &format!("{CCB_HEADER}\n{}\n", lines.join("\n")));
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.imported, s.breaks.len()), (30, 0), "{}: balances continue in date order", db.engine);
        let pending = ctx.store.pending_lines(&ctx.org, None).await.unwrap();
        let serials: Vec<i64> = pending.iter().map(|p| p.seq).collect();
        assert_eq!(serials, (1..=30).collect::<Vec<i64>>(), "{}", db.engine);
        // Oldest first: the first line is the statement's last row (line 31), amount 100.00.
        assert_eq!((pending[0].file_line, pending[0].amount), (31, Amount(10_000)), "{}", db.engine);
        assert_eq!(s.pending_sample.first().map(|p| (p.0, p.2)), Some((1, Amount(10_000))));
    }
}

#[tokio::test]
async fn lines_become_vouchers_by_rule_or_by_hand_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let text = "账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n\
            4400,某某学校工会,20250305 09:00:00,0,5484.60,105484.60,人民币元,某某中学,6223,建行,20250305,3月会费,,S1\n\
            4400,某某学校工会,20250310 09:00:00,0,30470.00,135954.60,人民币元,某某中学,6223,建行,20250310,工会经费拨缴,,S2\n\
            4400,某某学校工会,20250312 09:00:00,1080.00,0,134874.60,人民币元,花语花店,6225,建行,20250312,三八节鲜花,,S3\n\
            4400,某某学校工会,20250321 09:00:00,0,395.00,135269.60,人民币元,,,建行,20250321,结息,,S4\n";
        let f = dir.path().join("m3.csv");
        std::fs::write(&f, text).unwrap();
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.imported, s.vouchers.len(), s.pending), (4, 3, 1), "{}", db.engine);
        let split = ctx.store.voucher(&ctx.org, &s.vouchers[1]).await.unwrap().unwrap();
        assert_eq!(
            split.lines,
            vec![
                gonghui::ledger::voucher::Line::debit("102", yuan(30_470), ""),
                gonghui::ledger::voucher::Line::credit("402", Amount(1_828_200), ""),
                gonghui::ledger::voucher::Line::credit("211", Amount(1_218_800), "")
            ]
        );
        let pending = ctx.store.pending_lines(&ctx.org, None).await.unwrap();
        assert_eq!((pending.len(), pending[0].counterparty.as_str()), (1, "花语花店"));
        let no = gonghui::ops::classify::by_hand(&ctx, pending[0].seq, Some("50102"), Some("A01"), None).await.unwrap();
        let v = ctx.store.voucher(&ctx.org, &no).await.unwrap().unwrap();
        assert_eq!(v.lines[0], gonghui::ledger::voucher::Line::debit("50102", yuan(1_080), "A01"));
        // Next month the same florist: the suggestion is last time's account and activity.
        let f = dir.path().join("m4.csv");
        std::fs::write(&f, text.lines().take(1).collect::<Vec<_>>().join("\n") + "\n4400,某某学校工会,20250410 09:00:00,500.00,0,134769.60,人民币元,花语花店,6225,建行,20250410,鲜花,,S5\n").unwrap();
        bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        let p = ctx.store.pending_lines(&ctx.org, None).await.unwrap();
        assert_eq!(ctx.books().suggestion(&p[0]).await.unwrap(), Some(("50102".into(), "A01".into())));
        let no = gonghui::ops::classify::by_hand(&ctx, p[0].seq, None, None, None).await.unwrap();
        let v = ctx.store.voucher(&ctx.org, &no).await.unwrap().unwrap();
        assert_eq!(v.lines[0], gonghui::ledger::voucher::Line::debit("50102", yuan(500), "A01"));
        assert!(ctx.store.pending_lines(&ctx.org, None).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn the_reconciliation_shows_each_kind_of_item_and_balances() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // The books: dues in, a florist paid (matches the statement), a cheque not yet presented,
        // and a deposit the bank has not credited yet.
        let income = |d: &str, y: i64, s: &str| {
            voucher(
                d,
                s,
                vec![
                    gonghui::ledger::voucher::Line::debit("102", yuan(y), ""),
                    gonghui::ledger::voucher::Line::credit("401", yuan(y), ""),
                ],
            )
        };
        post_all(
            &mut ctx,
            &[
                income("2025-03-05", 5_000, "会费"),
                spend("2025-03-12", "50102", yuan(1_080), "A01"),
                spend("2025-03-30", "50405", yuan(600), "A02"),
                income("2025-03-31", 200, "现金存入"),
            ],
        )
        .await;
        // The statement: dues, the florist, interest the books lack, a fee the books lack.
        let text = "账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n\
            4400,工会,20250305 09:00:00,0,5000.00,5000.00,人民币元,某某中学,6223,建行,20250305,会费,,R1\n\
            4400,工会,20250313 09:00:00,1080.00,0,3920.00,人民币元,花语花店,6225,建行,20250313,鲜花,,R2\n\
            4400,工会,20250321 09:00:00,0,12.34,3932.34,人民币元,,,建行,20250321,结息,,R3\n\
            4400,工会,20250325 09:00:00,5.00,0,3927.34,人民币元,,,建行,20250325,手续费,,R4\n";
        let f = dir.path().join("m3.csv");
        std::fs::write(&f, text).unwrap();
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!(
            (s.matched, s.vouchers.len()),
            (2, 2),
            "{}: dues and florist matched; interest and fee drafted",
            db.engine
        );
        let r = ctx.books().reconciliation("102", gonghui::ledger::period::Period(202503)).await.unwrap();
        assert_eq!(r.book, yuan(5_000 - 1_080 - 600 + 200));
        assert_eq!(r.bank, Some(Amount(392_734)));
        assert_eq!(
            r.bank_in_only.iter().map(|x| x.3).collect::<Vec<_>>(),
            vec![Amount(1_234)],
            "interest: drafted, not posted"
        );
        assert_eq!(r.bank_out_only.iter().map(|x| x.3).collect::<Vec<_>>(), vec![Amount(-500)]);
        assert_eq!(r.book_in_only.iter().map(|x| x.3).collect::<Vec<_>>(), vec![yuan(200)]);
        assert_eq!(r.book_out_only.iter().map(|x| x.3).collect::<Vec<_>>(), vec![yuan(-600)]);
        assert!(r.balances(), "{}: {} vs {:?}", db.engine, r.adjusted_book(), r.adjusted_bank());
        assert_eq!(r.adjusted_book(), Amount(352_734));
    }
}

#[tokio::test]
async fn a_cheque_presented_months_later_is_on_the_statement_of_that_month() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let mut ctx = setup(&db.url).await;
        // A cheque written in January for 800, presented at the bank in May; the statement the
        // union imports covers May only.
        let opening = voucher(
            "2025-01-02",
            "期初存款",
            vec![
                gonghui::ledger::voucher::Line::debit("102", yuan(10_000), ""),
                gonghui::ledger::voucher::Line::credit("401", yuan(10_000), ""),
            ],
        );
        post_all(&mut ctx, &[opening, spend("2025-01-10", "50102", yuan(800), "A01")]).await;
        let text = "账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n\
            4400,工会,20250520 09:00:00,800.00,0,9200.00,人民币元,花语花店,6225,建行,20250520,支票,,C1\n";
        let f = dir.path().join("m5.csv");
        std::fs::write(&f, text).unwrap();
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!(s.pending, 1, "{}: months apart, the import does not match it by itself", db.engine);
        let seq = ctx.store.pending_lines(&ctx.org, None).await.unwrap()[0].seq;
        gonghui::ops::matching::match_lines(&ctx, &[seq], &["记-202501-0002".to_string()]).await.unwrap();
        let r = ctx.books().reconciliation("102", gonghui::ledger::period::Period(202505)).await.unwrap();
        assert_eq!((r.book, r.bank), (yuan(9_200), Some(yuan(9_200))), "{}", db.engine);
        assert!(
            r.bank_out_only.is_empty() && r.book_out_only.is_empty(),
            "{}: the line is booked by the January voucher: {:?} {:?}",
            db.engine,
            r.bank_out_only,
            r.book_out_only
        );
        assert!(r.balances(), "{}", db.engine);
        // Kept and shared by a page's reads, the same figures.
        let kept = gonghui::books::Reconciled::default();
        let b = ctx.books().sharing(&kept);
        let first = b.reconciliation("102", gonghui::ledger::period::Period(202505)).await.unwrap();
        let again = b.reconciliations("102", &[gonghui::ledger::period::Period(202505)]).await.unwrap();
        assert_eq!((first.clone(), again), (r.clone(), vec![r]));
    }
}

/// Write rows as an .xlsx sheet, numbers as numeric cells (as Excel would keep amounts).
fn xlsx(path: &Path, rows: &[Vec<&str>]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<rust_decimal::Decimal>() {
                Ok(d) if !cell.starts_with('0') || cell.contains('.') || *cell == "0" => {
                    // A spreadsheet number cell, as Excel stores amounts.
                    let n: f64 = d.to_string().parse().unwrap();
                    ws.write_number(r as u32, c as u16, n).unwrap();
                }
                _ => {
                    ws.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

#[tokio::test]
async fn corporate_xlsx_exports_import_like_their_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = &databases().await[0];
    let ctx = setup(&db.url).await;
    // ICBC 企业网银 历史明细 as .xlsx: a title row, then the header; CCB 账户明细 as .xlsx.
    let icbc = vec![
        vec!["中国工商银行 历史明细"],
        vec![
            "凭证号",
            "本方账号",
            "对方账号",
            "交易时间",
            "借/贷",
            "借方发生额",
            "贷方发生额",
            "对方行号",
            "摘要",
            "用途",
            "对方单位名称",
            "余额",
            "个性化信息",
        ],
        vec![
            "P001",
            "6222",
            "6223",
            "2025-03-10 09:00:00",
            "贷",
            "",
            "30470.00",
            "102",
            "拨缴",
            "工会经费",
            "某某中学",
            "130470.00",
            "",
        ],
        vec![
            "P002",
            "6222",
            "6224",
            "2025-03-12 10:00:00",
            "借",
            "1200.50",
            "",
            "103",
            "活动",
            "三八节",
            "花店",
            "129269.50",
            "",
        ],
        vec!["合计", "", "", "", "", "1200.50", "30470.00", "", "", "", "", "", ""],
    ];
    let ccb = vec![
        vec![
            "账号",
            "账户名称",
            "交易时间",
            "借方发生额（支取）",
            "贷方发生额（收入）",
            "余额",
            "币种",
            "对方户名",
            "对方账号",
            "对方开户机构",
            "记账日期",
            "摘要",
            "备注",
            "账户明细编号-交易流水号",
        ],
        vec![
            "4400",
            "某某学校工会",
            "20250310 09:00:00",
            "0",
            "30470.00",
            "130470.00",
            "人民币元",
            "某某中学",
            "6223",
            "建行",
            "20250310",
            "拨缴",
            "",
            "X1",
        ],
        vec![
            "4400",
            "某某学校工会",
            "20250312 10:00:00",
            "1200.50",
            "0",
            "129269.50",
            "人民币元",
            "花店",
            "6224",
            "建行",
            "20250312",
            "鲜花",
            "",
            "X2",
        ],
    ];
    for (name, layout, rows) in [("icbc.xlsx", "icbc-corporate", icbc), ("ccb.xlsx", "ccb-corporate", ccb)] {
        let f = dir.path().join(name);
        xlsx(&f, &rows);
        let s = bank::import(&ctx, &f, "auto", None, "102", true, &rules(), None)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((s.layout.as_str(), s.imported), (layout, 2), "{name}");
        assert_eq!((s.inflow, s.outflow), (yuan(30_470), Amount(120_050)), "{name}");
        assert!(s.breaks.is_empty(), "{name}: {:?}", s.breaks);
    }
}

/// Turn a database back into migration 5's shape (fingerprints as hex text) to test migration 6.
async fn back_to_hex_fingerprints(db: &TestDb) {
    let sql = if db.engine == "sqlite" {
        "DROP INDEX bank_lines_date;
         CREATE TABLE v5 AS SELECT org_id, account, lower(hex(fingerprint)) AS fingerprint, seq, import_id, file_line,
             date, time, amount, balance, counterparty, counter_account, summary, serial, voucher_no FROM bank_lines;
         DROP TABLE bank_lines;
         ALTER TABLE v5 RENAME TO bank_lines;
         DELETE FROM gonghui_migrations WHERE version = 6;"
    } else {
        "ALTER TABLE bank_lines ALTER COLUMN fingerprint TYPE TEXT USING encode(fingerprint, 'hex');
         DELETE FROM gonghui_migrations WHERE version = 6;"
    };
    if db.engine == "sqlite" {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.url)).await.unwrap();
        sqlx::raw_sql(sql).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        sqlx::raw_sql(sql).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

#[tokio::test]
async fn statement_lines_stored_before_fingerprints_became_bytes_keep_their_identity() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let f = dir.path().join("q1.csv");
        let days: Vec<(u32, u32)> = (1..=3).flat_map(|m| [(m, 5), (m, 15), (m, 27)]).collect();
        gbk(&f, &ccb_corporate(&days, true));
        let first = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        let seq = ctx.store.pending_lines(&ctx.org, None).await.unwrap()[0].seq;
        gonghui::ops::classify::by_hand(&ctx, seq, Some("50102"), Some("A01"), None).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        ctx.store.close().await;

        back_to_hex_fingerprints(&db).await;
        let ctx = gonghui::ops::Ctx { store: gonghui::store::Store::open(&db.url).await.unwrap(), ..ctx };
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: the migration keeps every line", db.engine);
        let again = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((again.imported, again.duplicate), (0, first.imported), "{}", db.engine);
        // A line that was pending is still found and linked by its fingerprint.
        let pending = ctx.store.pending_lines(&ctx.org, None).await.unwrap();
        let no = gonghui::ops::classify::by_hand(&ctx, pending[0].seq, Some("50102"), Some("A01"), None).await.unwrap();
        assert_eq!(ctx.store.pending_lines(&ctx.org, None).await.unwrap().len(), pending.len() - 1, "{no}");
    }
}
