//! Tables: column widths from measured content, cells that wrap, shaded header and total rows,
//! ruled borders, the title (with 续) and header repeated after every page break, and a book with
//! a running balance carried from page to page (过次页 / 承前页).

use super::canvas::{gray, wrap, Canvas};
use super::{continue_page, ensure, BODY_SIZE};
use crate::money::Amount;
use crate::render::{display, indent_column, right_aligned};
use crate::report::{Carried, Cell, ColKind, Report, Row, RowStyle, Table};

const PAD: f32 = 2.5;

/// Column widths filling the page: measured natural widths, text columns absorbing the rest.
fn widths(c: &Canvas, t: &Table, size: f32) -> Vec<f32> {
    let avail = c.inner_width();
    let n = t.columns.len();
    let mut natural = vec![0.0f32; n];
    let mut minimum = vec![0.0f32; n];
    for (i, col) in t.columns.iter().enumerate() {
        // Headers may wrap onto two lines.
        let head = c.font.width(&col.name, size);
        natural[i] = if col.name.chars().count() > 4 { head / 2.0 + size } else { head };
        minimum[i] = c.font.width("四个汉字", size).min(natural[i].max(size * 2.0));
    }
    for row in t.rows.iter().take(5000) {
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            let text = display(cell);
            let w = c.font.width(&text, size) + row.indent as f32 * size;
            natural[i] = natural[i].max(w);
            // A text column is never narrower than a voucher number (记-202512-0005 is never
            // wrapped) nor its widest unbreakable piece: a Latin word or number up to a hyphen.
            if crate::ledger::period::Period::parse_voucher_no(&text).is_some() {
                minimum[i] = minimum[i].max(c.font.width(&text, size));
            } else if let Cell::Text(_) = cell {
                for word in text.split(|ch: char| !(ch.is_ascii_alphanumeric() || ".,-%".contains(ch))) {
                    for piece in word.split_inclusive('-') {
                        minimum[i] = minimum[i].max(c.font.width(piece, size));
                    }
                }
            }
        }
    }
    for (i, col) in t.columns.iter().enumerate() {
        natural[i] += 2.0 * PAD;
        minimum[i] += 2.0 * PAD;
        if col.kind != ColKind::Text {
            minimum[i] = natural[i];
        }
    }
    let sum: f32 = natural.iter().sum();
    let text_cols: Vec<usize> = (0..n).filter(|&i| t.columns[i].kind == ColKind::Text).collect();
    let mut w = natural.clone();
    if sum <= avail {
        // Half of the slack to every column (amounts breathe), half to the text columns.
        let extra = avail - sum;
        let all: f32 = natural.iter().sum();
        let pool: Vec<usize> = if text_cols.is_empty() { (0..n).collect() } else { text_cols };
        let base: f32 = pool.iter().map(|&i| natural[i]).sum();
        for i in 0..n {
            w[i] += extra * 0.5 * natural[i] / all;
        }
        for &i in &pool {
            w[i] += extra * 0.5 * natural[i] / base;
        }
    } else {
        let shrinkable: f32 = text_cols.iter().map(|&i| natural[i] - minimum[i]).sum();
        let need = sum - avail;
        if shrinkable >= need && shrinkable > 0.0 {
            // The widest text columns give way first: every text column is capped at one width
            // (never below its minimum), the cap chosen so that the table fits. A short label
            // column keeps its natural width beside a long 说明.
            let width_at = |cap: f32| -> f32 {
                text_cols.iter().map(|&i| natural[i].min(cap.max(minimum[i]))).sum::<f32>()
                    + (0..n).filter(|i| !text_cols.contains(i)).map(|i| natural[i]).sum::<f32>()
            };
            let (mut lo, mut hi) = (0.0f32, natural.iter().cloned().fold(0.0, f32::max));
            for _ in 0..40 {
                let mid = (lo + hi) / 2.0;
                if width_at(mid) > avail {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            for &i in &text_cols {
                w[i] = natural[i].min(lo.max(minimum[i]));
            }
            // What the cap leaves over (under a point) goes to the capped columns.
            let left = avail - w.iter().sum::<f32>();
            let capped: Vec<usize> = text_cols.iter().copied().filter(|&i| w[i] < natural[i]).collect();
            for &i in &capped {
                w[i] += left / capped.len() as f32;
            }
        } else {
            for &i in &text_cols {
                w[i] = minimum[i];
            }
            let s: f32 = w.iter().sum();
            for x in w.iter_mut() {
                *x *= avail / s;
            }
        }
    }
    w
}

struct Layout {
    x: Vec<f32>,
    w: Vec<f32>,
    size: f32,
    lh: f32,
}

fn draw_header(c: &mut Canvas, t: &Table, l: &Layout) {
    let lines: Vec<Vec<String>> =
        t.columns.iter().zip(&l.w).map(|(col, w)| wrap(c.font, &col.name, l.size, w - 2.0 * PAD)).collect();
    let n = lines.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let h = n * l.lh + 2.0 * PAD;
    let total_w: f32 = l.w.iter().sum();
    let top = c.y;
    c.fill_rect(l.x[0], top - h, total_w, h, gray(0.88));
    c.line(l.x[0], top, l.x[0] + total_w, top, 0.8);
    for (i, ls) in lines.iter().enumerate() {
        let offset = (n - ls.len() as f32) * l.lh / 2.0;
        for (k, s) in ls.iter().enumerate() {
            let y = top - PAD - offset - (k as f32 + 1.0) * l.lh + l.lh * 0.28;
            c.text_center(l.x[i] + l.w[i] / 2.0, y, l.size, s);
        }
    }
    c.y -= h;
    c.line(l.x[0], c.y, l.x[0] + total_w, c.y, 0.5);
}

fn verticals(c: &mut Canvas, l: &Layout, top: f32, bottom: f32) {
    let total_w: f32 = l.w.iter().sum();
    for (i, x) in l.x.iter().enumerate() {
        c.line(*x, top, *x, bottom, if i == 0 { 0.8 } else { 0.4 });
    }
    c.line(l.x[0] + total_w, top, l.x[0] + total_w, bottom, 0.8);
    c.line(l.x[0], bottom, l.x[0] + total_w, bottom, 0.8);
}

/// The lines of each cell of `row` as printed in its column.
fn row_lines(c: &Canvas, t: &Table, l: &Layout, row: &Row) -> Vec<Vec<String>> {
    let ic = indent_column(t);
    row.cells
        .iter()
        .zip(t.columns.iter().zip(&l.w))
        .enumerate()
        .map(|(i, (cell, (col, w)))| {
            let text = display(cell);
            let indent = if i == ic { row.indent as f32 * l.size } else { 0.0 };
            if col.kind == ColKind::Text {
                wrap(c.font, &text, l.size, w - 2.0 * PAD - indent)
            } else {
                vec![text]
            }
        })
        .collect()
}

fn row_height(l: &Layout, lines: &[Vec<String>]) -> f32 {
    lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * l.lh + 2.0 * PAD
}

fn draw_row(c: &mut Canvas, t: &Table, l: &Layout, row: &Row, lines: &[Vec<String>]) {
    let h = row_height(l, lines);
    let total_w: f32 = l.w.iter().sum();
    let ic = indent_column(t);
    if row.style != RowStyle::Normal {
        c.fill_rect(l.x[0], c.y - h, total_w, h, gray(if row.style == RowStyle::Total { 0.9 } else { 0.95 }));
    }
    for (i, lines) in lines.iter().enumerate() {
        let col = &t.columns[i];
        let indent = if i == ic { row.indent as f32 * l.size } else { 0.0 };
        for (k, s) in lines.iter().enumerate() {
            let y = c.y - PAD - (k as f32 + 1.0) * l.lh + l.lh * 0.28;
            if right_aligned(col.kind) {
                c.text_right(l.x[i] + l.w[i] - PAD, y, l.size, s);
            } else {
                c.text(l.x[i] + PAD + indent, y, l.size, s);
            }
        }
    }
    c.y -= h;
    c.line(l.x[0], c.y, l.x[0] + total_w, c.y, 0.3);
}

/// What a book with a running balance carries from one page to the next (会计基础工作规范
/// 第六十条): the debits and credits since the month began (its 本月合计 closes a month) and the
/// balance of the last line.
struct Carry {
    cols: Carried,
    debit: Amount,
    credit: Amount,
    direction: Cell,
    balance: Cell,
}

impl Carry {
    fn new(cols: Carried) -> Carry {
        Carry { cols, debit: Amount::ZERO, credit: Amount::ZERO, direction: Cell::Empty, balance: Cell::Empty }
    }

    /// Take in a row as it is printed.
    fn add(&mut self, row: &Row) {
        let amount = |i: usize| match row.cells.get(i) {
            Some(Cell::Amount(a)) => *a,
            _ => Amount::ZERO,
        };
        if row.style == RowStyle::Normal {
            self.debit += amount(self.cols.debit);
            self.credit += amount(self.cols.credit);
        } else {
            // 本月合计 and 本年累计 close the month: the next page's sums start again.
            self.debit = Amount::ZERO;
            self.credit = Amount::ZERO;
        }
        if let Some(b) = row.cells.get(self.cols.balance).filter(|b| !matches!(b, Cell::Empty)) {
            self.balance = b.clone();
            self.direction = self.cols.direction.and_then(|d| row.cells.get(d)).cloned().unwrap_or(Cell::Empty);
        }
    }

    /// The 过次页 or 承前页 line.
    fn row(&self, t: &Table, label: &str) -> Row {
        let mut cells = vec![Cell::Empty; t.columns.len()];
        cells[self.cols.summary] = Cell::text(label);
        cells[self.cols.debit] = Cell::amount_or_empty(self.debit);
        cells[self.cols.credit] = Cell::amount_or_empty(self.credit);
        if let Some(d) = self.cols.direction {
            cells[d] = self.direction.clone();
        }
        cells[self.cols.balance] = self.balance.clone();
        Row { cells, style: RowStyle::Subtotal, indent: 0 }
    }
}

fn draw_title(c: &mut Canvas, title: &str, size: f32) {
    c.y -= size * 1.6;
    c.text(c.left(), c.y, size + 1.0, title);
    c.y -= size * 0.6;
}

/// Draw `t`; `keep`: the height of what follows that its last rows should stay with (the
/// report's notes and signatures), so that a page never holds the signatures alone.
pub fn draw(c: &mut Canvas, r: &Report, t: &Table, keep: f32) {
    let size = if t.columns.len() > 7 { BODY_SIZE - 0.5 } else { BODY_SIZE };
    let w = widths(c, t, size);
    let mut x = Vec::with_capacity(w.len());
    let mut acc = c.left();
    for wi in &w {
        x.push(acc);
        acc += wi;
    }
    let l = Layout { x, w, size, lh: size * 1.4 };
    let first_row_h = l.lh * 2.0 + 4.0 * PAD;
    if let Some(title) = &t.title {
        ensure(c, r, size * 2.2 + first_row_h * 2.0);
        draw_title(c, title, size);
    } else {
        ensure(c, r, first_row_h * 2.0);
        c.y -= 4.0;
    }
    let mut top = c.y;
    draw_header(c, t, &l);
    let mut carry = t.carried().map(Carry::new);
    // Room kept at the foot of a page for the 过次页 line.
    let reserve = if carry.is_some() { l.lh + 2.0 * PAD } else { 0.0 };
    let mut printed_on_page = 0usize;
    // The last rows (up to three) go over to the next page with what follows when it would not
    // fit below them.
    let kept_from = t.rows.len().saturating_sub(3);
    let kept_h: f32 = if keep > 0.0 {
        t.rows[kept_from..].iter().map(|row| row_height(&l, &row_lines(c, t, &l, row))).sum::<f32>() + keep
    } else {
        0.0
    };
    for (i, row) in t.rows.iter().enumerate() {
        let lines = row_lines(c, t, &l, row);
        let h = row_height(&l, &lines);
        let keep_together = keep > 0.0 && i == kept_from && printed_on_page > 0 && c.y - kept_h < c.bottom();
        if c.y - h - reserve < c.bottom() || keep_together {
            if let Some(k) = carry.as_ref().filter(|_| printed_on_page > 0) {
                let out = k.row(t, "过次页");
                draw_row(c, t, &l, &out, &row_lines(c, t, &l, &out));
            }
            verticals(c, &l, top, c.y);
            continue_page(c, r);
            match &t.title {
                Some(title) => draw_title(c, &format!("{title}（续）"), size),
                None => c.y -= 4.0,
            }
            top = c.y;
            draw_header(c, t, &l);
            if let Some(k) = carry.as_ref().filter(|_| printed_on_page > 0) {
                let brought = k.row(t, "承前页");
                draw_row(c, t, &l, &brought, &row_lines(c, t, &l, &brought));
            }
            printed_on_page = 0;
        }
        draw_row(c, t, &l, row, &lines);
        printed_on_page += 1;
        if let Some(k) = carry.as_mut() {
            k.add(row);
        }
    }
    verticals(c, &l, top, c.y);
}
