//! Signing acts in `enforced` mode (see `ledger::sign`): the key of a user who proved their
//! password is held for this process (derived from the password, never stored), and each review,
//! posting, disposition, reopening and waiver is signed with it in the act's own transaction.

use super::users::{mode, Mode};
use super::Ctx;
use crate::error::{Error, Result};
use crate::ledger::sign::{self, Act};
use crate::store::SignedVoucher;
use ed25519_dalek::SigningKey;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

fn keys() -> &'static Mutex<HashMap<String, SigningKey>> {
    static KEYS: OnceLock<Mutex<HashMap<String, SigningKey>>> = OnceLock::new();
    KEYS.get_or_init(Default::default)
}

/// The signing key a password gives a user: Argon2id of the password, salted by the name (so the
/// same password always gives the same key, and no key is ever stored).
fn derive(name: &str, password: &str) -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    super::users::hasher()
        .hash_password_into(password.as_bytes(), format!("gonghui-signing-key:{name}").as_bytes(), &mut seed)
        .map_err(|e| Error::database(format!("无法生成签名密钥：{e}")))?;
    Ok(sign::key_from_seed(seed))
}

/// Hold `name`'s key for this process (after the password was checked).
pub fn unlock(name: &str, password: &str) -> Result<()> {
    let key = derive(name, password)?;
    keys().lock().expect("not poisoned").insert(name.to_string(), key);
    Ok(())
}

/// Forget `name`'s key.
pub fn lock(name: &str) {
    keys().lock().expect("not poisoned").remove(name);
}

/// Sign an act of the acting user, in `enforced` mode (nothing in `open` mode): its key is kept
/// for the union, the act appended to the union's signed acts.
pub async fn sign_act(ctx: &Ctx, kind: &str, subject: &str, at: &str, parts: &[String]) -> Result<()> {
    if mode(ctx).await? != Mode::Enforced {
        return Ok(());
    }
    let key = keys().lock().expect("not poisoned").get(&ctx.user).cloned().ok_or_else(|| {
        Error::refused(format!(
            "{} 尚未验证身份，不能签名办理“{}”：请输入密码后再办理",
            ctx.user,
            sign::kind_label(kind)
        ))
    })?;
    let public_key = sign::public_hex(&key);
    ctx.store.register_key(&ctx.org, &ctx.user, &public_key).await?;
    let seq = ctx.store.next_act_seq(&ctx.org).await?;
    let digest = sign::digest(parts);
    let message = sign::message(&ctx.org.code, seq, at, &ctx.user, kind, subject, &digest);
    let act = Act {
        seq,
        at: at.to_string(),
        name: ctx.user.clone(),
        kind: kind.to_string(),
        subject: subject.to_string(),
        digest,
        signature: sign::sign(&key, &message),
        public_key,
    };
    ctx.store.add_signed_act(&ctx.org, &act).await
}

/// Sign the review and/or the posting of vouchers just reviewed or posted by the acting user: one
/// act per time stamp the store gave them.
pub async fn sign_vouchers(ctx: &Ctx, ids: &[i64], review: bool, post: bool) -> Result<()> {
    if ids.is_empty() || mode(ctx).await? != Mode::Enforced {
        return Ok(());
    }
    let vs = ctx.store.vouchers_for_acts(&ctx.org, ids).await?;
    for (kind, wanted) in [("review", review), ("post", post)] {
        if !wanted {
            continue;
        }
        let mut by_time: BTreeMap<String, Vec<&SignedVoucher>> = BTreeMap::new();
        for v in &vs {
            let at = if kind == "review" { &v.reviewed_at } else { &v.posted_at };
            if let Some(at) = at {
                by_time.entry(at.clone()).or_default().push(v);
            }
        }
        for (at, group) in by_time {
            let nos: Vec<&str> = group.iter().map(|v| v.no.as_str()).collect();
            sign_act(ctx, kind, &super::numbers_text(&nos), &at, &crate::books::voucher_parts(&group)).await?;
        }
    }
    Ok(())
}

/// The key of a user just unlocked, sealed with a session token (XOR with a digest of the token:
/// each token is random and seals one key).
pub(crate) fn seal(name: &str, token: &str) -> Option<String> {
    let key = keys().lock().expect("not poisoned").get(name).cloned()?;
    Some(hex::encode(xor(&key.to_bytes(), token)))
}

/// Unlock a user's key from a session: the sealed key and the token that seals it.
pub(crate) fn unseal(name: &str, sealed: &str, token: &str) -> bool {
    let Ok(bytes) = hex::decode(sealed) else { return false };
    let Ok(seed) = <[u8; 32]>::try_from(xor(&bytes, token).as_slice()) else { return false };
    keys().lock().expect("not poisoned").insert(name.to_string(), sign::key_from_seed(seed));
    true
}

fn xor(bytes: &[u8], token: &str) -> Vec<u8> {
    use sha2::Digest;
    let pad = sha2::Sha256::digest(format!("gonghui-session-seal:{token}").as_bytes());
    bytes.iter().zip(pad.iter()).map(|(a, b)| a ^ b).collect()
}
