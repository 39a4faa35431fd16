//! The audit desk (经审): rule packs by province, the member register and benefit lists, the
//! checks that turn books into findings. Pure: `ops::audit` gathers the data and keeps the results.

pub mod caps;
pub mod checks;
pub mod departure;
pub mod ledger_checks;
pub mod opinion;
pub mod pack;
pub mod people;
pub mod rectification;
pub mod responsibility;
pub mod spending;

use crate::ledger::period::Span;
use crate::money::Amount;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A member as the register lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Member {
    pub no: String,
    pub name: String,
    pub dept: String,
    pub joined: Option<NaiveDate>,
    pub status: MemberStatus,
}

/// Where a member stands: 在职, 退休 or 调离.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MemberStatus {
    InService,
    Retired,
    Transferred,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 3] = [MemberStatus::InService, MemberStatus::Retired, MemberStatus::Transferred];

    /// The word the register and the database use.
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::InService => "在职",
            MemberStatus::Retired => "退休",
            MemberStatus::Transferred => "调离",
        }
    }

    pub fn parse(s: &str) -> Option<MemberStatus> {
        MemberStatus::ALL.into_iter().find(|m| m.label() == s.trim())
    }
}

/// One person on a voucher's benefit list (慰问发放名单).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Benefit {
    pub voucher_no: String,
    pub member_no: String,
    pub name: String,
    /// 节日, 生日, … (pack::BENEFIT_TYPES) or 其他.
    pub kind: String,
    pub amount: Amount,
    /// 实物, 提货券, 购物卡, 现金, 转账.
    pub form: String,
    pub signed: bool,
    pub file_name: String,
    pub file_line: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "严重",
            Severity::Medium => "一般",
            Severity::Low => "轻微",
            Severity::Info => "提示",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::High, Severity::Medium, Severity::Low, Severity::Info].into_iter().find(|v| v.code() == s)
    }
}

/// What an audit check found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The check, e.g. `benefit_cap` (see `checks::RULES`).
    pub rule: String,
    pub severity: Severity,
    /// The check's Chinese name, e.g. 慰问超标准.
    pub title: String,
    pub message: String,
    /// The rule's document and how sure the source is.
    pub doc: String,
    pub amount: Amount,
    pub vouchers: Vec<String>,
    /// "工号 姓名" of the members concerned.
    pub members: Vec<String>,
    /// What else tells this finding from another of the same rule (a month and an account, a
    /// year): part of its key. Not kept; empty for most findings.
    #[serde(skip)]
    pub subject: String,
}

impl Finding {
    /// What a document meant for members says of the finding: the members concerned are not
    /// named (工号 and 姓名 become 某会员).
    pub fn public_message(&self) -> String {
        let mut m = self.message.clone();
        for person in &self.members {
            m = m.replace(person.as_str(), "某会员");
            if let Some((_, name)) = person.split_once(' ') {
                if !name.trim().is_empty() {
                    m = m.replace(name.trim(), "某会员");
                }
            }
        }
        m
    }

    /// The rule's document without the mark of how sure its source is.
    pub fn public_doc(&self) -> &str {
        pack::Confidence::strip(&self.doc)
    }

    /// A stable key: the same problem found again keeps its key (and its disposition).
    pub fn key(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.rule.as_bytes());
        if !self.subject.is_empty() {
            h.update(b"\x1fs");
            h.update(self.subject.as_bytes());
        }
        for v in &self.vouchers {
            h.update(b"\x1fv");
            h.update(v.as_bytes());
        }
        for m in &self.members {
            h.update(b"\x1fm");
            h.update(m.as_bytes());
        }
        hex::encode(&h.finalize()[..4])
    }
}

/// The auditor's decision on a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Disposition {
    /// accepted (认定为问题), explained (已说明), rectified (已整改).
    pub outcome: String,
    pub note: String,
    /// What shows a rectification was made: the voucher of the money recovered, or a document
    /// number; empty for the other outcomes (and for dispositions recorded before it was asked).
    pub evidence: String,
    pub decided_by: String,
    pub decided_at: String,
}

impl Disposition {
    /// As lists and pages show it: `已整改：说明（证据：记-202512-0009）`.
    pub fn text(&self) -> String {
        format!("{}：{}", outcome_label(&self.outcome), with_evidence(&self.note, &self.evidence))
    }
}

/// A note with the evidence behind it: `note（证据：E）`, `证据：E` without a note, the note alone
/// without evidence.
pub fn with_evidence(note: &str, evidence: &str) -> String {
    match (note.is_empty(), evidence.is_empty()) {
        (_, true) => note.to_string(),
        (true, false) => format!("证据：{evidence}"),
        (false, false) => format!("{note}（证据：{evidence}）"),
    }
}

pub const OUTCOMES: &[(&str, &str)] = &[("accepted", "认定为问题"), ("explained", "已作说明"), ("rectified", "已整改")];

/// A disposition as typed: its code, or its Chinese words (认定, 认定为问题, 说明, 已说明, 已作说明,
/// 整改, 已整改).
pub fn outcome_code(typed: &str) -> Option<&'static str> {
    let t = typed.trim();
    OUTCOMES.iter().find(|(c, l)| *c == t || *l == t).map(|(c, _)| *c).or(match t {
        "认定" | "问题" => Some("accepted"),
        "说明" | "已说明" => Some("explained"),
        "整改" => Some("rectified"),
        _ => None,
    })
}

pub fn outcome_label(code: &str) -> &'static str {
    OUTCOMES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("未处理")
}

/// A finding as kept with its period, with the auditor's disposition if any.
#[derive(Clone, Debug, Serialize)]
pub struct Kept {
    pub key: String,
    pub finding: Finding,
    pub disposition: Option<Disposition>,
}

/// The key findings are kept under: `2025` for a year, else `2025-01..2025-06`.
pub fn period_key(span: Span) -> String {
    if span.is_year() {
        span.from.year().to_string()
    } else {
        format!("{}..{}", span.from, span.to)
    }
}

/// A kept finding as `audit --format json` lists it.
#[derive(Debug, Serialize)]
pub struct Listed<'a> {
    pub key: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub title: &'a str,
    pub amount: Amount,
    pub vouchers: &'a [String],
    pub members: &'a [String],
    pub message: &'a str,
    pub doc: &'a str,
    pub disposition: Option<ListedDisposition<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ListedDisposition<'a> {
    pub outcome: &'a str,
    pub note: &'a str,
    pub evidence: &'a str,
    pub by: &'a str,
}

impl<'a> From<&'a Kept> for Listed<'a> {
    fn from(k: &'a Kept) -> Listed<'a> {
        let f = &k.finding;
        Listed {
            key: &k.key,
            rule: &f.rule,
            severity: f.severity,
            title: &f.title,
            amount: f.amount,
            vouchers: &f.vouchers,
            members: &f.members,
            message: &f.message,
            doc: &f.doc,
            disposition: k.disposition.as_ref().map(|d| ListedDisposition {
                outcome: &d.outcome,
                note: &d.note,
                evidence: &d.evidence,
                by: &d.decided_by,
            }),
        }
    }
}
