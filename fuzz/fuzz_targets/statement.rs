//! Coverage-guided: a statement's text through the delimited (or HTML) reader, layout detection and the
//! line parser — refused or read, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // HTML saved as .xls, as online banks send it, or delimited text.
    let read = if gonghui::sheet::looks_html(data) {
        Ok(gonghui::sheet::html_records(&text))
    } else {
        gonghui::sheet::parse_delimited(&text, "fuzz.csv")
    };
    if let Ok(records) = read {
        let raw = gonghui::sheet::RawTable { file: "fuzz.csv".into(), encoding: "UTF-8", records };
        let layouts = gonghui::import::layout::builtin();
        if let Ok((layout, header, cols)) = gonghui::import::parse::detect(&raw, &layouts) {
            let _ = gonghui::import::parse::parse(&raw, layout, header, &cols);
        }
    }
});
