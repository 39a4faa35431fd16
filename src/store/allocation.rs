//! Payroll months, allocation settings, and the allocation vouchers (found by their source).

use super::{with_db, Org, Store};
use crate::allocation::recognise::Booked;
use crate::allocation::status::Payroll;
use crate::allocation::{Mode, Settings};
use crate::error::{Error, Result};
use crate::ledger::period::Period;
use crate::money::Amount;
use rust_decimal::Decimal;
use sqlx::Connection;
use sqlx::Row;
use std::str::FromStr;

fn payroll_text(p: &Payroll) -> String {
    format!(
        "工资总额={} 职工人数={} 会员人数={} 会费基数={}",
        p.wage_bill.plain(),
        p.headcount,
        p.members,
        p.dues_base.plain()
    )
}

impl Store {
    pub async fn payroll(&self, org: &Org, from: Period, to: Period) -> Result<Vec<Payroll>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT period, wage_bill, headcount, members, dues_base FROM payroll
                 WHERE org_id = $1 AND period >= $2 AND period <= $3 ORDER BY period",
            )
            .bind(org.id)
            .bind(from.0)
            .bind(to.0)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                out.push(Payroll {
                    period: Period(r.try_get("period")?),
                    wage_bill: Amount(r.try_get("wage_bill")?),
                    headcount: r.try_get("headcount")?,
                    members: r.try_get("members")?,
                    dues_base: Amount(r.try_get("dues_base")?),
                });
            }
            Ok(out)
        })
    }

    /// Store payroll months in one transaction. A month already stored is replaced only when
    /// `replace` is set, and each replacement is recorded with the old and new values.
    pub async fn save_payroll(
        &self,
        org: &Org,
        rows: &[Payroll],
        replace: bool,
        actor: &str,
        source: &str,
    ) -> Result<(usize, usize)> {
        let now = crate::now_text();
        let existing = self.payroll(org, Period(0), Period(999_999)).await?;
        if !replace {
            if let Some(p) = rows.iter().find(|r| existing.iter().any(|e| e.period == r.period)) {
                return Err(Error::input(format!(
                    "{} 的工资数据已经导入过；如需更正，请加 --replace（更正会被记录）",
                    p.period.label()
                )));
            }
        }
        with_db!(self, |c| {
            let mut tx = c.begin().await?;
            let (mut added, mut replaced) = (0, 0);
            for r in rows {
                if let Some(old) = existing.iter().find(|e| e.period == r.period) {
                    if old == r {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO payroll_changes (org_id, period, changed_at, changed_by, old_values, new_values, source)
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(org.id)
                    .bind(r.period.0)
                    .bind(&now)
                    .bind(actor)
                    .bind(payroll_text(old))
                    .bind(payroll_text(r))
                    .bind(source)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM payroll WHERE org_id = $1 AND period = $2")
                        .bind(org.id)
                        .bind(r.period.0)
                        .execute(&mut *tx)
                        .await?;
                    replaced += 1;
                } else {
                    added += 1;
                }
                sqlx::query(
                    "INSERT INTO payroll (org_id, period, wage_bill, headcount, members, dues_base, source, imported_by, imported_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(org.id)
                .bind(r.period.0)
                .bind(r.wage_bill.fen())
                .bind(r.headcount)
                .bind(r.members)
                .bind(r.dues_base.fen())
                .bind(source)
                .bind(actor)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok((added, replaced))
        })
    }

    /// The recorded payroll replacements: (period, changed_at, changed_by, old, new).
    pub async fn payroll_changes(&self, org: &Org) -> Result<Vec<(Period, String, String, String, String)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT period, changed_at, changed_by, old_values, new_values FROM payroll_changes
                 WHERE org_id = $1 ORDER BY changed_at, period",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push((
                    Period(r.try_get("period")?),
                    r.try_get("changed_at")?,
                    r.try_get("changed_by")?,
                    r.try_get("old_values")?,
                    r.try_get("new_values")?,
                ));
            }
            Ok(out)
        })
    }

    /// The settings of a year: the stored ones, else those of the latest earlier year, else the
    /// defaults.
    pub async fn allocation_settings(&self, org: &Org, year: i32) -> Result<Settings> {
        with_db!(self, |c| {
            let row = sqlx::query(
                "SELECT mode, rate, retention, upward, tax_fee, dues_rate FROM allocation_settings
                 WHERE org_id = $1 AND year <= $2 ORDER BY year DESC LIMIT 1",
            )
            .bind(org.id)
            .bind(year as i64)
            .fetch_optional(&mut *c)
            .await?;
            let Some(r) = row else { return Ok(Settings::default()) };
            let dec = |name: &str| -> Result<Decimal> {
                let t: String = r.try_get(name)?;
                Decimal::from_str(&t).map_err(|_| Error::database(format!("拨缴设置 {name}“{t}”无效")))
            };
            let mode: String = r.try_get("mode")?;
            Ok(Settings {
                mode: Mode::parse(&mode).ok_or_else(|| Error::database(format!("拨缴方式“{mode}”无效")))?,
                rate: dec("rate")?,
                retention: dec("retention")?,
                upward: dec("upward")?,
                tax_fee: dec("tax_fee")?,
                dues_rate: dec("dues_rate")?,
            })
        })
    }

    pub async fn set_allocation_settings(&self, org: &Org, year: i32, s: &Settings, actor: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO allocation_settings (org_id, year, mode, rate, retention, upward, tax_fee, dues_rate, set_by, set_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (org_id, year) DO UPDATE SET mode = excluded.mode, rate = excluded.rate,
                   retention = excluded.retention, upward = excluded.upward, tax_fee = excluded.tax_fee,
                   dues_rate = excluded.dues_rate, set_by = excluded.set_by, set_at = excluded.set_at",
            )
            .bind(org.id)
            .bind(year as i64)
            .bind(s.mode.code())
            .bind(s.rate.to_string())
            .bind(s.retention.to_string())
            .bind(s.upward.to_string())
            .bind(s.tax_fee.to_string())
            .bind(s.dues_rate.to_string())
            .bind(actor)
            .bind(&now)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// Posted vouchers that touch 401, 402 or 211 (or were made by an allocation command), with
    /// their sums by the accounts that tell a receipt, a remittance, dues or an accrual apart
    /// ([`crate::allocation::recognise`]), in date order. Found through the entries' account index.
    pub async fn allocation_booked(&self, org: &Org) -> Result<Vec<Booked>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT v.id, v.no, v.date, v.summary, v.source_ref, v.reverses,
                        CAST(SUM(e.debit) AS BIGINT) AS total,
                        CAST(SUM(CASE WHEN e.account >= '101' AND e.account < '103' THEN e.debit ELSE 0 END) AS BIGINT) AS money_in,
                        CAST(SUM(CASE WHEN e.account >= '101' AND e.account < '103' THEN e.credit ELSE 0 END) AS BIGINT) AS money_out,
                        CAST(SUM(CASE WHEN e.account >= '402' AND e.account < '403' THEN e.credit - e.debit ELSE 0 END) AS BIGINT) AS net_402,
                        CAST(SUM(CASE WHEN e.account >= '211' AND e.account < '212' THEN e.credit ELSE 0 END) AS BIGINT) AS credit_211,
                        CAST(SUM(CASE WHEN e.account >= '211' AND e.account < '212' THEN e.debit ELSE 0 END) AS BIGINT) AS debit_211,
                        CAST(SUM(CASE WHEN e.account >= '401' AND e.account < '402' THEN e.credit - e.debit ELSE 0 END) AS BIGINT) AS net_401,
                        CAST(SUM(CASE WHEN e.account >= '131' AND e.account < '132' THEN e.debit - e.credit ELSE 0 END) AS BIGINT) AS receivable
                 FROM vouchers v JOIN entries e ON e.org_id = v.org_id AND e.voucher_id = v.id
                 WHERE v.org_id = $1 AND v.status = 'posted'
                   AND (v.id IN (SELECT voucher_id FROM entries WHERE org_id = $1
                                  AND ((account >= '401' AND account < '403') OR (account >= '211' AND account < '212')))
                        OR (v.source_kind = 'generated' AND v.source_ref LIKE 'allocation/%'))
                 GROUP BY v.id, v.no, v.date, v.summary, v.source_ref, v.reverses
                 ORDER BY v.date, v.id",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let fen =
                    |name: &str| -> Result<Amount> { Ok(Amount(r.try_get::<Option<i64>, _>(name)?.unwrap_or(0))) };
                out.push(Booked {
                    id: r.try_get("id")?,
                    no: r.try_get("no")?,
                    date: r.try_get("date")?,
                    summary: r.try_get("summary")?,
                    source_ref: r.try_get("source_ref")?,
                    reverses: r.try_get("reverses")?,
                    total: fen("total")?,
                    money_in: fen("money_in")?,
                    money_out: fen("money_out")?,
                    net_402: fen("net_402")?,
                    credit_211: fen("credit_211")?,
                    debit_211: fen("debit_211")?,
                    net_401: fen("net_401")?,
                    receivable: fen("receivable")?,
                });
            }
            Ok(out)
        })
    }

    /// Vouchers (voided ones aside, any other status) made for an allocation booking, by their
    /// source reference: (number, debit total).
    pub async fn allocation_vouchers(&self, org: &Org, source_ref: &str) -> Result<Vec<(String, Amount)>> {
        with_db!(self, |c| {
            let rows = sqlx::query(
                "SELECT v.no, CAST(COALESCE((SELECT SUM(e.debit) FROM entries e WHERE e.org_id = v.org_id AND e.voucher_id = v.id), 0) AS BIGINT) AS total
                 FROM vouchers v WHERE v.org_id = $1 AND v.source_kind = 'generated' AND v.source_ref = $2
                   AND v.status <> 'void' ORDER BY v.id",
            )
            .bind(org.id)
            .bind(source_ref)
            .fetch_all(&mut *c)
            .await?;
            let mut out = Vec::new();
            for r in rows {
                out.push((r.try_get("no")?, Amount(r.try_get("total")?)));
            }
            Ok(out)
        })
    }
}
