//! Reading a voucher CSV/XLSX one voucher at a time, without holding the file: a first pass
//! learns which lines belong to which voucher (the `凭证序号` of each line, in the order each first
//! appears) and the span of dates; a second builds each voucher as its last line is read and hands
//! it on in that order.

use crate::error::{Error, Result};
use crate::ledger::period::parse_date;
use crate::ledger::voucher::{Line, NewVoucher, Source};
use crate::money::{parse_optional, Amount};
use crate::sheet::{for_each_record, Record, Sheet, HEADER_SEARCH};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub const VOUCHER_COLUMNS: &[&str] = &["凭证序号", "日期", "摘要", "科目编码", "借方金额", "贷方金额"];

/// A voucher read from a file, with the file line of each of its lines.
pub struct FileVoucher {
    pub voucher: NewVoucher,
    pub lines: Vec<usize>,
}

/// What the first pass learns of a voucher file.
pub struct Outline {
    /// How many vouchers it holds.
    pub vouchers: usize,
    /// The first and last date written in it (dates that cannot be read aside: the second pass
    /// refuses them).
    pub dates: Option<(NaiveDate, NaiveDate)>,
    sheet: Sheet,
    /// The header's line: rows above it (a title) are passed over.
    header_line: usize,
    /// Each voucher's key → (its place in the file, its number of lines).
    groups: HashMap<String, (usize, usize)>,
    /// Lines without a voucher key: errors, reported with those the second pass finds.
    pub errors: Vec<Error>,
}

/// The first pass: the header found (a title row above it passed over), every line's voucher key
/// counted; a line without a key is an error, noted and passed over.
pub fn outline(path: &Path, encoding: Option<&str>) -> Result<Outline> {
    let mut sheet: Option<Sheet> = None;
    let mut above: Vec<Record> = Vec::new();
    let mut header_line = 0;
    let mut groups: HashMap<String, (usize, usize)> = HashMap::new();
    let mut dates: Option<(NaiveDate, NaiveDate)> = None;
    let mut errors = Vec::new();
    let shown = path.display().to_string();
    let (file, _) = for_each_record(path, encoding, &mut |r: Record| {
        if r.is_blank() {
            return Ok(true);
        }
        let Some(sheet) = &sheet else {
            if Sheet::is_header(&r, VOUCHER_COLUMNS) {
                header_line = r.line;
                sheet = Some(Sheet::with_header(shown.clone(), &r, VOUCHER_COLUMNS)?);
                return Ok(true);
            }
            above.push(r);
            return Ok(above.len() < HEADER_SEARCH);
        };
        let key = sheet.get(&r, "凭证序号");
        if key.is_empty() {
            errors.push(sheet.error(&r, "“凭证序号”为空；同一张凭证的各行填同一个序号"));
            return Ok(true);
        }
        let next = groups.len();
        groups.entry(key.to_string()).or_insert((next, 0)).1 += 1;
        if let Some(d) = parse_date(sheet.get(&r, "日期")) {
            dates = Some(dates.map_or((d, d), |(a, b)| (a.min(d), b.max(d))));
        }
        Ok(true)
    })?;
    let Some(sheet) = sheet else {
        return Err(match above.first() {
            // No row holds the header: said against the first, as if it were meant to.
            Some(first) => Sheet::with_header(file.clone(), first, VOUCHER_COLUMNS)
                .err()
                .unwrap_or_else(|| Error::input(format!("{file} 没有表头"))),
            None => Error::input(format!("{file} 没有内容")),
        });
    };
    Ok(Outline { vouchers: groups.len(), dates, sheet, header_line, groups, errors })
}

/// At most this many errors of a file are listed one by one.
pub const ERRORS_LISTED: usize = 50;

/// Every error found in a file, as one refusal: each with its line, the first's place kept for
/// tools that jump to it.
pub fn all_errors(file: &str, mut errors: Vec<Error>) -> Error {
    errors.sort_by_key(|e| e.location.as_ref().and_then(|l| l.line).unwrap_or(0));
    let location = errors.first().and_then(|e| e.location.clone());
    let n = errors.len();
    let mut text = if n == 1 {
        format!("{}。整个文件未导入，请改正后重新导入", errors[0].message())
    } else {
        format!("{file} 有 {n} 处错误，整个文件未导入，请全部改正后重新导入：")
    };
    if n > 1 {
        for e in errors.iter().take(ERRORS_LISTED) {
            text.push_str(&format!("\n  {}", e.message()));
        }
        if n > ERRORS_LISTED {
            text.push_str(&format!("\n  ……另有 {} 处", n - ERRORS_LISTED));
        }
    }
    match location {
        Some(at) => Error::invalid_at(at, text),
        None => Error::input(text),
    }
}

impl Outline {
    /// The second pass: each voucher handed to `each` in the order it first appears in the file
    /// (or the error that keeps it from being read), until `each` answers false.
    pub fn each_voucher(
        &self,
        path: &Path,
        encoding: Option<&str>,
        each: &mut dyn FnMut(Result<FileVoucher>) -> Result<bool>,
    ) -> Result<()> {
        let file_name = path.file_name().map(|f| f.to_string_lossy().to_string()).unwrap_or_default();
        // The lines of vouchers not complete yet, and complete vouchers waiting for an earlier
        // one (only when a file interleaves its vouchers' lines).
        let mut open: HashMap<usize, Vec<Record>> = HashMap::new();
        let mut ready: BTreeMap<usize, Result<FileVoucher>> = BTreeMap::new();
        let mut next = 0usize;
        let mut outcome: Result<()> = Ok(());
        for_each_record(path, encoding, &mut |r: Record| {
            if r.is_blank() || r.line <= self.header_line {
                return Ok(true);
            }
            let key = self.sheet.get(&r, "凭证序号");
            if key.is_empty() {
                // Noted by the first pass.
                return Ok(true);
            }
            let Some(&(place, count)) = self.groups.get(key) else {
                outcome = Err(self.sheet.error(&r, "文件在读取期间被改动，请重新导入"));
                return Ok(false);
            };
            let rows = open.entry(place).or_default();
            rows.push(r);
            if rows.len() < count {
                return Ok(true);
            }
            let rows = open.remove(&place).unwrap_or_default();
            ready.insert(place, build(&self.sheet, &rows, &file_name));
            while let Some(v) = ready.remove(&next) {
                next += 1;
                match each(v) {
                    Ok(true) => {}
                    Ok(false) => return Ok(false),
                    Err(e) => {
                        outcome = Err(e);
                        return Ok(false);
                    }
                }
            }
            Ok(true)
        })?;
        outcome
    }
}

/// One voucher from its lines (in file order).
fn build(sheet: &Sheet, rows: &[Record], file_name: &str) -> Result<FileVoucher> {
    let first = &rows[0];
    let key = sheet.get(first, "凭证序号");
    let date_text = sheet.get(first, "日期");
    let date = parse_date(date_text)
        .ok_or_else(|| sheet.error(first, format!("“日期”列“{date_text}”无法识别，应写成 2025-03-08")))?;
    let mut summary = String::new();
    let mut attachments = 0;
    let mut decision_ref = String::new();
    let mut lines = Vec::new();
    for row in rows {
        let d = sheet.get(row, "日期");
        if !d.is_empty() && parse_date(d) != Some(date) {
            return Err(sheet.error(row, format!("凭证序号 {key} 的各行日期不一致（{d} 与 {date}）")));
        }
        if summary.is_empty() {
            summary = sheet.get(row, "摘要").to_string();
        }
        let att = sheet.get(row, "附件数");
        if !att.is_empty() {
            attachments = att.parse::<i64>().map_err(|_| sheet.error(row, format!("“附件数”列“{att}”应为整数")))?;
        }
        let dref = sheet.get(row, "会议纪要号");
        if !dref.is_empty() {
            decision_ref = dref.to_string();
        }
        let amount = |col: &str| -> Result<Amount> {
            parse_optional(sheet.get(row, col))
                .map(|a| a.unwrap_or(Amount::ZERO))
                .map_err(|e| sheet.error(row, format!("“{col}”列：{e}")))
        };
        lines.push(Line {
            account: sheet.get(row, "科目编码").to_string(),
            activity: sheet.get(row, "活动编码").to_string(),
            debit: amount("借方金额")?,
            credit: amount("贷方金额")?,
            econ: sheet.get(row, "经济分类").trim().to_string(),
        });
    }
    Ok(FileVoucher {
        voucher: NewVoucher {
            date,
            summary,
            attachments,
            lines,
            source: Source::Import { file: file_name.to_string(), line: first.line },
            decision_ref,
            reverses: None,
        },
        lines: rows.iter().map(|r| r.line).collect(),
    })
}
