//! Coverage-guided: amounts and dates from any text — no panic, nothing out of range.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(Some(a)) = gonghui::money::parse_optional(&text) {
        assert!(a.within_limit());
    }
    if let Some(d) = gonghui::ledger::period::parse_date(&text) {
        use chrono::Datelike;
        assert!(gonghui::ledger::period::DATE_YEARS.contains(&d.year()));
    }
    let _ = gonghui::ledger::voucher::parse_line_spec(&text, true);
});
