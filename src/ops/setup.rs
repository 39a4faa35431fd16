//! Setting up an organisation: init, accounts, activities, settings.

use super::Ctx;
use crate::books::organisations;
use crate::error::{Error, Result};
use crate::ledger::activity::{self, Activity};
use crate::ledger::chart::{self, builtin_chart, Account};
use crate::ledger::roles::{Act, Role};
use crate::store::{Org, Store};
use serde::Serialize;

/// Create an organisation with the 2021 chart, the grassroots-union set enabled, in `open` mode
/// (the library's entry; doors call [`init_books`]).
pub async fn init(
    store: &Store,
    code: &str,
    name: &str,
    province: &str,
    year: Option<i32>,
    actor: &str,
) -> Result<Org> {
    init_with(store, code, name, province, year, actor, None, &Place::default()).await
}

/// Where a new union stands in the federation: its level and its upper union's code.
#[derive(Clone, Debug, Default)]
pub struct Place {
    pub kind: Option<crate::ledger::federation::Kind>,
    pub upper: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn init_with(
    store: &Store,
    code: &str,
    name: &str,
    province: &str,
    year: Option<i32>,
    actor: &str,
    admin_password: Option<&str>,
    place: &Place,
) -> Result<Org> {
    if name.trim().is_empty() {
        return Err(Error::input("工会名称不能为空：gonghui init --name \"某某学校工会\""));
    }
    if !activity::valid_code(code) {
        return Err(Error::input(format!("组织代码“{code}”只能用字母、数字、- 和 _")));
    }
    let tx = store.begin().await?;
    let kind = place.kind.unwrap_or(crate::ledger::federation::Kind::Grassroots);
    let upper = match &place.upper {
        Some(c) => {
            let u = super::federation::org_by_code(&tx, c).await?;
            let mut orgs = organisations(&tx).await?;
            let me = Org {
                id: i64::MAX,
                code: code.into(),
                name: name.trim().into(),
                province: province.into(),
                upper: None,
                kind,
            };
            orgs.push(me.clone());
            if let Some(why) = super::federation::refuse_place(&orgs, &me, Some(u.id), kind) {
                return Err(Error::refused(why));
            }
            Some(u.id)
        }
        None => None,
    };
    let mut chart = builtin_chart();
    crate::ledger::federation::enable_for(kind, &mut chart);
    let org = tx.create_org(code, name.trim(), province, kind, upper, &chart).await?;
    if let Some(c) = &place.upper {
        tx.log_event(&org, actor, "upper", &format!("上级工会 {c}，级别 {}", kind.label()), "建立账套").await?;
    }
    if let Some(y) = year {
        tx.set_setting(&org, "year", &y.to_string(), actor, "init").await?;
    }
    if !province.is_empty() {
        tx.set_setting(&org, "province", province, actor, "init").await?;
    }
    if let Some(p) = admin_password {
        // Identity checked from the first day: whoever sets the books up is their first 管理员.
        let hash = super::users::hash_password(p)?;
        match tx.user(actor).await? {
            None => tx.add_user(actor, Some(&hash), actor).await?,
            Some(u) if u.disabled_at.is_some() => {
                return Err(Error::refused(format!("用户 {actor} 已停用，不能建立账套")));
            }
            // A user of another union of this database proves who they are with their password.
            Some(u) => match u.password_hash.as_deref() {
                Some(h) if !super::users::password_matches(p, h) => {
                    return Err(Error::refused(format!("用户 {actor} 已有密码，所给密码与之不符")));
                }
                Some(_) => {}
                None => tx.set_password_hash(actor, &hash).await?,
            },
        }
        tx.grant_role(&org, actor, Role::Admin, actor).await?;
        tx.set_setting(&org, super::users::AUTH, "enforced", actor, "init").await?;
        tx.log_event(&org, actor, "user_add", &format!("{actor}：{}", Role::Admin.label()), "建立账套").await?;
    }
    super::seal::record(&tx, &org, actor).await?;
    tx.commit().await?;
    Ok(org)
}

/// Whether `init` on these books needs the first 管理员's password (PostgreSQL books check
/// identity from the start).
pub fn init_needs_password(store: &Store) -> bool {
    !store.is_sqlite()
}

/// `init` as a door calls it: on PostgreSQL (shared on a server) the books are in `enforced` mode
/// from the start, with the person setting them up as their first 管理员 (`admin_password` is then
/// required); on SQLite they start in `open` mode unless a password is given.
#[allow(clippy::too_many_arguments)]
pub async fn init_books(
    store: &Store,
    code: &str,
    name: &str,
    province: &str,
    year: Option<i32>,
    actor: &str,
    admin_password: Option<&str>,
    place: &Place,
) -> Result<Org> {
    if init_needs_password(store) && admin_password.is_none() {
        return Err(Error::input(format!(
            "PostgreSQL 账套始终验证身份：建立账套的 {actor} 将成为管理员，请在提示时设置密码，或设置环境变量 GONGHUI_NEW_PASSWORD"
        )));
    }
    init_with(store, code, name, province, year, actor, admin_password, place).await
}

/// The organisation to act on: the one named, or the only one in the database.
pub async fn resolve_org(store: &Store, code: Option<&str>) -> Result<Org> {
    let orgs = organisations(store).await?;
    match code {
        Some(c) => orgs
            .into_iter()
            .find(|o| o.code == c)
            .ok_or_else(|| Error::not_found(format!("数据库中没有代码为“{c}”的工会（gonghui orgs 列出全部）"))),
        None => match orgs.len() {
            0 => Err(Error::not_found("数据库中还没有工会：请先运行 gonghui init --name \"某某学校工会\"")),
            1 => Ok(orgs.into_iter().next().unwrap()),
            _ => Err(Error::input(format!(
                "数据库中有多个工会，请用 --org 指定：{}",
                orgs.iter().map(|o| format!("{}（{}）", o.code, o.name)).collect::<Vec<_>>().join("、")
            ))),
        },
    }
}

/// Add a detail account under an enabled parent that has no postings of its own.
/// What moves when `parent` gets its first detail account and can no longer take postings.
pub async fn defaults_moving(ctx: &Ctx, parent: &str, child: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if parent == "102" {
        out.push(format!(
            "导入银行流水、录入对账单、银行存款余额调节表不写 --account 时，改用 {child}（102 下只有一个明细时）"
        ));
    }
    for a in ctx.books().activities().await? {
        if a.account.as_deref() == Some(parent) {
            out.push(format!(
                "活动 {} {} 的常用科目是 {parent}，请改为明细科目：gonghui activities edit {} --account {child}",
                a.code, a.name, a.code
            ));
        }
    }
    let booked: &[(&str, &str)] = &[
        ("401", "会费到账凭证（allocation、银行流水分类）"),
        ("402", "拨缴经费到账凭证"),
        ("211", "拨缴经费的上解部分"),
        ("510", "银行手续费（内置分类规则）"),
        ("408", "银行存款利息（内置分类规则）"),
    ];
    for (code, what) in booked {
        if *code == parent {
            out.push(format!("{what}记入 {parent}，增设明细后将不能保存，需在分类时指定明细科目或改用自己的分类规则"));
        }
    }
    Ok(out)
}

pub async fn add_account(ctx: &Ctx, code: &str, name: &str) -> Result<Account> {
    let view = ctx.books().chart().await?;
    if view.get(code).is_some() {
        return Err(Error::input(format!("科目编码 {code} 已存在")));
    }
    let parent_code = chart::parent_code(code).ok_or_else(|| {
        Error::input(format!("一级科目由《工会会计制度》规定，不能新增；请在上级科目下增设明细科目，如 {code}01"))
    })?;
    let parent =
        view.get(parent_code).ok_or_else(|| Error::input(format!("上级科目 {parent_code} 不存在，无法增设 {code}")))?;
    chart::check_new_detail_code(code, parent)?;
    if !parent.enabled {
        return Err(Error::input(format!(
            "上级科目 {} {} 未启用，请先 gonghui accounts enable {}",
            parent.code, parent.name, parent.code
        )));
    }
    if name.trim().is_empty() {
        return Err(Error::input("科目名称不能为空"));
    }
    if view.is_leaf(parent_code) {
        let far = crate::ledger::period::Period::new(9999, 12);
        let balance: crate::money::Amount = ctx
            .books()
            .balance_totals(crate::ledger::period::Period(0), far)
            .await?
            .iter()
            .filter(|r| r.account == parent_code)
            .map(|r| r.debit - r.credit)
            .sum();
        if !balance.is_zero() {
            return Err(Error::refused(format!(
                "科目 {} {} 现有余额 {}，增设明细科目后它不能再记账，这笔余额就无处结转：\
                 请在余额为零时增设（如新年度开始、期初余额导入之前），期初余额直接录入明细科目；\
                 或不设明细，用活动编码区分",
                parent.code,
                parent.name,
                balance.abs().grouped()
            )));
        }
    }
    let a = Account {
        code: code.into(),
        name: name.trim().into(),
        class: parent.class,
        side: parent.side,
        parent: Some(parent_code.into()),
        builtin: false,
        enabled: true,
    };
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    tx.store.add_account(&tx.org, &a).await?;
    tx.store.log_event(&tx.org, &tx.user, "account_add", &format!("{} {}", a.code, a.name), "").await?;
    tx.commit().await?;
    Ok(a)
}

/// Enable an account of the full chart that the base set leaves off (e.g. 221 代管经费).
pub async fn enable_account(ctx: &Ctx, code: &str) -> Result<()> {
    let view = ctx.books().chart().await?;
    let a = view.get(code).ok_or_else(|| Error::input(format!("科目编码“{code}”不存在")))?;
    if let Some(p) = &a.parent {
        if !view.get(p).is_some_and(|p| p.enabled) {
            return Err(Error::input(format!("请先启用上级科目 {p}")));
        }
        if view.is_leaf(p) && ctx.books().account_used(p).await? {
            return Err(Error::input(format!("上级科目 {p} 已有记账记录，不能再启用其明细科目")));
        }
    }
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    tx.store.set_account_enabled(&tx.org, code, true).await?;
    tx.store.log_event(&tx.org, &tx.user, "account_enable", code, "").await?;
    tx.commit().await
}

pub async fn add_activity(ctx: &Ctx, a: Activity) -> Result<()> {
    if !activity::valid_code(&a.code) {
        return Err(Error::input(format!("活动编码“{}”只能用字母、数字、- 和 _，最长 20 个字符", a.code)));
    }
    if a.name.trim().is_empty() {
        return Err(Error::input("活动名称不能为空"));
    }
    let acts = ctx.books().activities().await?;
    if acts.iter().any(|x| x.code == a.code) {
        return Err(Error::input(format!("活动编码 {} 已存在", a.code)));
    }
    if let Some(acct) = &a.account {
        let view = ctx.books().chart().await?;
        match view.get(acct) {
            Some(x) if x.enabled && view.is_leaf(acct) => {}
            Some(_) => return Err(Error::input(format!("科目 {acct} 不是可记账的末级科目"))),
            None => return Err(Error::input(format!("科目编码“{acct}”不存在"))),
        }
    }
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    tx.store.add_activity(&tx.org, &a).await?;
    tx.store.log_event(&tx.org, &tx.user, "activity_add", &format!("{} {}", a.code, a.name), "").await?;
    tx.commit().await
}

/// The activity of this code, or why there is none.
async fn activity(ctx: &Ctx, code: &str) -> Result<Activity> {
    ctx.books()
        .activities()
        .await?
        .into_iter()
        .find(|a| a.code == code)
        .ok_or_else(|| Error::not_found(format!("活动编码“{code}”不存在（gonghui activities list 列出活动）")))
}

/// `activities edit CODE [--name …] [--account …]`: a new name or usual account (the code, and
/// what is booked under it, stay).
pub async fn edit_activity(ctx: &Ctx, code: &str, name: Option<&str>, account: Option<&str>) -> Result<Activity> {
    let mut a = activity(ctx, code).await?;
    if name.is_none() && account.is_none() {
        return Err(Error::input("请用 --name 或 --account 给出要修改的内容"));
    }
    if let Some(n) = name {
        if n.trim().is_empty() {
            return Err(Error::input("活动名称不能为空"));
        }
        a.name = n.trim().to_string();
    }
    if let Some(acct) = account {
        let view = ctx.books().chart().await?;
        match view.get(acct) {
            Some(x) if x.enabled && view.is_leaf(acct) => a.account = Some(acct.to_string()),
            Some(_) => return Err(Error::input(format!("科目 {acct} 不是可记账的末级科目"))),
            None => return Err(Error::input(format!("科目编码“{acct}”不存在"))),
        }
    }
    let tx = ctx.act(Act::Prepare).await?;
    tx.store.update_activity(&tx.org, &a).await?;
    let what =
        format!("{} {}{}", a.code, a.name, a.account.as_deref().map(|x| format!("，常用科目 {x}")).unwrap_or_default());
    tx.store.log_event(&tx.org, &tx.user, "activity_edit", &what, "").await?;
    tx.commit().await?;
    Ok(a)
}

/// `activities remove CODE`: only an activity nothing is booked or budgeted under.
pub async fn remove_activity(ctx: &Ctx, code: &str) -> Result<()> {
    let a = activity(ctx, code).await?;
    let tx = ctx.act(Act::Prepare).await?;
    let (lines, budget) = tx.store.activity_uses(&tx.org, code).await?;
    if lines > 0 || budget > 0 {
        return Err(Error::refused(format!(
            "活动 {code} {} 已在使用（凭证分录 {lines} 行，预算 {budget} 行），不能删除；可改名（gonghui activities edit {code} --name 新名称）",
            a.name
        )));
    }
    tx.store.remove_activity(&tx.org, code).await?;
    tx.store.log_event(&tx.org, &tx.user, "activity_remove", &format!("{code} {}", a.name), "").await?;
    tx.commit().await
}

/// Change a setting; known keys are checked.
pub async fn set_setting(ctx: &Ctx, key: &str, value: &str, reason: &str) -> Result<SettingDone> {
    // What is kept: the value, or for a setting given as a file, the file's text.
    let mut kept = value.to_string();
    match key {
        super::REVIEW_WAIVER => {
            if value != "on" && value != "off" {
                return Err(Error::input("review_waiver 只能是 on 或 off"));
            }
            if value == "on" && reason.trim().is_empty() {
                return Err(Error::input(
                    "免除单独审核须说明理由（--reason），例如“本会仅一名兼职财务人员，经委员会决定”",
                ));
            }
            return waiver(ctx, value == "on", reason).await;
        }
        super::users::AUTH => {
            super::users::set_mode(ctx, value).await?;
            return Ok(SettingDone::Set);
        }
        POST_ROLE => {
            if value != "any" && value != "review" {
                return Err(Error::input(
                    "post_role 只能是 any（制单人在他人审核后可记账）或 review（只有审核或会计主管可以记账）",
                ));
            }
        }
        "year" => {
            value.parse::<i32>().map_err(|_| Error::input("year 应为年份，如 2025"))?;
        }
        "province" => {}
        super::budget::BUDGET_CONTROL => {
            if value != "warn" && value != "strict" {
                return Err(Error::input("budget_control 只能是 warn（超预算提醒并记录）或 strict（超预算拒绝记账）"));
            }
        }
        super::yearend::YEAR_CLOSE => {
            if value != "warn" && value != "strict" {
                return Err(Error::input(
                    "year_close 只能是 warn（未对账、未计提折旧时提醒并记录）或 strict（这些事项处理后才能年终结账）",
                ));
            }
        }
        crate::audit::pack::DECISION_AMOUNT => {
            let a = crate::money::Amount::parse(value)
                .ok()
                .filter(|a| a.fen() > 0)
                .ok_or_else(|| Error::input(format!("decision_amount 应为金额（元），如 10000；“{value}”不是正的金额")))?;
            kept = a.plain();
        }
        crate::import::reconcile::AGE_SETTING => {
            value.parse::<u32>().map_err(|_| Error::input("reconcile_age_days 应为天数，如 60"))?;
        }
        crate::report::disclosure::PUBLICATION_DAYS => {
            value
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=366).contains(d))
                .ok_or_else(|| Error::input("disclosure_days 应为公示天数，如 7"))?;
        }
        crate::report::disclosure::PUBLICATION_CHANNEL | crate::report::disclosure::PUBLICATION_CONTACT => {
            if value.trim().is_empty() {
                return Err(Error::input(format!("{key} 不能为空，例如 校务公开栏、工会微信群；经审会 王芳，电话 0551-1234567")));
            }
        }
        crate::books::federation::DUE_SETTING => {
            super::filings::check_due(value)?;
        }
        crate::allocation::upward::PAYERS => {
            kept = kept_file(value, "付款单位对照表", |text| {
                crate::allocation::upward::PayerMap::parse(text).map(drop).map_err(|e| Error::input(format!("{value}：{e}")))
            })?;
        }
        crate::allocation::status::Due::SETTING => {
            crate::allocation::status::Due::parse(value)?;
        }
        crate::ledger::profile::SETTING => {
            kept = kept_file(value, "单位信息文件", |text| crate::ledger::profile::Profile::parse(text, value).map(drop))?;
        }
        crate::audit::responsibility::SETTING => {
            kept = kept_file(value, "责任界定方案", |text| {
                crate::audit::responsibility::Scheme::parse(text, value).map(drop)
            })?;
        }
        crate::audit::pack::CONDITIONS => {
            // The conditions a pack's caps may depend on (湖北: 经费充裕企业工会), as the packs
            // spell them; a union's own pack may name its own.
            let mut packs = crate::audit::pack::builtin()?;
            if let Some(own) = ctx.books().setting(crate::audit::pack::SETTING).await?.filter(|k| !k.is_empty()) {
                packs.push(crate::audit::pack::choose(&own)?.0);
            }
            let known: Vec<String> = packs
                .iter()
                .flat_map(|p| p.versions.values().flatten().flat_map(|r| r.conditions.iter().map(|c| c.setting.clone())))
                .collect();
            let named = crate::audit::pack::conditions_of(value);
            if let Some(c) = named.iter().find(|c| !known.contains(c)) {
                let mut known = known;
                known.sort();
                known.dedup();
                return Err(Error::input(format!(
                    "规则包中没有条件“{c}”；内置规则包的条件有：{}（本会规则包中 when 写的条件也可以）",
                    known.join("、")
                )));
            }
            kept = named.join("、");
        }
        other => {
            return Err(Error::input(format!(
                "不认识的设置项“{other}”；可设：review_waiver、auth、post_role、year、province、budget_control、year_close、reconcile_age_days、profile（单位信息文件）、responsibility（责任界定方案文件）、disclosure_days、disclosure_channel、disclosure_contact、allocation_due、budget_due（上级工会：下级报送预算的截止月-日，如 03-31）、payers（上级工会：付款单位对照表文件，每行 户名或账号 = 下级工会代码）、audit_conditions（适用规则包中的条件标准，如 经费充裕企业工会）、decision_amount（单笔支出达到此金额须集体研究决定，按本会议事规则）"
            )))
        }
    }
    keep(ctx, key, &kept, reason).await?;
    Ok(SettingDone::Set)
}

/// A checked setting kept, with who changed it and why.
async fn keep(ctx: &Ctx, key: &str, kept: &str, reason: &str) -> Result<()> {
    let tx = ctx.act(Act::Settings).await?;
    tx.store.set_setting(&tx.org, key, kept, &tx.user, reason).await?;
    tx.commit().await
}

/// The union's profile given as its text (the web desk's form, `source` naming it in messages),
/// checked and kept as `settings profile 单位信息.toml` keeps its file.
pub async fn set_profile(ctx: &Ctx, text: &str, source: &str, reason: &str) -> Result<()> {
    crate::ledger::profile::Profile::parse(text, source)?;
    keep(ctx, crate::ledger::profile::SETTING, &format!("toml:{text}"), reason).await
}

/// A setting given as a file of the union's own (its profile, its responsibility scheme): read,
/// checked by `check`, and kept as its text (`toml:…`).
fn kept_file(path: &str, what: &str, check: impl Fn(&str) -> Result<()>) -> Result<String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("无法读取{what} {path}：{}", crate::error::os(&e))))?;
    check(&text)?;
    Ok(format!("toml:{text}"))
}

/// Setting: who may post a reviewed voucher — `any` user who may post (the default), or `review`
/// (only 审核 or 会计主管).
pub const POST_ROLE: &str = "post_role";

/// The first of the two people a review waiver needs, while the second has not confirmed it.
const WAIVER_PENDING: &str = "review_waiver_pending";

/// Where the review waiver stands: whether it is on, and who asked for it while the second of
/// the two has not confirmed.
pub async fn waiver_state(ctx: &Ctx) -> Result<(bool, Option<String>)> {
    let b = ctx.books();
    let on = b.setting(super::REVIEW_WAIVER).await?.as_deref() == Some("on");
    let pending = b.setting(WAIVER_PENDING).await?.filter(|f| !f.is_empty());
    Ok((on, pending))
}

/// What changing a setting did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum SettingDone {
    Set,
    /// The review waiver was asked for by this person; a second must confirm it.
    AwaitingSecond {
        first: String,
    },
}

/// The review waiver needs two people, 工会主席 and 会计主管: the first asks for it, the second (not
/// the same person) confirms; only then is it on. Switching it off needs one of them.
async fn waiver(ctx: &Ctx, on: bool, reason: &str) -> Result<SettingDone> {
    let tx = ctx.act(Act::Waive).await?;
    let b = tx.books();
    if !on {
        tx.store.set_setting(&tx.org, WAIVER_PENDING, "", &tx.user, reason).await?;
        tx.store.set_setting(&tx.org, super::REVIEW_WAIVER, "off", &tx.user, reason).await?;
        tx.commit().await?;
        return Ok(SettingDone::Set);
    }
    if b.setting(super::REVIEW_WAIVER).await?.as_deref() == Some("on") {
        return Err(Error::conflict("免除单独审核已经生效，不必再设置"));
    }
    let first = b.setting(WAIVER_PENDING).await?.filter(|f| !f.is_empty());
    let at = crate::now_text();
    let Some(first) = first else {
        super::acts::sign_act(&tx, "waiver", "review_waiver=on（提出）", &at, &[reason.to_string()]).await?;
        tx.store.set_setting(&tx.org, WAIVER_PENDING, &tx.user, &tx.user, reason).await?;
        tx.commit().await?;
        return Ok(SettingDone::AwaitingSecond { first: ctx.user.clone() });
    };
    if crate::names::same(&first, &tx.user) {
        return Err(Error::refused(format!(
            "免除单独审核须由两人（工会主席和会计主管）共同决定：{first} 已提出，须由另一人确认"
        )));
    }
    let mine = tx.roles().await?;
    let theirs = tx.store.user_roles(&tx.org, &first).await?;
    let enforced = super::users::mode(&tx).await? == super::users::Mode::Enforced;
    if enforced || (!mine.is_empty() && !theirs.is_empty()) {
        let pair = |a: &[Role], b: &[Role]| a.contains(&Role::Chair) && b.contains(&Role::Chief);
        if !pair(&mine, &theirs) && !pair(&theirs, &mine) {
            return Err(Error::refused(format!(
                "免除单独审核须由工会主席和会计主管各一人决定：{first} 已提出，{} 的角色不能与之配成这两个岗位",
                tx.user
            )));
        }
    }
    let subject = format!("review_waiver=on（确认 {first} 的提议）");
    super::acts::sign_act(&tx, "waiver", &subject, &at, &[reason.to_string()]).await?;
    tx.store.set_setting(&tx.org, WAIVER_PENDING, "", &tx.user, reason).await?;
    tx.store
        .set_setting(
            &tx.org,
            super::REVIEW_WAIVER,
            "on",
            &tx.user,
            &format!("{first} 提出，{} 确认：{reason}", tx.user),
        )
        .await?;
    tx.commit().await?;
    Ok(SettingDone::Set)
}
