//! `notes set`: the union's own text for an item of a year's 附注, kept as a new version.

use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::notes::{self, Note};
use crate::ledger::roles::Act;
use std::path::Path;

/// Read the text from `path` and keep it as the next version of item `item` of `year`'s notes.
/// Written by those who close the books (会计, 会计主管), who prepare the statements.
pub async fn set(ctx: &Ctx, year: i32, item: &str, path: &Path) -> Result<Note> {
    let item = notes::item(item)?;
    if !(1900..=9999).contains(&year) {
        return Err(Error::input(format!("--year {year} 不是年份，例如 --year 2025")));
    }
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::read_failed(&shown, &e))?;
    let body = notes::body(&text, &shown)?;
    let tx = ctx.act(Act::Close).await?;
    let n = tx.store.add_note(&tx.org, year, item, &body, &tx.user).await?;
    let first = body.lines().next().unwrap_or_default();
    let short: String = first.chars().take(40).collect();
    tx.store.log_event(&tx.org, &tx.user, notes::EVENT, &n.subject(), &short).await?;
    tx.commit().await?;
    Ok(n)
}
