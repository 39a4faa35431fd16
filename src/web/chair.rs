//! 主席: what needs the union's chair (or the 会计主管 beside them) — the year's financial
//! disclosure to read, print and download, and the approvals that need them as one-click acts:
//! the budget's approval and its submission upward, and the review waiver (asked by one of the
//! two, confirmed by the other). Each act is the use case the command line calls, signed in
//! `enforced` mode like every act.

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "web/chair.html")]
struct ChairPage {
    chrome: Chrome,
    year: i32,
    /// 经审会意见: given (which version, conclusion) or not, and so the disclosure a draft.
    opinion: String,
    opinion_given: bool,
    has_budget: bool,
    /// The approval as recorded, or empty.
    approved: String,
    submitted: String,
    waiver_on: bool,
    /// Who asked for the waiver, while it waits for the second person.
    waiver_asked_by: String,
    waiver_asked_by_me: bool,
    may_approve: bool,
    may_waive: bool,
    today: String,
    state_line: String,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct ChairQuery {
    year: Option<String>,
    done: Option<String>,
}

async fn chair_page(app: &Shared, who: &Who, year: Option<i32>, done: &str, error: &str) -> WebResult<ChairPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let year = page::year_or_current(&ctx, year).await?;
    let opinion = b.opinion(year).await?;
    let approval = ops::budget::approval(&ctx, year).await?;
    let submission = ops::budget::submission(&ctx, year).await?;
    let (waiver_on, asked) = ops::setup::waiver_state(&ctx).await?;
    let state_line = b.state().await?.map(|e| crate::render::state_line(&e.label())).unwrap_or_default();
    Ok(ChairPage {
        chrome: who.chrome("/chair"),
        year,
        opinion_given: opinion.is_some(),
        opinion: match &opinion {
            Some(o) => format!(
                "经审会已出具审查意见：审查结论 {}（第 {} 版，{} 于 {} 录入；审查人员：{}）",
                o.draft.conclusion.label(),
                o.version,
                o.entered_by,
                crate::shown_date(&o.entered_at),
                o.draft.process.members.join("、")
            ),
            None => format!(
                "{year} 年度经审会审查意见尚未录入：财务公开和审查报告在录入前标为“草稿”，请待经审会出具意见后再公开"
            ),
        },
        has_budget: !b.budget(year).await?.is_empty(),
        approved: approval
            .map(|a| {
                format!(
                    "已于 {} 经{}审议通过（经审会审查：{}；{} 记录）",
                    a.approved_on, a.meeting, a.audit_meeting, a.by
                )
            })
            .unwrap_or_default(),
        submitted: submission.map(|s| format!("已于 {} 由 {} 报送上级工会", s.on, s.by)).unwrap_or_default(),
        waiver_on,
        waiver_asked_by_me: asked.as_deref().is_some_and(|a| crate::names::same(a, &who.name)),
        waiver_asked_by: asked.unwrap_or_default(),
        may_approve: who.may(Act::Approve),
        may_waive: who.may(Act::Waive),
        today: crate::today().to_string(),
        state_line,
        done: done.into(),
        error: error.into(),
    })
}

/// `/chair?year=`: the disclosure and what waits for the chair.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<ChairQuery>) -> WebResult<Response> {
    let year = page::year_given(given(&q.year))?;
    let done = given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&chair_page(&app, &who, year, &done, "").await?))
}

#[derive(Deserialize)]
pub struct ChairForm {
    #[serde(default)]
    csrf: String,
    year: i32,
    /// approve, submit, waive or unwaive.
    act: String,
    #[serde(default)]
    meeting: String,
    #[serde(default)]
    audit_meeting: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    reason: String,
}

/// One of the chair's acts; back to the page saying what was done, or the page with the refusal.
pub async fn act(State(app): State<Shared>, who: Who, Form(f): Form<ChairForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    let ctx = who.ctx(&app);
    let year = f.year;
    let done: crate::error::Result<String> = match f.act.as_str() {
        "approve" => {
            who.require(Act::Approve)?;
            let on = Some(f.on.trim()).filter(|d| !d.is_empty());
            ops::budget::approve(&ctx, year, &f.meeting, &f.audit_meeting, on, None)
                .await
                .map(|a| format!("已记录：{year} 年预算于 {} 经{}审议通过", a.approved_on, a.meeting))
        }
        "submit" => {
            who.require(Act::Approve)?;
            ops::budget::submit(&ctx, year).await.map(|s| format!("已报送 {year} 年预算（{} 个版本）", s.versions))
        }
        "waive" | "unwaive" => {
            who.require(Act::Waive)?;
            let reason = f.reason.trim();
            if reason.is_empty() {
                Err(crate::error::Error::input("请写明理由（如：本会仅一名兼职财务人员，经工会委员会研究决定）"))
            } else {
                let on = f.act == "waive";
                ops::setup::set_setting(&ctx, ops::REVIEW_WAIVER, if on { "on" } else { "off" }, reason).await.map(
                    |d| match d {
                        ops::setup::SettingDone::AwaitingSecond { first } => {
                            format!("{first} 已提出免除单独审核，须由另一人（工会主席或会计主管）确认后生效")
                        }
                        ops::setup::SettingDone::Set if on => "免除单独审核已生效".to_string(),
                        ops::setup::SettingDone::Set => "已恢复单独审核".to_string(),
                    },
                )
            }
        }
        other => return Err(page::WebError::bad_request(format!("不认识的操作“{other}”"))),
    };
    match done {
        Ok(said) => Ok(page::back_saying(&format!("/chair?year={year}"), &said)),
        Err(e) => {
            let p = chair_page(&app, &who, Some(year), "", &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}
