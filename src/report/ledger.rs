//! 明细账 of one account (with its detail accounts) or of every account with movement; the same
//! builder prints 库存现金日记账 (101) and 银行存款日记账 (102). Each table opens with 期初余额 and
//! closes every month with 本月合计 and 本年累计.

use super::{Cell, Collect, Column, Report, Request, Row, RowStyle, Section, Sink, Table};
use crate::books::{Books, EntryOrder, EntryRow};
use crate::error::{Error, Result};
use crate::ledger::balance::BalanceRow;
use crate::ledger::chart::ChartView;
use crate::ledger::period::{Period, Span};
use crate::money::Amount;
use std::collections::BTreeMap;

/// A journal of one account: (account, report name, title).
pub type Fixed = (&'static str, &'static str, &'static str);
pub const CASH: Fixed = ("101", "cash-journal", "库存现金日记账");
pub const BANK: Fixed = ("102", "bank-journal", "银行存款日记账");

pub(crate) fn direction(net: Amount) -> (&'static str, Amount) {
    match net.fen() {
        0 => ("平", Amount::ZERO),
        n if n > 0 => ("借", net),
        _ => ("贷", -net),
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column::date("日期"),
        Column::text("凭证号", 14),
        Column::text("摘要", 24),
        Column::text("对方科目", 8),
        Column::text("活动", 6),
        Column::amount("借方"),
        Column::amount("贷方"),
        Column::text("方向", 3),
        Column::amount("余额"),
    ]
}

fn balance_row(date: String, summary: &str, d: Option<Amount>, c: Option<Amount>, net: Amount, style: RowStyle) -> Row {
    let (dir, bal) = direction(net);
    Row::styled(
        vec![
            Cell::text(date),
            Cell::Empty,
            Cell::text(summary),
            Cell::Empty,
            Cell::Empty,
            d.map(Cell::Amount).unwrap_or(Cell::Empty),
            c.map(Cell::Amount).unwrap_or(Cell::Empty),
            Cell::text(dir),
            Cell::Amount(bal),
        ],
        style,
    )
}

/// One account's table, written as its entries arrive in date order: the opening, the entries,
/// and each month's 本月合计 and 本年累计.
struct AccountTable {
    from: Period,
    to: Period,
    month: Period,
    net: Amount,
    ytd: (Amount, Amount),
    this_month: (Amount, Amount),
    any: bool,
    opened: bool,
    /// The year is closed: December ends with 结转下年 (会计基础工作规范 第六十二条).
    carry_forward: bool,
}

impl AccountTable {
    /// `opening`: the balance when the span begins; `ytd`: the year's debits and credits before it.
    fn start(
        title: String,
        opening: Amount,
        ytd: (Amount, Amount),
        from: Period,
        to: Period,
        sink: &mut dyn Sink,
    ) -> Result<Self> {
        sink.table(Some(&title), &columns())?;
        Ok(AccountTable {
            from,
            to,
            month: from,
            net: opening,
            ytd,
            this_month: (Amount::ZERO, Amount::ZERO),
            any: false,
            opened: false,
            carry_forward: false,
        })
    }

    fn open(&mut self, sink: &mut dyn Sink) -> Result<()> {
        self.opened = true;
        let label = if self.from.month() == 1 { "上年结转" } else { "期初余额" };
        sink.row(balance_row(self.from.first_day().to_string(), label, None, None, self.net, RowStyle::Normal))
    }

    fn close_month(&mut self, sink: &mut dyn Sink) -> Result<()> {
        let (md, mc) = std::mem::replace(&mut self.this_month, (Amount::ZERO, Amount::ZERO));
        self.ytd.0 += md;
        self.ytd.1 += mc;
        if std::mem::take(&mut self.any) {
            let last = self.month.last_day().to_string();
            sink.row(balance_row(last.clone(), "本月合计", Some(md), Some(mc), self.net, RowStyle::Subtotal))?;
            sink.row(balance_row(last, "本年累计", Some(self.ytd.0), Some(self.ytd.1), self.net, RowStyle::Subtotal))?;
        }
        if self.month.month() == 12 {
            if self.carry_forward && !self.net.is_zero() {
                let last = self.month.last_day().to_string();
                sink.row(balance_row(last, "结转下年", None, None, self.net, RowStyle::Subtotal))?;
            }
            self.ytd = (Amount::ZERO, Amount::ZERO);
        }
        self.month = self.month.next();
        Ok(())
    }

    fn push(&mut self, e: &EntryRow, counter: String, sink: &mut dyn Sink) -> Result<()> {
        let p = Period::of(e.date);
        if !self.opened {
            // Entries of the same year before the span roll into the opening balance.
            if p < self.from {
                self.net += e.debit - e.credit;
                self.ytd.0 += e.debit;
                self.ytd.1 += e.credit;
                return Ok(());
            }
            self.open(sink)?;
        }
        while p > self.month && self.month <= self.to {
            self.close_month(sink)?;
        }
        if p != self.month {
            return Ok(());
        }
        self.net += e.debit - e.credit;
        self.this_month.0 += e.debit;
        self.this_month.1 += e.credit;
        self.any = true;
        let (dir, bal) = direction(self.net);
        sink.row(Row::new(vec![
            Cell::text(e.date.to_string()),
            Cell::text(&e.no),
            Cell::text(&e.summary),
            Cell::text(counter),
            Cell::text(&e.activity),
            Cell::amount_or_empty(e.debit),
            Cell::amount_or_empty(e.credit),
            Cell::text(dir),
            Cell::Amount(bal),
        ]))
    }

    fn finish(mut self, sink: &mut dyn Sink) -> Result<()> {
        if !self.opened {
            self.open(sink)?;
        }
        while self.month <= self.to {
            self.close_month(sink)?;
        }
        Ok(())
    }
}

/// A ledger written table by table as its entries arrive: of one account (its details pooled),
/// or of every account in code order, with an entry stream ordered by account then date.
pub struct Writer<'a> {
    span: Span,
    chart: &'a ChartView,
    /// The tables still to come, in order, with their opening balances and the year's debits and
    /// credits before the span.
    plan: std::collections::VecDeque<(String, Amount, (Amount, Amount))>,
    /// One account asked for: every entry goes to its table.
    pooled: bool,
    current: Option<(String, AccountTable)>,
    /// The span ends with a closed year: each table ends with 结转下年.
    carry_forward: bool,
}

impl<'a> Writer<'a> {
    /// `before`: the totals before the span's year; `prior`: the year's totals before the span
    /// (its entries are not read again); `moved`: the accounts with entries in the year up to
    /// the span's end (for the ledger of every account).
    pub fn new(
        account: Option<&str>,
        span: Span,
        chart: &'a ChartView,
        before: &[BalanceRow],
        prior: &[BalanceRow],
        moved: impl IntoIterator<Item = String>,
        sink: &mut dyn Sink,
    ) -> Result<Writer<'a>> {
        type Plan = (Amount, (Amount, Amount));
        let mut plan: BTreeMap<String, Plan> = BTreeMap::new();
        let add = |p: &mut Plan, b: &BalanceRow, this_year: bool| {
            p.0 += b.debit - b.credit;
            if this_year {
                p.1 .0 += b.debit;
                p.1 .1 += b.credit;
            }
        };
        match account {
            Some(a) => {
                let mut p = Plan::default();
                for (b, this_year) in before.iter().map(|b| (b, false)).chain(prior.iter().map(|b| (b, true))) {
                    if b.account.starts_with(a) {
                        add(&mut p, b, this_year);
                    }
                }
                plan.insert(a.to_string(), p);
            }
            None => {
                for (b, this_year) in before.iter().map(|b| (b, false)).chain(prior.iter().map(|b| (b, true))) {
                    add(plan.entry(b.account.clone()).or_default(), b, this_year);
                }
                let moved: std::collections::BTreeSet<String> = moved.into_iter().collect();
                plan.retain(|code, (open, _)| !open.is_zero() || moved.contains(code));
                for m in moved {
                    plan.entry(m).or_default();
                }
            }
        }
        sink.begin(plan.len())?;
        Ok(Writer {
            span,
            chart,
            plan: plan.into_iter().map(|(code, (open, ytd))| (code, open, ytd)).collect(),
            pooled: account.is_some(),
            current: None,
            carry_forward: false,
        })
    }

    /// Each table ends its December with 结转下年 (the year is closed).
    pub fn carrying_forward(mut self, yes: bool) -> Self {
        self.carry_forward = yes;
        self
    }

    /// Start the next planned table.
    fn next_table(&mut self, sink: &mut dyn Sink) -> Result<bool> {
        let Some((code, open, ytd)) = self.plan.pop_front() else { return Ok(false) };
        if let Some((_, t)) = self.current.take() {
            t.finish(sink)?;
        }
        let name = self.chart.get(&code).map(|a| a.name.clone()).unwrap_or_default();
        let mut t = AccountTable::start(format!("科目：{code} {name}"), open, ytd, self.span.from, self.span.to, sink)?;
        t.carry_forward = self.carry_forward;
        self.current = Some((code, t));
        Ok(true)
    }

    pub fn push(&mut self, e: &EntryRow, sink: &mut dyn Sink) -> Result<()> {
        if self.pooled {
            if self.current.is_none() {
                self.next_table(sink)?;
            }
        } else {
            // The tables before this entry's account have no (more) entries.
            while self.current.as_ref().is_none_or(|(c, _)| c.as_str() < e.account.as_str()) {
                if !self.next_table(sink)? {
                    break;
                }
            }
        }
        match &mut self.current {
            Some((code, t)) if self.pooled || *code == e.account => {
                // 对方科目 by name, as a journal prints them.
                let names: Vec<&str> = e
                    .counter
                    .iter()
                    .map(|c| self.chart.get(c).map(|a| a.name.as_str()).unwrap_or(c.as_str()))
                    .collect();
                t.push(e, names.join("、"), sink)
            }
            _ => Ok(()),
        }
    }

    /// The table under way and every planned one not reached yet (an opening and nothing more).
    pub fn finish(mut self, sink: &mut dyn Sink) -> Result<()> {
        while self.next_table(sink)? {}
        if let Some((_, t)) = self.current.take() {
            t.finish(sink)?;
        }
        Ok(())
    }
}

/// What a ledger reads: the balances before the span's year, and the year's entries up to the
/// span's end (of the account asked for, or all).
pub struct Input {
    pub org: String,
    pub name: &'static str,
    pub title: &'static str,
    pub account: Option<String>,
    pub span: Span,
    pub chart: ChartView,
    pub before: Vec<BalanceRow>,
    /// The year's totals before the span (the months before it are not read entry by entry).
    pub prior: Vec<BalanceRow>,
    pub entries: Vec<EntryRow>,
    /// The span ends in December of a closed year.
    pub year_closed: bool,
}

/// The report's name and title, and the account it is of (none: every account).
fn names(fixed: Option<Fixed>, req: &Request) -> (&'static str, &'static str, Option<String>) {
    match fixed {
        Some((acct, name, title)) => (name, title, Some(acct.to_string())),
        None => ("ledger", "明细账", req.account.clone()),
    }
}

fn check_account(chart: &ChartView, account: Option<&str>) -> Result<()> {
    match account {
        Some(a) if chart.get(a).is_none() => {
            Err(Error::not_found(format!("科目编码“{a}”不存在（gonghui accounts 列出可用科目）")))
        }
        _ => Ok(()),
    }
}

/// `fixed`: the cash or bank journal; else the ledger of `req.account` (or of every account).
pub async fn load(b: &Books<'_>, req: &Request, fixed: Option<Fixed>) -> Result<Input> {
    let chart = b.chart().await?;
    let (name, title, account) = names(fixed, req);
    check_account(&chart, account.as_deref())?;
    let year_start = Period::new(req.span.from.year(), 1);
    Ok(Input {
        org: b.org().name.clone(),
        name,
        title,
        before: b.balance_totals(Period(0), year_start.prev()).await?,
        prior: prior_in_year(b, req.span).await?,
        entries: b.posted_entries(req.span.from, req.span.to, account.as_deref(), true).await?,
        year_closed: ends_closed_year(b, req.span).await?,
        account,
        span: req.span,
        chart,
    })
}

/// The totals of the span's year before the span begins, from the balances kept at posting.
async fn prior_in_year(b: &Books<'_>, span: Span) -> Result<Vec<BalanceRow>> {
    let year_start = Period::new(span.from.year(), 1);
    if span.from <= year_start {
        return Ok(Vec::new());
    }
    b.balance_totals(year_start, span.from.prev()).await
}

/// Whether the span ends with December of a closed year (the ledger then carries forward).
async fn ends_closed_year(b: &Books<'_>, span: Span) -> Result<bool> {
    Ok(span.to.month() == 12 && b.year_closed(span.to.year()).await?)
}

/// The report around the tables: title, signatures.
fn shell(org: &str, name: &str, title: &str, span: &Span) -> Report {
    let mut r = Report::new(name, title, org, &span.label());
    r.signatures = vec!["财务负责人".into(), "复核".into(), "制表".into()];
    r
}

fn finish_report(mut r: Report, tables: Vec<Table>) -> Report {
    if tables.is_empty() {
        r.notes.push("本期没有已记账的分录。".into());
    }
    r.sections.extend(tables.into_iter().map(Section::Table));
    r
}

pub fn build(i: &Input) -> Report {
    let mut sink = Collect::default();
    let mut entries: Vec<&EntryRow> = i.entries.iter().collect();
    if i.account.is_none() {
        // Stable: each account's entries stay in date order.
        entries.sort_by(|a, b| a.account.cmp(&b.account));
    }
    // The accounts moved in the year up to the span's end: in the span, or before it.
    let moved = entries.iter().map(|e| e.account.clone()).chain(i.prior.iter().map(|b| b.account.clone()));
    let written =
        Writer::new(i.account.as_deref(), i.span, &i.chart, &i.before, &i.prior, moved, &mut sink).and_then(|w| {
            let mut w = w.carrying_forward(i.year_closed);
            for e in &entries {
                w.push(e, &mut sink)?;
            }
            w.finish(&mut sink)
        });
    written.expect("a collecting sink never fails");
    finish_report(shell(&i.org, i.name, i.title, &i.span), sink.tables)
}

/// The ledger read from the books straight into `sink`, row by row; returns the report around
/// the tables (title, notes, signatures), with no tables in it.
pub async fn stream(b: &Books<'_>, req: &Request, fixed: Option<Fixed>, sink: &mut dyn Sink) -> Result<Report> {
    let (name, title, account) = names(fixed, req);
    let chart = b.chart().await?;
    check_account(&chart, account.as_deref())?;
    let year_start = Period::new(req.span.from.year(), 1);
    let before = b.balance_totals(Period(0), year_start.prev()).await?;
    let prior = prior_in_year(b, req.span).await?;
    let moved = if account.is_none() { b.moved_accounts(year_start, req.span.to).await? } else { Vec::new() };
    let mut w = Writer::new(account.as_deref(), req.span, &chart, &before, &prior, moved, sink)?
        .carrying_forward(ends_closed_year(b, req.span).await?);
    let tables = w.plan.len();
    let order = if account.is_some() { EntryOrder::Date } else { EntryOrder::Account };
    b.each_posted_entry(req.span.from, req.span.to, account.as_deref(), order, true, &mut |e| w.push(&e, sink)).await?;
    w.finish(sink)?;
    let mut r = shell(&b.org().name, name, title, &req.span);
    if tables == 0 {
        r.notes.push("本期没有已记账的分录。".into());
    }
    Ok(r)
}
