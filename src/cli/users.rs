//! users, log, and asking for passwords at the terminal.

use super::output::{emit, emit_json, emit_listing};
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::roles::Role;
use crate::ops::users as ops;
use crate::render::Format;
use crate::report::listings;
use clap::{Args, Subcommand};

#[derive(Subcommand, Debug)]
pub enum UsersCmd {
    /// 登记用户并授予本会角色（会计、出纳、审核、会计主管、经审委员、工会主席、上级工会、管理员）
    Add {
        /// 姓名
        name: String,
        /// 角色，可重复：--role 会计 --role 出纳
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
    },
    /// 列出用户及其在本会的角色
    List,
    /// 停用用户（其经手的记录保留）
    Disable {
        /// 姓名
        name: String,
    },
    /// 设置密码（本人设置自己的，管理员可设置任何人的）
    Password {
        /// 姓名
        name: String,
    },
}

#[derive(Args, Debug)]
pub struct LogArgs {
    /// 起始日期（含），如 2025-03-01
    #[arg(long)]
    pub from: Option<String>,
    /// 截止日期（含）
    #[arg(long)]
    pub to: Option<String>,
}

pub async fn users(g: &Global, c: UsersCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match c {
        UsersCmd::Add { name, roles } => {
            let roles: Vec<Role> =
                roles.iter().map(|r| Role::parse(r)).collect::<std::result::Result<_, _>>().map_err(Error::input)?;
            // A new user's first password: asked for in `enforced` mode (or given for later).
            let enforced = ops::mode(&ctx).await? == ops::Mode::Enforced;
            let known = ops::is_registered(&ctx, &name).await?;
            let password = match std::env::var("GONGHUI_NEW_PASSWORD") {
                Ok(p) => Some(p),
                Err(_) if enforced && !known => Some(new_password(&name)?),
                Err(_) => None,
            };
            let a = ops::add(&ctx, &name, &roles, password.as_deref()).await?;
            let roles = a.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、");
            let what = if a.new_user { "已登记用户" } else { "已更新用户" };
            emit(g, format!("{what} {}，在{}的角色：{roles}\n", a.name, ctx.org.name).as_bytes())
        }
        UsersCmd::List => {
            let all = ops::list(&ctx).await?;
            if g.format_or(Format::Table) == Format::Json {
                return emit_json(g, &all);
            }
            let mode = ops::mode(&ctx).await?;
            emit_listing(g, &ctx, listings::users(&ctx.org.name, &all, mode.label())).await
        }
        UsersCmd::Disable { name } => {
            ops::disable(&ctx, &name).await?;
            emit(g, format!("已停用用户 {name}\n").as_bytes())
        }
        UsersCmd::Password { name } => {
            let p = new_password_for(&name)?;
            ops::set_password(&ctx, &name, &p).await?;
            emit(g, format!("已设置 {name} 的密码\n").as_bytes())
        }
    }
}

/// `pg-role NAME`: the tool's PostgreSQL login role, for the union of --org or every union.
pub async fn pg_role(g: &Global, name: &str) -> Result<()> {
    let store = g.store().await?;
    let password = std::env::var("GONGHUI_NEW_PASSWORD").ok();
    let orgs = ops::create_app_role(&store, name, password.as_deref(), g.org.as_deref()).await?;
    let names = orgs.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join("、");
    emit(
        g,
        format!(
            "已建立数据库账号 {name}：只能读写 {names} 的账务数据，不能修改表结构、停用触发器或改动权限；\
             日常使用时以此账号连接（--db postgres://{name}:…@主机/库），迁移账号只在升级时使用\n"
        )
        .as_bytes(),
    )
}

/// `log [--user NAME]`: who did what, when; `--user` given on the command line (not by
/// GONGHUI_USER) keeps that person's acts only.
pub async fn log(g: &Global, a: LogArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    let day = |t: &Option<String>, flag: &str| -> Result<Option<chrono::NaiveDate>> {
        t.as_deref()
            .map(|t| {
                crate::ledger::period::parse_date(t)
                    .ok_or_else(|| Error::input(format!("{flag} {t}：日期应写作 2025-03-01 或 2025年3月1日")))
            })
            .transpose()
    };
    let (from, to) = (day(&a.from, "--from")?, day(&a.to, "--to")?);
    let who = if g.user_from_flag { Some(g.user.clone()) } else { None };
    let events: Vec<_> = ctx
        .books()
        .events(None)
        .await?
        .into_iter()
        .filter(|e| who.as_deref().is_none_or(|w| crate::names::same(&e.actor, w)))
        .filter(|e| {
            let d = crate::shown_time(&e.at);
            let d = d.get(..10).and_then(crate::ledger::period::parse_date);
            from.is_none_or(|f| d.is_some_and(|d| d >= f)) && to.is_none_or(|t| d.is_some_and(|d| d <= t))
        })
        .collect();
    if g.format_or(Format::Table) == Format::Json {
        return emit_json(g, &events);
    }
    let period = match (&a.from, &a.to) {
        (None, None) => String::new(),
        (f, t) => format!("{} 至 {}", f.as_deref().unwrap_or("开始"), t.as_deref().unwrap_or("今天")),
    };
    emit_listing(g, &ctx, listings::events(&ctx.org.name, &period, &events)).await
}

/// The password of the acting user in `enforced` mode: `GONGHUI_PASSWORD`, else asked at the
/// terminal up to three times (each answer checked by `check`); after three wrong ones in a row the
/// next try waits (kept in the books, so a new process waits too).
pub async fn prove<F, Fut>(name: &str, check: F) -> Result<()>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    if let Ok(p) = std::env::var("GONGHUI_PASSWORD") {
        return check(p).await;
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Error::refused(format!(
            "本账套要求验证身份（auth = enforced）：请在终端运行并输入 {name} 的密码，或设置环境变量 GONGHUI_PASSWORD"
        )));
    }
    let mut last = None;
    for _ in 0..3 {
        let p = rpassword::prompt_password(format!("{name} 的密码："))
            .map_err(|e| Error::io(format!("无法读取密码：{e}")))?;
        match check(p).await {
            Ok(()) => return Ok(()),
            Err(e) => {
                eprintln!("错误：{e}");
                last = Some(e);
            }
        }
    }
    // Three wrong answers: the books make the next try wait (ops::users::authenticate), from
    // this door and any other.
    Err(last.unwrap_or_else(|| Error::refused("密码不正确")))
}

/// A new password for `name`: `GONGHUI_NEW_PASSWORD`, else typed twice at the terminal.
pub(super) fn new_password_for(name: &str) -> Result<String> {
    match std::env::var("GONGHUI_NEW_PASSWORD") {
        Ok(p) => Ok(p),
        Err(_) => new_password(name),
    }
}

/// A new password, typed twice at the terminal.
fn new_password(name: &str) -> Result<String> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Err(Error::input(format!("请在终端运行以输入 {name} 的新密码，或设置环境变量 GONGHUI_NEW_PASSWORD")));
    }
    let read = |prompt: String| rpassword::prompt_password(prompt).map_err(|e| Error::io(format!("无法读取密码：{e}")));
    let a = read(format!("{name} 的新密码（至少 8 个字符）："))?;
    let b = read("再输入一次：".to_string())?;
    if a != b {
        return Err(Error::input("两次输入的密码不一致，未作修改"));
    }
    Ok(a)
}

/// Where this database's session token is kept for the user running the command (a file only
/// they may read): `GONGHUI_SESSION_DIR`, else `~/.config/gonghui/sessions`.
fn session_file(db: &str, name: &str) -> Option<std::path::PathBuf> {
    let dir = match std::env::var_os("GONGHUI_SESSION_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::PathBuf::from(std::env::var_os("HOME")?).join(".config/gonghui/sessions"),
    };
    let which = std::fs::canonicalize(db).map(|p| p.display().to_string()).unwrap_or_else(|_| db.to_string());
    let id = crate::ledger::attachment::sha256_hex(format!("{which}\n{name}").as_bytes());
    Some(dir.join(format!("{}.session", &id[..16])))
}

fn read_session(db: &str, name: &str) -> Option<(String, String)> {
    let text = std::fs::read_to_string(session_file(db, name)?).ok()?;
    let mut lines = text.lines();
    Some((lines.next()?.to_string(), lines.next()?.to_string()))
}

fn write_session(db: &str, name: &str, token: &str) -> Result<std::path::PathBuf> {
    let path = session_file(db, name)
        .ok_or_else(|| Error::io("找不到保存登录凭据的目录：请设置 HOME 或 GONGHUI_SESSION_DIR"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(&path)?;
    std::io::Write::write_all(&mut f, format!("{name}\n{token}\n").as_bytes())?;
    Ok(path)
}

/// The session of `name` on this database, resumed (its signing key unlocked), if there is one.
pub async fn resumed(g: &Global, store: &crate::store::Store, name: &str) -> Result<bool> {
    match read_session(&g.db, name) {
        Some((who, token)) if who == name => Ok(ops::resume(store, name, &token).await?.is_some()),
        _ => Ok(false),
    }
}

/// `login`: the password once, then 8 hours of commands without it.
pub async fn login(g: &Global) -> Result<()> {
    let store = g.store().await?;
    let org = crate::ops::setup::resolve_org(&store, g.org.as_deref()).await?;
    let got = std::sync::Mutex::new(None);
    let (s, o, u) = (&store, &org, g.user.as_str());
    prove(u, |p| {
        let got = &got;
        async move {
            let session = ops::login(s, o, u, &p).await?;
            *got.lock().expect("not poisoned") = Some(session);
            Ok(())
        }
    })
    .await?;
    let (token, until) = got.into_inner().expect("not poisoned").expect("proved");
    write_session(&g.db, &g.user, &token)?;
    emit(
        g,
        format!("{} 已登录，至 {} 前无须再输入密码（gonghui logout 退出）\n", g.user, crate::shown_time(&until))
            .as_bytes(),
    )
}

/// `logout`: end this database's session.
pub async fn logout(g: &Global) -> Result<()> {
    let store = g.store().await?;
    let Some((who, token)) = read_session(&g.db, &g.user) else {
        return emit(g, "没有登录，不需要退出\n".as_bytes());
    };
    ops::logout(&store, &who, &token).await?;
    if let Some(path) = session_file(&g.db, &g.user) {
        let _ = std::fs::remove_file(path);
    }
    emit(g, format!("{who} 已退出登录\n").as_bytes())
}
