//! The audit desk's use cases: import the member register and benefit lists, run every check
//! over a period (the pure ones of `audit::checks` and those that read the store: budget
//! execution, the 2% status, bank reconciliation, the hash chain), keep the findings with the
//! period, and record the auditor's disposition of each.

use super::Ctx;
use crate::audit::checks::{self, finding, AuditVoucher, Payment};
use crate::audit::pack::{self, Pack};
use crate::audit::{people, Finding, Kept, OUTCOMES};
use crate::budget::{by_account, Flag};
use crate::error::{Error, Result};
use crate::ledger::chart::{ChartView, Class};
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use crate::store::VoucherFilter;
use std::collections::BTreeSet;
use std::path::Path;

/// `members import`: (added, updated).
pub async fn import_members(ctx: &Ctx, path: &Path, encoding: Option<&str>) -> Result<(usize, usize)> {
    let members = people::read_members(path, encoding)?;
    let (added, updated) = ctx.store.save_members(&ctx.org, &members).await?;
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    ctx.store
        .log_event(&ctx.org, &ctx.user, "members_import", &file, &format!("新增 {added} 人，更新 {updated} 人"))
        .await?;
    Ok((added, updated))
}

/// What `benefits import` did.
#[derive(Debug, serde::Serialize)]
pub struct BenefitsImported {
    pub rows: usize,
    pub vouchers: usize,
    /// Vouchers whose earlier list this file replaced.
    pub replaced: Vec<String>,
    /// (voucher, list total, the voucher's spending) where they differ.
    pub mismatched: Vec<(String, Amount, Amount)>,
}

/// `benefits import`: every list must name a voucher in the books; a voucher's list imported
/// again replaces the earlier one.
pub async fn import_benefits(ctx: &Ctx, path: &Path, encoding: Option<&str>) -> Result<BenefitsImported> {
    let rows = people::read_benefits(path, encoding)?;
    let mut totals: Vec<(String, Amount, i64)> = Vec::new();
    for b in &rows {
        match totals.iter_mut().find(|(v, _, _)| v == &b.voucher_no) {
            Some(t) => t.1 += b.amount,
            None => totals.push((b.voucher_no.clone(), b.amount, b.file_line)),
        }
    }
    let mut mismatched = Vec::new();
    for (no, total, line) in &totals {
        let Some(v) = ctx.store.voucher(&ctx.org, no).await? else {
            return Err(Error::input(format!(
                "{} 第 {line} 行：凭证 {no} 不存在；请先录入该笔支出的记账凭证，再导入其发放名单",
                path.display()
            )));
        };
        let spending = crate::ledger::voucher::spending(&v.lines);
        if spending != *total {
            mismatched.push((no.clone(), *total, spending));
        }
    }
    let replaced = ctx.store.save_benefits(&ctx.org, &rows).await?;
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    ctx.store
        .log_event(
            &ctx.org,
            &ctx.user,
            "benefits_import",
            &file,
            &format!("{} 张凭证的名单，共 {} 人次", totals.len(), rows.len()),
        )
        .await?;
    Ok(BenefitsImported { rows: rows.len(), vouchers: totals.len(), replaced, mismatched })
}

/// The key findings are kept under: `2025` for a year, else `2025-01..2025-06`.
pub fn period_key(span: Span) -> String {
    if span.is_year() {
        span.from.year().to_string()
    } else {
        format!("{}..{}", span.from, span.to)
    }
}

/// A pack given as a built-in id, a file, or (as kept in the settings) `toml:` and its text.
/// Returns the pack and what to keep as the union's choice.
fn pack_from(rules: &str) -> Result<(Pack, String)> {
    if let Some(text) = rules.strip_prefix("toml:") {
        return Ok((pack::from_file(text, "本会规则包")?, rules.to_string()));
    }
    if rules.ends_with(".toml") || Path::new(rules).exists() {
        let text = std::fs::read_to_string(rules).map_err(|e| Error::input(format!("无法读取规则包 {rules}：{e}")))?;
        return Ok((pack::from_file(&text, rules)?, format!("toml:{text}")));
    }
    let p = pack::builtin()?.into_iter().find(|p| p.id == rules).ok_or_else(|| {
        Error::input(format!(
            "没有名为“{rules}”的规则包；内置：{}，或给出 .toml 文件路径",
            pack::BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join("、")
        ))
    })?;
    Ok((p, rules.to_string()))
}

/// The union's pack: the one it chose the last time it gave one to `audit --rules` (kept in its
/// settings), else the one in force for its province at the start of the period.
pub async fn load_pack(ctx: &Ctx, span: Span) -> Result<Pack> {
    match ctx.store.setting(&ctx.org, RULES_SETTING).await? {
        Some(kept) if !kept.is_empty() => Ok(pack_from(&kept)?.0),
        _ => pack::select(&ctx.org.province, span.from.first_day()),
    }
}

/// The setting that keeps the union's chosen rule pack (a built-in id, or `toml:` and its text).
pub const RULES_SETTING: &str = "audit_rules";

/// Posted vouchers up to the end of the span, as the checks need them.
async fn posted_vouchers(ctx: &Ctx, span: Span) -> Result<Vec<AuditVoucher>> {
    let f = VoucherFilter { status: Some("posted"), to: Some(span.to), ..Default::default() };
    let headers = ctx.store.voucher_headers(&ctx.org, &f).await?;
    let ids: Vec<i64> = headers.iter().map(|h| h.id).collect();
    let mut lines = ctx.store.voucher_lines(&ctx.org, &ids).await?;
    Ok(headers
        .into_iter()
        .map(|h| AuditVoucher {
            lines: lines.remove(&h.id).unwrap_or_default(),
            no: h.no,
            date: h.date,
            summary: h.summary,
            attachments: h.attachments,
            source_ref: h.source_ref,
            decision_ref: h.decision_ref,
            prepared_by: h.prepared_by,
            reviewed_by: h.reviewed_by,
            review_waived: h.review_waived,
        })
        .collect())
}

/// Run every check over `span` with `pack`. Nothing is stored.
pub async fn check(ctx: &Ctx, span: Span, pack: &Pack) -> Result<Vec<Finding>> {
    let (from, to) = (span.from.first_day(), span.to.last_day());
    let vouchers = posted_vouchers(ctx, span).await?;
    let bank_accounts: BTreeSet<String> = vouchers
        .iter()
        .flat_map(|v| v.lines.iter())
        .filter(|l| l.account.starts_with("102"))
        .map(|l| l.account.clone())
        .collect();
    let mut payments = Vec::new();
    for account in &bank_accounts {
        for l in ctx.store.bank_lines(&ctx.org, account, from, to).await? {
            if l.amount.fen() < 0 {
                payments.push(Payment {
                    date: l.date,
                    counterparty: l.counterparty,
                    amount: -l.amount,
                    voucher_no: l.voucher_no,
                });
            }
        }
    }
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    let mut budgeted_income = Amount::ZERO;
    let mut budget_findings = Vec::new();
    let mut allocation_findings = Vec::new();
    for year in span.from.year()..=span.to.year() {
        let budget = ctx.store.budget(&ctx.org, year).await?;
        let (y_from, y_to) = (Period::new(year, 1).max(span.from), Period::new(year, 12).min(span.to));
        let turnover = crate::ops::yearend::operating_turnover(ctx, y_from, y_to).await?;
        budgeted_income += by_account(&chart, &budget, &turnover, Class::Income)
            .iter()
            .filter(|e| e.level == 0)
            .map(|e| e.plan.adjusted())
            .sum();
        let in_year: Vec<&AuditVoucher> =
            vouchers.iter().filter(|v| v.date >= y_from.first_day() && v.date <= y_to.last_day()).collect();
        budget_findings.extend(budget_checks(&chart, &budget, &turnover, &in_year, year));
        allocation_findings.extend(allocation_checks(ctx, year, y_to).await?);
    }
    let members = ctx.store.members(&ctx.org).await?;
    let benefits = ctx.store.benefits(&ctx.org).await?;
    let input = checks::Input {
        from,
        to,
        pack,
        vouchers: &vouchers,
        members: &members,
        benefits: &benefits,
        payments: &payments,
        budgeted_income,
    };
    let mut out = checks::run(&input);
    out.extend(budget_findings);
    out.extend(allocation_findings);
    out.extend(reconciliation_checks(ctx, span, &vouchers, &bank_accounts).await?);
    let v = crate::ops::verify::verify(ctx).await?;
    if !v.ok() {
        out.push(finding(
            "chain_broken",
            format!("已记账凭证校验未通过：{}", v.problems.join("；")),
            "《工会会计制度》：已记账凭证不得修改，错误以红字更正（已核实原文）",
            Amount::ZERO,
            v.first_broken.into_iter().collect(),
            Vec::new(),
        ));
    }
    // The order of RULES, then as found.
    out.sort_by_key(|f| checks::RULES.iter().position(|(r, _, _)| *r == f.rule).unwrap_or(usize::MAX));
    Ok(out)
}

/// Spending without a budget or over it, on the deepest account flagged.
fn budget_checks(
    chart: &ChartView,
    budget: &crate::budget::Budget,
    turnover: &[crate::store::BalanceRow],
    vouchers: &[&AuditVoucher],
    year: i32,
) -> Vec<Finding> {
    let rows = by_account(chart, budget, turnover, Class::Expenditure);
    let flagged: Vec<_> = rows.iter().filter(|e| e.flag.is_some()).collect();
    let mut out = Vec::new();
    for e in &flagged {
        if flagged.iter().any(|o| o.code != e.code && o.code.starts_with(&e.code) && o.flag == e.flag) {
            continue; // a detail account below says it more precisely
        }
        let nos: Vec<String> = vouchers
            .iter()
            .filter(|v| {
                v.lines.iter().any(|l| l.account.starts_with(&e.code) && l.debit.fen() > 0)
                    && !v.source_ref.starts_with("closing/")
            })
            .map(|v| v.no.clone())
            .collect();
        let (rule, amount, message) = match e.flag {
            Some(Flag::Unbudgeted) => (
                "budget_none",
                e.actual,
                format!("{year} 年 {} {} 没有预算，实际支出 {} 元", e.code, e.name, e.actual.grouped()),
            ),
            _ => (
                "budget_over",
                e.actual - e.plan.adjusted(),
                format!(
                    "{year} 年 {} {} 调整后预算 {} 元，实际支出 {} 元，超支 {} 元",
                    e.code,
                    e.name,
                    e.plan.adjusted().grouped(),
                    e.actual.grouped(),
                    (e.actual - e.plan.adjusted()).grouped()
                ),
            ),
        };
        out.push(finding(
            rule,
            message,
            "严禁无预算、超预算列支（皖工发〔2025〕18号 第15页）（二手来源）",
            amount,
            nos,
            Vec::new(),
        ));
    }
    out
}

/// The 2% unpaid at the end of the span's part of `year`, and the upward share not remitted.
async fn allocation_checks(ctx: &Ctx, year: i32, to: Period) -> Result<Vec<Finding>> {
    let status = crate::ops::allocation::status(ctx, year).await?;
    if status.rows.iter().all(|r| r.wage_bill.is_none()) {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let arrears = status.rows.iter().find(|r| r.period == to).map(|r| r.arrears).unwrap_or(status.arrears_at_year_end);
    if arrears.fen() > 0 {
        let months: Vec<String> = status
            .issues
            .iter()
            .filter(|i| i.received < i.expected && i.period <= to)
            .map(|i| format!("{}（应收 {}，实收 {}）", i.period.label(), i.expected.grouped(), i.received.grouped()))
            .collect();
        out.push(finding(
            "allocation_arrears",
            format!("截至 {} 拨缴经费欠缴 {} 元：{}", to.label(), arrears.grouped(), months.join("、")),
            "《工会法》第四十三条：按全部职工工资总额的 2% 向工会拨缴经费（已核实原文）",
            arrears,
            Vec::new(),
            Vec::new(),
        ));
    }
    if to.month() == 12 && status.upward_unremitted.fen() > 0 {
        out.push(finding(
            "upward_unremitted",
            format!("{year} 年应上解上级工会的经费尚有 {} 元未上解（211 科目）", status.upward_unremitted.grouped()),
            "拨缴经费按省定比例分成，上级工会部分应及时上解（二手来源）",
            status.upward_unremitted,
            Vec::new(),
            Vec::new(),
        ));
    }
    Ok(out)
}

/// Each month of the span in which a bank account moved: reconciled with the bank's statement,
/// or not (no statement imported, or the adjusted balances differ).
async fn reconciliation_checks(
    ctx: &Ctx,
    span: Span,
    vouchers: &[AuditVoucher],
    accounts: &BTreeSet<String>,
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let today = Period::of(chrono::Local::now().date_naive());
    for account in accounts {
        let mut p = span.from;
        while p <= span.to && p < today {
            let moved: Vec<String> = vouchers
                .iter()
                .filter(|v| Period::of(v.date) == p && v.lines.iter().any(|l| &l.account == account))
                .map(|v| v.no.clone())
                .collect();
            if !moved.is_empty() {
                match crate::report::reconciliation::compute(ctx, account, p).await {
                    Ok(r) if r.balances() => {}
                    Ok(r) => out.push(finding(
                        "bank_unreconciled",
                        format!(
                            "{} {account} 调节后余额不符：账面调节后 {} 元，银行调节后 {} 元",
                            p.label(),
                            r.adjusted_book().grouped(),
                            r.adjusted_bank().map(|a| a.grouped()).unwrap_or_else(|| "—".into())
                        ),
                        "每月编制银行存款余额调节表（《工会会计制度》；内部控制）（二手来源）",
                        (r.adjusted_book() - r.adjusted_bank().unwrap_or(Amount::ZERO)).abs(),
                        Vec::new(),
                        Vec::new(),
                    )),
                    Err(_) => out.push(finding(
                        "bank_unreconciled",
                        format!("{} {account} 有 {} 笔收付，但没有导入该月银行流水，未对账", p.label(), moved.len()),
                        "每月编制银行存款余额调节表（《工会会计制度》；内部控制）（二手来源）",
                        Amount::ZERO,
                        Vec::new(),
                        Vec::new(),
                    )),
                }
            }
            p = p.next();
        }
    }
    Ok(out)
}

/// `audit`: run the checks, keep the findings with the period (dispositions of findings found
/// again are kept), and return them with their dispositions.
pub async fn run(ctx: &Ctx, span: Span, rules: Option<&str>) -> Result<(Pack, Vec<Kept>)> {
    let (pack, chosen) = match rules {
        Some(r) => {
            let (p, keep) = pack_from(r)?;
            (p, Some(keep))
        }
        None => (load_pack(ctx, span).await?, None),
    };
    let findings = check(ctx, span, &pack).await?;
    let key = period_key(span);
    ctx.store.save_findings(&ctx.org, &key, &pack.id, &findings, &ctx.user).await?;
    // A pack given now becomes the union's own (reports and later audits use it).
    if let Some(keep) = chosen {
        if ctx.store.setting(&ctx.org, RULES_SETTING).await?.as_deref() != Some(keep.as_str()) {
            let why = format!("经审规则包改为 {}", pack.id);
            ctx.store.set_setting(&ctx.org, RULES_SETTING, &keep, &ctx.user, &why).await?;
        }
    }
    Ok((pack, ctx.store.findings(&ctx.org, &key).await?))
}

/// The findings of a period: those kept by the last `audit` run, or (none kept) found now with the
/// pack in force, not kept.
pub async fn findings(ctx: &Ctx, span: Span) -> Result<Vec<Kept>> {
    let kept = ctx.store.findings(&ctx.org, &period_key(span)).await?;
    if !kept.is_empty() {
        return Ok(kept);
    }
    let pack = load_pack(ctx, span).await?;
    Ok(check(ctx, span, &pack)
        .await?
        .into_iter()
        .map(|f| Kept { key: f.key(), finding: f, disposition: None })
        .collect())
}

/// Record the auditor's disposition of a kept finding.
pub async fn dispose(ctx: &Ctx, span: Span, key: &str, outcome: &str, note: &str) -> Result<()> {
    if !OUTCOMES.iter().any(|(c, _)| *c == outcome) {
        return Err(Error::input(format!(
            "处理结论“{outcome}”不认识；可用：{}",
            OUTCOMES.iter().map(|(c, l)| format!("{c}（{l}）")).collect::<Vec<_>>().join("、")
        )));
    }
    if note.trim().is_empty() {
        return Err(Error::input("请用 --note 写明处理情况（例如整改措施或说明）"));
    }
    let period = period_key(span);
    if !ctx.store.dispose(&ctx.org, &period, key, outcome, note, &ctx.user).await? {
        return Err(Error::input(format!(
            "{period} 没有编号为 {key} 的审计发现；请先运行 gonghui audit（编号见其输出的“编号”列）"
        )));
    }
    Ok(())
}
