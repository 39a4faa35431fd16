//! Files sent with a form (multipart): read with the form's other fields, and kept on disk where
//! the use cases read files (a folder of their own in the system's temporary folder).

use super::page::{WebError, WebResult};
use crate::error::Error;
use std::path::{Path, PathBuf};

/// A multipart form: its text fields, and its files (field, file name, bytes).
#[derive(Default)]
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, String, Vec<u8>)>,
}

impl Upload {
    /// A text field (trimmed), empty when not sent.
    pub fn field(&self, key: &str) -> &str {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("")
    }

    /// The files sent in `field`: (name, bytes).
    pub fn files(&self, field: &str) -> Vec<(String, Vec<u8>)> {
        self.files.iter().filter(|(f, _, _)| f == field).map(|(_, n, b)| (n.clone(), b.clone())).collect()
    }
}

/// Read a multipart form whole (files with no name and no bytes are an empty file picker).
pub async fn read(mut m: axum::extract::Multipart) -> WebResult<Upload> {
    let mut u = Upload::default();
    let bad = |e: axum::extract::multipart::MultipartError| WebError::bad_request(format!("上传中断或格式不对：{e}"));
    while let Some(f) = m.next_field().await.map_err(bad)? {
        let field = f.name().unwrap_or("").to_string();
        match f.file_name().map(str::to_string) {
            Some(name) => {
                let bytes = f.bytes().await.map_err(bad)?;
                if !name.is_empty() || !bytes.is_empty() {
                    u.files.push((field, name, bytes.to_vec()));
                }
            }
            None => {
                let text = f.text().await.map_err(bad)?;
                u.fields.push((field, text));
            }
        }
    }
    Ok(u)
}

/// Write an uploaded file into `dir` under its own name (no folders kept from it); its path.
pub fn write_in(dir: &Path, name: &str, bytes: &[u8], fallback: &str) -> WebResult<PathBuf> {
    let safe = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let path = dir.join(if safe.is_empty() || safe == ".." { fallback } else { safe });
    std::fs::create_dir_all(dir)
        .and_then(|_| std::fs::write(&path, bytes))
        .map_err(|e| WebError::from(Error::io(format!("无法暂存上传的文件：{e}"))))?;
    Ok(path)
}

/// An uploaded file kept while a use case reads it; removed with its folder when dropped.
pub struct Kept {
    dir: PathBuf,
    pub path: PathBuf,
}

impl Drop for Kept {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Kept {
    /// What a use case's message says of the file, its folder left out (the person knows the
    /// file by its own name).
    pub fn said(&self, e: Error) -> Error {
        let folder = format!("{}{}", self.dir.display(), std::path::MAIN_SEPARATOR);
        e.reworded(|m| m.replace(&folder, ""))
    }
}

/// Keep an uploaded file for the use case that reads it.
pub fn keep(name: &str, bytes: &[u8], fallback: &str) -> WebResult<Kept> {
    let dir = std::env::temp_dir().join("gonghui-web-uploads").join(crate::ops::users::random_token());
    let path = write_in(&dir, name, bytes, fallback)?;
    Ok(Kept { dir, path })
}
