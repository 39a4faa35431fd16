//! `verify`'s check of the signed acts (issue 17): every signature is the registered key's over
//! its act, and every voucher reviewed or posted while the books were `enforced` says who reviewed
//! and posted it as a signed act does, over the same vouchers.

use super::Books;
use crate::error::Result;
use crate::ledger::sign::{self, kind_label};
use crate::store::SignedVoucher;
use std::collections::{BTreeMap, BTreeSet};

/// What a review or posting act is on: each voucher's id, number, date, summary and preparer.
pub fn voucher_parts(vs: &[&SignedVoucher]) -> Vec<String> {
    let mut parts = Vec::with_capacity(vs.len() * 5);
    for v in vs {
        parts.extend([v.id.to_string(), v.no.clone(), v.date.clone(), v.summary.clone(), v.prepared_by.clone()]);
    }
    parts
}

/// When the books were in `enforced` mode: (from, until) by the setting's changes in the event log.
fn enforced_spans(changes: &[(String, bool)]) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for (at, enforced) in changes {
        match (out.last_mut(), enforced) {
            (Some((_, end @ None)), false) => *end = Some(at.clone()),
            (Some((_, None)), true) => {}
            (_, true) => out.push((at.clone(), None)),
            (_, false) => {}
        }
    }
    out
}

fn within(spans: &[(String, Option<String>)], at: &str) -> bool {
    spans.iter().any(|(from, to)| at >= from.as_str() && to.as_deref().is_none_or(|t| at < t))
}

impl Books<'_> {
    /// What is wrong with the signed acts, in words.
    pub async fn signature_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let acts = self.store.signed_acts(self.org).await?;
        let keys: BTreeSet<(String, String)> = self.store.user_keys(self.org).await?.into_iter().collect();
        for a in &acts {
            let what = format!("签名记录第 {} 条（{} {} {}）", a.seq, a.name, kind_label(&a.kind), a.subject);
            if !keys.contains(&(a.name.clone(), a.public_key.clone())) {
                problems.push(format!("{what}：所用公钥不是 {} 登记的公钥（签名被替换）", a.name));
                continue;
            }
            let m = sign::message(&self.org.code, a.seq, &a.at, &a.name, &a.kind, &a.subject, &a.digest);
            if !sign::valid(&a.public_key, &m, &a.signature) {
                problems.push(format!("{what}：签名无效（签名记录被改动）"));
            }
        }
        let changes: Vec<(String, bool)> = self
            .store
            .events(self.org, Some("setting"))
            .await?
            .into_iter()
            .filter_map(|e| match e.subject.as_str() {
                "auth=enforced" => Some((e.at, true)),
                "auth=open" => Some((e.at, false)),
                _ => None,
            })
            .collect();
        let spans = enforced_spans(&changes);
        let Some((since, _)) = spans.first() else { return Ok(problems) };
        let vouchers = self.store.vouchers_acted_since(self.org, since).await?;
        // The acts on vouchers by (kind, who, when), and the vouchers that say they were so acted on.
        let signed: BTreeMap<(&str, &str, &str), &sign::Act> = acts
            .iter()
            .filter(|a| a.kind == "review" || a.kind == "post")
            .map(|a| ((a.kind.as_str(), a.name.as_str(), a.at.as_str()), a))
            .collect();
        let mut groups: BTreeMap<(&str, &str, &str), Vec<&SignedVoucher>> = BTreeMap::new();
        for v in &vouchers {
            for (kind, by, at) in [("review", &v.reviewed_by, &v.reviewed_at), ("post", &v.posted_by, &v.posted_at)] {
                if let (Some(by), Some(at)) = (by, at) {
                    if within(&spans, at) {
                        groups.entry((kind, by.as_str(), at.as_str())).or_default().push(v);
                    }
                }
            }
        }
        for ((kind, by, at), group) in &groups {
            let first = &group[0].no;
            let label = kind_label(kind);
            match signed.get(&(*kind, *by, *at)) {
                None => problems.push(format!(
                    "凭证 {first}{}：记录为 {by} {label}，但没有 {by} 的{label}签名（{label}人被改动）",
                    if group.len() > 1 { format!(" 等 {} 张", group.len()) } else { String::new() }
                )),
                Some(a) if a.digest != sign::digest(&voucher_parts(group)) => problems.push(format!(
                    "凭证 {first}{}：与 {by} 签名{label}的凭证不符（{label}人或凭证内容被改动）",
                    if group.len() > 1 { format!(" 等 {} 张", group.len()) } else { String::new() }
                )),
                Some(_) => {}
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_enforced_mode() {
        let c = |v: &[(&str, bool)]| v.iter().map(|(a, e)| (a.to_string(), *e)).collect::<Vec<_>>();
        let s = enforced_spans(&c(&[("1", true), ("2", true), ("3", false), ("5", true)]));
        assert_eq!(s, vec![("1".to_string(), Some("3".to_string())), ("5".to_string(), None)]);
        assert!(within(&s, "2") && !within(&s, "4") && within(&s, "9"));
        assert!(enforced_spans(&c(&[("1", false)])).is_empty());
    }
}
