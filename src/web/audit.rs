//! 经审: the findings the last audit of a year kept, filtered by check, severity and status, each
//! with its vouchers one click away; the 经审委员's disposition and 整改台账 record entered in
//! forms (the same use cases as `audit --dispose` and `audit rectification --finding`), and the
//! audit run again. The documents (审查报告, 整改台账, 离任审计) are on the 报表 pages.

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::vouchers::url_encode;
use super::Shared;
use crate::audit::rectification::{self, Standing};
use crate::audit::{outcome_label, period_key, Severity, OUTCOMES};
use crate::ledger::period::Span;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::sync::Arc;

pub struct FindingView {
    pub key: String,
    pub severity: &'static str,
    pub high: bool,
    pub rule: String,
    pub title: String,
    pub message: String,
    pub amount: String,
    pub vouchers: Vec<String>,
    pub doc: String,
    /// 未处理, or the disposition with its note and evidence.
    pub status: String,
    /// Where it stands in the 整改台账 (empty: not on it).
    pub ledger: String,
    pub accepted: bool,
    /// The last 台账 record's person and deadline, to fill the form with.
    pub responsible: String,
    pub deadline: String,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "web/audit.html")]
struct AuditPage {
    chrome: Chrome,
    year: i32,
    findings: Vec<FindingView>,
    /// Findings matching the filters, and which of them this page shows.
    shown: usize,
    first: usize,
    last: usize,
    prev: String,
    next: String,
    total: usize,
    rules: Vec<Choice>,
    severities: Vec<Choice>,
    statuses: Vec<Choice>,
    outcomes: Vec<Choice>,
    may_judge: bool,
    may_run: bool,
    audited: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    year: Option<String>,
    rule: Option<String>,
    severity: Option<String>,
    status: Option<String>,
    done: Option<String>,
    page: Option<usize>,
}

/// Findings on one page (a large union's year may keep tens of thousands).
const FINDINGS_PAGE: usize = 50;

/// The statuses a finding is filtered by: undisposed, each outcome, and overdue in the 台账.
const STATUSES: &[(&str, &str)] = &[
    ("open", "未处理"),
    ("accepted", "认定为问题"),
    ("explained", "已作说明"),
    ("rectified", "已整改"),
    ("overdue", "整改逾期"),
];

fn choices(all: &[(&str, &str)], chosen: Option<&str>) -> Vec<Choice> {
    all.iter()
        .map(|(v, l)| Choice { value: v.to_string(), label: l.to_string(), selected: chosen == Some(*v) })
        .collect()
}

async fn audit_page(app: &Shared, who: &Who, q: &AuditQuery, done: &str, error: &str) -> WebResult<AuditPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let year = page::year_or_current(&ctx, page::year_given(given(&q.year))?).await?;
    let span = Span::year(year);
    // A large year keeps tens of thousands of findings: read once per state of the books.
    let key = period_key(span);
    let read = app
        .remembered(&ctx, &format!("findings:{key}"), || async {
            let kept = b.findings_kept(&key).await?;
            let items = rectification::ledger(&key, &kept, &b.rectification_records().await?);
            Ok(Arc::new((kept, items)))
        })
        .await?;
    let (kept, items) = (&read.0, &read.1);
    let today = crate::today();
    let (rule, severity, status) = (given(&q.rule), given(&q.severity), given(&q.status));
    let mut rules: Vec<(String, String)> = Vec::new();
    for k in kept {
        if !rules.iter().any(|(r, _)| *r == k.finding.rule) {
            rules.push((k.finding.rule.clone(), k.finding.title.clone()));
        }
    }
    let total = kept.len();
    let matching: Vec<_> = kept
        .iter()
        .filter(|k| rule.is_none_or(|r| k.finding.rule == r))
        .filter(|k| severity.is_none_or(|s| k.finding.severity.code() == s))
        .map(|k| {
            let item = items.iter().find(|i| i.kept.key == k.key);
            let standing = item.map(|i| i.standing(today));
            (k, item, standing)
        })
        .filter(|(k, _, standing)| match status {
            None => true,
            Some("open") => k.disposition.is_none(),
            Some("overdue") => matches!(standing, Some(Standing::Overdue(_))),
            Some(outcome) => k.disposition.as_ref().is_some_and(|d| d.outcome == outcome),
        })
        .collect();
    let shown = matching.len();
    let pages = shown.div_ceil(FINDINGS_PAGE).max(1);
    let page_no = q.page.unwrap_or(1).clamp(1, pages);
    let findings: Vec<FindingView> = matching
        .into_iter()
        .skip((page_no - 1) * FINDINGS_PAGE)
        .take(FINDINGS_PAGE)
        .map(|(k, item, standing)| {
            let f = &k.finding;
            let record = item.and_then(|i| i.record.as_ref());
            FindingView {
                key: k.key.clone(),
                severity: f.severity.label(),
                high: f.severity == Severity::High,
                rule: f.rule.clone(),
                title: f.title.clone(),
                message: f.message.clone(),
                amount: if f.amount.is_zero() { String::new() } else { page::money(f.amount) },
                vouchers: f.vouchers.clone(),
                doc: f.doc.clone(),
                status: k
                    .disposition
                    .as_ref()
                    .map_or_else(|| "未处理".into(), |d| format!("{}（{}）", d.text(), d.decided_by)),
                ledger: match (standing, record) {
                    (Some(s), Some(r)) => format!("{}，责任人 {}，期限 {}", s.label(), r.responsible, r.deadline),
                    (Some(s), None) => s.label(),
                    _ => String::new(),
                },
                accepted: rectification::accepted(k),
                responsible: record.map(|r| r.responsible.clone()).unwrap_or_default(),
                deadline: record.map(|r| r.deadline.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let rule_refs: Vec<(&str, &str)> = rules.iter().map(|(r, t)| (r.as_str(), t.as_str())).collect();
    let filters: String = [
        ("year", Some(year.to_string())),
        ("rule", rule.map(str::to_string)),
        ("severity", severity.map(str::to_string)),
        ("status", status.map(str::to_string)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={}", url_encode(&v))))
    .collect::<Vec<_>>()
    .join("&");
    Ok(AuditPage {
        chrome: who.chrome("/audit"),
        year,
        first: if shown == 0 { 0 } else { (page_no - 1) * FINDINGS_PAGE + 1 },
        last: ((page_no - 1) * FINDINGS_PAGE + findings.len()),
        prev: if page_no > 1 { format!("?{filters}&page={}", page_no - 1) } else { String::new() },
        next: if page_no < pages { format!("?{filters}&page={}", page_no + 1) } else { String::new() },
        shown,
        total,
        audited: total > 0,
        findings,
        rules: choices(&rule_refs, rule),
        severities: choices(
            &[Severity::High, Severity::Medium, Severity::Low, Severity::Info].map(|s| (s.code(), s.label())),
            severity,
        ),
        statuses: choices(STATUSES, status),
        outcomes: choices(OUTCOMES, None),
        may_judge: who.may(Act::Judge),
        may_run: who.may(Act::Audit),
        done: done.into(),
        error: error.into(),
    })
}

pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<AuditQuery>) -> WebResult<Response> {
    let done = given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&audit_page(&app, &who, &q, &done, "").await?))
}

/// A form of the page: run the audit, record a disposition, or a record of the 台账.
#[derive(Deserialize)]
pub struct AuditForm {
    #[serde(default)]
    csrf: String,
    year: i32,
    #[serde(default)]
    key: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    status: String,
}

/// After a form: back to the year's findings saying what was done, or the page again with the
/// refusal and its status.
async fn after(app: &Shared, who: &Who, year: i32, done: crate::error::Result<String>) -> WebResult<Response> {
    match done {
        Ok(said) => Ok(page::back_saying(&format!("/audit?year={year}"), &said)),
        Err(e) => {
            let q = AuditQuery { year: Some(year.to_string()), ..AuditQuery::default() };
            let p = audit_page(app, who, &q, "", &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}

/// Run the year's audit again (its findings kept, dispositions of those found again kept).
pub async fn run(State(app): State<Shared>, who: Who, Form(f): Form<AuditForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Audit)?;
    let done = ops::audit::run(&who.ctx(&app), Span::year(f.year), None)
        .await
        .map(|(_, kept)| format!("已完成 {} 年度经审检查：{} 条发现", f.year, kept.len()));
    after(&app, &who, f.year, done).await
}

/// The committee member's disposition of a finding.
pub async fn dispose(State(app): State<Shared>, who: Who, Form(f): Form<AuditForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Judge)?;
    let done = ops::audit::dispose(&who.ctx(&app), Span::year(f.year), &f.key, &f.outcome, &f.note, &f.evidence)
        .await
        .map(|_| {
            let said = crate::audit::outcome_code(&f.outcome).map(outcome_label).unwrap_or("");
            format!("已记录发现 {} 的处理结论：{said}", f.key)
        });
    after(&app, &who, f.year, done).await
}

/// A record of the 整改台账 for a finding accepted as a problem.
pub async fn rectify(State(app): State<Shared>, who: Who, Form(f): Form<AuditForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Judge)?;
    let done = async {
        let deadline = match f.deadline.trim() {
            "" => None,
            d => Some(crate::ledger::period::parse_date_arg(d)?),
        };
        let asked = ops::audit::Rectify {
            responsible: Some(f.responsible.clone()).filter(|s| !s.trim().is_empty()),
            deadline,
            status: Some(f.status.clone()),
            note: f.note.clone(),
            evidence: f.evidence.clone(),
        };
        let r = ops::audit::rectify(&who.ctx(&app), Span::year(f.year), &f.key, asked).await?;
        Ok(format!("已登记发现 {} 的整改：责任人 {}，期限 {}，{}", f.key, r.responsible, r.deadline, r.status.label()))
    }
    .await;
    after(&app, &who, f.year, done).await
}
