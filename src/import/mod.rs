//! Bank statements: decode (see `encoding`), recognise the layout, normalise the lines,
//! fingerprint them so that no line is imported twice.

pub mod classify;
pub mod fingerprint;
pub mod layout;
pub mod lines;
pub mod memo;
pub mod parse;
pub mod reconcile;
pub mod statement;
