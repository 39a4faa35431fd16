//! `import bank`: a statement into the union's bank account, every line once.

use super::Ctx;
use crate::error::{Error, Result};
use crate::import::fingerprint::fingerprints;
use crate::import::layout::{self, Layout};
use crate::import::parse::{self, breaks, BankLine, Skipped};
use crate::ledger::chart::ChartView;
use crate::money::Amount;
use crate::store::BankImport;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub file: String,
    pub layout: String,
    pub encoding: String,
    pub account: String,
    pub read: usize,
    pub imported: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub inflow: Amount,
    pub outflow: Amount,
    pub closing_balance: Option<Amount>,
    #[serde(skip)]
    pub skipped_lines: Vec<Skipped>,
    /// Balance breaks: (line before, line after, expected, found).
    #[serde(skip)]
    pub breaks: Vec<(usize, usize, Amount, Amount)>,
    pub dry_run: bool,
    /// Lines linked to vouchers already in the books.
    #[serde(skip)]
    pub matched: usize,
    /// Draft vouchers made by the classification rules.
    #[serde(skip)]
    pub vouchers: Vec<String>,
    /// Lines left for `bank classify`: (sequence, date, amount, why).
    #[serde(skip)]
    pub pending: Vec<(i64, chrono::NaiveDate, Amount, String)>,
}

/// The layouts to try: all built-in ones, one by name, or a user's file.
pub fn layouts(choice: &str) -> Result<Vec<Layout>> {
    let all = layout::builtin();
    if choice == "auto" {
        return Ok(all);
    }
    if choice.ends_with(".toml") {
        let text =
            std::fs::read_to_string(choice).map_err(|e| Error::input(format!("无法读取版式文件 {choice}：{e}")))?;
        return Ok(vec![layout::parse(&text, choice)?]);
    }
    let matching: Vec<Layout> =
        all.iter().filter(|l| l.name == choice || l.name.starts_with(&format!("{choice}-"))).cloned().collect();
    if matching.is_empty() {
        return Err(Error::input(format!(
            "没有名为“{choice}”的版式；可用：auto、{}，或版式文件路径（.toml）",
            all.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join("、")
        )));
    }
    Ok(matching)
}

/// The bank account a statement belongs to: 102 or an enabled detail account under it.
async fn check_account(ctx: &Ctx, account: &str) -> Result<()> {
    let chart = ChartView::new(ctx.store.accounts(&ctx.org).await?);
    match chart.get(account) {
        Some(a) if a.code.starts_with("102") && a.enabled && chart.is_leaf(account) => Ok(()),
        Some(a) if a.code.starts_with("102") => {
            Err(Error::input(format!("科目 {account} 有明细科目，请用 --account 指定银行账户的明细科目")))
        }
        _ => Err(Error::input(format!("--account {account} 不是银行存款（102）或其明细科目"))),
    }
}

pub async fn import(
    ctx: &Ctx,
    path: &Path,
    layout_choice: &str,
    encoding: Option<&str>,
    account: &str,
    dry_run: bool,
    rules: &[crate::import::classify::Rule],
) -> Result<Summary> {
    check_account(ctx, account).await?;
    let raw = crate::sheet::read_raw(path, encoding)?;
    let ls = layouts(layout_choice)?;
    let (l, header, cols) = parse::detect(&raw, &ls)?;
    let parsed = parse::parse(&raw, l, header, &cols)?;
    let fps = fingerprints(account, &parsed.lines);
    let existing = ctx.store.bank_fingerprints(&ctx.org, account).await?;
    let new: Vec<(&BankLine, String)> =
        parsed.lines.iter().zip(fps).filter(|(_, fp)| !existing.contains(fp)).map(|(l, fp)| (l, fp)).collect();
    let inflow: Amount = new.iter().filter(|(l, _)| l.amount.fen() > 0).map(|(l, _)| l.amount).sum();
    let outflow: Amount = new.iter().filter(|(l, _)| l.amount.fen() < 0).map(|(l, _)| -l.amount).sum();
    let file = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let mut summary = Summary {
        file: file.clone(),
        layout: parsed.layout.clone(),
        encoding: raw.encoding.to_string(),
        account: account.to_string(),
        read: parsed.read,
        imported: new.len(),
        duplicate: parsed.lines.len() - new.len(),
        skipped: parsed.skipped.len(),
        inflow,
        outflow,
        closing_balance: parsed.lines.iter().rev().find_map(|l| l.balance),
        skipped_lines: parsed.skipped.clone(),
        breaks: breaks(&parsed.lines),
        dry_run,
        matched: 0,
        vouchers: Vec::new(),
        pending: Vec::new(),
    };
    if dry_run || new.is_empty() {
        return Ok(summary);
    }
    let imp = BankImport {
        account: account.to_string(),
        file_name: file,
        layout: parsed.layout.clone(),
        encoding: raw.encoding.to_string(),
        read: summary.read as i64,
        imported: summary.imported as i64,
        duplicate: summary.duplicate as i64,
        skipped: summary.skipped as i64,
        imported_by: ctx.user.clone(),
    };
    let bar = (new.len() > 10_000).then(|| {
        let b = indicatif::ProgressBar::new(new.len() as u64);
        b.set_style(indicatif::ProgressStyle::with_template("导入 {bar:40} {pos}/{len} 行").expect("template"));
        b
    });
    ctx.store
        .insert_bank_lines(&ctx.org, &imp, &new, &|n| {
            if let Some(b) = &bar {
                b.set_position(n as u64);
            }
        })
        .await?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    summary.matched = super::classify::match_existing(ctx).await?;
    let (vouchers, left) = super::classify::by_rules(ctx, rules).await?;
    summary.vouchers = vouchers;
    summary.pending = left.into_iter().map(|(l, why)| (l.seq, l.date, l.amount, why)).collect();
    Ok(summary)
}
