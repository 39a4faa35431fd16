//! `opening import --prior-year FILE`: the last 工会02表 a union new to gonghui printed before
//! it kept its books here, copied line by line (行次, 金额: the 本年数 column), so that this year's
//! 02表 prints 上年数. The totals copied are checked against their lines, and the year-end
//! balances against the opening balances already booked.

use super::Ctx;
use crate::books::VoucherFilter;
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::ledger::prior_year;
use crate::ledger::roles::Act;
use crate::ledger::statement::{self, LineDef};
use crate::ledger::voucher::{Source, Status};
use crate::money::{parse_optional, Amount};
use crate::sheet::Sheet;
use std::collections::BTreeMap;
use std::path::Path;

/// What was kept.
#[derive(Debug)]
pub struct Kept {
    pub year: i32,
    /// Lines given (totals included).
    pub lines: usize,
    /// Statement checks that do not hold on the figures (printed on the 校验表 too).
    pub warnings: Vec<String>,
}

/// A label as compared: no spaces and no numbering.
fn bare(label: &str) -> String {
    let s: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_start_matches(|c: char| "一二三四五六七八九十、（）()0123456789.".contains(c));
    s.to_string()
}

/// Read the file: every 行次 a line of the form, once; a 项目 given names that line; the totals
/// given equal their lines.
pub fn read(path: &Path, encoding: Option<&str>) -> Result<(BTreeMap<String, Amount>, usize)> {
    let sheet = Sheet::read(path, encoding, &["行次", "金额"])?;
    let layout = statement::income_expense();
    let mut given: BTreeMap<String, Amount> = BTreeMap::new();
    let mut totals: Vec<(&LineDef, Amount, &crate::sheet::Record)> = Vec::new();
    let mut seen: BTreeMap<u32, usize> = BTreeMap::new();
    for row in &sheet.rows {
        let typed = sheet.get(row, "行次").trim();
        let n: u32 = typed.parse().map_err(|_| sheet.error(row, format!("“行次”列：“{typed}”不是数字")))?;
        let line = layout.lines.iter().find(|l| l.row == Some(n)).ok_or_else(|| {
            let last = layout.lines.iter().filter_map(|l| l.row).max().unwrap_or(0);
            sheet.error(row, format!("行次 {n} 不在{}{}上（1–{last}）", layout.code, layout.title))
        })?;
        if let Some(first) = seen.insert(n, row.line) {
            return Err(sheet.error(row, format!("行次 {n} 重复（第 {first} 行已有）")));
        }
        let label = sheet.get(row, "项目");
        if !label.trim().is_empty() && bare(label) != bare(&line.label) {
            return Err(
                sheet.error(row, format!("行次 {n} 是“{}”，这一行写的是“{}”：请核对行次", line.label, label.trim()))
            );
        }
        let amount = parse_optional(sheet.get(row, "金额"))
            .map_err(|e| sheet.error(row, format!("“金额”列：{e}")))?
            .unwrap_or_default();
        if line.is_total() {
            totals.push((line, amount, row));
        } else {
            given.insert(line.id.clone(), amount);
        }
    }
    if seen.is_empty() {
        return Err(Error::input(format!("{}：没有数据行；请按“行次,金额”逐行抄录上年工会02表的本年数", sheet.file)));
    }
    let values = statement::from_lines(&layout, &given);
    for (line, amount, row) in totals {
        let sum = values[&line.id];
        if sum != amount {
            return Err(sheet.error(
                row,
                format!(
                    "行次 {} {} 为 {}，但各分项相加为 {}，相差 {}：请核对这一行或它的分项",
                    line.row.unwrap_or(0),
                    line.label,
                    amount.grouped(),
                    sum.grouped(),
                    (amount - sum).abs().grouped()
                ),
            ));
        }
    }
    Ok((values, seen.len()))
}

/// Keep year `year`'s figures (the year before the books begin), replacing any kept before.
pub async fn import(ctx: &Ctx, path: &Path, encoding: Option<&str>, year: Option<i32>) -> Result<Kept> {
    let year = match year {
        Some(y) => y,
        None => {
            ctx.books()
                .year_setting()
                .await?
                .ok_or_else(|| Error::input("请用 --year 指定上年数所属年度，如 --year 2024"))?
                - 1
        }
    };
    let (values, lines) = read(path, encoding)?;
    let tx = ctx.act(Act::Prepare).await?;
    let b = tx.books();
    // Where the books hold that year, its figures come from them.
    let f = VoucherFilter {
        from: Some(Period::new(year, 1)),
        to: Some(Period::new(year, 12)),
        status: Some(Status::Posted),
        ..Default::default()
    };
    let opening = Source::Opening { file: String::new() }.kind();
    if let Some(h) = b.voucher_headers(&f).await?.into_iter().find(|h| h.source_kind != opening) {
        return Err(Error::conflict(format!(
            "{year} 年的账已在本账套中（如凭证 {}），工会02表的上年数直接取自账簿，无须录入",
            h.no
        )));
    }
    // The year-end balances copied must be the opening balances booked.
    let layout = statement::income_expense();
    let rows = b.balance_totals_by_activity(Period(0), Period::new(year, 12)).await?;
    let booked = statement::Snapshot::at(&b.chart().await?, &b.earmarked().await?, &rows);
    let books = statement::evaluate(&layout, &booked, false);
    let mut differ = Vec::new();
    for l in layout.lines.iter().filter(|l| l.measure.as_deref() == Some("closing")) {
        let (kept, booked) = (values[&l.id], books[&l.id]);
        if kept != booked && !booked.is_zero() {
            differ.push(format!(
                "行次 {} {} 为 {}，期初余额凭证为 {}",
                l.row.unwrap_or(0),
                l.label,
                kept.grouped(),
                booked.grouped()
            ));
        }
    }
    if !differ.is_empty() {
        return Err(Error::input(format!(
            "{}：上年末资金结转结余与已记账的期初余额不一致：{}。请核对上年工会02表或期初余额",
            path.display(),
            differ.join("；")
        )));
    }
    let warnings = layout
        .checks
        .iter()
        .filter_map(|c| {
            let (l, r) = c.sides(&values);
            (l != r).then(|| {
                format!("{} 不成立：左边 {}，右边 {}，相差 {}", c.label, l.grouped(), r.grouped(), (l - r).grouped())
            })
        })
        .collect();
    tx.store
        .set_setting(
            &tx.org,
            &prior_year::setting(year),
            &prior_year::encode(&values),
            &tx.user,
            "上年工会02表（上年数）",
        )
        .await?;
    tx.commit().await?;
    Ok(Kept { year, lines, warnings })
}
