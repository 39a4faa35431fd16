//! Reading the tables users prepare or banks export: CSV (any delimiter), TXT, XLS and XLSX, into
//! records of text cells that remember their line in the file. Header lookup by name for the
//! files users prepare (columns in any order, extra columns ignored).

mod html;
mod workbook;

pub use html::{looks_html, records as html_records};
pub use workbook::{child_main, set_reader, CHILD_ARG, MAX_FILE_BYTES};

use crate::encoding;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// One record of a file: its 1-based line (row in a spreadsheet) and its cells, trimmed.
#[derive(Clone, Debug)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Record {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// A file read into records.
pub struct RawTable {
    /// The name used in messages (file name as given).
    pub file: String,
    pub encoding: &'static str,
    pub records: Vec<Record>,
}

/// Clean a cell: trim spaces, tabs, full-width spaces, and the `="…"` / leading-quote wrappers
/// that bank exports use to keep Excel from mangling numbers.
pub fn clean_cell(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}');
    let t = t.strip_prefix("=\"").and_then(|x| x.strip_suffix('"')).unwrap_or(t);
    let t = t.strip_prefix('\'').unwrap_or(t);
    t.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').to_string()
}

/// Read a CSV/TXT/XLS/XLSX file into records. `encoding` overrides detection for text files.
pub fn read_raw(path: &Path, encoding: Option<&str>) -> Result<RawTable> {
    let mut records = Vec::new();
    let (file, encoding) = for_each_record(path, encoding, &mut |r| {
        records.push(r);
        Ok(true)
    })?;
    Ok(RawTable { file, encoding, records })
}

/// Hand each record of a CSV/TXT/XLS/XLSX file to `each`, in file order, without holding a text
/// file in memory, until `each` answers false. Returns the file's name for messages and the encoding used.
pub fn for_each_record(
    path: &Path,
    encoding: Option<&str>,
    each: &mut dyn FnMut(Record) -> Result<bool>,
) -> Result<(String, &'static str)> {
    let file = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let open = || std::fs::File::open(path).map_err(|e| crate::error::read_failed(&file, &e));
    // What the file is, by its content: banks name HTML and text files `.xls`.
    let mut head = Vec::with_capacity(4096);
    open()?.take(4096).read_to_end(&mut head).map_err(|e| crate::error::read_failed(&file, &e))?;
    if head.is_empty() {
        return Err(Error::input(format!("{file} 是空文件")));
    }
    if head.starts_with(b"%PDF") {
        return Err(Error::input(format!(
            "{file}：PDF 对账单暂不支持：请在网银导出 Excel 或 CSV；只需核对月末余额时，\
             可录入对账单余额：gonghui bank statement --month YYYY-MM --balance 余额"
        )));
    }
    let looks_zip = head.starts_with(b"PK\x03\x04");
    let looks_ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if looks_zip || looks_ole {
        let ext = if ext.is_empty() {
            if looks_zip {
                "xlsx".to_string()
            } else {
                "xls".to_string()
            }
        } else {
            ext
        };
        for r in workbook::read(&file, path, &ext)? {
            if !each(r)? {
                break;
            }
        }
        return Ok((file, "XLSX"));
    }
    if html::looks_html(&head) {
        let choice = encoding::choose(std::io::BufReader::new(open()?), encoding, &file)?;
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes).map_err(|e| crate::error::read_failed(&file, &e))?;
        let (text, _) = choice.encoding.decode_without_bom_handling(&bytes[choice.bom.min(bytes.len())..]);
        for r in html::records(&text) {
            if !each(r)? {
                break;
            }
        }
        return Ok((file, choice.name()));
    }
    let choice = encoding::choose(std::io::BufReader::new(open()?), encoding, &file)?;
    let mut f = open()?;
    std::io::copy(&mut (&mut f).take(choice.bom as u64), &mut std::io::sink())
        .map_err(|e| crate::error::read_failed(&file, &e))?;
    let delim = {
        let mut prefix = Vec::new();
        open()?.take(64 << 10).read_to_end(&mut prefix).map_err(|e| crate::error::read_failed(&file, &e))?;
        let (text, _) = choice.encoding.decode_without_bom_handling(&prefix[choice.bom.min(prefix.len())..]);
        sniff_delimiter(&text)
    };
    delimited(encoding::DecodeReader::new(f, choice, &file), delim, &file, each)?;
    Ok((file, choice.name()))
}

/// Guess the delimiter from the first lines: the one that appears on the most lines (then the
/// most often) among tab, pipe and comma; comma when none does.
fn sniff_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    let score = |c: char| {
        let lines = head.iter().filter(|l| l.contains(c)).count();
        let total: usize = head.iter().map(|l| l.matches(c).count()).sum();
        (lines, total)
    };
    let (tab, pipe, comma) = (score('\t'), score('|'), score(','));
    if tab > comma && tab >= pipe {
        b'\t'
    } else if pipe > comma {
        b'|'
    } else {
        b','
    }
}

/// Records of UTF-8 text already in memory.
pub fn parse_delimited(text: &str, file: &str) -> Result<Vec<Record>> {
    let choice = encoding::Choice { encoding: encoding_rs::UTF_8, bom: 0 };
    let mut out = Vec::new();
    delimited(encoding::DecodeReader::new(text.as_bytes(), choice, file), sniff_delimiter(text), file, &mut |r| {
        out.push(r);
        Ok(true)
    })?;
    Ok(out)
}

fn delimited<R: Read>(
    reader: encoding::DecodeReader<R>,
    delim: u8,
    file: &str,
    each: &mut dyn FnMut(Record) -> Result<bool>,
) -> Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .buffer_capacity(256 << 10)
        .from_reader(reader);
    // The csv crate's line numbers do not count the blank lines it skips: the decoder remembers
    // where the line breaks are, and the record's byte offset gives its line.
    let mut rec = csv::StringRecord::new();
    loop {
        let line = rdr.position().line() as usize;
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map(|p| rdr.get_ref().line_at(p.byte())).unwrap_or(line);
                let mut cells: Vec<String> = rec.iter().map(clean_cell).collect();
                if delim == b'|' {
                    // "|a|b|" style: drop the empty cells made by the outer bars.
                    if cells.first().is_some_and(|c| c.is_empty()) {
                        cells.remove(0);
                    }
                    if cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                }
                if !each(Record { line: line.max(1), cells })? {
                    break;
                }
            }
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(line);
                if let csv::ErrorKind::Io(io) = e.kind() {
                    return Err(Error::input(io.to_string()));
                }
                return Err(Error::input(format!("{file} 第 {line} 行：无法按 CSV 解析（{e}）")));
            }
        }
    }
    Ok(())
}

/// How many non-blank rows from the top a user's table's header is looked for in (titles and
/// notes above it are passed over).
pub const HEADER_SEARCH: usize = 10;

/// A user-prepared table with a header row: columns found by name.
pub struct Sheet {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Record>,
}

impl Sheet {
    /// Find the header (the first of the first few non-blank records holding every `required`
    /// column: a title row above it is passed over); the rows after it are the sheet's.
    pub fn from_raw(raw: RawTable, required: &[&str]) -> Result<Sheet> {
        let records: Vec<Record> = raw.records.into_iter().filter(|r| !r.is_blank()).collect();
        let first = records.first().ok_or_else(|| Error::input(format!("{} 没有内容", raw.file)))?;
        let at = records.iter().take(HEADER_SEARCH).position(|r| Sheet::is_header(r, required));
        let Some(at) = at else {
            return Err(Sheet::with_header(raw.file, first, required)
                .err()
                .unwrap_or_else(|| Error::input("表头有误")));
        };
        let mut sheet = Sheet::with_header(raw.file, &records[at], required)?;
        sheet.rows = records.into_iter().skip(at + 1).collect();
        Ok(sheet)
    }

    /// Whether a record holds every `required` column name (is the header row).
    pub fn is_header(r: &Record, required: &[&str]) -> bool {
        required.iter().all(|name| r.cells.iter().any(|c| c.trim() == *name))
    }

    /// A sheet of no rows yet, with `header` as its header: `required` columns must be there.
    pub fn with_header(file: String, header: &Record, required: &[&str]) -> Result<Sheet> {
        let names: Vec<String> = header.cells.iter().map(|c| c.trim().to_string()).collect();
        let missing: Vec<&str> = required.iter().copied().filter(|r| !names.iter().any(|n| n == r)).collect();
        if !missing.is_empty() {
            return Err(Error::input(format!(
                "{} 第 {} 行（表头）缺少列：{}。表头应包含：{}；现有：{}",
                file,
                header.line,
                missing.join("、"),
                required.join("、"),
                names.join("、")
            )));
        }
        Ok(Sheet { file, header: names, rows: Vec::new() })
    }

    pub fn read(path: &Path, encoding: Option<&str>, required: &[&str]) -> Result<Sheet> {
        Sheet::from_raw(read_raw(path, encoding)?, required)
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The cell of `row` in column `name` ("" when the column or cell is absent).
    pub fn get<'a>(&self, row: &'a Record, name: &str) -> &'a str {
        self.col(name).and_then(|i| row.cells.get(i)).map(String::as_str).unwrap_or("")
    }

    /// "文件 第 N 行" for messages.
    pub fn at(&self, row: &Record) -> String {
        format!("{} 第 {} 行", self.file, row.line)
    }

    /// Bad input on a row: the message prefixed with where ("文件 第 N 行："), and the place kept
    /// with the error (the column too, when the message names one as “列名”列).
    pub fn error(&self, row: &Record, msg: impl std::fmt::Display) -> Error {
        let msg = msg.to_string();
        let column = msg
            .strip_prefix('“')
            .and_then(|m| m.split_once("”列"))
            .map(|(c, _)| c.to_string())
            .filter(|c| self.col(c).is_some());
        let location = crate::error::Location { file: self.file.clone(), line: Some(row.line), column };
        Error::invalid_at(location, format!("{}：{msg}", self.at(row)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_cleaned_and_lines_kept() {
        let text = "凭证序号,日期\n1,=\"2025-01-02\"\n\n2,\t 2025-01-03 \t\n";
        let recs = parse_delimited(text, "x.csv").unwrap();
        assert_eq!(recs[1].cells, vec!["1", "2025-01-02"]);
        assert_eq!(recs[1].line, 2);
        assert_eq!(recs.last().unwrap().line, 4);
        assert_eq!(recs.last().unwrap().cells[1], "2025-01-03");
    }

    #[test]
    fn pipes_and_tabs_are_sniffed() {
        let recs = parse_delimited("|a|b|\n|1|2|\n", "x.txt").unwrap();
        assert_eq!(recs[1].cells, vec!["1", "2"]);
        let recs = parse_delimited("a\tb\n1,5\t2\n", "x.txt").unwrap();
        assert_eq!(recs[1].cells, vec!["1,5", "2"]);
    }
}
