//! Who is at the desk: login with a password (always, whatever the books' mode), a session kept
//! in the database and named by a random token in an HttpOnly, SameSite=Strict cookie, a CSRF
//! token derived from the session on every form, the union chosen among those where the user
//! holds roles, logout.

use super::page::{self, Chrome, OrgChoice, WebError, WebResult};
use super::Shared;
use crate::ledger::roles::{self, Act, Role};
use crate::ops::{self, Ctx};
use crate::store::Org;
use askama::Template;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

const SESSION: &str = "gonghui_session";
const ORG: &str = "gonghui_org";
/// The login form's own nonce (before there is a session to derive a token from).
const LOGIN: &str = "gonghui_login";

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn set_cookie(name: &str, value: &str, max_age: i64) -> (header::HeaderName, HeaderValue) {
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}");
    (header::SET_COOKIE, HeaderValue::from_str(&v).expect("cookie text is ASCII"))
}

/// The CSRF token of a session: a digest of its token (a page of another site can neither read
/// the cookie nor compute this).
fn csrf_of(token: &str) -> String {
    crate::ledger::attachment::sha256_hex(format!("gonghui-csrf:{token}").as_bytes())[..32].to_string()
}

/// The person at the desk, in the union they chose.
pub struct Who {
    pub name: String,
    pub org: Org,
    pub roles: Vec<Role>,
    pub orgs: Vec<(Org, Vec<Role>)>,
    pub csrf: String,
    token: String,
    open_mode: bool,
}

impl Who {
    /// The use cases' context: this person acting in this union.
    pub fn ctx(&self, app: &Shared) -> Ctx {
        Ctx::acting(&app.store, self.org.clone(), self.name.clone())
    }
    pub fn may(&self, act: Act) -> bool {
        roles::allowed(&self.name, &self.roles, act).is_ok()
    }
    /// Refused (403) unless the person's roles allow `act`: checked on the server whatever the
    /// page showed.
    pub fn require(&self, act: Act) -> WebResult<()> {
        roles::allowed(&self.name, &self.roles, act).map_err(WebError::forbidden)
    }
    /// Refused (403) unless the form carries this session's CSRF token.
    pub fn check_csrf(&self, given: &str) -> WebResult<()> {
        if given == self.csrf {
            return Ok(());
        }
        Err(WebError::forbidden(
            "表单缺少有效的防伪令牌（可能来自其他网站，或页面已过期）：请回到工作台刷新页面后重新提交",
        ))
    }
    /// The frame of a page, `active` being its menu entry.
    pub fn chrome(&self, active: &str) -> Chrome {
        let notice = if self.open_mode {
            "本账套为 open 模式：网页登录已验证密码，命令行仍按姓名办理；管理员可运行 gonghui settings auth enforced 启用签名".into()
        } else {
            String::new()
        };
        Chrome {
            user: self.name.clone(),
            org: self.org.name.clone(),
            roles: self.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"),
            menu: page::menu(active, |a| self.may(a)),
            orgs: self
                .orgs
                .iter()
                .map(|(o, _)| OrgChoice { code: o.code.clone(), name: o.name.clone(), selected: o.id == self.org.id })
                .collect(),
            csrf: self.csrf.clone(),
            notice,
        }
    }
}

impl FromRequestParts<Shared> for Who {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Who, Response> {
        let to_login = || Redirect::to("/login").into_response();
        let Some(token) = cookie(&parts.headers, SESSION).map(str::to_string) else { return Err(to_login()) };
        let store = &app.store;
        let name = match ops::users::session_user(store, &token).await {
            Ok(Some(n)) => n,
            Ok(None) => return Err(to_login()),
            Err(e) => return Err(WebError::from(e).into_response()),
        };
        let orgs = ops::users::orgs_of(store, &name).await.map_err(|e| WebError::from(e).into_response())?;
        let chosen =
            cookie(&parts.headers, ORG).and_then(|h| hex::decode(h).ok()).and_then(|b| String::from_utf8(b).ok());
        let Some((org, roles)) = orgs.iter().find(|(o, _)| Some(&o.code) == chosen.as_ref()).or(orgs.first()).cloned()
        else {
            return Err(WebError::forbidden(format!(
                "{name} 在本库的各工会都没有角色，不能使用工作台（请管理员授予角色）"
            ))
            .into_response());
        };
        let open_mode =
            !ops::users::needs_password(store, &org).await.map_err(|e| WebError::from(e).into_response())?;
        Ok(Who { name, org, roles, orgs, csrf: csrf_of(&token), token, open_mode })
    }
}

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage {
    name: String,
    nonce: String,
    error: String,
}

fn login_form(status: StatusCode, name: &str, error: &str) -> Response {
    let nonce = ops::users::random_token();
    let page = LoginPage { name: name.into(), nonce: nonce.clone(), error: error.into() };
    let mut r = page::render_with(status, &page);
    let (k, v) = set_cookie(LOGIN, &nonce, 3600);
    r.headers_mut().append(k, v);
    r
}

pub async fn login_page() -> Response {
    login_form(StatusCode::OK, "", "")
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    nonce: String,
}

pub async fn login(State(app): State<Shared>, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    if f.nonce.is_empty() || cookie(&headers, LOGIN) != Some(f.nonce.as_str()) {
        return login_form(StatusCode::FORBIDDEN, &f.name, "登录表单已过期或来源不明，请重新输入后登录");
    }
    if f.name.trim().is_empty() {
        return login_form(StatusCode::UNPROCESSABLE_ENTITY, &f.name, "请输入用户名（姓名）");
    }
    let (token, name) = match ops::users::open_session(&app.store, &f.name, &f.password).await {
        Ok((token, _)) => (token, crate::names::normalise(&f.name).unwrap_or_default()),
        Err(e) => return login_form(page::status_of(&e), &f.name, &e.to_string()),
    };
    match ops::users::orgs_of(&app.store, &name).await {
        Ok(orgs) if !orgs.is_empty() => {}
        Ok(_) => {
            let _ = ops::users::logout(&app.store, &name, &token).await;
            return login_form(
                StatusCode::FORBIDDEN,
                &f.name,
                &format!("{name} 在本库的各工会都没有角色，不能使用工作台；请管理员授予角色"),
            );
        }
        Err(e) => return WebError::from(e).into_response(),
    }
    let hours = ops::users::SESSION_HOURS * 3600;
    let mut r = Redirect::to("/").into_response();
    let h = r.headers_mut();
    let (k, v) = set_cookie(SESSION, &token, hours);
    h.append(k, v);
    let (k, v) = set_cookie(LOGIN, "", 0);
    h.append(k, v);
    r
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(State(app): State<Shared>, who: Who, Form(f): Form<CsrfForm>) -> WebResult {
    who.check_csrf(&f.csrf)?;
    ops::users::logout(&app.store, &who.name, &who.token).await?;
    let mut r = Redirect::to("/login").into_response();
    let (k, v) = set_cookie(SESSION, "", 0);
    r.headers_mut().append(k, v);
    Ok(r)
}

#[derive(Deserialize)]
pub struct OrgForm {
    #[serde(default)]
    csrf: String,
    org: String,
}

/// Switch to another union where the user holds roles.
pub async fn switch_org(who: Who, Form(f): Form<OrgForm>) -> WebResult {
    who.check_csrf(&f.csrf)?;
    if !who.orgs.iter().any(|(o, _)| o.code == f.org) {
        return Err(WebError::forbidden(format!("{} 在工会 {} 没有角色", who.name, f.org)));
    }
    let mut r = Redirect::to("/").into_response();
    let (k, v) = set_cookie(ORG, &hex::encode(&f.org), 365 * 24 * 3600);
    r.headers_mut().append(k, v);
    Ok(r)
}
