//! The organisation profile (单位信息): who signs the financial statements — 单位负责人, 主管会计工作
//! 负责人 and 会计机构负责人, as 《会计法》 and 《工会会计制度》第六十四条 require, with the seal — and the
//! union's 统一社会信用代码, bank account and parent union. Kept as the TOML text the union wrote, in
//! the setting `profile` (`gonghui settings profile 单位信息.toml`).

use crate::error::{Error, Result};
use crate::form::Form;

/// The setting the profile is kept under.
pub const SETTING: &str = "profile";

/// A profile to fill in (`gonghui settings profile FILE`).
pub const TEMPLATE: &str = r#"# 单位信息：财务报表按《工会会计制度》第六十四条由以下人员签名并盖章
"单位负责人" = "……"
"主管会计工作负责人" = "……"
"会计机构负责人" = "……"
"出纳" = "……"
"经审会主任" = "……"
"统一社会信用代码" = ""
"开户行" = ""
"账号" = ""
"隶属工会" = ""
"#;

/// The items of a profile, in the order of the template.
const ITEMS: [&str; 9] = [
    "单位负责人",
    "主管会计工作负责人",
    "会计机构负责人",
    "出纳",
    "经审会主任",
    "统一社会信用代码",
    "开户行",
    "账号",
    "隶属工会",
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub head: String,
    pub finance_head: String,
    pub accounting_head: String,
    pub cashier: String,
    pub audit_chair: String,
    pub credit_code: String,
    pub bank: String,
    pub account: String,
    pub parent: String,
}

impl Profile {
    /// A profile file: known items only, written out (not the template's ……), a valid
    /// 统一社会信用代码.
    pub fn parse(text: &str, source: &str) -> Result<Profile> {
        let form = Form::parse(text, source, "gonghui settings --help 所列的单位信息项目")?;
        form.only(&form.table, &ITEMS, "")?;
        let mut v = Vec::with_capacity(ITEMS.len());
        for item in ITEMS {
            v.push(form.written(&form.table, item, false)?);
        }
        let [head, finance_head, accounting_head, cashier, audit_chair, credit_code, bank, account, parent]: [String;
            9] = v.try_into().expect("one value per item");
        if !credit_code.is_empty() {
            self::credit_code(&credit_code)
                .map_err(|m| Error::input(format!("{}：统一社会信用代码 {m}", form.at("统一社会信用代码"))))?;
        }
        Ok(Profile { head, finance_head, accounting_head, cashier, audit_chair, credit_code, bank, account, parent })
    }

    /// The profile kept in the setting, or an empty one.
    pub fn from_setting(kept: Option<&str>) -> Result<Profile> {
        match kept.and_then(|k| k.strip_prefix("toml:")) {
            Some(text) => Profile::parse(text, "本会的单位信息"),
            None => Ok(Profile::default()),
        }
    }

    /// Who signs a financial statement (第六十四条), each with their name when the profile gives it
    /// (`单位负责人：王建国`), else the role alone (a line to sign on), and the seal.
    pub fn statement_signatures(&self) -> Vec<String> {
        let named =
            |role: &str, name: &str| if name.is_empty() { role.to_string() } else { format!("{role}：{name}") };
        vec![
            named("单位负责人", &self.head),
            named("主管会计工作负责人", &self.finance_head),
            named("会计机构负责人", &self.accounting_head),
            "单位（盖章）".to_string(),
        ]
    }
}

/// Checks a 统一社会信用代码 (GB 32100-2015): 18 characters of 0–9 and the capitals other than I,
/// O, S, V and Z, the last a check character of the first 17. Says what is wrong.
pub fn credit_code(code: &str) -> std::result::Result<(), String> {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(format!("“{code}”应为 18 位（实为 {} 位）", chars.len()));
    }
    let mut values = Vec::with_capacity(18);
    for (i, c) in chars.iter().enumerate() {
        match CHARS.find(*c) {
            Some(v) => values.push(v as u32),
            None => {
                return Err(format!(
                    "“{code}”第 {} 位“{c}”不是代码可用的字符（数字和除 I、O、S、V、Z 外的大写字母）",
                    i + 1
                ))
            }
        }
    }
    let sum: u32 = values.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    let expected = CHARS.chars().nth(check as usize).expect("a value below 31");
    if chars[17] != expected {
        return Err(format!("“{code}”的校验位应为“{expected}”（实为“{}”），请核对营业执照或社团法人证书", chars[17]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked_by_their_last_character() {
        for good in ["91350100M000100Y43", "91110000100006485K", "91440300708461136T"] {
            assert_eq!(credit_code(good), Ok(()), "{good}");
        }
        assert!(credit_code("91350100M000100Y44").unwrap_err().contains("校验位应为“3”"));
        assert!(credit_code("91350100M00010").unwrap_err().contains("应为 18 位"));
        assert!(credit_code("91350100M0001O0Y43").unwrap_err().contains("第 14 位“O”"));
    }

    #[test]
    fn the_template_must_be_filled_and_unknown_items_are_refused() {
        assert!(Profile::parse(TEMPLATE, "单位信息.toml").unwrap_err().message().contains("省略号"));
        let e = Profile::parse("\"单位负责人\" = \"王建国\"\n\"会计主管\" = \"刘洋\"\n", "单位信息.toml").unwrap_err();
        assert!(
            e.message().contains("单位信息.toml 第 2 行") && e.message().contains("不认识的项“会计主管”"),
            "{}",
            e.message()
        );
        let p = Profile::parse("\"单位负责人\" = \"王建国\"\n\"会计机构负责人\" = \"刘洋\"\n", "x").unwrap();
        assert_eq!(
            p.statement_signatures(),
            vec!["单位负责人：王建国", "主管会计工作负责人", "会计机构负责人：刘洋", "单位（盖章）"]
        );
    }
}
