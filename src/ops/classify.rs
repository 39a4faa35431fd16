//! Turning bank lines into vouchers: by the classification rules on import, by hand with
//! `bank classify`, with the way a counterparty was classified before as the suggestion.

use super::Ctx;
use crate::allocation;
use crate::books::{BankMovement, PendingLine};
use crate::error::{Error, Result};
use crate::import::classify::{Booking, Rule};
use crate::import::fingerprint::Fingerprint;
use crate::import::parse::BankLine;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::money::Amount;
use crate::store::PostTarget;
use std::collections::{HashMap, HashSet};

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

/// `settings`: each year's allocation settings, read once per import (read per line, a
/// statement of 100,000 拨缴 receipts took minutes: every statement inside SQLite's transaction
/// costs in proportion to the pages the transaction has written).
async fn rule_voucher(
    ctx: &Ctx,
    l: &PendingLine,
    r: &Rule,
    settings: &mut HashMap<i32, allocation::Settings>,
) -> Result<NewVoucher> {
    // The month the money is for: the one its memo names (December's dues paid in January),
    // else the month it came.
    let p = crate::import::memo::period_named(&l.summary, l.date).unwrap_or(Period::of(l.date));
    Ok(match r.allocation {
        Some(Booking::Receive) => {
            if let std::collections::hash_map::Entry::Vacant(e) = settings.entry(p.year()) {
                e.insert(ctx.books().allocation_settings(p.year()).await?);
            }
            allocation::receive_voucher(&settings[&p.year()], p, l.amount, l.date, &l.account)
        }
        Some(Booking::Dues) => allocation::dues_voucher(p, l.amount, l.date, &l.account),
        Some(Booking::Remit) => allocation::remit_voucher(l.amount.abs(), l.date, &l.account, None),
        None => voucher_for(
            l,
            r.account.as_deref().unwrap_or_default(),
            r.activity.as_deref().unwrap_or(""),
            r.text.as_deref(),
        ),
    })
}

/// How many days apart a statement line and a voucher may be and still match.
pub const MATCH_DAYS: i64 = 3;

/// How many pending lines an import lists by name.
pub const PENDING_SAMPLE: usize = 20;

/// Decides, line by line as an import reads them, what becomes of each new line: linked to a
/// voucher already in the books (booked before the statement came: same bank account, same signed
/// amount, dated within `MATCH_DAYS`, not linked to another line), classified by a rule, or left
/// pending. Holds no line longer than needed: a million-line import keeps only the rule hits.
pub struct Classifier<'r> {
    account: String,
    file_name: String,
    rules: &'r [Rule],
    by_amount: HashMap<i64, Vec<BankMovement>>,
    taken: HashSet<String>,
    /// (fingerprint, voucher) of lines linked to vouchers in the books.
    links: Vec<(String, String)>,
    /// Lines a rule applies to (their sequence number still to come), with the rule's index.
    hits: Vec<(usize, PendingLine, usize)>,
    /// Pending lines: (index among the new lines, date, amount, why), the first few and the
    /// last few (the oldest, when the file lists the newest first).
    pending_first: Vec<(usize, chrono::NaiveDate, Amount, String)>,
    pending_last: std::collections::VecDeque<(usize, chrono::NaiveDate, Amount, String)>,
    pending: usize,
    count: usize,
}

fn ymd(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// What the classifier decided for a new line.
#[derive(Clone, Debug)]
pub enum Fate {
    /// Linked to a voucher already in the books.
    Linked(String),
    /// Classified by the rule with this index.
    Rule(usize),
    Pending,
}

pub struct Classified {
    /// Lines linked to vouchers already in the books.
    pub matched: usize,
    /// Draft vouchers made by the rules.
    pub vouchers: Vec<String>,
    pub pending: usize,
    pub pending_sample: Vec<(i64, chrono::NaiveDate, Amount, String)>,
}

impl<'r> Classifier<'r> {
    pub async fn new(ctx: &Ctx, account: &str, file_name: &str, rules: &'r [Rule]) -> Result<Classifier<'r>> {
        let taken = ctx.books().linked_vouchers(account).await?;
        // All the account's movements (dates are compared as text: keep to four-digit years).
        let (from, to) = (ymd(1900, 1, 1), ymd(9999, 12, 31));
        let mut by_amount: HashMap<i64, Vec<BankMovement>> = HashMap::new();
        let all = ctx.books().bank_movements(account, from, to).await?;
        // A voucher put right by a reversal, and the reversal, stand for no money the bank moved.
        let reversed: HashSet<i64> = all.iter().filter_map(|m| m.reverses).collect();
        for m in all {
            if !taken.contains(&m.no) && m.reverses.is_none() && !reversed.contains(&m.id) {
                by_amount.entry(m.amount.fen()).or_default().push(m);
            }
        }
        Ok(Classifier {
            account: account.to_string(),
            file_name: file_name.to_string(),
            rules,
            by_amount,
            taken,
            links: Vec::new(),
            hits: Vec::new(),
            pending_first: Vec::new(),
            pending_last: Default::default(),
            pending: 0,
            count: 0,
        })
    }

    /// The next new line, in file order; what becomes of it.
    pub fn line(&mut self, l: &BankLine, fp: &Fingerprint) -> Fate {
        let k = self.count;
        self.count += 1;
        let taken = &self.taken;
        let best = self.by_amount.get(&l.amount.fen()).and_then(|ms| {
            ms.iter()
                .filter(|m| !taken.contains(&m.no) && (m.date - l.date).num_days().abs() <= MATCH_DAYS)
                .min_by_key(|m| (m.date - l.date).num_days().abs())
        });
        if let Some(m) = best {
            self.taken.insert(m.no.clone());
            self.links.push((hex::encode(fp), m.no.clone()));
            return Fate::Linked(m.no.clone());
        }
        match self.rules.iter().position(|r| r.matches(&l.counterparty, &l.summary, l.amount)) {
            Some(r) => self.hits.push((
                k,
                PendingLine {
                    account: self.account.clone(),
                    fingerprint: hex::encode(fp),
                    seq: 0,
                    date: l.date,
                    amount: l.amount,
                    counterparty: l.counterparty.clone(),
                    summary: l.summary.clone(),
                    file_name: self.file_name.clone(),
                    file_line: l.line as i64,
                },
                r,
            )),
            None => {
                self.pend(k, l.date, l.amount, "没有匹配的分类规则".into());
                return Fate::Pending;
            }
        }
        Fate::Rule(self.hits.last().map(|h| h.2).unwrap_or_default())
    }

    /// What a fate means, in words (for `--dry-run`).
    pub fn describe(&self, fate: &Fate, l: &BankLine) -> String {
        match fate {
            Fate::Linked(no) => format!("新增，对上账上凭证 {no}"),
            Fate::Pending => "新增，待分类（没有匹配的分类规则）".into(),
            Fate::Rule(i) => {
                let r = &self.rules[*i];
                let p = crate::import::memo::period_named(&l.summary, l.date).unwrap_or(Period::of(l.date));
                let to = match (r.allocation, &r.account) {
                    (Some(Booking::Receive), _) => format!("拨缴经费（{}）→ 402/211", p.label()),
                    (Some(Booking::Dues), _) => format!("会费（{}）→ 401", p.label()),
                    (Some(Booking::Remit), _) => "上解上级 → 211".to_string(),
                    (None, Some(a)) => match r.activity.as_deref() {
                        Some(act) if !act.is_empty() => format!("{a}@{act}"),
                        _ => a.clone(),
                    },
                    (None, None) => String::new(),
                };
                format!("新增，规则“{}”：{to}（生成凭证草稿）", r.name)
            }
        }
    }

    fn pend(&mut self, k: usize, date: chrono::NaiveDate, amount: Amount, why: String) {
        self.pending += 1;
        if self.pending_first.len() < PENDING_SAMPLE {
            self.pending_first.push((k, date, amount, why.clone()));
        }
        if self.pending_last.len() == PENDING_SAMPLE {
            self.pending_last.pop_front();
        }
        self.pending_last.push_back((k, date, amount, why));
    }

    /// Once the lines are stored (numbered from `first_seq`, or from the end when `reverse`):
    /// make the rules' draft vouchers and link every classified line.
    pub async fn finish(mut self, ctx: &Ctx, first_seq: i64, reverse: bool) -> Result<Classified> {
        let count = self.count;
        let seq = |k: usize| first_seq + if reverse { (count - 1 - k) as i64 } else { k as i64 };
        let check = super::vouchers::rules(ctx).await?;
        let mut made: Vec<(String, NewVoucher)> = Vec::new();
        let mut settings = HashMap::new();
        for (k, mut p, r) in std::mem::take(&mut self.hits) {
            p.seq = seq(k);
            let rule = &self.rules[r];
            let v = rule_voucher(ctx, &p, rule, &mut settings).await?;
            match check.check(&v) {
                Ok(()) => made.push((p.fingerprint, v)),
                Err(e) => {
                    self.pend(k, p.date, p.amount, format!("规则“{}”生成的凭证不能保存：{}", rule.name, e.reason))
                }
            }
        }
        let mut out = Classified {
            matched: self.links.len(),
            vouchers: Vec::new(),
            pending: self.pending,
            pending_sample: Vec::new(),
        };
        let oldest: Vec<_> =
            if reverse { self.pending_last.iter().cloned().collect() } else { std::mem::take(&mut self.pending_first) };
        out.pending_sample = oldest.into_iter().map(|(k, d, a, w)| (seq(k), d, a, w)).collect();
        out.pending_sample.sort_by_key(|p| p.0);
        if !made.is_empty() {
            let vs: Vec<NewVoucher> = made.iter().map(|(_, v)| v.clone()).collect();
            let ids = ctx.store.insert_vouchers(&ctx.org, &vs, &ctx.user, PostTarget::Draft).await?;
            let made: Vec<(String, String)> = made.into_iter().zip(ids).map(|((fp, _), (_, no))| (fp, no)).collect();
            ctx.store.claim_bank_lines(&ctx.org, &self.account, &made).await?;
            for (fp, no) in made {
                self.links.push((fp, no.clone()));
                out.vouchers.push(no);
            }
        }
        ctx.store.link_bank_lines(&ctx.org, &self.account, &self.links, &ctx.user).await?;
        Ok(out)
    }
}

/// `bank classify SEQ --account … [--activity …]`: a draft voucher for one pending line, linked to
/// it in the same transaction; without an account, the suggestion is used.
pub async fn by_hand(
    ctx: &Ctx,
    seq: i64,
    account: Option<&str>,
    activity: Option<&str>,
    text: Option<&str>,
) -> Result<String> {
    let tx = ctx.act(crate::ledger::roles::Act::Prepare).await?;
    let b = tx.books();
    let l = b.pending_lines(Some(seq)).await?.into_iter().next().ok_or_else(|| {
        Error::not_found(format!("没有序号为 {seq} 的待分类流水（gonghui bank pending 列出待分类流水）"))
    })?;
    // An activity named without an account: the activity's usual account.
    let usual = match (account, activity) {
        (None, Some(code)) => {
            let found =
                b.activities().await?.into_iter().find(|a| a.code == code).ok_or_else(|| {
                    Error::not_found(format!("活动编码“{code}”不存在（gonghui activities 列出活动）"))
                })?;
            Some(found.account.ok_or_else(|| {
                Error::input(format!("活动 {code} {} 没有设定常用科目，请用 --account 指定对方科目", found.name))
            })?)
        }
        _ => None,
    };
    let (account, activity) = match (account.or(usual.as_deref()), b.suggestion(&l).await?) {
        (Some(a), _) => (a.to_string(), activity.unwrap_or("").to_string()),
        (None, Some((a, act))) => (a, activity.map(str::to_string).unwrap_or(act)),
        (None, None) => return Err(Error::input("请用 --account 指定对方科目（如 50105）")),
    };
    let v = voucher_for(&l, &account, &activity, text);
    let no = super::vouchers::add(&tx, v, false).await?.no;
    tx.store.claim_bank_lines(&tx.org, &l.account, &[(l.fingerprint.clone(), no.clone())]).await?;
    tx.store.link_bank_lines(&tx.org, &l.account, &[(l.fingerprint.clone(), no.clone())], &tx.user).await?;
    tx.commit().await?;
    Ok(no)
}
