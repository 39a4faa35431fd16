//! Spreadsheets (XLS, XLSX, ODS) read so that a hostile file is refused, never obeyed: a file over
//! [`MAX_FILE_BYTES`] is refused before it is opened, and the reader runs in a child process (the
//! same binary, called with [`CHILD_ARG`]) whose address space is capped at [`memory_limit`] and
//! whose time is capped at [`time_limit`]. A corrupt `.xls` that makes the reader ask for 16 GB,
//! spin, or panic ends that child; the treasurer gets a refusal and her laptop stays usable.

use super::{clean_cell, Record};
use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The largest spreadsheet read at all: a year of a union's bank lines is well under 5 MB.
pub const MAX_FILE_BYTES: u64 = 50 << 20;

/// The argument that makes the binary a spreadsheet reader (hidden from users).
pub const CHILD_ARG: &str = "__read-workbook";

/// Memory the reader may map, in MB: 512 unless `GONGHUI_SHEET_MEMORY_MB` says otherwise.
pub fn memory_limit() -> u64 {
    env_number("GONGHUI_SHEET_MEMORY_MB").unwrap_or(512)
}

/// Time the reader may take: 30 s unless `GONGHUI_SHEET_SECONDS` says otherwise.
pub fn time_limit() -> Duration {
    Duration::from_secs(env_number("GONGHUI_SHEET_SECONDS").unwrap_or(30))
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).filter(|v| *v > 0)
}

static READER: OnceLock<PathBuf> = OnceLock::new();

/// Name the gonghui binary that reads spreadsheets, for processes that are not that binary
/// (tests calling the library); the first call wins.
pub fn set_reader(exe: &Path) {
    let _ = READER.set(exe.to_path_buf());
}

/// The binary to run as the reader: the one set, or this process's own when it is gonghui.
fn reader() -> Option<PathBuf> {
    if let Some(p) = READER.get() {
        return Some(p.clone());
    }
    let me = std::env::current_exe().ok()?;
    let stem = me.file_stem()?.to_string_lossy().to_string();
    (stem == "gonghui").then_some(me)
}

/// The first sheet's rows of a spreadsheet file.
pub fn read(file: &str, path: &Path, ext: &str) -> Result<Vec<Record>> {
    let size = std::fs::metadata(path).map_err(|e| crate::error::read_failed(file, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::input(format!(
            "{file} 有 {} MB，超过表格文件 {} MB 的上限；请只导出需要的期间，或另存为 CSV",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    match reader() {
        Some(exe) => in_child(&exe, file, path, ext),
        None => in_process(file, path, ext),
    }
}

/// Read in this process, a panic of the reader turned into a refusal (no memory cap: used only
/// where no gonghui binary is at hand).
fn in_process(file: &str, path: &Path, ext: &str) -> Result<Vec<Record>> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::read_failed(file, &e))?;
    std::panic::catch_unwind(|| decode(file, bytes, ext)).unwrap_or_else(|_| Err(damaged(file, "读取时出错")))
}

fn damaged(file: &str, why: &str) -> Error {
    Error::input(format!(
        "{file}：无法读取这个表格文件（{why}），文件可能已损坏；请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV 再导入"
    ))
}

fn in_child(exe: &Path, file: &str, path: &Path, ext: &str) -> Result<Vec<Record>> {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(exe);
    cmd.arg(CHILD_ARG).arg(path).arg(ext).arg(file);
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    limit_memory(&mut cmd, memory_limit() << 20);
    let mut child = cmd.spawn().map_err(|e| Error::io(format!("无法启动表格读取进程：{}", crate::error::os(&e))))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_thread = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + time_limit();
    let status = loop {
        match child.try_wait()? {
            Some(s) => break s,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(damaged(file, &format!("读取超过 {} 秒仍未完成，已停止", time_limit().as_secs())));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    match status.code() {
        Some(0) => serde_json::from_slice::<Vec<(usize, Vec<String>)>>(&out)
            .map(|rows| rows.into_iter().map(|(line, cells)| Record { line, cells }).collect())
            .map_err(|_| damaged(file, "读取进程的输出不完整")),
        Some(1) if !err.trim().is_empty() => Err(Error::input(err.trim().to_string())),
        _ => Err(damaged(file, &format!("读取时所需内存超过 {} MB 上限或读取程序出错", memory_limit()))),
    }
}

/// On Linux the child caps itself, first thing: its address space as mapped at start (the
/// binary, whose size differs between builds — a debug build maps over 60 MB) plus `bytes` for
/// the reading, so that the cap is what the reader may ask for, whatever build runs it.
#[cfg(target_os = "linux")]
fn cap_own_memory(bytes: u64) -> std::io::Result<()> {
    let statm = std::fs::read_to_string("/proc/self/statm")?;
    let pages: u64 = statm.split_whitespace().next().and_then(|p| p.parse().ok()).unwrap_or(0);
    // SAFETY: sysconf and setrlimit only read and write the values given.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as u64;
    let lim = libc::rlimit {
        rlim_cur: (pages * page + bytes) as libc::rlim_t,
        rlim_max: (pages * page + bytes) as libc::rlim_t,
    };
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &lim) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn cap_own_memory(_bytes: u64) -> std::io::Result<()> {
    Ok(())
}

/// Elsewhere the parent caps the child before it starts (the binary's mapping counts against it).
#[cfg(target_os = "linux")]
fn limit_memory(_cmd: &mut std::process::Command, _bytes: u64) {}

#[cfg(all(unix, not(target_os = "linux")))]
fn limit_memory(cmd: &mut std::process::Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit is async-signal-safe; the closure allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit { rlim_cur: bytes as libc::rlim_t, rlim_max: bytes as libc::rlim_t };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_cmd: &mut std::process::Command, _bytes: u64) {}

/// The child's side: `gonghui __read-workbook PATH EXT NAME` prints the first sheet's rows as
/// JSON (`[[line, [cells…]], …]`) and exits 0, or prints the refusal and exits 1.
pub fn child_main(args: &[std::ffi::OsString]) -> i32 {
    let [path, ext, file] = args else {
        eprintln!("用法：gonghui {CHILD_ARG} 文件 扩展名 名称");
        return 2;
    };
    let (path, ext, file) = (Path::new(path), ext.to_string_lossy(), file.to_string_lossy());
    if let Err(e) = cap_own_memory(memory_limit() << 20) {
        eprintln!("无法限制表格读取进程的内存：{e}");
        return 3;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}", crate::error::read_failed(&file, &e));
            return 1;
        }
    };
    match decode(&file, bytes, &ext) {
        Ok(records) => {
            let rows: Vec<(usize, Vec<String>)> = records.into_iter().map(|r| (r.line, r.cells)).collect();
            let mut out = std::io::stdout().lock();
            match serde_json::to_writer(&mut out, &rows) {
                Ok(()) => 0,
                Err(_) => 3,
            }
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// calamine: the first sheet's rows, each cell as text.
fn decode(file: &str, bytes: Vec<u8>, ext: &str) -> Result<Vec<Record>> {
    use calamine::{Data, Reader};
    let cursor = std::io::Cursor::new(bytes);
    let mut wb = calamine::open_workbook_auto_from_rs(cursor).map_err(|e| {
        Error::input(format!("{file}：无法打开 {} 表格（文件可能已损坏或不完整）：{e}", ext.to_uppercase()))
    })?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::input(format!("{file}：表格里没有工作表")))?
        .map_err(|e| Error::input(format!("{file}：读取第一个工作表失败（文件可能已损坏）：{e}")))?;
    let start_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut records = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells = row
            .iter()
            .map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => clean_cell(s),
                Data::Int(i) => i.to_string(),
                // A number cell becomes text here, at the parse boundary; money is parsed from
                // this text into fen and never computed as a float.
                Data::Float(x) => x.to_string(),
                Data::Bool(b) => b.to_string(),
                Data::DateTime(dt) => match dt.as_datetime() {
                    Some(d) if d.time() == chrono::NaiveTime::MIN => d.date().to_string(),
                    Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
                    None => dt.to_string(),
                },
                Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        records.push(Record { line: start_row + i + 1, cells });
    }
    Ok(records)
}
