//! 离任审计记录: the audit group's record of a departing chair's tenure (group, evaluation, main
//! work, handover, the chair's response) entered as its text in a form, checked as its file is
//! (`audit departure --file`), each entry a new version; the departure report one click away.

use super::page::{self, Chrome, WebResult};
use super::session::Who;
use super::vouchers::url_encode;
use super::Shared;
use crate::audit::departure::TEMPLATE;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "web/departure.html")]
struct DeparturePage {
    chrome: Chrome,
    chair: String,
    from: String,
    to: String,
    tenure: String,
    /// The version in force, said (empty: none entered for this chair and tenure).
    current: String,
    body: String,
    /// The report's query string (chair and tenure).
    report: String,
    may_enter: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DepartureForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    chair: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    done: String,
}

async fn departure_page(
    app: &Shared,
    who: &Who,
    f: &DepartureForm,
    typed: bool,
    error: &str,
) -> WebResult<DeparturePage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let year = page::year_given(Some(&f.year))?;
    let span = b.asked_span(None, year, page::filled(&f.from), page::filled(&f.to)).await?;
    let chair = f.chair.trim().to_string();
    let record = if chair.is_empty() { None } else { b.departure(&chair, span).await? };
    let body =
        if typed { f.body.clone() } else { record.as_ref().map_or_else(|| TEMPLATE.to_string(), |r| r.body.clone()) };
    let (from, to) = (span.from.to_string(), span.to.to_string());
    Ok(DeparturePage {
        chrome: who.chrome("/audit"),
        current: record
            .map(|r| format!("第 {} 版，{} 于 {} 录入", r.version, r.entered_by, crate::shown_date(&r.entered_at)))
            .unwrap_or_default(),
        report: format!("chair={}&from={from}&to={to}", url_encode(&chair)),
        tenure: span.label(),
        chair,
        from,
        to,
        body,
        may_enter: who.may(Act::Judge),
        done: f.done.clone(),
        error: error.into(),
    })
}

/// `/audit/departure?chair=…&from=…&to=…`.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<DepartureForm>) -> WebResult<Response> {
    Ok(page::render(&departure_page(&app, &who, &q, false, "").await?))
}

/// The record entered as a new version; refused, the form again with what was typed.
pub async fn enter(State(app): State<Shared>, who: Who, Form(f): Form<DepartureForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Judge)?;
    let ctx = who.ctx(&app);
    let entered = async {
        let span = ctx.books().asked_span(None, None, page::filled(&f.from), page::filled(&f.to)).await?;
        ops::audit::give_departure(&ctx, &f.chair, span, &f.body.replace("\r\n", "\n"), "离任审计记录").await
    }
    .await;
    match entered {
        Ok(r) => {
            let said = format!("已录入 {} 同志离任审计记录（{}）第 {} 版", r.chair, r.span.label(), r.version);
            let to = format!("/audit/departure?chair={}&from={}&to={}", url_encode(&r.chair), r.span.from, r.span.to);
            Ok(page::back_saying(&to, &said))
        }
        Err(e) => {
            let p = departure_page(&app, &who, &f, true, &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}
