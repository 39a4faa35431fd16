//! A report as an Excel workbook (`--format xlsx`): one sheet per table, each with the report's
//! title and 编制单位/期间/单位 above a frozen header; amounts as numbers in a 元 format,
//! percentages as percentages, 合计 and 小计 rows bold; the text of the report (headings,
//! paragraphs), its notes, signatures and state root on a first sheet 说明 when it has any.

use super::state_line;
use crate::error::{Error, Result};
use crate::report::{Cell, ColKind, Report, RowStyle, Section, Table};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

fn failed(e: XlsxError) -> Error {
    Error::io(format!("无法生成 XLSX：{e}"))
}

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\ and unique in the book.
fn sheet_name(title: &str, n: usize, taken: &mut Vec<String>) -> String {
    let clean: String =
        title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(28).collect::<String>().trim().to_string();
    let mut name = if clean.is_empty() { format!("表{n}") } else { clean };
    if taken.contains(&name) {
        name = format!("{}{n}", name.chars().take(26).collect::<String>());
    }
    taken.push(name.clone());
    name
}

struct Formats {
    title: Format,
    head: Format,
    amount: Format,
    amount_bold: Format,
    int: Format,
    int_bold: Format,
    percent: Format,
    percent_bold: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let amount = Format::new().set_num_format("#,##0.00");
        let int = Format::new().set_num_format("0");
        let percent = Format::new().set_num_format("0.00%");
        Formats {
            title: Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center),
            head: Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            amount_bold: amount.clone().set_bold(),
            amount,
            int_bold: int.clone().set_bold(),
            int,
            percent_bold: percent.clone().set_bold(),
            percent,
            bold: Format::new().set_bold(),
        }
    }
}

/// The title row and the 编制单位 / 期间 / 单位 row; returns the next free row.
fn heading(ws: &mut Worksheet, r: &Report, cols: u16, f: &Formats) -> std::result::Result<u32, XlsxError> {
    let last = cols.saturating_sub(1);
    if last > 0 {
        ws.merge_range(0, 0, 0, last, &r.title, &f.title)?;
    } else {
        ws.write_string_with_format(0, 0, &r.title, &f.title)?;
    }
    ws.write_string(1, 0, format!("编制单位：{}", r.org))?;
    ws.write_string(1, (cols / 2).min(last), super::period_label(&r.period))?;
    if last > 0 {
        ws.write_string(1, last, &r.unit)?;
    }
    Ok(2)
}

/// The table under the heading; returns the next free row.
fn table_sheet(ws: &mut Worksheet, r: &Report, t: &Table, f: &Formats) -> std::result::Result<u32, XlsxError> {
    let cols = t.columns.len().max(1) as u16;
    let mut row = heading(ws, r, cols, f)?;
    if let Some(title) = &t.title {
        ws.write_string_with_format(row, 0, title, &f.bold)?;
        row += 1;
    }
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, &col.name, &f.head)?;
        let chars = t
            .rows
            .iter()
            .take(2000)
            .filter_map(|r| r.cells.get(c))
            .map(|cell| super::display(cell).chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum::<usize>())
            .chain(std::iter::once(col.name.chars().count() * 2))
            .max()
            .unwrap_or(8);
        let width = match col.kind {
            ColKind::Text => chars.clamp(6, 60),
            _ => chars.clamp(8, 20),
        };
        ws.set_column_width(c as u16, width as f64 + 1.0)?;
    }
    row += 1;
    ws.set_freeze_panes(row, 0)?;
    for r in &t.rows {
        let bold = r.style != RowStyle::Normal;
        for (c, cell) in r.cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    let s = if r.indent > 0 && c == 1 {
                        format!("{}{s}", "  ".repeat(r.indent as usize))
                    } else {
                        s.clone()
                    };
                    if bold {
                        ws.write_string_with_format(row, c, s, &f.bold)?;
                    } else {
                        ws.write_string(row, c, s)?;
                    }
                }
                Cell::Amount(a) => {
                    let v = a.fen() as f64 / 100.0;
                    ws.write_number_with_format(row, c, v, if bold { &f.amount_bold } else { &f.amount })?;
                }
                Cell::Int(i) => {
                    ws.write_number_with_format(row, c, *i as f64, if bold { &f.int_bold } else { &f.int })?;
                }
                Cell::Percent(Some(p)) => {
                    let v = p.to_string().parse::<f64>().unwrap_or(0.0) / 100.0;
                    ws.write_number_with_format(row, c, v, if bold { &f.percent_bold } else { &f.percent })?;
                }
                Cell::Percent(None) => {
                    ws.write_string(row, c, "—")?;
                }
            }
        }
        row += 1;
    }
    Ok(row)
}

/// Notes, signatures and the state root from `row` on.
fn footer(ws: &mut Worksheet, r: &Report, mut row: u32) -> std::result::Result<(), XlsxError> {
    for n in &r.notes {
        ws.write_string(row, 0, format!("注：{n}"))?;
        row += 1;
    }
    if !r.signatures.is_empty() {
        let line: Vec<String> = r.signatures.iter().map(|s| super::signature(s, "________")).collect();
        ws.write_string(row + 1, 0, line.join("    "))?;
        row += 2;
    }
    if let Some(state) = &r.state {
        ws.write_string(row + 1, 0, state_line(state))?;
    }
    Ok(())
}

/// The report's text, notes, signatures and state root, in order, one paragraph a row.
fn text_sheet(ws: &mut Worksheet, r: &Report, f: &Formats) -> std::result::Result<(), XlsxError> {
    let mut row = heading(ws, r, 6, f)?;
    ws.set_column_width(0, 100)?;
    for s in &r.sections {
        match s {
            Section::Text { heading, paragraphs } => {
                if let Some(h) = heading {
                    ws.write_string_with_format(row, 0, h, &f.bold)?;
                    row += 1;
                }
                for p in paragraphs {
                    ws.write_string(row, 0, p)?;
                    row += 1;
                }
            }
            Section::Table(t) => {
                let title = t.title.clone().unwrap_or_else(|| "（表）".into());
                ws.write_string(row, 0, format!("{title}：见工作表“{title}”"))?;
                row += 1;
            }
            Section::Chart(_) => {}
        }
    }
    footer(ws, r, row)
}

pub fn render(r: &Report) -> Result<Vec<u8>> {
    let r = &*super::flattened(r, true);
    let r = &*r.printed();
    let f = Formats::new();
    let mut book = Workbook::new();
    let tables: Vec<&Table> = r.tables().collect();
    let texty = r.sections.iter().any(|s| matches!(s, Section::Text { .. })) || tables.is_empty();
    let mut taken = Vec::new();
    if texty {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name("说明", 0, &mut taken)).map_err(failed)?;
        text_sheet(ws, r, &f).map_err(failed)?;
    }
    for (n, t) in tables.iter().enumerate() {
        let ws = book.add_worksheet();
        let name =
            t.title.clone().unwrap_or_else(|| if tables.len() == 1 { r.title.clone() } else { format!("表{}", n + 1) });
        ws.set_name(sheet_name(&name, n + 1, &mut taken)).map_err(failed)?;
        if r.landscape {
            ws.set_landscape();
        }
        let row = table_sheet(ws, r, t, &f).map_err(failed)?;
        if !texty && n + 1 == tables.len() {
            // A table-only report keeps its notes, signatures and state root under its table.
            footer(ws, r, row + 1).map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}
