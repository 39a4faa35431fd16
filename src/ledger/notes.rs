//! The eight items of the notes to the financial statements (附注, 《工会会计制度》第六部分) and the
//! text a union writes itself for each, kept in versions (`notes set`).

use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// The items, in the order the system lists them.
pub const ITEMS: [&str; 8] = [
    "遵循《工会会计制度》的声明",
    "财务状况和预算执行情况",
    "会计政策和会计估计及其变更",
    "重要项目的明细",
    "重要资产处置和重大损失",
    "以名义金额计量的资产",
    "以前年度结转结余调整",
    "其他需要说明的事项",
];

/// Chinese numerals of the items (一 … 八).
pub const NUMERALS: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];

/// The event kind that records a note entered.
pub const EVENT: &str = "statement_note";

/// One version of a union's own text for one item of a year's notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub year: i32,
    /// 1 to 8.
    pub item: u8,
    pub version: i64,
    pub body: String,
    pub entered_by: String,
    pub entered_at: String,
}

impl Note {
    pub fn subject(&self) -> String {
        format!("{}/{}/v{}", self.year, self.item, self.version)
    }
}

/// The item number as typed (1–8, or 一–八), checked.
pub fn item(n: &str) -> Result<u8> {
    let n = n.trim();
    n.parse::<u8>()
        .ok()
        .or_else(|| NUMERALS.iter().position(|x| *x == n).map(|i| i as u8 + 1))
        .filter(|i| (1..=8).contains(i))
        .ok_or_else(|| {
            let list: Vec<String> = ITEMS.iter().enumerate().map(|(i, t)| format!("{} {t}", i + 1)).collect();
            Error::input(format!("附注项目“{n}”不存在：--item 应为 1–8（{}）", list.join("；")))
        })
}

/// A note's text as entered: trimmed, not empty, without the control characters a report cannot
/// print; paragraphs are kept (one per line).
pub fn body(text: &str, file: &str) -> Result<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
    if let Some((i, line)) = text.lines().enumerate().find(|(_, l)| l.chars().any(|c| c.is_control() && c != '\t')) {
        let _ = line;
        return Err(Error::input(format!("{file}:{}：含有无法打印的控制字符，请删去后再录入", i + 1)));
    }
    let paragraphs: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if paragraphs.is_empty() {
        return Err(Error::input(format!("{file} 是空的：请写入这一项附注的说明文字（纯文本，一段一行）")));
    }
    Ok(paragraphs.join("\n"))
}

/// The version in force of each item: the latest.
pub fn current(notes: &[Note]) -> BTreeMap<u8, &Note> {
    let mut out: BTreeMap<u8, &Note> = BTreeMap::new();
    for n in notes {
        if out.get(&n.item).is_none_or(|o| o.version < n.version) {
            out.insert(n.item, n);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_numbered_one_to_eight_in_digits_or_chinese() {
        assert_eq!(item("3").unwrap(), 3);
        assert_eq!(item("八").unwrap(), 8);
        let e = item("9").unwrap_err().to_string();
        assert!(e.contains("1–8") && e.contains("8 其他需要说明的事项"), "{e}");
    }

    #[test]
    fn a_body_keeps_its_paragraphs_and_refuses_emptiness_and_control_characters() {
        assert_eq!(body("\u{feff}  本年无变更。\r\n\r\n第二段\n", "f.txt").unwrap(), "本年无变更。\n第二段");
        assert!(body(" \n \n", "f.txt").unwrap_err().to_string().contains("f.txt 是空的"));
        assert!(body("一\n二\u{7}\n", "f.txt").unwrap_err().to_string().contains("f.txt:2"));
    }

    #[test]
    fn the_latest_version_of_each_item_is_in_force() {
        let n = |item, version, body: &str| Note {
            year: 2025,
            item,
            version,
            body: body.into(),
            entered_by: "张会计".into(),
            entered_at: String::new(),
        };
        let all = [n(3, 1, "旧"), n(8, 1, "其他"), n(3, 2, "新")];
        let c = current(&all);
        assert_eq!((c[&3].body.as_str(), c[&8].body.as_str(), c.len()), ("新", "其他", 2));
    }
}
