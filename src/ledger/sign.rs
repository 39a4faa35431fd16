//! Signed acts (issue 17): in `enforced` mode each review, posting, disposition, reopening and
//! waiver is signed with the actor's Ed25519 key (derived from their password, never stored), and
//! the signature and public key are kept in the books under the state log. What is signed is one
//! text: the union, the act's place in the union's list of acts, when, who, what kind, on what, and
//! a digest of the content acted on. `verify` checks every signature and that the vouchers say
//! who reviewed and posted them as the signed acts do.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// The kinds of signed acts and how people call them.
pub fn kind_label(kind: &str) -> &str {
    match kind {
        "review" => "审核",
        "post" => "记账",
        "dispose" => "审计发现处理",
        "reopen" => "反结账",
        "waiver" => "免除单独审核",
        "rectify" => "整改登记",
        "opinion" => "审查意见",
        "departure" => "离任审计记录",
        "budget_approve" => "预算审批",
        "budget_submit" => "预算报送",
        other => other,
    }
}

/// One signed act as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Act {
    pub seq: i64,
    pub at: String,
    pub name: String,
    pub kind: String,
    pub subject: String,
    pub digest: String,
    pub public_key: String,
    pub signature: String,
}

/// The text that is signed.
pub fn message(org_code: &str, seq: i64, at: &str, name: &str, kind: &str, subject: &str, digest: &str) -> Vec<u8> {
    let mut m = Vec::new();
    for part in ["gonghui-act-1", org_code, &seq.to_string(), at, name, kind, subject, digest] {
        m.extend_from_slice(&(part.len() as u64).to_le_bytes());
        m.extend_from_slice(part.as_bytes());
    }
    m
}

/// The SHA-256 of texts, each length-prefixed, in hexadecimal: the digest of what an act is on.
pub fn digest<S: AsRef<str>>(parts: &[S]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.as_ref().len() as u64).to_le_bytes());
        h.update(p.as_ref().as_bytes());
    }
    hex::encode(h.finalize())
}

/// A signing key from 32 bytes of key material.
pub fn key_from_seed(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}

pub fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

pub fn sign(key: &SigningKey, message: &[u8]) -> String {
    hex::encode(key.sign(message).to_bytes())
}

/// Whether `signature` (hex) is `public_key`'s (hex) over `message`.
pub fn valid(public_key: &str, message: &[u8], signature: &str) -> bool {
    let (Ok(pk), Ok(sig)) = (hex::decode(public_key), hex::decode(signature)) else { return false };
    let (Ok(pk), Ok(sig)) = (<[u8; 32]>::try_from(pk.as_slice()), <[u8; 64]>::try_from(sig.as_slice())) else {
        return false;
    };
    let Ok(vk) = VerifyingKey::from_bytes(&pk) else { return false };
    vk.verify(message, &Signature::from_bytes(&sig)).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_for_its_text_only() {
        let k = key_from_seed([7; 32]);
        let m = message("school", 1, "2025-03-01T00:00:00Z", "刘洋", "review", "记-202503-0001", "abc");
        let s = sign(&k, &m);
        assert!(valid(&public_hex(&k), &m, &s));
        let other = message("school", 1, "2025-03-01T00:00:00Z", "张敏", "review", "记-202503-0001", "abc");
        assert!(!valid(&public_hex(&k), &other, &s), "another name");
        assert!(!valid(&public_hex(&key_from_seed([8; 32])), &m, &s), "another key");
        assert!(!valid("zz", &m, &s));
    }
}
