//! Benchmark (release build): import a generated GBK 建设银行 corporate statement of N lines
//! (default 1,000,000) into SQLite, then import it again (every line a duplicate).
//! Targets (issue 3): 10 s, re-import 5 s, peak memory 300 MB — measure the memory with
//! `/usr/bin/time -v target/release/deps/bank-…`.
//!
//!     GONGHUI_BENCH_LINES=100000 cargo bench --bench bank

use gonghui::ops::{self, Ctx};
use gonghui::store::Store;
use std::fmt::Write;
use std::time::Instant;

fn main() {
    let n: usize = std::env::var("GONGHUI_BENCH_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n");
    let mut bal: i64 = 0;
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
        writeln!(
            text,
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
    }
    let path = dir.path().join("statement.csv");
    let size = {
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        std::fs::write(&path, &gbk).unwrap();
        gbk.len()
    };
    drop(text);
    println!("generated {n} lines, {:.0} MB GBK", size as f64 / 1e6);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let store = Store::open(&dir.path().join("b.db").display().to_string()).await.unwrap();
        let org = ops::setup::init(&store, "bench", "基准测试工会", "", Some(2025), "bench").await.unwrap();
        let ctx = Ctx { store, org, user: "出纳".into() };
        let rules = gonghui::import::classify::parse(gonghui::import::classify::DEFAULT, "default").unwrap();
        for round in ["import", "re-import"] {
            let t = Instant::now();
            let s = ops::bank::import(&ctx, &path, "auto", None, "102", false, &rules).await.unwrap();
            println!(
                "{round}: {:.2} s — read {}, imported {}, duplicate {}, pending {}",
                t.elapsed().as_secs_f64(),
                s.read,
                s.imported,
                s.duplicate,
                s.pending.len()
            );
        }
    });
}
