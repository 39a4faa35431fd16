//! Writing output: to --out FILE or standard output.

use super::Global;
use crate::error::{Error, Result};
use crate::render::{self, Format};
use crate::report::Report;
use std::io::Write;

pub fn emit(g: &Global, bytes: &[u8]) -> Result<()> {
    match &g.out {
        Some(path) => {
            if let Some(dir) = std::path::Path::new(path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)?;
                }
            }
            // Write to a temporary file and rename, so that a failed run leaves no half file.
            let tmp = format!("{path}.part");
            std::fs::write(&tmp, bytes).map_err(|e| Error::io(format!("无法写入 {path}：{}", crate::error::os(&e))))?;
            std::fs::rename(&tmp, path).map_err(|e| Error::io(format!("无法写入 {path}：{}", crate::error::os(&e))))?;
            Ok(())
        }
        None => {
            let mut so = std::io::stdout().lock();
            so.write_all(bytes)?;
            so.flush()?;
            Ok(())
        }
    }
}

pub fn render_report(g: &Global, r: &Report, f: Format) -> Result<Vec<u8>> {
    Ok(match f {
        Format::Table => render::table::render(r),
        Format::Csv => render::csv::render(r),
        Format::Json => render::json::render(r),
        Format::Pdf => {
            let font = match &g.font {
                Some(path) => render::pdf::Font::from_file(path)?,
                None => render::pdf::Font::embedded(),
            };
            render::pdf::render(r, &font)?
        }
    })
}

pub fn emit_report(g: &Global, r: &Report) -> Result<()> {
    let f = g.format_or(Format::Table);
    if f == Format::Pdf && g.out.is_none() {
        return Err(Error::input("PDF 须用 --out 指定输出文件，例如 --out 科目余额表.pdf"));
    }
    emit(g, &render_report(g, r, f)?)
}

/// A typed outcome as JSON (one line), for scripts.
pub fn emit_json<T: serde::Serialize>(g: &Global, value: &T) -> Result<()> {
    let text = serde_json::to_string(value).map_err(|e| Error::io(format!("无法生成 JSON：{e}")))?;
    emit(g, format!("{text}\n").as_bytes())
}

/// The same, indented (lists people read too).
pub fn emit_json_pretty<T: serde::Serialize>(g: &Global, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::io(format!("无法生成 JSON：{e}")))?;
    emit(g, format!("{text}\n").as_bytes())
}

/// What a use case wants the user to know besides its result, on standard error.
pub fn warn(warnings: &[crate::ops::Warning]) {
    for w in warnings {
        eprintln!("{}", w.text());
    }
}
