//! Sealing each write into the state log: before a use case writes, the books must be as the last
//! entry recorded them (a table changed behind the tool's back stops every write, so no later write
//! can absorb the change); after it has written, the new state is recorded in the same
//! transaction.

use crate::error::{Error, Result};
use crate::ledger::state::{changed_tables, table_label, Entry};
use crate::store::{Org, Store};

/// Refuse to write on books changed since their last recorded state.
pub async fn check_unchanged(store: &Store, org: &Org) -> Result<()> {
    let Some(head) = store.state_head(org).await? else { return Ok(()) };
    if head.version != crate::ledger::state::VERSION {
        // Recorded by another version of the tool, digested otherwise: this write records anew.
        return Ok(());
    }
    let now = store.state_heads(org).await?;
    let changed = changed_tables(&head.heads, &now);
    if changed.is_empty() {
        return Ok(());
    }
    Err(Error::refused(format!(
        "账簿在最后一次记录（状态 {}，{} {}）之后被改动，不是经本工具：{}。为免把改动当作正常账务，已停止写入；\
         请运行 gonghui verify 查看，并从备份恢复（gonghui restore）",
        head.label(),
        crate::shown_time(&head.at),
        head.actor,
        changed.iter().map(|t| table_label(t)).collect::<Vec<_>>().join("、")
    )))
}

/// Record the books' state after a write (nothing when nothing changed).
pub async fn record(store: &Store, org: &Org, actor: &str) -> Result<()> {
    let head = store.state_head(org).await?;
    let heads = store.state_heads(org).await?;
    if head.as_ref().is_some_and(|h| h.heads == heads) {
        return Ok(());
    }
    let e = Entry::next(head.as_ref(), heads, crate::now_text(), actor.to_string());
    store.append_state(org, &e).await
}
