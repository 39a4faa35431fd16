//! Benchmark (release build): the two-person workflow and budget control at posting.
//!
//! 1. N drafts are prepared (by 张敏), reviewed month by month (by 刘洋, `voucher review --month`)
//!    and posted month by month (`voucher post --month`): vouchers per second of each step.
//! 2. `voucher import --post` of the same N vouchers from a CSV (under the review waiver), on
//!    fresh books without and then with a budget imported first: the ratio of the two times.
//!
//! ```text
//! cargo bench --bench workflow                       # 100,000 vouchers
//! GONGHUI_BENCH_VOUCHERS=10000 cargo bench --bench workflow
//! GONGHUI_BENCH_PG=postgres://postgres@127.0.0.1:5432/test cargo bench --bench workflow
//! ```
//!
//! Targets (issue 16): review and post at 20,000 vouchers/s or more each, linear from 10k to
//! 100k; import with a budget within 1.2× of the time without one.

use gonghui::ledger::period::Period;
use gonghui::ledger::voucher::{NewVoucher, Status};
use gonghui::ops::{self, Ctx};
use gonghui::store::PostTarget;
use std::time::Instant;

mod common;
use common::{voucher, voucher_csv, DEBITS};

async fn fresh(dir: &std::path::Path, name: &str) -> Ctx {
    let store = common::open_store(dir, name).await;
    let org = ops::setup::init(&store, "bench", "基准测试工会", "", Some(2025), "bench").await.unwrap();
    let ctx = Ctx { store, org, user: "张敏".into() };
    ops::setup::add_activity(
        &ctx,
        gonghui::ledger::activity::Activity {
            code: "A01".into(),
            name: "活动".into(),
            account: None,
            project: false,
            earmarked: false,
        },
    )
    .await
    .unwrap();
    ctx
}

fn main() {
    let total: u64 = std::env::var("GONGHUI_BENCH_VOUCHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        println!("engine: {}", common::engine());
        // 1. Prepare, review and post by month.
        let mut ctx = fresh(dir.path(), "workflow").await;
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let t = Instant::now();
        let mut i = 0;
        while i < total {
            let n = 20_000.min(total - i);
            let vs: Vec<NewVoucher> = (i..i + n).map(|k| voucher(k, &mut seed)).collect();
            ops::vouchers::add_batch(&ctx, &vs, PostTarget::Draft).await.unwrap();
            i += n;
        }
        let prep = t.elapsed().as_secs_f64();
        println!("prepared {total} drafts: {prep:.2} s");
        ctx.user = "刘洋".into();
        let reviewer = &ctx;
        for (step, status) in [("reviewed", Status::Draft), ("posted", Status::Reviewed)] {
            let t = Instant::now();
            let mut done = 0;
            for m in 1..=12 {
                let nos = reviewer.books().numbers_with_status(status, Some(Period::new(2025, m))).await.unwrap();
                done += nos.len();
                if status == Status::Draft {
                    ops::vouchers::review(reviewer, &nos).await.unwrap();
                } else {
                    ops::vouchers::post(reviewer, &nos).await.unwrap();
                }
            }
            let s = t.elapsed().as_secs_f64();
            assert_eq!(done as u64, total);
            println!("{step} {done} vouchers month by month: {s:.2} s => {:.0} vouchers/s", done as f64 / s);
        }
        let r = ctx.books().verify().await.unwrap();
        assert!(r.ok(), "the books verify after posting");
        drop(ctx);

        // 2. import --post without and with a budget.
        let csv = dir.path().join("vouchers.csv");
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        std::fs::write(&csv, voucher_csv(total, &mut seed)).unwrap();
        let budget = dir.path().join("budget.csv");
        let mut b = String::from("科目编码,活动编码,金额,说明\n");
        // Sized to the generated spending (about 625 yuan per voucher and account, a third of it
        // on A01), as a union budgets its year: breaches come late in the year, not on every line.
        for a in DEBITS {
            b.push_str(&format!("{a},,{},基本\n{a},A01,{},活动\n", 400 * total, 200 * total));
        }
        std::fs::write(&budget, b).unwrap();
        let mut times = Vec::new();
        for with_budget in [false, true] {
            let ctx = fresh(dir.path(), if with_budget { "with-budget" } else { "without" }).await;
            // The waiver needs two people: asked for by one, confirmed by another.
            ops::setup::set_setting(&ctx, "review_waiver", "on", "基准测试：一人工会").await.unwrap();
            let chair = Ctx { store: ctx.store.handle(), org: ctx.org.clone(), user: "王主席".into() };
            ops::setup::set_setting(&chair, "review_waiver", "on", "基准测试：一人工会").await.unwrap();
            if with_budget {
                ops::budget::import(&ctx, &budget, None, 2025, None).await.unwrap();
            }
            let t = Instant::now();
            let r = ops::vouchers::import(&ctx, &csv, None, true, None).await.unwrap();
            let s = t.elapsed().as_secs_f64();
            let warned = r.warnings.len();
            println!(
                "import --post {} vouchers {}: {s:.2} s => {:.0} vouchers/s ({warned} warnings)",
                r.imported,
                if with_budget { "with a budget" } else { "without a budget" },
                r.imported as f64 / s
            );
            times.push(s);
        }
        common::drop_pg_schemas().await;
        println!("budget control costs {:.2}× the time without a budget (target ≤ 1.2×)", times[1] / times[0]);
    });
}
