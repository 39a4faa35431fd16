//! Closing months in order (`close --month M` locks every open month up to M once nothing in them
//! waits to be posted), and reopening them (反结账) or a year (反年结) with a reason — the latest
//! first, by someone other than who closed it. A reopening is kept for good; posted vouchers stay.

use super::Ctx;
use crate::books::VoucherFilter;
use crate::error::{Error, Result};
use crate::ledger::closing;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source, Status};
use crate::store::PostTarget;

/// The months `close --month p` would lock, oldest first: every month not yet closed from the
/// first of the books to `p`. Refused when `p` has not ended, is closed already, or a month on the
/// way still has vouchers waiting to be reviewed or posted (the first such month is named).
pub async fn months_to_close(ctx: &Ctx, p: Period) -> Result<Vec<Period>> {
    let b = ctx.books();
    let today = crate::today();
    if today <= p.last_day() {
        return Err(Error::refused(format!(
            "{} 还没有结束（今天是 {today}），月末之后才能结账；请检查月份是否写错",
            p.label()
        )));
    }
    if b.is_closed(p).await? {
        return Err(Error::conflict(format!("{} 已经结账", p.label())));
    }
    let first = match b.open_range().await?.first_day() {
        Some(d) => Period::of(d),
        None => b.first_voucher_period().await?.unwrap_or(p).min(p),
    };
    let closed = b.closed_periods().await?;
    let mut out = Vec::new();
    let mut m = first;
    while m <= p {
        if !closed.contains(&m) {
            let open = b.unposted_in(m).await?;
            if !open.is_empty() {
                let shown: Vec<&str> = open.iter().take(10).map(String::as_str).collect();
                let also = if m < p { format!("；{} 之前的月份须先结账", p.label()) } else { String::new() };
                return Err(Error::refused(format!(
                    "{} 还有 {} 张凭证未记账（{}{}），请审核记账、作废或冲销后再结账{also}",
                    m.label(),
                    open.len(),
                    shown.join("、"),
                    if open.len() > 10 { "…" } else { "" }
                )));
            }
            out.push(m);
        }
        m = m.next();
    }
    Ok(out)
}

/// `close --month p`: lock `p` and every open month before it, in one transaction. Returns them.
pub async fn close_month(ctx: &Ctx, p: Period) -> Result<Vec<Period>> {
    let tx = ctx.act(crate::ledger::roles::Act::Close).await?;
    let months = months_to_close(&tx, p).await?;
    for m in &months {
        tx.store.close_period(&tx.org, *m, &tx.user).await?;
    }
    tx.commit().await?;
    Ok(months)
}

fn need_reason(reason: &str, what: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::input(format!("{what}须写明理由（--reason），例如“3月漏记一笔银行手续费”")));
    }
    Ok(())
}

/// Whoever closed something may not reopen it alone.
fn not_the_closer(ctx: &Ctx, closed_by: &str, what: &str) -> Result<()> {
    if crate::names::same(closed_by, &ctx.user) {
        return Err(Error::refused(format!(
            "{what}由 {closed_by} 结账，须由另一人（如会计主管）反结账（用 --user 指定）"
        )));
    }
    Ok(())
}

/// `reopen --month p --reason`: only the latest closed month, of a year not closed.
pub async fn reopen_month(ctx: &Ctx, p: Period, reason: &str) -> Result<()> {
    need_reason(reason, "反结账")?;
    let tx = ctx.act(crate::ledger::roles::Act::Reopen).await?;
    let b = tx.books();
    let closed = b.closed_periods().await?;
    let Some(latest) = closed.iter().max().copied() else {
        return Err(Error::refused("还没有结账的月份，不需要反结账"));
    };
    if !closed.contains(&p) {
        return Err(Error::refused(format!("{} 没有结账，不需要反结账", p.label())));
    }
    if b.year_closed(p.year()).await? {
        return Err(Error::refused(format!(
            "{} 年已年终结账：请先反年结（gonghui reopen --year {} --reason …），或在本年用以前年度调整更正（gonghui adjust --prior-year …）",
            p.year(),
            p.year()
        )));
    }
    if p != latest {
        return Err(Error::refused(format!(
            "只能从最近结账的月份起逐月反结账：最近结账的是 {}，请先反结账它",
            latest.label()
        )));
    }
    let (closed_by, _) = b.lock_of(p).await?.unwrap_or_default();
    not_the_closer(&tx, &closed_by, &p.label())?;
    tx.store.reopen(&tx.org, "month", p, &tx.user, reason.trim()).await?;
    let at = crate::now_text();
    super::acts::sign_act(&tx, "reopen", &p.label(), &at, &[reason.trim().to_string()]).await?;
    tx.commit().await
}

/// `reopen --year y --reason` (反年结): the latest closed year, while the next has nothing posted.
/// Its closing entries are reversed by posted entries of the same source (so the year's turnover
/// is as before closing) and December is reopened; the year can then be corrected and closed again.
pub async fn reopen_year(ctx: &Ctx, year: i32, reason: &str) -> Result<Vec<String>> {
    need_reason(reason, "反年结")?;
    let tx = ctx.act(crate::ledger::roles::Act::Reopen).await?;
    let b = tx.books();
    let closed = b.closed_years().await?;
    if !closed.contains(&year) {
        return Err(Error::refused(format!("{year} 年没有年终结账，不需要反年结")));
    }
    if let Some(later) = closed.iter().find(|y| **y > year) {
        return Err(Error::refused(format!("{later} 年已年终结账：只能反年结最近结账的年度")));
    }
    let next = VoucherFilter {
        from: Some(Period::new(year + 1, 1)),
        to: Some(Period::new(year + 1, 12)),
        status: Some(Status::Posted),
        limit: Some(1),
        ..Default::default()
    };
    if let Some(h) = b.voucher_headers(&next).await?.first() {
        return Err(Error::refused(format!(
            "{} 年已有记账凭证（如 {}），不能再反年结 {year} 年；请在 {} 年用以前年度调整更正（gonghui adjust --prior-year …）",
            year + 1,
            h.no,
            year + 1
        )));
    }
    let closer = b
        .events(Some("close_year"))
        .await?
        .into_iter()
        .rev()
        .find(|e| e.subject == year.to_string())
        .map(|e| e.actor)
        .unwrap_or_default();
    not_the_closer(&tx, &closer, &format!("{year} 年"))?;
    let dec = Period::new(year, 12);
    tx.store.reopen(&tx.org, "year", dec, &tx.user, reason.trim()).await?;
    let at = crate::now_text();
    super::acts::sign_act(&tx, "reopen", &format!("{year} 年"), &at, &[reason.trim().to_string()]).await?;
    // Reverse every closing voucher of the year not reversed yet.
    let f = VoucherFilter { from: Some(dec), to: Some(dec), status: Some(Status::Posted), ..Default::default() };
    let mut undo = Vec::new();
    for (h, lines) in b.with_lines(&f).await? {
        if closing::closing_year(&h.source_ref) != Some(year) || h.reverses.is_some() || h.status == Status::Reversed {
            continue;
        }
        undo.push(NewVoucher {
            date: h.date,
            summary: format!("反年结冲销{}：{}", h.no, h.summary),
            attachments: 0,
            lines: lines.iter().map(Line::red).collect(),
            source: Source::Generated(format!("{}undo", closing::source_prefix(year))),
            decision_ref: String::new(),
            reverses: Some(h.id),
        });
    }
    // The reversals are prepared by the 会计主管 who reopens and reviewed and posted by another
    // person, as any voucher (the year cannot be closed again while they wait); under the review
    // waiver they are posted at once, marked as waived.
    let waived = tx.review_waived().await?;
    let target = if waived {
        PostTarget::Posted { reviewer: &tx.user, waived: true, poster: &tx.user }
    } else {
        PostTarget::Draft
    };
    let ids = tx.store.insert_vouchers(&tx.org, &undo, &tx.user, target).await?;
    super::acts::sign_vouchers(&tx, &ids.iter().map(|x| x.0).collect::<Vec<_>>(), waived, waived).await?;
    tx.commit().await?;
    Ok(ids.into_iter().map(|(_, no)| no).collect())
}
