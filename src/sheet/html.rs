//! Tables saved as HTML under a spreadsheet's name (many Chinese online banks send their `.xls`
//! statements so): the rows of every `<table>` in document order, each cell's text with its tags
//! stripped and its entities decoded. Row numbers count table rows from 1 (an HTML file's lines
//! mean nothing to the person who opens it in Excel).

use super::{clean_cell, Record};

/// Whether these first bytes of a file (any ASCII-compatible encoding) are an HTML document.
pub fn looks_html(head: &[u8]) -> bool {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed: Vec<u8> =
        start.iter().skip_while(|b| b.is_ascii_whitespace()).take(4096).map(|b| b.to_ascii_lowercase()).collect();
    if !trimmed.starts_with(b"<") {
        return false;
    }
    let has = |needle: &[u8]| trimmed.windows(needle.len()).any(|w| w == needle);
    has(b"<html") || has(b"<table") || has(b"<!doctype html") || has(b"<meta")
}

/// The rows of the document's tables.
pub fn records(text: &str) -> Vec<Record> {
    let mut out = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        if let Some(c) = cell.as_mut() {
            c.push_str(&rest[..lt]);
        }
        let after = &rest[lt + 1..];
        // Comments and the contents of script and style say nothing to a reader.
        if after.starts_with("!--") {
            rest = after.find("-->").map(|i| &after[i + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("script" | "style", false) => {
                let end = format!("</{name}");
                rest = find_ci(rest, &end).map(|i| &rest[i..]).unwrap_or("");
            }
            ("tr", false) => {
                finish_row(&mut out, &mut row, &mut cell);
                row = Some(Vec::new());
            }
            ("tr", true) | ("table", _) => finish_row(&mut out, &mut row, &mut cell),
            ("td" | "th", false) => {
                finish_cell(&mut row, &mut cell);
                row.get_or_insert_with(Vec::new);
                cell = Some(String::new());
            }
            ("td" | "th", true) => finish_cell(&mut row, &mut cell),
            ("br" | "p" | "div", _) => {
                if let Some(c) = cell.as_mut() {
                    c.push(' ');
                }
            }
            _ => {}
        }
    }
    finish_row(&mut out, &mut row, &mut cell);
    out
}

fn finish_cell(row: &mut Option<Vec<String>>, cell: &mut Option<String>) {
    if let Some(c) = cell.take() {
        let text = decode_entities(&c);
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        row.get_or_insert_with(Vec::new).push(clean_cell(&collapsed));
    }
}

fn finish_row(out: &mut Vec<Record>, row: &mut Option<Vec<String>>, cell: &mut Option<String>) {
    finish_cell(row, cell);
    if let Some(cells) = row.take() {
        if !cells.is_empty() {
            out.push(Record { line: out.len() + 1, cells });
        }
    }
}

/// The position of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes().windows(n).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `&nbsp;`, `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#NNN;` and `&#xHH;`.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = match name {
                "nbsp" => Some(' '),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text, however broken its tags and entities, is read without a panic.
        #[test]
        fn any_text_reads_without_a_panic(parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::strategy::Just("<tr>".to_string()), proptest::strategy::Just("<td>".to_string()),
            proptest::strategy::Just("</td>".to_string()), proptest::strategy::Just("<script>".to_string()),
            proptest::strategy::Just("<!--".to_string()), proptest::strategy::Just("&#x".to_string()),
            proptest::strategy::Just("&amp".to_string()), proptest::strategy::Just("<".to_string()),
            proptest::strategy::Just(">".to_string()), proptest::strategy::Just(";".to_string()),
            "[a-z0-9汇款 ]{0,6}",
        ], 0..40)) {
            let text = parts.concat();
            let rows = records(&text);
            proptest::prop_assert!(rows.iter().enumerate().all(|(i, r)| r.line == i + 1));
        }
    }

    #[test]
    fn rows_of_a_bank_html_export() {
        let html = "<html><head><meta charset=gbk><style>td{x:1}</style></head><body>\
            <table><tr><td colspan=3>账户明细查询</td></tr></table>\
            <table border=1><TR><TH>交易日期</TH><th>摘要</th><th>金额</th></TR>\
            <tr><td>2025-03-01</td><td><span>会费&nbsp;3月</span></td><td>1,200.00</td></tr>\
            <!-- <tr><td>not a row</td></tr> -->\
            <tr><td>2025-03-02</td><td>A&amp;B<br>费</td><td>&#45;30.00</td></tr></table></body></html>";
        let rs = records(html);
        let cells: Vec<Vec<&str>> = rs.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect();
        assert_eq!(
            cells,
            vec![
                vec!["账户明细查询"],
                vec!["交易日期", "摘要", "金额"],
                vec!["2025-03-01", "会费 3月", "1,200.00"],
                vec!["2025-03-02", "A&B 费", "-30.00"],
            ]
        );
        assert_eq!(rs.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert!(looks_html(b"\xEF\xBB\xBF\r\n<html>"));
        assert!(looks_html(b"  <table><tr>"));
        assert!(!looks_html("交易日期,摘要".as_bytes()));
    }
}
