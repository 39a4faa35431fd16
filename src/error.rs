//! One error type that carries a user-facing message (in Chinese) up to `main`, which prints it
//! and exits 1. Context (file:line, voucher number) is put into the message where it is known.

use std::fmt;

#[derive(Debug)]
pub enum Error {
    /// Bad input or a request refused by a rule. The message says what, where and how to fix it.
    Input(String),
    /// The database failed or refused (e.g. a trigger guarding a closed month).
    Store(String),
    /// A file could not be read or written.
    Io(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn input(msg: impl Into<String>) -> Error {
        Error::Input(msg.into())
    }
    pub fn message(&self) -> &str {
        match self {
            Error::Input(m) | Error::Store(m) | Error::Io(m) => m,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
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
            return Error::Store(format!("数据库拒绝写入：{msg}"));
        }
        Error::Store(format!("数据库错误：{text}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(format!("文件读写失败：{e}"))
    }
}

/// Attach a location ("文件 x.csv 第 3 行") to an error message.
pub fn at(place: &str, msg: impl fmt::Display) -> Error {
    Error::Input(format!("{place}：{msg}"))
}
