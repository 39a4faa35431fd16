//! `close --year`: the closing entries, the roll-ups, finished projects, then the year locked.
//! `opening import`: opening balances for a union that starts using gonghui mid-life.

use super::Ctx;
use crate::books::VoucherFilter;
use crate::error::{Error, Result};
use crate::ledger::chart::Class;
use crate::ledger::closing::{self, NetAssets};
use crate::ledger::period::{parse_date, Period};
use crate::ledger::voucher::{Header, Line, NewVoucher, Source, Status};
use crate::money::{parse_optional, Amount};
use crate::sheet::Sheet;
use crate::store::PostTarget;
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::Path;

/// Setting: `warn` (default) closes a year with months not reconciled or depreciation not run and
/// records the warnings; `strict` refuses.
pub const YEAR_CLOSE: &str = "year_close";

/// What `close --year` may be told to accept: balances that cannot be right (`--accept negative`),
/// with the reason the committee gave. Recorded, and printed in the year's notes (附注).
#[derive(Clone, Debug)]
pub struct Acceptance {
    pub risk: String,
    pub reason: String,
}

/// The risks `--accept` knows.
pub const RISKS: &[(&str, &str)] = &[("negative", "年末库存现金、银行存款或工会资金结转/结余为负数")];

/// What closing the year did.
#[derive(Debug, serde::Serialize)]
pub struct YearClosed {
    pub vouchers: Vec<String>,
    /// What was wrong and went on record without stopping the close (warn mode).
    pub warnings: Vec<String>,
    /// The risk accepted, with its reason.
    pub accepted: Option<String>,
    /// The closing vouchers were prepared as drafts and wait for another person's review; the
    /// year is not closed until the command is run again after it.
    pub awaiting_review: bool,
}

/// The year's balances that cannot be right at its end, after the closing entries: 库存现金 or
/// 银行存款 (any detail) negative, 工会资金结转 (per project) or 结余 negative.
fn impossible_balances(rows: &[crate::ledger::balance::BalanceRow], net: &NetAssets) -> Vec<String> {
    let mut out = Vec::new();
    let mut by_account: std::collections::BTreeMap<&str, Amount> = Default::default();
    for r in rows.iter().filter(|r| r.account.starts_with("101") || r.account.starts_with("102")) {
        *by_account.entry(r.account.as_str()).or_default() += r.debit - r.credit;
    }
    for (account, bal) in by_account {
        if bal.fen() < 0 {
            let name = if account.starts_with("101") { "库存现金" } else { "银行存款" };
            out.push(format!("{name}（{account}）年末余额 {}", bal.grouped()));
        }
    }
    let mut carry: std::collections::BTreeMap<&str, Amount> = Default::default();
    let mut surplus = Amount::ZERO;
    for ((account, activity), bal) in net {
        if account.starts_with("321") {
            *carry.entry(activity.as_str()).or_default() += *bal;
        } else if account.starts_with("322") {
            surplus += *bal;
        }
    }
    for (activity, bal) in carry {
        if bal.fen() < 0 {
            let what = if activity.is_empty() { String::new() } else { format!("（项目 {activity}）") };
            out.push(format!("工会资金结转{what}结转后为 {}（专项资金超支）", bal.grouped()));
        }
    }
    if surplus.fen() < 0 {
        out.push(format!("工会资金结余结转后为 {}", surplus.grouped()));
    }
    out
}

/// Close the year: the closing entries, posted; the twelve months locked. Refused while vouchers
/// wait, and while balances would end negative (unless accepted with a reason); months not
/// reconciled and depreciation not run are warnings (refusals under `year_close = strict`).
/// Without the review waiver it takes two runs around a review: the first prepares the closing
/// vouchers as drafts (`awaiting_review`), another person reviews them, the second posts them and
/// locks the year (if the books changed in between, the drafts are made again from the new
/// balances and wait for review again).
pub async fn close_year(
    ctx: &Ctx,
    year: i32,
    finished: &BTreeSet<String>,
    accept: Option<&Acceptance>,
) -> Result<YearClosed> {
    if let Some(a) = accept {
        if !RISKS.iter().any(|(r, _)| *r == a.risk) {
            return Err(Error::input(format!(
                "--accept 只能是：{}",
                RISKS.iter().map(|(r, what)| format!("{r}（{what}）")).collect::<Vec<_>>().join("、")
            )));
        }
        if a.reason.trim().is_empty() {
            return Err(Error::input("接受风险须写明理由（--reason），例如“经工会委员会研究，待上级拨款后弥补”"));
        }
    }
    let tx = ctx.act(crate::ledger::roles::Act::Close).await?;
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
    // The closing vouchers an earlier run prepared, waiting for review, are not "open" here.
    let open: Vec<String> = b
        .voucher_headers(&f)
        .await?
        .into_iter()
        .filter(|h| matches!(h.status, Status::Draft | Status::Reviewed))
        .filter(|h| !closing::is_closing_entry(&h.source_ref, year))
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
    // Balances that cannot be right at the year's end.
    let impossible = impossible_balances(&b.balance_totals_by_activity(Period(0), dec).await?, &net);
    let accepted = match (impossible.is_empty(), accept) {
        (true, _) => None,
        (false, Some(a)) => Some(format!("{}；理由：{}", impossible.join("；"), a.reason.trim())),
        (false, None) => {
            return Err(Error::refused(format!(
                "{year} 年末有不可能成立的余额：{}。请先查明更正（漏记收入、多记支出、记错科目）；\
                 如经委员会研究确需如此结账，加 --accept negative --reason \"理由\"（将记录并列入年度报表附注）",
                impossible.join("；")
            )))
        }
    };
    // Months not reconciled, depreciation not run: warnings, or refusals in strict mode.
    let mut warnings = Vec::new();
    for (account, m) in b.unreconciled(Period::new(year, 1), dec).await? {
        warnings.push(format!("{} {account} 有银行收付但未对账（或调节后余额不符）", m.label()));
    }
    for m in b.depreciation_missing(Period::new(year, 1), dec).await? {
        warnings.push(format!("{} 未计提固定资产折旧", m.label()));
    }
    if !warnings.is_empty() && b.setting(YEAR_CLOSE).await?.as_deref() == Some("strict") {
        return Err(Error::refused(format!(
            "年终结账为严格模式（year_close = strict），以下事项处理后才能结账：\n  {}",
            warnings.join("\n  ")
        )));
    }
    let rules = super::vouchers::rules(ctx).await?;
    for v in &vouchers {
        rules.check(v).map_err(|e| Error::refused(format!("年终结转凭证有误（{}）：{}", v.summary, e.reason)))?;
    }
    // The closing vouchers are prepared by whoever runs this and reviewed by another person, as
    // any voucher: a first run prepares them as drafts; once reviewed, the next run posts them and
    // locks the year. Under the review waiver (a one-person union) they are posted at once,
    // marked as waived.
    let dec_only = VoucherFilter { from: Some(dec), to: Some(dec), ..Default::default() };
    let pending: Vec<(Header, Vec<Line>)> = b
        .with_lines(&dec_only)
        .await?
        .into_iter()
        .filter(|(h, _)| matches!(h.status, Status::Draft | Status::Reviewed))
        .filter(|(h, _)| closing::is_closing_entry(&h.source_ref, year))
        .collect();
    let same = pending.len() == vouchers.len()
        && pending.iter().zip(&vouchers).all(|((h, lines), v)| h.summary == v.summary && *lines == v.lines);
    let waived = ctx.review_waived().await?;
    let nos: Vec<String> = if same && !waived && !vouchers.is_empty() {
        let waiting: Vec<&str> =
            pending.iter().filter(|(h, _)| h.status != Status::Reviewed).map(|(h, _)| h.no.as_str()).collect();
        if !waiting.is_empty() {
            return Err(Error::refused(format!(
                "{year} 年的年终结转凭证 {} 尚待审核：请由制单人以外的人审核（gonghui voucher review {}）后，再运行 gonghui close --year {year}",
                waiting.join("、"),
                waiting.join(" ")
            )));
        }
        let ids: Vec<i64> = pending.iter().map(|(h, _)| h.id).collect();
        let (hs, lines): (Vec<Header>, std::collections::HashMap<i64, Vec<Line>>) =
            pending.into_iter().map(|(h, l)| ((h.id, l), h)).map(|(l, h)| (h, l)).unzip();
        ctx.store.post_reviewed(&ctx.org, &hs, &lines, &ctx.user).await?;
        super::acts::sign_vouchers(ctx, &ids, false, true).await?;
        hs.into_iter().map(|h| h.no).collect()
    } else {
        // Drafts made from balances that have changed since (or no longer needed) give way.
        for (h, _) in &pending {
            if h.status == Status::Reviewed {
                ctx.store.unreview(&ctx.org, h.id).await?;
            }
            ctx.store.void_draft(&ctx.org, h.id, &ctx.user, "账簿在结转凭证生成后有变动，已按最新余额重新生成").await?;
            ctx.store.log_event(&ctx.org, &ctx.user, "voucher_void", &h.no, "年终结转凭证按最新余额重新生成").await?;
        }
        let target = if waived {
            PostTarget::Posted { reviewer: &ctx.user, waived: true, poster: &ctx.user }
        } else {
            PostTarget::Draft
        };
        let ids = ctx.store.insert_vouchers(&ctx.org, &vouchers, &ctx.user, target).await?;
        super::acts::sign_vouchers(ctx, &ids.iter().map(|x| x.0).collect::<Vec<_>>(), waived, waived).await?;
        let nos: Vec<String> = ids.into_iter().map(|(_, no)| no).collect();
        if !waived && !nos.is_empty() {
            ctx.store.log_event(&ctx.org, &ctx.user, "close_year_prepare", &year.to_string(), &nos.join(",")).await?;
            tx.commit().await?;
            return Ok(YearClosed { vouchers: nos, warnings, accepted, awaiting_review: true });
        }
        nos
    };
    for m in 1..=12 {
        let p = Period::new(year, m);
        if !b.is_closed(p).await? {
            ctx.store.close_period(&ctx.org, p, &ctx.user).await?;
        }
    }
    ctx.store.log_event(&ctx.org, &ctx.user, "close_year", &year.to_string(), &nos.join(",")).await?;
    for w in &warnings {
        ctx.store.log_event(&ctx.org, &ctx.user, "close_year_warning", &year.to_string(), w).await?;
    }
    if let Some(a) = &accepted {
        ctx.store.log_event(&ctx.org, &ctx.user, "close_year_accept", &year.to_string(), a).await?;
    }
    tx.commit().await?;
    Ok(YearClosed { vouchers: nos, warnings, accepted, awaiting_review: false })
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
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    if let Some(no) = tx.books().opening_voucher().await? {
        return Err(Error::conflict(format!(
            "本会已有期初余额凭证 {no}，期初余额只导入一次；如需更正：草稿可直接修改（gonghui voucher edit {no} …）或作废后重新导入，已记账的请用红字冲销"
        )));
    }
    let no = super::vouchers::add(&tx, v, false).await?.no;
    tx.commit().await?;
    Ok(no)
}
