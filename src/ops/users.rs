//! Users, their roles and how they prove who they are (issue 17).
//!
//! Books are in one of two modes, a setting of each union (`auth`):
//! - `open` (the default on SQLite): `--user` names the actor; an unknown name is registered on
//!   first use without a password. A user who holds roles in the union is held to them; a name
//!   without any role acts as before roles existed. Rules that depend only on names (the reviewer
//!   is not the preparer…) hold either way.
//! - `enforced`: every act is by a registered, enabled user holding a role that may do it, who
//!   proved who they are at the door (the command line asks for the password; see `authenticate`).

use super::Ctx;
use crate::books::HasBooks;
use crate::error::{Error, Result};
use crate::ledger::roles::{self, Act, Role};
use crate::store::{Org, Store, User};
use serde::Serialize;

/// Setting: `open` or `enforced`.
pub const AUTH: &str = crate::ledger::roles::AUTH_SETTING;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Mode {
    Open,
    Enforced,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Open => "open（按姓名，不验证身份）",
            Mode::Enforced => "enforced（须登记用户并验证密码）",
        }
    }
}

/// The union's authentication mode.
pub async fn mode(b: &impl HasBooks) -> Result<Mode> {
    Ok(match b.books().setting(AUTH).await?.as_deref() {
        Some("enforced") => Mode::Enforced,
        _ => Mode::Open,
    })
}

/// Argon2id with parameters fit for a laptop (the crate's defaults: 19 MiB, 2 passes); debug
/// builds (the tests) use the cheapest the algorithm allows. The parameters travel in the stored
/// text, so a hash made by either build is checked by both.
pub(crate) fn hasher() -> argon2::Argon2<'static> {
    let params = if cfg!(debug_assertions) {
        argon2::Params::new(8, 1, 1, None).expect("valid parameters")
    } else {
        argon2::Params::default()
    };
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// The stored form of a password (a PHC string with its salt); never the password.
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    check_strength(password)?;
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::database(format!("无法计算密码摘要：{e}")))
}

pub(crate) fn password_matches(password: &str, stored: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(stored).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

fn check_strength(password: &str) -> Result<()> {
    if password.chars().count() < 8 {
        return Err(Error::input("密码至少 8 个字符"));
    }
    Ok(())
}

/// Check, at the door, that `name` may act in this union: in `enforced` mode a registered, enabled
/// user whose password is `password` (asked for by the caller only in that mode; see
/// [`needs_password`]). In `open` mode nothing is asked.
pub async fn authenticate(store: &Store, org: &Org, name: &str, password: Option<&str>) -> Result<()> {
    if !needs_password(store, org).await? {
        return Ok(());
    }
    check_password(store, name, password).await
}

/// The password check itself, whatever the books' mode: a registered, enabled user with a
/// password, not waiting after wrong ones, whose password this is; their signing key is unlocked.
async fn check_password(store: &Store, name: &str, password: Option<&str>) -> Result<()> {
    let user = active_user(store, name).await?;
    let Some(stored) = user.password_hash.as_deref() else {
        return Err(Error::refused(format!(
            "用户 {name} 还没有密码；请管理员运行 gonghui users password {name} 设置后再登录"
        )));
    };
    if let Some(wait) = paused(store, name).await? {
        return Err(Error::refused(format!(
            "用户 {name} 已连续 {} 次密码错误，请 {}后再试；忘记密码请管理员运行 gonghui users password {name} 重设",
            wait.failures,
            wait.left_text()
        )));
    }
    match password {
        Some(p) if password_matches(p, stored) => {
            store.clear_login_failures(name).await?;
            super::acts::unlock(name, p)
        }
        Some(_) => {
            let n = store.add_login_failure(name).await?;
            let then = if n >= FREE_TRIES {
                format!("；已连续 {n} 次，请 {}后再试", Pause::after(n).left_text())
            } else {
                String::new()
            };
            Err(Error::refused(format!("用户 {name} 的密码不正确{then}")))
        }
        None => Err(Error::refused(format!(
            "本账套要求验证身份（auth = enforced）：请在提示时输入 {name} 的密码，或设置环境变量 GONGHUI_PASSWORD"
        ))),
    }
}

/// Wrong passwords allowed in a row before the next try must wait.
pub const FREE_TRIES: i64 = 3;

/// How long the next try waits after `failures` wrong passwords in a row.
#[derive(Debug)]
struct Pause {
    failures: i64,
    seconds: i64,
}

impl Pause {
    /// 30 seconds after the third, doubling with each further one, at most 15 minutes.
    fn after(failures: i64) -> Pause {
        let doublings = (failures - FREE_TRIES).clamp(0, 5) as u32;
        Pause { failures, seconds: (30i64 << doublings).min(900) }
    }
    fn left_text(&self) -> String {
        if self.seconds >= 60 {
            format!("{} 分钟", (self.seconds + 59) / 60)
        } else {
            format!("{} 秒", self.seconds)
        }
    }
}

/// The wait still ahead of `name` after wrong passwords, if any.
async fn paused(store: &Store, name: &str) -> Result<Option<Pause>> {
    let Some((failures, last_at)) = store.login_failures(name).await? else {
        return Ok(None);
    };
    if failures < FREE_TRIES {
        return Ok(None);
    }
    let full = Pause::after(failures);
    let since = chrono::DateTime::parse_from_rfc3339(&last_at)
        .map(|t| (chrono::Utc::now() - t.with_timezone(&chrono::Utc)).num_seconds())
        .unwrap_or(0);
    Ok((since < full.seconds).then(|| Pause { failures, seconds: full.seconds - since.max(0) }))
}

/// Who registered the users the upgrade to users and roles found on the books (migration 16).
pub const UPGRADE_REGISTRAR: &str = "升级时按账簿登记";

/// What to tell whoever first opens books made before users existed: they stay in `open` mode,
/// the names on them became users, and how to go on. None for other books.
pub async fn upgrade_notice(store: &Store) -> Result<Option<String>> {
    if !store.upgraded_past(16) {
        return Ok(None);
    }
    let names = store.users_created_by(UPGRADE_REGISTRAR).await?;
    let shown = match names.len() {
        0 => "账簿中没有出现过姓名".to_string(),
        n if n <= 12 => format!("账簿中出现的 {n} 个姓名已登记为用户（无密码、无角色）：{}", names.join("、")),
        n => format!("账簿中出现的 {n} 个姓名已登记为用户（无密码、无角色）：{} 等", names[..12].join("、")),
    };
    let mut text = format!(
        "提示：本账簿由旧版本建立，已升级到当前版本，原有凭证和记录不变。身份认证模式为 open（按 --user 的姓名办理，不验证密码）；         {shown}。\n如需验证身份：管理员运行 gonghui users add 姓名 --role 管理员 并设置密码，为各人授予角色         （gonghui users list 列出用户），再运行 gonghui settings auth enforced。"
    );
    if !store.is_sqlite() {
        text.push_str("\nPostgreSQL 账套必须验证身份：启用之前，只能办理用户登记和启用验证。");
    }
    Ok(Some(text))
}

/// Books on PostgreSQL are shared by many people on a server and are always used in `enforced`
/// mode. Those still in `open` mode (made by an earlier version) admit at the door only the steps
/// that switch it on (`setting_up`: registering users, setting passwords, `settings auth`).
pub async fn admit(store: &Store, org: &Org, setting_up: bool) -> Result<()> {
    if store.is_sqlite() || setting_up || needs_password(store, org).await? {
        return Ok(());
    }
    Err(Error::refused(
        "PostgreSQL 账套多人共用，必须验证身份，本账套仍为 open 模式（由旧版本建立）：请管理员先运行 \
         gonghui users add 姓名 --role 管理员（按提示设置密码），为各人授予角色，再运行 gonghui settings auth enforced",
    ))
}

/// Whether acting in this union needs a password (its mode is `enforced`).
pub async fn needs_password(store: &Store, org: &Org) -> Result<bool> {
    Ok(mode(&crate::books::Books::new(store, org)).await? == Mode::Enforced)
}

async fn active_user(store: &Store, name: &str) -> Result<User> {
    let Some(user) = store.user(name).await? else {
        return Err(Error::refused(format!(
            "用户 {name} 未登记；本账套要求验证身份（auth = enforced），请管理员运行 gonghui users add {name} --role 角色"
        )));
    };
    if user.disabled_at.is_some() {
        return Err(Error::refused(format!(
            "用户 {name} 已停用（{}），不能再办理业务",
            crate::shown_time(user.disabled_at.as_deref().unwrap_or(""))
        )));
    }
    Ok(user)
}

/// In `enforced` mode, reading a union's books needs a role in it, or the role 上级工会 in a union
/// above it (its upper union, or that union's upper union …).
pub async fn require_reader(store: &Store, org: &Org, name: &str) -> Result<()> {
    if !needs_password(store, org).await? || !store.user_roles(org, name).await?.is_empty() {
        return Ok(());
    }
    if super::federation::reads_from_above(store, org, name).await?.is_some() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "{name} 在{}没有角色，也不是其上级工会的“上级工会”角色，不能查阅或办理本会账务（请管理员授予角色）",
        org.name
    )))
}

/// Whether `name` is a registered user.
pub async fn is_registered(ctx: &Ctx, name: &str) -> Result<bool> {
    let name = crate::names::normalise(name).map_err(Error::input)?;
    Ok(ctx.store.user(&name).await?.is_some())
}

/// `pg-role NAME`: the tool's PostgreSQL login role, for the union `org` (its code) and the
/// unions under it, or every union of the database; returns the unions it was given.
pub async fn create_app_role(store: &Store, name: &str, password: Option<&str>, org: Option<&str>) -> Result<Vec<Org>> {
    // An upper union's role reaches the unions under it, at every level (its reports read them).
    let orgs = match org {
        Some(_) => {
            let top = super::setup::resolve_org(store, org).await?;
            let below = super::federation::tree(store).await?.below(top.id, crate::ledger::federation::Scope::All);
            let all = store.orgs().await?;
            let mut out = vec![top];
            out.extend(below.iter().filter_map(|id| all.iter().find(|o| o.id == *id).cloned()));
            out
        }
        None => store.orgs().await?,
    };
    let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
    store.create_app_role(name, password, &ids).await?;
    Ok(orgs)
}

/// The roles the acting user holds in the union; registered on first use in `open` mode. Refused
/// when the user may not do `act`: in `enforced` mode always by the roles; in `open` mode by the
/// roles when the user holds any in this union.
pub(crate) async fn require(ctx: &Ctx, act: Act) -> Result<Vec<Role>> {
    let m = mode(ctx).await?;
    if m == Mode::Enforced {
        active_user(&ctx.store, &ctx.user).await?;
    } else {
        match ctx.store.user(&ctx.user).await? {
            None => ctx.store.add_user(&ctx.user, None, &ctx.user).await?,
            Some(u) if u.disabled_at.is_some() => {
                return Err(Error::refused(format!("用户 {} 已停用，不能再办理业务", ctx.user)));
            }
            Some(_) => {}
        }
    }
    let held = ctx.store.user_roles(&ctx.org, &ctx.user).await?;
    if m == Mode::Enforced || !held.is_empty() {
        roles::allowed(&ctx.user, &held, act).map_err(Error::refused)?;
    }
    Ok(held)
}

/// What `users add` did.
#[derive(Debug, Serialize)]
pub struct Added {
    pub name: String,
    pub new_user: bool,
    pub roles: Vec<Role>,
}

/// `users add NAME --role …`: register a user (if new) and grant roles in this union, refusing
/// roles one person may not hold together. A new user needs a password in `enforced` mode.
pub async fn add(ctx: &Ctx, name: &str, grant: &[Role], password: Option<&str>) -> Result<Added> {
    let name = crate::names::normalise(name).map_err(Error::input)?;
    let hash = password.map(hash_password).transpose()?;
    let tx = ctx.act(Act::Users).await?;
    let existing = tx.store.user(&name).await?;
    if existing.as_ref().is_some_and(|u| u.disabled_at.is_some()) {
        return Err(Error::refused(format!("用户 {name} 已停用，不能再授予角色")));
    }
    if existing.is_none() && hash.is_none() && mode(&tx).await? == Mode::Enforced {
        return Err(Error::input(format!(
            "本账套要求验证身份：新用户 {name} 须设置初始密码（在提示时输入，或设置环境变量 GONGHUI_NEW_PASSWORD）"
        )));
    }
    let mut all = tx.store.user_roles(&tx.org, &name).await?;
    for r in grant {
        if !all.contains(r) {
            all.push(*r);
        }
    }
    all.sort();
    if let Some(why) = roles::conflict(&all) {
        return Err(Error::refused(format!("{name} 不能同时担任{}：{why}", labels(&all))));
    }
    if existing.is_none() {
        tx.store.add_user(&name, hash.as_deref(), &tx.user).await?;
    } else if let Some(h) = &hash {
        tx.store.set_password_hash(&name, h).await?;
    }
    for r in grant {
        tx.store.grant_role(&tx.org, &name, *r, &tx.user).await?;
    }
    let detail = if existing.is_none() { "登记用户" } else { "授予角色" };
    tx.store.log_event(&tx.org, &tx.user, "user_add", &format!("{name}：{}", labels(grant)), detail).await?;
    tx.commit().await?;
    Ok(Added { name, new_user: existing.is_none(), roles: all })
}

fn labels(roles: &[Role]) -> String {
    roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、")
}

/// `users list`: every user of the database with the roles held in this union.
pub async fn list(ctx: &Ctx) -> Result<Vec<(User, Vec<Role>)>> {
    ctx.store.users_with_roles(&ctx.org).await
}

/// `users disable NAME`: the user can no longer act; what they did stays theirs.
pub async fn disable(ctx: &Ctx, name: &str) -> Result<()> {
    let name = crate::names::normalise(name).map_err(Error::input)?;
    if crate::names::same(&name, &ctx.user) {
        return Err(Error::refused("不能停用自己的账号；请由另一名管理员办理"));
    }
    let tx = ctx.act(Act::Users).await?;
    match tx.store.user(&name).await? {
        None => return Err(Error::not_found(format!("用户 {name} 不存在（gonghui users list 列出用户）"))),
        Some(u) if u.disabled_at.is_some() => return Err(Error::conflict(format!("用户 {name} 已经停用"))),
        Some(_) => {}
    }
    tx.store.disable_user(&name).await?;
    tx.store.log_event(&tx.org, &tx.user, "user_disable", &name, "停用用户").await?;
    tx.commit().await
}

/// `users password NAME`: set a password. A user sets their own; a 管理员 sets anyone's.
pub async fn set_password(ctx: &Ctx, name: &str, password: &str) -> Result<()> {
    let name = crate::names::normalise(name).map_err(Error::input)?;
    let hash = hash_password(password)?;
    let own = crate::names::same(&name, &ctx.user);
    let tx = if own { ctx.begin().await? } else { ctx.act(Act::Users).await? };
    match tx.store.user(&name).await? {
        None if own => tx.store.add_user(&name, Some(&hash), &tx.user).await?,
        None => return Err(Error::not_found(format!("用户 {name} 不存在（gonghui users list 列出用户）"))),
        Some(u) if u.disabled_at.is_some() => return Err(Error::refused(format!("用户 {name} 已停用"))),
        Some(_) => tx.store.set_password_hash(&name, &hash).await?,
    }
    // A new password ends any wait left by wrong ones.
    tx.store.clear_login_failures(&name).await?;
    tx.store.log_event(&tx.org, &tx.user, "user_password", &name, "设置密码").await?;
    tx.commit().await
}

/// `settings auth open|enforced`. Switching to `enforced` needs a 管理员 with a password, so that
/// the books are never locked with nobody able to act.
pub async fn set_mode(ctx: &Ctx, to: &str) -> Result<Mode> {
    let to = match to.trim() {
        "open" => Mode::Open,
        "enforced" => Mode::Enforced,
        other => return Err(Error::input(format!("auth 只能是 open（按姓名）或 enforced（验证身份），不是“{other}”"))),
    };
    if to == Mode::Open && !ctx.store.is_sqlite() {
        return Err(Error::refused(
            "PostgreSQL 账套多人共用，始终验证身份（auth = enforced），不能改为 open；open 模式只用于单机 SQLite 账套",
        ));
    }
    let tx = ctx.act(Act::Users).await?;
    if to == Mode::Enforced {
        let admins = tx.store.holders(&tx.org, Role::Admin).await?;
        let mut with_password = Vec::new();
        for a in &admins {
            if tx.store.user(a).await?.is_some_and(|u| u.password_hash.is_some()) {
                with_password.push(a.clone());
            }
        }
        if with_password.is_empty() {
            return Err(Error::refused(
                "启用身份验证前须至少有一名设置了密码的管理员：gonghui users add 姓名 --role 管理员（按提示设置密码）",
            ));
        }
    }
    let value = if to == Mode::Enforced { "enforced" } else { "open" };
    tx.store.set_setting(&tx.org, AUTH, value, &tx.user, "").await?;
    tx.commit().await?;
    Ok(to)
}

/// How long a `login` session lasts.
pub const SESSION_HOURS: i64 = 8;

fn token_hash(token: &str) -> String {
    crate::ledger::attachment::sha256_hex(token.as_bytes())
}

/// `login`: check the password, then open a session of 8 hours; returns its token (for the user
/// to keep where only they can read it) and when it ends.
pub async fn login(store: &Store, org: &Org, name: &str, password: &str) -> Result<(String, String)> {
    if !needs_password(store, org).await? {
        return Err(Error::input("本账套为 open 模式，不需要登录；启用身份验证：gonghui settings auth enforced"));
    }
    open_session(store, name, password).await
}

/// A session of 8 hours for a user who gave their password, whatever the books' mode (the web
/// desk always asks who is there): its random token and when it ends. Only the token's digest is
/// kept, with the user's signing key sealed by the token.
pub async fn open_session(store: &Store, name: &str, password: &str) -> Result<(String, String)> {
    let name = crate::names::normalise(name).map_err(Error::input)?;
    check_password(store, &name, Some(password)).await?;
    let token = random_token();
    let sealed = super::acts::seal(&name, &token).ok_or_else(|| Error::database("内部错误：签名密钥未解锁"))?;
    let until =
        (chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS)).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
    store.add_session(&token_hash(&token), &name, &sealed, &until).await?;
    Ok((token, until))
}

/// 32 random bytes from the operating system, as hex: a session's token, a form's nonce.
pub fn random_token() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The user of a session, by its token alone (the web desk's cookie), with their signing key
/// unlocked; `None` when the token is unknown or expired, or the user can no longer act.
pub async fn session_user(store: &Store, token: &str) -> Result<Option<String>> {
    let Some((name, _, _)) = store.session(&token_hash(token)).await? else { return Ok(None) };
    Ok(resume(store, &name, token).await?.map(|_| name))
}

/// The organisations in which `name` holds roles, with those roles.
pub async fn orgs_of(store: &Store, name: &str) -> Result<Vec<(Org, Vec<Role>)>> {
    let mut out = Vec::new();
    for org in store.orgs().await? {
        let held = store.user_roles(&org, name).await?;
        if !held.is_empty() {
            out.push((org, held));
        }
    }
    Ok(out)
}

/// Resume a session by its token: the user it belongs to, with their signing key unlocked; `None`
/// when it is unknown, expired or another user's, or the user can no longer act.
pub async fn resume(store: &Store, name: &str, token: &str) -> Result<Option<String>> {
    let Some((who, sealed, until)) = store.session(&token_hash(token)).await? else { return Ok(None) };
    if who != name || until < crate::now_text() {
        return Ok(None);
    }
    if active_user(store, name).await.is_err() || !super::acts::unseal(name, &sealed, token) {
        return Ok(None);
    }
    Ok(Some(until))
}

/// `logout`: the session ends, its key is forgotten.
pub async fn logout(store: &Store, name: &str, token: &str) -> Result<()> {
    super::acts::lock(name);
    store.end_session(&token_hash(token)).await
}
