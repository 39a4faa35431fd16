//! The 经费审查委员会's own word on a year: its conclusion, opinion, suggestions, how it examined
//! the books (审查过程) and the response of the union's chair (被审计人意见). Entered by a
//! committee member from a TOML file (`audit opinion --year Y --file F.toml`), kept in versions (a
//! new version never replaces the old); until one is entered the review and the disclosure say
//! that the committee has not given its opinion and are drafts.

use crate::error::{Error, Result};
use crate::form::Form;
use chrono::NaiveDate;
use serde::Serialize;

/// The committee's conclusion on the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Conclusion {
    /// 真实合规
    Compliant,
    /// 基本合规
    Mostly,
    /// 存在问题
    Problems,
    /// 不予认可
    Rejected,
}

pub const CONCLUSIONS: &[(Conclusion, &str, &str)] = &[
    (Conclusion::Compliant, "compliant", "真实合规"),
    (Conclusion::Mostly, "mostly", "基本合规"),
    (Conclusion::Problems, "problems", "存在问题"),
    (Conclusion::Rejected, "rejected", "不予认可"),
];

impl Conclusion {
    pub fn code(self) -> &'static str {
        CONCLUSIONS.iter().find(|(c, _, _)| *c == self).map(|(_, code, _)| *code).unwrap_or("")
    }

    pub fn label(self) -> &'static str {
        CONCLUSIONS.iter().find(|(c, _, _)| *c == self).map(|(_, _, l)| *l).unwrap_or("")
    }

    /// From its label (真实合规) or code (compliant).
    pub fn parse(s: &str) -> Option<Conclusion> {
        let s = s.trim();
        CONCLUSIONS.iter().find(|(_, code, label)| *code == s || *label == s).map(|(c, _, _)| *c)
    }
}

/// How the committee examined the books.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Process {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The committee members who took part, as they sign (王芳（主任）).
    pub members: Vec<String>,
    /// What was examined (记账凭证、账簿、银行对账单、会员名册…).
    pub examined: Vec<String>,
}

/// What a committee member writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub conclusion: Conclusion,
    pub opinion: String,
    pub suggestions: Vec<String>,
    pub process: Process,
    /// The chair's response (被审计人意见), as given to the committee; may be empty.
    pub response: String,
}

/// An entered opinion: a version of a year's, with who entered it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opinion {
    pub year: i32,
    pub version: i64,
    #[serde(flatten)]
    pub draft: Draft,
    pub entered_by: String,
    pub entered_at: String,
}

impl Opinion {
    /// The digest of what was entered, which the entering event records: `verify` holds the
    /// stored version to it.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let d = &self.draft;
        let parts = [
            self.year.to_string(),
            self.version.to_string(),
            d.conclusion.code().to_string(),
            d.opinion.clone(),
            d.suggestions.join("\u{1e}"),
            d.response.clone(),
            d.process.from.to_string(),
            d.process.to.to_string(),
            d.process.members.join("\u{1e}"),
            d.process.examined.join("\u{1e}"),
            self.entered_by.clone(),
            self.entered_at.clone(),
        ];
        hex::encode(Sha256::digest(parts.join("\u{1f}").as_bytes()))
    }

    /// The subject of the event that recorded this version: `2025/v2`.
    pub fn subject(&self) -> String {
        format!("{}/v{}", self.year, self.version)
    }
}

/// The event kind that records an entered opinion.
pub const EVENT: &str = "audit_opinion";

/// What the review and the disclosure print where the committee has not given its opinion.
pub const NOT_GIVEN: &str = "（经审会意见尚未填写）";

/// How a report whose opinion is not given marks itself.
pub const DRAFT_MARK: &str = "（草稿）";

/// A file to start from: `audit opinion --template`.
pub const TEMPLATE: &str = r#"# 经费审查委员会审查意见（由经审委员填写后录入：gonghui audit opinion --year 年度 --file 本文件）
# 每次录入保存为一个新版本，旧版本保留。

# 审查结论：真实合规、基本合规、存在问题 或 不予认可
"结论" = "基本合规"

# 审查意见：经审会对本年度经费收支、预算执行、资产管理和内部控制的评价（可写多段，段间空一行）
"意见" = """
经审查，本会本年度工会经费收支……
"""

# 意见和建议：每条一项
"建议" = [
  "……",
]

# 被审计人（工会主席）对审查意见的回复；没有可留空
"被审计人意见" = ""

["审查过程"]
"开始日期" = 2026-01-05
"结束日期" = 2026-01-16
# 参加审查的经审委员，按签名写法
"审查人员" = ["……（主任）", "……"]
# 审查了什么
"审查内容" = ["全年记账凭证和会计账簿", "银行对账单和余额调节表", "预算及其调整", "会员名册和慰问发放名单"]
"#;

/// Read a committee's opinion file; `source` names it in messages.
pub fn parse(text: &str, source: &str) -> Result<Draft> {
    let f = Form::parse(text, source, "gonghui audit opinion --template")?;
    let t = &f.table;
    f.only(t, &["结论", "意见", "建议", "被审计人意见", "审查过程"], "")?;
    let conclusion = f.text(t, "结论", true)?;
    let opinion = f.text(t, "意见", true)?;
    let suggestions = f.list(t, "建议")?;
    let response = f.text(t, "被审计人意见", false)?;
    let p = f.section("审查过程", "开始日期、结束日期、审查人员、审查内容")?;
    f.only(p, &["开始日期", "结束日期", "审查人员", "审查内容"], "审查过程中")?;
    let (from, to) = (f.date(p, "开始日期", "审查过程")?, f.date(p, "结束日期", "审查过程")?);
    let written = Written {
        conclusion,
        opinion,
        suggestions,
        response,
        from,
        to,
        members: f.list(p, "审查人员")?,
        examined: f.list(p, "审查内容")?,
    };
    written.checked(|key| f.at(key))
}

/// What a committee member wrote, field by field (from the file, or the web desk's form), before
/// it is checked.
#[derive(Clone, Debug, Default)]
pub struct Written {
    pub conclusion: String,
    pub opinion: String,
    pub suggestions: Vec<String>,
    pub response: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub members: Vec<String>,
    pub examined: Vec<String>,
}

impl Written {
    /// The opinion if every part is given and none is still the template's ellipsis; `at` names
    /// where a field was written (a file's line, a form's field) for the messages.
    pub fn checked(self, at: impl Fn(&str) -> String) -> Result<Draft> {
        let written = self.conclusion.trim();
        let conclusion = Conclusion::parse(written).ok_or_else(|| {
            let said = if written.is_empty() { "没有写".to_string() } else { format!("“{written}”不认识") };
            Error::input(format!(
                "{}：结论{said}；可写：{}",
                at("结论"),
                CONCLUSIONS.iter().map(|(_, _, l)| *l).collect::<Vec<_>>().join("、")
            ))
        })?;
        let opinion = self.opinion.trim().to_string();
        if opinion.is_empty() {
            return Err(Error::input(format!("{}：请写上经审会的“意见”", at("意见"))));
        }
        if opinion.contains('…') {
            return Err(Error::input(format!("{}：“意见”还是模板里的省略号，请写上经审会的意见", at("意见"))));
        }
        let suggestions: Vec<String> =
            self.suggestions.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if suggestions.iter().any(|s| s.contains('…')) {
            return Err(Error::input(format!("{}：“建议”中还有模板里的省略号，请写上或删去该条", at("建议"))));
        }
        let (from, to) = (self.from, self.to);
        if to < from {
            return Err(Error::input(format!("{}：结束日期 {to} 早于开始日期 {from}", at("结束日期"))));
        }
        let members: Vec<String> =
            self.members.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if members.is_empty() || members.iter().any(|m| m.contains('…')) {
            return Err(Error::input(format!("{}：请在“审查人员”中写明参加审查的经审委员", at("审查人员"))));
        }
        let examined: Vec<String> =
            self.examined.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        if examined.is_empty() {
            return Err(Error::input(format!("{}：请在“审查内容”中写明审查了哪些资料", at("审查内容"))));
        }
        Ok(Draft {
            conclusion,
            opinion,
            suggestions,
            process: Process { from, to, members, examined },
            response: self.response.trim().to_string(),
        })
    }
}

impl Draft {
    /// The opinion's paragraphs (blank lines part them).
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.opinion)
    }

    /// The 审查过程 as one paragraph for the review.
    pub fn process_text(&self) -> String {
        let p = &self.process;
        format!(
            "审查时间：{} 至 {}。审查人员：{}。审查内容：{}。",
            crate::cn_date(p.from),
            crate::cn_date(p.to),
            p.members.join("、"),
            p.examined.join("；")
        )
    }
}

/// The conclusion and opinion as a document prints them: "审查结论：…。" and the opinion's
/// paragraphs, or that the committee has not given one.
pub fn conclusion_paragraphs(o: Option<&Opinion>) -> Vec<String> {
    match o {
        Some(o) => {
            let mut p = vec![format!("审查结论：{}。", o.draft.conclusion.label())];
            p.extend(o.draft.paragraphs());
            p
        }
        None => vec![NOT_GIVEN.to_string()],
    }
}

/// Text split at blank lines into paragraphs, each paragraph's lines joined.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(""))
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> String {
        TEMPLATE
            .replace("经审查，本会本年度工会经费收支……", "经审查，收支真实。\n\n第二段。")
            .replace("\"……\",\n", "\"退回购物卡款\",\n")
            .replace("[\"……（主任）\", \"……\"]", "[\"陈静（主任）\"]")
    }

    #[test]
    fn the_template_filled_in_reads() {
        let d = parse(&filled(), "意见.toml").unwrap();
        assert_eq!(d.conclusion, Conclusion::Mostly);
        assert_eq!(d.paragraphs(), vec!["经审查，收支真实。", "第二段。"]);
        assert_eq!(d.suggestions, vec!["退回购物卡款"]);
        assert_eq!(d.process.members, vec!["陈静（主任）"]);
        assert!(d.process_text().contains("2026年1月5日 至 2026年1月16日"), "{}", d.process_text());
    }

    #[test]
    fn the_template_as_it_is_is_refused_and_mistakes_name_their_line() {
        let e = parse(TEMPLATE, "意见.toml").unwrap_err().to_string();
        assert!(e.contains("省略号"), "{e}");
        let bad = filled().replace("\"结论\" = \"基本合规\"", "\"结论\" = \"还行\"");
        let e = parse(&bad, "意见.toml").unwrap_err().to_string();
        assert!(e.contains("意见.toml 第 5 行") && e.contains("真实合规、基本合规、存在问题、不予认可"), "{e}");
        let bad = filled().replace("\"结束日期\" = 2026-01-16", "\"结束日期\" = 2025-12-16");
        let e = parse(&bad, "意见.toml").unwrap_err().to_string();
        assert!(e.contains("早于开始日期"), "{e}");
        let e = parse("\"结论\" = \n", "意见.toml").unwrap_err().to_string();
        assert!(e.contains("第 1 行") && e.contains("TOML"), "{e}");
    }
}
