//! The report model: data only. Builders fill it from the store; renderers (table, CSV, JSON,
//! PDF) turn any report into output without querying anything.

use crate::money::Amount;
use rust_decimal::Decimal;
use serde::Serialize;

/// The four signatures of a union's financial reports.
pub const SIGNATURES: [&str; 4] = ["工会主席", "经费审查委员会主任", "财务负责人", "制表"];

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The report's command name, e.g. `trial-balance`.
    pub name: String,
    /// 科目余额表
    pub title: String,
    /// 编制单位
    pub org: String,
    /// 期间, e.g. 2025年度
    pub period: String,
    /// 单位：元
    pub unit: String,
    /// Wide tables print on landscape A4.
    pub landscape: bool,
    pub sections: Vec<Section>,
    pub notes: Vec<String>,
    /// Roles that sign (工会主席 …); empty for none.
    pub signatures: Vec<String>,
    /// The books' state root when the report was made (`SEQ:ROOT…`): printed in every footer so
    /// that whoever signs the report can later prove the books were not rewritten.
    pub state: Option<String>,
    /// The sections in the official printed form (PDF, XLSX) where it differs from the rows the
    /// CSV and the text keep (工会01表 two-sided, 账户式); None: printed as `sections`.
    #[serde(skip)]
    pub printed: Option<Vec<Section>>,
    /// Printed (PDF): the notes and signatures follow this section instead of the end — a
    /// statement is signed under its table, its 附注 come after.
    #[serde(skip)]
    pub signed_after: Option<usize>,
    /// A document of several reports (the annual financial report: its cover is this report,
    /// then 工会01表 and 工会02表 with the 附注): the PDF prints each part from a new page with
    /// the pages numbered through; the other formats print the parts one after another.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Report>,
    /// How the PDF lays out the parts.
    #[serde(skip)]
    pub binding: Binding,
    /// Whether the signatures end with a line for the date signed (a voucher's boxes do not).
    #[serde(skip)]
    pub dated: bool,
    /// The sheet a document's pages print on, width × height in whole mm, where it is not A4
    /// (凭证纸).
    #[serde(skip)]
    pub paper: Option<(u32, u32)>,
}

/// How a document of several reports prints its parts after its cover (PDF).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Binding {
    /// Each part from a new page; the cover lists the page each begins on (年度财务报告).
    #[default]
    Contents,
    /// Each part on a sheet of its own.
    OnePerSheet,
    /// Two parts to an A4 sheet, one above the other (记账凭证 bound by the month).
    TwoPerSheet,
}

impl Report {
    pub fn new(name: &str, title: &str, org: &str, period: &str) -> Report {
        Report {
            name: name.into(),
            title: title.into(),
            org: org.into(),
            period: period.into(),
            unit: "单位：元".into(),
            landscape: false,
            sections: Vec::new(),
            notes: Vec::new(),
            signatures: SIGNATURES.iter().map(|s| s.to_string()).collect(),
            state: None,
            printed: None,
            signed_after: None,
            parts: Vec::new(),
            binding: Binding::Contents,
            dated: true,
            paper: None,
        }
    }

    /// The report as printed (PDF, XLSX): its official form where it has one.
    pub fn printed(&self) -> std::borrow::Cow<'_, Report> {
        match &self.printed {
            Some(sections) => {
                let mut r = self.clone();
                r.sections = sections.clone();
                r.printed = None;
                std::borrow::Cow::Owned(r)
            }
            None => std::borrow::Cow::Borrowed(self),
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sections.iter().filter_map(|s| match s {
            Section::Table(t) => Some(t),
            _ => None,
        })
    }
}

#[derive(Clone, Debug, Serialize)]
pub enum Section {
    Table(Table),
    /// A heading and paragraphs of text.
    Text {
        heading: Option<String>,
        paragraphs: Vec<String>,
    },
    /// A chart drawn from data (the same data is in a table of the report).
    Chart(Chart),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChartKind {
    /// Vertical bars per category, one bar per series side by side (e.g. 预算 vs 实际).
    Bars,
    /// Horizontal bars of one series with each category's share of the total (构成).
    Shares,
}

#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    pub title: String,
    pub kind: ChartKind,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Series {
    pub name: String,
    /// One value per category.
    pub values: Vec<Amount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// The columns of a book with a running balance (a ledger or journal of one account): 摘要, 借方,
/// 贷方, 方向 (if any) and 余额 — what a printed page carries to the next (过次页 / 承前页).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Carried {
    pub summary: usize,
    pub debit: usize,
    pub credit: usize,
    pub direction: Option<usize>,
    pub balance: usize,
}

impl Table {
    /// The columns carried from page to page, for a table with 摘要, 借方, 贷方 and 余额 columns.
    pub fn carried(&self) -> Option<Carried> {
        let find = |name: &str| self.columns.iter().position(|c| c.name == name);
        Some(Carried {
            summary: find("摘要")?,
            debit: find("借方")?,
            credit: find("贷方")?,
            direction: find("方向"),
            balance: find("余额")?,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ColKind {
    Text,
    Amount,
    Number,
    Percent,
    Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct Column {
    pub name: String,
    pub kind: ColKind,
    /// Relative width for printed layouts (characters of a typical cell).
    pub width: u16,
}

impl Column {
    pub fn text(name: &str, width: u16) -> Column {
        Column { name: name.into(), kind: ColKind::Text, width }
    }
    pub fn amount(name: &str) -> Column {
        Column { name: name.into(), kind: ColKind::Amount, width: 14 }
    }
    pub fn date(name: &str) -> Column {
        Column { name: name.into(), kind: ColKind::Date, width: 10 }
    }
    pub fn number(name: &str) -> Column {
        Column { name: name.into(), kind: ColKind::Number, width: 6 }
    }
    pub fn percent(name: &str) -> Column {
        Column { name: name.into(), kind: ColKind::Percent, width: 8 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum RowStyle {
    Normal,
    /// 本月合计, 小计…
    Subtotal,
    /// 合计: the last row of a table.
    Total,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub style: RowStyle,
    /// Indentation level of the first text cell (detail accounts).
    pub indent: u8,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, style: RowStyle::Normal, indent: 0 }
    }
    pub fn styled(cells: Vec<Cell>, style: RowStyle) -> Row {
        Row { cells, style, indent: 0 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Cell {
    Empty,
    Text(String),
    Amount(Amount),
    Int(i64),
    /// A percentage with two decimals; `None` prints as "—" (no base).
    Percent(Option<Decimal>),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// An amount, or an empty cell for zero (as ledgers print).
    pub fn amount_or_empty(a: Amount) -> Cell {
        if a.is_zero() {
            Cell::Empty
        } else {
            Cell::Amount(a)
        }
    }
}

/// Where a report's tables go one row at a time, so that a ledger or journal of a million lines
/// reaches its file without being held whole. `begin` says how many tables will follow.
pub trait Sink: Send {
    fn begin(&mut self, tables: usize) -> crate::error::Result<()>;
    fn table(&mut self, title: Option<&str>, columns: &[Column]) -> crate::error::Result<()>;
    fn row(&mut self, row: Row) -> crate::error::Result<()>;
}

/// The sink that keeps everything: the tables of a report built in memory.
#[derive(Default)]
pub struct Collect {
    pub tables: Vec<Table>,
}

impl Sink for Collect {
    fn begin(&mut self, tables: usize) -> crate::error::Result<()> {
        self.tables.reserve(tables);
        Ok(())
    }
    fn table(&mut self, title: Option<&str>, columns: &[Column]) -> crate::error::Result<()> {
        self.tables.push(Table { title: title.map(str::to_string), columns: columns.to_vec(), rows: Vec::new() });
        Ok(())
    }
    fn row(&mut self, row: Row) -> crate::error::Result<()> {
        match self.tables.last_mut() {
            Some(t) => t.rows.push(row),
            None => unreachable!("a row before its table"),
        }
        Ok(())
    }
}

/// The sink that keeps the first `max` rows of each table and counts the rest (a page showing
/// the head of a long ledger, the whole of it a download away).
pub struct Head {
    max: usize,
    pub tables: Vec<Table>,
    /// Rows left out, by table.
    pub hidden: Vec<usize>,
}

impl Head {
    pub fn new(max: usize) -> Head {
        Head { max, tables: Vec::new(), hidden: Vec::new() }
    }
}

impl Sink for Head {
    fn begin(&mut self, _tables: usize) -> crate::error::Result<()> {
        Ok(())
    }
    fn table(&mut self, title: Option<&str>, columns: &[Column]) -> crate::error::Result<()> {
        self.tables.push(Table { title: title.map(str::to_string), columns: columns.to_vec(), rows: Vec::new() });
        self.hidden.push(0);
        Ok(())
    }
    fn row(&mut self, row: Row) -> crate::error::Result<()> {
        match (self.tables.last_mut(), self.hidden.last_mut()) {
            (Some(t), Some(_)) if t.rows.len() < self.max => t.rows.push(row),
            (Some(_), Some(h)) => *h += 1,
            _ => unreachable!("a row before its table"),
        }
        Ok(())
    }
}
