//! Statement lines and the vouchers that book them, after the import: matched by hand (one line to
//! one voucher, several lines to one voucher, one line to several), matched automatically when a
//! voucher is typed after its line came in, set aside with a reason, an import undone, a paper
//! statement's balance entered. Each leaves an event (what, who, why).

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, Status, Voucher};
use crate::money::Amount;
use crate::store::LineRef;
use std::collections::BTreeSet;

/// How many days apart a statement line and a voucher may be and still match.
pub use super::classify::MATCH_DAYS;

async fn line(ctx: &Ctx, seq: i64) -> Result<LineRef> {
    ctx.store
        .bank_line(&ctx.org, seq)
        .await?
        .ok_or_else(|| Error::not_found(format!("没有序号为 {seq} 的银行流水（gonghui bank pending 列出待分类流水）")))
}

/// A voucher's movement on a bank account (debit less credit).
fn movement(lines: &[Line], account: &str) -> Amount {
    lines.iter().filter(|l| l.account == account).map(|l| l.debit - l.credit).sum()
}

/// `bank match LINE… NO…`: link lines to vouchers (posted or not) of the same bank account whose
/// sums agree — one line to one voucher, several lines to one, or one line to several.
pub async fn match_lines(ctx: &Ctx, seqs: &[i64], nos: &[String]) -> Result<()> {
    if seqs.is_empty() || nos.is_empty() {
        return Err(Error::input(
            "请给出流水序号和凭证号，例如 gonghui bank match 17 202503-2（或 17 18 记-202503-0002）",
        ));
    }
    if seqs.len() > 1 && nos.len() > 1 {
        return Err(Error::input("只能一笔流水对一张或多张凭证，或多笔流水对一张凭证；请分开匹配"));
    }
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    let mut lines = Vec::new();
    for s in seqs {
        let l = line(&tx, *s).await?;
        if !l.vouchers.is_empty() {
            return Err(Error::conflict(format!("流水 {s} 已对应凭证 {}", l.vouchers.join("、"))));
        }
        if !l.ignored.is_empty() {
            return Err(Error::refused(format!("流水 {s} 已被搁置（{}）：先 gonghui bank unignore {s}", l.ignored)));
        }
        lines.push(l);
    }
    let account = lines[0].account.clone();
    if let Some(other) = lines.iter().find(|l| l.account != account) {
        return Err(Error::input(format!(
            "流水 {} 属于 {}，与流水 {} 的 {account} 不是同一账户",
            other.seq, other.account, lines[0].seq
        )));
    }
    let taken = tx.books().linked_vouchers(&account).await?;
    let mut vouchers: Vec<Voucher> = Vec::new();
    for no in nos {
        let v = tx.books().voucher(no).await?.ok_or_else(|| Error::not_found(format!("凭证 {no} 不存在")))?;
        if v.status == Status::Void {
            return Err(Error::refused(format!("凭证 {no} 已作废")));
        }
        if movement(&v.lines, &account).is_zero() {
            return Err(Error::input(format!("凭证 {no} 没有 {account} 的收付，不能与该账户的流水匹配")));
        }
        if taken.contains(&v.no) {
            return Err(Error::conflict(format!("凭证 {no} 已与其他流水对应")));
        }
        vouchers.push(v);
    }
    let on_statement: Amount = lines.iter().map(|l| l.amount).sum();
    let in_books: Amount = vouchers.iter().map(|v| movement(&v.lines, &account)).sum();
    if on_statement != in_books {
        return Err(Error::refused(format!(
            "金额不符：流水合计 {}，凭证在 {account} 的收付合计 {}（相差 {}）；请核对后再匹配",
            on_statement.grouped(),
            in_books.grouped(),
            (on_statement - in_books).abs().grouped()
        )));
    }
    let mut links = Vec::new();
    for l in &lines {
        for v in &vouchers {
            links.push((l.fingerprint.clone(), v.no.clone()));
        }
    }
    tx.store.link_bank_lines(&tx.org, &account, &links, &tx.user).await?;
    let what =
        format!("流水 {} ↔ 凭证 {}", seqs.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"), nos.join("、"));
    tx.store.log_event(&tx.org, &tx.user, "bank_match", &account, &what).await?;
    tx.commit().await
}

/// After a voucher is typed: link each of its bank movements to a line waiting on the same account
/// (same signed amount, dated within `MATCH_DAYS`, the closest first). Returns the lines matched.
pub async fn auto_match(ctx: &Ctx, no: &str, lines: &[Line], date: chrono::NaiveDate) -> Result<Vec<i64>> {
    let accounts: BTreeSet<&str> =
        lines.iter().filter(|l| l.account.starts_with("102")).map(|l| l.account.as_str()).collect();
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    let pending = ctx.books().pending_lines(None).await?;
    let mut matched = Vec::new();
    for account in accounts {
        let amount = movement(lines, account);
        let best = pending
            .iter()
            .filter(|p| p.account == account && p.amount == amount && (p.date - date).num_days().abs() <= MATCH_DAYS)
            .min_by_key(|p| ((p.date - date).num_days().abs(), p.seq));
        if let Some(p) = best {
            ctx.store.link_bank_lines(&ctx.org, account, &[(p.fingerprint.clone(), no.to_string())], &ctx.user).await?;
            matched.push(p.seq);
        }
    }
    Ok(matched)
}

fn need_reason(reason: &str, example: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(Error::input(format!("请用 --reason 写明理由，例如“{example}”")));
    }
    Ok(())
}

/// `bank ignore LINE --reason`: set a line aside (a closed trade, a statement of another card).
pub async fn ignore(ctx: &Ctx, seq: i64, reason: &str) -> Result<()> {
    need_reason(reason, "交易关闭，款项未发生")?;
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    let l = line(&tx, seq).await?;
    if !l.vouchers.is_empty() {
        return Err(Error::refused(format!(
            "流水 {seq} 已对应凭证 {}，不能搁置；如凭证有误，请先作废草稿或冲销",
            l.vouchers.join("、")
        )));
    }
    if !l.ignored.is_empty() {
        return Err(Error::conflict(format!("流水 {seq} 已经搁置（{}）", l.ignored)));
    }
    tx.store.ignore_bank_line(&tx.org, &l, Some(reason.trim()), &tx.user).await?;
    let what = format!("流水 {seq}（{} {}）：{}", l.date, l.amount.grouped(), reason.trim());
    tx.store.log_event(&tx.org, &tx.user, "bank_ignore", &l.account, &what).await?;
    tx.commit().await
}

/// `bank unignore LINE`: the line waits to be booked again.
pub async fn unignore(ctx: &Ctx, seq: i64, reason: &str) -> Result<()> {
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    let l = line(&tx, seq).await?;
    if l.ignored.is_empty() {
        return Err(Error::refused(format!("流水 {seq} 没有被搁置")));
    }
    tx.store.ignore_bank_line(&tx.org, &l, None, &tx.user).await?;
    let what = format!("流水 {seq}（原搁置理由：{}）{}", l.ignored, reason.trim());
    tx.store.log_event(&tx.org, &tx.user, "bank_unignore", &l.account, &what).await?;
    tx.commit().await
}

/// `bank undo-import ID --reason`: take back an import none of whose lines is booked yet.
/// Returns how many lines went.
pub async fn undo_import(ctx: &Ctx, id: i64, reason: &str) -> Result<u64> {
    need_reason(reason, "导入了错误账户的对账单")?;
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    let imports = tx.store.bank_imports(&tx.org).await?;
    let imp = imports
        .iter()
        .find(|i| i.id == id)
        .ok_or_else(|| Error::not_found(format!("没有编号为 {id} 的导入（gonghui bank imports 列出导入记录）")))?;
    if imp.undone_at.is_some() {
        return Err(Error::conflict(format!("导入 {id} 已经撤销")));
    }
    let booked = tx.store.booked_lines_of_import(&tx.org, id).await?;
    if !booked.is_empty() {
        let shown: Vec<String> = booked.iter().take(10).map(|s| s.to_string()).collect();
        return Err(Error::refused(format!(
            "导入 {id} 中有 {} 笔流水已对应凭证（序号 {}{}），不能撤销；请先作废或冲销这些凭证",
            booked.len(),
            shown.join("、"),
            if booked.len() > 10 { "…" } else { "" }
        )));
    }
    let n = tx.store.undo_bank_import(&tx.org, id, &tx.user, reason.trim()).await?;
    let what = format!("撤销导入 {id}（{}，{} 笔）：{}", imp.file_name, n, reason.trim());
    tx.store.log_event(&tx.org, &tx.user, "bank_undo_import", &imp.account, &what).await?;
    tx.commit().await?;
    Ok(n)
}

/// `bank statement --account A --month M --balance X`: a paper or PDF statement's closing balance.
pub async fn statement(ctx: &Ctx, account: &str, month: Period, balance: Amount) -> Result<()> {
    let chart = ctx.books().chart().await?;
    match chart.get(account) {
        Some(a) if account.starts_with("102") && chart.is_leaf(account) && a.enabled => {}
        _ => return Err(Error::input(format!("--account {account} 不是银行存款（102）的末级科目"))),
    }
    let tx = ctx.act(crate::ledger::roles::Act::Bank).await?;
    tx.store.set_statement_balance(&tx.org, account, month, balance, &tx.user).await?;
    let what = format!("{} 对账单余额 {}", month.label(), balance.grouped());
    tx.store.log_event(&tx.org, &tx.user, "bank_statement", account, &what).await?;
    tx.commit().await
}
