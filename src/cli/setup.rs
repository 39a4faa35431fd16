//! init, orgs, demo, accounts, activities, settings.

use super::output::{emit, emit_report};
use super::Global;
use crate::error::Result;
use crate::ledger::activity::Activity;
use crate::ledger::chart::ChartView;
use crate::ops::setup as ops;
use crate::render::Format;
use crate::report::{Cell, Column, Report, Row, Section, Table};
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
}

pub async fn init(g: &Global, a: InitArgs) -> Result<()> {
    let store = g.store().await?;
    let org = ops::init(&store, &a.code, &a.name, &a.province, a.year, &g.user).await?;
    emit(
        g,
        format!("已建立“{}”（代码 {}），数据库 {}；已启用基层工会会计科目。\n", org.name, org.code, g.db).as_bytes(),
    )
}

pub async fn orgs(g: &Global) -> Result<()> {
    let store = g.store().await?;
    let mut r = Report::new("orgs", "工会列表", "", "");
    r.signatures.clear();
    r.unit.clear();
    let rows = store
        .orgs()
        .await?
        .into_iter()
        .map(|o| Row::new(vec![Cell::text(o.code), Cell::text(o.name), Cell::text(o.province)]))
        .collect();
    r.sections.push(Section::Table(Table {
        title: None,
        columns: vec![Column::text("代码", 10), Column::text("名称", 20), Column::text("省份", 8)],
        rows,
    }));
    emit_report(g, &r)
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// 输出目录：写入 DIR/gonghui.db 和 DIR/reports/
    #[arg(long)]
    pub out: String,
}

pub async fn demo(g: &Global, a: DemoArgs) -> Result<()> {
    let summary = crate::demo::run(std::path::Path::new(&a.out)).await?;
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
}

pub async fn accounts(g: &Global, a: AccountsArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match a.cmd {
        Some(AccountsCmd::Add { code, name }) => {
            let acct = ops::add_account(&ctx, &code, &name).await?;
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
        None => {
            let accts = ctx.store.accounts(&ctx.org).await?;
            let view = ChartView::new(accts.clone());
            let mut r = Report::new("accounts", "会计科目表", &ctx.org.name, "《工会会计制度》（财会〔2021〕7号）");
            r.signatures.clear();
            r.unit.clear();
            let rows = accts
                .iter()
                .filter(|x| a.all || x.enabled)
                .map(|x| Row {
                    cells: vec![
                        Cell::text(&x.code),
                        Cell::text(&x.name),
                        Cell::text(x.class.label()),
                        Cell::text(x.side.label()),
                        Cell::text(if !x.enabled {
                            "未启用"
                        } else if view.is_leaf(&x.code) {
                            "可记账"
                        } else {
                            "汇总"
                        }),
                    ],
                    style: crate::report::RowStyle::Normal,
                    indent: ((x.code.len() - 3) / 2) as u8,
                })
                .collect();
            r.sections.push(Section::Table(Table {
                title: None,
                columns: vec![
                    Column::text("科目编码", 9),
                    Column::text("科目名称", 18),
                    Column::text("类别", 6),
                    Column::text("余额方向", 4),
                    Column::text("状态", 6),
                ],
                rows,
            }));
            emit_report(g, &r)
        }
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
}

pub async fn activities(g: &Global, a: ActivitiesArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match a.cmd {
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
            let mut r = Report::new("activities", "活动/项目", &ctx.org.name, "");
            r.signatures.clear();
            r.unit.clear();
            let rows = ctx
                .store
                .activities(&ctx.org)
                .await?
                .into_iter()
                .map(|x| {
                    Row::new(vec![
                        Cell::text(&x.code),
                        Cell::text(&x.name),
                        Cell::text(x.account.clone().unwrap_or_default()),
                        Cell::text(x.kind_label()),
                        Cell::text(if x.earmarked { "专项" } else { "非专项" }),
                    ])
                })
                .collect();
            r.sections.push(Section::Table(Table {
                title: None,
                columns: vec![
                    Column::text("活动编码", 8),
                    Column::text("活动名称", 16),
                    Column::text("常用科目", 8),
                    Column::text("支出类型", 8),
                    Column::text("资金性质", 6),
                ],
                rows,
            }));
            emit_report(g, &r)
        }
    }
}

#[derive(Args, Debug)]
pub struct SettingsArgs {
    /// 设置项：review_waiver（on/off，一人工会免除单独审核）、year、province
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
            ops::set_setting(&ctx, &k, &v, &a.reason).await?;
            emit(g, format!("已设置 {k} = {v}（{} 修改，已记录）\n", ctx.user).as_bytes())
        }
        (Some(k), None) => {
            let v = ctx.store.setting(&ctx.org, &k).await?.unwrap_or_default();
            emit(g, format!("{k} = {v}\n").as_bytes())
        }
        _ => {
            let mut out = String::new();
            for (k, v) in ctx.store.settings(&ctx.org).await? {
                out.push_str(&format!("{k} = {v}\n"));
            }
            if g.format_or(Format::Table) == Format::Json {
                out = serde_json::to_string(&ctx.store.settings(&ctx.org).await?).unwrap_or_default() + "\n";
            }
            emit(g, out.as_bytes())
        }
    }
}
