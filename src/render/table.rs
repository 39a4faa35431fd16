//! Terminal tables: title, 编制单位 / 期间 / 单位 line, the tables with right-aligned amounts,
//! notes and the signature line.

use super::{display, indent_column, right_aligned};
use crate::report::{Report, RowStyle, Section};
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Attribute, Cell as TCell, CellAlignment, ContentArrangement, Table as CTable,
};

pub fn render(r: &Report) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(&format!("{}\n", r.title));
    out.push_str(&format!("编制单位：{}    期间：{}    {}\n", r.org, r.period, r.unit));
    for s in &r.sections {
        match s {
            Section::Table(t) => {
                if let Some(title) = &t.title {
                    out.push_str(&format!("\n{title}\n"));
                }
                let mut ct = CTable::new();
                ct.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Disabled);
                ct.set_header(t.columns.iter().map(|c| TCell::new(&c.name).add_attribute(Attribute::Bold)));
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
                    out.push_str(&format!("  {p}\n"));
                }
            }
        }
    }
    for n in &r.notes {
        out.push_str(&format!("注：{n}\n"));
    }
    if !r.signatures.is_empty() {
        out.push('\n');
        out.push_str(&r.signatures.iter().map(|s| format!("{s}：________")).collect::<Vec<_>>().join("    "));
        out.push('\n');
    }
    if let Some(s) = &r.state {
        out.push_str(&format!("{}\n", super::state_line(s)));
    }
    out.into_bytes()
}
