//! What the benchmarks share: a deterministic generator of spending vouchers.
#![allow(dead_code)]

use gonghui::ledger::voucher::{Line, NewVoucher, Source};
use gonghui::money::Amount;

pub const DEBITS: &[&str] = &["50101", "50102", "50105", "50301", "50405", "50501", "50502", "510"];
pub const CREDITS: &[&str] = &["102", "101"];

/// A deterministic pseudo-random voucher: 1–3 debit lines and one credit line.
pub fn voucher(i: u64, seed: &mut u64) -> NewVoucher {
    let mut next = || {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    };
    let month = (i % 12) as u32 + 1;
    let day = (next() % 28) as u32 + 1;
    let n = (next() % 3) as usize + 1;
    let mut lines = Vec::with_capacity(n + 1);
    let mut total = 0;
    for _ in 0..n {
        let amt = (next() % 500_000) as i64 + 1;
        total += amt;
        let acct = DEBITS[(next() % DEBITS.len() as u64) as usize];
        let act = if next() % 3 == 0 { "A01" } else { "" };
        lines.push(Line::debit(acct, Amount(amt), act));
    }
    lines.push(Line::credit(CREDITS[(next() % 2) as usize], Amount(total), ""));
    NewVoucher {
        date: chrono::NaiveDate::from_ymd_opt(2025, month, day).unwrap(),
        summary: format!("基准测试凭证 {i}"),
        attachments: 1,
        lines,
        source: Source::Generated("bench".into()),
        decision_ref: String::new(),
        reverses: None,
    }
}

/// The voucher CSV of `voucher import` for `n` generated vouchers (the same as `voucher(i, seed)`).
pub fn voucher_csv(n: u64, seed: &mut u64) -> String {
    let mut out = String::from("凭证序号,日期,摘要,科目编码,活动编码,借方金额,贷方金额\n");
    for i in 0..n {
        let v = voucher(i, seed);
        for l in &v.lines {
            let amt = |a: Amount| if a.is_zero() { String::new() } else { a.to_string() };
            out.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                i + 1,
                v.date,
                v.summary,
                l.account,
                l.activity,
                amt(l.debit),
                amt(l.credit)
            ));
        }
    }
    out
}

/// A new, empty store: a SQLite file in `dir`, or — when `GONGHUI_BENCH_PG` names a PostgreSQL
/// server — a schema of its own there (dropped by [`drop_pg_schemas`]).
pub async fn open_store(dir: &std::path::Path, name: &str) -> gonghui::store::Store {
    match std::env::var("GONGHUI_BENCH_PG") {
        Ok(pg) if !pg.is_empty() => {
            let schema = format!("bench_{}_{name}", std::process::id()).replace('-', "_");
            let pool = sqlx::PgPool::connect(&pg).await.expect("GONGHUI_BENCH_PG cannot be reached");
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            )))
            .execute(&pool)
            .await
            .unwrap();
            pool.close().await;
            let sep = if pg.contains('?') { '&' } else { '?' };
            gonghui::store::Store::open(&format!("{pg}{sep}options[search_path]={schema}")).await.unwrap()
        }
        _ => gonghui::store::Store::open(&dir.join(format!("{name}.db")).display().to_string()).await.unwrap(),
    }
}

/// Drop the schemas this process made on PostgreSQL.
pub async fn drop_pg_schemas() {
    if let Ok(pg) = std::env::var("GONGHUI_BENCH_PG") {
        if pg.is_empty() {
            return;
        }
        let pool = sqlx::PgPool::connect(&pg).await.unwrap();
        let like = format!("bench_{}_%", std::process::id());
        let names: Vec<String> = sqlx::query_scalar("SELECT nspname::TEXT FROM pg_namespace WHERE nspname LIKE $1")
            .bind(like)
            .fetch_all(&pool)
            .await
            .unwrap();
        for n in names {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP SCHEMA {n} CASCADE"))).execute(&pool).await.unwrap();
        }
        pool.close().await;
    }
}

/// The engine the benchmark runs on.
pub fn engine() -> &'static str {
    match std::env::var("GONGHUI_BENCH_PG") {
        Ok(pg) if !pg.is_empty() => "postgresql",
        _ => "sqlite",
    }
}
