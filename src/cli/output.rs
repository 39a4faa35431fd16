//! Writing output: to --out FILE or standard output.

use super::Global;
use crate::error::{Error, Result};
use crate::render::{self, Format};
use crate::report::Report;
use std::io::Write;

pub fn emit(g: &Global, bytes: &[u8]) -> Result<()> {
    match &g.out {
        Some(path) => {
            check_out(g, path)?;
            write_replacing(path, bytes)?;
            say_written(path);
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

/// Write to `path` (not --out), with the same checks.
pub fn emit_to(g: &Global, path: &str, bytes: &[u8]) -> Result<()> {
    check_out(g, path)?;
    write_replacing(path, bytes)?;
    say_written(path);
    Ok(())
}

/// A file written for the user: where, and how big (on standard error, so that standard output
/// stays the report's).
fn say_written(path: &str) {
    let size = std::fs::metadata(path).map(|m| crate::ledger::attachment::size_text(m.len())).unwrap_or_default();
    eprintln!("已写入 {path}（{size}）");
}

/// Extensions that name a database, never a report.
const DATABASE_EXTENSIONS: &[&str] = &["db", "sqlite", "sqlite3", "db3"];

/// `--out` must not replace the books: refuse the database in use (or its log), any SQLite file,
/// a directory, and a database's extension.
fn check_out(g: &Global, path: &str) -> Result<()> {
    let p = std::path::Path::new(path);
    let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if DATABASE_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::input(format!(
            "--out {path}：.{ext} 是数据库文件的扩展名，报表不能写成数据库文件；请换用 .csv、.pdf、.txt 或 .json"
        )));
    }
    if let Ok(meta) = std::fs::symlink_metadata(p) {
        if meta.is_dir() {
            return Err(Error::input(format!("--out {path} 是一个文件夹：请写出文件名，例如 {path}/报表.pdf")));
        }
    }
    let same = |a: &std::path::Path, b: &std::path::Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    if let Some(db) = crate::store::sqlite_path(&g.db) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if same(p, std::path::Path::new(&format!("{db}{suffix}"))) {
                return Err(Error::input(format!(
                    "--out {path} 是正在使用的账簿数据库，写入会毁掉账簿；请换一个文件名"
                )));
            }
        }
    }
    let mut head = [0u8; 16];
    if let Ok(mut f) = std::fs::File::open(p) {
        use std::io::Read;
        if f.read_exact(&mut head).is_ok() && &head == b"SQLite format 3\0" {
            return Err(Error::input(format!(
                "--out {path} 是一个 SQLite 数据库文件（可能是账簿或备份），不会覆盖它；请换一个文件名"
            )));
        }
    }
    Ok(())
}

/// A file written through a new temporary file beside the target, renamed into place when
/// done: a failed run leaves no half file, and a symbolic link at the target is replaced, never
/// followed.
pub struct Replacing {
    path: String,
    tmp: std::path::PathBuf,
}

impl Replacing {
    pub fn create(path: &str) -> Result<(Replacing, std::fs::File)> {
        let p = std::path::Path::new(path);
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => {
                std::fs::create_dir_all(d)?;
                d.to_path_buf()
            }
            _ => std::path::PathBuf::from("."),
        };
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let mut n = 0;
        loop {
            let tmp = dir.join(format!(".{name}.{}.{n}.part", std::process::id()));
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(f) => return Ok((Replacing { path: path.to_string(), tmp }, f)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(failed(path, e)),
            }
        }
    }

    /// Put the written file in place (`written`: how writing it went).
    pub fn commit(self, f: std::fs::File, written: Result<()>) -> Result<()> {
        let synced = written.and_then(|()| f.sync_all().map_err(|e| failed(&self.path, e)));
        drop(f);
        let placed = synced.and_then(|()| std::fs::rename(&self.tmp, &self.path).map_err(|e| failed(&self.path, e)));
        if placed.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        placed
    }
}

fn failed(path: &str, e: std::io::Error) -> Error {
    Error::io(format!("无法写入 {path}：{}", crate::error::os(&e)))
}

fn write_replacing(path: &str, bytes: &[u8]) -> Result<()> {
    let (r, mut f) = Replacing::create(path)?;
    let written = f.write_all(bytes).map_err(|e| failed(path, e));
    r.commit(f, written)
}

/// The width terminal tables are fitted to: `COLUMNS`, else the terminal's own (when standard
/// output is one and the table goes there); none with `--wide`, into a file, or down a pipe.
fn terminal_width(g: &Global) -> Option<u16> {
    if g.wide || g.out.is_some() {
        return None;
    }
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|w| *w >= 40) {
        return Some(w);
    }
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        comfy_table::Table::new().width()
    } else {
        None
    }
}

pub fn render_report(g: &Global, r: &Report, f: Format) -> Result<Vec<u8>> {
    Ok(match f {
        Format::Table => render::table::render(r, terminal_width(g)),
        Format::Csv => render::csv::render(r),
        Format::Json => render::json::render(r),
        Format::Pdf => {
            let font = match &g.font {
                Some(path) => render::pdf::Font::from_file(path)?,
                None => render::pdf::Font::embedded(),
            };
            render::pdf::render(r, &font)?
        }
        Format::Xlsx => render::xlsx::render(r)?,
    })
}

pub fn emit_report(g: &Global, r: &Report) -> Result<()> {
    let f = report_format(g)?;
    emit(g, &render_report(g, r, f)?)
}

/// A ledger or journal as CSV, streamed from the books to --out (or standard output) row by row.
pub async fn stream_report(g: &Global, ctx: &crate::ops::Ctx, name: &str, req: &crate::report::Request) -> Result<()> {
    use crate::render::csv::CsvSink;
    match &g.out {
        Some(path) => {
            check_out(g, path)?;
            let (r, f) = Replacing::create(path)?;
            let mut sink = match CsvSink::new(std::io::BufWriter::with_capacity(1 << 16, f.try_clone()?)) {
                Ok(s) => s,
                Err(e) => return r.commit(f, Err(e)),
            };
            let written = crate::report::stream(ctx, name, req, &mut sink).await.and_then(|_| sink.finish().map(drop));
            r.commit(f, written)?;
            say_written(path);
            Ok(())
        }
        None => {
            let mut sink = CsvSink::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()))?;
            crate::report::stream(ctx, name, req, &mut sink).await?;
            sink.finish().map(drop)
        }
    }
}

/// The format a report is written in, checked against --out's extension.
pub fn report_format(g: &Global) -> Result<Format> {
    let f = g.format_or(Format::Table);
    if f == Format::Pdf && g.out.is_none() {
        return Err(Error::input("PDF 须用 --out 指定输出文件，例如 --out 科目余额表.pdf"));
    }
    if f == Format::Xlsx && g.out.is_none() {
        return Err(Error::input("XLSX 须用 --out 指定输出文件，例如 --out 科目余额表.xlsx"));
    }
    if let Some(path) = &g.out {
        match Format::from_path(path) {
            Some(named) if named != f => {
                return Err(Error::input(format!(
                    "--out {path} 的扩展名与输出格式 {} 不符：请改用 .{} 结尾的文件名，或去掉 --format",
                    f.name(),
                    f.extension()
                )))
            }
            _ => {}
        }
    }
    Ok(f)
}

/// A listing of one union's books, with the state root they were read at in its footer.
pub async fn emit_listing(g: &Global, ctx: &crate::ops::Ctx, r: Report) -> Result<()> {
    emit_report(g, &crate::report::stamped(&ctx.books(), r).await?)
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
