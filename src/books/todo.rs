//! `todo`: what is waiting in the books, oldest first, each with the command that does it.

use super::{Books, VoucherFilter};
use crate::audit::period_key;
use crate::error::Result;
use crate::ledger::period::{Period, Span};
use crate::ledger::voucher::Status;
use serde::Serialize;
use std::collections::BTreeMap;

/// One thing waiting.
#[derive(Clone, Debug, Serialize)]
pub struct Todo {
    /// What waits, e.g. 待审核的草稿凭证 3 张（2025年3月 3 张）.
    pub what: String,
    /// Who does it (a role; names come with the users and roles).
    pub who: String,
    /// The command that does it.
    pub command: String,
    /// What it is, for a door other than the command line (the web desk links it to its page).
    pub kind: TodoKind,
}

/// The kinds of things waiting, with what a page needs to show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TodoKind {
    /// Drafts to review, the month of the oldest.
    Review(Period),
    /// Reviewed vouchers to post, the month of the oldest.
    Post(Period),
    /// Statement lines without a voucher.
    BankLines,
    /// A month with bank movement and no reconciliation: (account, month).
    Reconcile(String, Period),
    Depreciate(Period),
    /// Ended months not closed, up to this one.
    CloseMonth(Period),
    /// Findings of the year not disposed of.
    Findings(i32),
    CloseYear(i32),
}

fn by_month(ps: &[Period]) -> String {
    let mut n: BTreeMap<Period, usize> = BTreeMap::new();
    for p in ps {
        *n.entry(*p).or_default() += 1;
    }
    n.iter().map(|(p, k)| format!("{} {k} 张", p.label())).collect::<Vec<_>>().join("、")
}

fn months(ps: &[Period]) -> String {
    ps.iter().map(|p| p.label()).collect::<Vec<_>>().join("、")
}

impl Books<'_> {
    /// Everything waiting, in the order a treasurer's month goes.
    pub async fn todo(&self) -> Result<Vec<Todo>> {
        let mut out = Vec::new();
        let today = crate::today();
        let last_ended = Period::of(today).prev();
        let first = async {
            Ok(match self.open_range().await?.first_day() {
                Some(d) => Some(Period::of(d)),
                None => self.first_voucher_period().await?,
            })
        };
        let headers = |status| async move {
            let f = VoucherFilter { status: Some(status), ..Default::default() };
            self.voucher_headers(&f).await
        };
        // Independent reads, made together (the pool has connections to spare).
        let (drafts, reviewed, pending, first) =
            tokio::try_join!(headers(Status::Draft), headers(Status::Reviewed), self.pending_lines(None), first)?;
        let item =
            |what: String, who: &str, command: String, kind: TodoKind| Todo { what, who: who.into(), command, kind };
        for (hs, what, who, verb, kind) in [
            (
                drafts,
                "待审核的草稿凭证",
                "审核（制单人以外的人）",
                "review",
                TodoKind::Review as fn(Period) -> TodoKind,
            ),
            (reviewed, "已审核、待记账的凭证", "记账", "post", TodoKind::Post),
        ] {
            if let Some(h) = hs.first() {
                let ps: Vec<Period> = hs.iter().map(|h| Period(h.period)).collect();
                out.push(item(
                    format!("{what} {} 张（{}）", hs.len(), by_month(&ps)),
                    who,
                    format!(
                        "gonghui voucher {verb} --month {}（或逐张：gonghui voucher {verb} {}）",
                        Period(h.period),
                        h.no
                    ),
                    kind(Period(h.period)),
                ));
            }
        }
        if let Some(l) = pending.first() {
            out.push(item(
                format!("待分类的银行流水 {} 笔（最早 {}）", pending.len(), l.date),
                "出纳或会计",
                format!(
                    "gonghui bank pending 查看；gonghui bank classify {} --account 科目 生成凭证，或 gonghui bank match {} 凭证号 对应已录入的凭证",
                    l.seq, l.seq
                ),
                TodoKind::BankLines,
            ));
        }
        let Some(first) = first else { return Ok(out) };
        if first > last_ended {
            return Ok(out);
        }
        let (closed, unreconciled, missing, closed_years) = tokio::try_join!(
            self.closed_periods(),
            self.unreconciled(first, last_ended),
            self.depreciation_missing(first, last_ended),
            self.closed_years()
        )?;
        let open_months: Vec<Period> = {
            let mut v = Vec::new();
            let mut m = first;
            while m <= last_ended {
                if !closed.contains(&m) {
                    v.push(m);
                }
                m = m.next();
            }
            v
        };
        if !unreconciled.is_empty() {
            let list: Vec<String> = unreconciled.iter().map(|(a, m)| format!("{} {a}", m.label())).collect();
            let (a, m) = &unreconciled[0];
            out.push(item(
                format!("有银行收付但未对账的月份：{}", list.join("、")),
                "出纳",
                format!(
                    "gonghui import bank 对账单文件（或 gonghui bank statement --account {a} --month {m} --balance 对账单余额），再 gonghui report reconciliation --month {m}"
                ),
                TodoKind::Reconcile(a.clone(), *m),
            ));
        }
        if let Some(m) = missing.first() {
            out.push(item(
                format!("未计提折旧的月份：{}", months(&missing)),
                "会计",
                format!("gonghui asset depreciate --month {m}（按月依次计提）"),
                TodoKind::Depreciate(*m),
            ));
        }
        if let Some(last) = open_months.last() {
            out.push(item(
                format!("已结束、尚未结账的月份：{}", months(&open_months)),
                "会计",
                format!("gonghui close --month {last}（此前未结账的月份一并结账）"),
                TodoKind::CloseMonth(*last),
            ));
        }
        for year in first.year()..=last_ended.year() {
            if Period::new(year, 12) > last_ended || closed_years.contains(&year) {
                continue;
            }
            let kept = self.findings_kept(&period_key(Span::year(year))).await?;
            let open = kept.iter().filter(|k| k.disposition.is_none()).count();
            if open > 0 {
                out.push(item(
                    format!("{year} 年经审检查尚未处理的发现 {open} 条"),
                    "经审委员",
                    format!("gonghui audit --year {year} 查看；gonghui audit --year {year} --dispose 编号 --as 认定|已说明|已整改 --note 说明"),
                    TodoKind::Findings(year),
                ));
            }
            out.push(item(
                format!("{year} 年尚未年终结账（年终结账前：凭证全部记账、各月对账、折旧计提完毕）"),
                "会计",
                format!("gonghui close --year {year}"),
                TodoKind::CloseYear(year),
            ));
        }
        Ok(out)
    }
}
