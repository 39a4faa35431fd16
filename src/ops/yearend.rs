//! `close --year`: the closing entries, the roll-ups, finished projects, then the year locked.
//! `opening import`: opening balances for a union that starts using gonghui mid-life.

use super::Ctx;
use crate::books::VoucherFilter;
use crate::error::{Error, Result};
use crate::ledger::chart::Class;
use crate::ledger::closing::{self, NetAssets};
use crate::ledger::period::{parse_date, Period};
use crate::ledger::voucher::{Line, NewVoucher, Source, Status};
use crate::money::{parse_optional, Amount};
use crate::sheet::Sheet;
use crate::store::PostTarget;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;

/// Close the year: returns the numbers of the closing vouchers.
pub async fn close_year(ctx: &Ctx, year: i32, finished: &BTreeSet<String>) -> Result<Vec<String>> {
    let tx = ctx.begin().await?;
    let ctx = &tx;
    let b = ctx.books();
    if b.year_closed(year).await? {
        return Err(Error::conflict(format!("{year} 年已经年终结账")));
    }
    let dec = Period::new(year, 12);
    if b.is_closed(dec).await? {
        return Err(Error::refused(format!(
            "{year}年12月已经结账，年终结转凭证（12月31日）无法记入；年终结账应在12月结账之前进行"
        )));
    }
    let f = VoucherFilter { from: Some(Period::new(year, 1)), to: Some(dec), ..Default::default() };
    let open: Vec<String> = b
        .voucher_headers(&f)
        .await?
        .into_iter()
        .filter(|h| matches!(h.status, Status::Draft | Status::Reviewed))
        .map(|h| h.no)
        .collect();
    if !open.is_empty() {
        return Err(Error::refused(format!(
            "{year} 年还有 {} 张凭证未记账（{}），请审核记账后再年终结账",
            open.len(),
            open.iter().take(10).cloned().collect::<Vec<_>>().join("、")
        )));
    }
    let activities = b.activities().await?;
    for f in finished {
        if !activities.iter().any(|a| &a.code == f) {
            return Err(Error::not_found(format!("--finished 中的活动编码“{f}”不存在")));
        }
    }
    let earmarked: BTreeSet<String> = activities.iter().filter(|a| a.earmarked).map(|a| a.code.clone()).collect();
    let chart = b.chart().await?;
    let turnover = b.balance_totals_by_activity(Period::new(year, 1), dec).await?;
    let mut vouchers = closing::closing_entries(year, &chart, &turnover, &earmarked);
    let mut net: NetAssets = NetAssets::new();
    for b in b.balance_totals_by_activity(Period(0), dec).await? {
        if b.account.starts_with("321") || b.account.starts_with("322") {
            *net.entry((b.account.clone(), b.activity.clone())).or_default() += b.credit - b.debit;
        }
    }
    for v in &vouchers {
        closing::apply(&mut net, v);
    }
    if let Some(v) = closing::rollup(year, "3", &net) {
        closing::apply(&mut net, &v);
        vouchers.push(v);
    }
    if let Some(v) = closing::move_finished(year, &net, finished) {
        closing::apply(&mut net, &v);
        vouchers.push(v);
        if let Some(v) = closing::rollup(year, "5", &net) {
            vouchers.push(v);
        }
    }
    let rules = super::vouchers::rules(ctx).await?;
    for v in &vouchers {
        rules.check(v).map_err(|e| Error::refused(format!("年终结转凭证有误（{}）：{}", v.summary, e.reason)))?;
    }
    let target = PostTarget::Posted { reviewer: &ctx.user, waived: true, poster: &ctx.user };
    let ids = ctx.store.insert_vouchers(&ctx.org, &vouchers, &ctx.user, target).await?;
    for m in 1..=12 {
        let p = Period::new(year, m);
        if !b.is_closed(p).await? {
            ctx.store.close_period(&ctx.org, p, &ctx.user).await?;
        }
    }
    let nos: Vec<String> = ids.into_iter().map(|(_, no)| no).collect();
    ctx.store.log_event(&ctx.org, &ctx.user, "close_year", &year.to_string(), &nos.join(",")).await?;
    tx.commit().await?;
    Ok(nos)
}

/// Read an opening-balance file (科目编码, 借方余额, 贷方余额[, 活动编码]) into one voucher dated
/// `date`; it must balance and touch only balance-sheet leaf accounts.
pub async fn read_opening(ctx: &Ctx, path: &Path, encoding: Option<&str>, date: NaiveDate) -> Result<NewVoucher> {
    let sheet = Sheet::read(path, encoding, &["科目编码", "借方余额", "贷方余额"])?;
    let chart = ctx.books().chart().await?;
    let mut lines = Vec::new();
    for row in &sheet.rows {
        let code = sheet.get(row, "科目编码");
        let a = chart
            .get(code)
            .filter(|a| a.enabled)
            .ok_or_else(|| sheet.error(row, format!("科目编码“{code}”不存在或未启用")))?;
        if matches!(a.class, Class::Income | Class::Expenditure) {
            return Err(sheet
                .error(row, format!("{code} {} 是收支科目，年初没有余额（期初只录资产、负债、净资产科目）", a.name)));
        }
        if !chart.is_leaf(code) {
            return Err(sheet.error(row, format!("{code} {} 有明细科目，请按末级科目录入余额", a.name)));
        }
        let amt = |col: &str| -> Result<Amount> {
            Ok(parse_optional(sheet.get(row, col))
                .map_err(|e| sheet.error(row, format!("“{col}”列：{e}")))?
                .unwrap_or_default())
        };
        let (d, c) = (amt("借方余额")?, amt("贷方余额")?);
        if !d.is_zero() && !c.is_zero() {
            return Err(sheet.error(row, "同一科目不能同时有借方余额和贷方余额"));
        }
        if d.fen() < 0 || c.fen() < 0 {
            return Err(sheet.error(row, "余额不能为负数；请填在另一方向"));
        }
        let act = sheet.get(row, "活动编码");
        if !d.is_zero() {
            lines.push(Line::debit(code, d, act));
        } else if !c.is_zero() {
            lines.push(Line::credit(code, c, act));
        }
    }
    let d: Amount = lines.iter().map(|l| l.debit).sum();
    let c: Amount = lines.iter().map(|l| l.credit).sum();
    if d != c {
        return Err(Error::input(format!(
            "{}：期初余额不平衡：借方合计 {}，贷方合计 {}，相差 {}。资产 = 负债 + 净资产，请核对后再导入",
            sheet.file,
            d.grouped(),
            c.grouped(),
            (d - c).abs().grouped()
        )));
    }
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    Ok(NewVoucher {
        date,
        summary: crate::ledger::voucher::OPENING_SUMMARY.into(),
        attachments: 1,
        lines,
        source: Source::Opening { file },
        decision_ref: String::new(),
        reverses: None,
    })
}

/// `opening import`: the opening voucher as a draft, dated the day before the first year.
pub async fn import_opening(ctx: &Ctx, path: &Path, encoding: Option<&str>, date: Option<&str>) -> Result<String> {
    let date = match date {
        Some(d) => parse_date(d).ok_or_else(|| Error::input(format!("日期“{d}”无法识别")))?,
        None => {
            let year: i32 = ctx
                .books()
                .year_setting()
                .await?
                .ok_or_else(|| Error::input("请用 --date 指定期初日期（启用年度的前一天，如 2024-12-31）"))?;
            NaiveDate::from_ymd_opt(year - 1, 12, 31).expect("valid")
        }
    };
    let v = read_opening(ctx, path, encoding, date).await?;
    let tx = ctx.begin().await?;
    if let Some(no) = tx.books().opening_voucher().await? {
        return Err(Error::conflict(format!(
            "本会已有期初余额凭证 {no}，期初余额只导入一次；如需更正：草稿可直接修改（gonghui voucher edit {no} …）或作废后重新导入，已记账的请用红字冲销"
        )));
    }
    let no = super::vouchers::add(&tx, v, false).await?.no;
    tx.commit().await?;
    Ok(no)
}
