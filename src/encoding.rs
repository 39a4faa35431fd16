//! Decoding input files: a BOM first, else valid UTF-8, else `chardetng` with the `cn` hint.
//! GBK is decoded as GB18030 (its superset), and a file whose bytes do not decode is refused with
//! the line of the first bad byte. `--encoding` always overrides. Files are decoded as a stream
//! (a million-line statement is never held twice in memory), and the stream remembers where its
//! line breaks are so that records can name their line.

use crate::error::{Error, Result};
use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// The decoded text and the name of the encoding used (for messages and summaries).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// How a file is to be decoded.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    pub encoding: &'static Encoding,
    /// Bytes of byte-order mark to skip.
    pub bom: usize,
}

impl Choice {
    /// The name shown in summaries.
    pub fn name(&self) -> &'static str {
        if self.encoding == GB18030 {
            "GB18030"
        } else {
            self.encoding.name()
        }
    }
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

fn bom_of(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        Some((UTF_8, 3))
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        Some((UTF_16LE, 2))
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        Some((UTF_16BE, 2))
    } else {
        None
    }
}

/// How much of a file `chardetng` looks at: 256 KB of a statement is thousands of lines of
/// Chinese text, plenty to tell GBK from Big5 or Shift_JIS (and the detector costs time).
const DETECT_BYTES: usize = 256 << 10;

/// Choose the encoding of the bytes `input` yields, reading it once in chunks: `forced`, else a
/// BOM, else UTF-8 when every byte is valid UTF-8, else chardetng's guess (GBK read as GB18030).
pub fn choose(mut input: impl Read, forced: Option<&str>, file: &str) -> Result<Choice> {
    let io = |e: std::io::Error| crate::error::read_failed(file, &e);
    let mut buf = vec![0u8; 256 << 10];
    let mut filled = 0;
    // The first chunk (at least the BOM's bytes).
    while filled < 4 {
        let n = input.read(&mut buf[filled..]).map_err(io)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let bom = bom_of(&buf[..filled]);
    if let Some(name) = forced {
        let enc =
            by_name(name).ok_or_else(|| Error::input(format!("不认识的编码“{name}”；可用 utf-8、gbk、gb18030")))?;
        return Ok(Choice { encoding: enc, bom: bom.map(|b| b.1).unwrap_or(0) });
    }
    if let Some((enc, len)) = bom {
        return Ok(Choice { encoding: enc, bom: len });
    }
    let mut det = chardetng::EncodingDetector::new();
    let mut fed = 0;
    let mut utf8 = true;
    // Bytes of a character cut at the end of the previous chunk.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        if filled == 0 {
            break;
        }
        let chunk = &buf[..filled];
        if fed < DETECT_BYTES {
            det.feed(chunk, false);
            fed += chunk.len();
        }
        if utf8 {
            let mut joined;
            let bytes = if carry.is_empty() {
                chunk
            } else {
                joined = std::mem::take(&mut carry);
                joined.extend_from_slice(chunk);
                &joined[..]
            };
            match std::str::from_utf8(bytes) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => carry = bytes[e.valid_up_to()..].to_vec(),
                Err(_) => utf8 = false,
            }
        }
        if !utf8 && fed >= DETECT_BYTES {
            break;
        }
        filled = input.read(&mut buf).map_err(io)?;
    }
    if utf8 && carry.is_empty() {
        return Ok(Choice { encoding: UTF_8, bom: 0 });
    }
    det.feed(&[], true);
    let guess = det.guess(Some(b"cn"), true);
    let enc = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 { GB18030 } else { guess };
    Ok(Choice { encoding: enc, bom: 0 })
}

/// Decode `bytes` of `file` whole, guessing the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<&str>, file: &str) -> Result<Decoded> {
    let choice = choose(bytes, forced, file)?;
    let mut r = DecodeReader::new(&bytes[choice.bom..], choice, file);
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    r.read_to_string(&mut text).map_err(|e| Error::input(e.to_string()))?;
    Ok(Decoded { text, encoding: choice.name() })
}

/// A reader of UTF-8 decoded from `inner` (positioned after any BOM); it refuses bytes that do
/// not decode (the error names the line), and records the offsets of line breaks in its output.
pub struct DecodeReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    label: &'static str,
    file: String,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    /// The decoder has seen the end of the input.
    finished: bool,
    out: Vec<u8>,
    out_start: usize,
    out_end: usize,
    /// Bytes handed out so far.
    emitted: u64,
    /// Offsets (in the output) of each `\n` and each `\r`.
    pub newlines: Vec<u64>,
    pub returns: Vec<u64>,
}

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, choice: Choice, file: &str) -> Self {
        DecodeReader {
            inner,
            decoder: choice.encoding.new_decoder_without_bom_handling(),
            label: choice.name(),
            file: file.to_string(),
            input: vec![0; 256 << 10],
            in_start: 0,
            in_end: 0,
            eof: false,
            finished: false,
            out: vec![0; 512 << 10],
            out_start: 0,
            out_end: 0,
            emitted: 0,
            newlines: Vec::new(),
            returns: Vec::new(),
        }
    }

    /// The 1-based line that output offset `byte` is on, after stepping over the line breaks
    /// at `byte` (a record's position points at the blank lines before it).
    pub fn line_at(&self, byte: u64) -> usize {
        let mut b = byte;
        loop {
            if self.newlines.binary_search(&b).is_ok() || self.returns.binary_search(&b).is_ok() {
                b += 1;
            } else {
                break;
            }
        }
        self.newlines.partition_point(|&n| n < b) + 1
    }

    fn refill(&mut self) -> std::io::Result<()> {
        loop {
            if self.finished {
                self.out_start = 0;
                self.out_end = 0;
                return Ok(());
            }
            if self.in_start == self.in_end && !self.eof {
                self.in_start = 0;
                self.in_end = self.inner.read(&mut self.input)?;
                self.eof = self.in_end == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.in_start..self.in_end],
                &mut self.out,
                self.eof,
            );
            self.in_start += read;
            for (i, b) in self.out[..written].iter().enumerate() {
                match b {
                    b'\n' => self.newlines.push(self.emitted + i as u64),
                    b'\r' => self.returns.push(self.emitted + i as u64),
                    _ => {}
                }
            }
            if let DecoderResult::Malformed(_, _) = result {
                let line = self.newlines.len() + 1;
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "{} 第 {line} 行：按 {} 编码无法解码（文件损坏或编码不对）。请确认文件来源，或用 --encoding utf-8 / --encoding gbk 指定编码",
                        self.file, self.label
                    ),
                ));
            }
            self.out_start = 0;
            self.out_end = written;
            self.finished = self.eof && matches!(result, DecoderResult::InputEmpty);
            if written > 0 || self.finished {
                return Ok(());
            }
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.out_start == self.out_end {
            self.refill()?;
        }
        let n = (self.out_end - self.out_start).min(buf.len());
        buf[..n].copy_from_slice(&self.out[self.out_start..self.out_start + n]);
        self.out_start += n;
        self.emitted += n as u64;
        Ok(n)
    }
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
