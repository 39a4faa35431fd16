//! The member register, benefit lists, and the findings and dispositions of audited periods.

use super::{with_db, Org, Store};
use crate::audit::{Benefit, Disposition, Finding, Kept, Member, MemberStatus, Severity};
use crate::error::{Error, Result};
use crate::money::Amount;
use chrono::NaiveDate;
use sqlx::Connection;
use sqlx::Row;

/// Lists are kept as their items joined by U+001F.
pub(super) fn split(s: String) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split('\u{1f}').map(str::to_string).collect()
    }
}

/// The evidence of the disposition `d` in force: that of its latest entry in the log of
/// dispositions ('' for one recorded before the log existed).
macro_rules! evidence_of_d {
    () => {
        "COALESCE((SELECT l.evidence FROM audit_disposition_log l
                   WHERE l.org_id = d.org_id AND l.period = d.period AND l.key = d.key
                   ORDER BY l.n DESC LIMIT 1), '')"
    };
}

impl Store {
    /// Replace the register's entries for these members (by 工号), keeping the others. Returns
    /// (added, updated).
    pub async fn save_members(&self, org: &Org, members: &[Member]) -> Result<(usize, usize)> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let (mut added, mut updated) = (0, 0);
            for m in members {
                let n = sqlx::query("DELETE FROM members WHERE org_id = $1 AND no = $2")
                    .bind(org.id)
                    .bind(&m.no)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n > 0 {
                    updated += 1
                } else {
                    added += 1
                }
                sqlx::query(
                    "INSERT INTO members (org_id, no, name, dept, joined, status) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(org.id)
                .bind(&m.no)
                .bind(&m.name)
                .bind(&m.dept)
                .bind(m.joined.map(|d| d.to_string()).unwrap_or_default())
                .bind(m.status.label())
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok((added, updated))
        })
    }

    pub async fn members(&self, org: &Org) -> Result<Vec<Member>> {
        with_db!(self, |c| {
            let rows = sqlx::query("SELECT no, name, dept, joined, status FROM members WHERE org_id = $1 ORDER BY no")
                .bind(org.id)
                .fetch_all(&mut *c)
                .await?;
            let mut out = Vec::new();
            for r in rows {
                let joined: String = r.try_get("joined")?;
                let status: String = r.try_get("status")?;
                out.push(Member {
                    no: r.try_get("no")?,
                    name: r.try_get("name")?,
                    dept: r.try_get("dept")?,
                    joined: NaiveDate::parse_from_str(&joined, "%Y-%m-%d").ok(),
                    status: MemberStatus::parse(&status)
                        .ok_or_else(|| Error::database(format!("会员状态“{status}”无法识别（数据库可能被改动）")))?,
                });
            }
            Ok(out)
        })
    }

    /// Store benefit lists: each voucher named in `rows` gets exactly these lines (a list
    /// imported again replaces that voucher's list). Returns the vouchers whose list was replaced.
    pub async fn save_benefits(&self, org: &Org, rows: &[Benefit]) -> Result<Vec<String>> {
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let mut vouchers: Vec<&str> = rows.iter().map(|b| b.voucher_no.as_str()).collect();
            vouchers.sort();
            vouchers.dedup();
            let mut replaced = Vec::new();
            for v in &vouchers {
                let n = sqlx::query("DELETE FROM benefits WHERE org_id = $1 AND voucher_no = $2")
                    .bind(org.id)
                    .bind(*v)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n > 0 {
                    replaced.push(v.to_string());
                }
            }
            for (i, b) in rows.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO benefits (org_id, voucher_no, line_no, member_no, name, kind, amount, form, signed, file_name, file_line)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(org.id)
                .bind(&b.voucher_no)
                .bind(i as i64 + 1)
                .bind(&b.member_no)
                .bind(&b.name)
                .bind(&b.kind)
                .bind(b.amount.fen())
                .bind(&b.form)
                .bind(b.signed as i64)
                .bind(&b.file_name)
                .bind(b.file_line)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(replaced)
        })
    }

    pub async fn benefits(&self, org: &Org) -> Result<Vec<Benefit>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT voucher_no, member_no, name, kind, amount, form, signed, file_name, file_line FROM benefits
                 WHERE org_id = $1 ORDER BY voucher_no, line_no",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push(Benefit {
                    voucher_no: r.try_get("voucher_no")?,
                    member_no: r.try_get("member_no")?,
                    name: r.try_get("name")?,
                    kind: r.try_get("kind")?,
                    amount: Amount(r.try_get("amount")?),
                    form: r.try_get("form")?,
                    signed: r.try_get::<i64, _>("signed")? != 0,
                    file_name: r.try_get("file_name")?,
                    file_line: r.try_get("file_line")?,
                });
            }
            Ok(out)
        })
    }

    /// Keep an audit run's findings with its period, replacing the previous run's. Dispositions
    /// stay (by key).
    pub async fn save_findings(
        &self,
        org: &Org,
        period: &str,
        pack: &str,
        findings: &[Finding],
        actor: &str,
    ) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            sqlx::query("DELETE FROM audit_findings WHERE org_id = $1 AND period = $2")
                .bind(org.id)
                .bind(period)
                .execute(&mut *tx)
                .await?;
            let mut used = std::collections::HashSet::new();
            for (i, f) in findings.iter().enumerate() {
                // Two findings alike in everything the key reads keep apart by their order.
                let mut key = f.key();
                let mut n = 1;
                while !used.insert(key.clone()) {
                    n += 1;
                    key = format!("{}-{n}", f.key());
                }
                sqlx::query(
                    "INSERT INTO audit_findings (org_id, period, key, seq, rule, severity, title, message, doc, amount, vouchers, members, pack, run_by, run_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                )
                .bind(org.id)
                .bind(period)
                .bind(&key)
                .bind(i as i64 + 1)
                .bind(&f.rule)
                .bind(f.severity.code())
                .bind(&f.title)
                .bind(&f.message)
                .bind(&f.doc)
                .bind(f.amount.fen())
                .bind(f.vouchers.join("\u{1f}"))
                .bind(f.members.join("\u{1f}"))
                .bind(pack)
                .bind(actor)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// The findings kept for a period, in the order found, with their dispositions.
    pub async fn findings_kept(&self, org: &Org, period: &str) -> Result<Vec<Kept>> {
        with_db!(self, |c| {
            let rows = sqlx::query(concat!(
                "SELECT f.key, f.rule, f.severity, f.title, f.message, f.doc, f.amount, f.vouchers, f.members,
                        d.outcome, d.note, d.decided_by, d.decided_at, ",
                evidence_of_d!(),
                " AS evidence
                 FROM audit_findings f LEFT JOIN audit_dispositions d
                   ON d.org_id = f.org_id AND d.period = f.period AND d.key = f.key
                 WHERE f.org_id = $1 AND f.period = $2 ORDER BY f.seq"
            ))
            .bind(org.id)
            .bind(period)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                let severity: String = r.try_get("severity")?;
                let outcome: Option<String> = r.try_get("outcome")?;
                out.push(Kept {
                    key: r.try_get("key")?,
                    finding: Finding {
                        rule: r.try_get("rule")?,
                        severity: Severity::parse(&severity)
                            .ok_or_else(|| Error::database(format!("审计发现的严重程度“{severity}”无法识别")))?,
                        title: r.try_get("title")?,
                        message: r.try_get("message")?,
                        doc: r.try_get("doc")?,
                        amount: Amount(r.try_get("amount")?),
                        vouchers: split(r.try_get("vouchers")?),
                        members: split(r.try_get("members")?),
                        subject: String::new(),
                    },
                    disposition: match outcome {
                        Some(outcome) => Some(Disposition {
                            outcome,
                            note: r.try_get("note")?,
                            evidence: r.try_get("evidence")?,
                            decided_by: r.try_get("decided_by")?,
                            decided_at: r.try_get("decided_at")?,
                        }),
                        None => None,
                    },
                });
            }
            Ok(out)
        })
    }

    /// Record (or replace) the disposition of a kept finding, keeping it in the log of every
    /// disposition too. False when no such finding is kept.
    #[allow(clippy::too_many_arguments)]
    pub async fn dispose(
        &self,
        org: &Org,
        period: &str,
        key: &str,
        outcome: &str,
        note: &str,
        evidence: &str,
        actor: &str,
    ) -> Result<bool> {
        let now = crate::now_text();
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT seq FROM audit_findings WHERE org_id = $1 AND period = $2 AND key = $3")
                    .bind(org.id)
                    .bind(period)
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
            if exists.is_none() {
                return Ok(false);
            }
            sqlx::query("DELETE FROM audit_dispositions WHERE org_id = $1 AND period = $2 AND key = $3")
                .bind(org.id)
                .bind(period)
                .bind(key)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO audit_dispositions (org_id, period, key, outcome, note, decided_by, decided_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org.id)
            .bind(period)
            .bind(key)
            .bind(outcome)
            .bind(note)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO audit_disposition_log (org_id, period, key, n, outcome, note, evidence, decided_by, decided_at)
                 SELECT $1, $2, $3, COALESCE(MAX(n), 0) + 1, $4, $5, $6, $7, $8
                 FROM audit_disposition_log WHERE org_id = $1 AND period = $2 AND key = $3",
            )
            .bind(org.id)
            .bind(period)
            .bind(key)
            .bind(outcome)
            .bind(note)
            .bind(evidence)
            .bind(actor)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Every disposition in force: (period key, finding key, outcome, note, evidence).
    pub async fn all_dispositions(&self, org: &Org) -> Result<Vec<(String, String, String, String, String)>> {
        with_db!(self, |c| {
            Ok(sqlx::query_as(concat!(
                "SELECT d.period, d.key, d.outcome, d.note, ",
                evidence_of_d!(),
                "
                 FROM audit_dispositions d WHERE d.org_id = $1 ORDER BY d.period, d.key"
            ))
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?)
        })
    }

    /// Every disposition a finding was given, oldest first.
    pub async fn disposition_history(&self, org: &Org, period: &str, key: &str) -> Result<Vec<Disposition>> {
        type Stored = (String, String, String, String, String);
        let rows: Vec<Stored> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT outcome, note, evidence, decided_by, decided_at FROM audit_disposition_log
                 WHERE org_id = $1 AND period = $2 AND key = $3 ORDER BY n",
            )
            .bind(org.id)
            .bind(period)
            .bind(key)
            .fetch_all(&mut *c)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|(outcome, note, evidence, decided_by, decided_at)| Disposition {
                outcome,
                note,
                evidence,
                decided_by,
                decided_at,
            })
            .collect())
    }
}
