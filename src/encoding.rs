//! Decoding input files: a BOM first, else valid UTF-8, else `chardetng` with the `cn` hint.
//! GBK is decoded as GB18030 (its superset), the whole file at once, and a file whose bytes do
//! not decode is refused with the line of the first bad byte. `--encoding` always overrides.

use crate::error::{Error, Result};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The decoded text and the name of the encoding used (for messages and summaries).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

fn by_name(name: &str) -> Option<&'static Encoding> {
    match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" => Some(UTF_8),
        "gbk" | "gb2312" | "gb18030" | "cp936" => Some(GB18030),
        "utf-16le" | "utf16le" => Some(UTF_16LE),
        "utf-16be" | "utf16be" => Some(UTF_16BE),
        other => Encoding::for_label(other.as_bytes()),
    }
}

/// Decode `bytes` of `file`, guessing the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<&str>, file: &str) -> Result<Decoded> {
    if let Some(name) = forced {
        let enc =
            by_name(name).ok_or_else(|| Error::input(format!("不认识的编码“{name}”；可用 utf-8、gbk、gb18030")))?;
        let (body, _) = strip_bom(bytes);
        return strict(body, enc, file, name);
    }
    let (body, bom) = strip_bom(bytes);
    if let Some(enc) = bom {
        return strict(body, enc, file, enc.name());
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(Decoded { text: s.to_string(), encoding: "UTF-8" });
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(body, true);
    let guess = det.guess(Some(b"cn"), true);
    let enc = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 { GB18030 } else { guess };
    strict(body, enc, file, enc.name())
}

fn strip_bom(bytes: &[u8]) -> (&[u8], Option<&'static Encoding>) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (rest, Some(UTF_8))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (rest, Some(UTF_16LE))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (rest, Some(UTF_16BE))
    } else {
        (bytes, None)
    }
}

fn strict(body: &[u8], enc: &'static Encoding, file: &str, label: &str) -> Result<Decoded> {
    let (text, had_errors) = enc.decode_without_bom_handling(body);
    if had_errors {
        let line = text
            .char_indices()
            .find(|(_, c)| *c == '\u{FFFD}')
            .map(|(i, _)| text[..i].matches('\n').count() + 1)
            .unwrap_or(1);
        return Err(Error::input(format!(
            "{file} 第 {line} 行：按 {label} 编码无法解码（文件损坏或编码不对）。请确认文件来源，或用 --encoding utf-8 / --encoding gbk 指定编码"
        )));
    }
    let name = if enc == GB18030 { "GB18030" } else { enc.name() };
    Ok(Decoded { text: text.into_owned(), encoding: name })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_utf8_bom_and_gbk() {
        let d = decode("日期,摘要\n".as_bytes(), None, "a.csv").unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("日期,摘要\n", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("科目".as_bytes());
        assert_eq!(decode(&bom, None, "a.csv").unwrap().text, "科目");
        let (gbk, _, _) = encoding_rs::GBK.encode("日期,摘要,金额\n2025-01-02,工会经费拨缴款,100.00\n喆堃珺\n");
        let d = decode(&gbk, None, "a.csv").unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.contains("工会经费拨缴款") && d.text.contains("喆堃珺"));
    }

    #[test]
    fn refuses_bytes_that_do_not_decode() {
        let mut bytes = "第一行\n".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF, b'\n']);
        let e = decode(&bytes, Some("utf-8"), "bad.csv").unwrap_err();
        assert!(e.message().contains("bad.csv 第 2 行"), "{e}");
    }
}
