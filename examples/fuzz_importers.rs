//! Mutation fuzzing of every importer and of the amount and date parsers (issue 15), a job run
//! before each release, not in every CI run (see fuzz/README.md):
//!
//!     cargo build --release && cargo run --release --example fuzz_importers -- --cases 100000
//!
//! Real inputs (the bank samples, the demo's files) are mutated by a seeded generator — bits
//! flipped, bytes and hostile tokens inserted, ranges deleted or repeated, files cut and spliced,
//! CSV seeds also written as XLSX — and each result is handed to its importer on real books. A
//! panic, a case over 10 s, or a refusal that left anything written is a failure: the input is
//! saved under `--save` (default fuzz/found/) to become a regression file in tests/corpus/.

use gonghui::error::Result;
use gonghui::ledger::activity::Activity;
use gonghui::ledger::voucher::{Line, NewVoucher, Source};
use gonghui::money::Amount;
use gonghui::ops::{self, Ctx};
use gonghui::store::{PostTarget, Store};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../tests/common/rng.rs"]
#[allow(dead_code)]
mod rng;
use rng::Rng;

/// Tokens that have broken parsers somewhere: the i64 edges, impossible dates, formulas, quotes,
/// full-width digits, invisible characters, very long cells.
const TOKENS: &[&str] = &[
    "9223372036854775807",
    "-9223372036854775808",
    "92233720368547758.07",
    "99999999999999999999.99",
    "999999999999.99",
    "1000000000000.00",
    "0.001",
    "-0",
    "(12.00)",
    "１２３．４５",
    "¥",
    "0000-01-01",
    "10000-01-01",
    "2025-02-30",
    "1899-12-31",
    "2200-01-01",
    "20250230",
    "45000",
    "=HYPERLINK(\"x\")",
    "\"",
    "\"\"",
    "\r\n",
    "\n\n\n",
    ",,,,,,,,",
    "\t",
    "|",
    "\u{200b}",
    "\u{feff}",
    "记-202513-0001",
    "记-999999-99999",
    "合计",
    "借",
    "贷",
    "NaN",
    "inf",
    "1e308",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], start: usize) -> Vec<u8> {
    let mut b = seeds[start].clone();
    for _ in 0..1 + rng.below(4) {
        let len = b.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                b[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                b[i] = [0u8, 0xff, b',', b'\n', b'"', b'-', b'9', 0x80, 0xe4, b'.'][rng.below(10)];
            }
            2 => {
                let i = rng.below(len + 1);
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                b.splice(i..i, t.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let j = (i + 1 + rng.below(64)).min(len);
                b.drain(i..j);
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let j = (i + 1 + rng.below(256)).min(len);
                let chunk: Vec<u8> = b[i..j].to_vec();
                let most = if rng.below(50) == 0 { 2000 } else { 3 };
                for _ in 0..1 + rng.below(most) {
                    b.splice(j..j, chunk.iter().copied());
                }
            }
            5 if len > 0 => b.truncate(rng.below(len)),
            6 => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(b.len() + 1);
                let from = rng.below(other.len() + 1);
                b.truncate(cut);
                b.extend_from_slice(&other[from..]);
            }
            _ => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let junk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                b.splice(i..i, junk);
            }
        }
    }
    b
}

/// A CSV seed written as an XLSX workbook (the same cells), for importers that take both.
fn as_xlsx(csv: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(csv);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let _ = ws.write_string(r as u32, c as u16, cell);
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

#[derive(Clone, Copy)]
enum Importer {
    Voucher,
    Members,
    Payroll,
    Budget,
    Benefits,
    Opening,
    Bank,
}

const IMPORTERS: &[(&str, Importer)] = &[
    ("voucher", Importer::Voucher),
    ("members", Importer::Members),
    ("payroll", Importer::Payroll),
    ("budget", Importer::Budget),
    ("benefits", Importer::Benefits),
    ("opening", Importer::Opening),
    ("bank", Importer::Bank),
];

async fn run(imp: Importer, ctx: &Ctx, path: &Path) -> Result<()> {
    match imp {
        Importer::Voucher => ops::vouchers::import(ctx, path, None, false, None).await.map(|_| ()),
        Importer::Members => ops::audit::import_members(ctx, path, None).await.map(|_| ()),
        Importer::Payroll => ops::allocation::import_payroll(ctx, path, None, false).await.map(|_| ()),
        Importer::Budget => ops::budget::import(ctx, path, None, 2025, None).await.map(|_| ()),
        Importer::Benefits => ops::audit::import_benefits(ctx, path, None).await.map(|_| ()),
        Importer::Opening => ops::yearend::import_opening(ctx, path, None, None).await.map(|_| ()),
        Importer::Bank => {
            let rules = ops::bank::rules(None)?;
            ops::bank::import(ctx, path, "auto", None, "102", false, &rules, None).await.map(|_| ())
        }
    }
}

/// The sizes and times of a SQLite database's files.
fn mark(db: &Path) -> Vec<(u64, Option<std::time::SystemTime>)> {
    ["", "-wal"]
        .iter()
        .map(|s| {
            let m = std::fs::metadata(format!("{}{s}", db.display())).ok();
            (m.as_ref().map(|m| m.len()).unwrap_or(0), m.and_then(|m| m.modified().ok()))
        })
        .collect()
}

/// Seeds: (extension, bytes).
fn seeds(imp: Importer, samples: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let csv = |s: &str| vec![("csv", s.as_bytes().to_vec()), ("xlsx", as_xlsx(s.as_bytes()))];
    match imp {
        Importer::Voucher => csv(
            "凭证序号,日期,摘要,科目编码,借方金额,贷方金额,活动编码,附件数\n1,2025-03-08,三八节活动,50102,1200.00,,A01,3\n1,2025-03-08,三八节活动,102,,1200.00,,3\n2,2025-03-09,购书,50501,300.00,,,1\n2,2025-03-09,购书,102,,300.00,,1\n",
        ),
        Importer::Members => csv("工号,姓名,部门,入会日期,状态\nE001,王晓燕,语文组,2006-09-01,在职\nE002,李国庆,数学组,2007-09-01,退休\n"),
        Importer::Payroll => csv("月份,工资总额,职工人数,会员人数,会费基数\n2025-01,1618500.00,128,120,1165320.00\n2025-02,1511000.00,128,120,1087920.00\n"),
        Importer::Budget => csv("科目编码,活动编码,金额,说明\n401,,65000,会费收入\n402,,219000,拨缴经费收入\n50102,A01,12000,三八节\n"),
        Importer::Benefits => csv("凭证号,工号,姓名,类型,金额,形式,签收\n记-202503-0001,E001,王晓燕,节日,400.00,实物,是\n记-202503-0001,E002,李国庆,节日,400.00,实物,是\n"),
        Importer::Opening => csv("科目编码,借方余额,贷方余额\n102,80000.00,\n32205,,80000.00\n"),
        Importer::Bank => {
            let mut out = Vec::new();
            for dir in std::fs::read_dir(samples).into_iter().flatten().flatten() {
                for f in std::fs::read_dir(dir.path()).into_iter().flatten().flatten() {
                    let p = f.path();
                    let ext = match p.extension().and_then(|e| e.to_str()) {
                        Some("csv") => "csv",
                        Some("xls") => "xls",
                        Some("txt") => "txt",
                        _ => continue,
                    };
                    out.push((ext, std::fs::read(&p).unwrap_or_default()));
                }
            }
            out.extend(csv("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2025-03-01,CNY,5000.00,5000.00,会员缴费,,\n2025-03-09,CNY,-300.00,4700.00,花店,,\n"));
            out
        }
    }
}

/// Books to import into: a union with its activities, two members and a posted March voucher
/// that the benefit lists name.
async fn template(path: &Path) -> Result<()> {
    gonghui::set_today(chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap());
    let store = Store::open(&path.display().to_string()).await?;
    let org = ops::setup::init(&store, "school", "测试学校工会", "anhui", Some(2025), "张敏").await?;
    let mut ctx = Ctx { store, org, user: "张敏".into() };
    for (code, name, acct) in [("A01", "三八节活动", "50102"), ("A02", "送温暖", "50405")] {
        let a = Activity {
            code: code.into(),
            name: name.into(),
            account: Some(acct.into()),
            project: false,
            earmarked: false,
        };
        ops::setup::add_activity(&ctx, a).await?;
    }
    let v = NewVoucher {
        date: chrono::NaiveDate::from_ymd_opt(2025, 3, 8).unwrap(),
        summary: "节日慰问".into(),
        attachments: 1,
        lines: vec![Line::debit("50405", Amount(80000), "A02"), Line::credit("102", Amount(80000), "")],
        source: Source::Manual,
        decision_ref: String::new(),
        reverses: None,
    };
    let ids = ops::vouchers::add_batch(&ctx, &[v], PostTarget::Draft).await?;
    ctx.user = "刘洋".into();
    ops::vouchers::review(&ctx, &[ids[0].1.clone()]).await?;
    ops::vouchers::post(&ctx, &[ids[0].1.clone()]).await?;
    ctx.store.close().await;
    Ok(())
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let cases: u64 = arg("--cases").and_then(|c| c.parse().ok()).unwrap_or(2000);
    let seed: u64 = arg("--seed").and_then(|c| c.parse().ok()).unwrap_or(15);
    let only = arg("--only");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let save = arg("--save").map(PathBuf::from).unwrap_or_else(|| root.join("fuzz/found"));
    // Spreadsheets are read by the gonghui binary beside this example, capped, as in real use.
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(|p| p.parent()).map(|p| p.join("gonghui")).unwrap();
    assert!(bin.exists(), "build the binary first: cargo build --release ({} is missing)", bin.display());
    gonghui::sheet::set_reader(&bin);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let work = tempfile::tempdir().unwrap();
    let tpl = work.path().join("template.db");
    rt.block_on(template(&tpl)).expect("template books");
    let samples = root.join("../shared/bank-samples");
    // Silence the panic hook: a caught panic is counted and its input saved, not printed.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failed = false;
    parsers(cases * 10, seed, &mut failed);
    for (name, imp) in IMPORTERS {
        if only.as_deref().is_some_and(|o| o != *name) {
            continue;
        }
        let seeds = seeds(*imp, &samples);
        let bytes: Vec<Vec<u8>> = seeds.iter().map(|(_, b)| b.clone()).collect();
        let mut rng = Rng(seed ^ (name.len() as u64 * 0x1000_0001));
        let db = work.path().join(format!("{name}.db"));
        let reset = |rt: &tokio::runtime::Runtime| -> (Ctx, String) {
            for s in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{s}", db.display()));
            }
            std::fs::copy(&tpl, &db).unwrap();
            rt.block_on(async {
                let store = Store::open(&db.display().to_string()).await.unwrap();
                let org = ops::setup::resolve_org(&store, None).await.unwrap();
                let ctx = Ctx { store, org, user: "张敏".into() };
                let dump = ctx.store.content_dump().await.unwrap();
                (ctx, dump)
            })
        };
        let (mut ctx, mut before) = reset(&rt);
        let (mut accepted, mut refused, mut panics, mut hangs, mut half) = (0u64, 0u64, 0u64, 0u64, 0u64);
        let started = Instant::now();
        for i in 0..cases {
            // A text seed four times out of five (spreadsheets go through the capped child
            // process, which is slower); one case in ten under another seed's file name.
            let k = loop {
                let k = rng.below(seeds.len());
                if seeds[k].0 != "xlsx" && seeds[k].0 != "xls" || rng.below(5) == 0 {
                    break k;
                }
            };
            let ext = if rng.below(10) == 0 { seeds[rng.below(seeds.len())].0 } else { seeds[k].0 };
            let input = mutate(&mut rng, &bytes, k);
            let path = work.path().join(format!("case.{ext}"));
            std::fs::write(&path, &input).unwrap();
            let marked = mark(&db);
            let t = Instant::now();
            let r = std::panic::catch_unwind(AssertUnwindSafe(|| rt.block_on(run(*imp, &ctx, &path))));
            let took = t.elapsed();
            let keep = |why: &str| {
                std::fs::create_dir_all(&save).unwrap();
                let f = save.join(format!("{name}-{why}-{seed}-{i}.{ext}"));
                std::fs::write(&f, &input).unwrap();
            };
            if took > Duration::from_secs(10) {
                hangs += 1;
                keep("slow");
            }
            match r {
                Err(_) => {
                    panics += 1;
                    keep("panic");
                    rt.block_on(ctx.store.close());
                    (ctx, before) = reset(&rt);
                }
                Ok(Err(_)) => {
                    refused += 1;
                    // A commit always touches the database's files (SQLite: the log); a rolled
                    // back transaction of this size never does. Only then is the whole dump
                    // compared.
                    let touched = mark(&db) != marked;
                    let after = if touched { rt.block_on(ctx.store.content_dump()).unwrap() } else { before.clone() };
                    if after != before {
                        half += 1;
                        keep("half-written");
                        rt.block_on(ctx.store.close());
                        (ctx, before) = reset(&rt);
                    }
                }
                Ok(Ok(())) => {
                    accepted += 1;
                    rt.block_on(ctx.store.close());
                    (ctx, before) = reset(&rt);
                }
            }
        }
        rt.block_on(ctx.store.close());
        println!(
            "{name:9} {cases} cases in {:.0} s: accepted {accepted}, refused {refused}, panics {panics}, over 10 s {hangs}, refusals that wrote {half}",
            started.elapsed().as_secs_f64()
        );
        failed |= panics + hangs + half > 0;
    }
    if failed {
        println!("failures saved under {}", save.display());
        std::process::exit(1);
    }
}

/// The amount and date parsers on mutated and random text: never a panic, never a value out of
/// its range.
fn parsers(cases: u64, seed: u64, failed: &mut bool) {
    let mut rng = Rng(seed);
    let seeds: Vec<Vec<u8>> =
        ["1,234.56", "¥1234.5", "(12.00)", "-12", "１２３．４", "2025-03-08", "2025年3月8日", "20250308", "2025/3/8"]
            .iter()
            .map(|s| s.as_bytes().to_vec())
            .collect();
    let (mut panics, mut out_of_range) = (0u64, 0u64);
    let started = Instant::now();
    for _ in 0..cases {
        let k = rng.below(seeds.len());
        let text = String::from_utf8_lossy(&mutate(&mut rng, &seeds, k)).to_string();
        let r = std::panic::catch_unwind(|| {
            let a = gonghui::money::parse_optional(&text);
            let d = gonghui::ledger::period::parse_date(&text);
            (a, d)
        });
        match r {
            Err(_) => panics += 1,
            Ok((a, d)) => {
                use chrono::Datelike;
                if a.is_ok_and(|a| a.is_some_and(|a| !a.within_limit()))
                    || d.is_some_and(|d| !gonghui::ledger::period::DATE_YEARS.contains(&d.year()))
                {
                    out_of_range += 1;
                }
            }
        }
    }
    println!(
        "parsers   {cases} cases in {:.0} s: panics {panics}, values out of range {out_of_range}",
        started.elapsed().as_secs_f64()
    );
    *failed |= panics + out_of_range > 0;
}
