//! The state root: at every write of the tool, the digest of each table of a union's books (and
//! the head of its voucher chain) is folded into one root, chained to the root before it. An
//! auditor signs `SEQ:ROOT` (printed in every report's footer); `verify --anchor SEQ:ROOT` proves
//! the books still extend that state. Pure: the store computes the digests, this module folds
//! and compares them.

use sha2::{Digest, Sha256};

/// The format of state entries written now (how each table is digested). Entries keep the version
/// they were written with, so books made by earlier versions still verify; bump it whenever a
/// digest changes. Books are compared with an entry only if it has the current version. 2: open
/// vouchers by month, statement lines by import; 3: statement lines read as one packed text each.
pub const VERSION: i64 = 3;

/// How many hex digits of a root are shown (and at least how many an anchor must give).
pub const SHOWN: usize = 24;
pub const ANCHOR_MIN: usize = 16;

/// One entry of the state log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub version: i64,
    pub at: String,
    pub actor: String,
    /// (table, digest) in a fixed order; the voucher chain as `vouchers` = `SEQ:HASH`.
    pub heads: Vec<(String, String)>,
    pub prev_root: String,
    pub root: String,
}

impl Entry {
    /// The next entry after `prev` (or the first), for these heads.
    pub fn next(prev: Option<&Entry>, heads: Vec<(String, String)>, at: String, actor: String) -> Entry {
        let seq = prev.map(|p| p.seq + 1).unwrap_or(1);
        let prev_root = prev.map(|p| p.root.clone()).unwrap_or_default();
        let root = fold(VERSION, seq, &prev_root, &heads);
        Entry { seq, version: VERSION, at, actor, heads, prev_root, root }
    }

    /// `SEQ:ROOT…` as printed in footers and signed by an auditor.
    pub fn label(&self) -> String {
        format!("{}:{}", self.seq, &self.root[..SHOWN.min(self.root.len())])
    }

    pub fn head(&self, table: &str) -> Option<&str> {
        self.heads.iter().find(|(t, _)| t == table).map(|(_, d)| d.as_str())
    }
}

/// The root of an entry: its format version, position, the previous root and every head.
pub fn fold(version: i64, seq: i64, prev_root: &str, heads: &[(String, String)]) -> String {
    let mut h = Sha256::new();
    let field = |h: &mut Sha256, s: &str| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    field(&mut h, "gonghui-state");
    h.update(version.to_le_bytes());
    h.update(seq.to_le_bytes());
    field(&mut h, prev_root);
    h.update((heads.len() as u64).to_le_bytes());
    for (t, d) in heads {
        field(&mut h, t);
        field(&mut h, d);
    }
    hex::encode(h.finalize())
}

/// Heads as stored: one `table=digest` per line.
pub fn heads_text(heads: &[(String, String)]) -> String {
    heads.iter().map(|(t, d)| format!("{t}={d}")).collect::<Vec<_>>().join("\n")
}

pub fn parse_heads(text: &str) -> Vec<(String, String)> {
    text.lines().filter_map(|l| l.split_once('=')).map(|(t, d)| (t.to_string(), d.to_string())).collect()
}

/// What an auditor signed: `SEQ:ROOT` (the root's first 16 hex digits at least).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub root: String,
}

impl Anchor {
    pub fn parse(text: &str) -> Result<Anchor, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "锚点“{t}”格式不对：应写成 序号:哈希（报表页脚的“状态根”，如 12:3fa9c0…，哈希至少 {ANCHOR_MIN} 位）"
            )
        };
        let (seq, root) = t.split_once([':', '：']).ok_or_else(bad)?;
        let seq: i64 = seq.trim().parse().map_err(|_| bad())?;
        let root = root.trim().to_ascii_lowercase();
        if root.len() < ANCHOR_MIN || !root.chars().all(|c| c.is_ascii_hexdigit()) || seq < 1 {
            return Err(bad());
        }
        Ok(Anchor { seq, root })
    }
}

/// What is wrong with a log: the chain of roots itself (each root refolds from its heads, each
/// entry follows the one before).
pub fn chain_faults(entries: &[Entry]) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev: Option<&Entry> = None;
    for e in entries {
        let want_seq = prev.map(|p| p.seq + 1).unwrap_or(1);
        if e.seq != want_seq {
            out.push(format!("状态记录第 {want_seq} 次缺失（下一条为第 {} 次）：状态记录被删除", e.seq));
        }
        if e.prev_root != prev.map(|p| p.root.as_str()).unwrap_or("") {
            out.push(format!("状态记录第 {} 次与前一次不衔接：状态记录被改动", e.seq));
        }
        if e.root != fold(e.version, e.seq, &e.prev_root, &e.heads) {
            out.push(format!("状态记录第 {} 次的状态根与其内容不符：状态记录被改动", e.seq));
        }
        prev = Some(e);
    }
    out
}

/// Tables whose digest differs between two sets of heads. A table the recorded heads do not have
/// (covered by a later version) is not a change.
pub fn changed_tables(recorded: &[(String, String)], now: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (t, d) in now {
        match recorded.iter().find(|(r, _)| r == t) {
            Some((_, rd)) if rd == d => {}
            None => {}
            _ => out.push(t.clone()),
        }
    }
    for (t, _) in recorded {
        if !now.iter().any(|(n, _)| n == t) {
            out.push(t.clone());
        }
    }
    out
}

/// Names of the tables as people read them.
pub fn table_label(t: &str) -> &str {
    match t {
        "vouchers" => "已记账凭证",
        "open_vouchers" => "未记账凭证",
        "orgs" => "单位信息",
        "settings" => "设置",
        "user_roles" => "用户角色",
        "user_keys" => "用户签名公钥",
        "signed_acts" => "签名记录",
        "attachments" => "凭证附件",
        "audit_opinions" => "经审会意见",
        "departure_audits" => "离任审计记录",
        "statement_notes" => "报表附注",
        "audit_disposition_log" => "审计发现的处理记录",
        "events" => "操作记录",
        "accounts" => "会计科目",
        "activities" => "活动",
        "voucher_seq" => "凭证编号",
        "balances" => "科目月余额",
        "closed_periods" => "结账（月份锁定）",
        "reopenings" => "反结账记录",
        "payroll" => "工资数据",
        "payroll_changes" => "工资数据变更",
        "allocation_settings" => "拨缴设置",
        "budget_versions" => "预算版本",
        "budget_lines" => "预算明细",
        "assets" => "固定资产",
        "depreciation_runs" => "折旧记录",
        "bank_imports" => "银行流水导入记录",
        "bank_lines" => "银行流水",
        "bank_lines@import" => "银行流水（按导入）",
        "budget@version" => "预算（按版本）",
        "locks@month" => "结账（按月份）",
        "bank_links" => "流水与凭证的对应",
        "bank_booked" => "流水生成的凭证",
        "bank_ignored" => "忽略的流水",
        "bank_statements" => "对账单余额",
        "members" => "会员名册",
        "benefits" => "慰问发放名单",
        "audit_findings" => "审计发现",
        "audit_dispositions" => "审计发现的处理",
        "voucher_files" => "已导入的凭证文件",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(x: &str) -> Vec<(String, String)> {
        vec![("vouchers".into(), "3:abc".into()), ("bank_lines".into(), x.into())]
    }

    #[test]
    fn a_log_chains_and_any_change_shows() {
        let a = Entry::next(None, heads("d1"), "t".into(), "张敏".into());
        let b = Entry::next(Some(&a), heads("d2"), "t".into(), "张敏".into());
        assert!(chain_faults(&[a.clone(), b.clone()]).is_empty());
        let mut forged = b.clone();
        forged.heads = heads("d3");
        assert_eq!(chain_faults(&[a.clone(), forged]).len(), 1);
        assert_eq!(chain_faults(std::slice::from_ref(&b)).len(), 2, "the first entry missing");
        assert_eq!(changed_tables(&a.heads, &b.heads), vec!["bank_lines"]);
    }

    #[test]
    fn anchors_are_read_as_printed() {
        let a = Entry::next(None, heads("d1"), "t".into(), "x".into());
        let parsed = Anchor::parse(&a.label()).unwrap();
        assert_eq!(parsed.seq, 1);
        assert!(a.root.starts_with(&parsed.root));
        assert!(Anchor::parse("1:abc").is_err());
        assert!(Anchor::parse("x").is_err());
        assert!(Anchor::parse("3：0123456789abcdef0").is_ok());
    }
}
