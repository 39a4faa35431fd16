//! Renderers: turn any `Report` into output. They never query anything.

pub mod csv;
pub mod html;
pub mod json;
pub mod pdf;
pub mod table;
pub mod xlsx;

use crate::report::{Cell, ColKind, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    Pdf,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "table" => Format::Table,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "pdf" => Format::Pdf,
            "xlsx" => Format::Xlsx,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }
    /// The file extension this format is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            other => other.name(),
        }
    }
    /// Guess from a file name's extension.
    pub fn from_path(p: &str) -> Option<Format> {
        let ext = p.rsplit_once('.')?.1.to_ascii_lowercase();
        Format::parse(if ext == "txt" { "table" } else { ext.as_str() })
    }
}

/// A cell as plain text for CSV: amounts `1234.56`, percentages `12.34%`.
/// A document of several reports as one report: each part's header as a text, its tables under
/// its title, its notes and signatures as text (`printed`: the parts in their printed form).
/// A report without parts is itself.
pub fn flattened(r: &Report, printed: bool) -> std::borrow::Cow<'_, Report> {
    use crate::report::Section;
    if r.parts.is_empty() {
        return std::borrow::Cow::Borrowed(r);
    }
    let mut out = r.clone();
    out.parts.clear();
    for p in &r.parts {
        let p = if printed { p.printed() } else { std::borrow::Cow::Borrowed(p) };
        let head = [format!("编制单位：{}", p.org), period_label(&p.period), p.unit.clone()];
        out.sections.push(Section::Text {
            heading: Some(p.title.clone()),
            paragraphs: vec![head
                .iter()
                .filter(|t| !t.ends_with('：') && !t.is_empty() && !t.ends_with("期间："))
                .cloned()
                .collect::<Vec<_>>()
                .join("    ")],
        });
        for s in &p.sections {
            out.sections.push(match s {
                Section::Table(t) if t.title.is_none() => {
                    Section::Table(crate::report::Table { title: Some(p.title.clone()), ..t.clone() })
                }
                other => other.clone(),
            });
        }
        let mut tail: Vec<String> = p.notes.iter().map(|n| format!("注：{n}")).collect();
        if !p.signatures.is_empty() {
            tail.push(p.signatures.iter().map(|s| signature(s, "________")).collect::<Vec<_>>().join("    "));
        }
        if !tail.is_empty() {
            out.sections.push(Section::Text { heading: None, paragraphs: tail });
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The period as a header prints it: "期间：…", or as is where it names itself ("日期：…"),
/// nothing for a form without one.
pub fn period_label(period: &str) -> String {
    if period.is_empty() || period.contains('：') {
        period.to_string()
    } else {
        format!("期间：{period}")
    }
}

pub fn plain(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Amount(a) => a.plain(),
        Cell::Int(i) => i.to_string(),
        Cell::Percent(Some(p)) => format!("{:.2}%", p),
        Cell::Percent(None) => "—".into(),
    }
}

/// A signature as printed: a role followed by `blank` to sign on, or as given when it already
/// names the person (`单位负责人：王建国`, from the organisation profile).
pub fn signature(s: &str, blank: &str) -> String {
    if s.contains('：') {
        s.to_string()
    } else {
        format!("{s}：{blank}")
    }
}

/// A cell for people: amounts with thousands separators.
pub fn display(cell: &Cell) -> String {
    match cell {
        Cell::Amount(a) => a.grouped(),
        other => plain(other),
    }
}

/// The column whose text is indented for detail rows: the name column (科目名称, 名称, 项目).
pub fn indent_column(t: &crate::report::Table) -> usize {
    t.columns.iter().position(|c| matches!(c.name.as_str(), "科目名称" | "名称" | "项目")).unwrap_or(1)
}

pub fn right_aligned(kind: ColKind) -> bool {
    matches!(kind, ColKind::Amount | ColKind::Number | ColKind::Percent)
}

/// The footer line naming the books' state root, for whoever signs a report.
pub fn state_line(state: &str) -> String {
    format!("状态根：{state}（签署后可用 gonghui verify --anchor {state} 证明账簿未被改写）")
}
