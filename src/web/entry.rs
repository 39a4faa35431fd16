//! The voucher form (新凭证 and 修改草稿): a grid like the paper 记账凭证 — 摘要, 会计科目,
//! 活动, 借方, 贷方, and the 经济分类 a spending line may carry — with account and activity search by code, name or pinyin initials, live
//! totals and the balance check (desk.js), each mistake said beside its cell, and a refused form
//! shown again with what was typed.

use super::page::{self, Chrome, WebError, WebResult};
use super::session::Who;
use super::vouchers::url_encode;
use super::Shared;
use crate::ledger::roles::Act;
use crate::ledger::voucher::{Line, NewVoucher, Source, Status};
use crate::money::Amount;
use crate::ops;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

/// Rows the form starts with.
const ROWS: usize = 4;

#[derive(Clone, Default)]
pub struct EntryLine {
    pub account: String,
    pub activity: String,
    pub debit: String,
    pub credit: String,
    /// 经济分类 of a spending line, as typed (may be empty).
    pub econ: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "web/entry.html")]
struct EntryPage {
    chrome: Chrome,
    /// The draft edited, or empty for a new voucher.
    no: String,
    date: String,
    summary: String,
    attachments: String,
    date_error: String,
    summary_error: String,
    lines: Vec<EntryLine>,
    error: String,
    saved: String,
}

impl EntryPage {
    fn new(who: &Who, no: &str) -> EntryPage {
        EntryPage {
            chrome: who.chrome(if no.is_empty() { "/vouchers/new" } else { "/vouchers" }),
            no: no.into(),
            date: crate::today().to_string(),
            summary: String::new(),
            attachments: "0".into(),
            date_error: String::new(),
            summary_error: String::new(),
            lines: vec![EntryLine::default(); ROWS],
            error: String::new(),
            saved: String::new(),
        }
    }

    /// The form as posted (every field kept as typed).
    fn posted(who: &Who, no: &str, fields: &[(String, String)]) -> EntryPage {
        let mut p = EntryPage::new(who, no);
        p.lines.clear();
        let mut line: Option<EntryLine> = None;
        for (k, v) in fields {
            match k.as_str() {
                "date" => p.date = v.clone(),
                "summary" => p.summary = v.clone(),
                "attachments" => p.attachments = v.clone(),
                // Each row begins with its account cell.
                "account" => {
                    p.lines.extend(line.take());
                    line = Some(EntryLine { account: v.clone(), ..Default::default() });
                }
                "activity" => line.get_or_insert_with(Default::default).activity = v.clone(),
                "debit" => line.get_or_insert_with(Default::default).debit = v.clone(),
                "credit" => line.get_or_insert_with(Default::default).credit = v.clone(),
                "econ" => line.get_or_insert_with(Default::default).econ = v.clone(),
                _ => {}
            }
        }
        p.lines.extend(line);
        while p.lines.len() < 2 {
            p.lines.push(EntryLine::default());
        }
        p
    }

    /// The voucher the form describes, or None with each mistake beside its field.
    fn voucher(&mut self) -> Option<NewVoucher> {
        let date = crate::ledger::period::parse_date(self.date.trim());
        if date.is_none() {
            self.date_error = format!("日期“{}”应写作 2025-03-08 或 2025年3月8日", self.date.trim());
        }
        let summary = self.summary.trim().to_string();
        if summary.is_empty() {
            self.summary_error = "请填写摘要".into();
        }
        let attachments = self.attachments.trim().parse::<i64>().ok().filter(|n| *n >= 0);
        if attachments.is_none() {
            self.summary_error = format!("附单据张数“{}”应为 0 或正整数", self.attachments.trim());
        }
        let mut lines = Vec::new();
        for l in &mut self.lines {
            let code = first_word(&l.account);
            let activity = first_word(&l.activity);
            let (d, c) = (l.debit.trim(), l.credit.trim());
            if code.is_empty() && d.is_empty() && c.is_empty() {
                continue;
            }
            let amount = |t: &str, side: &str| -> Result<Amount, String> {
                if t.is_empty() {
                    return Ok(Amount::ZERO);
                }
                Amount::parse(t).map_err(|e| format!("{side}“{t}”不是金额：{e}"))
            };
            match (amount(d, "借方金额"), amount(c, "贷方金额")) {
                (Err(e), _) | (_, Err(e)) => l.error = e,
                _ if code.is_empty() => l.error = "请填写会计科目（编码、名称或拼音首字母）".into(),
                (Ok(d), Ok(c)) if d.is_zero() && c.is_zero() => l.error = "请填写借方或贷方金额".into(),
                (Ok(d), Ok(c)) if !d.is_zero() && !c.is_zero() => l.error = "一行只填借方或贷方之一".into(),
                (Ok(debit), Ok(credit)) => lines.push(Line {
                    account: code.to_string(),
                    activity: activity.to_string(),
                    debit,
                    credit,
                    econ: first_word(&l.econ).to_string(),
                }),
            }
        }
        if lines.len() < 2 && self.lines.iter().all(|l| l.error.is_empty()) {
            self.error = "凭证至少要有一借一贷两行分录".into();
        }
        let clean = self.date_error.is_empty()
            && self.summary_error.is_empty()
            && self.error.is_empty()
            && self.lines.iter().all(|l| l.error.is_empty());
        if !clean {
            return None;
        }
        Some(NewVoucher {
            date: date?,
            summary,
            attachments: attachments?,
            lines,
            source: Source::Manual,
            decision_ref: String::new(),
            reverses: None,
        })
    }

    /// A refusal of the use case said beside the lines it names (by account code), else above them.
    fn refused(&mut self, message: String) {
        let mut placed = false;
        for l in &mut self.lines {
            let code = first_word(&l.account);
            if !code.is_empty() && message.contains(code) {
                l.error = message.clone();
                placed = true;
            }
        }
        if !placed {
            self.error = message;
        }
    }
}

/// "50105 会员活动支出" as picked from the search: its code.
fn first_word(cell: &str) -> &str {
    cell.split_whitespace().next().unwrap_or("")
}

#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

pub async fn new_form(who: Who, Query(s): Query<Saved>) -> WebResult<Response> {
    who.require(Act::Prepare)?;
    let mut p = EntryPage::new(&who, "");
    p.saved = s.saved.unwrap_or_default();
    Ok(page::render(&p))
}

pub async fn edit_form(State(app): State<Shared>, who: Who, Path(no): Path<String>) -> WebResult<Response> {
    who.require(Act::Prepare)?;
    let ctx = who.ctx(&app);
    let v = ctx.books().voucher(&no).await?.ok_or_else(|| WebError::from(not_found(&no)))?;
    if v.status != Status::Draft {
        return Err(WebError::forbidden(format!("凭证 {no} 是{}凭证，只有草稿可以修改", v.status.label())));
    }
    let mut p = EntryPage::new(&who, &no);
    p.date = v.date.to_string();
    p.summary = v.summary.clone();
    p.attachments = v.attachments.to_string();
    let show = |a: Amount| if a.is_zero() { String::new() } else { a.to_string() };
    p.lines = v
        .lines
        .iter()
        .map(|l| EntryLine {
            account: l.account.clone(),
            activity: l.activity.clone(),
            debit: show(l.debit),
            credit: show(l.credit),
            econ: l.econ.clone(),
            error: String::new(),
        })
        .collect();
    Ok(page::render(&p))
}

fn not_found(no: &str) -> crate::error::Error {
    crate::error::Error::not_found(format!("凭证 {no} 不存在"))
}

fn csrf_of(fields: &[(String, String)]) -> &str {
    fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("")
}

/// Save a new draft; the form comes back empty for the next voucher, with the same date.
pub async fn create(
    State(app): State<Shared>,
    who: Who,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    who.check_csrf(csrf_of(&fields))?;
    who.require(Act::Prepare)?;
    let mut p = EntryPage::posted(&who, "", &fields);
    let Some(v) = p.voucher() else { return Ok(page::render_with(StatusCode::UNPROCESSABLE_ENTITY, &p)) };
    match ops::vouchers::add(&who.ctx(&app), v, false).await {
        Ok(saved) => {
            let mut next = EntryPage::new(&who, "");
            next.date = p.date.trim().to_string();
            next.saved = saved.no.clone();
            let warn: Vec<String> = saved.warnings.iter().map(|w| w.text()).collect();
            next.error = warn.join("；");
            Ok(page::render(&next))
        }
        Err(e) => {
            let status = page::status_of(&e);
            p.refused(e.to_string());
            Ok(page::render_with(status, &p))
        }
    }
}

/// Save a draft's new content (its number kept).
pub async fn update(
    State(app): State<Shared>,
    who: Who,
    Path(no): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    who.check_csrf(csrf_of(&fields))?;
    who.require(Act::Prepare)?;
    let mut p = EntryPage::posted(&who, &no, &fields);
    let Some(v) = p.voucher() else { return Ok(page::render_with(StatusCode::UNPROCESSABLE_ENTITY, &p)) };
    match ops::drafts::edit(&who.ctx(&app), &no, v).await {
        Ok(saved) => Ok(Redirect::to(&format!("/vouchers/{}?done=saved", url_encode(&saved.no))).into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            p.refused(e.to_string());
            Ok(page::render_with(status, &p))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct Typed {
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    activity: Option<String>,
}

pub struct Match {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "web/matches.html")]
struct Matches {
    items: Vec<Match>,
    typed: String,
}

/// The accounts (or activities) found by what is typed in a cell: a fragment for htmx.
pub async fn search(State(app): State<Shared>, who: Who, Query(t): Query<Typed>) -> WebResult<Response> {
    let ctx = who.ctx(&app);
    let b = ctx.books();
    let (typed, items) = if let Some(a) = t.activity.as_deref() {
        let typed = a.trim().to_string();
        let items = b
            .activities()
            .await?
            .into_iter()
            .filter(|x| crate::pinyin::finds(&x.code, &x.name, &typed))
            .take(12)
            .map(|x| Match { code: x.code, name: x.name })
            .collect();
        (typed, items)
    } else {
        let typed = t.account.as_deref().unwrap_or("").trim().to_string();
        let chart = b.chart().await?;
        let items = chart
            .find(first_word(&typed), 12)
            .into_iter()
            .map(|a| Match { code: a.code.clone(), name: a.name.clone() })
            .collect();
        (typed, items)
    };
    Ok(page::render(&Matches { items, typed }))
}
