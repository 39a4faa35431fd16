//! Benchmark (release build): post 1,000,000 generated vouchers of 2–4 lines in batches, then
//! read the books: the year's trial balance and budget report, the ledger of 102 and June's
//! journal streamed as CSV, the ledger of every account, and `verify`.
//!
//!     cargo bench --bench ledger                      # 1,000,000 vouchers, SQLite
//!     GONGHUI_BENCH_VOUCHERS=100000 cargo bench --bench ledger
//!     GONGHUI_BENCH_PG=postgres://postgres@127.0.0.1:5432/test cargo bench --bench ledger
//!     GONGHUI_BENCH_KEEP=/tmp/1m.db …                 # keep the SQLite books
//!     GONGHUI_BENCH_DB=/tmp/1m.db …                   # only the reading half, on kept books
//!     GONGHUI_BENCH_ONLY=verify,June …                # of the reading half, only the steps
//!                                                     # whose label contains one of these
//!
//! Targets: issue 2, at least 50,000 vouchers per second posted in batch and the trial balance in
//! 100 ms; issue 16, at 1M the ledger of 102 in 3 s and 200 MB, a month's journal in 0.5 s,
//! verify in 5 s.

use gonghui::ledger::period::Span;
use gonghui::ledger::voucher::NewVoucher;
use gonghui::ops::{self, Ctx};
use gonghui::report::{self, Request};
use gonghui::store::{PostTarget, Store};
use std::time::Instant;

mod common;
use common::{voucher, DEBITS};

fn main() {
    let total: u64 = std::env::var("GONGHUI_BENCH_VOUCHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let batch: u64 = 20_000;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    if let Ok(db) = std::env::var("GONGHUI_BENCH_DB") {
        // The reading half only, on books kept by an earlier run (GONGHUI_BENCH_KEEP).
        return rt.block_on(async {
            let store = Store::open(&db).await.unwrap();
            let org = store.orgs().await.unwrap().into_iter().next().unwrap();
            read_books(&Ctx { store, org, user: "张敏".into() }).await
        });
    }
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        // SQLite in `dir`, or a schema of GONGHUI_BENCH_PG's server.
        println!("engine: {}", common::engine());
        let store = common::open_store(dir.path(), "bench").await;
        let org = ops::setup::init(&store, "bench", "基准测试工会", "", Some(2025), "bench").await.unwrap();
        let ctx = Ctx { store, org, user: "张敏".into() };
        ops::setup::add_activity(
            &ctx,
            gonghui::ledger::activity::Activity { code: "A01".into(), name: "活动".into(), account: None, project: false, earmarked: false },
        )
        .await
        .unwrap();
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut lines = 0usize;
        let started = Instant::now();
        let mut generating = std::time::Duration::ZERO;
        let mut i = 0;
        while i < total {
            let g = Instant::now();
            let n = batch.min(total - i);
            let vs: Vec<NewVoucher> = (i..i + n).map(|k| voucher(k, &mut seed)).collect();
            generating += g.elapsed();
            lines += vs.iter().map(|v| v.lines.len()).sum::<usize>();
            ops::vouchers::add_batch(&ctx, &vs, PostTarget::Posted { reviewer: "刘洋", waived: false, poster: "张敏" }).await.unwrap();
            i += n;
        }
        let elapsed = started.elapsed() - generating;
        let secs = elapsed.as_secs_f64();
        println!("posted {total} vouchers ({lines} lines) in batches of {batch}: {secs:.2} s => {:.0} vouchers/s (generation excluded: {:.2} s)", total as f64 / secs, generating.as_secs_f64());
        let req = Request { span: Span::year(2025), account: None, by: None, chair: None };
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let r = report::build(&ctx, "trial-balance", &req).await.unwrap();
            best = best.min(t.elapsed().as_secs_f64());
            assert!(r.notes[0].starts_with("试算平衡"));
        }
        println!("trial balance for the year over {total} vouchers: best of 5 {:.1} ms", best * 1000.0);
        // A budget on the same books: by account and by activity, year to date.
        let budget = dir.path().join("budget.csv");
        let mut csv = String::from("科目编码,活动编码,金额,说明\n");
        for a in DEBITS {
            csv.push_str(&format!("{a},,5000000,x\n{a},A01,2000000,y\n"));
        }
        std::fs::write(&budget, csv).unwrap();
        ops::budget::import(&ctx, &budget, None, 2025, None).await.unwrap();
        for by in ["account", "activity"] {
            let req = Request { span: Span::year(2025), account: None, by: Some(by.into()), chair: None };
            let mut best = f64::MAX;
            for _ in 0..5 {
                let t = Instant::now();
                report::build(&ctx, "budget", &req).await.unwrap();
                best = best.min(t.elapsed().as_secs_f64());
            }
            println!("budget report by {by} over {total} vouchers: best of 5 {:.1} ms", best * 1000.0);
        }
        read_books(&ctx).await;
        common::drop_pg_schemas().await;
        let size = std::fs::metadata(dir.path().join("bench.db")).map(|m| m.len()).unwrap_or(0);
        println!("database size: {:.0} MB", size as f64 / 1e6);
        if let Ok(keep) = std::env::var("GONGHUI_BENCH_KEEP") {
            // Kept for a closer look (sqlite3, a profiler, the command line, GONGHUI_BENCH_DB).
            ctx.store.close().await;
            std::fs::copy(dir.path().join("bench.db"), keep).unwrap();
        }
    });
}

/// Ledgers, journals and verify over the books.
async fn read_books(ctx: &Ctx) {
    let only = std::env::var("GONGHUI_BENCH_ONLY").unwrap_or_default();
    let wanted = |label: &str| only.split(',').any(|o| label.contains(o));
    // Ledgers and journals as CSV, streamed from the database (what `report … --format csv` does).
    let streamed = |name: &'static str, span: Span, account: Option<&str>| {
        let req = Request { span, account: account.map(str::to_string), by: None, chair: None };
        async move {
            let t = Instant::now();
            let mut sink = gonghui::render::csv::CsvSink::new(Counting(0)).unwrap();
            report::stream(ctx, name, &req, &mut sink).await.unwrap();
            let bytes = sink.finish().unwrap().0;
            (t.elapsed().as_secs_f64(), bytes)
        }
    };
    let june = Span::month(gonghui::ledger::period::Period::new(2025, 6));
    for (label, name, span, account) in [
        ("ledger of 102 for the year", "ledger", Span::year(2025), Some("102")),
        ("journal of June", "journal", june, None),
        ("ledger of every account for the year", "ledger", Span::year(2025), None),
    ] {
        if !wanted(label) {
            continue;
        }
        let (secs, bytes) = streamed(name, span, account).await;
        println!("{label}, CSV streamed: {:.0} ms, {:.1} MB", secs * 1000.0, bytes as f64 / 1e6);
    }
    if wanted("journal of June built in memory") {
        let t = Instant::now();
        let req = Request { span: june, account: None, by: None, chair: None };
        let r = report::build(ctx, "journal", &req).await.unwrap();
        let rows: usize = r.tables().map(|t| t.rows.len()).sum();
        println!("journal of June built in memory ({rows} rows): {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    }
    if !wanted("verify") {
        return;
    }
    let t = Instant::now();
    let v = ctx.books().verify().await.unwrap();
    assert!(v.ok(), "{:?}", v.problems);
    println!("verify over {} posted vouchers: {:.2} s", v.vouchers_checked, t.elapsed().as_secs_f64());
}

/// A writer that keeps only the count of bytes written to it.
struct Counting(usize);

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
