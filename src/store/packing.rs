//! Texts packed by SQL and read back here: many rows of a query as one text, since each row read
//! through the driver costs far more than its width. Numbers end with `;` (nothing before it:
//! NULL); texts are written `LEN:BYTES` (no length: NULL), so that nothing a text holds can break
//! the split, even in books edited by hand.

use crate::error::{Error, Result};

/// SQL for a number field (an argument of `concat`).
pub(crate) fn num(expr: &str) -> String {
    format!("{expr}, ';'")
}

/// SQL for a text field (arguments of `concat`).
pub(crate) fn text(expr: &str) -> String {
    format!("octet_length({expr}), ':', {expr}")
}

pub(crate) fn bad() -> Error {
    Error::database("账簿记录无法读取（数据库可能被改动）")
}

/// Reads the fields of a packed text in turn.
pub(crate) struct Fields<'a> {
    pub rest: &'a str,
}

impl<'a> Fields<'a> {
    pub fn opt_int(&mut self) -> Result<Option<i64>> {
        let (n, r) = self.rest.split_once(';').ok_or_else(bad)?;
        self.rest = r;
        if n.is_empty() {
            return Ok(None);
        }
        n.parse().map(Some).map_err(|_| bad())
    }

    /// A field of its own characters up to ';' (one that cannot hold it).
    pub fn raw(&mut self) -> Result<&'a str> {
        let (v, r) = self.rest.split_once(';').ok_or_else(bad)?;
        self.rest = r;
        Ok(v)
    }

    pub fn int(&mut self) -> Result<i64> {
        self.opt_int()?.ok_or_else(bad)
    }

    pub fn opt(&mut self) -> Result<Option<&'a str>> {
        let (len, r) = self.rest.split_once(':').ok_or_else(bad)?;
        if len.is_empty() {
            self.rest = r;
            return Ok(None);
        }
        let len: usize = len.parse().map_err(|_| bad())?;
        let value = r.get(..len).ok_or_else(bad)?;
        self.rest = &r[len..];
        Ok(Some(value))
    }

    pub fn str(&mut self) -> Result<&'a str> {
        self.opt()?.ok_or_else(bad)
    }

    pub fn text(&mut self) -> Result<String> {
        self.str().map(str::to_string)
    }

    pub fn opt_text(&mut self) -> Result<Option<String>> {
        Ok(self.opt()?.map(str::to_string))
    }

    /// A date written YYYY-MM-DD.
    pub fn date(&mut self) -> Result<chrono::NaiveDate> {
        self.str()?.parse().map_err(|_| bad())
    }
}
