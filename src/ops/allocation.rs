//! Payroll import, allocation settings, and booking what the union receives and remits.

use super::vouchers::Saved;
use super::{Ctx, Warning};
use crate::allocation::status::Payroll;
use crate::allocation::{self as alloc, Settings};
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::money::{parse_optional, Amount};
use crate::sheet::Sheet;
use chrono::NaiveDate;
use std::path::Path;

pub const PAYROLL_COLUMNS: &[&str] = &["月份", "工资总额", "职工人数", "会员人数", "会费基数"];

/// Read a payroll file: one row per month, no month twice, no month missing between the first
/// and the last. Refuses the whole file at its first bad line.
pub fn read_payroll_file(path: &Path, encoding: Option<&str>) -> Result<Vec<Payroll>> {
    let sheet = Sheet::read(path, encoding, PAYROLL_COLUMNS)?;
    let mut out: Vec<(Payroll, usize)> = Vec::new();
    for row in &sheet.rows {
        let month_text = sheet.get(row, "月份");
        let period = Period::parse(month_text)
            .or_else(|_| crate::ledger::period::parse_date(&format!("{month_text}-01")).map(Period::of).ok_or(()))
            .map_err(|_| sheet.error(row, format!("“月份”列“{month_text}”应写成 2025-01")))?;
        if let Some((_, line)) = out.iter().find(|(p, _)| p.period == period) {
            return Err(sheet.error(row, format!("{} 重复（第 {line} 行已有该月）；每月只能有一行", period.label())));
        }
        let amount = |col: &str| -> Result<Amount> {
            let a = parse_optional(sheet.get(row, col))
                .map_err(|e| sheet.error(row, format!("“{col}”列：{e}")))?
                .ok_or_else(|| sheet.error(row, format!("“{col}”列为空")))?;
            if a.fen() < 0 {
                return Err(sheet.error(row, format!("“{col}”列为负数（{}）", a.plain())));
            }
            Ok(a)
        };
        let count = |col: &str| -> Result<i64> {
            let t = sheet.get(row, col);
            t.replace(',', "")
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or_else(|| sheet.error(row, format!("“{col}”列“{t}”应为不小于 0 的整数")))
        };
        let p = Payroll {
            period,
            wage_bill: amount("工资总额")?,
            headcount: count("职工人数")?,
            members: count("会员人数")?,
            dues_base: amount("会费基数")?,
        };
        out.push((p, row.line));
    }
    if out.is_empty() {
        return Err(Error::input(format!("{} 中没有工资数据行", sheet.file)));
    }
    out.sort_by_key(|(p, _)| p.period);
    for w in out.windows(2) {
        if w[0].0.period.next() != w[1].0.period {
            return Err(Error::input(format!(
                "{} 缺少 {} 的数据（第 {} 行是 {}，第 {} 行是 {}）；请补齐后再导入",
                sheet.file,
                w[0].0.period.next().label(),
                w[0].1,
                w[0].0.period.label(),
                w[1].1,
                w[1].0.period.label()
            )));
        }
    }
    Ok(out.into_iter().map(|(p, _)| p).collect())
}

/// `payroll import`: (months added, months replaced).
pub async fn import_payroll(ctx: &Ctx, path: &Path, encoding: Option<&str>, replace: bool) -> Result<(usize, usize)> {
    let rows = read_payroll_file(path, encoding)?;
    let source = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let done = tx.store.save_payroll(&tx.org, &rows, replace, &tx.user, &source).await?;
    let detail = format!("新增 {} 个月，替换 {} 个月", done.0, done.1);
    tx.store.log_event(&tx.org, &tx.user, "payroll_import", &source, &detail).await?;
    tx.commit().await?;
    Ok(done)
}

/// Change some of a year's settings; the rest keep their current values.
pub struct SettingsChange {
    pub mode: Option<String>,
    pub rate: Option<String>,
    pub retention: Option<String>,
    pub upward: Option<String>,
    pub tax_fee: Option<String>,
    pub dues_rate: Option<String>,
}

pub async fn set_settings(ctx: &Ctx, year: i32, c: &SettingsChange) -> Result<Settings> {
    let mut s = ctx.books().allocation_settings(year).await?;
    if let Some(m) = &c.mode {
        s.mode = alloc::Mode::parse(m).ok_or_else(|| {
            Error::input(format!("拨缴方式“{m}”无效：self（自主拨缴）、tax（税务代收）、refund（全额返还）"))
        })?;
    }
    let set = |v: &Option<String>, name: &str, target: &mut rust_decimal::Decimal| -> Result<()> {
        if let Some(t) = v {
            *target = alloc::parse_ratio(name, t)?;
        }
        Ok(())
    };
    set(&c.rate, "拨缴比例", &mut s.rate)?;
    set(&c.retention, "留成比例", &mut s.retention)?;
    set(&c.upward, "上解比例", &mut s.upward)?;
    set(&c.tax_fee, "代收手续费率", &mut s.tax_fee)?;
    set(&c.dues_rate, "会费比例", &mut s.dues_rate)?;
    // Changing one side of the split moves the other, unless both were given.
    match (&c.retention, &c.upward) {
        (Some(_), None) => s.upward = rust_decimal::Decimal::ONE - s.retention,
        (None, Some(_)) => s.retention = rust_decimal::Decimal::ONE - s.upward,
        _ => {}
    }
    s.check()?;
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    tx.store.set_allocation_settings(&tx.org, year, &s, &tx.user).await?;
    tx.store.log_event(&tx.org, &tx.user, "allocation_settings", &year.to_string(), "修改拨缴设置").await?;
    tx.commit().await?;
    Ok(s)
}

fn positive(amount: Amount) -> Result<()> {
    if amount.fen() <= 0 {
        return Err(Error::input(format!("金额应大于 0（实为 {}）", amount.plain())));
    }
    Ok(())
}

/// What to book.
pub enum Booking {
    Receive {
        period: Period,
        amount: Amount,
        date: NaiveDate,
    },
    Dues {
        period: Period,
        amount: Amount,
        date: NaiveDate,
    },
    /// `receipt`: the upper union's receipt number (工会经费收入专用收据), when at hand.
    Remit {
        amount: Amount,
        date: NaiveDate,
        receipt: Option<String>,
    },
    Accrue {
        year: i32,
        amount: Amount,
    },
}

/// What came in before for a month, and what was due: refuses a month received in full, and
/// says what came in before when a month was received in part.
async fn earlier(ctx: &Ctx, kind: alloc::Kind, period: Period, amount: Amount) -> Result<Option<Warning>> {
    let b = ctx.books();
    let before = b.allocation_vouchers(&alloc::source_ref(kind, period)).await?;
    if before.is_empty() {
        return Ok(None);
    }
    let s = b.allocation_settings(period.year()).await?;
    let due = b.payroll(period, period).await?.first().map(|p| match kind {
        alloc::Kind::Dues => s.dues_due(p.dues_base),
        _ => s.expected_receipt(p.wage_bill),
    });
    let got: Amount = before.iter().map(|(_, a)| *a).sum();
    let nos: Vec<&str> = before.iter().map(|(no, _)| no.as_str()).collect();
    let what = if kind == alloc::Kind::Dues { "会费" } else { "拨缴经费" };
    match due {
        Some(due) if got >= due => Err(Error::conflict(format!(
            "{} 的{what}已收齐：应收 {}，已收 {}（凭证 {}）；如是重复录入请勿再收；如确有多收或补收，请用 gonghui voucher add 录入并在摘要中说明",
            period.label(),
            due.grouped(),
            got.grouped(),
            nos.join("、")
        ))),
        Some(due) => Ok(Some(Warning::EarlierReceipts {
            message: format!(
                "{} 的{what}此前已收 {}（凭证 {}），加上本次 {}，共 {}；应收 {}",
                period.label(),
                got.grouped(),
                nos.join("、"),
                amount.grouped(),
                (got + amount).grouped(),
                due.grouped()
            ),
        })),
        None => Ok(Some(Warning::EarlierReceipts {
            message: format!(
                "{} 的{what}此前已收 {}（凭证 {}）；该月没有工资数据，无法核对应收多少",
                period.label(),
                got.grouped(),
                nos.join("、")
            ),
        })),
    }
}

/// Make the voucher of a booking (a draft, or posted where review is waived and `post` is set).
pub async fn book(ctx: &Ctx, b: Booking, bank: &str, post: bool) -> Result<Saved> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let ctx = &tx;
    let mut warning = None;
    let v = match b {
        Booking::Receive { period, amount, date } => {
            positive(amount)?;
            warning = earlier(ctx, alloc::Kind::Receive, period, amount).await?;
            let s = ctx.books().allocation_settings(period.year()).await?;
            alloc::receive_voucher(&s, period, amount, date, bank)
        }
        Booking::Dues { period, amount, date } => {
            positive(amount)?;
            warning = earlier(ctx, alloc::Kind::Dues, period, amount).await?;
            alloc::dues_voucher(period, amount, date, bank)
        }
        Booking::Remit { amount, date, receipt } => {
            positive(amount)?;
            let receipt = receipt.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
            if let Some(r) = &receipt {
                alloc::check_receipt_no(r)?;
            }
            alloc::remit_voucher(amount, date, bank, receipt.as_deref())
        }
        Booking::Accrue { year, amount } => {
            positive(amount)?;
            let s = ctx.books().allocation_settings(year).await?;
            if s.mode == alloc::Mode::SelfRemit {
                return Err(Error::input(
                    "年末应收上级转拨经费只用于税务代收或全额返还方式；自主拨缴的欠缴属于学校，不作应收上级",
                ));
            }
            alloc::accrue_voucher(year, amount)
        }
    };
    let mut saved = super::vouchers::add(ctx, v, post).await?;
    saved.warnings.extend(warning);
    tx.commit().await?;
    Ok(saved)
}
