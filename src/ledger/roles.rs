//! Roles and the separation of duties (不相容岗位分离), as pure rules: which roles one person may hold
//! together in one union, and which roles may do which act. The use cases check them; the store
//! keeps who holds what.

use std::fmt;

/// The setting that holds a union's authentication mode: `open` (names, the default) or
/// `enforced` (registered users who prove a password).
pub const AUTH_SETTING: &str = "auth";

/// What every report of books in `open` mode says about the names on it.
pub const UNAUTHENTICATED: &str = "操作人身份未经认证（本账套为 open 模式，制单、审核等姓名由操作人自行填写）";

/// A role granted to a user in one union.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// 会计 (制单): prepares vouchers and keeps the books.
    Accountant,
    /// 出纳: keeps the cash and the bank account, imports statements.
    Cashier,
    /// 审核: reviews vouchers.
    Reviewer,
    /// 会计主管 (财务负责人): reviews, posts, reopens, answers for the books.
    Chief,
    /// 经审委员: member of the funds-audit committee.
    Auditor,
    /// 工会主席.
    Chair,
    /// 上级工会: reads the books of the unions under its union (and, granted in a union itself,
    /// that union's), receives or returns their filings; never writes their books.
    Upper,
    /// 管理员: users and settings.
    Admin,
}

pub const ALL: [Role; 8] = [
    Role::Accountant,
    Role::Cashier,
    Role::Reviewer,
    Role::Chief,
    Role::Auditor,
    Role::Chair,
    Role::Upper,
    Role::Admin,
];

impl Role {
    /// The code kept in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Accountant => "accountant",
            Role::Cashier => "cashier",
            Role::Reviewer => "reviewer",
            Role::Chief => "chief",
            Role::Auditor => "auditor",
            Role::Chair => "chair",
            Role::Upper => "upper",
            Role::Admin => "admin",
        }
    }

    /// The name people use.
    pub fn label(self) -> &'static str {
        match self {
            Role::Accountant => "会计",
            Role::Cashier => "出纳",
            Role::Reviewer => "审核",
            Role::Chief => "会计主管",
            Role::Auditor => "经审委员",
            Role::Chair => "工会主席",
            Role::Upper => "上级工会",
            Role::Admin => "管理员",
        }
    }

    /// A role by its Chinese name, a common other name, or its code.
    pub fn parse(text: &str) -> Result<Role, String> {
        let t = text.trim();
        let found = ALL.iter().copied().find(|r| r.label() == t || r.code().eq_ignore_ascii_case(t));
        found
            .or(match t {
                "制单" | "会计人员" => Some(Role::Accountant),
                "审核人" | "复核" => Some(Role::Reviewer),
                "财务负责人" | "主管会计" => Some(Role::Chief),
                "经审会委员" | "经审" | "经审会主任" => Some(Role::Auditor),
                "主席" => Some(Role::Chair),
                _ => None,
            })
            .ok_or_else(|| {
                format!("不认识的角色“{t}”；可用：{}", ALL.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"))
            })
    }
}

impl serde::Serialize for Role {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.label())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

const CASHIER_WHY: &str = "不相容岗位：管钱的人不能审核或主管自己经手的账，《会计法》第三十七条";
const AUDITOR_WHY: &str = "经审会审查的是别人经手的工会经费收支，主席和财务人员不能审查自己的工作";
const UPPER_RULE: &str = "上级工会的账号只能查阅，不能同时担任本会的其他角色";

/// The rules [`conflict`] applies, said for people choosing roles.
pub fn rules() -> Vec<String> {
    vec![
        format!("出纳不得兼任审核、会计主管（{CASHIER_WHY}）"),
        format!("经审委员不得兼任会计、出纳、审核、会计主管、工会主席（{AUDITOR_WHY}）"),
        UPPER_RULE.to_string(),
    ]
}

/// Why a set of roles cannot be one person's in one union, or `None` when it can. A 会计 who is
/// also 出纳 is allowed (a small union often has one person for both) and reported by the audit.
pub fn conflict(roles: &[Role]) -> Option<String> {
    let has = |r: Role| roles.contains(&r);
    if has(Role::Cashier) {
        for other in [Role::Reviewer, Role::Chief] {
            if has(other) {
                return Some(format!("出纳不得兼任{}（{CASHIER_WHY}）", other.label()));
            }
        }
    }
    if has(Role::Auditor) {
        let held: Vec<&str> = [Role::Accountant, Role::Cashier, Role::Reviewer, Role::Chief, Role::Chair]
            .into_iter()
            .filter(|r| has(*r))
            .map(Role::label)
            .collect();
        if !held.is_empty() {
            return Some(format!("经审委员不得兼任{}（{AUDITOR_WHY}）", held.join("、")));
        }
    }
    if has(Role::Upper) && roles.len() > 1 {
        return Some(UPPER_RULE.into());
    }
    None
}

/// What a user does to the books, as the roles allowed to do it see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// 制单 and the other bookkeeping writes (payroll, budget, assets, members, closing entries).
    Prepare,
    /// Import a bank statement, record a statement balance, match or ignore statement lines.
    Bank,
    Review,
    Post,
    /// Close a month or the year.
    Close,
    /// 反结账 a month or the year.
    Reopen,
    /// Run the audit checks.
    Audit,
    /// Dispose of audit findings, give the committee's opinion.
    Judge,
    /// Change a setting of the books.
    Settings,
    /// Ask for or confirm the review waiver of a one-person union (two people, see ops::setup).
    Waive,
    /// Record the committee's approval of the year's budget, send the package up.
    Approve,
    /// Add, disable users, grant roles.
    Users,
    /// Receive or return what a union under this one filed (an upper union's act).
    Receive,
}

impl Act {
    pub fn label(self) -> &'static str {
        match self {
            Act::Prepare => "制单记账",
            Act::Bank => "银行流水",
            Act::Review => "审核凭证",
            Act::Post => "凭证记账",
            Act::Close => "结账",
            Act::Reopen => "反结账",
            Act::Audit => "经审检查",
            Act::Judge => "处理审计发现、出具审查意见",
            Act::Settings => "修改设置",
            Act::Waive => "免除单独审核",
            Act::Approve => "记录预算审批、报送预算",
            Act::Users => "用户和角色管理",
            Act::Receive => "接收或退回下级工会的报送",
        }
    }

    /// The roles that may do this act.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Act::Prepare => &[Accountant, Chief],
            Act::Bank => &[Cashier, Accountant, Chief],
            Act::Review => &[Reviewer, Chief],
            Act::Post => &[Accountant, Reviewer, Chief],
            Act::Close => &[Accountant, Chief],
            Act::Reopen => &[Chief],
            Act::Audit => &[Auditor, Chief, Accountant],
            Act::Judge => &[Auditor],
            Act::Settings => &[Admin, Chief],
            Act::Waive => &[Chair, Chief],
            Act::Approve => &[Chair, Chief],
            Act::Users => &[Admin],
            Act::Receive => &[Upper, Chief, Chair],
        }
    }
}

/// Whether someone holding `held` may do `act`; else the refusal, naming who may.
pub fn allowed(name: &str, held: &[Role], act: Act) -> Result<(), String> {
    if act.roles().iter().any(|r| held.contains(r)) {
        return Ok(());
    }
    let may = act.roles().iter().map(|r| r.label()).collect::<Vec<_>>().join("或");
    let has = if held.is_empty() {
        "在本会没有角色".to_string()
    } else {
        format!("的角色是{}", held.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"))
    };
    Err(format!(
        "{name}{has}，不能办理“{}”：须由{may}办理（管理员可用 gonghui users add 姓名 --role 角色 授予）",
        act.label()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_parse() {
        assert_eq!(Role::parse("出纳").unwrap(), Role::Cashier);
        assert_eq!(Role::parse("chief").unwrap(), Role::Chief);
        assert_eq!(Role::parse("财务负责人").unwrap(), Role::Chief);
        assert!(Role::parse("老板").unwrap_err().contains("会计主管"));
    }

    #[test]
    fn incompatible_roles() {
        assert!(conflict(&[Role::Cashier, Role::Reviewer]).unwrap().contains("出纳不得兼任审核"));
        assert!(conflict(&[Role::Cashier, Role::Chief]).is_some());
        assert!(conflict(&[Role::Accountant, Role::Cashier]).is_none(), "allowed, reported by the audit");
        assert!(conflict(&[Role::Auditor, Role::Accountant]).unwrap().contains("经审委员不得兼任会计"));
        assert!(conflict(&[Role::Upper, Role::Admin]).is_some());
        assert!(conflict(&[Role::Chair, Role::Admin]).is_none());
    }

    #[test]
    fn acts() {
        assert!(allowed("李四", &[Role::Cashier], Act::Review).unwrap_err().contains("须由审核或会计主管"));
        assert!(allowed("李四", &[Role::Cashier], Act::Bank).is_ok());
        assert!(allowed("王五", &[Role::Accountant], Act::Judge).is_err());
        assert!(allowed("赵六", &[], Act::Post).unwrap_err().contains("没有角色"));
        assert!(allowed("赵六", &[Role::Upper], Act::Prepare).is_err());
    }
}
