//! CSV for Excel: UTF-8 with BOM, one Chinese header row, plain amounts, 合计 last. A report with
//! several tables writes each after a blank line and its title.

use super::plain;
use crate::report::{Cell, Report, Section};

/// A text cell as a spreadsheet must show it: one that starts with `= + - @`, a tab or a carriage
/// return would be read as a formula (a payer named `=HYPERLINK(…)` in a bank statement), so it
/// gets a leading apostrophe, as OWASP advises. Amounts and numbers stay numbers.
pub fn cell(c: &Cell) -> String {
    let text = plain(c);
    match c {
        Cell::Text(_) | Cell::Empty if text.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{text}"),
        _ => text,
    }
}

/// A header or title written by us, escaped the same way.
fn label(s: &str) -> String {
    cell(&Cell::Text(s.to_string()))
}

pub fn render(r: &Report) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let many = r.tables().count() > 1;
    let mut first = true;
    for s in &r.sections {
        match s {
            Section::Table(t) => {
                if many {
                    if !first {
                        w.write_record([""]).unwrap();
                    }
                    if let Some(title) = &t.title {
                        w.write_record([label(title)]).unwrap();
                    }
                }
                first = false;
                w.write_record(t.columns.iter().map(|c| label(&c.name))).unwrap();
                for row in &t.rows {
                    w.write_record(row.cells.iter().map(cell)).unwrap();
                }
            }
            Section::Text { .. } | Section::Chart(_) => {}
        }
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().expect("writing to memory"));
    out
}
