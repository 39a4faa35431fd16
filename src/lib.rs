//! gonghui (工会): the books and the audit desk of a Chinese grassroots trade union.
//!
//! Data flows from input files (vouchers, bank statements, payroll, budgets) through the pure
//! domain (`ledger`) into the store (`store`, the only module with SQL); report builders
//! (`report`) read the store and return a report model that renderers (`render`) turn into a
//! table, CSV, JSON or PDF. See ../shared/design/architecture.md.

pub mod allocation;
pub mod audit;
pub mod budget;
pub mod cli;
pub mod demo;
pub mod encoding;
pub mod error;
pub mod export;
pub mod import;
pub mod ledger;
pub mod money;
pub mod ops;
pub mod render;
pub mod report;
pub mod sheet;
pub mod store;

/// The current time as text, for `*_at` columns.
pub fn now_text() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
