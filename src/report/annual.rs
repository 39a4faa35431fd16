//! 年度财务报告: the year's statements as one document to file and sign — a cover (the union,
//! its 统一社会信用代码 and upper union, who signs per 会计基础工作规范 第六十四条, the date of
//! issue and the seal place), then 工会01表 and 工会02表 with the 附注, the pages numbered through.

use super::{Report, Request, Section};
use crate::books::Books;
use crate::error::{Error, Result};
use crate::ledger::period::{Period, Span};
use crate::ledger::profile::Profile;

pub struct Input {
    pub org: String,
    pub year: i32,
    pub profile: Profile,
    pub statements: Vec<Report>,
}

/// The statements are built by the caller (with their caveats), for the year `req` spans.
pub async fn load(b: &Books<'_>, req: &Request, statements: Vec<Report>) -> Result<Input> {
    let year = year_of(req.span)?;
    let profile = Profile::from_setting(b.setting(crate::ledger::profile::SETTING).await?.as_deref())?;
    Ok(Input { org: b.org().name.clone(), year, profile, statements })
}

/// The year a span covers whole; the annual report has no other period.
pub fn year_of(span: Span) -> Result<i32> {
    let year = span.to.year();
    if span.from != Period::new(year, 1) || span.to != Period::new(year, 12) {
        return Err(Error::input(format!("年度财务报告按年度编制：请用 --year {year}（所给期间为 {}）", span.label())));
    }
    Ok(year)
}

pub fn build(i: &Input) -> Report {
    let mut r = Report::new("annual-report", &format!("{}年度财务报告", i.year), &i.org, "");
    r.unit.clear();
    r.signatures.clear();
    let p = &i.profile;
    let mut lines = vec![format!("统一社会信用代码：{}", super::or_line(&p.credit_code))];
    if !p.parent.is_empty() {
        lines.push(format!("隶属工会：{}", p.parent));
    }
    lines.push(format!("单位负责人：{}", super::or_line(&p.head)));
    lines.push(format!("主管会计工作负责人：{}", super::or_line(&p.finance_head)));
    lines.push(format!("会计机构负责人：{}", super::or_line(&p.accounting_head)));
    lines.push("报出日期：        年    月    日".into());
    lines.push("单位（盖章）".into());
    r.sections.push(Section::Text { heading: None, paragraphs: lines });
    r.parts = i.statements.clone();
    r
}
