//! Benchmark (release build): import a generated GBK 建设银行 corporate statement of N lines
//! (default 1,000,000) into SQLite, then import it again (every line a duplicate).
//! Targets (issue 3): 10 s, re-import 5 s, peak memory 300 MB (the process's peak resident size
//! during each round, read from /proc/self/status).
//!
//!     GONGHUI_BENCH_LINES=100000 cargo bench --bench bank

use gonghui::ops::{self, Ctx};
use gonghui::store::Store;
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--round") {
        return round(&args[i + 1], &args[i + 2], &args[i + 3]);
    }
    let n: usize = std::env::var("GONGHUI_BENCH_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    if let Ok(keep) = std::env::var("GONGHUI_BENCH_KEEP") {
        // Keep the statement and database for a closer look (a profiler, `gonghui import bank`).
        let _ = std::fs::remove_dir_all(&keep);
        std::fs::create_dir_all(&keep).unwrap();
        return run(n, std::path::Path::new(&keep));
    }
    run(n, dir.path());
}

fn run(n: usize, dir: &std::path::Path) {
    let path = dir.join("statement.csv");
    // Written line by line: the generator must not weigh on the import's memory figure.
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut size = 0;
    let mut put = |line: &str| {
        let (gbk, _, _) = encoding_rs::GBK.encode(line);
        out.write_all(&gbk).unwrap();
        size += gbk.len();
    };
    put("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n");
    let mut bal: i64 = 0;
    let mut line = String::new();
    for i in 0..n {
        let day = 1 + (i * 365 / n.max(1)) as i64;
        let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(day - 1);
        let amount = 1_000 + (i as i64 * 7919) % 90_000;
        let inflow = i % 3 == 0;
        bal += if inflow { amount } else { -amount };
        let (dr, cr) = if inflow {
            ("0".to_string(), format!("{}.{:02}", amount / 100, amount % 100))
        } else {
            (format!("{}.{:02}", amount / 100, amount % 100), "0".to_string())
        };
        let sign = if bal < 0 { "-" } else { "" };
        line.clear();
        writeln!(
            line,
            "4400,某某学校工会,{} 10:00:00,{dr},{cr},{sign}{}.{:02},人民币元,供应商{},6222{:08},建行,{},货款,,SN{:09}",
            date.format("%Y%m%d"),
            bal.abs() / 100,
            bal.abs() % 100,
            i % 500,
            i % 500,
            date.format("%Y%m%d"),
            i
        )
        .unwrap();
        put(&line);
    }
    out.flush().unwrap();
    drop(out);
    println!("generated {n} lines, {:.0} MB GBK", size as f64 / 1e6);
    let db = dir.join("b.db").display().to_string();
    runtime().block_on(async {
        let store = Store::open(&db).await.unwrap();
        ops::setup::init(&store, "bench", "基准测试工会", "", Some(2025), "bench").await.unwrap();
    });
    // Each round in a process of its own, as a user runs `gonghui import bank`: its peak memory
    // is its own, not what an earlier round left in the allocator.
    for round in ["import", "re-import"] {
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--round", round, &db, &path.display().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "{round} failed");
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// One round: import the statement into the database, print time and peak memory.
fn round(name: &str, db: &str, path: &str) {
    runtime().block_on(async {
        let store = Store::open(db).await.unwrap();
        let org = store.orgs().await.unwrap().into_iter().next().unwrap();
        let ctx = Ctx { store, org, user: "出纳".into() };
        let rules = gonghui::import::classify::parse(gonghui::import::classify::DEFAULT, "default").unwrap();
        let t = Instant::now();
        let s = ops::bank::import(&ctx, std::path::Path::new(path), "auto", None, "102", false, &rules, None)
            .await
            .unwrap();
        println!(
            "{name}: {:.2} s, peak memory {} MB — read {}, imported {}, duplicate {}, pending {}",
            t.elapsed().as_secs_f64(),
            peak_mb(),
            s.read,
            s.imported,
            s.duplicate,
            s.pending
        );
    });
}

/// Peak resident memory of this process since the last reset (Linux), in MB.
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}
