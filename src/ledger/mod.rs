//! Pure domain: accounts, activities, vouchers, validation, the hash chain. No I/O here.

pub mod activity;
pub mod assets;
pub mod attachment;
pub mod balance;
pub mod cash_count;
pub mod chart;
pub mod closing;
pub mod dates;
pub mod econ;
pub mod federation;
pub mod hash;
pub mod notes;
pub mod period;
pub mod prior_year;
pub mod profile;
pub mod roles;
pub mod sign;
pub mod state;
pub mod statement;
pub mod voucher;
