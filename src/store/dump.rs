//! A plain-text dump of everything the store holds, in key order: tests compare it before and
//! after a refused input to show that nothing was written.

use super::{with_db, Store};
use crate::error::Result;
use sqlx::{AssertSqlSafe, Column, Decode, Row, Type, TypeInfo, ValueRef};

/// Tables and their key order. Timestamps are included: a refused write must not touch anything.
const TABLES: &[(&str, &str)] = &[
    ("orgs", "id"),
    ("settings", "org_id, key"),
    ("events", "org_id, id"),
    ("accounts", "org_id, code"),
    ("activities", "org_id, code"),
    ("voucher_seq", "org_id, period"),
    ("vouchers", "org_id, id"),
    ("entries", "org_id, voucher_id, line_no"),
    ("balances", "org_id, period, account, activity"),
    ("closed_periods", "org_id, period"),
    ("payroll", "org_id, period"),
    ("payroll_changes", "org_id, period, changed_at"),
    ("allocation_settings", "org_id, year"),
    ("budget_versions", "org_id, year, version"),
    ("budget_lines", "org_id, year, version, line_no"),
    ("assets", "org_id, id"),
    ("depreciation_runs", "org_id, period"),
    ("bank_imports", "org_id, id"),
    ("bank_lines", "org_id, account, fingerprint"),
    ("members", "org_id, no"),
    ("benefits", "org_id, voucher_no, line_no"),
    ("audit_findings", "org_id, period, key"),
    ("audit_dispositions", "org_id, period, key"),
    ("audit_opinions", "org_id, year, version"),
    ("departure_audits", "org_id, chair, span_from, span_to, version"),
    ("statement_notes", "org_id, year, item, version"),
    ("audit_disposition_log", "org_id, period, key, n"),
    ("reopenings", "org_id, id"),
    ("voucher_files", "org_id, id"),
    ("bank_links", "org_id, account, fingerprint, voucher_no"),
    ("bank_ignored", "org_id, account, fingerprint"),
    ("bank_statements", "org_id, account, period"),
    ("bank_booked", "org_id, account, fingerprint"),
    ("users", "name"),
    ("user_roles", "org_id, name, role"),
    ("user_keys", "org_id, public_key"),
    ("signed_acts", "org_id, seq"),
    ("attachments", "org_id, voucher_id, n"),
    ("sessions", "token_hash"),
    ("login_failures", "name"),
    ("state_log", "org_id, seq"),
    ("filings", "org_id, year, kind, n"),
];

/// A cell of a row as text (NULL, numbers, booleans, dates, bytes as hex), the same on both engines
/// for the same value: the dump and the state digests read rows through it. The first of text,
/// integer, boolean, date and bytes that the value's type admits is taken; the type is checked
/// before decoding, since a refused decode builds an error (with formatted type names) and that
/// cost, paid on every integer cell, was most of a digest's time.
pub(crate) fn cell_text<'r, R>(r: &'r R, i: usize) -> String
where
    R: Row,
    usize: sqlx::ColumnIndex<R>,
    Option<String>: Decode<'r, R::Database> + Type<R::Database>,
    Option<i64>: Decode<'r, R::Database> + Type<R::Database>,
    Option<bool>: Decode<'r, R::Database> + Type<R::Database>,
    Option<chrono::NaiveDate>: Decode<'r, R::Database> + Type<R::Database>,
    Option<Vec<u8>>: Decode<'r, R::Database> + Type<R::Database>,
{
    let Ok(raw) = r.try_get_raw(i) else { return "?".into() };
    if raw.is_null() {
        return "NULL".into();
    }
    let ty = raw.type_info().into_owned();
    let fits = |ok: bool| ty.is_null() || ok;
    if fits(<Option<String> as Type<R::Database>>::compatible(&ty)) {
        if let Ok(v) = r.try_get_unchecked::<Option<String>, _>(i) {
            return v.unwrap_or_else(|| "NULL".into());
        }
    }
    if fits(<Option<i64> as Type<R::Database>>::compatible(&ty)) {
        if let Ok(v) = r.try_get_unchecked::<Option<i64>, _>(i) {
            return v.map(|v| v.to_string()).unwrap_or_else(|| "NULL".into());
        }
    }
    if fits(<Option<bool> as Type<R::Database>>::compatible(&ty)) {
        if let Ok(v) = r.try_get_unchecked::<Option<bool>, _>(i) {
            return format!("{v:?}");
        }
    }
    if fits(<Option<chrono::NaiveDate> as Type<R::Database>>::compatible(&ty)) {
        if let Ok(v) = r.try_get_unchecked::<Option<chrono::NaiveDate>, _>(i) {
            return format!("{v:?}");
        }
    }
    if fits(<Option<Vec<u8>> as Type<R::Database>>::compatible(&ty)) {
        if let Ok(v) = r.try_get_unchecked::<Option<Vec<u8>>, _>(i) {
            return v.map(hex::encode).unwrap_or_else(|| "NULL".into());
        }
    }
    "?".into()
}

impl Store {
    pub async fn content_dump(&self) -> Result<String> {
        let mut out = String::new();
        for (table, order) in TABLES {
            out.push_str(&format!("## {table}\n"));
            let sql = format!("SELECT * FROM {table} ORDER BY {order}");
            with_db!(self, |c| {
                let rows = sqlx::query(AssertSqlSafe(sql)).fetch_all(&mut *c).await?;
                for r in rows {
                    let mut cells = Vec::new();
                    for (i, c) in r.columns().iter().enumerate() {
                        let v = cell_text(&r, i);
                        cells.push(format!("{}={v}", c.name()));
                    }
                    out.push_str(&cells.join("|"));
                    out.push('\n');
                }
            });
        }
        Ok(out)
    }
}
