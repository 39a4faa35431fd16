//! Activities (活动/项目): a dimension of each entry. 《工会会计制度》 asks every expense line to be
//! kept as 基本支出 or 项目支出 (per project), and earmarked (专项) money to be kept apart so that it
//! closes to 321 instead of 322 at year end.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub code: String,
    pub name: String,
    /// The account this activity is usually booked to (a suggestion, e.g. 50102).
    pub account: Option<String>,
    /// 项目支出 (true) or 基本支出 (false).
    pub project: bool,
    /// 专项资金: income and spending close to 321 工会资金结转.
    pub earmarked: bool,
}

impl Activity {
    pub fn kind_label(&self) -> &'static str {
        if self.project {
            "项目支出"
        } else {
            "基本支出"
        }
    }
}

/// Check an activity code: letters, digits, '-' and '_', at most 20 characters.
pub fn valid_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= 20 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
