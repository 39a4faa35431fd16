//! Budget import (original and adjustments), the control made when posting, and next year's draft.

use super::Ctx;
use crate::budget::package::{self, Approval, Submission};
pub use crate::budget::Breach;
use crate::budget::{BudgetLine, Control, Version};
use crate::error::{Error, Result};
use crate::ledger::chart::Class;
use crate::ledger::period::{parse_date, Period};
use crate::ledger::voucher::Line;
use crate::money::parse_optional;
use crate::sheet::Sheet;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::path::Path;

/// Setting: `warn` (default) posts and records a breach; `strict` refuses the voucher.
pub const BUDGET_CONTROL: &str = "budget_control";

/// The approval of an adjustment.
pub struct Adjustment {
    pub approved_on: Option<String>,
    pub doc_no: String,
    pub reason: String,
}

/// Read a budget file (科目编码, 活动编码/活动, 金额, 说明, 经济分类 optional) against the organisation's chart and
/// activities; refuse the whole file at its first bad line.
pub async fn read_budget_file(
    ctx: &Ctx,
    path: &Path,
    encoding: Option<&str>,
    year: i32,
    adjustment: bool,
) -> Result<Vec<BudgetLine>> {
    let sheet = Sheet::read(path, encoding, &["科目编码", "金额"])?;
    let chart = ctx.books().chart().await?;
    let activities = ctx.books().activities().await?;
    let act_col = if sheet.col("活动编码").is_some() { "活动编码" } else { "活动" };
    let mut out: Vec<(BudgetLine, usize)> = Vec::new();
    for row in &sheet.rows {
        let activity = sheet.get(row, act_col).to_string();
        if !activity.is_empty() && !activities.iter().any(|a| a.code == activity) {
            return Err(sheet.error(row, format!("活动编码“{activity}”不存在（先用 gonghui activities add 建立）")));
        }
        let mut account = sheet.get(row, "科目编码").to_string();
        if account.is_empty() {
            account =
                activities.iter().find(|a| a.code == activity).and_then(|a| a.account.clone()).unwrap_or_default();
        }
        let acct = chart.get(&account).filter(|a| a.enabled).ok_or_else(|| {
            sheet.error(row, format!("科目编码“{account}”不存在或未启用（gonghui accounts 列出可用科目）"))
        })?;
        if !matches!(acct.class, Class::Income | Class::Expenditure) {
            return Err(sheet.error(row, format!("科目 {} {} 不是收入或支出科目，不能编入预算", acct.code, acct.name)));
        }
        let amount = parse_optional(sheet.get(row, "金额"))
            .map_err(|e| sheet.error(row, format!("“金额”列：{e}")))?
            .ok_or_else(|| sheet.error(row, "“金额”列为空"))?;
        if amount.fen() < 0 && !adjustment {
            return Err(sheet.error(row, format!("年初预算金额不能为负（{}）；调减预算请用预算调整", amount.plain())));
        }
        let overlap = out.iter().find(|(l, _)| {
            l.activity == activity
                && l.account != account
                && (l.account.starts_with(&account) || account.starts_with(&l.account))
        });
        if let Some((l, line)) = overlap {
            return Err(sheet.error(
                row,
                format!(
                    "科目 {account} 与第 {line} 行的科目 {} 是上下级关系，同一活动的预算只能编在一级上，否则会重复计算",
                    l.account
                ),
            ));
        }
        let econ = sheet.get(row, "经济分类").to_string();
        if let Err(e) = crate::ledger::econ::for_year(year).check(&account, &econ) {
            return Err(sheet.error(row, format!("“经济分类”列：{e}")));
        }
        if let Some((_, line)) =
            out.iter().find(|(l, _)| l.account == account && l.activity == activity && l.econ == econ)
        {
            return Err(sheet.error(row, format!("与第 {line} 行重复（同一科目、同一活动、同一经济分类只能有一行）")));
        }
        let note = sheet.get(row, "说明").to_string();
        out.push((BudgetLine { account, activity, amount, note, econ }, row.line));
    }
    if out.is_empty() {
        return Err(Error::input(format!("{} 中没有预算行", sheet.file)));
    }
    Ok(out.into_iter().map(|(l, _)| l).collect())
}

/// `budget import`: the original budget, or an adjustment with its approval. Returns the version.
pub async fn import(
    ctx: &Ctx,
    path: &Path,
    encoding: Option<&str>,
    year: i32,
    adj: Option<Adjustment>,
) -> Result<(i64, usize)> {
    let (approved_on, doc_no, reason) = match &adj {
        Some(a) => {
            let d = a.approved_on.as_deref().filter(|d| !d.trim().is_empty()).ok_or_else(|| {
                Error::input("预算调整须注明批准日期（--approved-on 2025-07-01）、文号（--doc）和理由（--reason）")
            })?;
            let date =
                parse_date(d).ok_or_else(|| Error::input(format!("批准日期“{d}”无法识别，应写成 2025-07-01")))?;
            if a.reason.trim().is_empty() {
                return Err(Error::input("预算调整须说明理由（--reason）"));
            }
            (date.to_string(), a.doc_no.clone(), a.reason.clone())
        }
        None => (String::new(), String::new(), String::new()),
    };
    let lines = read_budget_file(ctx, path, encoding, year, adj.is_some()).await?;
    let n = lines.len();
    let v = Version { version: if adj.is_some() { 1 } else { 0 }, approved_on, doc_no, reason, lines };
    let source = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    // The 年初预算 may be replaced until the committee approves it, while nothing adjusts it.
    let existing = tx.books().budget(year).await?;
    let replaced = adj.is_none() && !existing.is_empty();
    if replaced {
        if let Some(a) = approval(&tx, year).await? {
            return Err(Error::refused(format!(
                "{year} 年的年初预算已于 {} 经{}审议通过，只能通过预算调整改动（budget import 文件 --adjustment --approved-on … --doc … --reason …）",
                a.approved_on, a.meeting
            )));
        }
        if existing.versions.len() > 1 {
            return Err(Error::input(format!(
                "{year} 年的年初预算已经有调整，改动预算请继续用预算调整（--adjustment --approved-on … --doc … --reason …）"
            )));
        }
        tx.store.remove_original_budget(&tx.org, year).await?;
    }
    let version = tx.store.add_budget_version(&tx.org, year, &v, &source, &tx.user).await?;
    let what = match (version, replaced) {
        (0, true) => "年初预算（审批前重新导入，替换原稿）".to_string(),
        (0, false) => "年初预算".to_string(),
        _ => format!("第 {version} 次调整"),
    };
    tx.store
        .log_event(&tx.org, &tx.user, "budget_import", &format!("{year} {what}"), &format!("{source}，{n} 行"))
        .await?;
    tx.commit().await?;
    Ok((version, n))
}

pub async fn strict(ctx: &Ctx) -> Result<bool> {
    Ok(ctx.books().setting(BUDGET_CONTROL).await?.as_deref() == Some("strict"))
}

/// The breaches of vouchers about to be posted, each voucher judged after the ones before it.
pub async fn check_posting(ctx: &Ctx, vs: &[(String, NaiveDate, &[Line])]) -> Result<Vec<(String, Breach)>> {
    let b = ctx.books();
    let chart = b.chart().await?;
    let names = b.activity_names().await?;
    let mut out = Vec::new();
    // Each year once, however the vouchers' years interleave.
    let years: BTreeSet<i32> = vs.iter().map(|(_, d, _)| d.year()).collect();
    for year in years {
        let budget = b.budget(year).await?;
        if budget.is_empty() {
            continue;
        }
        let before = b.balance_totals_by_activity(Period::new(year, 1), Period::new(year, 12)).await?;
        let mut control = Control::new(&chart, &budget, &before, &names);
        for (label, _, lines) in vs.iter().filter(|(_, d, _)| d.year() == year) {
            for b in control.check(lines) {
                out.push((label.clone(), b));
            }
            control.add(lines);
        }
    }
    Ok(out)
}

/// Record breaches as events for the audit: `budget_refused` when strict mode refused the
/// voucher, else `budget_over` / `budget_none`.
pub async fn record(ctx: &Ctx, breaches: &[(String, Breach)], refused: bool) -> Result<()> {
    let events: Vec<(&str, String, String)> = breaches
        .iter()
        .map(|(no, b)| {
            let kind = match (refused, b.flag) {
                (true, _) => "budget_refused",
                (false, crate::budget::Flag::Over) => "budget_over",
                (false, crate::budget::Flag::Unbudgeted) => "budget_none",
            };
            (kind, no.clone(), b.message())
        })
        .collect();
    ctx.store.log_events(&ctx.org, &ctx.user, &events).await
}

/// The refusal of strict budget control (`budget_control = strict`).
pub fn refusal(breaches: &[(String, Breach)]) -> Error {
    let list: Vec<String> = breaches.iter().map(|(no, b)| format!("{no}：{}", b.message())).collect();
    Error::refused(format!(
        "预算控制为严格模式（budget_control = strict），以下凭证未记账：\n  {}\n严禁无预算、超预算列支：请先按程序调整预算（budget import --adjustment）",
        list.join("\n  ")
    ))
}

/// `budget draft --year Y`: next year's budget as a CSV from the actuals of the year before.
pub async fn draft(ctx: &Ctx, year: i32) -> Result<String> {
    let chart = ctx.books().chart().await?;
    // The year's income and spending without its closing entries (a closed year nets them to zero).
    let rows = ctx.books().turnover(Period::new(year - 1, 1), Period::new(year - 1, 12)).await?;
    let mut out = String::from("\u{feff}科目编码,活动编码,金额,说明\n");
    for class in [Class::Income, Class::Expenditure] {
        for b in rows.iter().filter(|b| chart.get(&b.account).is_some_and(|a| a.class == class)) {
            let a = crate::budget::actual(class, b.debit, b.credit);
            if a.is_zero() {
                continue;
            }
            let name = chart.get(&b.account).map(|x| x.name.clone()).unwrap_or_default();
            out.push_str(&format!(
                "{},{},{},{}年实际（{}），请按本年计划修改\n",
                b.account,
                b.activity,
                a.plain(),
                year - 1,
                name
            ));
        }
    }
    Ok(out)
}

/// The committee's approval of the year's budget, if given.
pub async fn approval(ctx: &Ctx, year: i32) -> Result<Option<Approval>> {
    Ok(ctx.books().setting(&package::approval_setting(year)).await?.as_deref().and_then(Approval::decode))
}

/// The package's submission to the upper union, if made.
pub async fn submission(ctx: &Ctx, year: i32) -> Result<Option<Submission>> {
    Ok(ctx.books().setting(&package::submission_setting(year)).await?.as_deref().and_then(Submission::decode))
}

/// The submission that fixes the package: made, and not returned by the upper union.
async fn standing_submission(ctx: &Ctx, year: i32) -> Result<Option<Submission>> {
    use crate::books::federation::{filing_status, BUDGET};
    let returned = filing_status(&ctx.store, &ctx.org, year, BUDGET).await?
        == Some(crate::ledger::federation::FilingStatus::Returned);
    Ok(if returned { None } else { submission(ctx, year).await? })
}

/// `budget approve`: the 工会委员会 approved the year's 年初预算 at `meeting`, after the 经费审查委员会
/// reviewed it; from then on the budget changes only by adjustment. Recorded by 工会主席 or 会计主管.
pub async fn approve(
    ctx: &Ctx,
    year: i32,
    meeting: &str,
    audit_meeting: &str,
    on: Option<&str>,
    text: Option<&Path>,
) -> Result<Approval> {
    let (meeting, audit_meeting) = (meeting.trim(), audit_meeting.trim());
    if meeting.is_empty() || audit_meeting.is_empty() {
        return Err(Error::input(
            "请写明审议预算的会议和经审会的审查：--meeting \"第三届第五次工会委员会\" --audit-meeting \"经审会第二次会议\"",
        ));
    }
    let on = match on {
        Some(d) => parse_date(d).ok_or_else(|| Error::input(format!("日期“{d}”无法识别，应写成 2025-01-15")))?,
        None => crate::today(),
    };
    let text = match text {
        Some(p) => {
            let shown = p.display().to_string();
            let t = std::fs::read_to_string(p).map_err(|e| crate::error::read_failed(&shown, &e))?;
            crate::ledger::notes::body(&t, &shown)?
        }
        None => String::new(),
    };
    let tx = ctx.act(crate::ledger::roles::Act::Approve).await?;
    if tx.books().budget(year).await?.is_empty() {
        return Err(Error::input(format!(
            "{year} 年还没有年初预算：先导入（gonghui budget import 预算.csv --year {year}）再审批"
        )));
    }
    if let Some(a) = approval(&tx, year).await? {
        return Err(Error::conflict(format!(
            "{year} 年预算已于 {} 经{}审议通过（{} 记录）",
            a.approved_on, a.meeting, a.by
        )));
    }
    let a = Approval {
        meeting: meeting.into(),
        audit_meeting: audit_meeting.into(),
        approved_on: on.to_string(),
        by: tx.user.clone(),
        text,
    };
    tx.store.set_setting(&tx.org, &package::approval_setting(year), &a.encode(), &tx.user, "预算审批").await?;
    super::acts::sign_act(&tx, "budget_approve", &year.to_string(), &crate::now_text(), &[a.encode()]).await?;
    tx.store
        .log_event(&tx.org, &tx.user, "budget_approve", &year.to_string(), &format!("{} {}", a.approved_on, a.meeting))
        .await?;
    tx.commit().await?;
    Ok(a)
}

/// `budget explain`: the union's own words for the 说明书, written again (a correction of what
/// `budget approve --text` gave, or the words given late) until the package is sent.
pub async fn explain(ctx: &Ctx, year: i32, path: &Path) -> Result<()> {
    let shown = path.display().to_string();
    let t = std::fs::read_to_string(path).map_err(|e| crate::error::read_failed(&shown, &e))?;
    let text = crate::ledger::notes::body(&t, &shown)?;
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    if let Some(s) = standing_submission(&tx, year).await? {
        return Err(Error::refused(format!(
            "{year} 年预算报表已于 {} 由 {} 报送，说明书随之锁定；报送后的情况请写入预算调整的理由或下一年度的说明书",
            s.on, s.by
        )));
    }
    if tx.books().budget(year).await?.is_empty() {
        return Err(Error::input(format!(
            "{year} 年还没有预算：先导入（gonghui budget import 预算.csv --year {year}）"
        )));
    }
    tx.store.set_setting(&tx.org, &package::text_setting(year), &text, &tx.user, "预算说明书").await?;
    let first = text.lines().next().unwrap_or("");
    tx.store.log_event(&tx.org, &tx.user, "budget_text", &year.to_string(), first).await?;
    tx.commit().await
}

/// `budget submit`: the approved package goes to the upper union; the versions it holds are fixed.
pub async fn submit(ctx: &Ctx, year: i32) -> Result<Submission> {
    let tx = ctx.act(crate::ledger::roles::Act::Approve).await?;
    if approval(&tx, year).await?.is_none() {
        return Err(Error::refused(format!(
            "{year} 年预算尚未经工会委员会审议通过，不能报送：先 gonghui budget approve --year {year} --meeting … --audit-meeting …"
        )));
    }
    if let Some(s) = standing_submission(&tx, year).await? {
        return Err(Error::conflict(format!("{year} 年预算已于 {} 由 {} 报送；此后的改动请用预算调整", s.on, s.by)));
    }
    let s = Submission {
        on: crate::today().to_string(),
        by: tx.user.clone(),
        versions: tx.books().budget(year).await?.versions.len(),
    };
    tx.store.set_setting(&tx.org, &package::submission_setting(year), &s.encode(), &tx.user, "预算报送").await?;
    super::filings::filed(&tx, year, crate::books::federation::BUDGET).await?;
    super::acts::sign_act(&tx, "budget_submit", &year.to_string(), &crate::now_text(), &[s.encode()]).await?;
    tx.store.log_event(&tx.org, &tx.user, "budget_submit", &year.to_string(), &s.on).await?;
    tx.commit().await?;
    Ok(s)
}
