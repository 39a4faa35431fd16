//! The state log's storage: the digest of each table of one union's books, and the log itself.

use super::dump::cell_text;
use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::state::{heads_text, parse_heads, Entry};
use sha2::{Digest, Sha256};
use sqlx::{AssertSqlSafe, Row};
use std::collections::BTreeMap;

/// The tables a state covers: (name, the rows of one union, key order). Posted vouchers and their
/// entries are covered by their own hash chain (whose head is folded in as `vouchers`, and which
/// `verify` recomputes from their content); the monthly balances are covered here too, so that a
/// write on books whose balances were edited is refused at once.
const COVERED: &[(&str, &str, &str)] = &[
    ("orgs", "SELECT id, code, name, province, created_at FROM orgs WHERE id = $1", ""),
    ("settings", "settings", "key"),
    ("events", "events", "id"),
    ("accounts", "accounts", "code"),
    ("activities", "activities", "code"),
    ("voucher_seq", "voucher_seq", "period"),
    ("balances", "balances", "period, account, activity"),
    ("closed_periods", "closed_periods", "period"),
    ("reopenings", "reopenings", "id"),
    ("payroll", "payroll", "period"),
    ("payroll_changes", "payroll_changes", "period, changed_at"),
    ("allocation_settings", "allocation_settings", "year"),
    ("budget_versions", "budget_versions", "year, version"),
    // The 经济分类 code (migration 0026) is read with the note, after U+001F, only where a line
    // has one: books kept before it digest as they did.
    (
        "budget_lines",
        "SELECT org_id, year, version, line_no, account, activity, amount,
                CASE WHEN econ = '' THEN note ELSE note || '\u{1f}' || econ END AS note
         FROM budget_lines WHERE org_id = $1 ORDER BY year, version, line_no",
        "",
    ),
    ("assets", "assets", "id"),
    ("depreciation_runs", "depreciation_runs", "period"),
    ("bank_imports", "bank_imports", "id"),
    ("bank_links", "bank_links", "account, fingerprint, voucher_no"),
    ("bank_booked", "bank_booked", "account, fingerprint"),
    ("bank_ignored", "bank_ignored", "account, fingerprint"),
    ("bank_statements", "bank_statements", "account, period"),
    ("members", "members", "no"),
    ("benefits", "benefits", "voucher_no, line_no"),
    ("audit_findings", "audit_findings", "period, key"),
    ("audit_dispositions", "audit_dispositions", "period, key"),
    ("audit_opinions", "audit_opinions", "year, version"),
    ("departure_audits", "departure_audits", "chair, span_from, span_to, version"),
    ("statement_notes", "statement_notes", "year, item, version"),
    ("audit_disposition_log", "audit_disposition_log", "period, key, n"),
    ("voucher_files", "voucher_files", "id"),
    ("user_roles", "user_roles", "name, role"),
    ("user_keys", "user_keys", "public_key"),
    ("signed_acts", "signed_acts", "seq"),
    (
        "attachments",
        "SELECT voucher_id, n, file_name, media_type, size, sha256, invoice_no, invoice_amount, added_by, added_at
         FROM attachments WHERE org_id = $1 ORDER BY voucher_id, n",
        "",
    ),
];

/// Content that changes in place and whose digest the use case records in its event.
pub enum Held<'a> {
    Members,
    Findings(&'a str),
}

/// Tables only ever appended to, in id order: their head is `COUNT:CHAIN` (a running hash over
/// the rows), so that the rows an anchored state had can be checked again later, whatever was
/// appended since.
const APPEND_ONLY: &[&str] = &["events", "reopenings", "signed_acts"];

/// Tables digested part by part, each part's digest kept in the head (`KEY/DIGEST,…`), so that a
/// write re-digests only the parts it marked (`open_vouchers@202503`): the open vouchers by month,
/// the statement lines by import. The key comes first in each row.
struct Parted {
    name: &'static str,
    /// Rows of one union, the key first, before any further condition and the order.
    select: &'static str,
    key: &'static str,
    order: &'static str,
    /// Rows grouped by these columns (several lines in one row), or none.
    group: &'static str,
    /// The whole query of state format 2, where format 3 changed it (to check anchors signed
    /// before).
    v2: &'static str,
}

/// A statement's lines of one account and day as one text, each line's columns as `LENGTH:TEXT`
/// (`~` for NULL) after its fingerprint in hexadecimal, the lines in their order, split by U+001E
/// (state format 3): each row read from the database costs far more than its width, and read line
/// by line and column by column, the digests of a million-line import took 20 s. `{fp}` and
/// `{rs}` stand for what the two engines spell differently, `{cell:COLUMN}` for a column's
/// `LENGTH:TEXT` ([`cell_sql`]).
macro_rules! packed_lines {
    ($($col:literal),*) => {
        concat!(
            "SELECT CAST(import_id AS TEXT) AS k, string_agg({fp}",
            $(" || {cell:", $col, "}",)*
            ", {rs} ORDER BY seq) FROM bank_lines WHERE org_id = $1"
        )
    };
}

/// A column as `LENGTH:TEXT` (its length in characters), `~` for NULL. SQLite turns a number into
/// its text by itself wherever text is asked for, the same text CAST gives, and each CAST spelled
/// out cost a fifth of a million-line digest; PostgreSQL needs them.
fn cell_sql(col: &str, sqlite: bool) -> String {
    if sqlite {
        format!("COALESCE(length({col}) || ':' || {col}, '~')")
    } else {
        format!("COALESCE(CAST(length(CAST({col} AS TEXT)) AS TEXT) || ':' || CAST({col} AS TEXT), '~')")
    }
}

/// `select` with each `{cell:COLUMN}` written out by [`cell_sql`].
fn expand_cells(select: &str, sqlite: bool) -> String {
    let mut out = String::with_capacity(select.len() * 2);
    let mut rest = select;
    while let Some(at) = rest.find("{cell:") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 6..];
        let end = after.find('}').expect("a {cell:…} is closed");
        out.push_str(&cell_sql(&after[..end], sqlite));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

const PARTED: &[Parted] = &[
    Parted {
        name: "open_vouchers",
        select: "SELECT CAST(period AS TEXT) AS k, * FROM vouchers WHERE org_id = $1 AND status <> 'posted'",
        key: "period",
        order: "period, id",
        group: "",
        v2: "",
    },
    Parted {
        name: "bank_lines",
        select: packed_lines!(
            "account",
            "seq",
            "import_id",
            "file_line",
            "date",
            "time",
            "amount",
            "balance",
            "counterparty",
            "counter_account",
            "summary",
            "serial",
            "voucher_no"
        ),
        key: "import_id",
        order: "import_id, account, date",
        group: "import_id, account, date",
        v2: "",
    },
];

/// Rows that no use case changes once written, digested per key (a statement import, a budget
/// version), so that what an anchored state had can be checked again whatever came after. The
/// key comes first. An import undone after the anchor may be gone; nothing else may. A keyed
/// digest fed by a parted table is re-digested for the marked parts only.
const KEYED: &[Parted] = &[
    Parted {
        name: "bank_lines@import",
        select: packed_lines!(
            "account",
            "seq",
            "file_line",
            "date",
            "time",
            "amount",
            "balance",
            "counterparty",
            "counter_account",
            "summary",
            "serial"
        ),
        key: "import_id",
        order: "import_id, account, date",
        group: "import_id, account, date",
        v2: "SELECT CAST(import_id AS TEXT) AS k, account, fingerprint, seq, file_line, date, time, amount, balance,
                counterparty, counter_account, summary, serial
         FROM bank_lines WHERE org_id = $1 ORDER BY import_id, account, fingerprint",
    },
    Parted {
        name: "budget@version",
        select: "SELECT CAST(l.year AS TEXT) || '-' || CAST(l.version AS TEXT) AS k, v.approved_on, v.doc_no, v.reason,
                l.line_no, l.account, l.activity, l.amount,
                CASE WHEN l.econ = '' THEN l.note ELSE l.note || '\u{1f}' || l.econ END AS note
         FROM budget_lines l JOIN budget_versions v ON v.org_id = l.org_id AND v.year = l.year AND v.version = l.version
         WHERE l.org_id = $1",
        key: "",
        order: "l.year, l.version, l.line_no",
        group: "",
        v2: "",
    },
    Parted {
        name: "locks@month",
        select: "SELECT CAST(period AS TEXT) AS k, closed_by, closed_at FROM closed_periods WHERE org_id = $1",
        key: "",
        order: "period",
        group: "",
        v2: "",
    },
];

impl Parted {
    fn sql(&self, condition: &str, sqlite: bool) -> String {
        let (fp, rs) =
            if sqlite { ("hex(fingerprint)", "char(30)") } else { ("upper(encode(fingerprint, 'hex'))", "chr(30)") };
        let group = if self.group.is_empty() { String::new() } else { format!(" GROUP BY {}", self.group) };
        let select = expand_cells(&self.select.replace("{fp}", fp).replace("{rs}", rs), sqlite);
        format!("{select}{condition}{group} ORDER BY {}", self.order)
    }

    fn all(&self, sqlite: bool) -> String {
        self.sql("", sqlite)
    }

    /// Every row, as state entries of `version` digested them.
    fn all_as(&self, version: i64, sqlite: bool) -> String {
        if version < 3 && !self.v2.is_empty() {
            self.v2.to_string()
        } else {
            self.all(sqlite)
        }
    }

    fn parts(&self, keys: &[i64], sqlite: bool) -> String {
        let list: Vec<String> = keys.iter().map(i64::to_string).collect();
        self.sql(&format!(" AND {} IN ({})", self.key, list.join(",")), sqlite)
    }
}

/// The parts of a parted digest marked changed (`name@KEY`), or `None` when the whole table is.
fn marked_parts(name: &str, dirty: &[String]) -> Option<Vec<i64>> {
    let mut keys = Vec::new();
    for d in dirty {
        if d == name {
            return None;
        }
        if let Some(k) = d.strip_prefix(name).and_then(|r| r.strip_prefix('@')) {
            keys.push(k.parse().ok()?);
        }
    }
    Some(keys)
}

/// `KEY/DIGEST,…` with the marked parts replaced by what they are now (a part with no rows now
/// is gone), in key order.
fn merge_parts(before: &str, keys: &[i64], now: Vec<(String, String)>) -> String {
    let mut parts: BTreeMap<i64, String> = BTreeMap::new();
    for item in before.split(',').filter(|i| !i.is_empty()) {
        if let Some((k, d)) = item.split_once('/') {
            if let Ok(k) = k.parse::<i64>() {
                if !keys.contains(&k) {
                    parts.insert(k, d.to_string());
                }
            }
        }
    }
    for (k, d) in now {
        if let Ok(k) = k.parse::<i64>() {
            parts.insert(k, d);
        }
    }
    parts.into_iter().map(|(k, d)| format!("{k}/{d}")).collect::<Vec<_>>().join(",")
}

fn joined(parts: &[(String, String)]) -> String {
    parts.iter().map(|(k, d)| format!("{k}/{d}")).collect::<Vec<_>>().join(",")
}

/// The tables whose change changes a keyed digest.
fn keyed_sources(name: &str) -> &'static [&'static str] {
    match name {
        "budget@version" => &["budget_lines", "budget_versions"],
        "locks@month" => &["closed_periods"],
        _ => &[],
    }
}

/// Add a row's cells (each with its length) and an end mark to a digest.
macro_rules! hash_row {
    ($h:expr, $r:expr) => {{
        let r = $r;
        for i in 0..r.len() {
            let v: String = cell_text(r, i);
            $h.update((v.len() as u64).to_le_bytes());
            $h.update(v.as_bytes());
        }
        $h.update(b"\n");
    }};
}

/// The next link of an append-only table's chain: the hash of the previous link and the row.
macro_rules! chain_row {
    ($chain:expr, $r:expr) => {{
        let mut h = Sha256::new();
        h.update($chain.as_bytes());
        hash_row!(h, $r);
        hex::encode(h.finalize())
    }};
}

fn covered_sql(source: &str, order: &str) -> String {
    if order.is_empty() {
        source.to_string()
    } else {
        format!("SELECT * FROM {source} WHERE org_id = $1 ORDER BY {order}")
    }
}

impl Store {
    /// The digest of each covered table's rows of this union, and the voucher chain's head.
    pub async fn state_heads(&self, org: &Org) -> Result<Vec<(String, String)>> {
        self.state_heads_after(org, &[], &[]).await
    }

    /// The heads after a write that changed only the `dirty` tables (as marked by the triggers of
    /// migration 0011), from the heads recorded before it: the changed tables are digested again
    /// (an append-only one only past the rows it had), the others kept. Equal to
    /// [`Store::state_heads`] whenever the marks are complete.
    pub async fn state_heads_after(
        &self,
        org: &Org,
        before: &[(String, String)],
        dirty: &[String],
    ) -> Result<Vec<(String, String)>> {
        let was = |name: &str| before.iter().find(|(t, _)| t == name).map(|(_, d)| d.clone());
        let (chain_seq, chain_hash) = self.chain_head(org).await?;
        let mut heads = vec![("vouchers".to_string(), format!("{chain_seq}:{chain_hash}"))];
        for (name, source, order) in COVERED {
            let sql = covered_sql(source, order);
            let digest = match was(name) {
                Some(d) if !dirty.iter().any(|t| t == name) => d,
                Some(d) if APPEND_ONLY.contains(name) => self.append_digest_from(org, name, &sql, &d).await?,
                _ => self.table_digest(org, name, &sql, None).await?,
            };
            heads.push((name.to_string(), digest));
        }
        for p in PARTED {
            heads.push((p.name.to_string(), self.parted_digest(org, p, was(p.name), p.name, dirty).await?));
        }
        for p in KEYED {
            let digest = if p.key.is_empty() {
                let sources = keyed_sources(p.name);
                match was(p.name) {
                    Some(d) if !dirty.iter().any(|t| sources.contains(&t.as_str())) => d,
                    _ => joined(&self.keyed_digests(org, &p.all(self.is_sqlite())).await?),
                }
            } else {
                // Fed by the parted table of the same marks (statement lines by import).
                let marks = p.name.split('@').next().unwrap_or(p.name);
                self.parted_digest(org, p, was(p.name), marks, dirty).await?
            };
            heads.push((p.name.to_string(), digest));
        }
        Ok(heads)
    }

    /// A parted digest: the parts marked in `dirty` digested again, the others as `before` had
    /// them; everything when there is no `before` or the whole table is marked.
    async fn parted_digest(
        &self,
        org: &Org,
        p: &Parted,
        before: Option<String>,
        marks: &str,
        dirty: &[String],
    ) -> Result<String> {
        match (before, marked_parts(marks, dirty)) {
            (Some(d), Some(keys)) if keys.is_empty() => Ok(d),
            (Some(d), Some(keys)) => {
                Ok(merge_parts(&d, &keys, self.keyed_digests(org, &p.parts(&keys, self.is_sqlite())).await?))
            }
            _ => Ok(joined(&self.keyed_digests(org, &p.all(self.is_sqlite())).await?)),
        }
    }

    /// The covered tables changed since the marks were last cleared.
    pub async fn dirty_tables(&self, org: &Org) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT tbl FROM state_dirty WHERE org_id = $1 ORDER BY tbl")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?)
        })
    }

    /// Clear a union's marks (its state has just been recorded).
    pub async fn clear_dirty(&self, org: &Org) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("DELETE FROM state_dirty WHERE org_id = $1").bind(org.id).execute(&mut *c).await?;
            Ok(())
        })
    }

    /// An append-only table's chain `COUNT:HASH` carried on over the rows past its first COUNT.
    async fn append_digest_from(&self, org: &Org, name: &str, sql: &str, before: &str) -> Result<String> {
        let Some((count, chain)) = before.split_once(':').and_then(|(n, c)| Some((n.parse::<u64>().ok()?, c))) else {
            return self.table_digest(org, name, sql, None).await;
        };
        let rest =
            if self.is_sqlite() { format!("{sql} LIMIT -1 OFFSET {count}") } else { format!("{sql} OFFSET {count}") };
        let chain = chain.to_string();
        Ok(with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut chain = chain.clone();
            let mut n = count;
            let mut rows = sqlx::query(AssertSqlSafe(rest)).bind(org.id).fetch(&mut *c);
            while let Some(r) = rows.try_next().await? {
                n += 1;
                chain = chain_row!(chain, &r);
            }
            format!("{n}:{chain}")
        }))
    }

    /// A table's digest: SHA-256 over its rows and their count; for an append-only table the
    /// running chain over its rows as `COUNT:HASH`, over the first `limit` rows when given.
    async fn table_digest(&self, org: &Org, name: &str, sql: &str, limit: Option<i64>) -> Result<String> {
        self.digest_bound(org, name, sql, limit, None).await
    }

    /// What a use case writes in place and records in its event, digested the same way at both
    /// times: the member register, or one period's kept findings.
    pub async fn held_digest(&self, org: &Org, held: Held<'_>) -> Result<String> {
        let d = match held {
            Held::Members => {
                self.digest_bound(org, "members", "SELECT * FROM members WHERE org_id = $1 ORDER BY no", None, None)
                    .await?
            }
            Held::Findings(period) => {
                let sql = "SELECT * FROM audit_findings WHERE org_id = $1 AND period = $2 ORDER BY key";
                self.digest_bound(org, "audit_findings", sql, None, Some(period)).await?
            }
        };
        Ok(d[..32].to_string())
    }

    /// The periods (keys such as `2025`) that have kept findings.
    pub async fn finding_periods(&self, org: &Org) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT DISTINCT period FROM audit_findings WHERE org_id = $1 ORDER BY period")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?)
        })
    }

    async fn digest_bound(
        &self,
        org: &Org,
        name: &str,
        sql: &str,
        limit: Option<i64>,
        extra: Option<&str>,
    ) -> Result<String> {
        let append_only = APPEND_ONLY.contains(&name);
        let sql = match limit {
            Some(n) => format!("{sql} LIMIT {n}"),
            None => sql.to_string(),
        };
        Ok(with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut chain = String::new();
            let mut h = Sha256::new();
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(org.id);
            if let Some(x) = extra {
                q = q.bind(x);
            }
            let mut rows = q.fetch(&mut *c);
            let mut n = 0u64;
            while let Some(r) = rows.try_next().await? {
                n += 1;
                if append_only {
                    chain = chain_row!(chain, &r);
                } else {
                    hash_row!(h, &r);
                }
            }
            if append_only {
                format!("{n}:{chain}")
            } else {
                h.update(n.to_le_bytes());
                hex::encode(h.finalize())
            }
        }))
    }

    /// For each append-only table whose head in `heads` is `COUNT:HASH`: whether its first COUNT
    /// rows still hash to HASH. Returns the tables whose rows of then have changed.
    pub async fn append_only_changed(&self, org: &Org, heads: &[(String, String)]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for (name, source, order) in COVERED.iter().filter(|(n, _, _)| APPEND_ONLY.contains(n)) {
            let Some((count, _)) = heads.iter().find(|(t, _)| t == name).and_then(|(_, d)| d.split_once(':')) else {
                continue;
            };
            let Ok(count) = count.parse::<i64>() else { continue };
            let want = heads.iter().find(|(t, _)| t == name).map(|(_, d)| d.clone()).unwrap_or_default();
            if self.table_digest(org, name, &covered_sql(source, order), Some(count)).await? != want {
                out.push(name.to_string());
            }
        }
        Ok(out)
    }

    /// Digest per key of a keyed table (`KEYED`): (key, digest) in key order.
    async fn keyed_digests(&self, org: &Org, sql: &str) -> Result<Vec<(String, String)>> {
        let sql = sql.to_string();
        Ok(with_db!(self, |c| {
            use futures_util::TryStreamExt;
            let mut out: Vec<(String, String)> = Vec::new();
            let mut cur: Option<(String, Sha256)> = None;
            let mut rows = sqlx::query(AssertSqlSafe(sql)).bind(org.id).fetch(&mut *c);
            while let Some(r) = rows.try_next().await? {
                let k: String = cell_text(&r, 0);
                if cur.as_ref().is_some_and(|(ck, _)| *ck != k) {
                    let (ck, h) = cur.take().expect("checked");
                    out.push((ck, hex::encode(h.finalize())[..32].to_string()));
                }
                let (_, h) = cur.get_or_insert_with(|| (k.clone(), Sha256::new()));
                for i in 1..r.len() {
                    let v: String = cell_text(&r, i);
                    h.update((v.len() as u64).to_le_bytes());
                    h.update(v.as_bytes());
                }
                h.update(b"\n");
            }
            if let Some((ck, h)) = cur {
                out.push((ck, hex::encode(h.finalize())[..32].to_string()));
            }
            out
        }))
    }

    /// What of an anchored state's keyed rows (`KEYED`) is no longer as it was: (table, key).
    pub async fn keyed_changed(
        &self,
        org: &Org,
        version: i64,
        heads: &[(String, String)],
    ) -> Result<Vec<(String, String)>> {
        let undone: Vec<i64> = with_db!(self, |c| {
            sqlx::query_scalar("SELECT id FROM bank_imports WHERE org_id = $1 AND undone_at IS NOT NULL")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?
        });
        let reopened: Vec<i64> = with_db!(self, |c| {
            sqlx::query_scalar("SELECT period FROM reopenings WHERE org_id = $1 AND scope = 'month'")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?
        });
        let mut out = Vec::new();
        for p in KEYED {
            let name = &p.name;
            let Some((_, then)) = heads.iter().find(|(t, _)| t == name) else { continue };
            let now = self.keyed_digests(org, &p.all_as(version, self.is_sqlite())).await?;
            for item in then.split(',').filter(|i| !i.is_empty()) {
                let Some((k, d)) = item.split_once('/') else { continue };
                match now.iter().find(|(nk, _)| nk == k) {
                    Some((_, nd)) if nd == d => {}
                    // An import undone, a month reopened: gone, with the record that says why.
                    None if *name == "bank_lines@import" && k.parse::<i64>().is_ok_and(|id| undone.contains(&id)) => {}
                    None if *name == "locks@month" && k.parse::<i64>().is_ok_and(|p| reopened.contains(&p)) => {}
                    _ => out.push((name.to_string(), k.to_string())),
                }
            }
        }
        Ok(out)
    }

    /// The state log of a union, oldest first (from entry `from` on).
    pub async fn state_log(&self, org: &Org, from: i64) -> Result<Vec<Entry>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT seq, version, at, actor, heads, prev_root, root FROM state_log
                 WHERE org_id = $1 AND seq >= $2 ORDER BY seq",
            )
            .bind(org.id)
            .bind(from)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(Entry {
                    seq: r.try_get("seq")?,
                    version: r.try_get("version")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    heads: parse_heads(&r.try_get::<String, _>("heads")?),
                    prev_root: r.try_get("prev_root")?,
                    root: r.try_get("root")?,
                });
            }
            Ok(out)
        })
    }

    /// The last entry of a union's state log.
    pub async fn state_head(&self, org: &Org) -> Result<Option<Entry>> {
        let seq: Option<i64> = with_db!(self, |c| {
            sqlx::query_scalar("SELECT MAX(seq) FROM state_log WHERE org_id = $1")
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?
        });
        match seq {
            Some(s) => Ok(self.state_log(org, s).await?.into_iter().next()),
            None => Ok(None),
        }
    }

    pub async fn append_state(&self, org: &Org, e: &Entry) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO state_log (org_id, seq, version, at, actor, heads, prev_root, root)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(e.seq)
            .bind(e.version)
            .bind(&e.at)
            .bind(&e.actor)
            .bind(heads_text(&e.heads))
            .bind(&e.prev_root)
            .bind(&e.root)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }
}
