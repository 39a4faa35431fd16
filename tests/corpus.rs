//! Files that once broke an importer (tests/corpus/): every importer refuses each of them with a
//! message naming the file, exit status 1 (never a panic's 101 or a signal), within the time
//! limit, and the books stay as they were. New finds of the fuzz job (fuzz/README.md) go there.

mod common;

use common::cli::{command, ok};
use std::path::Path;

const IMPORTERS: &[&[&str]] = &[
    &["voucher", "import"],
    &["members", "import"],
    &["payroll", "import"],
    &["budget", "import"],
    &["benefits", "import"],
    &["opening", "import"],
    &["import", "bank"],
];

fn dump(dir: &Path) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let s = gonghui::store::Store::open(&dir.join("gonghui.db").display().to_string()).await.unwrap();
        let d = s.content_dump().await.unwrap();
        s.close().await;
        d
    })
}

#[test]
fn every_importer_refuses_every_file_that_once_broke_one() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    let before = dump(d);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 7, "the corpus is there");
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        for imp in IMPORTERS {
            let mut args: Vec<&str> = imp.to_vec();
            let path = f.display().to_string();
            args.push(&path);
            let started = std::time::Instant::now();
            let o = command(d, &args).output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(1), "{imp:?} {name}: {err}");
            assert!(err.starts_with("错误：") && err.contains(&name), "{imp:?} {name}: {err}");
            assert!(started.elapsed().as_secs() < 60, "{imp:?} {name}: within the time limit");
        }
    }
    assert_eq!(dump(d), before, "nothing written by a refused file");
}

/// The guard itself: with a 64 MB cap, a file that makes the reader ask for gigabytes ends its
/// reader, not the machine, while an honest bank spreadsheet still reads under the same cap.
#[test]
fn the_spreadsheet_reader_is_capped() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok(d, &["init", "--name", "测试学校工会", "--year", "2025"]);
    let bomb = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/xlsx-dimension-bomb.xlsx");
    let o = command(d, &["import", "bank", &bomb.display().to_string()])
        .env("GONGHUI_SHEET_MEMORY_MB", "64")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("64 MB"), "{err}");
    let honest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bank-samples/ccb/example-ccb-debit-records.xls");
    let o = command(d, &["import", "bank", &honest.display().to_string()])
        .env("GONGHUI_SHEET_MEMORY_MB", "64")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
