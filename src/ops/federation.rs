//! The federation's use cases: where a union stands (its upper union and level), the tree, and
//! who may read a union's books from above. The rules are `ledger::federation`'s.

use super::Ctx;
pub use crate::books::federation::{org_by_code, tree};
use crate::books::organisations;
use crate::error::{Error, Result};
use crate::ledger::federation::{Kind, Scope, Tree};
use crate::ledger::roles::{Act, Role};
use crate::store::{Org, Store};

/// Why `org` cannot stand at `kind` under `upper` (a union of the database, by id), or `None`:
/// its own link and the links of the unions under it are checked with the change made.
pub fn refuse_place(orgs: &[Org], org: &Org, upper: Option<i64>, kind: Kind) -> Option<String> {
    let nodes = orgs.iter().map(|o| {
        let mut n = o.node();
        if o.id == org.id {
            n.upper = upper;
            n.kind = kind;
        }
        n
    });
    let t = Tree::new(nodes);
    if let Some(u) = upper {
        if let Some(why) = t.refuse_link(org.id, u) {
            return Some(why);
        }
    }
    t.children(org.id).iter().find_map(|&c| t.refuse_link(c, org.id))
}

/// `orgs set-upper CODE [--kind K]` (and `orgs set-kind K`): the union names its upper union (none
/// with `None`) and its level. A setting of the union (管理员 or 会计主管), logged as an event.
pub async fn set_place(ctx: &Ctx, upper: Option<&str>, kind: Option<Kind>) -> Result<Org> {
    let tx = ctx.act(Act::Settings).await?;
    let orgs = organisations(&tx.store).await?;
    let upper_org = match upper {
        Some(code) => Some(org_by_code(&tx.store, code).await?),
        None => None,
    };
    let kind = kind.unwrap_or(tx.org.kind);
    let upper_id = upper_org.as_ref().map(|u| u.id);
    if let Some(why) = refuse_place(&orgs, &tx.org, upper_id, kind) {
        return Err(Error::refused(why));
    }
    tx.store.set_place(&tx.org, upper_id, kind).await?;
    if kind != Kind::Grassroots {
        let chart = tx.books().chart().await?;
        for code in crate::ledger::federation::UPPER_ACCOUNTS {
            if chart.get(code).is_some_and(|a| !a.enabled) {
                tx.store.set_account_enabled(&tx.org, code, true).await?;
            }
        }
    }
    let said = match &upper_org {
        Some(u) => format!("上级工会 {}（{}），级别 {}", u.name, u.code, kind.label()),
        None => format!("无上级工会，级别 {}", kind.label()),
    };
    tx.store.log_event(&tx.org, &tx.user, "upper", &said, "").await?;
    tx.commit().await?;
    Ok(Org { upper: upper_id, kind, ..ctx.org.clone() })
}

/// Whether `name` may read `org`'s books from above: holding 上级工会 in a union above it.
pub async fn reads_from_above(store: &Store, org: &Org, name: &str) -> Result<Option<Org>> {
    let orgs = organisations(store).await?;
    let t = Tree::new(orgs.iter().map(Org::node));
    for id in t.ancestors(org.id) {
        let Some(upper) = orgs.iter().find(|o| o.id == id) else { continue };
        if store.user_roles(upper, name).await?.contains(&Role::Upper) {
            return Ok(Some(upper.clone()));
        }
    }
    Ok(None)
}

/// The unions a report of `root` over `scope` spans, the upper union first; refused when the
/// acting user may not read one of them (in `enforced` mode: a role in it, or 上级工会 in a union
/// above it).
pub async fn members(ctx: &Ctx, scope: Scope) -> Result<(Tree, Vec<Org>)> {
    let t = tree(&ctx.store).await?;
    let orgs = organisations(&ctx.store).await?;
    let ids = t.members(ctx.org.id, scope);
    if ids.len() == 1 {
        return Err(Error::input(format!(
            "{} 下没有下级工会，不能汇总：下级工会用 gonghui orgs set-upper {} --org 下级代码 隶属本会（gonghui orgs tree 查看）",
            ctx.org.name, ctx.org.code
        )));
    }
    // 上级工会 held in the upper union itself, or above it, reaches every member at once.
    let roles = ctx.store.user_roles(&ctx.org, &ctx.user).await?;
    let whole_tree = roles.contains(&Role::Upper) || reads_from_above(&ctx.store, &ctx.org, &ctx.user).await?.is_some();
    let mut out = Vec::new();
    for id in ids {
        let o = orgs.iter().find(|o| o.id == id).expect("a member of the tree").clone();
        if id != ctx.org.id && !whole_tree {
            super::users::require_reader(&ctx.store, &o, &ctx.user).await?;
        }
        out.push(o);
    }
    Ok((t, out))
}
