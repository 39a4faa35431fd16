//! Checking the state log: its chain of roots, the books against its last entry (a table changed
//! behind the tool's back is named), and an auditor's anchor (`SEQ:ROOT`) against the log and the
//! voucher chain (history rewritten and re-chained since the anchor is caught).

use super::Books;
use crate::error::Result;
use crate::ledger::state::{chain_faults, changed_tables, table_label, Anchor, Entry};
use serde::Serialize;

#[derive(Debug, Default, Serialize)]
pub struct StateCheck {
    /// The current state (`SEQ:ROOT…`), when the books have one.
    pub state: Option<String>,
    pub problems: Vec<String>,
    /// The writes recorded since the anchor: when, who, which tables.
    pub since_anchor: Vec<String>,
}

/// Where an event's detail gives the digest of what its use case wrote.
pub const DIGEST_MARK: &str = "｜摘要 ";

/// The event kind that records an audit run (its findings' digest).
pub const AUDIT_EVENT: &str = "audit_run";

fn digest_of(detail: &str) -> Option<&str> {
    detail.rsplit_once(DIGEST_MARK).map(|(_, d)| d)
}

/// The event kind that records an auditor's disposition.
pub const DISPOSE_EVENT: &str = "audit_dispose";

/// The event recording a disposition: (subject, detail). Evidence, where given, follows the note
/// (events recorded before evidence was asked for end with the note).
pub fn disposition_event(period: &str, key: &str, outcome: &str, note: &str, evidence: &str) -> (String, String) {
    let detail = if evidence.is_empty() {
        format!("{outcome}\u{1f}{note}")
    } else {
        format!("{outcome}\u{1f}{note}\u{1f}{evidence}")
    };
    (format!("{period}/{key}"), detail)
}

/// Versions kept only by adding (subject, digest, what) against the events that entered them
/// (`kind`): a version unlike its event, one without an event, and an event without its version
/// are named.
fn held_to_events(
    out: &mut Vec<String>,
    events: &[crate::store::Event],
    kind: &str,
    noun: &str,
    versions: &[(String, String, String)],
) {
    for (subject, digest, what) in versions {
        match events.iter().rev().find(|e| e.kind == kind && &e.subject == subject) {
            Some(e) if digest_of(&e.detail) == Some(digest.as_str()) => {}
            Some(e) => out.push(format!(
                "{what}与 {} {} 录入时不同：{noun}被绕过本工具改动",
                crate::shown_time(&e.at),
                e.actor
            )),
            None => out.push(format!("{what}没有录入记录：{noun}被绕过本工具写入")),
        }
    }
    for e in events.iter().filter(|e| e.kind == kind) {
        if !versions.iter().any(|(s, _, _)| s == &e.subject) {
            out.push(format!("{noun} {} 已录入，表中却没有：{noun}被绕过本工具删除", e.subject));
        }
    }
}

impl Books<'_> {
    /// Settings and dispositions change in place; each change is also an event, and the events
    /// only ever grow (their past is pinned by an anchor). What the tables hold must be what the
    /// last event of each says: a value put there behind the tool's back, and re-sealed, is not.
    pub async fn unexplained(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let events = self.store.events(self.org, None).await?;
        let last = |kind: &str, pick: &dyn Fn(&str) -> bool| {
            events.iter().rev().find(|e| e.kind == kind && pick(&e.subject)).cloned()
        };
        let settings = self.store.settings(self.org).await?;
        for (k, v) in &settings {
            let prefix = format!("{k}=");
            match last("setting", &|s: &str| s.starts_with(&prefix)) {
                Some(e) if e.subject == format!("{k}={v}") => {}
                Some(e) => out.push(format!(
                    "设置 {k} 为“{v}”，而最后一次设置记录（{} {}）是“{}”：设置被绕过本工具改动",
                    crate::shown_time(&e.at),
                    e.actor,
                    e.subject.trim_start_matches(&prefix)
                )),
                None => out.push(format!("设置 {k} 为“{v}”，却没有任何设置记录：设置被绕过本工具写入")),
            }
        }
        for e in events.iter().filter(|e| e.kind == "setting") {
            let Some((k, _)) = e.subject.split_once('=') else { continue };
            if !settings.iter().any(|(sk, _)| sk == k) {
                out.push(format!("设置 {k} 有设置记录，表中却没有：设置被绕过本工具删除"));
            }
        }
        // The register and the findings, against the digest their last import or run recorded
        // (books from before these events carry none and are not held to one).
        if let Some(e) = last("members_import", &|_: &str| true) {
            if let Some(d) = digest_of(&e.detail) {
                if self.store.held_digest(self.org, crate::store::Held::Members).await? != d {
                    out.push(format!(
                        "会员名册与最后一次导入（{} {}）时不同：名册被绕过本工具改动",
                        crate::shown_time(&e.at),
                        e.actor
                    ));
                }
            }
        }
        let mut periods = self.store.finding_periods(self.org).await?;
        for e in events.iter().filter(|e| e.kind == AUDIT_EVENT) {
            if !periods.contains(&e.subject) {
                periods.push(e.subject.clone());
            }
        }
        for p in &periods {
            let Some(e) = last(AUDIT_EVENT, &|s: &str| s == p) else { continue };
            let Some(d) = digest_of(&e.detail) else { continue };
            if self.store.held_digest(self.org, crate::store::Held::Findings(p)).await? != d {
                out.push(format!(
                    "{p} 的审计发现与 {} {} 检查时不同：审计发现被绕过本工具改动",
                    crate::shown_time(&e.at),
                    e.actor
                ));
            }
        }
        let dispositions = self.store.all_dispositions(self.org).await?;
        for (period, key, outcome, note, evidence) in &dispositions {
            let (period, key) = (period.as_str(), key.as_str());
            let (subject, detail) = disposition_event(period, key, outcome, note, evidence);
            // Dispositions recorded before this check existed have no event; those cannot be held to one.
            if let Some(e) = last(DISPOSE_EVENT, &|s: &str| s == subject) {
                if e.detail != detail {
                    out.push(format!(
                        "审计发现 {key}（{period}）的处理结论与 {} {} 记录的不同：处理结论被绕过本工具改动",
                        crate::shown_time(&e.at),
                        e.actor
                    ));
                }
            }
        }
        for e in events.iter().filter(|e| e.kind == DISPOSE_EVENT) {
            let Some((period, key)) = e.subject.split_once('/') else { continue };
            if !dispositions.iter().any(|(p, k, _, _, _)| p == period && k == key) {
                out.push(format!("审计发现 {key}（{period}）的处理结论已记录，表中却没有：处理结论被绕过本工具删除"));
            }
        }
        // Each version of the committee's opinions and of the departure audits' records, against
        // the digest its entering event recorded.
        let versions: Vec<(String, String, String)> = self
            .store
            .opinions(self.org, None)
            .await?
            .iter()
            .map(|o| (o.subject(), o.digest(), format!("{} 年度经审会意见第 {} 版", o.year, o.version)))
            .collect();
        held_to_events(&mut out, &events, crate::audit::opinion::EVENT, "经审会意见", &versions);
        let versions: Vec<(String, String, String)> = self
            .store
            .departures(self.org, None)
            .await?
            .iter()
            .map(|d| {
                (
                    d.subject(),
                    d.digest(),
                    format!("{} 同志离任审计记录（{}）第 {} 版", d.chair, d.span.label(), d.version),
                )
            })
            .collect();
        held_to_events(&mut out, &events, crate::audit::departure::EVENT, "离任审计记录", &versions);
        Ok(out)
    }

    /// The books' current state entry, if any.
    pub async fn state(&self) -> Result<Option<Entry>> {
        self.store.state_head(self.org).await
    }

    pub async fn check_state(&self, anchor: Option<&Anchor>) -> Result<StateCheck> {
        let log = self.store.state_log(self.org, 1).await?;
        let mut out = StateCheck { problems: chain_faults(&log), ..Default::default() };
        out.problems.extend(self.unexplained().await?);
        let Some(head) = log.last() else {
            if let Some(a) = anchor {
                out.problems
                    .push(format!("锚点 {}：账簿没有任何状态记录（状态记录被删除，或锚点不属于这套账）", a.seq));
            }
            return Ok(out);
        };
        out.state = Some(head.label());
        let now = self.store.state_heads(self.org).await?;
        let comparable = head.version == crate::ledger::state::VERSION;
        for t in changed_tables(&head.heads, &now).into_iter().filter(|_| comparable) {
            out.problems.push(format!(
                "{}在最后一次记录（状态 {}，{} {}）之后被改动，不是经本工具",
                table_label(&t),
                head.label(),
                crate::shown_time(&head.at),
                head.actor
            ));
        }
        if let Some(a) = anchor {
            match log.iter().position(|e| e.seq == a.seq) {
                None => out
                    .problems
                    .push(format!("锚点 {}:{}：状态记录中没有第 {} 次（状态记录被删除或改写）", a.seq, a.root, a.seq)),
                Some(i) => {
                    let e = &log[i];
                    if !e.root.starts_with(&a.root) {
                        out.problems.push(format!(
                            "锚点 {}:{} 不符：状态记录第 {} 次的状态根已是 {}，签署之前的账簿被改写",
                            a.seq,
                            a.root,
                            a.seq,
                            e.label()
                        ));
                    }
                    self.check_anchored_chain(e, &mut out.problems).await?;
                    for (t, k) in self.store.keyed_changed(self.org, e.version, &e.heads).await? {
                        out.problems.push(match t.as_str() {
                            "bank_lines@import" => {
                                format!("银行流水：锚点时已有的导入 {k} 的流水被改动或删除（改动后重算了状态）")
                            }
                            "locks@month" => format!(
                                "结账：锚点时已结账的 {} 没有反结账记录却不再锁定（改动后重算了状态）",
                                k.parse::<i64>().map(|p| crate::ledger::period::Period(p).label()).unwrap_or(k)
                            ),
                            _ => format!("预算：锚点时已有的预算版本 {k} 被改动或删除（改动后重算了状态）"),
                        });
                    }
                    for t in self.store.append_only_changed(self.org, &e.heads).await? {
                        out.problems.push(format!(
                            "{}中锚点时已有的记录被改动或删除（只能追加的记录被改写后重算了状态）",
                            table_label(&t)
                        ));
                    }
                    let mut prev = e;
                    for later in &log[i + 1..] {
                        let changed = changed_tables(&prev.heads, &later.heads);
                        let tables: Vec<&str> = changed.iter().map(|t| table_label(t)).collect();
                        out.since_anchor.push(format!(
                            "状态 {}（{} {}）：{}",
                            later.label(),
                            crate::shown_time(&later.at),
                            later.actor,
                            tables.join("、")
                        ));
                        prev = later;
                    }
                }
            }
        }
        Ok(out)
    }

    /// The voucher chain as it stood at an anchored state must still be there: its last voucher
    /// then still carries the hash it had (re-chaining after an edit changes it).
    async fn check_anchored_chain(&self, e: &Entry, problems: &mut Vec<String>) -> Result<()> {
        let Some((seq, hash)) =
            e.head("vouchers").and_then(|v| v.split_once(':').map(|(s, h)| (s.to_string(), h.to_string())))
        else {
            return Ok(());
        };
        let Ok(seq) = seq.parse::<i64>() else { return Ok(()) };
        if seq == 0 {
            return Ok(());
        }
        match self.store.chained_hash(self.org, seq).await? {
            Some((_, h)) if h == hash => {}
            Some((no, _)) => problems.push(format!(
                "锚点时的第 {seq} 张记账凭证（现为 {no}）已不是签署时的样子：之前的记账凭证被改动后重算了哈希链"
            )),
            None => problems.push(format!("锚点时已有 {seq} 张记账凭证，现在不足 {seq} 张：记账凭证被删除")),
        }
        Ok(())
    }
}
