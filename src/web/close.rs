//! 结账: the month's checklist and the close button; the year-end checklist (the year itself is
//! closed on the command line for now: `gonghui close --year`).

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::vouchers::url_encode;
use super::Shared;
use crate::books::checklist::{Check, CheckAbout};
use crate::ledger::period::Period;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

pub struct CheckView {
    pub what: String,
    pub ok: bool,
    pub detail: String,
    pub href: String,
}

fn view(c: Check) -> CheckView {
    let href = match &c.about {
        CheckAbout::Vouchers(p) => format!("/vouchers?month={p}"),
        CheckAbout::Reconcile(a, p) => format!("/bank/reconcile?account={a}&month={p}"),
        CheckAbout::BankLines => "/bank#pending".into(),
        CheckAbout::Depreciation(_) | CheckAbout::Months => String::new(),
    };
    CheckView { what: c.what, ok: c.ok, detail: c.detail, href }
}

#[derive(Template)]
#[template(path = "web/close.html")]
struct ClosePage {
    chrome: Chrome,
    month: String,
    month_label: String,
    closed_by: String,
    checks: Vec<CheckView>,
    ready: bool,
    may_close: bool,
    year: i32,
    year_closed: bool,
    year_checks: Vec<CheckView>,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct MonthQuery {
    month: Option<String>,
    done: Option<String>,
}

async fn close_page(app: &Shared, who: &Who, month: Option<&str>, done: &str, error: &str) -> WebResult<ClosePage> {
    let ctx = who.ctx(app);
    // The month's checklist and the year's reconcile the same months: each is computed once.
    let kept = crate::books::Reconciled::default();
    let b = ctx.books().sharing(&kept);
    let month = match month {
        Some(t) => Period::parse(t)?,
        // The last month that has ended.
        None => Period::of(crate::today()).prev(),
    };
    let lock = b.lock_of(month).await?;
    let checks: Vec<CheckView> = app
        .remembered(&ctx, &format!("month-checklist:{month}"), || b.month_checklist(month))
        .await?
        .into_iter()
        .map(view)
        .collect();
    let year_checks = app
        .remembered(&ctx, &format!("year-checklist:{}", month.year()), || b.year_checklist(month.year()))
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(ClosePage {
        chrome: who.chrome("/close"),
        month: month.to_string(),
        month_label: month.label(),
        closed_by: lock.map(|(who, at)| format!("{who}（{}）", crate::shown_time(&at))).unwrap_or_default(),
        ready: checks.iter().all(|c| c.ok),
        checks,
        may_close: who.may(Act::Close),
        year: month.year(),
        year_closed: b.closed_years().await?.contains(&month.year()),
        year_checks,
        done: done.into(),
        error: error.into(),
    })
}

pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<MonthQuery>) -> WebResult<Response> {
    let done = if given(&q.done).is_some() { "已结账（此前未结账的月份一并结账）" } else { "" };
    Ok(page::render(&close_page(&app, &who, given(&q.month), done, "").await?))
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    csrf: String,
    month: String,
}

/// Close the month (and every open month before it).
pub async fn close(State(app): State<Shared>, who: Who, Form(f): Form<CloseForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Close)?;
    let done = async {
        let p = Period::parse(f.month.trim())?;
        ops::close::close_month(&who.ctx(&app), p).await
    }
    .await;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/close?month={}&done=1", url_encode(f.month.trim()))).into_response()),
        Err(e) => {
            let status = page::status_of(&e);
            match close_page(&app, &who, Some(f.month.trim()), "", &e.to_string()).await {
                Ok(p) => Ok(page::render_with(status, &p)),
                Err(_) => Err(e.into()),
            }
        }
    }
}
