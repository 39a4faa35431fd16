//! Vouchers: numbering, insertion (as drafts or posted in one go), review, posting with the hash
//! chain and the monthly balances, and reading them back.

use super::{values_clause, with_db, Org, Placeholders, Store, ROWS_PER_INSERT};
use crate::error::{Error, Result};
use crate::ledger::hash::posted_hash;
use crate::ledger::period::Period;
use crate::ledger::voucher::{Line, NewVoucher, Status, Voucher};
use crate::money::Amount;
use sqlx::Connection;
use sqlx::{AssertSqlSafe, Row};
use std::collections::{BTreeMap, HashMap};

/// What `insert_vouchers` makes of the new vouchers.
#[derive(Clone, Copy, Debug)]
pub enum PostTarget<'a> {
    Draft,
    /// Reviewed and posted in the same transaction (batch posting, or a union that waives
    /// separate review).
    Posted {
        reviewer: &'a str,
        waived: bool,
        poster: &'a str,
    },
}

/// A voucher file imported before.
#[derive(Clone, Debug)]
pub struct VoucherFile {
    pub file_name: String,
    pub vouchers: i64,
    pub imported_by: String,
    pub imported_at: String,
}

/// A voucher without its lines, as listed (the ledger's type).
pub use crate::ledger::voucher::Header as VoucherHeader;

/// What a voucher search asks for (`voucher list`, the web desk's list).
#[derive(Clone, Debug, Default)]
pub struct VoucherQuery {
    pub month: Option<Period>,
    pub status: Option<Status>,
    pub text: Option<String>,
    /// An account and its details (by code prefix).
    pub account: Option<String>,
    pub activity: Option<String>,
    /// The voucher's total or any line's amount.
    pub amount: Option<Amount>,
    /// The voucher's total at least / at most.
    pub min: Option<Amount>,
    pub max: Option<Amount>,
}

#[derive(Clone, Debug, Default)]
pub struct VoucherFilter {
    pub from: Option<Period>,
    pub to: Option<Period>,
    /// Only vouchers of this status (`Reversed`: posted vouchers that a posted reversal cancels).
    pub status: Option<Status>,
    pub no: Option<String>,
    /// Posted vouchers from this chain position on, at most `limit` of them, in chain order.
    pub chain_from: Option<i64>,
    pub limit: Option<i64>,
    /// Only vouchers of this source (`Source::kind`: prior_year, bank…).
    pub source_kind: Option<String>,
}

/// Whether a posted reversal cancels voucher `v`. `reverses IS NOT NULL AND status <> 'void'`
/// repeat the condition of the partial index vouchers_one_reversal, so that both engines look a
/// reversal up by it instead of scanning.
macro_rules! reversed_by_posted {
    () => {
        "EXISTS (SELECT 1 FROM vouchers r WHERE r.org_id = v.org_id AND r.reverses = v.id
         AND r.reverses IS NOT NULL AND r.status <> 'void' AND r.status = 'posted')"
    };
}

pub(super) const HEADER_COLUMNS: &str = concat!(
    "v.id, v.no, v.period, v.date, v.summary, v.attachments, v.status, v.source_kind,
    v.source_ref, v.decision_ref, v.reverses, v.prepared_by, v.reviewed_by, v.review_waived, v.posted_by,
    v.chain_seq, v.prev_hash, v.hash, v.voided_by, v.void_reason,
    CAST(COALESCE((SELECT SUM(e.debit) FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id), 0) AS BIGINT) AS total,
    CAST(CASE WHEN ",
    reversed_by_posted!(),
    " THEN 1 ELSE 0 END AS BIGINT) AS reversed"
);

/// The condition "has this status", written into the query (a fixed code, never user text):
/// reversed is posted with a posted reversal; a status other than posted also names the
/// condition of the index of vouchers waiting (`vouchers_waiting`), so that both engines read a
/// handful of drafts through it in number order instead of every voucher of the union.
fn status_is(st: Status) -> String {
    match st {
        Status::Posted => "v.status = 'posted'".into(),
        Status::Reversed => concat!("v.status = 'posted' AND ", reversed_by_posted!()).into(),
        _ => format!("v.status = '{}' AND v.status <> 'posted'", st.code()),
    }
}

macro_rules! header_from_row {
    ($r:expr) => {{
        let r = $r;
        let status: String = r.try_get("status")?;
        let reversed: i64 = r.try_get("reversed")?;
        let status = match (Status::stored(&status), reversed) {
            (Some(Status::Posted), 1) => Status::Reversed,
            (Some(s), _) => s,
            (None, _) => return Err(Error::database(format!("凭证状态“{status}”无法识别（数据库可能被改动）"))),
        };
        VoucherHeader {
            id: r.try_get("id")?,
            no: r.try_get("no")?,
            period: r.try_get("period")?,
            date: r.try_get("date")?,
            summary: r.try_get("summary")?,
            attachments: r.try_get("attachments")?,
            status,
            source_kind: r.try_get("source_kind")?,
            source_ref: r.try_get("source_ref")?,
            decision_ref: r.try_get("decision_ref")?,
            reverses: r.try_get("reverses")?,
            prepared_by: r.try_get("prepared_by")?,
            reviewed_by: r.try_get("reviewed_by")?,
            review_waived: r.try_get("review_waived")?,
            posted_by: r.try_get("posted_by")?,
            chain_seq: r.try_get("chain_seq")?,
            prev_hash: r.try_get("prev_hash")?,
            hash: r.try_get("hash")?,
            total: Amount(r.try_get("total")?),
            voided_by: r.try_get("voided_by")?,
            void_reason: r.try_get("void_reason")?,
        }
    }};
}

/// Add posted lines to the monthly balances: one upsert per (period, account, activity).
macro_rules! upsert_balances {
    ($tx:expr, $org_id:expr, $sums:expr, $numbered:expr) => {{
        let rows: Vec<(&(i64, String, String), &(i64, i64))> = $sums.iter().collect();
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO balances (org_id, period, account, activity, debit, credit) VALUES {}
                 ON CONFLICT (org_id, period, account, activity)
                 DO UPDATE SET debit = balances.debit + excluded.debit, credit = balances.credit + excluded.credit",
                values_clause(chunk.len(), 6, 1, $numbered)
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for ((period, account, activity), (d, c)) in chunk {
                q = q.bind($org_id).bind(*period).bind(account.as_str()).bind(activity.as_str()).bind(*d).bind(*c);
            }
            q.execute(&mut *$tx).await?;
        }
    }};
}

/// The end of a posting: the lines' sums added to the monthly balances and the chain's new head
/// kept on the union.
macro_rules! finish_posting {
    ($tx:expr, $org_id:expr, $sums:expr, $numbered:expr, $chain_seq:expr, $chain_hash:expr) => {{
        upsert_balances!($tx, $org_id, $sums, $numbered);
        sqlx::query("UPDATE orgs SET chain_seq = $2, chain_hash = $3 WHERE id = $1")
            .bind($org_id)
            .bind($chain_seq)
            .bind(&$chain_hash)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Sum lines into (period, account, activity) → (debit, credit).
pub(super) fn add_to_sums(sums: &mut BTreeMap<(i64, String, String), (i64, i64)>, period: i64, lines: &[Line]) {
    for l in lines {
        let e = sums.entry((period, l.account.clone(), l.activity.clone())).or_insert((0, 0));
        e.0 += l.debit.fen();
        e.1 += l.credit.fen();
    }
}

/// A slice of the work of `insert_vouchers`: some vouchers, or lines `from..to`.
enum Chunk<'a> {
    Vouchers(&'a [usize]),
    Lines(usize, usize),
}

fn voucher_insert_sql(rows: usize, numbered: bool) -> String {
    format!(
        "INSERT INTO vouchers (org_id, id, period, seq, no, date, summary, attachments, status, source_kind,
         source_ref, decision_ref, reverses, prepared_by, prepared_at, reviewed_by, reviewed_at, review_waived,
         posted_by, posted_at, chain_seq, prev_hash, hash) VALUES {}",
        values_clause(rows, 23, 1, numbered)
    )
}

/// A multi-row insert of lines; with their 经济分类 codes where `coded` (otherwise the column's
/// default, empty: a batch without codes binds one value less per line).
pub(super) fn line_insert_sql(rows: usize, numbered: bool, coded: bool) -> String {
    let (econ, n) = if coded { (", econ", 9) } else { ("", 8) };
    format!(
        "INSERT INTO entries (org_id, voucher_id, line_no, period, account, activity, debit, credit{econ}) VALUES {}",
        values_clause(rows, n, 1, numbered)
    )
}

impl Store {
    /// Store new vouchers, numbered 记-YYYYMM-NNNN per month in the order given, all in one
    /// transaction: either every voucher is stored or none. Returns (id, number) of each.
    pub async fn insert_vouchers(
        &self,
        org: &Org,
        vs: &[NewVoucher],
        preparer: &str,
        target: PostTarget<'_>,
    ) -> Result<Vec<(i64, String)>> {
        if vs.is_empty() {
            return Ok(Vec::new());
        }
        let now = crate::now_text();
        let numbered = self.numbered();
        let mut per_period: BTreeMap<i64, i64> = BTreeMap::new();
        for v in vs {
            *per_period.entry(Period::of(v.date).0).or_default() += 1;
        }
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            // Lock the organisation's row first (ids, chain), then the month counters: every
            // writer takes them in this order, so concurrent writers queue instead of deadlocking.
            let row = sqlx::query(
                "UPDATE orgs SET last_voucher_id = last_voucher_id + $2 WHERE id = $1
                 RETURNING last_voucher_id, chain_seq, chain_hash",
            )
            .bind(org.id)
            .bind(vs.len() as i64)
            .fetch_one(&mut *tx)
            .await?;
            let last_id: i64 = row.try_get("last_voucher_id")?;
            let mut chain_seq: i64 = row.try_get("chain_seq")?;
            let mut chain_hash: String = row.try_get("chain_hash")?;
            let first_id = last_id - vs.len() as i64 + 1;

            let mut next_seq: HashMap<i64, i64> = HashMap::new();
            for (period, n) in &per_period {
                let last: i64 = sqlx::query_scalar(
                    "INSERT INTO voucher_seq (org_id, period, last_seq) VALUES ($1, $2, $3)
                     ON CONFLICT (org_id, period) DO UPDATE SET last_seq = voucher_seq.last_seq + excluded.last_seq
                     RETURNING last_seq",
                )
                .bind(org.id)
                .bind(*period)
                .bind(*n)
                .fetch_one(&mut *tx)
                .await?;
                next_seq.insert(*period, last - n + 1);
            }

            let (status, reviewer, waived, poster) = match target {
                PostTarget::Draft => (Status::Draft, None, false, None),
                PostTarget::Posted { reviewer, waived, poster } => {
                    (Status::Posted, Some(reviewer), waived, Some(poster))
                }
            };
            // Each voucher as it will be stored: numbered, and chained if posted.
            let mut headers: Vec<VoucherHeader> = Vec::with_capacity(vs.len());
            let mut seqs: Vec<i64> = Vec::with_capacity(vs.len());
            let mut sums = BTreeMap::new();
            for (i, v) in vs.iter().enumerate() {
                let p = Period::of(v.date);
                let seq = next_seq.get_mut(&p.0).expect("counted above");
                seqs.push(*seq);
                let mut h = VoucherHeader {
                    id: first_id + i as i64,
                    no: p.voucher_no(*seq),
                    period: p.0,
                    date: v.date,
                    summary: v.summary.clone(),
                    attachments: v.attachments,
                    status,
                    source_kind: v.source.kind().to_string(),
                    source_ref: v.source.reference(),
                    decision_ref: v.decision_ref.clone(),
                    reverses: v.reverses,
                    prepared_by: preparer.to_string(),
                    reviewed_by: reviewer.map(str::to_string),
                    review_waived: waived,
                    posted_by: poster.map(str::to_string),
                    chain_seq: None,
                    prev_hash: None,
                    hash: None,
                    total: Amount::ZERO,
                    voided_by: None,
                    void_reason: String::new(),
                };
                *seq += 1;
                if status == Status::Posted {
                    chain_seq += 1;
                    h.chain_seq = Some(chain_seq);
                    let hash = posted_hash(&org.code, &h, &v.lines, &chain_hash);
                    h.prev_hash = Some(std::mem::replace(&mut chain_hash, hash.clone()));
                    h.hash = Some(hash);
                    add_to_sums(&mut sums, h.period, &v.lines);
                }
                headers.push(h);
            }
            let stamp = if status == Status::Posted { Some(now.as_str()) } else { None };

            let mut lines: Vec<(i64, i64, i64, &Line)> = Vec::with_capacity(vs.len() * 3);
            for (h, v) in headers.iter().zip(vs) {
                for (n, l) in v.lines.iter().enumerate() {
                    lines.push((h.id, n as i64 + 1, h.period, l));
                }
            }
            // One multi-row statement per chunk: vouchers first, then their lines.
            let idx: Vec<usize> = (0..vs.len()).collect();
            let mut work: Vec<Chunk> = idx.chunks(ROWS_PER_INSERT).map(Chunk::Vouchers).collect();
            work.extend(
                (0..lines.len())
                    .step_by(ROWS_PER_INSERT)
                    .map(|s| Chunk::Lines(s, (s + ROWS_PER_INSERT).min(lines.len()))),
            );
            let full_vouchers_sql = voucher_insert_sql(ROWS_PER_INSERT, numbered);
            let coded = lines.iter().any(|(_, _, _, l)| !l.econ.is_empty());
            let full_lines_sql = line_insert_sql(ROWS_PER_INSERT, numbered, coded);
            let build = |c: &Chunk| match c {
                Chunk::Vouchers(chunk) => {
                    let sql = if chunk.len() == ROWS_PER_INSERT {
                        full_vouchers_sql.clone()
                    } else {
                        voucher_insert_sql(chunk.len(), numbered)
                    };
                    let mut q = sqlx::query(AssertSqlSafe(sql));
                    for &i in *chunk {
                        let h = &headers[i];
                        q = q
                            .bind(org.id)
                            .bind(h.id)
                            .bind(h.period)
                            .bind(seqs[i])
                            .bind(h.no.as_str())
                            .bind(h.date)
                            .bind(h.summary.as_str())
                            .bind(h.attachments)
                            .bind(h.status.code())
                            .bind(h.source_kind.as_str())
                            .bind(h.source_ref.as_str())
                            .bind(h.decision_ref.as_str())
                            .bind(h.reverses)
                            .bind(preparer)
                            .bind(now.as_str())
                            .bind(reviewer)
                            .bind(stamp)
                            .bind(waived)
                            .bind(poster)
                            .bind(stamp)
                            .bind(h.chain_seq)
                            .bind(h.prev_hash.as_deref())
                            .bind(h.hash.as_deref());
                    }
                    q
                }
                Chunk::Lines(from, to) => {
                    let chunk = &lines[*from..*to];
                    let sql = if chunk.len() == ROWS_PER_INSERT {
                        full_lines_sql.clone()
                    } else {
                        line_insert_sql(chunk.len(), numbered, coded)
                    };
                    let mut q = sqlx::query(AssertSqlSafe(sql));
                    for (vid, n, period, l) in chunk {
                        q = q
                            .bind(org.id)
                            .bind(*vid)
                            .bind(*n)
                            .bind(*period)
                            .bind(l.account.as_str())
                            .bind(l.activity.as_str())
                            .bind(l.debit.fen())
                            .bind(l.credit.fen());
                        if coded {
                            q = q.bind(l.econ.as_str());
                        }
                    }
                    q
                }
            };
            // Pipelined: while SQLite (or PostgreSQL) executes one chunk, the next one is built.
            let mut next = build(&work[0]);
            for c in &work[1..] {
                let (done, built) = tokio::join!(next.execute(&mut *tx), async { build(c) });
                done?;
                next = built;
            }
            next.execute(&mut *tx).await?;

            if status == Status::Posted {
                finish_posting!(tx, org.id, sums, numbered, chain_seq, chain_hash);
            }
            tx.commit().await?;
            Ok(headers.into_iter().map(|h| (h.id, h.no)).collect())
        })
    }

    /// Voucher headers matching a filter, in number order (or chain order with `chain_from`).
    /// Only the conditions given are written into the query, so that each is served by its index
    /// (a number by (month, sequence), the chain by its position).
    pub async fn voucher_headers(&self, org: &Org, f: &VoucherFilter) -> Result<Vec<VoucherHeader>> {
        let order = if f.chain_from.is_some() { "v.chain_seq" } else { "v.period, v.seq" };
        // A number 记-YYYYMM-NNNN is looked up by its month and sequence (the unique key).
        let no_key = match &f.no {
            Some(no) => match Period::parse_voucher_no(no) {
                Some(k) => Some(k),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let mut ph = Placeholders::new(true);
        let mut conds = vec![format!("v.org_id = {}", ph.one())];
        if f.from.is_some() {
            conds.push(format!("v.period >= {}", ph.one()));
        }
        if f.to.is_some() {
            conds.push(format!("v.period <= {}", ph.one()));
        }
        if let Some(st) = f.status {
            conds.push(status_is(st));
        }
        if f.source_kind.is_some() {
            conds.push(format!("v.source_kind = {}", ph.one()));
        }
        if no_key.is_some() {
            conds.push(format!("v.period = {} AND v.seq = {}", ph.one(), ph.one()));
        }
        if f.chain_from.is_some() {
            conds.push(format!("v.chain_seq >= {}", ph.one()));
        }
        let limit = match f.limit {
            Some(_) => format!(" LIMIT {}", ph.one()),
            None => String::new(),
        };
        let sql =
            format!("SELECT {HEADER_COLUMNS} FROM vouchers v WHERE {} ORDER BY {order}{limit}", conds.join(" AND "));
        with_db!(self, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql)).bind(org.id);
            if let Some(p) = f.from {
                q = q.bind(p.0);
            }
            if let Some(p) = f.to {
                q = q.bind(p.0);
            }
            if let Some(k) = &f.source_kind {
                q = q.bind(k);
            }
            if let Some((p, seq)) = no_key {
                q = q.bind(p).bind(seq);
            }
            if let Some(c) = f.chain_from {
                q = q.bind(c);
            }
            if let Some(l) = f.limit {
                q = q.bind(l);
            }
            let rows = q.fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(header_from_row!(r));
            }
            Ok(out)
        })
    }

    /// One page of the vouchers that a search finds (month, status, words of the summary, an
    /// account and its details, an activity, an amount — the total or any line's — and a range
    /// of the total), in number order, with how many it finds in all. Each condition is a
    /// condition of the query: a page of a large month reads that page, not the month.
    pub async fn voucher_page(
        &self,
        org: &Org,
        q: &VoucherQuery,
        offset: i64,
        limit: i64,
    ) -> Result<(i64, Vec<VoucherHeader>)> {
        enum Bind {
            I(i64),
            S(String),
        }
        let mut ph = Placeholders::new(true);
        let mut binds = vec![Bind::I(org.id)];
        let mut conds = vec![format!("v.org_id = {}", ph.one())];
        let lines = |cond: String| {
            format!("EXISTS (SELECT 1 FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id AND {cond})")
        };
        let total =
            "(SELECT COALESCE(SUM(e.debit), 0) FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id)";
        if let Some(m) = q.month {
            conds.push(format!("v.period = {}", ph.one()));
            binds.push(Bind::I(m.0));
        }
        if let Some(st) = q.status {
            conds.push(status_is(st));
        }
        if let Some(t) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let f = if self.is_sqlite() { "instr" } else { "strpos" };
            conds.push(format!("{f}(v.summary, {}) > 0", ph.one()));
            binds.push(Bind::S(t.into()));
        }
        if let Some(a) = q.account.as_deref() {
            // Codes are digits: the pattern is the code's beginning.
            conds.push(lines(format!("e.account LIKE {}", ph.one())));
            binds.push(Bind::S(format!("{}%", a.replace(['%', '_', '\\'], ""))));
        }
        if let Some(a) = q.activity.as_deref() {
            conds.push(lines(format!("e.activity = {}", ph.one())));
            binds.push(Bind::S(a.into()));
        }
        if let Some(a) = q.amount {
            let (p1, p2, p3) = (ph.one(), ph.one(), ph.one());
            conds.push(format!("({total} = {p1} OR {})", lines(format!("(e.debit = {p2} OR e.credit = {p3})"))));
            for _ in 0..3 {
                binds.push(Bind::I(a.abs().fen()));
            }
        }
        // The range of the total: one sum per voucher, however many bounds.
        let mut range = Vec::new();
        if let Some(m) = q.min {
            range.push(format!("SUM(e.debit) >= {}", ph.one()));
            binds.push(Bind::I(m.fen()));
        }
        if let Some(m) = q.max {
            range.push(format!("SUM(e.debit) <= {}", ph.one()));
            binds.push(Bind::I(m.fen()));
        }
        if !range.is_empty() {
            conds.push(format!(
                "EXISTS (SELECT 1 FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id
                 GROUP BY e.voucher_id HAVING {})",
                range.join(" AND ")
            ));
        }
        let wheres = conds.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) FROM vouchers v WHERE {wheres}");
        let page_sql = format!(
            "SELECT {HEADER_COLUMNS} FROM vouchers v WHERE {wheres} ORDER BY v.period, v.seq LIMIT {} OFFSET {}",
            ph.one(),
            ph.one()
        );
        with_db!(self, |c| {
            let mut cq = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql.clone()));
            let mut pq = sqlx::query(AssertSqlSafe(page_sql.clone()));
            for b in &binds {
                match b {
                    Bind::I(i) => {
                        cq = cq.bind(*i);
                        pq = pq.bind(*i);
                    }
                    Bind::S(t) => {
                        cq = cq.bind(t.clone());
                        pq = pq.bind(t.clone());
                    }
                }
            }
            let count = cq.fetch_one(&mut *c).await?;
            let rows = pq.bind(limit).bind(offset).fetch_all(&mut *c).await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                out.push(header_from_row!(r));
            }
            Ok((count, out))
        })
    }

    /// The numbers of vouchers of one stored status (of one month), in number order.
    pub async fn voucher_numbers(&self, org: &Org, status: Status, month: Option<Period>) -> Result<Vec<String>> {
        let (from, to) = month.map(|m| (m.0, m.0)).unwrap_or((0, 999_999));
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT no FROM vouchers WHERE org_id = $1 AND period >= $2 AND period <= $3 AND status = $4
                 ORDER BY period, seq",
            )
            .bind(org.id)
            .bind(from)
            .bind(to)
            .bind(status.code())
            .fetch_all(&mut *c)
            .await?)
        })
    }

    /// How many of the union's vouchers have `status` (as stored): one pass over the table, where
    /// listing their numbers in order walks the key and reads every voucher out of place.
    pub async fn count_with_status(&self, org: &Org, status: Status) -> Result<i64> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT COUNT(*) FROM vouchers WHERE org_id = $1 AND status = $2")
                .bind(org.id)
                .bind(status.code())
                .fetch_one(&mut *c)
                .await?)
        })
    }

    /// The vouchers given by number, with their lines, in the order given (`None` for a number
    /// that is not one of this union's): one query per month and chunk of numbers, on the
    /// (month, sequence) key, each answered as one packed text. For review and posting: a posted
    /// voucher shows as posted, never as reversed, and the total is summed from the lines.
    pub async fn vouchers_by_numbers(&self, org: &Org, nos: &[String]) -> Result<Vec<Option<Voucher>>> {
        let keys: Vec<Option<(i64, i64)>> = nos.iter().map(|n| Period::parse_voucher_no(n)).collect();
        let mut by_period: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
        for (p, seq) in keys.iter().flatten() {
            by_period.entry(*p).or_default().push(*seq);
        }
        let mut found: HashMap<(i64, i64), Voucher> = HashMap::new();
        for (period, seqs) in by_period {
            for chunk in seqs.chunks(ROWS_PER_INSERT) {
                let mut ph = Placeholders::new(self.numbered());
                let condition = format!(
                    "v.org_id = {} AND v.period = {} AND v.seq IN ({})",
                    ph.one(),
                    ph.one(),
                    ph.list(chunk.len())
                );
                let sql = packed::packed_sql(self.is_sqlite(), &condition);
                let text: Option<String> = with_db!(self, |c| {
                    let mut q = sqlx::query_scalar(AssertSqlSafe(sql)).bind(org.id).bind(period);
                    for s in chunk {
                        q = q.bind(*s);
                    }
                    q.fetch_one(&mut *c).await?
                });
                for v in packed::unpack(text.as_deref().unwrap_or(""))? {
                    found.insert((v.header.period, v.seq), Voucher { header: v.header, lines: v.lines });
                }
            }
        }
        Ok(keys.into_iter().map(|k| k.and_then(|k| found.get(&k).cloned())).collect())
    }

    /// The lines of the given vouchers, by voucher id, in line order.
    pub async fn voucher_lines(&self, org: &Org, ids: &[i64]) -> Result<HashMap<i64, Vec<Line>>> {
        let mut out: HashMap<i64, Vec<Line>> = HashMap::new();
        for chunk in ids.chunks(ROWS_PER_INSERT) {
            let mut ph = Placeholders::new(self.numbered());
            let sql = format!(
                "SELECT voucher_id, account, activity, debit, credit, econ FROM entries
                 WHERE org_id = {} AND voucher_id IN ({}) ORDER BY voucher_id, line_no",
                ph.one(),
                ph.list(chunk.len())
            );
            with_db!(self, |c| {
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(org.id);
                for id in chunk {
                    q = q.bind(*id);
                }
                for r in q.fetch_all(&mut *c).await? {
                    let vid: i64 = r.try_get("voucher_id")?;
                    out.entry(vid).or_default().push(Line {
                        account: r.try_get("account")?,
                        activity: r.try_get("activity")?,
                        debit: Amount(r.try_get("debit")?),
                        credit: Amount(r.try_get("credit")?),
                        econ: r.try_get("econ")?,
                    });
                }
            });
        }
        Ok(out)
    }

    /// One voucher with its lines.
    pub async fn voucher(&self, org: &Org, no: &str) -> Result<Option<Voucher>> {
        let f = VoucherFilter { no: Some(no.to_string()), ..Default::default() };
        let Some(h) = self.voucher_headers(org, &f).await?.into_iter().next() else {
            return Ok(None);
        };
        let mut lines = self.voucher_lines(org, &[h.id]).await?;
        let lines = lines.remove(&h.id).unwrap_or_default();
        Ok(Some(Voucher { header: h, lines }))
    }

    /// The voucher number of a voucher id.
    pub async fn voucher_no(&self, org: &Org, id: i64) -> Result<Option<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT no FROM vouchers WHERE org_id = $1 AND id = $2")
                .bind(org.id)
                .bind(id)
                .fetch_optional(&mut *c)
                .await?)
        })
    }

    /// The number of the reversal of `id` (draft, reviewed or posted; a voided one reverses
    /// nothing), if any: there is at most one (`vouchers_one_reversal`, whose condition the query
    /// repeats so that it is read through it).
    pub async fn reversal_of(&self, org: &Org, id: i64) -> Result<Option<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT no FROM vouchers WHERE org_id = $1 AND reverses = $2 AND reverses IS NOT NULL AND status <> 'void'",
            )
            .bind(org.id)
            .bind(id)
            .fetch_optional(&mut *c)
            .await?)
        })
    }

    /// The last number given in each month: (period, last sequence number).
    pub async fn voucher_sequences(&self, org: &Org) -> Result<Vec<(i64, i64)>> {
        with_db!(self, |c| {
            let rows = sqlx::query("SELECT period, last_seq FROM voucher_seq WHERE org_id = $1 ORDER BY period")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("period")?, r.try_get("last_seq")?));
            }
            Ok(out)
        })
    }

    /// How many vouchers each month holds and its highest sequence number, voids included:
    /// (period, count, max seq).
    pub async fn voucher_counts(&self, org: &Org) -> Result<Vec<(i64, i64, i64)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT period, CAST(COUNT(*) AS BIGINT) AS n, CAST(MAX(seq) AS BIGINT) AS top FROM vouchers
                 WHERE org_id = $1 GROUP BY period ORDER BY period",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push((r.try_get("period")?, r.try_get("n")?, r.try_get("top")?));
            }
            Ok(out)
        })
    }

    /// The earliest import of a voucher file with these bytes, if any.
    pub async fn voucher_file(&self, org: &Org, fingerprint: &str) -> Result<Option<VoucherFile>> {
        with_db!(self, |c| {
            let r = sqlx::query(
                "SELECT file_name, vouchers, imported_by, imported_at FROM voucher_files
                 WHERE org_id = $1 AND fingerprint = $2 ORDER BY id LIMIT 1",
            )
            .bind(org.id)
            .bind(fingerprint)
            .fetch_optional(&mut *c)
            .await?;
            let Some(r) = r else { return Ok(None) };
            Ok(Some(VoucherFile {
                file_name: r.try_get("file_name")?,
                vouchers: r.try_get("vouchers")?,
                imported_by: r.try_get("imported_by")?,
                imported_at: r.try_get("imported_at")?,
            }))
        })
    }

    /// Remember a voucher file imported (with the reason, when it was imported again).
    pub async fn record_voucher_file(
        &self,
        org: &Org,
        fingerprint: &str,
        file_name: &str,
        vouchers: i64,
        actor: &str,
        reason: &str,
    ) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let id: i64 = sqlx::query_scalar(
                "SELECT CAST(COALESCE(MAX(id), 0) + 1 AS BIGINT) FROM voucher_files WHERE org_id = $1",
            )
            .bind(org.id)
            .fetch_one(&mut *c)
            .await?;
            sqlx::query(
                "INSERT INTO voucher_files (org_id, id, fingerprint, file_name, vouchers, imported_by, imported_at, reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(org.id)
            .bind(id)
            .bind(fingerprint)
            .bind(file_name)
            .bind(vouchers)
            .bind(actor)
            .bind(&now)
            .bind(reason)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// The opening-balance voucher (voided ones aside): by its source, or for books made before
    /// the source existed, by its summary.
    pub async fn opening_voucher(&self, org: &Org) -> Result<Option<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT no FROM vouchers WHERE org_id = $1 AND status <> 'void'
                 AND (source_kind = 'opening' OR summary = $2) ORDER BY id LIMIT 1",
            )
            .bind(org.id)
            .bind(crate::ledger::voucher::OPENING_SUMMARY)
            .fetch_optional(&mut *c)
            .await?)
        })
    }

    /// The organisation's chain head (sequence and hash of the last posted voucher).
    pub async fn chain_head(&self, org: &Org) -> Result<(i64, String)> {
        with_db!(self, |c| {
            let r = sqlx::query("SELECT chain_seq, chain_hash FROM orgs WHERE id = $1")
                .bind(org.id)
                .fetch_one(&mut *c)
                .await?;
            Ok((r.try_get("chain_seq")?, r.try_get("chain_hash")?))
        })
    }

    /// The number and stored hash of the voucher at a position of the chain.
    pub async fn chained_hash(&self, org: &Org, chain_seq: i64) -> Result<Option<(String, String)>> {
        with_db!(self, |c| {
            let r =
                sqlx::query("SELECT no, hash FROM vouchers WHERE org_id = $1 AND status = 'posted' AND chain_seq = $2")
                    .bind(org.id)
                    .bind(chain_seq)
                    .fetch_optional(&mut *c)
                    .await?;
            Ok(match r {
                Some(r) => Some((r.try_get("no")?, r.try_get::<Option<String>, _>("hash")?.unwrap_or_default())),
                None => None,
            })
        })
    }
}

mod review;

mod chain;
mod packed;
