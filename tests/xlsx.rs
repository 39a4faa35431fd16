//! Every report as an Excel workbook (`--format xlsx`, or `--out F.xlsx`), read back with
//! calamine: amounts are number cells (not text, not box-drawing), one sheet per table with the
//! report's title above; a format that does not match --out's extension is refused.

mod common;

use calamine::{Data, Reader, Xlsx};
use common::cli::{fails, ok};
use gonghui::report::REPORTS;

fn sheets(path: &std::path::Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            (n, range.rows().map(|r| r.to_vec()).collect())
        })
        .collect()
}

#[test]
fn every_report_opens_as_xlsx_with_its_amounts_as_numbers() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["demo", "--out", "demo"]);
    let db = d.join("demo/gonghui.db").display().to_string();
    for (name, title) in REPORTS {
        let out = d.join(format!("{name}.xlsx")).display().to_string();
        let mut args = vec!["--db", db.as_str(), "report", name, "--out", out.as_str()];
        if *name == "departure" {
            args.extend(["--from", "2025-01", "--to", "2025-12", "--chair", "王建国"]);
        } else {
            args.extend(["--year", "2025"]);
        }
        ok(d, &args);
        let book = sheets(std::path::Path::new(&out));
        assert!(!book.is_empty(), "{name}: no sheet");
        let cells: Vec<&Data> = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).collect();
        for (sheet, rows) in &book {
            let first = rows.first().and_then(|r| r.first());
            assert!(
                matches!(first, Some(Data::String(s)) if s.contains("报") || s.contains("表") || s.contains("账") || s.contains("公开")),
                "{name} ({title}), sheet {sheet}: no report title on top but {first:?}"
            );
        }
        assert!(
            !cells.iter().any(|c| matches!(c, Data::String(s) if s.contains('│') || s.contains('┆'))),
            "{name}: box-drawing text in a workbook"
        );
        // Every report with amounts has them as numbers (the 账簿启用及交接表 is a form without any).
        if *name != "book-cover" {
            assert!(cells.iter().any(|c| matches!(c, Data::Float(_))), "{name}: no number cell");
        }
    }
    // The trial balance: 102's closing balance is the number 120,236.20, on a sheet of its own
    // whose header row is frozen above it.
    let book = sheets(&d.join("trial-balance.xlsx"));
    let (_, rows) = &book[0];
    let row = rows.iter().find(|r| matches!(r.first(), Some(Data::String(s)) if s == "102")).expect("the 102 row");
    assert!(row.iter().any(|c| *c == Data::Float(120_236.2)), "{row:?}");
    // A format that does not match the file's extension is refused, and nothing is written.
    let e = fails(d, &["--db", &db, "report", "trial-balance", "--year", "2025", "--format", "csv", "--out", "x.xlsx"]);
    assert!(e.contains("扩展名") && e.contains("x.xlsx"), "{e}");
    assert!(!d.join("x.xlsx").exists());
    let e = fails(d, &["--db", &db, "report", "trial-balance", "--year", "2025", "--format", "xlsx"]);
    assert!(e.contains("XLSX 须用 --out"), "{e}");
}
