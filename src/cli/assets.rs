//! asset add | depreciate | dispose; opening import

use super::output::{emit, warn};
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::period::{parse_date_arg, Period};
use crate::money::Amount;
use crate::ops::assets::{self as ops, Purchase};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum AssetCmd {
    /// 购置固定资产或库存物品（同时记支出和资产、资产基金两笔分录）
    Add {
        #[arg(long)]
        date: String,
        #[arg(long)]
        name: String,
        /// 类别，如 计算机设备、办公设备、家具、车辆、库存物品
        #[arg(long)]
        category: String,
        /// 原值
        #[arg(long)]
        cost: String,
        /// 使用年限（不低于《工会会计制度》附录2的最低年限）
        #[arg(long = "life-years")]
        life_years: Option<u32>,
        /// 付款账户，默认 102
        #[arg(long = "pay-from", default_value = "102")]
        pay_from: String,
        /// 库存物品对应的支出科目，如 50105
        #[arg(long = "expense-account")]
        expense_account: Option<String>,
        /// 活动编码
        #[arg(long, default_value = "")]
        activity: String,
        /// 集体决策的会议纪要号（大额购置）
        #[arg(long, default_value = "")]
        decision: String,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
    },
    /// 计提某月折旧（借 301 资产基金，贷 163 累计折旧）
    Depreciate {
        #[arg(long)]
        month: String,
    },
    /// 处置固定资产或发出库存物品
    Dispose {
        /// 资产编号（report assets 中的编号）
        #[arg(long)]
        id: i64,
        #[arg(long)]
        date: String,
        /// 处置收入
        #[arg(long, default_value = "0")]
        proceeds: String,
        #[arg(long, default_value = "102")]
        account: String,
        #[arg(long)]
        post: bool,
    },
    /// 记录固定资产实物盘点：盘点日期、未找到的资产编号（可多次给出）、说明（盘点人、监盘人等）
    Count {
        #[arg(long)]
        date: String,
        /// 未找到的资产编号（report assets 中的编号）
        #[arg(long)]
        missing: Vec<i64>,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CashCmd {
    /// 记录一次库存现金盘点（实点金额），与当日现金日记账余额核对；账实不符时审计列为问题
    Count {
        /// 盘点日期，如 2025-12-31
        #[arg(long)]
        date: String,
        /// 实点金额（元），没有现金写 0
        #[arg(long)]
        amount: String,
        /// 说明，如 盘点人、监盘人
        #[arg(long, default_value = "")]
        note: String,
    },
}

pub async fn cash(g: &Global, cmd: CashCmd) -> Result<()> {
    let CashCmd::Count { date, amount, note } = cmd;
    let counted = crate::money::Amount::parse(&amount)
        .map_err(|e| crate::error::Error::input(format!("--amount“{amount}”：{e}")))?;
    let ctx = g.ctx().await?;
    let c = crate::ops::cash::count(&ctx, parse_date_arg(&date)?, counted, &note).await?;
    emit(g, format!("已记录：{}\n", c.text()).as_bytes())
}

#[derive(Subcommand, Debug)]
pub enum OpeningCmd {
    /// 导入期初余额（科目编码,借方余额,贷方余额），须借贷平衡；--prior-year：导入上年工会02表（行次,金额），作为本年02表的上年数
    Import {
        file: String,
        /// 期初日期（默认启用年度的前一天）
        #[arg(long, conflicts_with = "prior_year")]
        date: Option<String>,
        #[arg(long)]
        encoding: Option<String>,
        /// 文件是上年报出的工会02表（列：行次,金额，可加“项目”列核对），而不是期初余额
        #[arg(long)]
        prior_year: bool,
        /// 上年数所属年度（默认启用年度的前一年）
        #[arg(long, requires = "prior_year")]
        year: Option<i32>,
    },
}

fn amount(flag: &str, s: &str) -> Result<Amount> {
    Amount::parse(s).map_err(|e| Error::input(format!("{flag}：{e}")))
}

pub async fn asset(g: &Global, cmd: AssetCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        AssetCmd::Add {
            date,
            name,
            category,
            cost,
            life_years,
            pay_from,
            expense_account,
            activity,
            decision,
            post,
        } => {
            let p = Purchase {
                date: parse_date_arg(&date)?,
                name,
                category,
                cost: amount("--cost", &cost)?,
                life_years,
                pay_from,
                spend_account: expense_account,
                activity,
                decision_ref: decision,
            };
            let b = ops::add(&ctx, p, post).await?;
            warn(&b.voucher.warnings);
            emit(
                g,
                format!("已登记资产 {}，生成凭证 {}（{}）\n", b.id, b.voucher.no, b.voucher.status.label()).as_bytes(),
            )
        }
        AssetCmd::Depreciate { month } => match ops::depreciate(&ctx, Period::parse(&month)?).await? {
            Some((no, total)) => {
                let status = ctx.books().voucher(&no).await?.map(|v| v.status.label()).unwrap_or_default();
                let next = if status == "草稿" {
                    "，请由另一人审核后记账（gonghui voucher review）"
                } else {
                    ""
                };
                emit(g, format!("已计提 {month} 折旧 {}，凭证 {no}（{status}）{next}\n", total.grouped()).as_bytes())
            }
            None => emit(g, format!("{month} 没有需要计提折旧的固定资产\n").as_bytes()),
        },
        AssetCmd::Dispose { id, date, proceeds, account, post } => {
            let saved =
                ops::dispose(&ctx, id, parse_date_arg(&date)?, amount("--proceeds", &proceeds)?, &account, post)
                    .await?;
            warn(&saved.warnings);
            emit(g, format!("已处置资产 {id}，生成凭证 {}（{}）\n", saved.no, saved.status.label()).as_bytes())
        }
        AssetCmd::Count { date, missing, note } => {
            let c = ops::count(&ctx, parse_date_arg(&date)?, &missing, &note).await?;
            emit(g, format!("已记录：{}\n", c.text()).as_bytes())
        }
    }
}

pub async fn opening(g: &Global, cmd: OpeningCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        OpeningCmd::Import { file, encoding, prior_year: true, year, .. } => {
            let k =
                crate::ops::prior_year::import(&ctx, std::path::Path::new(&file), encoding.as_deref(), year).await?;
            let mut out = format!(
                "已录入 {} 年工会02表 {} 行，作为 {} 年工会02表的上年数（再次导入将替换）\n",
                k.year,
                k.lines,
                k.year + 1
            );
            for w in &k.warnings {
                out.push_str(&format!("提醒：{w}；请核对上年报表（报表校验表将列出）\n"));
            }
            emit(g, out.as_bytes())
        }
        OpeningCmd::Import { file, date, encoding, .. } => {
            let no = crate::ops::yearend::import_opening(
                &ctx,
                std::path::Path::new(&file),
                encoding.as_deref(),
                date.as_deref(),
            )
            .await?;
            emit(g, format!("已生成期初余额凭证 {no}（草稿，审核记账后生效）\n").as_bytes())
        }
    }
}
