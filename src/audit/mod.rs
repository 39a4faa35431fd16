//! The audit desk (经审): rule packs by province, the member register and benefit lists, the
//! checks that turn books into findings. Pure: `ops::audit` gathers the data and keeps the results.

pub mod checks;
pub mod pack;
pub mod people;

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
    /// 在职, 退休 or 调离.
    pub status: String,
}

pub const MEMBER_STATUSES: &[&str] = &["在职", "退休", "调离"];

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
}

impl Finding {
    /// A stable key: the same problem found again keeps its key (and its disposition).
    pub fn key(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.rule.as_bytes());
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
    pub decided_by: String,
    pub decided_at: String,
}

pub const OUTCOMES: &[(&str, &str)] = &[("accepted", "认定为问题"), ("explained", "已作说明"), ("rectified", "已整改")];

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
