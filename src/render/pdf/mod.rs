//! PDF: A4 (landscape for wide tables), the CJK font embedded as a subset, the header line
//! 编制单位 / 期间 / 单位, tables whose cells wrap and whose header repeats on every page,
//! right-aligned amounts with thousands separators, charts as vector graphics, notes, the
//! signature row, and 第 N 页 共 M 页. Any report model prints; no report has code of its own here.

mod canvas;
mod chart;
pub mod font;
mod table;

use crate::error::{Error, Result};
use crate::render::display;
use crate::report::{Binding, Report, Section};
use canvas::{wrap, Canvas};
pub use font::Font;
use printpdf::{FontId, Mm, Op, ParsedFont, PdfDocument, PdfPage, PdfSaveOptions};

pub const TITLE_SIZE: f32 = 16.0;
pub const BODY_SIZE: f32 = 9.0;
pub const SMALL_SIZE: f32 = 8.0;

/// Every piece of text of the report with a description of where it is, for the missing-glyph check.
fn texts(r: &Report) -> Vec<(String, String)> {
    let mut out = vec![
        ("标题".to_string(), r.title.clone()),
        ("编制单位".to_string(), r.org.clone()),
        ("期间".to_string(), r.period.clone()),
    ];
    for (si, s) in r.sections.iter().enumerate() {
        match s {
            Section::Table(t) => {
                let name = t.title.clone().unwrap_or_else(|| format!("第 {} 部分表格", si + 1));
                if let Some(title) = &t.title {
                    out.push((format!("{name}的标题"), title.clone()));
                }
                for c in &t.columns {
                    out.push((format!("{name}的表头"), c.name.clone()));
                }
                for (ri, row) in t.rows.iter().enumerate() {
                    for (cell, col) in row.cells.iter().zip(&t.columns) {
                        out.push((format!("{name}第 {} 行“{}”列", ri + 1, col.name), display(cell)));
                    }
                }
            }
            Section::Text { heading, paragraphs } => {
                for p in heading.iter().chain(paragraphs) {
                    out.push((format!("第 {} 部分文字", si + 1), p.clone()));
                }
            }
            Section::Chart(c) => {
                for t in std::iter::once(&c.title).chain(&c.categories).chain(c.series.iter().map(|s| &s.name)) {
                    out.push((format!("图表“{}”", c.title), t.clone()));
                }
            }
        }
    }
    for n in &r.notes {
        out.push(("注".to_string(), n.clone()));
    }
    out
}

/// Refuse a report with a character the font cannot draw, naming it and where it is.
pub fn check_glyphs(r: &Report, font: &Font) -> Result<()> {
    for (place, text) in texts(r) {
        if let Some(c) = font.first_missing(&text) {
            return Err(Error::input(format!(
                "报表“{}”的{place}含有字体中没有的字符“{c}”（U+{:04X}，内容：“{text}”）。PDF 不会把它印成空白方框：\
                 请改用常用字，或用 --font 指定包含该字的字体文件",
                r.title, c as u32
            )));
        }
    }
    Ok(())
}

/// The title block of a page: the full title on the first page, "（续）" after.
fn page_head(c: &mut Canvas, r: &Report, first: bool) {
    let (size, title) = if first { (TITLE_SIZE, r.title.clone()) } else { (11.0, format!("{}（续）", r.title)) };
    c.y -= size;
    c.text_center(c.width / 2.0, c.y, size, &title);
    c.y -= size * 0.9 + 4.0;
    let info = BODY_SIZE;
    if !r.org.is_empty() {
        c.text(c.left(), c.y, info, &format!("编制单位：{}", r.org));
    }
    if !r.period.is_empty() {
        c.text_center(c.width / 2.0, c.y, info, &crate::render::period_label(&r.period));
    }
    if !r.unit.is_empty() {
        c.text_right(c.right(), c.y, info, &r.unit);
    }
    c.y -= info * 0.6 + 2.0;
}

/// Start a new page with the continued title block.
pub(crate) fn continue_page(c: &mut Canvas, r: &Report) {
    c.new_page();
    page_head(c, r, false);
}

/// Make sure `h` points are left on the page, else turn it.
pub(crate) fn ensure(c: &mut Canvas, r: &Report, h: f32) {
    if c.y - h < c.bottom() {
        continue_page(c, r);
    }
}

fn paragraph(c: &mut Canvas, r: &Report, text: &str, size: f32, indent: f32) {
    let lh = size * 1.5;
    for line in wrap(c.font, text, size, c.inner_width() - indent) {
        ensure(c, r, lh);
        c.y -= lh;
        c.text(c.left() + indent, c.y + size * 0.3, size, &line);
    }
}

/// The signatures laid out in lines: each as wide as it is plus room to sign, spread over the
/// line; those that do not fit go to the next line.
fn signature_lines(c: &Canvas, r: &Report) -> Vec<Vec<(String, f32)>> {
    let size = BODY_SIZE + 0.5;
    let room = size * 5.0;
    let mut lines: Vec<Vec<(String, f32)>> = Vec::new();
    let mut used = 0.0;
    for t in r.signatures.iter().map(|s| crate::render::signature(s, "")) {
        let w = c.font.width(&t, size) + room;
        match lines.last_mut() {
            Some(line) if used + w <= c.inner_width() => line.push((t, w)),
            _ => {
                lines.push(vec![(t, w)]);
                used = 0.0;
            }
        }
        used += w;
    }
    lines
}

/// The room the signature block asks for: the space above it, its lines and the date line.
fn signatures_height(lines: usize) -> f32 {
    if lines == 0 {
        0.0
    } else {
        34.0 + 20.0 * lines as f32
    }
}

/// The height of what follows the report's sections: its notes and its signatures.
fn tail_height(c: &Canvas, r: &Report) -> f32 {
    let notes: f32 = r
        .notes
        .iter()
        .map(|n| wrap(c.font, &format!("注：{n}"), SMALL_SIZE, c.inner_width()).len() as f32 * SMALL_SIZE * 1.5)
        .sum();
    notes + if r.notes.is_empty() { 0.0 } else { 4.0 } + signatures_height(signature_lines(c, r).len())
}

fn notes_and_signatures(c: &mut Canvas, r: &Report) {
    if !r.notes.is_empty() {
        c.y -= 4.0;
        for n in &r.notes {
            paragraph(c, r, &format!("注：{n}"), SMALL_SIZE, 0.0);
        }
    }
    signatures(c, r);
}

fn signatures(c: &mut Canvas, r: &Report) {
    let lines = signature_lines(c, r);
    if lines.is_empty() {
        return;
    }
    let size = BODY_SIZE + 0.5;
    ensure(c, r, signatures_height(lines.len()));
    c.y -= 26.0;
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            c.y -= 20.0;
        }
        let total: f32 = line.iter().map(|(_, w)| w).sum();
        let gap = if line.len() > 1 { (c.inner_width() - total) / (line.len() - 1) as f32 } else { 0.0 };
        let mut x = c.left();
        for (t, w) in line {
            c.text(x, c.y, size, t);
            x += w + gap;
        }
    }
    if r.dated {
        c.y -= 20.0;
        c.text_right(c.right(), c.y, size, "日期：        年    月    日");
    }
}

/// Render a report to PDF bytes with `font`; a document of several reports prints its cover,
/// then each part from a new page.
pub fn render(r: &Report, font: &Font) -> Result<Vec<u8>> {
    if !r.parts.is_empty() {
        return document(r, font);
    }
    let r = &*r.printed();
    check_glyphs(r, font)?;
    let (doc, font_id) = new_doc(&r.title, font)?;
    let mut c = Canvas::new(font, font_id, r.landscape);
    draw(&mut c, r);
    let pages = std::mem::take(&mut c.pages);
    Ok(finish(doc, &mut c, Vec::new(), pages, r.state.as_deref()))
}

fn new_doc(title: &str, font: &Font) -> Result<(PdfDocument, FontId)> {
    let mut doc = PdfDocument::new(title);
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(font.bytes, 0, &mut warnings)
        .ok_or_else(|| Error::input(format!("字体 {} 无法用于 PDF", font.name)))?;
    let font_id = doc.add_font(&parsed);
    Ok((doc, font_id))
}

/// One report onto the canvas from its current page: title block, sections, notes, signatures.
fn draw(c: &mut Canvas, r: &Report) {
    page_head(c, r, true);
    // The notes and signatures follow the last section, or the one the report names.
    let signed_after = r.signed_after.unwrap_or(r.sections.len().saturating_sub(1));
    for (i, s) in r.sections.iter().enumerate() {
        match s {
            // A table's last rows stay with the notes and signatures that follow it.
            Section::Table(t) => {
                let keep = if i == signed_after { tail_height(c, r) } else { 0.0 };
                table::draw(c, r, t, keep)
            }
            Section::Text { heading, paragraphs } => {
                if let Some(h) = heading {
                    // Keep a heading with at least its first lines.
                    ensure(c, r, 70.0);
                    c.y -= 8.0;
                    paragraph(c, r, h, BODY_SIZE + 1.5, 0.0);
                }
                for p in paragraphs {
                    paragraph(c, r, p, BODY_SIZE + 0.5, 0.0);
                }
            }
            Section::Chart(ch) => chart::draw(c, r, ch),
        }
        if i == signed_after {
            notes_and_signatures(c, r);
        }
    }
    if r.sections.is_empty() {
        notes_and_signatures(c, r);
    }
}

/// The pages with their footers — 第 N 页 共 M 页 on the numbered ones (the cover is not), the
/// state root on all — saved.
fn finish(
    mut doc: PdfDocument,
    c: &mut Canvas,
    unnumbered: Vec<Vec<Op>>,
    numbered: Vec<Vec<Op>>,
    state: Option<&str>,
) -> Vec<u8> {
    let total = numbered.len();
    let (w, h, m) = (c.width, c.height, c.margin);
    let mut pages = Vec::with_capacity(total + unnumbered.len());
    let all = unnumbered
        .into_iter()
        .map(|p| (p, None))
        .chain(numbered.into_iter().enumerate().map(|(i, p)| (p, Some(i + 1))));
    for (ops, n) in all {
        c.pages = vec![ops];
        if let Some(n) = n {
            c.text_center(w / 2.0, m - 2.0, SMALL_SIZE, &format!("第 {n} 页 共 {total} 页"));
        }
        if let Some(s) = state {
            c.text_right(w - m, m - 2.0, SMALL_SIZE, &format!("状态根 {s}"));
        }
        let ops = c.pages.pop().unwrap();
        pages.push(PdfPage::new(Mm(w / canvas::MM), Mm(h / canvas::MM), ops));
    }
    let opts = PdfSaveOptions { subset_fonts: true, optimize: true, ..Default::default() };
    let mut save_warnings = Vec::new();
    doc.with_pages(pages).save(&opts, &mut save_warnings)
}

/// A document of several reports: the cover (the document's own title, org, the lines of its
/// text and a table of contents with the page each part starts on), then each part in its
/// printed form from a new page, the pages after the cover numbered through.
fn document(r: &Report, font: &Font) -> Result<Vec<u8>> {
    let parts: Vec<_> = r.parts.iter().map(|p| p.printed()).collect();
    check_glyphs(r, font)?;
    for p in &parts {
        check_glyphs(p, font)?;
    }
    let (doc, font_id) = new_doc(&r.title, font)?;
    // On a sheet other than A4 (凭证纸), a narrower margin: the sheet is small and bound at its side.
    let canvas = |id: FontId| match r.paper {
        Some((w, h)) => Canvas::sized(font, id, (w as f32, h as f32), 8.0),
        None => Canvas::new(font, id, r.landscape),
    };
    let mut body = canvas(font_id.clone());
    let mut starts = Vec::with_capacity(parts.len());
    // Two to a sheet: the first of a sheet keeps the lower half free, the second starts below
    // the cut line — when the first ended on its half; else the next sheet.
    let half = body.height / 2.0;
    let upper_floor = half + 6.0 - body.bottom();
    let mut upper_page = None;
    for (i, p) in parts.iter().enumerate() {
        match r.binding {
            Binding::TwoPerSheet if upper_page == Some(body.pages.len()) => {
                body.line(body.left(), half, body.right(), half, 0.3);
                body.y = half - 14.0;
                body.floor = 0.0;
                upper_page = None;
            }
            Binding::TwoPerSheet => {
                if i > 0 {
                    body.new_page();
                }
                body.floor = upper_floor;
                upper_page = Some(body.pages.len());
            }
            _ if i > 0 => body.new_page(),
            _ => {}
        }
        starts.push(body.pages.len());
        draw(&mut body, p);
    }
    body.floor = 0.0;
    let listed = if r.binding == Binding::Contents { parts.len() } else { 0 };
    let mut cover = canvas(font_id);
    draw_cover(&mut cover, r, &parts.iter().take(listed).map(|p| p.title.as_str()).zip(starts).collect::<Vec<_>>());
    let (front, pages) = (std::mem::take(&mut cover.pages), std::mem::take(&mut body.pages));
    Ok(finish(doc, &mut body, front, pages, r.state.as_deref()))
}

/// The cover: the union's name and the document's title large, its lines (credit code, upper
/// union, signatories, date of issue, seal) and the contents.
fn draw_cover(c: &mut Canvas, r: &Report, contents: &[(&str, usize)]) {
    let mid = c.width / 2.0;
    // Laid out for A4; on a smaller sheet (凭证纸) the spacing shrinks with it, the type less.
    let k = c.scale();
    let big = |size: f32| size * k.max(0.6);
    c.y -= 150.0 * k;
    c.text_center(mid, c.y, big(20.0), &r.org);
    c.y -= 44.0 * k;
    c.text_center(mid, c.y, big(26.0), &r.title);
    c.y -= 30.0 * k;
    if !r.period.is_empty() {
        c.text_center(mid, c.y, BODY_SIZE + 3.0, &r.period);
    }
    c.y -= 70.0 * k;
    let x = c.left() + c.inner_width() * 0.2;
    for s in &r.sections {
        if let Section::Text { paragraphs, .. } = s {
            for p in paragraphs {
                c.text(x, c.y, BODY_SIZE + 3.0, p);
                c.y -= (26.0 * k).max((BODY_SIZE + 3.0) * 1.5);
            }
        }
    }
    if contents.is_empty() {
        return cover_notes(c, r);
    }
    c.y -= 30.0;
    c.text_center(mid, c.y, BODY_SIZE + 4.0, "目　录");
    c.y -= 28.0;
    let right = c.right() - c.inner_width() * 0.15;
    for (title, page) in contents {
        c.text(x, c.y, BODY_SIZE + 2.0, title);
        c.text_right(right, c.y, BODY_SIZE + 2.0, &format!("第 {page} 页"));
        c.y -= 22.0;
    }
    cover_notes(c, r);
}

fn cover_notes(c: &mut Canvas, r: &Report) {
    if !r.notes.is_empty() {
        c.y = c.bottom() + 14.0 + 12.0 * r.notes.len() as f32;
        for n in &r.notes {
            paragraph(c, r, &format!("注：{n}"), SMALL_SIZE, 0.0);
        }
    }
}
