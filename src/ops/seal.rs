//! Sealing each write into the state log: before a use case writes, the books must be as the last
//! entry recorded them (a table changed behind the tool's back stops every write, so no later write
//! can absorb the change); after it has written, the new state is recorded in the same
//! transaction.

use crate::error::{Error, Result};
use crate::ledger::state::{table_label, Entry, VERSION};
use crate::store::{Org, Store};

/// Refuse to write on books changed since their last recorded state: a table marked changed
/// (migration 0011's triggers) when no write of the tool is under way.
pub async fn check_unchanged(store: &Store, org: &Org) -> Result<()> {
    let Some(head) = store.state_head(org).await? else { return Ok(()) };
    let changed = store.dirty_tables(org).await?;
    if changed.is_empty() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "账簿在最后一次记录（状态 {}，{} {}）之后被改动，不是经本工具：{}。为免把改动当作正常账务，已停止写入；\
         请运行 gonghui verify 查看，并从备份恢复（gonghui restore）",
        head.label(),
        crate::shown_time(&head.at),
        head.actor,
        {
            // Marks name a table, or a part of one (`open_vouchers@202503`).
            let mut labels: Vec<&str> = changed.iter().map(|t| table_label(t.split('@').next().unwrap_or(t))).collect();
            labels.dedup();
            labels.join("、")
        }
    )))
}

/// Record the books' state after a write (nothing when nothing changed): the tables the write
/// marked are digested again, the rest carried over from the last entry.
pub async fn record(store: &Store, org: &Org, actor: &str) -> Result<()> {
    let head = store.state_head(org).await?;
    let dirty = store.dirty_tables(org).await?;
    let heads = match &head {
        Some(h) if h.version == VERSION => store.state_heads_after(org, &h.heads, &dirty).await?,
        // The first entry, or one digested by another version of the tool: everything anew.
        _ => store.state_heads(org).await?,
    };
    store.clear_dirty(org).await?;
    if head.as_ref().is_some_and(|h| h.heads == heads) {
        return Ok(());
    }
    let e = Entry::next(head.as_ref(), heads, crate::now_text(), actor.to_string());
    store.append_state(org, &e).await
}
