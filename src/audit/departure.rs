//! The audit group's record of a departing chair's 经济责任审计: who audited, their evaluation,
//! the chair's main work (主要业绩), the handover (离任交接) and the chair's response. Written by
//! the group as a TOML file (`audit departure --chair … --from … --to … --file F.toml`) and kept
//! in versions as written; the departure report prints it, and is a draft until it is entered.

use crate::error::{Error, Result};
use crate::form::Form;
use crate::ledger::period::Span;
use crate::money::Amount;
use chrono::NaiveDate;
use serde::Serialize;

/// The handover as the group recorded it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub date: NaiveDate,
    /// 移交人, 接交人, 监交人
    pub from: String,
    pub to: String,
    pub witness: String,
    /// Cash counted and the bank balance per the bank's statement at the handover.
    pub cash: Option<Amount>,
    pub bank: Option<Amount>,
    /// The assets handed over, as the group describes them.
    pub assets: String,
    pub documents: Vec<String>,
}

/// What the audit group writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The group's members, the leader first.
    pub group: Vec<String>,
    pub evaluation: String,
    pub achievements: String,
    pub suggestions: Vec<String>,
    pub response: String,
    pub handover: Handover,
}

/// An entered record: a version of one chair's tenure, with who entered it and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Record {
    pub chair: String,
    #[serde(skip)]
    pub span: Span,
    pub version: i64,
    /// The file as the group wrote it.
    pub body: String,
    pub entered_by: String,
    pub entered_at: String,
}

impl Record {
    pub fn draft(&self) -> Result<Draft> {
        parse(&self.body, "离任审计记录")
    }

    /// The digest the entering event records; `verify` holds the stored version to it.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let parts = [
            self.chair.clone(),
            self.span.from.0.to_string(),
            self.span.to.0.to_string(),
            self.version.to_string(),
            self.body.clone(),
            self.entered_by.clone(),
            self.entered_at.clone(),
        ];
        hex::encode(Sha256::digest(parts.join("\u{1f}").as_bytes()))
    }

    /// `王建国/2023-01..2025-12/v1`
    pub fn subject(&self) -> String {
        format!("{}/{}..{}/v{}", self.chair, self.span.from, self.span.to, self.version)
    }
}

/// The event kind that records an entered record.
pub const EVENT: &str = "departure_audit";

/// What the report prints where the group has not written a part yet.
pub const NOT_GIVEN: &str = "（审计组尚未填写）";

pub const TEMPLATE: &str = r#"# 离任经济责任审计记录（由审计组填写后录入：
#   gonghui audit departure --chair 姓名 --from 2023-01 --to 2025-12 --file 本文件）
# 每次录入保存为一个新版本，旧版本保留。

# 审计组成员，组长写在第一位
"审计组" = ["……（组长）", "……"]

# 审计组对被审计人任期内履行经济责任的总体评价（真实性、合法性、效益性），可写多段，段间空一行
"审计评价" = """
……
"""

# 主要业绩：预算管理、经费收缴、内控制度建设、为会员办的实事等
"主要业绩" = """
……
"""

# 审计意见和建议：每条一项；不写则报告列出依据审计发现整理的建议
"建议" = []

# 被审计人对审计报告的意见；没有可留空
"被审计人意见" = ""

["离任交接"]
"交接日期" = 2026-01-10
"移交人" = "……"
"接交人" = "……"
"监交人" = "……"
# 交接时实地盘点的库存现金、银行对账单余额（报告与账面核对）
"库存现金" = "0.00"
"银行存款" = "0.00"
"固定资产" = "……项，已逐项清点"
"移交资料" = ["会计凭证……册", "会计账簿……本", "财务印章"]
"#;

/// Read the group's file; `source` names it in messages.
pub fn parse(text: &str, source: &str) -> Result<Draft> {
    let f = Form::parse(text, source, "gonghui audit departure --template")?;
    let t = &f.table;
    f.only(t, &["审计组", "审计评价", "主要业绩", "建议", "被审计人意见", "离任交接"], "")?;
    let group = f.list(t, "审计组")?;
    if group.is_empty() || group.iter().any(|m| m.contains('…')) {
        return Err(Error::input(format!("{}：请在“审计组”中写明审计组成员（组长在前）", f.at("审计组"))));
    }
    let evaluation = f.written(t, "审计评价", true)?;
    let achievements = f.written(t, "主要业绩", true)?;
    let suggestions = f.list(t, "建议")?;
    if suggestions.iter().any(|s| s.contains('…')) {
        return Err(Error::input(format!("{}：“建议”中还有模板里的省略号，请写上或删去该条", f.at("建议"))));
    }
    let response = f.written(t, "被审计人意见", false)?;
    let h = f.section("离任交接", "交接日期、移交人、接交人、监交人、库存现金、银行存款、固定资产、移交资料")?;
    f.only(
        h,
        &["交接日期", "移交人", "接交人", "监交人", "库存现金", "银行存款", "固定资产", "移交资料"],
        "离任交接中",
    )?;
    let handover = Handover {
        date: f.date(h, "交接日期", "离任交接")?,
        from: f.written(h, "移交人", true)?,
        to: f.written(h, "接交人", true)?,
        witness: f.written(h, "监交人", true)?,
        cash: f.amount(h, "库存现金")?,
        bank: f.amount(h, "银行存款")?,
        assets: f.written(h, "固定资产", false)?,
        documents: f.list(h, "移交资料")?,
    };
    if handover.documents.iter().any(|d| d.contains('…')) {
        return Err(Error::input(format!(
            "{}：“移交资料”中还有模板里的省略号，请写上实际移交的资料",
            f.at("移交资料")
        )));
    }
    Ok(Draft { group, evaluation, achievements, suggestions, response, handover })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn filled() -> String {
        TEMPLATE
            .replace("[\"……（组长）\", \"……\"]", "[\"陈静（组长）\", \"赵敏\"]")
            .replace("\"\"\"\n……\n\"\"\"\n\n# 主要业绩", "\"\"\"\n任期内经费收支基本真实。\n\"\"\"\n\n# 主要业绩")
            .replace("\"\"\"\n……\n\"\"\"", "\"\"\"\n建立了职工书屋。\n\"\"\"")
            .replace("\"移交人\" = \"……\"", "\"移交人\" = \"王建国\"")
            .replace("\"接交人\" = \"……\"", "\"接交人\" = \"李新\"")
            .replace("\"监交人\" = \"……\"", "\"监交人\" = \"校党委 周书记\"")
            .replace("\"……项，已逐项清点\"", "\"健身器材 1 套，已清点\"")
            .replace("[\"会计凭证……册\", \"会计账簿……本\", \"财务印章\"]", "[\"会计凭证 12 册\", \"财务印章\"]")
            .replace("\"库存现金\" = \"0.00\"", "\"库存现金\" = \"1,234.50\"")
    }

    #[test]
    fn the_template_filled_in_reads_and_the_unfilled_one_is_refused() {
        let d = parse(&filled(), "离任.toml").unwrap();
        assert_eq!(d.group, ["陈静（组长）", "赵敏"]);
        assert_eq!(d.evaluation, "任期内经费收支基本真实。");
        assert_eq!(d.achievements, "建立了职工书屋。");
        assert_eq!(d.handover.cash, Some(Amount(123_450)));
        assert_eq!(d.handover.documents, ["会计凭证 12 册", "财务印章"]);
        let e = parse(TEMPLATE, "离任.toml").unwrap_err();
        assert!(e.message().contains("离任.toml 第 6 行") && e.message().contains("审计组"), "{}", e.message());
        let e = parse(&filled().replace("\"1,234.50\"", "\"一千元\""), "离任.toml").unwrap_err();
        assert!(e.message().contains("库存现金") && e.message().contains("第 30 行"), "{}", e.message());
    }
}
