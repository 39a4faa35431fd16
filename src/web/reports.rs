//! 报表: every report of `gonghui report` as a page, its filters in the URL (period, account,
//! activity view, chair), with downloads as CSV, XLSX and PDF made from the same report model as
//! the page (`render::html` for the page, the command line's renderers for the files).

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::render::html;
use crate::report::{self, Request, REPORTS};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// Rows of a table shown on the page; the downloads hold all of them.
const PAGE_ROWS: usize = 1_000;

/// The filters of a report page, as in its URL.
#[derive(Deserialize, Default, Clone)]
pub struct ReportQuery {
    year: Option<String>,
    month: Option<String>,
    from: Option<String>,
    to: Option<String>,
    account: Option<String>,
    by: Option<String>,
    chair: Option<String>,
    /// csv, xlsx or pdf: the report as a file.
    format: Option<String>,
}

impl ReportQuery {
    /// The query string of these filters (without the format), for the download links.
    fn filters(&self) -> String {
        let pairs = [
            ("year", &self.year),
            ("month", &self.month),
            ("from", &self.from),
            ("to", &self.to),
            ("account", &self.account),
            ("by", &self.by),
            ("chair", &self.chair),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| given(v).map(|v| format!("{k}={}", super::vouchers::url_encode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

pub struct Entry {
    pub name: &'static str,
    pub title: &'static str,
}

#[derive(Template)]
#[template(path = "web/reports.html")]
struct ListPage {
    chrome: Chrome,
    year: i32,
    reports: Vec<Entry>,
}

pub async fn list(State(app): State<Shared>, who: Who) -> WebResult<Response> {
    let ctx = who.ctx(&app);
    let span = ctx.books().asked_span(None, None, None, None).await?;
    let reports = REPORTS.iter().map(|(name, title)| Entry { name, title }).collect();
    Ok(page::render(&ListPage { chrome: who.chrome("/reports"), year: span.from.year(), reports }))
}

#[derive(Template)]
#[template(path = "web/report.html")]
struct ReportPage {
    chrome: Chrome,
    name: String,
    q: ReportQuery,
    filters: String,
    /// Whether the report takes an account, the budget's view, a chair's name.
    takes_account: bool,
    takes_by: bool,
    takes_chair: bool,
    page: html::Page,
    state_line: String,
}

/// `/reports/{name}?year=…`: the report as a page, or (`format=`) as a file.
pub async fn show(
    State(app): State<Shared>,
    who: Who,
    Path(name): Path<String>,
    Query(q): Query<ReportQuery>,
) -> WebResult<Response> {
    let Some(canonical) = report::canonical(&name) else {
        return Err(page::WebError::from(crate::error::Error::not_found(format!("没有名为“{name}”的报表"))));
    };
    let ctx = who.ctx(&app);
    let year = page::year_given(given(&q.year))?;
    let span = ctx.books().asked_span(given(&q.month), year, given(&q.from), given(&q.to)).await?;
    let req = Request {
        span,
        account: given(&q.account).map(str::to_string),
        by: given(&q.by).map(str::to_string),
        chair: given(&q.chair).map(str::to_string),
    };
    if let Some(format) = given(&q.format) {
        let r = report::build(&ctx, canonical, &req).await?;
        return download(&r, canonical, &span.label(), format);
    }
    // A ledger or journal is read as it streams: the page keeps its first rows and counts the
    // rest (a year's journal is never held whole for a page).
    let (page, state) = if report::streams(canonical) {
        let mut head = crate::report::model::Head::new(PAGE_ROWS);
        let mut r = report::stream(&ctx, canonical, &req, &mut head).await?;
        r.sections.extend(head.tables.into_iter().map(report::Section::Table));
        let mut page = html::page(&r, PAGE_ROWS);
        for (t, hidden) in page.parts.iter_mut().filter_map(|p| p.table.as_mut()).zip(head.hidden) {
            t.hidden += hidden;
        }
        (page, r.state)
    } else {
        let r = report::build(&ctx, canonical, &req).await?;
        (html::page(&r, PAGE_ROWS), r.state)
    };
    let filters = q.filters();
    let state_line = state.as_deref().map(crate::render::state_line).unwrap_or_default();
    Ok(page::render(&ReportPage {
        chrome: who.chrome("/reports"),
        name: canonical.to_string(),
        takes_account: matches!(canonical, "ledger" | "journal" | "columnar" | "general-ledger"),
        takes_by: canonical == "budget",
        takes_chair: canonical == "departure",
        q,
        filters,
        page,
        state_line,
    }))
}

/// The report as a file, named by its title and period.
fn download(r: &report::Report, name: &str, period: &str, format: &str) -> WebResult<Response> {
    use crate::render::{self, Format};
    let f = Format::parse(format)
        .filter(|f| matches!(f, Format::Csv | Format::Xlsx | Format::Pdf))
        .ok_or_else(|| page::WebError::bad_request(format!("下载格式“{format}”不认识；可用 csv、xlsx、pdf")))?;
    let (bytes, mime) = match f {
        Format::Csv => (render::csv::render(r), "text/csv; charset=utf-8"),
        Format::Xlsx => (render::xlsx::render(r)?, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        _ => (render::pdf::render(r, &render::pdf::Font::embedded())?, "application/pdf"),
    };
    let title = REPORTS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap_or(name);
    let file = format!("{title}-{period}.{}", f.extension());
    let disposition = format!(
        "attachment; filename=\"{name}.{}\"; filename*=UTF-8''{}",
        f.extension(),
        super::vouchers::url_encode(&file)
    );
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
