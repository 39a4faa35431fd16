//! 用户 for the 管理员: who may act in this union and in which roles, a person registered or given
//! roles (the roles one person may not hold together refused with the rule that forbids them,
//! the rules shown beside the form), and an account disabled — the use cases of `gonghui users`.

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::ledger::roles::{self, Act, Role};
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

pub struct UserView {
    pub name: String,
    pub roles: String,
    pub status: String,
    pub active: bool,
    pub registered: String,
    pub me: bool,
}

pub struct RoleChoice {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "web/users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserView>,
    roles: Vec<RoleChoice>,
    rules: Vec<String>,
    typed_name: String,
    enforced: bool,
    may_manage: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct UsersQuery {
    done: Option<String>,
}

async fn users_page(
    app: &Shared,
    who: &Who,
    typed: &[(String, String)],
    done: &str,
    error: &str,
) -> WebResult<UsersPage> {
    let ctx = who.ctx(app);
    let users = ops::users::list(&ctx)
        .await?
        .into_iter()
        .map(|(u, held)| UserView {
            me: crate::names::same(&u.name, &who.name),
            roles: if held.is_empty() {
                "（本会无角色）".into()
            } else {
                held.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
            },
            status: match &u.disabled_at {
                Some(at) => format!("已停用（{}）", crate::shown_date(at)),
                None => "正常".into(),
            },
            active: u.disabled_at.is_none(),
            registered: format!("{} 于 {} 登记", u.created_by, crate::shown_date(&u.created_at)),
            name: u.name,
        })
        .collect();
    let chosen: Vec<&str> = typed.iter().filter(|(k, _)| k == "role").map(|(_, v)| v.as_str()).collect();
    Ok(UsersPage {
        chrome: who.chrome("/users"),
        users,
        roles: roles::ALL
            .iter()
            .map(|r| RoleChoice { code: r.code(), label: r.label(), checked: chosen.contains(&r.code()) })
            .collect(),
        rules: roles::rules(),
        typed_name: one(typed, "name").to_string(),
        enforced: ops::users::mode(&ctx).await? == ops::users::Mode::Enforced,
        may_manage: who.may(Act::Users),
        done: done.into(),
        error: error.into(),
    })
}

/// `/users`.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<UsersQuery>) -> WebResult<Response> {
    let done = given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&users_page(&app, &who, &[], &done, "").await?))
}

/// A form of the page, its fields as sent (the roles are checkboxes of one name).
fn one<'a>(f: &'a [(String, String)], key: &str) -> &'a str {
    f.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("")
}

/// `POST /users`: register a person, or grant roles to one (`act=add`); disable one (`act=disable`).
pub async fn act(State(app): State<Shared>, who: Who, Form(f): Form<Vec<(String, String)>>) -> WebResult<Response> {
    who.check_csrf(one(&f, "csrf"))?;
    who.require(Act::Users)?;
    let ctx = who.ctx(&app);
    let name = one(&f, "name");
    let done = match one(&f, "act") {
        "add" => {
            let mut grant = Vec::new();
            for (_, code) in f.iter().filter(|(k, _)| k == "role") {
                grant.push(Role::parse(code).map_err(page::WebError::bad_request)?);
            }
            if grant.is_empty() {
                Err(crate::error::Error::input(format!("请为 {name} 选择至少一个角色")))
            } else {
                let password = Some(one(&f, "password")).filter(|p| !p.is_empty());
                ops::users::add(&ctx, name, &grant, password).await.map(|a| {
                    let held = a.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
                    if a.new_user {
                        format!("已登记用户 {}：{held}", a.name)
                    } else {
                        format!("{} 现任：{held}", a.name)
                    }
                })
            }
        }
        "disable" => ops::users::disable(&ctx, name).await.map(|_| format!("已停用用户 {name}；其经手的记录保留")),
        other => return Err(page::WebError::bad_request(format!("不认识的操作“{other}”"))),
    };
    match done {
        Ok(said) => Ok(page::back_saying("/users", &said)),
        Err(e) => {
            let p = users_page(&app, &who, &f, "", &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}
