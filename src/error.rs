//! One error type that carries a user-facing message (in Chinese) up to whoever shows it: the
//! command line prints it and exits 1; the web desk will show it next to the field it concerns.
//! Each error has a kind (what went wrong, for the caller to act on) and, where known, the place in
//! an input file; the message itself already says what, where and how to fix it.

use serde::Serialize;
use std::fmt;

/// What kind of failure this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Something asked for does not exist (a voucher number, an account, a statement line).
    NotFound,
    /// Bad input: a file, a flag or a value that cannot be read or does not make sense.
    Invalid,
    /// A well-formed request that a rule of the books refuses (closed month, separation of
    /// duties, strict budget control, …).
    Refused,
    /// The request collides with what is already there or with someone else's work (a duplicate,
    /// a voucher someone else has just posted).
    Conflict,
    /// The database failed, or refused a write behind the tool's rules (triggers).
    Database,
    /// A file could not be read or written.
    Io,
}

/// Where in an input file the fault is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<String>,
}

#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    message: String,
    pub location: Option<Location>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: Kind, msg: impl Into<String>) -> Error {
        Error { kind, message: msg.into(), location: None }
    }
    /// Bad input (the message says where).
    pub fn input(msg: impl Into<String>) -> Error {
        Error::new(Kind::Invalid, msg)
    }
    /// Bad input at a known place of a file; the message is the whole text shown to the user.
    pub fn invalid_at(location: Location, msg: impl Into<String>) -> Error {
        Error { kind: Kind::Invalid, message: msg.into(), location: Some(location) }
    }
    pub fn not_found(msg: impl Into<String>) -> Error {
        Error::new(Kind::NotFound, msg)
    }
    pub fn refused(msg: impl Into<String>) -> Error {
        Error::new(Kind::Refused, msg)
    }
    pub fn conflict(msg: impl Into<String>) -> Error {
        Error::new(Kind::Conflict, msg)
    }
    pub fn database(msg: impl Into<String>) -> Error {
        Error::new(Kind::Database, msg)
    }
    pub fn io(msg: impl Into<String>) -> Error {
        Error::new(Kind::Io, msg)
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The same error said otherwise (a temporary folder left out of it, say).
    pub fn reworded(mut self, f: impl FnOnce(&str) -> String) -> Error {
        self.message = f(&self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        let text = e.to_string();
        // Messages raised by our own triggers carry a GH_ tag; make them readable.
        if let Some(pos) = text.find("GH_") {
            let tail = &text[pos..];
            let msg = tail.split_once(": ").map(|(_, m)| m).unwrap_or(tail);
            return Error::refused(format!("数据库拒绝写入：{msg}"));
        }
        // A total that no longer fits in 64 bits: SQLite says "integer overflow", PostgreSQL
        // "bigint out of range". Never a wrap: the write is refused.
        if text.contains("integer overflow") || text.contains("out of range") {
            return Error::refused(
                "金额合计超出可记录的范围，操作未执行（每笔金额不能超过 999,999,999,999.99；请检查金额是否录错）",
            );
        }
        let kind = match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => Kind::Conflict,
            _ => Kind::Database,
        };
        Error::new(kind, format!("数据库错误：{text}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::io(format!("文件读写失败：{}", os(&e)))
    }
}

/// An operating-system error in Chinese: what it means and what to check.
pub fn os(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "找不到该文件或文件夹，请检查路径和文件名",
        K::PermissionDenied => "没有权限读写该文件，请检查文件权限或换一个位置",
        K::AlreadyExists => "文件已存在",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ReadOnlyFilesystem => "磁盘是只读的",
        K::StorageFull => "磁盘空间已满",
        K::InvalidData => "文件内容无法识别",
        K::UnexpectedEof => "文件不完整（意外结束）",
        K::Interrupted | K::TimedOut => "操作被中断或超时，请重试",
        K::ConnectionRefused => "连接被拒绝：数据库服务器没有运行，或地址、端口不对",
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => "连接中断，请检查网络后重试",
        K::HostUnreachable | K::NetworkUnreachable | K::AddrNotAvailable => "无法到达数据库服务器，请检查地址和网络",
        _ => return format!("系统错误（{e}）"),
    };
    what.to_string()
}

/// Attach a location ("文件 x.csv 第 3 行") to an error message.
pub fn at(place: &str, msg: impl fmt::Display) -> Error {
    Error::input(format!("{place}：{msg}"))
}

/// Why the database could not be opened or reached, in Chinese where the reason is known.
pub fn db_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => os(io),
        sqlx::Error::Database(d) if d.message().contains("unable to open") => {
            "无法打开：文件所在的文件夹不存在，或没有读写权限".to_string()
        }
        sqlx::Error::Database(d) if d.message().contains("not a database") => {
            "这不是 gonghui 的账套文件（不是 SQLite 数据库）".to_string()
        }
        sqlx::Error::Database(d) if d.code().as_deref() == Some("28P01") || d.code().as_deref() == Some("28000") => {
            "用户名或密码不对，或该用户无权连接".to_string()
        }
        sqlx::Error::Database(d) if d.code().as_deref() == Some("3D000") => "数据库不存在".to_string(),
        sqlx::Error::PoolTimedOut => "连接数据库超时：数据库服务器没有响应".to_string(),
        other => format!("数据库错误（{other}）"),
    }
}

/// A file that could not be read, with the reason in Chinese.
pub fn read_failed(file: &str, e: &std::io::Error) -> Error {
    Error::io(format!("无法读取文件 {file}：{}", os(e)))
}
