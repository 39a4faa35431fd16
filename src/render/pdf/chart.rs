//! Charts as vector graphics: grouped vertical bars (budget vs actual per line) and horizontal
//! share bars (composition of income or spending). Axis in 元 or 万元. Amounts turn into
//! coordinates only here, at the last step.

use super::canvas::{gray, rgb, wrap, Canvas};
use super::{ensure, BODY_SIZE, SMALL_SIZE};
use crate::money::Amount;
use crate::report::{Chart, ChartKind, Report};
use printpdf::Color;

fn palette(i: usize) -> Color {
    const P: [(f32, f32, f32); 5] =
        [(0.27, 0.45, 0.70), (0.86, 0.45, 0.20), (0.35, 0.62, 0.35), (0.60, 0.40, 0.65), (0.55, 0.55, 0.55)];
    let (r, g, b) = P[i % P.len()];
    rgb(r, g, b)
}

/// Yuan per axis unit and its label: 万元 for large amounts.
fn unit_for(max: Amount) -> (f32, &'static str) {
    if max.fen() >= 10_000_000 {
        (10_000.0, "万元")
    } else {
        (1.0, "元")
    }
}

fn yuan(a: Amount) -> f32 {
    a.fen() as f32 / 100.0
}

/// A "nice" step (1, 2 or 5 × 10^k) for about five ticks up to `max`.
fn nice_step(max: f32) -> f32 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 5.0;
    let mag = 10f32.powf(raw.log10().floor());
    let f = raw / mag;
    let m = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    m * mag
}

fn tick_label(v: f32) -> String {
    if v.fract().abs() < 1e-3 {
        // Thousands separators for whole numbers.
        Amount((v as i64) * 100).grouped().trim_end_matches(".00").to_string()
    } else {
        format!("{v:.1}")
    }
}

pub fn draw(c: &mut Canvas, r: &Report, ch: &Chart) {
    match ch.kind {
        ChartKind::Bars => bars(c, r, ch),
        ChartKind::Shares => shares(c, r, ch),
    }
}

fn title(c: &mut Canvas, ch: &Chart, unit: &str) {
    c.y -= BODY_SIZE * 1.8;
    c.text_center(c.width / 2.0, c.y, BODY_SIZE + 1.5, &ch.title);
    c.text_right(c.right(), c.y, SMALL_SIZE, &format!("单位：{unit}"));
}

fn bars(c: &mut Canvas, r: &Report, ch: &Chart) {
    let height = 200.0;
    ensure(c, r, height + 30.0);
    let max = ch.series.iter().flat_map(|s| s.values.iter().copied()).max().unwrap_or_default().max(Amount(1));
    let (div, unit) = unit_for(max);
    title(c, ch, unit);
    // Legend under the title.
    let mut lx = c.left() + 40.0;
    c.y -= 14.0;
    for (i, s) in ch.series.iter().enumerate() {
        c.fill_rect(lx, c.y - 1.0, 8.0, 8.0, palette(i));
        c.text(lx + 11.0, c.y, SMALL_SIZE, &s.name);
        lx += 11.0 + c.font.width(&s.name, SMALL_SIZE) + 16.0;
    }
    let top = c.y - 8.0;
    let bottom = top - (height - 70.0);
    let x0 = c.left() + 40.0;
    let x1 = c.right() - 6.0;
    let max_v = yuan(max) / div;
    let step = nice_step(max_v);
    let axis_max = (max_v / step).ceil() * step;
    let scale = (top - bottom) / axis_max;
    let mut v = 0.0;
    while v <= axis_max + step * 0.01 {
        let y = bottom + v * scale;
        if v > 0.0 {
            c.fill_rect(x0, y - 0.15, x1 - x0, 0.3, gray(0.8));
        }
        c.text_right(x0 - 3.0, y - SMALL_SIZE * 0.35, SMALL_SIZE - 1.0, &tick_label(v));
        v += step;
    }
    c.line(x0, bottom, x1, bottom, 0.6);
    c.line(x0, bottom, x0, top, 0.6);
    let n = ch.categories.len().max(1) as f32;
    let gw = (x1 - x0) / n;
    let k = ch.series.len().max(1) as f32;
    let bw = (gw * 0.72 / k).min(26.0);
    for (ci, cat) in ch.categories.iter().enumerate() {
        let gx = x0 + gw * ci as f32 + (gw - bw * k) / 2.0;
        for (si, s) in ch.series.iter().enumerate() {
            let val = s.values.get(ci).copied().unwrap_or_default().max(Amount::ZERO);
            let h = yuan(val) / div * scale;
            if h > 0.0 {
                c.fill_rect(gx + bw * si as f32, bottom, bw * 0.92, h, palette(si));
            }
        }
        for (li, line) in wrap(c.font, cat, SMALL_SIZE - 1.0, gw - 2.0).iter().take(3).enumerate() {
            c.text_center(x0 + gw * (ci as f32 + 0.5), bottom - 10.0 - li as f32 * 9.0, SMALL_SIZE - 1.0, line);
        }
    }
    c.y = bottom - 40.0;
}

fn shares(c: &mut Canvas, r: &Report, ch: &Chart) {
    let Some(s) = ch.series.first() else { return };
    let row = 15.0;
    ensure(c, r, 40.0 + row * ch.categories.len() as f32);
    let total: Amount = s.values.iter().copied().filter(|v| v.fen() > 0).sum();
    let max = s.values.iter().copied().max().unwrap_or_default().max(Amount(1));
    title(c, ch, "元");
    c.y -= 8.0;
    let label_w = c.inner_width() * 0.28;
    let value_w = 120.0;
    let bar_x = c.left() + label_w;
    let bar_max = c.inner_width() - label_w - value_w;
    for (i, (cat, v)) in ch.categories.iter().zip(&s.values).enumerate() {
        c.y -= row;
        let name = wrap(c.font, cat, SMALL_SIZE, label_w - 6.0).into_iter().next().unwrap_or_default();
        c.text(c.left(), c.y + 2.0, SMALL_SIZE, &name);
        let w = (yuan((*v).max(Amount::ZERO)) / yuan(max)) * bar_max;
        if w > 0.0 {
            c.fill_rect(bar_x, c.y, w, row * 0.62, palette(i));
        }
        let pct = if total.fen() > 0 { v.fen() as f32 * 100.0 / total.fen() as f32 } else { 0.0 };
        c.text(bar_x + w + 4.0, c.y + 2.0, SMALL_SIZE, &format!("{}（{pct:.1}%）", v.grouped()));
    }
    c.y -= 10.0;
}
