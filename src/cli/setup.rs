//! init, orgs, demo, accounts, activities, settings.

use super::output::{emit, emit_json, emit_listing};
use super::Global;
use crate::error::Result;
use crate::ledger::activity::Activity;
use crate::ops::setup as ops;
use crate::render::Format;
use crate::report::listings;
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct InitArgs {
    /// 工会名称，如“某某学校工会”
    #[arg(long)]
    pub name: String,
    /// 工会代码（一个数据库存放多个工会时区分用）
    #[arg(long, default_value = "default")]
    pub code: String,
    /// 省份（选择经审规则包），如 anhui
    #[arg(long, default_value = "")]
    pub province: String,
    /// 启用年度
    #[arg(long)]
    pub year: Option<i32>,
    /// 上级工会的代码（同一数据库中的县级、市级总工会）
    #[arg(long)]
    pub upper: Option<String>,
    /// 本会级别：基层（默认）、县级、市级
    #[arg(long)]
    pub kind: Option<String>,
}

pub async fn init(g: &Global, a: InitArgs) -> Result<()> {
    let store = g.store_or_new().await?;
    // PostgreSQL books check identity from the start: the first 管理员's password.
    let password = if ops::init_needs_password(&store) { Some(super::users::new_password_for(&g.user)?) } else { None };
    let place = ops::Place { kind: a.kind.as_deref().map(super::federation::kind).transpose()?, upper: a.upper };
    let org =
        ops::init_books(&store, &a.code, &a.name, &a.province, a.year, &g.user, password.as_deref(), &place).await?;
    let auth = match password {
        Some(_) => format!(
            "身份验证已启用（auth = enforced），{} 为管理员；gonghui users add 姓名 --role 角色 登记其他人\n",
            g.user
        ),
        None => {
            "身份认证模式为 open（按 --user 姓名办理）；多人分工时可登记用户并运行 gonghui settings auth enforced\n"
                .into()
        }
    };
    emit(
        g,
        format!(
            "已建立“{}”（代码 {}），数据库 {}；已启用基层工会会计科目。\n{auth}",
            org.name,
            org.code,
            crate::store::shown(&g.db)
        )
        .as_bytes(),
    )
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// 输出目录：写入 DIR/gonghui.db 和 DIR/reports/（--db 为 postgres://… 时账簿写入该 PostgreSQL 数据库）
    #[arg(long)]
    pub out: String,
}

pub async fn demo(g: &Global, a: DemoArgs) -> Result<()> {
    let books = crate::store::sqlite_path(&g.db).is_none().then_some(g.db.as_str());
    let summary = crate::demo::run(std::path::Path::new(&a.out), books).await?;
    emit(&Global { out: None, ..g.clone() }, summary.as_bytes())
}

#[derive(Args, Debug)]
pub struct AccountsArgs {
    /// 列出全部科目（含未启用的县级以上工会科目）
    #[arg(long)]
    pub all: bool,
    #[command(subcommand)]
    pub cmd: Option<AccountsCmd>,
}

#[derive(Subcommand, Debug)]
pub enum AccountsCmd {
    /// 在上级科目下增设明细科目，如 accounts add 5010501 节日慰问
    Add { code: String, name: String },
    /// 启用一个未启用的科目，如 accounts enable 221
    Enable { code: String },
    /// 列出部门预算支出经济分类（款级）及各科目未填时的默认归类
    Econ {
        /// 年度（默认今年）
        #[arg(long)]
        year: Option<i32>,
    },
}

pub async fn accounts(g: &Global, a: AccountsArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match a.cmd {
        Some(AccountsCmd::Add { code, name }) => {
            let parent = crate::ledger::chart::parent_code(&code).unwrap_or_default().to_string();
            let first_detail = ctx.books().chart().await?.is_leaf(&parent);
            let acct = ops::add_account(&ctx, &code, &name).await?;
            if first_detail {
                for w in ops::defaults_moving(&ctx, &parent, &code).await? {
                    eprintln!("注意：{parent} 增设明细后不能再记账；{w}");
                }
            }
            emit(
                g,
                format!(
                    "已增设明细科目 {} {}（{}，余额方向{}）\n",
                    acct.code,
                    acct.name,
                    acct.class.label(),
                    acct.side.label()
                )
                .as_bytes(),
            )
        }
        Some(AccountsCmd::Enable { code }) => {
            ops::enable_account(&ctx, &code).await?;
            emit(g, format!("已启用科目 {code}\n").as_bytes())
        }
        Some(AccountsCmd::Econ { year }) => {
            let year = year.unwrap_or_else(|| chrono::Datelike::year(&crate::today()));
            let list = crate::ledger::econ::for_year(year);
            emit_listing(g, &ctx, listings::econ(&ctx.org.name, year, list, &ctx.books().accounts().await?)).await
        }
        None => emit_listing(g, &ctx, listings::accounts(&ctx.org.name, &ctx.books().accounts().await?, a.all)).await,
    }
}

#[derive(Args, Debug)]
pub struct ActivitiesArgs {
    #[command(subcommand)]
    pub cmd: Option<ActivitiesCmd>,
}

#[derive(Subcommand, Debug)]
pub enum ActivitiesCmd {
    /// 新增活动/项目，如 activities add A03 三八节活动 --account 50102
    Add {
        code: String,
        name: String,
        /// 常用科目
        #[arg(long)]
        account: Option<String>,
        /// 项目支出（默认为基本支出）
        #[arg(long)]
        project: bool,
        /// 专项资金（年终结转到 321 工会资金结转）
        #[arg(long)]
        earmarked: bool,
    },
    /// 列出活动
    List,
    /// 修改活动名称或常用科目：activities edit A03 --name 三八节 --account 50102
    Edit {
        code: String,
        #[arg(long)]
        name: Option<String>,
        /// 常用科目
        #[arg(long)]
        account: Option<String>,
    },
    /// 删除活动（只能删除尚未用于凭证或预算的活动）
    Remove { code: String },
}

pub async fn activities(g: &Global, a: ActivitiesArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match a.cmd {
        Some(ActivitiesCmd::Edit { code, name, account }) => {
            let a = ops::edit_activity(&ctx, &code, name.as_deref(), account.as_deref()).await?;
            emit(
                g,
                format!(
                    "已修改活动 {} {}{}\n",
                    a.code,
                    a.name,
                    a.account.as_deref().map(|x| format!("（常用科目 {x}）")).unwrap_or_default()
                )
                .as_bytes(),
            )
        }
        Some(ActivitiesCmd::Remove { code }) => {
            ops::remove_activity(&ctx, &code).await?;
            emit(g, format!("已删除活动 {code}\n").as_bytes())
        }
        Some(ActivitiesCmd::Add { code, name, account, project, earmarked }) => {
            let act = Activity { code, name, account, project, earmarked };
            ops::add_activity(&ctx, act.clone()).await?;
            emit(
                g,
                format!(
                    "已新增活动 {} {}（{}{}）\n",
                    act.code,
                    act.name,
                    act.kind_label(),
                    if act.earmarked { "，专项" } else { "" }
                )
                .as_bytes(),
            )
        }
        Some(ActivitiesCmd::List) | None => {
            emit_listing(g, &ctx, listings::activities(&ctx.org.name, &ctx.books().activities().await?)).await
        }
    }
}

#[derive(Args, Debug)]
pub struct SettingsArgs {
    /// 设置项：review_waiver（on/off，一人工会免除单独审核，须工会主席和会计主管两人先后设置）、auth（open/enforced 身份验证）、post_role（any/review）、year、province、budget_control、year_close、reconcile_age_days、profile（单位信息 .toml 文件：单位负责人、主管会计工作负责人、会计机构负责人、出纳、经审会主任、统一社会信用代码、开户行、账号、隶属工会；报表按第六十四条签名）、responsibility（离任审计责任界定方案 .toml 文件，默认见 rules/responsibility.toml）、disclosure_days（经费公开的公示天数）、disclosure_channel（公开渠道）、disclosure_contact（会员反映意见的联系人和电话）、allocation_due（拨缴款到账期限：次月末，或次月的日期 1–28）、audit_conditions（规则包中的条件标准）、decision_amount（单笔支出达到此金额须集体研究决定，按本会议事规则）
    pub key: Option<String>,
    pub value: Option<String>,
    /// 修改理由（记录在案）
    #[arg(long, default_value = "")]
    pub reason: String,
}

pub async fn settings(g: &Global, a: SettingsArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match (a.key, a.value) {
        (Some(k), Some(v)) => {
            match ops::set_setting(&ctx, &k, &v, &a.reason).await? {
                ops::SettingDone::Set => emit(g, format!("已设置 {k} = {v}（{} 修改，已记录）\n", ctx.user).as_bytes()),
                ops::SettingDone::AwaitingSecond { first } => emit(
                    g,
                    format!(
                        "{first} 已提出免除单独审核，尚未生效：须由另一人（工会主席或会计主管中的另一位）运行同一命令确认\n  gonghui --user 姓名 settings {k} on --reason \"…\"\n"
                    )
                    .as_bytes(),
                ),
            }
        }
        (Some(k), None) => {
            let v = ctx.books().setting(&k).await?.unwrap_or_default();
            emit(g, format!("{k} = {v}\n").as_bytes())
        }
        _ => {
            let all = ctx.books().settings().await?;
            if g.format_or(Format::Table) == Format::Json {
                return emit_json(g, &all);
            }
            let out: String = all.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
            emit(g, out.as_bytes())
        }
    }
}
