//! `close --month`: lock a month once every voucher in it is posted.

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::period::Period;

pub async fn close_month(ctx: &Ctx, p: Period) -> Result<()> {
    let tx = ctx.begin().await?;
    let b = tx.books();
    if b.is_closed(p).await? {
        return Err(Error::conflict(format!("{} 已经结账", p.label())));
    }
    let open = b.unposted_in(p).await?;
    if !open.is_empty() {
        let shown: Vec<&str> = open.iter().take(10).map(String::as_str).collect();
        return Err(Error::refused(format!(
            "{} 还有 {} 张凭证未记账（{}{}），请审核记账或冲销后再结账",
            p.label(),
            open.len(),
            shown.join("、"),
            if open.len() > 10 { "…" } else { "" }
        )));
    }
    tx.store.close_period(&tx.org, p, &tx.user).await?;
    tx.commit().await
}
