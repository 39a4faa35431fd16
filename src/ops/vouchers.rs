//! Vouchers: add, import a batch, review, post, reverse. Every request is checked whole before
//! anything is written, and written in one transaction.

use super::budget::{self, Breach};
use super::voucher_file;
use super::{drafts, Ctx, Warning};
use crate::error::{Error, Location, Result};
use crate::ledger::activity::Activity;
use crate::ledger::chart::ChartView;
use crate::ledger::dates::OpenRange;
use crate::ledger::period::Period;
use crate::ledger::voucher::{validate, Header, Invalid, Line, NewVoucher, Source, Status, Voucher};
use crate::money::Amount;
use crate::store::PostTarget;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// A voucher saved: its number and status (what `voucher add --format json` prints), and what
/// the user should be told besides.
#[derive(Debug, Serialize)]
pub struct Saved {
    pub no: String,
    pub status: Status,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
    /// Statement lines (sequence numbers) the voucher was matched to as it was saved.
    #[serde(skip)]
    pub matched: Vec<i64>,
}

/// Vouchers saved from a file (or a batch).
#[derive(Debug, Serialize)]
pub struct Imported {
    pub imported: usize,
    pub vouchers: Vec<String>,
    #[serde(skip)]
    pub posted: bool,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// A reversal made.
#[derive(Debug, Serialize)]
pub struct Reversal {
    pub no: String,
    pub status: Status,
    pub reverses: String,
}

/// The chart and activities of the organisation, its closed months and the dates it takes, for
/// validation.
pub struct Rules {
    pub chart: ChartView,
    pub activities: BTreeMap<String, Activity>,
    pub closed: Vec<Period>,
    pub range: OpenRange,
}

pub async fn rules(ctx: &Ctx) -> Result<Rules> {
    let b = ctx.books();
    Ok(Rules {
        chart: b.chart().await?,
        activities: b.activities().await?.into_iter().map(|a| (a.code.clone(), a)).collect(),
        closed: b.closed_periods().await?,
        range: b.open_range().await?,
    })
}

impl Rules {
    /// Refuse a date in a closed month.
    pub fn check_open(&self, date: NaiveDate) -> std::result::Result<(), String> {
        let p = Period::of(date);
        if self.closed.contains(&p) {
            return Err(format!(
                "凭证日期 {date} 所在的 {} 已结账，不能再记入；请把凭证日期改到未结账的月份（更正以前月份的错误用红字冲销）",
                p.label()
            ));
        }
        Ok(())
    }

    pub fn check(&self, v: &NewVoucher) -> std::result::Result<(), Invalid> {
        let opening = matches!(v.source, Source::Opening { .. });
        self.range.check(v.date, opening).map_err(|reason| Invalid { line: None, reason })?;
        self.check_open(v.date).map_err(|reason| Invalid { line: None, reason })?;
        validate(v, &self.chart, &self.activities)
    }
}

/// What `--post` means for a new voucher: only a union that waives separate review may post
/// what it has just prepared.
async fn may_post(ctx: &Ctx, post: bool) -> Result<()> {
    if post && !ctx.review_waived().await? {
        return Err(Error::refused(
            "本会未设置免除单独审核，凭证须由另一人审核后才能记账：去掉 --post，由审核人运行 gonghui voucher review；\
             一人工会可经委员会决定后运行 gonghui settings review_waiver on --reason \"…\"",
        ));
    }
    Ok(())
}

fn target(ctx: &Ctx, post: bool) -> PostTarget<'_> {
    if post {
        PostTarget::Posted { reviewer: &ctx.user, waived: true, poster: &ctx.user }
    } else {
        PostTarget::Draft
    }
}

/// `voucher add`: one voucher from flags.
pub async fn add(ctx: &Ctx, v: NewVoucher, post: bool) -> Result<Saved> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let rules = rules(&tx).await?;
    rules.check(&v).map_err(|e| {
        let where_ = match e.line {
            Some(i) => format!(
                "第 {} 个分录（{}{}）",
                i + 1,
                if v.lines[i].debit.is_zero() { "--cr " } else { "--dr " },
                v.lines[i].account
            ),
            None => "凭证".to_string(),
        };
        Error::input(format!("{where_}：{}，未保存", e.reason))
    })?;
    may_post(&tx, post).await?;
    let doubles = drafts::duplicates(&tx, std::slice::from_ref(&v), None).await?;
    let (tx, breaches) = if post { guard(tx, std::slice::from_ref(&v)).await? } else { (tx, Vec::new()) };
    let ids = tx.store.insert_vouchers(&tx.org, std::slice::from_ref(&v), &tx.user, target(&tx, post)).await?;
    super::acts::sign_vouchers(&tx, &[ids[0].0], post, post).await?;
    let mut warnings = record_posted(&tx, &ids, breaches).await?;
    warnings.extend(drafts::duplicate_warnings(doubles, &ids));
    // Typed after its statement line came in: match it now (a line made into a voucher by
    // classification is linked by whoever classified it).
    let typed = matches!(v.source, Source::Manual | Source::PriorYear | Source::Generated(_));
    let matched = if typed { super::matching::auto_match(&tx, &ids[0].1, &v.lines, v.date).await? } else { Vec::new() };
    let how = if post { "录入并直接记账（免除单独审核）" } else { "录入草稿" };
    tx.store.log_event(&tx.org, &tx.user, "voucher_add", &ids[0].1, &format!("{how}：{}", v.summary)).await?;
    tx.commit().await?;
    let status = if post { Status::Posted } else { Status::Draft };
    Ok(Saved { no: ids[0].1.clone(), status, warnings, matched })
}

/// The budget check of new vouchers about to be posted (labelled by their order until they
/// have numbers); in strict mode the attempt is recorded and refused.
async fn guard(tx: Ctx, vs: &[NewVoucher]) -> Result<(Ctx, Vec<(String, Breach)>)> {
    let items: Vec<(String, NaiveDate, &[Line])> =
        vs.iter().enumerate().map(|(i, v)| (format!("#{i}"), v.date, v.lines.as_slice())).collect();
    let breaches = budget::check_posting(&tx, &items).await?;
    let tx = refuse_if_strict(tx, &breaches).await?;
    Ok((tx, breaches))
}

/// In strict budget control, breaches refuse the posting: the refusal itself is recorded (and
/// kept), nothing else of the request.
async fn refuse_if_strict(tx: Ctx, breaches: &[(String, Breach)]) -> Result<Ctx> {
    if breaches.is_empty() || !budget::strict(&tx).await? {
        return Ok(tx);
    }
    budget::record(&tx, breaches, true).await?;
    tx.commit().await?;
    Err(budget::refusal(breaches))
}

/// Record the breaches of vouchers just posted, under their numbers; they become warnings.
async fn record_posted(tx: &Ctx, ids: &[(i64, String)], breaches: Vec<(String, Breach)>) -> Result<Vec<Warning>> {
    let named: Vec<(String, Breach)> = breaches
        .into_iter()
        .map(|(label, b)| match label.strip_prefix('#').and_then(|i| i.parse::<usize>().ok()) {
            Some(i) => (ids.get(i).map(|x| x.1.clone()).unwrap_or(label), b),
            None => (label, b),
        })
        .collect();
    budget::record(tx, &named, false).await?;
    Ok(named.into_iter().map(|(voucher, b)| Warning::Budget { voucher, message: b.message() }).collect())
}

/// Validate and store a batch (import, benchmark, demo): all or nothing.
pub async fn add_batch(ctx: &Ctx, vs: &[NewVoucher], target: PostTarget<'_>) -> Result<Vec<(i64, String)>> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let rules = rules(&tx).await?;
    for (i, v) in vs.iter().enumerate() {
        rules.check(v).map_err(|e| {
            Error::input(format!("第 {} 张凭证（{}，{}）：{}，全部未保存", i + 1, v.date, v.summary, e.reason))
        })?;
    }
    let ids = tx.store.insert_vouchers(&tx.org, vs, &tx.user, target).await?;
    let posted = !matches!(target, PostTarget::Draft);
    super::acts::sign_vouchers(&tx, &ids.iter().map(|x| x.0).collect::<Vec<_>>(), posted, posted).await?;
    let nos: Vec<&str> = ids.iter().map(|(_, n)| n.as_str()).collect();
    let how = if matches!(target, PostTarget::Draft) { "录入草稿" } else { "录入并记账" };
    tx.store.log_event(&tx.org, &tx.user, "voucher_add", &super::numbers_text(&nos), how).await?;
    tx.commit().await?;
    Ok(ids)
}

/// A file with more errors than this is not read further (they are likely one mistake repeated).
const MAX_ERRORS: usize = 1000;

/// Vouchers per step of an import: each step is checked, guarded and stored while the file's next
/// vouchers are read, all in the import's one transaction.
const IMPORT_CHUNK: usize = 10_000;

/// What the reading of a voucher file hands to the import: first what the first pass learnt,
/// then the vouchers a chunk at a time, checked, with the duplicates found among them.
enum Read {
    Outline { vouchers: usize, dates: Option<(NaiveDate, NaiveDate)> },
    Chunk(Vec<NewVoucher>, Vec<(usize, String)>),
}

/// What the reader checks each voucher against, sent once the import has read it from the books.
type Checks = (Rules, drafts::Doubles);

/// Read the file on a thread of its own, sending what it reads to `out` until `out` is closed;
/// each voucher is checked there (the rules, the duplicates), so that the checks of one chunk run
/// while the one before is stored. An error is sent as the last message.
fn read_in_chunks(
    path: &Path,
    encoding: Option<&str>,
    checks: tokio::sync::oneshot::Receiver<Checks>,
    out: &tokio::sync::mpsc::Sender<Result<Read>>,
) {
    let shown = path.display().to_string();
    let run = || -> Result<()> {
        let mut o = voucher_file::outline(path, encoding)?;
        if out.blocking_send(Ok(Read::Outline { vouchers: o.vouchers, dates: o.dates })).is_err() {
            return Ok(());
        }
        // The import stopped before it could say what to check against.
        let Ok((rules, mut doubles)) = checks.blocking_recv() else { return Ok(()) };
        let mut chunk: Vec<NewVoucher> = Vec::with_capacity(IMPORT_CHUNK);
        let mut send = |chunk: Vec<NewVoucher>| {
            let found = doubles.check(&chunk);
            out.blocking_send(Ok(Read::Chunk(chunk, found))).is_ok()
        };
        let mut closed = false;
        // Every error of the file is found and said at once; once there is one, nothing more is
        // sent to be stored (and the import, told of them at the end, stores nothing).
        let mut errors = std::mem::take(&mut o.errors);
        o.each_voucher(path, encoding, &mut |fv| {
            let fv = match fv {
                Ok(fv) => fv,
                Err(e) => {
                    errors.push(e);
                    return Ok(errors.len() <= MAX_ERRORS);
                }
            };
            if let Err(e) = rules.check(&fv.voucher) {
                let line = e.line.map(|i| fv.lines[i]).unwrap_or(fv.lines[0]);
                let at = Location { file: shown.clone(), line: Some(line), column: None };
                errors.push(Error::invalid_at(
                    at,
                    format!("{shown} 第 {line} 行（{}，{}）：{}", fv.voucher.date, fv.voucher.summary, e.reason),
                ));
                return Ok(errors.len() <= MAX_ERRORS);
            }
            if !errors.is_empty() {
                return Ok(true);
            }
            chunk.push(fv.voucher);
            if chunk.len() == IMPORT_CHUNK && !send(std::mem::take(&mut chunk)) {
                closed = true;
                return Ok(false);
            }
            Ok(true)
        })?;
        if !errors.is_empty() {
            return Err(voucher_file::all_errors(&shown, errors));
        }
        if !closed && !chunk.is_empty() {
            send(chunk);
        }
        Ok(())
    };
    if let Err(e) = run() {
        let _ = out.blocking_send(Err(e));
    }
}

/// The SHA-256 of a file's bytes, read in pieces.
fn file_digest(path: &Path) -> Result<String> {
    use sha2::Digest;
    let failed = |e: std::io::Error| crate::error::read_failed(&path.display().to_string(), &e);
    let mut f = std::fs::File::open(path).map_err(failed)?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 << 10];
    loop {
        let n = std::io::Read::read(&mut f, &mut buf).map_err(failed)?;
        if n == 0 {
            return Ok(hex::encode(h.finalize()));
        }
        h.update(&buf[..n]);
    }
}

/// `voucher import`: read, check every voucher, store all or none. A file imported before is
/// refused, unless `again` gives the reason to import it once more (recorded). The file is read
/// twice and never held: a chunk of vouchers is checked and stored while the next is read.
pub async fn import(
    ctx: &Ctx,
    path: &Path,
    encoding: Option<&str>,
    post: bool,
    again: Option<&str>,
) -> Result<Imported> {
    let fingerprint = file_digest(path)?;
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let (out, mut reads) = tokio::sync::mpsc::channel::<Result<Read>>(2);
    let (send_checks, checks) = tokio::sync::oneshot::channel::<Checks>();
    {
        let (path, encoding) = (path.to_path_buf(), encoding.map(str::to_string));
        tokio::task::spawn_blocking(move || read_in_chunks(&path, encoding.as_deref(), checks, &out));
    }
    let Some(Read::Outline { vouchers, dates }) = reads.recv().await.transpose()? else {
        return Err(Error::database("内部错误：凭证文件读取中断"));
    };
    let Some((from, to)) = dates.filter(|_| vouchers > 0) else {
        return Err(Error::input(format!("{} 中没有凭证行", path.display())));
    };
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let reason = match (tx.store.voucher_file(&tx.org, &fingerprint).await?, again) {
        (Some(before), None) => {
            return Err(Error::conflict(format!(
                "{} 与 {} 于 {} 导入的文件“{}”内容完全相同（{} 张凭证），整个文件未导入；\
                 如确需再次导入，请加 --again --reason \"理由\"",
                path.display(),
                before.imported_by,
                crate::shown_date(&before.imported_at),
                before.file_name,
                before.vouchers
            )))
        }
        (_, Some(r)) if r.trim().is_empty() => {
            return Err(Error::input("再次导入同一文件须写明理由：--again --reason \"理由\""))
        }
        (_, r) => r.unwrap_or("").trim().to_string(),
    };
    let rules = rules(&tx).await?;
    may_post(&tx, post).await?;
    let strict = post && budget::strict(&tx).await?;
    let doubles = drafts::Doubles::load(&tx, from, to, None).await?;
    if send_checks.send((rules, doubles)).is_err() {
        return Err(Error::database("内部错误：凭证文件读取中断"));
    }
    let mut numbers: Vec<String> = Vec::with_capacity(vouchers);
    let mut warnings = Vec::new();
    while let Some(read) = reads.recv().await {
        let Read::Chunk(vs, found) = read? else { continue };
        // Budget control over the vouchers stored so far in this transaction and this chunk.
        let breaches = if post {
            let items: Vec<(String, NaiveDate, &[Line])> =
                vs.iter().enumerate().map(|(i, v)| (format!("#{i}"), v.date, v.lines.as_slice())).collect();
            budget::check_posting(&tx, &items).await?
        } else {
            Vec::new()
        };
        if strict && !breaches.is_empty() {
            // Nothing of the file is kept; the refusal is.
            drop(tx);
            let offset = numbers.len();
            let named: Vec<(String, Breach)> = breaches
                .into_iter()
                .map(|(label, b)| match label.strip_prefix('#').and_then(|i| i.parse::<usize>().ok()) {
                    Some(i) => (format!("第 {} 张", offset + i + 1), b),
                    None => (label, b),
                })
                .collect();
            let refusal = ctx.begin().await?;
            budget::record(&refusal, &named, true).await?;
            refusal.commit().await?;
            return Err(budget::refusal(&named));
        }
        let ids = tx.store.insert_vouchers(&tx.org, &vs, &tx.user, target(&tx, post)).await?;
        super::acts::sign_vouchers(&tx, &ids.iter().map(|x| x.0).collect::<Vec<_>>(), post, post).await?;
        warnings.extend(record_posted(&tx, &ids, breaches).await?);
        warnings.extend(drafts::duplicate_warnings(found, &ids));
        numbers.extend(ids.into_iter().map(|(_, no)| no));
    }
    tx.store.record_voucher_file(&tx.org, &fingerprint, &file_name, numbers.len() as i64, &tx.user, &reason).await?;
    if !reason.is_empty() {
        tx.store.log_event(&tx.org, &tx.user, "voucher_import_again", &file_name, &reason).await?;
    }
    let how = if post { "导入并记账（免除单独审核）" } else { "导入草稿" };
    let detail = format!("{how} {} 张：{}", numbers.len(), super::numbers_text(&numbers));
    tx.store.log_event(&tx.org, &tx.user, "voucher_import", &file_name, &detail).await?;
    tx.commit().await?;
    Ok(Imported { imported: numbers.len(), vouchers: numbers, posted: post, warnings })
}

/// Find vouchers by number, with their lines (one query per month and chunk), refusing the whole
/// list if any number is unknown.
async fn find(ctx: &Ctx, nos: &[String]) -> Result<Vec<Voucher>> {
    let mut seen = std::collections::HashSet::new();
    let nos: Vec<String> = nos.iter().filter(|n| seen.insert(n.trim().to_string())).cloned().collect();
    let found = ctx.store.vouchers_by_numbers(&ctx.org, &nos).await?;
    let unknown: Vec<&str> = nos.iter().zip(&found).filter(|(_, h)| h.is_none()).map(|(n, _)| n.as_str()).collect();
    if !unknown.is_empty() {
        let shown = if unknown.len() > 5 {
            format!("{} 等 {} 个", unknown[..5].join("、"), unknown.len())
        } else {
            unknown.join("、")
        };
        return Err(Error::not_found(format!("凭证 {shown} 不存在，整批未处理（gonghui voucher list 列出凭证）")));
    }
    Ok(found.into_iter().flatten().collect())
}

/// The drafts `nos`, checked as a review checks them (drafts only; the reviewer is not the
/// preparer unless the review is waived); and whether the reviewer prepared any (waiver).
async fn reviewable(tx: &Ctx, nos: &[String]) -> Result<(Vec<Voucher>, bool)> {
    let vs = find(tx, nos).await?;
    let waiver = tx.review_waived().await?;
    let mut same_person = false;
    for h in vs.iter().map(|v| &v.header) {
        if h.status != Status::Draft {
            return Err(Error::refused(format!("凭证 {} 状态为“{}”，只有草稿可以审核", h.no, h.status.label())));
        }
        if crate::names::same(&h.prepared_by, &tx.user) {
            if !waiver {
                return Err(Error::refused(format!(
                    "凭证 {} 由 {} 制单，审核须由另一人进行（用 --user 指定审核人）",
                    h.no, h.prepared_by
                )));
            }
            same_person = true;
        }
    }
    Ok((vs, same_person))
}

pub use crate::ledger::voucher::ReviewPreview;

/// `voucher review --month/--all` before it reviews: the same checks, nothing written.
pub async fn preview_review(ctx: &Ctx, nos: &[String]) -> Result<ReviewPreview> {
    let tx = ctx.act(crate::ledger::roles::Act::Review).await?;
    let (vs, _) = reviewable(&tx, nos).await?;
    let items: Vec<(String, NaiveDate, &[Line])> =
        vs.iter().map(|v| (v.header.no.clone(), v.header.date, v.lines.as_slice())).collect();
    let budget =
        budget::check_posting(&tx, &items).await?.into_iter().map(|(no, b)| format!("{no}：{}", b.message())).collect();
    drop(items);
    let spending = vs.iter().map(|v| crate::ledger::voucher::spending(&v.lines)).sum();
    let vouchers: Vec<(Header, Amount)> =
        vs.into_iter().map(|v| (v.lines.iter().map(|l| l.debit).sum(), v.header)).map(|(a, h)| (h, a)).collect();
    // Nothing was written: the transaction ends without a commit.
    Ok(ReviewPreview { total: vouchers.iter().map(|(_, a)| *a).sum(), spending, budget, vouchers })
}

/// `voucher review`: the reviewer must be someone other than the preparer, unless waived.
/// Returns how many were reviewed.
pub async fn review(ctx: &Ctx, nos: &[String]) -> Result<usize> {
    let tx = ctx.act(crate::ledger::roles::Act::Review).await?;
    let (vs, same_person) = reviewable(&tx, nos).await?;
    let hs: Vec<Header> = vs.into_iter().map(|v| v.header).collect();
    let ids: Vec<i64> = hs.iter().map(|h| h.id).collect();
    let n = tx.store.mark_reviewed(&tx.org, &ids, &tx.user, same_person).await?;
    super::acts::sign_vouchers(&tx, &ids, true, false).await?;
    let nos: Vec<&str> = hs.iter().map(|h| h.no.as_str()).collect();
    tx.store.log_event(&tx.org, &tx.user, "voucher_review", &super::numbers_text(&nos), "").await?;
    if same_person {
        let list = hs.iter().map(|h| h.no.as_str()).collect::<Vec<_>>().join(",");
        tx.store.log_event(&tx.org, &tx.user, "review_waived", &list, "制单人自行审核（已设置免除单独审核）").await?;
    }
    tx.commit().await?;
    Ok(n as usize)
}

/// What posting did: how many vouchers, and the budget warnings recorded.
#[derive(Debug, Serialize)]
pub struct Posted {
    pub posted: usize,
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// `voucher post`: reviewed vouchers into the books, in number order.
pub async fn post(ctx: &Ctx, nos: &[String]) -> Result<Posted> {
    let tx = ctx.act(crate::ledger::roles::Act::Post).await?;
    if tx.books().setting(super::setup::POST_ROLE).await?.as_deref() == Some("review") {
        use crate::ledger::roles::Role;
        let held = tx.roles().await?;
        if !held.contains(&Role::Reviewer) && !held.contains(&Role::Chief) {
            return Err(Error::refused(format!(
                "本会设置为只有审核或会计主管可以记账（post_role = review），{} 不能记账",
                tx.user
            )));
        }
    }
    let mut vs = find(&tx, nos).await?;
    let rules = rules(&tx).await?;
    vs.sort_by_key(|v| (v.header.period, v.header.id));
    for h in vs.iter().map(|v| &v.header) {
        if h.status != Status::Reviewed {
            let hint =
                if h.status == Status::Draft { "，请先由另一人审核（gonghui voucher review）" } else { "" };
            return Err(Error::refused(format!("凭证 {} 状态为“{}”，不能记账{hint}", h.no, h.status.label())));
        }
        rules.check_open(h.date).map_err(|m| Error::refused(format!("凭证 {}：{m}", h.no)))?;
    }
    let items: Vec<(String, NaiveDate, &[Line])> =
        vs.iter().map(|v| (v.header.no.clone(), v.header.date, v.lines.as_slice())).collect();
    let breaches = budget::check_posting(&tx, &items).await?;
    drop(items);
    let ids: Vec<i64> = vs.iter().map(|v| v.header.id).collect();
    let (hs, lines): (Vec<Header>, std::collections::HashMap<i64, Vec<Line>>) =
        vs.into_iter().map(|v| ((v.header.id, v.lines), v.header)).map(|(l, h)| (h, l)).unzip();
    let tx = refuse_if_strict(tx, &breaches).await?;
    tx.store.post_reviewed(&tx.org, &hs, &lines, &tx.user).await?;
    super::acts::sign_vouchers(&tx, &ids, false, true).await?;
    // A reversal posted undoes what its voucher did in the asset register.
    for original in hs.iter().filter_map(|h| h.reverses) {
        tx.store.release_reversed_asset_voucher(&tx.org, original).await?;
    }
    tx.store.fault("post:event")?;
    let warnings = record_posted(&tx, &[], breaches).await?;
    let nos: Vec<&str> = hs.iter().map(|h| h.no.as_str()).collect();
    tx.store.log_event(&tx.org, &tx.user, "voucher_post", &super::numbers_text(&nos), "").await?;
    tx.commit().await?;
    Ok(Posted { posted: ids.len(), warnings })
}

/// `voucher reverse`: a red-ink voucher with the same lines and negative amounts.
pub async fn reverse(ctx: &Ctx, no: &str, date: Option<NaiveDate>) -> Result<Reversal> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let b = tx.books();
    let v = b.voucher(no).await?.ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在")))?;
    match v.status {
        Status::Posted => {}
        Status::Reversed => return Err(Error::conflict(format!("凭证 {no} 已被冲销"))),
        _ => return Err(Error::refused(format!("凭证 {no} 尚未记账，草稿或已审核凭证不需冲销，可直接作废重做"))),
    }
    if v.reverses.is_some() {
        return Err(Error::refused(format!("凭证 {no} 本身是冲销凭证，不能再冲销")));
    }
    if let Some(other) = b.reversal_of(v.id).await? {
        return Err(Error::conflict(format!("凭证 {no} 已有冲销凭证 {other}")));
    }
    let rules = rules(&tx).await?;
    let date = match date {
        Some(d) => d,
        None if rules.check_open(v.date).is_ok() => v.date,
        None => {
            return Err(Error::refused("原凭证所在月份已结账，请用 --date 指定冲销凭证的日期（未结账月份）"));
        }
    };
    let nv = NewVoucher {
        date,
        summary: format!("冲销{}：{}", v.no, v.summary),
        attachments: 0,
        lines: v.lines.iter().map(Line::red).collect(),
        source: Source::Reversal,
        decision_ref: String::new(),
        reverses: Some(v.id),
    };
    rules.check(&nv).map_err(|e| Error::refused(format!("冲销凭证：{}", e.reason)))?;
    let ids = match tx.store.insert_vouchers(&tx.org, &[nv], &tx.user, PostTarget::Draft).await {
        Err(e) if e.kind == crate::error::Kind::Conflict => {
            return Err(Error::conflict(format!(
                "凭证 {no} 已有冲销凭证（可能有人刚刚冲销）；gonghui voucher show {no} 查看"
            )))
        }
        r => r?,
    };
    tx.store.log_event(&tx.org, &tx.user, "voucher_reverse", no, &format!("红字冲销凭证 {}（草稿）", ids[0].1)).await?;
    tx.commit().await?;
    Ok(Reversal { no: ids[0].1.clone(), status: Status::Draft, reverses: no.to_string() })
}
