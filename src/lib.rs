//! gonghui (工会): the books and the audit desk of a Chinese grassroots trade union.
//!
//! Data flows from input files (vouchers, bank statements, payroll, budgets) through the pure
//! domain (`ledger`, `budget`, `allocation`, `audit`, `import`) into the store (`store`, the only
//! module with SQL). Use cases that write (`ops`) and report builders (`report`) read through one
//! read layer (`books`); a builder returns a report model that renderers (`render`) turn into a
//! table, CSV, JSON or PDF. The command line (`cli`) parses, calls and renders, nothing more. See
//! ../shared/design/architecture.md and service-and-web.md.

pub mod allocation;
pub mod audit;
pub mod books;
pub mod budget;
pub mod cli;
pub mod demo;
pub mod encoding;
pub mod error;
pub mod export;
pub mod form;
pub mod import;
pub mod ledger;
pub mod money;
pub mod names;
pub mod ops;
pub mod pinyin;
pub mod render;
pub mod report;
pub mod sheet;
pub mod store;
pub mod web;

static TODAY: std::sync::OnceLock<chrono::NaiveDate> = std::sync::OnceLock::new();

/// Today: the date in `GONGHUI_TODAY` (YYYY-MM-DD) when it is set, so that tests and simulations
/// do not depend on the clock; else the local date.
pub fn today() -> chrono::NaiveDate {
    if let Some(d) = TODAY.get() {
        return *d;
    }
    std::env::var("GONGHUI_TODAY")
        .ok()
        .and_then(|t| ledger::period::parse_date(&t))
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// Fix "today" for the whole process (tests that run in one process, where setting an
/// environment variable would race); the first call wins.
#[doc(hidden)]
pub fn set_today(d: chrono::NaiveDate) {
    let _ = TODAY.set(d);
}

/// A stored `*_at` time as people read it: local time to the minute ("2025-07-03 09:41").
pub fn shown_time(stored: &str) -> String {
    shown_as(stored, "%Y-%m-%d %H:%M")
}

/// A date as documents write it: 2026年1月5日.
pub fn cn_date(d: chrono::NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// A stored `*_at` time's local date ("2025-07-03"): the day people saw it happen.
pub fn shown_date(stored: &str) -> String {
    shown_as(stored, "%Y-%m-%d")
}

fn shown_as(stored: &str, format: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&chrono::Local).format(format).to_string())
        .unwrap_or_else(|_| stored.to_string())
}

/// The current time as text, for `*_at` columns.
pub fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Die here, as `kill -9` would, when a test names this point in `GONGHUI_CRASH_AT` (debug builds
/// only: a release binary has no such door). Tests of atomicity kill the process at each
/// transaction boundary and check the books afterwards.
pub fn crash_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("GONGHUI_CRASH_AT").is_ok_and(|p| p == name) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}
