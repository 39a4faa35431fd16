//! The CJK font: the project's own copy of Noto Sans SC (GBK cut) embedded in the binary, or a
//! font file given with `--font`. printpdf measures nothing, so glyph advances are read here
//! (ttf-parser) for alignment and wrapping, and characters the font lacks are found before any
//! page is drawn.

use crate::error::{Error, Result};
use std::cell::RefCell;
use std::collections::HashMap;

pub const EMBEDDED: &[u8] = include_bytes!("../../../assets/fonts/NotoSansSC-Regular-GBK.ttf");

pub struct Font {
    pub bytes: &'static [u8],
    pub name: String,
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    advances: RefCell<HashMap<char, Option<f32>>>,
}

impl Font {
    pub fn embedded() -> Font {
        Font::from_bytes(EMBEDDED, "NotoSansSC-Regular-GBK").expect("the embedded font parses")
    }

    /// A font file given by the user; read once and kept for the life of the process.
    pub fn from_file(path: &str) -> Result<Font> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::io(format!("无法读取字体文件 {path}：{}", crate::error::os(&e))))?;
        let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        Font::from_bytes(leaked, path)
    }

    fn from_bytes(bytes: &'static [u8], name: &str) -> Result<Font> {
        let face = ttf_parser::Face::parse(bytes, 0)
            .map_err(|e| Error::input(format!("字体文件 {name} 无法解析（需要 TrueType/OpenType 字体）：{e}")))?;
        let units_per_em = face.units_per_em() as f32;
        Ok(Font { bytes, name: name.into(), face, units_per_em, advances: RefCell::new(HashMap::new()) })
    }

    /// Advance of a character in ems, `None` when the font has no glyph for it.
    pub fn advance(&self, c: char) -> Option<f32> {
        if let Some(a) = self.advances.borrow().get(&c) {
            return *a;
        }
        let a = self
            .face
            .glyph_index(c)
            .filter(|g| g.0 != 0)
            .map(|g| self.face.glyph_hor_advance(g).unwrap_or(0) as f32 / self.units_per_em);
        self.advances.borrow_mut().insert(c, a);
        a
    }

    pub fn has(&self, c: char) -> bool {
        c == ' ' || self.advance(c).is_some()
    }

    /// Width of a text at `size` points (missing glyphs count as one em; they were refused before).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c).unwrap_or(1.0)).sum::<f32>() * size
    }

    /// The first character of `text` the font cannot draw.
    pub fn first_missing(&self, text: &str) -> Option<char> {
        text.chars().find(|c| !c.is_control() && !self.has(*c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_finds_missing_characters() {
        let f = Font::embedded();
        assert!(f.has('工') && f.has('喆') && f.has('A') && f.has('，'));
        assert_eq!(f.first_missing("张𠮷"), Some('𠮷'));
        let w_cjk = f.width("工会", 10.0);
        assert!((w_cjk - 20.0).abs() < 0.5, "CJK characters are one em: {w_cjk}");
        assert!(f.width("1", 10.0) < 7.0);
    }
}
