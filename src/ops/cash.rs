//! `cash count`: the cash on hand counted on a day, against the cash book that day, recorded.

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::cash_count::{CashCount, EVENT};
use crate::money::Amount;
use chrono::NaiveDate;

pub async fn count(ctx: &Ctx, date: NaiveDate, counted: Amount, note: &str) -> Result<CashCount> {
    if date > crate::today() {
        return Err(Error::input(format!("盘点日期 {date} 晚于今天（{}）", crate::today())));
    }
    if counted.fen() < 0 {
        return Err(Error::input(format!("盘点金额 {} 元不能为负；没有现金时写 0", counted.grouped())));
    }
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let book = tx.books().cash_on(date).await?;
    let c = CashCount { date, counted, book, by: tx.user.clone(), note: note.trim().to_string() };
    tx.store.log_event(&tx.org, &tx.user, EVENT, &date.to_string(), &c.detail()).await?;
    tx.commit().await?;
    Ok(c)
}
