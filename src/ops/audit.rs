//! The audit desk's use cases: import the member register and benefit lists, run the audit of a
//! period (the checks are the read layer's: `books::audit`) and keep its findings with the period,
//! and record the auditor's disposition of each.

use super::Ctx;
use crate::audit::pack::{self, Pack};
use crate::audit::{people, period_key, rectification, Kept, OUTCOMES};
use crate::error::{Error, Result};
use crate::ledger::period::Span;
use crate::money::Amount;
use chrono::Datelike;
use std::path::Path;

fn file_name(path: &Path) -> String {
    path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default()
}

/// What `members import` did.
#[derive(Debug, serde::Serialize)]
pub struct MembersImported {
    pub added: usize,
    pub updated: usize,
}

/// `members import`.
pub async fn import_members(ctx: &Ctx, path: &Path, encoding: Option<&str>) -> Result<MembersImported> {
    let members = people::read_members(path, encoding)?;
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let (added, updated) = tx.store.save_members(&tx.org, &members).await?;
    let digest = tx.store.held_digest(&tx.org, crate::store::Held::Members).await?;
    let detail = format!("新增 {added} 人，更新 {updated} 人{}{digest}", crate::books::state::DIGEST_MARK);
    tx.store.log_event(&tx.org, &tx.user, "members_import", &file_name(path), &detail).await?;
    tx.commit().await?;
    Ok(MembersImported { added, updated })
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
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let mut mismatched = Vec::new();
    for (no, total, line) in &totals {
        let Some(v) = tx.books().voucher(no).await? else {
            return Err(Error::not_found(format!(
                "{} 第 {line} 行：凭证 {no} 不存在；请先录入该笔支出的记账凭证，再导入其发放名单",
                path.display()
            )));
        };
        // A closed month's lists are part of its books: locked like its vouchers.
        if tx.books().is_closed(crate::ledger::period::Period(v.period)).await? {
            return Err(Error::refused(format!(
                "{} 第 {line} 行：凭证 {no} 所在的 {} 已结账，其发放名单不能再导入或替换；确需更正请先反结账（gonghui reopen --month {}）",
                path.display(),
                crate::ledger::period::Period(v.period).label(),
                crate::ledger::period::Period(v.period)
            )));
        }
        let spending = crate::ledger::voucher::spending(&v.lines);
        if spending != *total {
            mismatched.push((no.clone(), *total, spending));
        }
    }
    let replaced = tx.store.save_benefits(&tx.org, &rows).await?;
    let detail = format!("{} 张凭证的名单，共 {} 人次", totals.len(), rows.len());
    tx.store.log_event(&tx.org, &tx.user, "benefits_import", &file_name(path), &detail).await?;
    tx.commit().await?;
    Ok(BenefitsImported { rows: rows.len(), vouchers: totals.len(), replaced, mismatched })
}

/// `audit`: run the checks, keep the findings with the period (dispositions of findings found
/// again are kept), and return them with their dispositions. A pack given now becomes the
/// union's own (reports and later audits use it), in the same transaction.
pub async fn run(ctx: &Ctx, span: Span, rules: Option<&str>) -> Result<(Pack, Vec<Kept>)> {
    let tx = ctx.act(crate::ledger::roles::Act::Audit).await?;
    let b = tx.books();
    let (pack, chosen) = match rules {
        Some(r) => {
            let (p, keep) = pack::choose(r)?;
            (p, Some(keep))
        }
        None => (b.pack(span).await?, None),
    };
    let findings = b.check(span, &pack).await?;
    let key = period_key(span);
    tx.store.save_findings(&tx.org, &key, &pack.id, &findings, &tx.user).await?;
    let digest = tx.store.held_digest(&tx.org, crate::store::Held::Findings(&key)).await?;
    let detail = format!("{} 条发现{}{digest}", findings.len(), crate::books::state::DIGEST_MARK);
    tx.store.log_event(&tx.org, &tx.user, crate::books::state::AUDIT_EVENT, &key, &detail).await?;
    tx.store.fault("audit:setting")?;
    if let Some(keep) = chosen {
        if b.setting(pack::SETTING).await?.as_deref() != Some(keep.as_str()) {
            let why = format!("经审规则包改为 {}", pack.id);
            tx.store.set_setting(&tx.org, pack::SETTING, &keep, &tx.user, &why).await?;
        }
    }
    let kept = b.findings_kept(&key).await?;
    tx.commit().await?;
    Ok((pack, kept))
}

/// Record the auditor's disposition of a kept finding. A rectification (已整改) needs its evidence:
/// the posted voucher of the money recovered, or the number of the document that shows it.
pub async fn dispose(ctx: &Ctx, span: Span, key: &str, outcome: &str, note: &str, evidence: &str) -> Result<()> {
    let Some(outcome) = crate::audit::outcome_code(outcome) else {
        return Err(Error::input(format!(
            "处理结论“{outcome}”不认识；可用：{}（也可写 认定、已说明、已整改）",
            OUTCOMES.iter().map(|(c, l)| format!("{c}（{l}）")).collect::<Vec<_>>().join("、")
        )));
    };
    if note.trim().is_empty() {
        return Err(Error::input("请写明处理情况（命令行用 --note），例如整改措施或说明"));
    }
    if outcome == "rectified" && evidence.trim().is_empty() {
        return Err(Error::input(
            "记录“已整改”须写明整改的证据（命令行用 --evidence）：收回款项的记账凭证号（如 记-202512-0009），或整改文件、收据的编号",
        ));
    }
    let period = period_key(span);
    let tx = ctx.act(crate::ledger::roles::Act::Judge).await?;
    let evidence = evidence_checked(&tx, evidence).await?;
    if let Some(k) = tx.store.findings_kept(&tx.org, &period).await?.into_iter().find(|k| k.key == key) {
        not_on_their_own_vouchers(&tx, &k).await?;
    }
    record_disposition(&tx, &period, key, outcome, note, &evidence).await?;
    tx.commit().await
}

/// Evidence of a rectification: written as a voucher number it must be a posted voucher of the
/// books (the money recovered is in the books and on the bank statement), kept as its full
/// number; anything else is a document's number, kept as written.
async fn evidence_checked(tx: &Ctx, evidence: &str) -> Result<String> {
    let evidence = evidence.trim().to_string();
    let no = match crate::ledger::period::Period::expand_voucher_no(&evidence, None) {
        Ok(no) => no,
        // Written as a voucher (记-…) but not one: said, not kept as a document's number.
        Err(why) if evidence.starts_with('记') => {
            return Err(Error::input(format!("整改证据：{why}；或写明整改文件、收据的编号")))
        }
        Err(_) => return Ok(evidence),
    };
    match tx.books().voucher(&no).await? {
        Some(v) if v.status == crate::ledger::voucher::Status::Posted => Ok(v.no.clone()),
        Some(v) => Err(Error::refused(format!(
            "整改证据凭证 {} 尚未记账（{}）：收回的款项须先记账，再记录已整改",
            v.no,
            v.status.label()
        ))),
        None => Err(Error::not_found(format!(
            "整改证据凭证 {no} 不存在；请先为收回的款项录入并记账，或写明整改文件、收据的编号"
        ))),
    }
}

/// The committee judges work it did not do: not a finding on a voucher the member prepared or
/// reviewed.
async fn not_on_their_own_vouchers(tx: &Ctx, k: &Kept) -> Result<()> {
    let b = tx.books();
    for no in &k.finding.vouchers {
        let Some(v) = b.voucher(no).await? else { continue };
        if let Some(did) = v.handled_by(&tx.user) {
            return Err(Error::refused(format!(
                "审计发现 {} 涉及的凭证 {no} 由 {} {did}，不能由本人处理：须由未经手这些凭证的经审委员记录",
                k.key, tx.user
            )));
        }
    }
    Ok(())
}

/// Keep a disposition, in the append-only record too (`verify` holds each disposition to it),
/// signed.
async fn record_disposition(
    tx: &Ctx,
    period: &str,
    key: &str,
    outcome: &str,
    note: &str,
    evidence: &str,
) -> Result<()> {
    if !tx.store.dispose(&tx.org, period, key, outcome, note, evidence, &tx.user).await? {
        return Err(Error::not_found(format!(
            "{period} 没有编号为 {key} 的审计发现；请先运行 gonghui audit（编号见其输出的“编号”列）"
        )));
    }
    let (subject, detail) = crate::books::state::disposition_event(period, key, outcome, note, evidence);
    tx.store.log_event(&tx.org, &tx.user, crate::books::state::DISPOSE_EVENT, &subject, &detail).await?;
    let at = crate::now_text();
    super::acts::sign_act(
        tx,
        "dispose",
        &format!("{period} {key}"),
        &at,
        &[outcome.to_string(), note.to_string(), evidence.to_string()],
    )
    .await
}

/// What a committee member records in the 整改台账 for a finding: fields left out are those of
/// the finding's last record.
#[derive(Debug, Default)]
pub struct Rectify {
    pub responsible: Option<String>,
    pub deadline: Option<chrono::NaiveDate>,
    /// 整改中 (the default), 已整改 or 无法整改.
    pub status: Option<String>,
    pub note: String,
    pub evidence: String,
}

/// `audit rectification --year Y --finding KEY …`: a record of the 整改台账 for a finding the
/// committee accepted as a problem, by a committee member who did not handle its vouchers.
/// 已整改 needs its evidence (and records the disposition 已整改 with it); 无法整改 its reason.
pub async fn rectify(ctx: &Ctx, span: Span, key: &str, r: Rectify) -> Result<rectification::Record> {
    let status = match r.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => rectification::Status::InProgress,
        Some(typed) => rectification::Status::parse(typed)
            .ok_or_else(|| Error::input(format!("整改状态“{typed}”不认识；可用：整改中、已整改、无法整改")))?,
    };
    let (note, evidence) = (r.note.trim().to_string(), r.evidence.trim().to_string());
    match status {
        rectification::Status::Done if evidence.is_empty() => {
            return Err(Error::input(
                "记录“已整改”须写明整改的证据（命令行用 --evidence）：收回款项的记账凭证号（如 记-202603-0002），或整改文件、收据的编号",
            ))
        }
        rectification::Status::Impossible if note.is_empty() => {
            return Err(Error::input("记录“无法整改”须写明无法整改的原因（命令行用 --note）"))
        }
        _ => {}
    }
    let period = period_key(span);
    let tx = ctx.act(crate::ledger::roles::Act::Judge).await?;
    let Some(k) = tx.store.findings_kept(&tx.org, &period).await?.into_iter().find(|k| k.key == key) else {
        return Err(Error::not_found(format!(
            "{period} 没有编号为 {key} 的审计发现；编号见 gonghui audit --year {period} 输出的“编号”列"
        )));
    };
    if !rectification::accepted(&k) {
        let now = k.disposition.as_ref().map_or("未处理", |d| crate::audit::outcome_label(&d.outcome));
        return Err(Error::refused(format!(
            "审计发现 {key}（{}）尚未认定为问题（现为：{now}）：整改台账只登记认定为问题的发现；请先 gonghui audit --year {period} --dispose {key} --as 认定 --note 说明",
            k.finding.title
        )));
    }
    not_on_their_own_vouchers(&tx, &k).await?;
    let last = tx.books().rectification_records().await?.into_iter().rev().find(|x| x.period == period && x.key == key);
    let responsible = r
        .responsible
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| last.as_ref().map(|l| l.responsible.clone()))
        .ok_or_else(|| Error::input("请写明整改责任人（命令行用 --responsible），姓名可附职务"))?;
    let deadline = r
        .deadline
        .or_else(|| last.as_ref().map(|l| l.deadline))
        .ok_or_else(|| Error::input("请写明整改期限（命令行用 --deadline），如 2026-03-31"))?;
    let evidence =
        if status == rectification::Status::Done { evidence_checked(&tx, &evidence).await? } else { evidence };
    let rec = rectification::Record {
        period: period.clone(),
        key: key.to_string(),
        responsible,
        deadline,
        status,
        note: note.clone(),
        evidence: evidence.clone(),
        by: tx.user.clone(),
        at: crate::now_text(),
    };
    tx.store.log_event(&tx.org, &tx.user, rectification::EVENT, &rec.subject(), &rec.detail()).await?;
    super::acts::sign_act(&tx, "rectify", &rec.subject(), &rec.at, &[rec.detail()]).await?;
    // Put right: the finding's disposition says so too, with the same evidence.
    if status == rectification::Status::Done && k.disposition.as_ref().is_none_or(|d| d.outcome != "rectified") {
        let said = if note.is_empty() {
            format!("按整改台账整改完成（责任人 {}）", rec.responsible)
        } else {
            note
        };
        record_disposition(&tx, &period, key, "rectified", &said, &evidence).await?;
    }
    tx.commit().await?;
    Ok(rec)
}

/// `audit opinion --year Y --file F`: a committee member enters the 经审会's opinion on the year
/// as a new version (earlier versions stay). The committee judges work it did not do: a member
/// who prepared or reviewed a voucher of the year cannot enter it.
pub async fn enter_opinion(ctx: &Ctx, year: i32, path: &Path) -> Result<crate::audit::opinion::Opinion> {
    use crate::audit::opinion;
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::read_failed(&shown, &e))?;
    let draft = opinion::parse(&text, &shown)?;
    give_opinion(ctx, year, draft).await
}

/// The committee's opinion on the year, as written (in a file, or the web desk's form) and
/// checked, entered as a new version.
pub async fn give_opinion(
    ctx: &Ctx,
    year: i32,
    draft: crate::audit::opinion::Draft,
) -> Result<crate::audit::opinion::Opinion> {
    use crate::audit::opinion;
    let this_year = crate::today().year();
    if year > this_year {
        return Err(Error::input(format!("{year} 年度尚未开始（今天是 {}），不能出具审查意见", crate::today())));
    }
    let tx = ctx.act(crate::ledger::roles::Act::Judge).await?;
    let span = Span::year(year);
    judges_work_not_their_own(
        &tx,
        span,
        &format!(" {year} 年度"),
        "不能出具本年度的审查意见：须由未经手本年度账务的经审委员录入",
    )
    .await?;
    let o = tx.store.add_opinion(&tx.org, year, &draft, &tx.user).await?;
    // Kept in the append-only record too: `verify` holds each version to the digest here.
    let detail = format!("{}{}{}", o.draft.conclusion.label(), crate::books::state::DIGEST_MARK, o.digest());
    tx.store.log_event(&tx.org, &tx.user, opinion::EVENT, &o.subject(), &detail).await?;
    super::acts::sign_act(&tx, "opinion", &o.subject(), &o.entered_at, &[o.digest()]).await?;
    tx.commit().await?;
    Ok(o)
}

/// The 经审会 judges work it did not do: refused for whoever prepared or reviewed a voucher of
/// `span` (`what` names the span, `then` says what is refused and who may do it).
async fn judges_work_not_their_own(tx: &Ctx, span: Span, what: &str, then: &str) -> Result<()> {
    let f = crate::books::VoucherFilter { from: Some(span.from), to: Some(span.to), ..Default::default() };
    let own: Vec<_> = tx
        .books()
        .voucher_headers(&f)
        .await?
        .into_iter()
        .filter(|h| h.status != crate::ledger::voucher::Status::Void && h.handled_by(&tx.user).is_some())
        .collect();
    match own.first() {
        Some(first) => {
            Err(Error::refused(format!("{} 经手了{what}的 {} 张凭证（如 {}），{then}", tx.user, own.len(), first.no)))
        }
        None => Ok(()),
    }
}

/// `audit departure --chair NAME --from … --to … --file F.toml`: the audit group's record of a
/// departing chair's tenure (group, evaluation, main work, handover, the chair's response) as a
/// new version. Entered by a committee member who neither is the chair nor handled a voucher
/// of the tenure.
pub async fn enter_departure(
    ctx: &Ctx,
    chair: &str,
    span: Span,
    path: &Path,
) -> Result<crate::audit::departure::Record> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::read_failed(&shown, &e))?;
    give_departure(ctx, chair, span, &text, &shown).await
}

/// The audit group's record of a tenure as written (a file, or the web desk's form; `source`
/// names it in messages), checked and entered as a new version.
pub async fn give_departure(
    ctx: &Ctx,
    chair: &str,
    span: Span,
    text: &str,
    source: &str,
) -> Result<crate::audit::departure::Record> {
    use crate::audit::departure;
    let chair = chair.trim();
    if chair.is_empty() {
        return Err(Error::input("须写明离任的工会主席姓名（命令行用 --chair）"));
    }
    departure::parse(text, source)?;
    let tx = ctx.act(crate::ledger::roles::Act::Judge).await?;
    if tx.user == chair {
        return Err(Error::refused(format!(
            "{chair} 是被审计人，不能录入对自己的离任审计记录：须由审计组的经审委员录入"
        )));
    }
    judges_work_not_their_own(
        &tx,
        span,
        &format!("任期内（{}）", span.label()),
        "不能录入这一任期的离任审计记录：须由未经手任期内账务的经审委员录入",
    )
    .await?;
    let r = tx.store.add_departure(&tx.org, chair, span, text, &tx.user).await?;
    let detail = format!("{}{}", crate::books::state::DIGEST_MARK, r.digest());
    tx.store.log_event(&tx.org, &tx.user, departure::EVENT, &r.subject(), &detail).await?;
    super::acts::sign_act(&tx, "departure", &r.subject(), &r.entered_at, &[r.digest()]).await?;
    tx.commit().await?;
    Ok(r)
}
