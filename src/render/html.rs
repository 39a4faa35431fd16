//! A report as a web page's content: the same model the other renderers read, turned into text
//! cells with their alignment and row style, paragraphs, and charts drawn as inline SVG from the
//! chart data the PDF draws. The page template escapes every text; the SVG is built here with its
//! texts escaped. Long tables keep their first rows (the page says how many more, and the
//! downloads hold them all).

use super::{display, flattened, indent_column, right_aligned};
use crate::report::{Chart, ChartKind, Report, RowStyle, Section};

pub struct Page {
    pub title: String,
    pub org: String,
    pub period: String,
    pub unit: String,
    pub parts: Vec<Part>,
    pub notes: Vec<String>,
    pub signatures: Vec<String>,
    pub state: String,
}

/// A section of the page: a table, a heading with paragraphs, or a chart (its title as the
/// heading).
#[derive(Default)]
pub struct Part {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub table: Option<TableView>,
    /// An SVG drawing, its texts escaped; empty when the part is not a chart.
    pub svg: String,
}

pub struct TableView {
    pub title: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
    /// Rows not shown.
    pub hidden: usize,
}

pub struct ColumnView {
    pub name: String,
    pub right: bool,
}

pub struct RowView {
    pub cells: Vec<String>,
    /// `total`, `subtotal` or empty.
    pub class: &'static str,
}

/// The page of `r`, each table cut at `max_rows` rows.
pub fn page(r: &Report, max_rows: usize) -> Page {
    let r = flattened(r, false);
    let mut parts = Vec::new();
    for s in &r.sections {
        parts.push(match s {
            Section::Table(t) => Part {
                table: Some(TableView {
                    title: t.title.clone().unwrap_or_default(),
                    columns: t
                        .columns
                        .iter()
                        .map(|c| ColumnView { name: c.name.clone(), right: right_aligned(c.kind) })
                        .collect(),
                    rows: t
                        .rows
                        .iter()
                        .take(max_rows)
                        .map(|row| RowView {
                            cells: row
                                .cells
                                .iter()
                                .enumerate()
                                .map(|(i, c)| {
                                    let text = display(c);
                                    if i == indent_column(t) && row.indent > 0 {
                                        format!("{}{text}", "\u{3000}".repeat(row.indent as usize))
                                    } else {
                                        text
                                    }
                                })
                                .collect(),
                            class: match row.style {
                                RowStyle::Total => "total",
                                RowStyle::Subtotal => "subtotal",
                                RowStyle::Normal => "",
                            },
                        })
                        .collect(),
                    hidden: t.rows.len().saturating_sub(max_rows),
                }),
                ..Part::default()
            },
            Section::Text { heading, paragraphs } => {
                Part { heading: heading.clone().unwrap_or_default(), paragraphs: paragraphs.clone(), ..Part::default() }
            }
            Section::Chart(c) => Part { heading: c.title.clone(), svg: svg(c), ..Part::default() },
        });
    }
    Page {
        title: r.title.clone(),
        org: r.org.clone(),
        period: r.period.clone(),
        unit: r.unit.clone(),
        parts,
        notes: r.notes.clone(),
        signatures: r.signatures.clone(),
        state: r.state.clone().unwrap_or_default(),
    }
}

/// Text for SVG: the five characters XML gives meaning to, escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The series' colours, as the PDF draws them.
const COLOURS: &[&str] = &["#4a6fa5", "#d9822b", "#5b9e5b", "#a05195"];

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// The chart as SVG: bars per category side by side (Bars), or one horizontal bar per category
/// with its share (Shares).
pub fn svg(c: &Chart) -> String {
    match c.kind {
        ChartKind::Bars => bars(c),
        ChartKind::Shares => shares(c),
    }
}

fn bars(c: &Chart) -> String {
    let (w, h, left, bottom, top) = (720.0, 260.0, 70.0, 60.0, 24.0);
    let max = c.series.iter().flat_map(|s| s.values.iter()).map(|a| a.fen()).max().unwrap_or(0).max(1);
    let n = c.categories.len().max(1) as f64;
    let slot = (w - left - 10.0) / n;
    let per = c.series.len().max(1) as f64;
    let bar = (slot * 0.8 / per).min(40.0);
    let plot = h - bottom - top;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        esc(&c.title)
    );
    out.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>",
        h - bottom,
        w - 10.0,
        h - bottom
    ));
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
        left - 4.0,
        top + 4.0,
        esc(&crate::money::Amount(max).grouped())
    ));
    for (i, cat) in c.categories.iter().enumerate() {
        let x0 = left + slot * i as f64 + slot * 0.1;
        for (j, s) in c.series.iter().enumerate() {
            let v = s.values.get(i).map(|a| a.fen()).unwrap_or(0).max(0);
            let bh = plot * yuan(v) / yuan(max);
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{}：{} {}</title></rect>",
                x0 + bar * j as f64,
                h - bottom - bh,
                COLOURS[j % COLOURS.len()],
                esc(cat),
                esc(&s.name),
                esc(&s.values.get(i).copied().unwrap_or_default().grouped())
            ));
        }
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            left + slot * (i as f64 + 0.5),
            h - bottom + 16.0,
            esc(&cat.chars().take(8).collect::<String>())
        ));
    }
    for (j, s) in c.series.iter().enumerate() {
        let x = left + 120.0 * j as f64;
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            h - 22.0,
            COLOURS[j % COLOURS.len()],
            x + 16.0,
            h - 12.0,
            esc(&s.name)
        ));
    }
    out.push_str("</svg>");
    out
}

fn shares(c: &Chart) -> String {
    let Some(s) = c.series.first() else { return String::new() };
    let total: i64 = s.values.iter().map(|a| a.fen().max(0)).sum::<i64>().max(1);
    let (w, row, left) = (720.0, 24.0, 150.0);
    let h = row * c.categories.len() as f64 + 10.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        esc(&c.title)
    );
    for (i, cat) in c.categories.iter().enumerate() {
        let v = s.values.get(i).map(|a| a.fen()).unwrap_or(0).max(0);
        let share = yuan(v) / yuan(total);
        let y = row * i as f64 + 4.0;
        let bw = (w - left - 130.0) * share;
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{}</text><rect x=\"{left}\" y=\"{y:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{} 元，{:.1}%</text>",
            left - 6.0,
            y + 13.0,
            esc(&cat.chars().take(12).collect::<String>()),
            row - 6.0,
            COLOURS[0],
            left + bw + 6.0,
            y + 13.0,
            esc(&s.values[i].grouped()),
            share * 100.0
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Amount;
    use crate::report::{Cell, Column, Row, Series, Table};

    #[test]
    fn a_report_becomes_cells_paragraphs_and_an_escaped_chart() {
        let mut r = Report::new("t", "测试表", "<b>工会</b>", "2025年度");
        let rows =
            (0..5).map(|i| Row::new(vec![Cell::text(format!("项目{i}")), Cell::Amount(Amount(123_456))])).collect();
        r.sections.push(Section::Table(Table {
            title: None,
            columns: vec![Column::text("项目", 8), Column::amount("金额")],
            rows,
        }));
        r.sections.push(Section::Chart(Chart {
            title: "预算与实际".into(),
            kind: ChartKind::Bars,
            categories: vec!["<script>".into(), "活动".into()],
            series: vec![Series { name: "预算".into(), values: vec![Amount(100), Amount(200)] }],
        }));
        let p = page(&r, 3);
        let t = p.parts[0].table.as_ref().expect("a table");
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.hidden, 2);
        assert_eq!(t.rows[0].cells, ["项目0", "1,234.56"]);
        assert!(!t.columns[0].right && t.columns[1].right);
        let svg = &p.parts[1].svg;
        assert!(svg.contains("&lt;script&gt;") && !svg.contains("<script>"), "{svg}");
        assert_eq!(p.org, "<b>工会</b>", "the template escapes it");
    }
}
