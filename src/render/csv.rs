//! CSV for Excel: UTF-8 with BOM, one Chinese header row, plain amounts, 合计 last. A report with
//! several tables writes each after a blank line and its title.

use super::plain;
use crate::error::{Error, Result};
use crate::report::{Cell, Column, Report, Row, Sink};
use std::io::Write;

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

/// CSV written table by table and row by row: the whole-report renderer and the streamed
/// ledgers and journals share it.
pub struct CsvSink<W: Write> {
    w: csv::Writer<W>,
    many: bool,
    first: bool,
}

fn failed(e: impl std::fmt::Display) -> Error {
    Error::io(format!("写出 CSV 失败：{e}"))
}

impl<W: Write> CsvSink<W> {
    /// Starts with the byte-order mark Excel needs to read UTF-8.
    pub fn new(mut out: W) -> Result<CsvSink<W>> {
        out.write_all(&[0xEF, 0xBB, 0xBF]).map_err(failed)?;
        Ok(CsvSink { w: csv::WriterBuilder::new().flexible(true).from_writer(out), many: false, first: true })
    }

    fn start_table(&mut self, title: Option<&str>, columns: &[Column]) -> Result<()> {
        if self.many {
            if !self.first {
                self.w.write_record([""]).map_err(failed)?;
            }
            if let Some(title) = title {
                self.w.write_record([label(title)]).map_err(failed)?;
            }
        }
        self.first = false;
        self.w.write_record(columns.iter().map(|c| label(&c.name))).map_err(failed)
    }

    fn write(&mut self, row: &Row) -> Result<()> {
        self.w.write_record(row.cells.iter().map(cell)).map_err(failed)
    }

    /// Everything written out; the writer back.
    pub fn finish(self) -> Result<W> {
        let mut out = self.w.into_inner().map_err(|e| failed(e.error()))?;
        out.flush().map_err(failed)?;
        Ok(out)
    }
}

impl<W: Write + Send> Sink for CsvSink<W> {
    fn begin(&mut self, tables: usize) -> Result<()> {
        self.many = tables > 1;
        Ok(())
    }
    fn table(&mut self, title: Option<&str>, columns: &[Column]) -> Result<()> {
        self.start_table(title, columns)
    }
    fn row(&mut self, row: Row) -> Result<()> {
        self.write(&row)
    }
}

pub fn render(r: &Report) -> Vec<u8> {
    let r = &*super::flattened(r, false);
    let written = CsvSink::new(Vec::new()).and_then(|mut s| {
        s.begin(r.tables().count())?;
        for t in r.tables() {
            s.start_table(t.title.as_deref(), &t.columns)?;
            for row in &t.rows {
                s.write(row)?;
            }
        }
        s.finish()
    });
    written.expect("writing to memory")
}
