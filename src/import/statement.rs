//! A statement read as a stream: the file is decoded and parsed row by row and its lines handed
//! on in batches, so that a million-line statement is never held in memory whole.

use super::layout::Layout;
use super::parse::{self, BankLine, Row, RowParser, Skipped};
use crate::error::Result;
use crate::money::Amount;
use crate::sheet::Record;
use chrono::NaiveDate;
use std::path::Path;

/// A line's fields, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct LineRef<'a> {
    pub line: usize,
    pub date: NaiveDate,
    pub time: &'a str,
    pub amount: Amount,
    pub balance: Option<Amount>,
    pub counterparty: &'a str,
    pub counter_account: &'a str,
    pub summary: &'a str,
    pub serial: &'a str,
}

impl BankLine {
    pub fn as_ref(&self) -> LineRef<'_> {
        LineRef {
            line: self.line,
            date: self.date,
            time: &self.time,
            amount: self.amount,
            balance: self.balance,
            counterparty: &self.counterparty,
            counter_account: &self.counter_account,
            summary: &self.summary,
            serial: &self.serial,
        }
    }
}

/// What reading a statement found, besides its lines.
pub struct Meta {
    pub file: String,
    pub encoding: &'static str,
    pub layout: String,
    /// Its bank and kind of export, as people say it.
    pub layout_label: String,
    /// Whether the layout is a credit card's.
    pub credit: bool,
    pub header_line: usize,
    /// Non-blank rows after the header.
    pub read: usize,
    pub skipped: Vec<Skipped>,
}

/// Read a statement file, recognising its layout among `layouts` from the header row; the file is
/// streamed, each row parsed as it comes, and the lines handed to `send` in file order, `batch`
/// at a time (`send` answers false to stop early).
pub fn stream(
    path: &Path,
    encoding: Option<&str>,
    layouts: &[Layout],
    batch: usize,
    send: &mut dyn FnMut(Vec<BankLine>) -> bool,
) -> Result<Meta> {
    // The top of the file, to find the header row in.
    let mut head: Vec<Record> = Vec::new();
    let (file, chosen) = crate::sheet::for_each_record(path, encoding, &mut |r| {
        head.push(r);
        Ok(head.len() < parse::HEADER_WITHIN)
    })?;
    let (layout, header_index, cols) = parse::detect_in(&file, &head, layouts)?;
    let rows = RowParser::new(&file, layout, &cols, &head[header_index], &head[..header_index]);
    let mut pending = Vec::with_capacity(batch);
    let mut skipped = Vec::new();
    let mut read = 0;
    let mut index = 0;
    // The encoding found on the first pass (a workbook has none to find).
    let (_, encoding) = crate::sheet::for_each_record(path, Some(chosen), &mut |r| {
        index += 1;
        if index <= header_index + 1 {
            return Ok(true);
        }
        match rows.row(&r)? {
            Row::Blank => return Ok(true),
            Row::Skip(s) => skipped.push(s),
            Row::Line(l) => pending.push(l),
        }
        read += 1;
        if pending.len() >= batch {
            return Ok(send(std::mem::replace(&mut pending, Vec::with_capacity(batch))));
        }
        Ok(true)
    })?;
    if !pending.is_empty() {
        send(pending);
    }
    Ok(Meta {
        file: file.clone(),
        encoding,
        layout: layout.name.clone(),
        layout_label: layout.label(),
        credit: layout.is_credit(),
        header_line: head[header_index].line,
        read,
        skipped,
    })
}
