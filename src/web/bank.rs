//! 银行: upload a statement, read the dry run line by line, import it (a long file shows how far
//! it has got), then the lines still pending — each with its suggested account, one-click
//! classify, a match to a voucher already typed, or set aside with a reason — and the month's
//! reconciliation: the statement balance, the lines ticked, the difference brought to zero.

use super::page::{self, given, Chrome, WebError, WebResult};
use super::session::Who;
use super::vouchers::{uploaded, url_encode};
use super::Shared;
use crate::error::Error;
use crate::import::reconcile::{self, Statement};
use crate::ledger::period::Period;
use crate::ledger::roles::Act;
use crate::ledger::voucher::Status;
use crate::money::Amount;
use crate::ops;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// An import running on its own: how many lines it has read, and its end.
pub struct Job {
    owner: String,
    read: AtomicU64,
    done: Mutex<Option<Result<ops::bank::Summary, String>>>,
}

/// Where uploaded statements wait between the dry run and the import (one folder per upload,
/// named by a random token, in the system's temporary folder; removed after the import).
fn upload_dir(token: &str) -> Option<std::path::PathBuf> {
    token.chars().all(|c| c.is_ascii_hexdigit()).then(|| std::env::temp_dir().join("gonghui-web-uploads").join(token))
}

/// The file of an upload (its one file).
fn uploaded_file(token: &str) -> Option<std::path::PathBuf> {
    let dir = upload_dir(token)?;
    std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| p.is_file())
}

#[derive(Clone)]
pub struct PendingView {
    pub seq: i64,
    pub date: String,
    pub amount: String,
    pub inflow: bool,
    pub counterparty: String,
    pub summary: String,
    pub account: String,
    pub activity: String,
    /// Vouchers of the same amount near the date, not yet matched: (number, date, summary).
    pub candidates: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "web/bank.html")]
struct BankPage {
    chrome: Chrome,
    account: String,
    may_import: bool,
    may_classify: bool,
    pending: Vec<PendingView>,
    total: usize,
    page: usize,
    pages: usize,
    months: Vec<(String, String)>,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct Said {
    done: Option<String>,
    page: Option<usize>,
}

/// Pending lines on one page.
const PENDING_PAGE: usize = 50;

async fn bank_page(app: &Shared, who: &Who, page_no: usize, done: &str, error: &str) -> WebResult<BankPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let account = b.default_bank_account().await?;
    let (views, total, pages, page_no) =
        app.remembered(&ctx, &format!("pending:{account}:{page_no}"), || pending_page(&b, &account, page_no)).await?;
    let mut months = Vec::new();
    if let (Some(first), Some(last)) = (b.first_voucher_period().await?, b.last_voucher_period().await?) {
        let mut m = last;
        while m >= first && months.len() < 12 {
            months.push((m.to_string(), m.label()));
            m = m.prev();
        }
    }
    Ok(BankPage {
        chrome: who.chrome("/bank"),
        account,
        may_import: who.may(Act::Bank),
        may_classify: who.may(Act::Prepare),
        pending: views,
        total,
        page: page_no,
        pages,
        months,
        done: done.into(),
        error: error.into(),
    })
}

/// One page of the pending lines with their suggestions and the vouchers they might match (one
/// query over the page's dates): (lines, how many in all, pages, the page shown).
async fn pending_page(
    b: &crate::books::Books<'_>,
    account: &str,
    page_no: usize,
) -> crate::error::Result<(Vec<PendingView>, usize, usize, usize)> {
    let all = b.pending_lines(None).await?;
    let total = all.len();
    let pages = total.div_ceil(PENDING_PAGE).max(1);
    let page_no = page_no.clamp(1, pages);
    let shown: Vec<_> = all.into_iter().skip((page_no - 1) * PENDING_PAGE).take(PENDING_PAGE).collect();
    let near = chrono::Duration::days(30);
    let movements = match (shown.iter().map(|l| l.date).min(), shown.iter().map(|l| l.date).max()) {
        (Some(from), Some(to)) => {
            let amounts: Vec<Amount> = shown.iter().map(|l| l.amount).collect();
            b.movements_matching(account, from - near, to + near, &amounts).await?
        }
        _ => Vec::new(),
    };
    let linked = if shown.is_empty() { Default::default() } else { b.linked_vouchers(account).await? };
    let mut views = Vec::new();
    for l in shown {
        let candidates = movements
            .iter()
            .filter(|m| {
                m.amount == l.amount
                    && (m.date - l.date).num_days().abs() <= near.num_days()
                    && m.status != Status::Void
                    && !linked.contains(&m.no)
            })
            .map(|m| (m.no.clone(), m.date.to_string(), m.summary.clone()))
            .take(5)
            .collect();
        let (account, activity) = b.suggestion(&l).await?.unwrap_or_default();
        views.push(PendingView {
            seq: l.seq,
            date: l.date.to_string(),
            amount: page::money(l.amount),
            inflow: l.amount > Amount::ZERO,
            counterparty: l.counterparty,
            summary: l.summary,
            account,
            activity,
            candidates,
        });
    }
    Ok((views, total, pages, page_no))
}

pub async fn page(State(app): State<Shared>, who: Who, Query(s): Query<Said>) -> WebResult<Response> {
    let said = match given(&s.done).unwrap_or("") {
        "classified" => "已生成凭证（草稿，待审核）",
        "matched" => "已与凭证对应",
        "ignored" => "已设为不入账",
        _ => "",
    };
    Ok(page::render(&bank_page(&app, &who, s.page.unwrap_or(1), said, "").await?))
}

#[derive(Template)]
#[template(path = "web/dryrun.html")]
struct DryRunPage {
    chrome: Chrome,
    upload: String,
    file: String,
    layout: String,
    encoding: String,
    account: String,
    imported: usize,
    duplicate: usize,
    skipped: usize,
    lines: Vec<(usize, String, String, bool, String, String, String)>,
}

/// Upload a statement: kept aside, read without writing, every line shown with what would
/// become of it.
pub async fn upload(State(app): State<Shared>, who: Who, m: axum::extract::Multipart) -> WebResult<Response> {
    let (csrf, mut files) = uploaded(m, "file").await?;
    who.check_csrf(&csrf)?;
    who.require(Act::Bank)?;
    let Some((name, bytes)) = files.pop().filter(|(n, b)| !n.is_empty() && !b.is_empty()) else {
        let p = bank_page(&app, &who, 1, "", "请选择对账单文件（CSV、TXT、XLS 或 XLSX）").await?;
        return Ok(page::render_with(StatusCode::UNPROCESSABLE_ENTITY, &p));
    };
    let token = ops::users::random_token();
    let dir = upload_dir(&token).expect("hex token");
    let path = super::upload::write_in(&dir, &name, &bytes, "statement")?;
    let ctx = who.ctx(&app);
    let account = ctx.books().default_bank_account().await?;
    let rules = ops::bank::rules(None)?;
    match ops::bank::import(&ctx, &path, "auto", None, &account, true, &rules, None).await {
        Ok(s) => {
            let lines = s
                .lines
                .iter()
                .map(|l| {
                    (
                        l.line,
                        l.date.map(|d| d.to_string()).unwrap_or_default(),
                        l.amount.map(page::money).unwrap_or_default(),
                        l.amount.is_some_and(|a| a < Amount::ZERO),
                        l.counterparty.clone(),
                        l.summary.clone(),
                        l.what.clone(),
                    )
                })
                .collect();
            Ok(page::render(&DryRunPage {
                chrome: who.chrome("/bank"),
                upload: token,
                file: s.file,
                layout: format!("{}（{}）", s.layout, s.layout_label),
                encoding: s.encoding,
                account: s.account,
                imported: s.imported,
                duplicate: s.duplicate,
                skipped: s.skipped,
                lines,
            }))
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&dir);
            let status = page::status_of(&e);
            // The file by the name it was sent with, not where the desk kept it.
            let said = e.to_string().replace(&format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR), "");
            let p = bank_page(&app, &who, 1, "", &said).await?;
            Ok(page::render_with(status, &p))
        }
    }
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csrf: String,
    upload: String,
}

#[derive(Template)]
#[template(path = "web/import.html")]
struct ImportPage {
    chrome: Chrome,
    progress: Progress,
}

/// How an import stands, as the page polls it.
#[derive(Template)]
#[template(path = "web/progress.html")]
pub struct Progress {
    job: String,
    read: u64,
    finished: bool,
    error: String,
    summary: Vec<String>,
}

fn progress_of(id: &str, job: &Job) -> Progress {
    let done = job.done.lock().expect("not poisoned");
    let (finished, error, summary) = match &*done {
        None => (false, String::new(), Vec::new()),
        Some(Err(e)) => (true, e.clone(), Vec::new()),
        Some(Ok(s)) => {
            let mut out = vec![format!(
                "{}：读取 {} 行，导入 {} 笔，已存在 {} 笔，跳过 {} 行",
                s.file, s.read, s.imported, s.duplicate, s.skipped
            )];
            out.push(format!("收入 {}，支出 {}", s.inflow.grouped(), s.outflow.grouped()));
            if s.matched > 0 {
                out.push(format!("与已录入的凭证对应 {} 笔", s.matched));
            }
            if !s.vouchers.is_empty() {
                out.push(format!("按规则生成草稿凭证 {} 张", s.vouchers.len()));
            }
            out.push(format!("待分类 {} 笔", s.pending));
            (true, String::new(), out)
        }
    };
    Progress { job: id.into(), read: job.read.load(Ordering::Relaxed), finished, error, summary }
}

/// Import the statement read in the dry run. It runs on its own; the page shows how many lines
/// it has read until it ends.
pub async fn import(State(app): State<Shared>, who: Who, Form(f): Form<ImportForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Bank)?;
    let Some(path) = uploaded_file(&f.upload) else {
        return Err(WebError::bad_request("找不到这次上传的文件（可能已导入或服务已重启），请重新上传对账单"));
    };
    let id = ops::users::random_token()[..16].to_string();
    let job = Arc::new(Job { owner: who.name.clone(), read: AtomicU64::new(0), done: Mutex::new(None) });
    app.jobs.lock().expect("not poisoned").insert(id.clone(), job.clone());
    let ctx = who.ctx(&app);
    let app2 = app.clone();
    tokio::spawn(async move {
        let account = match ctx.books().default_bank_account().await {
            Ok(a) => a,
            Err(e) => {
                *job.done.lock().expect("not poisoned") = Some(Err(e.to_string()));
                return;
            }
        };
        let counter = job.clone();
        let progress = move |n: u64| counter.read.store(n, Ordering::Relaxed);
        let result = match ops::bank::rules(None) {
            Ok(rules) => ops::bank::import(&ctx, &path, "auto", None, &account, false, &rules, Some(&progress)).await,
            Err(e) => Err(e),
        };
        crate::ops::files::settle(&app2.store).await;
        if let Some(dir) = path.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Ok(s) = &result {
            job.read.store(s.read as u64, Ordering::Relaxed);
        }
        *job.done.lock().expect("not poisoned") = Some(result.map_err(|e| e.to_string()));
    });
    let job = app.jobs.lock().expect("not poisoned").get(&id).cloned().expect("just added");
    Ok(page::render(&ImportPage { chrome: who.chrome("/bank"), progress: progress_of(&id, &job) }))
}

/// The progress fragment the import page polls.
pub async fn job(State(app): State<Shared>, who: Who, Path(id): Path<String>) -> WebResult<Response> {
    let job = app.jobs.lock().expect("not poisoned").get(&id).cloned();
    let Some(job) = job.filter(|j| j.owner == who.name) else {
        return Err(WebError { status: StatusCode::NOT_FOUND, message: "没有这次导入".into() });
    };
    Ok(page::render(&progress_of(&id, &job)))
}

#[derive(Deserialize)]
pub struct LineForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    account: String,
    #[serde(default)]
    activity: String,
    #[serde(default)]
    voucher: String,
    #[serde(default)]
    reason: String,
}

/// classify | match | ignore one pending line.
pub async fn line(
    State(app): State<Shared>,
    who: Who,
    Path((seq, act)): Path<(i64, String)>,
    Form(f): Form<LineForm>,
) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    let ctx = who.ctx(&app);
    let first = |t: &str| t.split_whitespace().next().unwrap_or("").to_string();
    let done = match act.as_str() {
        "classify" => {
            who.require(Act::Prepare)?;
            let (account, activity) = (first(&f.account), first(&f.activity));
            let account = (!account.is_empty()).then_some(account);
            let activity = (!activity.is_empty()).then_some(activity);
            ops::classify::by_hand(&ctx, seq, account.as_deref(), activity.as_deref(), None).await.map(|_| "classified")
        }
        "match" => {
            who.require(Act::Bank)?;
            let no = first(&f.voucher);
            if no.is_empty() {
                Err(Error::input("请选择或填写要对应的凭证号"))
            } else {
                ops::matching::match_lines(&ctx, &[seq], &[no]).await.map(|_| "matched")
            }
        }
        "ignore" => {
            who.require(Act::Bank)?;
            if f.reason.trim().is_empty() {
                Err(Error::input("请填写不入账的理由"))
            } else {
                ops::matching::ignore(&ctx, seq, f.reason.trim()).await.map(|_| "ignored")
            }
        }
        _ => return Err(WebError::bad_request(format!("未知的操作：{act}"))),
    };
    match done {
        Ok(code) => Ok(Redirect::to(&format!("/bank?done={code}")).into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            let p = bank_page(&app, &who, 1, "", &format!("流水 {seq}：{e}")).await?;
            Ok(page::render_with(status, &p))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct MonthQuery {
    account: Option<String>,
    month: Option<String>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "web/reconcile.html")]
struct ReconcilePage {
    chrome: Chrome,
    account: String,
    month: String,
    month_label: String,
    source: &'static str,
    bank: String,
    book: String,
    adjusted_bank: String,
    adjusted_book: String,
    difference: String,
    agrees: bool,
    /// (heading, items: date, reference, summary, amount)
    groups: Vec<(&'static str, Vec<(String, String, String, String)>, String)>,
    /// The month's statement lines: date, amount, counterparty, summary, voucher (ticked), set aside.
    lines: Vec<(String, String, String, String, String, String)>,
    may_enter: bool,
    done: String,
    error: String,
}

async fn reconcile_page(app: &Shared, who: &Who, q: &MonthQuery, error: &str) -> WebResult<ReconcilePage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let account = match given(&q.account) {
        Some(a) => a.to_string(),
        None => b.default_bank_account().await?,
    };
    let month = match given(&q.month) {
        Some(t) => Period::parse(t)?,
        None => b.last_voucher_period().await?.unwrap_or_else(|| Period::of(crate::today())),
    };
    let r = app.remembered(&ctx, &format!("reconcile:{account}:{month}"), || b.reconciliation(&account, month)).await?;
    let item = |x: &reconcile::Item| (x.0.to_string(), x.1.clone(), x.2.clone(), page::money(x.3.abs()));
    let group = |title, v: &Vec<reconcile::Item>| (title, v.iter().map(item).collect(), page::money(reconcile::sum(v)));
    let groups = vec![
        group("银行已收、本会未收", &r.bank_in_only),
        group("银行已付、本会未付", &r.bank_out_only),
        group("本会已收、银行未收", &r.book_in_only),
        group("本会已付、银行未付", &r.book_out_only),
    ];
    let lines = app
        .remembered(&ctx, &format!("lines:{account}:{month}"), || {
            b.bank_lines(&account, month.first_day(), month.last_day())
        })
        .await?
        .into_iter()
        .map(|l| (l.date.to_string(), page::money(l.amount), l.counterparty, l.summary, l.voucher_no, l.ignored))
        .collect();
    let difference = r.adjusted_bank().map(|a| page::money(a - r.adjusted_book())).unwrap_or_else(|| "—".into());
    Ok(ReconcilePage {
        chrome: who.chrome("/bank"),
        month: month.to_string(),
        month_label: month.label(),
        source: match r.statement {
            Statement::Imported => "导入的对账单",
            Statement::Entered => "登记的对账单余额",
            Statement::Missing => "尚无本月对账单",
        },
        bank: r.bank.map(page::money).unwrap_or_else(|| "—".into()),
        book: page::money(r.book),
        adjusted_bank: r.adjusted_bank().map(page::money).unwrap_or_else(|| "—".into()),
        adjusted_book: page::money(r.adjusted_book()),
        difference,
        agrees: r.balances(),
        groups,
        lines,
        may_enter: who.may(Act::Bank),
        account,
        done: match given(&q.done) {
            Some("statement") => "已登记对账单余额".into(),
            _ => String::new(),
        },
        error: error.into(),
    })
}

pub async fn reconcile(State(app): State<Shared>, who: Who, Query(q): Query<MonthQuery>) -> WebResult<Response> {
    Ok(page::render(&reconcile_page(&app, &who, &q, "").await?))
}

#[derive(Deserialize)]
pub struct StatementForm {
    #[serde(default)]
    csrf: String,
    account: String,
    month: String,
    balance: String,
}

/// Enter the closing balance of a paper or PDF statement.
pub async fn statement(State(app): State<Shared>, who: Who, Form(f): Form<StatementForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Bank)?;
    let q = MonthQuery { account: Some(f.account.clone()), month: Some(f.month.clone()), done: None };
    let done = async {
        let month = Period::parse(f.month.trim())?;
        let balance = Amount::parse(f.balance.trim())
            .map_err(|e| Error::input(format!("对账单余额“{}”不是金额：{e}", f.balance.trim())))?;
        ops::matching::statement(&who.ctx(&app), &f.account, month, balance).await
    }
    .await;
    match done {
        Ok(()) => Ok(Redirect::to(&format!(
            "/bank/reconcile?account={}&month={}&done=statement",
            url_encode(&f.account),
            url_encode(f.month.trim())
        ))
        .into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            Ok(page::render_with(status, &reconcile_page(&app, &who, &q, &e.to_string()).await?))
        }
    }
}
