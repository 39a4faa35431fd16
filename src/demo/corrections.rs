//! The demo year's mistakes, put right the way the books allow: opening balances imported once; a
//! draft typed with a wrong amount, voided (its number kept); a posted voucher booked to the wrong
//! activity, reversed in red and entered again; a month closed too soon, reopened with its reason
//! by someone other than who closed it, the missed voucher added, the month closed again.

use super::{PREPARER, REVIEWER, YEAR};
use crate::error::Result;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::money::Amount;
use crate::ops::{self, Ctx};
use chrono::NaiveDate;
use std::path::Path;

/// The bank balance carried in from before gonghui (the union's books of 2024).
pub const OPENING_BANK: Amount = Amount(8_000_000);

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(YEAR, m, day).expect("a valid date")
}

/// Review (as the reviewer) and post (as the treasurer) what the treasurer prepared.
async fn review_and_post(ctx: &mut Ctx, nos: &[String]) -> Result<()> {
    ctx.user = REVIEWER.into();
    ops::vouchers::review(ctx, nos).await?;
    ctx.user = PREPARER.into();
    ops::vouchers::post(ctx, nos).await?;
    Ok(())
}

/// The balances the union brought from its old books: imported, reviewed, posted.
pub async fn opening(ctx: &mut Ctx, inputs: &Path) -> Result<()> {
    let file = inputs.join("期初余额.csv");
    let bank = OPENING_BANK.plain();
    std::fs::write(&file, format!("科目编码,借方余额,贷方余额\n102,{bank},\n32205,,{bank}\n"))?;
    let no = ops::yearend::import_opening(ctx, &file, None, Some(&format!("{}-12-31", YEAR - 1))).await?;
    review_and_post(ctx, &[no]).await?;
    // Last year's 工会02表 from the old books, copied line by line for this year's 上年数: its
    // 年末资金结余 is the opening 32205 above.
    let file = inputs.join(format!("{}年工会02表.csv", YEAR - 1));
    std::fs::write(&file, PRIOR_YEAR)?;
    ops::prior_year::import(ctx, &file, None, Some(YEAR - 1)).await?;
    Ok(())
}

/// The old books' 工会02表 of the year before (本年数), with the 项目 as printed.
const PRIOR_YEAR: &str = "行次,项目,金额
1,一、年初资金结转结余,\"62,000.00\"
3,（二）年初资金结余,\"62,000.00\"
5,三、收入合计,\"269,500.00\"
6,（一）会费收入,\"60,000.00\"
7,（二）拨缴经费收入,\"200,000.00\"
10,（五）行政补助收入,\"8,000.00\"
13,（八）其他收入,\"1,500.00\"
15,四、支出合计,\"251,500.00\"
16,（一）职工活动支出,\"200,000.00\"
18,（三）职工服务支出,\"3,000.00\"
19,（四）维权支出,\"12,000.00\"
20,（五）业务支出,\"10,500.00\"
22,（七）资本性支出,\"26,000.00\"
27,五、本期收支差额,\"18,000.00\"
28,六、年末资金结转结余,\"80,000.00\"
30,（二）年末资金结余,\"80,000.00\"
";

/// March: the 三八节 flowers typed with one zero too many, noticed before review, voided.
pub async fn void_a_typo(ctx: &Ctx) -> Result<()> {
    let wrong = NewVoucher {
        date: d(3, 7),
        summary: "三八妇女节女教职工插花活动（72人）".into(),
        attachments: 3,
        lines: vec![Line::debit("50102", Amount(10_800_000), "A01"), Line::credit("102", Amount(10_800_000), "")],
        source: Source::Manual,
        decision_ref: String::new(),
        reverses: None,
    };
    let typed = ops::vouchers::add(ctx, wrong, false).await?;
    ops::drafts::void(ctx, &typed.no, "金额多录一个零（应为 10,800.00 元），已按正确金额重新录入").await
}

/// The summary of the April voucher booked to the wrong activity first.
const MISBOOKED: &str = "五一劳动节教职工登山活动";
const WRONG_ACTIVITY: &str = "A01";

/// April's batch as the treasurer first typed it: the 五一 trip under the 三八节 activity.
pub fn misbook(month: &mut [NewVoucher]) {
    for v in month.iter_mut().filter(|v| v.summary.starts_with(MISBOOKED)) {
        for l in v.lines.iter_mut().filter(|l| !l.activity.is_empty()) {
            l.activity = WRONG_ACTIVITY.into();
        }
    }
}

/// After posting April: the reviewer notices the trip under 三八节; a red-ink reversal and the
/// voucher entered again under its own activity (A02), both reviewed and posted.
pub async fn reverse_the_misbooked(ctx: &mut Ctx, nos: &[String], correct: &NewVoucher) -> Result<()> {
    let mut wrong = None;
    for no in nos {
        if let Some(v) = ctx.books().voucher(no).await? {
            if v.summary.starts_with(MISBOOKED) {
                wrong = Some(v.no.clone());
            }
        }
    }
    let Some(wrong) = wrong else { return Ok(()) };
    let reversal = ops::vouchers::reverse(ctx, &wrong, None).await?;
    let again = ops::vouchers::add(ctx, correct.clone(), false).await?;
    review_and_post(ctx, &[reversal.no, again.no]).await
}

/// In July: June was closed before the bank's refund of a fee of 30 June was booked. The reviewer
/// reopens June with the reason, the treasurer books the refund, June is closed again.
pub async fn reopen_june(ctx: &mut Ctx) -> Result<()> {
    let june = Period::new(YEAR, 6);
    ctx.user = REVIEWER.into();
    ops::close::reopen_month(ctx, june, "6月30日银行退回多扣的短信服务费 12.00 元漏记，补记后重新结账").await?;
    ctx.user = PREPARER.into();
    let refund = NewVoucher {
        date: d(6, 30),
        summary: "银行退回多扣短信服务费".into(),
        attachments: 1,
        lines: vec![Line::debit("102", Amount(1_200), ""), Line::credit("408", Amount(1_200), "")],
        source: Source::Manual,
        decision_ref: String::new(),
        reverses: None,
    };
    let no = ops::vouchers::add(ctx, refund, false).await?.no;
    review_and_post(ctx, &[no]).await?;
    ops::close::close_month(ctx, june).await?;
    Ok(())
}
