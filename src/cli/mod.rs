//! The command line (../shared/design/cli.md): argument structs and the call into the library.
//! Errors travel up to `run`, which prints them and returns the exit status.

mod allocation;
mod assets;
mod audit;
mod bank;
mod books;
mod budget;
mod close;
mod federation;
mod files;
mod output;
mod serve;
mod setup;
mod users;
mod voucher;
mod zh;

use crate::error::{Error, Result};
use crate::ops::{setup::resolve_org, Ctx};
use crate::render::Format;
use crate::store::Store;
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;

#[derive(Parser, Debug)]
#[command(
    name = "gonghui",
    version,
    about = "基层工会会计与经审工具：复式记账（《工会会计制度》2021）、经费拨缴、预算、银行对账、经审报告",
    subcommand_help_heading = "命令",
    next_help_heading = "全局选项",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// 数据库：默认当前目录的 gonghui.db；路径或 sqlite:路径 为 SQLite，postgres://… 为 PostgreSQL
    #[arg(long, global = true, env = "GONGHUI_DB", default_value = "gonghui.db")]
    pub db: String,
    /// 数据库中有多个工会时，指定工会代码
    #[arg(long, global = true)]
    pub org: Option<String>,
    /// 操作人（制单、审核、记账人）；默认为系统用户名
    #[arg(long, global = true, env = "GONGHUI_USER")]
    pub user: Option<String>,
    /// 输出格式：table、csv、json、pdf、xlsx（不写时按 --out 的扩展名）
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,
    /// 输出到文件（pdf 必须指定）
    #[arg(long, global = true)]
    pub out: Option<String>,
    /// PDF 使用的字体文件（默认内置思源黑体 GBK 字库）
    #[arg(long, global = true)]
    pub font: Option<String>,
    /// 终端表格按实际宽度显示全部内容（默认按终端宽度折行）
    #[arg(long, global = true)]
    pub wide: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 新建工会账套（启用基层工会会计科目）
    Init(setup::InitArgs),
    /// 列出数据库中的工会；orgs tree 隶属关系，orgs set-upper 代码 设定上级工会
    Orgs(federation::OrgsArgs),
    /// 下级工会的预算报送情况（上级工会用）：--year 年度；filings return/accept 退回或接收
    Filings(federation::FilingsArgs),
    /// 生成示例学校工会一整年的账，并输出全部报表
    Demo(setup::DemoArgs),
    /// 会计科目表；accounts add 增设明细科目
    Accounts(setup::AccountsArgs),
    /// 活动/项目（基本支出、项目支出、专项）
    Activities(setup::ActivitiesArgs),
    /// 查看或修改本会设置（如 review_waiver）
    Settings(setup::SettingsArgs),
    /// 记账凭证：add、import、list、show、review、post、reverse
    #[command(subcommand)]
    Voucher(voucher::VoucherCmd),
    /// 工资数据（工资总额、人数、会费基数）
    #[command(subcommand)]
    Payroll(allocation::PayrollCmd),
    /// 工会经费拨缴：设置、收款、上解、年末应收
    #[command(subcommand)]
    Allocation(allocation::AllocationCmd),
    /// 预算：导入年初预算和调整、查看、生成下年草稿
    #[command(subcommand)]
    Budget(budget::BudgetCmd),
    /// 固定资产和库存物品：购置、计提折旧、处置
    #[command(subcommand)]
    Asset(assets::AssetCmd),
    /// 库存现金盘点：记录实点金额，与现金日记账核对
    #[command(subcommand)]
    Cash(assets::CashCmd),
    /// 期初余额
    #[command(subcommand)]
    Opening(assets::OpeningCmd),
    /// 导入银行流水
    #[command(subcommand)]
    Import(bank::ImportCmd),
    /// 银行流水：待分类、分类生成凭证
    #[command(subcommand)]
    Bank(bank::BankCmd),
    /// 银行流水版式：list 列出内置版式，guide 版式文件写法，show 名称 输出一个版式作为模板
    #[command(subcommand)]
    Layouts(bank::LayoutsCmd),
    /// 结账：锁定月份（此前未结账的月份一并结账）；--year 年终结账
    Close(close::CloseArgs),
    /// 反结账：重新打开最近结账的月份（--month）或年度（--year），须写明理由
    Reopen(close::ReopenArgs),
    /// 报表附注：notes set 录入本会自己写的附注说明，notes show 查看
    #[command(subcommand)]
    Notes(close::NotesCmd),
    /// 以前年度调整：在本年通过 32101/32201（年初余额调整）更正已年终结账年度的错误
    Adjust(voucher::AdjustArgs),
    /// 会员名册：members import 导入（工号,姓名,部门,入会日期,状态）
    #[command(subcommand)]
    Members(audit::MembersCmd),
    /// 慰问发放名单：benefits import 导入并挂到记账凭证
    #[command(subcommand)]
    Benefits(audit::BenefitsCmd),
    /// 经审检查：按省级规则包检查本期账务，列出审计发现；--dispose 记录处理结论；audit opinion 录入经审会审查意见
    Audit(Box<audit::AuditArgs>),
    /// 校验哈希链和账务平衡
    Verify(books::VerifyArgs),
    /// 待办事项：待审核、待记账、待分类流水、未对账、未计提折旧、未结账、待处理的审计发现……及对应命令
    Todo(books::TodoArgs),
    /// 备份账套（SQLite：他人使用时也能得到一致的副本；用 --out 指定备份文件）
    Backup,
    /// 从备份文件恢复账套（账套已有内容时须加 --force）
    Restore(files::RestoreArgs),
    /// 用户和角色：users add 姓名 --role 角色、users list、users disable、users password
    #[command(subcommand)]
    Users(users::UsersCmd),
    /// PostgreSQL：为本工具建立只能读写账务数据的数据库账号（由拥有数据库结构的账号运行；--org 只授予该工会，默认库中全部工会；密码取自 GONGHUI_NEW_PASSWORD）
    PgRole {
        /// 数据库账号名（小写字母、数字、下划线）
        name: String,
    },
    /// 登录（enforced 模式）：输入一次密码，8 小时内的命令无须再输入
    Login,
    /// 退出登录
    Logout,
    /// 启动网页工作台（浏览器中登录办理：工作台、凭证审核记账等）
    Serve(serve::ServeArgs),
    /// 操作记录：谁在何时做了什么（--user 姓名 只列此人的操作）
    Log(users::LogArgs),
    /// 输出报表（trial-balance 科目余额表、ledger 明细账、journal 序时账 …）
    Report(books::ReportArgs),
    /// 导出为 hledger 或 beancount 账本
    Export(books::ExportArgs),
}

/// The period options shared by reports.
#[derive(Args, Debug, Clone, Default)]
pub struct PeriodArgs {
    /// 年度，如 2025
    #[arg(long)]
    pub year: Option<i32>,
    /// 月份，如 2025-03
    #[arg(long)]
    pub month: Option<String>,
    /// 起始月份或日期（与 --to 一起用）
    #[arg(long)]
    pub from: Option<String>,
    /// 截止月份或日期
    #[arg(long)]
    pub to: Option<String>,
}

#[derive(Clone)]
pub struct Global {
    pub db: String,
    pub org: Option<String>,
    pub user: String,
    /// Whether `--user` was given on the command line (not by GONGHUI_USER or the default).
    pub user_from_flag: bool,
    /// Whether the command is one of the steps that switch identity checks on (users, passwords,
    /// `settings auth`): the only ones PostgreSQL books still in `open` mode admit.
    pub setting_up_auth: bool,
    pub format: Option<Format>,
    pub out: Option<String>,
    pub font: Option<String>,
    /// Terminal tables at their full width (`--wide`) instead of fitted to the terminal.
    pub wide: bool,
    /// Every store the command opened, closed when it ends (SQLite's log checkpointed, so the
    /// database file alone holds the books).
    pub opened: std::sync::Arc<std::sync::Mutex<Vec<Store>>>,
}

impl Global {
    fn keep(&self, store: &Store) {
        self.opened.lock().expect("not poisoned").push(store.handle());
    }
    /// The books, which must exist.
    pub async fn store(&self) -> Result<Store> {
        let s = Store::open_existing(&self.db).await?;
        self.keep(&s);
        // Books made before users existed: said once, by the command that upgraded them.
        if let Some(text) = crate::ops::users::upgrade_notice(&s).await? {
            eprintln!("{text}");
        }
        Ok(s)
    }
    /// The books, made if they do not exist yet (`init`, `restore`).
    pub async fn store_or_new(&self) -> Result<Store> {
        let s = Store::open(&self.db).await?;
        self.keep(&s);
        Ok(s)
    }
    /// Close every store the command opened.
    pub async fn close(&self) {
        let stores = std::mem::take(&mut *self.opened.lock().expect("not poisoned"));
        for s in stores {
            s.close().await;
        }
    }
    pub async fn ctx(&self) -> Result<Ctx> {
        let store = self.store().await?;
        let org = resolve_org(&store, self.org.as_deref()).await?;
        if crate::ops::users::needs_password(&store, &org).await? {
            let (s, o, u) = (&store, &org, self.user.as_str());
            if std::env::var_os("GONGHUI_PASSWORD").is_some() || !users::resumed(self, s, u).await? {
                users::prove(u, |p| async move { crate::ops::users::authenticate(s, o, u, Some(&p)).await }).await?;
            }
            crate::ops::users::require_reader(&store, &org, &self.user).await?;
        } else {
            crate::ops::users::admit(&store, &org, self.setting_up_auth).await?;
        }
        Ok(Ctx { store, org, user: self.user.clone() })
    }
    /// The format asked for, else guessed from --out, else `default`.
    pub fn format_or(&self, default: Format) -> Format {
        self.format.or_else(|| self.out.as_deref().and_then(Format::from_path)).unwrap_or(default)
    }
}

fn default_user() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "user".into())
}

/// Parse, run, print any error; return the exit status (0 ok, 1 failed, 2 usage).
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> i32 {
    let parsed = zh::localize(Cli::command())
        .try_get_matches_from(args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, user_flag(&m))));
    let (cli, user_from_flag) = match parsed {
        Ok(c) => c,
        Err(e) => {
            match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => print!("{}", zh::text(&e.render().to_string())),
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    eprint!("{}", zh::text(&e.render().to_string()))
                }
                _ => eprint!("{}", zh::error(&e)),
            }
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let user = match crate::names::normalise(&cli.user.unwrap_or_else(default_user)) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("错误：{e}");
            return 1;
        }
    };
    let g = Global {
        db: cli.db,
        org: cli.org,
        user,
        user_from_flag,
        setting_up_auth: false,
        format: cli.format,
        out: cli.out,
        font: cli.font,
        wide: cli.wide,
        opened: Default::default(),
    };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
    // A sum too large to represent (only reachable on books edited behind the tool's back) is a
    // refusal with its message, not a crash.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !is_overflow(info.payload()) {
            previous(info)
        }
    }));
    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rt.block_on(async {
            let done = dispatch(&g, cli.command).await;
            g.close().await;
            done
        })
    }));
    let done = match done {
        Ok(d) => d,
        Err(p) if is_overflow(p.as_ref()) => Err(Error::refused(crate::money::OVERFLOW)),
        Err(p) => std::panic::resume_unwind(p),
    };
    match done {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            1
        }
    }
}

/// Whether `--user` was typed on the command line, at the top or after a subcommand.
fn user_flag(m: &clap::ArgMatches) -> bool {
    let mut m = Some(m);
    while let Some(x) = m {
        if x.value_source("user") == Some(clap::parser::ValueSource::CommandLine) {
            return true;
        }
        m = x.subcommand().map(|(_, s)| s);
    }
    false
}

fn is_overflow(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.contains(crate::money::OVERFLOW)
}

/// Run a command; its exit status (0, or 3 for `audit --strict` with a high-severity finding).
async fn dispatch(g: &Global, cmd: Command) -> Result<i32> {
    let setting_up_auth = match &cmd {
        Command::Users(_) => true,
        Command::Settings(a) => a.key.as_deref() == Some(crate::ops::users::AUTH),
        _ => false,
    };
    let g = &Global { setting_up_auth, ..g.clone() };
    let done = match cmd {
        Command::Audit(a) => return audit::audit(g, *a).await,
        Command::Members(c) => audit::members(g, c).await,
        Command::Benefits(c) => audit::benefits(g, c).await,
        Command::Init(a) => setup::init(g, a).await,
        Command::Orgs(a) => federation::orgs(g, a).await,
        Command::Filings(a) => federation::filings(g, a).await,
        Command::Demo(a) => setup::demo(g, a).await,
        Command::Accounts(a) => setup::accounts(g, a).await,
        Command::Activities(a) => setup::activities(g, a).await,
        Command::Settings(a) => setup::settings(g, a).await,
        Command::Voucher(c) => voucher::run(g, c).await,
        Command::Payroll(c) => allocation::payroll(g, c).await,
        Command::Allocation(c) => allocation::allocation(g, c).await,
        Command::Budget(c) => budget::run(g, c).await,
        Command::Asset(c) => assets::asset(g, c).await,
        Command::Cash(c) => assets::cash(g, c).await,
        Command::Opening(c) => assets::opening(g, c).await,
        Command::Import(c) => bank::run(g, c).await,
        Command::Bank(c) => bank::bank(g, c).await,
        Command::Layouts(c) => bank::layouts(g, c),
        Command::Close(a) => close::close(g, a).await,
        Command::Reopen(a) => close::reopen(g, a).await,
        Command::Adjust(a) => voucher::adjust(g, a).await,
        Command::Notes(c) => close::notes(g, c).await,
        Command::Verify(a) => books::verify(g, &a).await,
        Command::Todo(a) => books::todo(g, a).await,
        Command::Backup => files::backup(g).await,
        Command::Restore(a) => files::restore(g, a).await,
        Command::Report(a) => books::report(g, a).await,
        Command::Export(a) => books::export(g, a).await,
        Command::Users(c) => users::users(g, c).await,
        Command::Log(a) => users::log(g, a).await,
        Command::Login => users::login(g).await,
        Command::Logout => users::logout(g).await,
        Command::Serve(a) => serve::serve(g, a).await,
        Command::PgRole { name } => users::pg_role(g, &name).await,
    };
    done.map(|()| 0)
}

/// An error for a bad combination of options (exit 1, with a hint).
pub fn usage(msg: impl Into<String>) -> Error {
    Error::input(msg)
}
