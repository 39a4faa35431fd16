//! Report builders: one per report, each in two steps — an async `load` that reads what the
//! report needs through the read layer (`books`), and a pure `build` from that input to a `Report`
//! (data only), tested on rows made in memory. Renderers turn a `Report` into output.

pub mod allocation;
pub mod annual;
pub mod assets;
pub mod audit;
pub mod book_cover;
pub mod budget;
pub mod budget_package;
pub mod columnar;
pub mod consolidated;
pub mod departure;
pub mod disclosure;
pub mod figures;
pub mod general_ledger;
pub mod journal;
pub mod ledger;
pub mod listings;
pub mod model;
pub mod notes;
pub mod reconciliation;
pub mod rectification;
pub mod review_parts;
pub mod statements;
pub mod trial_balance;
pub mod upward;
pub mod voucher_form;

pub use model::{
    Binding, Carried, Cell, Chart, ChartKind, ColKind, Collect, Column, Report, Row, RowStyle, Section, Series, Sink,
    Table,
};

use crate::books::HasBooks;
use crate::error::{Error, Result};
use crate::ledger::period::Span;

/// What a report is asked for.
#[derive(Clone, Debug)]
pub struct Request {
    pub span: Span,
    pub account: Option<String>,
    /// `account` or `activity`, for the budget report.
    pub by: Option<String>,
    /// The departing chair's name, for the departure report.
    pub chair: Option<String>,
}

/// The reports that exist, by command name (and Chinese alias), with their titles.
pub const REPORTS: &[(&str, &str)] = &[
    ("trial-balance", "科目余额表"),
    ("general-ledger", "总账"),
    ("ledger", "明细账"),
    ("columnar", "多栏式明细账"),
    ("book-cover", "账簿启用及交接表"),
    ("journal", "序时账"),
    ("cash-journal", "库存现金日记账"),
    ("bank-journal", "银行存款日记账"),
    ("allocation", "经费拨缴情况表"),
    ("budget", "预算执行情况表"),
    ("balance-sheet", "资产负债表"),
    ("income-expense", "收入支出表"),
    ("statement-checks", "报表校验表"),
    ("annual-report", "年度财务报告"),
    ("assets", "固定资产及库存物品登记表"),
    ("reconciliation", "银行存款余额调节表"),
    ("welfare", "福利慰问发放汇总表"),
    ("audit-review", "经费审查委员会审查报告"),
    ("departure", "工会主席离任经济责任审计报告"),
    ("rectification", "审计发现问题整改台账"),
    ("disclosure", "工会经费收支情况公开"),
];

/// Other names people use for the reports.
pub const ALIASES: &[(&str, &str)] = &[
    ("余额表", "trial-balance"),
    ("试算平衡表", "trial-balance"),
    ("总分类账", "general-ledger"),
    ("明细分类账", "ledger"),
    ("多栏账", "columnar"),
    ("启用表", "book-cover"),
    ("账簿启用表", "book-cover"),
    ("多栏式", "columnar"),
    ("支出明细账", "columnar"),
    ("日记账", "journal"),
    ("凭证汇总", "journal"),
    ("现金日记账", "cash-journal"),
    ("银行日记账", "bank-journal"),
    ("拨缴", "allocation"),
    ("拨缴情况", "allocation"),
    ("预算执行", "budget"),
    ("预算", "budget"),
    ("01表", "balance-sheet"),
    ("工会01表", "balance-sheet"),
    ("02表", "income-expense"),
    ("工会02表", "income-expense"),
    ("收支表", "income-expense"),
    ("校验表", "statement-checks"),
    ("财务报告", "annual-report"),
    ("年报", "annual-report"),
    ("收入支出", "income-expense"),
    ("资产登记表", "assets"),
    ("固定资产", "assets"),
    ("调节表", "reconciliation"),
    ("余额调节表", "reconciliation"),
    ("慰问", "welfare"),
    ("审查报告", "audit-review"),
    ("经审报告", "audit-review"),
    ("离任审计", "departure"),
    ("整改台账", "rectification"),
    ("整改", "rectification"),
    ("收支公开", "disclosure"),
    ("财务公开", "disclosure"),
];

/// A value a form prints, or a line to write it on where it is not known.
pub(crate) fn or_line(s: &str) -> String {
    if s.is_empty() {
        "________".to_string()
    } else {
        s.to_string()
    }
}

/// The command name of a report given by name, Chinese title or alias.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    REPORTS
        .iter()
        .find(|(n, t)| *n == name || *t == name)
        .map(|(n, _)| *n)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == name).map(|(_, n)| *n))
}

/// `report list`: every report with its Chinese title and other names.
pub fn list_text() -> String {
    let mut out = String::from("报表（gonghui report 名称，名称可用英文、中文名或简称）：\n");
    for (n, t) in REPORTS {
        let more: Vec<&str> = ALIASES.iter().filter(|(_, x)| x == n).map(|(a, _)| *a).collect();
        out.push_str(&format!(
            "  {n:<16} {t}{}\n",
            if more.is_empty() { String::new() } else { format!("（也可写：{}）", more.join("、")) }
        ));
    }
    out.push_str(
        "上级工会（有下级工会时）：\n  unions           各工会情况表（--scope direct|all）\n  upward           上解经费对账表\n  \
         01表、02表加 --scope direct|all 为汇总表（抵销上下级往来），加 --by-union 为一个工会一行\n",
    );
    out
}

/// Build the report named `name` (command name or Chinese title) from the books.
pub async fn build(src: &impl HasBooks, name: &str, req: &Request) -> Result<Report> {
    let b = src.books();
    let mut r = build_model(&b, name, req).await?;
    r.notes.extend(caveats(&b, req.span).await?);
    stamped(&b, r).await
}

/// A report over an upper union and the unions under it (`members`, the upper union first, as
/// `ops::federation::members` admits them): the 汇总 01表 or 02表, or one row per union.
pub async fn consolidate(
    store: &crate::store::Store,
    tree: &crate::ledger::federation::Tree,
    members: &[crate::books::Org],
    scope: crate::ledger::federation::Scope,
    name: &str,
    req: &Request,
    by_union: bool,
) -> Result<Report> {
    let root = crate::books::Books::new(store, &members[0]);
    if is_upward(name) {
        let (unions, untold) = crate::books::federation::upward(store, &members[0], req.span.to.year()).await?;
        return stamped(&root, upward::build(&members[0].name, req.span.to.year(), &unions, &untold)).await;
    }
    if is_unions(name) {
        let i = consolidated::load(store, tree, members, scope, req, statements::Kind::IncomeExpense).await?;
        let ids: Vec<i64> = members.iter().map(|o| o.id).collect();
        let facts = crate::books::federation::facts(store, &ids, req.span).await?;
        return stamped(&root, consolidated::unions(&i, &facts)).await;
    }
    let kind = match canonical(name) {
        Some("balance-sheet") => statements::Kind::BalanceSheet,
        Some("income-expense") => statements::Kind::IncomeExpense,
        _ => {
            return Err(Error::input(format!(
                "“{name}”没有汇总口径；--scope 和 --by-union 用于 balance-sheet（01表）、income-expense（02表）和 unions（各工会情况表）"
            )))
        }
    };
    let i = consolidated::load(store, tree, members, scope, req, kind).await?;
    stamped(&root, if by_union { consolidated::by_union(&i) } else { consolidated::build(&i) }).await
}

/// Whether `name` is the reconciliation of the upward share (`report upward`, 上解经费对账表).
pub fn is_upward(name: &str) -> bool {
    matches!(name.trim(), "upward" | "上解经费对账表" | "上解对账")
}

/// Whether `name` is the table of unions (`report unions`, 各工会情况表), an upper union's report only.
pub fn is_unions(name: &str) -> bool {
    matches!(name.trim(), "unions" | "各工会情况表" | "工会情况表")
}

/// What a report of `span` must say of its own numbers: that the year is not closed (they may
/// still change), and any 库存现金 or 银行存款 balance below zero at its end (which cannot be).
pub async fn caveats(b: &crate::books::Books<'_>, span: Span) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let year = span.to.year();
    if !b.year_closed(year).await? {
        let now = crate::ledger::period::Period::of(crate::today());
        let upto = span.to.min(now);
        out.push(format!("截至 {}，{year} 年尚未年终结账，本表数字可能随补记、更正而变动", upto.label()));
    }
    let mut by_account: std::collections::BTreeMap<String, crate::money::Amount> = Default::default();
    for row in b.balance_totals(crate::ledger::period::Period(0), span.to).await? {
        if row.account.starts_with("101") || row.account.starts_with("102") {
            *by_account.entry(row.account.clone()).or_default() += row.debit - row.credit;
        }
    }
    for (account, balance) in by_account {
        if balance.fen() < 0 {
            let what = if account.starts_with("101") { "库存现金" } else { "银行存款" };
            out.push(format!(
                "【不可能的余额】{what}（{account}）{}末余额为 {}：现金和存款不能为负数，请查明漏记的收入或多记的支出并更正",
                span.to.label(),
                balance.grouped()
            ));
        }
    }
    Ok(out)
}

/// A report (or listing) with the books' state root it was made from, for its footer.
pub async fn stamped(b: &crate::books::Books<'_>, mut r: Report) -> Result<Report> {
    r.state = b.state().await?.map(|e| e.label());
    if b.setting(crate::ledger::roles::AUTH_SETTING).await?.as_deref() != Some("enforced")
        && !r.notes.iter().any(|n| n == crate::ledger::roles::UNAUTHENTICATED)
    {
        r.notes.push(crate::ledger::roles::UNAUTHENTICATED.to_string());
    }
    // A waived review is said on every report: who asked for it, who confirmed, why.
    if let Some(note) = waiver_note(b).await? {
        r.notes.push(note);
    }
    Ok(r)
}

/// The review waiver in force, said as reports say it: who asked for it, who confirmed, why.
pub async fn waiver_note(b: &crate::books::Books<'_>) -> Result<Option<String>> {
    if b.setting("review_waiver").await?.as_deref() != Some("on") {
        return Ok(None);
    }
    let granted = b
        .events(Some("setting"))
        .await?
        .into_iter()
        .rev()
        .find(|e| e.subject == "review_waiver=on")
        .map(|e| format!("（{}，{}）", e.detail, crate::shown_date(&e.at)))
        .unwrap_or_default();
    Ok(Some(format!("本会已免除单独审核{granted}：制单人自行审核的凭证注明“免除单独审核”")))
}

/// Whether a report can be streamed to a sink row by row (ledgers and journals).
pub fn streams(name: &str) -> bool {
    matches!(canonical(name), Some("ledger" | "journal" | "cash-journal" | "bank-journal"))
}

/// A ledger or journal written into `sink` as it is read, never held whole; returns the report
/// around its tables (title, notes, signatures, state root) with no tables in it.
pub async fn stream(src: &impl HasBooks, name: &str, req: &Request, sink: &mut dyn Sink) -> Result<Report> {
    let b = src.books();
    let r = match canonical(name) {
        Some("ledger") => ledger::stream(&b, req, None, sink).await?,
        Some("journal") => journal::stream(&b, req, sink).await?,
        Some("cash-journal") => ledger::stream(&b, req, Some(ledger::CASH), sink).await?,
        Some("bank-journal") => ledger::stream(&b, req, Some(ledger::BANK), sink).await?,
        _ => return Err(Error::not_found(format!("报表“{name}”不能逐行输出"))),
    };
    let mut r = r;
    r.notes.extend(caveats(&b, req.span).await?);
    stamped(&b, r).await
}

async fn build_model(b: &crate::books::Books<'_>, name: &str, req: &Request) -> Result<Report> {
    match canonical(name) {
        Some("trial-balance") => Ok(trial_balance::build(&trial_balance::load(b, req).await?)),
        Some("book-cover") => Ok(book_cover::build(&book_cover::load(b, req).await?)),
        Some("columnar") => Ok(columnar::build(&columnar::load(b, req).await?)),
        Some("general-ledger") => Ok(general_ledger::build(&general_ledger::load(b, req).await?)),
        Some("ledger") => Ok(ledger::build(&ledger::load(b, req, None).await?)),
        Some("journal") => Ok(journal::build(&journal::load(b, req).await?)),
        Some("cash-journal") => Ok(ledger::build(&ledger::load(b, req, Some(ledger::CASH)).await?)),
        Some("bank-journal") => Ok(ledger::build(&ledger::load(b, req, Some(ledger::BANK)).await?)),
        Some("allocation") => Ok(allocation::build(&allocation::load(b, req).await?)),
        Some("assets") => Ok(assets::build(&assets::load(b, req).await?)),
        Some("reconciliation") => Ok(reconciliation::build(&reconciliation::load(b, req).await?)),
        Some("balance-sheet") => {
            Ok(statements::build(&statements::load(b, req, statements::Kind::BalanceSheet).await?))
        }
        Some("income-expense") => {
            Ok(statements::build(&statements::load(b, req, statements::Kind::IncomeExpense).await?))
        }
        Some("statement-checks") => {
            let both = [
                statements::load(b, req, statements::Kind::BalanceSheet).await?,
                statements::load(b, req, statements::Kind::IncomeExpense).await?,
            ];
            Ok(statements::checks_report(&b.org().name, req.span, &both))
        }
        Some("annual-report") => {
            annual::year_of(req.span)?;
            let mut statements = Vec::new();
            for kind in [statements::Kind::BalanceSheet, statements::Kind::IncomeExpense] {
                let mut s = statements::build(&statements::load(b, req, kind).await?);
                s.notes.extend(caveats(b, req.span).await?);
                statements.push(s);
            }
            Ok(annual::build(&annual::load(b, req, statements).await?))
        }
        Some("budget") => Ok(budget::build(&budget::load(b, req).await?)),
        Some("welfare") => Ok(disclosure::welfare(&disclosure::load_welfare(b, req).await?)),
        Some("audit-review") => Ok(audit::review(&audit::load_review(b, req).await?)),
        Some("departure") => Ok(departure::build(&departure::load(b, req).await?)),
        Some("rectification") => Ok(rectification::build(&rectification::load(b, req).await?)),
        Some("disclosure") => Ok(disclosure::disclosure(&disclosure::load(b, req).await?)),
        _ => Err(Error::not_found(format!(
            "没有名为“{name}”的报表；可用：{}（gonghui report list 列出全部名称）",
            REPORTS.iter().map(|(n, t)| format!("{n}（{t}）")).collect::<Vec<_>>().join("、")
        ))),
    }
}
