//! The audit desk (经审): rule packs by province now; checks, findings and reports build on them.

pub mod pack;
