//! Putting drafts right before they are posted: edit a draft (its number kept), void it (作废: the
//! number stays in the sequence, with who, when and why), take back a review; and noticing a
//! voucher typed or imported twice (疑似重复).

use super::vouchers::{rules, Saved};
use super::{Ctx, Warning};
use crate::books::VoucherFilter;
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Header, Line, NewVoucher, Status};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The voucher `no`, which must exist.
pub(super) async fn header(ctx: &Ctx, no: &str) -> Result<Header> {
    let f = VoucherFilter { no: Some(no.to_string()), ..Default::default() };
    ctx.books()
        .voucher_headers(&f)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在（gonghui voucher list 列出凭证）")))
}

/// Why a voucher that is not a draft cannot be changed, and what to do instead.
fn not_a_draft(h: &Header, what: &str) -> Error {
    let how = match h.status {
        Status::Reviewed => "已审核的凭证须先由审核人取消审核（gonghui voucher unreview），再".to_string() + what,
        Status::Posted | Status::Reversed => "已记账的凭证不能改动，请用红字冲销（gonghui voucher reverse）更正".into(),
        Status::Void => "已作废的凭证不能再改动".into(),
        Status::Draft => String::new(),
    };
    Error::refused(format!("凭证 {} 状态为“{}”：{how}", h.no, h.status.label()))
}

/// `voucher edit NO …`: the draft's new date, summary and lines, under the same number.
pub async fn edit(ctx: &Ctx, no: &str, v: NewVoucher) -> Result<Saved> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let h = header(&tx, no).await?;
    if h.status != Status::Draft {
        return Err(not_a_draft(&h, "修改"));
    }
    if Period::of(v.date).0 != h.period {
        return Err(Error::refused(format!(
            "凭证 {no} 属于 {}，不能改到 {}（凭证按月编号）；如确属另一个月，请作废本凭证后在该月重新录入",
            Period(h.period).label(),
            Period::of(v.date).label()
        )));
    }
    rules(&tx).await?.check(&v).map_err(|e| {
        let at = e.line.map(|i| format!("第 {} 个分录（{}）", i + 1, v.lines[i].account)).unwrap_or("凭证".into());
        Error::input(format!("{at}：{}，未修改", e.reason))
    })?;
    let warnings = duplicates(&tx, std::slice::from_ref(&v), Some(h.id)).await?;
    if !tx.store.replace_draft(&tx.org, h.id, &v).await? {
        return Err(Error::conflict(format!("凭证 {no} 已被他人处理，请重新查看")));
    }
    tx.store.log_event(&tx.org, &tx.user, "voucher_edit", no, &v.summary).await?;
    tx.commit().await?;
    let warnings = warnings.into_iter().map(|(_, other)| Warning::Duplicate { voucher: no.into(), other }).collect();
    Ok(Saved { no: no.to_string(), status: Status::Draft, warnings, matched: Vec::new() })
}

/// `voucher void NO --reason`: the draft is voided, its statement lines wait to be booked again.
pub async fn void(ctx: &Ctx, no: &str, reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::input("作废须写明理由（--reason），例如“金额录错，已重新录入”"));
    }
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let h = header(&tx, no).await?;
    if h.status != Status::Draft {
        return Err(not_a_draft(&h, "作废"));
    }
    if !tx.store.void_draft(&tx.org, h.id, &tx.user, reason.trim()).await? {
        return Err(Error::conflict(format!("凭证 {no} 已被他人处理，请重新查看")));
    }
    tx.store.unlink_voucher(&tx.org, no).await?;
    tx.store.release_asset_voucher(&tx.org, no).await?;
    tx.store.log_event(&tx.org, &tx.user, "voucher_void", no, reason.trim()).await?;
    tx.commit().await
}

/// `voucher unreview NO`: the reviewer takes the review back; the voucher is a draft again.
pub async fn unreview(ctx: &Ctx, no: &str) -> Result<()> {
    let tx = ctx.act(crate::ledger::roles::Act::Review).await?;
    let h = header(&tx, no).await?;
    if h.status != Status::Reviewed {
        return Err(Error::refused(format!("凭证 {no} 状态为“{}”，只有已审核的凭证可以取消审核", h.status.label())));
    }
    let reviewer = h.reviewed_by.clone().unwrap_or_default();
    if reviewer != tx.user {
        return Err(Error::refused(format!("凭证 {no} 由 {reviewer} 审核，只有审核人本人可以取消审核")));
    }
    if !tx.store.unreview(&tx.org, h.id).await? {
        return Err(Error::conflict(format!("凭证 {no} 已被他人处理，请重新查看")));
    }
    tx.store.log_event(&tx.org, &tx.user, "voucher_unreview", no, "").await?;
    tx.commit().await
}

/// What makes two vouchers the same — date, summary, and the lines with their amounts in any
/// order — as a 64-bit digest (a million vouchers' keys fit in a few megabytes).
fn key(date: NaiveDate, summary: &str, lines: &[Line]) -> u64 {
    let mut ls: Vec<(&str, &str, i64, i64)> =
        lines.iter().map(|l| (l.account.as_str(), l.activity.as_str(), l.debit.fen(), l.credit.fen())).collect();
    ls.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (date, summary.trim(), ls).hash(&mut h);
    h.finish()
}

/// What the books hold between two dates, to tell a voucher that is already there (void ones
/// aside, `except` the voucher being edited) or given twice in the same request.
pub(super) struct Doubles {
    seen: HashMap<u64, String>,
    /// Vouchers checked so far in this request.
    checked: usize,
}

impl Doubles {
    pub(super) async fn load(ctx: &Ctx, from: NaiveDate, to: NaiveDate, except: Option<i64>) -> Result<Doubles> {
        let f = VoucherFilter { from: Some(Period::of(from)), to: Some(Period::of(to)), ..Default::default() };
        let mut seen: HashMap<u64, String> = HashMap::new();
        for (h, lines) in ctx.books().with_lines(&f).await? {
            if h.status != Status::Void && Some(h.id) != except && h.date >= from && h.date <= to {
                seen.entry(key(h.date, &h.summary, &lines)).or_insert(h.no);
            }
        }
        Ok(Doubles { seen, checked: 0 })
    }

    /// The next vouchers of the request (dated within the loaded dates) equal to one in the books
    /// or to an earlier one of the request: (index in `vs`, the other's number or “本次第 N 张”).
    pub(super) fn check(&mut self, vs: &[NewVoucher]) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, v) in vs.iter().enumerate() {
            let k = key(v.date, &v.summary, &v.lines);
            match self.seen.get(&k) {
                Some(other) => out.push((i, other.clone())),
                None => {
                    self.seen.insert(k, format!("本次第 {} 张", self.checked + i + 1));
                }
            }
        }
        self.checked += vs.len();
        out
    }
}

/// Vouchers of `vs` equal to one already in the books (void ones aside, `except` the voucher being
/// edited) or to an earlier one of `vs`: (index in `vs`, the other's number or “第 N 张”).
pub(super) async fn duplicates(ctx: &Ctx, vs: &[NewVoucher], except: Option<i64>) -> Result<Vec<(usize, String)>> {
    let (Some(from), Some(to)) = (vs.iter().map(|v| v.date).min(), vs.iter().map(|v| v.date).max()) else {
        return Ok(Vec::new());
    };
    Ok(Doubles::load(ctx, from, to, except).await?.check(vs))
}

/// The duplicates of vouchers just saved, as warnings under their new numbers.
pub(super) fn duplicate_warnings(found: Vec<(usize, String)>, ids: &[(i64, String)]) -> Vec<Warning> {
    found
        .into_iter()
        .filter_map(|(i, other)| ids.get(i).map(|(_, no)| Warning::Duplicate { voucher: no.clone(), other }))
        .collect()
}

/// `adjust --prior-year …`: a correction of a closed year, booked in the open year through
/// 32101 / 32201 (年初余额调整) and listed in the annual statements' notes.
pub async fn adjust_prior_year(ctx: &Ctx, mut v: NewVoucher) -> Result<Saved> {
    v.source = crate::ledger::voucher::Source::PriorYear;
    if !v.lines.iter().any(|l| l.account.starts_with("32101") || l.account.starts_with("32201")) {
        return Err(Error::input(
            "以前年度调整须有一行记入 32101（工会资金结转—年初余额调整）或 32201（工会资金结余—年初余额调整），\
             例如 --dr 32201=500.00 --cr 102=500.00",
        ));
    }
    let year = Period::of(v.date).year();
    let closed = ctx.books().closed_years().await?;
    if !closed.iter().any(|y| *y < year) {
        return Err(Error::refused(format!(
            "{year} 年之前没有年终结账的年度：本年的错误请直接更正（草稿修改或作废，已记账的红字冲销）"
        )));
    }
    super::vouchers::add(ctx, v, false).await
}
