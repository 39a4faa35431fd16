//! payroll import; allocation settings | receive | remit | accrue

use super::output::{emit, emit_json, warn};
use super::Global;
use crate::allocation::percent_text;
use crate::error::Result;
use crate::ledger::period::{parse_date_arg, Period};
use crate::money::Amount;
use crate::ops::allocation::{self as ops, Booking, SettingsChange};
use crate::render::Format;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum PayrollCmd {
    /// 导入工资数据（CSV/XLSX：月份,工资总额,职工人数,会员人数,会费基数）
    Import {
        file: String,
        /// 更正已导入的月份（更正会被记录）
        #[arg(long)]
        replace: bool,
        /// 文件编码（默认自动识别）
        #[arg(long)]
        encoding: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum AllocationCmd {
    /// 查看或修改某年度的拨缴设置
    Settings {
        #[arg(long)]
        year: i32,
        /// 拨缴方式：self（自主拨缴）、tax（税务代收）、refund（全额返还）
        #[arg(long)]
        mode: Option<String>,
        /// 拨缴比例，默认 2%
        #[arg(long)]
        rate: Option<String>,
        /// 留成比例，默认 60%
        #[arg(long)]
        retention: Option<String>,
        /// 上解比例，默认 40%
        #[arg(long)]
        upward: Option<String>,
        /// 税务代收手续费率，默认 0
        #[arg(long = "tax-fee")]
        tax_fee: Option<String>,
        /// 会费比例，默认 0.5%
        #[arg(long = "dues-rate")]
        dues_rate: Option<String>,
    },
    /// 收到某月的工会经费（按设置自动拆分留成与应上解），或加 --dues 收到会费
    Receive {
        #[arg(long)]
        month: String,
        #[arg(long)]
        amount: String,
        /// 到账日期（默认今天）
        #[arg(long)]
        date: Option<String>,
        /// 收款账户，默认 102
        #[arg(long, default_value = "102")]
        account: String,
        /// 这笔是会费（记 401）
        #[arg(long)]
        dues: bool,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
    },
    /// 上解上级工会经费（借 211，贷 102）
    Remit {
        #[arg(long)]
        amount: String,
        #[arg(long)]
        date: Option<String>,
        /// 上级工会开具的工会经费收入专用收据编号
        #[arg(long)]
        receipt: Option<String>,
        #[arg(long, default_value = "102")]
        account: String,
        #[arg(long)]
        post: bool,
    },
    /// 年末确认已通知未到账的上级转拨经费（借 13102，贷 402）
    Accrue {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        amount: String,
        #[arg(long)]
        post: bool,
    },
}

pub async fn payroll(g: &Global, cmd: PayrollCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    match cmd {
        PayrollCmd::Import { file, replace, encoding } => {
            let (added, replaced) =
                ops::import_payroll(&ctx, std::path::Path::new(&file), encoding.as_deref(), replace).await?;
            emit(g, format!("已导入工资数据：新增 {added} 个月，更正 {replaced} 个月\n").as_bytes())
        }
    }
}

fn date_or_today(d: Option<String>) -> Result<chrono::NaiveDate> {
    match d {
        Some(s) => parse_date_arg(&s),
        None => Ok(crate::today()),
    }
}

pub async fn allocation(g: &Global, cmd: AllocationCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    let json = g.format_or(Format::Table) == Format::Json;
    let (booking, account, post) = match cmd {
        AllocationCmd::Settings { year, mode, rate, retention, upward, tax_fee, dues_rate } => {
            let change = SettingsChange { mode, rate, retention, upward, tax_fee, dues_rate };
            let any =
                [&change.mode, &change.rate, &change.retention, &change.upward, &change.tax_fee, &change.dues_rate]
                    .iter()
                    .any(|o| o.is_some());
            let s = if any {
                ops::set_settings(&ctx, year, &change).await?
            } else {
                ctx.books().allocation_settings(year).await?
            };
            if json {
                return emit_json(g, &s);
            }
            return emit(
                g,
                format!(
                    "{year} 年拨缴设置：{}；拨缴比例 {}，留成 {}，上解 {}，代收手续费 {}，会费 {}\n",
                    s.mode.label(),
                    percent_text(s.rate),
                    percent_text(s.retention),
                    percent_text(s.upward),
                    percent_text(s.tax_fee),
                    percent_text(s.dues_rate)
                )
                .as_bytes(),
            );
        }
        AllocationCmd::Receive { month, amount, date, account, dues, post } => {
            let period = Period::parse(&month)?;
            let amount = Amount::parse(&amount).map_err(|e| crate::error::Error::input(format!("--amount：{e}")))?;
            let date = date_or_today(date)?;
            let b =
                if dues { Booking::Dues { period, amount, date } } else { Booking::Receive { period, amount, date } };
            (b, account, post)
        }
        AllocationCmd::Remit { amount, date, receipt, account, post } => {
            let amount = Amount::parse(&amount).map_err(|e| crate::error::Error::input(format!("--amount：{e}")))?;
            (Booking::Remit { amount, date: date_or_today(date)?, receipt }, account, post)
        }
        AllocationCmd::Accrue { year, amount, post } => {
            let amount = Amount::parse(&amount).map_err(|e| crate::error::Error::input(format!("--amount：{e}")))?;
            (Booking::Accrue { year, amount }, "102".to_string(), post)
        }
    };
    let saved = ops::book(&ctx, booking, &account, post).await?;
    warn(&saved.warnings);
    if json {
        emit_json(g, &saved)
    } else {
        emit(g, format!("已生成凭证 {}（{}）\n", saved.no, saved.status.label()).as_bytes())
    }
}
