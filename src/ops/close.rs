//! `close --month`: lock a month once every voucher in it is posted.

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::period::Period;

pub async fn close_month(ctx: &Ctx, p: Period) -> Result<()> {
    if ctx.store.is_closed(&ctx.org, p).await? {
        return Err(Error::input(format!("{} 已经结账", p.label())));
    }
    let open = ctx.store.unposted_in(&ctx.org, p).await?;
    if !open.is_empty() {
        let shown: Vec<&str> = open.iter().take(10).map(String::as_str).collect();
        return Err(Error::input(format!(
            "{} 还有 {} 张凭证未记账（{}{}），请审核记账或冲销后再结账",
            p.label(),
            open.len(),
            shown.join("、"),
            if open.len() > 10 { "…" } else { "" }
        )));
    }
    ctx.store.close_period(&ctx.org, p, &ctx.user).await
}
