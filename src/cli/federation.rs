//! orgs (list, tree, set-upper, set-kind) and filings: the federation at the command line.

use super::output::{emit, emit_listing, emit_report};
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::federation::{Kind, Scope};
use crate::ops::{federation as ops, filings};
use crate::report::listings;
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct OrgsArgs {
    #[command(subcommand)]
    pub cmd: Option<OrgsCmd>,
}

#[derive(Subcommand, Debug)]
pub enum OrgsCmd {
    /// 隶属关系：各工会及其下级工会
    Tree,
    /// 本会（--org）隶属的上级工会（代码）；--none 取消隶属
    SetUpper {
        /// 上级工会的代码（gonghui orgs 列出）
        code: Option<String>,
        /// 本会的级别：基层、县级、市级
        #[arg(long)]
        kind: Option<String>,
        /// 不再隶属任何上级工会
        #[arg(long, conflicts_with = "code")]
        none: bool,
    },
    /// 本会（--org）的级别：基层、县级、市级
    SetKind { kind: String },
}

pub fn kind(text: &str) -> Result<Kind> {
    Kind::parse(text).map_err(Error::input)
}

fn scope(text: Option<&str>) -> Result<Scope> {
    text.map(Scope::parse).transpose().map_err(Error::input).map(|s| s.unwrap_or(Scope::Direct))
}

pub async fn orgs(g: &Global, a: OrgsArgs) -> Result<()> {
    match a.cmd {
        None => {
            let store = g.store().await?;
            emit_report(g, &listings::orgs(&crate::books::organisations(&store).await?))
        }
        Some(OrgsCmd::Tree) => {
            let store = g.store().await?;
            emit_report(g, &listings::tree(&ops::tree(&store).await?))
        }
        Some(OrgsCmd::SetUpper { code, kind: k, none }) => {
            let ctx = g.ctx().await?;
            if code.is_none() && !none {
                return Err(super::usage("请写上级工会的代码（gonghui orgs set-upper 代码），或 --none 取消隶属"));
            }
            let k = k.as_deref().map(kind).transpose()?;
            let o = ops::set_place(&ctx, code.as_deref(), k).await?;
            let said = match code {
                Some(c) => format!("{} 已隶属上级工会 {c}（级别：{}）\n", o.name, o.kind.label()),
                None => format!("{} 已不隶属任何上级工会（级别：{}）\n", o.name, o.kind.label()),
            };
            emit(g, said.as_bytes())
        }
        Some(OrgsCmd::SetKind { kind: k }) => {
            let ctx = g.ctx().await?;
            let upper = match ctx.org.upper {
                Some(u) => crate::books::organisations(&ctx.store).await?.into_iter().find(|o| o.id == u),
                None => None,
            };
            let o = ops::set_place(&ctx, upper.as_ref().map(|u| u.code.as_str()), Some(kind(&k)?)).await?;
            emit(g, format!("{} 的级别已设为 {}\n", o.name, o.kind.label()).as_bytes())
        }
    }
}

#[derive(Args, Debug)]
pub struct FilingsArgs {
    #[command(subcommand)]
    pub cmd: Option<FilingsCmd>,
    /// 预算年度
    #[arg(long)]
    pub year: Option<i32>,
    /// direct（直属下级，默认）或 all（各级下级）
    #[arg(long)]
    pub scope: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum FilingsCmd {
    /// 退回下级工会的报送（须写明理由）
    Return {
        /// 下级工会代码
        code: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        reason: String,
    },
    /// 接收下级工会的报送
    Accept {
        /// 下级工会代码
        code: String,
        #[arg(long)]
        year: i32,
    },
}

pub async fn filings(g: &Global, a: FilingsArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    match a.cmd {
        Some(FilingsCmd::Return { code, year, reason }) => {
            filings::decide(&ctx, &code, year, crate::books::federation::BUDGET, filings::Decision::Return(&reason))
                .await?;
            emit(g, format!("已退回 {code} 的 {year} 年预算报送，理由：{}\n", reason.trim()).as_bytes())
        }
        Some(FilingsCmd::Accept { code, year }) => {
            filings::decide(&ctx, &code, year, crate::books::federation::BUDGET, filings::Decision::Accept).await?;
            emit(g, format!("已接收 {code} 的 {year} 年预算报送\n").as_bytes())
        }
        None => {
            let Some(year) = a.year else {
                return Err(super::usage("请写年度：gonghui filings --year 2025"));
            };
            let list =
                crate::books::federation::filings(&ctx.store, &ctx.org, year, scope(a.scope.as_deref())?).await?;
            if g.format_or(crate::render::Format::Table) == crate::render::Format::Json {
                return super::output::emit_json_pretty(g, &list);
            }
            let due = ctx.books().setting(crate::books::federation::DUE_SETTING).await?;
            emit_listing(g, &ctx, listings::filings(&ctx.org.name, year, due.as_deref(), &list)).await
        }
    }
}
