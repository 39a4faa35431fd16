//! 工作台: what waits for this person (each item a link to where it is done), the month's cash
//! and bank balances, and the last things done in the books.

use super::page::{self, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::books::todo::TodoKind;
use crate::ledger::period::Period;
use crate::money::Amount;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

pub struct Item {
    pub what: String,
    pub who: String,
    pub href: String,
    pub command: String,
}

pub struct Balance {
    pub label: &'static str,
    pub amount: String,
    pub negative: bool,
}

pub struct Done {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub subject: String,
    pub detail: String,
}

/// At most `n` characters of the first line of a text, "…" when cut.
fn short(text: &str, n: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    let cut: String = line.chars().take(n).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

#[derive(Template)]
#[template(path = "web/desk.html")]
struct Desk {
    chrome: Chrome,
    month: String,
    items: Vec<Item>,
    balances: Vec<Balance>,
    done: Vec<Done>,
}

/// Where a waiting thing is done on the desk (empty: not on the desk yet; the command says how).
fn href(kind: &TodoKind) -> String {
    match kind {
        TodoKind::Review(p) => format!("/vouchers?month={p}&status=draft"),
        TodoKind::Post(p) => format!("/vouchers?month={p}&status=reviewed"),
        TodoKind::BankLines => "/bank#pending".into(),
        TodoKind::Reconcile(account, p) => format!("/bank/reconcile?account={account}&month={p}"),
        TodoKind::CloseMonth(p) => format!("/close?month={p}"),
        TodoKind::CloseYear(y) => format!("/close?month={y}-12"),
        _ => String::new(),
    }
}

pub async fn page(State(app): State<Shared>, who: Who) -> WebResult<Response> {
    let ctx = who.ctx(&app);
    let b = ctx.books();
    let items = app
        .remembered(&ctx, "todo", || b.todo())
        .await?
        .into_iter()
        .map(|t| Item { href: href(&t.kind), what: t.what, who: t.who, command: t.command })
        .collect();
    let month = Period::of(crate::today());
    let totals = b.balance_totals(Period(0), month).await?;
    let balance = |code: &str| {
        totals.iter().filter(|r| r.account.starts_with(code)).fold(Amount::ZERO, |s, r| s + r.debit - r.credit)
    };
    let balances = [("库存现金", "101"), ("银行存款", "102")]
        .into_iter()
        .map(|(label, code)| {
            let a = balance(code);
            Balance { label, amount: page::money(a), negative: a < Amount::ZERO }
        })
        .collect();
    let done = b
        .recent_events(12)
        .await?
        .into_iter()
        .map(|e| Done {
            at: crate::shown_time(&e.at),
            kind: crate::report::listings::event_label(&e.kind).to_string(),
            actor: e.actor,
            subject: short(&e.subject, 40),
            detail: short(&e.detail, 60),
        })
        .collect();
    Ok(page::render(&Desk { chrome: who.chrome("/"), month: month.label(), items, balances, done }))
}
