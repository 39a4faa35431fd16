//! 经费: the year's budget (its versions, its approval, execution by account, activity and
//! economic class one click away), a budget or an adjustment uploaded with the command line's
//! checks (`budget import`), the wage data the 2% is computed from (`payroll import`), and the
//! fixed assets' monthly depreciation (`asset depreciate`).

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::upload;
use super::Shared;
use crate::ledger::period::Period;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

pub struct VersionView {
    pub what: String,
    pub approved_on: String,
    pub doc: String,
    pub reason: String,
    pub lines: usize,
}

#[derive(Template)]
#[template(path = "web/funds.html")]
struct FundsPage {
    chrome: Chrome,
    year: i32,
    versions: Vec<VersionView>,
    approved: String,
    submitted: String,
    /// Months of wage data held for the year.
    payroll_months: usize,
    /// Months whose depreciation was booked (voucher, amount), latest first.
    depreciated: Vec<(String, String, String)>,
    next_month: String,
    may_prepare: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct FundsQuery {
    year: Option<String>,
    done: Option<String>,
}

async fn funds_page(app: &Shared, who: &Who, year: Option<i32>, done: &str, error: &str) -> WebResult<FundsPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let year = page::year_or_current(&ctx, year).await?;
    let budget = b.budget(year).await?;
    let versions = budget
        .versions
        .iter()
        .map(|v| VersionView {
            what: if v.version == 0 { "年初预算".into() } else { format!("第 {} 次调整", v.version) },
            approved_on: v.approved_on.clone(),
            doc: v.doc_no.clone(),
            reason: v.reason.clone(),
            lines: v.lines.len(),
        })
        .collect();
    let approval = ops::budget::approval(&ctx, year).await?;
    let submission = ops::budget::submission(&ctx, year).await?;
    let payroll_months = b.payroll(Period::new(year, 1), Period::new(year, 12)).await?.len();
    let runs = b.depreciation_runs().await?;
    let mut depreciated: Vec<(String, String, String)> = runs
        .iter()
        .filter(|(p, _, _)| p.year() == year)
        .map(|(p, no, amount)| (p.label(), no.clone(), page::money(*amount)))
        .collect();
    depreciated.reverse();
    let next_month = runs.iter().map(|(p, _, _)| *p).max().map_or_else(|| Period::new(year, 1), |p| p.next());
    Ok(FundsPage {
        chrome: who.chrome("/funds"),
        year,
        versions,
        approved: approval.map(|a| format!("已于 {} 经{}审议通过", a.approved_on, a.meeting)).unwrap_or_default(),
        submitted: submission.map(|s| format!("已于 {} 报送上级工会", s.on)).unwrap_or_default(),
        payroll_months,
        depreciated,
        next_month: next_month.to_string(),
        may_prepare: who.may(Act::Prepare),
        done: done.into(),
        error: error.into(),
    })
}

/// `/funds?year=`.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<FundsQuery>) -> WebResult<Response> {
    let year = page::year_given(given(&q.year))?;
    let done = given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&funds_page(&app, &who, year, &done, "").await?))
}

/// Back to the page saying what was done, or the page with the refusal and its status.
async fn after(app: &Shared, who: &Who, year: i32, done: crate::error::Result<String>) -> WebResult<Response> {
    match done {
        Ok(said) => Ok(page::back_saying(&format!("/funds?year={year}"), &said)),
        Err(e) => {
            let p = funds_page(app, who, Some(year), "", &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}

/// The uploaded file of a form, kept while it is read; refused when none was chosen.
fn chosen(u: &upload::Upload, what: &str) -> crate::error::Result<upload::Kept> {
    let (name, bytes) = u
        .files("file")
        .into_iter()
        .next()
        .ok_or_else(|| crate::error::Error::input(format!("请选择{what}文件（CSV、XLS 或 XLSX）")))?;
    upload::keep(&name, &bytes, "upload.csv").map_err(|e| crate::error::Error::io(e.message))
}

/// `POST /funds/budget`: the 年初预算 or an adjustment (with its approval date, document and
/// reason), read and checked as `budget import` reads it.
pub async fn budget(State(app): State<Shared>, who: Who, m: axum::extract::Multipart) -> WebResult<Response> {
    let u = upload::read(m).await?;
    who.check_csrf(u.field("csrf"))?;
    who.require(Act::Prepare)?;
    let year = page::year_given(Some(u.field("year")))?.ok_or_else(|| page::WebError::bad_request("请写明预算年度"))?;
    let done = async {
        let kept = chosen(&u, "预算")?;
        let adj = (u.field("kind") == "adjustment").then(|| ops::budget::Adjustment {
            approved_on: Some(u.field("approved_on").to_string()),
            doc_no: u.field("doc").to_string(),
            reason: u.field("reason").to_string(),
        });
        let (version, n) =
            ops::budget::import(&who.ctx(&app), &kept.path, None, year, adj).await.map_err(|e| kept.said(e))?;
        Ok(if version == 0 {
            format!("已导入 {year} 年年初预算：{n} 行")
        } else {
            format!("已导入 {year} 年第 {version} 次预算调整：{n} 行")
        })
    }
    .await;
    after(&app, &who, year, done).await
}

/// `POST /funds/payroll`: the wage data by month (工资总额, 会员人数), read as `payroll import`
/// reads it; months already held are replaced only when asked.
pub async fn payroll(State(app): State<Shared>, who: Who, m: axum::extract::Multipart) -> WebResult<Response> {
    let u = upload::read(m).await?;
    who.check_csrf(u.field("csrf"))?;
    who.require(Act::Prepare)?;
    let year = page::year_given(Some(u.field("year")))?.ok_or_else(|| page::WebError::bad_request("请写明年度"))?;
    let done = async {
        let kept = chosen(&u, "工资数据")?;
        let replace = u.field("replace") == "on";
        let (added, replaced) = ops::allocation::import_payroll(&who.ctx(&app), &kept.path, None, replace)
            .await
            .map_err(|e| kept.said(e))?;
        Ok(format!("已导入工资数据：新增 {added} 个月，替换 {replaced} 个月"))
    }
    .await;
    after(&app, &who, year, done).await
}

#[derive(Deserialize)]
pub struct DepreciateForm {
    #[serde(default)]
    csrf: String,
    year: i32,
    month: String,
}

/// `POST /funds/depreciate`: the month's depreciation as a draft voucher for another to review.
pub async fn depreciate(State(app): State<Shared>, who: Who, Form(f): Form<DepreciateForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Prepare)?;
    let done = async {
        let p = Period::parse(f.month.trim())?;
        Ok(match ops::assets::depreciate(&who.ctx(&app), p).await? {
            Some((no, amount)) => format!("已计提 {} 折旧 {} 元：凭证 {no}（待审核）", p.label(), page::money(amount)),
            None => format!("{} 没有需计提折旧的固定资产", p.label()),
        })
    }
    .await;
    after(&app, &who, f.year, done).await
}
