//! Fixed assets and stock: purchase (both entries at once), monthly depreciation, disposal.

use super::vouchers::Saved;
use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::assets::{self, Asset};
use crate::ledger::period::Period;
use crate::money::Amount;
use crate::store::PostTarget;
use chrono::NaiveDate;
use serde::Serialize;

/// An asset registered with its purchase voucher.
#[derive(Debug, Serialize)]
pub struct Bought {
    pub id: i64,
    #[serde(flatten)]
    pub voucher: Saved,
}

#[derive(Clone, Debug)]
pub struct Purchase {
    pub date: NaiveDate,
    pub name: String,
    pub category: String,
    pub cost: Amount,
    pub life_years: Option<u32>,
    pub pay_from: String,
    /// For stock: the spending account (e.g. 50105).
    pub spend_account: Option<String>,
    pub activity: String,
    /// The committee's minutes number (会议纪要号) for a purchase that needs a collective decision.
    pub decision_ref: String,
}

/// `asset add`: register the asset and make its purchase voucher, together.
pub async fn add(ctx: &Ctx, p: Purchase, post: bool) -> Result<Bought> {
    let c = assets::category(&p.category)?;
    if p.cost.fen() <= 0 {
        return Err(Error::input("原值应大于 0"));
    }
    let life_months = if c.is_stock() {
        0
    } else {
        let years = p.life_years.ok_or_else(|| {
            Error::input(format!("请用 --life-years 给出使用年限（{} 至少 {} 年）", c.name, c.min_years))
        })?;
        if years < c.min_years {
            return Err(Error::input(format!(
                "{} 的折旧年限不得低于 {} 年（《工会会计制度》附录2），实为 {years} 年",
                c.name, c.min_years
            )));
        }
        years as i64 * 12
    };
    let spend = match (&p.spend_account, c.is_stock()) {
        (Some(a), true) => a.clone(),
        (None, true) => return Err(Error::input("库存物品须用 --expense-account 指明对应的支出科目（如 50105）")),
        _ => String::new(),
    };
    let mut v = assets::purchase(p.date, &p.name, &c, p.cost, &p.pay_from, &spend, &p.activity);
    v.decision_ref = p.decision_ref.clone();
    let a = Asset {
        id: 0,
        name: p.name.clone(),
        category: c.name.clone(),
        stock: c.is_stock(),
        cost: p.cost,
        life_months,
        acquired_on: p.date,
        voucher_no: String::new(),
        disposed_on: None,
    };
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let id = tx.store.add_asset(&tx.org, &a).await?;
    let voucher = super::vouchers::add(&tx, v, post).await?;
    tx.store.set_asset_voucher(&tx.org, id, &voucher.no).await?;
    tx.store.log_event(&tx.org, &tx.user, "asset_add", &format!("{id} {}", a.name), &voucher.no).await?;
    tx.commit().await?;
    Ok(Bought { id, voucher })
}

/// `asset depreciate --month`: one voucher Dr 30104 / Cr 163, generated as a draft for another
/// person to review and post (posted at once only under the review waiver).
pub async fn depreciate(ctx: &Ctx, p: Period) -> Result<Option<(String, Amount)>> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let ctx = &tx;
    let runs = ctx.books().depreciation_runs().await?;
    if runs.iter().any(|(rp, _, _)| *rp == p) {
        return Err(Error::conflict(format!("{} 的折旧已经计提过", p.label())));
    }
    let list = ctx.books().assets_in_books().await?;
    let prev = p.prev();
    if list.iter().any(|a| assets::month_of_service(a, prev).is_some()) && !runs.iter().any(|(rp, _, _)| *rp == prev) {
        return Err(Error::input(format!("请先计提 {} 的折旧（按月依次计提）", prev.label())));
    }
    let total: Amount = list
        .iter()
        .filter_map(|a| assets::month_of_service(a, p).map(|k| assets::monthly(a.cost, a.life_months, k)))
        .sum();
    if total.is_zero() {
        return Ok(None);
    }
    let v = assets::depreciation(p, total);
    let rules = super::vouchers::rules(ctx).await?;
    rules.check(&v).map_err(|e| Error::input(format!("折旧凭证：{}", e.reason)))?;
    // Prepared by whoever runs it and reviewed by another, as any voucher; a one-person union
    // under the review waiver posts it at once, marked as waived.
    let waived = ctx.review_waived().await?;
    let target = if waived {
        PostTarget::Posted { reviewer: &ctx.user, waived: true, poster: &ctx.user }
    } else {
        PostTarget::Draft
    };
    let ids = ctx.store.insert_vouchers(&ctx.org, &[v], &ctx.user, target).await?;
    super::acts::sign_vouchers(ctx, &[ids[0].0], waived, waived).await?;
    ctx.store.add_depreciation_run(&ctx.org, p, &ids[0].1, total).await?;
    ctx.store.log_event(&ctx.org, &ctx.user, "depreciate", &p.to_string(), &format!("{} {}", ids[0].1, total)).await?;
    tx.commit().await?;
    Ok(Some((ids[0].1.clone(), total)))
}

/// `asset dispose`: a fixed asset leaves the books (or stock is issued).
pub async fn dispose(ctx: &Ctx, id: i64, date: NaiveDate, proceeds: Amount, bank: &str, post: bool) -> Result<Saved> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let a = tx
        .books()
        .assets()
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| Error::not_found(format!("资产编号 {id} 不存在（gonghui report assets 列出资产）")))?;
    if a.disposed_on.is_some() {
        return Err(Error::conflict(format!("资产 {id} {} 已经处置", a.name)));
    }
    let v = assets::disposal(&a, date, proceeds, bank);
    let saved = super::vouchers::add(&tx, v, post).await?;
    tx.store.set_asset_disposed(&tx.org, id, date, &saved.no).await?;
    tx.store.log_event(&tx.org, &tx.user, "asset_dispose", &format!("{id} {}", a.name), &saved.no).await?;
    tx.commit().await?;
    Ok(saved)
}

/// `asset count --date D [--missing ID…] --note TEXT`: record a physical count of the fixed
/// assets in use on `date` and which of them were not found.
pub async fn count(ctx: &Ctx, date: NaiveDate, missing: &[i64], note: &str) -> Result<assets::Count> {
    if date > crate::today() {
        return Err(Error::input(format!("盘点日期 {date} 晚于今天（{}）", crate::today())));
    }
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let register = tx.books().assets().await?;
    let in_use: Vec<&Asset> = register
        .iter()
        .filter(|a| !a.stock && a.acquired_on <= date && a.disposed_on.is_none_or(|d| d > date))
        .collect();
    if in_use.is_empty() {
        return Err(Error::input(format!("{date} 没有在用的固定资产，无需盘点")));
    }
    let mut gone = Vec::new();
    for id in missing {
        let Some(a) = in_use.iter().find(|a| a.id == *id) else {
            return Err(Error::not_found(format!(
                "资产编号 {id} 不是 {date} 在用的固定资产；在用的：{}",
                in_use.iter().map(|a| format!("{} {}", a.id, a.name)).collect::<Vec<_>>().join("、")
            )));
        };
        if !gone.iter().any(|(g, _)| g == id) {
            gone.push((*id, a.name.clone()));
        }
    }
    let c = assets::Count {
        date,
        by: tx.user.clone(),
        in_use: in_use.len(),
        missing: gone,
        note: note.trim().replace('｜', "|"),
    };
    tx.store.log_event(&tx.org, &tx.user, assets::COUNT_EVENT, &date.to_string(), &c.detail()).await?;
    tx.commit().await?;
    Ok(c)
}
