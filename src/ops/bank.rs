//! `import bank`: a statement into the union's bank account, every line once.

use super::classify;
use super::Ctx;
use crate::error::{Error, Result};
use crate::import::fingerprint::Fingerprinter;
use crate::import::layout::{self, Layout};
use crate::import::parse::{self, breaks, BankLine, Skipped};
use crate::import::statement;
use crate::money::Amount;
use crate::store::{BankImport, Finish, NewBankLine, ROWS_PER_INSERT};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct Summary {
    // The keys `import bank --format json` promises, in their order; the rest are appended.
    pub read: usize,
    pub imported: usize,
    pub duplicate: usize,
    pub skipped: usize,
    pub inflow: Amount,
    pub outflow: Amount,
    pub closing_balance: Option<Amount>,
    pub file: String,
    pub layout: String,
    /// The layout's bank and kind of export (工商银行 企业网银 历史明细).
    pub layout_label: String,
    pub encoding: String,
    pub account: String,
    #[serde(skip)]
    pub skipped_lines: Vec<Skipped>,
    /// Balance breaks: (line before, line after, expected, found).
    #[serde(skip)]
    pub breaks: Vec<(usize, usize, Amount, Amount)>,
    pub dry_run: bool,
    /// Lines linked to vouchers already in the books.
    pub matched: usize,
    /// Draft vouchers made by the classification rules.
    pub vouchers: Vec<String>,
    /// Lines left for `bank classify`.
    pub pending: usize,
    /// The first of them: (sequence, date, amount, why).
    #[serde(skip)]
    pub pending_sample: Vec<(i64, chrono::NaiveDate, Amount, String)>,
    /// The import's number (for `bank undo-import`); None on a dry run.
    pub import_id: Option<i64>,
    /// Lines whose balance cell could not be read: (line, its text), the first few; and how many.
    #[serde(skip)]
    pub unreadable_balances: Vec<(usize, String)>,
    pub unreadable_balance_count: usize,
    /// `--dry-run`: what would become of every line of the file, in file order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<DryLine>,
}

pub use crate::import::lines::DryLine;

/// The layouts to try: all built-in ones, one by name, or a user's file.
pub fn layouts(choice: &str) -> Result<Vec<Layout>> {
    let all = layout::builtin();
    if choice == "auto" {
        return Ok(all);
    }
    if choice.ends_with(".toml") {
        let text = std::fs::read_to_string(choice)
            .map_err(|e| Error::io(format!("无法读取版式文件 {choice}：{}", crate::error::os(&e))))?;
        return Ok(vec![layout::parse(&text, choice)?]);
    }
    // Named exactly, a layout is taken as told: the columns that only tell layouts apart in
    // auto-detection (`require`) are not asked for.
    if let Some(l) = all.iter().find(|l| l.name == choice) {
        return Ok(vec![Layout { require: Vec::new(), ..l.clone() }]);
    }
    let matching: Vec<Layout> = all.iter().filter(|l| l.name.starts_with(&format!("{choice}-"))).cloned().collect();
    if matching.is_empty() {
        return Err(Error::input(format!(
            "没有名为“{choice}”的版式；可用：auto、{}，或版式文件路径（.toml）",
            all.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join("、")
        )));
    }
    Ok(matching)
}

/// The classification rules: the built-in ones, or a user's file.
pub fn rules(file: Option<&str>) -> Result<Vec<crate::import::classify::Rule>> {
    match file {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Error::io(format!("无法读取分类规则 {p}：{}", crate::error::os(&e))))?;
            crate::import::classify::parse(&text, p)
        }
        None => crate::import::classify::parse(crate::import::classify::DEFAULT, "内置规则"),
    }
}

/// The account a statement belongs to: 102 or an enabled detail account under it (true), or,
/// for a credit-card statement, an enabled liability account (false).
async fn check_account(ctx: &Ctx, account: &str) -> Result<bool> {
    let chart = ctx.books().chart().await?;
    match chart.get(account) {
        Some(a) if a.code.starts_with("102") && a.enabled && chart.is_leaf(account) => Ok(true),
        Some(a) if a.code.starts_with("102") => {
            Err(Error::input(format!("科目 {account} 有明细科目，请用 --account 指定银行账户的明细科目")))
        }
        Some(a) if a.class == crate::ledger::chart::Class::Liability && a.enabled && chart.is_leaf(account) => {
            Ok(false)
        }
        _ => Err(Error::input(format!(
            "--account {account} 不是银行存款（102）或其明细科目（信用卡账单可记入负债科目）"
        ))),
    }
}

/// How far a long import has got: the number of lines read so far (called once per batch).
pub type Progress<'a> = Option<&'a (dyn Fn(u64) + Sync)>;

/// `import bank`: the statement's new lines, their classification (links to vouchers in the books,
/// drafts by the rules) and the import's record, all in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn import(
    ctx: &Ctx,
    path: &Path,
    layout_choice: &str,
    encoding: Option<&str>,
    account: &str,
    dry_run: bool,
    rules: &[crate::import::classify::Rule],
    progress: Progress<'_>,
) -> Result<Summary> {
    import_forced(ctx, path, layout_choice, encoding, account, dry_run, false, rules, progress).await
}

/// `import bank` with `--force`: a credit-card statement taken into 银行存款 all the same.
#[allow(clippy::too_many_arguments)]
pub async fn import_forced(
    ctx: &Ctx,
    path: &Path,
    layout_choice: &str,
    encoding: Option<&str>,
    account: &str,
    dry_run: bool,
    force: bool,
    rules: &[crate::import::classify::Rule],
    progress: Progress<'_>,
) -> Result<Summary> {
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    let ctx = &tx;
    let is_bank = check_account(ctx, account).await?;
    let ls = layouts(layout_choice)?;
    // Three stages at once: a thread reads and parses the file; this task fingerprints the
    // lines, drops those already in the books and passes the new ones on; the store writes them
    // inside one transaction, committed only when the whole file has been read without error.
    let (batches_tx, mut batches) = tokio::sync::mpsc::channel::<Vec<BankLine>>(4);
    let reader = {
        let (path, encoding) = (path.to_path_buf(), encoding.map(str::to_string));
        tokio::task::spawn_blocking(move || {
            statement::stream(&path, encoding.as_deref(), &ls, ROWS_PER_INSERT, &mut |b| {
                batches_tx.blocking_send(b).is_ok()
            })
        })
    };
    let existing = ctx.store.bank_fingerprints(&ctx.org, account).await?;
    let range = ctx.books().open_range().await?;
    let mut classifier =
        classify::Classifier::new(ctx, account, &file_name(&path.display().to_string()), rules).await?;
    let (rows_tx, rows) = tokio::sync::mpsc::channel::<Vec<NewBankLine>>(4);
    let (finish_tx, finish) = tokio::sync::oneshot::channel::<Finish>();
    let produce = async move {
        let mut fp = Fingerprinter::new(account);
        // Lines dated outside the books' range: skipped with that reason, the rest imported.
        let mut outside: Vec<Skipped> = Vec::new();
        // Every line's (date, line, amount, balance), for the balance check and closing balance.
        let mut all: Vec<(NaiveDate, u32, i64, i64)> = Vec::new();
        let mut new = 0usize;
        let mut unreadable: (Vec<(usize, String)>, usize) = (Vec::new(), 0);
        // What would become of every line (`--dry-run` only).
        let mut dry: Vec<DryLine> = Vec::new();
        let (mut inflow, mut outflow) = (Amount::ZERO, Amount::ZERO);
        while let Some(batch) = batches.recv().await {
            let mut out = Vec::with_capacity(batch.len());
            for l in batch {
                let f = fp.next(&l.as_ref());
                if let Some(t) = &l.unreadable_balance {
                    unreadable.1 += 1;
                    if unreadable.0.len() < 5 {
                        unreadable.0.push((l.line, t.clone()));
                    }
                }
                all.push((l.date, l.line as u32, l.amount.fen(), l.balance.map(|b| b.fen()).unwrap_or(i64::MIN)));
                if !range.contains(l.date) {
                    let reason = format!("交易日期 {} 不在本会账套的记账期间内（{}）", l.date, range.label());
                    if dry_run {
                        dry.push(DryLine::of(&l, format!("跳过：{reason}")));
                    }
                    outside.push(Skipped { line: l.line, reason });
                    continue;
                }
                if existing.contains(&f) {
                    if dry_run {
                        dry.push(DryLine::of(&l, "已导入过，不再导入".into()));
                    }
                    continue;
                }
                if l.amount.fen() > 0 {
                    inflow += l.amount;
                } else {
                    outflow += -l.amount;
                }
                new += 1;
                let fate = classifier.line(&l, &f);
                if dry_run {
                    dry.push(DryLine::of(&l, classifier.describe(&fate, &l)));
                }
                out.push(NewBankLine { line: l, fingerprint: f });
            }
            if let Some(p) = progress {
                p(all.len() as u64);
            }
            if !dry_run && !out.is_empty() && rows_tx.send(out).await.is_err() {
                break;
            }
        }
        drop(rows_tx);
        drop(batches);
        // The reader has finished (its channel is closed): commit only if it read the whole file.
        let meta = match reader.await {
            Ok(m) => m,
            Err(e) => Err(Error::database(format!("读取对账单的线程失败：{e}"))),
        };
        // A card statement is money owed: not into 银行存款 unless asked; a liability account
        // takes only card statements.
        let meta = meta.and_then(|m| match (m.credit, is_bank) {
            (true, true) if !force => Err(Error::refused(format!(
                "{}：这是信用卡账单（版式 {}，{}），信用卡欠款不是银行存款：请用 --account 指定负债科目\
                 （如 215 其他应付款的明细），确需记入 {account} 时加 --force",
                file_name(&m.file),
                m.layout,
                m.layout_label
            ))),
            (false, false) => Err(Error::refused(format!(
                "--account {account} 是负债科目，只用于导入信用卡账单；{} 是银行账户流水（版式 {}），请用 --account 102",
                file_name(&m.file),
                m.layout
            ))),
            _ => Ok(m),
        });
        let finish = match &meta {
            Ok(m) if !dry_run => Finish::Commit {
                imp: BankImport {
                    account: account.to_string(),
                    file_name: file_name(&m.file),
                    layout: m.layout.clone(),
                    encoding: m.encoding.to_string(),
                    read: m.read as i64,
                    imported: new as i64,
                    duplicate: (all.len() - new - outside.len()) as i64,
                    skipped: (m.skipped.len() + outside.len()) as i64,
                    imported_by: ctx.user.clone(),
                },
                reverse: newest_first(&all),
            },
            _ => Finish::Abort,
        };
        let _ = finish_tx.send(finish);
        meta.map(|mut m| {
            let n_outside = outside.len();
            if dry_run {
                dry.extend(m.skipped.iter().map(|k| DryLine::skipped(k.line, &k.reason)));
                dry.sort_by_key(|d| d.line);
            }
            m.skipped.extend(outside);
            m.skipped.sort_by_key(|k| k.line);
            (m, all, new, n_outside, classifier, inflow, outflow, unreadable, dry)
        })
    };
    let store = async {
        if dry_run {
            return Ok(None);
        }
        ctx.store.insert_bank_stream(&ctx.org, account, rows, finish).await
    };
    let (read, written) = tokio::join!(produce, store);
    let (meta, mut all, new, n_outside, classifier, inflow, outflow, unreadable, dry) = read?;
    let written = written?;
    let reverse = newest_first(&all);
    parse::date_order(&mut all, |l| l.0);
    let balance = |b: i64| (b != i64::MIN).then_some(Amount(b));
    let mut summary = Summary {
        file: file_name(&meta.file),
        layout: meta.layout.clone(),
        layout_label: meta.layout_label.clone(),
        encoding: meta.encoding.to_string(),
        account: account.to_string(),
        read: meta.read,
        imported: new,
        duplicate: all.len() - new - n_outside,
        skipped: meta.skipped.len(),
        inflow,
        outflow,
        closing_balance: all.iter().rev().find_map(|l| balance(l.3)),
        skipped_lines: meta.skipped,
        breaks: breaks(all.iter().map(|l| (l.1 as usize, Amount(l.2), balance(l.3)))),
        dry_run,
        matched: 0,
        vouchers: Vec::new(),
        pending: 0,
        pending_sample: Vec::new(),
        import_id: None,
        unreadable_balances: unreadable.0,
        unreadable_balance_count: unreadable.1,
        lines: dry,
    };
    drop(all);
    let Some((import_id, first_seq)) = written else { return Ok(summary) };
    summary.import_id = Some(import_id);
    tx.store.fault("bank:classify")?;
    let c = classifier.finish(ctx, first_seq, reverse).await?;
    tx.store.fault("bank:linked")?;
    let detail = format!(
        "{} 第 {import_id} 次导入：新增 {} 行，重复 {} 行，跳过 {} 行；生成凭证 {} 张，待分类 {} 行",
        account,
        summary.imported,
        summary.duplicate,
        summary.skipped,
        c.vouchers.len(),
        c.pending
    );
    tx.store.log_event(&tx.org, &tx.user, "bank_import", &summary.file, &detail).await?;
    tx.commit().await?;
    summary.matched = c.matched;
    summary.vouchers = c.vouchers;
    summary.pending = c.pending;
    summary.pending_sample = c.pending_sample;
    Ok(summary)
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default()
}

/// Whether a file lists its lines newest first (its first line dated after its last).
fn newest_first(all: &[(NaiveDate, u32, i64, i64)]) -> bool {
    all.len() > 1 && all.first().map(|l| l.0) > all.last().map(|l| l.0)
}
