//! From a file's records to bank lines: find the header row, skip preamble, footers, subtotals
//! and blank rows (with reasons), normalise date, amount (inflow positive), balance and text,
//! refuse a bad date or amount naming its line and column, put the lines in date order.

use super::layout::{Columns, Layout};
use crate::error::{Error, Result};
use crate::ledger::period::parse_date;
use crate::money::{parse_optional, Amount};
use crate::sheet::{RawTable, Record};
use chrono::NaiveDate;

/// One transaction line of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankLine {
    /// Line (row) in the file.
    pub line: usize,
    pub date: NaiveDate,
    pub time: String,
    /// Inflow positive, outflow negative.
    pub amount: Amount,
    pub balance: Option<Amount>,
    pub counterparty: String,
    pub counter_account: String,
    pub summary: String,
    pub serial: String,
    /// The balance cell's text when it could not be read as an amount (the line is kept; the
    /// import says which balances it could not check).
    pub unreadable_balance: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

pub struct Parsed {
    pub layout: String,
    pub header_line: usize,
    /// Non-blank rows after the header.
    pub read: usize,
    /// In date order (oldest first), same-day rows in the bank's order.
    pub lines: Vec<BankLine>,
    pub skipped: Vec<Skipped>,
}

/// Words that mark totals, subtotals, page furniture and disclaimers in the data area.
const NOISE: &[&str] = &[
    "合计",
    "小计",
    "总计",
    "本页",
    "承上页",
    "接下页",
    "转下页",
    "页次",
    "续表",
    "打印时间",
    "以上数据",
    "交易笔数",
    "#",
];

fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.chars().all(|c| matches!(c, '-' | '－' | '—' | '*')) || t == "（空）" || t == "(空)"
}

fn text(cells: &[String], i: usize) -> &str {
    cells.get(i).map(|s| s.trim()).unwrap_or("")
}

/// Amount text as banks write it: a currency before (`CNY 123.18`, `CNY13.50`), `(CN)` after.
fn amount_text(s: &str) -> String {
    let mut t = s.trim();
    for code in ["人民币元", "人民币", "CNY", "RMB", "USD", "JPY", "EUR", "HKD", "GBP"] {
        if let Some(rest) = t.strip_prefix(code) {
            t = rest.trim_start();
            break;
        }
    }
    let t = match t.find('(') {
        Some(i) if i > 0 => &t[..i],
        _ => t,
    };
    t.trim().to_string()
}

/// Dates as banks write them, with the time split off: `2025/12/03  14:06:51`, `20260105 18:22:21`,
/// `20240101`, `2025-08-22`, `MM/DD` with the year of the statement.
fn date_and_time(s: &str, default_year: Option<i32>) -> Option<(NaiveDate, String)> {
    let t = s.trim();
    let mut parts = t.split_whitespace();
    let d = parts.next()?;
    let time = parts.next().unwrap_or("").to_string();
    if let Some(date) = parse_date(d) {
        return Some((date, time));
    }
    // 20-digit timestamps (ABC corporate) start with the date.
    if d.len() >= 14 && d.chars().all(|c| c.is_ascii_digit()) {
        let date = parse_date(&d[..8])?;
        return Some((date, format!("{}:{}:{}", &d[8..10], &d[10..12], &d[12..14])));
    }
    if let (Some(y), Some((m, dd))) = (default_year, d.split_once('/')) {
        let m: u32 = m.parse().ok()?;
        let dd: u32 = dd.parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, dd).map(|x| (x, time));
    }
    None
}

/// The year a statement is for, from a title such as `…（2024年01月）`.
fn statement_year(records: &[Record]) -> Option<i32> {
    for r in records.iter().take(10) {
        for c in &r.cells {
            if let Some(i) = c.find('年') {
                let digits: String = c[..i].chars().rev().take_while(|ch| ch.is_ascii_digit()).collect();
                if digits.len() == 4 {
                    return digits.chars().rev().collect::<String>().parse().ok();
                }
            }
        }
    }
    None
}

/// Find the header row: the layout (among `layouts`) whose header matches best.
pub fn detect<'a>(raw: &RawTable, layouts: &'a [Layout]) -> Result<(&'a Layout, usize, Columns)> {
    detect_in(&raw.file, &raw.records, layouts)
}

/// How many records from the top of a file the header row is looked for in.
pub const HEADER_WITHIN: usize = 80;

/// Data rows after a header that a candidate layout must read without error to be chosen.
const SAMPLE_ROWS: usize = 5;

/// Find the header row among the first records of `file`: the first row some layout's header
/// matches; of the layouts matching it, the closest whose first data rows read (a header can fit
/// several banks' layouts, and only the data tells them apart).
pub fn detect_in<'a>(file: &str, records: &[Record], layouts: &'a [Layout]) -> Result<(&'a Layout, usize, Columns)> {
    for (i, r) in records.iter().enumerate().take(HEADER_WITHIN) {
        let mut here: Vec<(&Layout, Columns)> =
            layouts.iter().filter_map(|l| l.columns(&r.cells).map(|c| (l, c))).collect();
        if here.is_empty() {
            continue;
        }
        here.sort_by_key(|(_, c)| std::cmp::Reverse(c.matched));
        let mut failed: Vec<(&Layout, Error)> = Vec::new();
        for (l, c) in here {
            let rows = RowParser::new(file, l, &c, r, &records[..i]);
            match records[i + 1..].iter().take(SAMPLE_ROWS).try_for_each(|x| rows.row(x).map(|_| ())) {
                Ok(()) => return Ok((l, i, c)),
                Err(e) => failed.push((l, e)),
            }
        }
        let (l, e) = &failed[0];
        let others: Vec<&str> = failed[1..].iter().map(|(l, _)| l.name.as_str()).collect();
        return Err(Error::input(format!(
            "按表头识别为版式 {}（{}），但读取失败：{}{}",
            l.name,
            l.label(),
            e.message(),
            if others.is_empty() { String::new() } else { format!("（也试过：{}）", others.join("、")) }
        )));
    }
    Err(unknown_layout(file, records, layouts))
}

fn unknown_layout(file: &str, records: &[Record], layouts: &[Layout]) -> Error {
    // The row that looks most like a header: the most non-empty, non-numeric cells.
    let header = records
        .iter()
        .take(40)
        .max_by_key(|r| r.cells.iter().filter(|c| !c.is_empty() && parse_optional(c).is_err()).count());
    let seen: Vec<String> =
        header.map(|r| r.cells.iter().filter(|c| !c.is_empty()).cloned().collect()).unwrap_or_default();
    let keys: Vec<String> = seen.iter().map(|c| super::layout::header_key(c)).collect();
    let seen_text = if seen.is_empty() { "（无）".to_string() } else { seen.join("、") };
    let guide = "请用 --layout 指定内置版式（gonghui layouts list 列出），或按 gonghui layouts guide 写一个版式文件（--layout 我的银行.toml）";
    if let [only] = layouts {
        let (_, missing) = only.fit(&keys);
        return Error::input(format!(
            "{file}：表头与版式 {}（{}）不符，缺少列：{}。看到的表头：{seen_text}。{guide}",
            only.name,
            only.label(),
            missing.join("、")
        ));
    }
    let mut near: Vec<(usize, &Layout, Vec<String>)> = layouts
        .iter()
        .map(|l| {
            let (found, missing) = l.fit(&keys);
            (found, l, missing)
        })
        .filter(|(n, _, _)| *n > 0)
        .collect();
    near.sort_by_key(|b| std::cmp::Reverse(b.0));
    let near: Vec<String> = near
        .iter()
        .take(2)
        .map(|(_, l, missing)| format!("{}（{}，缺少列：{}）", l.name, l.label(), missing.join("、")))
        .collect();
    Error::input(format!(
        "{file}：无法识别银行流水的版式。看到的表头：{seen_text}。最接近的版式：{}。{guide}",
        if near.is_empty() { "（无）".into() } else { near.join("；") }
    ))
}

/// What one row after the header is.
pub enum Row {
    Blank,
    Skip(Skipped),
    Line(BankLine),
}

/// Turns the rows after a header into bank lines with one layout.
pub struct RowParser<'a> {
    file: &'a str,
    layout: &'a Layout,
    cols: &'a Columns,
    names: Vec<String>,
    year: Option<i32>,
    noise: Vec<String>,
}

impl<'a> RowParser<'a> {
    /// `header` is the header row, `before` the rows above it (a title may give the year).
    pub fn new(file: &'a str, layout: &'a Layout, cols: &'a Columns, header: &Record, before: &[Record]) -> Self {
        RowParser {
            file,
            layout,
            cols,
            names: header.cells.iter().map(|s| super::layout::header_key(s)).collect(),
            year: statement_year(before),
            noise: layout.footer.iter().cloned().chain(NOISE.iter().map(|s| s.to_string())).collect(),
        }
    }

    fn name(&self, i: usize) -> &str {
        self.names.get(i).map(String::as_str).unwrap_or_default()
    }

    pub fn row(&self, r: &Record) -> Result<Row> {
        let (layout, cols) = (self.layout, self.cols);
        let file = self.file;
        let name = |i: usize| self.name(i);
        if r.is_blank() {
            return Ok(Row::Blank);
        }
        let cells = &r.cells;
        let first = cells.iter().map(|c| c.trim()).find(|c| !c.is_empty()).unwrap_or("");
        if self.noise.iter().any(|m| first.starts_with(m.as_str()))
            || cells.iter().any(|c| c.contains("本页合计") || c.contains("本页小计") || c.starts_with("以上数据"))
        {
            return Ok(Row::Skip(Skipped { line: r.line, reason: format!("合计/小计/页脚行（{first}）") }));
        }
        if let Some(i) = cols.status {
            let state = text(cells, i);
            if layout.skip_status.iter().any(|w| w == state) {
                return Ok(Row::Skip(Skipped {
                    line: r.line, reason: format!("交易状态为“{state}”，款项未发生")
                }));
            }
        }
        let mut date_cell = text(cells, cols.date);
        if date_cell.is_empty() {
            date_cell = cols.date_alt.map(|i| text(cells, i)).unwrap_or("");
        }
        if date_cell.is_empty() {
            return Ok(Row::Skip(Skipped { line: r.line, reason: "没有交易日期的行".into() }));
        }
        let (date, mut time) = date_and_time(date_cell, self.year).ok_or_else(|| {
            Error::input(format!(
                "{} 第 {} 行：“{}”列“{date_cell}”不是日期；请检查文件或用 --layout 指定版式",
                file,
                r.line,
                name(cols.date)
            ))
        })?;
        if let Some(t) = cols.time {
            let t = text(cells, t);
            if !t.is_empty() {
                time = t.to_string();
            }
        }
        let amount_at = |i: usize| -> Result<Option<Amount>> {
            let t = text(cells, i);
            if is_placeholder(t) {
                return Ok(None);
            }
            parse_optional(&amount_text(t))
                .map_err(|e| Error::input(format!("{} 第 {} 行：“{}”列：{e}", file, r.line, name(i))))
        };
        let amount = if let (Some(i), Some(o)) = (cols.amount_in, cols.amount_out) {
            let (a_in, a_out) = (amount_at(i)?.unwrap_or_default(), amount_at(o)?.unwrap_or_default());
            if !a_in.is_zero() && !a_out.is_zero() {
                return Err(Error::input(format!(
                    "{} 第 {} 行：“{}”和“{}”两列都有金额（{} 和 {}），一笔交易只能是收入或支出",
                    file,
                    r.line,
                    name(i),
                    name(o),
                    a_in.plain(),
                    a_out.plain()
                )));
            }
            a_in.abs() - a_out.abs()
        } else {
            let i = cols.amount.expect("a signed amount column");
            let a = amount_at(i)?.unwrap_or_default();
            match cols.direction {
                Some(d) => {
                    let word = text(cells, d);
                    if layout.skip_direction.iter().any(|w| w == word) {
                        return Ok(Row::Skip(Skipped {
                            line: r.line,
                            reason: format!("不计收支（{}）", if word.is_empty() { "空" } else { word }),
                        }));
                    }
                    if layout.inflow.iter().any(|w| w == word) {
                        a.abs()
                    } else if layout.outflow.iter().any(|w| w == word) {
                        -a.abs()
                    } else {
                        return Err(Error::input(format!(
                            "{} 第 {} 行：“{}”列“{word}”既不是收入也不是支出（应为 {} 或 {}）",
                            file,
                            r.line,
                            name(d),
                            layout.inflow.join("/"),
                            layout.outflow.join("/")
                        )));
                    }
                }
                None if layout.negate => -a,
                None => a,
            }
        };
        if amount.is_zero() {
            return Ok(Row::Skip(Skipped { line: r.line, reason: "金额为零".into() }));
        }
        // A balance that cannot be read is said, not dropped silently: it is what the statement's
        // continuity and closing balance are checked with.
        let (balance, unreadable_balance) = match cols.balance {
            Some(b) if !is_placeholder(text(cells, b)) => match parse_optional(&amount_text(text(cells, b))) {
                Ok(v) => (v, None),
                Err(_) => (None, Some(text(cells, b).to_string())),
            },
            _ => (None, None),
        };
        let pick = |list: &[usize]| -> String {
            let values: Vec<&str> = list.iter().map(|&i| text(cells, i)).filter(|v| !is_placeholder(v)).collect();
            match (list.len(), values.len()) {
                // Payee on an outflow, payer on an inflow (BOC corporate lists both).
                (2, 2) => (if amount.fen() < 0 { values[0] } else { values[1] }).to_string(),
                _ => values.join(" "),
            }
        };
        let summary: Vec<&str> = cols.summary.iter().map(|&i| text(cells, i)).filter(|v| !is_placeholder(v)).collect();
        Ok(Row::Line(BankLine {
            line: r.line,
            date,
            time,
            amount,
            balance,
            counterparty: pick(&cols.counterparty),
            counter_account: pick(&cols.counter_account),
            summary: summary.join(" "),
            serial: cols.serial.map(|i| text(cells, i).to_string()).filter(|s| !is_placeholder(s)).unwrap_or_default(),
            unreadable_balance,
        }))
    }
}

/// Parse the rows after the header with `layout`.
pub fn parse(raw: &RawTable, layout: &Layout, header_index: usize, cols: &Columns) -> Result<Parsed> {
    let header = &raw.records[header_index];
    let rows = RowParser::new(&raw.file, layout, cols, header, &raw.records[..header_index]);
    let mut lines = Vec::new();
    let mut skipped = Vec::new();
    let mut read = 0;
    for r in &raw.records[header_index + 1..] {
        match rows.row(r)? {
            Row::Blank => continue,
            Row::Skip(s) => skipped.push(s),
            Row::Line(l) => lines.push(l),
        }
        read += 1;
    }
    date_order(&mut lines, |l| l.date);
    Ok(Parsed { layout: layout.name.clone(), header_line: header.line, read, lines, skipped })
}

/// Banks often list newest first: put the lines in date order, keeping same-day order.
pub fn date_order<T>(lines: &mut [T], date: impl Fn(&T) -> NaiveDate) {
    if lines.len() > 1 && lines.first().map(&date) > lines.last().map(&date) {
        lines.reverse();
    }
    lines.sort_by_key(date);
}

/// Balance continuity: each line's balance equals the previous one plus its amount. Takes
/// (line, amount, balance) in date order; returns the breaks as (line before, line after,
/// expected, found).
pub fn breaks(lines: impl Iterator<Item = (usize, Amount, Option<Amount>)>) -> Vec<(usize, usize, Amount, Amount)> {
    let mut out = Vec::new();
    let mut prev: Option<(usize, Option<Amount>)> = None;
    for (line, amount, balance) in lines {
        if let (Some((before, Some(a))), Some(b)) = (prev, balance) {
            if a + amount != b {
                out.push((before, line, a + amount, b));
            }
        }
        prev = Some((line, balance));
    }
    out
}
