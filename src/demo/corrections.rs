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
    review_and_post(ctx, &[no]).await
}

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
