//! Reading the member register and benefit lists that users prepare (CSV, GBK or UTF-8, or XLSX;
//! see docs/cli: 工号, 姓名, 部门, 入会日期, 状态 / 凭证号, 工号, 姓名, 类型, 金额, 形式, 签收). A file
//! is refused whole at its first bad line.

use super::pack::{BENEFIT_TYPES, FORMS};
use super::{Benefit, Member, MemberStatus};
use crate::error::{Error, Result};
use crate::ledger::period::parse_date;
use crate::money::parse_optional;
use crate::sheet::Sheet;
use std::path::Path;

pub const MEMBER_COLUMNS: &[&str] = &["工号", "姓名", "部门", "入会日期", "状态"];
pub const BENEFIT_COLUMNS: &[&str] = &["凭证号", "工号", "姓名", "类型", "金额", "形式", "签收"];

pub fn read_members(path: &Path, encoding: Option<&str>) -> Result<Vec<Member>> {
    let sheet = Sheet::read(path, encoding, MEMBER_COLUMNS)?;
    let mut out: Vec<(Member, usize)> = Vec::new();
    for row in &sheet.rows {
        let no = sheet.get(row, "工号").trim().to_string();
        let name = sheet.get(row, "姓名").trim().to_string();
        if no.is_empty() || name.is_empty() {
            return Err(sheet.error(row, "工号和姓名不能为空"));
        }
        if let Some((_, line)) = out.iter().find(|(m, _)| m.no == no) {
            return Err(sheet.error(row, format!("工号 {no} 重复（第 {line} 行已有）")));
        }
        let joined_text = sheet.get(row, "入会日期").trim();
        let joined =
            if joined_text.is_empty() {
                None
            } else {
                Some(parse_date(joined_text).ok_or_else(|| {
                    sheet.error(row, format!("“入会日期”列“{joined_text}”不是日期，应写成 2020-09-01"))
                })?)
            };
        let text = sheet.get(row, "状态").trim();
        let status = MemberStatus::parse(text).ok_or_else(|| {
            let all: Vec<&str> = MemberStatus::ALL.iter().map(|m| m.label()).collect();
            sheet.error(row, format!("“状态”列“{text}”应为 {} 之一", all.join("、")))
        })?;
        let dept = sheet.get(row, "部门").trim().to_string();
        out.push((Member { no, name, dept, joined, status }, row.line));
    }
    if out.is_empty() {
        return Err(Error::input(format!("{} 中没有会员数据行", sheet.file)));
    }
    Ok(out.into_iter().map(|(m, _)| m).collect())
}

pub fn read_benefits(path: &Path, encoding: Option<&str>) -> Result<Vec<Benefit>> {
    let sheet = Sheet::read(path, encoding, BENEFIT_COLUMNS)?;
    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let cell = |c: &str| sheet.get(row, c).trim().to_string();
        let voucher_no = cell("凭证号");
        if voucher_no.is_empty() {
            return Err(sheet.error(row, "“凭证号”列为空；名单须挂在一张记账凭证上"));
        }
        let name = cell("姓名");
        if name.is_empty() {
            return Err(sheet.error(row, "“姓名”列为空（实名发放）"));
        }
        let kind = cell("类型");
        if !BENEFIT_TYPES.contains(&kind.as_str()) && kind != "其他" {
            return Err(sheet.error(row, format!("“类型”列“{kind}”应为 {}、其他 之一", BENEFIT_TYPES.join("、"))));
        }
        let amount_text = cell("金额");
        let amount = parse_optional(&amount_text)
            .map_err(|e| sheet.error(row, format!("“金额”列：{e}")))?
            .filter(|a| a.fen() > 0)
            .ok_or_else(|| sheet.error(row, format!("“金额”列“{amount_text}”应为大于 0 的金额")))?;
        let form = cell("形式");
        if !FORMS.contains(&form.as_str()) {
            return Err(sheet.error(row, format!("“形式”列“{form}”应为 {} 之一", FORMS.join("、"))));
        }
        let signed = match cell("签收").as_str() {
            "是" | "已签收" | "Y" | "y" => true,
            "否" | "未签收" | "" | "N" | "n" => false,
            other => return Err(sheet.error(row, format!("“签收”列“{other}”应为 是 或 否"))),
        };
        out.push(Benefit {
            voucher_no,
            member_no: cell("工号"),
            name,
            kind,
            amount,
            form,
            signed,
            file_name: file_name.clone(),
            file_line: row.line as i64,
        });
    }
    if out.is_empty() {
        return Err(Error::input(format!("{} 中没有名单行", sheet.file)));
    }
    Ok(out)
}
