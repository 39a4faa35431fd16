//! Terminal tables: title, 编制单位 / 期间 / 单位 line, the tables with right-aligned amounts,
//! notes and the signature line.

use super::{display, indent_column, right_aligned};
use crate::report::{Report, RowStyle, Section};
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Attribute, Cell as TCell, CellAlignment, ContentArrangement, Table as CTable,
};

/// Text columns no wider than this (terminal columns) are kept whole when a table is fitted.
const SHORT_TEXT: usize = 16;

/// The report as text; with `width`, its tables fitted to that many columns (text cells wrap,
/// amounts, numbers and dates keep their width) and its paragraphs and notes wrapped.
pub fn render(r: &Report, width: Option<u16>) -> Vec<u8> {
    let r = &*super::flattened(r, false);
    let mut out = String::new();
    let wrap = |text: &str, first: &str, rest: &str| -> String {
        match width {
            Some(w) => wrapped(text, first, rest, w as usize),
            None => format!("{first}{text}\n"),
        }
    };
    out.push_str(&format!("{}\n", r.title));
    let head: Vec<String> = [format!("编制单位：{}", r.org), super::period_label(&r.period), r.unit.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    out.push_str(&wrap(&head.join("    "), "", ""));
    for s in &r.sections {
        match s {
            Section::Table(t) => {
                if let Some(title) = &t.title {
                    out.push_str(&format!("\n{title}\n"));
                }
                let mut ct = CTable::new();
                ct.load_preset(UTF8_FULL_CONDENSED);
                match width {
                    Some(w) => {
                        ct.set_content_arrangement(ContentArrangement::Dynamic).set_width(w);
                    }
                    None => {
                        ct.set_content_arrangement(ContentArrangement::Disabled);
                    }
                }
                ct.set_header(t.columns.iter().map(|c| TCell::new(&c.name).add_attribute(Attribute::Bold)));
                if width.is_some() {
                    // Amounts, numbers and short text (codes, voucher numbers, names) are never
                    // broken across lines; long text takes the room that is left.
                    for (i, col) in t.columns.iter().enumerate() {
                        let widest = t
                            .rows
                            .iter()
                            .filter_map(|r| r.cells.get(i))
                            .map(|c| unicode_width::UnicodeWidthStr::width(display(c).as_str()))
                            .chain(std::iter::once(unicode_width::UnicodeWidthStr::width(col.name.as_str())))
                            .max()
                            .unwrap_or(0);
                        if right_aligned(col.kind) || widest <= SHORT_TEXT {
                            if let Some(c) = ct.column_mut(i) {
                                c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
                            }
                        }
                    }
                }
                let ic = indent_column(t);
                for row in &t.rows {
                    let cells = row.cells.iter().zip(&t.columns).enumerate().map(|(i, (cell, col))| {
                        let mut text = display(cell);
                        if i == ic && row.indent > 0 {
                            text = format!("{}{text}", "  ".repeat(row.indent as usize));
                        }
                        let mut c = TCell::new(text);
                        if right_aligned(col.kind) {
                            c = c.set_alignment(CellAlignment::Right);
                        }
                        if row.style != RowStyle::Normal {
                            c = c.add_attribute(Attribute::Bold);
                        }
                        c
                    });
                    ct.add_row(cells);
                }
                out.push_str(&ct.to_string());
                out.push('\n');
            }
            Section::Chart(_) => {}
            Section::Text { heading, paragraphs } => {
                if let Some(h) = heading {
                    out.push_str(&format!("\n{h}\n"));
                }
                for p in paragraphs {
                    out.push_str(&wrap(p, "  ", "  "));
                }
            }
        }
    }
    for n in &r.notes {
        out.push_str(&wrap(n, "注：", "    "));
    }
    if !r.signatures.is_empty() {
        out.push('\n');
        out.push_str(&r.signatures.iter().map(|s| super::signature(s, "________")).collect::<Vec<_>>().join("    "));
        out.push('\n');
    }
    if let Some(s) = &r.state {
        out.push_str(&wrap(&super::state_line(s), "", "  "));
    }
    out.into_bytes()
}

/// `text` broken into lines of at most `width` terminal columns (a Chinese character takes two),
/// the first line led by `first`, the others by `rest`.
fn wrapped(text: &str, first: &str, rest: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut line = first.to_string();
    let mut used = unicode_width::UnicodeWidthStr::width(first);
    let lead = unicode_width::UnicodeWidthStr::width(rest);
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > lead {
            // Break at the last space when there is one (a code or command stays whole),
            // else here (Chinese text breaks anywhere).
            let carry = match line.rfind(' ').filter(|&i| i > first.len().max(rest.len())) {
                Some(i) => line.split_off(i + 1),
                None => String::new(),
            };
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{rest}{carry}");
            used = unicode_width::UnicodeWidthStr::width(line.as_str());
        }
        line.push(c);
        used += w;
    }
    out.push_str(&line);
    out.push('\n');
    out
}
