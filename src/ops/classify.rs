//! Turning bank lines into vouchers: by the classification rules on import, by hand with
//! `bank classify`, with the way a counterparty was classified before as the suggestion.

use super::Ctx;
use crate::allocation;
use crate::error::{Error, Result};
use crate::import::classify::{first_match, Rule};
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::store::{PendingLine, PostTarget};

/// The voucher of a bank line booked against `account` (and `activity`).
pub fn voucher_for(l: &PendingLine, account: &str, activity: &str, text: Option<&str>) -> NewVoucher {
    let summary = match text {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => [l.summary.as_str(), l.counterparty.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" "),
    };
    let amt = l.amount.abs();
    let lines = if l.amount.fen() > 0 {
        vec![Line::debit(&l.account, amt, ""), Line::credit(account, amt, activity)]
    } else {
        vec![Line::debit(account, amt, activity), Line::credit(&l.account, amt, "")]
    };
    NewVoucher {
        date: l.date,
        summary: if summary.is_empty() { "银行流水".into() } else { summary },
        attachments: 1,
        lines,
        source: Source::Import { file: l.file_name.clone(), line: l.file_line as usize },
        decision_ref: String::new(),
        reverses: None,
    }
}

async fn rule_voucher(ctx: &Ctx, l: &PendingLine, r: &Rule) -> Result<NewVoucher> {
    let p = Period::of(l.date);
    Ok(match r.allocation.as_deref() {
        Some("receive") => {
            let s = ctx.store.allocation_settings(&ctx.org, p.year()).await?;
            allocation::receive_voucher(&s, p, l.amount, l.date, &l.account)
        }
        Some("dues") => allocation::dues_voucher(p, l.amount, l.date, &l.account),
        Some("remit") => allocation::remit_voucher(l.amount.abs(), l.date, &l.account),
        _ => voucher_for(
            l,
            r.account.as_deref().unwrap_or_default(),
            r.activity.as_deref().unwrap_or(""),
            r.text.as_deref(),
        ),
    })
}

/// How many days apart a statement line and a voucher may be and still match.
pub const MATCH_DAYS: i64 = 3;

/// Link pending lines to vouchers already in the books (booked before the statement came): same
/// bank account, same signed amount, dated within `MATCH_DAYS`, not linked to another line.
/// Returns how many lines were matched.
pub async fn match_existing(ctx: &Ctx) -> Result<usize> {
    let pending = ctx.store.pending_lines(&ctx.org, None).await?;
    let mut matched = 0;
    let mut accounts: Vec<String> = pending.iter().map(|l| l.account.clone()).collect();
    accounts.sort();
    accounts.dedup();
    for account in accounts {
        let lines: Vec<&PendingLine> = pending.iter().filter(|l| l.account == account).collect();
        let (Some(from), Some(to)) = (lines.iter().map(|l| l.date).min(), lines.iter().map(|l| l.date).max()) else {
            continue;
        };
        let window = chrono::Duration::days(MATCH_DAYS);
        let mut taken = ctx.store.linked_vouchers(&ctx.org, &account).await?;
        let movements = ctx.store.bank_movements(&ctx.org, &account, from - window, to + window).await?;
        for l in lines {
            let best = movements
                .iter()
                .filter(|m| {
                    m.amount == l.amount && !taken.contains(&m.no) && (m.date - l.date).num_days().abs() <= MATCH_DAYS
                })
                .min_by_key(|m| (m.date - l.date).num_days().abs());
            if let Some(m) = best {
                ctx.store.set_bank_voucher(&ctx.org, &account, &l.fingerprint, &m.no).await?;
                taken.insert(m.no.clone());
                matched += 1;
            }
        }
    }
    Ok(matched)
}

/// Classify the pending lines by the rules: (vouchers made, lines left pending with why).
pub async fn by_rules(ctx: &Ctx, rules: &[Rule]) -> Result<(Vec<String>, Vec<(PendingLine, String)>)> {
    let pending = ctx.store.pending_lines(&ctx.org, None).await?;
    let check = super::vouchers::rules(ctx).await?;
    let mut made: Vec<(PendingLine, NewVoucher)> = Vec::new();
    let mut left = Vec::new();
    for l in pending {
        let Some(r) = first_match(rules, &l.counterparty, &l.summary, l.amount) else {
            left.push((l, "没有匹配的分类规则".to_string()));
            continue;
        };
        let v = rule_voucher(ctx, &l, r).await?;
        match check.check(&v) {
            Ok(()) => made.push((l, v)),
            Err(e) => left.push((l, format!("规则“{}”生成的凭证不能保存：{}", r.name, e.reason))),
        }
    }
    if made.is_empty() {
        return Ok((Vec::new(), left));
    }
    let vs: Vec<NewVoucher> = made.iter().map(|(_, v)| v.clone()).collect();
    let ids = ctx.store.insert_vouchers(&ctx.org, &vs, &ctx.user, PostTarget::Draft).await?;
    let mut nos = Vec::new();
    for ((l, _), (_, no)) in made.iter().zip(ids) {
        ctx.store.set_bank_voucher(&ctx.org, &l.account, &l.fingerprint, &no).await?;
        nos.push(no);
    }
    Ok((nos, left))
}

/// How the same counterparty was booked last time: (account, activity).
pub async fn suggestion(ctx: &Ctx, l: &PendingLine) -> Result<Option<(String, String)>> {
    if l.counterparty.is_empty() {
        return Ok(None);
    }
    let Some(no) = ctx.store.last_voucher_for_counterparty(&ctx.org, &l.counterparty).await? else { return Ok(None) };
    let Some(v) = ctx.store.voucher(&ctx.org, &no).await? else { return Ok(None) };
    Ok(v.lines.iter().find(|x| !x.account.starts_with("102")).map(|x| (x.account.clone(), x.activity.clone())))
}

/// `bank classify SEQ --account … [--activity …]`: a draft voucher for one pending line; without
/// an account, the suggestion is used.
pub async fn by_hand(
    ctx: &Ctx,
    seq: i64,
    account: Option<&str>,
    activity: Option<&str>,
    text: Option<&str>,
) -> Result<String> {
    let l =
        ctx.store.pending_lines(&ctx.org, Some(seq)).await?.into_iter().next().ok_or_else(|| {
            Error::input(format!("没有序号为 {seq} 的待分类流水（gonghui bank pending 列出待分类流水）"))
        })?;
    let (account, activity) = match (account, suggestion(ctx, &l).await?) {
        (Some(a), _) => (a.to_string(), activity.unwrap_or("").to_string()),
        (None, Some((a, act))) => (a, activity.map(str::to_string).unwrap_or(act)),
        (None, None) => return Err(Error::input("请用 --account 指定对方科目（如 50105）")),
    };
    let v = voucher_for(&l, &account, &activity, text);
    let (no, _) = super::vouchers::add(ctx, v, false).await?;
    ctx.store.set_bank_voucher(&ctx.org, &l.account, &l.fingerprint, &no).await?;
    Ok(no)
}
