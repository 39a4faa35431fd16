//! 审查意见: the 经审会's opinion on a year entered in a form by a committee member (the use case
//! of `audit opinion --file`, checked the same way), with its earlier versions and the books'
//! state root the review will carry.

use super::page::{self, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::audit::opinion::{self, Opinion, Written, CONCLUSIONS};
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

/// The form's fields as the member typed them (kept when a refusal shows the form again).
#[derive(Deserialize, Default, Clone)]
pub struct OpinionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    opinion: String,
    /// One suggestion a line.
    #[serde(default)]
    suggestions: String,
    #[serde(default)]
    response: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// One member a line (or separated by 、).
    #[serde(default)]
    members: String,
    /// One item a line (or separated by 、).
    #[serde(default)]
    examined: String,
}

/// What the 审查内容 starts from when nothing was entered yet.
const EXAMINED: &[&str] =
    &["全年记账凭证和会计账簿", "银行对账单和余额调节表", "预算及其调整", "会员名册和慰问发放名单"];

fn lines(s: &str) -> Vec<String> {
    s.split(['\n', '、']).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

impl OpinionForm {
    /// The form filled with an entered version (the next version starts from the last).
    fn of(o: &Opinion) -> OpinionForm {
        let d = &o.draft;
        OpinionForm {
            csrf: String::new(),
            year: o.year.to_string(),
            conclusion: d.conclusion.code().into(),
            opinion: d.opinion.clone(),
            suggestions: d.suggestions.join("\n"),
            response: d.response.clone(),
            from: d.process.from.to_string(),
            to: d.process.to.to_string(),
            members: d.process.members.join("\n"),
            examined: d.process.examined.join("\n"),
        }
    }

    /// An empty form for `year`: today's date and the member's own name to start from.
    fn blank(year: i32, user: &str) -> OpinionForm {
        let today = crate::today().to_string();
        OpinionForm {
            year: year.to_string(),
            from: today.clone(),
            to: today,
            members: user.to_string(),
            examined: EXAMINED.join("\n"),
            ..OpinionForm::default()
        }
    }

    /// The fields as the opinion's checks take them; a date that is not one is named.
    fn written(&self) -> crate::error::Result<Written> {
        let date = |v: &str, what: &str| {
            crate::ledger::period::parse_date_arg(v.trim())
                .map_err(|_| crate::error::Error::input(format!("“{what}”“{}”不是日期；请写成 2026-01-05", v.trim())))
        };
        Ok(Written {
            conclusion: self.conclusion.clone(),
            opinion: self.opinion.replace("\r\n", "\n"),
            suggestions: self.suggestions.lines().map(str::to_string).collect(),
            response: self.response.replace("\r\n", "\n"),
            from: date(&self.from, "审查开始日期")?,
            to: date(&self.to, "审查结束日期")?,
            members: lines(&self.members),
            examined: lines(&self.examined),
        })
    }
}

pub struct Version {
    pub version: i64,
    pub conclusion: &'static str,
    pub by: String,
    pub at: String,
}

pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "web/opinion.html")]
struct OpinionPage {
    chrome: Chrome,
    year: i32,
    f: OpinionForm,
    conclusions: Vec<Choice>,
    versions: Vec<Version>,
    may_enter: bool,
    state_line: String,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct OpinionQuery {
    year: Option<String>,
    done: Option<String>,
}

async fn opinion_page(
    app: &Shared,
    who: &Who,
    year: Option<i32>,
    typed: Option<OpinionForm>,
    done: &str,
    error: &str,
) -> WebResult<OpinionPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let year = page::year_or_current(&ctx, year).await?;
    let entered = b.opinion_versions(year).await?;
    let f = typed.unwrap_or_else(|| match entered.last() {
        Some(o) => OpinionForm::of(o),
        None => OpinionForm::blank(year, &who.name),
    });
    let conclusions = CONCLUSIONS
        .iter()
        .map(|(_, code, label)| Choice {
            value: code,
            label,
            selected: opinion::Conclusion::parse(&f.conclusion).is_some_and(|c| c.code() == *code),
        })
        .collect();
    let versions = entered
        .iter()
        .rev()
        .map(|o| Version {
            version: o.version,
            conclusion: o.draft.conclusion.label(),
            by: o.entered_by.clone(),
            at: crate::shown_date(&o.entered_at),
        })
        .collect();
    let state_line = b.state().await?.map(|e| crate::render::state_line(&e.label())).unwrap_or_default();
    Ok(OpinionPage {
        chrome: who.chrome("/audit"),
        year,
        f,
        conclusions,
        versions,
        may_enter: who.may(Act::Judge),
        state_line,
        done: done.into(),
        error: error.into(),
    })
}

/// `/audit/opinion?year=`: the year's opinion as last entered, in its form.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<OpinionQuery>) -> WebResult<Response> {
    let year = page::year_given(page::given(&q.year))?;
    let done = page::given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&opinion_page(&app, &who, year, None, &done, "").await?))
}

/// The member's opinion entered as a new version; refused, the form again with what was typed.
pub async fn enter(State(app): State<Shared>, who: Who, Form(f): Form<OpinionForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Judge)?;
    let year =
        page::year_given(page::filled(&f.year))?.ok_or_else(|| page::WebError::bad_request("请写明审查意见的年度"))?;
    let entered = async {
        let draft = f.written()?.checked(|key| format!("“{key}”一栏"))?;
        ops::audit::give_opinion(&who.ctx(&app), year, draft).await
    }
    .await;
    match entered {
        Ok(o) => {
            let said = format!("已录入 {year} 年度经审会审查意见第 {} 版：{}", o.version, o.draft.conclusion.label());
            Ok(page::back_saying(&format!("/audit/opinion?year={year}"), &said))
        }
        Err(e) => {
            let status = page::status_of(&e);
            let p = opinion_page(&app, &who, Some(year), Some(f), "", &e.to_string()).await?;
            Ok(page::render_with(if status.is_success() { StatusCode::UNPROCESSABLE_ENTITY } else { status }, &p))
        }
    }
}
