//! Pages as lists of printpdf operations, in points with the origin at the bottom left, and the
//! few drawing primitives the reports need: text (left, right, centred), lines, shaded boxes.

use super::font::Font;
use printpdf::{
    Color, FontId, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rgb, TextItem,
    WindingOrder,
};

pub const MM: f32 = 72.0 / 25.4;

pub struct Canvas<'f> {
    pub font: &'f Font,
    pub font_id: FontId,
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    pub pages: Vec<Vec<Op>>,
    /// The baseline cursor moving down the current page.
    pub y: f32,
    /// Height kept free at the foot of the page, above the footer (the lower half, while a
    /// voucher is printed in the upper half of a sheet that holds two).
    pub floor: f32,
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

pub fn gray(level: f32) -> Color {
    Color::Rgb(Rgb { r: level, g: level, b: level, icc_profile: None })
}

pub fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

impl<'f> Canvas<'f> {
    pub fn new(font: &'f Font, font_id: FontId, landscape: bool) -> Canvas<'f> {
        let (w, h) = if landscape { (297.0, 210.0) } else { (210.0, 297.0) };
        Canvas::sized(font, font_id, (w, h), 15.0)
    }

    /// A canvas of pages `size` (width, height) in mm with `margin` mm all round.
    pub fn sized(font: &'f Font, font_id: FontId, size: (f32, f32), margin: f32) -> Canvas<'f> {
        let (w, h, margin) = (size.0 * MM, size.1 * MM, margin * MM);
        Canvas { font, font_id, width: w, height: h, margin, pages: vec![Vec::new()], y: h - margin, floor: 0.0 }
    }

    /// How this page's height compares with A4's (1 on A4, about 0.47 on 凭证纸): what a layout
    /// made for A4 scales its spacing by.
    pub fn scale(&self) -> f32 {
        (self.height / (297.0 * MM)).min(1.0)
    }

    pub fn left(&self) -> f32 {
        self.margin
    }
    pub fn right(&self) -> f32 {
        self.width - self.margin
    }
    pub fn inner_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
    /// Lowest baseline allowed before the footer.
    pub fn bottom(&self) -> f32 {
        self.margin + 12.0 + self.floor
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.height - self.margin;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }

    /// Text with its baseline at (x, y).
    pub fn text(&mut self, x: f32, y: f32, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let font = PdfFontHandle::External(self.font_id.clone());
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont { font, size: Pt(size) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } },
            Op::ShowText { items: vec![TextItem::Text(s.to_string())] },
            Op::EndTextSection,
        ]);
    }

    pub fn text_right(&mut self, x_right: f32, y: f32, size: f32, s: &str) {
        let w = self.font.width(s, size);
        self.text(x_right - w, y, size, s);
    }

    pub fn text_center(&mut self, x_center: f32, y: f32, size: f32, s: &str) {
        let w = self.font.width(s, size);
        self.text(x_center - w / 2.0, y, size, s);
    }

    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness: f32) {
        self.ops().extend([
            Op::SetOutlineColor { col: gray(0.0) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine { line: printpdf::Line { points: vec![pt(x1, y1), pt(x2, y2)], is_closed: false } },
        ]);
    }

    /// A filled rectangle from (x, y) (bottom left), then the fill colour reset to black for text.
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, c: Color) {
        let ring = PolygonRing { points: vec![pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h)] };
        self.ops().extend([
            Op::SetFillColor { col: c },
            Op::DrawPolygon {
                polygon: Polygon { rings: vec![ring], mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
            },
            Op::SetFillColor { col: gray(0.0) },
        ]);
    }
}

/// Characters that must not start a line, and those that must not end one.
const NO_START: &str = "，。、；：？！）》」』】〕〉”’,.;:?!)]}%…—·";
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Break `text` into lines no wider than `width` at `size`. Never starts a line with a closing
/// bracket or punctuation (it hangs at the end of the line before) and never ends one with an
/// opening bracket (it moves down). Digits and Latin letters of one word stay together when the
/// word fits on a line.
pub fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let chars: Vec<char> = para.chars().collect();
        let mut line = String::new();
        let mut w = 0.0;
        let mut i = 0;
        while i < chars.len() {
            // Take a run: one CJK character, or one Latin/digit word.
            let start = i;
            if chars[i].is_ascii_alphanumeric() {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || ".,-%".contains(chars[i])) {
                    i += 1;
                }
                // A word wider than the line breaks after a hyphen before it breaks anywhere
                // (a voucher number 记-202512-0005 as 202512- / 0005, never 20251 / 2-000 / 5).
                let word: String = chars[start..i].iter().collect();
                if font.width(&word, size) > width {
                    if let Some(h) = chars[start..i].iter().position(|c| *c == '-') {
                        if start + h + 1 < i {
                            i = start + h + 1;
                        }
                    }
                }
            } else {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let rw = font.width(&run, size);
            let starts_badly = run.chars().next().is_some_and(|c| NO_START.contains(c));
            if w + rw > width && !line.is_empty() && !starts_badly {
                // Move a trailing opening bracket down with the run.
                let mut carry = String::new();
                while line.chars().last().is_some_and(|c| NO_END.contains(c)) {
                    carry.insert(0, line.pop().unwrap());
                }
                if line.is_empty() {
                    line = carry;
                    carry = String::new();
                } else {
                    lines.push(std::mem::take(&mut line));
                }
                line.push_str(&carry);
                w = font.width(&line, size);
            }
            if rw > width && line.is_empty() {
                // A word longer than the line: break it by characters.
                for c in run.chars() {
                    let cw = font.width(&c.to_string(), size);
                    if w + cw > width && !line.is_empty() && !NO_START.contains(c) {
                        lines.push(std::mem::take(&mut line));
                        w = 0.0;
                    }
                    line.push(c);
                    w += cw;
                }
                continue;
            }
            line.push_str(&run);
            w += rw;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_voucher_number_breaks_only_after_its_hyphens() {
        let f = Font::embedded();
        let no = "记-202512-0005";
        for width in [40.0, 45.0, 50.0, 55.0, 60.0] {
            let lines = wrap(&f, no, 9.0, width);
            assert_eq!(lines.concat(), no);
            for l in &lines[..lines.len() - 1] {
                assert!(l.ends_with('-') || l.ends_with('记'), "broken inside a number at {width}: {lines:?}");
            }
        }
    }

    #[test]
    fn wrapping_keeps_punctuation_off_the_line_start() {
        let f = Font::embedded();
        let text = "收到学校拨缴工会经费（第一季度），金额1234567.89元。";
        for width in [30.0, 45.0, 50.0, 65.0, 80.0, 100.0] {
            let lines = wrap(&f, text, 10.0, width);
            assert_eq!(lines.concat(), text, "nothing lost at {width}");
            for l in &lines[1..] {
                let first = l.chars().next().unwrap();
                assert!(!NO_START.contains(first), "line starts with {first} at width {width}: {lines:?}");
            }
            for l in &lines[..lines.len() - 1] {
                let last = l.chars().last().unwrap();
                assert!(!NO_END.contains(last), "line ends with {last} at width {width}: {lines:?}");
            }
            if f.width("1234567.89", 10.0) <= width {
                assert!(lines.iter().any(|l| l.contains("1234567.89")), "the number stays whole: {lines:?}");
            }
        }
    }
}
