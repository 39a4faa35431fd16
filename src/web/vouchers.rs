//! 凭证: the list with its filters in the URL and paging; one voucher as the paper form shows it,
//! with the acts the person's roles allow on it (review, post, void, reverse).

use super::page::{self, given, Chrome, WebError, WebResult};
use super::session::Who;
use super::Shared;
use crate::error::Error;
use crate::ledger::period::Period;
use crate::ledger::roles::Act;
use crate::ledger::voucher::Status;
use crate::money::Amount;
use crate::ops;
use crate::report::listings::Search;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

/// Vouchers on one page of the list.
pub const PAGE: usize = 50;

#[derive(Deserialize, Default, Clone)]
pub struct Filters {
    month: Option<String>,
    status: Option<String>,
    account: Option<String>,
    activity: Option<String>,
    text: Option<String>,
    min: Option<String>,
    max: Option<String>,
    page: Option<usize>,
}

pub struct Row {
    pub no: String,
    pub date: String,
    pub summary: String,
    pub amount: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub prepared_by: String,
    pub reviewed_by: String,
}

#[derive(Template)]
#[template(path = "web/vouchers.html")]
struct List {
    chrome: Chrome,
    month: String,
    status: String,
    account: String,
    activity: String,
    text: String,
    min: String,
    max: String,
    error: String,
    rows: Vec<Row>,
    total: usize,
    page: usize,
    pages: usize,
    prev: String,
    next: String,
    statuses: Vec<(&'static str, &'static str)>,
    /// This page's address, to come back to after a batch act.
    back: String,
    may_review: bool,
    may_post: bool,
    done: String,
}

const STATUSES: &[(&str, &str)] = &[
    ("", "全部"),
    ("draft", "草稿"),
    ("reviewed", "已审核"),
    ("posted", "已记账"),
    ("reversed", "已冲销"),
    ("void", "已作废"),
];

fn status_of(code: &str) -> Option<Status> {
    match code {
        "reversed" => Some(Status::Reversed),
        other => Status::stored(other),
    }
}

fn amount(label: &str, v: &Option<String>) -> Result<Option<Amount>, String> {
    given(v).map(|t| Amount::parse(t).map_err(|e| format!("{label}“{t}”不是金额：{e}"))).transpose()
}

/// The filters as a query string (for the paging links), with `page`.
fn query(f: &Filters, page: usize) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("month", &f.month),
        ("status", &f.status),
        ("account", &f.account),
        ("activity", &f.activity),
        ("text", &f.text),
        ("min", &f.min),
        ("max", &f.max),
    ] {
        if let Some(v) = given(v) {
            parts.push(format!("{k}={}", url_encode(v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("?{}", parts.join("&"))
}

pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn list(State(app): State<Shared>, who: Who, Query(f): Query<Filters>) -> WebResult<Response> {
    let p = list_page(&app, &who, f).await?;
    let status = if p.error.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(page::render_with(status, &p))
}

async fn list_page(app: &Shared, who: &Who, f: Filters) -> WebResult<List> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let mut error = Vec::new();
    // Without a month, the latest month with vouchers (a year of 100,000 is not one page); "all"
    // lists every month.
    let month = match given(&f.month) {
        Some("all") | Some("全部") => None,
        Some(t) => match Period::parse(t) {
            Ok(p) => Some(p),
            Err(e) => {
                error.push(e.to_string());
                None
            }
        },
        None => b.last_voucher_period().await?,
    };
    let status = given(&f.status).and_then(status_of);
    let (min, max) = (amount("最小金额", &f.min), amount("最大金额", &f.max));
    let search = Search {
        text: given(&f.text).map(str::to_string),
        account: given(&f.account).map(str::to_string),
        activity: given(&f.activity).map(str::to_string),
        min: min.clone().unwrap_or_else(|e| {
            error.push(e);
            None
        }),
        max: max.clone().unwrap_or_else(|e| {
            error.push(e);
            None
        }),
        ..Default::default()
    };
    // The page asked for (the count first, so that a page past the end shows the last one).
    let asked = Search { month, status, ..search };
    let want = f.page.unwrap_or(1).max(1);
    let (count, mut headers) = b.voucher_page(&asked, ((want - 1) * PAGE) as i64, PAGE as i64).await?;
    let total = count as usize;
    let pages = total.div_ceil(PAGE).max(1);
    let page = want.min(pages);
    if page != want {
        headers = b.voucher_page(&asked, ((page - 1) * PAGE) as i64, PAGE as i64).await?.1;
    }
    let rows = headers
        .iter()
        .map(|h| Row {
            no: h.no.clone(),
            date: h.date.to_string(),
            summary: h.summary.clone(),
            amount: page::money(h.total),
            status: h.status.label(),
            status_code: h.status.code(),
            prepared_by: h.prepared_by.clone(),
            reviewed_by: h.reviewed_by.clone().unwrap_or_default(),
        })
        .collect();
    let text = |v: &Option<String>| given(v).unwrap_or("").to_string();
    let shown_month = match (given(&f.month), month) {
        (Some("all") | Some("全部"), _) => "all".to_string(),
        (_, Some(p)) => p.to_string(),
        (Some(t), None) => t.to_string(),
        (None, None) => String::new(),
    };
    let fixed = Filters { month: Some(shown_month.clone()), page: None, ..f };
    let page_view = List {
        chrome: who.chrome("/vouchers"),
        month: shown_month,
        status: text(&fixed.status),
        account: text(&fixed.account),
        activity: text(&fixed.activity),
        text: text(&fixed.text),
        min: text(&fixed.min),
        max: text(&fixed.max),
        error: error.join("；"),
        rows,
        total,
        page,
        pages,
        prev: if page > 1 { query(&fixed, page - 1) } else { String::new() },
        next: if page < pages { query(&fixed, page + 1) } else { String::new() },
        statuses: STATUSES.to_vec(),
        back: format!("/vouchers{}", query(&fixed, page)),
        may_review: who.may(Act::Review),
        may_post: who.may(Act::Post),
        done: String::new(),
    };
    Ok(page_view)
}

pub struct LineView {
    pub account: String,
    pub name: String,
    pub activity: String,
    pub debit: String,
    pub credit: String,
    pub red: bool,
}

pub struct AttachmentView {
    pub n: i64,
    pub file_name: String,
    pub size: String,
}

#[derive(Template)]
#[template(path = "web/voucher.html")]
struct Show {
    chrome: Chrome,
    no: String,
    date: String,
    summary: String,
    status: &'static str,
    status_code: &'static str,
    attachments: i64,
    source: &'static str,
    prepared_by: String,
    reviewed_by: String,
    posted_by: String,
    void_reason: String,
    reversal: String,
    lines: Vec<LineView>,
    debit: String,
    credit: String,
    files: Vec<AttachmentView>,
    /// The acts offered: (path, button text, needs a reason).
    acts: Vec<(&'static str, &'static str, bool)>,
    /// Whether the draft may be edited and files attached by this person.
    editable: bool,
    attachable: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

async fn voucher_page(app: &Shared, who: &Who, no: &str, done: &str, error: &str) -> WebResult<Show> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let Some(v) = b.voucher(no).await? else {
        return Err(WebError::from(Error::not_found(format!("凭证 {no} 不存在"))));
    };
    let chart = b.chart().await?;
    let activities = b.activity_names().await?;
    let files = ops::attachments::list(&ctx, no).await?;
    let reversal = b.reversal_of(v.id).await?.unwrap_or_default();
    let (mut debit, mut credit) = (Amount::ZERO, Amount::ZERO);
    let lines = v
        .lines
        .iter()
        .map(|l| {
            debit += l.debit;
            credit += l.credit;
            let show = |a: Amount| if a.is_zero() { String::new() } else { page::money(a) };
            LineView {
                account: l.account.clone(),
                name: chart.get(&l.account).map(|a| a.name.clone()).unwrap_or_default(),
                activity: match (l.activity.is_empty(), l.econ.is_empty()) {
                    (true, true) => String::new(),
                    (false, true) => {
                        format!("{} {}", l.activity, activities.get(&l.activity).cloned().unwrap_or_default())
                    }
                    (true, false) => format!("经济分类 {}", l.econ),
                    (false, false) => format!(
                        "{} {}（经济分类 {}）",
                        l.activity,
                        activities.get(&l.activity).cloned().unwrap_or_default(),
                        l.econ
                    ),
                },
                debit: show(l.debit),
                credit: show(l.credit),
                red: l.debit < Amount::ZERO || l.credit < Amount::ZERO,
            }
        })
        .collect();
    let mut acts = Vec::new();
    let preparer = crate::names::same(&v.prepared_by, &who.name);
    match v.status {
        Status::Draft => {
            if who.may(Act::Review) && !preparer {
                acts.push(("review", "审核", false));
            }
            if who.may(Act::Prepare) {
                acts.push(("void", "作废", true));
            }
        }
        Status::Reviewed => {
            if who.may(Act::Post) {
                acts.push(("post", "记账", false));
            }
            if v.reviewed_by.as_deref().is_some_and(|r| crate::names::same(r, &who.name)) {
                acts.push(("unreview", "取消审核", false));
            }
        }
        Status::Posted if who.may(Act::Prepare) && v.reverses.is_none() && reversal.is_empty() => {
            acts.push(("reverse", "红字冲销", false));
        }
        _ => {}
    }
    Ok(Show {
        chrome: who.chrome("/vouchers"),
        no: v.no.clone(),
        date: v.date.to_string(),
        summary: v.summary.clone(),
        status: v.status.label(),
        status_code: v.status.code(),
        attachments: v.attachments,
        source: crate::ledger::voucher::Source::label(&v.source_kind),
        prepared_by: v.prepared_by.clone(),
        reviewed_by: v.reviewed_by.clone().unwrap_or_default(),
        posted_by: v.posted_by.clone().unwrap_or_default(),
        void_reason: v.void_reason.clone(),
        reversal,
        lines,
        debit: page::money(debit),
        credit: page::money(credit),
        files: files
            .into_iter()
            .map(|a| AttachmentView {
                n: a.n,
                file_name: a.file_name,
                size: crate::ledger::attachment::size_text(a.size.max(0) as u64),
            })
            .collect(),
        editable: v.status == Status::Draft && who.may(Act::Prepare),
        attachable: matches!(v.status, Status::Draft | Status::Reviewed) && who.may(Act::Prepare),
        acts,
        done: done.into(),
        error: error.into(),
    })
}

pub async fn show(
    State(app): State<Shared>,
    who: Who,
    Path(no): Path<String>,
    Query(d): Query<Done>,
) -> WebResult<Response> {
    let said = match given(&d.done).unwrap_or("") {
        "review" => "已审核",
        "post" => "已记账",
        "post-warned" => "已记账；记账时有预算提醒，已记录供经审查阅",
        "unreview" => "已取消审核，凭证回到草稿",
        "void" => "已作废（凭证号保留）",
        "reverse" => "已生成红字冲销凭证，待审核、记账",
        "saved" => "已保存",
        "attached" => "已附上单据",
        _ => "",
    };
    let p = voucher_page(&app, &who, &no, said, "").await?;
    Ok(page::render(&p))
}

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// review | post | unreview | void | reverse one voucher; refused with the page shown again and
/// the reason beside the buttons.
pub async fn act(
    State(app): State<Shared>,
    who: Who,
    Path((no, act)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    let needs = match act.as_str() {
        "review" => Act::Review,
        "post" => Act::Post,
        "unreview" => Act::Review,
        "void" | "reverse" => Act::Prepare,
        _ => return Err(WebError::bad_request(format!("未知的操作：{act}"))),
    };
    who.require(needs)?;
    let ctx = who.ctx(&app);
    let nos = [no.clone()];
    let done: Result<(String, &str), Error> = match act.as_str() {
        "review" => ops::vouchers::review(&ctx, &nos).await.map(|_| (no.clone(), "review")),
        "post" => ops::vouchers::post(&ctx, &nos)
            .await
            .map(|p| (no.clone(), if p.warnings.is_empty() { "post" } else { "post-warned" })),
        "unreview" => ops::drafts::unreview(&ctx, &no).await.map(|_| (no.clone(), "unreview")),
        "void" if f.reason.trim().is_empty() => Err(Error::input("请填写作废理由")),
        "void" => ops::drafts::void(&ctx, &no, f.reason.trim()).await.map(|_| (no.clone(), "void")),
        _ => ops::vouchers::reverse(&ctx, &no, None).await.map(|r| (r.no.clone(), "reverse")),
    };
    match done {
        Ok((at, code)) => Ok(Redirect::to(&format!("/vouchers/{}?done={code}", url_encode(&at))).into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            let p = voucher_page(&app, &who, &no, "", &e.to_string()).await?;
            Ok(page::render_with(status, &p))
        }
    }
}

/// Files sent with a form (multipart): (csrf field, files as name and content).
pub async fn uploaded(m: axum::extract::Multipart, field: &str) -> WebResult<(String, Vec<(String, Vec<u8>)>)> {
    let u = super::upload::read(m).await?;
    Ok((u.field("csrf").to_string(), u.files(field)))
}

/// Attach files chosen with the file picker or dropped on the page.
pub async fn attach(
    State(app): State<Shared>,
    who: Who,
    Path(no): Path<String>,
    m: axum::extract::Multipart,
) -> WebResult<Response> {
    let (csrf, files) = uploaded(m, "files").await?;
    who.check_csrf(&csrf)?;
    who.require(Act::Prepare)?;
    match ops::attachments::attach_uploaded(&who.ctx(&app), &no, files).await {
        Ok(_) => Ok(Redirect::to(&format!("/vouchers/{}?done=attached", url_encode(&no))).into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            let p = voucher_page(&app, &who, &no, "", &e.to_string()).await?;
            Ok(page::render_with(status, &p))
        }
    }
}

/// One attachment's content, shown in the page beside the voucher. Only PDFs and images are
/// shown as themselves; anything else (XML, OFD) is sandboxed, so no script in it runs.
pub async fn file(State(app): State<Shared>, who: Who, Path((no, n)): Path<(String, i64)>) -> WebResult<Response> {
    use crate::ledger::attachment::{sniff, Kind};
    let (file_name, bytes) = ops::attachments::content(&who.ctx(&app), &no, n).await?;
    let kind = sniff(&bytes);
    let media_type = kind.map(Kind::media_type).unwrap_or("application/octet-stream");
    let plain = matches!(kind, Some(Kind::Pdf | Kind::Jpeg | Kind::Png));
    let mut r = ([(axum::http::header::CONTENT_TYPE, media_type)], bytes).into_response();
    let h = r.headers_mut();
    let disposition = format!("inline; filename*=UTF-8''{}", url_encode(&file_name));
    if let Ok(v) = axum::http::HeaderValue::from_str(&disposition) {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    h.insert(axum::http::header::X_CONTENT_TYPE_OPTIONS, axum::http::HeaderValue::from_static("nosniff"));
    if !plain {
        h.insert(axum::http::header::CONTENT_SECURITY_POLICY, axum::http::HeaderValue::from_static("sandbox"));
    }
    Ok(r)
}

/// 审核所选 / 记账所选 on the list: the vouchers ticked, all or none.
pub async fn batch(
    State(app): State<Shared>,
    who: Who,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let field = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("");
    who.check_csrf(field("csrf"))?;
    let nos: Vec<String> = fields.iter().filter(|(k, _)| k == "no").map(|(_, v)| v.clone()).collect();
    let back = field("back");
    let back = if back.starts_with("/vouchers") { back.to_string() } else { "/vouchers".to_string() };
    let ctx = who.ctx(&app);
    let done = match field("act") {
        "review" => {
            who.require(Act::Review)?;
            if nos.is_empty() {
                Err(Error::input("请先勾选要审核的凭证"))
            } else {
                ops::vouchers::review(&ctx, &nos).await.map(|n| format!("已审核 {n} 张凭证"))
            }
        }
        "post" => {
            who.require(Act::Post)?;
            if nos.is_empty() {
                Err(Error::input("请先勾选要记账的凭证"))
            } else {
                ops::vouchers::post(&ctx, &nos).await.map(|p| {
                    let warn: Vec<String> = p.warnings.iter().map(|w| w.text()).collect();
                    format!(
                        "已记账 {} 张凭证{}",
                        p.posted,
                        if warn.is_empty() { String::new() } else { format!("；{}", warn.join("；")) }
                    )
                })
            }
        }
        other => return Err(WebError::bad_request(format!("未知的操作：{other}"))),
    };
    // The list it came from, shown again with the outcome.
    let (status, said, error) = match done {
        Ok(s) => (StatusCode::OK, s, String::new()),
        Err(e) => (page::status_of(&e), String::new(), e.to_string()),
    };
    let mut p = list_page(&app, &who, filters_of(&back)).await?;
    p.done = said;
    if !error.is_empty() {
        p.error = error;
    }
    Ok(page::render_with(status, &p))
}

/// The filters of a list's address.
fn filters_of(path: &str) -> Filters {
    let query = path.split_once('?').map(|(_, q)| q).unwrap_or("");
    axum::extract::Query::<Filters>::try_from_uri(&format!("/x?{query}").parse().unwrap_or_default())
        .map(|q| q.0)
        .unwrap_or_default()
}
