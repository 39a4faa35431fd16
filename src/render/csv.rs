//! CSV for Excel: UTF-8 with BOM, one Chinese header row, plain amounts, 合计 last. A report with
//! several tables writes each after a blank line and its title.

use super::plain;
use crate::report::{Report, Section};

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
                        w.write_record([title.as_str()]).unwrap();
                    }
                }
                first = false;
                w.write_record(t.columns.iter().map(|c| c.name.as_str())).unwrap();
                for row in &t.rows {
                    w.write_record(row.cells.iter().map(plain)).unwrap();
                }
            }
            Section::Text { .. } | Section::Chart(_) => {}
        }
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().expect("writing to memory"));
    out
}
