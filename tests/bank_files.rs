//! Bank files as banks really send them (issue 18), on both engines: an `.xls` that is an HTML
//! page or tab-separated GBK text imports as what it is; a PDF is refused with what to do; a
//! common corporate header is recognised by its data, not only its header; a layout that does not
//! fit says which columns are missing; a credit-card statement is kept out of 银行存款.

mod common;

use common::*;
use gonghui::ops::bank;
use std::path::{Path, PathBuf};

fn rules() -> Vec<gonghui::import::classify::Rule> {
    gonghui::import::classify::parse(gonghui::import::classify::DEFAULT, "default").unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

const CCB_HEADER: [&str; 8] = ["账号", "账户名称", "交易时间", "借方发生额", "贷方发生额", "余额", "对方户名", "摘要"];
const CCB_ROWS: [[&str; 8]; 3] = [
    ["6217", "某某学校工会", "20250301 10:21:05", "0", "1,200.00", "81,200.00", "张三", "3月会费"],
    ["6217", "某某学校工会", "20250305 09:00:00", "300.00", "0", "80,900.00", "花店", "鲜花"],
    ["6217", "某某学校工会", "20250306 15:30:00", "30.00", "0", "80,870.00", "", "手续费"],
];

/// A CCB statement as the online bank sends it with an `.xls` name: an HTML page in GBK with a
/// title table above the data table and a total row below.
fn html_xls() -> Vec<u8> {
    let mut h = String::from(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body>\
         <table><tr><td colspan=8>中国建设银行单位账户明细（2025年03月）</td></tr></table><table border=1>",
    );
    let row = |cells: &[&str], tag: &str| {
        format!("<tr>{}</tr>\n", cells.iter().map(|c| format!("<{tag}>{c}</{tag}>")).collect::<String>())
    };
    h.push_str(&row(&CCB_HEADER, "th"));
    for r in CCB_ROWS {
        h.push_str(&row(&r, "td"));
    }
    h.push_str("<tr><td>合计</td><td></td><td></td><td>330.00</td><td>1,200.00</td></tr></table></body></html>");
    gbk(&h)
}

#[tokio::test]
async fn xls_files_that_are_html_or_text_import_as_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "建行流水.xls", &html_xls());
    let mut tsv = CCB_HEADER.join("\t") + "\n";
    for r in CCB_ROWS {
        tsv.push_str(&(r.join("\t") + "\n"));
    }
    let text = write(dir.path(), "建行流水-文本.xls", &gbk(&tsv));
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let s = bank::import(&ctx, &html, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.layout.as_str(), s.read, s.imported, s.skipped), ("ccb-corporate", 4, 3, 1), "{}", db.engine);
        assert_eq!((s.inflow, s.outflow), (yuan(1_200), yuan(330)));
        assert_eq!(s.closing_balance, Some(gonghui::money::Amount(8_087_000)));
        assert!(s.breaks.is_empty(), "{:?}", s.breaks);
        // The same lines as text under an .xls name: all already there.
        let t = bank::import(&ctx, &text, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((t.layout.as_str(), t.imported, t.duplicate), ("ccb-corporate", 0, 3), "{}", db.engine);
    }
}

#[tokio::test]
async fn a_pdf_statement_is_refused_with_what_to_do_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "对账单.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n");
    let renamed = write(dir.path(), "对账单.xls", b"%PDF-1.7\n");
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        for f in [&pdf, &renamed] {
            let e = bank::import(&ctx, f, "auto", None, "102", false, &rules(), None).await.unwrap_err();
            assert!(e.message().contains("PDF 对账单暂不支持：请在网银导出 Excel 或 CSV"), "{e}");
            assert!(e.message().contains("bank statement"), "the balance path: {e}");
        }
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}", db.engine);
    }
}

#[tokio::test]
async fn a_common_corporate_header_is_told_by_its_data() {
    let dir = tempfile::tempdir().unwrap();
    // 交易时间 holds only times here: the layouts that read dates from it do not fit the data.
    let csv = "交易日期,交易时间,凭证号,摘要,借方发生额,贷方发生额,余额,对方户名\n\
               2025-03-01,10:01:02,0001,2025年3月会费,,1200.00,81200.00,张三\n\
               2025-03-05,09:00:00,0002,对公账户管理费,30.00,,81170.00,\n";
    let f = write(dir.path(), "corp.csv", csv.as_bytes());
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let s = bank::import(&ctx, &f, "auto", None, "102", true, &rules(), None).await.unwrap();
        assert_eq!((s.layout.as_str(), s.imported), ("generic-corporate", 2), "{}", db.engine);
        assert!(s.layout_label.contains("通用"), "{}", s.layout_label);
        // Told to use a layout that does not fit, the refusal says what is missing.
        let e = bank::import(&ctx, &f, "ccb-debit", None, "102", true, &rules(), None).await.unwrap_err();
        assert!(e.message().contains("表头与版式 ccb-debit") && e.message().contains("缺少列：收入、支出"), "{e}");
    }
    // A header no layout fits: the two closest, each with the columns it lacks.
    let odd = write(dir.path(), "odd.csv", "日期,摘要,借方发生额,贷方发生额\n2025-03-01,x,1,\n".as_bytes());
    let db = &databases().await[0];
    let ctx = setup(&db.url).await;
    let e = bank::import(&ctx, &odd, "auto", None, "102", true, &rules(), None).await.unwrap_err();
    let m = e.message();
    assert!(m.contains("看到的表头：日期、摘要、借方发生额、贷方发生额"), "{m}");
    assert_eq!(m.matches("缺少列：").count(), 2, "two closest: {m}");
    assert!(m.contains("gonghui layouts guide") && !m.contains("README"), "{m}");
}

#[tokio::test]
async fn a_credit_card_statement_stays_out_of_the_bank_account() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "交易日期,记账日期,摘要,对方户名,记账金额(收入),记账金额(支出),余额\n\
               2025-03-02,2025-03-03,消费,文具店,,86.00,\n\
               2025-03-20,2025-03-20,还款,,86.00,,\n";
    let f = write(dir.path(), "信用卡.csv", csv.as_bytes());
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let before = ctx.store.content_dump().await.unwrap();
        let e = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap_err();
        assert!(e.message().contains("这是信用卡账单（版式 icbc-credit") && e.message().contains("--force"), "{e}");
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: refused whole", db.engine);
        // Into a liability account, as it should be; or into 102 when told to.
        let s = bank::import(&ctx, &f, "auto", None, "215", false, &rules(), None).await.unwrap();
        assert_eq!(s.imported, 2, "{}", db.engine);
        let forced = bank::import_forced(&ctx, &f, "auto", None, "102", true, true, &rules(), None).await.unwrap();
        assert_eq!(forced.imported, 2);
        // A bank account's statement is not taken into a liability account.
        let plain = write(
            dir.path(),
            "corp.csv",
            "交易日期,交易时间,摘要,借方发生额,贷方发生额,余额\n2025-03-01,10:00:00,x,1,,99\n".as_bytes(),
        );
        let e = bank::import(&ctx, &plain, "auto", None, "215", true, &rules(), None).await.unwrap_err();
        assert!(e.message().contains("只用于导入信用卡账单"), "{e}");
    }
}

/// The memo decides the month a receipt is for; bank fees are told by their words; an activity
/// named by hand brings its usual account.
#[tokio::test]
async fn the_memo_decides_the_month_and_fees_and_activities_classify() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "交易日期,交易时间,摘要,借方发生额,贷方发生额,余额,对方户名\n\
               2026-01-08,10:00:00,2025年12月会费,,5400.00,105400.00,某某中学\n\
               2026-01-15,10:00:00,十二月份工会经费拨缴,,24000.00,129400.00,某某中学\n\
               2026-01-20,09:00:00,对公账户管理费,30.00,,129370.00,\n\
               2026-01-21,09:00:00,三八节鲜花,300.00,,129070.00,花店\n";
    let f = write(dir.path(), "jan.csv", csv.as_bytes());
    for db in databases().await {
        let ctx = setup(&db.url).await;
        let s = bank::import(&ctx, &f, "auto", None, "102", false, &rules(), None).await.unwrap();
        assert_eq!((s.imported, s.vouchers.len(), s.pending), (4, 3, 1), "{}", db.engine);
        let summaries: Vec<String> = {
            let mut out = Vec::new();
            for no in &s.vouchers {
                out.push(ctx.store.voucher(&ctx.org, no).await.unwrap().unwrap().summary.clone());
            }
            out
        };
        assert!(summaries.iter().any(|t| t.contains("2025年12月会员会费")), "{summaries:?}");
        assert!(summaries.iter().any(|t| t.contains("2025年12月工会经费")), "{summaries:?}");
        let fee = ctx.store.voucher(&ctx.org, &s.vouchers[2]).await.unwrap().unwrap();
        assert_eq!(fee.lines[0].account, "510", "{}", fee.summary);
        // The flowers, classified by naming the activity: its usual account (50102).
        let seq = ctx.books().pending_lines(None).await.unwrap()[0].seq;
        let no = gonghui::ops::classify::by_hand(&ctx, seq, None, Some("A01"), None).await.unwrap();
        let v = ctx.store.voucher(&ctx.org, &no).await.unwrap().unwrap();
        assert_eq!((v.lines[0].account.as_str(), v.lines[0].activity.as_str()), ("50102", "A01"), "{}", db.engine);
    }
}

/// A dry run lists every line of the file with what would become of it, and writes nothing.
#[tokio::test]
async fn a_dry_run_lists_every_line_with_what_would_happen() {
    let dir = tempfile::tempdir().unwrap();
    let html = write(dir.path(), "建行流水.xls", &html_xls());
    let one = CCB_HEADER.join("\t") + "\n" + &CCB_ROWS[0].join("\t") + "\n";
    let first = write(dir.path(), "first.xls", &gbk(&one));
    for db in databases().await {
        let ctx = setup(&db.url).await;
        bank::import(&ctx, &first, "auto", None, "102", false, &rules(), None).await.unwrap();
        let before = ctx.store.content_dump().await.unwrap();
        let s = bank::import(&ctx, &html, "auto", None, "102", true, &rules(), None).await.unwrap();
        assert_eq!(ctx.store.content_dump().await.unwrap(), before, "{}: a dry run writes nothing", db.engine);
        let what: Vec<(usize, &str)> = s.lines.iter().map(|l| (l.line, l.what.as_str())).collect();
        assert_eq!(what.len(), 4, "every row after the header: {what:?}");
        assert_eq!(what[0], (3, "已导入过，不再导入"));
        assert!(what[1].1.starts_with("新增，待分类"), "{what:?}");
        assert!(what[2].1.contains("规则“银行手续费”：510"), "{what:?}");
        assert!(what[3].1.starts_with("跳过：合计"), "{what:?}");
        assert_eq!(s.lines[1].amount, Some(yuan(-300)));
    }
}
