//! What every page shares: the frame (who is acting, in which union, the menu their roles allow),
//! errors as pages with their HTTP status, and how amounts and months are shown.

use crate::error::{Error, Kind};
use crate::ledger::roles::Act;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// One entry of the menu.
pub struct MenuItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// A union the user may switch to.
pub struct OrgChoice {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

/// The frame around every page after login.
pub struct Chrome {
    pub user: String,
    pub org: String,
    pub roles: String,
    pub menu: Vec<MenuItem>,
    pub orgs: Vec<OrgChoice>,
    pub csrf: String,
    /// Said on every page (the books' mode when it is `open`).
    pub notice: String,
}

/// The menu: each page with the act it needs (None: everyone with a role may read it).
#[rustfmt::skip]
const MENU: &[(&str, &str, Option<Act>)] = &[
    ("/", "工作台", None),
    ("/vouchers", "凭证", None),
    ("/vouchers/new", "录入凭证", Some(Act::Prepare)),
    ("/bank", "银行", Some(Act::Bank)),
    ("/funds", "经费", Some(Act::Prepare)),
    ("/close", "结账", Some(Act::Close)),
    ("/audit", "经审", Some(Act::Audit)),
    ("/chair", "主席", Some(Act::Approve)),
    ("/settings", "设置", Some(Act::Settings)),
    ("/users", "用户", Some(Act::Users)),
    ("/reports", "报表", None),
];

pub fn menu(active: &str, may: impl Fn(Act) -> bool) -> Vec<MenuItem> {
    MENU.iter()
        .filter(|(_, _, act)| act.is_none_or(&may))
        .map(|(href, label, _)| MenuItem { href, label, active: *href == active })
        .collect()
}

/// A refusal or failure, shown as a page with its status.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
}

impl WebError {
    pub fn forbidden(message: impl Into<String>) -> WebError {
        WebError { status: StatusCode::FORBIDDEN, message: message.into() }
    }
    pub fn bad_request(message: impl Into<String>) -> WebError {
        WebError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
}

/// The HTTP status of an error of the use cases.
pub fn status_of(e: &Error) -> StatusCode {
    match e.kind {
        Kind::NotFound => StatusCode::NOT_FOUND,
        Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        Kind::Refused => StatusCode::FORBIDDEN,
        Kind::Conflict => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<Error> for WebError {
    fn from(e: Error) -> WebError {
        WebError { status: status_of(&e), message: e.to_string() }
    }
}

#[derive(Template)]
#[template(path = "web/error.html")]
struct ErrorPage<'a> {
    status: u16,
    message: &'a str,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let page = ErrorPage { status: self.status.as_u16(), message: &self.message };
        (self.status, render(&page)).into_response()
    }
}

pub type WebResult<T = Response> = std::result::Result<T, WebError>;

/// A template as a response (a template that cannot render is a bug: said as a 500).
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("页面生成失败：{e}")).into_response(),
    }
}

/// A template as a response with a status other than 200 (a refused form shown again).
pub fn render_with(status: StatusCode, t: &impl Template) -> Response {
    let mut r = render(t);
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

pub async fn not_found() -> WebError {
    WebError { status: StatusCode::NOT_FOUND, message: "没有这个页面".into() }
}

/// An amount as the books show it: thousands separators, two decimals.
pub fn money(a: crate::money::Amount) -> String {
    a.grouped()
}

/// A query or form value: None when empty.
pub fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().and_then(filled)
}

/// A form field as typed: None when blank.
pub fn filled(v: &str) -> Option<&str> {
    Some(v.trim()).filter(|s| !s.is_empty())
}

/// After a form that was done: back to `to` (a page, with its query), saying what was done.
pub fn back_saying(to: &str, said: &str) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    axum::response::Redirect::to(&format!("{to}{sep}done={}", super::vouchers::url_encode(said))).into_response()
}

/// A year as given in a query or form (2025), None when not given.
pub fn year_given(v: Option<&str>) -> WebResult<Option<i32>> {
    v.map(str::trim)
        .filter(|y| !y.is_empty())
        .map(|y| y.parse::<i32>().map_err(|_| WebError::bad_request(format!("年度“{y}”应写成 2025"))))
        .transpose()
}

/// The year asked for, or the books' current one.
pub async fn year_or_current(ctx: &crate::ops::Ctx, year: Option<i32>) -> WebResult<i32> {
    match year {
        Some(y) => Ok(y),
        None => Ok(ctx.books().asked_span(None, None, None, None).await?.from.year()),
    }
}
